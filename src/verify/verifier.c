/*
 * verifier.c - the verifier (see verifier.h and docs/format.md).
 *
 * Writes: every unit of a write buffer is built by vunit_build() for the
 * generation the unit gets (genmap_next), and the generation map is
 * updated when the write completes. Reads: every unit is checked against
 * the map (or, without one, against its own header). A failing unit is
 * diagnosed sector by sector, reported, counted and optionally dumped.
 */
#include "compat.h"

#include "csum.h"
#include "io_u.h"
#include "le.h"
#include "timeutil.h"
#include "verify/genmap.h"
#include "verify/incident.h"
#include "verify/journal.h"
#include "verify/overlap.h"
#include "verify/ovjournal.h"
#include "verify/reread.h"
#include "verify/state.h"
#include "verify/verifier-priv.h"
#include "verify/vmap.h"

static const char *const special_kinds[] = {
	[VERIFY_META] = "meta",
	[VERIFY_PATTERN] = "pattern",
	[VERIFY_PATTERN_HDR] = "pattern_hdr",
	[VERIFY_NULL] = "null",
};

/* verify_overlap: io_u u's two words for its unit k. */
static inline uint64_t *ovl_slot(const struct verifier *v, const struct io_u *u, uint32_t k)
{
	return v->ovl_slots + ((uint64_t)u->index * v->ovl_units + k) * 2;
}

/* verify_overlap: the table unit of io_u u's unit k. */
static inline uint64_t ovl_unit(const struct verifier *v, const struct io_u *u, uint32_t k)
{
	return (u->offset - v->ovl_base[file_index(v, u->file)]) / v->c.geom.unit_len + k;
}

enum verify_kind verify_kind_of(const char *name, const void **csum)
{
	const struct csum_def *d;

	for (size_t i = 0; i < ARRAY_SIZE(special_kinds); i++)
		if (special_kinds[i] && !strcmp(name, special_kinds[i]))
			return (enum verify_kind)i;
	d = csum_find(name);
	if (csum)
		*csum = d;
	return d ? VERIFY_CSUM : VERIFY_NONE;
}

bool verify_kind_has_header(enum verify_kind k)
{
	return kind_has_header(k);
}

static int conf_check(const struct verify_conf *c)
{
	const struct vunit_geom *g = &c->geom;

	if (c->kind == VERIFY_NONE || !g->unit_len || !g->sector_size ||
	    g->unit_len > VUNIT_MAX_LEN || c->pattern_nofs > VERIFY_PATTERN_OFS_MAX)
		return -EINVAL;
	if (c->kind == VERIFY_PATTERN && (!c->pattern || !c->pattern_len))
		return -EINVAL;
	if (c->kind == VERIFY_CSUM && !g->csum)
		return -EINVAL;
	if (kind_has_header(c->kind) && vunit_geom_check(g) < 0)
		return -EINVAL;
	return 0;
}

static char *dup_or_null(const char *s, bool *oom)
{
	char *d;

	if (!s)
		return NULL;
	d = strdup(s);
	if (!d)
		*oom = true;
	return d;
}

struct verifier *verifier_new(const struct verify_conf *c, int *err)
{
	struct verifier *v;
	bool oom = false;

	*err = conf_check(c);
	if (*err)
		return NULL;
	v = calloc(1, sizeof(*v));
	if (!v) {
		*err = -ENOMEM;
		return NULL;
	}
	v->c = *c;
	if (c->kind != VERIFY_CSUM)
		v->c.geom.csum = NULL;
	v->name = dup_or_null(c->name ? c->name : "", &oom);
	v->dump_dir = dup_or_null(c->dump_dir, &oom);
	v->state_path = dup_or_null(c->state_path, &oom);
	if (c->pattern_len) {
		v->pat = malloc(c->pattern_len);
		if (v->pat)
			memcpy(v->pat, c->pattern, c->pattern_len);
		oom |= !v->pat;
	}
	for (size_t i = 0; i < c->pattern_nofs; i++)
		v->pat_ofs[i] = c->pattern_ofs[i];
	v->c.name = v->name;
	v->c.dump_dir = v->dump_dir;
	v->c.state_path = v->state_path;
	v->c.pattern = v->pat;
	v->c.pattern_ofs = v->pat_ofs;
	v->seed = c->seed;
	v->run_id = c->run_id;
	/* A writer knows what it wrote: its map is authoritative. */
	v->map_valid = c->writes && !c->verify_only;
	v->run_known = v->map_valid;
	v->writer_known = v->map_valid;
#ifdef VERIO_TEST_HOOKS
	/*
	 * Test builds only (make build/hooks/verio, never the release
	 * binary): a deliberately broken check, so that a test can prove
	 * `verio selftest` notices when the verifier misses a fault. The
	 * generation comparison is skipped: a lost write looks right.
	 */
	if (getenv("VERIO_TEST_BREAK") && !strcmp(getenv("VERIO_TEST_BREAK"), "generation"))
		v->c.skip_gen_check = true;
#endif
	if (oom) {
		verifier_free(v);
		*err = -ENOMEM;
		return NULL;
	}
	return v;
}

void verifier_free(struct verifier *v)
{
	if (!v)
		return;
	if (v->csum_ready)
		csum_ctx_release(&v->csum);
	for (unsigned i = 0; v->maps && i < v->nr_files; i++)
		genmap_free(v->maps[i]);
	free(v->maps);
	for (unsigned i = 0; v->vmaps && i < v->nr_files; i++)
		vmap_free(v->vmaps[i]);
	free(v->vmaps);
	for (unsigned i = 0; v->ovl && i < v->nr_files; i++)
		vovl_put(v->ovl[i]);
	free(v->ovl);
	free(v->ovl_base);
	free(v->ovl_slots);
	vjournal_free(v->jr);
	free(v->inflight);
	free(v->runs);
	free(v->run_seeds);
	free(v->peer_seeds);
	free(v->ring);
	free(v->pattern);
	free(v->pat);
	free(v->name);
	free(v->dump_dir);
	free(v->state_path);
	free(v);
}

const struct vmap *verifier_vmap(const struct verifier *v, unsigned fi)
{
	return v && v->vmaps && fi < v->nr_files ? v->vmaps[fi] : NULL;
}

bool verifier_vmap_written(const struct verifier *v, unsigned fi, uint64_t *written)
{
	const struct vmap *vm = verifier_vmap(v, fi);

	if (!vm || !v->map_valid)
		return false;
	genmap_count_cells(v->maps[fi], vm->shift, written);
	return true;
}

void verifier_set_epoch(struct verifier *v, uint64_t t0_ns)
{
	if (v)
		atomic_store_explicit(&v->epoch_ns, t0_ns, memory_order_relaxed);
}

int verifier_attach(struct verifier *v, struct vfile *files, unsigned nr,
		    unsigned nr_io_us)
{
	if (v->maps)
		return -EBUSY;
	v->maps = calloc(nr ? nr : 1, sizeof(*v->maps));
	v->vmaps = calloc(nr ? nr : 1, sizeof(*v->vmaps));
	if (!v->maps || !v->vmaps)
		return -ENOMEM;
	v->files = files;
	v->nr_files = nr;
	if (v->c.overlap) {
		v->ovl = calloc(nr ? nr : 1, sizeof(*v->ovl));
		v->ovl_base = calloc(nr ? nr : 1, sizeof(*v->ovl_base));
		if (!v->ovl || !v->ovl_base)
			return -ENOMEM;
	}
	for (unsigned i = 0; i < nr; i++) {
		v->maps[i] = genmap_new(files[i].io_size / v->c.geom.unit_len);
		v->vmaps[i] = vmap_new(files[i].io_size / v->c.geom.unit_len,
				       v->c.geom.unit_len);
		if (!v->maps[i] || !v->vmaps[i])
			return -ENOMEM;
	}
	if (v->c.backlog) {
		/* Writes still in flight when the backlog falls due land too. */
		v->ring_cap = v->c.backlog + nr_io_us;
		v->ring = calloc(v->ring_cap, sizeof(*v->ring));
		if (!v->ring)
			return -ENOMEM;
	}
	return verifier_state_begin(v);
}

