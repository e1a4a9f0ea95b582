/*
 * incident.c - failing units as data: keeping, merging, printing,
 * dumping and reading back (see incident.h).
 */
#include "compat.h"

#include <ctype.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>

#include "json.h"
#include "verify/incident.h"

static const char *const class_keys[VCLASS_NR] = {
	[VCLASS_OK] = "ok", [VCLASS_BITFLIP] = "bit_flips",
	[VCLASS_ZEROED] = "zeroed", [VCLASS_STALE] = "stale",
	[VCLASS_MISDIRECTED] = "misdirected", [VCLASS_TORN] = "torn",
	[VCLASS_FOREIGN] = "foreign", [VCLASS_UNWRITTEN] = "unwritten",
	[VCLASS_HEADER] = "header", [VCLASS_NEWER] = "newer",
	[VCLASS_OTHER_RUN] = "other_run", [VCLASS_OTHER_WRITER] = "other_writer",
	[VCLASS_TRIM_NOT_ZERO] = "trim_not_zero",
};

const char *verify_class_key(unsigned c)
{
	return c < VCLASS_NR ? class_keys[c] : "unknown";
}

int verify_class_of_key(const char *key)
{
	for (int c = 0; c < VCLASS_NR; c++)
		if (!strcmp(key, class_keys[c]))
			return c;
	return -EINVAL;
}

static int incident_cmp(const void *a, const void *b)
{
	const struct verify_incident *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

struct verify_incident *verify_stats_keep(struct verify_stats *st,
					  const struct verify_incident *inc)
{
	unsigned worst = 0;

	if (st->nr_inc < VERIFY_INCIDENTS_MAX) {
		st->inc[st->nr_inc] = *inc;
		return &st->inc[st->nr_inc++];
	}
	for (unsigned i = 1; i < st->nr_inc; i++)
		if (incident_cmp(&st->inc[i], &st->inc[worst]) > 0)
			worst = i;
	if (incident_cmp(inc, &st->inc[worst]) >= 0)
		return NULL;
	st->inc[worst] = *inc;
	return &st->inc[worst];
}

void verify_stats_merge(struct verify_stats *dst, const struct verify_stats *src)
{
	dst->units += src->units;
	dst->bytes += src->bytes;
	dst->unwritten += src->unwritten;
	dst->unjudged += src->unjudged;
	dst->trimmed += src->trimmed;
	dst->failures += src->failures;
	dst->printed += src->printed;
	for (int c = 0; c < VCLASS_NR; c++)
		dst->by_class[c] += src->by_class[c];
	dst->journal_replays += src->journal_replays;
	dst->journal_records += src->journal_records;
	dst->journal_inflight += src->journal_inflight;
	dst->inflight_old += src->inflight_old;
	dst->inflight_new += src->inflight_new;
	dst->inflight_torn += src->inflight_torn;
	dst->ovl_current += src->ovl_current;
	dst->ovl_older += src->ovl_older;
	dst->ovl_newer += src->ovl_newer;
	dst->ovl_before += src->ovl_before;
	dst->ovl_mixed += src->ovl_mixed;
	dst->ovl_mixed_illegal += src->ovl_mixed_illegal;
	for (int r = 0; r < VREREAD_NR; r++)
		dst->rereads[r] += src->rereads[r];
	for (unsigned i = 0; i < src->nr_inc; i++)
		verify_stats_keep(dst, &src->inc[i]);
	qsort(dst->inc, dst->nr_inc, sizeof(dst->inc[0]), incident_cmp);
}

void incident_fill(struct verify_incident *inc, const struct vdiag *d,
		   uint32_t sector_size)
{
	inc->cls = (uint8_t)d->cls;
	inc->exp_gen = d->exp_gen;
	inc->found_known = d->found_known;
	inc->found_gen = d->found_known ? d->found_gen : 0;
	inc->found_offset = d->found_known ? d->found_offset : 0;
	inc->bad_bytes = d->bad_bytes;
	inc->bad_bits = d->bad_bits;
	inc->first_bad_bit = d->first_bad_bit;
	inc->first_bad_sector = d->first_bad;
	inc->first_bad_offset = d->first_bad == VDIAG_NONE ? 0
				: inc->offset + (uint64_t)d->first_bad * sector_size;
	inc->torn_sector = d->cls == VCLASS_TORN ? d->torn_sector : VDIAG_NONE;
	inc->torn_offset = d->cls == VCLASS_TORN ? d->torn_offset : 0;
	inc->torn_gen_before = d->cls == VCLASS_TORN ? d->torn_gen_before : 0;
	inc->coarse = d->coarse;
	snprintf(inc->note, sizeof(inc->note), "%s", d->note ? d->note : "");
	inc->writer_known = d->hdr_decoded;
	if (d->hdr_decoded) {
		inc->writer_run = d->hdr.run_id;
		inc->writer_time_ns = d->hdr.time_ns;
		inc->writer_job = d->hdr.job;
		inc->writer_clone = d->hdr.clone;
	}
}

/* A write time as UTC, "2026-11-30T20:59:26.123Z". */
static void fmt_time(char *buf, size_t cap, uint64_t ns)
{
	time_t t = (time_t)(ns / 1000000000u);
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(buf, cap, "%Y-%m-%dT%H:%M:%S", &tm)) {
		snprintf(buf, cap, "%" PRIu64 " ns", ns);
		return;
	}
	snprintf(buf + strlen(buf), cap - strlen(buf), ".%03uZ",
		 (unsigned)(ns / 1000000u % 1000u));
}

