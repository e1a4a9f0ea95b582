/*
 * verify.c - a job's verification (see verify.h and docs/format.md).
 *
 * Writes: every unit of a write buffer is built by vunit_build() for the
 * generation the unit gets (genmap_next), and the generation map is
 * updated when the write completes. Reads: every unit is checked against
 * the map (or, without one, against its own header). A failing unit is
 * diagnosed sector by sector, reported, counted and optionally dumped.
 */
#include "compat.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/random.h>
#include <sys/stat.h>

#include "csum.h"
#include "verify/genmap.h"
#include "le.h"
#include "io_u.h"
#include "run/job.h"
#include "parse.h"
#include "run/run.h"
#include "timeutil.h"
#include "verify/verify.h"
#include "verify/state.h"

#include "config/runconf.h"

struct vb_entry {
	uint32_t file;
	uint64_t offset, len;
};

/* A job's verification state; allocated by verify_prepare(). */
struct vjob {
	enum verify_kind kind;
	struct vunit_geom geom;
	struct vworker w0;		/* the job thread's own checker */
	struct csum_ctx csum;		/* the job thread's: stamping writes */
	bool csum_ready;
	uint64_t run_id, seed;
	uint64_t wall0_ns, mono0_ns;	/* to stamp write times cheaply */

	struct genmap **maps;		/* per file */
	bool map_valid;			/* maps say what is on the media */
	bool state_loaded;

	uint8_t *scratch;		/* one unit, for dumps */
	uint8_t *pattern;		/* verify=pattern: one unit of it */

	struct vb_entry *ring;		/* verify_backlog entries */
	unsigned ring_cap, ring_head, ring_count, batch_left;

	unsigned walk_file;
	uint64_t walk_unit;
	bool wrote;			/* the job wrote something */
};

static const char *const special_kinds[] = {
	[VERIFY_META] = "meta",
	[VERIFY_PATTERN] = "pattern",
	[VERIFY_PATTERN_HDR] = "pattern_hdr",
	[VERIFY_NULL] = "null",
};

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

static int incident_cmp(const void *a, const void *b)
{
	const struct verify_incident *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

/*
 * Keep inc among the VERIFY_INCIDENTS_MAX lowest (file, offset) ones of
 * st: the report then lists the same incidents however the checking was
 * split over threads. Returns the slot it went to, or NULL if not kept.
 */
static struct verify_incident *incident_keep(struct verify_stats *st,
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
	dst->failures += src->failures;
	for (int c = 0; c < VCLASS_NR; c++)
		dst->by_class[c] += src->by_class[c];
	for (unsigned i = 0; i < src->nr_inc; i++)
		incident_keep(dst, &src->inc[i]);
	qsort(dst->inc, dst->nr_inc, sizeof(dst->inc[0]), incident_cmp);
}

const char *verify_class_key(unsigned c)
{
	static const char *const names[VCLASS_NR] = {
		[VCLASS_OK] = "ok", [VCLASS_BITFLIP] = "bit_flips",
		[VCLASS_ZEROED] = "zeroed", [VCLASS_STALE] = "stale",
		[VCLASS_MISDIRECTED] = "misdirected", [VCLASS_TORN] = "torn",
		[VCLASS_FOREIGN] = "foreign", [VCLASS_UNWRITTEN] = "unwritten",
		[VCLASS_HEADER] = "header",
	};

	return c < VCLASS_NR ? names[c] : "unknown";
}

static bool kind_has_header(enum verify_kind k)
{
	return k == VERIFY_CSUM || k == VERIFY_META || k == VERIFY_PATTERN_HDR;
}

bool verify_stamps_writes(const struct job *j)
{
	/* verify=pattern with %o changes with the offset: filled per write. */
	return j->verify && (kind_has_header(j->verify->kind) ||
			     (j->verify->kind == VERIFY_PATTERN && j->o.verify_pattern_nofs));
}

bool verify_checks_reads(const struct job *j)
{
	return j->verify && j->verify->kind != VERIFY_NULL;
}

bool verify_has_phase(const struct job *j)
{
	const struct job_options *o = &j->o;

	if (!j->verify || j->verify->kind == VERIFY_NULL)
		return false;
	return o->verify_only || ((o->rw & RW_F_WRITE) && o->do_verify);
}

/* Smallest block any direction of the job uses. */
static uint64_t job_min_bs(const struct job_options *o)
{
	uint64_t m = 0;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		uint64_t b = o->min_bs[d];

		if (o->bssplit[d] && o->bssplit_nr[d])
			b = o->bssplit[d][0].bs;
		if (b && (!m || b < m))
			m = b;
	}
	return m ? m : 4096;
}

