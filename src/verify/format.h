/*
 * vformat.h - the native on-disk verify format, version 1 (docs/format.md):
 * the unit header and its digest, the per-sector stamps, the payload, and
 * the sector-by-sector diagnosis of a unit that failed to verify.
 *
 * Every byte of a unit is a pure function of (data seed, offset,
 * generation) plus the few header fields that describe the writer (run
 * id, job, clone, write time): vunit_build() writes it, vunit_check() and
 * vunit_compare() verify it, vunit_expected() regenerates it for dumps and
 * vunit_diagnose() explains what is there instead.
 *
 * Hot path: vunit_build(), vunit_check() and vunit_compare() allocate
 * nothing, take no lock, make no system call and print nothing.
 * vunit_diagnose() allocates nothing either (the caller passes the
 * per-sector array and a one-sector scratch buffer) but reads every byte
 * several times: call it only on a failure.
 *
 * Threads: everything here works on caller-owned memory; a struct
 * csum_ctx belongs to one thread at a time (csum.h).
 */
#ifndef VERIO_VERIFY_FORMAT_H
#define VERIO_VERIFY_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct csum_def;
struct csum_ctx;

#define VHDR_MAGIC	0x4f495256u	/* "VRIO" as bytes 56 52 49 4f */
#define VHDR_VERSION	1
#define VHDR_LEN	64		/* fixed part; the digest follows */
#define VHDR_MAX_DIGEST	128		/* longest digest (fio-sha512; standard ones: 64) */
#define VHDR_TIME_OFF	48		/* the write time: the one header field
					 * verify_mode=compare does not compare */

#define VSTAMP_LEN	16		/* last bytes of every sector */
#define VSTAMP_SALT	0x5354414d50000000ull	/* "STAMP" */

/* Supported geometry: sectors of 512 or 4096 bytes, units up to 8 MiB. */
#define VUNIT_MAX_LEN		(8u << 20)
#define VUNIT_MIN_SECTOR	512u
#define VUNIT_MAX_SECTORS	(VUNIT_MAX_LEN / VUNIT_MIN_SECTOR)

/* Header flags known to this reader. */
#define VHDR_F_STAMPLESS	0x01u	/* no sector stamps: a stampless piece
					 * (docs/format.md, "Stampless units") */
#define VHDR_F_KNOWN	VHDR_F_STAMPLESS

/* The decoded header of a unit (docs/format.md, "Header"). */
struct vhdr {
	uint8_t version;	/* VHDR_VERSION */
	uint8_t algo;		/* on-disk checksum id (enum csum_id), 0 = none */
	uint16_t hdr_len;	/* L = VHDR_LEN + digest length */
	uint32_t unit_len;	/* U, bytes */
	uint8_t sector_shift;	/* 9 or 12 */
	uint8_t flags;		/* 0 in version 1 */
	uint16_t clone;		/* numjobs clone index */
	uint64_t offset;	/* absolute byte offset of the unit */
	uint64_t gen;		/* 1..65535 in version 1 */
	uint64_t run_id;
	uint64_t seed;		/* data seed */
	uint64_t time_ns;	/* CLOCK_REALTIME when stamped */
	uint32_t job;		/* index of the writing job in its run */
	uint32_t crc;		/* header crc as found (vhdr_decode() only) */
	uint8_t digest[VHDR_MAX_DIGEST];	/* hdr_len - VHDR_LEN bytes */
};

/*
 * vhdr_encode() - write the VHDR_LEN header bytes of h, its header crc
 * (crc32c of bytes 0..59) and the h->hdr_len - VHDR_LEN digest bytes of
 * h->digest to dst.  Every field is written as given (h->crc is ignored);
 * h->hdr_len must be VHDR_LEN..VHDR_LEN + VHDR_MAX_DIGEST.  Never fails.
 */
void vhdr_encode(uint8_t *dst, const struct vhdr *h);

/*
 * vhdr_decode() - decode the header at src, of which avail bytes may be
 * read, into h (h->digest gets hdr_len - VHDR_LEN bytes).  Checks in the
 * order of docs/format.md: magic, version, crc, then the fields.
 * Returns 0, or
 *   -EINVAL    avail < VHDR_LEN
 *   -EBADMSG   bad magic: not a verio header
 *   -EPROTO    a version or flag bit this reader does not know, or a
 *              header length outside VHDR_LEN..VHDR_LEN + VHDR_MAX_DIGEST
 *   -EILSEQ    bad header crc: the header is damaged
 *   -EMSGSIZE  the digest runs past avail
 * On error h holds what was decoded so far (unspecified).
 */
