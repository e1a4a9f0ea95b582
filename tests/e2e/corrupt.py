#!/usr/bin/env python3
"""corrupt.py - inject real corruption into a file at a known place.

    corrupt.py flip   FILE OFFSET BIT          flip one bit (0..7) of the byte at OFFSET
    corrupt.py zero   FILE OFFSET LEN          write LEN zero bytes at OFFSET
    corrupt.py random FILE OFFSET LEN [SEED]   write LEN pseudo-random bytes at OFFSET
    corrupt.py copy   FILE SRC DST LEN         copy LEN bytes from SRC to DST
    corrupt.py save   FILE OFFSET LEN OUT      save LEN bytes at OFFSET into OUT
    corrupt.py put    FILE OFFSET IN           write the bytes of IN at OFFSET
    corrupt.py cmp    FILE OFFSET IN           exit 0 if the bytes at OFFSET equal IN

Offsets and lengths accept 0x hex and k/m suffixes (powers of 2).
"""
import os
import random
import sys


def num(s):
    s = s.strip().lower()
    mult = 1
    if s[-1:] in ("k", "m", "g"):
        mult = 1024 ** " kmg".index(s[-1])
        s = s[:-1]
    return int(s, 0) * mult


def pwrite(path, off, data):
    fd = os.open(path, os.O_WRONLY)
    try:
        os.pwrite(fd, data, off)
        os.fsync(fd)
    finally:
        os.close(fd)


def pread(path, off, n):
    with open(path, "rb") as f:
        f.seek(off)
        data = f.read(n)
    if len(data) != n:
        sys.exit("corrupt.py: short read at %d" % off)
    return data


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    op, path = argv[1], argv[2]
    a = argv[3:]
    if op == "flip":
        off, bit = num(a[0]), int(a[1])
        b = pread(path, off, 1)[0] ^ (1 << bit)
        pwrite(path, off, bytes([b]))
    elif op == "zero":
        pwrite(path, num(a[0]), bytes(num(a[1])))
    elif op == "random":
        rng = random.Random(int(a[2]) if len(a) > 2 else 1)
        n = num(a[1])
        pwrite(path, num(a[0]), bytes(rng.getrandbits(8) for _ in range(n)))
    elif op == "copy":
        pwrite(path, num(a[1]), pread(path, num(a[0]), num(a[2])))
    elif op == "save":
        with open(a[2], "wb") as f:
            f.write(pread(path, num(a[0]), num(a[1])))
    elif op == "put":
        with open(a[1], "rb") as f:
            pwrite(path, num(a[0]), f.read())
    elif op == "cmp":
        with open(a[1], "rb") as f:
            want = f.read()
        sys.exit(0 if pread(path, num(a[0]), len(want)) == want else 1)
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
