/*
 * inspect-unit.c - one unit of `verio inspect`, judged and shown: its
 * header decoded, every sector's stamp and verdict, the unit verdict
 * (the classes of docs/format.md) and a side-by-side hexdump of the
 * 16-byte rows where the expected and the received bytes differ.
 */
#include "compat.h"

#include "cmd/inspect.h"
#include "csum.h"
#include "verify/incident.h"
#include "verify/vinspect.h"

int insp_scratch_init(struct insp_scratch *s)
{
	s->sec = calloc(VUNIT_MAX_SECTORS, sizeof(*s->sec));
	s->sector = malloc(4096);
	return s->sec && s->sector ? 0 : -ENOMEM;
}

void insp_scratch_release(struct insp_scratch *s)
{
	free(s->sec);
	free(s->sector);
	s->sec = NULL;
	s->sector = NULL;
}

const char *insp_name(const struct insp *ix, const char *path)
{
	size_t n = strlen(ix->strip);

	return path && n && !strncmp(path, ix->strip, n) ? path + n : path;
}

void insp_time(char *buf, size_t cap, uint64_t ns)
{
	if (!ns)
		snprintf(buf, cap, "unknown");
	else
		vinsp_time(buf, cap, ns);
}

void insp_json_hex(struct json_writer *w, const char *key, uint64_t v)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016" PRIx64, v);
	json_str(w, key, buf);
}

const char *insp_algo_name(unsigned id)
{
	const struct csum_def *d = csum_by_id(id);

	return d ? d->name : id ? "unknown" : "none";
}

/*
 * The expected unit, when no .expected file gave it: the write the
 * expectation names (its seed, generation, run and writer), with the
 * write time and writer of the header read when that header is this
 * write's, as a job's dump does.  Without a data seed (no header, no
 * state, nothing recovered) or a generation, nothing can be regenerated.
 */
static void regenerate(struct insp_unit *u, struct csum_ctx *cc)
{
	const struct vdiag *d = &u->d;
	const struct vhdr *h = &d->hdr;
	struct vunit_id id = { .offset = u->offset, .gen = d->exp_gen };
	bool seed = u->e.seed_known;

	id.seed = u->e.seed;
	id.run_id = u->e.run_known ? u->e.run_id : 0;
	if (u->e.writer_known) {
		id.job = u->e.job;
		id.clone = u->e.clone;
	} else if (u->writer_hint) {
		id.job = u->hint_job;
		id.clone = u->hint_clone;
	}
	if (d->hdr_decoded && (h->offset == u->offset || !seed)) {
		if (!seed || (d->cls == VCLASS_OTHER_RUN || d->cls == VCLASS_OTHER_WRITER))
			id.seed = h->seed;
		seed = true;
		if (h->offset == u->offset && (!u->e.run_known || h->run_id == u->e.run_id)) {
			id.run_id = h->run_id;
			id.time_ns = h->time_ns;
			id.job = h->job;
			id.clone = h->clone;
		}
	}
	u->exp_ok = seed && id.gen;
	if (u->exp_ok)
		vunit_expected(u->exp, &u->geom, &id, cc);
}

int insp_judge(struct insp *ix, struct insp_unit *u)
{
	struct csum_ctx c = { 0 }, *cc = NULL;
	int r;

	if (u->geom.csum) {
		r = csum_ctx_init(&c, u->geom.csum);
		if (r) {
			fprintf(stderr, "verio: inspect: checksum '%s' of '%s' is not in this "
				"build: %s\n", u->geom.csum->name, u->file, strerror(-r));
			return r;
		}
		cc = &c;
	}
	u->e.offset = u->offset;
	memset(&u->d, 0, sizeof(u->d));
	u->d.sec = ix->scr.sec;
	u->d.sec_cap = VUNIT_MAX_SECTORS;
	ix->units++;
	if (u->unwritten) {
		u->d.cls = VCLASS_UNWRITTEN;
		u->d.first_bad = VDIAG_NONE;
		u->d.nsec = 0;
		ix->unwritten++;
		csum_ctx_release(&c);
		return 0;
	}
	u->check = vunit_check(u->rcv, &u->geom, &u->e, cc, NULL);
	vunit_diagnose(u->rcv, &u->geom, &u->e, cc, ix->scr.sector, &u->d);
	if (!u->check)
		u->d.cls = VCLASS_OK;
	else if (u->d.cls == VCLASS_OK)
		u->d.cls = VCLASS_HEADER;
	if (u->d.cls != VCLASS_OK)
		ix->bad++;
	if (u->exp_given)
		u->exp_ok = true;
	else
		regenerate(u, cc);
	csum_ctx_release(&c);
	return 0;
}

