/*
 * stats.c - per-job statistics: accounting on the per-I/O path, sampling
 * of bandwidth / IOPS windows, and merging for group_reporting.
 *
 * stats_account_io() and stats_sample() run on the worker's hot path:
 * they allocate nothing, take no lock and print nothing.
 */
#include "compat.h"

#include "report/stats.h"

void dir_stats_init(struct dir_stats *ds)
{
	memset(ds, 0, sizeof(*ds));
	runstat_init(&ds->slat);
	runstat_init(&ds->clat);
	runstat_init(&ds->lat);
	runstat_init(&ds->bw_samples);
	runstat_init(&ds->iops_samples);
}

void job_stats_init(struct job_stats *s)
{
	memset(s, 0, sizeof(*s));
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		dir_stats_init(&s->dir[d]);
	runstat_init(&s->sync_lat);
}

unsigned stats_depth_bucket(unsigned depth)
{
	unsigned b;

	if (depth <= 1)
		return 0;
	b = 31 - (unsigned)__builtin_clz(depth);	/* floor(log2(depth)) */
	return b < DEPTH_BUCKETS - 1 ? b : DEPTH_BUCKETS - 1;
}

unsigned stats_batch_bucket(unsigned nr)
{
	if (!nr)
		return 0;
	if (nr > 64)
		return DEPTH_BUCKETS - 1;
	/* 1-4 -> 1, 5-8 -> 2, 9-16 -> 3, ...: ceil(log2(nr)) - 1, at least 1 */
	return nr <= 4 ? 1 : 32 - (unsigned)__builtin_clz(nr - 1) - 1;
}

void stats_account_submit(struct job_stats *s, unsigned nr)
{
	s->submit[stats_batch_bucket(nr)]++;
	s->total_submit++;
}

void stats_account_complete(struct job_stats *s, unsigned nr)
{
	s->complete[stats_batch_bucket(nr)]++;
	s->total_complete++;
}

