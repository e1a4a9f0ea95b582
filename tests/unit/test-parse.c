/*
 * test-parse.c - unit tests for lib/parse.c.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "parse.h"

#define KiB 1024ULL
#define MiB (1024ULL * KiB)
#define GiB (1024ULL * MiB)
#define TiB (1024ULL * GiB)
#define PiB (1024ULL * TiB)

struct size_case {
	const char *in;
	unsigned kb_base;
	int ret;
	uint64_t want;
};

static const struct size_case size_cases[] = {
	/* plain, bytes, hex */
	{ "0", 1024, 0, 0 },
	{ "4096", 1024, 0, 4096 },
	{ "4096b", 1024, 0, 4096 },
	{ "4096B", 1000, 0, 4096 },
	{ "0x1000", 1024, 0, 4096 },
	{ "0X1b", 1024, 0, 27 },
	{ "0xffffffffffffffff", 1024, 0, UINT64_MAX },
	{ "  64k\t", 1024, 0, 64 * KiB },
	/* kb_base=1024: SI-looking prefixes are powers of two */
	{ "4k", 1024, 0, 4 * KiB },
	{ "4K", 1024, 0, 4 * KiB },
	{ "4kb", 1024, 0, 4 * KiB },
	{ "4kB", 1024, 0, 4 * KiB },
	{ "4KB", 1024, 0, 4 * KiB },
	{ "1m", 1024, 0, MiB },
	{ "1024k", 1024, 0, MiB },
	{ "1g", 1024, 0, GiB },
	{ "1t", 1024, 0, TiB },
	{ "1024g", 1024, 0, TiB },
	{ "2p", 1024, 0, 2 * PiB },
	{ "3PB", 1024, 0, 3 * PiB },
	/* kb_base=1024: IEC prefixes are powers of ten (fio compat mode) */
	{ "1mi", 1024, 0, 1000000 },
	{ "1000ki", 1024, 0, 1000000 },
	{ "4KiB", 1024, 0, 4000 },
	{ "1ti", 1024, 0, 1000000000000ULL },
	{ "1000000ki", 1024, 0, 1000000000ULL },
	/* kb_base=1000: true SI and IEC */
	{ "4k", 1000, 0, 4000 },
	{ "4kB", 1000, 0, 4000 },
	{ "1m", 1000, 0, 1000000 },
	{ "1t", 1000, 0, 1000000000000ULL },
	{ "4ki", 1000, 0, 4096 },
	{ "4kib", 1000, 0, 4096 },
	{ "4KiB", 1000, 0, 4096 },
	{ "4Ki", 1000, 0, 4096 },
	{ "1mi", 1000, 0, MiB },
	{ "1024ki", 1000, 0, MiB },
	{ "1ti", 1000, 0, TiB },
	{ "1048576mi", 1000, 0, TiB },
	{ "1pib", 1000, 0, PiB },
	/* fractions, rounded down */
	{ "1.5g", 1024, 0, GiB + GiB / 2 },
	{ "1.5k", 1000, 0, 1500 },
	{ ".5k", 1024, 0, 512 },
	{ "2.", 1024, 0, 2 },
	{ "0.1k", 1024, 0, 102 },
	{ "1.5", 1024, 0, 1 },
	{ "0.000000000000000000001p", 1024, 0, 0 },
	{ "0.5p", 1024, 0, PiB / 2 },
	/* limits */
	{ "18446744073709551615", 1024, 0, UINT64_MAX },
	{ "18446744073709551616", 1024, -ERANGE, 0 },
	{ "16384p", 1024, -ERANGE, 0 },
	{ "16383p", 1024, 0, 16383 * PiB },
	{ "0x10000000000000000", 1024, -ERANGE, 0 },
	{ "18446744073709551615.5", 1024, 0, UINT64_MAX },
	/* junk */
	{ "", 1024, -EINVAL, 0 },
	{ "   ", 1024, -EINVAL, 0 },
	{ "k", 1024, -EINVAL, 0 },
	{ ".", 1024, -EINVAL, 0 },
	{ "-4k", 1024, -EINVAL, 0 },
	{ "+4k", 1024, -EINVAL, 0 },
	{ "4kx", 1024, -EINVAL, 0 },
	{ "4 k", 1024, -EINVAL, 0 },
	{ "4kbb", 1024, -EINVAL, 0 },
	{ "4ib", 1024, -EINVAL, 0 },
	{ "4e", 1024, -EINVAL, 0 },
	{ "4%", 1024, -EINVAL, 0 },
	{ "12 34", 1024, -EINVAL, 0 },
	{ "0x", 1024, -EINVAL, 0 },
	{ "0x10k", 1024, -EINVAL, 0 },
	{ "0x1.8", 1024, -EINVAL, 0 },
	{ "1.2.3", 1024, -EINVAL, 0 },
	{ "4k", 512, -EINVAL, 0 },
};

