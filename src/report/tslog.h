/*
 * tslog.h - fio's time-series logs (write_bw_log, write_lat_log,
 * write_iops_log, write_hist_log): records, windows, the line formats
 * and the thread that writes them.
 *
 * The job thread appends fixed-size binary records to the chunk it owns
 * (tslog_add(): a store and an increment). A full chunk goes to the
 * writer through a single-producer single-consumer ring, and the job
 * thread takes an empty one from a second ring the writer keeps stocked.
 * So chunk growth happens in the writer thread: it allocates spare
 * chunks ahead of need and reuses the ones it has written. Only if the
 * writer has fallen a whole spare stock behind does the job thread
 * allocate a chunk itself (tslog_stats.inline_allocs counts it) rather
 * than lose records. The writer formats the records as fio's text lines
 * (or, with log_store_compressed, as fio's binary samples in zlib
 * streams) and writes them, every few milliseconds and at the end.
 *
 * Averaging (log_avg_msec) is done by the caller in the job thread with
 * struct tslog_win (a few additions per I/O): one record per window.
 */
#ifndef VERIO_REPORT_TSLOG_H
#define VERIO_REPORT_TSLOG_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* fio's latency histogram layout (write_hist_log): 29 groups of 64 bins. */
#define TSLOG_PLAT_BITS 6
#define TSLOG_PLAT_VAL (1u << TSLOG_PLAT_BITS)
#define TSLOG_PLAT_NR (29u * TSLOG_PLAT_VAL)	/* 1856 */

/* Bin of a latency (ns) in fio's histogram layout. */
static inline unsigned tslog_plat_index(uint64_t ns)
{
	unsigned msb, shift, idx;

	if (ns < (2u << TSLOG_PLAT_BITS))	/* below 128: one bin each */
		return (unsigned)ns;
	msb = 63u - (unsigned)__builtin_clzll(ns);
	shift = msb - TSLOG_PLAT_BITS;
	idx = ((shift + 1) << TSLOG_PLAT_BITS) + (unsigned)((ns >> shift) & (TSLOG_PLAT_VAL - 1));
	return idx < TSLOG_PLAT_NR - 1 ? idx : TSLOG_PLAT_NR - 1;
}

/*
 * One sample, as a line "time, value[, value1], ddir, bs[, offset], prio
 * [, issue]" (value1 and issue are newer fio's: log_window_value=both,
 * log_issue_time).
 */
struct tslog_rec {
	uint64_t time_ms;	/* since the job's epoch (plus the log's base) */
	uint64_t value;
	uint64_t value1;	/* TSLOG_F_BOTH: the window's maximum */
	uint64_t issue_ns;	/* TSLOG_F_ISSUE: issue time since the epoch */
	uint64_t bs;
	uint64_t offset;
	uint32_t ddir;
	uint32_t prio;
};

enum tslog_flags {
	TSLOG_F_OFFSET = 1 << 0,	/* log_offset: the offset column */
	TSLOG_F_PRIO = 1 << 1,		/* log_prio: prio as 0x%04x */
	TSLOG_F_HIST = 1 << 2,		/* a clat_hist log: records carry bins */
	TSLOG_F_APPEND = 1 << 3,	/* per_job_logs=0: add to the file */
	TSLOG_F_STORE_GZ = 1 << 4,	/* log_store_compressed: fio's .fz */
	TSLOG_F_BOTH = 1 << 5,		/* log_window_value=both: value1 column */
	TSLOG_F_ISSUE = 1 << 6,		/* log_issue_time: the issue column */
};

struct tslog_conf {
	const char *path;
	unsigned flags;			/* TSLOG_F_* */
	unsigned hist_coarseness;	/* 0..6: 2^c bins summed per column */
	uint64_t gz_chunk;		/* log_compression: input bytes per stream */
};

struct tslog_chunk;
struct tslog_priv;

/* One log file; the job thread owns cur, the writer the rest. */
struct tslog {
	struct tslog_chunk *cur;	/* being filled by the job thread */
	size_t rec_size;		/* bytes per record (hist: with bins) */
	uint64_t dropped;		/* records lost: no memory */
	uint64_t inline_allocs;		/* chunks the job thread had to make */
	struct tslog_priv *p;		/* the writer's side, rings, the file */
};

struct tslog_chunk {
	uint32_t n, cap;		/* records held, room */
	unsigned char recs[];		/* cap records of rec_size bytes */
};

/*
 * tslog_open() - create (or, with TSLOG_F_APPEND, open for appending) the
 * file and allocate the first chunks. Not the I/O path.
 * Returns the log, or NULL with *err = -errno.
 */
struct tslog *tslog_open(const struct tslog_conf *c, int *err);

/* The chunk is full: hand it over, take an empty one. Not inline. */
void tslog_chunk_full(struct tslog *l);

