/*
 * inspect-dump.c - `verio inspect FILE.received [FILE.expected]`: the
 * dump files of verify_dump (docs/format.md, "Incidents"), or any file of
 * whole verio units (the mirror's dumps hold a whole read).
 *
 * What is expected of each unit comes, in this order, from: the
 * .expected file given (its header names the write that should be
 * there), the dump's .json sidecar (<prefix>.json: the expected
 * generation and run, the run's verdict, the reread triage), a saved
 * state (--state, or a bundle's), and the unit's own header; a header
 * whose crc fails still gives its data seed when the sector stamps
 * confirm it.  The geometry comes from the headers, else from the
 * stamps, else from the .json.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/stat.h>

#include "cmd/inspect.h"
#include "csum.h"
#include "fdio.h"
#include "verify/genmap.h"
#include "verify/incident.h"
#include "verify/state.h"
#include "verify/vinspect.h"

/* The largest dump read whole: a mirror's read, or a unit. */
#define DUMP_MAX	(256u << 20)

/* A dump and what came with it. */
struct dump {
	const char *path;
	uint8_t *rcv, *exp;
	size_t len;
	const char *exp_path;
	char prefix[4096];
	char json_path[4200];
	bool have_json;
	struct verify_incident inc;
	char inc_name[4096];
	char reread[32];
	struct vinsp_guess g, ge;	/* of the received and expected bytes */
	bool g_ok, ge_ok;
	struct vunit_geom geom;
	uint64_t base;			/* offset of the first unit */
	bool base_known;
};

/* The whole file into *buf (aligned, for O_DIRECT-free reads too). */
static int slurp(const char *path, uint8_t **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t n;

	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return -EINVAL;
	}
	if ((uint64_t)st.st_size > DUMP_MAX) {
		close(fd);
		return -EFBIG;
	}
	*len = (size_t)st.st_size;
	*buf = malloc(*len ? *len : 1);
	if (!*buf) {
		close(fd);
		return -ENOMEM;
	}
	n = pread_full(fd, *buf, *len, 0, NULL);
	close(fd);
	if (n < 0 || (size_t)n != *len) {
		free(*buf);
		*buf = NULL;
		return n < 0 ? (int)n : -EIO;
	}
	return 0;
}

static int on_reread(void *arg, const struct json_member *m)
{
	char *out = arg;

	if (m->is_str && !strcmp(m->key, "reread"))
		snprintf(out, 32, "%s", m->str);
	return 0;
}

/* The "reread" key of the sidecar (the reread triage), when present. */
static void read_reread(const char *path, char *out)
{
	uint8_t *text;
	size_t len;
	char scratch[4096];

	out[0] = '\0';
	if (slurp(path, &text, &len))
		return;
	(void)json_read_flat((const char *)text, len, scratch, sizeof(scratch), on_reread, out);
	free(text);
}

/* <prefix>.json next to <prefix>.received: 0, or 2 when it is no dump .json. */
static int read_sidecar(struct dump *dp)
{
	const char *sfx = ".received";
	size_t n = strlen(dp->path), k = strlen(sfx);
	struct stat st;
	int r;

	if (n <= k || strcmp(dp->path + n - k, sfx) || n - k >= sizeof(dp->prefix))
		return 0;
	memcpy(dp->prefix, dp->path, n - k);
	dp->prefix[n - k] = '\0';
	snprintf(dp->json_path, sizeof(dp->json_path), "%s.json", dp->prefix);
	if (stat(dp->json_path, &st))
		return 0;
	r = incident_read_json(dp->json_path, &dp->inc, dp->inc_name, sizeof(dp->inc_name));
	if (r) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio dump .json: %s\n",
			dp->json_path, r == -EBADMSG ? "not the shape of one" : strerror(-r));
		return 2;
	}
	dp->have_json = true;
	read_reread(dp->json_path, dp->reread);
	return 0;
}

/* The offset a dump's name gives: "<name>.<offset>.received". */
static bool offset_from_name(const char *path, uint64_t *off)
{
	const char *end = strrchr(path, '.'), *p;
	char *stop;

	if (!end || strcmp(end, ".received"))
		return false;
	for (p = end; p > path && p[-1] >= '0' && p[-1] <= '9'; p--)
		;
	if (p == end || p == path || p[-1] != '.')
		return false;
	*off = strtoull(p, &stop, 10);
	return stop == end;
}

/* The checksum the dump names, by id or by name. */
static const struct csum_def *dump_csum(const struct dump *dp, bool *known)
{
	const struct vinsp_guess *g = dp->g.from_header || dp->g.from_raw_header ? &dp->g
				      : dp->ge_ok && (dp->ge.from_header || dp->ge.from_raw_header)
				      ? &dp->ge : NULL;

	*known = true;
	if (g)
		return csum_by_id(g->algo);
	if (dp->have_json && dp->inc.algo[0] && strcmp(dp->inc.algo, "meta"))
		return csum_find(dp->inc.algo);
	*known = dp->have_json;
	return NULL;
}

