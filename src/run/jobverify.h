/*
 * jobverify.h - a job's verification: its options turned into a
 * verify_conf, and the job's verifier (j->verifier) and the job thread's
 * checker (j->vworker) set up and torn down.  The per-I/O calls go to
 * the verifier directly (verify/verifier.h, verify/backlog.h).
 */
#ifndef VERIO_RUN_JOBVERIFY_H
#define VERIO_RUN_JOBVERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct job;

/*
 * What a verify_only job without a saved state can still check, for the
 * warning and the report ("...: <this>").
 */
extern const char jobverify_no_state_consequence[];

/*
 * jobverify_prepare() - preflight, after the job's targets are resolved:
 * check the verify options against the block sizes, make the verifier,
 * attach the targets and load the saved state when asked.  Prints what
 * is wrong ("verio: job 'NAME': ..."); returns 0, 2 (bad options or
 * state) or 3 (out of memory).  Nothing to do without verify=.
 */
int jobverify_prepare(struct job *j);

/*
 * jobverify_setup() - on the job thread, after its I/O buffers exist:
 * start the verifier, prefill the buffers, make the job thread's checker.
 * A job that starts later (stonewall, wait_for) loads its saved state
 * here, not at preflight: an earlier job of the run may write it. 0 or
 * -errno (j->error and errmsg set when the state cannot be loaded).
 */
int jobverify_setup(struct job *j);

/*
 * jobverify_targets_open() - on the job thread, once the targets are
 * open: a write job that saves state continues the state an earlier run
 * saved, if it matches (generations above its maximum); one that does
 * not match is left alone with a warning, and the job starts a new one.
 * 0 or -errno.
 */
int jobverify_targets_open(struct job *j);

/*
 * jobverify_checkpoint_ns() - the verify_state_interval of a job that
 * checkpoints its state (a write job that saves state), in ns; 0 = none.
 */
uint64_t jobverify_checkpoint_ns(const struct job *j);

/*
 * jobverify_checkpoint() - between I/Os, with no write in flight: sync
 * the files written through the page cache (only what a completed sync
 * covered is recorded as written: verify_policy=fsynced), then save the
 * state marked not clean.  A failure is printed; the job goes on.
 */
void jobverify_checkpoint(struct job *j);

/*
 * verify_overlap.  jobverify_overlap_seed() - the data seed jobs[i] writes
 * with: the first earlier verify_overlap job's that shares a target with
 * it (a generation then means the same bytes whoever wrote it), else its
 * own.  After the targets of jobs[0..i] are resolved.
 *
 * jobverify_share_overlap() - after every job's verifier is made: one
 * register table per target that verify_overlap jobs write, shared by
 * their verifiers.  0, 2 (regions that do not line up: said on stderr)
 * or 3.
 */
uint64_t jobverify_overlap_seed(const struct job *jobs, size_t i);
int jobverify_share_overlap(struct job *jobs, size_t n);

/* jobverify_finish() - save the state (when asked) and free; twice is fine. */
void jobverify_finish(struct job *j);

#endif /* VERIO_RUN_JOBVERIFY_H */