static void test_parse__size(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(size_cases); i++) {
		const struct size_case *c = &size_cases[i];
		uint64_t v = 0xdeadbeef;
		int ret = parse_size(c->in, c->kb_base, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_size(\"%s\", %u): ret %d value %" PRIu64
				 ", want ret %d value %" PRIu64,
				 c->in, c->kb_base, ret, v, c->ret, c->want);
		if (ret != 0 && v != 0xdeadbeef)
			fail_msg("parse_size(\"%s\") wrote its output on error", c->in);
	}
	assert_int_equal(parse_size(NULL, 1024, &(uint64_t){ 0 }), -EINVAL);
}

struct uint_case {
	const char *in;
	int ret;
	uint64_t want;
};

static const struct uint_case uint_cases[] = {
	{ "0", 0, 0 },
	{ "32", 0, 32 },
	{ "0x20", 0, 32 },
	{ "1k", 0, 1024 },
	{ "2m", 0, 2 * MiB },
	{ "1.5k", 0, 1536 },
	{ "1.5", -EINVAL, 0 },
	{ "0.1k", -EINVAL, 0 },
	{ "-1", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "1x", -EINVAL, 0 },
	{ "99999999999999999999", -ERANGE, 0 },
};

static void test_parse__uint(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(uint_cases); i++) {
		const struct uint_case *c = &uint_cases[i];
		uint64_t v = 0;
		int ret = parse_uint(c->in, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_uint(\"%s\"): ret %d value %" PRIu64, c->in, ret, v);
	}
}

struct int_case {
	const char *in;
	int ret;
	int64_t want;
};

static const struct int_case int_cases[] = {
	{ "0", 0, 0 },
	{ "-0", 0, 0 },
	{ "42", 0, 42 },
	{ "+42", 0, 42 },
	{ "-42", 0, -42 },
	{ "-1k", 0, -1024 },
	{ "-0x10", 0, -16 },
	{ " -7 ", 0, -7 },
	{ "9223372036854775807", 0, INT64_MAX },
	{ "-9223372036854775808", 0, INT64_MIN },
	{ "9223372036854775808", -ERANGE, 0 },
	{ "-9223372036854775809", -ERANGE, 0 },
	{ "--1", -EINVAL, 0 },
	{ "- 1", -EINVAL, 0 },
	{ "-", -EINVAL, 0 },
	{ "1-", -EINVAL, 0 },
};

static void test_parse__int(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct int_case *c = &int_cases[i];
		int64_t v = 0;
		int ret = parse_int(c->in, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_int(\"%s\"): ret %d value %" PRId64, c->in, ret, v);
	}
}

struct double_case {
	const char *in;
	int ret;
	double want;
};

static const struct double_case double_cases[] = {
	{ "0", 0, 0.0 },
	{ "1.5", 0, 1.5 },
	{ "-2e3", 0, -2000.0 },
	{ " .25 ", 0, 0.25 },
	{ "1e400", -ERANGE, 0 },
	{ "inf", -EINVAL, 0 },
	{ "nan", -EINVAL, 0 },
	{ "0x1p3", -EINVAL, 0 },
	{ "1.5x", -EINVAL, 0 },
	{ "", -EINVAL, 0 },
	{ "e", -EINVAL, 0 },
};

