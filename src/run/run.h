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

#include "run/worker.h"

struct job;
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
	struct job_gate gate;		/* what each job's worker sees of this */
};

/*
 * Set by the SIGINT/SIGTERM handler: the one piece of global mutable
 * state, because a signal handler can reach nothing else.
 */
extern volatile sig_atomic_t verio_signals;

static inline bool run_should_stop(struct run *r)
{
	return verio_signals || atomic_load_explicit(&r->stop, memory_order_relaxed);
}

/* Run every job in order. Returns the exit status (0, 1, 2 or 3). */
int run_jobs(struct run_config *cfg);

#endif /* VERIO_RUN_RUN_H */
