/*
 * test-io-line.c - unit tests for src/cmd/io-line.c, the io shell's line
 * source when stdin is no terminal: one line per command, blank and '#'
 * lines skipped, line ends (\n, \r\n, none at the end) dropped.  The
 * interactive side (libedit) is driven through a terminal by
 * tests/e2e/t0945-io-interactive.sh.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/io.h"

/* Put text on stdin (a temporary file); returns the saved descriptor. */
static int stdin_from(const char *text)
{
	FILE *f = tmpfile();
	int saved = dup(0);

	assert_non_null(f);
	assert_true(saved >= 0);
	assert_int_equal(fputs(text, f) >= 0, 1);
	fflush(f);
	rewind(f);
	assert_true(dup2(fileno(f), 0) >= 0);
	fclose(f);
	clearerr(stdin);
	assert_int_equal(fseek(stdin, 0, SEEK_SET), 0);
	return saved;
}

static void stdin_back(int saved)
{
	assert_true(dup2(saved, 0) >= 0);
	close(saved);
	clearerr(stdin);
}

static void expect_line(struct io_lines *l, const char *want)
{
	char *s = io_lines_next(l);

	if (!want) {
		assert_null(s);
		return;
	}
	assert_non_null(s);
	assert_string_equal(s, want);
	free(s);
}

static void test_io_line__plain(void **state)
{
	static const char *const words[] = { "read", "write", NULL };
	int saved = stdin_from("write 0 4k\n\n   \n# a comment\n  # another\r\n"
			       "read -P 0xcd 0 4k\r\nquit");
	struct io_lines *l = io_lines_open(false, NULL, words);

	(void)state;
	assert_non_null(l);
	expect_line(l, "write 0 4k");
	expect_line(l, "read -P 0xcd 0 4k");
	expect_line(l, "quit");
	expect_line(l, NULL);
	expect_line(l, NULL);
	io_lines_close(l);
	stdin_back(saved);
}

static void test_io_line__empty(void **state)
{
	int saved = stdin_from("");
	struct io_lines *l = io_lines_open(false, "qemu-io> ", NULL);

	(void)state;
	assert_non_null(l);
	expect_line(l, NULL);
	io_lines_close(l);
	io_lines_close(NULL);
	assert_null(io_lines_next(NULL));
	stdin_back(saved);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io_line__plain),
		cmocka_unit_test(test_io_line__empty),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
