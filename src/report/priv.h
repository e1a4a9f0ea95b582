/*
 * priv.h - what the output formats (normal.c, json.c, terse.c, and the
 * HTML page's html-series.c) share: the report settings a job's
 * options imply, and the numbers fio derives from raw stats (runtime in
 * msec, bandwidth, IOPS, share of the group, latency distribution,
 * percentiles). Each format only lays them out.
 */
#ifndef VERIO_REPORT_PRIV_H
#define VERIO_REPORT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "report/report.h"
#include "report/result.h"

/* Report settings of one job, from its options (fio's defaults if none). */
struct report_cfg {
	unsigned kb_base;		/* 1024 or 1000 */
	bool pow2;			/* kb_base 1024: IEC prefixes come first */
	bool bits;			/* unit_base=1: rates shown in bit/s */
	double pct[RESULT_PCT_MAX];	/* percentile list, ascending */
	unsigned pct_nr;
	unsigned pct_prec;		/* decimals the list needs (fio: 2 by default) */
	bool clat_pct, lat_pct, slat_pct;
	unsigned iodepth;
	bool bins;			/* json+: latency objects with percentiles get "bins" */
};

void report_cfg_init(struct report_cfg *c, const struct result_opts *o);

/* A runtime in fio's whole msec: truncated, but never 0 when ns is not. */
uint64_t report_ms(uint64_t ns);

/* Numbers of one direction as fio derives them (integer msec runtime). */
struct dir_sum {
	uint64_t runtime_ms;	/* 0 when the direction did nothing */
	uint64_t bw_bytes;	/* bytes/s: 1000 * bytes / runtime_ms */
	uint64_t iops;		/* 1000 * ios / runtime_ms, truncated */
	double iops_f;		/* the same, not truncated (JSON "iops") */
	double bw_agg;		/* percent of the group's aggregate bw */
};

void dir_sum_init(struct dir_sum *ds, const struct job_stats *s, unsigned ddir,
		  const struct report_group *g);

/* The same for unified_rw_reporting=both's mixed direction (j->mixed). */
void dir_sum_mixed(struct dir_sum *ds, const struct report_job *j,
		   const struct report_group *g);

/* The same for any direction d of a job whose runtime is job_runtime_ns,
 * in a group whose aggregate bandwidth there is agg_bw bytes/s. */
void dir_sum_calc(struct dir_sum *ds, const struct dir_stats *d, uint64_t job_runtime_ns,
		  uint64_t agg_bw);

/*
 * The unit of a percentile table whose values (ns) run from minv to maxv,
 * as fio chooses it: "nsec", "usec" or "msec"; values shown in it rounded
 * up (report_pct_value), right-aligned in width digits (5 at least).
 */
struct pct_scale {
	const char *unit;
	unsigned steps;		/* thousands divided out: 0, 1 or 2 */
	unsigned width;
};

void report_pct_scale(struct pct_scale *ps, uint64_t minv, uint64_t maxv);
uint64_t report_pct_value(const struct pct_scale *ps, uint64_t ns);

/* The group a job belongs to, or NULL. */
const struct report_group *report_find_group(const struct report *r, unsigned groupid);

/* A runstat as fio prints one: zeros when it holds no sample. */
struct lat_sum {
	uint64_t n, min, max;
	double mean, stddev;
};

void lat_sum_init(struct lat_sum *ls, const struct runstat *rs);

/*
 * fio's latency distribution over both directions' completion latency:
 * percent of I/Os below 2, 4, 10, 20, 50, 100, 250, 500, 750, 1000 ns,
 * the same in usec, then 2 ... 1000, 2000 ms and >= 2000 ms. A non-zero
 * share below 0.01% shows as 0.01%, as in fio. With fold_ns, the ns
 * buckets are counted in the first usec one (< 2 usec) and read 0, as
 * fio's terse output has no ns buckets.
 */
#define LAT_DIST_NS 10
#define LAT_DIST_US 10
#define LAT_DIST_MS 12
#define LAT_DIST_NR (LAT_DIST_NS + LAT_DIST_US + LAT_DIST_MS)

void lat_dist_calc(const struct job_stats *s, bool fold_ns, double out[LAT_DIST_NR]);

/* Label of bucket i of one unit ("2", ..., "1000", "2000", ">=2000"). */
const char *lat_dist_label(unsigned i);

/*
 * Percentile values (ns) of h for c's list, into out[c->pct_nr].
 * Returns c->pct_nr, or 0 when h holds no sample.
 */
unsigned report_percentiles(const struct report_cfg *c, const struct hist *h,
			    uint64_t *out);

/*
 * Percent of bucket i of a depth map holding total counts: "IO depths"
 * (depth_pct), "submit" and "complete". As fio, a bucket that counted
 * anything shows at least 0.1 %.
 */
double bucket_pct(const uint64_t *map, uint64_t total, unsigned i);
double depth_pct(const struct job_stats *s, unsigned i);

/* Message for a job's error: its errmsg, else strerror. */
const char *report_errstr(const struct report_job *j, char *buf, size_t size);

/*
 * fio's disk utilisation (disks.c): the JSON "disk_util" array (empty
 * without devices), the text "Disk stats" section (nothing without),
 * and terse's disk fields (each starting with ';', no newline).
 */
struct json_writer;
void report_disks_json(struct json_writer *w, const struct report *r);
void report_disks_text(FILE *out, const struct report *r);
void report_disks_terse(FILE *out, const struct report *r);

#endif /* VERIO_REPORT_PRIV_H */
