#include "compat.h"

#include <signal.h>

#include "signals.h"

int catch_stop_signals(void (*handler)(int sig))
{
	struct sigaction sa;
	int rc = 0;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	/* Both, even if the first fails: catching one is better than none. */
	if (sigaction(SIGINT, &sa, NULL) < 0)
		rc = -errno;
	if (sigaction(SIGTERM, &sa, NULL) < 0 && !rc)
		rc = -errno;
	return rc;
}
