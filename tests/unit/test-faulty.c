/*
 * test-faulty.c - the rule language of the faulty engine
 * (engines/faulty-rules.c, docs/faulty-rules.md).
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "faulty.h"

static void test_faulty__rules(void **state)
{
	struct fault_rules r = { 0 };
	char err[256] = "";

	(void)state;
	assert_int_equal(fault_rules_parse(&r, "# faults\n\ndrop nth=20\n"
					   "misdirect nth=3 to=4k ; tear offset=12k length=8k\n"
					   "  flip on=read nth=3 bit=1000 # transient\n"
					   "eio on=read prob=0.25 count=0\ndelay usec=50ms\n",
					   "t", err, sizeof(err)), 0);
	assert_int_equal(r.n, 6);
	assert_int_equal(r.v[0].act, FA_DROP);
	assert_int_equal(r.v[0].on, FAULT_ON_WRITE);
	assert_int_equal(r.v[0].nth, 20);
	assert_int_equal(r.v[0].count, 1);	/* nth= fires once */
	assert_false(r.v[0].has_range);
	assert_int_equal(r.v[1].act, FA_MISDIRECT);
	assert_true(r.v[1].has_to);
	assert_int_equal(r.v[1].to, 4096);
	assert_int_equal(r.v[2].act, FA_TEAR);
	assert_true(r.v[2].has_range);
	assert_int_equal(r.v[2].off, 12288);
	assert_int_equal(r.v[2].len, 8192);
	assert_int_equal(r.v[2].count, 0);
	assert_int_equal(r.v[3].act, FA_FLIP);
	assert_int_equal(r.v[3].on, FAULT_ON_READ);
	assert_int_equal(r.v[3].bit, 1000);
	assert_int_equal(r.v[4].on, FAULT_ON_READ);
	assert_true(r.v[4].prob == 0.25);
	assert_int_equal(r.v[5].act, FA_DELAY);
	assert_int_equal(r.v[5].on, FAULT_ON_READ | FAULT_ON_WRITE);
	assert_int_equal(r.v[5].usec, 50000);
	assert_string_equal(fault_act_name(FA_TEAR), "tear");
	fault_rules_free(&r);
	assert_null(r.v);
	fault_rules_free(&r);
	/* offset= alone: the I/O that holds that byte */
	assert_int_equal(fault_rules_parse(&r, "short offset=100", "t", err, sizeof(err)), 0);
	assert_int_equal(r.v[0].len, 1);
	fault_rules_free(&r);
}

static void test_faulty__rule_errors(void **state)
{
	static const struct {
		const char *text, *msg;
	} bad[] = {
		{ "bogus", "r line 1: unknown fault 'bogus' (eio, enospc, short, drop, "
			   "misdirect, tear, flip, delay)" },
		{ "\ndrop nth", "r line 2: not key=value: 'nth'" },
		{ "drop size=3", "r line 1: unknown key 'size' (on, nth, offset, length, prob, "
				 "count, to, bit, usec)" },
		{ "eio prob=2", "r line 1: bad value in 'prob=2'" },
		{ "eio on=both", "r line 1: bad value in 'on=both'" },
		{ "eio nth=x", "r line 1: bad value in 'nth=x'" },
		{ "drop on=read", "r line 1: on= does not fit 'drop' (drop, misdirect and tear "
				  "are writes; flip needs on=read or on=write)" },
		{ "eio;flip nth=2", "r line 1: on= does not fit 'flip' (drop, misdirect and tear "
				    "are writes; flip needs on=read or on=write)" },
	};
	struct fault_rules r = { 0 };
	char err[256];

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		assert_int_equal(fault_rules_parse(&r, bad[i].text, "r", err, sizeof(err)),
				 -EINVAL);
		assert_string_equal(err, bad[i].msg);
		fault_rules_free(&r);
	}
	assert_int_equal(fault_rules_load(&r, "/nonexistent/rules", err, sizeof(err)), -ENOENT);
	assert_string_equal(err, "cannot read rule file '/nonexistent/rules': No such file or "
			    "directory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_faulty__rules),
		cmocka_unit_test(test_faulty__rule_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