/* Every block size the job can issue must be whole units. */
static int check_bs_multiple(const struct job *j, uint64_t unit)
{
	const struct job_options *o = &j->o;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		if (o->min_bs[d] % unit || (o->max_bs[d] % unit && !o->bssplit[d]) ||
		    (o->bs_unaligned && o->min_bs[d] != o->max_bs[d])) {
			job_err(j, "block sizes must be multiples of the verify unit (%" PRIu64
				  " bytes); set verify_interval or use aligned sizes", unit);
			return 2;
		}
		for (size_t i = 0; o->bssplit[d] && i < o->bssplit_nr[d]; i++)
			if (o->bssplit[d][i].bs % unit) {
				job_err(j, "bssplit size %" PRIu64 " is not a multiple of the verify unit (%" PRIu64 " bytes)",
					  o->bssplit[d][i].bs, unit);
				return 2;
			}
	}
	return 0;
}

static int geometry(struct job *j, struct vjob *v)
{
	const struct job_options *o = &j->o;
	uint64_t min_bs = job_min_bs(o), unit;
	const void *csum = NULL;

	unit = o->verify_interval && o->verify_interval < min_bs ? o->verify_interval
								 : min_bs;
	v->kind = verify_kind_of(o->verify, &csum);
	v->geom.unit_len = (uint32_t)unit;
	v->geom.sector_size = (uint32_t)(o->verify_sector_size ? o->verify_sector_size : 512);
	v->geom.hdr_off = (uint32_t)o->verify_offset;
	v->geom.csum = v->kind == VERIFY_CSUM ? csum : NULL;
	if (v->kind == VERIFY_PATTERN && !o->verify_pattern_len) {
		job_err(j, "verify=pattern needs verify_pattern");
		return 2;
	}
	if (unit > VUNIT_MAX_LEN) {
		job_err(j, "verify unit of %" PRIu64 " bytes is larger than %u; set verify_interval",
			  unit, VUNIT_MAX_LEN);
		return 2;
	}
	if (kind_has_header(v->kind) && vunit_geom_check(&v->geom) < 0) {
		job_err(j, "verify unit %" PRIu64 " bytes, sector %u, verify_offset %u: the unit "
			  "must be a multiple of the sector size (512 or 4k) and the header (%u bytes) "
			  "must fit inside one sector before its 16-byte stamp",
			  unit, v->geom.sector_size, v->geom.hdr_off,
			  VHDR_LEN + (v->geom.csum ? v->geom.csum->digest_len : 0));
		return 2;
	}
	return check_bs_multiple(j, unit);
}

static void state_want(const struct job *j, const struct vjob *v, struct vstate *w)
{
	memset(w, 0, sizeof(*w));
	w->job_name = j->o.name;
	w->clone = j->jobnum;
	w->job_index = j->index;
	w->algo = v->geom.csum ? (uint8_t)v->geom.csum->id : 0;
	w->unit_len = v->geom.unit_len;
	w->sector_size = v->geom.sector_size;
	w->hdr_off = v->geom.hdr_off;
	w->nr_files = j->nr_files;
}

static int state_path(const struct job *j, char *buf, size_t cap)
{
	const char *aux = j->run && j->run->cfg ? j->run->cfg->aux_path : NULL;

	return vstate_path(buf, cap, aux, j->o.name, j->jobnum);
}

/* Take over the maps of a loaded state that matches the job. */
static int adopt_state(struct job *j, struct vjob *v, struct vstate *s)
{
	struct vstate want;
	struct vstate_file *wf;
	char why[256];
	int r;

	state_want(j, v, &want);
	wf = calloc(j->nr_files ? j->nr_files : 1, sizeof(*wf));
	if (!wf)
		return 3;
	for (unsigned i = 0; i < j->nr_files; i++) {
		wf[i].name = j->files[i].name;
		wf[i].offset = j->files[i].io_offset;
		wf[i].size = j->files[i].io_size;
		wf[i].nunits = j->files[i].io_size / v->geom.unit_len;
	}
	want.files = wf;
	r = vstate_match(s, &want, why, sizeof(why));
	free(wf);
	if (r < 0) {
		job_err(j, "saved verify state does not match this job: %s", why);
		return 2;
	}
	for (unsigned i = 0; i < j->nr_files; i++) {
		genmap_free(v->maps[i]);
		v->maps[i] = s->files[i].map;
		s->files[i].map = NULL;
	}
	v->seed = s->seed;
	v->run_id = s->run_id;
	v->map_valid = true;
	v->state_loaded = true;
	return 0;
}

