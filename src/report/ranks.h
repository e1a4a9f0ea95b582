/*
 * ranks.h - verio-mpi's reduction of the ranks' results (docs/mpi.md):
 * each rank packs its jobs' statistics into bytes, rank 0 folds every
 * other rank's into its own results job by job. No MPI here: the bytes
 * travel however the caller likes.
 */
#ifndef VERIO_REPORT_RANKS_H
#define VERIO_REPORT_RANKS_H

#include <stddef.h>

#include "report/result.h"

/*
 * ranks_pack() - res[0..nr) as bytes: per job its statistics, wall
 * time, error and interruption, then the strings its incidents and
 * mirror ranges name. Only the same build can read them (the header
 * says which layout). *buf is malloc'd for the caller. Returns 0 or
 * -ENOMEM.
 */
int ranks_pack(const struct job_result *res, size_t nr, void **buf, size_t *len);

/* How the run times of two merged results add up. */
enum ranks_time {
	RANKS_CONCURRENT,	/* ranks side by side: earliest start to latest end */
	RANKS_SEQUENTIAL,	/* one rank's passes one after the other: the sum */
};

/*
 * ranks_merge() - fold packed results into res (the same nr jobs, in
 * the same order): counts, histograms and incidents as group_reporting
 * merges them (job_stats_merge), the run times (the job's and each
 * direction's) and the wall time as how says, so that bandwidth over the
 * ranks is their bytes over the span from the earliest start to the
 * latest end. The strings res's incidents and mirror ranges name stay
 * res's own. Returns 0, -EBADMSG (not packed by this build, or for
 * another job list) or -ENOMEM (res unchanged).
 */
int ranks_merge(struct job_result *res, size_t nr, const void *buf, size_t len,
		enum ranks_time how);

#endif /* VERIO_REPORT_RANKS_H */
