/*
 * results.h - a job's flat result (report/result.h), filled from the
 * running job: what it is before it starts, what it did after it ended.
 */
#ifndef VERIO_RUN_RESULTS_H
#define VERIO_RUN_RESULTS_H

#include <stddef.h>
#include <stdint.h>

struct job;
struct job_result;

/*
 * Fill the parts of res known before j runs: name, description, group,
 * clone index, copies of the options reports read and the options as
 * written. res must be zeroed. Returns 0 or -ENOMEM (release res then).
 */
int job_result_begin(struct job_result *res, const struct job *j);

/*
 * Fill what j did once it has ended: stats, error, pid, elapsed time,
 * whether it was cut short, what its verification checked against (the
 * run's interrupt_reason is the scheduler's to set).
 * Returns 0 or -ENOMEM.
 */
int job_result_end(struct job_result *res, const struct job *j);

/*
 * An interrupted job's "interrupted_ms": the run was told to stop at
 * stop_ns (now_ns()), or j saw it earlier; nothing when j was not
 * interrupted or its I/O never began.
 */
/* Move j's verify maps into res (j keeps none). */
void job_result_take_maps(struct job_result *res, struct job *j);

void job_result_interrupt(struct job_result *res, const struct job *j, uint64_t stop_ns);

#endif /* VERIO_RUN_RESULTS_H */
