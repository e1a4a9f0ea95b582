/*
 * state.h - the saved verify state: one file per job and clone holding
 * what a later run needs to verify what this one wrote (the job it
 * belongs to, the identity of each target file, the generation map of
 * each file's region, and the runs table saying which run wrote which
 * generations).  docs/format.md, "Verify state file", gives the byte
 * layout.
 *
 * A write job saves it at its end (marked clean) and, with
 * verify_state_interval, during the run (checkpoints, not clean); a later
 * job loads it (verify_state_load, verify_only, or a write job that
 * continues the generations), checks with vstate_match() that it
 * describes the same job and the same target files (by identity, not by
 * name), and verifies against the loaded maps.  Saving and loading
 * allocate and make system calls: call them at job start and end, or
 * between I/Os at a checkpoint, never from the per-I/O path.
 */
#ifndef VERIO_VERIFY_STATE_H
#define VERIO_VERIFY_STATE_H

#include <stddef.h>
#include <stdint.h>

struct genmap;

/* The version this build writes; it reads this one only (see load). */
#define VSTATE_VERSION 2

/* The file name suffix: <job>.<clone>.verio-state */
#define VSTATE_SUFFIX ".verio-state"

/* State flags (struct vstate.flags). */
enum {
	/* Saved by the job's normal end: the map holds every write of the
	 * job.  Without it, the state is a checkpoint taken during a run
	 * that did not end cleanly: units written after it are not in it. */
	VSTATE_F_CLEAN = 1u << 0,
	/* A layout block follows the job name: the units are not native
	 * (stampless or fio's headers).  Set by vstate_save() from
	 * struct vstate.layout; older readers refuse the file. */
	VSTATE_F_LAYOUT = 1u << 1,
	/* A trim block follows each file's map: which units are trimmed.
	 * Set by vstate_save() when a map has trimmed units, or when the
	 * caller sets it (a job that trims, even when none is now). */
	VSTATE_F_TRIM = 1u << 2,
};

/* Most runs a state file holds in its runs table. */
#define VSTATE_RUNS_MAX 4096u

/*
 * One run that wrote units recorded in the maps: the generations it gave
 * are first_gen..last_gen (generations continue across runs, so the
 * ranges of the runs of one state do not overlap).
 */
struct vstate_run {
	uint64_t run_id;
	uint64_t seed;		/* the data seed of that run */
	uint64_t start_ms;	/* wall clock at its start, ms since the epoch */
	uint16_t first_gen, last_gen;
};

/* What a target file is, whatever name reached it. */
enum vstate_kind {
	VSTATE_KIND_OTHER = 0,	/* unknown (not stat'ed) */
	VSTATE_KIND_FILE = 1,	/* regular file: st_dev + st_ino */
	VSTATE_KIND_BLOCK = 2,	/* block device: st_rdev */
};

/* One target file of the job: identity, region and map. */
struct vstate_file {
	char *name;		/* as given in the job (informative only) */
	char *realpath;		/* realpath() when saved (informative only) */
	uint8_t kind;		/* enum vstate_kind */
	uint64_t dev, ino;	/* st_dev, st_ino */
	uint64_t rdev;		/* st_rdev of a block device, else 0 */
	uint64_t target_size;	/* the size of the whole file or device */
	uint64_t offset;	/* region start in the file, bytes */
	uint64_t size;		/* region length, bytes */
	uint64_t nunits;	/* verify units in the region = map entries */
	struct genmap *map;	/* nunits entries */
};

struct vstate {
	uint64_t seq;		/* checkpoint sequence: +1 at every save; a
				 * journal (verify/journal.h) names the seq of
				 * the state it continues */
	uint32_t flags;		/* VSTATE_F_* */
	uint64_t save_ms;	/* wall clock of the save (informative) */
	uint64_t run_id;	/* the run that saved it */
	uint64_t seed;		/* that run's data seed */
	uint64_t rand_seed;	/* the workload's random seed (informative) */
	char *job_name;		/* as given, unsanitised */
	uint32_t job_index;	/* index of the job in its run */
	uint32_t clone;		/* numjobs clone index */
	uint8_t algo;		/* on-disk checksum id (enum csum_id) */
	uint32_t unit_len;	/* verify unit length U, bytes */
	uint32_t sector_size;	/* S, bytes */
	uint32_t hdr_off;	/* verify_offset H, bytes */
	/* The unit layout (verify/format.h enum vlayout; 0 native): */
	uint8_t layout;
	uint8_t fio_layout;	/* VLAYOUT_FIO: 1 fio <= 3.40, 2 fio >= 3.41 */
	uint32_t piece_len;	/* a header every piece_len bytes (0: the unit) */
	struct vstate_file *files;
	unsigned nr_files;
	struct vstate_run *runs;
	unsigned nr_runs;
};

