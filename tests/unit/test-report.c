/*
 * test-report.c - unit tests for the output formats (src/report/):
 * a synthetic report rendered as JSON, normal text and terse lines, the
 * formats table, and reports built from flat job results.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "report/build.h"
#include "report/formats.h"
#include "report/report.h"
#include "report/result.h"

struct fixture {
	struct report r;
	struct report_job job;
	struct report_group group;
	struct result_opts o;
	struct result_kv kv[3];
	char *text;		/* last rendering */
	size_t len;
};

/* 1000 writes of 4 KiB over 2 s: 2000 KiB/s, 500 IOPS; clat 30..129 us. */
static void fill_stats(struct job_stats *s)
{
	job_stats_init(s);
	for (unsigned i = 0; i < 1000; i++) {
		struct io_u u;

		memset(&u, 0, sizeof(u));
		u.ddir = DDIR_WRITE;
		u.len = u.done = 4096;
		u.depth = 1;
		u.t_prep = 1000000000ULL + i * 2000000ULL;
		u.t_issue = u.t_prep + 500;
		u.t_comp = u.t_issue + 30000 + (i % 100) * 1000;
		stats_account_io(s, &u);
		/* 999 submits of one I/O, one of 10; 1000 single reaps, one empty */
		stats_account_submit(s, i ? 1 : 10);
		stats_account_complete(s, 1);
	}
	stats_account_complete(s, 0);
	runstat_add(&s->dir[DDIR_WRITE].bw_samples, 1900);
	runstat_add(&s->dir[DDIR_WRITE].bw_samples, 2100);
	runstat_add(&s->dir[DDIR_WRITE].iops_samples, 475);
	runstat_add(&s->dir[DDIR_WRITE].iops_samples, 525);
	s->runtime_ns = 2000000000ULL;
	s->usr_cpu = 1.5;
	s->sys_cpu = 12.25;
	s->ctx = 1001;
	s->minf = 9;
}

static void fill_options(struct result_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->ioengine = (char *)"psync";
	o->rw = RESULT_RW_WRITE | RESULT_RW_RAND;
	for (unsigned d = 0; d < 2; d++)
		o->min_bs[d] = o->max_bs[d] = 4096;
	o->iodepth = 1;
	o->kb_base = 1024;
	o->clat_percentiles = true;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	fill_options(&f->o);
	fill_stats(&f->job.st);
	f->kv[0] = (struct result_kv){ (char *)"name", (char *)"w1" };
	f->kv[1] = (struct result_kv){ (char *)"rw", (char *)"randwrite" };
	f->kv[2] = (struct result_kv){ (char *)"time_based", NULL };
	f->job.name = "w1";
	f->job.nr_merged = 1;
	f->job.o = &f->o;
	f->job.kv = f->kv;
	f->job.kv_nr = 3;
	f->job.elapsed_s = 2;
	f->job.pid = 4242;
	report_group_init(&f->group, 0);
	report_group_add(&f->group, &f->job);
	report_group_finish(&f->group);
	f->r.jobs = &f->job;
	f->r.nr_jobs = 1;
	f->r.groups = &f->group;
	f->r.nr_groups = 1;
	f->r.timestamp_s = 1795262585;
	f->r.timestamp_ms = 1795262585119ULL;
	f->r.time_str = "Sat Nov 21 12:03:05 2026";
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->text);
	free(f);
	return 0;
}

static const char *render(struct fixture *f, void (*fmt)(FILE *, const struct report *))
{
	FILE *m;

	free(f->text);
	f->text = NULL;
	m = open_memstream(&f->text, &f->len);
	assert_non_null(m);
	fmt(m, &f->r);
	assert_int_equal(fclose(m), 0);
	return f->text;
}

static void assert_has(const char *text, const char *want)
{
	if (!strstr(text, want))
		fail_msg("missing '%s' in:\n%s", want, text);
}

static void assert_lacks(const char *text, const char *unwanted)
{
	if (strstr(text, unwanted))
		fail_msg("unexpected '%s' in:\n%s", unwanted, text);
}

/* The text between the first `"key" : {` and its closing brace. */
static char *json_section(const char *text, const char *key)
{
	char pat[64];
	const char *p, *end;

	snprintf(pat, sizeof(pat), "\"%s\" : {", key);
	p = strstr(text, pat);
	assert_non_null(p);
	end = strstr(p, "\n      }");
	assert_non_null(end);
	return strndup(p, (size_t)(end - p));
}

static void test_report__json_values(void **state)
{
	static const char head[] = "{\n  \"fio version\" : \"verio-0.1\",\n"
				   "  \"verio version\" : \"verio-0.1\",\n  \"timestamp\" : ";
	struct fixture *f = *state;
	const char *t = render(f, report_json);
	char *w;

	/* "fio version" is the first key, where fio has it; verio's follows. */
	assert_true(!strncmp(t, head, strlen(head)));
	assert_has(t, "\"timestamp\" : 1795262585,\n");
	assert_has(t, "\"timestamp_ms\" : 1795262585119,\n");
	assert_has(t, "\"time\" : \"Sat Nov 21 12:03:05 2026\",\n");
	assert_lacks(t, "global options");
	assert_has(t, "\"jobname\" : \"w1\",\n");
	assert_has(t, "\"job options\" : {\n        \"name\" : \"w1\",\n"
		   "        \"rw\" : \"randwrite\"\n      },\n");
	assert_lacks(t, "time_based");	/* fio leaves out bare flags */

	w = strstr(t, "\"write\" : {");
	assert_non_null(w);
	assert_has(w, "\"io_bytes\" : 4096000,\n");
	assert_has(w, "\"io_kbytes\" : 4000,\n");
	assert_has(w, "\"bw_bytes\" : 2048000,\n");
	assert_has(w, "\"bw\" : 2000,\n");
	assert_has(w, "\"iops\" : 500.000000,\n");
	assert_has(w, "\"runtime\" : 2000,\n");
	assert_has(w, "\"total_ios\" : 1000,\n");
	assert_has(w, "\"bw_mean\" : 2000.000000,\n");
	assert_has(w, "\"bw_agg\" : 100.000000,\n");
	assert_has(w, "\"iops_samples\" : 2\n");
	assert_has(t, "\"job_runtime\" : 2000,\n");
	assert_has(t, "\"usr_cpu\" : 1.500000,\n");
	assert_has(t, "\"iodepth_level\" : {\n        \"1\" : 100.000000,\n");
	/* fio's keys; a bucket that counted anything shows at least 0.1 % */
	assert_has(t, "\"iodepth_submit\" : {\n        \"0\" : 0.000000,\n"
		   "        \"4\" : 99.900000,\n        \"8\" : 0.000000,\n"
		   "        \"16\" : 0.100000,\n        \"32\" : 0.000000,\n"
		   "        \"64\" : 0.000000,\n        \">=64\" : 0.000000\n      },\n"
		   "      \"iodepth_complete\" : {\n        \"0\" : 0.100000,\n"
		   "        \"4\" : 99.900100,\n");
	assert_has(t, "\"latency_us\" : {\n");
	assert_has(t, "\"latency_depth\" : 1,\n");
	assert_has(t, "  \"disk_util\" : [],\n  \"interrupted\" : false,\n"
		   "  \"verio schema\" : 1\n}\n");
}

