/*
 * html-series.c - one job's time series on the HTML page
 * (report/html-priv.h): bandwidth, IOPS and latency over time from the
 * job's fio logs, with its phases shaded and its incidents marked, and
 * its latency histogram with fio's percentile table from the report.
 *
 * The logs are found from the job's options in the report ("job
 * options": write_bw_log=PREFIX, per_job_logs, log_avg_msec, ...) and
 * read into at most LOGREAD_BINS windows each (report/logread.h), so a
 * chart has at most that many points whatever the run's length.
 */
#include "compat.h"

#include <limits.h>
#include <math.h>

#include "report/html-priv.h"
#include "report/html.h"

#ifndef CONFIG_JANSSON

int html_job_series(FILE *f, const struct json_t *run, const struct json_t *job,
		    const struct html_opts *o)
{
	(void)f;
	(void)run;
	(void)job;
	(void)o;
	return -ENOTSUP;
}

#else

#include <jansson.h>

#include "report/logread.h"
#include "report/priv.h"
#include "report/svg.h"

#define CHART_W 900u
#define CHART_H 280u
#define LINES_MAX 12u
#define COARSEN_PER 20u		/* I/Os per window at least, for a rate or percentiles */
#define COARSEN_BINS 100u	/* ... unless there are no more windows than this */

/* The logs' directions, then the report's "mixed" (unified_rw_reporting), tables only. */
#define TAB_DIRS (LOGREAD_DIRS + 1)
static const char *const dir_name[TAB_DIRS] = { "read", "write", "trim", "mixed" };
static const char *const dir_color[TAB_DIRS] = { "#1f77b4", "#d62728", "#2ca02c", "#9467bd" };

enum { LG_BW, LG_IOPS, LG_CLAT, LG_LAT, LG_HIST, LG_NR };

static const struct {
	const char *opt, *type, *what;
} logs[LG_NR] = {
	[LG_BW] = { "write_bw_log", "bw", "bandwidth" },
	[LG_IOPS] = { "write_iops_log", "iops", "IOPS" },
	[LG_CLAT] = { "write_lat_log", "clat", "completion latency" },
	[LG_LAT] = { "write_lat_log", "lat", "total latency" },
	[LG_HIST] = { "write_hist_log", "clat_hist", "latency histogram" },
};

enum { ST_READ, ST_NOT_ASKED, ST_MISSING, ST_ERROR };

struct sctx {
	FILE *f;
	const json_t *job;
	const char *logdir;
	const char *jobname;
	long long index;		/* the job's run-wide index */
	bool per_job;			/* per_job_logs (the default) */
	uint64_t avg_ms;		/* log_avg_msec: 0 = a line per I/O */
	bool value_is_max;		/* log_max_value, log_window_value=max */
	bool value1;			/* log_window_value=both: value1 is the max */
	unsigned epoch;			/* LOGREAD_F_REBASE, or 0 with base_ms */
	uint64_t base_ms;		/* log_unix_epoch: the job's start */
	struct logread lr[LG_NR];
	int st[LG_NR];
	int err[LG_NR];
	char name[LG_NR][PATH_MAX];	/* the file looked for */
	double xmax_ms;			/* the time axis' end */
};

/* ---- the report's values ---------------------------------------------------- */

/* A count or a time from the report, as an integer: not below 0 nor past 2^63. */
static uint64_t ju64(const json_t *v)
{
	double d = json_number_value(v);

	return d > 0 ? d < 9.2e18 ? (uint64_t)d : (uint64_t)9.2e18 : 0;
}

static bool jnum(const json_t *v, double *out)
{
	if (!json_is_number(v))
		return false;
	*out = json_number_value(v);
	return true;
}

/* A job option's value as given; "" when given without one; NULL when absent. */
static const char *opt(const struct sctx *c, const char *k)
{
	const json_t *v = hj_get(hj_get(c->job, "job options"), k);

	if (!v)
		return NULL;
	return json_is_string(v) ? json_string_value(v) : "";
}

static bool opt_true(const struct sctx *c, const char *k, bool dflt)
{
	const char *v = opt(c, k);

	if (!v)
		return dflt;
	return !*v || strtol(v, NULL, 0) != 0 || !strcasecmp(v, "true") || !strcasecmp(v, "on") ||
	       !strcasecmp(v, "yes");
}

/* ---- finding and reading the logs --------------------------------------------- */

