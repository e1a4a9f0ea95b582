/*
 * html.c - the page of a run (report/html.h): the verdict, what ran on
 * what, the device map (html-map.c), the incidents, each job's options,
 * seeds, numbers and time series (html-series.c), and the JSON report
 * itself as the page's data. Everything the page shows comes from the
 * JSON report; any key may be missing (an older verio, fio's own JSON),
 * and a part with nothing to show says so in a sentence.
 */
#include "compat.h"

#include "report/html-priv.h"
#include "report/html.h"
#include "report/report.h"

#ifdef CONFIG_JANSSON
#include <jansson.h>

/* ---- reading the report ------------------------------------------------ */

const json_t *hj_get(const json_t *obj, const char *key)
{
	return json_is_object(obj) ? json_object_get(obj, key) : NULL;
}

const char *hj_str(const json_t *obj, const char *key)
{
	const json_t *v = hj_get(obj, key);

	return json_is_string(v) ? json_string_value(v) : NULL;
}

bool hj_count(const json_t *n, uint64_t *v)
{
	double d;

	if (json_is_integer(n) && json_integer_value(n) >= 0) {
		*v = (uint64_t)json_integer_value(n);
		return true;
	}
	/* a value past 2^63 read as the string of its digits (html_json_load) */
	if (json_is_string(n) && json_string_length(n) &&
	    strspn(json_string_value(n), "0123456789") == json_string_length(n)) {
		errno = 0;
		*v = strtoull(json_string_value(n), NULL, 10);
		return errno == 0;
	}
	if (json_is_real(n)) {
		d = json_real_value(n);
		if (d >= 0 && d < 18446744073709551616.0) {
			*v = (uint64_t)d;
			return true;
		}
	}
	return false;
}

bool hj_u64(const json_t *obj, const char *key, uint64_t *v)
{
	return hj_count(hj_get(obj, key), v);
}

bool hj_num(const json_t *obj, const char *key, double *v)
{
	const json_t *n = hj_get(obj, key);

	if (!json_is_number(n))
		return false;
	*v = json_number_value(n);
	return true;
}

