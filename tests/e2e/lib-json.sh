# lib-json.sh - checks of verio's JSON report (--output-format=json), for
# the tests that read one. Source it after lib.sh (json_get is there).

# json_clean FILE: the report has jobs, and none has an error or a verify
# failure.
json_clean() {
	python3 - "$1" <<-'EOF'
	import json, sys
	j = json.load(open(sys.argv[1]))
	assert j["jobs"], "no jobs"
	for jb in j["jobs"]:
	    assert jb["error"] == 0, (jb["jobname"], jb["error"])
	    v = jb.get("verify")
	    if v:
	        assert v["failures"] == 0 and not v["incidents"], (jb["jobname"], v)
	EOF
}

# json_check FILE EXPR: the python expression EXPR, with j bound to the
# first job of FILE's report and v to its verify object ({} without
# verify), must be true. On failure, prints what the job did.
json_check() {
	python3 - "$1" "$2" <<'EOF'
import json, sys
with open(sys.argv[1]) as f:
    j = json.load(f)["jobs"][0]
v = j.get("verify", {})
if not eval(sys.argv[2], {"j": j, "v": v}):
    show = {k: j[k] for k in ("error", "job_runtime", "iodepth_level") if k in j}
    show["verify"] = dict(v, incidents=v.get("incidents", [])[:4])
    for d in ("read", "write"):
        if d in j:
            show[d] = {k: j[d].get(k) for k in ("io_bytes", "total_ios", "runtime")}
    sys.exit("json_check failed: %s\n%s" % (sys.argv[2], json.dumps(show)))
EOF
}

# json_one_incident FILE [KEY=VALUE | FIELD]...: the first job ended with
# EILSEQ (84) and exactly one verify failure, its one incident's class is
# the only class counted, each KEY of the incident is VALUE, and each
# FIELD is printed, one a line, in order.
json_one_incident() {
	python3 - "$@" <<-'EOF'
	import json, sys
	jb = json.load(open(sys.argv[1]))["jobs"][0]
	v = jb["verify"]
	assert jb["error"] == 84, jb["error"]
	assert v["failures"] == 1 and len(v["incidents"]) == 1, v
	inc = v["incidents"][0]
	counts = {k: n for k, n in v["classes"].items() if n}
	assert counts == {inc["class"]: 1}, (counts, inc["class"])
	for arg in sys.argv[2:]:
	    k, eq, want = arg.partition("=")
	    if eq:
	        assert str(inc[k]) == want, "%s: %s, wanted %s (%s)" % (k, inc[k], want, inc)
	    else:
	        print(inc[k])
	EOF
}