static int try_path(struct sctx *c, unsigned which, const char *dir, const char *name)
{
	char path[PATH_MAX];
	bool hist;

	if (name[0] == '/' || !dir)
		snprintf(path, sizeof(path), "%s", name);
	else if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path))
		return -ENAMETOOLONG;
	memset(&c->lr[which], 0, sizeof(c->lr[which]));
	c->lr[which].base_ms = c->base_ms;
	/* Percentiles per window from a line per I/O: clat's, or lat's without it. */
	hist = !c->avg_ms && (which == LG_CLAT || (which == LG_LAT && c->st[LG_CLAT] != ST_READ));
	c->lr[which].flags = (c->value1 ? LOGREAD_F_VALUE1 : 0) | c->epoch |
			     (hist ? LOGREAD_F_HIST : 0);
	return logread_path(path, which == LG_HIST, &c->lr[which]);
}

/* The name relative to the log directory, then its last component in it. */
static int try_name(struct sctx *c, unsigned which, const char *name)
{
	const char *base = strrchr(name, '/');
	int r = try_path(c, which, c->logdir, name);

	if (r == -ENOENT && base) {
		logread_free(&c->lr[which]);
		r = try_path(c, which, c->logdir, base + 1);
	}
	return r;
}

static void load(struct sctx *c, unsigned which)
{
	const char *pre = opt(c, logs[which].opt);
	int r = -ENOENT;
	bool gz0;

	if (!pre) {
		c->st[which] = ST_NOT_ASKED;
		return;
	}
	if (!*pre)
		pre = c->jobname;
	/* fio's names: PREFIX_TYPE[.N].log, or .log.fz when stored compressed. */
	gz0 = opt_true(c, "log_store_compressed", false);
	for (unsigned k = 0; k < 2 && r == -ENOENT; k++) {
		bool gz = k ? !gz0 : gz0;
		char n[PATH_MAX];

		if (c->per_job)
			snprintf(n, sizeof(n), "%s_%s.%lld.log%s", pre, logs[which].type,
				 c->index + 1, gz ? ".fz" : "");
		else
			snprintf(n, sizeof(n), "%s_%s.log%s", pre, logs[which].type,
				 gz ? ".fz" : "");
		if (!k)		/* the name a missing log is reported by */
			memcpy(c->name[which], n, sizeof(n));
		logread_free(&c->lr[which]);
		r = try_name(c, which, n);
	}
	c->err[which] = r;
	c->st[which] = !r ? ST_READ : r == -ENOENT ? ST_MISSING : ST_ERROR;
	if (r)
		logread_free(&c->lr[which]);
	/* A line per I/O: windows of COARSEN_PER samples or more, unless few already. */
	for (unsigned d = 0; !r && which != LG_HIST && !c->avg_ms && d < LOGREAD_DIRS; d++)
		logread_coarsen(&c->lr[which].d[d], COARSEN_PER, COARSEN_BINS);
}

static const struct logseries *series(const struct sctx *c, unsigned which, unsigned d)
{
	const struct logseries *s = &c->lr[which].d[d];

	return c->st[which] == ST_READ && s->b && s->samples ? s : NULL;
}

/* A log with a line per I/O, which gives bytes and counts per window. */
static const struct logseries *per_io(const struct sctx *c, unsigned which, unsigned d)
{
	return which != LG_HIST && !c->avg_ms ? series(c, which, d) : NULL;
}

/* ---- charts over time ------------------------------------------------------------ */

enum quantity { Q_BYTES_RATE, Q_COUNT_RATE, Q_MEAN, Q_MAX, Q_PCT };

struct line {
	double *x, *y;
	size_t n;
	unsigned d;		/* direction: the colour */
	const char *what;	/* the statistic ("" for a rate): the dash */
	const char *dash;
	char label[48];
};

struct chart {
	struct line l[LINES_MAX];
	unsigned n;
	double ymin, ymax;	/* ymin: the least value above 0 */
	uint64_t width_ms;	/* the widest window of its lines */
};

/*
 * One window's value: a rate over its span (the last window's span ends
 * at the last sample), a mean, a maximum or a percentile; NaN for none.
 */
static double bin_value(const struct logseries *s, unsigned i, enum quantity q, double arg)
{
	const struct logbin *b = &s->b[i];
	double t0 = (double)i * (double)s->width_ms, span = (double)s->width_ms;

	if (i + 1 == s->nbins && (double)s->tmax + 1 - t0 < span)
		span = (double)s->tmax + 1 - t0;
	switch (q) {
	case Q_BYTES_RATE:
		return (double)b->bytes * 1000.0 / span;
	case Q_COUNT_RATE:
		return (double)b->n * 1000.0 / span;
	case Q_MEAN:
		return b->n ? b->sum / (double)b->n * arg : NAN;
	case Q_MAX:
		return b->n ? (double)b->max * arg : NAN;
	case Q_PCT:
		return b->n && b->hist ? (double)lath_percentile(b->hist, arg) : NAN;
	}
	return NAN;
}

