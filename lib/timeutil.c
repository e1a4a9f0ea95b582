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
	uint64_t start = now_ns();
	uint64_t end;

	if (!ns)
		return;
	/* An absolute deadline makes resuming after EINTR exact. */
	end = ns > UINT64_MAX - start ? UINT64_MAX : start + ns;
	deadline = ns_to_timespec(end);
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &deadline, NULL) == EINTR)
		;
}
