/*
 * vasync.h - verify_async: completed reads are checked by verify threads.
 *
 * The job thread hands each completed read to one verify thread through
 * a single-producer single-consumer ring, and takes it back, verified,
 * through another: no lock and no allocation per I/O. An io_u stays out
 * of the job's free list until it is back, so its buffer is never
 * reused early and overlap serialization still sees it as busy.
 */
#ifndef VERIO_VERIFY_ASYNC_H
#define VERIO_VERIFY_ASYNC_H

#include <stdbool.h>

struct io_u;
struct job;
struct vasync;

/* Start j->o.verify_async threads. NULL with *err = -errno on failure. */
struct vasync *vasync_start(struct job *j, int *err);

/* Hand over a completed read (round robin). Never blocks: rings hold every io_u. */
void vasync_submit(struct vasync *va, struct io_u *u);

/* Take back verified io_us; calls put(j, u) for each. Returns how many. */
unsigned vasync_reap(struct vasync *va, void (*put)(struct job *, struct io_u *));

/* io_us handed over and not yet taken back. */
unsigned vasync_pending(const struct vasync *va);

/* Stop the threads (after everything was reaped), fold their counts
 * into the job's, and free. NULL is fine. */
void vasync_stop(struct vasync *va);

#endif /* VERIO_VERIFY_ASYNC_H */
