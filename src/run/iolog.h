/*
 * iolog.h - fio's text iolog (versions 2 and 3): read a log into an
 * array of I/Os for replay (read_iolog=), and write one as a job runs
 * (write_iolog=). The format is fio's (HOWTO "Trace file format");
 * docs/format.md has it in short.
 */
#ifndef VERIO_RUN_IOLOG_H
#define VERIO_RUN_IOLOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct io_u;
struct job_options;
struct vfile;

/* One I/O of a log: ddir is an enum io_ddir (read, write, sync, datasync). */
struct iolog_entry {
	uint64_t offset;
	uint64_t ts_us;		/* v3: the timestamp; v2: the waits before it */
	uint32_t len;
	uint16_t file;		/* index into iolog.files */
	uint8_t ddir;
};

/* How a log is read (the job's replay_* options). */
struct iolog_conf {
	const char *redirect;	/* replay_redirect: every I/O to this file */
	uint64_t align;		/* replay_align, 0 = none (a power of 2) */
	uint64_t scale;		/* replay_scale, 0 or 1 = none */
	unsigned skip;		/* REPLAY_SKIP_* (config/options.h) */
};

/* A log read whole: its files, in order of their "add", and its I/Os. */
struct iolog {
	int version;		/* 2 or 3 (of the first header) */
	char **files;
	unsigned nr_files;
	struct iolog_entry *e;
	size_t nr;
	uint64_t max_end;	/* largest offset + length of a read, write or trim */
	uint64_t min_len, max_len[2];	/* of reads and writes; per direction */
	uint64_t min_dlen[2];
	uint64_t bytes;		/* of reads and writes */
	unsigned nr_dir[2];	/* reads, writes */
	unsigned nr_trim;	/* trims (their lengths count in none of the above
				 * but max_end) */
	uint64_t ts_first;	/* timestamp of the first I/O */
};

/*
 * Read a log from in (named name in messages). Returns 0 with *out set,
 * -EINVAL with err holding "line N: what" (or what, for the whole log),
 * or -ENOMEM. Stricter than fio, which skips a line it cannot read: a
 * bad line is an error here, so a replay is the log or nothing.
 */
int iolog_read(FILE *in, const struct iolog_conf *c, struct iolog **out,
	       char *err, size_t errlen);

/* iolog_read() of the file at path ("-" is stdin); -errno if it cannot be opened. */
int iolog_load(const char *path, const struct iolog_conf *c, struct iolog **out,
	       char *err, size_t errlen);

void iolog_free(struct iolog *log);

/*
 * A replay overrides the job's workload as fio does: its files
 * (filename= is the log's files, or replay_redirect), its directions
 * (rw=), its block sizes (the log's smallest and largest per
 * direction), and its region (offset 0 to the largest end in the log).
 * With verify, every read and write must be whole multiples of the
 * smallest I/O: err says which line is not. 0, -EINVAL or -ENOMEM.
 */
int iolog_apply(const struct iolog *log, struct job_options *o, bool verifies,
		char *err, size_t errlen);

/*
 * The ':'-separated read_iolog list's name for numjobs clone `clone`
 * (fio: clones take the names in turn, wrapping). Allocated; NULL on
 * no memory.
 */
char *iolog_name_for_clone(const char *list, unsigned clone);

/* ---- writing ------------------------------------------------------------------ */

struct iolog_writer;

/*
 * Open path for appending (as fio does) and write the version line and
 * an "add" line for each file. t0_ns is the time the log counts from.
 * Returns 0 with *out set, or -errno.
 */
int iolog_writer_open(struct iolog_writer **out, const char *path,
		      const struct vfile *files, unsigned nr_files, uint64_t t0_ns);

/* "TS NAME open" / "TS NAME close" for file index fi, at now_ns. */
void iolog_writer_file(struct iolog_writer *w, unsigned fi, const char *act,
		       uint64_t now_ns);

/*
 * One I/O line, stamped u->t_prep. The per-I/O path: formats by hand
 * into the buffer, no allocation, no lock, and a write(2) only when
 * the 64 KiB buffer is full. fi is u->file's index.
 */
void iolog_writer_io(struct iolog_writer *w, unsigned fi, const struct io_u *u);

/* Flush, close and free. 0, or the -errno of the first write that failed. NULL is fine. */
int iolog_writer_close(struct iolog_writer *w);

/* ---- a job's logs --------------------------------------------------------------- */

struct job;

/*
 * read_iolog=: read the clone's log (before any I/O) and make it the
 * job's workload (iolog_apply). Prints what is wrong; 0, 2 (a bad or
 * unreadable log) or 3 (no memory). A job with both logs replays and
 * writes none, as fio does ("read iolog overrides write_iolog"); under
 * --readonly the log's writes are left out, as fio does (said once).
 */
int iolog_job_load(struct job *j, bool readonly);

/* write_iolog=: open the job's log (its files added and opened). 0 or -errno. */
int iolog_job_start(struct job *j);

/* The files closed, the log flushed and closed. 0 or the -errno of a write. */
int iolog_job_finish(struct job *j);

/* Release what iolog_job_load kept. */
void iolog_job_release(struct job *j);

#endif /* VERIO_RUN_IOLOG_H */
