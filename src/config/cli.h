/*
 * cli.h - the command line: flags, command-line jobs and job files,
 * turned into the list of jobs to run.
 */
#ifndef VERIO_CONFIG_CLI_H
#define VERIO_CONFIG_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct job_def;

enum output_fmt {
	OUTPUT_NORMAL = 1,
	OUTPUT_JSON = 2,
	OUTPUT_TERSE = 4,
};

enum eta_mode {
	ETA_AUTO,
	ETA_ALWAYS,
	ETA_NEVER,
};

struct run_config {
	unsigned output_formats;	/* OUTPUT_* set; OUTPUT_NORMAL by default */
	char *output_file;		/* --output, NULL = stdout */
	enum eta_mode eta;
	bool readonly, warnings_fatal, parse_only;
	char *aux_path;			/* --aux-path, NULL = current directory */
	struct job_def *jobs;		/* command-line jobs, then each file's */
	size_t nr_jobs;
	char *cmdline;			/* argv joined by spaces */
};

/*
 * Parse argv into cfg (which is overwritten) and read every job file.
 * Returns
 *   0  run the jobs in cfg,
 *   1  done: help, version, --cmdhelp, --enghelp, --showcmd or
 *      --parse-only printed what they print; the caller exits 0,
 *   2  usage, job-file or option error, already printed; exit 2.
 * (Out of memory is reported and returns 2.) Any return may leave
 * things in cfg: call run_config_release().
 */
int cli_parse(int argc, char **argv, struct run_config *cfg);

/* Free what cli_parse put in cfg. NULL is fine. */
void run_config_release(struct run_config *cfg);

/* The usage text of --help. */
void cli_usage(FILE *out);

#endif /* VERIO_CONFIG_CLI_H */
