/*
 * test-run-args.c - unit tests for the run command's arguments
 * (src/cmd/run-args.c): flags, their errors, and command-line jobs.
 * Job-file handling is in test-jobfile.c.
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
#include "config/options.h"
#include "config/runconf.h"
#include "report/formats.h"
#include "test-util.h"


/* The selection bit of the format called name. */
static unsigned fmt(const char *name)
{
	const struct report_format *f = report_format_find(name);

	assert_non_null(f);
	return report_format_bit(f);
}

static void done(struct cli_run *r)
{
	run_config_release(&r->cfg);
}

static void test_run_args__version_help(void **state)
{
	struct cli_run r;

	(void)state;
	cli(&r, "--version", NULL);
	assert_int_equal(r.ret, 1);
	assert_int_equal(strncmp(r.out, "verio-", 6), 0);
	assert_non_null(strchr(r.out, '\n'));
	done(&r);
	cli(&r, "--help", NULL);
	assert_int_equal(r.ret, 1);
	assert_int_equal(strncmp(r.out, "usage: verio [options] [jobfile]...\n", 36), 0);
	done(&r);
	cli(&r, "-h", NULL);
	assert_int_equal(r.ret, 1);
	assert_non_null(strstr(r.out, "--output-format"));
	done(&r);
	/* After the run options, the commands. */
	cli(&r, "--help", NULL);
	assert_non_null(strstr(r.out, "4 interrupted\n(a signal or a trigger stopped the run "
				      "before it finished).\n\nCommands:\n"));
	assert_non_null(strstr(r.out, "\n  verio crctest [ALGO] "));
	done(&r);
}

