/*
 * logread.h - fio's time-series logs read back for charts: each line
 * folded into time windows as it is read, so a log of any length takes
 * at most LOGREAD_BINS windows per direction in memory.
 *
 * A window starts as 1 ms wide; when a sample falls past the last one,
 * neighbouring windows are merged in pairs and the width doubles. So the
 * windows of a log always cover its whole span with between half and
 * all of LOGREAD_BINS windows (sums, counts, maxima and latency
 * histograms merge exactly).
 */
#ifndef VERIO_REPORT_LOGREAD_H
#define VERIO_REPORT_LOGREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define LOGREAD_BINS 1024u
#define LOGREAD_DIRS 3u			/* read, write, trim: fio's ddir 0..2 */

/*
 * A latency histogram coarser than fio's: its 29 groups of 64 bins taken
 * 4 at a time (16 per power of two, about 6 % wide).
 */
#define LATH_SHIFT 2u
#define LATH_NR (29u * (64u >> LATH_SHIFT))	/* 464 */

/* Compact bin of a latency in ns, and the ns range [lo, hi) it covers. */
unsigned lath_index(uint64_t ns);
uint64_t lath_lo(unsigned idx);
uint64_t lath_hi(unsigned idx);

/*
 * The value (ns) below which a fraction p (0..1] of the @n counts lies:
 * the middle of the bin where it falls; 0 when the histogram is empty.
 */
uint64_t lath_percentile(const uint64_t *h, double p);

/* One window of one direction. */
struct logbin {
	uint64_t n;		/* samples */
	uint64_t bytes;		/* their bs column summed */
	double sum;		/* their values summed */
	uint64_t max;		/* the largest value (or value1, when present) */
	uint64_t *hist;		/* LATH_NR counts, or NULL (none yet / not asked) */
};

struct logseries {
	uint64_t width_ms;	/* a power of two */
	unsigned nbins;		/* windows [0, nbins) hold the samples seen */
	uint64_t samples;
	uint64_t tmax;		/* the latest sample's time */
	struct logbin *b;	/* LOGREAD_BINS, allocated at the first sample */
};

enum logread_flags {
	LOGREAD_F_VALUE1 = 1 << 0,	/* log_window_value=both: a value1 column */
	LOGREAD_F_HIST = 1 << 1,	/* values are latencies: keep histograms */
	LOGREAD_F_REBASE = 1 << 2,	/* times from an unknown epoch: the first is 0 */
};

/* What one log file held, per direction. */
struct logread {
	struct logseries d[LOGREAD_DIRS];
	unsigned flags;
	uint64_t base_ms;	/* subtracted from each time (log_unix_epoch) */
	uint64_t lines;		/* lines read, the bad ones included */
	uint64_t bad;		/* lines that were not a sample (skipped) */
};

/*
 * logread_text() - fio's value log lines ("time, value[, value1], ddir,
 * bs, ...": the columns after bs are not needed) from @f into @lr, which
 * the caller zeroed and whose flags it set. A line that is not one is
 * counted in lr->bad. 0 or -errno (-ENOMEM).
 */
int logread_text(FILE *f, struct logread *lr);

/*
 * logread_hist() - fio's histogram log lines ("time, ddir, bs, count...",
 * the counts of fio's bins summed 2^c at a time, c from their number)
 * from @f into @lr's histograms. 0 or -errno.
 */
int logread_hist(FILE *f, struct logread *lr);

/*
 * logread_path() - the log at @path: plain text, or, when its name ends
 * in ".fz", fio's compressed samples (inflated as `verio --inflate-log`
 * does, report/tslog.h). @hist: a histogram log. 0, -ENOENT or -errno.
 */
int logread_path(const char *path, bool hist, struct logread *lr);

/*
 * logread_coarsen() - windows merged in pairs while there are more than
 * @min_bins of them holding fewer than @per_bin samples on average: a
 * log with a line per I/O of a slow or short run, whose 1 ms windows
 * would hold an I/O or none.
 */
void logread_coarsen(struct logseries *s, uint64_t per_bin, unsigned min_bins);

/* logread_free() - the windows' memory; @lr can be read again after a zeroing. */
void logread_free(struct logread *lr);

#endif /* VERIO_REPORT_LOGREAD_H */