/* ---- text ------------------------------------------------------------- */

static const char *check_text(int check)
{
	switch (check) {
	case 0: return "as expected";
	case -EBADMSG: return "no verio header (bad magic)";
	case -EPROTO: return "a header version, flag or length this reader does not know";
	case -EILSEQ: return "header crc mismatch: the header is damaged";
	case -EMSGSIZE: return "another unit length, sector size or header length";
	case -EXDEV: return "the header names another offset";
	case -ENOMSG: return "another checksum algorithm";
	case -ENOKEY: return "another data seed";
	case -ESRCH: return "another run";
	case -ESTALE: return "another generation";
	case -EBADE: return "the digest does not match the data";
	case -EINVAL: return "too short for a header";
	default: return "unknown";
	}
}

static void unit_details(const struct insp_unit *u)
{
	const struct vdiag *d = &u->d;
	char when[64];

	switch (d->cls) {
	case VCLASS_MISDIRECTED:
		printf(" (data of offset %" PRIu64 " generation %" PRIu64 ")", d->found_offset,
		       d->found_gen);
		break;
	case VCLASS_STALE:
		printf(" (generation %" PRIu64 ", expected %" PRIu64 ": a lost write)",
		       d->found_gen, d->exp_gen);
		break;
	case VCLASS_NEWER:
		printf(" (generation %" PRIu64 ", recorded %" PRIu64 ": the data is newer than "
		       "the generation map; a lost state update, not lost data)", d->found_gen,
		       d->exp_gen);
		break;
	case VCLASS_TORN:
		printf(" (from sector %u at offset %" PRIu64 " generation %" PRIu64
		       ", before it %" PRIu64 ")", d->torn_sector, d->torn_offset, d->found_gen,
		       d->torn_gen_before);
		break;
	case VCLASS_BITFLIP:
		printf(" (%" PRIu64 " bits in %" PRIu64 " bytes", d->bad_bits, d->bad_bytes);
		if (d->first_bad_bit != VDIAG_NOBIT)
			printf(", first at bit %" PRIu64 " of the unit", d->first_bad_bit);
		printf(")");
		break;
	case VCLASS_OTHER_RUN:
		insp_time(when, sizeof(when), d->hdr.time_ns);
		printf(" (written by run 0x%016" PRIx64 " at %s, job %u clone %u", d->hdr.run_id,
		       when, d->hdr.job, d->hdr.clone);
		if (u->e.run_known)
			printf("; expected run 0x%016" PRIx64, u->e.run_id);
		printf(")");
		break;
	case VCLASS_OTHER_WRITER:
		printf(" (the block of job %u clone %u, data seed 0x%016" PRIx64, d->hdr.job,
		       d->hdr.clone, d->hdr.seed);
		if (u->e.writer_known)
			printf("; expected job %u clone %u", u->e.job, u->e.clone);
		printf(")");
		break;
	case VCLASS_HEADER:
		printf(" (every sector as written; the header or digest is not: %s)",
		       check_text(u->check));
		break;
	case VCLASS_UNWRITTEN:
		printf(" (the state records no write of this unit: not judged)");
		break;
	default:
		break;
	}
}

