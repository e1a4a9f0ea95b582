/*
 * test-html.c - unit tests for the HTML page (src/report/html*.c): text
 * escaping, the verdict, pages of an empty run, of a run with only
 * failures and of a 16 TiB device map, the device map's cells, and the
 * JSON embedded in the page read back. No page may reach the network.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "report/html-priv.h"
#include "report/html.h"

#ifdef CONFIG_JANSSON
#include <jansson.h>

/* What f wrote, NUL-terminated (the caller frees). */
struct mem {
	char *buf;
	size_t len;
	FILE *f;
};

static void mem_open(struct mem *m)
{
	m->buf = NULL;
	m->len = 0;
	m->f = open_memstream(&m->buf, &m->len);
	assert_non_null(m->f);
}

static char *mem_close(struct mem *m)
{
	assert_int_equal(fclose(m->f), 0);
	return m->buf;
}

/* Nothing in a page may fetch anything. */
static void assert_offline(const char *page)
{
	assert_null(strstr(page, "http"));
	assert_null(strstr(page, "src="));
	assert_null(strstr(page, "@import"));
	assert_null(strstr(page, "url(http"));
}

/* The page of the JSON text, checked offline and well begun and ended. */
static char *page_of_text(const char *json)
{
	struct html_opts o = { .logdir = ".", .source = "run.json" };
	struct mem m;
	char *page;

	mem_open(&m);
	assert_int_equal(html_report_text(m.f, json, strlen(json), &o), 0);
	page = mem_close(&m);
	assert_true(!strncmp(page, "<!DOCTYPE html>\n", 16));
	assert_non_null(strstr(page, "</html>\n"));
	assert_offline(page);
	return page;
}

static char *page_of(const json_t *run)
{
	struct html_opts o = { 0 };
	struct mem m;
	char *page;

	mem_open(&m);
	assert_int_equal(html_report(m.f, run, &o), 0);
	page = mem_close(&m);
	assert_offline(page);
	return page;
}

/* The JSON embedded in a page, with its \u003c back to '<'. */
static json_t *embedded(const char *page)
{
	const char *tag = "<script type=\"application/json\" id=\"verio-report\" data-schema=\"";
	const char *s = strstr(page, tag), *e;
	json_error_t err;
	json_t *j;
	char *text;
	size_t n = 0;

	assert_non_null(s);
	s = strchr(s + strlen(tag), '>') + 1;
	e = strstr(s, "</script>");
	assert_non_null(e);
	text = malloc((size_t)(e - s) + 1);
	assert_non_null(text);
	for (const char *p = s; p < e; p++) {
		assert_true(*p != '<');
		if (!strncmp(p, "\\u003c", 6)) {
			text[n++] = '<';
			p += 5;
		} else {
			text[n++] = *p;
		}
	}
	j = json_loadb(text, n, 0, &err);
	if (!j)	/* a run id past 2^63 */
		j = json_loadb(text, n, JSON_DECODE_INT_AS_REAL, &err);
	free(text);
	assert_non_null(j);
	return j;
}

static void test_html__esc(void **state)
{
	struct mem m;
	char *s;

	(void)state;
	mem_open(&m);
	html_esc(m.f, "<x&\"'>");
	html_escn(m.f, "a\xff" "b\xc3", 4);	/* a lone byte and a cut sequence */
	html_esc(m.f, "\xc3\xa9\x01\t");	/* é kept, a control character not */
	html_esc(m.f, NULL);
	s = mem_close(&m);
	assert_string_equal(s, "&lt;x&amp;&quot;&#39;&gt;"
			       "a\xef\xbf\xbd" "b\xef\xbf\xbd"
			       "\xc3\xa9\xef\xbf\xbd\t");
	free(s);
}

