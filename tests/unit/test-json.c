/*
 * test-json.c - unit tests for lib/json.c: exact output, escaping, misuse.
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json__fio_layout),
		cmocka_unit_test(test_json__arrays_and_empties),
		cmocka_unit_test(test_json__top_level_scalars),
		cmocka_unit_test(test_json__doubles),
		cmocka_unit_test(test_json__string_escaping),
		cmocka_unit_test(test_json__misuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