int vhdr_decode(const uint8_t *src, size_t avail, struct vhdr *h);

/* How a unit is laid out on the media. */
enum vlayout {
	VLAYOUT_NATIVE = 0,	/* header + digest + a stamp in every sector */
	VLAYOUT_STAMPLESS,	/* native header every piece, no stamps (fioformat.h) */
	VLAYOUT_FIO,		/* fio's header every piece (fioformat.h) */
};

/* The geometry of a unit: the same for every unit of a job. */
struct vunit_geom {
	uint32_t unit_len;		/* U: a multiple of sector_size (native) */
	uint32_t sector_size;		/* S: 512 or 4096 */
	uint32_t hdr_off;		/* H: verify_offset */
	const struct csum_def *csum;	/* digest algorithm; NULL: none (D = 0) */
	/* Stampless and fio layouts only (zero for native): */
	uint8_t layout;			/* enum vlayout */
	uint8_t fio_layout;		/* VLAYOUT_FIO: 1 fio <= 3.40, 2 fio >= 3.41 */
	uint8_t fio_vtype;		/* VLAYOUT_FIO: fio's verify_type */
	uint32_t piece_len;		/* a header every piece_len bytes of the unit,
					 * the last piece shorter; 0: the unit */
};

/*
 * vunit_diag_entries() - entries of struct vdiag.sec a unit needs: its
 * sectors (native) or its pieces.  vunit_diag_stride() - bytes between
 * two entries: the sector size, or the piece length.
 */
uint32_t vunit_diag_entries(const struct vunit_geom *g);
uint32_t vunit_diag_stride(const struct vunit_geom *g);

/*
 * vunit_geom_check() - whether g obeys docs/format.md: S is 512 or 4096,
 * U a non-zero multiple of S up to VUNIT_MAX_LEN, and the header (at H,
 * VHDR_LEN + digest bytes) inside one sector, ending at least VSTAMP_LEN
 * bytes before that sector's end.  Returns 0 or -EINVAL.  Every other
 * vunit_ function assumes a geometry that passed this check.
 */
int vunit_geom_check(const struct vunit_geom *g);

/* vunit_hdr_len() - L = VHDR_LEN + digest length of g. */
uint32_t vunit_hdr_len(const struct vunit_geom *g);

/* Who wrote a unit, and where and when: what its content is made of. */
struct vunit_id {
	uint64_t offset;	/* absolute byte offset of the unit */
	uint64_t gen;		/* generation, 1..65535 */
	uint64_t run_id;
	uint64_t seed;		/* data seed */
	uint64_t time_ns;	/* write time for the header */
	uint32_t job;
	uint32_t clone;
};

/*
 * vunit_build() - write the whole unit (g->unit_len bytes) at buf for id:
 * every sector's payload and stamp, then the header and digest.  c is a
 * context for g->csum (unused, may be NULL, when g->csum is NULL).  The
 * per-I/O write path: no allocation, one fill per sector, and the digest
 * computed in cache-sized pieces right behind the fill.
 */
void vunit_build(uint8_t *buf, const struct vunit_geom *g,
		 const struct vunit_id *id, struct csum_ctx *c);

/*
 * vunit_expected() - the unit a writer with id would have written, for
 * dumps and inspect: the same bytes as vunit_build().  Pass the write time
 * (and run id, job, clone) of the received header when it decodes, else 0.
 */
void vunit_expected(uint8_t *dst, const struct vunit_geom *g,
		    const struct vunit_id *id, struct csum_ctx *c);

/* What a reader expects of a unit (from the job and the generation map). */
struct vunit_expect {
	uint64_t offset;	/* absolute byte offset of the unit */
	uint64_t gen;		/* 0 = unknown: accept the header's */
	uint64_t seed;
	bool seed_known;
	uint64_t run_id;
	bool run_known;		/* the run that wrote the unit is run_id */
	uint32_t job, clone;	/* the writer: job index and clone */
	bool writer_known;	/* ... when this reader is that writer */
	/* Diagnosis only: the data seeds of other runs that may have written
	 * sectors of the unit (a saved state's runs), tried for a stamp the
	 * expected seed does not validate: a tear across two runs. */
	const uint64_t *alt_seeds;
	uint32_t nr_alt_seeds;
};