/*
 * tslog_add2() - append one record with the newer fio's value1 (the
 * window's maximum) and issue time. Per I/O: no lock, no system call.
 */
static inline void tslog_add2(struct tslog *l, uint64_t time_ms, uint64_t value,
			      uint64_t value1, unsigned ddir, uint64_t bs, uint64_t offset,
			      uint64_t issue_ns)
{
	struct tslog_rec *r;

	if (__builtin_expect(l->cur->n == l->cur->cap, 0)) {
		tslog_chunk_full(l);
		if (l->cur->n == l->cur->cap) {	/* no memory: lost */
			l->dropped++;
			return;
		}
	}
	r = (struct tslog_rec *)(void *)(l->cur->recs + l->cur->n * l->rec_size);
	r->time_ms = time_ms;
	r->value = value;
	r->value1 = value1;
	r->issue_ns = issue_ns;
	r->bs = bs;
	r->offset = offset;
	r->ddir = ddir;
	r->prio = 0;		/* verio sets no I/O priority */
	l->cur->n++;
}

/* tslog_add() - append one record (value1 = value, no issue time). */
static inline void tslog_add(struct tslog *l, uint64_t time_ms, uint64_t value,
			     unsigned ddir, uint64_t bs, uint64_t offset)
{
	tslog_add2(l, time_ms, value, value, ddir, bs, offset, 0);
}

/*
 * tslog_add_hist() - append a histogram record: the cumulative counts
 * (TSLOG_PLAT_NR of them) of one direction so far. The writer prints
 * the difference from the direction's previous record, as fio does.
 */
void tslog_add_hist(struct tslog *l, uint64_t time_ms, unsigned ddir, uint64_t bs,
		    const uint64_t *plat);

/*
 * Averaging window of one direction (log_avg_msec): add samples, and
 * when the window has ended emit their mean (rounded) or maximum.
 */
struct tslog_win {
	uint64_t n, sum, max;
	uint64_t last_ms;		/* where the window began */
};

/*
 * tslog_win_flush() - the window's mean (rounded to nearest, as fio) and
 * maximum into *mean and *max, and the window emptied. False when it
 * held no sample (nothing to log: the end of a job).
 */
static inline bool tslog_win_flush(struct tslog_win *w, uint64_t *mean, uint64_t *max)
{
	if (!w->n)
		return false;
	*mean = (w->sum + w->n / 2) / w->n;
	*max = w->max;
	w->n = w->sum = w->max = 0;
	return true;
}

/*
 * tslog_win_add() - count v at elapsed ms. Returns true when the window
 * (avg_ms long) is over: *mean and *max are then to be logged, and the
 * next window begins at the last multiple of avg_ms.
 */
static inline bool tslog_win_add(struct tslog_win *w, uint64_t v, uint64_t now_ms,
				 uint64_t avg_ms, uint64_t *mean, uint64_t *max)
{
	w->n++;
	w->sum += v;
	if (v > w->max)
		w->max = v;
	if (now_ms < w->last_ms || now_ms - w->last_ms < avg_ms)
		return false;
	w->last_ms = now_ms - now_ms % avg_ms;
	return tslog_win_flush(w, mean, max);
}

/* The longest line tslog_format() makes, with its NUL. */
#define TSLOG_LINE_MAX 192

/*
 * tslog_format() - one record as fio's text line (with the newline) into
 * buf. Returns the length (snprintf's: may be >= len if it did not fit).
 */
int tslog_format(char *buf, size_t len, const struct tslog_rec *r, unsigned flags);

/*
 * tslog_encode_fio() - one record as fio's binary sample (what fio's
 * log_store_compressed files hold and `fio --inflate-log` reads): 32
 * bytes, or 40 with TSLOG_F_OFFSET, little-endian. Returns the size.
 */
size_t tslog_encode_fio(unsigned char *out, const struct tslog_rec *r, unsigned flags);

/*
 * tslog_inflate() - what `fio --inflate-log=FILE` does: the zlib streams
 * of a log_store_compressed file read from in_fd, their binary samples
 * written to out_fd as the text lines. Returns 0, -EINVAL (not such a
 * file: a broken stream, a partial sample) or another -errno.
 */
int tslog_inflate(int in_fd, int out_fd);

/*
 * The writer: one thread over a set of logs, started once they are all
 * open. tslog_writer_stop() takes each log's last chunk, writes
 * everything, closes and frees the logs. Returns 0 or the first -errno
 * of any log (writing or closing).
 */
struct tslog_writer;

int tslog_writer_start(struct tslog_writer **out, struct tslog *const *logs, unsigned n);
int tslog_writer_stop(struct tslog_writer *w);

/* tslog_free() - a log never handed to a writer (set-up failed). */
void tslog_free(struct tslog *l);

#endif /* VERIO_REPORT_TSLOG_H */
