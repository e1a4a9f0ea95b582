/*
 * history-priv.h - what the write history's writer (history.c) and its
 * reader and slicer (history-read.c) share: the byte layout of
 * docs/format.md, "Write history", and the header and segment codecs.
 */
#ifndef VERIO_VERIFY_HISTORY_PRIV_H
#define VERIO_VERIFY_HISTORY_PRIV_H

#include <stddef.h>
#include <stdint.h>

#ifdef CONFIG_ZLIB
#include <zlib.h>
#endif

#include "verify/history.h"

/* File header: fixed part, then the tables, then a crc32c. */
enum {
	HH_MAGIC = 0,		/* 8: "VRIOHIST" */
	HH_VERSION = 8,		/* 4 */
	HH_LEN = 12,		/* 4: whole header, crc included */
	HH_RUN = 16,		/* 8 */
	HH_SEED = 24,		/* 8 */
	HH_UNIT = 32,		/* 4 */
	HH_SECTOR = 36,		/* 4 */
	HH_CREATED = 40,	/* 8: wall ns */
	HH_MONO_OFF = 48,	/* 8: wall - monotonic, ns (signed) */
	HH_PART = 56,		/* 4: 0, then +1 per rotation */
	HH_NFILES = 60,		/* 4 */
	HH_NJOBS = 64,		/* 4 */
	HH_FLAGS = 68,		/* 4: 0 */
	HH_FIXED = 72,
	HH_MAX = 1 << 20,	/* a reader refuses a longer header */
};

/* Segment header. */
enum {
	SH_MAGIC = 0,		/* 4: "VHSG" */
	SH_CLEN = 4,		/* 4: compressed bytes */
	SH_ULEN = 8,		/* 4: record bytes */
	SH_CCRC = 12,		/* 4: crc32c of the compressed bytes */
	SH_JOB = 16,		/* 4 */
	SH_CLONE = 20,		/* 4 */
	SH_NAME = 24,		/* 4: crc32c of the job name */
	SH_NREC = 28,		/* 4 */
	SH_SEGNO = 32,		/* 8: segment number in the stream */
	SH_FLAGS = 40,		/* 4: 0 */
	SH_CRC = 44,		/* 4: crc32c of bytes 0..43 */
	SEG_ULEN_MAX = 1 << 20,
};

/* Records. */
enum {
	R_TYPE = 0,		/* 1 */
	R_FLAGS = 1,		/* 1: SYNC: bit 0 = fdatasync */
	R_GEN = 2,		/* 2: WRITE/TRIM */
	R_LEN = 4,		/* 4: WRITE/TRIM length; DONE/SYNC result (int32) */
	R_OFF = 8,		/* 8: WRITE/TRIM offset; DONE/SYNC completion counter */
	R_TIME = 16,		/* 8: wall ns */
	R_SEQ = 24,		/* 6: seq (SYNC: flush epoch) */
	R_FILE = 30,		/* 2 */
};

#define SEG_MAGIC "VHSG"
#define VHIST_BUF_BYTES (VHIST_BUF_RECS * VHIST_REC_LEN)

_Static_assert(VHIST_REC_LEN == R_FILE + 2, "record layout");
_Static_assert(VHIST_SEG_HDR_LEN == SH_CRC + 4, "segment header layout");

/* A decoded header: the tables point into the reader's copy. */
struct vhist_hdr {
	uint64_t run_id, seed, created;
	uint32_t unit_len, sector_size, part, nr_files, nr_jobs, len;
	char **files, **jobs;
	uint32_t *clones, *name_crcs;
};

void vhist_hdr_release(struct vhist_hdr *h);

/* crc32c of a job name (the segment header's SH_NAME). */
uint32_t vhist_name_crc(const char *name);

void vhist_put_le48(uint8_t *p, uint64_t v);
uint64_t vhist_get_le48(const uint8_t *p);

/* Encode the header of m (part 0) into a malloc'd buffer; NULL on ENOMEM. */
uint8_t *vhist_hdr_encode(const struct vhist_meta *m, uint64_t created, int64_t mono_off,
			  size_t *len);

/* Set the part number of an encoded header (and its crc). */
void vhist_hdr_set_part(uint8_t *p, size_t len, uint32_t part);

/*
 * vhist_hdr_decode() - the header at the start of size bytes of path:
 * 0, -EBADMSG (why says why) or -ENOMEM.  vhist_hdr_release() after, in
 * every case.
 */
int vhist_hdr_decode(const uint8_t *p, size_t size, struct vhist_hdr *h, const char *path,
		     char *why, size_t cap);

#ifdef CONFIG_ZLIB
/*
 * vhist_seg_build() - compress n records into out (cap bytes, at least
 * vhist_seg_cap()) behind a segment header.  Its length, or -errno.
 */
long vhist_seg_build(z_stream *z, uint8_t *out, size_t cap, const uint8_t *recs, uint32_t n,
		     uint32_t job, uint32_t clone, uint32_t ncrc, uint64_t segno);
size_t vhist_seg_cap(void);
#endif

#endif /* VERIO_VERIFY_HISTORY_PRIV_H */