static inline uint64_t ns_between(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

void stats_account_io(struct job_stats *s, const struct io_u *io_u)
{
	struct dir_stats *d;
	uint64_t clat, lat;

	if (unlikely(io_u->flags & IO_U_F_RAMP) || unlikely(io_u->error))
		return;

	clat = ns_between(io_u->t_issue, io_u->t_comp);
	if (unlikely(!ddir_is_rw(io_u->ddir)) && io_u->ddir != DDIR_TRIM) {
		if (io_u->ddir == DDIR_SYNC || io_u->ddir == DDIR_DATASYNC) {
			s->sync_ios++;
			runstat_add(&s->sync_lat, clat);
			hist_add(&s->sync_hist, clat);
		}
		return;
	}

	d = &s->dir[io_u->ddir];
	d->ios++;
	d->bytes += io_u->done;
	if (io_u->flags & IO_U_F_SHORT)
		d->short_ios++;

	if (io_u->t_issue != io_u->t_prep) {
		uint64_t slat = ns_between(io_u->t_prep, io_u->t_issue);

		runstat_add(&d->slat, slat);
		hist_add(&d->slat_hist, slat);
	}
	runstat_add(&d->clat, clat);
	hist_add(&d->clat_hist, clat);
	lat = ns_between(io_u->t_prep, io_u->t_comp);
	runstat_add(&d->lat, lat);
	hist_add(&d->lat_hist, lat);

	s->depth[stats_depth_bucket(io_u->depth)]++;
	s->total_depth_samples++;
}

void stats_window_start(struct job_stats *s, uint64_t now_ns)
{
	s->win_start_ns = now_ns;
	for (unsigned i = 0; i < DDIR_DATA_CNT; i++) {
		s->dir[i].win_bytes = s->dir[i].bytes;
		s->dir[i].win_ios = s->dir[i].ios;
	}
}

/* Close the window [win_start_ns, now_ns) of one direction. */
static void sample_dir(struct dir_stats *d, uint64_t span_ns)
{
	uint64_t dbytes = d->bytes - d->win_bytes;
	uint64_t dios = d->ios - d->win_ios;

	d->win_bytes = d->bytes;
	d->win_ios = d->ios;
	if (!dbytes && !dios)
		return;		/* fio adds no sample for an idle direction */

	/* Rounded to nearest: KiB/s and I/Os per second over the window. */
	runstat_add(&d->bw_samples,
		    (uint64_t)((double)dbytes * 1e9 / 1024.0 / (double)span_ns + 0.5));
	runstat_add(&d->iops_samples,
		    (uint64_t)((double)dios * 1e9 / (double)span_ns + 0.5));
}

void stats_sample(struct job_stats *s, uint64_t now_ns)
{
	uint64_t span;

	if (unlikely(!s->win_start_ns)) {
		stats_window_start(s, now_ns);
		return;
	}
	span = ns_between(s->win_start_ns, now_ns);
	if (likely(span < STAT_SAMPLE_NS))
		return;
	for (unsigned i = 0; i < DDIR_DATA_CNT; i++)
		sample_dir(&s->dir[i], span);
	s->win_start_ns = now_ns;
}

/*
 * fio's "pure sum" of per-job bw / iops sample stats under group_reporting:
 * every statistic adds up, so the group's line reads as its aggregate rate.
 */
static void runstat_sum(struct runstat *dst, const struct runstat *src)
{
	if (!src->n)
		return;
	if (!dst->n) {
		*dst = *src;
		return;
	}
	dst->n += src->n;
	dst->min += src->min;
	dst->max += src->max;
	dst->mean += src->mean;
	dst->m2 += src->m2;
}

void dir_stats_merge(struct dir_stats *dst, const struct dir_stats *src)
{
	dst->ios += src->ios;
	dst->bytes += src->bytes;
	if (src->runtime_ns > dst->runtime_ns)
		dst->runtime_ns = src->runtime_ns;
	dst->short_ios += src->short_ios;
	runstat_merge(&dst->slat, &src->slat);
	runstat_merge(&dst->clat, &src->clat);
	runstat_merge(&dst->lat, &src->lat);
	hist_merge(&dst->slat_hist, &src->slat_hist);
	hist_merge(&dst->clat_hist, &src->clat_hist);
	hist_merge(&dst->lat_hist, &src->lat_hist);
	runstat_sum(&dst->bw_samples, &src->bw_samples);
	runstat_sum(&dst->iops_samples, &src->iops_samples);
}

static uint64_t cpu_weight(const struct job_stats *s)
{
	return s->sum_runtime_ns ? s->sum_runtime_ns : s->runtime_ns;
}

/* usr/sys CPU: fio divides the summed CPU time by the summed run time. */
static void cpu_merge(struct job_stats *dst, const struct job_stats *src)
{
	uint64_t wd = cpu_weight(dst), ws = cpu_weight(src);
	double w = (double)wd + (double)ws;

	if (w > 0) {
		dst->usr_cpu = (dst->usr_cpu * (double)wd + src->usr_cpu * (double)ws) / w;
		dst->sys_cpu = (dst->sys_cpu * (double)wd + src->sys_cpu * (double)ws) / w;
	} else {
		dst->usr_cpu += src->usr_cpu;
		dst->sys_cpu += src->sys_cpu;
	}
	dst->sum_runtime_ns = wd + ws;
	dst->ctx += src->ctx;
	dst->majf += src->majf;
	dst->minf += src->minf;
}

void job_stats_merge(struct job_stats *dst, const struct job_stats *src)
{
	for (unsigned i = 0; i < DDIR_DATA_CNT; i++)
		dir_stats_merge(&dst->dir[i], &src->dir[i]);

	cpu_merge(dst, src);
	if (src->runtime_ns > dst->runtime_ns)
		dst->runtime_ns = src->runtime_ns;
	for (unsigned i = 0; i < DEPTH_BUCKETS; i++) {
		dst->depth[i] += src->depth[i];
		dst->submit[i] += src->submit[i];
		dst->complete[i] += src->complete[i];
	}
	dst->total_depth_samples += src->total_depth_samples;
	dst->total_submit += src->total_submit;
	dst->total_complete += src->total_complete;

	dst->nr_errors += src->nr_errors;
	if (!dst->first_error)
		dst->first_error = src->first_error;
	dst->cache_drop_failed += src->cache_drop_failed;
	dst->verify_not_checked |= src->verify_not_checked;
	if (src->start_wall_ms && (!dst->start_wall_ms ||
				   src->start_wall_ms < dst->start_wall_ms))
		dst->start_wall_ms = src->start_wall_ms;

	dst->sync_ios += src->sync_ios;
	runstat_merge(&dst->sync_lat, &src->sync_lat);
	hist_merge(&dst->sync_hist, &src->sync_hist);
	verify_stats_merge(&dst->verify, &src->verify);
	mirror_stats_merge(&dst->mirror, &src->mirror);
}