static void test_parse__double(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(double_cases); i++) {
		const struct double_case *c = &double_cases[i];
		double v = 0;
		int ret = parse_double(c->in, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_double(\"%s\"): ret %d value %g", c->in, ret, v);
	}
}

struct bool_case {
	const char *in;
	int ret;
	bool want;
};

static const struct bool_case bool_cases[] = {
	{ NULL, 0, true },
	{ "", 0, true },
	{ "1", 0, true },
	{ "0", 0, false },
	{ "true", 0, true },
	{ "TRUE", 0, true },
	{ "false", 0, false },
	{ "False", 0, false },
	{ "yes", 0, true },
	{ "No", 0, false },
	{ "on", 0, true },
	{ "OFF", 0, false },
	{ " on ", 0, true },
	{ "2", -EINVAL, false },
	{ "-1", -EINVAL, false },
	{ "y", -EINVAL, false },
	{ "tru", -EINVAL, false },
	{ "onn", -EINVAL, false },
	{ "1k", -EINVAL, false },
};

static void test_parse__bool(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bool_cases); i++) {
		const struct bool_case *c = &bool_cases[i];
		bool v = !c->want;
		int ret = parse_bool(c->in, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_bool(\"%s\"): ret %d value %d", c->in ? c->in : "(null)",
				 ret, v);
	}
}

struct time_case {
	const char *in;
	uint64_t unit;
	int ret;
	uint64_t want;
};

#define SEC 1000000ULL

static const struct time_case time_cases[] = {
	/* no unit: multiples of the default unit */
	{ "10", SEC, 0, 10 * SEC },
	{ "10", 1, 0, 10 },
	{ "10", 1000, 0, 10000 },
	{ "1.5", SEC, 0, 1500000 },
	{ "0", SEC, 0, 0 },
	/* every unit, both spellings, any case */
	{ "1500ns", SEC, 0, 2 },
	{ "1000nsec", SEC, 0, 1 },
	{ "1ns", SEC, 0, 1 },
	{ "0ns", SEC, 0, 0 },
	{ "7us", SEC, 0, 7 },
	{ "7USEC", SEC, 0, 7 },
	{ "0.5us", SEC, 0, 1 },
	{ "3ms", SEC, 0, 3000 },
	{ "3msec", SEC, 0, 3000 },
	{ "1.5ms", SEC, 0, 1500 },
	{ "2s", 1, 0, 2 * SEC },
	{ "2sec", 1, 0, 2 * SEC },
	{ "2S", 1, 0, 2 * SEC },
	{ "10m", 1, 0, 600 * SEC },
	{ "10M", 1, 0, 600 * SEC },
	{ "10min", 1, 0, 600 * SEC },
	{ "1h", SEC, 0, 3600 * SEC },
	{ "1hr", SEC, 0, 3600 * SEC },
	{ "0.5h", SEC, 0, 1800 * SEC },
	{ "2d", SEC, 0, 2 * 86400 * SEC },
	{ "2day", SEC, 0, 2 * 86400 * SEC },
	{ " 5s ", SEC, 0, 5 * SEC },
	/* limits */
	{ "18446744073709551615us", SEC, 0, UINT64_MAX },
	{ "18446744073709551616us", SEC, -ERANGE, 0 },
	{ "18446744073709551615", SEC, -ERANGE, 0 },
	{ "213503982d", SEC, 0, 213503982ULL * 86400 * SEC },
	{ "213503983d", SEC, -ERANGE, 0 },
	/* junk */
	{ "", SEC, -EINVAL, 0 },
	{ "s", SEC, -EINVAL, 0 },
	{ "-1s", SEC, -EINVAL, 0 },
	{ "1x", SEC, -EINVAL, 0 },
	{ "1 s", SEC, -EINVAL, 0 },
	{ "1mss", SEC, -EINVAL, 0 },
	{ "1k", SEC, -EINVAL, 0 },
	{ "0x10", SEC, -EINVAL, 0 },
	{ "5", 0, -EINVAL, 0 },
};