static void header_text(const struct insp_unit *u)
{
	const uint8_t *p = u->rcv + u->geom.hdr_off;
	size_t avail = u->geom.unit_len - u->geom.hdr_off;
	char when[64];
	struct vhdr h;
	bool crc_ok;

	if (vinsp_hdr_raw(p, avail, &h, &crc_ok)) {
		printf("  header: none (no verio magic at byte %u)\n", u->geom.hdr_off);
		return;
	}
	insp_time(when, sizeof(when), h.time_ns);
	printf("  header%s: offset %" PRIu64 ", generation %" PRIu64 ", run 0x%016" PRIx64
	       ", job %u, clone %u, written %s (%" PRIu64 " ns), %s, unit %u bytes, sector %u, "
	       "data seed 0x%016" PRIx64 "\n",
	       u->d.hdr_decoded ? "" : crc_ok ? " (not decodable: fields as found)"
					       : " (damaged, crc mismatch: fields as found)",
	       h.offset, h.gen, h.run_id, h.job, h.clone, when, h.time_ns,
	       insp_algo_name(h.algo), h.unit_len,
	       h.sector_shift < 32 ? 1u << h.sector_shift : 0, h.seed);
}

static void expected_text(const struct insp *ix, const struct insp_unit *u)
{
	printf("  expected: ");
	if (u->d.exp_gen)
		printf("generation %" PRIu64 " of offset %" PRIu64, u->d.exp_gen, u->offset);
	else
		printf("generation unknown, offset %" PRIu64, u->offset);
	if (u->e.run_known)
		printf(", run 0x%016" PRIx64, u->e.run_id);
	if (u->e.seed_known)
		printf(", data seed 0x%016" PRIx64, u->e.seed);
	if (u->e.writer_known)
		printf(", job %u clone %u", u->e.job, u->e.clone);
	printf(" (%s)\n", u->source ? u->source : "the header");
	if (u->exp_given)
		printf("  expected bytes: from '%s'\n", insp_name(ix, u->exp_path));
	else if (u->exp_ok)
		printf("  expected bytes: regenerated, of the write expected above (no expected "
		       "file given)\n");
	else
		printf("  expected bytes: cannot be regenerated (no data seed or generation "
		       "known)\n");
}

/* What sector s holds, in words: "generation 5 of offset 4096". */
static void holds_text(const struct insp_unit *u, uint32_t s, char *buf, size_t cap)
{
	const struct vsector *sec = &u->d.sec[s];
	struct vinsp_stamp st;

	if (sec->cls == VCLASS_ZEROED) {
		snprintf(buf, cap, "zeroes");
		return;
	}
	if (sec->stamp_ok) {
		snprintf(buf, cap, "generation %u of offset %" PRIu64, sec->found_gen,
			 sec->found_offset);
		return;
	}
	if (u->d.coarse) {
		snprintf(buf, cap, "no valid header");
		return;
	}
	vinsp_stamp_read(u->rcv, u->geom.sector_size, s, &st);
	snprintf(buf, cap, "no valid stamp (its stamp bytes name offset %" PRIu64
		 " generation %u)", st.offset, st.gen);
}

static void sector_line(const struct insp_unit *u, uint32_t s, uint32_t stride)
{
	const struct vsector *sec = &u->d.sec[s];
	uint64_t off = u->offset + (uint64_t)s * stride;
	char holds[160];

	holds_text(u, s, holds, sizeof(holds));
	printf("    %s %u (offset %" PRIu64 "): %s", u->d.coarse ? "piece" : "sector", s, off,
	       vclass_name(sec->cls));
	if (u->d.exp_gen)
		printf("; should hold generation %" PRIu64 " of offset %" PRIu64 "; holds %s",
		       u->d.exp_gen, off, holds);
	else
		printf("; holds %s", holds);
	if (sec->cls == VCLASS_TORN)
		printf("; torn at byte %u (offset %" PRIu64 "): generation %u before, %u from there",
		       sec->torn_byte, off + sec->torn_byte, sec->torn_gen, sec->found_gen);
	if (sec->bad_bits)
		printf("; %u bits differ in %u bytes (first at bit %u)", sec->bad_bits,
		       sec->bad_bytes, sec->nbitpos ? sec->bitpos[0] : 0);
	printf("\n");
}

/*
 * Whether sector b continues the run of sector a on one line: the same
 * class, and the same story (the same generation of their own offsets,
 * or of offsets the same distance away; or both zeroed).
 */