static int chart_add(struct chart *ch, const struct logseries *s, enum quantity q, double arg,
		     unsigned d, const char *what, const char *dash)
{
	struct line *l = &ch->l[ch->n];

	if (ch->n == LINES_MAX)
		return 0;
	l->x = malloc(s->nbins * sizeof(*l->x));
	l->y = malloc(s->nbins * sizeof(*l->y));
	if (!l->x || !l->y) {
		free(l->x);
		free(l->y);
		return -ENOMEM;
	}
	/* Windows without a value (an averaged log's between its lines) are passed over. */
	l->n = 0;
	if (s->width_ms > ch->width_ms)
		ch->width_ms = s->width_ms;
	for (unsigned i = 0; i < s->nbins; i++) {
		double y = bin_value(s, i, q, arg);

		if (isnan(y))
			continue;
		l->x[l->n] = ((double)i + 0.5) * (double)s->width_ms;
		l->y[l->n++] = y;
		if (y > ch->ymax)
			ch->ymax = y;
		if (y > 0 && (!ch->ymin || y < ch->ymin))
			ch->ymin = y;
	}
	l->d = d;
	l->what = what;
	l->dash = dash;
	snprintf(l->label, sizeof(l->label), "%s%s%s", dir_name[d], *what ? " " : "", what);
	ch->n++;
	return 0;
}

static void chart_free(struct chart *ch)
{
	for (unsigned i = 0; i < ch->n; i++) {
		free(ch->l[i].x);
		free(ch->l[i].y);
	}
	ch->n = 0;
}

static void put_ms(FILE *f, double ms)
{
	fprintf(f, "%.3f s", ms / 1000.0);
}

/* The phases of schema.md: their class, shade and legend; the last for any other. */
static const struct {
	const char *name, *cls, *fill, *label;
} phases[] = {
	{ "write", "phase write", "#e3ecfa", "write phase" },
	{ "verify", "phase verify", "#e2f5e2", "verify phase" },
	{ "backlog", "phase backlog", "#fbf0d0", "backlog phase" },
	{ NULL, "phase other", "#eeeeee", NULL },
};

/* The job's phases and its interruption, shaded; their legend entries from *li. */
static void draw_spans(struct sctx *c, const struct svg_plot *p, unsigned *li)
{
	const json_t *ph = hj_get(c->job, "phases"), *e;
	bool seen[ARRAY_SIZE(phases)] = { false };
	double t0, t1;
	size_t i;

	json_array_foreach(ph, i, e) {
		const char *name = json_string_value(hj_get(e, "name"));
		unsigned k = 0;

		if (!name || !jnum(hj_get(e, "start_ms"), &t0) || !jnum(hj_get(e, "end_ms"), &t1))
			continue;
		while (phases[k].name && strcmp(phases[k].name, name))
			k++;
		svg_span_open(c->f, p, t0, t1, phases[k].cls, phases[k].fill);
		fputs("<title>", c->f);
		html_esc(c->f, name);
		fputs(" phase: ", c->f);
		put_ms(c->f, t0);
		fputs(" to ", c->f);
		put_ms(c->f, t1);
		fputs("</title>", c->f);
		svg_span_close(c->f);
		if (phases[k].label && !seen[k])
			svg_legend(c->f, p, (*li)++, phases[k].fill, NULL, true, phases[k].label);
		seen[k] = true;
	}
	if (jnum(hj_get(c->job, "interrupted_ms"), &t0)) {
		svg_span_open(c->f, p, t0, p->x1, "interrupted", "#d9d9d9");
		fputs("<title>interrupted at ", c->f);
		put_ms(c->f, t0);
		fputs("</title>", c->f);
		svg_span_close(c->f);
		svg_legend(c->f, p, (*li)++, "#d9d9d9", NULL, true, "interrupted");
	}
}

/* Each incident found, a vertical line at its time_ms. */
static void draw_incidents(struct sctx *c, const struct svg_plot *p, unsigned *li)
{
	const json_t *inc = hj_get(hj_get(c->job, "verify"), "incidents"), *e;
	bool any = false;
	double t, off;
	size_t i;

	json_array_foreach(inc, i, e) {
		const char *cls = json_string_value(hj_get(e, "class"));
		const char *file = json_string_value(hj_get(e, "file"));
		double x;

		if (!jnum(hj_get(e, "time_ms"), &t))
			continue;
		x = svg_x(p, t);
		fprintf(c->f, "<line class=\"incident\" data-time-ms=\"%.0f\"", t);
		if (jnum(hj_get(e, "offset"), &off))
			fprintf(c->f, " data-offset=\"%.0f\"", off);
		fprintf(c->f, " x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#b00\" "
			      "stroke-width=\"2\"><title>", x, p->top, x, p->top + p->height);
		html_esc(c->f, cls ? cls : "incident");
		if (jnum(hj_get(e, "offset"), &off))
			fprintf(c->f, " at offset %.0f", off);
		if (file) {
			fputs(" of ", c->f);
			html_esc(c->f, file);
		}
		fputs(", found at ", c->f);
		put_ms(c->f, t);
		fputs("</title></line>\n", c->f);
		any = true;
	}
	if (any)
		svg_legend(c->f, p, (*li)++, "#b00", NULL, false, "incident");
}

