/*
 * jobmirror.h - mirror= for a job: its reference files checked at
 * preflight, opened beside the targets, the job's engine wrapped in the
 * mirror filter (include/mirror.h), and a read that differs from the
 * reference reported (blkverify's line, the ranges classified by the
 * job's verifier, dumps of both sides) and counted (j->stats.mirror).
 */
#ifndef VERIO_RUN_JOBMIRROR_H
#define VERIO_RUN_JOBMIRROR_H

#include <stdbool.h>

struct io_u;
struct job;

/*
 * Preflight, after target_prepare(): one reference per target file, each
 * safe to use as the job's targets are. Prints what is wrong; returns 0,
 * 2 (bad mirror=, refused reference) or 3 (setup failure). Nothing to do
 * without mirror=.
 */
int jobmirror_prepare(struct job *j);

/*
 * On the job thread, before the engine's init(): open the references
 * (created or laid out as the targets are) and wrap j->ops in the
 * mirror filter. 0 or -errno with j->errmsg set.
 */
int jobmirror_setup(struct job *j);

/* After the targets are closed: fsync (do_fsync) and close the references. */
void jobmirror_close(struct job *j, bool do_fsync);

/* Release what jobmirror_prepare() made. */
void jobmirror_release(struct job *j);

/*
 * Slow path: read u differs from the reference (IO_U_F_MISMATCH). Print
 * blkverify's line and every mismatching range, classified by the job's
 * verifier when it checks reads (the check of u is done here: returns
 * true then, and the caller must not check u again), dump both sides,
 * count, and stop the job unless mirror_continue=1.
 */
bool jobmirror_mismatch(struct job *j, struct io_u *u);

/* The reference file of target read or write u. */
const char *jobmirror_ref_name(const struct job *j, const struct io_u *u);

#endif /* VERIO_RUN_JOBMIRROR_H */
