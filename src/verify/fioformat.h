/*
 * fioformat.h - the unit layouts without sector stamps (docs/format.md,
 * "Stampless units" and "fio's format"): a header every verify_interval
 * bytes ("piece"), the last piece of a unit shorter when the interval
 * does not divide it, and a checksum of each piece's data.
 *
 *  - VLAYOUT_STAMPLESS: verio's native header (flag VHDR_F_STAMPLESS) at
 *    each piece; used when the interval is not a multiple of the sector.
 *  - VLAYOUT_FIO: fio's header, of fio <= 3.40 (40 bytes, 16-bit
 *    numberio) or fio >= 3.41 (48 bytes, version byte 0x81, 64-bit
 *    numberio), with fio's checksum flavours (crc/fio-flavours.c).
 *
 * format.c calls these for every geometry whose layout is not native;
 * the conventions (returns, hot path) are those of format.h.  Diagnosis
 * is per piece and coarser than native: no per-sector class and no torn
 * sector; what a header says (offset, generation, seed, run) and whether
 * the data is zero or near what was written is all there is.
 */
#ifndef VERIO_VERIFY_FIOFORMAT_H
#define VERIO_VERIFY_FIOFORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "verify/format.h"

#define FIOHDR_MAGIC		0xaccau
#define FIOHDR_V1_LEN		40	/* fio <= 3.40 */
#define FIOHDR_V2_LEN		48	/* fio >= 3.41 */
#define FIOHDR_V2_VERSION	0x81

/* fio's verify_type numbers (the same in every fio since 3.x). */
enum fio_vtype {
	FIO_VT_META = 1, FIO_VT_MD5 = 2, FIO_VT_CRC64 = 3, FIO_VT_CRC32 = 4,
	FIO_VT_CRC32C = 5, FIO_VT_CRC32C_INTEL = 6, FIO_VT_CRC16 = 7,
	FIO_VT_CRC7 = 8, FIO_VT_SHA256 = 9, FIO_VT_SHA512 = 10,
	FIO_VT_SHA3_224 = 11, FIO_VT_SHA3_256 = 12, FIO_VT_SHA3_384 = 13,
	FIO_VT_SHA3_512 = 14, FIO_VT_XXHASH = 15, FIO_VT_SHA1 = 16,
};

/* A decoded fio header. */
struct fiohdr {
	uint8_t layout;		/* 1: fio <= 3.40, 2: fio >= 3.41 */
	uint8_t vtype;		/* fio's verify_type */
	uint32_t len;		/* the piece's length */
	uint64_t rand_seed;
	uint64_t offset;
	uint32_t time_sec, time_nsec;
	uint64_t numberio;
	uint16_t thread;
	uint32_t crc;
};

/*
 * fio_vtype_of() - fio's verify_type for a verify= name ("crc32c",
 * "meta", ...), and in *flavour the checksum name verio computes for it
 * ("fio-crc32c", NULL for meta); fio_version is 100 * major + minor (the
 * sha512 fio wrote changed in 3.39).  0 if fio format cannot express it.
 */
unsigned fio_vtype_of(const char *name, unsigned fio_version, const char **flavour);

/*
 * fiohdr_encode() / fiohdr_decode() - the header at p (layout 1 or 2),
 * crc included (fio's crc32c, without its final inversion, of the bytes
 * before the crc field).  decode: 0, -EINVAL (avail too small), -EBADMSG
 * (no fio magic), -EPROTO (the other fio version's header: *other set,
 * may be NULL), -EILSEQ (bad crc).
 */
void fiohdr_encode(uint8_t *p, const struct fiohdr *h);
int fiohdr_decode(const uint8_t *p, size_t avail, unsigned layout, struct fiohdr *h,
		  bool *other);

/* Geometry and the operations format.c dispatches to (see format.h). */
int vpiece_geom_check(const struct vunit_geom *g);
uint32_t vpiece_hdr_len(const struct vunit_geom *g);
uint32_t vpiece_count(const struct vunit_geom *g);
void vpiece_build(uint8_t *buf, const struct vunit_geom *g,
		  const struct vunit_id *id, struct csum_ctx *c);
int vpiece_check(const uint8_t *buf, const struct vunit_geom *g,
		 const struct vunit_expect *e, struct csum_ctx *c, struct vhdr *found);
void vpiece_diagnose(const uint8_t *buf, const struct vunit_geom *g,
		     const struct vunit_expect *e, struct csum_ctx *c,
		     uint8_t *scratch, struct vdiag *out);

#endif /* VERIO_VERIFY_FIOFORMAT_H */