/* The lines' legend: each direction's colour, then each statistic's dash. */
static void legend(struct sctx *c, const struct chart *ch, const struct svg_plot *p,
		   unsigned *li)
{
	bool dir_seen[LOGREAD_DIRS] = { false };

	for (unsigned i = 0; i < ch->n; i++)
		if (!dir_seen[ch->l[i].d]) {
			dir_seen[ch->l[i].d] = true;
			svg_legend(c->f, p, (*li)++, dir_color[ch->l[i].d], NULL, false,
				   dir_name[ch->l[i].d]);
		}
	for (unsigned i = 0; i < ch->n; i++) {
		bool first = *ch->l[i].what;

		for (unsigned k = 0; k < i && first; k++)
			first = strcmp(ch->l[k].what, ch->l[i].what) != 0;
		if (first)
			svg_legend(c->f, p, (*li)++, "#555", ch->l[i].dash, false, ch->l[i].what);
	}
}

/* A chart over the job's time: shading, axes, the lines, the incidents, legends. */
static void draw_time_chart(struct sctx *c, const struct chart *ch, const char *cls,
			    const char *label, const char *ylabel, struct svg_unit yu, bool logy)
{
	struct svg_plot p;
	const struct svg_unit xu = { "s", 1000 };
	unsigned li = 0;

	svg_begin(c->f, CHART_W, CHART_H, cls, label, &p);
	p.x0 = 0;
	p.x1 = c->xmax_ms > 0 ? c->xmax_ms : 1;
	p.y0 = 0;
	p.y1 = ch->ymax > 0 ? ch->ymax * 1.08 : 1;
	p.logx = false;
	p.logy = logy && ch->ymin > 0;
	if (p.logy) {
		/* Whole decades: a latency's spikes and its median both readable. */
		p.y0 = pow(10, floor(log10(ch->ymin)));
		p.y1 = pow(10, ceil(log10(ch->ymax * 1.01)));
	}
	legend(c, ch, &p, &li);
	draw_spans(c, &p, &li);
	svg_axes(c->f, &p, "time since the job's start", xu, ylabel, yu);
	for (unsigned i = 0; i < ch->n; i++) {
		char lc[64];

		snprintf(lc, sizeof(lc), "series %s", ch->l[i].label);
		for (char *s = lc + 7; *s; s++)
			if (*s == ' ' || *s == '.')
				*s = '-';
		svg_line(c->f, &p, ch->l[i].x, ch->l[i].y, ch->l[i].n, lc, dir_color[ch->l[i].d],
			 ch->l[i].dash);
	}
	draw_incidents(c, &p, &li);
	svg_end(c->f);
}

static void no_chart(struct sctx *c, const char *cls, unsigned which, const char *instead)
{
	fprintf(c->f, "<p class=\"nolog %s\">", cls);
	if (c->st[which] == ST_MISSING) {
		fprintf(c->f, "The %s log ", logs[which].what);
		html_esc(c->f, c->name[which]);
		fputs(" was not found in ", c->f);
		html_esc(c->f, c->logdir ? c->logdir : ".");
		fputs(".", c->f);
	} else if (c->st[which] == ST_READ) {
		fprintf(c->f, "The %s log ", logs[which].what);
		html_esc(c->f, c->name[which]);
		fputs(" holds no samples.", c->f);
	} else if (c->st[which] == ST_ERROR) {
		fprintf(c->f, "The %s log ", logs[which].what);
		html_esc(c->f, c->name[which]);
		fprintf(c->f, " could not be read: %s.", strerror(-c->err[which]));
	} else {
		fputs(instead, c->f);
	}
	fputs("</p>\n", c->f);
}

static void figure(struct sctx *c, const struct chart *ch, const char *cls, const char *label,
		   const char *ylabel, struct svg_unit yu, bool logy, const char *caption)
{
	fputs("<figure class=\"chart-fig\">\n", c->f);
	draw_time_chart(c, ch, cls, label, ylabel, yu, logy);
	fputs("<figcaption>", c->f);
	html_esc(c->f, caption);
	fputs("</figcaption></figure>\n", c->f);
}