/*
 * The verify_pattern payload of the unit at off: the pattern repeated
 * from the unit start (and from every pattern_interval), each copy's %o
 * holding, as 8 little-endian bytes, the offset of its piece: off, or
 * with pattern_interval off plus the piece's start (fio's meaning: every
 * interval carries its own offset).
 */
static void pattern_unit(const struct verify_conf *c, uint8_t *dst, uint32_t len,
			 uint64_t off)
{
	uint64_t period = c->pattern_interval ? c->pattern_interval : len;
	size_t plen = c->pattern_len;

	for (uint32_t i = 0; i < len; i++)
		dst[i] = c->pattern[(i % period) % plen];
	for (uint64_t base = 0; c->pattern_nofs && base < len; base += period) {
		uint64_t end = MIN_OF(base + period, len);

		for (uint64_t p = base; p < end; p += plen)
			for (size_t m = 0; m < c->pattern_nofs; m++)
				if (p + c->pattern_ofs[m] + 8 <= end)
					put_le64(dst + p + c->pattern_ofs[m], off + base);
	}
}

/* verify=pattern_hdr with a verify_pattern: the payload is the pattern. */
static inline bool pattern_hdr(const struct verifier *v)
{
	return v->c.kind == VERIFY_PATTERN_HDR && v->c.pattern_len;
}

/*
 * Is byte i of a unit header or stamp (pattern_hdr keeps them)?  L is the
 * header length.  Stampless units have no stamps but a header at the
 * start (+ verify_offset) of every piece of piece_len bytes.
 */
static inline bool hdr_or_stamp(const struct vunit_geom *g, uint32_t L, uint64_t i)
{
	if (g->layout != VLAYOUT_NATIVE) {
		uint64_t j = g->piece_len && g->piece_len < g->unit_len ? i % g->piece_len : i;

		return j >= g->hdr_off && j < (uint64_t)g->hdr_off + L;
	}
	return (i >= g->hdr_off && i < (uint64_t)g->hdr_off + L) ||
	       i % g->sector_size >= g->sector_size - VSTAMP_LEN;
}

/* The pattern_hdr payload of a stampless unit: around each piece's header. */
static void pattern_pieces(const struct verifier *v, uint8_t *buf, uint32_t L)
{
	const struct vunit_geom *g = &v->c.geom;
	uint32_t U = g->unit_len, H = g->hdr_off;
	uint32_t P = g->piece_len && g->piece_len < U ? g->piece_len : U;

	for (uint32_t p0 = 0; p0 < U; p0 += P) {
		uint32_t end = MIN_OF(p0 + P, U);

		memcpy(buf + p0, v->pattern + p0, H);
		memcpy(buf + p0 + H + L, v->pattern + p0 + H + L, end - (p0 + H + L));
	}
}

/*
 * verify=pattern_hdr (fio: a pattern with a header): put the pattern
 * payload of the unit at off (pattern_unit()'s bytes) into buf around its
 * header and sector stamps, which stay as vunit_build() made them: the
 * header names the write, the stamps still tell sector by sector.
 */
static void pattern_overlay(const struct verifier *v, uint8_t *buf, uint64_t off)
{
	const struct vunit_geom *g = &v->c.geom;
	uint32_t U = g->unit_len, S = g->sector_size, H = g->hdr_off, L = vunit_hdr_len(g);
	uint64_t period = v->c.pattern_interval ? v->c.pattern_interval : U;

	if (g->layout != VLAYOUT_NATIVE)
		pattern_pieces(v, buf, L);
	for (uint32_t s0 = 0; g->layout == VLAYOUT_NATIVE && s0 < U; s0 += S) {
		uint32_t end = s0 + S - VSTAMP_LEN;

		if (H >= s0 && H < end) {
			memcpy(buf + s0, v->pattern + s0, H - s0);
			memcpy(buf + H + L, v->pattern + H + L, end - (H + L));
		} else {
			memcpy(buf + s0, v->pattern + s0, end - s0);
		}
	}
	for (uint64_t base = 0; v->c.pattern_nofs && base < U; base += period) {
		uint64_t pend = MIN_OF(base + period, U);

		for (uint64_t p = base; p < pend; p += v->c.pattern_len)
			for (size_t m = 0; m < v->c.pattern_nofs; m++) {
				uint64_t q = p + v->c.pattern_ofs[m];

				for (unsigned b = 0; q + 8 <= pend && b < 8; b++)
					if (!hdr_or_stamp(g, L, q + b))
						buf[q + b] = (uint8_t)((off + base) >> (8 * b));
			}
	}
}

/* What a verify=pattern unit at off holds (w's scratch when %o varies it). */
static const uint8_t *pattern_want(const struct verifier *v, struct vworker *w,
				   uint64_t off)
{
	if (!v->c.pattern_nofs)
		return v->pattern;
	pattern_unit(&v->c, w->scratch, v->c.geom.unit_len, off);
	return w->scratch;
}

int verifier_start(struct verifier *v, uint64_t max_read_len)
{
	int r;

	v->max_read = max_read_len;
	if (v->c.geom.csum && !v->csum_ready) {
		r = csum_ctx_init(&v->csum, v->c.geom.csum);
		if (r < 0)
			return r;
		v->csum_ready = true;
	}
	v->wall0_ns = now_realtime_ms() * 1000000ULL;
	v->mono0_ns = now_ns();
	if ((v->c.kind == VERIFY_PATTERN || pattern_hdr(v)) && !v->pattern) {
		/* Pattern writes never change: buffers are filled once;
		 * pattern_hdr lays this over each built unit. */
		v->pattern = malloc(v->c.geom.unit_len);
		if (!v->pattern)
			return -ENOMEM;
		pattern_unit(&v->c, v->pattern, v->c.geom.unit_len, 0);
	}
	return 0;
}

void verifier_prefill(const struct verifier *v, uint8_t *buf, uint64_t len)
{
	uint32_t U = v->c.geom.unit_len;

	if (v->c.kind != VERIFY_PATTERN || !v->pattern)
		return;
	for (uint64_t o = 0; o + U <= len; o += U)
		memcpy(buf + o, v->pattern, U);
}

struct vworker *vworker_new(const struct verifier *v, struct verify_stats *st, int *err)
{
	const struct vunit_geom *g = &v->c.geom;
	uint32_t nsec = vunit_diag_entries(g);
	struct vworker *w = calloc(1, sizeof(*w));

	*err = -ENOMEM;
	if (!w)
		return NULL;
	w->st = st;
	if (g->csum) {
		w->csum = calloc(1, sizeof(*w->csum));
		if (!w->csum)
			goto fail;
		*err = csum_ctx_init(w->csum, g->csum);
		if (*err < 0) {
			free(w->csum);
			w->csum = NULL;
			goto fail;
		}
		*err = -ENOMEM;
	}
	w->scratch = aligned_alloc(4096, (g->unit_len + 4095) / 4096 * 4096);
	w->sec_scratch = malloc(g->sector_size);
	w->sectors = calloc(nsec ? nsec : 1, sizeof(*w->sectors));
	if (!w->scratch || !w->sec_scratch || !w->sectors)
		goto fail;
	if (v->c.overlap_bytes && !(w->explained = malloc(g->unit_len)))
		goto fail;
	*err = 0;
	return w;
fail:
	vworker_free(w);
	return NULL;
}