/* A file name that is markup: escaped everywhere, the data still exact. */
static void test_html__hostile_file_name(void **state)
{
	const char *json =
		"{\"jobs\":[{\"jobname\":\"<x&\\\"'>\",\"error\":0,"
		"\"job options\":{\"filename\":\"<x&\\\"'></script>\"},"
		"\"targets\":[{\"file\":\"<x&\\\"'>\",\"type\":\"file\",\"offset\":0,"
		"\"length\":4096,\"size\":4096,\"device\":{\"model\":\"<b>disk</b>\"}}],"
		"\"verify\":{\"failures\":1,\"classes\":{\"<i>\":1},\"incidents\":[{\"file\":"
		"\"<x&\\\"'>\",\"offset\":0,\"length\":4096,\"class\":\"<i>\"}],"
		"\"map\":[{\"file\":\"<x&\\\"'>\",\"offset\":0,\"length\":4096,\"unit\":4096,"
		"\"cell_bytes\":4096,\"cells\":1,\"written\":[1],\"verified\":[0],\"failed\":[1],"
		"\"failure_classes\":[{\"cell\":0,\"class\":\"<i>\",\"count\":1}]}]}}]}";
	char *page = page_of_text(json);
	json_t *in = json_loads(json, 0, NULL), *out = embedded(page);

	(void)state;

	assert_null(strstr(page, "<x"));
	assert_null(strstr(page, "<b>"));
	assert_null(strstr(page, "<i>"));
	assert_null(strstr(page, "x&\""));
	assert_non_null(strstr(page, "&lt;x&amp;&quot;&#39;&gt;"));
	assert_non_null(strstr(page, "data-classes=\"&lt;i&gt;\""));
	/* one script element: the name's </script> did not end it */
	assert_non_null(strstr(page, "\\u003c/script>"));
	assert_true(json_equal(in, out));
	json_decref(in);
	json_decref(out);
	free(page);
}

static void test_html__empty_run(void **state)
{
	char *page;

	(void)state;
	page = page_of_text("{\"fio version\":\"fio-3.33\",\"jobs\":[]}");
	assert_non_null(strstr(page, "<h1>PASS</h1>"));
	assert_non_null(strstr(page, "The report holds no jobs."));
	assert_non_null(strstr(page, "No device map"));
	assert_non_null(strstr(page, "No incidents."));
	free(page);
	/* not even "jobs", and text after the object is left alone */
	page = page_of_text("{}\nsome text after");
	assert_non_null(strstr(page, "<h1>PASS</h1>"));
	assert_null(strstr(page, "some text"));
	free(page);
}

static void test_html__not_json(void **state)
{
	char why[128];
	json_t *run;
	size_t used;
	struct mem m;
	uint64_t v;

	(void)state;
	assert_int_equal(html_json_load("{\n\"a\" 1}", 8, &run, &used, why, sizeof(why)),
			 -EINVAL);
	assert_non_null(strstr(why, "line 2 column"));
	assert_int_equal(html_json_load("[1]", 3, &run, &used, why, sizeof(why)), -EINVAL);
	mem_open(&m);
	assert_int_equal(html_report_text(m.f, "nope", 4, NULL), -EINVAL);
	free(mem_close(&m));
	/* a run id past 2^63 is read exactly; the end is in the text's bytes */
	assert_int_equal(html_json_load("{\"id\":13216825715678554913,\"s\":\"1e99999999999999999999\","
					"\"n\":-5} x", 65, &run, &used, why, sizeof(why)), 0);
	assert_int_equal(used, 63);
	assert_true(hj_u64(run, "id", &v));
	assert_true(v == 13216825715678554913ull);
	assert_string_equal(hj_str(run, "s"), "1e99999999999999999999");
	assert_int_equal(json_integer_value(json_object_get(run, "n")), -5);
	json_decref(run);
}

