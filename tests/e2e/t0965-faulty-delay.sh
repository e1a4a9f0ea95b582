#!/usr/bin/env bash
# t0965: a delayed I/O is done as asked (exit 0, every unit right); rules
# with a probability are deterministic from faulty_seed.
# shellcheck disable=SC2016  # eval'd bodies
. "$SRCDIR/tests/e2e/lib.sh"
. "$SRCDIR/tests/e2e/lib-json.sh"
. "$SRCDIR/tests/e2e/lib-engines.sh"
. "$SRCDIR/tests/e2e/lib-faulty.sh"
test_require_cmd python3

test_expect_success 'a 20 ms delay on the 3rd write: exit 0, the data right, held at least that long' '
	faulty_run 0 --faulty_rule="delay on=write nth=3 usec=20ms"
	clean out.json
	# a lower bound only: a sleep never ends early, whatever the load
	json_check out.json "j[\"write\"][\"clat_ns\"][\"max\"] >= 20000000"
'

for e in $(async_engines); do
	test_expect_success "delays over $e: the data right" '
		faulty_run 0 --iodepth=4 --faulty_engine='"$e"' --faulty_rule="delay usec=1ms prob=0.2"
		clean out.json
	'
done

# The offsets of the units that failed, one line.
failed_offsets() {
	python3 -c "import json, sys; print(sorted(i[\"offset\"] for i in json.load(open(sys.argv[1]))[\"jobs\"][0][\"verify\"][\"incidents\"]))" "$1"
}

test_expect_success 'prob= is deterministic from faulty_seed: same seed same faults' '
	faulty_run 1 --faulty_rule="flip on=read prob=0.3 bit=9" --faulty_seed=7
	failed_offsets out.json >a
	faulty_run 1 --faulty_rule="flip on=read prob=0.3 bit=9" --faulty_seed=7
	failed_offsets out.json >b
	test_cmp a b
	test "$(cat a)" != "[]"
	faulty_run 1 --faulty_rule="flip on=read prob=0.3 bit=9" --faulty_seed=8
	failed_offsets out.json >c
	! cmp -s a c
'

test_done
