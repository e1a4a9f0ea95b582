/*
 * runconf.h - what one run of jobs is configured with: the jobs as
 * parsed, the output selection and the run-wide flags. The run command
 * fills it from the command line; the scheduler and the progress line
 * read it.
 */
#ifndef VERIO_CONFIG_RUNCONF_H
#define VERIO_CONFIG_RUNCONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct job_def;

/* verio-mpi: most ranks; their number is the low bits of each's run id. */
#define RUN_RANKS_MAX (1u << 16)

/* When the progress line is shown. */
enum eta_mode {
	ETA_AUTO,	/* only when stderr is a terminal */
	ETA_ALWAYS,
	ETA_NEVER,
};

struct run_config {
	/*
	 * The output selection: bit i set prints report format i (the
	 * formats[] table of report/formats.c, in its order); output_file
	 * is --output, NULL = stdout.
	 */
	unsigned output_formats;
	char *output_file;
	enum eta_mode eta;
	/*
	 * fio's --eta-interval (ms between two progress lines, 0 = fio's
	 * 1000) and --eta-newline (ms after which the next line starts on
	 * a new line instead of overwriting the last one; 0 = never).
	 */
	uint64_t eta_interval_ms, eta_newline_ms;
	/* fio's --status-interval: a full report every so many ms, 0 = none. */
	uint64_t status_interval_ms;
	bool readonly, warnings_fatal, parse_only;
	bool bandwidth_log;		/* --bandwidth-log: agg-*_bw.log (run/joblog.c) */
	char *aux_path;			/* --aux-path, NULL = current directory */
	uint64_t max_jobs;		/* --max-jobs: most threads (numjobs summed), 0 = no limit */
	/*
	 * fio's triggers: the run stops as on SIGINT (each job saves its
	 * verify state) when trigger_file appears (it is removed) or
	 * trigger_timeout_us after the jobs start (0 = never); then
	 * trigger_cmd runs through the shell. NULL = none.
	 */
	char *trigger_file;
	uint64_t trigger_timeout_us;
	char *trigger_cmd;
	struct job_def *jobs;		/* command-line jobs, then each file's */
	size_t nr_jobs;
	char *cmdline;			/* argv joined by spaces */
	/*
	 * verio-mpi (docs/mpi.md): the run id every job stamps (0 = draw
	 * one), and the rank whose part of each region the jobs with
	 * rank_split=region take, of nranks (0 = one process, no split).
	 * With nranks > 1, rank q stamps run_id with its low bits (below
	 * RUN_RANKS_MAX) replaced by q.
	 */
	uint64_t run_id;
	unsigned rank, nranks;
	/*
	 * --bundle (or the jobs' verify_bundle): the repro bundle a failing
	 * run writes (run/bundle.h), NULL = none; with what it records of
	 * the invocation: argv as given (not owned: main's), each job file
	 * read (paths as given, includes after their file; "-" left out),
	 * and the command-line job options as an ini text (NULL if none).
	 */
	char *bundle;
	int argc;
	char *const *argv;
	char **job_files;
	size_t nr_job_files;
	char *cmd_ini;
};

/* Free what cfg holds and zero it. NULL is fine. */
void run_config_release(struct run_config *cfg);

#endif /* VERIO_CONFIG_RUNCONF_H */
