/*
 * bundle.h - repro bundles (--bundle=FILE, verify_bundle=FILE): after a
 * run that failed verification (exit 1) or had an I/O error (exit 3),
 * one .tar.gz holding what it takes to study the failure elsewhere: the
 * exact command line and job files, the JSON report, the verify_dump
 * files of the failing units, the verify state (and journal), the slice
 * of the write history over the failing units, and the machine (kernel,
 * each target's device). docs/format.md, "Repro bundle", has the layout.
 *
 * The bundle is written after the run, never on the I/O path. Writing
 * it is a courtesy: a failure is reported and does not change the
 * run's exit status. Built without libarchive (CONFIG_LIBARCHIVE), a
 * bundle is refused when the options are checked (exit 2).
 */
#ifndef VERIO_RUN_BUNDLE_H
#define VERIO_RUN_BUNDLE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct job;
struct job_result;
struct run_config;

/* A target as the bundle describes it (environment.json). */
struct bundle_target {
	char *path;
	unsigned kind;		/* BUNDLE_T_* */
	uint64_t size;		/* bytes, at preflight */
};

enum { BUNDLE_T_FILE, BUNDLE_T_BLOCK, BUNDLE_T_CHAR };

struct bundle {
	const char *path;	/* the archive to write (not owned) */
	uint64_t run_id;
	int64_t started_s;	/* wall clock at preflight: dumps newer are this run's */
	struct bundle_target *targets;
	size_t nr_targets;
};

/*
 * bundle_check_path() - may a bundle be written at path? Its directory
 * must exist and be writable, and path must not be a directory or
 * anything but a regular file; verio must be built with libarchive.
 * Returns 0, or -errno with err (cap bytes) saying why.
 */
int bundle_check_path(const char *path, char *err, size_t cap);

/* bundle_init() - an empty bundle to be written at path (not copied). */
void bundle_init(struct bundle *b, const char *path);

/*
 * bundle_targets() - after preflight: note the run id and every target
 * of jobs[0..nr) (and refuse a bundle path that is one of them, or one
 * of their mirror references). Prints what is wrong. Returns 0, 2 (the
 * bundle would overwrite a target: nothing ran) or 3 (out of memory).
 */
int bundle_targets(struct bundle *b, const struct job *jobs, size_t nr);

/* What the run left, for bundle_write(). */
struct bundle_run {
	const struct run_config *cfg;	/* argv, job files, aux path */
	const struct job_result *res;	/* incidents (dump names), state paths */
	size_t nr;
	const char *report_json;	/* the JSON report, as printed */
	size_t report_json_len;
	int exit_status;
};

/*
 * bundle_write() - write the bundle of run r to b->path: first to a
 * temporary file beside it, renamed over b->path once complete. Files
 * that cannot be read are left out with a warning. Prints what failed.
 * Returns the number of files in the bundle (MANIFEST.json not
 * counted), or -errno (nothing written at b->path).
 */
int bundle_write(const struct bundle *b, const struct bundle_run *r);

/* bundle_release() - free what b holds. NULL is fine. */
void bundle_release(struct bundle *b);

#endif /* VERIO_RUN_BUNDLE_H */