/* The verdict: exit_status first; without it, failure > error > interrupted. */
static void test_html__verdict(void **state)
{
	static const struct {
		const char *json, *h1, *status;
	} cases[] = {
		{ "{\"exit_status\":4,\"jobs\":[]}", "<h1>INTERRUPTED</h1>", "exit status 4." },
		{ "{\"exit_status\":3,\"jobs\":[{\"error\":5}]}", "<h1>ERROR</h1>", "exit status 3." },
		{ "{\"jobs\":[{\"error\":5},{\"error\":0,\"verify\":{\"failures\":2}}]}",
		  "<h1>FAIL</h1>", "exit status 1 (derived" },
		{ "{\"jobs\":[{\"interrupted\":true},{\"error\":5}]}", "<h1>ERROR</h1>",
		  "exit status 3 (derived" },
		{ "{\"jobs\":[{\"interrupted\":true,\"error\":0}]}", "<h1>INTERRUPTED</h1>",
		  "exit status 4 (derived" },
		{ "{\"jobs\":[{\"error\":0,\"mirror\":{\"mismatches\":1}}]}", "<h1>FAIL</h1>",
		  "exit status 1 (derived" },
		{ "{\"jobs\":[{\"error\":0,\"verify\":{\"failures\":0}}]}", "<h1>PASS</h1>",
		  "exit status 0 (derived" },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *page = page_of_text(cases[i].json);

		assert_non_null(strstr(page, cases[i].h1));
		assert_non_null(strstr(page, cases[i].status));
		free(page);
	}
}

/*
 * Only failures: no I/O numbers, no options, no map; the incidents and
 * classes (with a run id that makes jansson read every number as a real).
 */
static void test_html__only_failures(void **state)
{
	const char *json =
		"{\"jobs\":[{\"jobname\":\"v\",\"error\":84,\"verify\":{\"failures\":2,"
		"\"classes\":{\"bit_flips\":1,\"zeroed\":0,\"torn\":1},\"incidents_omitted\":3,"
		"\"incidents\":[{\"file\":\"a\",\"offset\":8192,\"length\":4096,\"class\":"
		"\"bit_flips\",\"reread\":\"persistent\",\"time_ms\":17,"
		/* past 2^63: read as its digits, shown exactly */
		"\"expected_run_id\":13216825715678554913,"
		"\"dump_received\":\"./a.8192.received\",\"dump_expected\":\"./a.8192.expected\"},"
		"{\"file\":\"a\",\"offset\":0,\"length\":4096,\"class\":\"torn\"}]}}]}";
	char *page = page_of_text(json);

	(void)state;
	assert_non_null(strstr(page, "<h1>FAIL</h1>"));
	assert_non_null(strstr(page, "<tr><td>bit_flips</td><td>1</td></tr>"));
	assert_non_null(strstr(page, "<tr><td>torn</td><td>1</td></tr>"));
	assert_null(strstr(page, "<td>zeroed</td>"));
	assert_non_null(strstr(page, "<td>8192</td><td>4096</td><td>bit_flips</td>"));
	assert_non_null(strstr(page, "<td>persistent</td><td>17</td><td>./a.8192.received<br>"
				     "./a.8192.expected</td>"));
	assert_non_null(strstr(page, "3 more incidents were not recorded"));
	assert_non_null(strstr(page, "No I/O was done."));
	assert_non_null(strstr(page, "the incidents are listed below"));
	free(page);
}

static void test_html__no_corruption(void **state)
{
	char *page = page_of_text("{\"exit_status\":0,\"jobs\":[{\"jobname\":\"w\",\"verify\":"
				  "{\"failures\":0,\"classes\":{\"bit_flips\":0}}}]}");

	(void)state;
	assert_non_null(strstr(page, "No corruption found."));
	free(page);
}

