/*
 * test-inspect.c - unit tests for src/verify/vinspect.c, the pure pieces
 * of `verio inspect`: the hexdump rows, geometry inference from headers
 * and from stamps, damaged headers read as found, stamp checks, times.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "csum.h"
#include "verify/format.h"
#include "verify/vinspect.h"

#define SEED	0x1234567887654321ull

/* Units of u bytes (sectors of s, crc32c, header at h) at offset off. */
static uint8_t *build(uint32_t u, uint32_t s, uint32_t h, uint64_t off, uint64_t gen,
		      unsigned nunits)
{
	struct vunit_geom g = { .unit_len = u, .sector_size = s, .hdr_off = h,
				.csum = csum_find("crc32c") };
	struct csum_ctx c;
	uint8_t *buf = malloc((size_t)u * nunits);

	assert_non_null(buf);
	assert_int_equal(vunit_geom_check(&g), 0);
	assert_int_equal(csum_ctx_init(&c, g.csum), 0);
	for (unsigned k = 0; k < nunits; k++) {
		struct vunit_id id = { .offset = off + (uint64_t)k * u, .gen = gen, .run_id = 9,
				       .seed = SEED, .time_ns = 1, .job = 2, .clone = 3 };

		vunit_build(buf + (size_t)k * u, &g, &id, &c);
	}
	csum_ctx_release(&c);
	return buf;
}

static void test_inspect__rows(void **state)
{
	uint8_t a[40] = { 0 }, b[40] = { 0 };
	char line[512];
	size_t n;

	(void)state;
	b[1] = 0xff;
	b[15] = 1;
	b[33] = 7;
	assert_int_equal(vinsp_row_diff(a, b, 0, 16), (1u << 1) | (1u << 15));
	assert_int_equal(vinsp_row_diff(a, b, 16, 16), 0);
	assert_int_equal(vinsp_row_diff(a, b, 32, 8), 1u << 1);
	assert_int_equal(vinsp_count_rows(a, b, sizeof(a)), 2);
	assert_int_equal(vinsp_count_rows(a, a, sizeof(a)), 0);
	n = vinsp_row_text(line, sizeof(line), "L", a, b, 16);
	assert_int_equal(n, strlen(line));
	assert_string_equal(line,
		"L  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 | "
		"00 ff 00 00 00 00 00 00 00 00 00 00 00 00 00 01\n"
		"      ^^                                        ^^      "
		"^^                                        ^^");
	/* A short last row: the expected side is padded, marks stay aligned. */
	vinsp_row_text(line, sizeof(line), "L", a + 32, b + 32, 8);
	assert_string_equal(line,
		"L  00 00 00 00 00 00 00 00                         | "
		"00 07 00 00 00 00 00 00\n"
		"      ^^                                                ^^");
	/* Truncated to the buffer, always terminated. */
	n = vinsp_row_text(line, 10, "L", a, b, 16);
	assert_int_equal(n, 9);
	assert_string_equal(line, "L  00 00 ");
}

static void test_inspect__geometry_from_header(void **state)
{
	static const struct { uint32_t u, s, h; unsigned n; } cases[] = {
		{ 4096, 512, 0, 1 }, { 8192, 4096, 0, 2 }, { 4096, 512, 128, 1 },
		{ 512, 512, 0, 4 }, { 65536, 4096, 1024, 1 },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint8_t *b = build(cases[i].u, cases[i].s, cases[i].h, 1 << 20, 5, cases[i].n);
		struct vinsp_guess g;

		assert_int_equal(vinsp_guess_geom(b, (size_t)cases[i].u * cases[i].n, &g), 0);
		assert_true(g.from_header);
		assert_int_equal(g.unit_len, cases[i].u);
		assert_int_equal(g.sector_size, cases[i].s);
		assert_int_equal(g.hdr_off, cases[i].h);
		assert_int_equal(g.offset, 1 << 20);
		assert_int_equal(g.algo, csum_find("crc32c")->id);
		assert_int_equal(g.hdr.gen, 5);
		free(b);
	}
}

