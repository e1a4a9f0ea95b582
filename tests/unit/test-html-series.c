/*
 * test-html-series.c - unit tests for the HTML page's time series:
 * src/report/logread.c (fio's logs read back into windows, percentiles
 * from latency bins), src/report/svg.c and src/report/html-series.c
 * (charts, sentences for missing logs, incident markers, size of a long
 * run's charts).
 */
#include "compat.h"

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <sys/stat.h>

#include "report/html-priv.h"
#include "report/html.h"
#include "report/logread.h"
#include "report/svg.h"
#include "report/tslog.h"
#include "timeutil.h"

#ifdef CONFIG_JANSSON
#include <jansson.h>
#endif

static FILE *text_file(const char *s)
{
	FILE *f = tmpfile();

	assert_non_null(f);
	fputs(s, f);
	rewind(f);
	return f;
}

/* A scratch directory, removed (one level deep) by rm_dir(). */
static void mk_dir(char *tmpl)
{
	assert_non_null(mkdtemp(tmpl));
}

static void rm_dir(const char *dir)
{
	char cmd[256];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static VERIO_UNUSED void write_file(const char *dir, const char *name, const char *s)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(s, f);
	assert_int_equal(fclose(f), 0);
}

/* ---- logread ------------------------------------------------------------------- */

static void test_series__parse_plain(void **state)
{
	FILE *f = text_file("0, 100, 1, 4096, 0\n"
			    "3, 300, 1, 8192, 0\n"
			    "5, 7, 0, 4096, 0\n"
			    "not a line\n"
			    "9, 1, 5, 4096, 0\n");	/* ddir 5: not one */
	struct logread lr = { 0 };

	(void)state;
	assert_int_equal(logread_text(f, &lr), 0);
	fclose(f);
	assert_int_equal(lr.lines, 5);
	assert_int_equal(lr.bad, 2);
	assert_int_equal(lr.d[1].samples, 2);
	assert_int_equal(lr.d[0].samples, 1);
	assert_int_equal(lr.d[1].width_ms, 1);
	assert_int_equal(lr.d[1].nbins, 4);
	assert_int_equal(lr.d[1].b[3].bytes, 8192);
	assert_true(lr.d[1].b[3].sum == 300);
	assert_int_equal(lr.d[1].tmax, 3);
	assert_int_equal(lr.d[0].b[5].max, 7);
	assert_null(lr.d[2].b);
	logread_free(&lr);
}

/* log_offset and log_prio add columns after bs; value1 comes before ddir. */
static void test_series__parse_columns(void **state)
{
	FILE *f = text_file("10, 5, 1, 4096, 8192, 0x0000\n"
			    "11, 6, 1, 4096, 12288, 0x0000, 123456\n");
	FILE *g = text_file("10, 5, 9, 2, 0, 0\n");
	struct logread lr = { 0 }, l1 = { .flags = LOGREAD_F_VALUE1 };

	(void)state;
	assert_int_equal(logread_text(f, &lr), 0);
	assert_int_equal(lr.bad, 0);
	assert_int_equal(lr.d[1].samples, 2);
	assert_int_equal(lr.d[1].b[10].bytes, 4096);
	assert_int_equal(lr.d[1].b[11].max, 6);
	assert_int_equal(logread_text(g, &l1), 0);
	assert_int_equal(l1.bad, 0);
	assert_int_equal(l1.d[2].samples, 1);
	assert_int_equal(l1.d[2].b[10].max, 9);	/* value1: the window's max */
	assert_true(l1.d[2].b[10].sum == 5);
	fclose(f);
	fclose(g);
	logread_free(&lr);
	logread_free(&l1);
}

/* log_unix_epoch: times less the job's start, or the first time when unknown. */
static void test_series__epoch(void **state)
{
	FILE *f = text_file("1700000000500, 1, 1, 4096, 0\n1700000000900, 1, 1, 4096, 0\n");
	struct logread lr = { .base_ms = 1700000000000ULL }, l2 = { .flags = LOGREAD_F_REBASE };

	(void)state;
	assert_int_equal(logread_text(f, &lr), 0);
	assert_int_equal(lr.d[1].tmax, 900);
	assert_int_equal(lr.d[1].width_ms, 1);
	assert_int_equal(lr.d[1].b[500].n, 1);
	rewind(f);
	assert_int_equal(logread_text(f, &l2), 0);
	assert_int_equal(l2.d[1].tmax, 400);
	assert_int_equal(l2.d[1].b[0].n, 1);
	fclose(f);
	logread_free(&lr);
	logread_free(&l2);
}

