/*
 * test-json.c - unit tests for lib/json.c: exact output, escaping, misuse;
 * the flat-object reader.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "json.h"

/* A writer on a memory stream; capture() closes it and returns the text. */
struct capture {
	struct json_writer w;
	FILE *f;
	char *buf;
	size_t len;
};

static void capture_open(struct capture *c)
{
	c->buf = NULL;
	c->len = 0;
	c->f = open_memstream(&c->buf, &c->len);
	assert_non_null(c->f);
	json_init(&c->w, c->f);
}

static void capture_expect(struct capture *c, int err, const char *want)
{
	assert_int_equal(json_finish(&c->w), err);
	fclose(c->f);
	if (want && strcmp(c->buf, want))
		fail_msg("output:\n%s\nwanted:\n%s", c->buf, want);
	free(c->buf);
}

static void test_json__fio_layout(void **state)
{
	struct capture c;

	(void)state;
	capture_open(&c);
	json_obj_begin(&c.w, NULL);
	json_str(&c.w, "fio version", "verio-0.1");
	json_u64(&c.w, "timestamp", 1700000000);
	json_obj_begin(&c.w, "global options");
	json_str(&c.w, "bs", "4k");
	json_obj_end(&c.w);
	json_arr_begin(&c.w, "jobs");
	json_obj_begin(&c.w, NULL);
	json_str(&c.w, "jobname", "w");
	json_i64(&c.w, "error", -5);
	json_obj_begin(&c.w, "read");
	json_u64(&c.w, "io_bytes", 0);
	json_double(&c.w, "bw_mean", 1.5);
	json_bool(&c.w, "ok", true);
	json_null(&c.w, "nothing");
	json_obj_end(&c.w);
	json_obj_end(&c.w);
	json_arr_end(&c.w);
	json_obj_end(&c.w);
	capture_expect(&c, 0,
		       "{\n"
		       "  \"fio version\" : \"verio-0.1\",\n"
		       "  \"timestamp\" : 1700000000,\n"
		       "  \"global options\" : {\n"
		       "    \"bs\" : \"4k\"\n"
		       "  },\n"
		       "  \"jobs\" : [\n"
		       "    {\n"
		       "      \"jobname\" : \"w\",\n"
		       "      \"error\" : -5,\n"
		       "      \"read\" : {\n"
		       "        \"io_bytes\" : 0,\n"
		       "        \"bw_mean\" : 1.500000,\n"
		       "        \"ok\" : true,\n"
		       "        \"nothing\" : null\n"
		       "      }\n"
		       "    }\n"
		       "  ]\n"
		       "}\n");
}

static void test_json__arrays_and_empties(void **state)
{
	struct capture c;

	(void)state;
	capture_open(&c);
	json_arr_begin(&c.w, NULL);
	json_u64(&c.w, NULL, 1);
	json_u64(&c.w, NULL, UINT64_MAX);
	json_i64(&c.w, NULL, INT64_MIN);
	json_obj_begin(&c.w, NULL);
	json_obj_end(&c.w);
	json_arr_begin(&c.w, NULL);
	json_arr_end(&c.w);
	json_arr_begin(&c.w, NULL);
	json_bool(&c.w, NULL, false);
	json_arr_end(&c.w);
	json_str(&c.w, NULL, NULL);
	json_arr_end(&c.w);
	capture_expect(&c, 0,
		       "[\n"
		       "  1,\n"
		       "  18446744073709551615,\n"
		       "  -9223372036854775808,\n"
		       "  {},\n"
		       "  [],\n"
		       "  [\n"
		       "    false\n"
		       "  ],\n"
		       "  null\n"
		       "]\n");
}