static void test_report__json_idle_directions_zero(void **state)
{
	struct fixture *f = *state;
	const char *t = render(f, report_json);
	char *rd = json_section(t, "read"), *tr = json_section(t, "trim");

	assert_has(rd, "\"io_bytes\" : 0,\n");
	assert_has(rd, "\"runtime\" : 0,\n");
	assert_has(rd, "\"bw_agg\" : 0.000000,\n");
	assert_lacks(rd, "percentile");
	assert_has(tr, "\"total_ios\" : 0,\n");
	assert_has(t, "\"sync\" : {\n        \"total_ios\" : 0,\n");
	free(rd);
	free(tr);
}

/* Percentile maps only where fio 3.33 prints them. */
static void test_report__json_percentile_maps(void **state)
{
	struct fixture *f = *state;
	const char *t = render(f, report_json);
	const char *clat = strstr(strstr(t, "\"write\""), "\"clat_ns\"");
	const char *lat = strstr(clat, "\"lat_ns\"");
	const char *pct = strstr(clat, "\"percentile\" : {");

	assert_non_null(pct);
	assert_true(pct < lat);
	assert_has(clat, "\"1.000000\" : ");
	assert_has(clat, "\"99.990000\" : ");
	assert_true(strstr(lat, "\"percentile\"") == NULL ||
		    strstr(lat, "\"percentile\"") > strstr(lat, "\"bw_min\""));

	f->o.lat_percentiles = true;
	f->o.slat_percentiles = true;
	f->o.percentile_nr = 2;
	f->o.percentile_list[0] = 99.5;
	f->o.percentile_list[1] = 50;
	t = render(f, report_json);
	lat = strstr(strstr(strstr(t, "\"write\""), "\"clat_ns\""), "\"lat_ns\"");
	assert_has(lat, "\"percentile\" : {\n            \"50.000000\" : ");
	assert_has(t, "\"99.500000\" : ");
	assert_lacks(t, "\"1.000000\" : ");
}

static void test_report__json_global_options(void **state)
{
	struct fixture *f = *state;
	struct result_kv g[] = { { (char *)"ioengine", (char *)"null" } };
	const char *t;

	f->r.global_kv = g;
	f->r.global_kv_nr = 1;
	t = render(f, report_json);
	assert_has(t, "\"time\" : \"Sat Nov 21 12:03:05 2026\",\n"
		   "  \"global options\" : {\n    \"ioengine\" : \"null\"\n  },\n"
		   "  \"jobs\" : [\n");
}

/* The document parses, and the values scripts read are right. */
static void test_report__json_parses(void **state)
{
	struct fixture *f = *state;
	char path[] = "/tmp/verio-test-report-XXXXXX", cmd[512], out[256] = "";
	const char *t = render(f, report_json);
	FILE *p;
	int fd;

	if (system("python3 -c 'import json' 2>/dev/null") != 0) {
		skip();
		return;
	}
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, t, f->len), (ssize_t)f->len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); "
		 "w=d[\"jobs\"][0][\"write\"]; print(d[\"fio version\"], d[\"verio version\"], w[\"io_bytes\"], "
		 "w[\"bw\"], w[\"iops\"], w[\"runtime\"], len(w[\"clat_ns\"][\"percentile\"]))' %s",
		 path);
	p = popen(cmd, "r");
	assert_non_null(p);
	assert_non_null(fgets(out, sizeof(out), p));
	assert_int_equal(pclose(p), 0);
	unlink(path);
	assert_string_equal(out, "verio-0.1 verio-0.1 4096000 2000 500.0 2000 17\n");
}

static void test_report__normal_job(void **state)
{
	struct fixture *f = *state;
	const char *t = render(f, report_normal);

	assert_has(t, "w1: (groupid=0, jobs=1): err= 0: pid=4242: Sat Nov 21 12:03:05 2026\n"
		   "  write: IOPS=500, BW=2000KiB/s (2048kB/s)(4000KiB/2000msec)\n"
		   "    slat (nsec): min=500, max=500, avg=500.00, stdev= 0.00\n"
		   "    clat (usec): min=30, max=129, avg=79.50, stdev=28.88\n"
		   "     lat (usec): min=30, max=129, avg=80.00, stdev=28.88\n"
		   "    clat percentiles (usec):\n"
		   "     |  1.00th=[   31],  5.00th=[   34], 10.00th=[   40], 20.00th=[   50],\n"
		   "     | 30.00th=[   60], 40.00th=[   69], 50.00th=[   80], 60.00th=[   89],\n"
		   "     | 70.00th=[  100], 80.00th=[  109], 90.00th=[  120], 95.00th=[  125],\n"
		   "     | 99.00th=[  129], 99.50th=[  129], 99.90th=[  129], 99.95th=[  129],\n"
		   "     | 99.99th=[  129]\n"
		   "   bw (  KiB/s): min= 1900, max= 2100, per=100.00%, avg=2000.00, "
		   "stdev=141.42, samples=2\n"
		   "   iops        : min=  475, max=  525, avg=500.00, stdev=35.36, samples=2\n"
		   "  lat (usec)   : 50=20.00%, 100=50.00%, 250=30.00%\n"
		   "  cpu          : usr=1.50%, sys=12.25%, ctx=1001, majf=0, minf=9\n"
		   "  IO depths    : 1=100.0%, 2=0.0%, 4=0.0%, 8=0.0%, 16=0.0%, 32=0.0%, >=64=0.0%\n"
		   "     submit    : 0=0.0%, 4=99.9%, 8=0.0%, 16=0.1%, 32=0.0%, 64=0.0%, >=64=0.0%\n"
		   "     complete  : 0=0.1%, 4=99.9%, 8=0.0%, 16=0.0%, 32=0.0%, 64=0.0%, >=64=0.0%\n"
		   "     issued rwts: total=0,1000,0,0 short=0,0,0,0 dropped=0,0,0,0\n"
		   "     latency   : target=0, window=0, percentile=100.00%, depth=1\n"
		   "\nRun status group 0 (all jobs):\n"
		   "  WRITE: bw=2000KiB/s (2048kB/s), 2000KiB/s-2000KiB/s (2048kB/s-2048kB/s), "
		   "io=4000KiB (4096kB), run=2000-2000msec\n");
	assert_lacks(t, "  read:");
	assert_lacks(t, "READ:");
	assert_lacks(t, "Description");
}

