#!/usr/bin/env python3
"""journal.py - read a verio verify journal (docs/format.md, "Verify journal").

    journal.py info    JOURNAL    seq, flags, records, torn tail (one line)
    journal.py pending JOURNAL    writes whose intent has no completion:
                                  "FILE UNIT COUNT GEN" per line (GEN: the
                                  first unit's new generation)
    journal.py carry   JOURNAL    carried units: "FILE UNIT OLD NEW" per line

An independent reader of the documented layout, for the tests: it checks
the header and record checksums and stops at the first bad record, as a
torn tail.
"""
import struct
import sys

MAGIC = b"VRIOJRNL"
HDR_LEN = 64
REC_LEN = 32


def _table():
    t = []
    for i in range(256):
        c = i
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        t.append(c)
    return t


TABLE = _table()


def crc32c(data, crc=0):
    crc ^= 0xFFFFFFFF
    for b in data:
        crc = TABLE[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def read(path):
    with open(path, "rb") as f:
        b = f.read()
    if len(b) < HDR_LEN or b[:8] != MAGIC:
        sys.exit("journal.py: %s: not a journal" % path)
    if struct.unpack_from("<I", b, 60)[0] != crc32c(b[:60]):
        sys.exit("journal.py: %s: bad header crc" % path)
    version, flags, seq = struct.unpack_from("<IIQ", b, 8)
    recs, torn = [], False
    n = (len(b) - HDR_LEN) // REC_LEN
    for i in range(n):
        r = b[HDR_LEN + i * REC_LEN:HDR_LEN + (i + 1) * REC_LEN]
        crc = crc32c(struct.pack("<Q", seq), crc32c(r[:28]))
        if struct.unpack_from("<I", r, 28)[0] != crc or \
           struct.unpack_from("<I", r, 24)[0] != i & 0xFFFFFFFF:
            torn = True
            break
        typ, _, gen, fil, unit, count, old = struct.unpack_from("<BBHIQIH", r, 0)
        recs.append((typ, fil, unit, count, gen, old))
    torn = torn or (len(b) - HDR_LEN) % REC_LEN != 0
    return {"seq": seq, "flags": flags, "recs": recs, "torn": torn}


def main():
    cmd, path = sys.argv[1], sys.argv[2]
    j = read(path)
    if cmd == "info":
        print("seq=%d flags=%d records=%d torn=%d" %
              (j["seq"], j["flags"], len(j["recs"]), j["torn"]))
    elif cmd == "pending":
        open_ = {}
        for typ, fil, unit, count, gen, _ in j["recs"]:
            if typ == 1:
                open_[(fil, unit, count)] = gen
            elif typ in (2, 3):
                open_.pop((fil, unit, count), None)
        for (fil, unit, count), gen in sorted(open_.items()):
            print(fil, unit, count, gen)
    elif cmd == "carry":
        for typ, fil, unit, _, gen, old in j["recs"]:
            if typ == 5:
                print(fil, unit, old, gen)
    else:
        sys.exit("journal.py: unknown command " + cmd)


if __name__ == "__main__":
    main()