/*
 * vunit_check() - verify the unit at buf (the fast path, digest only).
 * c is a context for g->csum (may be NULL when g->csum is).  found (may
 * be NULL) receives the decoded header whenever it decodes.
 * Returns 0 when the unit is as expected, else the first check that
 * failed, in this order:
 *   -EBADMSG, -EPROTO, -EILSEQ, -EMSGSIZE   header decode (vhdr_decode())
 *   -EXDEV     the header names another offset
 *   -EMSGSIZE  other unit length, sector size or header length
 *   -ENOMSG    other checksum algorithm
 *   -ENOKEY    other data seed (seed_known)
 *   -ESRCH     other run id (run_known)
 *   -ESTALE    other generation (gen != 0)
 *   -EBADE     the digest does not match the data
 * Any non-zero result is a verification failure: vunit_diagnose() says
 * what happened.
 */
int vunit_check(const uint8_t *buf, const struct vunit_geom *g,
		const struct vunit_expect *e, struct csum_ctx *c,
		struct vhdr *found);

/*
 * vunit_compare() - verify_mode=compare: the header checks of
 * vunit_check(), then instead of the digest, regenerate the expected unit
 * into scratch (g->unit_len bytes) with the writer fields of the found
 * header, and compare every byte except the header's write time.  Same
 * returns as vunit_check(), -EBADE meaning a byte differs.
 */
int vunit_compare(const uint8_t *buf, const struct vunit_geom *g,
		  const struct vunit_expect *e, struct csum_ctx *c,
		  struct vhdr *found, uint8_t *scratch);

/* The class of a sector, and the verdict on a unit (docs/format.md). */
enum vclass {
	VCLASS_OK,
	VCLASS_BITFLIP,		/* some bits differ from what the stamp names */
	VCLASS_ZEROED,		/* every byte zero */
	VCLASS_STALE,		/* this offset, another generation: lost write */
	VCLASS_MISDIRECTED,	/* a sector of another offset */
	VCLASS_TORN,		/* unit only: sectors of several generations */
	VCLASS_FOREIGN,		/* no valid stamp, not zero */
	VCLASS_UNWRITTEN,	/* never produced here: the generation map's call */
	VCLASS_HEADER,		/* unit only: only the header or digest is bad */
	VCLASS_NEWER,		/* this offset, a newer generation than the map's:
				 * the map (state) missed an update, not data */
	VCLASS_OTHER_RUN,	/* unit only: a valid unit of this offset
				 * written by another run */
	VCLASS_OTHER_WRITER,	/* unit only: a valid unit of this offset
				 * written by another job or clone */
	VCLASS_TRIM_NOT_ZERO,	/* unit only: trimmed (the map says), and it
				 * does not read back as zeroes */
	VCLASS_NR
};

/* vclass_name() - "ok", "bit flips", ... ; "unknown" out of range. */
const char *vclass_name(enum vclass cls);

/*
 * vgen_newer() - whether generation a is newer than b (both 1..65535):
 * serial-number order modulo 65535, so that 1 follows 65535.  a is newer
 * when it is 1..32767 writes ahead of b; a unit rewritten more than 32767
 * times since an old copy of it was taken cannot be ordered against it.
 */
bool vgen_newer(uint64_t a, uint64_t b);

#define VDIAG_BITPOS	4	/* bad bit positions kept per sector */
#define VDIAG_NONE	UINT32_MAX	/* "no such sector" */
#define VDIAG_NOBIT	UINT64_MAX	/* "no such bit" */

/* The judgement of one sector. */
struct vsector {
	uint8_t cls;		/* enum vclass (never HEADER or OTHER_*) */
	bool stamp_ok;		/* the stamp is valid (found_* are then set) */
	uint16_t nbitpos;	/* entries of bitpos[] used */
	uint32_t found_gen;	/* generation the stamp names */
	uint64_t found_offset;	/* offset the stamp names */
	/*
	 * Bytes and bits that differ from the reference: the sector the
	 * stamp names when it is valid, else the expected sector.  The
	 * header and digest bytes of a header-bearing sector are not
	 * counted (the header is judged on its own: vdiag.hdr_err).
	 */
	uint32_t bad_bytes;
	uint32_t bad_bits;
	/* The first bad bits: bit b of byte i of the sector is 8 * i + b. */
	uint32_t bitpos[VDIAG_BITPOS];
	/*
	 * TORN sector: bytes [0, torn_byte) are of generation torn_gen, the
	 * rest (stamp included) of found_gen.  bad_bits is then 0: every
	 * byte is explained by one of the two writes.
	 */
	uint32_t torn_byte;
	uint32_t torn_gen;
};

