/*
 * test-fill.c - unit tests for the payload fill (lib/fill.c, fill.h).
 *
 * The stream is the SplitMix64 output for its key (checked against
 * rand.h's independent splitmix64()), deterministic, regenerable from any
 * byte, different for different keys, identical across the portable,
 * AVX2 and AVX-512 implementations, never written past its end, and
 * fill_key() mixes each input bit into about half the output bits.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "cpu.h"
#include "fill.h"
#include "fill-priv.h"
#include "rand.h"

#define CANARY 0xa5
#define PAD 64

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;

	for (int i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* A buffer with PAD canary bytes on each side. */
static uint8_t *padded(size_t len)
{
	uint8_t *b = malloc(len + 2 * PAD);

	assert_non_null(b);
	memset(b, CANARY, len + 2 * PAD);
	return b + PAD;
}

static void assert_canaries(const uint8_t *p, size_t len)
{
	for (size_t i = 1; i <= PAD; i++)
		assert_int_equal(p[-(ptrdiff_t)i], CANARY);
	for (size_t i = 0; i < PAD; i++)
		assert_int_equal(p[len + i], CANARY);
}

static void free_padded(uint8_t *p)
{
	free(p - PAD);
}

static int popcount64(uint64_t v)
{
	return __builtin_popcountll(v);
}

/* XINUSE, as in test-csum.c: bits 2 and 6 mean dirty upper ymm/zmm halves. */
#if defined(FILL_X86) && defined(CONFIG_BUILTIN_CPU_SUPPORTS)
#include <cpuid.h>
#include <immintrin.h>

#define DIRTY_UPPER ((1u << 2) | (1u << 6))

static uint64_t xinuse(void)
{
	uint32_t lo, hi;

	__asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(1));
	return (uint64_t)hi << 32 | lo;
}

__attribute__((target("avx"))) static void zero_upper(void)
{
	_mm256_zeroupper();
}

static int xinuse_usable(void)
{
	unsigned a, b, c, d;

	if (!__builtin_cpu_supports("avx") || !__get_cpuid_count(0xd, 1, &a, &b, &c, &d) ||
	    !(a & (1u << 2)))
		return 0;
	zero_upper();
	return !(xinuse() & DIRTY_UPPER);
}
#endif

/* ---- the definition ----------------------------------------------------- */

/* The documented identity: the stream of key is SplitMix64 seeded with it. */
static void test_fill__is_splitmix64_stream(void **state)
{
	static const uint64_t keys[] = { 0, 1, 0x0123456789abcdefULL, UINT64_MAX };
	uint8_t buf[8 * 300];

	(void)state;
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		uint64_t s = keys[k];

		fill_pattern(buf, sizeof(buf), keys[k]);
		for (size_t i = 0; i < 300; i++) {
			uint64_t want = splitmix64(&s);

			assert_true(get_le64(buf + 8 * i) == want);
			assert_true(fill_word(keys[k], i) == want);
		}
	}
}

static void test_fill__deterministic(void **state)
{
	size_t len = 70000;
	uint8_t *a = padded(len), *b = padded(len);

	(void)state;
	memset(b, 0x33, len);                   /* old contents do not matter */
	fill_pattern(a, len, 42);
	fill_pattern(b, len, 42);
	assert_memory_equal(a, b, len);
	assert_canaries(a, len);
	assert_canaries(b, len);
	fill_pattern(a, 0, 7);                  /* writes nothing */
	fill_pattern_at(a, 0, 7, 3);
	assert_memory_equal(a, b, len);
	free_padded(a);
	free_padded(b);
}

/* Any slice regenerates on its own: aligned or not, short or long. */
static void test_fill__subrange_equals_slice(void **state)
{
	size_t total = 65536;
	uint8_t *whole = malloc(total), *part = padded(total);
	uint64_t rng = 5;

	(void)state;
	assert_non_null(whole);
	fill_pattern(whole, total, 0xfeedULL);
	for (int iter = 0; iter < 3000; iter++) {
		size_t start = (size_t)(splitmix64(&rng) % total);
		size_t max = total - start;
		size_t len = (size_t)(splitmix64(&rng) % (iter % 3 ? MIN_OF(max, 300) + 1 : max + 1));

		if (iter % 2)
			start &= ~(size_t)7;    /* half of them word-aligned */
		len = MIN_OF(len, total - start);
		memset(part - PAD, CANARY, len + 2 * PAD);
		fill_pattern_at(part, len, 0xfeedULL, start);
		assert_memory_equal(part, whole + start, len);
		assert_canaries(part, len);
	}
	free(whole);
	free_padded(part);
}

