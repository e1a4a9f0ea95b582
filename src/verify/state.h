/*
 * vstate.h - the saved verify state: one file per job and clone holding
 * what a later run needs to verify what this one wrote (the data seed,
 * the run id, the unit geometry and each target file's generation map).
 * docs/format.md, "Verify state file", gives the byte layout.
 *
 * A write job saves it at its end (verify_state_save); a later job loads
 * it (verify_state_load), checks with vstate_match() that it describes
 * the same job and targets, and verifies against the loaded maps.  Saving
 * and loading read or write whole files and allocate: call them at job
 * start and end, never from the per-I/O path.
 */
#ifndef VERIO_VERIFY_STATE_H
#define VERIO_VERIFY_STATE_H

#include <stddef.h>
#include <stdint.h>

struct genmap;

/* The current (and only) version of the state file format. */
#define VSTATE_VERSION 1

/* The file name suffix: <job>.<clone>.verio-state */
#define VSTATE_SUFFIX ".verio-state"

/* One target file of the job: its name as given, region and map. */
struct vstate_file {
	char *name;		/* as given in the job (filename=) */
	uint64_t offset;	/* region start in the file, bytes */
	uint64_t size;		/* region length, bytes */
	uint64_t nunits;	/* verify units in the region = map entries */
	struct genmap *map;	/* nunits entries */
};

struct vstate {
	uint64_t run_id;
	uint64_t seed;		/* data seed */
	char *job_name;		/* as given, unsanitised */
	uint32_t job_index;	/* index of the job in its run */
	uint32_t clone;		/* numjobs clone index */
	uint8_t algo;		/* on-disk checksum id (enum csum_id) */
	uint32_t unit_len;	/* verify unit length U, bytes */
	uint32_t sector_size;	/* S, bytes */
	uint32_t hdr_off;	/* verify_offset H, bytes */
	/*
	 * Checkpoint sequence: +1 on every save of this job's state, so a
	 * journal (verify/journal.h) can say which state it continues.
	 * Stored as 32 bits in version 1 (docs/format.md).
	 */
	uint64_t seq;
	struct vstate_file *files;
	unsigned nr_files;
};

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
 * vstate_save() - write s to path atomically: the content goes to
 * "<path>.tmp", which is fsynced, renamed over path, and the directory is
 * fsynced; a crash leaves either the old file or the new one.  Every file
 * of s needs a map of exactly nunits entries.  Returns 0, -EINVAL (bad s:
 * missing name or map, map size not nunits, a name longer than 65535
 * bytes), -ENOMEM, or the -errno of the failing system call (the .tmp
 * file is then removed).
 */
int vstate_save(const char *path, const struct vstate *s);

/*
 * vstate_load() - read the state file at path into s, which it
 * overwrites (s needs no initialisation).  Returns 0, or:
 *   -ENOENT   no such file (other open/read failures: their -errno)
 *   -EBADMSG  not a state file (bad magic), truncated, or inconsistent
 *   -EILSEQ   checksum mismatch: the file is damaged
 *   -EPROTO   a format version or flag this build does not know
 *   -ENOTSUP  the maps are zlib-compressed and this build has no zlib
 *   -ENOMEM
 * On error s is left empty (vstate_release() is harmless on it).
 */
int vstate_load(const char *path, struct vstate *s);

/*
 * vstate_match() - whether the loaded state s describes the job want:
 * same job name, clone, algorithm, unit length, sector size,
 * verify_offset, number of files, and per file (in order) the same name,
 * region offset, region size and number of units.  The run id, data seed,
 * job index and maps are not compared (they are what is being loaded).
 * Returns 0, or -EINVAL with the first difference described in why (cap
 * bytes, always terminated when cap > 0; why may be NULL), e.g.
 * "unit length: saved 4096, wanted 8192".
 */
int vstate_match(const struct vstate *s, const struct vstate *want,
		 char *why, size_t cap);

/*
 * vstate_release() - free what vstate_load() allocated in s (job name,
 * file names, maps, the files array) and clear s.  For a struct whose
 * members are heap-owned in the same way; s may be NULL.
 */
void vstate_release(struct vstate *s);

#endif /* VERIO_VERIFY_STATE_H */
