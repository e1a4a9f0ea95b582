/*
 * terse.c - fio's terse output, version 3: one line per reported
 * job, fields separated by ';'. docs/terse.md lists every field; the
 * positions are a contract with the scripts that split these lines.
 */
#include "compat.h"

#include "report/priv.h"
#include "report/report.h"
#include "report/result.h"
#include "version.h"

#define TERSE_VERSION 3
#define TERSE_PCT_FIELDS 20	/* percentile fields per direction, padded */

/* min;max;mean;stddev of a latency, in usec (min/max truncated). */
static void terse_lat(FILE *out, const struct runstat *rs)
{
	struct lat_sum ls;

	lat_sum_init(&ls, rs);
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f;%f", ls.min / 1000,
		ls.max / 1000, ls.mean / 1000.0, ls.stddev / 1000.0);
}

/* 20 "P%=usec" fields; unused ones read "0%=0", as in fio. */
static void terse_pct(FILE *out, const struct report_cfg *c, const struct dir_stats *d)
{
	uint64_t v[RESULT_PCT_MAX];
	unsigned n = 0;

	if (c->lat_pct)
		n = report_percentiles(c, &d->lat_hist, v);
	else if (c->clat_pct)
		n = report_percentiles(c, &d->clat_hist, v);
	for (unsigned i = 0; i < TERSE_PCT_FIELDS; i++) {
		if (i < n)
			fprintf(out, ";%f%%=%" PRIu64, c->pct[i], v[i] / 1000);
		else
			fputs(";0%=0", out);
	}
}

/* The 41 fields of one direction, d, with its sums ds. */
static void terse_dir_stats(FILE *out, const struct report_cfg *c,
			    const struct dir_stats *d, const struct dir_sum *ds)
{
	struct lat_sum bw;

	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%" PRIu64 ";%" PRIu64,
		d->bytes >> 10, ds->bw_bytes / 1024, ds->iops, ds->runtime_ms);
	terse_lat(out, &d->slat);
	terse_lat(out, &d->clat);
	terse_pct(out, c, d);
	terse_lat(out, &d->lat);
	lat_sum_init(&bw, &d->bw_samples);
	fprintf(out, ";%" PRIu64 ";%" PRIu64 ";%f%%;%f;%f",
		bw.min, bw.max, ds->bw_agg, bw.mean, bw.stddev);
}

static void terse_dir(FILE *out, const struct report_cfg *c,
		      const struct job_stats *s, unsigned ddir,
		      const struct report_group *g)
{
	struct dir_sum ds;

	dir_sum_init(&ds, s, ddir, g);
	terse_dir_stats(out, c, &s->dir[ddir], &ds);
}

/* cpu, IO depths, latency distribution (usec, then msec). */
static void terse_usage(FILE *out, const struct job_stats *s)
{
	double lat[LAT_DIST_NR];

	fprintf(out, ";%f%%;%f%%;%" PRIu64 ";%" PRIu64 ";%" PRIu64,
		s->usr_cpu, s->sys_cpu, s->ctx, s->majf, s->minf);
	for (unsigned i = 0; i < DEPTH_BUCKETS; i++)
		fprintf(out, ";%3.1f%%", depth_pct(s, i));
	lat_dist_calc(s, true, lat);
	for (unsigned i = LAT_DIST_NS; i < LAT_DIST_NR; i++)
		fprintf(out, ";%3.2f%%", lat[i]);
}

static void terse_job(FILE *out, const struct report *r, const struct report_job *j)
{
	const struct report_group *g = report_find_group(r, j->groupid);
	struct report_cfg c;

	report_cfg_init(&c, j->o);
	fprintf(out, "%d;verio-%s;%s;%u;%d", TERSE_VERSION, VERIO_VERSION,
		j->name ? j->name : "", j->groupid, j->error);
	/* unified_rw_reporting: mixed has its one block where read's is, */
	terse_dir(out, &c, &j->st, DDIR_READ, g);
	if (j->unified != UNIFIED_MIXED)
		terse_dir(out, &c, &j->st, DDIR_WRITE, g);
	/* and both adds it after write's, as fio's version 3 does. */
	if (j->unified == UNIFIED_BOTH) {
		struct dir_sum ds;

		dir_sum_mixed(&ds, j, g);
		terse_dir_stats(out, &c, &j->mixed, &ds);
	}
	terse_usage(out, &j->st);
	/* every line carries the run's disk fields, as fio's do */
	report_disks_terse(out, r);
	if (j->o && j->o->continue_on_error)
		fprintf(out, ";%" PRIu64 ";%d", j->st.nr_errors, j->st.first_error);
	if (j->description && *j->description)
		fprintf(out, ";%s", j->description);
	fputc('\n', out);
}

void report_terse(FILE *out, const struct report *r)
{
	for (size_t i = 0; i < r->nr_jobs; i++)
		terse_job(out, r, &r->jobs[i]);
}