void vworker_free(struct vworker *w)
{
	if (!w)
		return;
	if (w->csum)
		csum_ctx_release(w->csum);
	free(w->csum);
	free(w->scratch);
	free(w->sec_scratch);
	free(w->sectors);
	free(w->explained);
	free(w);
}

bool verifier_stamps_writes(const struct verifier *v)
{
	/*
	 * verify=pattern is filled on every write too, even without %o: a
	 * read (rw=readwrite, randrw, a verify phase between loops) lands
	 * in the same buffers, and a prefilled buffer would then write back
	 * whatever was read.
	 */
	return v && (kind_has_header(v->c.kind) || v->c.kind == VERIFY_PATTERN);
}

bool verifier_checks_reads(const struct verifier *v)
{
	return v && v->c.kind != VERIFY_NULL;
}

bool verifier_has_phase(const struct verifier *v)
{
	if (!v || v->c.kind == VERIFY_NULL)
		return false;
	return v->c.verify_only || (v->c.writes && v->c.verify_after_writes);
}

void verifier_stamp(struct verifier *v, struct io_u *u)
{
	const struct genmap *m = v->maps[file_index(v, u->file)];
	uint32_t U = v->c.geom.unit_len;
	uint32_t n = (uint32_t)(u->len / U);
	struct vunit_id id = {
		.run_id = v->run_id,
		.seed = v->seed,
		.time_ns = v->wall0_ns + (now_ns() - v->mono0_ns),
		.job = v->c.job_index,
		.clone = v->c.clone,
	};

	if (v->c.kind == VERIFY_PATTERN) {
		for (uint32_t k = 0; k < n; k++) {
			if (v->c.pattern_nofs)
				pattern_unit(&v->c, u->buf + (uint64_t)k * U, U,
					     u->offset + (uint64_t)k * U);
			else
				memcpy(u->buf + (uint64_t)k * U, v->pattern, U);
		}
		return;
	}
	for (uint32_t k = 0; k < n; k++) {
		id.offset = u->offset + (uint64_t)k * U;
		if (v->ovl) {
			uint64_t *slot = ovl_slot(v, u, k);

			slot[0] = vovl_write_issue(v->ovl[file_index(v, u->file)],
						   ovl_unit(v, u, k));
			id.gen = vovl_ticket_gen((uint32_t)slot[0]);
		} else {
			id.gen = genmap_next(m, unit_index(v, u, k));
		}
		vunit_build(u->buf + (uint64_t)k * U, &v->c.geom, &id,
			    v->csum_ready ? &v->csum : NULL);
		if (pattern_hdr(v))
			pattern_overlay(v, u->buf + (uint64_t)k * U, id.offset);
	}
}

uint32_t verifier_hist_info(const struct verifier *v, uint64_t *seed, uint32_t *sector)
{
	if (!v || !kind_has_header(v->c.kind))
		return 0;
	*seed = v->seed;
	*sector = v->c.geom.sector_size;
	return v->c.geom.unit_len;
}

uint16_t verifier_unit_gen(const struct verifier *v, const struct io_u *u, uint32_t k)
{
	if (v->ovl)
		return vovl_ticket_gen((uint32_t)ovl_slot(v, u, k)[0]);
	return genmap_next(v->maps[file_index(v, u->file)], unit_index(v, u, k));
}

void verifier_write_done(struct verifier *v, struct io_u *u)
{
	unsigned fi = file_index(v, u->file);
	struct genmap *m = v->maps[fi];
	uint32_t n = (uint32_t)(u->len / v->c.geom.unit_len);

	for (uint32_t k = 0; k < n; k++) {
		uint64_t unit = unit_index(v, u, k);

		if (v->ovl) {
			uint32_t ticket = (uint32_t)ovl_slot(v, u, k)[0];

			vovl_write_done(v->ovl[fi], ovl_unit(v, u, k), ticket);
			genmap_set(m, unit, vovl_ticket_gen(ticket));	/* ours: known */
			if (v->ovj)
				verifier_ovj_done(v, fi, u->offset + (uint64_t)k * v->c.geom.unit_len,
						  ticket);
		} else {
			genmap_set(m, unit, genmap_next(m, unit));
		}
	}
	if (v->jr || unlikely(v->nr_inflight))	/* never with verify_overlap */
		verifier_journal_done(v, fi, unit_index(v, u, 0), n);
	v->wrote = true;
	backlog_push(v, fi, u->offset, u->len);
}

void verifier_trim_done(struct verifier *v, const struct io_u *u)
{
	struct genmap *m = v->maps[file_index(v, u->file)];
	uint64_t U = v->c.geom.unit_len, rel = u->offset - u->file->io_offset;
	uint64_t first = (rel + U - 1) / U, end = (rel + u->len) / U;

	/* Only whole units: the job's block sizes are multiples of U. */
	for (uint64_t unit = first; unit < end && unit < genmap_nunits(m); unit++)
		genmap_trim(m, unit);
	v->wrote = true;
}

bool verifier_overlapping(const struct verifier *v)
{
	return v && v->ovl;
}

uint32_t verifier_ovl_ticket(const struct verifier *v, const struct io_u *u, uint32_t k)
{
	return (uint32_t)ovl_slot(v, u, k)[0];
}

int verifier_overlap_share(struct verifier *v, unsigned file, struct vovl *t, uint64_t base)
{
	if (!v->ovl || file >= v->nr_files || v->ovl[file])
		return -EINVAL;
	v->ovl[file] = vovl_get(t);
	v->ovl_base[file] = base;
	return 0;
}

int verifier_overlap_start(struct verifier *v, unsigned nr_io_us, uint64_t max_len)
{
	if (!v->ovl)
		return 0;
	for (unsigned i = 0; i < v->nr_files; i++)
		if (!v->ovl[i])
			return -EINVAL;
	free(v->ovl_slots);
	v->ovl_units = (uint32_t)(max_len / v->c.geom.unit_len);
	v->ovl_slots = calloc((size_t)nr_io_us * (v->ovl_units ? v->ovl_units : 1) * 2,
			      sizeof(*v->ovl_slots));
	return v->ovl_slots ? 0 : -ENOMEM;
}

/* A read's snapshot of each unit: at its issue (0) or its reap (1). */
static void ovl_snap_read(struct verifier *v, const struct io_u *u, int which)
{
	const struct vovl *t;
	uint32_t n;

	if (!v || !v->ovl)
		return;
	t = v->ovl[file_index(v, u->file)];
	n = (uint32_t)(u->len / v->c.geom.unit_len);
	for (uint32_t k = 0; k < n; k++)
		ovl_slot(v, u, k)[which] = which ? vovl_snap_reap(t, ovl_unit(v, u, k))
						 : vovl_snap(t, ovl_unit(v, u, k));
}

void verifier_read_issue(struct verifier *v, const struct io_u *u)
{
	ovl_snap_read(v, u, 0);
}

void verifier_read_reaped(struct verifier *v, const struct io_u *u)
{
	ovl_snap_read(v, u, 1);
}

/* A replay of one overlap journal into the tables. */
struct ovl_load {
	struct verifier *v;
	bool mark;
	uint64_t records;
};