/* "; written by run R at T": a stale or newer block of another run. */
static void print_other_run(FILE *out, const struct verify_incident *inc, const char *when)
{
	if (inc->writer_known && inc->exp_writer_known && inc->writer_run != inc->exp_run)
		fprintf(out, "; written by run %016" PRIx64 " at %s", inc->writer_run, when);
}

/* The class details of the first line: "(data of offset N)", ... */
static void print_details(FILE *out, const struct verify_incident *inc)
{
	char when[64];

	if (inc->writer_known)
		fmt_time(when, sizeof(when), inc->writer_time_ns);
	switch (inc->cls) {
	case VCLASS_MISDIRECTED:
		fprintf(out, " (data of offset %" PRIu64 " generation %" PRIu64 ")",
			inc->found_offset, inc->found_gen);
		break;
	case VCLASS_STALE:
		fprintf(out, " (generation %" PRIu64 ", expected %" PRIu64 ": a lost write",
			inc->found_gen, inc->exp_gen);
		print_other_run(out, inc, when);
		fputc(')', out);
		break;
	case VCLASS_NEWER:
		if (inc->legal[0])	/* verify_overlap: no map, a register */
			fprintf(out, " (generation %" PRIu64 ", newer than every write issued "
				"before the read completed", inc->found_gen);
		else
			fprintf(out, " (generation %" PRIu64 ", recorded %" PRIu64
				": the data is newer than the generation map; a lost state "
				"update, not lost data", inc->found_gen, inc->exp_gen);
		print_other_run(out, inc, when);
		fputc(')', out);
		break;
	case VCLASS_TORN:
		fprintf(out, " (from sector %u at offset %" PRIu64 " generation %" PRIu64
			", before it %" PRIu64 ")", inc->torn_sector, inc->torn_offset,
			inc->found_gen, inc->torn_gen_before);
		break;
	case VCLASS_BITFLIP:
		fprintf(out, " (%" PRIu64 " bits in %" PRIu64 " bytes", inc->bad_bits,
			inc->bad_bytes);
		if (inc->first_bad_bit != VDIAG_NOBIT)
			fprintf(out, ", first at bit %" PRIu64 " of the unit", inc->first_bad_bit);
		fputc(')', out);
		break;
	case VCLASS_OTHER_RUN:
		if (!inc->writer_known)
			break;
		fprintf(out, " (written by run %016" PRIx64 " at %s (job %u clone %u)",
			inc->writer_run, when, inc->writer_job, inc->writer_clone);
		if (inc->exp_writer_known)
			fprintf(out, "; this data is of run %016" PRIx64, inc->exp_run);
		fputc(')', out);
		break;
	case VCLASS_OTHER_WRITER:
		if (!inc->writer_known)
			break;
		fprintf(out, " (the block belongs to job %u clone %u's write at %s",
			inc->writer_job, inc->writer_clone, when);
		if (inc->exp_writer_known)
			fprintf(out, "; this job is %u clone %u", inc->exp_job, inc->exp_clone);
		fputc(')', out);
		break;
	case VCLASS_TRIM_NOT_ZERO:
		fprintf(out, " (trimmed: zeroes expected; %" PRIu64 " bytes are not zero",
			inc->bad_bytes);
		if (inc->first_bad_sector != VDIAG_NONE)
			fprintf(out, ", the first in the sector at offset %" PRIu64,
				inc->first_bad_offset);
		fputc(')', out);
		break;
	default:
		break;
	}
}