static void test_fill__keys_differ(void **state)
{
	static const uint64_t deltas[] = { 1, 2, 1ULL << 63, FILL_GAMMA, 512 };
	uint8_t a[4096], b[4096];

	(void)state;
	fill_pattern(a, sizeof(a), 1000);
	for (size_t d = 0; d < ARRAY_SIZE(deltas); d++) {
		fill_pattern(b, sizeof(b), 1000 + deltas[d]);
		/* No word equal at the same position (chance: 512 / 2^64). */
		for (size_t i = 0; i < sizeof(a); i += 8)
			assert_true(get_le64(a + i) != get_le64(b + i));
	}
}

/* ---- implementations agree ---------------------------------------------- */

typedef void fill_fn(void *dst, size_t len, uint64_t key, uint64_t word);

static void test_fill__variants_agree(void **state)
{
	fill_fn *fns[3] = { fill_words_portable };
	size_t nf = 1, max = 9000 + 64;
	uint8_t *want = malloc(max), *got = padded(max);
	uint64_t rng = 77;

	(void)state;
	assert_non_null(want);
#ifdef FILL_X86
	if (cpu_has_avx2())
		fns[nf++] = fill_words_avx2;
	if (cpu_has_avx512())
		fns[nf++] = fill_words_avx512;
#endif
	for (int iter = 0; iter < 2000; iter++) {
		size_t len = iter < 300 ? (size_t)iter : (size_t)(splitmix64(&rng) % 9001);
		size_t mis = (size_t)(splitmix64(&rng) % 64);
		uint64_t key = splitmix64(&rng), word = splitmix64(&rng) >> (iter % 64);

		fill_words_portable(want, len, key, word);
		for (size_t f = 0; f < nf; f++) {
			uint8_t *p = got + mis;

			memset(got - PAD, CANARY, max + 2 * PAD);
			fns[f](p, len, key, word);
			assert_memory_equal(p, want, len);
			assert_canaries(p, len);
		}
		/* The word-level definition, spot-checked. */
		if (len >= 8)
			assert_true(get_le64(want) == fill_word(key, word));
	}
	free(want);
	free_padded(got);
	if (nf == 1)
		skip();                         /* no vector variant here */
}

/* Exact-size buffers: under AddressSanitizer, any byte written past the
 * end (a whole-vector tail store) is caught at once. */
static void test_fill__exact_size_buffers(void **state)
{
	fill_fn *fns[3] = { fill_words_portable };
	size_t nf = 1;
	uint8_t want[1100];

	(void)state;
#ifdef FILL_X86
	if (cpu_has_avx2())
		fns[nf++] = fill_words_avx2;
	if (cpu_has_avx512())
		fns[nf++] = fill_words_avx512;
#endif
	for (size_t len = 0; len <= 1100; len++) {
		fill_pattern_at(want, len, 0xabc, 8 * 5);
		for (size_t f = 0; f < nf; f++) {
			uint8_t *b = malloc(len ? len : 1);

			assert_non_null(b);
			fns[f](b, len, 0xabc, 5);
			assert_memory_equal(b, want, len);
			if (len)                        /* and from a byte inside a word */
				fill_pattern_at(b, len - 1, 0xabc, 8 * 5 + 1);
			if (len)
				assert_memory_equal(b, want + 1, len - 1);
			free(b);
		}
	}
}

/* The vector fills return with a clean upper vector state (VZEROUPPER),
 * so legacy-SSE code after them runs at full speed. */
static void test_fill__leaves_vector_state_clean(void **state)
{
#if defined(FILL_X86) && defined(CONFIG_BUILTIN_CPU_SUPPORTS)
	static const size_t lens[] = { 8, 100, 512, 4096, 65536 };
	uint8_t *buf = malloc(65536);

	(void)state;
	assert_non_null(buf);
	if (!xinuse_usable()) {
		free(buf);
		skip();
	}
	for (size_t l = 0; l < ARRAY_SIZE(lens); l++) {
		zero_upper();
		fill_pattern(buf, lens[l], 9);
		assert_int_equal(xinuse() & DIRTY_UPPER, 0);
		if (cpu_has_avx2()) {
			zero_upper();
			fill_words_avx2(buf, lens[l], 9, 3);
			assert_int_equal(xinuse() & DIRTY_UPPER, 0);
		}
		if (cpu_has_avx512()) {
			zero_upper();
			fill_words_avx512(buf, lens[l], 9, 3);
			assert_int_equal(xinuse() & DIRTY_UPPER, 0);
		}
	}
	free(buf);
#else
	(void)state;
	skip();
#endif
}

