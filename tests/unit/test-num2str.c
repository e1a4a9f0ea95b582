/*
 * test-num2str.c - unit tests for lib/num2str.c, against strings fio 3.33
 * prints for the same numbers.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "num2str.h"

static void test_num2str__fio_strings(void **state)
{
	static const struct {
		uint64_t num;
		unsigned maxlen;
		bool pow2;
		enum n2s_unit unit;
		const char *want;
	} cases[] = {
		/* write: IOPS=4096k, BW=15.6GiB/s (16.8GB/s)(64.0MiB/4msec) */
		{ 4096000, 4, false, N2S_NONE, "4096k" },
		{ 16777216000ULL, 4, true, N2S_BYTEPERSEC, "15.6GiB/s" },
		{ 16777216000ULL, 4, false, N2S_BYTEPERSEC, "16.8GB/s" },
		{ 67108864, 4, true, N2S_BYTE, "64.0MiB" },
		{ 67108864, 4, false, N2S_BYTE, "67.1MB" },
		/* read: IOPS=10.2k, BW=40.0MiB/s (41.9MB/s)(80.0MiB/2001msec) */
		{ 10236, 4, false, N2S_NONE, "10.2k" },
		{ 41922038, 4, true, N2S_BYTEPERSEC, "40.0MiB/s" },
		{ 41922038, 4, false, N2S_BYTEPERSEC, "41.9MB/s" },
		{ 83886080, 4, true, N2S_BYTE, "80.0MiB" },
		{ 157286400, 4, true, N2S_BYTEPERSEC, "150MiB/s" },
		{ 314572800, 4, false, N2S_BYTE, "315MB" },
		/* block sizes of the job header */
		{ 512, 4, true, N2S_BYTE, "512B" },
		{ 4096, 4, true, N2S_BYTE, "4096B" },
		{ 65536, 4, true, N2S_BYTE, "64.0KiB" },
		{ 1048576, 4, true, N2S_BYTE, "1024KiB" },
		{ 1234567, 4, true, N2S_BYTE, "1206KiB" },
		{ 6291456, 4, true, N2S_BYTE, "6144KiB" },
		{ 131072, 4, true, N2S_BYTE, "128KiB" },
		/* latencies: "clat (nsec): min=520, max=4422.0k" */
		{ 4422000, 6, false, N2S_NONE, "4422.0k" },
		{ 802735, 6, false, N2S_NONE, "802735" },
		{ 0, 4, false, N2S_NONE, "0" },
		{ 9999, 4, false, N2S_NONE, "9999" },
		/* rounding past the width drops the decimals */
		{ 99999, 4, false, N2S_NONE, "100k" },
		{ 64999, 4, false, N2S_NONE, "65.0k" },
		/* unit_base=1: bytes shown as bits */
		{ 1073741824, 4, true, N2S_BITPERSEC, "8192Mibit/s" },
		{ 1000000000, 4, false, N2S_BITPERSEC, "8000Mbit/s" },
		{ 1000, 4, false, N2S_PERSEC, "1000/s" },
		{ 10000, 4, false, N2S_PERSEC, "10.0k/s" },
		{ UINT64_MAX, 4, true, N2S_BYTE, "16.0EiB" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char buf[N2S_BUFSZ];
		const char *got = num2str(buf, sizeof(buf), cases[i].num, cases[i].maxlen,
					  cases[i].pow2, cases[i].unit);

		assert_ptr_equal(got, buf);
		if (strcmp(got, cases[i].want))
			fail_msg("num2str(%" PRIu64 ", %u, %d, %d) = '%s', want '%s'",
				 cases[i].num, cases[i].maxlen, cases[i].pow2,
				 (int)cases[i].unit, got, cases[i].want);
	}
}

static void test_num2str__small_buffer_truncates(void **state)
{
	char buf[4];

	(void)state;
	num2str(buf, sizeof(buf), 67108864, 4, true, N2S_BYTE);
	assert_string_equal(buf, "64.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_num2str__fio_strings),
		cmocka_unit_test(test_num2str__small_buffer_truncates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