/* A log_store_compressed log written by verio's own writer, read back. */
static void test_series__parse_fz(void **state)
{
	char dir[] = "/tmp/test-html-series-XXXXXX", path[128];
	struct tslog_conf c = { .path = path, .flags = TSLOG_F_STORE_GZ | TSLOG_F_OFFSET,
				.gz_chunk = 1024 };
	struct tslog_writer *w;
	struct logread lr = { 0 };
	struct tslog *l;
	uint64_t n = 0;
	int err = 0;

	(void)state;
	mk_dir(dir);
	snprintf(path, sizeof(path), "%s/x_bw.1.log.fz", dir);
	l = tslog_open(&c, &err);
	assert_non_null(l);
	assert_int_equal(tslog_writer_start(&w, &l, 1), 0);
	for (uint64_t i = 0; i < 3000; i++)
		tslog_add(l, i, 1000 + i, (unsigned)(i % 2), 4096, i * 4096);
	assert_int_equal(tslog_writer_stop(w), 0);
	assert_int_equal(logread_path(path, false, &lr), 0);
	assert_int_equal(lr.lines, 3000);
	assert_int_equal(lr.bad, 0);
	assert_int_equal(lr.d[0].samples, 1500);
	assert_int_equal(lr.d[1].samples, 1500);
	assert_int_equal(lr.d[1].tmax, 2999);
	for (unsigned i = 0; i < lr.d[0].nbins; i++)
		n += lr.d[0].b[i].bytes;
	assert_int_equal(n, 1500 * 4096);
	logread_free(&lr);
	memset(&lr, 0, sizeof(lr));
	snprintf(path, sizeof(path), "%s/none.log", dir);
	assert_int_equal(logread_path(path, false, &lr), -ENOENT);
	rm_dir(dir);
}

/* Per-I/O samples over 100 s fold into at most 1024 windows, nothing lost. */
static void test_series__binning(void **state)
{
	FILE *f = tmpfile();
	struct logread lr = { 0 };
	uint64_t n = 0, bytes = 0;

	(void)state;
	assert_non_null(f);
	for (unsigned t = 0; t < 100000; t++)
		fprintf(f, "%u, %u, 1, 512, %u, 0\n", t, t % 7, t * 512);
	rewind(f);
	assert_int_equal(logread_text(f, &lr), 0);
	fclose(f);
	/* 100000 ms / 1024 windows: 128 ms each, 782 of them. */
	assert_int_equal(lr.d[1].width_ms, 128);
	assert_int_equal(lr.d[1].nbins, 782);
	for (unsigned i = 0; i < LOGREAD_BINS; i++) {
		n += lr.d[1].b[i].n;
		bytes += lr.d[1].b[i].bytes;
		if (i + 1 < lr.d[1].nbins) {
			assert_int_equal(lr.d[1].b[i].n, 128);
			assert_int_equal(lr.d[1].b[i].max, 6);
		}
	}
	assert_int_equal(n, 100000);
	assert_int_equal(bytes, 100000 * 512);
	/* At least 1000 a window, unless 10 windows or fewer: 98 of 1024 ms. */
	logread_coarsen(&lr.d[1], 1000, 10);
	assert_int_equal(lr.d[1].width_ms, 1024);
	assert_int_equal(lr.d[1].nbins, 98);
	assert_int_equal(lr.d[1].b[0].n, 1024);
	logread_coarsen(&lr.d[1], 1000000, 200);	/* already few: unchanged */
	assert_int_equal(lr.d[1].nbins, 98);
	logread_free(&lr);
}

