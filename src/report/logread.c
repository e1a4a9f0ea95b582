/*
 * logread.c - fio's time-series logs read back into time windows for the
 * HTML page's charts (report/logread.h).
 */
#include "compat.h"

#include <fcntl.h>

#include "report/logread.h"
#include "report/tslog.h"

/* ---- latency histograms ----------------------------------------------------- */

/* Lowest ns of fio's bin i, and its width (tslog_plat_index()'s inverse). */
static uint64_t plat_lo(unsigned i)
{
	unsigned shift;

	if (i < 2 * TSLOG_PLAT_VAL)
		return i;
	shift = (i >> TSLOG_PLAT_BITS) - 1;
	return (uint64_t)(TSLOG_PLAT_VAL + (i & (TSLOG_PLAT_VAL - 1))) << shift;
}

static uint64_t plat_width(unsigned i)
{
	return i < 2 * TSLOG_PLAT_VAL ? 1 : (uint64_t)1 << ((i >> TSLOG_PLAT_BITS) - 1);
}

unsigned lath_index(uint64_t ns)
{
	return tslog_plat_index(ns) >> LATH_SHIFT;
}

uint64_t lath_lo(unsigned idx)
{
	return plat_lo(idx << LATH_SHIFT);
}

uint64_t lath_hi(unsigned idx)
{
	unsigned last = (idx << LATH_SHIFT) + (1u << LATH_SHIFT) - 1;

	return plat_lo(last) + plat_width(last);
}

uint64_t lath_percentile(const uint64_t *h, double p)
{
	uint64_t total = 0, want, cum = 0;

	for (unsigned i = 0; i < LATH_NR; i++)
		total += h[i];
	if (!total)
		return 0;
	want = (uint64_t)(p * (double)total + 0.999999);
	if (!want)
		want = 1;
	for (unsigned i = 0; i < LATH_NR; i++) {
		cum += h[i];
		if (cum >= want)
			return lath_lo(i) + (lath_hi(i) - lath_lo(i)) / 2;
	}
	return lath_lo(LATH_NR - 1);
}

/* ---- windows ----------------------------------------------------------------- */

static void bin_merge(struct logbin *a, struct logbin *b)
{
	a->n += b->n;
	a->bytes += b->bytes;
	a->sum += b->sum;
	if (b->max > a->max)
		a->max = b->max;
	if (a->hist && b->hist) {
		for (unsigned i = 0; i < LATH_NR; i++)
			a->hist[i] += b->hist[i];
		free(b->hist);
	} else if (b->hist) {
		a->hist = b->hist;
	}
	b->hist = NULL;
}

/* Windows twice as wide: each pair merged into one, the top half emptied. */
static void series_halve(struct logseries *s)
{
	for (unsigned i = 0; i < LOGREAD_BINS / 2; i++) {
		struct logbin m = s->b[2 * i];

		bin_merge(&m, &s->b[2 * i + 1]);
		s->b[i] = m;
	}
	memset(s->b + LOGREAD_BINS / 2, 0, LOGREAD_BINS / 2 * sizeof(*s->b));
	s->width_ms *= 2;
	s->nbins = (s->nbins + 1) / 2;
}

/* The window of time t, made room for (with a histogram when asked). */
static struct logbin *series_bin(struct logseries *s, uint64_t t, bool hist)
{
	struct logbin *b;
	uint64_t idx;

	if (!s->b) {
		s->b = calloc(LOGREAD_BINS, sizeof(*s->b));
		if (!s->b)
			return NULL;
		s->width_ms = 1;
	}
	while (t / s->width_ms >= LOGREAD_BINS)
		series_halve(s);
	idx = t / s->width_ms;
	b = &s->b[idx];
	if (hist && !b->hist) {
		b->hist = calloc(LATH_NR, sizeof(*b->hist));
		if (!b->hist)
			return NULL;
	}
	if (idx >= s->nbins)
		s->nbins = (unsigned)idx + 1;
	if (t > s->tmax)
		s->tmax = t;
	return b;
}

void logread_coarsen(struct logseries *s, uint64_t per_bin, unsigned min_bins)
{
	while (s->b && s->nbins > min_bins && s->samples < per_bin * s->nbins)
		series_halve(s);
}

void logread_free(struct logread *lr)
{
	for (unsigned d = 0; d < LOGREAD_DIRS; d++) {
		struct logseries *s = &lr->d[d];

		for (unsigned i = 0; s->b && i < LOGREAD_BINS; i++)
			free(s->b[i].hist);
		free(s->b);
		s->b = NULL;
	}
}

/* ---- lines ------------------------------------------------------------------ */

/* A line's time since the job's start: the log's epoch taken off. */
static uint64_t job_time(struct logread *lr, int64_t t)
{
	if (lr->flags & LOGREAD_F_REBASE) {
		lr->base_ms = (uint64_t)t;
		lr->flags &= ~(unsigned)LOGREAD_F_REBASE;
	}
	return (uint64_t)t > lr->base_ms ? (uint64_t)t - lr->base_ms : 0;
}

/* The next comma-separated number at *p (decimal or 0x hex), or false. */
static bool next_num(const char **p, int64_t *v)
{
	const char *s = *p, *end = s;

	while (*s == ' ' || *s == '\t')
		s++;
	if (*s >= '0' && *s <= '9' && s[1] != 'x') {
		/* Plain decimals, the histogram logs' thousands of columns a line: inline. */
		uint64_t u = 0;

		for (end = s; *end >= '0' && *end <= '9' && u < INT64_MAX / 10; end++)
			u = u * 10 + (uint64_t)(*end - '0');
		if (*end >= '0' && *end <= '9')
			return false;
		*v = (int64_t)u;
	} else {
		char *e;

		errno = 0;
		*v = strtoll(s, &e, 0);
		if (e == s || errno)
			return false;
		end = e;
	}
	while (*end == ' ' || *end == '\t' || *end == '\r' || *end == '\n')
		end++;
	if (*end == ',')
		end++;
	*p = end;
	return true;
}

