/*
 * cpu.c - CPU feature checks (include/cpu.h).
 */
#include "compat.h"

#include "cpu.h"

#if (defined(__x86_64__) || defined(__i386__)) && defined(CONFIG_BUILTIN_CPU_SUPPORTS)
#define CPU_X86_PROBE 1
#endif

bool cpu_has_avx2(void)
{
#ifdef CPU_X86_PROBE
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx2");
#else
	return false;
#endif
}

bool cpu_has_avx512(void)
{
#ifdef CPU_X86_PROBE
	__builtin_cpu_init();
	return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq");
#else
	return false;
#endif
}