static bool same_story(const struct vsector *a, const struct vsector *b, uint64_t ao,
		       uint64_t bo)
{
	if (a->cls == VCLASS_ZEROED)
		return b->cls == VCLASS_ZEROED;
	if (a->cls != b->cls || a->bad_bits || b->bad_bits || a->cls == VCLASS_TORN)
		return false;
	return a->stamp_ok && b->stamp_ok && a->found_gen == b->found_gen &&
	       a->found_offset - ao == b->found_offset - bo;
}

/* A run of sectors s..e-1 that tell one story, on one line. */
static void run_line(const struct insp_unit *u, uint32_t s, uint32_t e, uint32_t stride)
{
	const struct vsector *a = &u->d.sec[s];
	uint64_t o = u->offset + (uint64_t)s * stride;
	const char *what = u->d.coarse ? "piece" : "sector";

	printf("    %ss %u-%u (offsets %" PRIu64 "-%" PRIu64 "): %s", what, s, e - 1, o,
	       u->offset + (uint64_t)e * stride - 1, vclass_name(a->cls));
	if (a->cls == VCLASS_OK) {
		printf(", generation %u\n", a->found_gen);
		return;
	}
	if (u->d.exp_gen)
		printf("; should hold generation %" PRIu64 " of their offsets", u->d.exp_gen);
	if (a->cls == VCLASS_ZEROED) {
		uint64_t bits = 0;

		for (uint32_t i = s; i < e; i++)
			bits += u->d.sec[i].bad_bits;
		if (bits)
			printf("; hold zeroes (%" PRIu64 " bits differ)\n", bits);
		else
			printf("; hold zeroes\n");
	}
	else if (a->found_offset == o)
		printf("; hold generation %u of their offsets\n", a->found_gen);
	else
		printf("; hold generation %u of offsets %" PRIu64 "-%" PRIu64 "\n", a->found_gen,
		       a->found_offset, a->found_offset + (uint64_t)(e - s) * stride - 1);
}

/* Every sector; runs that tell one story on one line. */
static void sectors_text(const struct insp_unit *u)
{
	uint32_t stride = vunit_diag_stride(&u->geom), n = MIN_OF(u->d.nsec, u->d.sec_cap);

	for (uint32_t s = 0; s < n;) {
		uint32_t e = s + 1;

		while (e < n && same_story(&u->d.sec[s], &u->d.sec[e],
					   u->offset + (uint64_t)s * stride,
					   u->offset + (uint64_t)e * stride))
			e++;
		if (e - s == 1 && u->d.sec[s].cls != VCLASS_OK)
			sector_line(u, s, stride);
		else if (e - s == 1)
			printf("    %s %u (offset %" PRIu64 "): ok, generation %u\n",
			       u->d.coarse ? "piece" : "sector", s,
			       u->offset + (uint64_t)s * stride, u->d.sec[s].found_gen);
		else
			run_line(u, s, e, stride);
		s = e;
	}
}

static void rows_text(const struct insp *ix, const struct insp_unit *u)
{
	uint32_t U = u->geom.unit_len;
	uint64_t total = vinsp_count_rows(u->exp, u->rcv, U), shown = 0;
	char label[32], line[512];

	if (!total) {
		printf("  no byte differs from the expected unit\n");
		return;
	}
	printf("  differing rows (%" PRIu64 " of %u): offset, expected | received, ^^ marks "
	       "the bytes that differ\n", total, (U + VINSP_ROW - 1) / VINSP_ROW);
	for (uint32_t off = 0; off < U && shown < ix->rows; off += VINSP_ROW) {
		size_t n = MIN_OF((size_t)VINSP_ROW, (size_t)(U - off));

		if (!memcmp(u->exp + off, u->rcv + off, n))
			continue;
		snprintf(label, sizeof(label), "    %10" PRIu64, u->offset + off);
		vinsp_row_text(line, sizeof(line), label, u->exp + off, u->rcv + off, n);
		printf("%s\n", line);
		shown++;
	}
	if (shown < total)
		printf("    ... %" PRIu64 " more differing rows (--rows N or --all shows them)\n",
		       total - shown);
}