/* vstate_layout_name() - "native (stamped sectors)", "fio (...)": for messages. */
const char *vstate_layout_name(unsigned layout, unsigned fio_layout);

/*
 * vstate_path() - the state file name of a job and clone:
 * "<aux_path>/<job>.<clone>.verio-state", or "<job>.<clone>.verio-state"
 * (in the current directory) when aux_path is NULL or empty.  The job name
 * is sanitised: bytes other than [A-Za-z0-9._-] become '_', so the name
 * can never leave the directory.  Returns 0, -EINVAL (no job name or no
 * buffer), or -ENAMETOOLONG when cap bytes are not enough (buf then holds
 * an empty string).
 */
int vstate_path(char *buf, size_t cap, const char *aux_path,
		const char *job_name, unsigned clone);

/*
 * vstate_save() - write s to path atomically: the content is streamed to
 * "<path>.tmp", which is fsynced, renamed over path, and the directory is
 * fsynced; a crash leaves either the old file or the new one.  Every file
 * of s needs a map of exactly nunits entries.  Memory: a few buffers of
 * 64 KiB, whatever the size of the maps.  Returns 0, -EINVAL (bad s:
 * missing name or map, map size not nunits, a name longer than 65535
 * bytes, more than VSTATE_RUNS_MAX runs), -ENOMEM, or the -errno of the
 * failing system call (the .tmp file is then removed).
 */
int vstate_save(const char *path, const struct vstate *s);

/*
 * vstate_load() - read the state file at path into s, which it
 * overwrites (s needs no initialisation).  The file is read twice through
 * a small buffer (once to check its checksum, once to decode): no copy of
 * the file is held, only the maps.  Returns 0, or:
 *   -ENOENT   no such file (other open/read failures: their -errno)
 *   -EBADMSG  not a state file (bad magic), truncated, or inconsistent
 *   -EILSEQ   checksum mismatch: the file is damaged
 *   -EPROTO   a format version or flag this build does not know (newer)
 *   -EPROTONOSUPPORT  version 1, written by an older verio: it has no
 *             target identity and is not read (rerun the write job)
 *   -ENOTSUP  the maps are zlib-compressed and this build has no zlib
 *   -ENOMEM
 * On error s is left empty (vstate_release() is harmless on it).
 */
int vstate_load(const char *path, struct vstate *s);

/*
 * vstate_load_error() - a short text for a vstate_load() error, e.g.
 * "checksum mismatch, the file is damaged".
 */
const char *vstate_load_error(int err);

/*
 * vstate_match() - whether the loaded state s describes the job want:
 * same job name, clone, algorithm, unit length, sector size,
 * verify_offset, number of files, and per file (in order) the same
 * identity (kind; st_dev and st_ino of a regular file, whatever its
 * size; st_rdev and size of a block device), region offset, region
 * size and number of units.  Names and real paths are not compared: the
 * same file reached by another spelling matches.  A file of kind
 * VSTATE_KIND_OTHER in want matches by its name instead.  Run ids, seeds,
 * the job index and maps are not compared (they are what is loaded).
 * Returns 0, or -EINVAL with the first difference described in why (cap
 * bytes, always terminated when cap > 0; why may be NULL), e.g.
 * "unit length: saved 4096, wanted 8192".
 */
int vstate_match(const struct vstate *s, const struct vstate *want,
		 char *why, size_t cap);

/*
 * vstate_find_run() - the index of the run of s whose generation range
 * holds gen, or -1.  A scan of the (short) runs table.
 */
int vstate_find_run(const struct vstate *s, uint16_t gen);

/*
 * vstate_max_gen() - the highest generation in the maps of s (0: none
 * written), for a write run that continues the generations.
 */
uint16_t vstate_max_gen(const struct vstate *s);

/*
 * vstate_release() - free what vstate_load() allocated in s (job name,
 * file names and real paths, maps, the files and runs arrays) and clear
 * s.  For a struct whose members are heap-owned in the same way; s may
 * be NULL.
 */
void vstate_release(struct vstate *s);

#endif /* VERIO_VERIFY_STATE_H */
