/*
 * fuzz-jobfile.c - the job-file reader and the option parser behind it
 * (jobfile_read, jobfile_jobs, option_set, options_check) on arbitrary
 * bytes, as `verio FILE` reads a job file someone handed over.
 *
 * The input is written to job.fio in the target's scratch directory and
 * read by its full path, so a relative include is looked up beside it:
 * "include job.fio" (a cycle) and includes of missing files are reachable.  Inputs that could include a
 * file outside it are skipped: "include /dev/zero" would read forever,
 * which is the user's request, not a parser bug.  So is "${VAR}" in an
 * include (the environment could hold any path).
 */
#include "fuzz.h"

#include "config/jobfile.h"

static bool may_escape(const uint8_t *data, size_t size)
{
	return memmem(data, size, "include", 7) &&
	       (memchr(data, '/', size) || memchr(data, '$', size));
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_init();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[PATH_MAX + 64];
	struct job_def *jobs = NULL;
	struct job_globals g;
	struct jobfile *jf;
	size_t nr = 0;

	if (size > 64 * 1024 || may_escape(data, size))
		return -1;
	fuzz_write("job.fio", data, size);
	fuzz_path(path, sizeof(path), "job.fio");
	if (jobfile_read(path, &jf))
		return 0;
	if (!job_globals_init(&g)) {
		jobfile_jobs(jf, &g, NULL, false, &jobs, &nr);
		job_globals_release(&g);
		job_defs_free(jobs, nr);
	}
	jobfile_showcmd(jf, stdout);
	jobfile_free(jf);
	return 0;
}