static void test_parse__time(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(time_cases); i++) {
		const struct time_case *c = &time_cases[i];
		uint64_t v = 0;
		int ret = parse_time_us(c->in, c->unit, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_time_us(\"%s\", %" PRIu64 "): ret %d value %" PRIu64
				 ", want %d %" PRIu64, c->in, c->unit, ret, v, c->ret, c->want);
	}
}

struct percent_case {
	const char *in;
	int ret;
	double want;
};

static const struct percent_case percent_cases[] = {
	{ "50%", 0, 50.0 },
	{ "0%", 0, 0.0 },
	{ "100%", 0, 100.0 },
	{ "12.5%", 0, 12.5 },
	{ " 7% ", 0, 7.0 },
	{ "50", -EINVAL, 0 },
	{ "%", -EINVAL, 0 },
	{ "50 %", -EINVAL, 0 },
	{ "-5%", -EINVAL, 0 },
	{ "5%%", -EINVAL, 0 },
	{ "100.5%", -ERANGE, 0 },
	{ "0x10%", -EINVAL, 0 },
};

static void test_parse__percent(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(percent_cases); i++) {
		const struct percent_case *c = &percent_cases[i];
		double v = -1;
		int ret = parse_percent(c->in, &v);

		if (ret != c->ret || (ret == 0 && v != c->want))
			fail_msg("parse_percent(\"%s\"): ret %d value %g", c->in, ret, v);
	}
}

struct range_case {
	const char *in;
	unsigned kb_base;
	int ret;
	uint64_t lo, hi;
};

static const struct range_case range_cases[] = {
	{ "4k-64k", 1024, 0, 4 * KiB, 64 * KiB },
	{ "4k:64k", 1024, 0, 4 * KiB, 64 * KiB },
	{ "1024-4096", 1024, 0, 1024, 4096 },
	{ "1k:4k", 1000, 0, 1000, 4000 },
	{ "8k", 1024, 0, 8 * KiB, 8 * KiB },
	{ " 4k - 8k ", 1024, 0, 4 * KiB, 8 * KiB },
	{ "4k-4k", 1024, 0, 4 * KiB, 4 * KiB },
	{ "64k-4k", 1024, 0, 4 * KiB, 64 * KiB }, /* swapped, as fio does */
	{ "0x1000:0x2000", 1024, 0, 4096, 8192 },
	{ "-4k", 1024, -EINVAL, 0, 0 },
	{ "4k-", 1024, -EINVAL, 0, 0 },
	{ "4k:", 1024, -EINVAL, 0, 0 },
	{ "4k-8k-16k", 1024, -EINVAL, 0, 0 },
	{ "4k:8k:16k", 1024, -EINVAL, 0, 0 },
	{ "4k-8x", 1024, -EINVAL, 0, 0 },
	{ "", 1024, -EINVAL, 0, 0 },
	{ "1k-99999999999999999999", 1024, -ERANGE, 0, 0 },
};

static void test_parse__size_range(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(range_cases); i++) {
		const struct range_case *c = &range_cases[i];
		uint64_t lo = 1, hi = 1;
		int ret = parse_size_range(c->in, c->kb_base, &lo, &hi);

		if (ret != c->ret || (ret == 0 && (lo != c->lo || hi != c->hi)))
			fail_msg("parse_size_range(\"%s\"): ret %d lo %" PRIu64 " hi %" PRIu64,
				 c->in, ret, lo, hi);
	}
}

struct list_case {
	const char *in;
	char sep;
	bool escapes;
	size_t nr;
	const char *want[4];
};