static void test_inspect__geometry_from_stamps(void **state)
{
	static const uint32_t sizes[] = { 512, 4096 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		uint32_t s = sizes[i];
		uint8_t *b = build(8 * s, s, 0, 3 * 8 * s, 2, 1);
		struct vinsp_guess g;

		memset(b, 0, 64);	/* the header destroyed: the stamps remain */
		assert_int_equal(vinsp_guess_geom(b, 8 * s, &g), 0);
		assert_false(g.from_header);
		assert_false(g.from_raw_header);
		assert_true(g.from_stamps);
		assert_int_equal(g.sector_size, s);
		assert_int_equal(g.unit_len, 0);
		assert_true(g.offset_known);
		assert_int_equal(g.offset, 3 * 8 * s);
		assert_int_equal(g.stamp_hits, 8);
		free(b);
	}
}

static void test_inspect__geometry_none(void **state)
{
	uint8_t z[4096] = { 0 }, r[4096];
	struct vinsp_guess g;

	(void)state;
	for (size_t i = 0; i < sizeof(r); i++)
		r[i] = (uint8_t)(i * 131 + 7);
	assert_int_equal(vinsp_guess_geom(z, sizeof(z), &g), -ENOENT);
	assert_int_equal(vinsp_guess_geom(r, sizeof(r), &g), -ENOENT);
}

static void test_inspect__damaged_header(void **state)
{
	uint8_t *b = build(4096, 512, 0, 8192, 3, 1);
	struct vinsp_guess g;
	struct vhdr h;
	bool crc_ok;

	(void)state;
	assert_int_equal(vinsp_hdr_raw(b, 4096, &h, &crc_ok), 0);
	assert_true(crc_ok);
	b[20] ^= 0x40;		/* a bit of the offset field */
	assert_int_equal(vhdr_decode(b, 4096, &h), -EILSEQ);
	assert_int_equal(vinsp_hdr_raw(b, 4096, &h, &crc_ok), 0);
	assert_false(crc_ok);
	assert_int_equal(h.seed, SEED);
	assert_int_equal(h.gen, 3);
	assert_int_equal(h.job, 2);
	assert_int_equal(h.clone, 3);
	/* Its seed is confirmed by every stamp, a wrong one by none. */
	assert_int_equal(vinsp_seed_hits(b, 4096, 512, h.seed), 8);
	assert_int_equal(vinsp_seed_hits(b, 4096, 512, h.seed ^ 1), 0);
	/* The geometry: the damaged header's, and the stamps' offset agrees. */
	assert_int_equal(vinsp_guess_geom(b, 4096, &g), 0);
	assert_true(g.from_raw_header);
	assert_int_equal(g.unit_len, 4096);
	assert_int_equal(vinsp_hdr_raw(b + 1, 4095, &h, &crc_ok), -EBADMSG);
	free(b);
}

static void test_inspect__stamps(void **state)
{
	uint8_t *b = build(4096, 512, 0, 8192, 7, 1);
	struct vinsp_stamp st;

	(void)state;
	vinsp_stamp_read(b, 512, 3, &st);
	assert_int_equal(st.offset, 8192 + 3 * 512);
	assert_int_equal(st.gen, 7);
	assert_true(vinsp_stamp_valid(&st, SEED));
	assert_false(vinsp_stamp_valid(&st, SEED + 1));
	st.gen = 6;
	assert_false(vinsp_stamp_valid(&st, SEED));
	assert_int_equal(vinsp_find_hdr(b, 4096, 512), 0);
	assert_int_equal(vinsp_find_hdr(b + 8, 4088, 512), -1);
	free(b);
}

static void test_inspect__time(void **state)
{
	char buf[64];

	(void)state;
	vinsp_time(buf, sizeof(buf), 1796107428769231197ull);
	assert_string_equal(buf, "2026-12-01T06:43:48.769231197Z");
	vinsp_time(buf, sizeof(buf), 5);
	assert_string_equal(buf, "1970-01-01T00:00:00.000000005Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inspect__rows),
		cmocka_unit_test(test_inspect__geometry_from_header),
		cmocka_unit_test(test_inspect__geometry_from_stamps),
		cmocka_unit_test(test_inspect__geometry_none),
		cmocka_unit_test(test_inspect__damaged_header),
		cmocka_unit_test(test_inspect__stamps),
		cmocka_unit_test(test_inspect__time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
