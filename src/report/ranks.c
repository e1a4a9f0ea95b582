/*
 * ranks.c - one rank's job results as bytes, and folded into another's
 * (report/ranks.h).
 *
 * Layout: a header (magic, the sizes that pin the build's layout, the
 * number of jobs), then per job a fixed record (wall time, error,
 * interruption, the raw struct job_stats), then per job the strings of
 * its incidents (file) and mirror ranges (file, reference), each
 * NUL-terminated, "" for none. The raw stats' pointers are meaningless
 * on arrival; the strings replace them.
 */
#include "compat.h"

#include "report/ranks.h"
#include "report/stats.h"

#define RANKS_MAGIC 0x4b4e5256u	/* "VRNK" */

struct ranks_head {
	uint32_t magic;
	uint32_t stats_size, incident_size, range_size;
	uint64_t nr;
};

struct ranks_job {
	uint64_t elapsed_ns;
	int32_t error;
	uint8_t interrupted;
	struct job_stats st;
};

/* The strings one job's stats name, in pack order, through fn. */
static int each_string(struct job_stats *st, int (*fn)(const char **s, void *arg), void *arg)
{
	int r = 0;

	for (unsigned i = 0; !r && i < st->verify.nr_inc; i++)
		r = fn(&st->verify.inc[i].file, arg);
	for (unsigned i = 0; !r && i < st->mirror.nr; i++) {
		r = fn(&st->mirror.r[i].file, arg);
		if (!r)
			r = fn(&st->mirror.r[i].ref, arg);
	}
	return r;
}

struct sink {
	FILE *f;
};

static int put_string(const char **s, void *arg)
{
	struct sink *k = arg;
	const char *v = *s ? *s : "";

	return fwrite(v, 1, strlen(v) + 1, k->f) == strlen(v) + 1 ? 0 : -ENOMEM;
}

int ranks_pack(const struct job_result *res, size_t nr, void **buf, size_t *len)
{
	struct ranks_head h = {
		.magic = RANKS_MAGIC,
		.stats_size = sizeof(struct job_stats),
		.incident_size = sizeof(struct verify_incident),
		.range_size = sizeof(struct mirror_range),
		.nr = nr,
	};
	struct sink k;
	char *out = NULL;
	size_t n = 0;
	int r = 0;

	k.f = open_memstream(&out, &n);
	if (!k.f)
		return -ENOMEM;
	if (fwrite(&h, sizeof(h), 1, k.f) != 1)
		r = -ENOMEM;
	for (size_t i = 0; !r && i < nr; i++) {
		struct ranks_job *rj = calloc(1, sizeof(*rj));

		if (!rj) {
			r = -ENOMEM;
			break;
		}
		rj->elapsed_ns = res[i].elapsed_ns;
		rj->error = res[i].error;
		rj->interrupted = res[i].interrupted;
		rj->st = res[i].st;
		if (fwrite(rj, sizeof(*rj), 1, k.f) != 1)
			r = -ENOMEM;
		free(rj);
	}
	for (size_t i = 0; !r && i < nr; i++) {
		struct job_stats *st = (struct job_stats *)&res[i].st;	/* only read */

		r = each_string(st, put_string, &k);
	}
	if (fclose(k.f) && !r)
		r = -ENOMEM;
	if (r) {
		free(out);
		return r;
	}
	*buf = out;
	*len = n;
	return 0;
}

/* Reading the strings back: each points into the packed bytes. */
struct source {
	const char *p, *end;
};

static int get_string(const char **s, void *arg)
{
	struct source *src = arg;
	const char *nul = memchr(src->p, '\0', (size_t)(src->end - src->p));

	if (!nul)
		return -EBADMSG;
	*s = *src->p ? src->p : NULL;
	src->p = nul + 1;
	return 0;
}

/* Collect pointers (to free later), or make each one an owned copy. */
struct strset {
	const char **v;
	size_t nr, cap;
};

