/*
 * joblog.c - a job's fio time-series logs: which files, which samples.
 *
 * As fio: without log_avg_msec every completed read or write adds a line
 * to each log (bw: bytes * 10^6 / clat ns; iops: 1; slat, clat, lat in
 * ns). With log_avg_msec the latency logs add each I/O to a window per
 * direction and log its mean (or maximum, log_max_value) when the window
 * is over, and the bw (KiB/s) and iops logs log each direction's rate
 * over the last log_avg_msec, with bs and offset 0. A histogram line is
 * logged at the first completion log_hist_msec after the last one.
 *
 * joblog_io() runs per I/O on the job thread: counters, a window and
 * tslog_add() (a store into a preallocated chunk). The files are written
 * by the logs' writer thread (report/tslog.c).
 */
#include "compat.h"

#include <time.h>

#include "io_u.h"
#include "report/tslog.h"
#include "run/job.h"
#include "run/joblog.h"
#include "timeutil.h"

enum { L_BW, L_IOPS, L_SLAT, L_CLAT, L_LAT, L_HIST, L_NR };

struct joblog {
	struct tslog *log[L_NR];	/* NULL: not asked for */
	struct tslog *open[L_NR];	/* the same, packed, for the writer */
	unsigned nr_open;
	struct tslog_writer *writer;
	uint64_t epoch_ns;		/* time 0 (accounting starts) */
	uint64_t base_ms;		/* log_unix_epoch / log_alternate_epoch */
	int base_clock;			/* their clock id, -1 = none */
	unsigned avg_ms, hist_ms;
	bool use_max;
	struct tslog_win win[L_NR][DDIR_DATA_CNT];	/* latency windows per direction */
	uint64_t tick_ms;		/* bw / iops: the last rate logged */
	uint64_t bytes[DDIR_DATA_CNT], ios[DDIR_DATA_CNT];
	uint64_t tick_bytes[DDIR_DATA_CNT], tick_ios[DDIR_DATA_CNT];
	uint64_t hist_last[DDIR_DATA_CNT];		/* ms; 0 = no window yet (as fio) */
	uint64_t *plat[DDIR_DATA_CNT];		/* cumulative clat, fio's bins */
};

int joblog_name(char *buf, size_t len, const char *prefix, const char *jobname,
		const char *type, unsigned num, bool per_job, bool gz)
{
	const char *pre = prefix && *prefix ? prefix : jobname;
	const char *suf = gz ? "log.fz" : "log";

	if (per_job)
		return snprintf(buf, len, "%s_%s.%u.%s", pre, type, num, suf);
	return snprintf(buf, len, "%s_%s.%s", pre, type, suf);
}

static int open_one(struct job *j, struct joblog *jl, unsigned which, const char *prefix,
		    const char *type)
{
	const struct job_options *o = &j->o;
	bool gz = o->log_compression && o->log_store_compressed;
	char path[4096];
	struct tslog_conf c = {
		.path = path,
		.flags = (o->log_offset ? TSLOG_F_OFFSET : 0) | (o->log_prio ? TSLOG_F_PRIO : 0) |
			 (o->log_window_value == LOG_WINDOW_BOTH ? TSLOG_F_BOTH : 0) |
			 (o->log_issue_time ? TSLOG_F_ISSUE : 0) |
			 (o->per_job_logs ? 0 : TSLOG_F_APPEND) | (gz ? TSLOG_F_STORE_GZ : 0) |
			 (which == L_HIST ? TSLOG_F_HIST : 0),
		.hist_coarseness = o->log_hist_coarseness,
		.gz_chunk = o->log_compression,
	};
	int err = 0;

	if ((size_t)joblog_name(path, sizeof(path), prefix, o->name, type, j->index + 1,
				o->per_job_logs, gz) >= sizeof(path)) {
		snprintf(j->errmsg, sizeof(j->errmsg), "the %s log's name is too long", type);
		return -ENAMETOOLONG;
	}
	jl->log[which] = tslog_open(&c, &err);
	if (!jl->log[which]) {
		snprintf(j->errmsg, sizeof(j->errmsg), "cannot open the log '%.180s': %s", path,
			 strerror(-err));
		return err;
	}
	jl->open[jl->nr_open++] = jl->log[which];
	return 0;
}

static int open_all(struct job *j, struct joblog *jl)
{
	const struct job_options *o = &j->o;
	int r = 0;

	/* In fio's order: lat, slat, clat, clat_hist, bw, iops. */
	if (o->write_lat_log) {
		r = open_one(j, jl, L_LAT, o->write_lat_log, "lat");
		if (!r)
			r = open_one(j, jl, L_SLAT, o->write_lat_log, "slat");
		if (!r)
			r = open_one(j, jl, L_CLAT, o->write_lat_log, "clat");
	}
	if (!r && o->write_hist_log)
		r = open_one(j, jl, L_HIST, o->write_hist_log, "clat_hist");
	if (!r && o->write_bw_log)
		r = open_one(j, jl, L_BW, o->write_bw_log, "bw");
	if (!r && o->write_iops_log)
		r = open_one(j, jl, L_IOPS, o->write_iops_log, "iops");
	for (unsigned d = 0; !r && jl->log[L_HIST] && d < DDIR_DATA_CNT; d++) {
		jl->plat[d] = calloc(TSLOG_PLAT_NR, sizeof(uint64_t));
		if (!jl->plat[d]) {
			snprintf(j->errmsg, sizeof(j->errmsg), "cannot allocate the histogram log");
			r = -ENOMEM;
		}
	}
	return r;
}