/*
 * Bandwidth (@iops false) or IOPS per direction: from its own log (a
 * rate per window, or the averaged rates as logged), else counted from
 * another log with a line per I/O.
 */
static int rate_chart(struct sctx *c, bool iops)
{
	unsigned own = iops ? LG_IOPS : LG_BW;
	static const unsigned other[] = { LG_BW, LG_IOPS, LG_CLAT, LG_LAT };
	const char *src = NULL;		/* the log counted; NULL: averaged, as logged */
	struct chart ch = { 0 };
	char cap[256];
	int r = 0;

	for (unsigned d = 0; d < LOGREAD_DIRS && !r; d++) {
		const struct logseries *s = series(c, own, d);

		if (s && c->avg_ms) {	/* KiB/s or IOPS */
			r = chart_add(&ch, s, Q_MEAN, iops ? 1 : 1024, d, "", NULL);
			continue;
		}
		if (s) {
			r = chart_add(&ch, s, iops ? Q_COUNT_RATE : Q_BYTES_RATE, 0, d, "", NULL);
			src = logs[own].type;
			continue;
		}
		for (unsigned k = 0; k < ARRAY_SIZE(other) && !s; k++)
			if (other[k] != own && (s = per_io(c, other[k], d))) {
				r = chart_add(&ch, s, iops ? Q_COUNT_RATE : Q_BYTES_RATE, 0, d, "",
					      NULL);
				src = logs[other[k]].type;
			}
	}
	if (!r && !ch.n)
		no_chart(c, iops ? "iops" : "bw", own,
			 iops ? "No IOPS over time: the job option write_iops_log (or a log with a "
				"line per I/O) gives this chart."
			      : "No bandwidth over time: the job option write_bw_log (or a log "
				"with a line per I/O) gives this chart.");
	if (!r && ch.n) {
		uint64_t w = ch.width_ms;

		if (!src && w <= c->avg_ms)
			snprintf(cap, sizeof(cap), "%s per direction as logged "
				 "(log_avg_msec=%" PRIu64 ").", iops ? "IOPS" : "Bandwidth",
				 c->avg_ms);
		else if (!src)
			snprintf(cap, sizeof(cap), "%s per direction as logged "
				 "(log_avg_msec=%" PRIu64 "), averaged over %" PRIu64
				 " ms windows.",
				 iops ? "IOPS" : "Bandwidth", c->avg_ms, w);
		else
			snprintf(cap, sizeof(cap), "%s per direction over %" PRIu64 " ms windows, "
				 "counted from the %s log's line per I/O.",
				 iops ? "IOPS" : "Bandwidth", w, src);
		figure(c, &ch, iops ? "chart iops" : "chart bw", iops ? "IOPS over time"
			: "bandwidth over time", iops ? "IOPS" : "bandwidth",
		       iops ? svg_unit_count(ch.ymax) : svg_unit_rate(ch.ymax), false, cap);
	}
	chart_free(&ch);
	return r;
}

static bool any_series(const struct sctx *c, unsigned which)
{
	for (unsigned d = 0; d < LOGREAD_DIRS; d++)
		if (series(c, which, d))
			return true;
	return false;
}