static void show_text(struct insp *ix, const struct insp_unit *u)
{
	printf("unit at offset %" PRIu64 " (%u bytes) of '%s': %s", u->offset,
	       u->geom.unit_len, u->file, vclass_name(u->d.cls));
	unit_details(u);
	printf("\n");
	if (u->recorded) {
		printf("  recorded: %s (the run's verdict in the dump's .json)",
		       vclass_name(u->recorded->cls));
		if (u->reread)
			printf("; reread: %s", u->reread);
		printf("\n");
	} else if (u->reread) {
		printf("  reread: %s\n", u->reread);
	}
	if (u->unwritten)
		return;
	header_text(u);
	expected_text(ix, u);
	if (u->d.coarse)
		printf("  diagnosis is coarser: one header per piece, no sector stamps\n");
	if (u->d.note)
		printf("  %s\n", u->d.note);
	sectors_text(u);
	if (u->exp_ok)
		rows_text(ix, u);
	insp_history_unit(ix, u);
}

/* ---- JSON ------------------------------------------------------------- */

static void header_json(struct json_writer *w, const struct insp_unit *u)
{
	const uint8_t *p = u->rcv + u->geom.hdr_off;
	char when[64];
	struct vhdr h;
	bool crc_ok;

	if (vinsp_hdr_raw(p, u->geom.unit_len - u->geom.hdr_off, &h, &crc_ok)) {
		json_null(w, "header");
		return;
	}
	json_obj_begin(w, "header");
	json_u64(w, "at", u->geom.hdr_off);
	json_bool(w, "valid", u->d.hdr_decoded);
	json_bool(w, "crc_ok", crc_ok);
	json_u64(w, "offset", h.offset);
	json_u64(w, "generation", h.gen);
	insp_json_hex(w, "run_id", h.run_id);
	json_u64(w, "job", h.job);
	json_u64(w, "clone", h.clone);
	insp_time(when, sizeof(when), h.time_ns);
	json_str(w, "write_time", when);
	json_u64(w, "write_time_ns", h.time_ns);
	json_str(w, "algorithm", insp_algo_name(h.algo));
	json_u64(w, "unit_len", h.unit_len);
	json_u64(w, "sector_size", h.sector_shift < 32 ? 1u << h.sector_shift : 0);
	insp_json_hex(w, "data_seed", h.seed);
	json_obj_end(w);
}

static void expected_json(const struct insp *ix, struct json_writer *w,
			  const struct insp_unit *u)
{
	json_obj_begin(w, "expected");
	json_u64(w, "offset", u->offset);
	json_u64(w, "generation", u->d.exp_gen);
	if (u->e.run_known)
		insp_json_hex(w, "run_id", u->e.run_id);
	if (u->e.seed_known)
		insp_json_hex(w, "data_seed", u->e.seed);
	if (u->e.writer_known) {
		json_u64(w, "job", u->e.job);
		json_u64(w, "clone", u->e.clone);
	}
	json_str(w, "source", u->source ? u->source : "the header");
	json_str(w, "bytes", u->exp_given ? "file" : u->exp_ok ? "regenerated" : "unknown");
	if (u->exp_given)
		json_str(w, "file", insp_name(ix, u->exp_path));
	json_obj_end(w);
}

static void sector_json(struct json_writer *w, const struct insp_unit *u, uint32_t s)
{
	const struct vsector *sec = &u->d.sec[s];
	uint32_t stride = vunit_diag_stride(&u->geom);
	struct vinsp_stamp st;

	json_obj_begin(w, NULL);
	json_u64(w, "index", s);
	json_u64(w, "offset", u->offset + (uint64_t)s * stride);
	json_str(w, "class", verify_class_key(sec->cls));
	json_bool(w, "stamp_valid", sec->stamp_ok);
	if (sec->stamp_ok) {
		json_u64(w, "stamp_offset", sec->found_offset);
		json_u64(w, "stamp_generation", sec->found_gen);
	} else if (!u->d.coarse) {
		vinsp_stamp_read(u->rcv, u->geom.sector_size, s, &st);
		json_u64(w, "stamp_offset", st.offset);
		json_u64(w, "stamp_generation", st.gen);
	}
	json_u64(w, "bad_bytes", sec->bad_bytes);
	json_u64(w, "bad_bits", sec->bad_bits);
	if (sec->bad_bits && sec->nbitpos)
		json_u64(w, "first_bad_bit", sec->bitpos[0]);
	if (sec->cls == VCLASS_TORN) {
		json_u64(w, "torn_byte", sec->torn_byte);
		json_u64(w, "torn_generation", sec->torn_gen);
	}
	json_obj_end(w);
}