static uint64_t nonneg(int64_t v)
{
	return v < 0 ? 0 : (uint64_t)v;
}

/* One "time, value[, value1], ddir, bs" line; -EINVAL if it is not one. */
static int take_line(struct logread *lr, const char *line, int64_t *unused)
{
	int64_t t, v, v1, dd, bs;
	struct logbin *b;
	uint64_t max;

	(void)unused;

	if (!next_num(&line, &t) || !next_num(&line, &v))
		return -EINVAL;
	v1 = v;
	if ((lr->flags & LOGREAD_F_VALUE1) && !next_num(&line, &v1))
		return -EINVAL;
	if (!next_num(&line, &dd) || !next_num(&line, &bs) || t < 0 || dd < 0 ||
	    dd >= (int64_t)LOGREAD_DIRS)
		return -EINVAL;
	b = series_bin(&lr->d[dd], job_time(lr, t), lr->flags & LOGREAD_F_HIST);
	if (!b)
		return -ENOMEM;
	lr->d[dd].samples++;
	b->n++;
	b->bytes += nonneg(bs);
	b->sum += (double)nonneg(v);
	max = nonneg(v1) > nonneg(v) ? nonneg(v1) : nonneg(v);
	if (max > b->max)
		b->max = max;
	if (b->hist)
		b->hist[lath_index(nonneg(v))]++;
	return 0;
}

/*
 * Every line of f through take(lr, line, scratch): a line it calls
 * -EINVAL is counted bad and skipped, any other error stops the read.
 */
static int read_lines(FILE *f, struct logread *lr,
		      int (*take)(struct logread *, const char *, int64_t *), int64_t *scratch)
{
	char *line = NULL;
	size_t cap = 0;
	int r = 0;

	while (getline(&line, &cap, f) > 0) {
		int e = take(lr, line, scratch);

		if (e == -EINVAL) {
			lr->bad++;
		} else if (e) {
			r = e;
			break;
		}
		lr->lines++;
	}
	if (!r && ferror(f))
		r = -EIO;
	free(line);
	return r;
}

int logread_text(FILE *f, struct logread *lr)
{
	return read_lines(f, lr, take_line, NULL);
}

/* One histogram line's counts (fio's bins summed 2^c at a time) added. */
static int take_hist(struct logread *lr, const char *line, int64_t *cnt)
{
	int64_t t, dd, bs;
	unsigned n = 0, c = 0;
	struct logbin *b;
	uint64_t total = 0;

	if (!next_num(&line, &t) || !next_num(&line, &dd) || !next_num(&line, &bs) || t < 0 ||
	    dd < 0 || dd >= (int64_t)LOGREAD_DIRS)
		return -EINVAL;
	while (n < TSLOG_PLAT_NR && next_num(&line, &cnt[n]))
		n++;
	while (c <= 6 && TSLOG_PLAT_NR >> c != n)
		c++;
	if (c > 6 || *line)
		return -EINVAL;
	b = series_bin(&lr->d[dd], job_time(lr, t), true);
	if (!b)
		return -ENOMEM;
	for (unsigned j = 0; j < n; j++) {
		/* A column of 2^c bins counts at its middle one. */
		unsigned fbin = (j << c) + ((1u << c) >> 1);
		unsigned i = fbin >> LATH_SHIFT;

		if (cnt[j] <= 0)
			continue;
		b->hist[i] += (uint64_t)cnt[j];
		total += (uint64_t)cnt[j];
		if (lath_hi(i) - 1 > b->max)
			b->max = lath_hi(i) - 1;
	}
	b->n += total;
	lr->d[dd].samples += total;
	return 0;
}

int logread_hist(FILE *f, struct logread *lr)
{
	int64_t *cnt = malloc(TSLOG_PLAT_NR * sizeof(*cnt));
	int r;

	if (!cnt)
		return -ENOMEM;
	lr->flags |= LOGREAD_F_HIST;
	r = read_lines(f, lr, take_hist, cnt);
	free(cnt);
	return r;
}

static bool ends_with(const char *s, const char *suf)
{
	size_t n = strlen(s), k = strlen(suf);

	return n >= k && !strcmp(s + n - k, suf);
}

/* A .fz log: its samples inflated to text in a temporary file, then read. */
static int read_fz(const char *path, struct logread *lr)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	FILE *tmp;
	int r;

	if (fd < 0)
		return -errno;
	tmp = tmpfile();
	if (!tmp) {
		r = -errno;
		close(fd);
		return r;
	}
	r = tslog_inflate(fd, fileno(tmp));
	close(fd);
	if (!r && lseek(fileno(tmp), 0, SEEK_SET) < 0)
		r = -errno;
	if (!r) {
		/* Compressed samples carry no value1 column. */
		lr->flags &= ~(unsigned)LOGREAD_F_VALUE1;
		r = logread_text(tmp, lr);
	}
	fclose(tmp);
	return r;
}

int logread_path(const char *path, bool hist, struct logread *lr)
{
	FILE *f;
	int r;

	if (ends_with(path, ".fz")) {
		/* verio compresses a histogram log's text, which no reader inflates. */
		if (hist)
			return -ENOTSUP;
		return read_fz(path, lr);
	}
	f = fopen(path, "re");
	if (!f)
		return -errno;
	r = hist ? logread_hist(f, lr) : logread_text(f, lr);
	fclose(f);
	return r;
}
