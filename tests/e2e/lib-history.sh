# lib-history.sh - a reader of verio's write history written from
# docs/format.md ("Write history") alone, in Python, so the e2e tests
# t1000-t1019 check the C writer against an independent reading. Source it
# after lib.sh; hist_py writes ./hist.py, which the tests import:
#
#	hist_py
#	python3 - <<'EOF'
#	import hist
#	h = hist.read('h')          # PATH.1 then PATH, as the format says
#	...
#	EOF

hist_py() {
	printf 'import sys\nsys.path.insert(0, "%s/tests/e2e")\n' "$SRCDIR" >hist.py
	cat >>hist.py <<'EOF'
import os, struct, zlib

from journal import crc32c   # tests/e2e/journal.py: the one Python crc32c

class Part:
    pass

def read_part(path):
    d = open(path, 'rb').read()
    assert d[:8] == b'VRIOHIST', path + ': bad magic'
    version, L = struct.unpack_from('<II', d, 8)
    assert version == 1
    assert struct.unpack_from('<I', d, L - 4)[0] == crc32c(d[:L - 4]), 'header crc'
    p = Part()
    (p.run_id, p.seed, p.unit_len, p.sector, p.created, p.mono_off, p.part,
     nf, nj, flags) = struct.unpack_from('<QQIIQqIIII', d, 16)
    o = 72
    p.files = []
    for _ in range(nf):
        n, = struct.unpack_from('<H', d, o)
        p.files.append(d[o + 2:o + 2 + n].decode())
        o += 2 + n
    p.jobs = []
    for _ in range(nj):
        clone, n = struct.unpack_from('<IH', d, o)
        p.jobs.append((d[o + 6:o + 6 + n].decode(), clone))
        o += 6 + n
    assert o == L - 4, 'header tables'
    p.records, p.segments, p.torn = [], 0, False
    pos = L
    while pos < len(d):
        h = d[pos:pos + 48]
        if len(h) < 48 or h[:4] != b'VHSG' or struct.unpack_from('<I', h, 44)[0] != crc32c(h[:44]):
            p.torn = True
            break
        clen, ulen, ccrc, job, clone, ncrc, nrec, segno, sflags = struct.unpack_from('<IIIIIIIQI', h, 4)
        data = d[pos + 48:pos + 48 + clen]
        if len(data) < clen or crc32c(data) != ccrc:
            p.torn = True
            break
        raw = zlib.decompress(data)
        assert len(raw) == ulen == 32 * nrec
        assert ncrc == crc32c(p.jobs[job][0].encode())
        for i in range(nrec):
            p.records.append((job, clone, segno) + decode(raw[32 * i:32 * i + 32]))
        p.segments += 1
        pos += 48 + clen
    return p

def decode(r):
    typ, flags, gen, lenres, off, t = struct.unpack_from('<BBHIQQ', r, 0)
    seq = int.from_bytes(r[24:30], 'little')
    f, = struct.unpack_from('<H', r, 30)
    if typ in (2, 3):
        lenres = struct.unpack_from('<i', r, 4)[0]
    return (typ, flags, gen, lenres, off, t, seq, f)

def read(path):
    cur = read_part(path)
    parts = [cur]
    if os.path.exists(path + '.1'):
        old = read_part(path + '.1')
        if old.run_id == cur.run_id and old.part < cur.part:
            parts.insert(0, old)
    return parts

def writes(parts):
    """Writes joined with their DONE: dicts, in file order."""
    ws, done = [], {}
    for p in parts:
        for (job, clone, segno, typ, flags, gen, lr, off, t, seq, f) in p.records:
            if typ in (1, 4):
                ws.append(dict(job=job, clone=clone, seq=seq, file=f, gen=gen, len=lr,
                               off=off, t_issue=t, trim=typ == 4))
            elif typ == 2:
                done[(job, clone, seq)] = dict(result=lr, order=off, t_done=t)
    for w in ws:
        w.update(done.get((w['job'], w['clone'], w['seq']),
                          dict(result=None, order=0, t_done=0)))
    return ws

def syncs(parts):
    return [dict(job=job, clone=clone, file=f, datasync=bool(flags & 1), result=lr,
                 order=off, t=t, epoch=seq)
            for p in parts
            for (job, clone, segno, typ, flags, gen, lr, off, t, seq, f) in p.records
            if typ == 3]

def media(path, U):
    """{offset: (gen, job, clone, run id)} of every unit of the target that
    starts with a verio unit header (docs/format.md, "Header")."""
    out = {}
    with open(path, 'rb') as f:
        d = f.read()
    for o in range(0, len(d) - U + 1, U):
        h = d[o:o + 64]
        if h[:4] != b'VRIO':
            continue
        clone, = struct.unpack_from('<H', h, 14)
        off, gen, run = struct.unpack_from('<QQQ', h, 16)
        job, = struct.unpack_from('<I', h, 56)
        assert off == o, 'unit at %d names offset %d' % (o, off)
        out[o] = (gen, job, clone, run)
    return out
EOF
}
