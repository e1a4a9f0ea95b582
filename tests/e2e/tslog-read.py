#!/usr/bin/env python3
"""tslog-read.py - read fio's time-series logs (bw, iops, slat/clat/lat,
clat_hist, and the compressed .log.fz), written from the format fio's
HOWTO documents ("Log File Formats"), for verio's e2e tests.

  tslog-read.py check FILE [offset] [prio]  every line well formed; prints the count
  tslog-read.py stats FILE                  per ddir: lines, sum, mean, max, min time, max time
  tslog-read.py hist FILE                   per line: time ddir bs columns total
  tslog-read.py inflate FILE [offset]       a .log.fz as text lines
"""
import re
import struct
import sys
import zlib

NUM = r"(0|[1-9][0-9]*)"


def line_re(offset, prio_hex):
    # time, value, ddir, bs[, offset], prio
    cols = [NUM, r"-?" + NUM, r"[012]", NUM]
    if offset:
        cols.append(NUM)
    cols.append(r"0x[0-9a-f]{4}" if prio_hex else r"[01]")
    return re.compile("^" + ", ".join(cols) + "$")


def rows(path):
    with open(path) as f:
        for line in f:
            yield [int(x, 0) for x in line.rstrip("\n").split(", ")]


def check(path, offset=False, prio=False):
    rx = line_re(offset, prio)
    n = 0
    with open(path) as f:
        for n, line in enumerate(f, 1):
            if not rx.match(line.rstrip("\n")) or not line.endswith("\n"):
                sys.exit("%s line %d: malformed: %r" % (path, n, line))
    print(n)


def stats(path):
    per = {}
    for r in rows(path):
        s = per.setdefault(r[2], [0, 0, 0, None, None])
        s[0] += 1
        s[1] += r[1]
        s[2] = max(s[2], r[1])
        s[3] = r[0] if s[3] is None else min(s[3], r[0])
        s[4] = r[0] if s[4] is None else max(s[4], r[0])
    for d in sorted(per):
        n, tot, mx, t0, t1 = per[d]
        print(d, n, tot, "%.3f" % (tot / n), mx, t0, t1)


def hist(path):
    with open(path) as f:
        for line in f:
            v = [int(x) for x in line.rstrip("\n").split(", ")]
            print(v[0], v[1], v[2], len(v) - 3, sum(v[3:]))


def inflate(path, offset=False):
    data = open(path, "rb").read()
    out = b""
    while data:	# zlib streams, one after another
        d = zlib.decompressobj()
        out += d.decompress(data)
        if not d.eof:
            sys.exit("%s: a stream is cut short" % path)
        data = d.unused_data
    size = 40 if offset else 32
    if len(out) % size:
        sys.exit("%s: %d bytes is no whole number of samples" % (path, len(out)))
    for i in range(0, len(out), size):
        t, v, dd, prio, bs = struct.unpack_from("<QqIH2xQ", out, i)
        cols = [t, v, dd & 0x3fffffff, bs]
        if dd & 0x80000000:
            cols.append(struct.unpack_from("<Q", out, i + 32)[0])
        cols.append(("0x%04x" % prio) if dd & 0x40000000 else str(prio))
        print(", ".join(str(c) for c in cols))


if __name__ == "__main__":
    cmd, path, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
    if cmd == "check":
        check(path, "offset" in flags, "prio" in flags)
    elif cmd == "stats":
        stats(path)
    elif cmd == "hist":
        hist(path)
    elif cmd == "inflate":
        inflate(path, "offset" in flags)
    else:
        sys.exit("usage: tslog-read.py check|stats|hist|inflate FILE")