/* One line per bad sector, at most 8, then how many more. */
static void print_sectors(FILE *out, const struct verify_incident *inc,
			  const struct vdiag *d, uint32_t sector_size)
{
	unsigned shown = 0, more = 0;

	for (uint32_t s = 0; s < d->nsec && s < d->sec_cap; s++) {
		const struct vsector *sec = &d->sec[s];

		if (sec->cls == VCLASS_OK)
			continue;
		if (shown++ >= 8) {
			more++;
			continue;
		}
		fprintf(out, "verio:   %s %u (offset %" PRIu64 "): %s",
			d->coarse ? "interval" : "sector", s,
			inc->offset + (uint64_t)s * sector_size, vclass_name(sec->cls));
		if (sec->cls == VCLASS_TORN)
			fprintf(out, " at byte %u (offset %" PRIu64 "): generation %u before, %u from there",
				sec->torn_byte, inc->offset + (uint64_t)s * sector_size + sec->torn_byte,
				sec->torn_gen, sec->found_gen);
		if (sec->stamp_ok && d->coarse)
			fprintf(out, ", header unit offset %" PRIu64 " generation %u",
				sec->found_offset, sec->found_gen);
		else if (sec->stamp_ok)
			fprintf(out, ", stamp offset %" PRIu64 " generation %u",
				sec->found_offset, sec->found_gen);
		if (sec->bad_bits)
			fprintf(out, ", %u bits differ (first at bit %u)", sec->bad_bits,
				sec->nbitpos ? sec->bitpos[0] : 0);
		fputc('\n', out);
	}
	if (more)
		fprintf(out, "verio:   ... and %u more\n", more);
}

const char *incident_reread_text(const struct verify_incident *inc, char *buf, size_t cap)
{
	switch (inc->reread) {
	case VREREAD_PERSISTENT:
		return "persistent: the reread with the cache bypassed shows the same data";
	case VREREAD_TRANSIENT:
		return "transient: the reread with the cache bypassed verifies; the read path "
		       "or host memory changed the data";
	case VREREAD_CHANGED:
		snprintf(buf, cap, "changed: the reread with the cache bypassed fails "
			 "differently (%s)", vclass_name(inc->reread_cls));
		return buf;
	case VREREAD_ERROR:
		snprintf(buf, cap, "error: the reread with the cache bypassed failed: %s",
			 strerror(inc->reread_errno));
		return buf;
	default:
		return "";
	}
}

/*
 * Several verify threads may report at once: the incident's lines are
 * written under the stream's lock, so they never interleave with
 * another's (a failure is the slow path; the checking path takes no lock).
 */
void incident_print(FILE *out, const char *who, const struct verify_incident *inc,
		    const struct vdiag *d, uint32_t unit_len, uint32_t sector_size)
{
	char why[160];

	flockfile(out);
	fprintf(out, "verio: job '%s': verify failed at file '%s' offset %" PRIu64
		", length %" PRIu64 " (requested block: offset=%" PRIu64 ", length=%" PRIu64 "): %s",
		who, inc->file, inc->offset, inc->len, inc->req_offset, inc->req_len,
		vclass_name(inc->cls));
	print_details(out, inc);
	if (inc->got_sum[0] && !strcmp(inc->exp_sum, inc->got_sum))
		fprintf(out, "; %s %s matches its header", inc->algo, inc->got_sum);
	else if (inc->got_sum[0])
		fprintf(out, "; %s expected %s, received %s", inc->algo,
			inc->exp_sum[0] ? inc->exp_sum : "(no header)", inc->got_sum);
	if (d && !d->coarse && d->hdr_decoded && d->hdr.offset == inc->offset &&
	    d->hdr.unit_len != unit_len)
		fprintf(out, "; written as %u-byte verify units, read as %u: use the "
			"writer's bs / verify_interval", d->hdr.unit_len, unit_len);
	if (*incident_reread_text(inc, why, sizeof(why)))
		fprintf(out, " (%s)", incident_reread_text(inc, why, sizeof(why)));
	fputc('\n', out);
	if (inc->coarse)
		fprintf(out, "verio:   diagnosis is coarser: one header per verify_interval "
			"piece of %u bytes and no sector stamps (no per-sector class, no "
			"torn-sector detection)\n", sector_size);
	if (inc->note[0])
		fprintf(out, "verio:   %s\n", inc->note);
	if (inc->legal[0])
		fprintf(out, "verio:   legal generations for this read (verify_overlap): %s\n",
			inc->legal);
	if (d)
		print_sectors(out, inc, d, sector_size);
	funlockfile(out);
}

