/*
 * inspect-target.c - `verio inspect --target PATH --offset N --length N
 * [--state FILE] [--bs N]`: read a range of a file or device now (direct
 * I/O when the target takes it, else buffered), and judge every unit in
 * it: against the saved state's generation map and runs table when one
 * is given ("this sector should hold generation 7 of offset X; it holds
 * generation 5 of offset Y"), else by its own header.  Units that are
 * consistent are counted; the others are shown in full.
 */
#include "compat.h"

#include <fcntl.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>

#include "cmd/inspect.h"
#include "csum.h"
#include "fdio.h"
#include "verify/genmap.h"
#include "verify/journal.h"
#include "verify/state.h"
#include "verify/vinspect.h"

#define CHUNK	(1u << 20)	/* read at most this much at once */
#define ALIGN	4096u

struct tgt {
	const char *path;
	int fd;
	bool direct;
	uint64_t size;
	struct stat st;
	struct vunit_geom geom;
	const struct vstate_file *sf;	/* the state's record of this target */
	uint64_t seeds[64];
	unsigned nseeds;
	uint8_t *buf;
	uint64_t ok;
	uint64_t base;			/* units start at base + k * U (no state) */
};

static int tgt_open(struct tgt *t)
{
	t->fd = open(t->path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	t->direct = t->fd >= 0;
	if (t->fd < 0 && errno == EINVAL)
		t->fd = open(t->path, O_RDONLY | O_CLOEXEC);
	if (t->fd < 0) {
		int e = errno;

		fprintf(stderr, "verio: inspect: cannot open target '%s': %s\n", t->path,
			strerror(e));
		return e == ENOENT || e == ENOTDIR || e == EACCES ? 2 : 3;
	}
	if (fstat(t->fd, &t->st)) {
		fprintf(stderr, "verio: inspect: cannot stat '%s': %s\n", t->path, strerror(errno));
		return 3;
	}
	if (S_ISBLK(t->st.st_mode)) {
		if (ioctl(t->fd, BLKGETSIZE64, &t->size)) {
			fprintf(stderr, "verio: inspect: cannot size '%s': %s\n", t->path,
				strerror(errno));
			return 3;
		}
	} else if (S_ISREG(t->st.st_mode)) {
		t->size = (uint64_t)t->st.st_size;
	} else {
		fprintf(stderr, "verio: inspect: target '%s' is not a file or block device\n",
			t->path);
		return 2;
	}
	return 0;
}

/* pread, falling back to buffered I/O when direct I/O refuses. 0 or 3. */
static int tgt_read(struct tgt *t, uint8_t *buf, size_t len, uint64_t off)
{
	ssize_t n = pread_full(t->fd, buf, len, off, NULL);

	if (n == -EINVAL && t->direct) {
		int fd = open(t->path, O_RDONLY | O_CLOEXEC);

		if (fd >= 0) {
			close(t->fd);
			t->fd = fd;
			t->direct = false;
			n = pread_full(t->fd, buf, len, off, NULL);
		}
	}
	if (n < 0 || (size_t)n != len) {
		fprintf(stderr, "verio: inspect: cannot read %zu bytes at offset %" PRIu64
			" of '%s': %s\n", len, off, t->path,
			n < 0 ? strerror((int)-n) : "short read (end of the target)");
		return 3;
	}
	return 0;
}

/* The state's file record for this target: by identity, else the only one. */
static const struct vstate_file *state_file(const struct vstate *s, const struct stat *st)
{
	for (unsigned i = 0; i < s->nr_files; i++) {
		const struct vstate_file *f = &s->files[i];

		if ((f->kind == VSTATE_KIND_BLOCK && S_ISBLK(st->st_mode) && f->rdev == st->st_rdev) ||
		    (f->kind == VSTATE_KIND_FILE && f->dev == st->st_dev && f->ino == st->st_ino))
			return f;
	}
	return s->nr_files == 1 ? &s->files[0] : NULL;
}

static int geom_from_state(struct tgt *t, const struct vstate *s, uint32_t bs)
{
	struct vunit_geom *g = &t->geom;

	if (s->layout) {
		fprintf(stderr, "verio: inspect: state '%s' is of %s units: inspect reads native "
			"units only\n", s->job_name, vstate_layout_name(s->layout, s->fio_layout));
		return 2;
	}
	if (bs && bs != s->unit_len) {
		fprintf(stderr, "verio: inspect: option '--bs' (%u) is not the state's verify "
			"unit (%u)\n", bs, s->unit_len);
		return 2;
	}
	g->unit_len = s->unit_len;
	g->sector_size = s->sector_size;
	g->hdr_off = s->hdr_off;
	g->csum = csum_by_id(s->algo);
	t->sf = state_file(s, &t->st);
	for (unsigned i = 0; i < s->nr_runs && i < ARRAY_SIZE(t->seeds); i++)
		t->seeds[t->nseeds++] = s->runs[i].seed;
	return 0;
}

/* Without a state: the first header at the offset (or --bs and the stamps). */
/*
 * The first header that decodes in buf (n bytes), of a geometry verio
 * writes: its position, or -1.  A unit of up to VUNIT_MAX_LEN bytes has
 * one in the first VUNIT_MAX_LEN + 4 KiB bytes, wherever the range starts.
 */
static long first_header(const uint8_t *buf, size_t n, struct vhdr *h)
{
	for (size_t at = 0; at + VHDR_LEN + VSTAMP_LEN <= n; at += 8) {
		long k = vinsp_find_hdr(buf + at, n - at, n - at);

		if (k < 0)
			return -1;
		at += (size_t)k;
		if (!vhdr_decode(buf + at, n - at, h) &&
		    (h->sector_shift == 9 || h->sector_shift == 12) && h->unit_len &&
		    h->unit_len <= VUNIT_MAX_LEN && !(h->unit_len % (1u << h->sector_shift)) &&
		    h->offset <= UINT64_MAX - at)
			return (long)at;
	}
	return -1;
}

/*
 * Without a state: the first header from the 4 KiB around the offset on
 * gives the unit length, sector size, checksum, verify_offset and where
 * units start; --bs without a header: the stamps give the sector size.
 */
static int geom_from_data(struct tgt *t, uint64_t off, uint32_t bs)
{
	struct vunit_geom *g = &t->geom;
	uint64_t start = off / ALIGN * ALIGN;
	size_t n = (size_t)MIN_OF((uint64_t)VUNIT_MAX_LEN + ALIGN, t->size - start);
	struct vinsp_guess q;
	struct vhdr h;
	long at;
	int r;

	n = n / 512 * 512;
	if (n && (r = tgt_read(t, t->buf, n, start)))
		return r;
	at = n ? first_header(t->buf, n, &h) : -1;
	if (at >= 0 && start + (uint64_t)at >= h.offset &&
	    start + (uint64_t)at - h.offset + VHDR_LEN + VSTAMP_LEN <= h.unit_len) {
		g->unit_len = bs ? bs : h.unit_len;
		g->sector_size = 1u << h.sector_shift;
		g->csum = csum_by_id(h.algo);
		g->hdr_off = (uint32_t)(start + (uint64_t)at - h.offset);
		t->base = h.offset % g->unit_len;
		return 0;
	}
	if (bs && n && !vinsp_guess_geom(t->buf, n, &q)) {
		g->unit_len = bs;
		g->sector_size = q.sector_size;
		t->base = q.offset_known ? q.offset % bs : 0;
		return 0;
	}
	fprintf(stderr, "verio: inspect: no verio header at offset %" PRIu64 " of '%s': "
		"give --state (or --bs) to say what the units are\n", off, t->path);
	return 2;
}

/* What unit at off is expected to hold, by the state. */
static void tgt_expect(const struct insp *ix, struct tgt *t, struct insp_unit *u)
{
	const struct vstate *s = ix->state;
	const struct vstate_file *f = t->sf;
	struct vunit_expect *e = &u->e;
	uint64_t idx;

	memset(e, 0, sizeof(*e));
	u->source = "the unit's header (no state)";
	if (!s)
		return;
	e->alt_seeds = t->seeds;
	e->nr_alt_seeds = t->nseeds;
	u->writer_hint = true;
	u->hint_job = s->job_index;
	u->hint_clone = s->clone;
	if (!f || u->offset < f->offset || u->offset >= f->offset + f->size) {
		u->source = "the unit's header (outside the state's region)";
		return;
	}
	idx = (u->offset - f->offset) / t->geom.unit_len;
	e->gen = genmap_get(f->map, idx);
	u->source = "the saved state's generation map";
	/* Trimmed: no write to judge it against (a verify run checks its
	 * zeroes); inspect passes it over as it does unwritten units. */
	if (!e->gen || genmap_trimmed(f->map, idx)) {
		u->unwritten = true;
		return;
	}
	for (unsigned i = s->nr_runs; i-- > 0;) {
		if (e->gen >= s->runs[i].first_gen && e->gen <= s->runs[i].last_gen) {
			e->seed = s->runs[i].seed;
			e->seed_known = true;
			e->run_id = s->runs[i].run_id;
			e->run_known = true;
			break;
		}
	}
}

static int tgt_units(struct insp *ix, struct tgt *t, uint64_t off, uint64_t end)
{
	uint32_t U = t->geom.unit_len;
	uint64_t chunk = U >= CHUNK ? U : CHUNK / U * U;
	int r = 0;

	for (uint64_t pos = off; pos < end && !r; pos += chunk) {
		uint64_t n = MIN_OF(chunk, end - pos);

		r = tgt_read(t, t->buf, (size_t)n, pos);
		for (uint64_t k = 0; !r && k < n; k += U) {
			struct insp_unit u = {
				.file = t->path, .offset = pos + k, .rcv = t->buf + k,
				.exp = t->buf + chunk, .geom = t->geom,
			};

			tgt_expect(ix, t, &u);
			if (insp_judge(ix, &u)) {
				r = 3;
				break;
			}
			if (u.d.cls == VCLASS_OK || u.unwritten)
				t->ok += !u.unwritten;
			else
				insp_show(ix, &u);
		}
	}
	return r;
}

/* The range in whole units, aligned on the state's region (or on 0). */
static void tgt_align(const struct tgt *t, uint64_t *off, uint64_t *end)
{
	uint32_t U = t->geom.unit_len;
	uint64_t base = t->sf ? t->sf->offset % U : t->base % U;

	*off = *off < base ? base : *off - (*off - base) % U;
	if (*end > base)
		*end += (U - (*end - base) % U) % U;
	if (*end > t->size)
		*end = t->size - (t->size - base) % U;
}

/* Whether a verify journal (verify/journal.h) is beside the state. */
static bool has_journal(const char *state_path)
{
	char p[4200];
	struct stat st;

	snprintf(p, sizeof(p), "%s%s", state_path, VJ_SUFFIX);
	return !stat(p, &st);
}

static void tgt_intro(struct insp *ix, const struct tgt *t, uint64_t off, uint64_t end)
{
	const char *how = t->direct ? "direct I/O" : "buffered I/O";

	if (ix->json) {
		json_obj_begin(&ix->jw, "target");
		json_str(&ix->jw, "path", t->path);
		json_u64(&ix->jw, "offset", off);
		json_u64(&ix->jw, "length", end - off);
		json_u64(&ix->jw, "unit_len", t->geom.unit_len);
		json_u64(&ix->jw, "sector_size", t->geom.sector_size);
		json_str(&ix->jw, "algorithm", t->geom.csum ? t->geom.csum->name : "none");
		json_str(&ix->jw, "read_with", how);
		json_str(&ix->jw, "state", ix->state_path);
		json_bool(&ix->jw, "journal_not_replayed", ix->state && has_journal(ix->state_path));
		json_obj_end(&ix->jw);
		return;
	}
	printf("target '%s': bytes %" PRIu64 "-%" PRIu64 " (%" PRIu64 " unit%s of %u bytes, "
	       "%u-byte sectors, %s), read with %s, judged by %s%s%s\n", t->path, off, end - 1,
	       (end - off) / t->geom.unit_len, end - off == t->geom.unit_len ? "" : "s",
	       t->geom.unit_len, t->geom.sector_size,
	       t->geom.csum ? t->geom.csum->name : "no checksum", how,
	       ix->state ? "state '" : "the headers (no state)",
	       ix->state ? ix->state_path : "", ix->state ? "'" : "");
	if (ix->state && !(ix->state->flags & VSTATE_F_CLEAN))
		printf("note: the state is a checkpoint (not clean): units written after it "
		       "may be newer than it says\n");
	if (ix->state && !t->sf)
		printf("note: the state has no record of this target: units judged by their "
		       "headers\n");
	if (ix->state && has_journal(ix->state_path))
		printf("note: a verify journal is beside the state, not replayed here: a unit "
		       "whose write was in flight at a crash may hold its old generation "
		       "legitimately (a verify_only run judges those)\n");
}

int insp_target(struct insp *ix, const char *path, uint64_t off, uint64_t len,
		uint32_t unit_len)
{
	struct tgt t = { .path = path, .fd = -1 };
	uint64_t end;
	int r;

	r = tgt_open(&t);
	if (!r && (off >= t.size || len > t.size - off)) {
		fprintf(stderr, "verio: inspect: bytes %" PRIu64 "-%" PRIu64 " are past the end "
			"of '%s' (%" PRIu64 " bytes)\n", off, off + len - 1, path, t.size);
		r = 2;
	}
	if (!r && posix_memalign((void **)&t.buf, ALIGN, 2 * (size_t)MAX_OF(CHUNK, VUNIT_MAX_LEN)))
		r = 3;
	if (!r)
		r = ix->state ? geom_from_state(&t, ix->state, unit_len)
			      : geom_from_data(&t, off, unit_len);
	if (!r && vunit_geom_check(&t.geom)) {
		fprintf(stderr, "verio: inspect: no verio unit of %u bytes with %u-byte sectors\n",
			t.geom.unit_len, t.geom.sector_size);
		r = 2;
	}
	if (!r) {
		end = off + len;
		tgt_align(&t, &off, &end);
		tgt_intro(ix, &t, off, end);
		insp_units_begin(ix);
		r = tgt_units(ix, &t, off, end);
		if (!ix->json && r <= 1)
			printf("%" PRIu64 " unit%s consistent\n", t.ok, t.ok == 1 ? "" : "s");
	}
	if (t.fd >= 0)
		close(t.fd);
	free(t.buf);
	return r;
}
