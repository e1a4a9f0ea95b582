/*
 * html.h - one self-contained HTML page of a run: `verio report RUN.json`
 * and --output-format=html. The page is built from the run's JSON report
 * (fio's keys and verio's additions, docs/json.md) read back with jansson,
 * and from the fio time-series logs the jobs wrote, if they can be found.
 * It fetches nothing: CSS inline, charts as inline SVG (no script needed
 * to see them), the JSON report itself embedded as the page's data.
 *
 * Built without jansson (CONFIG_JANSSON), both entry points return
 * -ENOTSUP and the callers refuse with exit 2.
 */
#ifndef VERIO_REPORT_HTML_H
#define VERIO_REPORT_HTML_H

#include <stddef.h>
#include <stdio.h>

struct json_t;	/* jansson's json_t */

struct html_opts {
	/*
	 * Where the jobs' fio logs are looked for: a log's name as the job
	 * options give it (write_bw_log=PREFIX, ...) is taken relative to
	 * this directory, then its last component alone. NULL = ".".
	 */
	const char *logdir;
	const char *source;	/* the JSON file's name, shown in the page; NULL = none */
};

/* The page for @run (a parsed JSON report, not changed): 0 or -errno. */
int html_report(FILE *out, const struct json_t *run, const struct html_opts *o);

/*
 * The same from the text of a JSON report (@len bytes); -EINVAL when it
 * is not one. For the output format, which renders its JSON first.
 */
int html_report_text(FILE *out, const char *json, size_t len, const struct html_opts *o);

/*
 * Parse the JSON report at the start of @text (@len bytes): its first
 * object; what follows it (fio's normal text after --output-format=
 * json,normal) is left. Integers too large for jansson (run ids past
 * 2^63) are read as reals. On success 0, *run (the caller's, freed with
 * json_decref; @run NULL: only checked) and *used (the bytes the object
 * took); else -EINVAL with
 * jansson's message, line and column in @why, or -ENOTSUP without
 * jansson.
 */
int html_json_load(const char *text, size_t len, struct json_t **run, size_t *used,
		   char *why, size_t whylen);

#endif /* VERIO_REPORT_HTML_H */
