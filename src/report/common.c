/*
 * common.c - the numbers every output format derives from a job's
 * stats the way fio derives them, and the "Run status group" totals.
 */
#include "compat.h"

#include <math.h>

#include "report/priv.h"

/* fio's default percentile_list. */
static const double default_pct[] = {
	1.0, 5.0, 10.0, 20.0, 30.0, 40.0, 50.0, 60.0, 70.0, 80.0,
	90.0, 95.0, 99.0, 99.5, 99.9, 99.95, 99.99,
};

#define PCT_PREC_MAX 9

/* Decimals needed to print p exactly ("99.95" -> 2, "50" -> 0). */
static unsigned pct_decimals(double p)
{
	double scaled = p;

	for (unsigned d = 0; d < PCT_PREC_MAX; d++) {
		if (fabs(scaled - round(scaled)) < 1e-6)
			return d;
		scaled *= 10.0;
	}
	return PCT_PREC_MAX;
}

static void pct_sort(double *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++) {
		double x = v[i];
		unsigned j = i;

		for (; j > 0 && v[j - 1] > x; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

void report_cfg_init(struct report_cfg *c, const struct result_opts *o)
{
	memset(c, 0, sizeof(*c));
	c->kb_base = o && o->kb_base == 1000 ? 1000 : 1024;
	c->pow2 = c->kb_base == 1024;
	c->bits = o && o->unit_base == 1;	/* fio: 1 = bits, 8 or 0 = bytes */
	c->clat_pct = o ? o->clat_percentiles : true;
	c->lat_pct = o && o->lat_percentiles;
	c->slat_pct = o && o->slat_percentiles;
	c->iodepth = o && o->iodepth ? o->iodepth : 1;

	if (o && o->percentile_nr) {
		c->pct_nr = MIN_OF(o->percentile_nr, (unsigned)RESULT_PCT_MAX);
		memcpy(c->pct, o->percentile_list, c->pct_nr * sizeof(c->pct[0]));
		pct_sort(c->pct, c->pct_nr);
	} else {
		c->pct_nr = ARRAY_SIZE(default_pct);
		memcpy(c->pct, default_pct, sizeof(default_pct));
	}
	for (unsigned i = 0; i < c->pct_nr; i++)
		c->pct_prec = MAX_OF(c->pct_prec, pct_decimals(c->pct[i]));
}

/* fio keeps runtimes in whole msec; any non-zero runtime is at least 1. */
uint64_t report_ms(uint64_t ns)
{
	uint64_t ms = ns / 1000000;

	return ms || !ns ? ms : 1;
}

void dir_sum_init(struct dir_sum *ds, const struct job_stats *s, unsigned ddir,
		  const struct report_group *g)
{
	dir_sum_calc(ds, &s->dir[ddir], s->runtime_ns, g ? g->agg_bw[ddir] : 0);
}

void dir_sum_mixed(struct dir_sum *ds, const struct report_job *j,
		   const struct report_group *g)
{
	uint64_t agg = 0;

	for (unsigned d = 0; g && d < DDIR_DATA_CNT; d++)
		agg += g->agg_bw[d];
	dir_sum_calc(ds, &j->mixed, j->st.runtime_ns, agg);
}

void dir_sum_calc(struct dir_sum *ds, const struct dir_stats *d, uint64_t job_runtime_ns,
		  uint64_t agg_bw)
{
	memset(ds, 0, sizeof(*ds));
	if (!d->ios && !d->bytes)
		return;
	/* A direction's own time (its phases: write, then verify), as fio. */
	ds->runtime_ms = report_ms(d->runtime_ns ? d->runtime_ns : job_runtime_ns);
	if (ds->runtime_ms) {
		ds->bw_bytes = d->bytes * 1000 / ds->runtime_ms;
		ds->iops = d->ios * 1000 / ds->runtime_ms;
		ds->iops_f = 1000.0 * (double)d->ios / (double)ds->runtime_ms;
	}
	if (!d->bw_samples.n)
		return;
	ds->bw_agg = 100.0;
	if (agg_bw >= 1024) {
		ds->bw_agg = d->bw_samples.mean * 100.0 / (double)(agg_bw / 1024);
		if (ds->bw_agg > 100.0)
			ds->bw_agg = 100.0;
	}
}

const struct report_group *report_find_group(const struct report *r, unsigned groupid)
{
	for (size_t i = 0; i < r->nr_groups; i++)
		if (r->groups[i].groupid == groupid)
			return &r->groups[i];
	return NULL;
}

void lat_sum_init(struct lat_sum *ls, const struct runstat *rs)
{
	memset(ls, 0, sizeof(*ls));
	if (!rs->n)
		return;
	ls->n = rs->n;
	ls->min = rs->min;
	ls->max = rs->max;
	ls->mean = rs->mean;
	ls->stddev = runstat_stddev(rs);
}

/* Upper bounds (exclusive) of fio's latency buckets within one unit. */
static const uint64_t lat_limits[] = { 2, 4, 10, 20, 50, 100, 250, 500, 750, 1000, 2000 };

static unsigned lat_slot(uint64_t ns)
{
	uint64_t v = ns;
	unsigned base = 0, n = LAT_DIST_NS;

	if (ns >= 1000000) {
		v = ns / 1000000;
		base = LAT_DIST_NS + LAT_DIST_US;
		n = LAT_DIST_MS - 1;
	} else if (ns >= 1000) {
		v = ns / 1000;
		base = LAT_DIST_NS;
	}
	for (unsigned i = 0; i < n; i++)
		if (v < lat_limits[i])
			return base + i;
	return base + n;	/* only reached for >= 2000 msec */
}

void lat_dist_calc(const struct job_stats *s, bool fold_ns, double out[LAT_DIST_NR])
{
	uint64_t count[LAT_DIST_NR] = { 0 };
	uint64_t total = 0;

	for (unsigned d = 0; d < DDIR_DATA_CNT; d++) {
		const struct hist *h = &s->dir[d].clat_hist;

		total += s->dir[d].ios;
		if (!h->nr)
			continue;
		for (unsigned i = 0; i < HIST_NR_BUCKETS; i++)
			if (h->buckets[i])
				count[lat_slot(hist_bucket_value(i))] += h->buckets[i];
	}
	for (unsigned i = 0; fold_ns && i < LAT_DIST_NS; i++) {
		count[LAT_DIST_NS] += count[i];
		count[i] = 0;
	}
	for (unsigned i = 0; i < LAT_DIST_NR; i++) {
		out[i] = total ? 100.0 * (double)count[i] / (double)total : 0.0;
		if (out[i] > 0.0 && out[i] < 0.01)
			out[i] = 0.01;
	}
}

const char *lat_dist_label(unsigned i)
{
	static const char *const labels[] = {
		"2", "4", "10", "20", "50", "100", "250", "500", "750", "1000",
		"2000", ">=2000",
	};

	return i < ARRAY_SIZE(labels) ? labels[i] : "";
}

unsigned report_percentiles(const struct report_cfg *c, const struct hist *h,
			    uint64_t *out)
{
	if (!h->nr || !c->pct_nr)
		return 0;
	hist_percentiles(h, c->pct, c->pct_nr, out);
	return c->pct_nr;
}

double bucket_pct(const uint64_t *map, uint64_t total, unsigned i)
{
	double pct;

	if (!total || i >= DEPTH_BUCKETS)
		return 0.0;
	pct = 100.0 * (double)map[i] / (double)total;
	return map[i] && pct < 0.1 ? 0.1 : pct;
}

double depth_pct(const struct job_stats *s, unsigned i)
{
	return bucket_pct(s->depth, s->total_depth_samples, i);
}

const char *report_errstr(const struct report_job *j, char *buf, size_t size)
{
	if (j->errmsg && *j->errmsg)
		return j->errmsg;
	return strerror_r(j->error, buf, size);
}

void report_group_init(struct report_group *g, unsigned groupid)
{
	memset(g, 0, sizeof(*g));
	g->groupid = groupid;
}

void report_group_add(struct report_group *g, const struct report_job *j)
{
	if (!g->kb_base) {
		g->kb_base = j->o && j->o->kb_base == 1000 ? 1000 : 1024;
		g->unit_base = j->o ? j->o->unit_base : 0;
		g->unified = j->unified;
	}
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++) {
		struct dir_sum ds;
		bool first = !g->max_run_ns[d];

		dir_sum_init(&ds, &j->st, d, NULL);
		if (!ds.runtime_ms)
			continue;
		uint64_t run = j->st.dir[d].runtime_ns ? j->st.dir[d].runtime_ns
						       : j->st.runtime_ns;

		if (first || run < g->min_run_ns[d])
			g->min_run_ns[d] = run;
		if (run > g->max_run_ns[d])
			g->max_run_ns[d] = run;
		if (first || ds.bw_bytes < g->min_bw[d])
			g->min_bw[d] = ds.bw_bytes;
		if (ds.bw_bytes > g->max_bw[d])
			g->max_bw[d] = ds.bw_bytes;
		g->io_bytes[d] += j->st.dir[d].bytes;
	}
}

void report_group_finish(struct report_group *g)
{
	if (!g->kb_base)
		g->kb_base = 1024;
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++) {
		uint64_t ms = report_ms(g->max_run_ns[d]);

		g->agg_bw[d] = ms ? g->io_bytes[d] * 1000 / ms : 0;
	}
}

static unsigned dec_digits(uint64_t v)
{
	unsigned n = 1;

	for (; v >= 10; v /= 10)
		n++;
	return n;
}

void report_pct_scale(struct pct_scale *ps, uint64_t minv, uint64_t maxv)
{
	uint64_t div = 1;

	*ps = (struct pct_scale){ .unit = "nsec" };
	if (minv > 2000000 && maxv > 99999999ULL) {
		ps->unit = "msec";
		ps->steps = 2;
		div = 1000000;
	} else if (minv > 2000 && maxv > 99999) {
		ps->unit = "usec";
		ps->steps = 1;
		div = 1000;
	}
	ps->width = MAX_OF(5u, dec_digits(maxv / div));
}

uint64_t report_pct_value(const struct pct_scale *ps, uint64_t ns)
{
	for (unsigned s = 0; s < ps->steps; s++)
		ns = (ns + 999) / 1000;	/* rounded up, as fio does */
	return ns;
}
