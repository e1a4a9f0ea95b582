#!/usr/bin/env python3
"""bench.py - verio against fio on the same jobs; run by tests/bench/run.sh.

Each row of ROWS below is one job, given once as fio command-line options
that both tools accept. For every row the two tools run in alternation
(verio, fio, then fio, verio, ...) BENCH_RUNS times each, on the same
target; the medians of the chosen metrics, their verio/fio ratio and the
CPU seconds each tool spent per million I/Os are reported as a markdown
table on standard output and as JSON in $BENCH_OUT (default
tests/bench/results.json). Progress and warnings go to standard error.
docs/bench.md explains the rows and how to read the numbers.

Environment:
  VERIO          the verio binary (run.sh sets it; it is copied before use)
  SRCDIR         the repository root
  BENCH_RUNS     runs per tool and row (default 5)
  BENCH_QUICK=1  smoke test: 1 run each, 1 s runs, 256 MiB files
  BENCH_RUNTIME  seconds of each time-based run (default 3, quick 1)
  BENCH_ROWS     run only the rows whose name contains one of these
                 comma-separated words
  BENCH_OUT      where to write the JSON results
  BENCH_FIO      the fio binary (default: fio from PATH)
  BENCH_SHM      tmpfs directory for the file rows (default /dev/shm)
  BENCH_TIMEOUT  seconds before one run is killed (default 180)
  BENCH_KEEP=1   keep the scratch directory (job outputs, state files)
  VERIO_MPI      the verio-mpi binary (default: verio-mpi beside $VERIO)
  BENCH_MPIRUN   the mpirun binary (default: mpirun from PATH); the
                 verio-mpi rows are skipped without it or verio-mpi
  BENCH_MPIRUN_ARGS  more mpirun options (e.g. "--bind-to none": Open MPI
                 binds 1 or 2 ranks to a core each, fio binds nothing)

Exit status: 0 when at least one row ran on both tools (rows that fail
are reported as failed), 1 when every row failed or was skipped, or the
bench could not start.
"""

import glob
import json
import os
import platform
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

MiB = 1 << 20
GiB = 1 << 30


class Row:
    """One benchmark row: a job both tools run, and what to report of it.

    name     short unique name (also used in the tmpfs file name)
    engine   the ioengine; the row is skipped unless both tools list it
    metrics  space-separated keys of METRICS, one table line each
    args     fio options for both tools (--name and --output-format are
             added); placeholders: {file} the row's tmpfs file (one per
             tool: the formats differ), {rt} seconds of a time-based run,
             {fsize} / {rsize} the sizes of the write+verify and
             read-verify files, {fsize_b} / {rsize_b} the same in bytes,
             {dev} a loop device over {file} (rows with loop=True; root only)
    verio    extra options for verio only (and fio=: for fio only)
    prep     options of a job run once per tool, not measured, before the
             measured runs (to lay out or fill {file}); prep_verio /
             prep_fio add tool-only options to it
    size     "fsize" or "rsize": the row needs two files of that size on
             tmpfs (it is skipped when they do not fit)
    expect   checks of each run's JSON (jobs[0]): KEY=N, KEY>N, KEY<N;
             a "verio:" or "fio:" prefix limits a check to one tool
    peer     "fio" (default), or "verio": the "fio" side of the row runs
             verio too, with fio= as its extra options: verio against
             itself (a feature's cost: "journal vs none, same job")
    needs    verio options the row uses that an older verio may not know:
             the row is skipped, saying so, unless `verio --cmdhelp=NAME`
             knows each
    ranks    N > 0: the verio side is verio-mpi on N ranks (`mpirun -np N`,
             the options written as a job file, so ${RANK} in them is each
             rank's own), the fio side fio with --numjobs=N --group_reporting;
             both report one summed job
    scale    rows with ranks: the name of their group in the scaling table
             (the same job at 1, 2, 4 ranks)
    shm_need bytes the row needs on the tmpfs (beside size=)
    """

    def __init__(self, name, engine, metrics, args, verio="", fio="",
                 prep=None, prep_verio="", prep_fio="", size=None, expect="",
                 loop=False, peer="fio", needs="", ranks=0, scale=None, shm_need=0):
        self.name = name
        self.ranks = ranks
        self.scale = scale
        self.shm_need = shm_need
        self.needs = needs.split()
        self.peer = peer
        self.loop = loop        # {dev}: a loop device over a tmpfs file (root)
        self.engine = engine
        self.metrics = metrics.split()
        self.args = args
        self.extra = {"verio": verio, "fio": fio}
        self.prep = prep
        self.prep_extra = {"verio": prep_verio, "fio": prep_fio}
        self.size = size
        self.expect = expect
        for m in self.metrics:
            if m not in METRICS:
                raise SystemExit("bench.py: row %s: unknown metric %s" % (name, m))


def _ios(j):
    return sum(j[d]["total_ios"] for d in ("read", "write", "trim") if d in j)


# Metric key -> (label, unit, phase, function of jobs[0]). "phase" names the
# direction whose own runtime the value depends on; see phase_runtimes_ok().
METRICS = {
    "write.iops": ("write IOPS", "iops", "write", lambda j: j["write"]["iops"]),
    "read.iops": ("verify-read IOPS", "iops", "read", lambda j: j["read"]["iops"]),
    "read.bw": ("verify-read GB/s", "GB/s", "read",
                lambda j: j["read"]["bw_bytes"] / 1e9),
    # Every I/O of the job (write phase + verify phase) over the job's
    # runtime: comparable even when a tool does not split runtime by phase.
    "job.iops": ("write+verify I/Os per s", "iops", None,
                 lambda j: _ios(j) / (j["job_runtime"] / 1000.0)),
}

# ---- the rows -------------------------------------------------------------
# Adding a row is one line. A tool exits 0 on success; the checks in expect
# catch runs that "succeed" without doing the work.

NULL_4K = ("--ioengine=null --rw=randwrite --bs=4k --size=16g --iodepth=1 "
           "--time_based --runtime={rt}")
SHM_4K = "--filename={file} --size={fsize} --bs=4k --rw=randwrite --verify=crc32c"
SHM_LAYOUT = "--ioengine=psync --filename={file} --size={fsize} --bs=1m --rw=write"
SHM_CHECK = ("write.io_bytes={fsize_b} read.io_bytes={fsize_b} "
             "verio:verify.units>0 verio:verify.failures=0")
