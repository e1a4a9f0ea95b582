/*
 * signals.h - catching the signals that ask a run to stop.
 */
#ifndef VERIO_INCLUDE_SIGNALS_H
#define VERIO_INCLUDE_SIGNALS_H

/*
 * Install handler for SIGINT and SIGTERM, with no SA_RESTART: a blocking
 * call the signal interrupts returns EINTR, so the caller sees it soon.
 * What the handler does (set a flag, exit) is the caller's policy.
 * Returns 0 or a negative errno.
 */
int catch_stop_signals(void (*handler)(int sig));

#endif