static void test_run_args__defaults(void **state)
{
	struct cli_run r;

	(void)state;
	cli(&r, "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.output_formats, fmt("normal"));
	assert_int_equal(r.cfg.eta, ETA_AUTO);
	assert_null(r.cfg.output_file);
	assert_null(r.cfg.aux_path);
	assert_false(r.cfg.readonly);
	assert_int_equal(r.cfg.nr_jobs, 1);
	assert_string_equal(r.cfg.cmdline, "verio --name=a");
	done(&r);
}

static void test_run_args__flags(void **state)
{
	struct cli_run r;

	(void)state;
	cli(&r, "--output-format=json,normal", "--output", "out.txt", "--aux-path=/tmp",
	    "--eta=never", "--warnings-fatal", "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.output_formats, fmt("json") | fmt("normal"));
	assert_string_equal(r.cfg.output_file, "out.txt");
	assert_string_equal(r.cfg.aux_path, "/tmp");
	assert_int_equal(r.cfg.eta, ETA_NEVER);
	assert_true(r.cfg.warnings_fatal);
	done(&r);
	cli(&r, "--minimal", "--output-format=json", "--eta", "always", "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.output_formats, fmt("terse") | fmt("json"));
	assert_int_equal(r.cfg.eta, ETA_ALWAYS);
	done(&r);
	/* fio's triggers; a bare --trigger-timeout number is seconds. */
	cli(&r, "--trigger-file=/tmp/t", "--trigger-timeout=10", "--trigger", "touch m",
	    "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_string_equal(r.cfg.trigger_file, "/tmp/t");
	assert_int_equal(r.cfg.trigger_timeout_us, 10000000);
	assert_string_equal(r.cfg.trigger_cmd, "touch m");
	done(&r);
	cli(&r, "--trigger-timeout=500ms", "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.trigger_timeout_us, 500000);
	assert_null(r.cfg.trigger_file);
	assert_null(r.cfg.trigger_cmd);
	done(&r);
	cli(&r, "--parse-only", "--name=a", NULL);
	assert_int_equal(r.ret, 1);
	assert_string_equal(r.out, "");
	assert_string_equal(r.err, "");
	done(&r);
}

/* fio's progress and terse flags: bare numbers are seconds, as in fio. */
static void test_run_args__fio_output_flags(void **state)
{
	struct cli_run r;

	(void)state;
	cli(&r, "--name=a", NULL);
	assert_int_equal(r.cfg.eta_interval_ms, 0);
	assert_int_equal(r.cfg.eta_newline_ms, 0);
	done(&r);
	cli(&r, "--eta-interval=250ms", "--eta-newline", "2", "--terse-version=3", "--name=a",
	    NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.eta_interval_ms, 250);
	assert_int_equal(r.cfg.eta_newline_ms, 2000);
	assert_int_equal(r.cfg.status_interval_ms, 0);
	done(&r);
	cli(&r, "--status-interval=2", "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.status_interval_ms, 2000);
	assert_int_equal(r.cfg.output_formats, fmt("normal"));
	done(&r);
	/* --append-terse keeps the formats chosen (normal by default). */
	cli(&r, "--append-terse", "--name=a", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.output_formats, fmt("normal") | fmt("terse"));
	done(&r);
	cli(&r, "--output-format=json", "--append-terse", "--name=a", NULL);
	assert_int_equal(r.cfg.output_formats, fmt("json") | fmt("terse"));
	done(&r);
}

/* fio's flags verio does not take: refused as fio's, and documented. */
static void test_run_args__fio_only_flags(void **state)
{
	const char *doc = test_read_doc("docs/unsupported-fio-options.md");
	char arg[64], want[160], row[80];

	(void)state;
	assert_non_null(run_args_fio_only_flag(0));
	for (size_t i = 0; run_args_fio_only_flag(i); i++) {
		const char *name = run_args_fio_only_flag(i);
		struct cli_run r;

		snprintf(arg, sizeof(arg), "--%s=1", name);
		snprintf(want, sizeof(want), "verio: option '--%s' is a fio option verio does "
			 "not support (see docs/unsupported-fio-options.md)\n", name);
		cli(&r, arg, "--name=a", NULL);
		assert_int_equal(r.ret, 2);
		assert_string_equal(r.err, want);
		done(&r);
		snprintf(row, sizeof(row), "| `--%s`", name);
		if (doc && !strstr(doc, row))
			fail_msg("docs/unsupported-fio-options.md lacks \"%s\"", row);
	}
}

struct bad_case {
	const char *args[4];
	const char *msg;
};

/* The output formats this build offers (html needs jansson). */
#ifdef CONFIG_JANSSON
#define FORMAT_NAMES "normal, json, terse, json+ or html"
#else
#define FORMAT_NAMES "normal, json, terse or json+"
#endif

static const struct bad_case bad_cases[] = {
	{ { "--versoin" }, "verio: unknown option '--versoin' (did you mean '--version'?)\n" },
	{ { "--name=a", "--bsize=4k" },
	  "verio: unknown option '--bsize=4k' (did you mean '--bs'?)\n" },
	{ { "--qqqqqqqqqq" }, "verio: unknown option '--qqqqqqqqqq' (see 'verio --help')\n" },
	{ { "-x" }, "verio: unknown option '-x'" },
	{ { "--output-format=xml", "--name=a" },
	  "verio: unknown output format 'xml' (expected " FORMAT_NAMES ")\n" },
	{ { "--eta=sometimes" }, "verio: invalid --eta value 'sometimes'" },
	{ { "--eta-interval=100ms", "--name=a" },
	  "verio: invalid --eta-interval value '100ms' (expected a time of at least 250ms" },
	{ { "--eta-newline=0", "--name=a" },
	  "verio: invalid --eta-newline value '0' (expected a time of at least 1ms" },
	{ { "--eta-newline=soon", "--name=a" }, "verio: invalid --eta-newline value 'soon'" },
	{ { "--status-interval=999ms", "--name=a" },
	  "verio: invalid --status-interval value '999ms' (expected a time of at least 1000ms" },
	{ { "--terse-version=4", "--name=a" },
	  "verio: --terse-version=4: verio writes terse version 3 only (fio's versions 2, 4 "
	  "and 5 are not supported)\n" },
	{ { "--terse-version=2", "--name=a" }, "verio: --terse-version=2: verio writes terse" },
	{ { "--terse-version=6", "--name=a" },
	  "verio: invalid --terse-version value '6' (fio's versions are 2 to 5; verio writes 3)\n" },
	{ { "--readonly=1" }, "verio: option '--readonly' takes no value\n" },
	{ { "--output" }, "verio: option '--output' needs a value\n" },
	{ { "--name" }, "verio: option '--name' needs a job name\n" },
	{ { NULL }, "verio: no jobs to run" },
	{ { "--bs=8k" }, "verio: no jobs to run" },
	{ { "missing.fio" }, "verio: cannot open job file 'missing.fio': No such file" },
	{ { "--name=a", "--bs=4q" },
	  "verio: command line: option 'bs': invalid size '4q' (expected a size such as "
	  "4k, 1m, 0x1000)\n" },
	{ { "--name=a", "--verifysort=1" },
	  "verio: command line: option 'verifysort' is a fio option verio does not support "
	  "yet\n" },
	{ { "--readonly", "--name=w", "--rw=randrw" },
	  "verio: job 'w': write job refused under --readonly\n" },
	{ { "--cmdhelp=nope" }, "verio: unknown option 'nope'" },
	{ { "--cmdhelp=bsize" }, "verio: unknown option 'bsize' (did you mean 'bs'?)\n" },
	{ { "--cmdhelp=verifysort" }, "verio: 'verifysort' is a fio option verio does not support "
				  "yet\n" },
	{ { "--enghelp=nope" }, "verio: unknown I/O engine 'nope'" },
	{ { "--showcmd" }, "verio: --showcmd needs job files to print\n" },
	{ { "--trigger-timeout=soon", "--name=a" },
	  "verio: invalid --trigger-timeout value 'soon' (expected a time greater than 0" },
	{ { "--trigger-timeout=0", "--name=a" },
	  "verio: invalid --trigger-timeout value '0'" },
	{ { "--trigger-file=", "--name=a" },
	  "verio: option '--trigger-file' needs a file name\n" },
	{ { "--trigger=", "--name=a" }, "verio: option '--trigger' needs a command\n" },
	{ { "--warnings-fatal", "--trigger=true", "--name=a" },
	  "verio: warning: --trigger runs only after a trigger: give --trigger-file or "
	  "--trigger-timeout\nverio: stopping: warnings are fatal (--warnings-fatal)\n" },
	{ { "--crctest=nope" },
	  "verio: unknown checksum 'nope' (see 'verio --cmdhelp=verify')\n" },
};

static void test_run_args__usage_errors(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct cli_run r;

		cli(&r, c->args[0], c->args[1], c->args[2], c->args[3], NULL);
		if (r.ret != 2 || strncmp(r.err, c->msg, strlen(c->msg)))
			fail_msg("case %zu (%s): ret %d, stderr \"%s\", want \"%s\"", i,
				 c->args[0] ? c->args[0] : "", r.ret, r.err, c->msg);
		done(&r);
	}
}

static void test_run_args__jobs(void **state)
{
	struct cli_run r;

	(void)state;
	/* fio's forms: --opt=val, --opt val, -opt=val, bare booleans, --. */
	cli(&r, "--iodepth", "4", "-name=a", "--bs", "8k", "--direct", "--name", "b",
	    "--rw=write", "--name=global", "--numjobs=2", "--name=c", NULL);
	assert_int_equal(r.ret, 0);
	assert_int_equal(r.cfg.nr_jobs, 3);
	assert_string_equal(r.cfg.jobs[0].o.name, "a");
	assert_int_equal(r.cfg.jobs[0].o.iodepth, 4);
	assert_int_equal(r.cfg.jobs[0].o.bs[1], 8192);
	assert_true(r.cfg.jobs[0].o.direct);
	assert_string_equal(r.cfg.jobs[1].o.name, "b");
	assert_int_equal(r.cfg.jobs[1].o.bs[1], 4096);
	assert_int_equal(r.cfg.jobs[1].o.rw, RW_F_WRITE);
	assert_int_equal(r.cfg.jobs[1].o.numjobs, 1);
	/* --name=global: a global section for the command-line jobs after it. */
	assert_int_equal(r.cfg.jobs[2].o.numjobs, 2);
	assert_int_equal(r.cfg.jobs[2].o.iodepth, 4);
	assert_null(r.cfg.jobs[2].file);
	done(&r);
}

static void test_run_args__readonly_reads(void **state)
{
	struct cli_run r;

	(void)state;
	cli(&r, "--readonly", "--name=r", "--rw=randread", NULL);
	assert_int_equal(r.ret, 0);
	assert_true(r.cfg.readonly);
	done(&r);
}

static void test_run_args__cmdhelp_enghelp(void **state)
{
	struct cli_run r;

	(void)state;
	cli(&r, "--cmdhelp=bs", NULL);
	assert_int_equal(r.ret, 1);
	assert_int_equal(strncmp(r.out, "bs: ", 4), 0);
	done(&r);
	cli(&r, "--cmdhelp", NULL);
	assert_int_equal(r.ret, 1);
	assert_non_null(strstr(r.out, "percentile_list"));
	done(&r);
	cli(&r, "--cmdhelp=all", NULL);
	assert_int_equal(r.ret, 1);
	assert_non_null(strstr(r.out, "ioengine"));
	done(&r);
	cli(&r, "--enghelp", NULL);
	assert_int_equal(r.ret, 1);
	assert_non_null(strstr(r.out, "psync"));
	assert_non_null(strstr(r.out, "null"));
	done(&r);
	cli(&r, "--enghelp=psync", NULL);
	assert_int_equal(r.ret, 1);
	assert_int_equal(strncmp(r.out, "psync: ", 7), 0);
	done(&r);
}

static void test_run_args__warnings_fatal(void **state)
{
	char path[] = "/tmp/verio-test-cli.XXXXXX";
	int fd = mkstemp(path);
	struct cli_run r;

	(void)state;
	assert_true(fd >= 0);
	assert_true(write(fd, "[j]\nfilename=${VERIO_TEST_NOT_SET}x\n", 36) == 36);
	close(fd);
	unsetenv("VERIO_TEST_NOT_SET");
	cli(&r, path, NULL);
	assert_int_equal(r.ret, 0);
	assert_non_null(strstr(r.err, "verio: warning: "));
	done(&r);
	cli(&r, "--warnings-fatal", path, NULL);
	assert_int_equal(r.ret, 2);
	assert_non_null(strstr(r.err, "warnings are fatal"));
	done(&r);
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_run_args__version_help),
		cmocka_unit_test(test_run_args__defaults),
		cmocka_unit_test(test_run_args__flags),
		cmocka_unit_test(test_run_args__fio_output_flags),
		cmocka_unit_test(test_run_args__fio_only_flags),
		cmocka_unit_test(test_run_args__usage_errors),
		cmocka_unit_test(test_run_args__jobs),
		cmocka_unit_test(test_run_args__readonly_reads),
		cmocka_unit_test(test_run_args__cmdhelp_enghelp),
		cmocka_unit_test(test_run_args__warnings_fatal),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