NULL_OVERLAP = ("--ioengine=null --rw=randwrite --bs=4k --size=1m --norandommap "
                "--iodepth=32 --verify=crc32c --do_verify=0 --time_based --runtime={rt}")
NULL_LOGS = "--write_bw_log={shm}/l --write_lat_log={shm}/l --write_iops_log={shm}/l"
READ_1M = "--ioengine=psync --filename={file} --size={rsize} --bs=1m"
READ_CHECK = ("read.io_bytes>0 write.io_bytes=0 "
              "verio:verify.units>0 verio:verify.failures=0")

ROWS = [
    # name                         engine  metrics     args
    Row("null-4k-randwrite", "null", "write.iops", NULL_4K,
        expect="write.io_bytes>0 read.io_bytes=0"),
    Row("null-4k-randwrite-qd32", "null", "write.iops",
        NULL_4K.replace("--iodepth=1", "--iodepth=32"),
        expect="write.io_bytes>0 read.io_bytes=0"),
] + [
    # The null engine reads back nothing, so only the write phase (fill,
    # stamp, checksum) is measured: do_verify=0.
    Row("null-4k-randwrite-" + alg, "null", "write.iops",
        NULL_4K + " --verify=%s --do_verify=0" % alg,
        verio="--verify_state_save=0", expect="write.io_bytes>0 read.io_bytes=0")
    for alg in ("crc32c", "xxhash", "md5", "sha256")
] + [
    Row("shm-psync-4k-randwrite-crc32c", "psync", "write.iops read.iops job.iops",
        "--ioengine=psync --iodepth=1 " + SHM_4K, verio="--verify_state_save=0",
        prep=SHM_LAYOUT, size="fsize", expect=SHM_CHECK),
    Row("shm-libaio-4k-randwrite-qd32-crc32c", "libaio", "write.iops read.iops job.iops",
        "--ioengine=libaio --iodepth=32 " + SHM_4K, verio="--verify_state_save=0",
        prep=SHM_LAYOUT, size="fsize", expect=SHM_CHECK),
    Row("shm-io_uring-4k-randwrite-qd32-crc32c", "io_uring", "write.iops read.iops job.iops",
        "--ioengine=io_uring --iodepth=32 " + SHM_4K, verio="--verify_state_save=0",
        prep=SHM_LAYOUT, size="fsize", expect=SHM_CHECK),
    # A loop device over a tmpfs file, O_DIRECT: a real block device path.
    Row("loop-direct-io_uring-4k-randwrite-qd32-crc32c", "io_uring",
        "write.iops read.iops job.iops",
        "--ioengine=io_uring --iodepth=32 --direct=1 --filename={dev} --size={fsize} "
        "--bs=4k --rw=randwrite --verify=crc32c",
        verio="--verify_state_save=0", size="fsize", loop=True, expect=SHM_CHECK),
    # verify_async=2 against inline verification, with a checksum that
    # costs more than the read (sha256): the verify phase checked by two
    # threads. fio's verify_async is the same idea, run with the same value.
    Row("shm-io_uring-64k-write-verify_async2-sha256", "io_uring", "read.bw",
        "--ioengine=io_uring --iodepth=16 --filename={file} --size={fsize} --bs=64k "
        "--rw=write --verify=sha256 --verify_async=2",
        verio="--verify_state_save=0", prep=SHM_LAYOUT, size="fsize", expect=SHM_CHECK),
    Row("shm-io_uring-64k-write-verify_inline-sha256", "io_uring", "read.bw",
        "--ioengine=io_uring --iodepth=16 --filename={file} --size={fsize} --bs=64k "
        "--rw=write --verify=sha256",
        verio="--verify_state_save=0", prep=SHM_LAYOUT, size="fsize", expect=SHM_CHECK),
] + [
    # verify_journal=1 against none, same job, both sides verio (peer):
    # the ratio is journal/none. The state and journal go to the tmpfs
    # directory ({shm}), so the rows measure the journal's own work, not a
    # disk's flush. With the journal, writes are group-committed (one
    # append and one submission per refill of the queue), so the plain row
    # is the cost a user sees with default options; "-batch32" submits
    # 32 at a time on both sides (the journal's own cost), "-batch16" 16.
    Row("journal-vs-none-%s-io_uring-4k-randwrite-qd32%s" % (where, tag), "io_uring",
        "write.iops job.iops",
        "--ioengine=io_uring --iodepth=32 --verify=crc32c --verify_state_save=1 "
        "--aux-path={shm} --bs=4k --rw=randwrite --size={fsize} " + target + batch,
        verio="--verify_journal=1", fio="--verify_journal=0", peer="verio",
        prep=None if where == "loop" else SHM_LAYOUT, size="fsize",
        loop=where == "loop", expect=SHM_CHECK)
    for where, target in (("shm", "--filename={file}"),
                          ("loop", "--direct=1 --filename={dev}"))
    for tag, batch in (("", ""), ("-batch32", " --iodepth_batch_submit=32"),
                       ("-batch16", " --iodepth_batch_submit=16 --iodepth_low=16"))
] + [
    # write_history=PATH against none, same job, both sides verio (peer):
    # the ratio is history/none. The history goes to the tmpfs directory
    # ({shm}): its own cost (records on the I/O path, compression on its
    # writer thread), not a disk's.
    Row("history-vs-none-shm-io_uring-4k-randwrite-qd32", "io_uring",
        "write.iops job.iops",
        "--ioengine=io_uring --iodepth=32 " + SHM_4K, verio="--verify_state_save=0 "
        "--write_history={shm}/bench.vhist", fio="--verify_state_save=0", peer="verio",
        prep=SHM_LAYOUT, size="fsize", expect=SHM_CHECK),
] + [
    # verify_overlap=1 (the legal-outcome checker: overlapping writes in
    # flight together, every read judged against all legal writes) against
    # serialize_overlap, verio's default for a verify job (an I/O that
    # overlaps one in flight waits for it), same job, both sides verio
    # (peer): the ratio is checker/serialize. norandommap on a 1 MiB region
    # (256 blocks at qd32), so overlaps are frequent: on the null engine
    # the write side (stamping, the per-unit register) with no device; on
    # the tmpfs file the whole job ({fsize} of writes, then the region read
    # back and verified once).
    Row("overlap-vs-serialize-null-4k-randwrite-qd32", "null", "write.iops",
        NULL_OVERLAP,
        verio="--verify_state_save=0 --verify_overlap=1", fio="--verify_state_save=0",
        peer="verio", needs="verify_overlap",
        expect="write.io_bytes>0 read.io_bytes=0 verio:verify.failures=0"),
    Row("overlap-vs-serialize-shm-io_uring-4k-randwrite-qd32", "io_uring",
        "write.iops job.iops",
        "--ioengine=io_uring --iodepth=32 --filename={file} --size=1m --io_size={fsize} "
        "--bs=4k --rw=randwrite --norandommap --verify=crc32c",
        verio="--verify_state_save=0 --verify_overlap=1", fio="--verify_state_save=0",
        peer="verio", needs="verify_overlap",
        prep="--ioengine=psync --filename={file} --size=1m --bs=1m --rw=write", size="fsize",
        expect="write.io_bytes={fsize_b} read.io_bytes>0 verify.units>0 "
               "verify.failures=0"),
] + [
    # The time-series logs (write_bw_log, write_lat_log, write_iops_log) on
    # the null engine, a line per I/O, into the tmpfs directory: verio with
    # them against verio without (peer; the ratio is logs/none), and verio
    # against fio, both writing them.
    Row("logs-vs-none-null-4k-randwrite", "null", "write.iops", NULL_4K,
        verio=NULL_LOGS, peer="verio", expect="write.io_bytes>0 read.io_bytes=0"),
    Row("logs-null-4k-randwrite", "null", "write.iops", NULL_4K + " " + NULL_LOGS,
        expect="write.io_bytes>0 read.io_bytes=0"),
] + [
    # Each tool reads back (and verifies by header) a file it wrote itself.
    Row("shm-psync-1m-read-verify-" + alg, "psync", "read.bw",
        READ_1M + " --rw=read --verify=%s --time_based --runtime={rt}" % alg,
        prep=READ_1M + " --rw=write --verify=%s --do_verify=0" % alg,
        prep_verio="--verify_state_save=0", size="rsize", expect=READ_CHECK)
    for alg in ("crc32c", "xxhash", "sha256", "crc64")
]