static void test_report__normal_error_and_description(void **state)
{
	struct fixture *f = *state;
	const char *t;

	f->job.error = EIO;
	f->job.description = "a test job";
	t = render(f, report_normal);
	assert_has(t, "w1: (groupid=0, jobs=1): err= 5 (Input/output error): pid=4242: ");
	assert_has(t, "\n  Description  : [a test job]\n  write: IOPS=");
	f->job.errmsg = "write error on 'f' at offset 0, length 4096";
	t = render(f, report_normal);
	assert_has(t, "err= 5 (write error on 'f' at offset 0, length 4096): pid=4242");
}

/* 4 per row up to 3 decimals, 3 per row beyond, as fio. */
static void test_report__normal_percentile_rows(void **state)
{
	struct fixture *f = *state;
	const char *t;

	f->o.percentile_nr = 5;
	memcpy(f->o.percentile_list, (double[]){ 50, 90, 95, 99, 99.5 }, 5 * sizeof(double));
	t = render(f, report_normal);
	assert_has(t, "    clat percentiles (usec):\n"
		   "     | 50.0th=[   80], 90.0th=[  120], 95.0th=[  125], 99.0th=[  129],\n"
		   "     | 99.5th=[  129]\n");

	f->o.percentile_nr = 4;
	memcpy(f->o.percentile_list, (double[]){ 1, 2, 3, 99.9999 }, 4 * sizeof(double));
	f->o.lat_percentiles = true;
	t = render(f, report_normal);
	assert_has(t, "    clat percentiles (usec):\n"
		   "     |  1.0000th=[   31],  2.0000th=[   32],  3.0000th=[   33],\n"
		   "     | 99.9999th=[  129]\n"
		   "    lat percentiles (usec):\n");
}

static void test_report__normal_bits_and_kb_base(void **state)
{
	struct fixture *f = *state;
	const char *t;

	f->o.unit_base = 1;
	report_group_init(&f->group, 0);
	report_group_add(&f->group, &f->job);
	report_group_finish(&f->group);
	t = render(f, report_normal);
	assert_has(t, "  write: IOPS=500, BW=15.6Mibit/s (16.4Mbit/s)(4000KiB/2000msec)\n");
	assert_has(t, "  WRITE: bw=15.6Mibit/s (16.4Mbit/s), ");

	f->o.unit_base = 0;
	f->o.kb_base = 1000;
	report_group_init(&f->group, 0);
	report_group_add(&f->group, &f->job);
	report_group_finish(&f->group);
	t = render(f, report_normal);
	assert_has(t, "  write: IOPS=500, BW=2048kB/s (2000KiB/s)(4096kB/2000msec)\n");
	assert_has(t, "io=4096kB (4000KiB), run=2000-2000msec\n");
}

static void test_report__job_header(void **state)
{
	struct fixture *f = *state;
	struct job_result res = { .name = (char *)"w1", .groupid = 3 };
	char *buf = NULL;
	size_t len;
	FILE *m = open_memstream(&buf, &len);

	res.o = f->o;
	res.o.min_bs[DDIR_READ] = 4096;
	res.o.max_bs[DDIR_READ] = 131072;
	res.o.min_bs[DDIR_WRITE] = res.o.max_bs[DDIR_WRITE] = 65536;
	res.o.iodepth = 16;
	report_job_header(m, &res);
	res.o.rw = RESULT_RW_READ | RESULT_RW_WRITE;
	res.groupid = 0;
	report_job_header(m, &res);
	fclose(m);
	assert_string_equal(buf,
		"w1: (g=3): rw=randwrite, bs=(R) 4096B-128KiB, (W) 64.0KiB-64.0KiB, "
		"(T) 64.0KiB-64.0KiB, ioengine=psync, iodepth=16\n"
		"w1: (g=0): rw=rw, bs=(R) 4096B-128KiB, (W) 64.0KiB-64.0KiB, "
		"(T) 64.0KiB-64.0KiB, ioengine=psync, iodepth=16\n");
	free(buf);
}

/* Split a terse line into its ';' fields (modifies line). */
static size_t split(char *line, char **fields, size_t max)
{
	size_t n = 0;
	char *save = NULL;

	line[strcspn(line, "\n")] = '\0';
	for (char *p = strtok_r(line, ";", &save); p && n < max; p = strtok_r(NULL, ";", &save))
		fields[n++] = p;
	return n;
}

