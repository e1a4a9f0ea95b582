/*
 * run.h - one invocation: the expanded jobs, the order they run in, and
 * the shared stop flag.
 */
#ifndef VERIO_RUN_RUN_H
#define VERIO_RUN_RUN_H

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "run/worker.h"

struct bundle;
struct disk_util_set;
struct job;
struct job_result;
struct vhist_file;
struct run_config;

struct run {
	struct job *jobs;
	size_t nr_jobs;
	const struct run_config *cfg;

	/* Job state changes and start gates; never taken on the I/O path. */
	pthread_mutex_t lock;
	pthread_cond_t cond;
	size_t seg_first, seg_end;	/* jobs [first, end) start together */
	size_t seg_ready;		/* of those, set up and waiting */

	atomic_bool stop;		/* end every job now (signal, exitall) */

	/*
	 * Why the run was interrupted ("signal SIGINT", "trigger-file",
	 * "trigger-timeout"; static), NULL if it was not; main thread only.
	 */
	const char *interrupt_reason;
	bool interrupt_seen;		/* jobs marked, message printed */
	uint64_t interrupt_ns;		/* when it was stopped (now_ns()), 0 = not:
					 * a trigger's moment, or when the main
					 * thread saw the signal (within 100 ms) */
	uint64_t trigger_at_ns;		/* --trigger-timeout deadline, 0 = none */
	struct job_gate gate;		/* what each job's worker sees of this */
	struct vhist_file **hists;	/* write_history files (run/jobhist.c) */
	size_t nr_hists;

	/*
	 * --status-interval (main thread only): the hooks to print with, the
	 * results as known before the run, the copies printed last (their
	 * names and options point into res), when the next report is due.
	 */
	const struct run_hooks *hooks;
	const struct job_result *res;
	struct job_result *status;
	uint64_t status_next_ns;
	struct agglog *agg;		/* --bandwidth-log (run/joblog.c), NULL = none */
};

/*
 * Set by the SIGINT/SIGTERM handler to the signal's number: the one
 * piece of global mutable state, because a signal handler can reach
 * nothing else.
 */
extern volatile sig_atomic_t verio_signals;

static inline bool run_should_stop(struct run *r)
{
	return verio_signals || atomic_load_explicit(&r->stop, memory_order_relaxed);
}

/*
 * What the command does around a run (the run prints no report: the
 * command builds and prints it from the results).
 *
 * start() is called once every job is built and its targets checked,
 * before any job starts, with each job's result holding only its name,
 * group, clone index and options (no stats yet): the command opens its
 * output and prints the job header lines there. It returns 0, or an exit
 * status (then nothing runs).
 *
 * status() is called every --status-interval while jobs run, with each
 * job's result so far (fio's "cumulative since the job started"): the
 * command prints a full report from them.
 */
struct run_hooks {
	int (*start)(void *arg, const struct job_result *res, size_t nr);
	void (*status)(void *arg, const struct job_result *res, size_t nr);
	void *arg;
	/* --bundle: its targets and run id noted at preflight (run/bundle.h). */
	struct bundle *bundle;
	/*
	 * Where the disk utilisation of the jobs with disk_util=1 goes
	 * (run/diskutil.h), NULL = not measured; the caller releases it.
	 */
	struct disk_util_set *disk_util;
	/*
	 * verio-mpi (docs/mpi.md), on the main thread. segment() before each
	 * segment after the first (the ranks' stonewall), told whether this
	 * run is stopping; tick() with every progress poll (100 ms) and once
	 * after the last segment, told whether one of the run's jobs failed (a fatal error, or a failed
	 * verify under verify_fatal). Either returns NULL to go on, or why
	 * the run stops now (a string that outlives the run): the run is
	 * then interrupted for that reason.
	 */
	const char *(*segment)(void *arg, bool stopping);
	const char *(*tick)(void *arg, bool failed);
};

/*
 * Run every job of cfg in order; hooks may be NULL. Returns the exit
 * status (0, 1, 2, 3, or 4 when a signal or a trigger stopped the run;
 * see job_errors() in sched.c for the order). When the jobs ran, *results is an array of
 * *nr_results results, one per job (numjobs clones included), in run
 * order, for the caller to free with job_results_free(); otherwise it
 * is NULL. Errors of setup and of each failed job are printed on stderr.
 */
int run_jobs(const struct run_config *cfg, const struct run_hooks *hooks,
	     struct job_result **results, size_t *nr_results);

#endif /* VERIO_RUN_RUN_H */