/* Keys of the wrong type, odd maps: still a page, nothing read past an end. */
static void test_html__wrong_types(void **state)
{
	static const char *const runs[] = {
		"{\"jobs\":{\"a\":1},\"host\":\"h\",\"exit_status\":\"1\",\"time\":5}",
		"{\"jobs\":[1,\"x\",null,{\"jobname\":7,\"verify\":[],\"targets\":{},"
		"\"job options\":[1],\"seeds\":\"s\",\"phases\":{},\"read\":5,\"error\":-3,"
		"\"interrupted_ms\":\"x\"}]}",
		"{\"jobs\":[{\"verify\":{\"incidents\":[1,{\"class\":\"misdirected\",\"file\":\"a\","
		"\"offset\":-5,\"found_offset\":1e300}],\"classes\":[],\"map\":[1,{\"file\":1},"
		"{\"file\":\"a\",\"offset\":0,\"length\":10,\"cell_bytes\":0,\"cells\":1},"
		"{\"file\":\"a\",\"offset\":0,\"length\":10,\"cell_bytes\":1,\"cells\":100000},"
		"{\"file\":\"a\",\"offset\":0,\"length\":10,\"cell_bytes\":4,\"cells\":3,"
		"\"written\":[1,2,3,4,5,6],\"verified\":\"x\",\"failed\":[-1,1.5,null],"
		"\"failure_classes\":[{\"cell\":7,\"class\":\"torn\",\"count\":1},"
		"{\"cell\":2,\"class\":3},{\"cell\":2,\"class\":\"torn\"}]}]}}]}",
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(runs); i++)
		free(page_of_text(runs[i]));
	/* the last map: three cells, the last one cut at the region's end */
	{
		char *page = page_of_text(runs[2]);

		assert_non_null(strstr(page, "data-offset=\"8\" data-end=\"10\" "
					     "data-state=\"failed\" data-classes=\"torn\""));
		assert_null(strstr(page, "data-offset=\"12\""));
		free(page);
	}
}

/* A map object of @cells cells of @cb bytes over file "d" from 0. */
static json_t *map_obj(size_t cells, uint64_t cb)
{
	json_t *m = json_object(), *w = json_array(), *v = json_array(), *x = json_array();

	for (size_t c = 0; c < cells; c++) {
		json_array_append_new(w, json_integer((json_int_t)(cb / 4096)));
		json_array_append_new(v, json_integer(c % 3 ? (json_int_t)(cb / 4096) : 0));
		json_array_append_new(x, json_integer(c == 5 || c == 700 ? 1 : 0));
	}
	json_object_set_new(m, "file", json_string("d"));
	json_object_set_new(m, "offset", json_integer(0));
	json_object_set_new(m, "length", json_integer((json_int_t)(cells * cb)));
	json_object_set_new(m, "unit", json_integer(4096));
	json_object_set_new(m, "cell_bytes", json_integer((json_int_t)cb));
	json_object_set_new(m, "cells", json_integer((json_int_t)cells));
	json_object_set_new(m, "written", w);
	json_object_set_new(m, "verified", v);
	json_object_set_new(m, "failed", x);
	json_object_set_new(m, "failure_classes",
			    json_pack("[{s:i,s:s,s:i},{s:i,s:s,s:i},{s:i,s:s,s:i}]",
				      "cell", 5, "class", "misdirected", "count", 1,
				      "cell", 700, "class", "bit_flips", "count", 1,
				      "cell", 700, "class", "torn", "count", 1));
	return m;
}

/* A run of one job over "d" with the map and a misdirected incident. */
static json_t *map_run(size_t cells, uint64_t cb)
{
	json_t *inc = json_pack("[{s:s,s:I,s:i,s:s,s:I}]", "file", "d", "offset",
				(json_int_t)(5 * cb), "length", 4096, "class", "misdirected",
				"found_offset", (json_int_t)(40 * cb));
	json_t *verify = json_pack("{s:i,s:o,s:[o]}", "failures", 2, "incidents", inc, "map",
				   map_obj(cells, cb));

	return json_pack("{s:i,s:i,s:[{s:s,s:i,s:o}]}", "verio schema", 1, "exit_status", 1,
			 "jobs", "jobname", "w", "error", 84, "verify", verify);
}