static int load_state(struct job *j, struct vjob *v)
{
	char path[4096];
	struct vstate s;
	int r;

	if (state_path(j, path, sizeof(path)) < 0) {
		job_err(j, "verify state path too long");
		return 2;
	}
	r = vstate_load(path, &s);
	if (r == -ENOENT && !j->o.verify_state_load)
		return 0;	/* verify_only without state: check headers only */
	if (r < 0) {
		job_err(j, "cannot load verify state '%s': %s", path,
			  r == -EILSEQ ? "checksum mismatch, the file is damaged"
			  : r == -EBADMSG ? "not a verio state file, or truncated"
			  : r == -EPROTO ? "made by a newer verio"
					 : strerror(-r));
		return 2;
	}
	r = adopt_state(j, v, &s);
	vstate_release(&s);
	return r;
}

int verify_prepare(struct job *j)
{
	struct vjob *v;
	int r;

	if (!j->o.verify || !strcmp(j->o.verify, "0"))
		return 0;
	v = calloc(1, sizeof(*v));
	if (!v)
		return 3;
	j->verify = v;
	r = geometry(j, v);
	if (r)
		return r;
	v->seed = j->seed;
	v->maps = calloc(j->nr_files ? j->nr_files : 1, sizeof(*v->maps));
	if (!v->maps)
		return 3;
	for (unsigned i = 0; i < j->nr_files; i++) {
		v->maps[i] = genmap_new(j->files[i].io_size / v->geom.unit_len);
		if (!v->maps[i])
			return 3;
	}
	/* A job that writes knows what it wrote: its map is authoritative. */
	v->map_valid = (j->o.rw & RW_F_WRITE) && !j->o.verify_only;
	if (kind_has_header(v->kind) && (j->o.verify_state_load || j->o.verify_only))
		return load_state(j, v);
	return 0;
}

/*
 * The verify_pattern payload of the unit at off: the pattern repeated
 * from the unit start (and from every verify_pattern_interval), each
 * copy's %o holding off as 8 little-endian bytes.
 */
static void pattern_unit(const struct job_options *o, uint8_t *dst, uint32_t len,
			 uint64_t off)
{
	uint64_t period = o->verify_pattern_interval ? o->verify_pattern_interval : len;
	size_t plen = o->verify_pattern_len;

	for (uint32_t i = 0; i < len; i++)
		dst[i] = o->verify_pattern[(i % period) % plen];
	for (uint64_t base = 0; o->verify_pattern_nofs && base < len; base += period) {
		uint64_t end = MIN_OF(base + period, len);

		for (uint64_t c = base; c < end; c += plen)
			for (size_t m = 0; m < o->verify_pattern_nofs; m++)
				if (c + o->verify_pattern_ofs[m] + 8 <= end)
					put_le64(dst + c + o->verify_pattern_ofs[m], off);
	}
}

/* What a verify=pattern unit at off holds (w's scratch when %o varies it). */
static const uint8_t *pattern_want(const struct job *j, const struct vjob *v,
				   struct vworker *w, uint64_t off)
{
	if (!j->o.verify_pattern_nofs)
		return v->pattern;
	pattern_unit(&j->o, w->scratch, v->geom.unit_len, off);
	return w->scratch;
}