void incident_json(struct json_writer *w, const char *key,
		   const struct verify_incident *inc)
{
	json_obj_begin(w, key);
	json_str(w, "file", inc->file);
	if (inc->host[0])
		json_str(w, "host", inc->host);
	json_u64(w, "offset", inc->offset);
	json_u64(w, "length", inc->len);
	json_u64(w, "request_offset", inc->req_offset);
	json_u64(w, "request_length", inc->req_len);
	json_str(w, "class", verify_class_key(inc->cls));
	json_u64(w, "expected_generation", inc->exp_gen);
	if (inc->found_known) {
		json_u64(w, "found_offset", inc->found_offset);
		json_u64(w, "found_generation", inc->found_gen);
	}
	json_u64(w, "bad_bytes", inc->bad_bytes);
	json_u64(w, "bad_bits", inc->bad_bits);
	if (inc->first_bad_bit != VDIAG_NOBIT)
		json_u64(w, "first_bad_bit", inc->first_bad_bit);
	if (inc->first_bad_sector != VDIAG_NONE) {
		json_u64(w, "first_bad_sector", inc->first_bad_sector);
		json_u64(w, "first_bad_sector_offset", inc->first_bad_offset);
	}
	if (inc->cls == VCLASS_TORN) {
		json_u64(w, "torn_sector", inc->torn_sector);
		json_u64(w, "torn_offset", inc->torn_offset);
		json_u64(w, "torn_generation_before", inc->torn_gen_before);
	}
	if (inc->writer_known) {
		json_u64(w, "writer_run_id", inc->writer_run);
		json_u64(w, "writer_job", inc->writer_job);
		json_u64(w, "writer_clone", inc->writer_clone);
		json_u64(w, "writer_time_ns", inc->writer_time_ns);
	}
	if (inc->writer_rank_known) {
		json_u64(w, "writer_rank", inc->writer_rank);
		json_str(w, "writer_host", inc->writer_host);
	}
	if (inc->exp_writer_known) {
		json_u64(w, "expected_run_id", inc->exp_run);
		json_u64(w, "expected_job", inc->exp_job);
		json_u64(w, "expected_clone", inc->exp_clone);
	}
	if (inc->coarse)
		json_str(w, "diagnosis", "coarse: per verify_interval piece, no sector "
			 "stamps (no per-sector class, no torn-sector detection)");
	if (inc->note[0])
		json_str(w, "note", inc->note);
	json_str(w, "algorithm", inc->algo);
	json_str(w, "expected", inc->exp_sum);
	json_str(w, "received", inc->got_sum);
	if (inc->dump[0]) {
		char path[600];

		snprintf(path, sizeof(path), "%s.received", inc->dump);
		json_str(w, "dump_received", path);
		snprintf(path, sizeof(path), "%s.expected", inc->dump);
		json_str(w, "dump_expected", path);
	}
	if (inc->legal[0])
		json_str(w, "legal_generations", inc->legal);
	if (inc->reread != VREREAD_NONE)
		json_str(w, "reread", vreread_key(inc->reread));
	if (inc->reread == VREREAD_CHANGED)
		json_str(w, "reread_class", verify_class_key(inc->reread_cls));
	if (inc->reread == VREREAD_ERROR) {
		json_u64(w, "reread_errno", (uint64_t)inc->reread_errno);
		json_str(w, "reread_error", strerror(inc->reread_errno));
	}
	if (inc->time_known)
		json_u64(w, "time_ms", inc->time_ms);
	json_obj_end(w);
}

/* <dir>/<base name of file, sanitised>.<offset> */
static void dump_prefix(const char *dir, const char *file, uint64_t off,
			char *buf, size_t cap)
{
	const char *base = strrchr(file, '/');
	char clean[256];
	size_t n = 0;

	base = base ? base + 1 : file;
	for (; *base && n + 1 < sizeof(clean); base++)
		clean[n++] = (isalnum((unsigned char)*base) || strchr("._-", *base)) ? *base : '_';
	clean[n] = '\0';
	snprintf(buf, cap, "%s/%s.%" PRIu64, dir && *dir ? dir : ".", n ? clean : "target",
		 off);
}

static int write_file(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	ssize_t w;

	if (fd < 0)
		return -errno;
	w = write(fd, p, n);
	close(fd);
	return w == (ssize_t)n ? 0 : -EIO;
}