/* json_u64_row(): a count table on one line, empty or not. */
static void test_json__u64_row(void **state)
{
	static const uint64_t v[] = { 0, 3, UINT64_MAX };
	struct capture c;

	(void)state;
	capture_open(&c);
	json_obj_begin(&c.w, NULL);
	json_u64_row(&c.w, "cells", v, 3);
	json_u64_row(&c.w, "none", v, 0);
	json_arr_begin(&c.w, "rows");
	json_u64_row(&c.w, NULL, v, 1);
	json_arr_end(&c.w);
	json_obj_end(&c.w);
	capture_expect(&c, 0,
		       "{\n"
		       "  \"cells\" : [0, 3, 18446744073709551615],\n"
		       "  \"none\" : [],\n"
		       "  \"rows\" : [\n"
		       "    [0]\n"
		       "  ]\n"
		       "}\n");
}

static void test_json__top_level_scalars(void **state)
{
	struct capture c;

	(void)state;
	capture_open(&c);
	json_u64(&c.w, NULL, 7);
	json_obj_begin(&c.w, NULL);
	json_obj_end(&c.w);
	capture_expect(&c, 0, "7\n{}\n");
}

struct double_case {
	double v;
	const char *want;
};

static const struct double_case double_cases[] = {
	{ 0.0, "0.000000" },	 { 1.0, "1.000000" },	    { -2.25, "-2.250000" },
	{ 1e-7, "0.000000" },	 { 123456.789, "123456.789000" },
	{ 1.0 / 3.0, "0.333333" }, { NAN, "0.000000" },	    { INFINITY, "0.000000" },
	{ -INFINITY, "0.000000" },
};

static void test_json__doubles(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(double_cases); i++) {
		struct capture c;
		char want[64];

		capture_open(&c);
		json_double(&c.w, NULL, double_cases[i].v);
		snprintf(want, sizeof(want), "%s\n", double_cases[i].want);
		capture_expect(&c, 0, want);
	}
}

struct escape_case {
	const char *in;
	const char *want;
};

static const struct escape_case escape_cases[] = {
	{ "plain", "\"plain\"" },
	{ "", "\"\"" },
	{ "say \"hi\"", "\"say \\\"hi\\\"\"" },
	{ "C:\\dir", "\"C:\\\\dir\"" },
	{ "a\nb\tc\rd", "\"a\\u000ab\\u0009c\\u000dd\"" },
	{ "\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"" },
	{ "/slash/", "\"/slash/\"" },
	{ "caf\xc3\xa9", "\"caf\xc3\xa9\"" },		    /* valid UTF-8 passes */
	{ "\xe2\x82\xac", "\"\xe2\x82\xac\"" },		    /* U+20AC, 3 bytes */
	{ "\xf0\x9f\x98\x80", "\"\xf0\x9f\x98\x80\"" },	    /* U+1F600, 4 bytes */
	{ "bad\xff", "\"bad\\u00ff\"" },		    /* invalid byte */
	{ "\xc3", "\"\\u00c3\"" },			    /* truncated sequence */
	{ "\xc0\xaf", "\"\\u00c0\\u00af\"" },		    /* overlong '/' */
	{ "\xed\xa0\x80", "\"\\u00ed\\u00a0\\u0080\"" },    /* surrogate */
	{ "\xe2\x82", "\"\\u00e2\\u0082\"" },		    /* cut short */
};

static void test_json__string_escaping(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < ARRAY_SIZE(escape_cases); i++) {
		struct capture c;
		char want[128];

		capture_open(&c);
		json_str(&c.w, NULL, escape_cases[i].in);
		snprintf(want, sizeof(want), "%s\n", escape_cases[i].want);
		capture_expect(&c, 0, want);
	}
	/* keys are escaped too */
	{
		struct capture c;

		capture_open(&c);
		json_obj_begin(&c.w, NULL);
		json_u64(&c.w, "a\"b", 1);
		json_obj_end(&c.w);
		capture_expect(&c, 0, "{\n  \"a\\\"b\" : 1\n}\n");
	}
}

