/*
 * jobfile.h - fio-syntax job files, read into sections and turned into
 * jobs.
 *
 * Reading and building are two steps so that --showcmd can print a file
 * as written and the command line can reuse the builder: cli.c puts the
 * command-line options into a struct jobfile of its own (file NULL).
 *
 * Syntax (fio's): "[name]" starts a section; a section whose name
 * starts with "global" sets defaults for the jobs after it in the same
 * file. "name=value" or a bare "name" (a boolean set to 1) per line;
 * white space around name and value is dropped. ';' and '#' start a
 * comment anywhere outside double quotes. "${VAR}" in a value is
 * replaced by the environment variable VAR, or by nothing (with a
 * warning) if VAR is not set. "include FILE" reads FILE in place: FILE
 * is looked up from the current directory first, then from the
 * including file's directory; includes nest up to 16 deep, may not hold
 * sections, and may not include themselves.
 */
#ifndef VERIO_CONFIG_JOBFILE_H
#define VERIO_CONFIG_JOBFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "config/options.h"

#define JOBFILE_INCLUDE_MAX 16	/* deepest include nesting */
#define JOBFILE_ERRORS_MAX 20	/* a file stops being read after this many */

/* One option line, after comments, trimming and ${VAR} expansion. */
struct jf_opt {
	char *name;
	char *value;		/* NULL for a bare name */
	const char *file;	/* owned by the struct jobfile; NULL = command line */
	unsigned line;
};

struct jf_section {
	char *name;
	bool global;
	bool implicit;		/* command-line options before the first --name */
	const char *file;
	unsigned line;
	struct jf_opt *opts;
	size_t nr_opts, alloc;
};

struct jobfile {
	char *path;		/* as given; NULL for the command line */
	struct jf_section *secs;
	size_t nr_secs, alloc;
	char **files;		/* names used in messages: path, then includes */
	size_t nr_files;
	unsigned errors;	/* syntax errors, already printed */
	unsigned warnings;	/* warnings, already printed */
};

/* What global sections have set so far: the start of every later job. */
struct job_globals {
	struct job_options o;
	struct opt_kv *kv;	/* as written, in order */
	size_t kv_nr;
};

/* --section filter: only job sections named here become jobs. */
struct jobfile_select {
	const char *const *names;
	size_t nr;
	bool *seen;		/* optional, nr flags: set when a name matched */
};

/*
 * Read path ("-" is stdin) and its includes. Syntax errors and warnings
 * are printed and counted in (*out)->errors / ->warnings; the sections
 * read are kept either way. Returns 0, or -errno if path cannot be read
 * at all (printed; *out is NULL), or -ENOMEM.
 */
int jobfile_read(const char *path, struct jobfile **out);

/* An empty struct jobfile for options from elsewhere (path NULL = command line). */
struct jobfile *jobfile_new(const char *path);
int jobfile_add_section(struct jobfile *jf, const char *name, bool implicit,
			unsigned line);
int jobfile_add_option(struct jobfile *jf, const char *name, const char *value,
		       unsigned line);
void jobfile_free(struct jobfile *jf);

/*
 * Turn jf's sections into jobs appended to *jobs / *nr_jobs. g holds the
 * inherited defaults and is updated by jf's global sections. sel may be
 * NULL (every section). With file_stonewall, the first job made gets
 * file_stonewall set (a later job file on the command line).
 * A job with a bad option is reported (every error is printed, with its
 * file and line) and dropped; the others are still made.
 * Returns 0, -EINVAL if anything was reported, -ENOMEM.
 */
int jobfile_jobs(const struct jobfile *jf, struct job_globals *g,
		 const struct jobfile_select *sel, bool file_stonewall,
		 struct job_def **jobs, size_t *nr_jobs);

/* Print jf as one verio command line (--showcmd). */
void jobfile_showcmd(const struct jobfile *jf, FILE *out);

/* job_globals: defaults (0 or -ENOMEM), deep copy, release (NULL is fine). */
int job_globals_init(struct job_globals *g);
int job_globals_copy(struct job_globals *dst, const struct job_globals *src);
void job_globals_release(struct job_globals *g);

/* Free what a job_def holds, or an array of them. NULL is fine. */
void job_def_release(struct job_def *jd);
void job_defs_free(struct job_def *jobs, size_t nr);

/* Free an array of opt_kv. */
void opt_kv_free(struct opt_kv *kv, size_t nr);

#endif /* VERIO_CONFIG_JOBFILE_H */