static const struct list_case list_cases[] = {
	{ "a:b:c", ':', false, 3, { "a", "b", "c" } },
	{ ",8k", ',', false, 2, { "", "8k" } },
	{ ",8k,", ',', false, 3, { "", "8k", "" } },
	{ "", ',', false, 1, { "" } },
	{ "abc", ',', false, 1, { "abc" } },
	{ "::", ':', false, 3, { "", "", "" } },
	{ "/dev/sda:/dev/sdb", ':', true, 2, { "/dev/sda", "/dev/sdb" } },
	{ "/dev/dsk/foo@3,0\\:c", ':', true, 1, { "/dev/dsk/foo@3,0:c" } },
	{ "F\\:\\filename", ':', true, 1, { "F:\\filename" } },
	{ "a\\\\:b", ':', true, 2, { "a\\", "b" } },
	{ "a\\\\\\:b", ':', true, 1, { "a\\:b" } },
	{ "a\\:b", ':', false, 2, { "a\\", "b" } },
	{ "trail\\", ':', true, 1, { "trail\\" } },
	{ " a , b ", ',', false, 2, { " a ", " b " } },
};

static void test_parse__split_list(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(list_cases); i++) {
		const struct list_case *c = &list_cases[i];
		char **items = NULL;
		size_t nr = 0;

		assert_int_equal(split_list(c->in, c->sep, c->escapes, &items, &nr), 0);
		if (nr != c->nr)
			fail_msg("split_list(\"%s\"): %zu items, want %zu", c->in, nr, c->nr);
		for (j = 0; j < nr; j++) {
			if (strcmp(items[j], c->want[j]))
				fail_msg("split_list(\"%s\") item %zu: \"%s\", want \"%s\"", c->in,
					 j, items[j], c->want[j]);
		}
		free_list(items, nr);
	}
	assert_int_equal(split_list(NULL, ',', false, &(char **){ NULL }, &(size_t){ 0 }),
			 -EINVAL);
	free_list(NULL, 3);
}

struct bssplit_case {
	const char *in;
	int ret;
	size_t nr;
	struct bssplit want[4];
};

static const struct bssplit_case bssplit_cases[] = {
	{ "4k/10:64k/50:32k/40", 0, 3, { { 4 * KiB, 10 }, { 32 * KiB, 40 }, { 64 * KiB, 50 } } },
	{ "4k/50:1k/:32k/", 0, 3, { { 1 * KiB, 25 }, { 4 * KiB, 50 }, { 32 * KiB, 25 } } },
	{ "4k/100", 0, 1, { { 4 * KiB, 100 } } },
	{ "4k", 0, 1, { { 4 * KiB, 100 } } },
	{ "4k/", 0, 1, { { 4 * KiB, 100 } } },
	{ "8k:4k:2k", 0, 3, { { 2 * KiB, 33 }, { 4 * KiB, 33 }, { 8 * KiB, 34 } } },
	{ "4k/50:64k/40:1m/", 0, 3, { { 4 * KiB, 50 }, { 64 * KiB, 40 }, { MiB, 10 } } },
	{ "4k/100:8k/", 0, 2, { { 4 * KiB, 100 }, { 8 * KiB, 0 } } },
	{ "4k/60:4k/40", 0, 2, { { 4 * KiB, 60 }, { 4 * KiB, 40 } } },
	{ " 4k / 50 : 8k / 50 ", 0, 2, { { 4 * KiB, 50 }, { 8 * KiB, 50 } } },
	{ "4k/50:8k/40", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/60:8k/50", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/60:8k/50:16k/", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/101", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/-1:8k/", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/1.5:8k/", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/50x:8k/", -EINVAL, 0, { { 0, 0 } } },
	{ "4k-8k/50:16k/50", -EINVAL, 0, { { 0, 0 } } },
	{ "0/100", -EINVAL, 0, { { 0, 0 } } },
	{ "/100", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/50:", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/50::8k/50", -EINVAL, 0, { { 0, 0 } } },
	{ "", -EINVAL, 0, { { 0, 0 } } },
	{ "4k/50/2:8k/50", -EINVAL, 0, { { 0, 0 } } },
};