static int ovl_load_rec(void *arg, const struct ovj_rec *r, bool durable)
{
	struct ovl_load *l = arg;
	struct verifier *v = l->v;
	uint32_t U = v->c.geom.unit_len;
	uint64_t off = r->blk * 512, rel;
	const struct vfile *f;

	l->records++;
	if (r->type == OVJ_SYNC)
		return 0;
	if (off < v->ovl_base[r->file] || (off - v->ovl_base[r->file]) % U ||
	    (off - v->ovl_base[r->file]) / U >= vovl_nunits(v->ovl[r->file]))
		return -ERANGE;
	rel = (off - v->ovl_base[r->file]) / U;
	if (r->type == OVJ_INTENT)
		vovl_crash_intent(v->ovl[r->file], rel, r->ticket);
	else if (durable)
		vovl_crash_done(v->ovl[r->file], rel, r->ticket);
	f = &v->files[r->file];
	if (l->mark && r->type == OVJ_INTENT && off >= f->io_offset &&
	    off - f->io_offset < f->io_size)
		genmap_set(v->maps[r->file], (off - f->io_offset) / U, vovl_ticket_gen(r->ticket));
	return 0;
}

int verifier_overlap_load(struct verifier *v, const char *state_path, bool mark,
			  uint64_t *seed, uint64_t *run_id, char *why, size_t cap)
{
	struct ovl_load l = { .v = v, .mark = mark };
	struct ovj_hdr h;
	char path[4096];
	long n;
	int r = ovj_path(path, sizeof(path), state_path);

	why[0] = 0;
	if (r)
		return r;
	for (unsigned i = 0; i < v->nr_files; i++)
		if (!v->ovl || !v->ovl[i] || (r = vovl_crash_begin(v->ovl[i])) < 0)
			return v->ovl && v->ovl[i] ? r : -EINVAL;
	n = ovj_replay(path, &h, NULL, NULL, why, cap);	/* the header first */
	if (n < 0)
		return (int)n;
	if (h.unit_len != v->c.geom.unit_len || h.nr_files != v->nr_files) {
		snprintf(why, cap, "overlap journal '%s' was written with %u-byte verify units "
			 "and %u files, this job has %u and %u", path, h.unit_len, h.nr_files,
			 v->c.geom.unit_len, v->nr_files);
		return -EINVAL;
	}
	if ((*seed || *run_id) && (h.seed != *seed || h.run_id != *run_id)) {
		snprintf(why, cap, "overlap journal '%s' is of another run than the journals "
			 "before it (run id %016" PRIx64 ", not %016" PRIx64 ")", path, h.run_id,
			 *run_id);
		return -EINVAL;
	}
	*seed = h.seed;
	*run_id = h.run_id;
	n = ovj_replay(path, &h, ovl_load_rec, &l, why, cap);
	if (n == -ERANGE)
		snprintf(why, cap, "overlap journal '%s' names units outside this job's "
			 "regions: run the verify with the writing jobs' layout", path);
	if (n < 0)
		return (int)n;
	return 0;
}

void verifier_overlap_adopt(struct verifier *v, uint64_t seed, uint64_t run_id)
{
	v->seed = seed;
	v->run_id = run_id;
}

/* ---- the slow path: a unit failed ------------------------------------ */

/* Is every byte of the n bytes at p zero? */
static bool unit_is_zero(const uint8_t *p, uint32_t n)
{
	uint64_t acc = 0, x;
	uint32_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, p + i, 8);
		acc |= x;
	}
	for (; i < n; i++)
		acc |= p[i];
	return !acc;
}

static void hex(char *dst, const uint8_t *p, unsigned n)
{
	static const char digits[] = "0123456789abcdef";

	for (unsigned i = 0; i < n; i++) {
		dst[2 * i] = digits[p[i] >> 4];
		dst[2 * i + 1] = digits[p[i] & 15];
	}
	dst[2 * n] = '\0';
}

/* The digest of the data of a unit, over the ranges of docs/format.md. */
static void data_digest(const struct verifier *v, struct csum_ctx *c,
			const uint8_t *buf, uint8_t *out)
{
	uint32_t h = v->c.geom.hdr_off, l = vunit_hdr_len(&v->c.geom);

	csum_begin(c);
	csum_update(c, buf + h + l, v->c.geom.unit_len - h - l);
	if (h)
		csum_update(c, buf, h);
	csum_end(c, out);
}

static void fill_sums(const struct verifier *v, struct vworker *w, const uint8_t *unit,
		      const struct vdiag *d, struct verify_incident *inc)
{
	const struct csum_def *cd = v->c.geom.csum;
	uint8_t got[CSUM_MAX_DIGEST];

	snprintf(inc->algo, sizeof(inc->algo), "%s",
		 cd ? cd->name : v->c.kind == VERIFY_META ? "meta" : "pattern");
	/* Stampless and fio pieces: one digest per piece; the lines per
	 * piece say which failed.  A trimmed unit is judged against zeroes. */
	if (!w->csum || v->c.geom.layout != VLAYOUT_NATIVE || d->cls == VCLASS_TRIM_NOT_ZERO)
		return;
	data_digest(v, w->csum, unit, got);
	hex(inc->got_sum, got, cd->digest_len);
	if (d->hdr_decoded)
		hex(inc->exp_sum, d->hdr.digest, cd->digest_len);
}

/*
 * Hot path: the run that gave generation e->gen (runs table of a loaded
 * or continued state, and this run's entry), whose run id and seed the
 * unit's header must carry.  A short scan: one entry per run.
 */
static inline void expect_run(const struct verifier *v, struct vunit_expect *e)
{
	/* Newest first: a crashed run's range is open until a later run
	 * continues its state (and starts above what it wrote). */
	for (unsigned i = v->nr_runs; i-- > 0;) {
		const struct vstate_run *r = &v->runs[i];

		if (e->gen >= r->first_gen && e->gen <= r->last_gen) {
			e->seed = r->seed;
			e->run_id = r->run_id;
			e->run_known = true;
			return;
		}
	}
}

/* verify_dump: the unit as received, and as it should be (regenerated). */
static void dump_unit(const struct verifier *v, struct vworker *w, const uint8_t *unit,
		      const struct vdiag *d, struct verify_incident *inc)
{
	struct vunit_id id = {
		.offset = inc->offset,
		.seed = v->seed,
		.run_id = v->run_id,
		.job = v->c.job_index,
		.clone = v->c.clone,
	};

	struct vunit_expect e = { .gen = d->exp_gen ? d->exp_gen : 1 };

	id.gen = e.gen;
	/* The expected write is of the run that gave its generation. */
	expect_run(v, &e);
	if (e.run_known) {
		id.seed = e.seed;
		id.run_id = e.run_id;
	}
	/* Its header's writer fields, if the header read is that write's. */
	if (d->hdr_decoded && d->hdr.offset == inc->offset &&
	    (!e.run_known || d->hdr.run_id == e.run_id)) {
		id.run_id = d->hdr.run_id;
		id.time_ns = d->hdr.time_ns;
		id.job = d->hdr.job;
		id.clone = d->hdr.clone;
	}
	if (d->cls == VCLASS_TRIM_NOT_ZERO) {
		memset(w->scratch, 0, v->c.geom.unit_len);
	} else if (v->c.kind == VERIFY_PATTERN) {
		const uint8_t *want = pattern_want(v, w, inc->offset);

		if (want != w->scratch)
			memcpy(w->scratch, want, v->c.geom.unit_len);
	} else {
		vunit_expected(w->scratch, &v->c.geom, &id, w->csum);
		if (pattern_hdr(v))
			pattern_overlay(v, w->scratch, inc->offset);
	}
	(void)incident_dump(inc, v->c.dump_dir, unit, w->scratch, v->c.geom.unit_len);
}

static void reread_unit(const struct verifier *v, struct vworker *w, const char *path,
			const uint8_t *unit, const struct vunit_expect *e,
			struct verify_incident *inc);

