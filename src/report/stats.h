/*
 * stats.h - per-job statistics, gathered lock-free by the job's own
 * worker thread and read by the reporter only after the job has ended
 * (or, for the progress line, through the relaxed counters).
 */
#ifndef VERIO_REPORT_STATS_H
#define VERIO_REPORT_STATS_H

#include <stdbool.h>
#include <stdint.h>

#include "hist.h"
#include "io_u.h"
#include "runstat.h"
#include "report/mirror.h"
#include "verify/incident.h"

/*
 * fio's "IO depths" buckets: 1, 2, 4, 8, 16, 32, >=64; its "submit" and
 * "complete" lines have as many: 0, 4, 8, 16, 32, 64, >=64.
 */
#define DEPTH_BUCKETS 7

/* Bandwidth / IOPS are sampled over windows of this length (fio: 500 ms). */
#define STAT_SAMPLE_NS 500000000ULL

struct dir_stats {
	uint64_t ios;		/* completed I/Os */
	uint64_t bytes;		/* bytes transferred */
	uint64_t short_ios;	/* I/Os that needed more than one transfer */
	struct runstat slat;	/* ns: prep -> submit */
	struct runstat clat;	/* ns: submit -> completion */
	struct runstat lat;	/* ns: prep -> completion */
	struct hist slat_hist;
	struct hist clat_hist;
	struct hist lat_hist;
	struct runstat bw_samples;	/* KiB/s per sample window */
	struct runstat iops_samples;	/* IOPS per sample window */
	uint64_t win_bytes, win_ios;	/* at the start of the current window */
	uint64_t runtime_ns;	/* time spent in phases doing this direction */
};

struct job_stats {
	struct dir_stats dir[DDIR_DATA_CNT];	/* read, write, trim */
	uint64_t runtime_ns;	/* accounted I/O time (excludes ramp) */
	uint64_t win_start_ns;	/* start of the current sample window */
	double usr_cpu, sys_cpu;	/* percent of runtime */
	uint64_t ctx;		/* voluntary + involuntary context switches */
	uint64_t majf, minf;
	uint64_t depth[DEPTH_BUCKETS];
	uint64_t total_depth_samples;
	/*
	 * I/Os per engine call, fio's iodepth_submit / iodepth_complete: one
	 * count per submission (a commit, or a synchronous queue()) and per
	 * reap (getevents), in the bucket of how many I/Os it carried.
	 */
	uint64_t submit[DEPTH_BUCKETS], complete[DEPTH_BUCKETS];
	uint64_t total_submit, total_complete;
	uint64_t nr_errors;	/* I/O errors (counted under continue_on_error) */
	int first_error;	/* positive errno of the first error, 0 = none */
	uint64_t cache_drop_failed; /* page cache drops that failed (see target_invalidate) */
	bool verify_not_checked; /* verify= set, but the engine does no I/O */
	struct verify_stats verify;	/* units checked, failures, incidents */
	struct mirror_stats mirror;	/* mirror=: reads compared, mismatches */
	uint64_t start_wall_ms;	/* when the job started (CLOCK_REALTIME) */

	/* fsync / fdatasync I/Os: count and latency (submit -> completion). */
	uint64_t sync_ios;
	struct runstat sync_lat;
	struct hist sync_hist;

	/*
	 * Sum of the merged jobs' runtimes, to weight usr_cpu / sys_cpu under
	 * group_reporting (fio: total CPU time / total run time). 0 in a
	 * single job's stats: runtime_ns is the weight then.
	 */
	uint64_t sum_runtime_ns;
};

/* Zero and initialise (min = max sentinel etc.). */
void job_stats_init(struct job_stats *s);

/* One direction's stats, empty (the sentinels job_stats_init() sets). */
void dir_stats_init(struct dir_stats *d);

/*
 * Add one direction's stats into another's: counts and bytes add up,
 * latencies and their histograms merge, runtime takes the max, and the
 * bandwidth / IOPS samples add up as job_stats_merge() says. Used per
 * direction by job_stats_merge() and across directions for fio's
 * unified_rw_reporting "mixed" direction (fio sums them the same way).
 */
void dir_stats_merge(struct dir_stats *dst, const struct dir_stats *src);

/*
 * Add src into dst (group_reporting), as fio sums thread stats: counters
 * and CPU context counts add up, latencies merge as if every I/O had been
 * accounted in one job, runtime takes the max, usr/sys CPU become the
 * runtime-weighted mean, and the bandwidth / IOPS sample statistics add
 * up (min = sum of mins, mean = sum of means, samples = sum of samples)
 * so they describe the group's aggregate rate, as fio reports it.
 */
void job_stats_merge(struct job_stats *dst, const struct job_stats *src);

/*
 * Account one completed I/O. Hot path: no allocation, no lock, no output.
 * Ignored entirely: I/Os flagged IO_U_F_RAMP and I/Os with io_u->error
 * set (the caller counts errors in nr_errors / first_error).
 * Read / write / trim: ios, bytes (io_u->done), short_ios (IO_U_F_SHORT),
 * clat = t_comp - t_issue, lat = t_comp - t_prep, and the "IO depths"
 * bucket of io_u->depth. slat = t_issue - t_prep is recorded only when
 * t_issue != t_prep: a synchronous engine has no submission latency
 * (fio reports none for psync), so the core sets t_issue = t_prep there.
 * DDIR_SYNC / DDIR_DATASYNC: sync_ios and sync_lat (t_comp - t_issue).
 */
void stats_account_io(struct job_stats *s, const struct io_u *io_u);

/*
 * Start the first bandwidth / IOPS sample window at now_ns (call once when
 * accounting starts, i.e. after ramp_time). Optional: the first
 * stats_sample() call starts it too.
 */
void stats_window_start(struct job_stats *s, uint64_t now_ns);

/*
 * Close a bandwidth/IOPS sample window if it is due (cheap test): when
 * STAT_SAMPLE_NS or more have passed since the window started, add one
 * bw (KiB/s) and one IOPS sample per direction that moved data in it
 * (like fio, an idle direction gets no sample) and start the next window.
 * A partial window at the end of the job is not sampled.
 */
void stats_sample(struct job_stats *s, uint64_t now_ns);

/*
 * Bucket index of a queue depth for the "IO depths" line, as fio counts:
 * 0 for depth <= 1, 1 for 2-3, 2 for 4-7, 3 for 8-15, 4 for 16-31,
 * 5 for 32-63, 6 for >= 64. stats_account_io() bumps it itself.
 */
unsigned stats_depth_bucket(unsigned depth);

/*
 * Bucket index of the number of I/Os one submit or reap call carried, as
 * fio counts them: 0 for none, 1 for 1-4, 2 for 5-8, 3 for 9-16, 4 for
 * 17-32, 5 for 33-64, 6 for more than 64.
 */
unsigned stats_batch_bucket(unsigned nr);

/*
 * One engine submission of nr I/Os / one reap that returned nr I/Os.
 * The worker calls them outside ramp_time only. Hot path: counters only.
 */
void stats_account_submit(struct job_stats *s, unsigned nr);
void stats_account_complete(struct job_stats *s, unsigned nr);

#endif /* VERIO_REPORT_STATS_H */
