/*
 * async.h - verify_async: completed reads are checked by verify threads.
 *
 * The submitting thread hands each completed read to one verify thread
 * through a single-producer single-consumer ring, and takes it back,
 * verified, through another: no lock and no allocation per I/O. An io_u
 * stays out of its owner's free list until it is back, so its buffer is
 * never reused early and overlap serialization still sees it as busy.
 */
#ifndef VERIO_VERIFY_ASYNC_H
#define VERIO_VERIFY_ASYNC_H

#include <stdbool.h>

struct io_u;
struct vasync;
struct verifier;
struct verify_stats;

struct vasync_conf {
	unsigned threads;		/* verify threads, at least 1 */
	const char *cpus;		/* CPU list to pin them to, NULL = any */
	unsigned nr_io_us;		/* io_us that can be handed over at once */
	struct verify_stats *into;	/* their counts go here at vasync_stop() */
};

/*
 * vasync_start() - start c->threads threads checking reads with v (each
 * with its own vworker).  NULL with *err = -errno on failure.
 */
struct vasync *vasync_start(struct verifier *v, const struct vasync_conf *c, int *err);

/* Hand over a completed read (round robin). Never blocks: rings hold every io_u. */
void vasync_submit(struct vasync *va, struct io_u *u);

/* Take back verified io_us; calls put(arg, u) for each. Returns how many. */
unsigned vasync_reap(struct vasync *va, void (*put)(void *arg, struct io_u *u), void *arg);

/* io_us handed over and not yet taken back. */
unsigned vasync_pending(const struct vasync *va);

/* Stop the threads (after everything was reaped), fold their counts
 * into c->into, and free. NULL is fine. */
void vasync_stop(struct vasync *va);

#endif /* VERIO_VERIFY_ASYNC_H */
