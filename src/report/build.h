/*
 * report-build.h - folding finished jobs into a struct report.
 */
#ifndef VERIO_REPORT_BUILD_H
#define VERIO_REPORT_BUILD_H

#include <stddef.h>

struct job;
struct report;

/* Fill rep from jobs (grouped under group_reporting). 0 or -ENOMEM. */
int report_build(struct report *rep, const struct job *jobs, size_t nr);

/* Free what report_build allocated. NULL is fine. */
void report_release(struct report *rep);

#endif /* VERIO_REPORT_BUILD_H */