/*
 * The first print_max failing units of the job are printed in full; the
 * rest are counted, kept in the stats (JSON) and dumped, and the job's
 * summary says how many more there were.
 */
static void record(struct verifier *v, struct vworker *w, const struct io_u *u,
		   uint64_t off, const uint8_t *unit, const struct vdiag *d, int check,
		   const struct vunit_expect *e)
{
	struct verify_stats *vs = w->st;
	struct verify_incident inc = {
		.file = u->file->name,
		.offset = off,
		.len = v->c.geom.unit_len,
		.req_offset = u->offset,
		.req_len = u->len,
		.check = check,
		.exp_writer_known = e->run_known,
		.exp_run = e->run_id,
		.exp_job = e->job,
		.exp_clone = e->clone,
	};
	uint64_t n, t0 = atomic_load_explicit(&v->epoch_ns, memory_order_relaxed);

	if (t0) {
		uint64_t now = now_ns();

		inc.time_known = true;
		inc.time_ms = now > t0 ? (now - t0) / 1000000 : 0;
	}
	incident_fill(&inc, d, vunit_diag_stride(&v->c.geom));
	memcpy(inc.legal, w->legal, sizeof(inc.legal));
	fill_sums(v, w, unit, d, &inc);
	if (v->c.reread)
		reread_unit(v, w, u->file->name, unit, e, &inc);
	else
		inc.reread = VREREAD_OFF;
	vs->rereads[inc.reread]++;
	/* Every failing unit is dumped (as fio does): the set never depends
	 * on how many threads checked. */
	if (v->c.dump)
		dump_unit(v, w, unit, d, &inc);
	n = atomic_fetch_add_explicit(&v->printed, 1, memory_order_relaxed);
	if (!v->c.print_max || n < v->c.print_max) {
		incident_print(stderr, v->c.name, &inc, d, v->c.geom.unit_len,
			       vunit_diag_stride(&v->c.geom));
		vs->printed++;
	}
	verify_stats_keep(vs, &inc);
	vs->failures++;
	vs->by_class[d->cls]++;
	/* Only the map's class counts are lost without memory: the unit
	 * is counted and reported all the same. */
	(void)vmap_fail(v->vmaps[file_index(v, u->file)],
			(off - u->file->io_offset) / v->c.geom.unit_len, d->cls);
}

/* verify=pattern: zeroed, bit flips (near the pattern) or foreign. */
static void diagnose_pattern(const struct verifier *v, const uint8_t *unit,
			     const uint8_t *want, struct vdiag *d)
{
	uint32_t U = v->c.geom.unit_len;
	uint64_t bits = 0, bytes = 0, zero = 0;

	memset(d, 0, sizeof(*d));
	for (uint32_t i = 0; i < U; i++) {
		uint8_t x = unit[i] ^ want[i];

		zero += unit[i] == 0;
		bytes += x != 0;
		bits += (uint64_t)__builtin_popcount(x);
	}
	d->bad_bits = bits;
	d->bad_bytes = bytes;
	d->first_bad = VDIAG_NONE;
	d->first_bad_bit = VDIAG_NOBIT;
	for (uint32_t i = 0; i < U; i++)
		if (unit[i] != want[i]) {
			d->first_bad_bit = 8ull * i +
				(uint64_t)__builtin_ctz((unsigned)(unit[i] ^ want[i]));
			break;
		}
	d->cls = zero == U ? VCLASS_ZEROED
		 : bits <= U ? VCLASS_BITFLIP	/* within 1/8 of the bits */
			     : VCLASS_FOREIGN;
}

/*
 * The diagnosis of a failing unit into d (check: its check's result),
 * with sec (vunit_diag_entries()) and sec_scratch (one sector) for the
 * per-sector classes.
 */
static void diagnose(const struct verifier *v, struct vworker *w, const uint8_t *unit,
		     const struct vunit_expect *e, int check, struct vdiag *d,
		     struct vsector *sec, uint8_t *sec_scratch)
{
	if (v->c.kind == VERIFY_PATTERN) {
		diagnose_pattern(v, unit, pattern_want(v, w, e->offset), d);
	} else if (pattern_hdr(v) && check == -EBADE) {
		/* The header is right: only the pattern payload is not. */
		memcpy(w->scratch, unit, v->c.geom.unit_len);
		pattern_overlay(v, w->scratch, e->offset);
		diagnose_pattern(v, unit, w->scratch, d);
	} else {
		memset(d, 0, sizeof(*d));
		d->sec = sec;
		d->sec_cap = vunit_diag_entries(&v->c.geom);
		vunit_diagnose(unit, &v->c.geom, e, w->csum, sec_scratch, d);
		if (d->cls == VCLASS_OK)
			d->cls = VCLASS_HEADER;
	}
}

static void unit_failed(struct verifier *v, struct vworker *w, const struct io_u *u,
			uint32_t k, const struct vunit_expect *e, int check)
{
	const uint8_t *unit = u->buf + (uint64_t)k * v->c.geom.unit_len;
	struct vdiag d;

	diagnose(v, w, unit, e, check, &d, w->sectors, w->sec_scratch);
	record(v, w, u, e->offset, unit, &d, check, e);
	if (v->c.fatal && v->c.stop)
		atomic_store_explicit(v->c.stop, true, memory_order_relaxed);
}

/*
 * verify=pattern_hdr: the header checks, then the payload against the
 * pattern (both verify modes: there is no regenerable payload to compare).
 */
static int check_pattern_hdr(const struct verifier *v, struct vworker *w,
			     const uint8_t *unit, const struct vunit_expect *e)
{
	uint32_t U = v->c.geom.unit_len;
	int r = vunit_check(unit, &v->c.geom, e, w->csum, NULL);

	if (r)
		return r;
	memcpy(w->scratch, unit, U);
	pattern_overlay(v, w->scratch, e->offset);
	return memcmp(unit, w->scratch, U) ? -EBADE : 0;
}

/* The fast check of one unit against e (the method of the job). */
static int check_unit(const struct verifier *v, struct vworker *w, const uint8_t *unit,
		      const struct vunit_expect *e)
{
	if (pattern_hdr(v))
		return check_pattern_hdr(v, w, unit, e);
	if (v->c.mode == VERIFY_MODE_COMPARE)
		return vunit_compare(unit, &v->c.geom, e, w->csum, NULL, w->scratch);
	return vunit_check(unit, &v->c.geom, e, w->csum, NULL);
}

/*
 * The generation a sector of a unit holds, for a unit that mixes writes:
 * a legal one, 0 for "none of ours" (what the unit may hold from before),
 * or -1 (beyond every legal outcome).
 */
typedef int32_t (*sector_gen_fn)(const struct vsector *s, uint64_t off, void *arg);

/*
 * A mix of legal sectors (gen_of() finds each one's): each atomic piece
 * (verify_atomic_write_size, or atomic=1's unit) holds one generation, and
 * the header is the one its sector's write wrote.  True if acceptable.
 */
static bool mix_ok(const struct verifier *v, const uint8_t *unit, const struct vdiag *d,
		   uint64_t off, sector_gen_fn gen_of, void *arg)
{
	const struct vunit_geom *g = &v->c.geom;
	uint32_t per = v->c.atomic_write > g->sector_size ? v->c.atomic_write / g->sector_size : 1;
	uint32_t hsec = g->hdr_off / g->sector_size;
	int32_t prev = -2, hgen = -2;
	struct vhdr h;

	if (d->nsec > d->sec_cap)
		return false;
	for (uint32_t i = 0; i < d->nsec; i++) {
		int32_t sg = gen_of(&d->sec[i], off + (uint64_t)i * g->sector_size, arg);

		if (sg < 0 || (i % per && sg != prev))
			return false;
		prev = sg;
		if (i == hsec)
			hgen = sg;
	}
	if (hgen <= 0)
		return hgen == 0;	/* zeroes there: what the unit held before */
	return vhdr_decode(unit + g->hdr_off, g->unit_len - g->hdr_off, &h) == 0 &&
	       h.offset == off && h.gen == (uint64_t)hgen;
}

