#!/usr/bin/env bash
# t0000: the helpers of tests/e2e/lib.sh behave as documented.
# Bodies are single-quoted and expanded by eval, as in git's tests:
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
test_require_cmd python3 timeout

test_expect_success 'verio prints its version' '
	"$VERIO" --version >out
	test -s out
'

test_expect_success 'test_must_fail accepts an ordinary failure' '
	test_must_fail false
	test_must_fail sh -c "exit 3"
'

test_expect_success 'test_must_fail refuses success, signals, timeouts, sanitizers' '
	for cmd in true "kill -KILL \$\$" "exit 124" "exit 127" "exit $SANITIZER_EXIT"; do
		if test_must_fail sh -c "$cmd" 2>err; then
			echo "test_must_fail accepted: $cmd"
			false
		fi
		test -s err
	done
'

test_expect_success 'test_expect_code wants the exact status' '
	test_expect_code 0 true
	test_expect_code 3 sh -c "exit 3"
	if test_expect_code 2 sh -c "exit 3" 2>err; then false; fi
	grep -q "wanted exit 2, got 3" err
'

test_expect_success 'test_cmp compares files' '
	printf "a\nb\n" >expect
	printf "a\nb\n" >actual
	test_cmp expect actual
	printf "a\nc\n" >actual
	if test_cmp expect actual >diff; then false; fi
	grep -q "^+c" diff
'

test_expect_success 'json_get evaluates an expression on the JSON' '
	echo "{\"jobs\": [{\"write\": {\"io_bytes\": 4096}, \"name\": \"w\", \"ok\": true}]}" >out.json
	test "$(json_get out.json "j[\"jobs\"][0][\"write\"][\"io_bytes\"]")" = 4096
	test "$(json_get out.json "j[\"jobs\"][0][\"name\"]")" = w
	test "$(json_get out.json "j[\"jobs\"][0][\"ok\"]")" = true
	test "$(json_get out.json "len(j[\"jobs\"])")" = 1
	test_must_fail json_get out.json "j[\"nope\"]" 2>/dev/null
'

test_expect_success 'json_clean wants jobs without errors or verify failures' '
	echo "{\"jobs\": [{\"jobname\": \"w\", \"error\": 0, \"verify\": {\"failures\": 0, \"incidents\": []}}]}" >ok.json
	json_clean ok.json
	echo "{\"jobs\": []}" >none.json
	test_must_fail json_clean none.json 2>/dev/null
	echo "{\"jobs\": [{\"jobname\": \"w\", \"error\": 5}]}" >err.json
	test_must_fail json_clean err.json 2>/dev/null
	echo "{\"jobs\": [{\"jobname\": \"w\", \"error\": 0, \"verify\": {\"failures\": 1, \"incidents\": []}}]}" >bad.json
	test_must_fail json_clean bad.json 2>/dev/null
'

test_expect_success 'json_check evaluates on the first job and says what failed' '
	echo "{\"jobs\": [{\"error\": 0, \"verify\": {\"units\": 3}}]}" >c.json
	json_check c.json "j[\"error\"] == 0 and v[\"units\"] == 3"
	test_must_fail json_check c.json "v[\"units\"] == 4" 2>err
	grep -q "json_check failed: v\[\"units\"\] == 4" err
'

test_expect_success 'json_one_incident checks the only incident and prints fields' '
	cat >i.json <<-\EOF
	{"jobs": [{"error": 84, "verify": {"failures": 1, "classes": {"zeroed": 1, "torn": 0},
	 "incidents": [{"offset": 4096, "class": "zeroed", "file": "t.dat"}]}}]}
	EOF
	test "$(json_one_incident i.json file=t.dat offset class | tr "\n" " ")" = "4096 zeroed "
	test_must_fail json_one_incident i.json file=u.dat 2>/dev/null
	sed "s/\"torn\": 0/\"torn\": 1/" i.json >two.json
	test_must_fail json_one_incident two.json 2>/dev/null
'

test_expect_success 'engine_built knows psync, and no such engine' '
	engine_built psync
	! engine_built no-such-engine
	for e in $(async_engines 2>/dev/null); do engine_built "$e"; done
'

# A script of its own, to see what a failing expectation does to it.
test_expect_success 'a failing command fails its expectation and the script' '
	cat >inner.sh <<-\EOF
	. "$SRCDIR/tests/e2e/lib.sh"
	test_expect_success "passes" "true"
	test_expect_success "fails midway" "false; true"
	test_expect_success "passes again" "true"
	test_done
	EOF
	test_expect_code 1 bash inner.sh >inner.out
	grep -q "^ok 1 - passes$" inner.out
	grep -q "^not ok 2 - fails midway" inner.out
	grep -q "^ok 3 - passes again$" inner.out
	grep -q "^# failed 1 among 3 test(s)$" inner.out
'

test_expect_success 'test_skip exits 77 with its reason' '
	printf "%s\n" ". \"\$SRCDIR/tests/e2e/lib.sh\"" "test_skip no disk here" >skip.sh
	test_expect_code 77 bash skip.sh >skip.out
	grep -q "^# skip: no disk here$" skip.out
'

test_done