# ---- verio-mpi rows ---------------------------------------------------------
# Aggregate IOPS of verio-mpi on 1, 2 and 4 ranks (mpirun -np N) against
# fio with --numjobs=N --group_reporting: fio has no MPI, its N jobs are
# processes on this machine. The metric is jobs[0] of each tool's summed
# report; run_row() checks verio-mpi's against the ranks' own reports
# (mpi.hosts[*].report). The scaling table divides each figure by the
# 1-rank one. On a 2-core machine 4 ranks oversubscribe the cores.
MPI_RANKS = (1, 2, 4)
MPI_OWN_SIZE = 64 * MiB         # each rank's (each fio job's) own file
MPI_SHARED_SIZE = 256 * MiB     # the shared file, split in N regions
MPI_PSYNC = ("--ioengine=psync --iodepth=1 --rw=randwrite --bs=4k "
             "--time_based --runtime={rt}")
MPI_LAYOUT = "--ioengine=psync --bs=1m --rw=write"
MPI_CHECK = "write.io_bytes>0 read.io_bytes=0"
# A whole verified job on the shared file (write it once, then verify it:
# verio-mpi's two passes in lockstep): each byte written and read once.
MPI_VERIFY = "--ioengine=psync --iodepth=1 --rw=randwrite --bs=4k --verify=crc32c"
MPI_VERIFY_CHECK = ("write.io_bytes=%d read.io_bytes=%d verio:verify.units>0 "
                    "verio:verify.failures=0" % (MPI_SHARED_SIZE, MPI_SHARED_SIZE))


def mpi_placements(n):
    """(tag, verio options, fio options, tmpfs bytes of both tools) of the
    file rows on n ranks: each rank its own file (verio-mpi: ${RANK} in the
    name; fio: $jobnum), or one file split in n regions (verio-mpi:
    rank_split=region; fio: a part each at offset_increment)."""
    own, whole, part = MPI_OWN_SIZE // MiB, MPI_SHARED_SIZE // MiB, MPI_SHARED_SIZE // n // MiB
    return (("own", "--filename={file}.${{RANK}} --size=%dm" % own,
             "--filename_format={file}.$jobnum --size=%dm" % own, 2 * n * MPI_OWN_SIZE),
            ("shared", "--filename={file} --size=%dm --rank_split=region" % whole,
             "--filename={file} --size=%dm --offset_increment=%dm" % (part, part),
             2 * MPI_SHARED_SIZE))


ROWS += [
    Row("mpi-null-4k-randwrite%s-np%d" % (tag, n), "null", "write.iops", NULL_4K + opts,
        verio="--verify_state_save=0" if opts else "", ranks=n,
        scale="mpi-null-4k-randwrite" + tag, expect=MPI_CHECK)
    for tag, opts in (("", ""), ("-crc32c", " --verify=crc32c --do_verify=0"))
    for n in MPI_RANKS
] + [
    Row("mpi-shm-psync-4k-randwrite-%s-np%d" % (tag, n), "psync", "write.iops", MPI_PSYNC,
        verio=v, fio=f, prep=MPI_LAYOUT, prep_verio=v, prep_fio=f, ranks=n,
        scale="mpi-shm-psync-4k-randwrite-" + tag, shm_need=need, expect=MPI_CHECK)
    for which in ("own", "shared")
    for n in MPI_RANKS
    for tag, v, f, need in mpi_placements(n) if tag == which
] + [
    # Not job.iops: fio's group report sums its jobs' runtimes into
    # job_runtime, so I/Os over it would read N times low.
    Row("mpi-shm-psync-4k-randwrite-crc32c-shared-np%d" % n, "psync",
        "write.iops read.iops", MPI_VERIFY, verio=v, fio=f, prep=MPI_LAYOUT,
        prep_verio=v, prep_fio=f, ranks=n, scale="mpi-shm-psync-4k-randwrite-crc32c-shared",
        shm_need=need, expect=MPI_VERIFY_CHECK)
    for n in MPI_RANKS
    for tag, v, f, need in mpi_placements(n) if tag == "shared"
]