static void test_report__terse_fields(void **state)
{
	struct fixture *f = *state;
	char *fl[200], *line;
	size_t n;

	line = strdup(render(f, report_terse));
	assert_int_equal(strchr(line, '\n') - line + 1, (ptrdiff_t)strlen(line));
	n = split(line, fl, ARRAY_SIZE(fl));
	assert_int_equal(n, 121);
	assert_string_equal(fl[0], "3");
	assert_string_equal(fl[1], "verio-0.1");
	assert_string_equal(fl[2], "w1");
	assert_string_equal(fl[3], "0");
	assert_string_equal(fl[4], "0");
	assert_string_equal(fl[5], "0");		/* read KiB */
	assert_string_equal(fl[17], "0%=0");		/* no read percentiles */
	assert_string_equal(fl[46], "4000");		/* write KiB */
	assert_string_equal(fl[47], "2000");		/* KiB/s */
	assert_string_equal(fl[48], "500");		/* IOPS */
	assert_string_equal(fl[49], "2000");		/* msec */
	assert_string_equal(fl[50], "0");		/* slat min, usec */
	assert_string_equal(fl[54], "30");		/* clat min, usec */
	assert_string_equal(fl[55], "129");
	assert_string_equal(fl[56], "79.500000");
	assert_string_equal(fl[58], "1.000000%=30");	/* usec, truncated */
	assert_string_equal(fl[74], "99.990000%=128");
	assert_string_equal(fl[75], "0%=0");
	assert_string_equal(fl[82], "1900");		/* bw min */
	assert_string_equal(fl[84], "100.000000%");
	assert_string_equal(fl[87], "1.500000%");	/* usr cpu */
	assert_string_equal(fl[89], "1001");
	assert_string_equal(fl[92], "100.0%");		/* depth 1 */
	assert_string_equal(fl[99], "0.00%");		/* < 2 usec */
	assert_string_equal(fl[103], "20.00%");		/* < 50 usec */
	free(line);
}

static void test_report__terse_optional_fields(void **state)
{
	struct fixture *f = *state;
	char *fl[200], *line;

	f->job.description = "desc";
	f->o.continue_on_error = true;
	f->job.st.nr_errors = 7;
	f->job.st.first_error = EIO;
	line = strdup(render(f, report_terse));
	assert_int_equal(split(line, fl, ARRAY_SIZE(fl)), 124);
	assert_string_equal(fl[121], "7");
	assert_string_equal(fl[122], "5");
	assert_string_equal(fl[123], "desc");
	free(line);
}

/* A dm device over two disks, then a plain one: fio's three layouts. */
static const struct disk_util_result disks[] = {
	{ .name = "dm-0", .ios = { 100, 200 }, .merges = { 0, 0 }, .ticks = { 30, 60 },
	  .io_ticks = 250, .in_queue = 90, .msec = 1000, .master = -1, .nr_slaves = 2 },
	{ .name = "vdb", .ios = { 50, 101 }, .merges = { 1, 3 }, .ticks = { 10, 20 },
	  .io_ticks = 400, .in_queue = 31, .msec = 1000, .master = 0 },
	{ .name = "vdc", .ios = { 50, 99 }, .merges = { 3, 5 }, .ticks = { 12, 22 },
	  .io_ticks = 2000, .in_queue = 29, .msec = 1000, .master = 0 },
	{ .name = "vda", .ios = { 0, 1149 }, .merges = { 0, 1 }, .ticks = { 0, 70 },
	  .io_ticks = 0, .in_queue = 100, .msec = 0, .master = -1 },
};

static void test_report__disk_util(void **state)
{
	struct fixture *f = *state;
	char *fl[200], *line;
	const char *t;

	f->r.disks = disks;
	f->r.nr_disks = ARRAY_SIZE(disks);
	t = render(f, report_json);
	assert_has(t, "\"disk_util\" : [\n    {\n      \"name\" : \"dm-0\",\n"
		   "      \"read_ios\" : 100,\n      \"write_ios\" : 200,\n"
		   "      \"read_merges\" : 0,\n      \"write_merges\" : 0,\n"
		   "      \"read_ticks\" : 30,\n      \"write_ticks\" : 60,\n"
		   "      \"in_queue\" : 90,\n      \"util\" : 25.000000,\n"
		   "      \"aggr_read_ios\" : 50,\n      \"aggr_write_ios\" : 100,\n"
		   "      \"aggr_read_merges\" : 2,\n      \"aggr_write_merge\" : 4,\n"
		   "      \"aggr_read_ticks\" : 11,\n      \"aggr_write_ticks\" : 21,\n"
		   "      \"aggr_in_queue\" : 30,\n      \"aggr_util\" : 100.000000\n    },\n");
	/* a device without slaves has no aggr keys; no time sampled, util 0 */
	assert_has(t, "\"name\" : \"vdb\",");
	assert_has(t, "\"in_queue\" : 100,\n      \"util\" : 0.000000\n    }\n  ],\n");
	t = render(f, report_normal);
	assert_has(t, "\nDisk stats (read/write):\n"
		   "    dm-0: ios=100/200, merge=0/0, ticks=30/60, in_queue=90, util=25.00%, "
		   "aggrios=50/100, aggrmerge=2/4, aggrticks=11/21, aggrin_queue=30, "
		   "aggrutil=100.00%\n"
		   "  vdb: ios=50/101, merge=1/3, ticks=10/20, in_queue=31, util=40.00%\n"
		   "  vdc: ios=50/99, merge=3/5, ticks=12/22, in_queue=29, util=100.00%\n"
		   "  vda: ios=0/1149, merge=0/1, ticks=0/70, in_queue=100, util=0.00%\n");
	line = strdup(render(f, report_terse));
	/* 121 job fields, then 9 per device and 9 more for dm-0's slaves */
	assert_int_equal(split(line, fl, ARRAY_SIZE(fl)), 121 + 4 * 9 + 9);
	assert_string_equal(fl[121], "dm-0");
	assert_string_equal(fl[129], "25.00%");
	assert_string_equal(fl[130], "slaves");
	assert_string_equal(fl[131], "50");
	assert_string_equal(fl[138], "100.00%");
	assert_string_equal(fl[139], "vdb");
	assert_string_equal(fl[157], "vda");
	assert_string_equal(fl[159], "1149");
	free(line);
}