static void test_parse__bssplit(void **state)
{
	size_t i, j;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(bssplit_cases); i++) {
		const struct bssplit_case *c = &bssplit_cases[i];
		struct bssplit *v = NULL;
		size_t nr = 0;
		int ret = parse_bssplit(c->in, 1024, &v, &nr);

		if (ret != c->ret)
			fail_msg("parse_bssplit(\"%s\"): ret %d, want %d", c->in, ret, c->ret);
		if (ret)
			continue;
		if (nr != c->nr)
			fail_msg("parse_bssplit(\"%s\"): %zu entries, want %zu", c->in, nr, c->nr);
		for (j = 0; j < nr; j++) {
			if (v[j].bs != c->want[j].bs || v[j].perc != c->want[j].perc)
				fail_msg("parse_bssplit(\"%s\") entry %zu: %" PRIu64 "/%u, want %"
					 PRIu64 "/%u", c->in, j, v[j].bs, v[j].perc,
					 c->want[j].bs, c->want[j].perc);
		}
		free(v);
	}
}

static void test_parse__bssplit_limits(void **state)
{
	char buf[1024];
	struct bssplit *v = NULL;
	size_t nr = 0, off = 0;
	int i;

	(void)state;
	/* 64 blank entries is the maximum; 65 is too many */
	for (i = 0; i < BSSPLIT_MAX; i++)
		off += (size_t)snprintf(buf + off, sizeof(buf) - off, "%s%dk", i ? ":" : "",
					i + 1);
	assert_int_equal(parse_bssplit(buf, 1024, &v, &nr), 0);
	assert_int_equal(nr, BSSPLIT_MAX);
	{
		unsigned sum = 0;

		for (i = 0; i < BSSPLIT_MAX; i++) {
			sum += v[i].perc;
			assert_int_equal(v[i].bs, (uint64_t)(i + 1) * KiB);
		}
		assert_int_equal(sum, 100);
	}
	free(v);
	snprintf(buf + off, sizeof(buf) - off, ":100k");
	assert_int_equal(parse_bssplit(buf, 1024, &v, &nr), -E2BIG);
}

struct pattern_case {
	const char *in;
	int ret;
	size_t len;
	const uint8_t want[24];
};

static const struct pattern_case pattern_cases[] = {
	{ "0xdeadbeef", 0, 4, { 0xde, 0xad, 0xbe, 0xef } },
	{ "0XdeadFACE", 0, 4, { 0xde, 0xad, 0xfa, 0xce } },
	{ "0xabc", 0, 2, { 0x0a, 0xbc } },
	{ "0xFF0X1", 0, 2, { 0xff, 0x01 } },
	{ "0xff0x14", 0, 2, { 0xff, 0x14 } },
	{ "\"abcd\"", 0, 4, { 'a', 'b', 'c', 'd' } },
	{ "-1024", 0, 4, { 0x00, 0xfc, 0xff, 0xff } },
	{ "66", 0, 1, { 0x42 } },
	{ "0", 0, 1, { 0x00 } },
	{ "256", 0, 2, { 0x00, 0x01 } },
	{ "-1", 0, 4, { 0xff, 0xff, 0xff, 0xff } },
	{ "2147483647", 0, 4, { 0xff, 0xff, 0xff, 0x7f } },
	{ "-2147483648", 0, 4, { 0x00, 0x00, 0x00, 0x80 } },
	{ "\"123\"0xFFeeCC", 0, 6, { '1', '2', '3', 0xff, 0xee, 0xcc } },
	{ "-100xab\"1\"", 0, 6, { 0xf6, 0xff, 0xff, 0xff, 0xab, '1' } },
	{ "0xdeadface\"abcd\"-12", 0, 12,
	  { 0xde, 0xad, 0xfa, 0xce, 'a', 'b', 'c', 'd', 0xf4, 0xff, 0xff, 0xff } },
	{ "\"a b\"", 0, 3, { 'a', ' ', 'b' } },
	{ "2147483648", -ERANGE, 0, { 0 } },
	{ "-2147483649", -ERANGE, 0, { 0 } },
	{ "", -EINVAL, 0, { 0 } },
	{ "0x", -EINVAL, 0, { 0 } },
	{ "\"abc", -EINVAL, 0, { 0 } },
	{ "\"\"", -EINVAL, 0, { 0 } },
	{ "0xdead|0xbeef", -EINVAL, 0, { 0 } },
	{ "abc", -EINVAL, 0, { 0 } },
	{ "0xdeadbeefg", -EINVAL, 0, { 0 } },
	{ "12 34", -EINVAL, 0, { 0 } },
	{ "%o", -ENOTSUP, 0, { 0 } },
	{ "0xff%o", -ENOTSUP, 0, { 0 } },
	{ "'no-such-pattern-file'", -ENOENT, 0, { 0 } },
	{ "'unterminated", -EINVAL, 0, { 0 } },
};