/* A crash's in-flight unit: generations floor..top (cyclic). */
struct inflight_range {
	uint16_t floor, top;
};

/*
 * Generation of each sector of a unit in flight at a crash: a legal one
 * (floor..top), 0 for "not ours" when the unit was never written before
 * (floor 0: anything may be there), or -1 (beyond every legal outcome).
 */
static int32_t sector_gen(const struct vsector *s, uint64_t off, void *arg)
{
	const struct inflight_range *rg = arg;

	if (s->cls == VCLASS_OK)
		return rg->top;
	if (s->cls == VCLASS_STALE && s->stamp_ok && s->found_offset == off &&
	    s->found_gen <= GENMAP_GEN_MAX &&
	    vj_gen_in_range((uint16_t)s->found_gen, rg->floor, rg->top) && s->found_gen)
		return (int32_t)s->found_gen;
	return rg->floor ? -1 : 0;
}

/*
 * A unit whose write was in flight when a run crashed (a replayed
 * journal): it may hold, sector by sector, any generation from floor to
 * the map's (old or new), and nothing else.  Counts what it found; a
 * unit beyond that fails with the usual diagnosis.  True if accepted.
 */
/* Is run_id one of the runs of the state (its runs table)? */
static bool state_run(const struct verifier *v, uint64_t run_id)
{
	for (unsigned i = 0; i < v->nr_runs; i++)
		if (v->runs[i].run_id == run_id)
			return true;
	return false;
}

static bool check_inflight(struct verifier *v, struct vworker *w, const struct io_u *u,
			   uint32_t k, struct vunit_expect *e, const struct vj_inflight *f)
{
	const uint8_t *unit = u->buf + (uint64_t)k * v->c.geom.unit_len;
	uint16_t top = (uint16_t)e->gen;
	struct vunit_expect o = *e;
	struct vhdr h;
	struct vdiag d;
	bool hdr_ok;
	int r = check_unit(v, w, unit, e);

	if (!r) {
		w->st->inflight_new++;
		return true;
	}
	hdr_ok = vhdr_decode(unit + v->c.geom.hdr_off, v->c.geom.unit_len - v->c.geom.hdr_off,
			     &h) == 0 && h.offset == e->offset;
	/* Wholly an older legal write: its header says which. */
	if (hdr_ok && h.gen && h.gen != top && h.gen <= GENMAP_GEN_MAX &&
	    vj_gen_in_range((uint16_t)h.gen, f->floor, top)) {
		o.gen = h.gen;
		expect_run(v, &o);	/* an older write may be an earlier run's */
		if (!check_unit(v, w, unit, &o)) {
			w->st->inflight_old++;
			return true;
		}
	}
	/*
	 * Never written in this state: what the unit held before is its legal
	 * old content, a unit of a run the state does not know (another
	 * state's, written before this one was started) included.
	 */
	if (!f->floor && hdr_ok && !state_run(v, h.run_id)) {
		w->st->inflight_old++;
		return true;
	}
	memset(&d, 0, sizeof(d));
	d.sec = w->sectors;
	d.sec_cap = vunit_diag_entries(&v->c.geom);
	vunit_diagnose(unit, &v->c.geom, e, w->csum, w->sec_scratch, &d);
	if (!f->floor) {
		struct inflight_range any = { .floor = 0, .top = top };
		bool ours = false;

		for (uint32_t i = 0; i < d.nsec && i < d.sec_cap; i++)
			ours |= sector_gen(&d.sec[i], e->offset +
					   (uint64_t)i * v->c.geom.sector_size, &any) > 0;
		if (!ours) {
			/* Never written before, and nothing of ours landed. */
			w->st->inflight_old++;
			return true;
		}
	}
	if (mix_ok(v, unit, &d, e->offset, sector_gen,
		   &(struct inflight_range){ .floor = f->floor, .top = top })) {
		w->st->inflight_torn++;
		return true;
	}
	unit_failed(v, w, u, k, e, r);
	return false;
}

/* verify_overlap: one read's snapshots, and what its sectors were found. */
struct ovl_judged {
	uint64_t at_issue, at_reap;
	uint64_t judged;		/* the generation ok sectors hold */
	int32_t first;			/* the first sector's generation, -2: none */
	bool mixed;			/* more than one generation */
	enum vovl_verdict worst;	/* the latest kind of legal outcome met */
};

/*
 * verify_overlap: the generation a sector holds, judged against the legal
 * outcomes: the one judged against (ok), the one its valid stamp of this
 * offset names (stale, newer: its payload is that write's), 0 for "none of
 * ours" (zeroed), each only when legal; else -1.
 */
static int32_t ovl_sector_gen(const struct vsector *s, uint64_t off, void *arg)
{
	struct ovl_judged *j = arg;
	enum vovl_verdict vd;
	int32_t sg;

	if (s->cls == VCLASS_OK)
		sg = (int32_t)j->judged;
	else if ((s->cls == VCLASS_STALE || s->cls == VCLASS_NEWER) && s->stamp_ok &&
		 s->found_offset == off && s->found_gen && s->found_gen <= GENMAP_GEN_MAX)
		sg = (int32_t)s->found_gen;
	else
		sg = s->cls == VCLASS_ZEROED ? 0 : -1;
	if (sg < 0)
		return -1;
	j->mixed |= j->first != -2 && sg != j->first;
	if (j->first == -2)
		j->first = sg;
	vd = vovl_judge(j->at_issue, j->at_reap, (uint16_t)sg);
	if (!vovl_legal(vd))
		return -1;
	if (vd > j->worst)
		j->worst = vd;
	return sg;
}

/*
 * verify_overlap through a page cache (conf.overlap_bytes): a buffered read
 * copies a page out while a write of it may be copying in, with no lock
 * between them, so the read may find any byte mix of the legal writes.
 * True when every byte outside the header is a legal write's byte there
 * (the header, whose write time cannot be regenerated, is left out), or
 * the rest may be what the unit held before.
 */
static bool ovl_bytes_legal(const struct verifier *v, struct vworker *w, const uint8_t *unit,
			    uint64_t off, uint64_t at_issue, uint64_t at_reap)
{
	const struct vunit_geom *g = &v->c.geom;
	uint32_t U = g->unit_len, h0 = g->hdr_off, h1 = g->hdr_off + vunit_hdr_len(g);
	uint16_t gens[64];
	bool before;
	int n = vovl_legal_gens(at_issue, at_reap, gens, (int)ARRAY_SIZE(gens), &before);
	uint32_t left = U - (h1 - h0);

	if (n < 0)
		return false;
	memset(w->explained, 0, U);
	for (int i = 0; i < n && left; i++) {
		const struct vunit_id id = { .offset = off, .gen = gens[i], .run_id = v->run_id,
					     .seed = v->seed };

		vunit_expected(w->scratch, g, &id, w->csum);
		for (uint32_t b = 0; b < U; b++)
			if (!w->explained[b] && (b < h0 || b >= h1) && unit[b] == w->scratch[b]) {
				w->explained[b] = 1;
				left--;
			}
	}
	return !left || before;
}