static void joblog_free(struct joblog *jl)
{
	if (!jl)
		return;
	for (unsigned i = 0; i < jl->nr_open; i++)
		tslog_free(jl->open[i]);
	for (unsigned d = 0; d < DDIR_DATA_CNT; d++)
		free(jl->plat[d]);
	free(jl);
}

int joblog_setup(struct job *j)
{
	const struct job_options *o = &j->o;
	struct joblog *jl;
	int r;

	if (!o->write_bw_log && !o->write_lat_log && !o->write_iops_log && !o->write_hist_log)
		return 0;
	jl = calloc(1, sizeof(*jl));
	if (!jl) {
		snprintf(j->errmsg, sizeof(j->errmsg), "cannot allocate the logs");
		j->error = ENOMEM;
		return -ENOMEM;
	}
	jl->avg_ms = o->log_avg_msec;
	jl->hist_ms = o->log_hist_msec;
	jl->use_max = o->log_max_value || o->log_window_value == LOG_WINDOW_MAX;
	jl->epoch_ns = now_ns();
	jl->base_clock = o->log_unix_epoch || o->log_alternate_epoch
			 ? (int)o->log_alternate_epoch_clock_id : -1;
	r = open_all(j, jl);
	if (!r) {
		r = tslog_writer_start(&jl->writer, jl->open, jl->nr_open);
		if (r)
			snprintf(j->errmsg, sizeof(j->errmsg), "cannot start the log writer: %s",
				 strerror(-r));
	}
	if (r) {
		joblog_free(jl);
		j->error = -r;
		return r;
	}
	j->logs = jl;
	return 0;
}