int verify_worker_init(struct job *j, struct vworker *w, struct verify_stats *st)
{
	struct vjob *v = j->verify;
	uint32_t nsec = v->geom.unit_len / v->geom.sector_size;
	int r;

	memset(w, 0, sizeof(*w));
	w->st = st;
	if (v->geom.csum) {
		w->csum = calloc(1, sizeof(*w->csum));
		if (!w->csum)
			return -ENOMEM;
		r = csum_ctx_init(w->csum, v->geom.csum);
		if (r < 0) {
			free(w->csum);
			w->csum = NULL;
			return r;
		}
	}
	w->scratch = aligned_alloc(4096, (v->geom.unit_len + 4095) / 4096 * 4096);
	w->sec_scratch = malloc(v->geom.sector_size);
	w->sectors = calloc(nsec ? nsec : 1, sizeof(*w->sectors));
	if (!w->scratch || !w->sec_scratch || !w->sectors)
		return -ENOMEM;
	return 0;
}

void verify_worker_release(struct vworker *w)
{
	if (!w)
		return;
	if (w->csum)
		csum_ctx_release(w->csum);
	free(w->csum);
	free(w->scratch);
	free(w->sec_scratch);
	free(w->sectors);
	memset(w, 0, sizeof(*w));
}

int verify_setup(struct job *j)
{
	struct vjob *v = j->verify;
	int r;

	if (!v)
		return 0;
	if (v->geom.csum) {
		r = csum_ctx_init(&v->csum, v->geom.csum);
		if (r < 0)
			return r;
		v->csum_ready = true;
	}
	r = verify_worker_init(j, &v->w0, &j->stats.verify);
	if (r < 0)
		return r;
	if (!v->state_loaded && getrandom(&v->run_id, sizeof(v->run_id), 0) != sizeof(v->run_id))
		v->run_id = now_ns() ^ ((uint64_t)getpid() << 32);
	v->wall0_ns = now_realtime_ms() * 1000000ULL;
	v->mono0_ns = now_ns();
	if (j->o.verify_backlog) {
		/* Writes still in flight when the backlog falls due land too. */
		v->ring_cap = j->o.verify_backlog + j->ectx.nr_io_us;
		v->ring = calloc(v->ring_cap, sizeof(*v->ring));
		if (!v->ring)
			return -ENOMEM;
	}
	if (v->kind == VERIFY_PATTERN) {
		/* Pattern writes never change: fill every buffer once. */
		v->pattern = malloc(v->geom.unit_len);
		if (!v->pattern)
			return -ENOMEM;
		pattern_unit(&j->o, v->pattern, v->geom.unit_len, 0);
		for (unsigned i = 0; i < j->ectx.nr_io_us; i++)
			for (uint64_t o = 0; o + v->geom.unit_len <= j->buf_size; o += v->geom.unit_len)
				memcpy(j->io_us[i].buf + o, v->pattern, v->geom.unit_len);
	}
	return 0;
}

static void save_state(struct job *j, struct vjob *v)
{
	struct vstate s;
	struct vstate_file *f;
	char path[4096];
	int r;

	state_want(j, v, &s);
	s.run_id = v->run_id;
	s.seed = v->seed;
	f = calloc(j->nr_files ? j->nr_files : 1, sizeof(*f));
	if (!f || state_path(j, path, sizeof(path)) < 0) {
		free(f);
		return;
	}
	for (unsigned i = 0; i < j->nr_files; i++) {
		f[i].name = j->files[i].name;
		f[i].offset = j->files[i].io_offset;
		f[i].size = j->files[i].io_size;
		f[i].nunits = genmap_nunits(v->maps[i]);
		f[i].map = v->maps[i];
	}
	s.files = f;
	r = vstate_save(path, &s);
	if (r < 0)
		fprintf(stderr, "verio: job '%s': cannot save verify state '%s': %s\n",
			j->o.name, path, strerror(-r));
	free(f);
}

void verify_finish(struct job *j)
{
	struct vjob *v = j->verify;

	if (!v)
		return;
	if (v->wrote && j->o.verify_state_save && kind_has_header(v->kind))
		save_state(j, v);
	if (v->csum_ready)
		csum_ctx_release(&v->csum);
	verify_worker_release(&v->w0);
	for (unsigned i = 0; v->maps && i < j->nr_files; i++)
		genmap_free(v->maps[i]);
	free(v->maps);
	free(v->pattern);
	free(v->ring);
	free(v);
	j->verify = NULL;
}

static inline uint64_t unit_index(const struct vjob *v, const struct io_u *u, uint32_t k)
{
	return (u->offset - u->file->io_offset) / v->geom.unit_len + k;
}

static inline unsigned file_index(const struct job *j, const struct vfile *f)
{
	return (unsigned)(f - j->files);
}

