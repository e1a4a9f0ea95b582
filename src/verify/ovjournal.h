/*
 * ovjournal.h - the overlap journal: verify_journal=1 of a verify_overlap
 * job (docs/format.md, "Overlap journal").  Each job (each clone) keeps
 * one next to where its state would be, "<state path>.ovjournal", so that
 * after a crash a verify_only run of the same jobs knows, for every unit,
 * the writes that may be there: the newest durably completed one, the
 * ones that were in flight beside it, and every one issued after it.
 *
 * The file is a 64-byte header, then 16-byte records, each with its own
 * crc32c (seeded with its index, so a record left from an older file at
 * that place never reads as valid):
 *   INTENT  the unit at a byte offset (in 512-byte blocks) of a file is
 *           about to be written with a generation and the writes in
 *           flight at its issue (the ticket, verify/overlap.h).  Durable
 *           before the write is submitted.
 *   DONE    that write of u completed with a good status.
 *   SYNC    an fsync/fdatasync of a file completed.
 * The journal is never checkpointed: it holds the whole run (16 bytes
 * per unit written, 16 per unit completed, 16 per sync).
 *
 * Writing: records go to a preallocated buffer; ovj_flush() writes it to
 * the O_DSYNC file (one pwrite, durable on return).  ovj_add() flushes
 * first when the buffer is full.  Hot path: ovj_add() encodes into the
 * buffer (no allocation, lock or system call unless full).
 */
#ifndef VERIO_VERIFY_OVJOURNAL_H
#define VERIO_VERIFY_OVJOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define OVJ_MAGIC	"VRIOOVJ1"
#define OVJ_HDR_LEN	64
#define OVJ_REC_LEN	16
#define OVJ_SUFFIX	".ovjournal"

enum {
	OVJ_F_BUFFERED = 1u << 0,	/* direct=0: a DONE is durable once a SYNC follows */
};

enum ovj_type {
	OVJ_INTENT = 1,
	OVJ_DONE = 2,
	OVJ_SYNC = 3,
};

struct ovj_hdr {
	uint32_t flags;		/* OVJ_F_* */
	uint32_t unit_len;
	uint32_t nr_files;
	uint32_t clone;
	uint32_t name_crc;	/* crc32c of the job name */
	uint64_t run_id;	/* the writing run: every stamp carries it */
	uint64_t seed;		/* its data seed */
};

struct ovj_rec {
	uint8_t type;		/* enum ovj_type */
	uint16_t file;		/* index of the file in the job */
	uint64_t blk;		/* the unit's byte offset / 512 (< 2^40); 0 for SYNC */
	uint32_t ticket;	/* INTENT, DONE: the write's ticket */
};

/* Codec (tests and the reader). */
void ovj_hdr_encode(uint8_t *dst, const struct ovj_hdr *h);
int ovj_hdr_decode(const uint8_t *src, size_t len, struct ovj_hdr *h);
void ovj_rec_encode(uint8_t *dst, const struct ovj_rec *r, uint64_t index);
int ovj_rec_decode(const uint8_t *src, struct ovj_rec *r, uint64_t index);

/* The journal path of a state path: "<state_path>.ovjournal" (cap bytes). */
int ovj_path(char *dst, size_t cap, const char *state_path);

struct ovj;

/*
 * ovj_create() - create (or truncate) the journal at path with header h,
 * durably, with room for cap records between flushes.  NULL with *err.
 */
struct ovj *ovj_create(const char *path, const struct ovj_hdr *h, unsigned cap, int *err);

/* ovj_add() - a record into the buffer (flushed first when full). 0 or -errno. */
int ovj_add(struct ovj *j, const struct ovj_rec *r);

/* ovj_need_flush() - does the buffer hold an INTENT that is not durable? */
bool ovj_need_flush(const struct ovj *j);

/* ovj_flush() - write the buffer, durable on return.  0 or -errno. */
int ovj_flush(struct ovj *j);

/* ovj_close() - flush and close; NULL is fine.  0 or -errno of the flush. */
int ovj_close(struct ovj *j);

/*
 * ovj_replay() - read the journal at path: its header into h, then every
 * valid record to fn(arg, r, durable) in order, where durable says whether
 * a DONE counts as on the media (always without OVJ_F_BUFFERED; with it,
 * when a SYNC of its file follows in this journal).  Reading stops at the
 * first record that does not check (a torn tail).  fn NULL: the header
 * only (returns 0).  Returns the number of
 * records, -ENOENT (no journal), -EBADMSG with why (a bad header), the
 * first non-zero fn() result, or -errno.
 */
long ovj_replay(const char *path, struct ovj_hdr *h,
		int (*fn)(void *arg, const struct ovj_rec *r, bool durable), void *arg,
		char *why, size_t cap);

#endif /* VERIO_VERIFY_OVJOURNAL_H */