static void ovl_count(struct verify_stats *st, enum vovl_verdict vd, bool mixed)
{
	if (mixed)
		st->ovl_mixed++;
	else if (vd == VOVL_CURRENT)
		st->ovl_current++;
	else if (vd == VOVL_OLDER)
		st->ovl_older++;
	else if (vd == VOVL_NEWER)
		st->ovl_newer++;
	else
		st->ovl_before++;
}

/*
 * verify_overlap: one unit of a read, judged against every outcome its
 * snapshots allow (verify/overlap.h).  The fast path is the write that
 * completed last before the read; then one other whole write its header
 * names; then sector by sector.  True if legal.
 */
static bool check_overlap(struct verifier *v, struct vworker *w, const struct io_u *u,
			  uint32_t k, struct vunit_expect *e)
{
	const uint8_t *unit = u->buf + (uint64_t)k * v->c.geom.unit_len;
	const uint64_t *slot = ovl_slot(v, u, k);
	uint64_t a = slot[0], r = slot[1];
	uint16_t x = vovl_done(a);
	struct ovl_judged j = { .at_issue = a, .at_reap = r, .first = -2 };
	enum vovl_verdict vd;
	struct vhdr h;
	struct vdiag d;
	int rc = -ESTALE;

	e->gen = x;
	if (x && !(rc = check_unit(v, w, unit, e))) {
		w->st->ovl_current++;
		return true;
	}
	/* Wholly one other write: its header names it. */
	if (vhdr_decode(unit + v->c.geom.hdr_off, v->c.geom.unit_len - v->c.geom.hdr_off,
			&h) == 0 && h.offset == e->offset && h.gen != x &&
	    h.gen <= GENMAP_GEN_MAX && vovl_legal(vd = vovl_judge(a, r, (uint16_t)h.gen))) {
		struct vunit_expect o = *e;

		o.gen = h.gen;
		if (!check_unit(v, w, unit, &o)) {
			ovl_count(w->st, vd, false);
			return true;
		}
	}
	memset(&d, 0, sizeof(d));
	d.sec = w->sectors;
	d.sec_cap = vunit_diag_entries(&v->c.geom);
	vunit_diagnose(unit, &v->c.geom, e, w->csum, w->sec_scratch, &d);
	j.judged = d.exp_gen;
	if (mix_ok(v, unit, &d, e->offset, ovl_sector_gen, &j)) {
		ovl_count(w->st, j.worst, j.mixed);
		return true;
	}
	if (v->c.overlap_bytes && ovl_bytes_legal(v, w, unit, e->offset, a, r)) {
		w->st->ovl_mixed++;
		return true;
	}
	if (j.mixed)
		w->st->ovl_mixed_illegal++;
	vovl_legal_text(a, r, w->legal, sizeof(w->legal));
	unit_failed(v, w, u, k, e, rc);
	w->legal[0] = 0;
	return false;
}

/*
 * A failed unit, read against a state that did not end cleanly (a
 * checkpoint): is it an intact write of the run that saved the state,
 * newer than the map says (written after the checkpoint)?  Such a unit
 * cannot be judged without a journal; anything else is a failure.
 */
static bool written_after_checkpoint(const struct verifier *v, struct vworker *w,
				     const uint8_t *unit, const struct vunit_expect *e)
{
	struct vunit_expect n = *e;
	uint32_t H = v->c.geom.hdr_off;
	struct vhdr h;

	if (!v->state_loaded || v->state_clean || v->c.kind == VERIFY_PATTERN ||
	    vhdr_decode(unit + H, v->c.geom.unit_len - H, &h) < 0)
		return false;
	if (h.offset != e->offset || h.run_id != v->loaded_run_id || h.gen <= e->gen)
		return false;
	n.gen = h.gen;
	n.seed = v->loaded_seed;
	n.seed_known = true;
	n.run_id = v->loaded_run_id;
	n.run_known = true;
	return !check_unit(v, w, unit, &n);
}

/*
 * A failed unit of zeroes, read against a checkpoint of a job that trims:
 * it may have been trimmed after the checkpoint, which cannot be judged
 * without a journal (and journals do not take trims).
 */
static bool trimmed_after_checkpoint(const struct verifier *v, const uint8_t *unit)
{
	return v->state_loaded && !v->state_clean && v->state_trims &&
	       unit_is_zero(unit, v->c.geom.unit_len);
}

/*
 * verify_write_sequence=0: a unit that failed holds another generation of
 * its offset, perhaps of an earlier run: accept it when it checks against
 * the run that gave that generation (its seed and run id).  Slow path.
 */
static bool other_gen_ok(const struct verifier *v, struct vworker *w,
			 const uint8_t *unit, const struct vunit_expect *e)
{
	uint32_t H = v->c.geom.hdr_off;
	struct vunit_expect o = *e;
	struct vhdr h;

	if (v->c.kind == VERIFY_PATTERN ||
	    vhdr_decode(unit + H, v->c.geom.unit_len - H, &h) < 0 || h.offset != e->offset)
		return false;
	o.gen = h.gen;
	expect_run(v, &o);
	o.gen = 0;
	return !check_unit(v, w, unit, &o);
}

/* Would verifier_check() pass this unit (against e as it stood)? */
static bool unit_passes(const struct verifier *v, struct vworker *w, const uint8_t *unit,
			const struct vunit_expect *e)
{
	int r;

	if (v->c.kind == VERIFY_PATTERN)
		return !memcmp(unit, pattern_want(v, w, e->offset), v->c.geom.unit_len);
	r = check_unit(v, w, unit, e);
	if (r && v->c.skip_gen_check && (r == -ENOKEY || r == -ESRCH) &&
	    other_gen_ok(v, w, unit, e))
		r = 0;
	return !r;
}

/* The class of a reread that fails differently (its own diagnosis). */
static uint8_t reread_class(const struct verifier *v, struct vworker *w,
			    const uint8_t *again, const struct vunit_expect *e)
{
	const struct vunit_geom *g = &v->c.geom;
	struct vsector *sec = calloc(vunit_diag_entries(g) ? vunit_diag_entries(g) : 1,
				     sizeof(*sec));
	uint8_t *one = malloc(g->sector_size);
	int check = v->c.kind == VERIFY_PATTERN ? -EBADE : check_unit(v, w, again, e);
	struct vdiag d = { .cls = VCLASS_FOREIGN };

	if (sec && one)
		diagnose(v, w, again, e, check, &d, sec, one);
	free(sec);
	free(one);
	return (uint8_t)d.cls;
}

/*
 * Slow path, reread triage (verify/reread.h): read the failing unit at
 * e->offset of path again with plain pread and the cache bypassed, never
 * through the job's engine, and check it as the first read was.  Sets
 * the verdict in inc; the unit's failure and class stand.
 */
static void reread_unit(const struct verifier *v, struct vworker *w, const char *path,
			const uint8_t *unit, const struct vunit_expect *e,
			struct verify_incident *inc)
{
	uint32_t U = v->c.geom.unit_len;
	uint8_t *again = vreread_alloc(U);
	int r = again ? vreread_read(path, e->offset, U, again, NULL) : -ENOMEM;

	if (r < 0) {
		inc->reread = VREREAD_ERROR;
		inc->reread_errno = -r;
	} else if (inc->cls == VCLASS_TRIM_NOT_ZERO) {
		/* Judged as the first read was: against zeroes. */
		inc->reread = (uint8_t)vreread_judge(unit, again, U, unit_is_zero(again, U));
		if (inc->reread == VREREAD_CHANGED)
			inc->reread_cls = VCLASS_TRIM_NOT_ZERO;
	} else {
		inc->reread = (uint8_t)vreread_judge(unit, again, U, unit_passes(v, w, again, e));
		if (inc->reread == VREREAD_CHANGED)
			inc->reread_cls = reread_class(v, w, again, e);
	}
	free(again);
}

