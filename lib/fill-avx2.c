/*
 * fill-avx2.c - fill_words_avx2(): the fill stream 4 words at a time.
 *
 * Built with -mavx2 (Makefile); lib/fill.c calls this only when the CPU
 * has AVX2.  AVX2 has no 64-bit multiply, so each of the finalizer's two
 * multiplies by a constant is made of three 32x32->64 ones (vpmuludq):
 *   z * k = lo(z)*lo(k) + ((hi(z)*lo(k) + lo(z)*hi(k)) << 32)   mod 2^64
 */
#include "compat.h"

#include "fill.h"
#include "fill-priv.h"

#ifdef FILL_X86

#ifndef __AVX2__
#error "lib/fill-avx2.c must be compiled with -mavx2 (see the Makefile)"
#endif

#include <immintrin.h>

/* z * k mod 2^64 in each lane; klo/khi hold k's halves in the low 32 bits. */
static inline __m256i mul64(__m256i z, __m256i klo, __m256i khi)
{
	__m256i lo = _mm256_mul_epu32(z, klo);
	__m256i c1 = _mm256_mul_epu32(_mm256_srli_epi64(z, 32), klo);
	__m256i c2 = _mm256_mul_epu32(z, khi);

	return _mm256_add_epi64(lo, _mm256_slli_epi64(_mm256_add_epi64(c1, c2), 32));
}

static inline __m256i mix4(__m256i z)
{
	const __m256i m1lo = _mm256_set1_epi64x(0x1ce4e5b9), m1hi = _mm256_set1_epi64x(0xbf58476d);
	const __m256i m2lo = _mm256_set1_epi64x(0x133111eb), m2hi = _mm256_set1_epi64x(0x94d049bb);

	z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 30)), m1lo, m1hi);
	z = mul64(_mm256_xor_si256(z, _mm256_srli_epi64(z, 27)), m2lo, m2hi);
	return _mm256_xor_si256(z, _mm256_srli_epi64(z, 31));
}

void fill_words_avx2(void *dst, size_t len, uint64_t key, uint64_t word)
{
	static const uint64_t lane_off[4] __attribute__((aligned(32))) = {
		0, FILL_GAMMA, 2 * FILL_GAMMA, 3 * FILL_GAMMA,
	};
	const __m256i step = _mm256_set1_epi64x((long long)(4 * FILL_GAMMA));
	uint8_t *p = dst;
	__m256i x = _mm256_add_epi64(
		_mm256_set1_epi64x((long long)(key + (word + 1) * FILL_GAMMA)),
		_mm256_load_si256((const __m256i *)lane_off));

	for (; len >= 64; p += 64, len -= 64) {
		__m256i y = _mm256_add_epi64(x, step);

		_mm256_storeu_si256((__m256i *)p, mix4(x));
		_mm256_storeu_si256((__m256i *)(p + 32), mix4(y));
		x = _mm256_add_epi64(y, step);
	}
	for (; len >= 32; p += 32, len -= 32) {
		_mm256_storeu_si256((__m256i *)p, mix4(x));
		x = _mm256_add_epi64(x, step);
	}
	if (len) {
		uint64_t last[4];

		_mm256_storeu_si256((__m256i *)last, mix4(x));
		memcpy(p, last, len);
	}
	/*
	 * Leave with a clean upper vector state, or legacy-SSE code run next
	 * is slowed down; gcc 12 inserts it itself only from -O2 up, not at
	 * -O0 / -O1.
	 */
	_mm256_zeroupper();
}

#endif /* FILL_X86 */