/* Latency percentiles per window, or what averaged logs give instead. */
static int lat_chart(struct sctx *c)
{
	static const struct { const char *what, *dash; double p; } pct[] = {
		{ "p50", NULL, 0.5 }, { "p99", "6 3", 0.99 }, { "p99.9", "2 2", 0.999 },
	};
	unsigned src = LG_NR;
	struct chart ch = { 0 };
	char cap[256];
	int r = 0;

	/* Per-I/O clat, per-I/O lat, the histogram log, the averaged logs. */
	if (!c->avg_ms && any_series(c, LG_CLAT))
		src = LG_CLAT;
	else if (!c->avg_ms && any_series(c, LG_LAT))
		src = LG_LAT;
	else if (any_series(c, LG_HIST))
		src = LG_HIST;
	else if (any_series(c, LG_CLAT))
		src = LG_CLAT;
	else if (any_series(c, LG_LAT))
		src = LG_LAT;
	if (src == LG_NR) {
		no_chart(c, "lat", c->st[LG_CLAT] != ST_NOT_ASKED ? LG_CLAT : LG_HIST,
			 "No latency over time: the job option write_lat_log with log_avg_msec=0 "
			 "(or write_hist_log) gives this chart.");
		return 0;
	}
	for (unsigned d = 0; d < LOGREAD_DIRS && !r; d++) {
		const struct logseries *s = series(c, src, d);

		if (!s)
			continue;
		if (src == LG_HIST || !c->avg_ms) {
			for (unsigned k = 0; k < ARRAY_SIZE(pct) && !r; k++)
				r = chart_add(&ch, s, Q_PCT, pct[k].p, d, pct[k].what, pct[k].dash);
			if (!r)
				r = chart_add(&ch, s, Q_MAX, 1, d, "max", "1 3");
		} else if (c->value_is_max) {
			r = chart_add(&ch, s, Q_MEAN, 1, d, "max", "1 3");
		} else {
			r = chart_add(&ch, s, Q_MEAN, 1, d, "mean", NULL);
			if (!r && c->value1)
				r = chart_add(&ch, s, Q_MAX, 1, d, "max", "1 3");
		}
	}
	if (r || !ch.n) {
		chart_free(&ch);
		return r;
	}
	{
		const char *shown = c->value_is_max ? "maximum"
				    : c->value1 ? "mean and maximum" : "mean";
		uint64_t w = ch.width_ms;

		if (src == LG_HIST)
			snprintf(cap, sizeof(cap), "Log scale. Completion latency p50, p99, p99.9 "
				 "and max (top of the highest bin) per %" PRIu64 " ms window, from "
				 "the histogram log.", w);
		else if (!c->avg_ms)
			snprintf(cap, sizeof(cap), "Log scale. %s p50, p99, p99.9 and max per "
				 "%" PRIu64 " ms window, from the %s log's line per I/O.",
				 src == LG_CLAT ? "Completion latency" : "Total latency", w,
				 logs[src].type);
		else
			snprintf(cap, sizeof(cap), "Log scale. %s %s per window as logged "
				 "(log_avg_msec=%" PRIu64 "): no percentiles without a line per "
				 "I/O or a histogram log.",
				 src == LG_CLAT ? "Completion latency" : "Total latency",
				 shown, c->avg_ms);
	}
	figure(c, &ch, "chart lat", "latency over time", "latency", svg_unit_ns(ch.ymax), true,
	       cap);
	chart_free(&ch);
	return 0;
}

/* ---- histogram and fio's percentile table ------------------------------------------ */

struct pct_entry {
	double p;
	uint64_t v;
};

static int pct_cmp(const void *a, const void *b)
{
	double x = ((const struct pct_entry *)a)->p, y = ((const struct pct_entry *)b)->p;

	return x < y ? -1 : x > y;
}

static bool whole(double v)
{
	return fabs(v - round(v)) < 1e-6;
}

/* fio's "clat percentiles (usec):" rows, four to a row, as a table. */
static void pct_table(struct sctx *c, unsigned d, const char *latname, const json_t *pobj)
{
	struct pct_entry e[64];
	struct pct_scale ps;
	uint64_t minv = UINT64_MAX, maxv = 0;
	unsigned n = 0, prec = 2;
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)pobj, k, v) {
		if (n < ARRAY_SIZE(e) && json_is_number(v)) {
			e[n].p = strtod(k, NULL);
			e[n].v = ju64(v);
			n++;
		}
	}
	if (!n)
		return;
	qsort(e, n, sizeof(*e), pct_cmp);
	for (unsigned i = 0; i < n; i++) {
		minv = e[i].v < minv ? e[i].v : minv;
		maxv = e[i].v > maxv ? e[i].v : maxv;
		/* As many decimals as a percentile in the list needs (fio: 2 at least). */
		while (prec < 4 && !whole(e[i].p * pow(10, prec)))
			prec++;
	}
	report_pct_scale(&ps, minv, maxv);
	fprintf(c->f, "<table class=\"pct %s\"><caption>%s %s percentiles (%s)</caption>\n",
		dir_name[d], dir_name[d], latname, ps.unit);
	for (unsigned i = 0; i < n; i++) {
		uint64_t val = report_pct_value(&ps, e[i].v);

		if (i % 4 == 0)
			fputs("<tr>", c->f);
		fprintf(c->f, "<td>%*.*fth=[%*" PRIu64 "]</td>", (int)prec + 3, (int)prec, e[i].p,
			(int)ps.width, val);
		if (i % 4 == 3 || i + 1 == n)
			fputs("</tr>\n", c->f);
	}
	fputs("</table>\n", c->f);
}

/* The latency object of a direction: clat_ns, else lat_ns; NULL if no I/O. */
static const json_t *dir_lat(const struct sctx *c, unsigned d, const char **name)
{
	static const char *const keys[] = { "clat_ns", "lat_ns" };
	const json_t *dir = hj_get(c->job, dir_name[d]);

	for (unsigned k = 0; k < ARRAY_SIZE(keys); k++) {
		const json_t *l = hj_get(dir, keys[k]);
		double n;

		if (jnum(hj_get(l, "N"), &n) && n > 0) {
			*name = k ? "lat" : "clat";
			return l;
		}
	}
	return NULL;
}

