/*
 * status.h - fio's --status-interval: while the jobs run, a full report
 * every so often, of each job's stats since it started. The workers copy
 * their own stats between two I/Os when asked (run/worker.c), so the
 * I/O path takes no lock and the report never reads a live job.
 */
#ifndef VERIO_RUN_STATUS_H
#define VERIO_RUN_STATUS_H

#include <stdint.h>

struct run;
struct run_hooks;
struct job_result;

/*
 * Set up the periodic reports when the run has --status-interval and the
 * command a status hook; res are the results known before the run (the
 * reports borrow their names and options). Call before the jobs start.
 * Returns 0 or -ENOMEM.
 */
int status_init(struct run *r, const struct run_hooks *hooks,
		const struct job_result *res);

/*
 * When a report is due: ask the running jobs for their stats, wait a
 * little for the answers (a job that does not answer in time shows what
 * it showed last), and hand every job's result to the status hook.
 * Main thread, without the run's lock.
 */
void status_tick(struct run *r, uint64_t now_ns);

/* Free what status_init allocated. */
void status_release(struct run *r);

#endif /* VERIO_RUN_STATUS_H */