static void test_report__group_totals(void **state)
{
	struct fixture *f = *state;
	struct report_job *other = calloc(1, sizeof(*other));
	struct report_group g;

	assert_non_null(other);
	*other = f->job;
	other->st.runtime_ns = 4000000000ULL;	/* same bytes, half the rate */
	report_group_init(&g, 0);
	report_group_add(&g, &f->job);
	report_group_add(&g, other);
	report_group_finish(&g);
	assert_int_equal(g.io_bytes[DDIR_WRITE], 8192000);
	assert_int_equal(g.min_run_ns[DDIR_WRITE], 2000000000ULL);
	assert_int_equal(g.max_run_ns[DDIR_WRITE], 4000000000ULL);
	assert_int_equal(g.min_bw[DDIR_WRITE], 1024000);
	assert_int_equal(g.max_bw[DDIR_WRITE], 2048000);
	assert_int_equal(g.agg_bw[DDIR_WRITE], 2048000);
	assert_int_equal(g.max_run_ns[DDIR_READ], 0);
	assert_int_equal(g.agg_bw[DDIR_READ], 0);
	assert_int_equal(g.kb_base, 1024);
	free(other);
}

/* A job's share of its group's bandwidth ("per=") and the group lines. */
static void test_report__two_jobs_share(void **state)
{
	struct fixture *f = *state;
	struct report_job *jobs = calloc(2, sizeof(*jobs));
	const char *t;

	assert_non_null(jobs);
	jobs[0] = f->job;
	jobs[1] = f->job;
	jobs[1].name = "w2";
	report_group_init(&f->group, 0);
	report_group_add(&f->group, &jobs[0]);
	report_group_add(&f->group, &jobs[1]);
	report_group_finish(&f->group);
	f->r.jobs = jobs;
	f->r.nr_jobs = 2;
	t = render(f, report_normal);
	assert_has(t, "per=50.00%");
	assert_has(t, "     latency   : target=0, window=0, percentile=100.00%, depth=1\n"
		   "w2: (groupid=0, jobs=1)");
	assert_has(t, "  WRITE: bw=4000KiB/s (4096kB/s), 2000KiB/s-2000KiB/s (2048kB/s-2048kB/s), "
		   "io=8000KiB (8192kB), run=2000-2000msec\n");
	t = render(f, report_terse);
	assert_int_equal(strchr(strchr(t, '\n') + 1, '\n') - t + 1, (ptrdiff_t)f->len);
	assert_has(t, ";50.000000%;");
	f->r.jobs = &f->job;
	f->r.nr_jobs = 1;
	free(jobs);
}

/* The formats table: lookup, selection bits, the names in messages. */
static void test_report__formats_table(void **state)
{
	struct fixture *f = *state;
	const struct report_format *n = report_format_find("normal");
	const struct report_format *j = report_format_find("json");
	const struct report_format *t = report_format_find("terse");
	const struct report_format *jp = report_format_find("json+");
	char names[64], *buf = NULL;
	size_t len;
	FILE *m;

	assert_non_null(n);
	assert_non_null(j);
	assert_non_null(t);
	assert_null(report_format_find("xml"));
	assert_null(report_format_find(NULL));
	/* the page is last: built with jansson, otherwise named but refused */
	assert_int_equal(report_format_bit(report_format_find("html")), 16);
#ifdef CONFIG_JANSSON
	assert_true(report_format_find("html")->print == report_html);
#else
	assert_null(report_format_find("html")->print);
#endif
	/* The bits the selection had before the table: a contract of sorts. */
	assert_int_equal(report_format_bit(n), 1);
	assert_int_equal(report_format_bit(j), 2);
	assert_int_equal(report_format_bit(t), 4);
	assert_true(n->print == report_normal && j->print == report_json &&
		    t->print == report_terse);
	assert_non_null(jp);
	assert_true(jp->print == report_json_plus);
	assert_int_equal(report_format_bit(jp), 8);
#ifdef CONFIG_JANSSON
	assert_string_equal(report_format_names(names, sizeof(names)),
			    "normal, json, terse, json+ or html");
#else	/* html is refused, with why (report/formats.c) */
	assert_string_equal(report_format_names(names, sizeof(names)),
			    "normal, json, terse or json+");
#endif
	/* fio's order, whatever the selection's: terse, JSON, then normal. */
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	report_print(m, report_format_bit(n) | report_format_bit(j) | report_format_bit(t),
		     &f->r);
	assert_int_equal(fclose(m), 0);
	assert_true(!strncmp(buf, "3;verio-", 8));
	assert_non_null(strstr(buf, "\n{\n  \"fio version\""));
	assert_non_null(strstr(buf, "\n}\nw1: (groupid=0, jobs=1)"));
	free(buf);
	/* json+ with json: one document, with the bins. */
	m = open_memstream(&buf, &len);
	assert_non_null(m);
	report_print(m, report_format_bit(j) | report_format_bit(jp), &f->r);
	assert_int_equal(fclose(m), 0);
	assert_true(!strncmp(buf, "{\n", 2));
	assert_null(strstr(buf + 1, "\n{"));
	assert_non_null(strstr(buf, "\"bins\" : {"));
	free(buf);
}

/*
 * json+: "bins" after each printed percentile map, keyed by fio's bucket
 * values, counts adding up to N; none in plain JSON.
 */
static void test_report__json_plus_bins(void **state)
{
	struct fixture *f = *state;
	const char *t = render(f, report_json);
	const char *clat, *lat, *bins, *end, *p;
	uint64_t sum = 0;

	assert_lacks(t, "\"bins\"");
	t = render(f, report_json_plus);
	clat = strstr(strstr(t, "\"write\" : {"), "\"clat_ns\" : {");
	lat = strstr(clat, "\"lat_ns\" : {");
	bins = strstr(clat, "\"bins\" : {");
	assert_non_null(bins);
	assert_true(bins < lat);
	assert_true(strstr(clat, "\"percentile\" : {") < bins);
	/* clat from 30000 ns: fio names that bucket [29952, 30208) 30080. */
	assert_has(bins, "\"bins\" : {\n            \"30080\" : ");
	end = strstr(bins, "}");
	for (p = strstr(bins, "\" : "); p && p < end; p = strstr(p + 1, "\" : "))
		sum += strtoull(p + 4, NULL, 10);
	assert_int_equal(sum, 1000);
	/* slat and lat print no percentiles by default, so no bins either. */
	assert_true(strstr(lat, "\"bins\"") == NULL ||
		    strstr(lat, "\"bins\"") > strstr(lat, "\"bw_min\""));
	assert_true(strstr(strstr(t, "\"write\" : {"), "\"bins\"") == bins);
}

