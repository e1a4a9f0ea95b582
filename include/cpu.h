/*
 * cpu.h - what the CPU verio runs on can do, for choosing the fastest
 * implementation of a checksum or a fill once, at start-up.
 */
#ifndef VERIO_INCLUDE_CPU_H
#define VERIO_INCLUDE_CPU_H

#include <stdbool.h>

/*
 * Can this CPU, its OS and this build run code built with -mavx2? False
 * off x86 and where the compiler has no __builtin_cpu_supports.
 */
bool cpu_has_avx2(void);

/*
 * The same for -mavx512f -mavx512dq, the flags the Makefile builds every
 * *-avx512.c with (AVX512DQ has the 64-bit multiply, vpmullq).
 */
bool cpu_has_avx512(void);

#endif /* VERIO_INCLUDE_CPU_H */