/* The value of a scalar as text, escaped; objects and arrays compact. */
static void put_value(FILE *f, const json_t *v)
{
	char *s;

	switch (json_typeof(v)) {
	case JSON_STRING:
		html_escn(f, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		fprintf(f, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		break;
	case JSON_REAL:
		fprintf(f, "%.17g", json_real_value(v));
		break;
	case JSON_TRUE:
		fputs("true", f);
		break;
	case JSON_FALSE:
		fputs("false", f);
		break;
	case JSON_NULL:
		fputs("null", f);
		break;
	default:
		s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		html_esc(f, s);
		free(s);
	}
}

/* obj[key] as text, or @none when it is missing. */
static void put_key(FILE *f, const json_t *obj, const char *key, const char *none)
{
	const json_t *v = hj_get(obj, key);

	if (v)
		put_value(f, v);
	else
		fputs(none, f);
}

void html_bytes(FILE *f, uint64_t n)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB", "EiB" };
	double d = (double)n;
	size_t u = 0;

	fprintf(f, "%" PRIu64, n);
	if (n < 1024)
		return;
	d /= 1024;
	while (d >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		d /= 1024;
		u++;
	}
	fprintf(f, " (%.4g %s)", d, units[u]);
}

/* A count of bytes per second, as "512 MiB/s". */
static void put_rate(FILE *f, double bps)
{
	static const char *const units[] = { "B/s", "KiB/s", "MiB/s", "GiB/s", "TiB/s" };
	size_t u = 0;

	while (bps >= 1024 && u + 1 < ARRAY_SIZE(units)) {
		bps /= 1024;
		u++;
	}
	fprintf(f, "%.4g %s", bps, units[u]);
}

/* Nanoseconds as a short time: "950 ns", "12.5 us", "3.2 ms". */
static void put_ns(FILE *f, double ns)
{
	if (ns < 1000)
		fprintf(f, "%.4g ns", ns);
	else if (ns < 1e6)
		fprintf(f, "%.4g us", ns / 1e3);
	else if (ns < 1e9)
		fprintf(f, "%.4g ms", ns / 1e6);
	else
		fprintf(f, "%.4g s", ns / 1e9);
}

/* ---- the verdict ------------------------------------------------------- */

enum verdict { V_PASS, V_FAIL, V_ERROR, V_INTR };

static const char *const verdict_name[] = { "PASS", "FAIL", "ERROR", "INTERRUPTED" };
static const char *const verdict_css[] = { "pass", "fail", "error", "intr" };
static const char *const verdict_why[] = {
	"every job ended and no data failed verification",
	"data failed verification",
	"an I/O or setup error ended a job",
	"the run was stopped before it finished",
};

/*
 * One job's: lost data (units failing verification, or ranges differing
 * from the mirror=) outranks an error, an error an interruption (sched.c).
 */
static enum verdict job_verdict(const json_t *job)
{
	uint64_t n;

	if (hj_u64(hj_get(job, "verify"), "failures", &n) && n)
		return V_FAIL;
	if (hj_u64(hj_get(job, "mirror"), "mismatches", &n) && n)
		return V_FAIL;
	if (hj_u64(job, "error", &n) && n)
		return V_ERROR;
	if (json_is_true(hj_get(job, "interrupted")) || hj_get(job, "interrupted_ms"))
		return V_INTR;
	return V_PASS;
}

/* The run's, from "exit_status" when it is there, else from the jobs. */
static enum verdict run_verdict(const json_t *run, int *status, bool *derived)
{
	static const int status_of[] = { 0, 1, 3, 4 };
	const json_t *jobs = hj_get(run, "jobs");
	enum verdict v = V_PASS;
	uint64_t st;
	size_t i;
	json_t *job;

	if (hj_u64(run, "exit_status", &st)) {
		*status = (int)st;
		*derived = false;
		return st == 0 ? V_PASS : st == 1 ? V_FAIL : st == 4 ? V_INTR : V_ERROR;
	}
	json_array_foreach(jobs, i, job) {
		enum verdict jv = job_verdict(job);

		if (jv == V_FAIL || (jv == V_ERROR && v != V_FAIL) || (jv == V_INTR && v == V_PASS))
			v = jv;
	}
	*status = status_of[v];
	*derived = true;
	return v;
}

/* A job's name for tables: "name" (#index). */
static void put_job_name(FILE *f, const json_t *job, size_t i)
{
	const char *name = hj_str(job, "jobname");
	uint64_t idx;

	fputs("<a href=\"#job-", f);
	fprintf(f, "%zu\">", i);
	if (name)
		html_esc(f, name);
	else
		fprintf(f, "job %zu", i);
	fputs("</a>", f);
	if (hj_u64(job, "job_index", &idx))
		fprintf(f, " <span class=\"dim\">#%" PRIu64 "</span>", idx);
}

struct class_sum {
	const char *name;
	uint64_t count;
};

/* The "classes" objects of every job summed, in the order first seen. */
static size_t sum_classes(const json_t *jobs, struct class_sum *cs, size_t max, bool *any)
{
	size_t i, nr = 0;
	const json_t *job;

	*any = false;
	json_array_foreach(jobs, i, job) {
		const json_t *classes = hj_get(hj_get(job, "verify"), "classes");
		const char *name;
		const json_t *v;

		if (!json_is_object(classes))
			continue;
		*any = true;
		json_object_foreach((json_t *)classes, name, v) {
			size_t k;

			uint64_t n;

			if (!hj_count(v, &n))
				continue;
			for (k = 0; k < nr && strcmp(cs[k].name, name); k++)
				;
			if (k == nr) {
				if (nr == max)
					continue;
				cs[nr++] = (struct class_sum){ .name = name };
			}
			cs[k].count += n;
		}
	}
	return nr;
}

static void page_nav(FILE *f, const json_t *jobs)
{
	const json_t *job;
	size_t i;

	fputs("<nav><a href=\"#verdict\">verdict</a><a href=\"#identity\">what ran</a>"
	      "<a href=\"#map\">device map</a><a href=\"#incidents\">incidents</a>", f);
	json_array_foreach(jobs, i, job) {
		if (i == 32) {
			fputs("&hellip;", f);
			break;
		}
		fprintf(f, "<a href=\"#job-%zu\">job ", i);
		put_key(f, job, "jobname", "");
		fputs("</a>", f);
	}
	fputs("</nav>\n", f);
}

static void section_verdict(FILE *f, const json_t *run)
{
	const json_t *jobs = hj_get(run, "jobs");
	struct class_sum cs[64];
	bool derived, any_classes, zero = true;
	int status;
	enum verdict v = run_verdict(run, &status, &derived);
	size_t i, nr;
	const json_t *job;

	fprintf(f, "<header class=\"verdict %s\"><h1>%s</h1><p>%s; exit status %d%s.",
		verdict_css[v], verdict_name[v], verdict_why[v], status,
		derived ? " (derived from the jobs: the report has no \"exit_status\")" : "");
	if (hj_str(run, "time")) {
		fputs(" Ended ", f);
		html_esc(f, hj_str(run, "time"));
		fputc('.', f);
	}
	fputs("</p></header>\n", f);
	page_nav(f, jobs);
	fputs("<section id=\"verdict\"><h2>Verdict</h2>\n", f);

	if (!json_array_size(jobs)) {
		fputs("<p>The report holds no jobs.</p>\n", f);
	} else {
		fputs("<table><tr><th>job</th><th>verdict</th><th>error</th><th>failed units</th>"
		      "<th>incidents</th><th>stopped at</th></tr>\n", f);
		json_array_foreach(jobs, i, job) {
			const json_t *vf = hj_get(job, "verify");
			enum verdict jv = job_verdict(job);
			uint64_t n;

			fputs("<tr><td>", f);
			put_job_name(f, job, i);
			fprintf(f, "</td><td class=\"%s\">%s</td><td>", verdict_css[jv],
				verdict_name[jv]);
			put_key(f, job, "error", "");
			if (hj_u64(job, "error", &n) && n && n < 4096)
				fprintf(f, " (%s)", strerror((int)n));
			fputs("</td><td>", f);
			put_key(f, vf, "failures", "not verified");
			fprintf(f, "</td><td>%zu", json_array_size(hj_get(vf, "incidents")));
			if (hj_u64(vf, "incidents_omitted", &n) && n)
				fprintf(f, " + %" PRIu64 " omitted", n);
			fputs("</td><td>", f);
			if (hj_u64(job, "interrupted_ms", &n))
				fprintf(f, "%" PRIu64 " ms", n);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}

	nr = sum_classes(jobs, cs, ARRAY_SIZE(cs), &any_classes);
	for (i = 0; i < nr; i++)
		zero &= !cs[i].count;
	if (!any_classes) {
		fputs("<p>No job reports corruption classes (no verification, or not verio's "
		      "report).</p>\n", f);
	} else if (zero) {
		fputs("<p class=\"pass\">No corruption found.</p>\n", f);
	} else {
		fputs("<h3>Corruption classes</h3>\n<table><tr><th>class</th><th>units</th></tr>\n",
		      f);
		for (i = 0; i < nr; i++) {
			if (!cs[i].count)
				continue;
			fputs("<tr><td>", f);
			html_esc(f, cs[i].name);
			fprintf(f, "</td><td>%" PRIu64 "</td></tr>\n", cs[i].count);
		}
		fputs("</table>\n", f);
	}
	fputs("</section>\n", f);
}

/* ---- identity ---------------------------------------------------------- */

/* A table row "key: value" when obj[key] is there. */
static void row(FILE *f, const char *label, const json_t *obj, const char *key)
{
	if (!hj_get(obj, key))
		return;
	fprintf(f, "<tr><th>%s</th><td>", label);
	put_key(f, obj, key, "");
	fputs("</td></tr>\n", f);
}

/* The name=value pairs of an object, as one table. */
static void kv_table(FILE *f, const json_t *obj)
{
	const char *key;
	const json_t *v;

	fputs("<table class=\"kv\">", f);
	json_object_foreach((json_t *)obj, key, v) {
		fputs("<tr><th>", f);
		html_esc(f, key);
		fputs("</th><td>", f);
		put_value(f, v);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void put_bytes_key(FILE *f, const json_t *obj, const char *key)
{
	uint64_t n;

	if (hj_u64(obj, key, &n))
		html_bytes(f, n);
}

/* Every job's "targets", one row each, with the device under it. */
static void targets_table(FILE *f, const json_t *jobs)
{
	size_t i, k, rows = 0;
	const json_t *job, *t;

	json_array_foreach(jobs, i, job) {
		json_array_foreach(hj_get(job, "targets"), k, t) {
			const json_t *d = hj_get(t, "device");
			uint64_t a, b;

			if (!rows++)
				fputs("<h3>Targets</h3>\n<table><tr><th>job</th><th>file</th>"
				      "<th>type</th><th>region</th><th>size</th><th>device</th>"
				      "<th>model</th><th>device size</th><th>logical / physical "
				      "block</th><th>write cache</th><th>scheduler</th>"
				      "<th>rotational</th></tr>\n", f);
			fputs("<tr><td>", f);
			put_job_name(f, job, i);
			fputs("</td><td>", f);
			put_key(f, t, "file", "");
			fputs("</td><td>", f);
			put_key(f, t, "type", "");
			fputs("</td><td>", f);
			if (hj_u64(t, "offset", &a) && hj_u64(t, "length", &b)) {
				fprintf(f, "%" PRIu64 " + ", a);
				html_bytes(f, b);
			}
			fputs("</td><td>", f);
			put_bytes_key(f, t, "size");
			fputs("</td><td>", f);
			put_key(f, d, "name", "");
			fputs("</td><td>", f);
			put_key(f, d, "vendor", "");
			fputs(" ", f);
			put_key(f, d, "model", "");
			fputs("</td><td>", f);
			put_bytes_key(f, d, "size");
			fputs("</td><td>", f);
			put_key(f, d, "logical_block_size", "?");
			fputs(" / ", f);
			put_key(f, d, "physical_block_size", "?");
			fputs("</td><td>", f);
			put_key(f, d, "write_cache", "");
			fputs("</td><td>", f);
			put_key(f, d, "scheduler", "");
			fputs("</td><td>", f);
			put_key(f, d, "rotational", "");
			fputs("</td></tr>\n", f);
		}
	}
	if (rows)
		fputs("</table>\n", f);
	else
		fputs("<p>The report names no targets (no \"targets\" in its jobs).</p>\n", f);
}

static void section_identity(FILE *f, const json_t *run, const struct html_opts *o)
{
	const json_t *host = hj_get(run, "host");

	fputs("<section id=\"identity\"><h2>What ran, where</h2>\n<table class=\"kv\">\n", f);
	row(f, "verio version", run, "verio version");
	row(f, "fio version", run, "fio version");
	row(f, "time", run, "time");
	if (hj_get(run, "command_line")) {
		fputs("<tr><th>command line</th><td><code>", f);
		put_key(f, run, "command_line", "");
		fputs("</code></td></tr>\n", f);
	}
	row(f, "host", host, "hostname");
	row(f, "kernel", host, "kernel");
	row(f, "machine", host, "machine");
	if (o && o->source) {
		fputs("<tr><th>report file</th><td>", f);
		html_esc(f, o->source);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	if (json_object_size(hj_get(run, "global options"))) {
		fputs("<h3>Global options</h3>\n", f);
		kv_table(f, hj_get(run, "global options"));
	}
	targets_table(f, hj_get(run, "jobs"));
	fputs("</section>\n", f);
}

/* ---- incidents --------------------------------------------------------- */

/* At most this many rows: the JSON below the page holds them all. */
#define INCIDENT_ROWS 2000

static void incident_row(FILE *f, const json_t *job, size_t j, const json_t *inc)
{
	static const char *const keys[] = { "file", "offset", "length", "class",
					     "expected_generation", "found_generation",
					     "found_offset", "reread", "time_ms" };
	const char *cls = hj_str(inc, "class");

	fputs("<tr", f);
	if (cls) {
		fputs(" data-class=\"", f);
		html_esc(f, cls);
		fputc('"', f);
	}
	fputs("><td>", f);
	put_job_name(f, job, j);
	for (size_t k = 0; k < ARRAY_SIZE(keys); k++) {
		fputs("</td><td>", f);
		put_key(f, inc, keys[k], "");
	}
	fputs("</td><td>", f);
	if (hj_get(inc, "dump_received")) {
		put_key(f, inc, "dump_received", "");
		fputs("<br>", f);
		put_key(f, inc, "dump_expected", "");
	}
	fputs("</td></tr>\n", f);
}

static void section_incidents(FILE *f, const json_t *run)
{
	const json_t *jobs = hj_get(run, "jobs"), *job, *inc;
	size_t i, k, shown = 0, total = 0;
	uint64_t omitted = 0, n;

	fputs("<section id=\"incidents\"><h2>Incidents</h2>\n", f);
	json_array_foreach(jobs, i, job) {
		const json_t *v = hj_get(job, "verify");

		if (hj_u64(v, "incidents_omitted", &n))
			omitted += n;
		json_array_foreach(hj_get(v, "incidents"), k, inc) {
			if (!total++)
				fputs("<table><tr><th>job</th><th>file</th><th>offset</th>"
				      "<th>length</th><th>class</th><th>expected gen.</th>"
				      "<th>found gen.</th><th>found_offset</th><th>reread</th>"
				      "<th>found at (ms)</th><th>dump files</th></tr>\n", f);
			if (shown < INCIDENT_ROWS) {
				incident_row(f, job, i, inc);
				shown++;
			}
		}
	}
	if (total)
		fputs("</table>\n", f);
	else
		fputs("<p>No incidents.</p>\n", f);
	if (shown < total)
		fprintf(f, "<p>%zu more incidents are in the JSON report (not shown).</p>\n",
			total - shown);
	if (omitted)
		fprintf(f, "<p>%" PRIu64 " more incident%s not recorded in the report "
			"(\"incidents_omitted\": the jobs stopped keeping them).</p>\n",
			omitted, omitted == 1 ? " was" : "s were");
	fputs("</section>\n", f);
}

/* ---- each job ---------------------------------------------------------- */

static void job_summary(FILE *f, const json_t *job)
{
	static const char *const dirs[] = { "read", "write", "trim", "mixed" };
	size_t rows = 0;

	for (size_t d = 0; d < ARRAY_SIZE(dirs); d++) {
		const json_t *dir = hj_get(job, dirs[d]);
		const json_t *clat = hj_get(dir, "clat_ns");
		uint64_t ios = 0, bytes = 0;
		double x;

		hj_u64(dir, "total_ios", &ios);
		hj_u64(dir, "io_bytes", &bytes);
		if (!ios && !bytes)
			continue;
		if (!rows++)
			fputs("<table><tr><th>direction</th><th>I/Os</th><th>bytes</th>"
			      "<th>bandwidth</th><th>IOPS</th><th>clat mean</th><th>clat p99</th>"
			      "</tr>\n", f);
		fprintf(f, "<tr><td>%s</td><td>%" PRIu64 "</td><td>", dirs[d], ios);
		html_bytes(f, bytes);
		fputs("</td><td>", f);
		if (hj_num(dir, "bw_bytes", &x))
			put_rate(f, x);
		fputs("</td><td>", f);
		if (hj_num(dir, "iops", &x))
			fprintf(f, "%.1f", x);
		fputs("</td><td>", f);
		if (hj_num(clat, "mean", &x))
			put_ns(f, x);
		fputs("</td><td>", f);
		if (hj_num(hj_get(clat, "percentile"), "99.000000", &x))
			put_ns(f, x);
		fputs("</td></tr>\n", f);
	}
	if (rows)
		fputs("</table>\n", f);
	else
		fputs("<p>No I/O was done.</p>\n", f);
}

/* The non-zero members of a counts object, "a 1, b 2", or "none". */
static void nonzero_counts(FILE *f, const json_t *obj)
{
	const char *key;
	const json_t *v;
	bool any = false;

	json_object_foreach((json_t *)obj, key, v) {
		uint64_t n;

		if (!hj_count(v, &n) || !n)
			continue;
		fputs(any ? ", " : "", f);
		html_esc(f, key);
		fprintf(f, " %" PRIu64, n);
		any = true;
	}
	if (!any)
		fputs("none", f);
}

static void job_verify(FILE *f, const json_t *v)
{
	static const char *const counts[] = { "method", "units", "unwritten", "unjudged",
					      "trimmed", "failures", "incidents_omitted" };
	static const char *const objs[] = { "rereads", "overlap", "journal" };

	if (!v) {
		fputs("<p>This job did not verify.</p>\n", f);
		return;
	}
	fputs("<h3>Verification</h3>\n<table class=\"kv\">\n", f);
	for (size_t k = 0; k < ARRAY_SIZE(counts); k++) {
		row(f, counts[k], v, counts[k]);
		if (!k && hj_get(v, "bytes")) {
			fputs("<tr><th>bytes</th><td>", f);
			put_bytes_key(f, v, "bytes");
			fputs("</td></tr>\n", f);
		}
	}
	for (size_t k = 0; k < ARRAY_SIZE(objs); k++) {
		if (!json_is_object(hj_get(v, objs[k])))
			continue;
		fprintf(f, "<tr><th>%s</th><td>", objs[k]);
		nonzero_counts(f, hj_get(v, objs[k]));
		fputs("</td></tr>\n", f);
	}
	if (hj_get(v, "verify_state")) {
		fputs("<tr><th>verify state</th><td>", f);
		put_key(f, hj_get(v, "verify_state"), "path", "");
		fputs(" ", f);
		put_key(f, hj_get(v, "verify_state"), "checked_against", "");
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void job_phases(FILE *f, const json_t *job)
{
	const json_t *p;
	size_t k;

	if (!json_array_size(hj_get(job, "phases")) && !hj_get(job, "interrupted_ms"))
		return;
	fputs("<p>Phases:", f);
	json_array_foreach(hj_get(job, "phases"), k, p) {
		fputs(k ? ", " : " ", f);
		put_key(f, p, "name", "?");
		fputs(" ", f);
		put_key(f, p, "start_ms", "?");
		fputs("&ndash;", f);
		put_key(f, p, "end_ms", "?");
		fputs(" ms", f);
	}
	if (hj_get(job, "interrupted_ms")) {
		fputs("; told to stop at ", f);
		put_key(f, job, "interrupted_ms", "");
		fputs(" ms", f);
	}
	fputs(".</p>\n", f);
}

static int section_job(FILE *f, const json_t *run, const json_t *job, size_t i,
		       const struct html_opts *o)
{
	enum verdict jv = job_verdict(job);

	fprintf(f, "<section id=\"job-%zu\" class=\"job\"><h2>Job ", i);
	put_key(f, job, "jobname", "");
	fprintf(f, " <span class=\"badge %s\">%s</span></h2>\n", verdict_css[jv],
		verdict_name[jv]);
	if (hj_str(job, "desc")) {
		fputs("<p>", f);
		html_esc(f, hj_str(job, "desc"));
		fputs("</p>\n", f);
	}
	if (hj_get(job, "errmsg")) {
		fputs("<p class=\"error\">", f);
		put_key(f, job, "errmsg", "");
		fputs("</p>\n", f);
	}
	job_phases(f, job);
	fputs("<h3>Options</h3>\n", f);
	if (json_object_size(hj_get(job, "job options")))
		kv_table(f, hj_get(job, "job options"));
	else
		fputs("<p>None recorded.</p>\n", f);
	if (json_object_size(hj_get(job, "seeds"))) {
		fputs("<h3>Seeds</h3>\n", f);
		kv_table(f, hj_get(job, "seeds"));
	}
	fputs("<h3>Summary</h3>\n", f);
	job_summary(f, job);
	job_verify(f, hj_get(job, "verify"));
	if (hj_get(job, "mirror")) {
		fputs("<h3>Mirror</h3>\n<table class=\"kv\">\n", f);
		row(f, "reads compared", hj_get(job, "mirror"), "reads");
		row(f, "differing reads", hj_get(job, "mirror"), "mismatched_reads");
		row(f, "differing ranges", hj_get(job, "mirror"), "mismatches");
		row(f, "differing bytes", hj_get(job, "mirror"), "mismatch_bytes");
		row(f, "first difference at", hj_get(job, "mirror"), "first_mismatch_offset");
		fputs("</table>\n", f);
	}
	fputs("<div class=\"series\">\n", f);
	if (html_job_series(f, run, job, o) < 0)
		fputs("<p>The time series could not be drawn.</p>\n", f);
	fputs("</div></section>\n", f);
	return 0;
}

/* ---- the page ---------------------------------------------------------- */

static const char css[] =
	"body{font:14px/1.4 system-ui,sans-serif;margin:0 2em 2em;color:#222;max-width:1400px}"
	"h2{border-bottom:1px solid #ccc;margin-top:1.6em}"
	"table{border-collapse:collapse;margin:.4em 0}"
	"th,td{border:1px solid #ddd;padding:2px 6px;text-align:left;vertical-align:top}"
	"th{background:#f4f4f4;font-weight:600}"
	"table.kv th{width:14em}"
	"code{word-break:break-all}"
	".verdict{padding:.6em 1em;margin:0 -2em;color:#fff}"
	".verdict h1{margin:0}.verdict p{margin:.2em 0}"
	"header.pass{background:#2a7d2e}header.fail{background:#b3261e}"
	"header.error{background:#a35200}header.intr{background:#5c5c8a}"
	"td.pass,p.pass{color:#2a7d2e}td.fail{color:#b3261e;font-weight:600}"
	"td.error,p.error{color:#a35200}td.intr{color:#5c5c8a}"
	".badge{font-size:70%;padding:1px 6px;border-radius:3px;color:#fff;vertical-align:middle}"
	".badge.pass{background:#2a7d2e}.badge.fail{background:#b3261e}"
	".badge.error{background:#a35200}.badge.intr{background:#5c5c8a}"
	".dim{color:#888}"
	"nav a{margin-right:1em}"
	".legend span.sw{display:inline-block;width:12px;height:12px;border:1px solid #888;"
	"margin:0 4px 0 12px;vertical-align:middle}"
	"svg.map{background:#fff;border:1px solid #ccc}"
	"svg.map line{stroke:#000;stroke-width:.12}"
	/* a cell's size here: 1024 cells times two attributes is a lot of bytes */
	"svg.map g rect{width:.9px;height:.9px}";

/*
 * The JSON text inside the script element: whitespace between tokens
 * dropped (a map's arrays are long), every '<' (only ever inside a
 * string) written as \u003c so that nothing in it can end the element.
 * Numbers and strings stay exactly as written.
 */
static void embed_json(FILE *f, const char *s, size_t n)
{
	bool in_str = false, esc = false;

	for (size_t i = 0; i < n; i++) {
		char c = s[i];

		if (in_str) {
			if (esc)
				esc = false;
			else if (c == '\\')
				esc = true;
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
			continue;
		}
		if (c == '<')
			fputs("\\u003c", f);
		else
			fputc(c, f);
	}
}

/* The page of @run; @text (@len) is its JSON as read, or NULL. */
static int render(FILE *f, const json_t *run, const char *text, size_t len,
		  const struct html_opts *o)
{
	const json_t *jobs = hj_get(run, "jobs"), *job;
	char *dumped = NULL;
	uint64_t schema = 0;
	bool derived;
	int status, ret;
	size_t i;

	if (!json_is_object(run))
		return -EINVAL;
	fprintf(f, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
		"<meta name=\"viewport\" content=\"width=device-width\">\n"
		"<title>verio: %s", verdict_name[run_verdict(run, &status, &derived)]);
	if (json_array_size(jobs) == 1 && hj_str(json_array_get(jobs, 0), "jobname")) {
		fputs(" &ndash; ", f);
		html_esc(f, hj_str(json_array_get(jobs, 0), "jobname"));
	}
	fprintf(f, "</title>\n<style>%s</style>\n</head><body>\n", css);
	section_verdict(f, run);
	section_identity(f, run, o);
	ret = html_maps(f, run);
	if (ret < 0)
		return ret;
	section_incidents(f, run);
	json_array_foreach(jobs, i, job) {
		ret = section_job(f, run, job, i, o);
		if (ret < 0)
			return ret;
	}

	if (!text) {
		dumped = json_dumps(run, JSON_COMPACT);
		if (!dumped)
			return -ENOMEM;
		text = dumped;
		len = strlen(dumped);
	}
	hj_u64(run, "verio schema", &schema);
	fprintf(f, "<script type=\"application/json\" id=\"verio-report\" "
		"data-schema=\"%" PRIu64 "\">", schema);
	embed_json(f, text, len);
	fputs("</script>\n</body></html>\n", f);
	free(dumped);
	return ferror(f) ? -EIO : 0;
}

/* Whether the integer literal s[0..n) is past INT64_MAX. */
static bool past_int64(const char *s, size_t n)
{
	static const char max[] = "9223372036854775807";

	if (n && s[0] == '-')
		return false;	/* below INT64_MIN: jansson's error stands */
	if (n != sizeof(max) - 1)
		return n > sizeof(max) - 1;
	return memcmp(s, max, n) > 0;
}

/*
 * The text again with every integer literal past INT64_MAX (outside
 * strings) in quotes, parsed; err->position is mapped back to @text.
 */
static json_t *load_big_ints(const char *text, size_t len, size_t flags, json_error_t *err)
{
	char *q = malloc(len * 2 + 1);
	size_t *at = malloc(sizeof(*at) * (len / 2 + 1));	/* opening quotes, in q */
	size_t *digits = malloc(sizeof(*digits) * (len / 2 + 1));
	size_t n = 0, nat = 0, i = 0, pos;
	bool in_str = false;
	json_t *j = NULL;

	if (!q || !at || !digits)
		goto out;
	while (i < len) {
		char c = text[i];
		size_t k = i;

		if (in_str) {
			q[n++] = c;
			if (c == '\\' && i + 1 < len)
				q[n++] = text[++i];
			else if (c == '"')
				in_str = false;
			i++;
			continue;
		}
		if (c == '"')
			in_str = true;
		if ((c >= '0' && c <= '9') || c == '-') {
			while (k < len && ((text[k] >= '0' && text[k] <= '9') || text[k] == '-'))
				k++;
			if ((k == len || !strchr(".eE", text[k])) && past_int64(text + i, k - i)) {
				at[nat] = n;
				digits[nat++] = k - i;
				q[n++] = '"';
				memcpy(q + n, text + i, k - i);
				n += k - i;
				q[n++] = '"';
				i = k;
				continue;
			}
			memcpy(q + n, text + i, k - i);
			n += k - i;
			i = k;
			continue;
		}
		q[n++] = c;
		i++;
	}
	j = json_loadb(q, n, flags, err);
	/* each quote inserted before the position moves it by one */
	pos = (size_t)err->position;
	for (size_t m = nat; m-- > 0;) {
		size_t close = at[m] + 1 + digits[m];

		if (pos > close)
			pos -= 2;
		else if (pos > at[m])
			pos -= 1;
	}
	err->position = (int)pos;
out:
	free(q);
	free(at);
	free(digits);
	return j;
}

int html_json_load(const char *text, size_t len, json_t **run, size_t *used, char *why,
		   size_t whylen)
{
	size_t flags = JSON_DISABLE_EOF_CHECK | JSON_ALLOW_NUL;
	json_error_t err;
	json_t *j;

	j = json_loadb(text, len, flags, &err);
	/*
	 * verio's seeds and run ids use all 64 bits; jansson's integers stop
	 * at 2^63. Such a number is read as the string of its digits (exact,
	 * hj_count takes it); positions are mapped back to the text.
	 */
	if (!j && strstr(err.text, "too big integer"))
		j = load_big_ints(text, len, flags, &err);
	if (j && !json_is_object(j)) {
		json_decref(j);
		j = NULL;
		snprintf(err.text, sizeof(err.text), "not a JSON object");
		err.line = err.column = 1;
	}
	if (!j) {
		if (why && whylen)
			snprintf(why, whylen, "line %d column %d: %s", err.line, err.column,
				 err.text);
		return -EINVAL;
	}
	if (run)
		*run = j;
	else
		json_decref(j);
	*used = (size_t)err.position;
	return 0;
}

int html_report(FILE *out, const json_t *run, const struct html_opts *o)
{
	return render(out, run, NULL, 0, o);
}

int html_report_text(FILE *out, const char *json, size_t len, const struct html_opts *o)
{
	json_t *run;
	size_t used;
	int ret = html_json_load(json, len, &run, &used, NULL, 0);

	if (ret)
		return ret;
	ret = render(out, run, json, used, o);
	json_decref(run);
	return ret;
}

/*
 * --output-format=html: the run's JSON report rendered into memory, then
 * its page; the logs are where the run wrote them, the working directory.
 * A page that cannot be made is said on stderr (the run's status stands).
 */
void report_html(FILE *out, const struct report *r)
{
	struct html_opts o = { .logdir = "." };
	char *json = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&json, &len);
	int ret = -ENOMEM;

	if (mem) {
		report_json(mem, r);
		ret = fclose(mem) ? -errno : 0;
	}
	if (!ret)
		ret = html_report_text(out, json, len, &o);
	if (ret)
		fprintf(stderr, "verio: the HTML page could not be written: %s\n", strerror(-ret));
	free(json);
}

#else /* !CONFIG_JANSSON */

int html_json_load(const char *text, size_t len, struct json_t **run, size_t *used,
		   char *why, size_t whylen)
{
	(void)text, (void)len, (void)run, (void)used;
	if (why && whylen)
		snprintf(why, whylen, "verio was built without jansson");
	return -ENOTSUP;
}

int html_report(FILE *out, const struct json_t *run, const struct html_opts *o)
{
	(void)out, (void)run, (void)o;
	return -ENOTSUP;
}

int html_report_text(FILE *out, const char *json, size_t len, const struct html_opts *o)
{
	(void)out, (void)json, (void)len, (void)o;
	return -ENOTSUP;
}

#endif /* CONFIG_JANSSON */