/* A flat result like the run's: owned copies, released by the report layer. */
static struct job_result *results_new(const struct fixture *f, size_t nr)
{
	struct job_result *res = calloc(nr, sizeof(*res));

	assert_non_null(res);
	for (size_t i = 0; i < nr; i++) {
		res[i].name = strdup(i ? "w2" : "w1");
		res[i].jobnum = (unsigned)i;
		res[i].pid = 100 + (int)i;
		res[i].elapsed_ns = 1000000001ULL * (i + 1);	/* rounds up: 2 s, 3 s */
		res[i].st = f->job.st;
		res[i].o = f->o;
		res[i].o.ioengine = strdup("psync");
		res[i].kv = calloc(1, sizeof(*res[i].kv));
		assert_non_null(res[i].kv);
		res[i].kv[0].name = strdup("rw");
		res[i].kv[0].value = strdup("randwrite");
		res[i].kv_nr = 1;
	}
	return res;
}

static void test_report__build_from_results(void **state)
{
	struct fixture *f = *state;
	struct job_result *res = results_new(f, 2);
	struct report rep;

	res[1].st.verify.failures = 1;	/* shows as EILSEQ, as in fio */
	res[1].errmsg = strdup("cannot open");
	assert_int_equal(report_build(&rep, res, 2), 0);
	assert_int_equal(rep.nr_jobs, 2);
	assert_int_equal(rep.nr_groups, 1);
	assert_string_equal(rep.jobs[0].name, "w1");
	assert_int_equal(rep.jobs[0].error, 0);
	assert_int_equal(rep.jobs[0].elapsed_s, 2);
	assert_int_equal(rep.jobs[0].pid, 100);
	assert_int_equal(rep.jobs[0].kv_nr, 1);
	assert_string_equal(rep.jobs[0].kv[0].value, "randwrite");
	assert_int_equal(rep.jobs[1].error, EILSEQ);
	assert_string_equal(rep.jobs[1].errmsg, "cannot open");
	assert_int_equal(rep.groups[0].io_bytes[DDIR_WRITE], 2 * 4096000);
	assert_non_null(rep.time_str);
	report_release(&rep);

	/* group_reporting folds a group's jobs into its first one's entry. */
	res[0].o.group_reporting = res[1].o.group_reporting = true;
	assert_int_equal(report_build(&rep, res, 2), 0);
	assert_int_equal(rep.nr_jobs, 1);
	assert_int_equal(rep.jobs[0].nr_merged, 2);
	assert_string_equal(rep.jobs[0].name, "w1");
	assert_int_equal(rep.jobs[0].error, EILSEQ);
	assert_int_equal(rep.jobs[0].elapsed_s, 3);
	assert_int_equal(rep.jobs[0].st.dir[DDIR_WRITE].ios, 2000);
	report_release(&rep);
	job_results_free(res, 2);
	job_results_free(NULL, 0);
	job_result_release(NULL);
}

/* 100 reads of 8 KiB, clat 5..104 us, into s (beside its 1000 writes). */
static void add_reads(struct job_stats *s)
{
	for (unsigned i = 0; i < 100; i++) {
		struct io_u u;

		memset(&u, 0, sizeof(u));
		u.ddir = DDIR_READ;
		u.len = u.done = 8192;
		u.depth = 1;
		u.t_prep = 1000000000ULL + i * 2000000ULL;
		u.t_issue = u.t_prep + 500;
		u.t_comp = u.t_issue + 5000 + i * 1000;
		stats_account_io(s, &u);
	}
}

static char *render_rep(const struct report *rep, void (*fmt)(FILE *, const struct report *))
{
	char *text = NULL;
	size_t len;
	FILE *m = open_memstream(&text, &len);

	assert_non_null(m);
	fmt(m, rep);
	assert_int_equal(fclose(m), 0);
	return text;
}

/* The checks of one summed direction: two jobs of 1000 writes + 100 reads. */
static void assert_mixed_sum(const struct dir_stats *m)
{
	uint64_t in_hist = 0;

	assert_int_equal(m->ios, 2 * 1100);
	assert_int_equal(m->bytes, 2 * (4096000 + 819200));
	assert_int_equal(m->clat.n, 2200);
	assert_int_equal(m->clat.min, 5000);		/* the reads' */
	assert_int_equal(m->clat.max, 129000);		/* the writes' */
	assert_int_equal(m->clat_hist.nr, 2200);
	for (unsigned i = 0; i < HIST_NR_BUCKETS; i++)
		in_hist += m->clat_hist.buckets[i];
	assert_int_equal(in_hist, 2200);
	assert_int_equal(m->lat.n, 2200);
	/* the writes' bandwidth samples, summed over the two jobs */
	assert_int_equal(m->bw_samples.n, 4);
}

/* unified_rw_reporting=mixed: one "mixed" direction, in every format. */
static void test_report__unified_mixed(void **state)
{
	struct fixture *f = *state;
	struct job_result *res = results_new(f, 2);
	struct report rep;
	char *t, *fl[200];

	for (unsigned i = 0; i < 2; i++) {
		add_reads(&res[i].st);
		res[i].o.group_reporting = true;
		res[i].o.unified_rw_rep = UNIFIED_MIXED;
	}
	assert_int_equal(report_build(&rep, res, 2), 0);
	assert_int_equal(rep.nr_jobs, 1);
	assert_mixed_sum(&rep.jobs[0].st.dir[DDIR_READ]);
	assert_int_equal(rep.jobs[0].st.dir[DDIR_WRITE].ios, 0);
	assert_int_equal(rep.jobs[0].st.dir[DDIR_WRITE].clat.n, 0);
	assert_int_equal(rep.groups[0].io_bytes[DDIR_READ], 2 * (4096000 + 819200));
	assert_int_equal(rep.groups[0].io_bytes[DDIR_WRITE], 0);

	t = render_rep(&rep, report_normal);
	assert_has(t, "\n  mixed: IOPS=");
	assert_has(t, "\n  MIXED: bw=");
	assert_lacks(t, "read:");
	assert_lacks(t, "write:");
	assert_lacks(t, "READ:");
	free(t);

	t = render_rep(&rep, report_json);
	assert_has(t, "\"mixed\" : {");
	assert_lacks(t, "\"read\" : {");
	assert_lacks(t, "\"write\" : {");
	assert_lacks(t, "\"sync\" : {");
	assert_has(t, "\"total_ios\" : 2200,");
	free(t);

	/* terse: the one block stands where read's is: 121 - 41 fields */
	t = render_rep(&rep, report_terse);
	assert_int_equal(split(t, fl, ARRAY_SIZE(fl)), 80);
	assert_string_equal(fl[5], "9600");	/* KiB, both directions */
	free(t);
	report_release(&rep);
	job_results_free(res, 2);
}

