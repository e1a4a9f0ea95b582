/*
 * timeutil.c - wall clock and sleeping (see timeutil.h).
 */
#include "compat.h"

#include <time.h>

#include "timeutil.h"

uint64_t now_realtime_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * MSEC_PER_SEC + (uint64_t)ts.tv_nsec / NSEC_PER_MSEC;
}

void sleep_ns(uint64_t ns)
{
	struct timespec deadline;
	uint64_t start = mono_ns();
	uint64_t end;

	if (!ns)
		return;
	/* An absolute deadline makes resuming after EINTR exact. */
	end = ns > UINT64_MAX - start ? UINT64_MAX : start + ns;
	deadline = ns_to_timespec(end);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
		;
}

struct tsc_clock verio_tsc;

/* Invariant TSC: CPUID leaf 0x80000007, EDX bit 8. */
static bool tsc_invariant(void)
{
#if defined(__x86_64__) || defined(__i386__)
	uint32_t a = 0x80000000, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	if (a < 0x80000007)
		return false;
	a = 0x80000007;
	c = 0;
	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return d & (1u << 8);
#else
	return false;
#endif
}

void clock_init(void)
{
	uint64_t t0, n0, t1, n1;

	if (verio_tsc.usable || !tsc_invariant() || getenv("VERIO_NO_TSC"))
		return;
	n0 = mono_ns();
	t0 = read_tsc();
	sleep_ns(20 * NSEC_PER_MSEC);
	n1 = mono_ns();
	t1 = read_tsc();
	if (t1 <= t0 || n1 <= n0)
		return;
	verio_tsc.mult = (uint64_t)(((unsigned __int128)(n1 - n0) << 32) / (t1 - t0));
	verio_tsc.tsc0 = t1;
	verio_tsc.ns0 = n1;
	verio_tsc.usable = 1;
}