/*
 * The judgement of a unit.  The caller sets sec/sec_cap (sec may be NULL);
 * vunit_diagnose() fills the rest.  Per-sector results are stored for the
 * first sec_cap sectors only; counts and verdict always cover the unit.
 */
struct vdiag {
	struct vsector *sec;		/* caller's array, VUNIT_MAX_SECTORS fits all */
	uint32_t sec_cap;
	uint32_t nsec;			/* sectors in the unit */

	enum vclass cls;		/* the verdict */
	uint32_t first_bad;		/* first sector not OK, or VDIAG_NONE */
	uint32_t counts[VCLASS_NR];	/* sectors per class */
	/* Totals over every sector (each against its reference, as the
	 * per-sector lines count them), and the first bad bit of the unit:
	 * bit b of byte i of the unit is 8 * i + b (VDIAG_NOBIT: none). */
	uint64_t bad_bits;
	uint64_t bad_bytes;
	uint64_t first_bad_bit;

	/* Stampless and fio layouts: sec[] holds pieces, not sectors, and no
	 * stamp says more than the headers do (docs/format.md). */
	bool coarse;
	const char *note;		/* static text, or NULL: e.g. another fio
					 * version's header */

	int hdr_err;			/* vunit_check() of the header: 0 or -errno */
	bool hdr_decoded;		/* hdr holds a decoded header */
	struct vhdr hdr;

	uint64_t exp_gen;		/* generation judged against, 0 if none */
	bool gen_from_map;		/* exp_gen was e->gen (else header or vote) */

	/*
	 * What the unit holds, when known (found_known): the unit offset and
	 * generation its stamps or header name.  MISDIRECTED: the unit the
	 * data came from; STALE / NEWER: the generation found; OTHER_*: the
	 * header's; TORN: the generation from the tear on.
	 */
	bool found_known;
	uint64_t found_offset;
	uint64_t found_gen;
	/*
	 * TORN: the sector where the second write starts, the absolute byte
	 * offset of the tear (a sector start, or inside the sector for a tear
	 * inside one stamp sector), and the generation before it.
	 */
	uint32_t torn_sector;
	uint64_t torn_offset;
	uint64_t torn_gen_before;
};

/*
 * vunit_diagnose() - judge every sector of the unit at buf against e and
 * give the unit a verdict.  scratch holds one sector (g->sector_size
 * bytes); c is a context for g->csum (may be NULL when g->csum is).
 *
 * The expected generation is e->gen, else the header's when it decodes
 * for this offset (and seed), else the one most sectors of this offset
 * carry.  The seed is e->seed, else the header's; with neither, no stamp
 * can be validated and every non-zero sector is foreign.
 *
 * When the header decodes for this offset and names another run (e->run_known)
 * or another writer (another seed than e->seed, or with e->writer_known
 * another job or clone), the sectors are judged against that header's
 * seed and generation: what the unit holds is somebody else's write.
 *
 * Sector: zeroed if all zero; with a valid stamp, ok / stale / newer /
 * misdirected by what it names; torn when its payload differs from what
 * the stamp names but a prefix of it is the same sector of another
 * candidate generation (the header's, the expected one, the stamp's
 * +-1) and the rest the stamp's; else bit flips.  With no valid stamp:
 * bit flips if at most S/8 bits (1/64 of the sector's bits) differ from
 * the expected sector or from the sector its damaged stamp names, else
 * foreign.
 *
 * Unit verdict, first rule that applies: all zeroed; other run; other
 * writer; foreign (no valid stamp, nothing near the expected data); torn
 * (sectors of this offset with several generations, or a sector torn
 * inside); misdirected (a sector of another offset); stale / newer (this
 * offset, one other generation, older / newer by vgen_newer()); bit
 * flips; foreign; zeroed; header (every sector ok, header or digest
 * not); ok.  Never UNWRITTEN: the caller knows from the generation map
 * when a unit was never written.
 */
void vunit_diagnose(const uint8_t *buf, const struct vunit_geom *g,
		    const struct vunit_expect *e, struct csum_ctx *c,
		    uint8_t *scratch, struct vdiag *out);

#endif /* VERIO_VERIFY_FORMAT_H */