/* The compact bins cover fio's exactly, and percentiles land within a bin. */
static void test_series__percentiles(void **state)
{
	uint64_t *h = calloc(LATH_NR, sizeof(*h));
	static const double p[] = { 0.01, 0.5, 0.9, 0.99, 0.999 };

	(void)state;
	assert_non_null(h);
	assert_int_equal(lath_lo(0), 0);
	for (unsigned i = 0; i + 1 < LATH_NR; i++)
		assert_int_equal(lath_hi(i), lath_lo(i + 1));
	for (uint64_t v = 1; v < 1 << 22; v += 97)
		assert_true(lath_lo(lath_index(v)) <= v && v < lath_hi(lath_index(v)));
	/* Uniform 1000..100999 ns: the p-quantile is 1000 + p * 100000. */
	for (uint64_t v = 1000; v < 101000; v++)
		h[lath_index(v)]++;
	for (unsigned i = 0; i < ARRAY_SIZE(p); i++) {
		double want = 1000 + p[i] * 100000, got = (double)lath_percentile(h, p[i]);

		assert_true(fabs(got - want) / want < 0.065);
	}
	memset(h, 0, LATH_NR * sizeof(*h));
	assert_int_equal(lath_percentile(h, 0.5), 0);
	free(h);
}

/* A histogram log (fio's bins, here coarseness 1) gives the same percentiles. */
static void test_series__hist_log(void **state)
{
	uint64_t *plat = calloc(TSLOG_PLAT_NR, sizeof(*plat));
	struct logread lr = { 0 };
	FILE *f = tmpfile();
	double got;

	(void)state;
	assert_non_null(plat);
	assert_non_null(f);
	for (uint64_t v = 1000; v < 101000; v++)
		plat[tslog_plat_index(v)]++;
	/* Two lines, 100 ms apart, each half of the samples: 928 columns. */
	for (unsigned t = 0; t < 2; t++) {
		fprintf(f, "%u, 1, 4096", 100 + t * 100);
		for (unsigned j = 0; j < TSLOG_PLAT_NR; j += 2)
			fprintf(f, ", %" PRIu64, (plat[j] + plat[j + 1] + 1 - t) / 2);
		fputc('\n', f);
	}
	rewind(f);
	assert_int_equal(logread_hist(f, &lr), 0);
	assert_int_equal(lr.bad, 0);
	assert_int_equal(lr.d[1].samples, 100000);
	assert_non_null(lr.d[1].b[100].hist);
	got = (double)lath_percentile(lr.d[1].b[100].hist, 0.99);
	assert_true(fabs(got - 100000) / 100000 < 0.07);
	got = (double)lath_percentile(lr.d[1].b[200].hist, 0.5);
	assert_true(fabs(got - 51000) / 51000 < 0.07);
	assert_true(lr.d[1].b[200].max >= 100999 && lr.d[1].b[200].max < 107000);
	fclose(f);
	logread_free(&lr);
	free(plat);
}

/* ---- svg ------------------------------------------------------------------------ */

static void test_series__svg(void **state)
{
	struct svg_plot p = { .left = 10, .top = 0, .width = 100, .height = 50, .x0 = 0,
			      .x1 = 1000, .y0 = 0, .y1 = 10 };

	(void)state;
	assert_true(fabs(svg_x(&p, 500) - 60) < 1e-9);
	assert_true(fabs(svg_y(&p, 10) - 0) < 1e-9);
	assert_true(fabs(svg_y(&p, 0) - 50) < 1e-9);
	assert_true(svg_step(10, 5) == 2);
	assert_true(svg_step(7300, 8) == 1000);
	assert_true(svg_step(0.03, 5) == 0.005);
	assert_string_equal(svg_unit_rate(3.0 * 1024 * 1024).name, "MiB/s");
	assert_string_equal(svg_unit_ns(2500).name, "\xc2\xb5s");
	assert_string_equal(svg_unit_count(999).name, "");
	p.logy = true;
	p.y0 = 1;
	p.y1 = 1000;
	assert_true(fabs(svg_y(&p, 10) - 50.0 * 2 / 3) < 1e-9);
	assert_true(fabs(svg_y(&p, 0) - 50) < 1e-9);	/* below the axis: on it */
}