void verify_stamp(struct job *j, struct io_u *u)
{
	struct vjob *v = j->verify;
	const struct genmap *m = v->maps[file_index(j, u->file)];
	uint32_t n = (uint32_t)(u->len / v->geom.unit_len);
	struct vunit_id id = {
		.run_id = v->run_id,
		.seed = v->seed,
		.time_ns = v->wall0_ns + (now_ns() - v->mono0_ns),
		.job = j->index,
		.clone = j->jobnum,
	};

	if (v->kind == VERIFY_PATTERN) {
		for (uint32_t k = 0; k < n; k++)
			pattern_unit(&j->o, u->buf + (uint64_t)k * v->geom.unit_len,
				     v->geom.unit_len, u->offset + (uint64_t)k * v->geom.unit_len);
		return;
	}
	for (uint32_t k = 0; k < n; k++) {
		id.offset = u->offset + (uint64_t)k * v->geom.unit_len;
		id.gen = genmap_next(m, unit_index(v, u, k));
		vunit_build(u->buf + (uint64_t)k * v->geom.unit_len, &v->geom, &id,
			    v->csum_ready ? &v->csum : NULL);
	}
}

void verify_write_done(struct job *j, struct io_u *u)
{
	struct vjob *v = j->verify;
	unsigned fi = file_index(j, u->file);
	struct genmap *m = v->maps[fi];
	uint32_t n = (uint32_t)(u->len / v->geom.unit_len);

	for (uint32_t k = 0; k < n; k++) {
		uint64_t unit = unit_index(v, u, k);

		genmap_set(m, unit, genmap_next(m, unit));
	}
	v->wrote = true;
	if (v->ring && v->ring_count < v->ring_cap) {
		struct vb_entry *e = &v->ring[(v->ring_head + v->ring_count) % v->ring_cap];

		e->file = fi;
		e->offset = u->offset;
		e->len = u->len;
		v->ring_count++;
	}
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
static void data_digest(const struct vjob *v, struct csum_ctx *c, const uint8_t *buf,
			uint8_t *out)
{
	uint32_t h = v->geom.hdr_off, l = vunit_hdr_len(&v->geom);

	csum_begin(c);
	csum_update(c, buf + h + l, v->geom.unit_len - h - l);
	if (h)
		csum_update(c, buf, h);
	csum_end(c, out);
}

static void fill_sums(struct vjob *v, struct vworker *w, const uint8_t *unit,
		      const struct vdiag *d, struct verify_incident *inc)
{
	uint8_t got[CSUM_MAX_DIGEST];
	unsigned n;

	snprintf(inc->algo, sizeof(inc->algo), "%s",
		 v->geom.csum ? v->geom.csum->name : v->kind == VERIFY_META ? "meta" : "pattern");
	if (!w->csum)
		return;
	n = v->geom.csum->digest_len;
	data_digest(v, w->csum, unit, got);
	hex(inc->got_sum, got, n);
	if (d->hdr_decoded)
		hex(inc->exp_sum, d->hdr.digest, n);
}

/* <aux>/<basename, sanitised>.<offset> */
static void dump_prefix(const struct job *j, const char *file, uint64_t off,
			char *buf, size_t cap)
{
	const char *aux = j->run && j->run->cfg && j->run->cfg->aux_path
				  ? j->run->cfg->aux_path : ".";
	const char *base = strrchr(file, '/');
	char clean[256];
	size_t n = 0;

	base = base ? base + 1 : file;
	for (; *base && n + 1 < sizeof(clean); base++)
		clean[n++] = (isalnum((unsigned char)*base) || strchr("._-", *base)) ? *base : '_';
	clean[n] = '\0';
	snprintf(buf, cap, "%s/%s.%" PRIu64, aux, n ? clean : "target", off);
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

static void dump_incident_json(const char *path, const struct verify_incident *inc)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return;
	fprintf(f, "{\n  \"file\" : \"%s\",\n  \"offset\" : %" PRIu64 ",\n  \"length\" : %" PRIu64
		   ",\n  \"class\" : \"%s\",\n  \"expected_generation\" : %" PRIu64
		   ",\n  \"found_generation\" : %" PRIu64 ",\n  \"found_offset\" : %" PRIu64
		   ",\n  \"bad_bytes\" : %" PRIu64 ",\n  \"bad_bits\" : %" PRIu64
		   ",\n  \"algorithm\" : \"%s\",\n  \"expected\" : \"%s\",\n  \"received\" : \"%s\"\n}\n",
		inc->file, inc->offset, inc->len, verify_class_key(inc->cls), inc->exp_gen,
		inc->found_gen, inc->found_offset, inc->bad_bytes, inc->bad_bits, inc->algo,
		inc->exp_sum, inc->got_sum);
	fclose(f);
}

/* verify_dump=1: .received, .expected (regenerated) and .json. */
static void dump_unit(struct job *j, struct vjob *v, struct vworker *w,
		      const uint8_t *unit, const struct vdiag *d, struct verify_incident *inc)
{
	char path[600];
	struct vunit_id id = {
		.offset = inc->offset,
		.seed = v->seed,
		.run_id = v->run_id,
		.job = j->index,
		.clone = j->jobnum,
	};

	dump_prefix(j, inc->file, inc->offset, inc->dump, sizeof(inc->dump));
	snprintf(path, sizeof(path), "%s.received", inc->dump);
	write_file(path, unit, v->geom.unit_len);
	id.gen = d->exp_gen ? d->exp_gen : 1;
	if (d->hdr_decoded && d->hdr.offset == inc->offset) {
		id.run_id = d->hdr.run_id;
		id.time_ns = d->hdr.time_ns;
		id.job = d->hdr.job;
		id.clone = d->hdr.clone;
	}
	if (v->kind == VERIFY_PATTERN) {
		const uint8_t *want = pattern_want(j, v, w, inc->offset);

		if (want != w->scratch)
			memcpy(w->scratch, want, v->geom.unit_len);
	} else
		vunit_expected(w->scratch, &v->geom, &id, w->csum);
	snprintf(path, sizeof(path), "%s.expected", inc->dump);
	write_file(path, w->scratch, v->geom.unit_len);
	snprintf(path, sizeof(path), "%s.json", inc->dump);
	dump_incident_json(path, inc);
}

static void print_incident(const struct job *j, const struct vjob *v,
			   const struct verify_incident *inc, const struct vdiag *d)
{
	unsigned shown = 0, more = 0;

	fprintf(stderr, "verio: job '%s': verify failed at file '%s' offset %" PRIu64
		", length %" PRIu64 " (requested block: offset=%" PRIu64 ", length=%" PRIu64 "): %s",
		j->o.name, inc->file, inc->offset, inc->len, inc->req_offset, inc->req_len,
		vclass_name(inc->cls));
	if (inc->cls == VCLASS_MISDIRECTED)
		fprintf(stderr, " (data of offset %" PRIu64 ")", inc->found_offset);
	else if (inc->cls == VCLASS_STALE)
		fprintf(stderr, " (generation %" PRIu64 ", expected %" PRIu64 ")",
			inc->found_gen, inc->exp_gen);
	else if (inc->cls == VCLASS_TORN)
		fprintf(stderr, " (from sector %u at offset %" PRIu64 " generation %" PRIu64
			", before it %" PRIu64 ")", inc->torn_sector, inc->torn_offset,
			inc->found_gen, inc->exp_gen);
	else if (inc->cls == VCLASS_BITFLIP)
		fprintf(stderr, " (%" PRIu64 " bits in %" PRIu64 " bytes)", inc->bad_bits,
			inc->bad_bytes);
	if (inc->got_sum[0])
		fprintf(stderr, "; %s expected %s, received %s", inc->algo,
			inc->exp_sum[0] ? inc->exp_sum : "(no header)", inc->got_sum);
	if (d && d->hdr_decoded && d->hdr.offset == inc->offset &&
	    d->hdr.unit_len != v->geom.unit_len)
		fprintf(stderr, "; written as %u-byte verify units, read as %u: use the "
			"writer's bs / verify_interval", d->hdr.unit_len, v->geom.unit_len);
	fputc('\n', stderr);
	for (uint32_t s = 0; d && s < d->nsec && s < d->sec_cap; s++) {
		const struct vsector *sec = &d->sec[s];

		if (sec->cls == VCLASS_OK)
			continue;
		if (shown++ >= 8) {
			more++;
			continue;
		}
		fprintf(stderr, "verio:   sector %u (offset %" PRIu64 "): %s", s,
			inc->offset + (uint64_t)s * v->geom.sector_size, vclass_name(sec->cls));
		if (sec->stamp_ok)
			fprintf(stderr, ", stamp offset %" PRIu64 " generation %u",
				sec->found_offset, sec->found_gen);
		if (sec->bad_bits)
			fprintf(stderr, ", %u bits differ (first at bit %u)", sec->bad_bits,
				sec->nbitpos ? sec->bitpos[0] : 0);
		fputc('\n', stderr);
	}
	if (more)
		fprintf(stderr, "verio:   ... and %u more\n", more);
}

static void record(struct job *j, struct vjob *v, struct vworker *w, const struct io_u *u,
		   uint64_t off, const uint8_t *unit, const struct vdiag *d, int check)
{
	struct verify_stats *vs = w->st;
	struct verify_incident one, *inc = &one;

	memset(inc, 0, sizeof(*inc));
	inc->file = u->file->name;
	inc->offset = off;
	inc->len = v->geom.unit_len;
	inc->req_offset = u->offset;
	inc->req_len = u->len;
	inc->cls = (uint8_t)d->cls;
	inc->check = check;
	inc->exp_gen = d->exp_gen;
	inc->found_gen = d->found_gen;
	inc->found_offset = d->found_offset;
	inc->bad_bytes = d->bad_bytes;
	inc->bad_bits = d->bad_bits;
	inc->first_bad_sector = d->first_bad;
	inc->torn_sector = d->torn_sector;
	inc->torn_offset = d->torn_offset;
	fill_sums(v, w, unit, d, inc);
	/* Every failing unit is dumped (as fio does): the set never depends
	 * on how many threads checked. */
	if (j->o.verify_dump)
		dump_unit(j, v, w, unit, d, inc);
	print_incident(j, v, inc, d);
	incident_keep(vs, inc);
	vs->failures++;
	vs->by_class[d->cls]++;
}

/* verify=pattern: zeroed, bit flips (near the pattern) or foreign. */
static void diagnose_pattern(const struct vjob *v, const uint8_t *unit,
			     const uint8_t *want, struct vdiag *d)
{
	uint64_t bits = 0, bytes = 0, zero = 0;

	memset(d, 0, sizeof(*d));
	for (uint32_t i = 0; i < v->geom.unit_len; i++) {
		uint8_t x = unit[i] ^ want[i];

		zero += unit[i] == 0;
		bytes += x != 0;
		bits += (uint64_t)__builtin_popcount(x);
	}
	d->bad_bits = bits;
	d->bad_bytes = bytes;
	d->first_bad = VDIAG_NONE;
	d->cls = zero == v->geom.unit_len ? VCLASS_ZEROED
		 : bits <= v->geom.unit_len ? VCLASS_BITFLIP	/* within 1/8 of the bits */
					     : VCLASS_FOREIGN;
}

/* Slow path: a unit failed its check. */
static void unit_failed(struct job *j, struct vjob *v, struct vworker *w,
			const struct io_u *u, uint32_t k, const struct vunit_expect *e, int check)
{
	const uint8_t *unit = u->buf + (uint64_t)k * v->geom.unit_len;
	struct vdiag d;

	if (v->kind == VERIFY_PATTERN) {
		diagnose_pattern(v, unit, pattern_want(j, v, w, e->offset), &d);
	} else {
		memset(&d, 0, sizeof(d));
		d.sec = w->sectors;
		d.sec_cap = v->geom.unit_len / v->geom.sector_size;
		vunit_diagnose(unit, &v->geom, e, w->csum, w->sec_scratch, &d);
		if (d.cls == VCLASS_OK)
			d.cls = VCLASS_HEADER;
	}
	record(j, v, w, u, e->offset, unit, &d, check);
	if (j->o.verify_fatal)
		atomic_store_explicit(&j->verify_stop, true, memory_order_relaxed);
}

bool verify_read_done(struct job *j, struct io_u *u)
{
	return verify_check_read(j, &j->verify->w0, u);
}

bool verify_check_read(struct job *j, struct vworker *w, struct io_u *u)
{
	struct vjob *v = j->verify;
	const struct genmap *m = v->maps[file_index(j, u->file)];
	uint32_t n = (uint32_t)(u->len / v->geom.unit_len);
	struct verify_stats *vs = w->st;
	bool ok = true;

	for (uint32_t k = 0; k < n; k++) {
		const uint8_t *unit = u->buf + (uint64_t)k * v->geom.unit_len;
		struct vunit_expect e = {
			.offset = u->offset + (uint64_t)k * v->geom.unit_len,
			.seed = v->seed,
			.seed_known = v->map_valid,
		};
		int r;

		if (v->map_valid) {
			e.gen = genmap_get(m, unit_index(v, u, k));
			if (!e.gen) {
				vs->unwritten++;
				continue;
			}
		}
		vs->units++;
		vs->bytes += v->geom.unit_len;
		if (v->kind == VERIFY_PATTERN) {
			r = memcmp(unit, pattern_want(j, v, w, e.offset), v->geom.unit_len)
				    ? -EBADE : 0;
		} else if (j->o.verify_mode == VERIFY_MODE_COMPARE) {
			r = vunit_compare(unit, &v->geom, &e, w->csum, NULL, w->scratch);
		} else {
			r = vunit_check(unit, &v->geom, &e, w->csum, NULL);
		}
		if (unlikely(r)) {
			unit_failed(j, v, w, u, k, &e, r);
			ok = false;
		}
	}
	return ok;
}

bool verify_backlog_due(const struct job *j)
{
	const struct vjob *v = j->verify;

	return v && v->ring && v->ring_count >= j->o.verify_backlog;
}

static void read_io(struct io_u *u, struct vfile *f, uint64_t off, uint64_t len)
{
	u->file = f;
	u->ddir = DDIR_READ;
	u->offset = off;
	u->len = len;
}

/*
 * One read of the backlog: the oldest written block. A batch is
 * verify_backlog_batch reads (default: all of them); blocks left over
 * when the batch is smaller are dropped unverified, as fio does.
 */
int verify_backlog_next(struct job *j, struct io_u *u)
{
	struct vjob *v = j->verify;
	struct vb_entry *e;

	if (!v->batch_left) {
		unsigned b = j->o.verify_backlog_batch ? j->o.verify_backlog_batch
						       : v->ring_count;

		v->batch_left = b < v->ring_count ? b : v->ring_count;
		if (!v->batch_left) {
			v->ring_count = 0;
			return -ENOENT;
		}
	}
	e = &v->ring[v->ring_head];
	read_io(u, &j->files[e->file], e->offset, e->len);
	v->ring_head = (v->ring_head + 1) % v->ring_cap;
	v->ring_count--;
	if (!--v->batch_left) {
		/* Batch done: anything the batch did not cover is dropped. */
		v->ring_head = (v->ring_head + v->ring_count) % v->ring_cap;
		v->ring_count = 0;
		v->batch_left = 0;
	}
	return 0;
}

void verify_walk_start(struct job *j)
{
	struct vjob *v = j->verify;

	if (!v)
		return;
	v->walk_file = 0;
	v->walk_unit = 0;
	v->batch_left = 0;
}

/*
 * The verify phase: with a backlog, what is left of it; otherwise every
 * written unit of every file (every unit, without a valid map), read in
 * runs of consecutive units as long as one buffer holds.
 */
int verify_walk_next(struct job *j, struct io_u *u)
{
	struct vjob *v = j->verify;
	uint32_t U = v->geom.unit_len;
	uint64_t max_units = j->buf_size / U;

	if (v->ring) {
		if (!v->ring_count)
			return -ENOENT;
		v->batch_left = v->ring_count;
		return verify_backlog_next(j, u);
	}
	while (v->walk_file < j->nr_files) {
		struct vfile *f = &j->files[v->walk_file];
		const struct genmap *m = v->maps[v->walk_file];
		uint64_t n = genmap_nunits(m), start, cnt = 0;

		while (v->walk_unit < n && v->map_valid && !genmap_get(m, v->walk_unit))
			v->walk_unit++;
		if (v->walk_unit >= n) {
			v->walk_file++;
			v->walk_unit = 0;
			continue;
		}
		start = v->walk_unit;
		while (start + cnt < n && cnt < max_units &&
		       (!v->map_valid || genmap_get(m, start + cnt)))
			cnt++;
		v->walk_unit = start + cnt;
		read_io(u, f, f->io_offset + start * U, cnt * U);
		return 0;
	}
	return -ENOENT;
}
