/*
 * test-io.c - unit tests for src/cmd/io.c's shared helpers: io_parse_num
 * (qemu-io's numbers: what it takes, what it refuses and with which
 * error), io_fmt_size (qemu-io's size words), io_cmd_find,
 * io_request_valid and io_buf_alloc. The expected values are what
 * qemu-io 7.2 answers for the same strings (t0900 checks them live).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cmd/io.h"

struct num_case {
	const char *in;
	int rc;
	int64_t want;
};

static const struct num_case num_cases[] = {
	{ "0", 0, 0 },
	{ "512", 0, 512 },
	{ "010", 0, 10 },		/* decimal, not octal */
	{ "+5", 0, 5 },
	{ "1.", 0, 1 },
	{ "0x200", 0, 512 },
	{ "0X10", 0, 16 },
	{ "1b", 0, 1 },
	{ "0b", 0, 0 },
	{ "1k", 0, 1024 },
	{ "1K", 0, 1024 },
	{ "2m", 0, 2 << 20 },
	{ "1g", 0, 1LL << 30 },
	{ "1t", 0, 1LL << 40 },
	{ "1p", 0, 1LL << 50 },
	{ "7E", 0, 7LL << 60 },
	{ "1.5k", 0, 1536 },
	{ "0.5k", 0, 512 },
	{ "1.k", 0, 1024 },
	{ "1.0005k", 0, 1025 },		/* rounded to the nearest byte */
	{ "1.9999k", 0, 2048 },
	{ "1.5e", 0, 3LL << 59 },
	{ "8191P", 0, 8191LL << 50 },
	{ "9223372036854775807", 0, INT64_MAX },
	{ "", -EINVAL, 0 },
	{ "abc", -EINVAL, 0 },
	{ "1x", -EINVAL, 0 },
	{ "1kb", -EINVAL, 0 },
	{ "1.5", -EINVAL, 0 },		/* a fraction needs a suffix */
	{ "1.5b", -EINVAL, 0 },
	{ ".5k", -EINVAL, 0 },
	{ "0x", -EINVAL, 0 },
	{ "00x10", -EINVAL, 0 },
	{ "0x1.8k", -EINVAL, 0 },
	{ "1,5k", -EINVAL, 0 },
	{ "1e-1k", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ " 5", -EINVAL, 0 },
	{ "inf", -EINVAL, 0 },
	{ "8E", -ERANGE, 0 },
	{ "16E", -ERANGE, 0 },
	{ "9223372036854775808", -ERANGE, 0 },
	{ "99999999999999999999", -ERANGE, 0 },
	{ "0xffffffffffffffff", -ERANGE, 0 },
	{ "0x8000000000000000", -ERANGE, 0 },
	{ "8192P", -ERANGE, 0 },
};

static void test_io__parse_num(void **state)
{
	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(num_cases); i++) {
		const struct num_case *c = &num_cases[i];
		int64_t v = -7;
		int rc = io_parse_num(c->in, &v);

		if (rc != c->rc || (rc == 0 && v != c->want))
			fail_msg("'%s': rc %d value %" PRId64 ", wanted rc %d value %" PRId64,
				 c->in, rc, v, c->rc, c->want);
		if (rc)
			assert_int_equal(v, -7);	/* untouched on failure */
	}
}

static void test_io__fmt_size(void **state)
{
	static const struct { double v; const char *want; } cases[] = {
		{ 0, "0 bytes" },
		{ 1, "1 bytes" },
		{ 512, "512 bytes" },
		{ 447.925422, "447.925422 bytes" },
		{ 1024, "1 KiB" },
		{ 1536, "1.500 KiB" },
		{ 1025, "1.001 KiB" },
		{ 1048576, "1 MiB" },
		{ 3.0 * 1073741824, "3 GiB" },
		{ 9223372036854775807.0, "8 EiB" },
	};
	char buf[64];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		io_fmt_size(cases[i].v, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].want);
	}
}

static void test_io__cmd_find(void **state)
{
	const char *const *names = io_cmd_names();
	size_t n = 0;

	(void)state;
	assert_string_equal(io_cmd_find("read")->name, "read");
	assert_string_equal(io_cmd_find("r")->name, "read");
	assert_string_equal(io_cmd_find("w")->name, "write");
	assert_string_equal(io_cmd_find("l")->name, "length");
	assert_null(io_cmd_find("nope"));
	assert_null(io_cmd_find(NULL));
	assert_non_null(names);
	for (; names[n]; n++)
		assert_ptr_equal(io_cmd_find(names[n])->name, names[n]);
	assert_true(n >= 19);	/* qemu-io's commands, and verio's own */
	for (const struct io_cmd *c = io_qemu_cmds; c->name; c++) {
		assert_non_null(c->fn);
		assert_non_null(c->oneline);
		assert_true(c->argmax == -1 || c->argmax >= c->argmin);
	}
}

static void test_io__request_valid(void **state)
{
	struct io_shell sh = { .fd = -1, .mirror_fd = -1, .size = 1 << 20,
			       .lbs = 512 };

	(void)state;
	assert_int_equal(io_request_valid(&sh, 0, 1 << 20), 0);
	assert_int_equal(io_request_valid(&sh, 1 << 20, 0), 0);
	assert_int_equal(io_request_valid(&sh, 1, 2), 0);
	assert_int_equal(io_request_valid(&sh, 1 << 20, 1), -EIO);
	assert_int_equal(io_request_valid(&sh, 1048064, 1024), -EIO);
	assert_int_equal(io_request_valid(&sh, 2 << 20, 0), -EIO);
	assert_int_equal(io_request_valid(&sh, INT64_MAX, INT64_MAX), -EIO);
	assert_int_equal(io_request_valid(&sh, -1, 1), -EINVAL);
	sh.direct = true;
	assert_int_equal(io_request_valid(&sh, 512, 4096), 0);
	assert_int_equal(io_request_valid(&sh, 1, 512), -EINVAL);
	assert_int_equal(io_request_valid(&sh, 0, 100), -EINVAL);
}

static void test_io__buf_alloc(void **state)
{
	struct io_shell sh = { .lbs = 512 };
	unsigned char *p = io_buf_alloc(&sh, 1000, 0xcd);

	(void)state;
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 4096, 0);
	for (size_t i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0xcd);
	free(p);
	p = io_buf_alloc(&sh, 0, 0);
	assert_non_null(p);
	free(p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_io__parse_num),
		cmocka_unit_test(test_io__fmt_size),
		cmocka_unit_test(test_io__cmd_find),
		cmocka_unit_test(test_io__request_valid),
		cmocka_unit_test(test_io__buf_alloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