#ifdef CONFIG_JANSSON

/* The section of job @idx of @json, rendered with logs in @dir. */
static char *render(const char *json, unsigned idx, const char *dir, size_t *len)
{
	struct html_opts o = { .logdir = dir };
	json_error_t e;
	json_t *run = json_loads(json, 0, &e);
	char *buf = NULL;
	FILE *f;

	if (!run)
		fail_msg("bad test JSON: %s (line %d)", e.text, e.line);
	f = open_memstream(&buf, len);
	assert_non_null(f);
	assert_int_equal(html_job_series(f, run, json_array_get(json_object_get(run, "jobs"), idx),
					 &o), 0);
	assert_int_equal(fclose(f), 0);
	json_decref(run);
	return buf;
}

static unsigned count(const char *s, const char *what)
{
	unsigned n = 0;

	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

/* No logs at all: a sentence per chart that names the option. */
static void test_series__no_logs(void **state)
{
	char dir[] = "/tmp/test-html-series-XXXXXX";
	size_t len;
	char *out;

	(void)state;
	mk_dir(dir);
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"job options\": {\"rw\": \"write\"}}]}", 0,
		     dir, &len);
	assert_non_null(strstr(out, "<section class=\"series\" id=\"series-0\">"));
	assert_non_null(strstr(out, "<p class=\"nolog bw\">"));
	assert_non_null(strstr(out, "write_bw_log"));
	assert_non_null(strstr(out, "<p class=\"nolog iops\">"));
	assert_non_null(strstr(out, "<p class=\"nolog lat\">"));
	assert_null(strstr(out, "<svg"));
	free(out);
	/* Asked for but absent: the file named, escaped. */
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"job options\": "
		     "{\"write_bw_log\": \"<x&y>\"}}]}", 0, dir, &len);
	assert_non_null(strstr(out, "The bandwidth log &lt;x&amp;y&gt;_bw.1.log was not found"));
	assert_null(strstr(out, "<x&y>"));
	free(out);
	/* There but empty. */
	write_file(dir, "a_iops.1.log", "");
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"job options\": "
		     "{\"write_iops_log\": \"\"}}]}", 0, dir, &len);
	assert_non_null(strstr(out, "<p class=\"nolog iops\">The IOPS log a_iops.1.log holds no "
				    "samples."));
	free(out);
	/* Not even an object's keys: still a section. */
	out = render("{\"jobs\": [{}]}", 0, NULL, &len);
	assert_non_null(strstr(out, "</section>"));
	free(out);
	rm_dir(dir);
}

/*
 * A bw log: the chart, the phases shaded, an incident's marker at its
 * time (x = 72 + t / 1000 ms * 812 px), its title escaped; the log found
 * by its last name component; the job's place in "jobs" as its number.
 */
