/*
 * fill-priv.h - the implementations behind fill_pattern(), for lib/fill.c
 * and the unit tests that check them against each other.  Not for use
 * outside lib/ and tests.
 */
#ifndef VERIO_LIB_FILL_PRIV_H
#define VERIO_LIB_FILL_PRIV_H

#include <stddef.h>
#include <stdint.h>

/* lib/fill-avx2.c and lib/fill-avx512.c hold code on x86 only; the
 * Makefile builds them with -mavx2 / -mavx512f -mavx512dq there. */
#if defined(__x86_64__) || defined(__i386__)
#define FILL_X86 1
#endif

/*
 * Each writes bytes [8 * word, 8 * word + len) of the stream of key to
 * dst: dst starts on word boundary `word`, len is any length (a partial
 * last word is cut).  All three write identical bytes.
 */
void fill_words_portable(void *dst, size_t len, uint64_t key, uint64_t word);
/* Call only when cpu_has_avx2() / cpu_has_avx512() (cpu.h) say so. */
void fill_words_avx2(void *dst, size_t len, uint64_t key, uint64_t word);
void fill_words_avx512(void *dst, size_t len, uint64_t key, uint64_t word);

#endif /* VERIO_LIB_FILL_PRIV_H */
