/*
 * html-priv.h - what the HTML page's own files share (report/html*.c).
 */
#ifndef VERIO_REPORT_HTML_PRIV_H
#define VERIO_REPORT_HTML_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct json_t;
struct html_opts;

/*
 * Text for an HTML element or a quoted attribute value: & < > " ' as
 * character references; bytes that are not valid UTF-8 and control
 * characters other than tab and newline as U+FFFD, so a file name made
 * of arbitrary bytes can neither break the page nor the markup.
 */
void html_esc(FILE *f, const char *s);
void html_escn(FILE *f, const char *s, size_t n);

/*
 * One job's time series (report/html-series.c): bandwidth and IOPS over
 * time per direction with its phases shaded and its incidents marked,
 * latency percentiles over time, the latency histogram and fio's
 * percentile table. @job is one object of the report's "jobs" array, @run
 * the whole report. Writes a sentence instead of a chart where a log is
 * missing. 0 or -errno.
 */
int html_job_series(FILE *f, const struct json_t *run, const struct json_t *job,
		    const struct html_opts *o);

/*
 * Reading the report (report/html.c): a member of @obj (NULL when @obj
 * is not an object or has none), its string (NULL unless a string), a
 * number's value as an integer or a double, whether it is integral or
 * was read as a real because it did not fit (false when absent or not a
 * number).
 */
const struct json_t *hj_get(const struct json_t *obj, const char *key);
const char *hj_str(const struct json_t *obj, const char *key);
bool hj_count(const struct json_t *n, uint64_t *v);	/* @n itself, >= 0 */
bool hj_u64(const struct json_t *obj, const char *key, uint64_t *v);
bool hj_num(const struct json_t *obj, const char *key, double *v);

/* A byte count as "4194304 (4 MiB)" (the exact count, then a short one). */
void html_bytes(FILE *f, uint64_t n);

/*
 * The device map section (report/html-map.c): one SVG grid per mapped
 * file and region, the jobs' "map" objects summed, with its legend and
 * the misdirected incidents drawn as arrows. 0 or -ENOMEM.
 */
int html_maps(FILE *f, const struct json_t *run);

#endif /* VERIO_REPORT_HTML_PRIV_H */
