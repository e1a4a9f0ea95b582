/*
 * fill.c - fill_pattern(): the verify payload stream of include/fill.h,
 * and the choice of its fastest implementation.
 *
 * The portable version is here; fill-avx2.c and fill-avx512.c compute the
 * same words 4 and 8 at a time.  The choice is made once and kept in an
 * atomic function pointer that starts out pointing at a resolver, so a
 * fill needs no init call and costs one relaxed load (a plain load) and
 * one indirect call: it matters, as the verify layer fills 512-byte
 * sectors one call at a time.
 */
#include "compat.h"

#include <pthread.h>
#include <stdatomic.h>

#include "cpu.h"
#include "fill.h"
#include "fill-priv.h"
#include "le.h"

typedef void fill_fn(void *dst, size_t len, uint64_t key, uint64_t word);

static fill_fn fill_first_call;

static fill_fn *_Atomic fill_impl = fill_first_call;
static const char *_Atomic fill_name = "portable";
static pthread_once_t fill_once = PTHREAD_ONCE_INIT;

void fill_words_portable(void *dst, size_t len, uint64_t key, uint64_t word)
{
	uint8_t *p = dst;
	uint64_t x = key + (word + 1) * FILL_GAMMA;
	uint8_t last[8];

	/* Four independent words per round keep both multipliers busy. */
	for (; len >= 32; p += 32, len -= 32, x += 4 * FILL_GAMMA) {
		put_le64(p, fill_mix64(x));
		put_le64(p + 8, fill_mix64(x + FILL_GAMMA));
		put_le64(p + 16, fill_mix64(x + 2 * FILL_GAMMA));
		put_le64(p + 24, fill_mix64(x + 3 * FILL_GAMMA));
	}
	for (; len >= 8; p += 8, len -= 8, x += FILL_GAMMA)
		put_le64(p, fill_mix64(x));
	if (len) {
		put_le64(last, fill_mix64(x));
		memcpy(p, last, len);
	}
}

static void fill_select(void)
{
	fill_fn *fn = fill_words_portable;
	const char *name = "portable";

#ifdef FILL_X86
	if (cpu_has_avx512()) {
		fn = fill_words_avx512;
		name = "avx512";
	} else if (cpu_has_avx2()) {
		fn = fill_words_avx2;
		name = "avx2";
	}
#endif
	/* Relaxed is enough: the functions read no data set up here. */
	atomic_store_explicit(&fill_name, name, memory_order_relaxed);
	atomic_store_explicit(&fill_impl, fn, memory_order_relaxed);
}

void fill_init(void)
{
	pthread_once(&fill_once, fill_select);
}

const char *fill_impl_name(void)
{
	fill_init();
	return atomic_load_explicit(&fill_name, memory_order_relaxed);
}

static void fill_first_call(void *dst, size_t len, uint64_t key, uint64_t word)
{
	fill_init();
	atomic_load_explicit(&fill_impl, memory_order_relaxed)(dst, len, key, word);
}

void fill_pattern(void *dst, size_t len, uint64_t key)
{
	atomic_load_explicit(&fill_impl, memory_order_relaxed)(dst, len, key, 0);
}

void fill_pattern_at(void *dst, size_t len, uint64_t key, uint64_t start_byte)
{
	uint8_t *p = dst;
	unsigned skip = (unsigned)(start_byte & 7);

	/* A start inside a word: its tail first, then whole words. */
	if (skip && len) {
		uint8_t w[8];
		size_t n = MIN_OF(8 - skip, len);

		put_le64(w, fill_word(key, start_byte >> 3));
		memcpy(p, w + skip, n);
		p += n;
		len -= n;
		start_byte += n;
	}
	if (len)
		atomic_load_explicit(&fill_impl, memory_order_relaxed)(p, len, key,
								       start_byte >> 3);
}
