/*
 * test-cmd.c - unit tests for the commands table (src/cmd/commands.c)
 * and the small commands: help, io's command line, and the ones not built
 * yet.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/cmd.h"
#include "test-util.h"

struct cmd_out {
	int ret;
	char out[8192], err[8192];
};

/* Run fn over a NULL-ended argument list (argv[0] included), capturing. */
static void run_cmd(struct cmd_out *o, int (*fn)(int, char **), ...)
{
	char *argv[8];
	int argc = 0;
	struct capture co, ce;
	va_list ap;

	va_start(ap, fn);
	while (argc < 7 && (argv[argc] = va_arg(ap, char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	capture_start(&co, STDOUT_FILENO);
	capture_start(&ce, STDERR_FILENO);
	o->ret = fn(argc, argv);
	snprintf(o->err, sizeof(o->err), "%s", capture_end(&ce, STDERR_FILENO));
	snprintf(o->out, sizeof(o->out), "%s", capture_end(&co, STDOUT_FILENO));
}

static void test_cmd__table(void **state)
{
	static const char *const names[] = { "run", "crctest", "io", "inspect", "help" };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		const struct command *c = command_find(names[i]);

		assert_non_null(c);
		assert_string_equal(c->name, names[i]);
		assert_non_null(c->fn);
		assert_non_null(c->usage);
		assert_int_equal(strncmp(c->usage, "verio ", 6), 0);
		assert_non_null(c->summary);
	}
	assert_true(command_find("run")->fn == cmd_run);
	assert_null(command_find("job.fio"));
	assert_null(command_find("--help"));
	assert_null(command_find(""));
	assert_null(command_find(NULL));
}

static void test_cmd__not_built(void **state)
{
	struct cmd_out o;

	(void)state;
	run_cmd(&o, cmd_io, "io", "no-such-target", NULL);
	assert_int_equal(o.ret, 3);
	assert_string_equal(o.out, "");
	assert_string_equal(o.err, "verio: can't open device no-such-target: "
			    "Could not open 'no-such-target': No such file or directory\n");
	run_cmd(&o, cmd_io, "io", NULL);
	assert_int_equal(o.ret, 2);
	assert_non_null(strstr(o.err, "verio io: no target given\n"));
	run_cmd(&o, cmd_inspect, "inspect", NULL);
	assert_int_equal(o.ret, 2);
	assert_string_equal(o.out, "");
	assert_non_null(strstr(o.err, "verio: inspect: nothing to inspect: give a dump, a "
				      "bundle or --target\nusage: verio inspect "));
	run_cmd(&o, cmd_inspect, "inspect", "no-such-dump", NULL);
	assert_int_equal(o.ret, 2);
	assert_string_equal(o.err, "verio: inspect: cannot read 'no-such-dump': "
			    "No such file or directory\n");
}

static void test_cmd__help(void **state)
{
	struct cmd_out o;

	(void)state;
	run_cmd(&o, cmd_help, "help", NULL);
	assert_int_equal(o.ret, 0);
	assert_string_equal(o.err, "");
	assert_non_null(strstr(o.out, "\nCommands:\n  verio [run] [options] [jobfile]... "));
	assert_non_null(strstr(o.out, "\n  verio inspect [--json] DUMP.received [DUMP.expected] "));
	run_cmd(&o, cmd_help, "help", "io", NULL);
	assert_int_equal(o.ret, 0);
	assert_string_equal(o.out, "usage: verio io [-r] [-d] [-f] [-c CMD]... [--mirror=REF] TARGET\n"
			    "a qemu-io-style shell on a file or device: qemu-io's commands "
			    "and verio's, from -c or stdin\n");
	run_cmd(&o, cmd_help, "help", "nope", NULL);
	assert_int_equal(o.ret, 2);
	assert_string_equal(o.err, "verio: unknown command 'nope' (see 'verio help')\n");
}

static void test_cmd__crctest_usage(void **state)
{
	struct cmd_out o;

	(void)state;
	run_cmd(&o, cmd_crctest, "crctest", "nope", NULL);
	assert_int_equal(o.ret, 2);
	assert_string_equal(o.out, "");
	assert_string_equal(o.err, "verio: unknown checksum 'nope' "
			    "(see 'verio --cmdhelp=verify')\n");
	run_cmd(&o, cmd_crctest, "crctest", "crc32c", "xxh64", NULL);
	assert_int_equal(o.ret, 2);
	run_cmd(&o, cmd_crctest, "crctest", "--help", NULL);
	assert_int_equal(o.ret, 0);
	assert_string_equal(o.out, "usage: verio crctest [ALGO]\n"
			    "measure checksum and data-fill throughput (GB/s)\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cmd__table),
		cmocka_unit_test(test_cmd__not_built),
		cmocka_unit_test(test_cmd__help),
		cmocka_unit_test(test_cmd__crctest_usage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
