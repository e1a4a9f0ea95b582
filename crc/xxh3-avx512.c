/*
 * xxh3-avx512.c - XXH3_64bits from the libxxhash header, built for AVX-512.
 *
 * As xxh3-avx2.c, but compiled for AVX-512 (the Makefile gives every
 * *-avx512.c -mavx512f -mavx512dq; xxHash's code needs only AVX512F):
 * about 4.5x the shared library's speed.  xxhash.c uses xxh3_ops_avx512
 * only when the CPU and the OS support both.
 */
#include "compat.h"

#include "csum-priv.h"

#ifdef CSUM_XXH3_X86

#ifndef __AVX512F__
#error "crc/xxh3-avx512.c must be compiled with -mavx512f (see the Makefile)"
#endif

#include <immintrin.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* Leave with a clean upper vector state (see XXH3_DEFINE_OPS). */
static inline void leave_vector(void)
{
	_mm256_zeroupper();
}

XXH3_DEFINE_OPS(xxh3_ops_avx512, "xxhash-avx512", leave_vector);

#endif /* CSUM_XXH3_X86 */
