/*
 * test-jobfile.c - unit tests for the job-file reader (src/config/jobfile.c),
 * and for how run_args_parse() combines job files and command-line jobs.
 *
 * Every test runs in a fresh temporary directory (its working
 * directory) and writes the job files it needs there.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <limits.h>
#include <sys/stat.h>

#include "cmd/run-args.h"
#include "config/runconf.h"
#include "config/jobfile.h"
#include "config/options.h"
#include "test-util.h"

#define KiB 1024ULL

/* ---- scratch directory and files ------------------------------------------- */

struct scratch {
	char old_cwd[PATH_MAX];
	char dir[64];
};

static int setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (!s || !getcwd(s->old_cwd, sizeof(s->old_cwd)))
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/verio-test-jobfile.XXXXXX");
	if (!mkdtemp(s->dir) || chdir(s->dir))
		return -1;
	*state = s;
	return 0;
}

static int rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct scratch *s = *state;
	int ret = chdir(s->old_cwd);

	nftw(s->dir, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(s);
	return ret;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

/* ---- capturing stdout / stderr --------------------------------------------------- */


/* ---- loading ------------------------------------------------------------------- */

struct loaded {
	struct job_def *jobs;
	size_t nr;
	int ret;		/* jobfile_jobs() */
	unsigned errors;	/* syntax errors */
	unsigned warnings;
	char err[16384];	/* stderr */
};

/* Read path and build its jobs from the defaults; stderr is kept in l->err. */
static void load(const char *path, struct loaded *l)
{
	struct capture c;
	struct jobfile *jf;
	struct job_globals g;

	memset(l, 0, sizeof(*l));
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(jobfile_read(path, &jf), 0);
	assert_int_equal(job_globals_init(&g), 0);
	l->ret = jobfile_jobs(jf, &g, NULL, false, &l->jobs, &l->nr);
	l->errors = jf->errors;
	l->warnings = jf->warnings;
	job_globals_release(&g);
	jobfile_free(jf);
	snprintf(l->err, sizeof(l->err), "%s", capture_end(&c, STDERR_FILENO));
}

static void unload(struct loaded *l)
{
	job_defs_free(l->jobs, l->nr);
	l->jobs = NULL;
	l->nr = 0;
}


/* ---- globals ----------------------------------------------------------------------- */

static void test_jobfile__global_inheritance(void **state)
{
	struct loaded l;

	(void)state;
	write_file("g.fio",
		   "[global]\n"
		   "bs=8k\n"
		   "name=from-global\n"
		   "[a]\n"
		   "iodepth=2\n"
		   "[global]\n"
		   "iodepth=16\n"
		   "rw=write\n"
		   "[b]\n"
		   "[c]\n"
		   "name=own\n");
	load("g.fio", &l);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.nr, 3);
	/* a: first global only; the later one does not reach back. */
	assert_string_equal(l.jobs[0].o.name, "a");
	assert_int_equal(l.jobs[0].o.bs[0], 8 * KiB);
	assert_int_equal(l.jobs[0].o.iodepth, 2);
	assert_int_equal(l.jobs[0].o.rw, RW_F_READ);
	/* b: both globals. */
	assert_string_equal(l.jobs[1].o.name, "b");
	assert_int_equal(l.jobs[1].o.bs[1], 8 * KiB);
	assert_int_equal(l.jobs[1].o.iodepth, 16);
	assert_int_equal(l.jobs[1].o.rw, RW_F_WRITE);
	/* c: its own name= wins over the section name. */
	assert_string_equal(l.jobs[2].o.name, "own");
	/* Source positions and options as written. */
	assert_string_equal(l.jobs[1].file, "g.fio");
	assert_int_equal(l.jobs[1].line, 9);
	assert_int_equal(l.jobs[0].kv_global_nr, 2);
	assert_int_equal(l.jobs[0].kv_nr, 3);
	assert_string_equal(l.jobs[0].kv[0].name, "bs");
	assert_string_equal(l.jobs[0].kv[0].value, "8k");
	assert_string_equal(l.jobs[0].kv[2].name, "iodepth");
	assert_int_equal(l.jobs[1].kv_global_nr, 4);
	assert_int_equal(l.jobs[1].kv_nr, 4);
	assert_false(l.jobs[0].file_stonewall);
	unload(&l);
}