/* Geometry: 0, or 2 (printed) when nothing says this is verio's data. */
static int dump_geom(struct dump *dp)
{
	const struct vinsp_guess *g = dp->g_ok ? &dp->g : dp->ge_ok ? &dp->ge : NULL;
	struct vunit_geom *G = &dp->geom;
	bool algo_known;

	if (!g && !dp->have_json) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio dump: no verio header, no "
			"sector stamps and no .json beside it\n", dp->path);
		return 2;
	}
	G->sector_size = g ? g->sector_size : 512;
	G->unit_len = g && g->unit_len ? g->unit_len
		      : dp->have_json && dp->inc.len ? (uint32_t)dp->inc.len : (uint32_t)dp->len;
	G->hdr_off = g ? g->hdr_off : 0;	/* a dump starts at a unit's start */
	G->csum = dump_csum(dp, &algo_known);
	if (g && (g->from_header || g->from_raw_header) && g->hdr.flags & VHDR_F_STAMPLESS) {
		fprintf(stderr, "verio: inspect: '%s' holds stampless units (verify_interval "
			"not a multiple of the sector): inspect reads native units only\n", dp->path);
		return 2;
	}
	if (!G->unit_len || dp->len % G->unit_len || vunit_geom_check(G)) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio dump: %zu bytes are no whole "
			"number of %u-byte units of %u-byte sectors\n", dp->path, dp->len,
			G->unit_len, G->sector_size);
		return 2;
	}
	if (dp->have_json)
		dp->base = dp->inc.offset;
	else if (g && g->offset_known)
		dp->base = g->offset;
	else if (!offset_from_name(dp->path, &dp->base))
		dp->base = 0;
	dp->base_known = dp->have_json || (g && g->offset_known);
	return 0;
}

/* The run of the state whose generations hold gen: seed and run id. */
static void expect_from_state(const struct insp *ix, struct vunit_expect *e,
			      uint64_t *seeds, unsigned *nseeds)
{
	const struct vstate *s = ix->state;

	*nseeds = 0;
	if (!s)
		return;
	for (unsigned i = 0; i < s->nr_runs && i < 64; i++)
		seeds[(*nseeds)++] = s->runs[i].seed;
	e->alt_seeds = seeds;
	e->nr_alt_seeds = *nseeds;
	for (unsigned i = s->nr_runs; e->gen && i-- > 0;) {
		if (e->gen >= s->runs[i].first_gen && e->gen <= s->runs[i].last_gen) {
			e->seed = s->runs[i].seed;
			e->seed_known = true;
			e->run_id = s->runs[i].run_id;
			e->run_known = true;
			return;
		}
	}
}

/*
 * A damaged header's data seed, when the stamps confirm it (one valid
 * stamp is 2^-32 by chance): the sectors can then be judged.
 */
static bool recover_seed(const uint8_t *unit, const struct vunit_geom *G, uint64_t *seed)
{
	struct vhdr h;
	bool crc_ok;

	if (vinsp_hdr_raw(unit + G->hdr_off, G->unit_len - G->hdr_off, &h, &crc_ok))
		return false;
	if (!vinsp_seed_hits(unit, G->unit_len, G->sector_size, h.seed))
		return false;
	*seed = h.seed;
	return true;
}

/* What unit k of the dump is expected to be. */
static void dump_expect(const struct insp *ix, const struct dump *dp, uint32_t k,
			struct insp_unit *u, uint64_t *seeds)
{
	const struct vunit_geom *G = &dp->geom;
	const uint8_t *exp = dp->exp ? dp->exp + (size_t)k * G->unit_len : NULL;
	struct vunit_expect *e = &u->e;
	unsigned nseeds;
	struct vhdr h;

	memset(e, 0, sizeof(*e));
	u->source = "the unit's header";
	if (dp->have_json && !k) {
		e->gen = dp->inc.exp_gen;
		u->source = "the dump's .json";
		u->writer_hint = dp->inc.exp_writer_known;
		u->hint_job = dp->inc.exp_job;
		u->hint_clone = dp->inc.exp_clone;
	}
	if (exp && !vhdr_decode(exp + G->hdr_off, G->unit_len - G->hdr_off, &h) &&
	    h.offset == u->offset) {
		e->gen = e->gen ? e->gen : h.gen;
		e->seed = h.seed;
		e->seed_known = true;
		e->run_id = h.run_id;
		/* The run is known when the run said it knew it. */
		e->run_known = dp->have_json && !k && dp->inc.exp_writer_known;
		u->source = dp->have_json && !k ? "the dump's .json and the expected file"
						 : "the expected file";
	}
	if (!e->seed_known && ix->state) {
		expect_from_state(ix, e, seeds, &nseeds);
		if (e->seed_known)
			u->source = "the saved state's runs";
	}
	if (!e->seed_known) {
		/* The run is unknown: judge by the header's seed, or a damaged
		 * header's when the stamps confirm it. */
		if (vhdr_decode(u->rcv + G->hdr_off, G->unit_len - G->hdr_off, &h) &&
		    recover_seed(u->rcv, G, &e->seed)) {
			e->seed_known = true;
			u->source = dp->have_json && !k ? "the dump's .json, the seed of the damaged "
							  "header (confirmed by the stamps)"
							: "the seed of the damaged header (confirmed "
							  "by the stamps)";
		}
	}
	if (ix->state && !e->alt_seeds) {
		struct vunit_expect none = { 0 };

		expect_from_state(ix, &none, seeds, &nseeds);
		e->alt_seeds = seeds;
		e->nr_alt_seeds = nseeds;
	}
	/* The writer: when the run expected its own run's data (same run),
	 * a block of another job or clone is another writer's. */
	if (dp->have_json && !k && dp->inc.exp_writer_known && dp->inc.writer_known &&
	    dp->inc.writer_run == dp->inc.exp_run && dp->inc.cls == VCLASS_OTHER_WRITER) {
		e->job = dp->inc.exp_job;
		e->clone = dp->inc.exp_clone;
		e->writer_known = true;
	}
}