/* The cell element with data-offset @off: its attributes. */
static const char *cell_at(const char *page, uint64_t off)
{
	char pat[64];

	snprintf(pat, sizeof(pat), "data-offset=\"%" PRIu64 "\" ", off);
	return strstr(page, pat);
}

static void test_html__map_cells(void **state)
{
	json_t *run = map_run(64, 1 << 20);
	char *page = page_of(run);
	const char *c;

	(void)state;
	c = cell_at(page, 5 << 20);
	assert_non_null(c);
	assert_true(!strncmp(c, "data-offset=\"5242880\" data-end=\"6291456\" "
			     "data-state=\"failed\" data-classes=\"misdirected\"><title>5-6 MiB: "
			     "256 written, 256 good, 1 failed (misdirected 1)</title>", 129));
	c = cell_at(page, 700);	/* no such cell: 64 of them */
	assert_null(c);
	c = cell_at(page, 0);
	assert_true(!strncmp(c, "data-offset=\"0\" data-end=\"1048576\" data-state=\"written\" "
			     "data-classes=\"\"><title>0-1 MiB: 256 written, 0 good</title>",
			     109));
	c = cell_at(page, 1 << 20);
	assert_non_null(strstr(c, "data-state=\"verified\""));
	/* the misdirected arrow, from where the data belongs to where it was */
	assert_non_null(strstr(page, "data-from=\"41943040\" data-to=\"5242880\""));
	assert_non_null(strstr(page, "misdirected</p>"));	/* the legend */
	assert_non_null(strstr(page, "<summary>1 failing cell</summary>"));
	assert_non_null(strstr(page, "<tr><td>5242880</td><td>6291456</td><td>1</td>"
				     "<td>misdirected 1</td></tr>"));
	free(page);
	json_decref(run);
}

/* Two jobs mapping the same region: one map, their counts summed. */
/*
 * Clones splitting one file (offset_increment): their maps joined into one
 * over the span, the gap never written; a span too long for 1024 cells of
 * the maps' size is drawn in coarser cells that hold the same counts.
 */
static void test_html__maps_joined(void **state)
{
	json_t *run = map_run(64, 1 << 20), *jobs = json_object_get(run, "jobs");
	json_t *job2 = json_deep_copy(json_array_get(jobs, 0));
	json_t *m2 = json_array_get(json_object_get(json_object_get(job2, "verify"), "map"), 0);
	char *page;
	size_t cells = 0;

	(void)state;
	json_object_set_new(m2, "offset", json_integer(128 << 20));
	json_array_append_new(jobs, job2);
	page = page_of(run);
	assert_null(strstr(strstr(page, "</svg>"), "<svg"));	/* one map */
	assert_non_null(strstr(page, "Region 0 + 201326592 (192 MiB); 192 cells of 1048576"));
	assert_non_null(strstr(cell_at(page, 100 << 20), "data-state=\"unwritten\""));
	assert_non_null(strstr(cell_at(page, 133 << 20), "data-state=\"failed\""));
	assert_non_null(strstr(cell_at(page, 129 << 20), "data-state=\"verified\""));
	free(page);

	/* the second region 16 TiB on: 32 GiB cells, the counts kept */
	json_object_set_new(m2, "offset", json_integer((json_int_t)16 << 40));
	page = page_of(run);
	for (const char *p = page; (p = strstr(p, "<rect x=\"")) != NULL; p++)
		cells += strstr(p, "data-offset=") != NULL && strstr(p, "data-offset=") < strstr(p, ">");
	assert_true(cells <= 1024);
	assert_non_null(strstr(page, "cells of 34359738368 (32 GiB)"));
	assert_non_null(strstr(page, "units written 32768, reads verified good 21504, failed 2."));
	assert_non_null(strstr(cell_at(page, 0), "data-state=\"failed\""));
	assert_non_null(strstr(cell_at(page, (uint64_t)16 << 40), "data-state=\"failed\""));
	assert_non_null(strstr(cell_at(page, (uint64_t)8 << 40), "data-state=\"unwritten\""));
	free(page);
	json_decref(run);
}

