/*
 * run-out.h - where a run's report goes, shared by the run command and
 * verio-mpi's ranks (cmd/cluster.c).
 */
#ifndef VERIO_CMD_RUN_OUT_H
#define VERIO_CMD_RUN_OUT_H

#include <stddef.h>
#include <stdio.h>

struct disk_util_set;
struct job_result;
struct run_config;

/* Where the report goes; opened once the jobs are known to be runnable. */
struct run_output {
	const struct run_config *cfg;
	FILE *out;
	const struct disk_util_set *disks;	/* sampled at the start, or empty */
};

/*
 * The run's start hook (arg: a struct run_output): open --output (or
 * take stdout) and print fio's job header lines when the normal format
 * is chosen. Returns 0, or 3 when the output cannot be opened.
 */
int run_output_start(void *arg, const struct job_result *res, size_t nr);

#endif /* VERIO_CMD_RUN_OUT_H */