static int dump_units(struct insp *ix, struct dump *dp)
{
	const struct vunit_geom *G = &dp->geom;
	uint32_t n = (uint32_t)(dp->len / G->unit_len);
	uint64_t seeds[64];
	uint8_t *exp = malloc(G->unit_len);
	int r = 0;

	if (!exp)
		return 3;
	for (uint32_t k = 0; k < n && !r; k++) {
		struct insp_unit u = {
			.file = dp->have_json ? dp->inc.file : dp->path,
			.dump = dp->path,
			.rcv = dp->rcv + (size_t)k * G->unit_len,
			.exp = dp->exp ? dp->exp + (size_t)k * G->unit_len : exp,
			.exp_given = dp->exp != NULL,
			.exp_path = dp->exp_path,
			.geom = *G,
			.recorded = dp->have_json && !k ? &dp->inc : NULL,
			.reread = dp->reread[0] && !k ? dp->reread : NULL,
		};
		struct vhdr h;

		u.offset = dp->base + (uint64_t)k * G->unit_len;
		/* A dump of several units (a mirror's read): each header names
		 * its own unit when the first did not say. */
		if (k && !dp->base_known &&
		    !vhdr_decode(u.rcv + G->hdr_off, G->unit_len - G->hdr_off, &h))
			u.offset = h.offset;
		dump_expect(ix, dp, k, &u, seeds);
		if (insp_judge(ix, &u))
			r = 3;
		else
			insp_show(ix, &u);
	}
	free(exp);
	return r;
}

static int dump_load(struct dump *dp, const char *path, const char *exp_path)
{
	int r;

	dp->path = path;
	dp->exp_path = exp_path;
	r = slurp(path, &dp->rcv, &dp->len);
	if (r) {
		fprintf(stderr, "verio: inspect: cannot read '%s': %s\n", path,
			r == -EINVAL ? "not a regular file" : strerror(-r));
		return 2;
	}
	if (!dp->len || dp->len % 512) {
		fprintf(stderr, "verio: inspect: '%s' is not a verio dump: %zu bytes, not a "
			"whole number of 512-byte sectors\n", path, dp->len);
		return 2;
	}
	if (exp_path) {
		size_t elen;

		r = slurp(exp_path, &dp->exp, &elen);
		if (r) {
			fprintf(stderr, "verio: inspect: cannot read '%s': %s\n", exp_path,
				r == -EINVAL ? "not a regular file" : strerror(-r));
			return 2;
		}
		if (elen != dp->len) {
			fprintf(stderr, "verio: inspect: '%s' (%zu bytes) is not the expected side "
				"of '%s' (%zu bytes)\n", exp_path, elen, path, dp->len);
			return 2;
		}
	}
	r = read_sidecar(dp);
	if (r)
		return r;
	dp->g_ok = !vinsp_guess_geom(dp->rcv, dp->len, &dp->g);
	dp->ge_ok = dp->exp && !vinsp_guess_geom(dp->exp, dp->len, &dp->ge);
	return dump_geom(dp);
}

int insp_dump_one(struct insp *ix, const char *rcv_path, const char *exp_path)
{
	struct dump *dp = calloc(1, sizeof(*dp));
	int r;

	if (!dp)
		return 3;
	r = dump_load(dp, rcv_path, exp_path);
	if (!r) {
		insp_units_begin(ix);
		if (!ix->json)
			printf("dump '%s': %zu bytes, %zu unit%s of %u bytes, %u-byte sectors, %s%s\n",
			       insp_name(ix, rcv_path), dp->len, dp->len / dp->geom.unit_len,
			       dp->len / dp->geom.unit_len == 1 ? "" : "s", dp->geom.unit_len,
			       dp->geom.sector_size,
			       dp->geom.csum ? dp->geom.csum->name : "no checksum",
			       dp->have_json ? "; .json beside it" : "");
		r = dump_units(ix, dp);
	}
	free(dp->rcv);
	free(dp->exp);
	free(dp);
	return r;
}

/* FILE.received [FILE.expected] */
int insp_dumps(struct insp *ix, char **paths, int n)
{
	if (n > 2) {
		fprintf(stderr, "verio: inspect: too many files: a dump takes "
			"FILE.received [FILE.expected]\n");
		return 2;
	}
	return insp_dump_one(ix, paths[0], n == 2 ? paths[1] : NULL);
}