static int write_json(const char *path, const struct verify_incident *inc)
{
	struct json_writer w;
	FILE *f = fopen(path, "w");
	int r;

	if (!f)
		return -errno;
	json_init(&w, f);
	incident_json(&w, NULL, inc);
	r = json_finish(&w);
	if (fclose(f) && !r)
		r = -EIO;
	return r;
}

int incident_dump(struct verify_incident *inc, const char *dir,
		  const uint8_t *received, const uint8_t *expected, size_t len)
{
	char path[600];
	int r, first = 0;

	dump_prefix(dir, inc->file, inc->offset, inc->dump, sizeof(inc->dump));
	snprintf(path, sizeof(path), "%s.received", inc->dump);
	r = write_file(path, received, len);
	first = r;
	snprintf(path, sizeof(path), "%s.expected", inc->dump);
	r = write_file(path, expected, len);
	first = first ? first : r;
	snprintf(path, sizeof(path), "%s.json", inc->dump);
	r = write_json(path, inc);
	return first ? first : r;
}

/* ---- reading a .json dump back --------------------------------------- */

enum {
	SEEN_FILE = 1 << 0,
	SEEN_OFFSET = 1 << 1,
	SEEN_LENGTH = 1 << 2,
	SEEN_CLASS = 1 << 3,
	SEEN_NEEDED = SEEN_FILE | SEEN_OFFSET | SEEN_LENGTH | SEEN_CLASS,
};

struct reader {
	struct verify_incident *out;
	char *name;
	size_t cap;
	unsigned seen;
};

/*
 * The numeric members: key, where the value goes (its width), and the
 * flag of struct verify_incident its presence sets (SIZE_MAX: none).
 */
struct num_field {
	const char *key;
	size_t off;
	unsigned width;		/* 4 or 8 bytes */
	unsigned seen;
	size_t flag;
};

#define NUMF(k, m, s) { k, offsetof(struct verify_incident, m), \
			sizeof(((struct verify_incident *)0)->m), s, SIZE_MAX }
#define NUMB(k, m, b) { k, offsetof(struct verify_incident, m), \
			sizeof(((struct verify_incident *)0)->m), 0, \
			offsetof(struct verify_incident, b) }

static const struct num_field num_fields[] = {
	NUMF("offset", offset, SEEN_OFFSET),
	NUMF("length", len, SEEN_LENGTH),
	NUMF("request_offset", req_offset, 0),
	NUMF("request_length", req_len, 0),
	NUMF("expected_generation", exp_gen, 0),
	NUMB("found_generation", found_gen, found_known),
	NUMB("found_offset", found_offset, found_known),
	NUMF("bad_bytes", bad_bytes, 0),
	NUMF("bad_bits", bad_bits, 0),
	NUMF("first_bad_bit", first_bad_bit, 0),
	NUMF("first_bad_sector", first_bad_sector, 0),
	NUMF("first_bad_sector_offset", first_bad_offset, 0),
	NUMF("torn_sector", torn_sector, 0),
	NUMF("torn_offset", torn_offset, 0),
	NUMF("torn_generation_before", torn_gen_before, 0),
	NUMB("writer_run_id", writer_run, writer_known),
	NUMB("writer_job", writer_job, writer_known),
	NUMB("writer_clone", writer_clone, writer_known),
	NUMB("writer_time_ns", writer_time_ns, writer_known),
	NUMB("expected_run_id", exp_run, exp_writer_known),
	NUMB("expected_job", exp_job, exp_writer_known),
	NUMB("expected_clone", exp_clone, exp_writer_known),
	NUMF("reread_errno", reread_errno, 0),
	NUMB("time_ms", time_ms, time_known),
};

static int set_num(struct reader *rd, const struct num_field *f, uint64_t v)
{
	uint8_t *dst = (uint8_t *)rd->out + f->off;

	if (f->width == 4) {
		uint32_t v32 = (uint32_t)v;

		if (v > UINT32_MAX)
			return -EBADMSG;
		memcpy(dst, &v32, 4);
	} else {
		memcpy(dst, &v, 8);
	}
	if (f->flag != SIZE_MAX)
		*(bool *)((uint8_t *)rd->out + f->flag) = true;
	rd->seen |= f->seen;
	return 0;
}

static int copy_str(char *dst, size_t cap, const char *s, int err)
{
	size_t n = strlen(s);

	if (n >= cap)
		return err;
	memcpy(dst, s, n + 1);
	return 0;
}

