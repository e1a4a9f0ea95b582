/*
 * xxh3-avx2.c - XXH3_64bits from the libxxhash header, built for AVX2.
 *
 * The Debian libxxhash.so is compiled for baseline x86-64 and runs XXH3
 * on SSE2.  Including the same header with XXH_INLINE_ALL in a file that
 * the Makefile compiles with -mavx2 gives xxHash's own AVX2 code, about
 * 3.5x faster.  xxhash.c uses xxh3_ops_avx2 only after checking the CPU.
 * Everything here is static but xxh3_ops_avx2, so no AVX2 code can leak
 * into callers that did not check.
 */
#include "compat.h"

#include "csum-priv.h"

#ifdef CSUM_XXH3_X86

#ifndef __AVX2__
#error "crc/xxh3-avx2.c must be compiled with -mavx2 (see the Makefile)"
#endif

#include <immintrin.h>

#define XXH_INLINE_ALL
#include <xxhash.h>

/* Leave with a clean upper vector state (see XXH3_DEFINE_OPS). */
static inline void leave_vector(void)
{
	_mm256_zeroupper();
}

XXH3_DEFINE_OPS(xxh3_ops_avx2, "xxhash-avx2", leave_vector);

#endif /* CSUM_XXH3_X86 */
