/*
 * joblog.h - a job's fio time-series logs (write_bw_log, write_lat_log,
 * write_iops_log, write_hist_log and the log_* options): file names,
 * the per-I/O samples and log_avg_msec windows, the writer thread.
 * The records and formats are report/tslog.h's.
 */
#ifndef VERIO_RUN_JOBLOG_H
#define VERIO_RUN_JOBLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct io_u;
struct job;
struct joblog;

/*
 * joblog_name() - fio's file name for a log: "PREFIX_TYPE.N.log" (N = the
 * job's number in the run, from 1), "PREFIX_TYPE.log" without
 * per_job_logs, ".log.fz" when stored compressed. PREFIX is the option's
 * value, or the job's name when it is empty. Returns snprintf's length.
 */
int joblog_name(char *buf, size_t len, const char *prefix, const char *jobname,
		const char *type, unsigned num, bool per_job, bool gz);

/*
 * joblog_setup() - open the job's logs and start their writer (nothing
 * without a log option). 0 or -errno (the job's errmsg is set).
 */
int joblog_setup(struct job *j);

/* joblog_epoch() - time 0 of the logs: accounting starts (after ramp). */
void joblog_epoch(struct joblog *jl, uint64_t now_ns);

/* joblog_io() - a completed, accounted read or write. Per I/O. */
void joblog_io(struct joblog *jl, const struct io_u *u);

/*
 * joblog_finish() - the last windows logged, everything written, the
 * files closed and the logs freed. 0 or the first -errno. NULL is fine.
 */
int joblog_finish(struct job *j);

/*
 * --bandwidth-log: the run's bandwidth per direction (KiB/s), every
 * AGGLOG_MS from the jobs' progress counters, to fio's agg-read_bw.log,
 * agg-write_bw.log and agg-trim_bw.log (time in ms since the run began).
 * The main thread's, never a job's.
 */
#define AGGLOG_MS 500
struct agglog;

/* agglog_open() - the three files created. NULL with *err = -errno. */
struct agglog *agglog_open(uint64_t now_ns, int *err);

/* agglog_tick() - bytes[] moved so far (read, write): a line each when due. */
void agglog_tick(struct agglog *a, uint64_t now_ns, const uint64_t bytes[2]);

/* agglog_close() - written and closed; 0 or the first -errno. NULL is fine. */
int agglog_close(struct agglog *a);

#endif /* VERIO_RUN_JOBLOG_H */