static void test_html__maps_summed(void **state)
{
	json_t *run = map_run(64, 1 << 20), *jobs = json_object_get(run, "jobs");
	char *page;

	(void)state;
	json_array_append(jobs, json_array_get(jobs, 0));
	page = page_of(run);
	assert_non_null(strstr(page, "<svg"));
	assert_null(strstr(strstr(page, "</svg>"), "<svg"));	/* one map */
	assert_non_null(strstr(page, "units written 32768, reads verified good 21504, failed 2."));
	assert_non_null(strstr(page, "<title>5-6 MiB: 512 written, 512 good, 2 failed "
				     "(misdirected 2)</title>"));
	assert_non_null(strstr(cell_at(page, 5 << 20), "data-state=\"failed\""));
	free(page);
	json_decref(run);
}

/* 16 TiB in 1024 cells: the page stays small; cells, arrow and data exact. */
static void test_html__map_16tib(void **state)
{
	uint64_t cb = 16ULL << 30;
	json_t *run = map_run(1024, cb), *back;
	char *page = page_of(run);
	size_t rects = 0;
	const char *c;

	(void)state;
	assert_true(strlen(page) < 200 * 1024);
	for (const char *p = page; (p = strstr(p, " data-offset=")); p++)
		rects++;
	assert_int_equal(rects, 1024);
	c = cell_at(page, 700 * cb);
	assert_non_null(c);
	assert_non_null(strstr(c, "data-state=\"failed\" data-classes=\"bit_flips torn\""));
	assert_non_null(strstr(page, "<tr><td>12025908428800</td><td>12043088297984</td>"
				     "<td>1</td><td>bit_flips 1, torn 1</td></tr>"));
	c = cell_at(page, 1023 * cb);
	assert_non_null(strstr(c, "data-end=\"17592186044416\" "));
	back = embedded(page);
	assert_true(json_equal(run, back));
	json_decref(back);
	free(page);
	json_decref(run);
}

/* The embedded text is the input's, less the whitespace between tokens. */
static void test_html__embedded_text_round_trip(void **state)
{
	const char *json = "{\n  \"verio schema\" : 1,\n  \"command_line\" : \"verio --name=a<b "
			   " c\",\n  \"expected_run_id\" : 13216825715678554913,\n  \"r\" : 0.5,\n"
			   "  \"jobs\" : [ ]\n}\n";
	char *page = page_of_text(json);
	const char *s = strstr(page, "data-schema=\"1\">");

	(void)state;
	assert_non_null(s);
	assert_true(!strncmp(s + 16, "{\"verio schema\":1,\"command_line\":\"verio --name=a"
				     "\\u003cb  c\",\"expected_run_id\":13216825715678554913,"
				     "\"r\":0.5,\"jobs\":[]}</script>", 114));
	free(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html__esc),
		cmocka_unit_test(test_html__hostile_file_name),
		cmocka_unit_test(test_html__empty_run),
		cmocka_unit_test(test_html__not_json),
		cmocka_unit_test(test_html__verdict),
		cmocka_unit_test(test_html__only_failures),
		cmocka_unit_test(test_html__no_corruption),
		cmocka_unit_test(test_html__wrong_types),
		cmocka_unit_test(test_html__map_cells),
		cmocka_unit_test(test_html__maps_summed),
		cmocka_unit_test(test_html__maps_joined),
		cmocka_unit_test(test_html__map_16tib),
		cmocka_unit_test(test_html__embedded_text_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#else /* !CONFIG_JANSSON */

static void test_html__without_jansson(void **state)
{
	(void)state;
	assert_int_equal(html_report_text(stdout, "{}", 2, NULL), -ENOTSUP);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_html__without_jansson),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

#endif /* CONFIG_JANSSON */
