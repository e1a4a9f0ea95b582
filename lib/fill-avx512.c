/*
 * fill-avx512.c - fill_words_avx512(): the fill stream 8 words at a time.
 *
 * Built with -mavx512f -mavx512dq (Makefile): the SplitMix64 finalizer
 * needs a 64-bit multiply, vpmullq, which is AVX512DQ.  lib/fill.c calls
 * this only when the CPU has both.  Each 64-byte store takes one vector:
 * lane j holds key + (word + j + 1) * FILL_GAMMA and steps by 8 * GAMMA.
 */
#include "compat.h"

#include "fill.h"
#include "fill-priv.h"

#ifdef FILL_X86

#if !defined(__AVX512F__) || !defined(__AVX512DQ__)
#error "lib/fill-avx512.c must be compiled with -mavx512f -mavx512dq (see the Makefile)"
#endif

#include <immintrin.h>

static inline __m512i mix8(__m512i z)
{
	const __m512i m1 = _mm512_set1_epi64((long long)0xbf58476d1ce4e5b9ULL);
	const __m512i m2 = _mm512_set1_epi64((long long)0x94d049bb133111ebULL);

	z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 30)), m1);
	z = _mm512_mullo_epi64(_mm512_xor_si512(z, _mm512_srli_epi64(z, 27)), m2);
	return _mm512_xor_si512(z, _mm512_srli_epi64(z, 31));
}

void fill_words_avx512(void *dst, size_t len, uint64_t key, uint64_t word)
{
	static const uint64_t lane_off[8] __attribute__((aligned(64))) = {
		0, FILL_GAMMA, 2 * FILL_GAMMA, 3 * FILL_GAMMA,
		4 * FILL_GAMMA, 5 * FILL_GAMMA, 6 * FILL_GAMMA, 7 * FILL_GAMMA,
	};
	const __m512i step = _mm512_set1_epi64((long long)(8 * FILL_GAMMA));
	uint8_t *p = dst;
	__m512i x = _mm512_add_epi64(
		_mm512_set1_epi64((long long)(key + (word + 1) * FILL_GAMMA)),
		_mm512_load_si512(lane_off));

	/* Two vectors per round: independent work for both multipliers. */
	for (; len >= 128; p += 128, len -= 128) {
		__m512i y = _mm512_add_epi64(x, step);

		_mm512_storeu_si512(p, mix8(x));
		_mm512_storeu_si512(p + 64, mix8(y));
		x = _mm512_add_epi64(y, step);
	}
	if (len >= 64) {
		_mm512_storeu_si512(p, mix8(x));
		x = _mm512_add_epi64(x, step);
		p += 64;
		len -= 64;
	}
	if (len) {
		/*
		 * Whole words with a masked store (a 512-byte sector less its
		 * 16-byte stamp ends in 6 words); a partial word by copy.
		 */
		__m512i v = mix8(x);
		size_t words = len / 8;

		_mm512_mask_storeu_epi64(p, (__mmask8)((1u << words) - 1), v);
		if (len & 7) {
			uint64_t last[8];

			_mm512_storeu_si512(last, v);
			memcpy(p + 8 * words, &last[words], len & 7);
		}
	}
	/*
	 * Leave with a clean upper vector state, or legacy-SSE code run next
	 * is slowed down; gcc 12 inserts it itself only from -O2 up, not at
	 * -O0 / -O1.
	 */
	_mm256_zeroupper();
}

#endif /* FILL_X86 */
