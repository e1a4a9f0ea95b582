/*
 * eta.h - the one-line progress display on a terminal, as fio's:
 * jobs running, phase, % done, bandwidth, IOPS, time left.
 *
 * On a terminal each line overwrites the last ('\r'), and --eta-newline
 * keeps one every so often. Into a pipe or a file (--eta=always) each
 * line ends with '\n' instead: fio writes '\r' there too, which makes one
 * endless line that log readers and `tail` cannot show.
 */
#ifndef VERIO_RUN_ETA_H
#define VERIO_RUN_ETA_H

#include <stdbool.h>
#include <stdint.h>

struct run;

struct eta {
	struct run *run;
	bool enabled;
	bool tty;			/* stderr is a terminal: '\r' lines */
	uint64_t interval_ns;		/* between two lines (--eta-interval) */
	uint64_t newline_ns;		/* keep a line this often, 0 = never (--eta-newline) */
	uint64_t start_ns;
	uint64_t last_ns;		/* last line printed */
	uint64_t newline_last_ns;	/* last line kept (--eta-newline) */
	uint64_t last_bytes[2], last_ios[2];
	int last_len;			/* to blank out a shorter line */
};

/* mode is enum eta_mode (config/runconf.h); auto = only when stderr is a terminal. */
void eta_init(struct eta *e, struct run *r, int mode);

/* Print a fresh line if the interval (a second by default) has passed. */
void eta_tick(struct eta *e, uint64_t now_ns);

/* Clear the line before the report. */
void eta_finish(struct eta *e);

#endif /* VERIO_RUN_ETA_H */