/* From json+ "bins", else the per-I/O latency log's windows summed. */
static bool dir_hist(const struct sctx *c, unsigned d, const json_t *lat, uint64_t *h)
{
	const json_t *bins = hj_get(lat, "bins"), *v;
	const struct logseries *s;
	bool any = false;
	const char *k;

	memset(h, 0, LATH_NR * sizeof(*h));
	json_object_foreach((json_t *)bins, k, v) {
		if (json_is_number(v) && json_number_value(v) > 0) {
			h[lath_index(strtoull(k, NULL, 10))] += ju64(v);
			any = true;
		}
	}
	if (any || d >= LOGREAD_DIRS)
		return any;
	s = per_io(c, LG_CLAT, d);
	if (!s)
		s = per_io(c, LG_LAT, d);
	for (unsigned i = 0; s && i < s->nbins; i++)
		for (unsigned j = 0; s->b[i].hist && j < LATH_NR; j++) {
			h[j] += s->b[i].hist[j];
			any = any || s->b[i].hist[j];
		}
	return any;
}

static void hist_chart(struct sctx *c, uint64_t (*h)[LATH_NR], const bool *have)
{
	unsigned lo = LATH_NR, hi = 0, nd = 0, k = 0;
	double tot[TAB_DIRS] = { 0 }, ymax = 0;
	struct svg_plot p;
	unsigned li = 0;

	for (unsigned d = 0; d < TAB_DIRS; d++) {
		if (!have[d])
			continue;
		nd++;
		for (unsigned i = 0; i < LATH_NR; i++)
			tot[d] += (double)h[d][i];
		for (unsigned i = 0; i < LATH_NR; i++) {
			if (!h[d][i])
				continue;
			lo = i < lo ? i : lo;
			hi = i > hi ? i : hi;
			if (h[d][i] / tot[d] * 100 > ymax)
				ymax = (double)h[d][i] / tot[d] * 100;
		}
	}
	fputs("<figure class=\"chart-fig\">\n", c->f);
	svg_begin(c->f, CHART_W, CHART_H, "chart hist", "latency histogram", &p);
	p.logx = true;
	p.x0 = (double)(lath_lo(lo) ? lath_lo(lo) : 1);
	p.x1 = (double)lath_hi(hi);
	if (p.x1 <= p.x0 * 1.5)
		p.x1 = p.x0 * 1.5;
	p.y0 = 0;
	p.y1 = ymax * 1.08;
	svg_axes(c->f, &p, "latency", svg_unit_ns(p.x1), "share of I/Os (%)",
		 (struct svg_unit){ "", 1 });
	for (unsigned d = 0; d < TAB_DIRS; d++) {
		char cls[32], title[128];

		if (!have[d])
			continue;
		snprintf(cls, sizeof(cls), "bar %s", dir_name[d]);
		svg_legend(c->f, &p, li++, dir_color[d], NULL, true, dir_name[d]);
		for (unsigned i = lo; i <= hi; i++) {
			/* Each bin split between the directions drawn, on the log scale. */
			double a = (double)(lath_lo(i) ? lath_lo(i) : 1), b = (double)lath_hi(i);
			double x0 = a * pow(b / a, (double)k / nd);
			double x1 = a * pow(b / a, (k + 1.0) / nd);

			if (!h[d][i])
				continue;
			snprintf(title, sizeof(title), "%s %" PRIu64 "..%" PRIu64 " ns: %" PRIu64
				 " I/Os (%.2f %%)", dir_name[d], lath_lo(i), lath_hi(i) - 1,
				 h[d][i], (double)h[d][i] / tot[d] * 100);
			svg_bar(c->f, &p, x0 < p.x0 ? p.x0 : x0, x1 > p.x1 ? p.x1 : x1,
				(double)h[d][i] / tot[d] * 100, cls, dir_color[d], title);
		}
		k++;
	}
	svg_end(c->f);
	fputs("<figcaption>Latency histogram per direction (bins about 6 % wide, log scale)."
	      "</figcaption></figure>\n", c->f);
}

static int lat_tables(struct sctx *c)
{
	uint64_t (*h)[LATH_NR] = calloc(TAB_DIRS, sizeof(*h));
	bool have[TAB_DIRS] = { false }, any_hist = false, any = false;

	if (!h)
		return -ENOMEM;
	for (unsigned d = 0; d < TAB_DIRS; d++) {
		const char *name = NULL;
		const json_t *lat = dir_lat(c, d, &name);

		if (!lat)
			continue;
		any = true;
		have[d] = dir_hist(c, d, lat, h[d]);
		any_hist = any_hist || have[d];
	}
	if (any_hist)
		hist_chart(c, h, have);
	else if (any)
		fputs("<p class=\"nolog hist\">No latency histogram: the report has no "
		      "\"bins\" (--output-format=json+ gives them) and there is no latency log "
		      "with a line per I/O.</p>\n", c->f);
	for (unsigned d = 0; d < TAB_DIRS; d++) {
		const char *name = NULL;
		const json_t *lat = dir_lat(c, d, &name);

		if (lat && json_is_object(hj_get(lat, "percentile")))
			pct_table(c, d, name, hj_get(lat, "percentile"));
	}
	free(h);
	return 0;
}