static void test_series__incident(void **state)
{
	char dir[] = "/tmp/test-html-series-XXXXXX", path[128];
	FILE *f;
	size_t len;
	char *out;

	(void)state;
	mk_dir(dir);
	snprintf(path, sizeof(path), "%s/pre_bw.2.log", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (unsigned t = 0; t < 1000; t++)
		fprintf(f, "%u, 1000, 1, 4096, 0, 0\n", t);
	assert_int_equal(fclose(f), 0);
	out = render("{\"jobs\": [{\"jobname\": \"first\"}, {\"jobname\": \"b\", \"job options\": "
		     "{\"write_bw_log\": \"elsewhere/pre\"},"
		     "\"phases\": [{\"name\": \"write\", \"start_ms\": 0, \"end_ms\": 800},"
		     " {\"name\": \"verify\", \"start_ms\": 800, \"end_ms\": 1000}],"
		     "\"interrupted_ms\": 900,"
		     "\"verify\": {\"incidents\": [{\"file\": \"a<b>&\\\"c\", \"offset\": 12288,"
		     " \"class\": \"bit_flips\", \"time_ms\": 500}]}, \"write\": {}}]}",
		     1, dir, &len);
	assert_non_null(strstr(out, "id=\"series-1\""));
	assert_non_null(strstr(out, "class=\"chart bw\""));
	assert_int_equal(count(out, "class=\"series write\""), 2);	/* bw, iops */
	assert_non_null(strstr(out, "<line class=\"incident\" data-time-ms=\"500\" "
				    "data-offset=\"12288\" x1=\"478.0\""));
	assert_non_null(strstr(out, "<title>bit_flips at offset 12288 of a&lt;b&gt;&amp;&quot;c"));
	assert_non_null(strstr(out, "<title>write phase: 0.000 s to 0.800 s</title>"));
	assert_non_null(strstr(out, "<rect class=\"phase verify\" x=\"721.6\""));
	assert_non_null(strstr(out, "<rect class=\"interrupted\" x=\"802.8\""));
	assert_non_null(strstr(out, "<title>interrupted at 0.900 s</title>"));
	assert_non_null(strstr(out, ">verify phase</text>"));
	/* 4096 bytes a ms: 4000 KiB/s, on a KiB/s or MiB/s axis. */
	assert_non_null(strstr(out, "bandwidth (MiB/s)"));
	/* The IOPS chart is counted from the same per-I/O log. */
	assert_non_null(strstr(out, "class=\"chart iops\""));
	free(out);
	rm_dir(dir);
}

/*
 * Averaged latency logs: the mean, with log_window_value=both its max
 * (value1) too, with log_max_value the max alone; per_job_logs=0 names.
 */
static void test_series__averaged(void **state)
{
	char dir[] = "/tmp/test-html-series-XXXXXX";
	size_t len;
	char *out;

	(void)state;
	mk_dir(dir);
	write_file(dir, "v_clat.log", "100, 50000, 90000, 1, 0, 0\n200, 60000, 70000, 1, 0, 0\n");
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"job options\": {\"write_lat_log\": \"v\","
		     " \"log_avg_msec\": \"100\", \"log_window_value\": \"both\","
		     " \"per_job_logs\": \"0\"}}]}", 0, dir, &len);
	assert_non_null(strstr(out, "class=\"chart lat\""));
	assert_non_null(strstr(out, "mean and maximum per window as logged (log_avg_msec=100)"));
	/* 50 and 60 us means, 90 and 70 us maxima, at 100 and 200 ms. */
	assert_int_equal(count(out, "class=\"series write-mean\""), 1);
	assert_int_equal(count(out, "class=\"series write-max\""), 1);
	free(out);
	write_file(dir, "m_lat.1.log", "100, 90000, 1, 0, 0\n");
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"job options\": {\"write_lat_log\": \"m\","
		     " \"log_avg_msec\": \"100\", \"log_max_value\": \"1\"}}]}", 0, dir, &len);
	assert_non_null(strstr(out, "Total latency maximum per window as logged"));
	assert_int_equal(count(out, "class=\"series write-max\""), 1);
	assert_int_equal(count(out, "class=\"series write-mean\""), 0);
	free(out);
	rm_dir(dir);
}

/* fio's percentile table layout, and the histogram from json+ bins. */
static void test_series__pct_table(void **state)
{
	size_t len;
	char *out;

	(void)state;
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"write\": {\"clat_ns\": {\"N\": 3,"
		     "\"percentile\": {\"50.000000\": 5000, \"1.000000\": 3000,"
		     " \"99.900000\": 123456, \"99.995000\": 123456},"
		     "\"bins\": {\"3008\": 1, \"5056\": 1, \"123904\": 1}}}}]}", 0, NULL, &len);
	assert_non_null(strstr(out, "<caption>write clat percentiles (usec)</caption>"));
	/* Sorted, three decimals as 99.995 needs, values rounded up to usec. */
	assert_non_null(strstr(out, "<tr><td> 1.000th=[    3]</td><td>50.000th=[    5]</td>"
				    "<td>99.900th=[  124]</td><td>99.995th=[  124]</td></tr>"));
	assert_non_null(strstr(out, "class=\"chart hist\""));
	assert_int_equal(count(out, "<rect class=\"bar write\""), 3);
	free(out);
	/* unified_rw_reporting=mixed: the one summed direction. */
	out = render("{\"jobs\": [{\"jobname\": \"a\", \"mixed\": {\"clat_ns\": {\"N\": 1,"
		     "\"percentile\": {\"50.000000\": 700}, \"bins\": {\"700\": 1}}}}]}", 0, NULL,
		     &len);
	assert_non_null(strstr(out, "<caption>mixed clat percentiles (nsec)</caption>"));
	assert_non_null(strstr(out, "<td>50.00th=[  700]</td>"));
	assert_int_equal(count(out, "<rect class=\"bar mixed\""), 1);
	free(out);
}

