/*
 * vinspect.h - the pure pieces of `verio inspect` (src/cmd/inspect*.c):
 * reading a unit header whose crc no longer checks, reading and
 * validating one sector stamp, inferring the geometry of a buffer of
 * units nobody described, and finding the 16-byte rows where an expected
 * and a received buffer differ (the side-by-side hexdump).
 *
 * Everything works on caller-owned memory, allocates nothing, makes no
 * system call and prints nothing: the command prints.  Not a hot path.
 */
#ifndef VERIO_VERIFY_VINSPECT_H
#define VERIO_VERIFY_VINSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verify/format.h"

/*
 * vinsp_hdr_raw() - the header fields at src (avail bytes) as they are,
 * whatever the crc, version and flags say: for a damaged header whose
 * fields may still name the writer.  h->crc gets the crc as found, *crc_ok
 * whether it checks.  Returns 0, or -EBADMSG (bad magic, or fewer than
 * VHDR_LEN bytes).  The digest is not copied.
 */
int vinsp_hdr_raw(const uint8_t *src, size_t avail, struct vhdr *h, bool *crc_ok);

/*
 * vinsp_find_hdr() - the first verio header magic in the first sector
 * bytes of buf (len bytes; at 8-byte aligned places, where verify_offset
 * puts it), or -1.  A header must leave room for a stamp after it.
 */
long vinsp_find_hdr(const uint8_t *buf, size_t len, uint32_t sector);

/* One sector stamp as read (docs/format.md, "Sector stamp"). */
struct vinsp_stamp {
	uint64_t offset;	/* the offset it names */
	uint32_t gen;		/* the generation it names */
	uint32_t check;		/* its check field */
};

/* vinsp_stamp_read() - the stamp of sector s of buf (sectors of ss bytes). */
void vinsp_stamp_read(const uint8_t *buf, uint32_t ss, uint32_t s, struct vinsp_stamp *st);

/* vinsp_stamp_valid() - whether st was written by verio with data seed seed. */
bool vinsp_stamp_valid(const struct vinsp_stamp *st, uint64_t seed);

/*
 * vinsp_seed_hits() - how many sectors of buf (len bytes, sectors of ss)
 * carry a stamp valid for seed: a candidate seed (a damaged header's) is
 * confirmed by one hit or more.
 */
uint32_t vinsp_seed_hits(const uint8_t *buf, size_t len, uint32_t ss, uint64_t seed);

/* What a buffer of units says about its geometry. */
struct vinsp_guess {
	uint32_t sector_size;	/* 512 or 4096; 0 when nothing says */
	uint32_t unit_len;	/* from a header; 0 when none decodes */
	uint32_t hdr_off;	/* where the first header is (H) */
	uint8_t algo;		/* from a header (on-disk id), 0 none */
	bool from_header;	/* a header decoded (crc good) */
	bool from_raw_header;	/* only a damaged header was found */
	bool from_stamps;	/* the sector size came from the stamps */
	uint64_t offset;	/* the unit offset the header or stamps name */
	bool offset_known;
	uint32_t stamp_hits;	/* sectors whose stamp follows the pattern */
	struct vhdr hdr;	/* the header found (raw when damaged) */
};

/*
 * vinsp_guess_geom() - infer the geometry of buf (len bytes, a multiple
 * of 512): from the first header (its unit length, sector shift,
 * algorithm and offset; a damaged header's fields when they are sane),
 * else from the stamps: the sector size S for which most sectors' stamp
 * offsets step by S from one base (512 tried first: 512-byte stamps also
 * look like 4 KiB ones), and that base.  Returns 0 (out filled; a field
 * nothing said is 0) or -ENOENT (no header and no stamp pattern: not
 * verio's data, or zeroed / destroyed beyond recognition).
 */
int vinsp_guess_geom(const uint8_t *buf, size_t len, struct vinsp_guess *out);

/* The 16-byte rows of a hexdump. */
#define VINSP_ROW	16u

/*
 * vinsp_row_diff() - the mask of the bytes that differ in the row at
 * byte off of a and b (bit i: byte off + i), for the n <= 16 bytes left.
 */
uint16_t vinsp_row_diff(const uint8_t *a, const uint8_t *b, size_t off, size_t n);

/* vinsp_count_rows() - how many 16-byte rows of a and b (len bytes) differ. */
uint64_t vinsp_count_rows(const uint8_t *a, const uint8_t *b, size_t len);

/*
 * vinsp_row_text() - one row of the side-by-side hexdump as two lines in
 * dst (cap bytes, terminated): the row's label (e.g. its absolute offset),
 * the expected bytes, " | ", the received bytes; then a line with "^^"
 * under every byte that differs, on both sides.  n <= 16 bytes.
 * Returns the length written (truncated to cap - 1).
 */
size_t vinsp_row_text(char *dst, size_t cap, const char *label, const uint8_t *exp,
		      const uint8_t *rcv, size_t n);

/* vinsp_time() - ns since the epoch as "2026-12-01T06:40:12.123456789Z". */
void vinsp_time(char *dst, size_t cap, uint64_t ns);

#endif /* VERIO_VERIFY_VINSPECT_H */