static void hexstr(char *dst, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		snprintf(dst + 2 * i, 3, "%02x", p[i]);
	dst[2 * n] = '\0';
}

static void rows_json(const struct insp *ix, struct json_writer *w, const struct insp_unit *u)
{
	uint32_t U = u->geom.unit_len;
	uint64_t total = vinsp_count_rows(u->exp, u->rcv, U), shown = 0;
	char a[2 * VINSP_ROW + 1], b[2 * VINSP_ROW + 1];

	json_u64(w, "differing_rows", total);
	json_arr_begin(w, "rows");
	for (uint32_t off = 0; off < U && shown < ix->rows; off += VINSP_ROW) {
		size_t n = MIN_OF((size_t)VINSP_ROW, (size_t)(U - off));

		if (!memcmp(u->exp + off, u->rcv + off, n))
			continue;
		json_obj_begin(w, NULL);
		json_u64(w, "offset", u->offset + off);
		hexstr(a, u->exp + off, n);
		hexstr(b, u->rcv + off, n);
		json_str(w, "expected", a);
		json_str(w, "received", b);
		json_u64(w, "mask", vinsp_row_diff(u->exp, u->rcv, off, n));
		json_obj_end(w);
		shown++;
	}
	json_arr_end(w);
	json_u64(w, "rows_omitted", total - shown);
}

static void show_json(struct insp *ix, struct json_writer *w, const struct insp_unit *u)
{
	const struct vdiag *d = &u->d;

	json_obj_begin(w, NULL);
	json_str(w, "file", u->file);
	if (u->dump)
		json_str(w, "dump", insp_name(ix, u->dump));
	json_u64(w, "offset", u->offset);
	json_u64(w, "length", u->geom.unit_len);
	json_u64(w, "sector_size", u->geom.sector_size);
	json_str(w, "algorithm", u->geom.csum ? u->geom.csum->name : "none");
	json_str(w, "class", verify_class_key(d->cls));
	json_bool(w, "consistent", d->cls == VCLASS_OK || d->cls == VCLASS_UNWRITTEN);
	if (u->recorded)
		json_str(w, "recorded_class", verify_class_key(u->recorded->cls));
	if (u->reread)
		json_str(w, "reread", u->reread);
	if (u->unwritten) {
		json_obj_end(w);
		return;
	}
	json_str(w, "check", check_text(u->check));
	json_u64(w, "expected_generation", d->exp_gen);
	if (d->found_known) {
		json_u64(w, "found_offset", d->found_offset);
		json_u64(w, "found_generation", d->found_gen);
	}
	json_u64(w, "bad_bytes", d->bad_bytes);
	json_u64(w, "bad_bits", d->bad_bits);
	if (d->first_bad_bit != VDIAG_NOBIT)
		json_u64(w, "first_bad_bit", d->first_bad_bit);
	if (d->first_bad != VDIAG_NONE) {
		json_u64(w, "first_bad_sector", d->first_bad);
		json_u64(w, "first_bad_sector_offset",
			 u->offset + (uint64_t)d->first_bad * vunit_diag_stride(&u->geom));
	}
	if (d->cls == VCLASS_TORN) {
		json_u64(w, "torn_sector", d->torn_sector);
		json_u64(w, "torn_offset", d->torn_offset);
		json_u64(w, "torn_generation_before", d->torn_gen_before);
	}
	json_bool(w, "coarse", d->coarse);
	header_json(w, u);
	expected_json(ix, w, u);
	json_arr_begin(w, "sectors");
	for (uint32_t s = 0; s < d->nsec && s < d->sec_cap; s++)
		sector_json(w, u, s);
	json_arr_end(w);
	if (u->exp_ok)
		rows_json(ix, w, u);
	insp_history_unit(ix, u);
	json_obj_end(w);
}

void insp_show(struct insp *ix, const struct insp_unit *u)
{
	if (ix->json)
		show_json(ix, &ix->jw, u);
	else
		show_text(ix, u);
}
