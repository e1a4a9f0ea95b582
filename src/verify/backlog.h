/*
 * backlog.h - reading back what a verifier's writer wrote: the
 * verify_backlog batches during the workload, and the verify phase after
 * it.  Both produce reads into io_us of the attached files, no longer
 * than the max_read_len given to verifier_start(); the caller issues
 * them and checks them with verifier_check().  Writer thread only; no
 * allocation.
 */
#ifndef VERIO_VERIFY_BACKLOG_H
#define VERIO_VERIFY_BACKLOG_H

#include <stdbool.h>

struct io_u;
struct verifier;

/* verifier_backlog_due() - is a backlog batch due? false for NULL. */
bool verifier_backlog_due(const struct verifier *v);

/*
 * verifier_backlog_next() - the next read of the batch: the oldest
 * written block.  A batch is backlog_batch reads (0: every pending
 * block); blocks left over when the batch is smaller are dropped
 * unverified, as fio does.  0, or -ENOENT when the batch is done.
 */
int verifier_backlog_next(struct verifier *v, struct io_u *u);

/*
 * verifier_walk_start() - restart the verify phase; NULL is fine.  The
 * first one of a replay reads a sample of headers (verifier.h, "Replay").
 */
void verifier_walk_start(struct verifier *v);

/*
 * verifier_walk_next() - the next read of the verify phase: with a
 * backlog, what is left of it; otherwise every written unit of every
 * file (every unit when the map is not authoritative), in runs of
 * consecutive units up to max_read_len.  0, or -ENOENT at the end.
 */
int verifier_walk_next(struct verifier *v, struct io_u *u);

#endif /* VERIO_VERIFY_BACKLOG_H */