/*
 * A 1-hour run of 4 jobs with per-second (log_avg_msec=1000) bw, iops and
 * lat logs, reads and writes: each job's section stays small and quick.
 */
static void test_series__hour(void **state)
{
	char dir[] = "/tmp/test-html-series-XXXXXX", path[160], *json;
	static const char *const type[] = { "bw", "iops", "clat", "lat", "slat" };
	size_t total = 0, jlen;
	uint64_t t0, ns;
	FILE *js = open_memstream(&json, &jlen);

	(void)state;
	assert_non_null(js);
	mk_dir(dir);
	fputs("{\"jobs\": [", js);
	for (unsigned j = 0; j < 4; j++) {
		for (unsigned k = 0; k < ARRAY_SIZE(type); k++) {
			FILE *f;

			snprintf(path, sizeof(path), "%s/j%u_%s.%u.log", dir, j, type[k], j + 1);
			f = fopen(path, "w");
			assert_non_null(f);
			for (unsigned s = 1; s <= 3600; s++)
				for (unsigned d = 0; d < 2; d++)
					fprintf(f, "%u, %u, %u, 0, 0\n", s * 1000,
						k < 2 ? 50000 + (s * 37 + d * 11) % 9000
						      : 80000 + (s * 53) % 20000, d);
			assert_int_equal(fclose(f), 0);
		}
		fprintf(js, "%s{\"jobname\": \"j%u\", \"job_index\": %u, \"job options\": "
			     "{\"write_bw_log\": \"j%u\", \"write_iops_log\": \"j%u\","
			     " \"write_lat_log\": \"j%u\", \"log_avg_msec\": \"1000\"},"
			     "\"phases\": [{\"name\": \"write\", \"start_ms\": 0,"
			     " \"end_ms\": 3600000}],"
			     "\"read\": {\"clat_ns\": {\"N\": 100, \"percentile\": "
			     "{\"50.000000\": 80000, \"99.000000\": 99000}}},"
			     "\"write\": {\"clat_ns\": {\"N\": 100, \"percentile\": "
			     "{\"50.000000\": 80000, \"99.000000\": 99000}}}}",
			     j ? ", " : "", j, j, j, j, j);
	}
	fputs("]}", js);
	assert_int_equal(fclose(js), 0);
	t0 = now_ns();
	for (unsigned j = 0; j < 4; j++) {
		size_t len;
		char *out = render(json, j, dir, &len);

		assert_int_equal(count(out, "<polyline"), 6);	/* 2 bw, 2 iops, 2 lat means */
		assert_int_equal(count(out, "class=\"nolog"), 1);	/* no histogram */
		total += len;
		free(out);
	}
	ns = now_ns() - t0;
	print_message("1-hour 4-job per-second logs: series sections %zu bytes, %.1f ms\n",
		      total, (double)ns / 1e6);
	assert_true(total < 4 * 200 * 1024);
	free(json);
	rm_dir(dir);
}

#endif /* CONFIG_JANSSON */

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_series__parse_plain),
		cmocka_unit_test(test_series__parse_columns),
		cmocka_unit_test(test_series__epoch),
		cmocka_unit_test(test_series__parse_fz),
		cmocka_unit_test(test_series__binning),
		cmocka_unit_test(test_series__percentiles),
		cmocka_unit_test(test_series__hist_log),
		cmocka_unit_test(test_series__svg),
#ifdef CONFIG_JANSSON
		cmocka_unit_test(test_series__no_logs),
		cmocka_unit_test(test_series__incident),
		cmocka_unit_test(test_series__averaged),
		cmocka_unit_test(test_series__pct_table),
		cmocka_unit_test(test_series__hour),
#endif
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
