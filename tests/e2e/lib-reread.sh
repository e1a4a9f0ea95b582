# lib-reread.sh - checks of reread triage (verify_reread, t107x): the
# verdict of an incident in the JSON report and in its dump .json. Source
# it after lib.sh.

# The ends of an incident's text line (grep basic regular expressions).
# shellcheck disable=SC2034
TEXT_PERSISTENT="(persistent: the reread with the cache bypassed shows the same data)"
# shellcheck disable=SC2034
TEXT_TRANSIENT="(transient: the reread with the cache bypassed verifies; the read path or host memory changed the data)"

# reread_is FILE OFFSET VERDICT: the first job's incident at OFFSET was
# reread with VERDICT, and the verify object's "rereads" counts every
# failing unit once, by the verdicts of its incidents.
reread_is() {
	python3 - "$@" <<-'PY'
	import json, sys
	path, off, want = sys.argv[1], int(sys.argv[2]), sys.argv[3]
	v = json.load(open(path))["jobs"][0]["verify"]
	inc = [i for i in v["incidents"] if i["offset"] == off]
	assert len(inc) == 1, ("no incident at", off, v["incidents"])
	assert inc[0].get("reread") == want, (want, inc[0])
	counts = {}
	for i in v["incidents"]:
	    counts[i["reread"]] = counts.get(i["reread"], 0) + 1
	assert set(v["rereads"]) == {"off", "persistent", "transient", "changed", "error"}, v["rereads"]
	assert {k: n for k, n in v["rereads"].items() if n} == counts, (v["rereads"], counts)
	assert sum(v["rereads"].values()) == v["failures"], v
	PY
}

# dump_reread_is FILE VERDICT: the dump .json FILE says VERDICT.
dump_reread_is() {
	test "$(json_get "$1" "j['reread']")" = "$2"
}