static void test_jobfile__global_prefix(void **state)
{
	struct loaded l;

	(void)state;
	/* Any section whose name starts with "global" is a global section. */
	write_file("gp.fio", "[global-defaults]\nnumjobs=3\n[j]\n");
	load("gp.fio", &l);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.jobs[0].o.numjobs, 3);
	unload(&l);
}

/* ---- line syntax ------------------------------------------------------------------- */

static void test_jobfile__comments_and_whitespace(void **state)
{
	struct loaded l;

	(void)state;
	write_file("c.fio",
		   "; a comment\n"
		   "# another\n"
		   "   \t\n"
		   "[ job ]   ; trailing comment on a section\n"
		   "  bs   =   8k   ; trailing\n"
		   "iodepth=4# no space before it\n"
		   "buffer_pattern=\"a;#b\" # quoted ';' and '#' stay\n"
		   "filename=\t/tmp/x  \r\n"
		   "direct\r\n"
		   "stonewall ; bare, then a comment\n");
	load("c.fio", &l);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.errors, 0);
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.jobs[0].o.name, "job");
	assert_int_equal(l.jobs[0].o.bs[0], 8 * KiB);
	assert_int_equal(l.jobs[0].o.iodepth, 4);
	assert_int_equal(l.jobs[0].o.buffer_pattern_len, 4);
	assert_memory_equal(l.jobs[0].o.buffer_pattern, "a;#b", 4);
	assert_string_equal(l.jobs[0].o.filename, "/tmp/x");
	assert_true(l.jobs[0].o.direct);
	assert_true(l.jobs[0].o.stonewall);
	/* A bare boolean is recorded without a value. */
	assert_string_equal(l.jobs[0].kv[4].name, "direct");
	assert_null(l.jobs[0].kv[4].value);
	unload(&l);
}

static void test_jobfile__env(void **state)
{
	struct loaded l;

	(void)state;
	setenv("VERIO_TEST_BS", "16k", 1);
	setenv("VERIO_TEST_DIR", "/data", 1);
	unsetenv("VERIO_TEST_UNSET");
	write_file("e.fio",
		   "[j]\n"
		   "bs=${VERIO_TEST_BS}\n"
		   "filename=${VERIO_TEST_DIR}/f${VERIO_TEST_UNSET}.${VERIO_TEST_BS}\n"
		   "description=$HOME ${ not closed\n");
	load("e.fio", &l);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.jobs[0].o.bs[0], 16 * KiB);
	/* An unset variable expands to nothing, as in fio, with a warning. */
	assert_string_equal(l.jobs[0].o.filename, "/data/f.16k");
	assert_int_equal(l.warnings, 1);
	assert_non_null(strstr(l.err, "verio: warning: job file 'e.fio' line 3: "
				      "environment variable 'VERIO_TEST_UNSET' is not set"));
	/* Only ${...} is expanded. */
	assert_string_equal(l.jobs[0].o.description, "$HOME ${ not closed");
	/* kv holds the expanded value, as fio's JSON does. */
	assert_string_equal(l.jobs[0].kv[0].value, "16k");
	unload(&l);
}

/* ---- include ------------------------------------------------------------------------ */

static void test_jobfile__include(void **state)
{
	struct loaded l;

	(void)state;
	assert_int_equal(mkdir("sub", 0755), 0);
	/* both.inc exists in the cwd and beside the job file: the cwd one wins. */
	write_file("both.inc", "iodepth=8\n");
	write_file("sub/both.inc", "iodepth=99\n");
	write_file("sub/beside.inc", "include nested.inc\nbs=2k\n");
	write_file("sub/nested.inc", "numjobs=5\n");
	write_file("sub/main.fio",
		   "[global]\n"
		   "include both.inc\n"
		   "[j]\n"
		   "include beside.inc   ; a comment\n"
		   "rw=write\n");
	load("sub/main.fio", &l);
	assert_int_equal(l.ret, 0);
	assert_int_equal(l.errors, 0);
	assert_int_equal(l.nr, 1);
	assert_int_equal(l.jobs[0].o.iodepth, 8);
	assert_int_equal(l.jobs[0].o.bs[0], 2 * KiB);
	assert_int_equal(l.jobs[0].o.numjobs, 5);
	assert_int_equal(l.jobs[0].o.rw, RW_F_WRITE);
	assert_int_equal(l.jobs[0].kv_global_nr, 1);
	unload(&l);
}

