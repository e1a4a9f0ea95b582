/*
 * iogen.h - the I/O generator: which file, direction, offset and length
 * come next. Deterministic from the job's seed, so a run can be replayed.
 */
#ifndef VERIO_RUN_IOGEN_H
#define VERIO_RUN_IOGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io_u.h"
#include "lfsr.h"
#include "rand.h"

struct distrib;
struct io_u;
struct iolog;
struct job_options;
struct vfile;

struct iogen_file {
	struct lfsr lfsr;	/* random_generator=lfsr: offsets without a map */
	struct distrib *dist;	/* random_distribution other than random, or NULL */
	uint64_t nblocks;	/* map_bs blocks in the file's region (in a zone
				 * with zonemode=strided) */
	bool lfsr_done;
	uint64_t pass_done;	/* openfiles=: bytes issued to it this lap */
};

struct iogen {
	const struct job_options *o;
	struct vfile *files;
	struct iogen_file *gfiles;
	unsigned nr_files;
	unsigned cur_file;		/* round-robin position */
	unsigned win;			/* openfiles= below nr_files: files served
					 * at once, 0 = all of them */
	unsigned win_base;		/* first file of the window */

	struct rand_state rnd_off;	/* offsets */
	struct rand_state rnd_dir;	/* rwmix choice */
	struct rand_state rnd_bs;	/* bsrange / bssplit */
	struct rand_state rnd_seq;	/* percentage_random: random or sequential */
	uint64_t seed;
	bool seq_mix;			/* percentage_random below 100 */

	/* zonemode=strided (one file): offsets relative to the zone */
	bool strided;
	uint64_t zone_base;		/* the zone's start in the region */
	uint64_t zone_bytes;		/* issued in this zone */

	uint64_t map_bs;		/* random map granularity */
	bool use_map;

	uint64_t pass_bytes;		/* issued in this pass */
	uint64_t pass_target;		/* bytes per pass (io_size) */
	uint64_t nr_issued;		/* data I/Os issued in the whole job */

	unsigned seq_left;		/* rw=randX:N: sequential I/Os left */
	int last_ddir;
	uint64_t last_end;		/* end of the previous I/O */
	struct vfile *last_file;

	/*
	 * rate=: the direction the rwmix draw gave, changed to the one the
	 * pacing lets go first (NULL: the draw stands).
	 */
	int (*ddir_hook)(void *arg, int ddir);
	void *ddir_arg;
	/* trimwrite: the write that follows the last trim, not issued yet */
	bool tw_pending;
	struct vfile *tw_file;
	uint64_t tw_offset, tw_len;

	/* read_iolog: the log's I/Os in order instead of the above */
	const struct iolog *replay;
	size_t replay_pos;		/* next entry this pass */
	uint64_t replay_t0;		/* when this pass's first I/O went, ns */
	unsigned replay_pct;		/* replay_time_scale, 0 = no stall */
};

/*
 * The block sizes and sequential position a direction uses: trims have
 * write's (verio takes no separate trim block size).
 */
static inline enum io_ddir iogen_dir_slot(enum io_ddir d)
{
	return d == DDIR_TRIM ? DDIR_WRITE : d;
}

/*
 * Prepare g for a job. files' io_offset/io_size must be final.
 * Returns 0 or -ENOMEM / -EINVAL (a random_distribution that does not
 * fit a file's region: iogen_check says why).
 */
int iogen_init(struct iogen *g, const struct job_options *o, struct vfile *files,
	       unsigned nr_files, uint64_t pass_target, uint64_t seed);
void iogen_release(struct iogen *g);

/*
 * Would o's access options fit these files (zoned_abs zones inside each
 * region)? 0, or -EINVAL with the reason in err: for the preflight, so a
 * misfit is bad input (exit 2) found before any I/O.
 */
int iogen_check(const struct job_options *o, const struct vfile *files,
		unsigned nr_files, char *err, size_t errlen);

/* Start a new pass: rewind sequential positions, clear maps. */
void iogen_new_pass(struct iogen *g);

/*
 * Replay log's I/Os (read_iolog) instead of generating them, at
 * time_pct percent of its pace (replay_time_scale), or as fast as
 * possible when time_pct is 0 (replay_no_stall). The log's file
 * indexes are g's files.
 */
void iogen_set_replay(struct iogen *g, const struct iolog *log, unsigned time_pct);

/*
 * Fill io_u's file, ddir, offset and len for the next data I/O (a
 * replay also gives syncs). Returns 0, -ENOENT when this pass has
 * issued all its bytes (or every block once, with the random map or
 * lfsr, or the whole log), or -EAGAIN when the log's next I/O is not
 * due yet (iogen_due_in_ns says how long).
 */
int iogen_next(struct iogen *g, struct io_u *io_u);

/* Nanoseconds until the replayed log's next I/O is due; 0 = now. */
uint64_t iogen_due_in_ns(const struct iogen *g);

#endif /* VERIO_RUN_IOGEN_H */
