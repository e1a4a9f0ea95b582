/*
 * csum.h - the checksum module: one table of algorithms (crc/csum.c).
 *
 * Every algorithm is a const struct csum_def in one list (STYLE #5):
 * name and fio alias, a stable numeric id, digest length, the exact
 * definition, and its operations.  Each runs on the fastest well-kept
 * library found by configure:
 *
 *   crc32c crc32 crc64 crc16   ISA-L (CONFIG_ISAL), else portable tables
 *   crc7                       portable table (MMC/SD crc7)
 *   xxhash xxh64 xxh3          libxxhash (CONFIG_XXHASH); xxh3 also built
 *                              inline for AVX2 and AVX-512, picked at run time
 *   md5 sha1 sha256 sha512     OpenSSL 3 libcrypto (CONFIG_LIBCRYPTO),
 *   sha3-224/256/384/512       through the provider's own digest functions
 *
 * docs/checksums.md gives each algorithm's parameters and measured speed.
 *
 * Digests: integer CRCs and hashes are stored little-endian in digest_len
 * bytes (crc7 in one byte, 0..0x7f); md5 and sha* digests are the byte
 * strings their standards define.
 *
 * Threads: the table, csum_find() and the flat functions are safe from any
 * thread.  A struct csum_ctx belongs to one thread at a time: create one
 * per worker thread, before I/O starts; csum_compute() and csum_begin() /
 * csum_update() / csum_end() then allocate nothing, take no lock and make
 * no system call.
 */
#ifndef VERIO_INCLUDE_CSUM_H
#define VERIO_INCLUDE_CSUM_H

#include <stddef.h>
#include <stdint.h>

/*
 * Stable ids: they are written to disk in every verify header, so a value
 * is never reused or renumbered.  0 means "no checksum".  New algorithms
 * take the next free number.
 */
enum csum_id {
	CSUM_NONE = 0,
	CSUM_CRC32C = 1,   /* "crc32c", alias "crc32c-intel" */
	CSUM_CRC32 = 2,    /* "crc32": zlib / IEEE 802.3 */
	CSUM_CRC64 = 3,    /* "crc64": CRC-64/XZ (ECMA-182 polynomial) */
	CSUM_CRC16 = 4,    /* "crc16": CRC-16/T10-DIF */
	CSUM_CRC7 = 5,     /* "crc7": MMC/SD */
	CSUM_XXH32 = 6,    /* "xxhash": XXH32, seed 0 */
	CSUM_XXH64 = 7,    /* "xxh64": XXH64, seed 0 */
	CSUM_XXH3 = 8,     /* "xxh3": XXH3_64bits, seed 0 */
	CSUM_MD5 = 9,
	CSUM_SHA1 = 10,
	CSUM_SHA256 = 11,
	CSUM_SHA512 = 12,
	CSUM_SHA3_224 = 13,
	CSUM_SHA3_256 = 14,
	CSUM_SHA3_384 = 15,
	CSUM_SHA3_512 = 16,
	/* 17..31: fio's own flavours (verify_format=fio, docs/checksums.md). */
	CSUM_FIO_CRC32C = 17,  /* "fio-crc32c": crc32c without the final inversion */
	CSUM_FIO_CRC32 = 18,   /* "fio-crc32": MSB-first 0x04C11DB7, init 0 */
	CSUM_FIO_CRC64 = 19,   /* "fio-crc64": CRC-64/REDIS */
	CSUM_FIO_CRC16 = 20,   /* "fio-crc16": CRC-16/ARC */
	CSUM_FIO_XXHASH = 21,  /* "fio-xxhash": XXH32, seed 1 */
	CSUM_FIO_SHA1 = 22,    /* "fio-sha1": SHA-1, words little-endian */
	CSUM_FIO_SHA256 = 23,  /* "fio-sha256": fio's last-block value (64 bytes) */
	CSUM_FIO_SHA512 = 24,  /* "fio-sha512": fio <= 3.38's buffer (128 bytes) */
	CSUM_FIO_SHA512_339 = 25, /* "fio-sha512-339": fio >= 3.39's (128 bytes) */
};

/* The longest digest of any algorithm (fio-sha512; standard: 64). */
#define CSUM_MAX_DIGEST 128

struct csum_ctx;

struct csum_def {
	const char *name;          /* verify= value, as fio spells it */
	const char *alias;         /* second accepted name, or NULL */
	enum csum_id id;           /* stable on-disk id */
	unsigned digest_len;       /* bytes written by csum_compute() */
	const char *definition;    /* exact parameters, one line, for docs */
	const char *libname;       /* its function or name in the library:
				      ISA-L, libxxhash or OpenSSL; NULL: own */