/* ---- the section ----------------------------------------------------------------- */

static void ctx_init(struct sctx *c, FILE *f, const json_t *run, const json_t *job,
		     const struct html_opts *o)
{
	const json_t *ji = hj_get(job, "job_index"), *e;
	const char *v;
	size_t i;

	memset(c, 0, sizeof(*c));
	c->f = f;
	c->job = job;
	c->logdir = o && o->logdir ? o->logdir : ".";
	c->jobname = json_string_value(hj_get(job, "jobname"));
	if (!c->jobname)
		c->jobname = "";
	/* Without verio's job_index (fio's own report), the job's place in "jobs". */
	if (json_is_integer(ji)) {
		c->index = json_integer_value(ji);
	} else {
		json_array_foreach(hj_get(run, "jobs"), i, e)
			if (e == job)
				c->index = (long long)i;
	}
	c->per_job = opt_true(c, "per_job_logs", true);
	v = opt(c, "log_avg_msec");
	c->avg_ms = v ? strtoull(v, NULL, 10) : 0;
	v = opt(c, "log_window_value");
	c->value1 = v && (!strcmp(v, "both") || !strcmp(v, "2"));
	c->value_is_max = opt_true(c, "log_max_value", false) ||
			  (v && (!strcmp(v, "max") || !strcmp(v, "1")));
	if (c->value_is_max)
		c->value1 = false;
	/*
	 * log_unix_epoch: times since the Unix epoch, the job's start at
	 * job_start; another clock's epoch is not in the report, so the
	 * first sample is taken as the start.
	 */
	v = opt(c, "log_alternate_epoch_clock_id");
	if (opt_true(c, "log_unix_epoch", false) && (!v || !strtoul(v, NULL, 0)) &&
	    json_is_integer(hj_get(job, "job_start")))
		c->base_ms = (uint64_t)json_integer_value(hj_get(job, "job_start"));
	else if (opt_true(c, "log_unix_epoch", false) || opt_true(c, "log_alternate_epoch", false))
		c->epoch = LOGREAD_F_REBASE;
}

/* The time axis: the latest sample, phase, interruption or incident. */
static void time_span(struct sctx *c)
{
	const json_t *e;
	double t;
	size_t i;

	for (unsigned w = 0; w < LG_NR; w++)
		for (unsigned d = 0; d < LOGREAD_DIRS; d++) {
			const struct logseries *s = series(c, w, d);

			if (s && (double)s->tmax + 1 > c->xmax_ms)
				c->xmax_ms = (double)s->tmax + 1;
		}
	json_array_foreach(hj_get(c->job, "phases"), i, e)
		if (jnum(hj_get(e, "end_ms"), &t) && t > c->xmax_ms)
			c->xmax_ms = t;
	if (jnum(hj_get(c->job, "interrupted_ms"), &t) && t > c->xmax_ms)
		c->xmax_ms = t;
	json_array_foreach(hj_get(hj_get(c->job, "verify"), "incidents"), i, e)
		if (jnum(hj_get(e, "time_ms"), &t) && t > c->xmax_ms)
			c->xmax_ms = t;
}

int html_job_series(FILE *f, const struct json_t *run, const struct json_t *job,
		    const struct html_opts *o)
{
	struct sctx *c = malloc(sizeof(*c));
	int r;

	if (!c)
		return -ENOMEM;
	if (!json_is_object(job)) {
		free(c);
		return -EINVAL;
	}
	ctx_init(c, f, run, job, o);
	for (unsigned w = 0; w < LG_NR; w++)
		load(c, w);
	time_span(c);
	fprintf(f, "<section class=\"series\" id=\"series-%lld\">\n<h3>Over time</h3>\n", c->index);
	r = rate_chart(c, false);
	if (!r)
		r = rate_chart(c, true);
	if (!r)
		r = lat_chart(c);
	if (!r) {
		fputs("<h3>Latency distribution</h3>\n", f);
		r = lat_tables(c);
	}
	fputs("</section>\n", f);
	for (unsigned w = 0; w < LG_NR; w++)
		logread_free(&c->lr[w]);
	free(c);
	if (!r && ferror(f))
		r = -EIO;
	return r;
}

#endif /* CONFIG_JANSSON */
