/*
 * test-bufdata.c - unit tests for src/run/bufdata.c: fio's buffer
 * contents (zeros, pattern, random, compressible, deduplicable).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "config/options.h"
#include "run/bufdata.h"

#define BS 4096

static bool all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

/* Random bytes: few zero bytes (1 in 256 expected). */
static bool looks_random(const uint8_t *p, size_t n)
{
	size_t z = 0;

	for (size_t i = 0; i < n; i++)
		z += !p[i];
	return n >= 256 && z < n / 64;
}

static void conf_of(struct bufdata_conf *c, void (*set)(struct job_options *))
{
	struct job_options o;

	options_defaults(&o);
	set(&o);
	bufdata_conf_from(c, &o, 1234);
	options_release(&o);
}

static void set_none(struct job_options *o)
{
	(void)o;
}

static void set_zero(struct job_options *o)
{
	o->zero_buffers = true;
}

static void set_c50(struct job_options *o)
{
	o->buffer_compress_percentage = 50;
}

static void set_d40(struct job_options *o)
{
	o->dedupe_percentage = 40;
	o->zero_buffers = true;	/* the percentages come first (fio) */
}

static void test_bufdata__kinds(void **state)
{
	struct bufdata_conf c;
	uint8_t a[BS], b[BS];

	(void)state;
	conf_of(&c, set_none);
	assert_int_equal(c.kind, BUFDATA_RANDOM);
	assert_int_equal(c.block, 4096);
	bufdata_block(&c, 7, a, BS);
	bufdata_block(&c, 7, b, BS);
	assert_true(looks_random(a, BS));
	assert_memory_equal(a, b, BS);		/* a pure function of the index */
	bufdata_block(&c, 8, b, BS);
	assert_memory_not_equal(a, b, BS);
	conf_of(&c, set_zero);
	assert_int_equal(c.kind, BUFDATA_ZERO);
	memset(a, 0xaa, BS);
	bufdata_block(&c, 1, a, BS);
	assert_true(all_zero(a, BS));
	conf_of(&c, set_d40);
	assert_int_equal(c.kind, BUFDATA_MIXED);
}

static void test_bufdata__pattern(void **state)
{
	static const uint8_t pat[3] = { 1, 2, 3 };
	struct bufdata_conf c = { .kind = BUFDATA_PATTERN, .pattern = pat, .pattern_len = 3 };
	uint8_t a[10];

	(void)state;
	bufdata_block(&c, 99, a, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		assert_int_equal(a[i], pat[i % 3]);
}

/* buffer_compress_percentage=50, chunk 512: each chunk random, then zeros. */
static void test_bufdata__compress(void **state)
{
	struct bufdata_conf c;
	uint8_t a[BS];

	(void)state;
	conf_of(&c, set_c50);
	assert_int_equal(c.chunk, 512);
	bufdata_block(&c, 3, a, BS);
	for (size_t o = 0; o < BS; o += 512) {
		assert_true(looks_random(a + o, 256));
		assert_true(all_zero(a + o + 256, 256));
	}
	/* chunk 0: one region over the block; 25 %: the last quarter */
	c.chunk = 0;
	c.compress_pct = 25;
	bufdata_block(&c, 3, a, BS);
	assert_true(looks_random(a, BS * 3 / 4));
	assert_true(all_zero(a + BS * 3 / 4, BS / 4));
	/* 100 %: all fixed */
	c.compress_pct = 100;
	bufdata_block(&c, 3, a, BS);
	assert_true(all_zero(a, BS));
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* dedupe_percentage=40: about 40 % of the blocks are one same block. */
static void test_bufdata__dedupe(void **state)
{
	enum { N = 2000 };
	static uint64_t head[N], sorted[N];
	struct bufdata_conf c;
	uint8_t a[BS], b[BS];
	unsigned best = 0, run = 0, first = N;
	uint64_t mode = 0;

	(void)state;
	conf_of(&c, set_d40);
	for (unsigned i = 0; i < N; i++) {
		bufdata_block(&c, i, a, BS);
		assert_true(looks_random(a, BS));	/* not zero_buffers */
		memcpy(&head[i], a, 8);
	}
	memcpy(sorted, head, sizeof(head));
	qsort(sorted, N, sizeof(sorted[0]), cmp_u64);
	for (unsigned i = 0; i < N; i++) {
		run = i && sorted[i] == sorted[i - 1] ? run + 1 : 1;
		if (run > best) {
			best = run;
			mode = sorted[i];
		}
	}
	assert_true(best > N * 34 / 100 && best < N * 46 / 100);
	/* the copies are whole blocks, not only their first words */
	for (unsigned i = 0; i < N; i++) {
		if (head[i] != mode)
			continue;
		if (first == N) {
			first = i;
			bufdata_block(&c, i, a, BS);
			continue;
		}
		bufdata_block(&c, i, b, BS);
		assert_memory_equal(a, b, BS);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bufdata__kinds),
		cmocka_unit_test(test_bufdata__pattern),
		cmocka_unit_test(test_bufdata__compress),
		cmocka_unit_test(test_bufdata__dedupe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