/* unified_rw_reporting=both: the directions as they were, then "mixed". */
static void test_report__unified_both(void **state)
{
	struct fixture *f = *state;
	struct job_result *res = results_new(f, 2);
	struct report rep;
	char *t, *fl[200];
	const char *mixed, *wr;

	for (unsigned i = 0; i < 2; i++) {
		add_reads(&res[i].st);
		res[i].o.group_reporting = true;
		res[i].o.unified_rw_rep = UNIFIED_BOTH;
	}
	assert_int_equal(report_build(&rep, res, 2), 0);
	assert_mixed_sum(&rep.jobs[0].mixed);
	assert_int_equal(rep.jobs[0].st.dir[DDIR_READ].ios, 200);
	assert_int_equal(rep.jobs[0].st.dir[DDIR_WRITE].ios, 2000);

	t = render_rep(&rep, report_normal);
	wr = strstr(t, "\n  write: IOPS=");
	mixed = strstr(t, "\n  mixed: IOPS=");
	assert_non_null(wr);
	assert_non_null(mixed);
	assert_true(wr < mixed);
	assert_has(t, "\n   READ: bw=");
	assert_has(t, "\n  WRITE: bw=");
	/* io summed: 9600 KiB; min-max: the lowest and highest of the dirs */
	assert_has(t, "\n  MIXED: bw=");
	assert_has(strstr(t, "  MIXED: bw="), "io=9600KiB");
	free(t);

	t = render_rep(&rep, report_json_plus);
	assert_true(strstr(t, "\"sync\" : {") < strstr(t, "\"mixed\" : {"));
	assert_has(strstr(t, "\"mixed\" : {"), "\"total_ios\" : 2200,");
	assert_has(strstr(t, "\"mixed\" : {"), "\"bins\" : {");
	free(t);

	/* terse: read, write, mixed blocks */
	t = render_rep(&rep, report_terse);
	assert_int_equal(split(t, fl, ARRAY_SIZE(fl)), 121 + 41);
	assert_string_equal(fl[5], "1600");	/* read KiB */
	assert_string_equal(fl[46], "8000");	/* write KiB */
	assert_string_equal(fl[87], "9600");	/* mixed KiB */
	free(t);
	report_release(&rep);
	job_results_free(res, 2);
}

/*
 * verio's additions (docs/json.md): the run's identity last, each job's
 * phases and interrupted_ms after fio's keys, the verify map in "verify";
 * each left out when not known.
 */
static void test_report__json_run_data(void **state)
{
	struct fixture *f = *state;
	static uint64_t written[3] = { 4, 4, 1 }, verified[3] = { 4, 3, 0 },
			failed[3] = { 0, 1, 0 };
	struct result_vmap_fail fails[1] = { { .cell = 1, .cls = VCLASS_TORN, .count = 1 } };
	struct result_vmap m = {
		.file = (char *)"a<b.dat", .offset = 4096, .length = 9 * 4096, .unit = 4096,
		.cell_bytes = 4 * 4096, .cells = 3, .written = written, .verified = verified,
		.failed = failed, .fails = fails, .nr_fails = 1,
	};
	struct job_result res = { .vmaps = &m, .nr_vmaps = 1 };
	struct result_phases ph = { .nr = 2, .p = {
		{ .kind = RESULT_PHASE_WRITE, .start_ms = 0, .end_ms = 900 },
		{ .kind = RESULT_PHASE_VERIFY, .start_ms = 900, .end_ms = 1200 } } };
	const char *t;

	t = render(f, report_json);
	assert_lacks(t, "\"command_line\"");
	assert_lacks(t, "\"host\"");
	assert_lacks(t, "\"exit_status\"");
	assert_lacks(t, "\"phases\"");
	assert_lacks(t, "\"interrupted_ms\"");
	f->r.cmdline = "verio --name=w1 --filename=a\"b";
	snprintf(f->r.hostname, sizeof(f->r.hostname), "vm");
	snprintf(f->r.kernel, sizeof(f->r.kernel), "6.1.0-21-amd64");
	snprintf(f->r.machine, sizeof(f->r.machine), "x86_64");
	f->r.exit_known = true;
	f->r.exit_status = 4;
	f->job.phases = &ph;
	f->job.interrupted_known = true;
	f->job.interrupted_ms = 1150;
	f->job.res = &res;
	f->o.verify = (char *)"crc32c";
	t = render(f, report_json);
	assert_has(t, "  \"interrupted\" : false,\n  \"verio schema\" : 1,\n"
		   "  \"command_line\" : \"verio --name=w1 --filename=a\\\"b\",\n"
		   "  \"host\" : {\n    \"hostname\" : \"vm\",\n"
		   "    \"kernel\" : \"6.1.0-21-amd64\",\n    \"machine\" : \"x86_64\"\n  },\n"
		   "  \"exit_status\" : 4\n}\n");
	assert_has(t, "      \"phases\" : [\n        {\n          \"name\" : \"write\",\n"
		   "          \"start_ms\" : 0,\n          \"end_ms\" : 900\n        },\n"
		   "        {\n          \"name\" : \"verify\",\n");
	assert_has(t, "      ],\n      \"interrupted_ms\" : 1150\n    }\n");
	assert_has(t, "\"incidents\" : [],\n        \"map\" : [\n          {\n"
		   "            \"file\" : \"a<b.dat\",\n            \"offset\" : 4096,\n"
		   "            \"length\" : 36864,\n            \"unit\" : 4096,\n"
		   "            \"cell_bytes\" : 16384,\n            \"cells\" : 3,\n"
		   "            \"written\" : [4, 4, 1],\n"
		   "            \"verified\" : [4, 3, 0],\n"
		   "            \"failed\" : [0, 1, 0],\n"
		   "            \"failure_classes\" : [\n              {\n"
		   "                \"cell\" : 1,\n                \"class\" : \"torn\",\n"
		   "                \"count\" : 1\n");
	/* a map whose written units are not known has no "written" */
	m.written = NULL;
	t = render(f, report_json);
	assert_has(t, "\"cells\" : 3,\n            \"verified\" : [4, 3, 0],\n");
}

