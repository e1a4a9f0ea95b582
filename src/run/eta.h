/*
 * eta.h - the one-line progress display on a terminal, as fio's:
 * jobs running, phase, % done, bandwidth, IOPS, time left.
 */
#ifndef VERIO_RUN_ETA_H
#define VERIO_RUN_ETA_H

#include <stdbool.h>
#include <stdint.h>

struct run;

struct eta {
	struct run *run;
	bool enabled;
	uint64_t start_ns;
	uint64_t last_ns;		/* last line printed */
	uint64_t last_bytes[2], last_ios[2];
	int last_len;			/* to blank out a shorter line */
};

/* mode is enum eta_mode (config/runconf.h); auto = only when stderr is a terminal. */
void eta_init(struct eta *e, struct run *r, int mode);

/* Print a fresh line if a second has passed. */
void eta_tick(struct eta *e, uint64_t now_ns);

/* Clear the line before the report. */
void eta_finish(struct eta *e);

#endif /* VERIO_RUN_ETA_H */
