/*
 * worker.h - the thread that runs one job, and the gate through which it
 * talks to the scheduler that started it.
 *
 * The arrow goes scheduler -> worker only: a worker knows nothing of the
 * run, just the gate its job was handed (j->gate).
 */
#ifndef VERIO_RUN_WORKER_H
#define VERIO_RUN_WORKER_H

#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>

struct job;

struct job_gate {
	/*
	 * Block until job may start: every job of its segment is set up,
	 * and the job it waits for (wait_for) is done. Returns early when
	 * the run is stopping. Called once per job, before its first I/O.
	 */
	void (*wait_start)(void *sched, struct job *job);
	/* job has ended: mark it done and wake whoever waits for it. */
	void (*finished)(void *sched, struct job *job);
	void *sched;			/* handed back to the calls above */

	atomic_bool *stop;		/* set: every job ends now (exitall) */
	const volatile sig_atomic_t *signals;	/* non-zero: interrupted */
};

/*
 * Should the job stop now (a signal, or a job's exitall)? Two relaxed
 * loads: cheap enough for the per-I/O loop, and takes no lock.
 */
static inline bool job_gate_stopped(const struct job_gate *g)
{
	return *g->signals || atomic_load_explicit(g->stop, memory_order_relaxed);
}

/* End every job of the run now (exitall). */
static inline void job_gate_stop_all(const struct job_gate *g)
{
	atomic_store(g->stop, true);
}

/*
 * Thread entry of one job (a struct job * whose gate is set): set up,
 * wait at the gate, run the I/O loop, tear down, report finished.
 * Errors go to the job (j->error, j->errmsg); returns NULL.
 */
void *job_thread(void *job);

#endif /* VERIO_RUN_WORKER_H */
