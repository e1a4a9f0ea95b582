# shellcheck shell=bash
# lib-bundle.sh - helpers for the repro bundle tests (t109*): read a
# bundle (a .tar.gz under verio-bundle/, docs/format.md "Repro bundle")
# with python3's tarfile, independently of verio. Source it after lib.sh.

# require_libarchive: skip the test when verio was built without it.
require_libarchive() {
	grep -q '^#define CONFIG_LIBARCHIVE 1' "$SRCDIR/config-host.h" ||
		test_skip "verio built without libarchive"
}

# bundle_ls BUNDLE: the member names, "verio-bundle/" cut off, sorted, one
# a line. Fails if a member is not a regular file under verio-bundle/.
bundle_ls() {
	python3 - "$1" <<-'PY'
	import sys, tarfile
	with tarfile.open(sys.argv[1], "r:gz") as t:
	    names = []
	    for m in t.getmembers():
	        assert m.isfile(), "not a regular file: %s" % m.name
	        assert m.name.startswith("verio-bundle/"), m.name
	        names.append(m.name[len("verio-bundle/"):])
	assert len(names) == len(set(names)), "duplicate members"
	print("\n".join(sorted(names)))
	PY
}

# bundle_cat BUNDLE PATH: the content of member verio-bundle/PATH.
bundle_cat() {
	python3 - "$1" "$2" <<-'PY'
	import sys, tarfile
	with tarfile.open(sys.argv[1], "r:gz") as t:
	    sys.stdout.buffer.write(t.extractfile("verio-bundle/" + sys.argv[2]).read())
	PY
}

# bundle_get BUNDLE PATH EXPR: json_get on the JSON member PATH.
bundle_get() {
	bundle_cat "$1" "$2" >bundle-member.json &&
	json_get bundle-member.json "$3"
}

# bundle_check BUNDLE EXIT: MANIFEST.json parses, says what it is, has
# the run's exit status EXIT, and lists exactly the other members, each
# with a known role; command_line.txt read by sh gives its command_line.
bundle_check() {
	python3 - "$1" "$2" <<-'PY'
	import json, shlex, sys, tarfile
	roles = {"job_file", "report", "dump_received", "dump_expected", "dump_json",
	         "state", "journal", "history", "environment", "command_line"}
	with tarfile.open(sys.argv[1], "r:gz") as t:
	    names = [m.name[len("verio-bundle/"):] for m in t.getmembers()]
	    m = json.load(t.extractfile("verio-bundle/MANIFEST.json"))
	    cmd = t.extractfile("verio-bundle/command_line.txt").read().decode()
	assert names[0] == "MANIFEST.json", names[0]
	assert m["format"] == "verio-bundle" and m["version"] == 1, m
	assert m["exit_status"] == int(sys.argv[2]), m["exit_status"]
	assert m["run_id"] > 0 and m["verio_version"] and m["created"].endswith("Z")
	listed = [f["path"] for f in m["files"]]
	assert listed == names[1:], (listed, names)
	for f in m["files"]:
	    assert f["role"] in roles, f
	assert cmd.endswith("\n") and cmd.count("\n") == 1, repr(cmd)
	assert shlex.split(cmd) == m["command_line"], (cmd, m["command_line"])
	PY
}

# bundle_roles BUNDLE: "ROLE PATH" per file of MANIFEST.json, sorted.
bundle_roles() {
	bundle_cat "$1" MANIFEST.json >bundle-manifest.json &&
	json_get bundle-manifest.json \
		"'\\n'.join(sorted(f['role'] + ' ' + f['path'] for f in j['files']))"
}