static void test_jobfile__include_errors(void **state)
{
	struct loaded l;
	char name[32], text[64];

	(void)state;
	write_file("m.fio", "[j]\nbs=4k\ninclude nope.inc\n");
	load("m.fio", &l);
	assert_int_equal(l.errors, 1);
	assert_non_null(strstr(l.err, "verio: job file 'm.fio' line 3: cannot open include "
				      "file 'nope.inc': No such file or directory"));
	unload(&l);

	write_file("self.inc", "bs=4k\ninclude self.inc\n");
	write_file("cyc.fio", "[j]\ninclude self.inc\n");
	load("cyc.fio", &l);
	assert_int_equal(l.errors, 1);
	assert_non_null(strstr(l.err, "job file 'self.inc' line 2: include 'self.inc' is "
				      "already being read (include cycle)"));
	unload(&l);

	/* d0.inc includes d1.inc ... d19.inc: deeper than 16. */
	for (int i = 0; i < 20; i++) {
		snprintf(name, sizeof(name), "d%d.inc", i);
		snprintf(text, sizeof(text), "include d%d.inc\n", i + 1);
		write_file(name, text);
	}
	write_file("d20.inc", "bs=4k\n");
	write_file("deep.fio", "[j]\ninclude d0.inc\n");
	load("deep.fio", &l);
	assert_int_equal(l.errors, 1);
	assert_non_null(strstr(l.err, "includes nest more than 16 deep"));
	unload(&l);

	write_file("sect.inc", "[inner]\n");
	write_file("s.fio", "[j]\ninclude sect.inc\n");
	load("s.fio", &l);
	assert_int_equal(l.errors, 1);
	assert_non_null(strstr(l.err, "job file 'sect.inc' line 1: section '[inner]' in an "
				      "included file"));
	unload(&l);
}

/* ---- errors name file and line ---------------------------------------------------- */

struct err_case {
	const char *text;
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ "[j]\n\nbsize=4k\n",
	  "verio: job file 'bad.fio' line 3: unknown option 'bsize' (did you mean 'bs'?)\n" },
	{ "[j]\nrw=write\n; c\nbs=4q\n",
	  "verio: job file 'bad.fio' line 4: option 'bs': invalid size '4q' (expected a "
	  "size such as 4k, 1m, 0x1000)\n" },
	{ "bs=4k\n[j]\n",
	  "verio: job file 'bad.fio' line 1: option 'bs' is outside a section (start a job "
	  "with a [name] line first)\n" },
	{ "[j]\nverifysort=1\n",
	  "verio: job file 'bad.fio' line 2: option 'verifysort' is a fio option verio does "
	  "not support yet\n" },
	{ "[j\n",
	  "verio: job file 'bad.fio' line 1: malformed section header '[j' (expected "
	  "[name])\n" },
	{ "[j]\nbs 4k\n",
	  "verio: job file 'bad.fio' line 2: malformed line 'bs 4k' (expected "
	  "option=value)\n" },
	{ "[j]\nrwmixread=70\nrwmixwrite=40\nrw=randrw\nbssplit=4k/50:8k/40\n",
	  "verio: job file 'bad.fio' line 5: option 'bssplit': invalid block size split" },
};

static void test_jobfile__errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(err_cases); i++) {
		struct loaded l;

		write_file("bad.fio", err_cases[i].text);
		load("bad.fio", &l);
		/* A syntax error counts in errors, an option error drops its job. */
		assert_true(l.errors || (l.ret == -EINVAL && l.nr == 0));
		if (strncmp(l.err, err_cases[i].msg, strlen(err_cases[i].msg)))
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, l.err,
				 err_cases[i].msg);
		unload(&l);
	}
}

static void test_jobfile__every_error_reported(void **state)
{
	struct loaded l;

	(void)state;
	write_file("many.fio",
		   "[global]\n"
		   "verifysort=1\n"
		   "[a]\n"
		   "bs=1q\n"
		   "[b]\n"
		   "iodepth=4\n"
		   "[c]\n"
		   "numjobs=x\n");
	load("many.fio", &l);
	assert_int_equal(l.ret, -EINVAL);
	/* The bad jobs are dropped; the good one is still made. */
	assert_int_equal(l.nr, 1);
	assert_string_equal(l.jobs[0].o.name, "b");
	assert_non_null(strstr(l.err, "line 2: option 'verifysort'"));
	assert_non_null(strstr(l.err, "line 4: option 'bs'"));
	assert_non_null(strstr(l.err, "line 8: option 'numjobs'"));
	unload(&l);
}

