/*
 * html-priv.h - what the HTML page's own files share (report/html*.c).
 */
#ifndef VERIO_REPORT_HTML_PRIV_H
#define VERIO_REPORT_HTML_PRIV_H

#include <stddef.h>
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

#endif /* VERIO_REPORT_HTML_PRIV_H */