/* "<prefix>.received" gives the dump prefix. */
static int set_dump(struct verify_incident *out, const char *s)
{
	static const char sfx[] = ".received";
	size_t n = strlen(s), k = sizeof(sfx) - 1;

	if (n < k || strcmp(s + n - k, sfx) || n - k >= sizeof(out->dump))
		return -EBADMSG;
	memcpy(out->dump, s, n - k);
	out->dump[n - k] = '\0';
	return 0;
}

static int set_str(struct reader *rd, const char *key, const char *s)
{
	struct verify_incident *out = rd->out;
	int c;

	if (!strcmp(key, "file")) {
		rd->seen |= SEEN_FILE;
		out->file = rd->name;
		return copy_str(rd->name, rd->cap, s, -ENAMETOOLONG);
	}
	if (!strcmp(key, "class")) {
		c = verify_class_of_key(s);
		if (c < 0)
			return -EBADMSG;
		out->cls = (uint8_t)c;
		rd->seen |= SEEN_CLASS;
		return 0;
	}
	if (!strcmp(key, "algorithm"))
		return copy_str(out->algo, sizeof(out->algo), s, -EBADMSG);
	if (!strcmp(key, "expected"))
		return copy_str(out->exp_sum, sizeof(out->exp_sum), s, -EBADMSG);
	if (!strcmp(key, "received"))
		return copy_str(out->got_sum, sizeof(out->got_sum), s, -EBADMSG);
	if (!strcmp(key, "dump_received"))
		return set_dump(out, s);
	if (!strcmp(key, "legal_generations"))
		return copy_str(out->legal, sizeof(out->legal), s, -EBADMSG);
	if (!strcmp(key, "reread") || !strcmp(key, "reread_class")) {
		c = key[6] ? verify_class_of_key(s) : vreread_of_key(s);
		if (c < 0)
			return -EBADMSG;
		*(key[6] ? &out->reread_cls : &out->reread) = (uint8_t)c;
		return 0;
	}
	return 0;	/* dump_expected and unknown keys */
}

static int on_member(void *arg, const struct json_member *m)
{
	struct reader *rd = arg;

	if (m->is_str) {
		for (size_t i = 0; i < ARRAY_SIZE(num_fields); i++)
			if (!strcmp(m->key, num_fields[i].key))
				return -EBADMSG;
		return set_str(rd, m->key, m->str);
	}
	for (size_t i = 0; i < ARRAY_SIZE(num_fields); i++)
		if (!strcmp(m->key, num_fields[i].key))
			return set_num(rd, &num_fields[i], m->num);
	if (!strcmp(m->key, "file") || !strcmp(m->key, "class") ||
	    !strcmp(m->key, "reread") || !strcmp(m->key, "reread_class"))
		return -EBADMSG;
	return 0;
}

/* The whole file into buf (max bytes): its length, or -errno / -EBADMSG. */
static ssize_t slurp(const char *path, char *buf, size_t max)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t n = 0;
	ssize_t r;

	if (fd < 0)
		return -errno;
	do {
		r = read(fd, buf + n, max - n);
		if (r > 0)
			n += (size_t)r;
	} while (n < max && (r > 0 || (r < 0 && errno == EINTR)));
	if (r < 0)
		r = -errno;
	else if (n == max)
		r = -EBADMSG;	/* too long for a dump */
	else
		r = (ssize_t)n;
	close(fd);
	return r;
}

int incident_read_json(const char *path, struct verify_incident *out,
		       char *namebuf, size_t cap)
{
	struct reader rd = { .out = out, .name = namebuf, .cap = cap };
	const size_t max = 64 * 1024;
	char *text, scratch[4096];
	ssize_t len;
	int r;

	memset(out, 0, sizeof(*out));
	out->first_bad_sector = VDIAG_NONE;
	out->first_bad_bit = VDIAG_NOBIT;
	out->torn_sector = VDIAG_NONE;
	text = malloc(max);
	if (!text)
		return -ENOMEM;
	len = slurp(path, text, max);
	if (len < 0) {
		free(text);
		return (int)len;
	}
	r = json_read_flat(text, (size_t)len, scratch, sizeof(scratch), on_member, &rd);
	free(text);
	if (r == -EMSGSIZE)
		r = -EBADMSG;
	if (!r && (rd.seen & SEEN_NEEDED) != SEEN_NEEDED)
		r = -EBADMSG;
	return r;
}
