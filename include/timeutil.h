/*
 * timeutil.h - clocks, sleeping and unit conversions.
 *
 * Internal times are uint64_t nanoseconds of CLOCK_MONOTONIC: immune to
 * wall-clock steps, and good for 584 years.  now_ns() is inline because
 * latency accounting calls it twice per I/O; with the vDSO it makes no
 * system call.
 */
#ifndef VERIO_INCLUDE_TIMEUTIL_H
#define VERIO_INCLUDE_TIMEUTIL_H

#include <stdint.h>
#include <time.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC 1000000000ULL
#define USEC_PER_SEC 1000000ULL
#define MSEC_PER_SEC 1000ULL

static inline uint64_t timespec_to_ns(const struct timespec *ts)
{
	return (uint64_t)ts->tv_sec * NSEC_PER_SEC + (uint64_t)ts->tv_nsec;
}

static inline struct timespec ns_to_timespec(uint64_t ns)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ns / NSEC_PER_SEC);
	ts.tv_nsec = (long)(ns % NSEC_PER_SEC);
	return ts;
}

/* mono_ns() - CLOCK_MONOTONIC in nanoseconds (0 if the clock fails). */
static inline uint64_t mono_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts))
		return 0;
	return timespec_to_ns(&ts);
}

/*
 * The CPU time-stamp counter as a clock, as fio's clocksource=cpu: set
 * once by clock_init() before any worker starts, read-only afterwards.
 * Latency accounting reads the clock two or three times per I/O, and in
 * a virtual machine the vDSO clock can cost more than the rest of a
 * null-engine I/O.
 */
struct tsc_clock {
	int usable;		/* invariant TSC found and calibrated */
	uint64_t tsc0, ns0;	/* a reading of both clocks at calibration */
	uint64_t mult;		/* ns per tick, fixed point 32.32 */
};

extern struct tsc_clock verio_tsc;

/* Calibrate the TSC clock (about 20 ms). Idempotent; call from main(). */
void clock_init(void);

#if defined(__x86_64__) || defined(__i386__)
static inline uint64_t read_tsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}
#else
static inline uint64_t read_tsc(void)
{
	return 0;
}
#endif

/*
 * now_ns() - monotonic nanoseconds for latencies and deadlines: the TSC
 * when clock_init() found it usable, CLOCK_MONOTONIC otherwise. Both
 * share one origin, so values from before and after calibration compare.
 */
static inline uint64_t now_ns(void)
{
	if (verio_tsc.usable) {
		uint64_t d = read_tsc() - verio_tsc.tsc0;

		return verio_tsc.ns0 + (uint64_t)(((unsigned __int128)d * verio_tsc.mult) >> 32);
	}
	return mono_ns();
}

/* now_realtime_ms() - wall-clock milliseconds since the Unix epoch. */
uint64_t now_realtime_ms(void);

/*
 * sleep_ns() - sleep at least ns nanoseconds on CLOCK_MONOTONIC.  Signals
 * do not cut it short: the sleep resumes toward the same absolute deadline.
 */
void sleep_ns(uint64_t ns);

/* Conversions: truncating, except where _round_up says otherwise. */
static inline uint64_t ns_to_us(uint64_t ns)
{
	return ns / NSEC_PER_USEC;
}

static inline uint64_t ns_to_ms(uint64_t ns)
{
	return ns / NSEC_PER_MSEC;
}

static inline uint64_t ns_to_us_round_up(uint64_t ns)
{
	return ns / NSEC_PER_USEC + (ns % NSEC_PER_USEC != 0);
}

/* us_to_ns() and ms_to_ns() saturate at UINT64_MAX instead of wrapping. */
static inline uint64_t us_to_ns(uint64_t us)
{
	return us > UINT64_MAX / NSEC_PER_USEC ? UINT64_MAX : us * NSEC_PER_USEC;
}

static inline uint64_t ms_to_ns(uint64_t ms)
{
	return ms > UINT64_MAX / NSEC_PER_MSEC ? UINT64_MAX : ms * NSEC_PER_MSEC;
}

static inline double ns_to_sec(uint64_t ns)
{
	return (double)ns / (double)NSEC_PER_SEC;
}

#endif /* VERIO_INCLUDE_TIMEUTIL_H */