static void test_json__misuse(void **state)
{
	struct capture c;
	int i;

	(void)state;
	/* a value without a key inside an object */
	capture_open(&c);
	json_obj_begin(&c.w, NULL);
	json_u64(&c.w, NULL, 1);
	json_u64(&c.w, "later", 2); /* ignored once failed */
	capture_expect(&c, -EINVAL, "{");

	/* a key inside an array */
	capture_open(&c);
	json_arr_begin(&c.w, NULL);
	json_u64(&c.w, "k", 1);
	capture_expect(&c, -EINVAL, "[");

	/* a key at the top level */
	capture_open(&c);
	json_u64(&c.w, "k", 1);
	capture_expect(&c, -EINVAL, "");

	/* wrong closer, closer at top level */
	capture_open(&c);
	json_obj_begin(&c.w, NULL);
	json_arr_end(&c.w);
	capture_expect(&c, -EINVAL, NULL);
	capture_open(&c);
	json_obj_end(&c.w);
	capture_expect(&c, -EINVAL, "");

	/* unclosed */
	capture_open(&c);
	json_obj_begin(&c.w, NULL);
	capture_expect(&c, -EINVAL, "{");

	/* exactly JSON_MAX_DEPTH levels work, one more does not */
	capture_open(&c);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_arr_begin(&c.w, NULL);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_arr_end(&c.w);
	capture_expect(&c, 0, NULL);
	capture_open(&c);
	for (i = 0; i <= JSON_MAX_DEPTH; i++)
		json_arr_begin(&c.w, NULL);
	capture_expect(&c, -E2BIG, NULL);
}

/* ---- json_read_flat() ---------------------------------------------------- */

/* What the reader handed over, as "key=s:value" / "key=n:value" lines. */
struct seen {
	char text[1024];
	size_t len;
	int stop_at;	/* return 99 at this member (1-based), 0 = never */
	int nr;
};

static int collect(void *arg, const struct json_member *m)
{
	struct seen *s = arg;
	int n;

	if (m->is_str)
		n = snprintf(s->text + s->len, sizeof(s->text) - s->len, "%s=s:%s\n",
			     m->key, m->str);
	else
		n = snprintf(s->text + s->len, sizeof(s->text) - s->len,
			     "%s=n:%" PRIu64 "\n", m->key, m->num);
	assert_true(n > 0 && (size_t)n < sizeof(s->text) - s->len);
	s->len += (size_t)n;
	return ++s->nr == s->stop_at ? 99 : 0;
}

static int read_text(const char *text, struct seen *s, size_t cap)
{
	char scratch[256];

	assert_true(cap <= sizeof(scratch));
	memset(s, 0, sizeof(*s));
	return json_read_flat(text, strlen(text), scratch, cap, collect, s);
}

static void test_json__read_flat(void **state)
{
	static const struct {
		const char *in, *want;
	} ok[] = {
		{ "{}", "" },
		{ " \n{ }\n ", "" },
		{ "{\"a\":1}", "a=n:1\n" },
		{ "{\n  \"file\" : \"t.dat\",\n  \"offset\" : 20480\n}\n",
		  "file=s:t.dat\noffset=n:20480\n" },
		{ "{\"max\":18446744073709551615,\"z\":0}",
		  "max=n:18446744073709551615\nz=n:0\n" },
		{ "{\"e\":\"q\\\"b\\\\s\\/\\b\\f\\n\\r\\t\"}", "e=s:q\"b\\s/\b\f\n\r\t\n" },
		{ "{\"u\":\"\\u0041\\u00e9\\u001f\"}", "u=s:A\xe9\x1f\n" },
		{ "{\"\":\"\"}", "=s:\n" },
		{ "{\"k\\u0031\":\"v\"}", "k1=s:v\n" },
	};
	struct seen s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		int r = read_text(ok[i].in, &s, 256);

		if (r || strcmp(s.text, ok[i].want))
			fail_msg("input %zu '%s': returned %d, read\n%s", i, ok[i].in, r, s.text);
	}
}