static void test_jobfile__missing_file(void **state)
{
	struct capture c;
	struct jobfile *jf = (struct jobfile *)1;
	const char *err;

	(void)state;
	capture_start(&c, STDERR_FILENO);
	assert_int_equal(jobfile_read("no-such.fio", &jf), -ENOENT);
	err = capture_end(&c, STDERR_FILENO);
	assert_null(jf);
	assert_string_equal(err, "verio: cannot open job file 'no-such.fio': No such file "
				 "or directory\n");
}

/* ---- several files, --section, command line ---------------------------------------- */

static void test_jobfile__several_files_stonewall(void **state)
{
	struct cli_run r;

	(void)state;
	write_file("one.fio", "[global]\nbs=8k\n[a]\n[b]\n");
	write_file("two.fio", "[c]\n[d]\n");
	cli(&r, "one.fio", "two.fio", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.nr_jobs, 4);
	assert_false(r.cfg.jobs[0].file_stonewall);
	assert_false(r.cfg.jobs[1].file_stonewall);
	assert_true(r.cfg.jobs[2].file_stonewall);
	assert_false(r.cfg.jobs[3].file_stonewall);
	/* A file's [global] stays in that file. */
	assert_int_equal(r.cfg.jobs[2].o.bs[0], 4 * KiB);
	assert_string_equal(r.cfg.jobs[3].file, "two.fio");
	run_config_release(&r.cfg);
}

static void test_jobfile__section_select(void **state)
{
	struct cli_run r;

	(void)state;
	write_file("s.fio", "[global]\niodepth=4\n[light]\nbs=4k\n[heavy]\nbs=1m\n"
			    "[other]\n");
	cli(&r, "--section=heavy", "s.fio", "--section", "light", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.nr_jobs, 2);
	assert_string_equal(r.cfg.jobs[0].o.name, "light");
	assert_string_equal(r.cfg.jobs[1].o.name, "heavy");
	assert_int_equal(r.cfg.jobs[1].o.iodepth, 4);
	run_config_release(&r.cfg);

	cli(&r, "--section=nope", "s.fio", NULL);
	assert_int_equal(r.ret, 2);
	assert_non_null(strstr(r.err, "verio: --section 'nope' matches no job section"));
	run_config_release(&r.cfg);
}

static void test_jobfile__command_line_globals(void **state)
{
	struct cli_run r;

	(void)state;
	write_file("f.fio", "[global]\niodepth=2\n[a]\n[b]\nbs=16k\n");
	/* Options before --name reach the job files' jobs; the files' own
	 * globals and options win. */
	cli(&r, "--bs=8k", "--iodepth", "8", "--name=cl", "--rw=write", "f.fio", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.nr_jobs, 3);
	assert_string_equal(r.cfg.jobs[0].o.name, "cl");
	assert_null(r.cfg.jobs[0].file);
	assert_int_equal(r.cfg.jobs[0].o.iodepth, 8);
	assert_int_equal(r.cfg.jobs[0].o.rw, RW_F_WRITE);
	assert_int_equal(r.cfg.jobs[0].kv_global_nr, 2);
	assert_string_equal(r.cfg.jobs[0].kv[2].name, "name");
	assert_int_equal(r.cfg.jobs[1].o.bs[0], 8 * KiB);
	assert_int_equal(r.cfg.jobs[1].o.iodepth, 2);
	assert_int_equal(r.cfg.jobs[1].o.rw, RW_F_READ);
	assert_int_equal(r.cfg.jobs[2].o.bs[0], 16 * KiB);
	assert_false(r.cfg.jobs[1].file_stonewall);
	run_config_release(&r.cfg);
}

static void test_jobfile__showcmd(void **state)
{
	struct cli_run r;

	(void)state;
	write_file("sc.fio",
		   "[global]\n"
		   "bs=4k\n"
		   "filename_format=d/$jobname\n"
		   "[j1]\n"
		   "rw=write\n"
		   "direct\n"
		   "[global]\n"
		   "iodepth=2\n"
		   "[j2]\n"
		   "description=it's\n");
	cli(&r, "--showcmd", "sc.fio", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "verio --bs=4k --filename_format='d/$jobname' --name=j1 "
				   "--rw=write --direct --name=global --iodepth=2 --name=j2 "
				   "--description='it'\\''s'\n");
	run_config_release(&r.cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_jobfile__global_inheritance, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__global_prefix, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__comments_and_whitespace, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__include, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__include_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__every_error_reported, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__missing_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__several_files_stonewall, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__section_select, setup, teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__command_line_globals, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_jobfile__showcmd, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
