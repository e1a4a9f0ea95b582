/*
 * report.h - what the output formats read, and the formats.
 *
 * report_build() (report/build.h) folds the jobs' flat results
 * (report/result.h) into a struct report after all jobs have ended; each
 * output format only reads it. Text goes to the output stream,
 * diagnostics to stderr.
 */
#ifndef VERIO_REPORT_REPORT_H
#define VERIO_REPORT_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "report/result.h"
#include "report/stats.h"

struct job_result;
struct result_kv;
struct result_opts;

/*
 * The version of verio's own keys in the JSON report (docs/json.md):
 * raised when one of them changes meaning or goes, not when one is added.
 */
#define VERIO_JSON_SCHEMA 1

/* One reported job: a job, or a whole group under group_reporting. */
struct report_job {
	const char *name;		/* job name (the first job's, for a group) */
	const char *description;	/* NULL if none */
	unsigned groupid;
	unsigned jobnum;		/* numjobs clone index */
	unsigned nr_merged;		/* jobs folded in (1 without group_reporting) */
	int error;			/* positive errno, 0 = ok */
	const struct result_opts *o;	/* options of the (first) job */
	const struct result_kv *kv;	/* as written, for "job options" */
	size_t kv_nr;
	struct job_stats st;
	uint64_t elapsed_s;		/* wall seconds the job ran */
	int pid;			/* worker thread id (gettid), 0 = getpid() */
	const char *errmsg;		/* what failed, NULL = strerror(error) */
	bool interrupted;		/* cut short by the run's interruption */
	struct result_vcheck vcheck;	/* the (first) job's; path not owned */
	/* verio's time axis (the (first) job's, not owned): its phases, and
	 * when the interruption told it to stop (interrupted_known). */
	const struct result_phases *phases;
	/* Its jobs' results, nr_merged of them in a row (the verify maps of
	 * all: one per file each job verifies). */
	const struct job_result *res;
	bool interrupted_known;
	uint64_t interrupted_ms;
	/*
	 * unified_rw_reporting (UNIFIED_*, the first job's). With mixed,
	 * report_build() has summed every direction into st.dir[DDIR_READ]
	 * (the others are empty) and the formats name it "mixed"; with both,
	 * mixed holds that sum and st.dir is left as it was.
	 */
	unsigned unified;
	struct dir_stats mixed;
};

/* One group's totals ("Run status group N"). */
struct report_group {
	unsigned groupid;
	uint64_t io_bytes[DDIR_DATA_CNT];	/* read, write, trim */
	uint64_t min_run_ns[DDIR_DATA_CNT], max_run_ns[DDIR_DATA_CNT]; /* over its jobs */
	uint64_t agg_bw[DDIR_DATA_CNT];	/* bytes/s: io_bytes / max runtime */
	uint64_t min_bw[DDIR_DATA_CNT], max_bw[DDIR_DATA_CNT]; /* bytes/s over its jobs */
	unsigned kb_base, unit_base;
	unsigned unified;	/* UNIFIED_*, the first job's: the "MIXED" lines */
};

struct report {
	struct report_job *jobs;
	size_t nr_jobs;
	struct report_group *groups;
	size_t nr_groups;
	uint64_t timestamp_s;		/* wall clock at the end */
	uint64_t timestamp_ms;
	const char *time_str;		/* ctime-like, no newline */
	const char *cmdline;		/* argv joined, for reference */
	/* uname(2) at report_build(): nodename, release, machine ("" = unknown) */
	char hostname[65], kernel[65], machine[65];
	/* The status the command exits with, set by it once known
	 * (exit_known; not for a --status-interval report). */
	bool exit_known;
	int exit_status;
	const char *interrupt_reason;	/* why the run was stopped; NULL = it was not */
	/* verio-mpi: its "mpi" object as JSON text (docs/mpi.md), written
	 * as it is before exit_status; NULL = not a run of ranks. */
	const char *mpi_json;
	const struct result_kv *global_kv;	/* [global] options as written, for */
	size_t global_kv_nr;		/* JSON "global options" (omitted if 0) */
	const struct disk_util_result *disks;	/* fio's disk_util, not owned; */
	size_t nr_disks;			/* none: set by the command */
};

/*
 * Building a group's totals from its reported jobs, as fio does:
 * report_group_init(), report_group_add() for each report_job of the
 * group (after group_reporting merged them, if it did), then
 * report_group_finish() to compute agg_bw (io_bytes / max runtime).
 * min/max runtime and bandwidth are over the jobs that moved data in
 * that direction; kb_base / unit_base come from the first job's options.
 */
void report_group_init(struct report_group *g, unsigned groupid);
void report_group_add(struct report_group *g, const struct report_job *j);
void report_group_finish(struct report_group *g);

/*
 * The output formats (listed in formats[], report/formats.c); each
 * writes the whole report to out.
 * report_normal: fio's human-readable layout, per job then per group.
 * report_json: one JSON document (fio's keys, "verio version"), nothing else.
 * report_json_plus: the same with fio's json+ latency "bins".
 * report_terse: one line per reported job, fio's terse version 3
 * (docs/terse.md).
 * report_html: the HTML page of the run (report/html.h) from its JSON
 * report, its logs looked for in the working directory; without jansson
 * it is not in the table.
 */
void report_normal(FILE *out, const struct report *r);
void report_json(FILE *out, const struct report *r);
void report_json_plus(FILE *out, const struct report *r);
void report_terse(FILE *out, const struct report *r);
void report_html(FILE *out, const struct report *r);

/*
 * The line printed when a job starts ("name: (g=0): rw=..., bs=..."),
 * from the name, group and options of res (its stats are not read).
 */
void report_job_header(FILE *out, const struct job_result *res);

#endif /* VERIO_REPORT_REPORT_H */
