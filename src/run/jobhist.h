/*
 * jobhist.h - a job's write history (write_history=PATH, verify/history.h):
 * the files opened at preflight (one per path for the whole run, shared
 * by every job naming it), each job's stream, and the worker's hooks.
 *
 * The hooks are inline: one NULL check on the I/O path when the job keeps
 * no history.  With one, a write costs two 32-byte records in a
 * preallocated buffer (verify/history.h: no allocation, lock or system
 * call on the I/O path).  Reads (the workload's, the verify phase's,
 * verify_only's) write nothing.
 */
#ifndef VERIO_RUN_JOBHIST_H
#define VERIO_RUN_JOBHIST_H

#include <stdbool.h>

#include "io_u.h"
#include "run/job.h"

struct run;

/*
 * jobhist_prepare() - preflight, once every job's targets are resolved:
 * check write_history / write_history_max and create each history file
 * (its header names every target and job), before any I/O.  Prints what
 * is wrong naming the option; returns 0, 2 (bad value, a directory, a
 * path that cannot be created or that is a target) or 3 (out of memory).
 */
int jobhist_prepare(struct run *r);

/*
 * jobhist_close_all() - after every job has ended: flush, sync and close
 * the history files.  Prints a failure; returns 0 or 3.  Twice is fine.
 */
int jobhist_close_all(struct run *r);

/* jobhist_setup() - on the job thread, after its io_us exist: its stream.
 * 0 or -errno (errmsg set). */
int jobhist_setup(struct job *j);

/* jobhist_finish() - on the job thread, at its end (interrupted too): the
 * stream's last records handed to the writer and written.  Twice is fine. */
void jobhist_finish(struct job *j);

/* The slow halves of the hooks. */
void jobhist_write(struct job *j, const struct io_u *u);
void jobhist_completed(struct job *j, const struct io_u *u);
void jobhist_file_synced(struct job *j, const struct vfile *f, bool datasync, int result);

/* Hook: a write is about to be handed to the engine (u->t_prep set). */
static inline void jobhist_issue(struct job *j, const struct io_u *u)
{
	if (unlikely(j->hist != NULL) && (u->ddir == DDIR_WRITE || u->ddir == DDIR_TRIM))
		jobhist_write(j, u);
}

/* Hook: an I/O completed (writes and syncs are recorded, reads are not). */
static inline void jobhist_complete(struct job *j, const struct io_u *u)
{
	if (unlikely(j->hist != NULL) && u->ddir != DDIR_READ)
		jobhist_completed(j, u);
}

/* Hook: a file was synced outside the engine (openfiles parking, end_fsync). */
static inline void jobhist_synced(struct job *j, const struct vfile *f, bool datasync,
				  int result)
{
	if (unlikely(j->hist != NULL))
		jobhist_file_synced(j, f, datasync, result);
}

#endif /* VERIO_RUN_JOBHIST_H */