/* An interrupted verify job says how much it checked, in text and JSON. */
static void test_report__interrupted(void **state)
{
	struct fixture *f = *state;
	const char *t;

	t = render(f, report_json);
	assert_has(t, "\"disk_util\" : [],\n  \"interrupted\" : false,\n");
	assert_lacks(t, "interrupt_reason");
	f->o.verify = (char *)"crc32c";
	f->job.st.verify.units = 7635;
	f->job.vcheck = (struct result_vcheck){ .basis = RESULT_VB_STATE,
		.state_path = (char *)"s/v.0.verio-state", .units_expected = 65536 };
	f->job.interrupted = true;
	f->r.interrupt_reason = "signal SIGINT";
	t = render(f, report_normal);
	assert_has(t, "  checked      : against the saved generation map loaded from "
		   "'s/v.0.verio-state'\n"
		   "  interrupted (signal SIGINT): verified 7635 of 65536 units\n");
	assert_has(t, "\nRun interrupted (signal SIGINT): the jobs were stopped before "
		   "they finished\n");
	t = render(f, report_json);
	assert_has(t, "\"interrupted\" : true,\n  \"interrupt_reason\" : \"signal SIGINT\",\n");
	assert_has(t, "\"error\" : 0,\n      \"interrupted\" : true,");
	assert_has(t, "\"units_expected\" : 65536,");
	assert_has(t, "\"verify_state\" : {\n          \"looked_for\" : true,\n"
		   "          \"loaded\" : true,\n"
		   "          \"path\" : \"s/v.0.verio-state\",\n"
		   "          \"checked_against\" : \"saved_state\"");
	/* Several passes checked more than one pass holds. */
	f->job.st.verify.units = 70000;
	t = render(f, report_normal);
	assert_has(t, "  interrupted (signal SIGINT): verified 70000 units (a full pass "
		   "checks 65536)\n");
	/* A job the interruption kept from starting. */
	f->job.pid = 0;
	t = render(f, report_normal);
	assert_has(t, "  interrupted (signal SIGINT): stopped before it started\n");
	/* A job that ended before the interruption says nothing of it. */
	f->job.interrupted = false;
	t = render(f, report_normal);
	assert_lacks(t, "  interrupted (");
	assert_has(t, "Run interrupted (signal SIGINT)");
}

/* What each basis says, and that JSON agrees. */
static void test_report__checked_against(void **state)
{
	static const struct {
		unsigned basis;
		const char *text, *json;
	} cases[] = {
		{ RESULT_VB_RUN, "  checked      : against this run's writes (no saved state "
		  "loaded)\n", "\"checked_against\" : \"run_writes\"" },
		{ RESULT_VB_NO_STATE, "  checked      : headers and checksums only: no saved "
		  "state at 'p' (a stale block can pass)\n", "\"checked_against\" : \"headers_only\"" },
		{ RESULT_VB_PATTERN, "  checked      : against verify_pattern (no header, no "
		  "saved state)\n", "\"checked_against\" : \"pattern\"" },
	};
	struct fixture *f = *state;
	const char *t;

	f->o.verify = (char *)"crc32c";
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		f->job.vcheck = (struct result_vcheck){ .basis = cases[i].basis,
							.state_path = (char *)"p" };
		t = render(f, report_normal);
		assert_has(t, cases[i].text);
		assert_lacks(t, "interrupted");
		t = render(f, report_json);
		assert_has(t, cases[i].json);
		assert_has(t, cases[i].basis == RESULT_VB_NO_STATE
			   ? "\"looked_for\" : true,\n          \"loaded\" : false"
			   : "\"looked_for\" : false,\n          \"loaded\" : false");
		assert_lacks(t, "units_expected");
	}
}

/* The run's reason reaches the report; merged jobs add up what they expected. */
static void test_report__build_interrupted(void **state)
{
	struct fixture *f = *state;
	struct job_result *res = results_new(f, 2);
	struct report rep;

	res[0].interrupt_reason = res[1].interrupt_reason = "trigger-file";
	res[1].interrupted = true;
	res[0].vcheck.units_expected = 3;
	res[1].vcheck.units_expected = 4;
	res[1].vcheck.state_path = strdup("x");
	assert_int_equal(report_build(&rep, res, 2), 0);
	assert_string_equal(rep.interrupt_reason, "trigger-file");
	assert_false(rep.jobs[0].interrupted);
	assert_true(rep.jobs[1].interrupted);
	assert_string_equal(rep.jobs[1].vcheck.state_path, "x");
	report_release(&rep);
	res[0].o.group_reporting = res[1].o.group_reporting = true;
	assert_int_equal(report_build(&rep, res, 2), 0);
	assert_true(rep.jobs[0].interrupted);
	assert_int_equal(rep.jobs[0].vcheck.units_expected, 7);
	report_release(&rep);
	job_results_free(res, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_report__json_values, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__json_idle_directions_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__json_percentile_maps, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__json_global_options, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__json_parses, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__normal_job, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__normal_error_and_description, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__normal_percentile_rows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__normal_bits_and_kb_base, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__job_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__terse_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__terse_optional_fields, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__disk_util, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__group_totals, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__two_jobs_share, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__formats_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__json_plus_bins, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__build_from_results, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__json_run_data, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__checked_against, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__build_interrupted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__unified_mixed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report__unified_both, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