static void test_fill__impl_name(void **state)
{
	const char *name;

	(void)state;
	fill_init();
	fill_init();                            /* idempotent */
	name = fill_impl_name();
	if (cpu_has_avx512())
		assert_string_equal(name, "avx512");
	else if (cpu_has_avx2())
		assert_string_equal(name, "avx2");
	else
		assert_string_equal(name, "portable");
}

/* ---- statistics --------------------------------------------------------- */

/* Bytes are uniform (chi-square, 255 degrees of freedom) and every bit
 * position of the words is balanced. */
static void test_fill__output_balanced(void **state)
{
	size_t len = 1 << 20, counts[256] = { 0 }, bits[64] = { 0 };
	uint8_t *b = malloc(len);
	double expect = (double)len / 256, chi2 = 0;

	(void)state;
	assert_non_null(b);
	fill_pattern(b, len, fill_key(1, 0, 1));
	for (size_t i = 0; i < len; i++)
		counts[b[i]]++;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = get_le64(b + i);

		for (int k = 0; k < 64; k++)
			bits[k] += (w >> k) & 1;
	}
	for (int v = 0; v < 256; v++)
		chi2 += (counts[v] - expect) * (counts[v] - expect) / expect;
	/* Mean 255, sd 22.6: 400 is beyond 6 sd. */
	assert_true(chi2 < 400);
	/* 131072 words per bit position: sd 181, bounds at 8 sd. */
	for (int k = 0; k < 64; k++)
		assert_true(bits[k] > 65536 - 1448 && bits[k] < 65536 + 1448);
	free(b);
}

/*
 * fill_key: flipping any one of the 192 input bits flips about half of the
 * 64 output bits on average, and each output bit with probability near
 * 1/2 (strict avalanche).
 */
static void test_fill__key_avalanche(void **state)
{
	enum { N = 2000 };
	uint64_t rng = 2024;
	static unsigned flips[64];

	(void)state;
	for (int in = 0; in < 192; in++) {
		uint64_t total = 0;

		memset(flips, 0, sizeof(flips));
		for (int n = 0; n < N; n++) {
			uint64_t v[3] = { splitmix64(&rng), splitmix64(&rng), splitmix64(&rng) };
			uint64_t a = fill_key(v[0], v[1], v[2]), d;

			v[in / 64] ^= 1ULL << (in % 64);
			d = a ^ fill_key(v[0], v[1], v[2]);
			total += (uint64_t)popcount64(d);
			for (int k = 0; k < 64; k++)
				flips[k] += (d >> k) & 1;
		}
		/* Mean flips: sd 0.09 over N; accept 31..33. */
		assert_true(total > 31 * N && total < 33 * N);
		/* Each output bit: sd 0.011; accept 0.43..0.57. */
		for (int k = 0; k < 64; k++)
			assert_true(flips[k] > 0.43 * N && flips[k] < 0.57 * N);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The sectors of one generation, and the generations of one sector,
 * never share a key (fill_key is a bijection of each input). */
static void test_fill__key_distinct_per_sector(void **state)
{
	enum { N = 100000 };
	uint64_t *k = malloc(N * sizeof(*k));

	(void)state;
	assert_non_null(k);
	for (int pass = 0; pass < 2; pass++) {
		for (uint64_t i = 0; i < N; i++)
			k[i] = pass ? fill_key(99, 4096, i) : fill_key(99, i * 512, 3);
		qsort(k, N, sizeof(*k), cmp_u64);
		for (size_t i = 1; i < N; i++)
			assert_true(k[i - 1] != k[i]);
	}
	free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fill__is_splitmix64_stream),
		cmocka_unit_test(test_fill__deterministic),
		cmocka_unit_test(test_fill__subrange_equals_slice),
		cmocka_unit_test(test_fill__keys_differ),
		cmocka_unit_test(test_fill__variants_agree),
		cmocka_unit_test(test_fill__exact_size_buffers),
		cmocka_unit_test(test_fill__leaves_vector_state_clean),
		cmocka_unit_test(test_fill__impl_name),
		cmocka_unit_test(test_fill__output_balanced),
		cmocka_unit_test(test_fill__key_avalanche),
		cmocka_unit_test(test_fill__key_distinct_per_sector),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