/*
 * Slow path: a trimmed unit (trim_verify_zero=1) that is not all zeroes.
 * Its class says so, with the bytes that are not zero; when the unit
 * still holds the write from before the trim, the note says the trim did
 * not take (a device that ignores discards, or does not zero them).
 */
static void trim_failed(struct verifier *v, struct vworker *w, const struct io_u *u,
			uint32_t k, const struct vunit_expect *e)
{
	uint32_t U = v->c.geom.unit_len, S = v->c.geom.sector_size;
	const uint8_t *unit = u->buf + (uint64_t)k * U;
	struct vdiag d;

	memset(&d, 0, sizeof(d));
	d.cls = VCLASS_TRIM_NOT_ZERO;
	d.nsec = S ? U / S : 0;
	d.first_bad = VDIAG_NONE;
	d.first_bad_bit = VDIAG_NOBIT;
	for (uint32_t i = 0; i < U; i++) {
		if (!unit[i])
			continue;
		if (d.first_bad == VDIAG_NONE) {
			d.first_bad = S ? i / S : 0;
			d.first_bad_bit = 8ull * i + (uint64_t)__builtin_ctz(unit[i]);
		}
		d.bad_bytes++;
		d.bad_bits += (uint64_t)__builtin_popcount(unit[i]);
	}
	if (e->gen && v->c.kind != VERIFY_PATTERN && !check_unit(v, w, unit, e))
		d.note = "the unit still holds its write from before the trim: the trim "
			 "did not take (the device ignored the discard or does not zero it)";
	record(v, w, u, e->offset, unit, &d, -EBADE, e);
	if (v->c.fatal && v->c.stop)
		atomic_store_explicit(v->c.stop, true, memory_order_relaxed);
}

/*
 * A trimmed unit: zeroes (trim_verify_zero=1), or anything.  Written
 * after a checkpoint that recorded the trim: unjudged, as any unit newer
 * than a checkpoint.  In flight at a crash: zeroes are its old content,
 * anything else is judged as in-flight units are.  False if it failed.
 */
static bool check_trimmed(struct verifier *v, struct vworker *w, const struct io_u *u,
			  uint32_t k, struct vunit_expect *e)
{
	uint32_t U = v->c.geom.unit_len;
	const uint8_t *unit = u->buf + (uint64_t)k * U;
	const struct vj_inflight *f = NULL;

	if (unlikely(v->nr_inflight)) {
		f = vj_inflight_find(v->inflight, v->nr_inflight, file_index(v, u->file),
				     unit_index(v, u, k));
		if (f && f->resolved)
			f = NULL;
	}
	w->st->units++;
	w->st->bytes += U;
	if (!v->c.trim_zero || unit_is_zero(unit, U)) {
		w->st->trimmed++;
		if (f)
			w->st->inflight_old++;
		return true;
	}
	if (f)
		return check_inflight(v, w, u, k, e, f);
	if (written_after_checkpoint(v, w, unit, e)) {
		w->st->units--;
		w->st->bytes -= U;
		w->st->unjudged++;
		return true;
	}
	w->st->trimmed++;
	trim_failed(v, w, u, k, e);
	return false;
}

/* Judge unit k of read u: false if it failed (counted in w's stats). */
static bool check_one(struct verifier *v, struct vworker *w, struct io_u *u, uint32_t k,
		      const struct genmap *m)
{
	uint32_t U = v->c.geom.unit_len;
	struct verify_stats *vs = w->st;
	const uint8_t *unit = u->buf + (uint64_t)k * U;
	struct vunit_expect e = {
		.offset = u->offset + (uint64_t)k * U,
		.seed = v->seed,
		/* A replay knows the seed and run only from the vote. */
		.seed_known = v->map_valid && (!v->replayed || v->run_known),
		/* who wrote what the map records */
		.run_id = v->run_id,
		.run_known = v->run_known,
		.job = v->c.job_index,
		.clone = v->c.clone,
		.writer_known = v->writer_known,
		.alt_seeds = v->run_seeds,
		.nr_alt_seeds = v->nr_run_seeds,
	};
	int r;

	if (v->ovl) {
		const uint64_t *slot = ovl_slot(v, u, k);

		if (!vovl_issued(slot[1])) {
			vs->unwritten++;	/* nobody wrote it yet */
			return true;
		}
		if (unlikely(vovl_ambiguous(slot[0]))) {
			vs->unjudged++;		/* journals too far apart */
			return true;
		}
		e.writer_known = false;	/* any job sharing the table */
		e.seed = v->seed;	/* theirs: one seed, one run */
		e.seed_known = true;
		e.run_id = v->run_id;
		e.run_known = true;
		vs->units++;
		vs->bytes += U;
		return check_overlap(v, w, u, k, &e);
	}
	if (v->map_valid) {
		e.gen = genmap_get(m, unit_index(v, u, k));
		if (unlikely(genmap_trimmed(m, unit_index(v, u, k)))) {
			expect_run(v, &e);
			return check_trimmed(v, w, u, k, &e);
		}
		if (!e.gen) {
			vs->unwritten++;
			return true;
		}
		expect_run(v, &e);
	}
	if (unlikely(v->c.skip_seed_check)) {
		e.seed_known = false;
		e.run_known = false;
		e.writer_known = false;
	}
	vs->units++;
	vs->bytes += U;
	if (unlikely(v->nr_inflight) && v->map_valid) {
		const struct vj_inflight *f = vj_inflight_find(
			v->inflight, v->nr_inflight, file_index(v, u->file),
			unit_index(v, u, k));

		if (f && !f->resolved)
			return check_inflight(v, w, u, k, &e, f);
	}
	if (unlikely(v->c.skip_gen_check))
		e.gen = 0;
	if (v->c.kind == VERIFY_PATTERN)
		r = memcmp(unit, pattern_want(v, w, e.offset), U) ? -EBADE : 0;
	else
		r = check_unit(v, w, unit, &e);
	if (unlikely(r) && v->c.skip_gen_check && (r == -ENOKEY || r == -ESRCH) &&
	    other_gen_ok(v, w, unit, &e))
		r = 0;
	if (unlikely(r)) {
		if (written_after_checkpoint(v, w, unit, &e) ||
		    trimmed_after_checkpoint(v, unit)) {
			vs->units--;
			vs->bytes -= U;
			vs->unjudged++;
			return true;
		}
		unit_failed(v, w, u, k, &e, r);
		return false;
	}
	return true;
}

/*
 * Each unit is judged, then its verdict goes to the verify map: the
 * units it counted as checked, less those that failed, verified good.
 * Consecutive units of one cell are added at once.
 */
bool verifier_check(struct verifier *v, struct vworker *w, struct io_u *u)
{
	unsigned fi = file_index(v, u->file);
	const struct genmap *m = v->maps[fi];
	struct vmap *vm = v->vmaps[fi];
	uint32_t n = (uint32_t)(u->len / v->c.geom.unit_len);
	struct verify_stats *vs = w->st;
	uint64_t first = unit_index(v, u, 0), good = 0, bad = 0;
	bool ok = true;

	for (uint32_t k = 0; k < n; k++) {
		uint64_t units = vs->units, failures = vs->failures, f;

		if (k && ((first + k) >> vm->shift) != ((first + k - 1) >> vm->shift)) {
			vmap_tally(vm, first + k - 1, good, bad);
			good = bad = 0;
		}
		ok &= check_one(v, w, u, k, m);
		f = vs->failures - failures;
		bad += f;
		good += vs->units - units > f ? vs->units - units - f : 0;
	}
	if (n)
		vmap_tally(vm, first + n - 1, good, bad);
	return ok;
}