TOOLS = ("verio", "fio")

# ---- small helpers ----------------------------------------------------------


def log(msg):
    print("bench: " + msg, file=sys.stderr, flush=True)


def env_int(name, default, minimum=1):
    v = os.environ.get(name, "")
    if v == "":
        return default
    try:
        n = int(v)
    except ValueError:
        n = minimum - 1
    if n < minimum:
        raise SystemExit("bench: %s=%s: want a whole number >= %d" % (name, v, minimum))
    return n


def size_str(b):
    return "%dg" % (b // GiB) if b % GiB == 0 else "%dm" % (b // MiB)


def human_size(b):
    return "%d GiB" % (b // GiB) if b % GiB == 0 else "%d MiB" % (b // MiB)


def dig(obj, key):
    for part in key.split("."):
        obj = obj[part]
    return obj


def tail(text, lines=12, chars=2000):
    t = "\n".join(text.rstrip().splitlines()[-lines:])
    return t[-chars:]


def fmt_value(v, unit):
    if v is None:
        return "-"
    if unit == "iops":
        return "%.1fk" % (v / 1000.0) if v < 10e6 else "%.2fM" % (v / 1e6)
    if unit == "GB/s":
        return "%.2f GB/s" % v
    return "%.3g" % v


def fmt_cpu(v):
    if v is None:
        return "-"
    return "%.3g" % v if v < 1000 else "%.0f" % v


def spread(samples):
    """(max - min) / median, in percent."""
    if len(samples) < 2:
        return None
    m = statistics.median(samples)
    return 100.0 * (max(samples) - min(samples)) / m if m else None


def engines_of(cmd):
    """The engine names a tool lists in --enghelp (first word of each line)."""
    try:
        p = subprocess.run(cmd + ["--enghelp"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return set()
    names = set()
    for line in p.stdout.splitlines():
        if line[:1].isspace() and line.split():
            names.add(line.split()[0])
    return names


def knows_option(cmd, name):
    """Does the tool document option NAME (--cmdhelp=NAME exits 0)?"""
    try:
        p = subprocess.run(cmd + ["--cmdhelp=" + name], stdin=subprocess.DEVNULL,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                           timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return p.returncode == 0


def tool_version(cmd):
    try:
        p = subprocess.run(cmd + ["--version"], stdin=subprocess.DEVNULL,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           universal_newlines=True, timeout=30)
        return p.stdout.strip().splitlines()[0] if p.stdout.strip() else "?"
    except (OSError, subprocess.TimeoutExpired):
        return "?"


def tmpfs_room(path):
    """Bytes that may be written to the tmpfs at path (free space and RAM)."""
    st = os.statvfs(path)
    room = st.f_bavail * st.f_frsize
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    room = min(room, int(line.split()[1]) * 1024)
    except OSError:
        pass
    return room


def host_info():
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "cpu": "?"}
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    info["cpu"] = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return info


def loadavg():
    try:
        return os.getloadavg()[0]
    except OSError:
        return None

# ---- running one job ------------------------------------------------------


class RunError(Exception):
    def __init__(self, what, cmd, rc=None, stderr="", detail=""):
        super().__init__(what)
        self.what, self.cmd, self.rc = what, cmd, rc
        self.stderr, self.detail = stderr, detail

    def as_dict(self):
        return {"what": self.what, "command": self.cmd,
                "exit": self.rc, "detail": self.detail, "stderr_tail": tail(self.stderr)}


class Bench:
    def __init__(self):
        self.srcdir = os.environ.get("SRCDIR") or os.path.abspath(
            os.path.join(os.path.dirname(__file__), "..", ".."))
        self.quick = os.environ.get("BENCH_QUICK", "") not in ("", "0")
        self.runs = 1 if self.quick else env_int("BENCH_RUNS", 5)
        self.rt = env_int("BENCH_RUNTIME", 1 if self.quick else 3)
        self.timeout = env_int("BENCH_TIMEOUT", 180)
        self.keep = os.environ.get("BENCH_KEEP", "") not in ("", "0")
        self.out = os.environ.get("BENCH_OUT") or os.path.join(
            self.srcdir, "tests", "bench", "results.json")
        self.shm_root = os.environ.get("BENCH_SHM", "/dev/shm")
        sel = os.environ.get("BENCH_ROWS", "")
        self.select = [w for w in sel.split(",") if w]
        self.child = None
        self.scratch = None
        self.shm = None
        self.loopdevs = {}
        self.notes = []

    # -- setup and cleanup

    def setup(self):
        verio = os.environ.get("VERIO") or os.path.join(self.srcdir, "verio")
        if not os.access(verio, os.X_OK):
            raise SystemExit("bench: no verio binary at %s: run make first" % verio)
        fio = os.environ.get("BENCH_FIO") or shutil.which("fio")
        if not fio:
            raise SystemExit("bench: fio is not installed (or set BENCH_FIO)")
        self.scratch = tempfile.mkdtemp(prefix="verio-bench.")
        # A private copy: a rebuild of ./verio during the bench (another
        # make in the tree) must not change the binary between runs.
        self.verio_orig = os.path.abspath(verio)
        self.verio_bin = os.path.join(self.scratch, "verio")
        shutil.copy2(verio, self.verio_bin)
        with open(self.verio_bin, "rb") as f:
            blob = f.read()
        self.sanitized = b"__asan_init" in blob or b"__ubsan_handle" in blob
        if self.sanitized:
            self.note("the verio binary is built with sanitizers: its numbers "
                      "mean nothing (rebuild without SANITIZE=)")
        self.cmd = {"verio": [self.verio_bin], "fio": [fio]}
        self.version = {t: tool_version(self.cmd[t]) for t in TOOLS}
        self.engines = {t: engines_of(self.cmd[t]) for t in TOOLS}
        self.mpi_setup(verio)
        self.workdir = os.path.join(self.scratch, "work")
        os.mkdir(self.workdir)

        self.fsize = 1 * GiB
        self.rsize = 2 * GiB
        if self.quick:
            self.fsize = self.rsize = 256 * MiB
        if os.path.isdir(self.shm_root) and os.access(self.shm_root, os.W_OK):
            self.shm = tempfile.mkdtemp(prefix="verio-bench.", dir=self.shm_root)
            room = tmpfs_room(self.shm_root) - 256 * MiB    # leave some slack
            # Two files (one per tool) at a time; the rows run one by one.
            if 2 * self.fsize > room and not self.quick:
                self.fsize = 256 * MiB
                self.note("write+verify rows use a 256 MiB file, not 1 GiB: "
                          "%s has %d MiB of room" % (self.shm_root, room // MiB))
            if 2 * self.rsize > room and not self.quick:
                self.rsize = 1 * GiB
                self.note("read-verify rows use a 1 GiB file, not 2 GiB: "
                          "%s has %d MiB of room" % (self.shm_root, room // MiB))
            self.room = room
        else:
            self.room = 0
            self.note("%s is not a writable directory: the file rows are skipped"
                      % self.shm_root)

    def mpi_setup(self, verio):
        """verio-mpi (a private copy, like verio's) and mpirun for the rows
        with ranks; self.mpi_missing says why they are skipped, if they are."""
        self.mpi_missing = ""
        self.mpi_job_files = {}
        vmpi = os.environ.get("VERIO_MPI") or os.path.join(os.path.dirname(verio), "verio-mpi")
        mpirun = os.environ.get("BENCH_MPIRUN") or shutil.which("mpirun")
        if not os.access(vmpi, os.X_OK):
            self.mpi_missing = "no verio-mpi binary at %s (configure found no MPI?)" % vmpi
        elif not mpirun:
            self.mpi_missing = "mpirun is not installed (or set BENCH_MPIRUN)"
        elif not os.access(mpirun, os.X_OK):
            self.mpi_missing = "no mpirun at %s" % mpirun
        if self.mpi_missing:
            return
        # Open MPI takes its prefix from the directory mpirun was run from:
        # /bin/mpirun (a merged /usr) gives "/", which it refuses.
        mpirun = os.path.join(os.path.realpath(os.path.dirname(os.path.abspath(mpirun))),
                              os.path.basename(mpirun))
        self.verio_mpi_orig = os.path.abspath(vmpi)
        self.verio_mpi_bin = os.path.join(self.scratch, "verio-mpi")
        shutil.copy2(vmpi, self.verio_mpi_bin)
        with open(self.verio_mpi_bin, "rb") as f:
            blob = f.read()
        if b"__asan_init" in blob or b"__ubsan_handle" in blob:
            self.note("the verio-mpi binary is built with sanitizers: its numbers "
                      "mean nothing (rebuild without SANITIZE=)")
        self.mpirun = [mpirun, "--allow-run-as-root", "--oversubscribe"] + \
            shlex.split(os.environ.get("BENCH_MPIRUN_ARGS", ""))
        self.engines["verio-mpi"] = engines_of([self.verio_mpi_bin])
        self.version["verio-mpi"] = tool_version([self.verio_mpi_bin])
        self.version["mpirun"] = tool_version([mpirun])

    def cleanup(self):
        self.kill_child()
        for dev in list(self.loopdevs.values()):
            subprocess.run(["losetup", "-d", dev], capture_output=True)
        self.loopdevs.clear()
        if self.shm:
            shutil.rmtree(self.shm, ignore_errors=True)
            self.shm = None
        if self.scratch:
            if self.keep:
                log("kept the scratch directory " + self.scratch)
            else:
                shutil.rmtree(self.scratch, ignore_errors=True)
            self.scratch = None

    def kill_child(self):
        p, self.child = self.child, None
        if p and p.poll() is None:
            try:
                os.killpg(p.pid, signal.SIGKILL)    # its own session: see run()
            except OSError:
                pass
            p.wait()

    def note(self, msg):
        self.notes.append(msg)
        log("note: " + msg)

    # -- one run

    def expand(self, text, row, tool):
        vals = {"rt": self.rt, "fsize": size_str(self.fsize), "rsize": size_str(self.rsize),
                "fsize_b": self.fsize, "rsize_b": self.rsize,
                "file": os.path.join(self.shm or "/nonexistent", "%s.%s" % (row.name, tool)),
                "shm": self.shm or "/nonexistent",
                "dev": self.loopdevs.get((row.name, tool), "/nonexistent")}
        return text.format(**vals)

    def loop_setup(self, row):
        """A loop device per tool over its tmpfs file, for {dev}."""
        for t in TOOLS:
            path = self.expand("{file}", row, t)
            with open(path, "wb") as f:
                f.truncate(self.fsize)
            dev = subprocess.run(["losetup", "-f", "--show", path], capture_output=True,
                                 text=True)
            if dev.returncode != 0:
                raise RunError("losetup", ["losetup", "-f", "--show", path],
                               dev.returncode, "", dev.stderr)
            self.loopdevs[(row.name, t)] = dev.stdout.strip()

    def loop_teardown(self, row):
        for t in TOOLS:
            dev = self.loopdevs.pop((row.name, t), None)
            if dev:
                subprocess.run(["losetup", "-d", dev], capture_output=True)

    def command(self, row, tool, args, extra):
        opts = shlex.split(self.expand(args, row, tool)) + \
            shlex.split(self.expand(extra, row, tool))
        out = os.path.join(self.scratch, "out.json")
        if row.ranks and tool == "verio":
            return self.mpi_command(row, opts, out), out
        if row.ranks:
            opts += ["--numjobs=%d" % row.ranks, "--group_reporting"]
        binary = self.cmd[row.peer if tool == "fio" else tool]
        return binary + ["--output-format=json", "--output=" + out,
                                 "--name=bench"] + opts, out

    def mpi_command(self, row, opts, out):
        """verio-mpi on row.ranks ranks, the job's options in a job file:
        verio expands ${RANK} in job files, not on the command line."""
        lines = ["[bench]"]
        for o in opts:
            if not o.startswith("--"):
                raise SystemExit("bench: row %s: %s is no --option" % (row.name, o))
            lines.append(o[2:])
        text = "\n".join(lines) + "\n"
        path = os.path.join(self.scratch, "mpi-job-%d.fio" % len(self.mpi_job_files))
        if text in self.mpi_job_files:
            path = self.mpi_job_files[text]
        else:
            with open(path, "w") as f:
                f.write(text)
            self.mpi_job_files[text] = path
        return self.mpirun + ["-np", str(row.ranks), self.verio_mpi_bin,
                              "--output-format=json", "--output=" + out, path]

    def show(self, cmd):
        """cmd as a shell command line, naming $VERIO rather than its copy."""
        if cmd[0] == self.verio_bin:
            cmd = [self.verio_orig] + cmd[1:]
        if getattr(self, "verio_mpi_bin", None) in cmd:
            i = cmd.index(self.verio_mpi_bin)
            cmd = cmd[:i] + [self.verio_mpi_orig] + cmd[i + 1:]
        return " ".join(shlex.quote(c) for c in cmd)

    def run(self, cmd, out):
        """Run one job in the scratch work directory; return jobs[0] and the
        job's standard error."""
        try:
            os.unlink(out)
        except OSError:
            pass
        err_path = os.path.join(self.scratch, "stderr.txt")
        with open(err_path, "w+") as err:
            # A session of its own, so a timeout kills the job and anything
            # it started, and nothing else.
            self.child = subprocess.Popen(cmd, cwd=self.workdir, stdin=subprocess.DEVNULL,
                                          stdout=err, stderr=err, start_new_session=True)
            try:
                rc = self.child.wait(timeout=self.timeout)
            except subprocess.TimeoutExpired:
                self.kill_child()
                err.seek(0)
                raise RunError("timed out after %d s" % self.timeout, cmd, None, err.read())
            self.child = None
            err.seek(0)
            stderr = err.read()
        if rc != 0:
            what = "exit %d" % rc if rc > 0 else "killed by signal %d" % -rc
            raise RunError(what, cmd, rc, stderr)
        try:
            with open(out) as f:
                text = f.read()
            # fio writes some warnings into the output file before the JSON
            # (numjobs > 1 verifying one file: "multiple writers may
            # overwrite blocks"): the report starts at the first "{" line.
            at = 0 if text.startswith("{") else text.find("\n{") + 1
            doc = json.loads(text[at:])
            self.last_doc = doc
            return doc["jobs"][0], stderr
        except (OSError, ValueError, KeyError, IndexError) as e:
            raise RunError("no JSON report", cmd, rc, stderr, str(e))

    def check(self, row, tool, job, cmd, stderr):
        for item in self.expand(row.expect, row, tool).split():
            only, _, spec = item.rpartition(":")
            if only and only != tool:
                continue
            m = re.match(r"^([\w.]+)([=<>])(-?\d+(?:\.\d+)?)$", spec)
            if not m:
                raise SystemExit("bench: row %s: bad check %s" % (row.name, item))
            key, op, want = m.group(1), m.group(2), float(m.group(3))
            try:
                got = dig(job, key)
            except (KeyError, TypeError):
                raise RunError("check failed", cmd, 0, stderr,
                               "%s: no %s in the JSON report" % (item, key))
            ok = {"=": got == want, ">": got > want, "<": got < want}[op]
            if not ok:
                raise RunError("check failed", cmd, 0, stderr,
                               "%s: jobs[0].%s is %s" % (item, key, got))

    def mpi_check(self, row, job, cmd, stderr):
        """Check verio-mpi's whole report (self.last_doc) against its summed
        jobs[0]: N ranks, each exiting 0, whose own jobs' I/Os add up to the
        summed ones. Return the summed metric over the sum of the ranks' own
        (about 1: the summed runtime runs from the earliest start to the
        latest end, so it is a little less when the ranks start apart), and
        the CPU seconds of all the ranks."""
        def fail(detail):
            raise RunError("check failed", cmd, 0, stderr, detail)
        try:
            mpi = self.last_doc["mpi"]
            hosts = mpi["hosts"]
            if mpi["ranks"] != row.ranks or len(hosts) != row.ranks:
                fail("mpi.ranks is %s with %d hosts, not %d" % (
                    mpi["ranks"], len(hosts), row.ranks))
            bad = [h["rank"] for h in hosts if h["exit_status"] != 0]
            if mpi["exit_status"] != 0 or bad:
                fail("mpi.exit_status %s, ranks exiting non-zero: %s" % (mpi["exit_status"], bad))
            jobs = [j for h in hosts for j in h["report"]["jobs"]]
            ios = sum(_ios(j) for j in jobs)
            if ios != _ios(job):
                fail("the ranks' own reports add up to %d I/Os, the summed jobs[0] "
                     "has %d" % (ios, _ios(job)))
            fn = METRICS[row.metrics[0]][3]
            own = sum(fn(j) for j in jobs)
            cpu_s = sum((j["usr_cpu"] + j["sys_cpu"]) / 100.0 * j["job_runtime"] / 1000.0
                        for j in jobs)
        except (KeyError, TypeError) as e:
            fail("no %s in the JSON report's mpi object" % (e,))
        return (fn(job) / own if own else None), cpu_s

    # -- one row

    def skip_reason(self, row):
        if self.select and not any(w in row.name for w in self.select):
            return None     # not selected: not reported at all
        if row.ranks and self.mpi_missing:
            return self.mpi_missing
        for t in ("verio-mpi" if row.ranks else "verio", row.peer):
            if row.engine not in self.engines[t]:
                return "engine %s is not in `%s --enghelp`" % (row.engine, t)
        for opt in row.needs:
            if not knows_option(self.cmd["verio"], opt):
                return "this verio has no %s option" % opt
        if row.loop and (os.geteuid() != 0 or not shutil.which("losetup")):
            return "needs root and losetup for a loop device"
        need = row.shm_need
        if row.size:
            need += 2 * (self.fsize if row.size == "fsize" else self.rsize)
        if need:
            if not self.shm:
                return "no tmpfs directory"
            if need > self.room:
                return "needs %d MiB on %s, %d MiB free" % (
                    need // MiB, self.shm_root, self.room // MiB)
        return ""

    def run_row(self, row):
        res = {"name": row.name, "engine": row.engine, "status": "ok", "peer": row.peer,
               "commands": {}, "prep_commands": {}, "metrics": [],
               "cpu_s_per_mio": {}, "runtime_split": {}}
        samples = {t: {m: [] for m in row.metrics} for t in TOOLS}
        cpu = {t: [] for t in TOOLS}
        host_ratios = []
        if row.ranks:
            res.update(ranks=row.ranks, scale=row.scale)
        split_ok = {t: True for t in TOOLS}
        try:
            if row.loop:
                self.loop_setup(row)
            if row.prep:
                for t in TOOLS:
                    cmd, out = self.command(row, t, row.prep, row.prep_extra[t])
                    res["prep_commands"][t] = self.show(cmd)
                    log("%s: prep %s" % (row.name, t))
                    try:
                        self.run(cmd, out)
                    except RunError as e:
                        e.what = "prep (unmeasured) run: " + e.what
                        e.tool = t
                        raise
            for i in range(self.runs):
                order = TOOLS if i % 2 == 0 else TOOLS[::-1]
                for t in order:
                    cmd, out = self.command(row, t, row.args, row.extra[t])
                    res["commands"][t] = self.show(cmd)
                    try:
                        job, stderr = self.run(cmd, out)
                        self.check(row, t, job, cmd, stderr)
                        vals = {m: METRICS[m][3](job) for m in row.metrics}
                        ios = _ios(job)
                        cpu_s = (job["usr_cpu"] + job["sys_cpu"]) / 100.0 * \
                            job["job_runtime"] / 1000.0
                        if row.ranks and t == "verio":
                            # The summed job's CPU is the ranks' mean:
                            # count every rank's.
                            ratio, cpu_s = self.mpi_check(row, job, cmd, stderr)
                            host_ratios.append(ratio)
                    except RunError as e:
                        e.what = "run %d: %s" % (i + 1, e.what)
                        e.tool = t
                        raise
                    except (KeyError, TypeError, ZeroDivisionError) as e:
                        err = RunError("run %d: unexpected JSON" % (i + 1), cmd, 0, "",
                                       "missing or zero field: %r" % (e,))
                        err.tool = t
                        raise err
                    for m, v in vals.items():
                        samples[t][m].append(v)
                    cpu[t].append(cpu_s / ios * 1e6 if ios else None)
                    if not phase_runtimes_ok(job):
                        split_ok[t] = False
                    log("%s: run %d/%d %-5s %s" % (
                        row.name, i + 1, self.runs, t,
                        "  ".join("%s=%s" % (m, fmt_value(v, METRICS[m][1]))
                                  for m, v in vals.items())))
        except RunError as e:
            res["status"] = "failed"
            res["failure"] = dict(e.as_dict(), tool=getattr(e, "tool", "?"),
                                  command=self.show(e.cmd))
            log("%s: FAILED (%s: %s%s)" % (row.name, res["failure"]["tool"], e.what,
                                            ", " + e.detail if e.detail else ""))
        finally:
            if row.loop:
                self.loop_teardown(row)
            if row.ranks:       # verio-mpi's per-rank state directories
                for d in glob.glob(os.path.join(self.workdir, "rank[0-9]*")):
                    shutil.rmtree(d, ignore_errors=True)
            for t in TOOLS:     # the row's files go now, not at the end
                path = self.expand("{file}", row, t)
                for f in [path] + glob.glob(glob.escape(path) + ".*"):
                    try:
                        os.unlink(f)
                    except OSError:
                        pass
        if res["status"] != "ok":
            return res
        for m in row.metrics:
            label, unit, phase, _ = METRICS[m]
            entry = {"metric": m, "label": label, "unit": unit, "flagged": []}
            for t in TOOLS:
                s = samples[t][m]
                entry[t] = {"median": statistics.median(s), "samples": s,
                            "spread_pct": spread(s)}
                if phase and not split_ok[t]:
                    entry["flagged"].append(t)
            f = entry["fio"]["median"]
            entry["ratio"] = entry["verio"]["median"] / f if f else None
            res["metrics"].append(entry)
        for t in TOOLS:
            c = [x for x in cpu[t] if x is not None]
            res["cpu_s_per_mio"][t] = {"median": statistics.median(c) if c else None,
                                       "samples": cpu[t]}
            res["runtime_split"][t] = split_ok[t]
        if row.ranks:
            r = [x for x in host_ratios if x is not None]
            res["summed_vs_ranks"] = {"median": statistics.median(r) if r else None,
                                      "samples": host_ratios}
        return res

    # -- the whole bench

    def main(self):
        t0 = time.monotonic()
        started = time.strftime("%Y-%m-%dT%H:%M:%S%z")
        self.setup()
        load0 = loadavg()
        log("verio: %s (copy of %s), fio: %s; %d run(s) per tool and row, "
            "%d s time-based runs; scratch %s" % (
                self.version["verio"], os.environ.get("VERIO", "?"), self.version["fio"],
                self.runs, self.rt, self.scratch))
        rows = []
        for row in ROWS:
            why = self.skip_reason(row)
            if why is None:
                continue
            if why:
                log("%s: skipped: %s" % (row.name, why))
                rows.append({"name": row.name, "engine": row.engine,
                             "status": "skipped", "reason": why})
                continue
            rows.append(self.run_row(row))
        if not rows:
            log("no row name contains any of BENCH_ROWS=" + ",".join(self.select))
        wall = time.monotonic() - t0
        doc = {
            "schema": 1,
            "started": started,
            "wall_s": round(wall, 1),
            "runs": self.runs,
            "quick": self.quick,
            "runtime_s": self.rt,
            "versions": self.version,
            "verio_sanitized": self.sanitized,
            "host": dict(host_info(), loadavg_start=load0, loadavg_end=loadavg()),
            "sizes": {"write_verify_file": self.fsize, "read_verify_file": self.rsize},
            "notes": self.notes,
            "mpirun_options": self.mpirun[1:] if not self.mpi_missing else [],
            "rows": rows,
        }
        out_dir = os.path.dirname(os.path.abspath(self.out))
        try:
            os.makedirs(out_dir, exist_ok=True)
            tmp = self.out + ".tmp"
            with open(tmp, "w") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
            os.replace(tmp, self.out)
            log("JSON results in " + self.out)
        except OSError as e:
            log("cannot write %s: %s" % (self.out, e))
        sys.stdout.write(markdown(doc))
        sys.stdout.flush()
        ran = [r for r in rows if r["status"] == "ok"]
        return 0 if ran else 1


def phase_runtimes_ok(job):
    """False when a job with both a write and a read (verify) phase reports
    per-direction runtimes that do not split its runtime (each direction then
    holds the whole job's time, and its IOPS are understated)."""
    try:
        w, r = job["write"], job["read"]
        if not (w["io_bytes"] and r["io_bytes"]):
            return True
        total = job["job_runtime"]
        return w["runtime"] + r["runtime"] <= total * 1.05 + 5
    except (KeyError, TypeError):
        return True

# ---- reports ----------------------------------------------------------------


def markdown(doc):
    L = []
    h = doc["host"]
    L.append("## verio vs fio (%s)" % doc["started"])
    L.append("")
    L.append("%s vs %s; median of %d run(s) per tool, alternating; %s, %s CPUs, "
             "load %.2f at start; wall time %.0f s." % (
                 doc["versions"]["verio"], doc["versions"]["fio"], doc["runs"],
                 h["cpu"], h["nproc"], h["loadavg_start"] or 0, doc["wall_s"]))
    L.append("")
    L.append("| row | metric | verio | fio | verio/fio | CPU s/M I/Os verio | "
             "CPU s/M I/Os fio | spread verio / fio |")
    L.append("|---|---|---:|---:|---:|---:|---:|---:|")
    flagged = False
    for r in doc["rows"]:
        if r["status"] == "skipped":
            L.append("| %s | skipped: %s | | | | | | |" % (r["name"], r["reason"]))
            continue
        if r["status"] == "failed":
            f = r["failure"]
            L.append("| %s | **FAILED** (%s: %s) | | | | | | |" % (r["name"], f["tool"], f["what"]))
            continue
        for i, m in enumerate(r["metrics"]):
            cells = []
            for t in TOOLS:
                v = fmt_value(m[t]["median"], m["unit"])
                if t in m["flagged"]:
                    v += " †"
                    flagged = True
                cells.append(v)
            ratio = "%.2f" % m["ratio"] if m["ratio"] is not None else "-"
            if m["flagged"]:
                ratio += " †"
            cpu = [fmt_cpu(r["cpu_s_per_mio"][t]["median"]) if i == 0 else "" for t in TOOLS]
            sp = " / ".join("-" if m[t]["spread_pct"] is None else "%.0f%%" % m[t]["spread_pct"]
                            for t in TOOLS)
            name = r["name"]
            if r.get("peer") == "verio":
                name += " (fio column: verio without it)"
            if r.get("ranks"):
                name += " (verio-mpi -np %d; fio --numjobs=%d)" % (r["ranks"], r["ranks"])
            L.append("| %s | %s | %s | %s | %s | %s | %s | %s |" % (
                name if i == 0 else "", m["label"], cells[0], cells[1], ratio,
                cpu[0], cpu[1], sp))
    L.append("")
    L.append("verio/fio > 1: verio is faster. CPU s/M I/Os: (usr_cpu + sys_cpu) x "
             "job_runtime per million I/Os of the whole job (both phases), lower is "
             "better. spread: (max - min) / median of the runs.")
    if flagged:
        L.append("")
        L.append("† this tool's JSON does not split the job's runtime between the write "
                 "and the verify phase (read.runtime + write.runtime > job_runtime): its "
                 "per-phase IOPS are taken over the whole job and read low; compare "
                 "\"write+verify I/Os per s\" instead.")
    L.extend(mpi_scaling(doc))
    for n in doc["notes"]:
        L.append("")
        L.append("Note: " + n)
    failed = [r for r in doc["rows"] if r["status"] == "failed"]
    if failed:
        L.append("")
        L.append("### Failed rows")
        for r in failed:
            f = r["failure"]
            L.append("")
            L.append("**%s** (%s, %s)%s:" % (r["name"], f["tool"], f["what"],
                                             ": " + f["detail"] if f["detail"] else ""))
            L.append("")
            L.append("```")
            L.append("$ " + f["command"])
            if f["stderr_tail"]:
                L.append(f["stderr_tail"])
            L.append("```")
    L.append("")
    return "\n".join(L)


def mpi_scaling(doc):
    """The verio-mpi rows again, as scaling: each group's figures over its
    1-rank (1-job) figure."""
    groups = {}
    for r in doc["rows"]:
        if r.get("scale") and r["status"] == "ok":
            groups.setdefault(r["scale"], []).append(r)
    if not groups:
        return []
    v = doc["versions"]
    L = ["", "### verio-mpi scaling", "",
         "%s under %s (`%s -np N`) against fio "
         "with `--numjobs=N --group_reporting` (fio has no MPI: N processes); "
         "aggregate IOPS from each summed report's jobs[0], median of the runs; "
         "x1: over the same tool's 1-rank figure; %s CPUs." % (
             v.get("verio-mpi", "verio-mpi"), v.get("mpirun", "mpirun"),
             " ".join(doc.get("mpirun_options", [])), doc["host"]["nproc"]),
         "",
         "| job | ranks | metric | verio-mpi | x1 | fio | x1 | verio-mpi/fio | "
         "summed / sum of ranks |",
         "|---|---:|---|---:|---:|---:|---:|---:|---:|"]
    for name, rows in groups.items():
        base = {}
        for r in sorted(rows, key=lambda r: r["ranks"]):
            m = r["metrics"][0]
            cells = []
            for t in TOOLS:
                med = m[t]["median"]
                if r["ranks"] == 1:
                    base[t] = med
                b = base.get(t)
                cells += [fmt_value(med, m["unit"]), "%.2f" % (med / b) if b else "-"]
            ratio = "%.2f" % m["ratio"] if m["ratio"] is not None else "-"
            sv = r["summed_vs_ranks"]["median"]
            L.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s |" % (
                name, r["ranks"], m["label"], cells[0], cells[1], cells[2], cells[3], ratio,
                "-" if sv is None else "%.3f" % sv))
    L.append("")
    L.append("summed / sum of ranks: verio-mpi's summed IOPS (all I/Os over the "
             "earliest start to the latest end) over the sum of the ranks' own "
             "(mpi.hosts[*].report): 1 when the ranks run together, less when "
             "they start apart. Every run is also checked to add up the same I/Os.")
    return L


def main():
    bench = Bench()

    def on_signal(signum, _frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        return bench.main()
    except KeyboardInterrupt:
        log("interrupted")
        return 130
    finally:
        bench.cleanup()


if __name__ == "__main__":
    sys.exit(main())