void joblog_epoch(struct joblog *jl, uint64_t now)
{
	struct timespec ts;

	if (!jl)
		return;
	jl->epoch_ns = now;
	/* fio reads the alternate clock once, as the job's epoch is set. */
	if (jl->base_clock >= 0 && !clock_gettime((clockid_t)jl->base_clock, &ts))
		jl->base_ms = (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

static inline uint64_t since(uint64_t from, uint64_t to)
{
	return to > from ? to - from : 0;
}

/* log_avg_msec: each direction's rate since the last one, KiB/s and IOPS. */
static void tick(struct joblog *jl, uint64_t el)
{
	uint64_t spent = el - jl->tick_ms;

	for (unsigned d = 0; d < DDIR_DATA_CNT; d++) {
		uint64_t db = jl->bytes[d] - jl->tick_bytes[d];
		uint64_t di = jl->ios[d] - jl->tick_ios[d];

		if (!di)
			continue;	/* as fio: an idle direction has no line */
		if (jl->log[L_BW])
			tslog_add(jl->log[L_BW], jl->base_ms + el, db * 1000 / spent / 1024, d,
				  0, 0);
		if (jl->log[L_IOPS])
			tslog_add(jl->log[L_IOPS], jl->base_ms + el, di * 1000 / spent, d, 0, 0);
		jl->tick_bytes[d] = jl->bytes[d];
		jl->tick_ios[d] = jl->ios[d];
	}
	jl->tick_ms = el;
}

/* A window's line: its mean (or maximum), and its maximum as value1. */
static void win_line(struct joblog *jl, unsigned which, unsigned d, uint64_t el,
		     uint64_t mean, uint64_t max)
{
	tslog_add2(jl->log[which], jl->base_ms + el, jl->use_max ? max : mean, max, d, 0, 0, 0);
}

static inline void lat_avg(struct joblog *jl, unsigned which, unsigned d, uint64_t v,
			   uint64_t el)
{
	uint64_t mean, max;

	if (jl->log[which] && tslog_win_add(&jl->win[which][d], v, el, jl->avg_ms, &mean, &max))
		win_line(jl, which, d, el, mean, max);
}

static void per_io(struct joblog *jl, const struct io_u *u, uint64_t t, uint64_t slat,
		   uint64_t clat, uint64_t lat)
{
	/* log_issue_time: in the slat and clat logs only, as fio. */
	uint64_t issue = since(jl->epoch_ns, u->t_issue);
	unsigned d = u->ddir;

	if (jl->log[L_SLAT] && u->t_issue != u->t_prep)
		tslog_add2(jl->log[L_SLAT], t, slat, slat, d, u->len, u->offset, issue);
	if (jl->log[L_CLAT])
		tslog_add2(jl->log[L_CLAT], t, clat, clat, d, u->len, u->offset, issue);
	if (jl->log[L_LAT])
		tslog_add(jl->log[L_LAT], t, lat, d, u->len, u->offset);
	if (jl->log[L_BW])
		tslog_add(jl->log[L_BW], t, clat ? u->done * 1000000 / clat : 0, d, u->done,
			  u->offset);
	if (jl->log[L_IOPS])
		tslog_add(jl->log[L_IOPS], t, 1, d, u->done, u->offset);
}

/* A histogram line at the first completion log_hist_msec after the last. */
static void hist_io(struct joblog *jl, const struct io_u *u, uint64_t clat, uint64_t el)
{
	unsigned d = u->ddir;
	uint64_t w;

	jl->plat[d][tslog_plat_index(clat)]++;
	if (!jl->hist_ms)
		return;
	if (!jl->hist_last[d])
		jl->hist_last[d] = el;
	w = el - jl->hist_last[d];
	if (w < jl->hist_ms)
		return;
	tslog_add_hist(jl->log[L_HIST], jl->base_ms + el, d, u->len, jl->plat[d]);
	jl->hist_last[d] = el - (w - jl->hist_ms);	/* keep the drift out */
}

void joblog_io(struct joblog *jl, const struct io_u *u)
{
	uint64_t el = since(jl->epoch_ns, u->t_comp) / NSEC_PER_MSEC;
	uint64_t clat = since(u->t_issue, u->t_comp), lat = since(u->t_prep, u->t_comp);
	uint64_t slat = since(u->t_prep, u->t_issue);
	unsigned d = u->ddir;

	/* Reads, writes and trims, as fio logs them (ddir 0, 1, 2); no syncs. */
	if ((u->flags & IO_U_F_RAMP) || u->error || u->ddir >= DDIR_DATA_CNT)
		return;
	if (jl->plat[0])
		hist_io(jl, u, clat, el);
	if (!jl->avg_ms) {
		per_io(jl, u, jl->base_ms + el, slat, clat, lat);
		return;
	}
	if (u->t_issue != u->t_prep)
		lat_avg(jl, L_SLAT, d, slat, el);
	lat_avg(jl, L_CLAT, d, clat, el);
	lat_avg(jl, L_LAT, d, lat, el);
	jl->bytes[d] += u->done;
	jl->ios[d]++;
	if (el - jl->tick_ms >= jl->avg_ms)
		tick(jl, el);
}

int joblog_finish(struct job *j)
{
	struct joblog *jl = j->logs;
	uint64_t el, mean, max;
	int r;

	if (!jl)
		return 0;
	/* fio logs the latency windows still open; not a partial rate. */
	el = since(jl->epoch_ns, now_ns()) / NSEC_PER_MSEC;
	for (unsigned w = L_SLAT; jl->avg_ms && w <= L_LAT; w++)
		for (unsigned d = 0; jl->log[w] && d < DDIR_DATA_CNT; d++)
			if (tslog_win_flush(&jl->win[w][d], &mean, &max))
				win_line(jl, w, d, el, mean, max);
	r = tslog_writer_stop(jl->writer);	/* writes, closes, frees the logs */
	jl->nr_open = 0;
	joblog_free(jl);
	j->logs = NULL;
	return r;
}

/* ---- --bandwidth-log ------------------------------------------------------ */

struct agglog {
	FILE *f[3];			/* read, write, trim */
	uint64_t start_ns, last_ns;
	uint64_t last[2];
};

static const char *const agg_names[3] = {
	"agg-read_bw.log", "agg-write_bw.log", "agg-trim_bw.log",
};

struct agglog *agglog_open(uint64_t now, int *err)
{
	struct agglog *a = calloc(1, sizeof(*a));

	if (!a) {
		*err = -ENOMEM;
		return NULL;
	}
	a->start_ns = a->last_ns = now;
	for (unsigned d = 0; d < 3; d++) {
		a->f[d] = fopen(agg_names[d], "w");
		if (!a->f[d]) {
			*err = -errno;
			(void)agglog_close(a);
			return NULL;
		}
	}
	return a;
}

void agglog_tick(struct agglog *a, uint64_t now, const uint64_t bytes[2])
{
	uint64_t ms = a ? since(a->last_ns, now) / NSEC_PER_MSEC : 0;
	char line[128];

	if (ms <= AGGLOG_MS)	/* as fio: once more than the window has passed */
		return;
	for (unsigned d = 0; d < 3; d++) {
		uint64_t diff = d < 2 ? bytes[d] - a->last[d] : 0;
		const struct tslog_rec r = {
			.time_ms = since(a->start_ns, now) / NSEC_PER_MSEC,
			.value = diff * 1000 / ms / 1024, .ddir = d,
		};

		tslog_format(line, sizeof(line), &r, 0);
		fputs(line, a->f[d]);
		if (d < 2)
			a->last[d] = bytes[d];
	}
	a->last_ns = now;
}

int agglog_close(struct agglog *a)
{
	int err = 0;

	if (!a)
		return 0;
	for (unsigned d = 0; d < 3; d++)
		if (a->f[d] && (ferror(a->f[d]) | fclose(a->f[d])) && !err)
			err = -EIO;
	free(a);
	return err;
}