static int collect(const char **s, void *arg)
{
	struct strset *set = arg;

	if (!*s)
		return 0;
	if (set->nr == set->cap) {
		size_t cap = set->cap ? 2 * set->cap : 32;
		const char **v = realloc(set->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		set->v = v;
		set->cap = cap;
	}
	set->v[set->nr++] = *s;
	return 0;
}

/* Hands out copies, in the order collect() saw the strings. */
struct copies {
	char **v;
	size_t next;
};

static int assign(const char **s, void *arg)
{
	struct copies *c = arg;

	if (*s)
		*s = c->v[c->next++];
	return 0;
}

/* Make every string merged[0..nr) names a copy of its own; all or none. */
static int own_strings(struct job_stats *merged, size_t nr)
{
	struct strset seen = { 0 };
	struct copies c = { 0 };
	int r = 0;

	for (size_t i = 0; !r && i < nr; i++)
		r = each_string(&merged[i], collect, &seen);
	if (!r && !(c.v = calloc(seen.nr ? seen.nr : 1, sizeof(*c.v))))
		r = -ENOMEM;
	for (size_t i = 0; !r && i < seen.nr; i++)
		if (!(c.v[i] = strdup(seen.v[i])))
			r = -ENOMEM;
	if (r) {
		for (size_t i = 0; c.v && i < seen.nr; i++)
			free(c.v[i]);
	} else {
		for (size_t i = 0; i < nr; i++)
			(void)each_string(&merged[i], assign, &c);
	}
	free(c.v);
	free(seen.v);
	return r;
}

static void free_set(struct strset *set)
{
	for (size_t i = 0; i < set->nr; i++)
		free((char *)set->v[i]);
	free(set->v);
	set->v = NULL;
	set->nr = set->cap = 0;
}

/*
 * One run time of a merged job: from the earliest start to the latest
 * end, each end being its own start (off_* ns after the earliest) plus
 * its run time; 0 stays "did not run".
 */
static uint64_t span(uint64_t off_a, uint64_t a, uint64_t off_b, uint64_t b)
{
	uint64_t ea = a ? off_a + a : 0, eb = b ? off_b + b : 0;

	return MAX_OF(ea, eb);
}

static void merge_one(struct job_stats *dst, const struct job_stats *src, enum ranks_time how)
{
	uint64_t ds = dst->start_wall_ms, ss = src->start_wall_ms;
	uint64_t start = ds && ss ? MIN_OF(ds, ss) : MAX_OF(ds, ss);
	uint64_t doff = ds ? (ds - start) * 1000000 : 0;
	uint64_t soff = ss ? (ss - start) * 1000000 : 0;
	uint64_t rt = span(doff, dst->runtime_ns, soff, src->runtime_ns);
	uint64_t drt[DDIR_DATA_CNT];

	if (how == RANKS_SEQUENTIAL)
		rt = dst->runtime_ns + src->runtime_ns;
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		drt[d] = how == RANKS_SEQUENTIAL
				 ? dst->dir[d].runtime_ns + src->dir[d].runtime_ns
				 : span(doff, dst->dir[d].runtime_ns, soff, src->dir[d].runtime_ns);
	job_stats_merge(dst, src);	/* start_wall_ms: the earlier */
	dst->runtime_ns = rt;
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		dst->dir[d].runtime_ns = drt[d];
}

int ranks_merge(struct job_result *res, size_t nr, const void *buf, size_t len,
		enum ranks_time how)
{
	const char *p = buf;
	struct ranks_head h;
	struct source src;
	struct ranks_job *rj;
	struct job_stats *merged;
	struct strset old = { 0 };
	int r = 0;

	if (len < sizeof(h))
		return -EBADMSG;
	memcpy(&h, p, sizeof(h));
	if (h.magic != RANKS_MAGIC || h.stats_size != sizeof(struct job_stats) ||
	    h.incident_size != sizeof(struct verify_incident) ||
	    h.range_size != sizeof(struct mirror_range) || h.nr != nr ||
	    (len - sizeof(h)) / sizeof(*rj) < nr)
		return -EBADMSG;
	rj = malloc(nr ? nr * sizeof(*rj) : 1);
	merged = malloc(nr ? nr * sizeof(*merged) : 1);
	if (!rj || !merged) {
		free(rj);
		free(merged);
		return -ENOMEM;
	}
	memcpy(rj, p + sizeof(h), nr * sizeof(*rj));
	src.p = p + sizeof(h) + nr * sizeof(*rj);
	src.end = p + len;
	/* the packed strings in place of the sender's pointers */
	for (size_t i = 0; !r && i < nr; i++) {
		if (rj[i].st.verify.nr_inc > VERIFY_INCIDENTS_MAX ||
		    rj[i].st.mirror.nr > MIRROR_RANGES_MAX)
			r = -EBADMSG;
		else
			r = each_string(&rj[i].st, get_string, &src);
	}
	for (size_t i = 0; !r && i < nr; i++) {
		merged[i] = res[i].st;
		merge_one(&merged[i], &rj[i].st, how);
	}
	/* res's strings, freed once the merged copies replace them */
	for (size_t i = 0; !r && i < nr; i++)
		r = each_string(&res[i].st, collect, &old);
	if (!r)
		r = own_strings(merged, nr);
	if (r) {	/* res is as it was */
		free(old.v);
		free(rj);
		free(merged);
		return r;
	}
	for (size_t i = 0; i < nr; i++) {
		res[i].st = merged[i];
		res[i].elapsed_ns = how == RANKS_SEQUENTIAL
					    ? res[i].elapsed_ns + rj[i].elapsed_ns
					    : MAX_OF(res[i].elapsed_ns, rj[i].elapsed_ns);
		if (!res[i].error)
			res[i].error = rj[i].error;
		res[i].interrupted |= rj[i].interrupted != 0;
	}
	free_set(&old);
	free(rj);
	free(merged);
	return 0;
}