	/*
	 * ctx_init() sets up c (c->def is already set): 0, -ENOMEM, or
	 * -ENOTSUP when the library is missing.  NULL: nothing to set up.
	 */
	int (*ctx_init)(struct csum_ctx *c);
	/* ctx_release() frees what ctx_init() made; NULL: nothing to free. */
	void (*ctx_release)(struct csum_ctx *c);
	/* compute() writes digest_len bytes of the digest of buf[0..len). */
	void (*compute)(struct csum_ctx *c, const void *buf, size_t len,
			uint8_t *digest);
	/* begin(), update()..., end(): the same digest over pieces. */
	void (*begin)(struct csum_ctx *c);
	void (*update)(struct csum_ctx *c, const void *buf, size_t len);
	void (*end)(struct csum_ctx *c, uint8_t *digest);
	/* impl() names the code that runs, e.g. "isa-l", "xxhash-avx512". */
	const char *(*impl)(void);
};

/*
 * A per-thread checksum context.  Create it once per thread with
 * csum_ctx_init(), reuse it for every I/O, release it at the end.
 */
struct csum_ctx {
	const struct csum_def *def;
	void *priv;                /* library state: xxHash, OpenSSL digest */
	uint64_t crc;              /* a CRC between csum_begin() and csum_end() */
};

/*
 * csum_init() - probe the CPU and choose each algorithm's implementation.
 * Call once at start-up; idempotent and thread-safe (pthread_once), and
 * also called by csum_ctx_init(), so forgetting it costs nothing.
 */
void csum_init(void);

/* csum_find() - look up by name or alias (case-sensitive); NULL if unknown. */
const struct csum_def *csum_find(const char *name);

/* csum_by_id() - look up by on-disk id; NULL if unknown (or CSUM_NONE). */
const struct csum_def *csum_by_id(unsigned id);

/* csum_count(), csum_at() - walk the table in id order; csum_at() of an
 * index >= csum_count() is NULL. */
size_t csum_count(void);
const struct csum_def *csum_at(size_t i);

/*
 * csum_available() - 1 if this build can compute d, 0 if its library was
 * missing at configure time (csum_ctx_init() would return -ENOTSUP).
 */
int csum_available(const struct csum_def *d);

/*
 * csum_impl_name() - the implementation chosen for d on this CPU:
 * "isa-l", "table", "xxhash", "xxhash-avx2", "xxhash-avx512", "openssl",
 * or "unavailable".  Calls csum_init().
 */
const char *csum_impl_name(const struct csum_def *d);

/*
 * csum_ctx_init() - make c ready to compute d.  What the algorithm needs
 * (an OpenSSL digest context, an xxHash streaming state) is allocated
 * here, never per digest.  Returns 0, -EINVAL (c or d NULL), -ENOMEM, or
 * -ENOTSUP when the library d needs is missing.  On error c needs no
 * release.
 */
int csum_ctx_init(struct csum_ctx *c, const struct csum_def *d);

/* csum_ctx_release() - free what csum_ctx_init() made; c may be NULL, and
 * releasing twice is harmless. */
void csum_ctx_release(struct csum_ctx *c);

/*
 * csum_compute() - write the c->def->digest_len-byte digest of
 * buf[0..len) to digest.  No allocation, lock or system call.
 */
static inline void csum_compute(struct csum_ctx *c, const void *buf,
				size_t len, uint8_t *digest)
{
	c->def->compute(c, buf, len, digest);
}

/*
 * csum_begin(), csum_update()..., csum_end() - the digest of the
 * concatenation of the pieces given to csum_update(), in order: the same
 * bytes as csum_compute() of them in one buffer.  For data that is not
 * contiguous, or that is hashed right behind the code producing it while
 * it is still in cache.  Nothing is allocated; a csum_begin() abandons
 * any digest in progress.
 */
static inline void csum_begin(struct csum_ctx *c)
{
	c->def->begin(c);
}

static inline void csum_update(struct csum_ctx *c, const void *buf, size_t len)
{
	c->def->update(c, buf, len);
}

static inline void csum_end(struct csum_ctx *c, uint8_t *digest)
{
	c->def->end(c, digest);
}

/*
 * Flat CRC functions: one call over a whole buffer, no context, safe from
 * any thread, hardware-accelerated through ISA-L when present.
 *
 * The _update variants continue a CRC: update(crc(a), b) == crc(a || b),
 * and update(0, b) == crc(b); pass the value a previous call returned.
 */
uint32_t csum_crc32c(const void *buf, size_t len);
uint32_t csum_crc32c_update(uint32_t crc, const void *buf, size_t len);
uint32_t csum_crc32(const void *buf, size_t len);
uint32_t csum_crc32_update(uint32_t crc, const void *buf, size_t len);
uint64_t csum_crc64(const void *buf, size_t len);
uint64_t csum_crc64_update(uint64_t crc, const void *buf, size_t len);
uint16_t csum_crc16(const void *buf, size_t len);
uint16_t csum_crc16_update(uint16_t crc, const void *buf, size_t len);
/* crc7 is the 7-bit value (0..0x7f), not the SD wire byte (crc << 1 | 1). */
uint8_t csum_crc7(const void *buf, size_t len);
uint8_t csum_crc7_update(uint8_t crc, const void *buf, size_t len);

#endif /* VERIO_INCLUDE_CSUM_H */