static void test_parse__pattern(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(pattern_cases); i++) {
		const struct pattern_case *c = &pattern_cases[i];
		uint8_t buf[24];
		size_t len = 0;
		int ret = parse_pattern(c->in, buf, sizeof(buf), &len);

		if (ret != c->ret)
			fail_msg("parse_pattern(%s): ret %d, want %d", c->in, ret, c->ret);
		if (ret)
			continue;
		if (len != c->len || memcmp(buf, c->want, len))
			fail_msg("parse_pattern(%s): wrong bytes (len %zu)", c->in, len);
	}
}

/* 'FILE' reads the file's bytes; %o leaves 8 bytes and says where. */
static void test_parse__pattern_file_and_offset(void **state)
{
	char path[] = "/tmp/verio-pattern-XXXXXX";
	char spec[128];
	uint8_t buf[64];
	uint32_t ofs[4];
	size_t len = 0, nofs = 0;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "xyz", 3), 3);
	close(fd);
	snprintf(spec, sizeof(spec), "0xaa'%s'%%o0xbb", path);
	assert_int_equal(parse_pattern_ex(spec, buf, sizeof(buf), &len, ofs, 4, &nofs), 0);
	assert_int_equal(len, 1 + 3 + 8 + 1);
	assert_int_equal(nofs, 1);
	assert_int_equal(ofs[0], 4);
	assert_memory_equal(buf, "\xaaxyz\0\0\0\0\0\0\0\0\xbb", len);
	/* parse_pattern has nowhere to say where %o is. */
	assert_int_equal(parse_pattern(spec, buf, sizeof(buf), &len), -ENOTSUP);
	assert_int_equal(parse_pattern_ex("%o%o", buf, sizeof(buf), &len, ofs, 1, &nofs),
			 -ENOTSUP);
	unlink(path);
}

/* A 'FILE' is read whole or refused: never cut at the buffer's end. */
static void test_parse__pattern_file_too_long(void **state)
{
	char path[] = "/tmp/verio-pattern-XXXXXX";
	char spec[128];
	uint8_t buf[8];
	size_t len = 0;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "12345678", 8), 8);
	close(fd);
	snprintf(spec, sizeof(spec), "'%s'", path);
	/* exactly the room: all of it */
	assert_int_equal(parse_pattern(spec, buf, 8, &len), 0);
	assert_int_equal(len, 8);
	assert_memory_equal(buf, "12345678", 8);
	/* one byte short of room, or after another byte: refused */
	assert_int_equal(parse_pattern(spec, buf, 7, &len), -ENOSPC);
	snprintf(spec, sizeof(spec), "0xaa'%s'", path);
	assert_int_equal(parse_pattern(spec, buf, 8, &len), -ENOSPC);
	unlink(path);
}

