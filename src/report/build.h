/*
 * build.h - folding finished jobs' results into a struct report.
 */
#ifndef VERIO_REPORT_BUILD_H
#define VERIO_REPORT_BUILD_H

#include <stddef.h>

struct job_result;
struct report;

/*
 * Fill rep from nr results, in run order: one entry per job, or per run
 * of consecutive jobs of one group under group_reporting, and one total
 * per group. rep points into res: keep res until report_release().
 * Returns 0 or -ENOMEM.
 */
int report_build(struct report *rep, const struct job_result *res, size_t nr);

/* Free what report_build allocated. NULL is fine. */
void report_release(struct report *rep);

#endif /* VERIO_REPORT_BUILD_H */
