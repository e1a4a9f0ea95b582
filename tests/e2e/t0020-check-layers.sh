#!/usr/bin/env bash
# t0020: scripts/check-layers passes on a clean include graph and fails,
# naming file:line, the include and the rule, on one that points up.
# shellcheck disable=SC2016
. "$SRCDIR/tests/e2e/lib.sh"
test_require_cmd python3

check=$SRCDIR/scripts/check-layers

# fake_tree DIR: a small tree whose includes all point down.
fake_tree() {
	mkdir -p "$1"/src/{cmd,config,run,verify,report} "$1"/{engines,crc,lib,include}
	touch "$1"/include/{compat,csum,ioengine,fdio}.h "$1"/crc/csum-priv.h
	touch "$1"/src/verify/{format,incident,verify}.h "$1"/src/run/{job,run}.h
	touch "$1"/src/config/options.h "$1"/src/report/{stats,report}.h "$1"/src/cmd/run.h
	printf '#include "compat.h"\n#include "cmd/run.h"\n' >"$1"/src/main.c
	printf '#include "run/run.h"\n#include "report/report.h"\n' >"$1"/src/cmd/run.c
	printf '#include "config/options.h"\n#include "verify/verify.h"\n#include "report/stats.h"\n' \
		>"$1"/src/run/sched.c
	printf '#include "verify/incident.h"\n#include "fdio.h"\n' >"$1"/src/report/json.c
	printf '#include "csum.h"\n#include "fdio.h"\n#include "verify/format.h"\n' \
		>"$1"/src/verify/verify.c
	printf '#include "ioengine.h"\n#include "csum.h"\n' >"$1"/src/config/options.c
	printf '#include "csum-priv.h"\n#include "csum.h"\n' >"$1"/crc/crc.c
	printf '#include "fdio.h"\n' >"$1"/lib/fdio.c
	printf '#include "ioengine.h"\n' >"$1"/engines/psync.c
}

# expect_violation TREE FILE INCLUDE RULE: check-layers fails on TREE and
# names FILE:line, INCLUDE and RULE.
expect_violation() {
	test_expect_code 1 "$check" "$1" >out 2>err
	grep -qF "$2: #include \"$3\": $4" out
	test "$(wc -l <out)" -eq 1
}

test_expect_success 'a clean fake tree passes' '
	fake_tree clean
	"$check" clean >out
	test ! -s out
'

test_expect_success 'lib including verify/format.h fails' '
	fake_tree t1
	echo "#include \"verify/format.h\"" >>t1/lib/fdio.c
	expect_violation t1 lib/fdio.c:2 verify/format.h "lib may include only"
'

test_expect_success 'crc including config/options.h fails' '
	fake_tree t2
	echo "#include \"config/options.h\"" >>t2/crc/crc.c
	expect_violation t2 crc/crc.c:3 config/options.h "crc may include only"
'

test_expect_success 'verify including run/job.h fails' '
	fake_tree t3
	echo "#include \"run/job.h\"" >>t3/src/verify/verify.c
	expect_violation t3 src/verify/verify.c:4 run/job.h "verify may include only"
'

test_expect_success 'another folder'\''s private header fails' '
	fake_tree t4
	echo "#include \"csum-priv.h\"" >>t4/src/verify/verify.c
	expect_violation t4 src/verify/verify.c:4 csum-priv.h "not found"
'

test_expect_success 'the real tree passes' '
	"$check" "$SRCDIR"
'

test_expect_success 'a copy of the real tree with one upward include fails' '
	mkdir real
	cp -R "$SRCDIR"/src "$SRCDIR"/engines "$SRCDIR"/crc "$SRCDIR"/lib \
		"$SRCDIR"/include real/
	echo "#include \"verify/format.h\"" >>real/lib/json.c
	n=$(wc -l <real/lib/json.c)
	test_expect_code 1 "$check" real >out
	grep -qF "lib/json.c:$n: #include \"verify/format.h\": lib may include only" out
	test "$(wc -l <out)" -eq 1
'

test_done