/* parse_pattern_alloc: as big as the pattern, up to its limit. */
static void test_parse__pattern_alloc(void **state)
{
	char path[] = "/tmp/verio-pattern-XXXXXX";
	char spec[128];
	static uint8_t big[20000];
	uint8_t *buf = NULL;
	uint32_t ofs[2];
	size_t len = 0, nofs = 0;
	int fd = mkstemp(path);

	(void)state;
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (uint8_t)(i * 7 + i / 251);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, big, sizeof(big)), (ssize_t)sizeof(big));
	close(fd);
	snprintf(spec, sizeof(spec), "0xaa'%s'%%o", path);
	/* 1 + 20000 + 8 bytes: past the first buffer, so it grows */
	assert_int_equal(parse_pattern_alloc(spec, 1 << 20, &buf, &len, ofs, 2, &nofs), 0);
	assert_int_equal(len, 1 + sizeof(big) + 8);
	assert_int_equal(buf[0], 0xaa);
	assert_memory_equal(buf + 1, big, sizeof(big));
	assert_int_equal(nofs, 1);
	assert_int_equal(ofs[0], 1 + sizeof(big));
	free(buf);
	/* exactly at the limit is fine; one byte less is refused */
	buf = NULL;
	assert_int_equal(parse_pattern_alloc(spec, 1 + sizeof(big) + 8, &buf, &len, ofs, 2,
					     &nofs), 0);
	free(buf);
	buf = NULL;
	assert_int_equal(parse_pattern_alloc(spec, sizeof(big) + 8, &buf, &len, ofs, 2,
					     &nofs), -ENOSPC);
	assert_null(buf);
	/* the errors of parse_pattern_ex come through */
	assert_int_equal(parse_pattern_alloc("0xzz", 1 << 20, &buf, &len, NULL, 0, NULL),
			 -EINVAL);
	assert_int_equal(parse_pattern_alloc("%o", 1 << 20, &buf, &len, NULL, 0, NULL),
			 -ENOTSUP);
	assert_null(buf);
	unlink(path);
}

static void test_parse__pattern_capacity(void **state)
{
	uint8_t buf[4];
	size_t len = 0;

	(void)state;
	assert_int_equal(parse_pattern("0xdeadbeef", buf, 4, &len), 0);
	assert_int_equal(len, 4);
	assert_int_equal(parse_pattern("0xdeadbeef01", buf, 4, &len), -ENOSPC);
	assert_int_equal(parse_pattern("\"abcde\"", buf, 4, &len), -ENOSPC);
	assert_int_equal(parse_pattern("0xdeadbeef1", buf, 4, &len), -ENOSPC);
	assert_int_equal(parse_pattern("0xdead-1", buf, 4, &len), -ENOSPC);
}

struct distance_case {
	const char *a, *b;
	unsigned want;
};

static const struct distance_case distance_cases[] = {
	{ "", "", 0 },
	{ "bs", "bs", 0 },
	{ "BS", "bs", 0 },
	{ "bsize", "bs", 3 },
	{ "kitten", "sitting", 3 },
	{ "iodepth", "iodpeth", 2 },
	{ "rw", "", 2 },
	{ NULL, "abc", 3 },
	{ "verify_pattern", "verify_patern", 1 },
};

static void test_parse__edit_distance(void **state)
{
	char longa[200], longb[200];
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(distance_cases); i++) {
		const struct distance_case *c = &distance_cases[i];

		assert_int_equal(edit_distance(c->a, c->b), c->want);
		assert_int_equal(edit_distance(c->b, c->a), c->want);
	}
	/* longer than the on-stack row */
	memset(longa, 'a', sizeof(longa) - 1);
	longa[sizeof(longa) - 1] = '\0';
	memcpy(longb, longa, sizeof(longb));
	longb[100] = 'b';
	assert_int_equal(edit_distance(longa, longb), 1);
	assert_int_equal(edit_distance("", longa), sizeof(longa) - 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse__size),
		cmocka_unit_test(test_parse__uint),
		cmocka_unit_test(test_parse__int),
		cmocka_unit_test(test_parse__double),
		cmocka_unit_test(test_parse__bool),
		cmocka_unit_test(test_parse__time),
		cmocka_unit_test(test_parse__percent),
		cmocka_unit_test(test_parse__size_range),
		cmocka_unit_test(test_parse__split_list),
		cmocka_unit_test(test_parse__bssplit),
		cmocka_unit_test(test_parse__bssplit_limits),
		cmocka_unit_test(test_parse__pattern),
		cmocka_unit_test(test_parse__pattern_file_and_offset),
		cmocka_unit_test(test_parse__pattern_file_too_long),
		cmocka_unit_test(test_parse__pattern_capacity),
		cmocka_unit_test(test_parse__pattern_alloc),
		cmocka_unit_test(test_parse__edit_distance),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
