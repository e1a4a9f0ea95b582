/*
 * test-emsg.c - unit tests for lib/emsg.c: bytes outside printable ASCII
 * and newline come out as \xNN, and nothing overruns the buffer.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "emsg.h"

static void test_emsg__escape(void **state)
{
	char buf[64];

	(void)state;
	assert_string_equal(emsg_escape(buf, sizeof(buf), "plain 'text' ~\n"),
			    "plain 'text' ~\n");
	assert_string_equal(emsg_escape(buf, sizeof(buf), "a\tb\x01\x7f\xff\xc3\xa9"),
			    "a\\x09b\\x01\\x7f\\xff\\xc3\\xa9");
	assert_string_equal(emsg_escape(buf, sizeof(buf), ""), "");
}

/* Every byte value: the output is printable ASCII and newline only. */
static void test_emsg__every_byte(void **state)
{
	char in[256], out[4 * 256 + 1];

	(void)state;
	for (int i = 1; i < 256; i++)
		in[i - 1] = (char)i;
	in[255] = '\0';
	emsg_escape(out, sizeof(out), in);
	assert_int_equal(strlen(out), 95 + 1 + 4 * (255 - 95 - 1));
	for (const char *p = out; *p; p++)
		assert_true((*p >= 0x20 && *p < 0x7f) || *p == '\n');
}

/* A short buffer cuts the output at a whole escape, NUL-terminated. */
static void test_emsg__short_buffer(void **state)
{
	char buf[6];

	(void)state;
	memset(buf, 'z', sizeof(buf));
	assert_string_equal(emsg_escape(buf, sizeof(buf), "ab\x01yz"), "ab");
	assert_string_equal(emsg_escape(buf, sizeof(buf), "abcdefgh"), "abcde");
	assert_string_equal(emsg_escape(buf, 1, "abc"), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_emsg__escape),
		cmocka_unit_test(test_emsg__every_byte),
		cmocka_unit_test(test_emsg__short_buffer),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