static void test_json__read_flat_malformed(void **state)
{
	static const char *const bad[] = {
		"", " ", "[]", "{", "}", "{\"a\"}", "{\"a\":}", "{\"a\" 1}", "{a:1}",
		"{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\":1}x", "{\"a\":1}{}",
		"{\"a\":-1}", "{\"a\":1.5}", "{\"a\":1e3}", "{\"a\":01}",
		"{\"a\":18446744073709551616}", "{\"a\":true}", "{\"a\":null}",
		"{\"a\":{}}", "{\"a\":[]}", "{\"a\":\"x}", "{\"a\":\"\\x\"}",
		"{\"a\":\"\\u00\"}", "{\"a\":\"\\u0000\"}", "{\"a\":\"\\u0100\"}",
		"{\"a\":\"\\u00g1\"}", "{\"a\":\"tab\there\"}", "{\"a\":\"nl\nhere\"}",
		"{'a':1}",
	};
	struct seen s;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		int r = read_text(bad[i], &s, 256);

		if (r != -EBADMSG)
			fail_msg("input %zu '%s': returned %d, not -EBADMSG", i, bad[i], r);
	}
}

static void test_json__read_flat_limits(void **state)
{
	struct seen s;
	char big[64];

	(void)state;
	/* key and value share the scratch: "ab\0" + "cd\0" needs 6 bytes */
	assert_int_equal(read_text("{\"ab\":\"cd\"}", &s, 6), 0);
	assert_string_equal(s.text, "ab=s:cd\n");
	assert_int_equal(read_text("{\"ab\":\"cd\"}", &s, 5), -EMSGSIZE);
	assert_int_equal(read_text("{\"ab\":\"cd\"}", &s, 0), -EMSGSIZE);
	/* the callback's non-zero return stops the parse */
	memset(&s, 0, sizeof(s));
	s.stop_at = 2;
	snprintf(big, sizeof(big), "{\"a\":1,\"b\":2,\"c\":3}");
	{
		char scratch[64];

		assert_int_equal(json_read_flat(big, strlen(big), scratch, sizeof(scratch),
						collect, &s), 99);
	}
	assert_string_equal(s.text, "a=n:1\nb=n:2\n");
	/* len bounds the text: no NUL needed, nothing read past it */
	assert_int_equal(json_read_flat("{\"a\":1}garbage", 7, big, sizeof(big), collect, &s), 0);
}

/* What the writer writes, the reader reads back. */
static void test_json__read_what_was_written(void **state)
{
	struct capture c;
	struct seen s;
	char scratch[256];
	int r;

	(void)state;
	capture_open(&c);
	json_obj_begin(&c.w, NULL);
	json_str(&c.w, "name", "a\"b\\c\x01\xff/");
	json_u64(&c.w, "n", UINT64_MAX);
	json_str(&c.w, "utf8", "\xc3\xa9");
	json_obj_end(&c.w);
	assert_int_equal(json_finish(&c.w), 0);
	fclose(c.f);
	memset(&s, 0, sizeof(s));
	r = json_read_flat(c.buf, c.len, scratch, sizeof(scratch), collect, &s);
	free(c.buf);
	assert_int_equal(r, 0);
	assert_string_equal(s.text, "name=s:a\"b\\c\x01\xff/\nn=n:18446744073709551615\n"
				    "utf8=s:\xc3\xa9\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json__fio_layout),
		cmocka_unit_test(test_json__arrays_and_empties),
		cmocka_unit_test(test_json__u64_row),
		cmocka_unit_test(test_json__top_level_scalars),
		cmocka_unit_test(test_json__doubles),
		cmocka_unit_test(test_json__string_escaping),
		cmocka_unit_test(test_json__misuse),
		cmocka_unit_test(test_json__read_flat),
		cmocka_unit_test(test_json__read_flat_malformed),
		cmocka_unit_test(test_json__read_flat_limits),
		cmocka_unit_test(test_json__read_what_was_written),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
