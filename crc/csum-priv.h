/*
 * csum-priv.h - what the files of crc/ share, and what the unit tests
 * reach to compare implementations.  Not for use outside crc/ and tests.
 */
#ifndef VERIO_CRC_CSUM_PRIV_H
#define VERIO_CRC_CSUM_PRIV_H

#include <stddef.h>
#include <stdint.h>

struct csum_ctx;

/*
 * The AVX2 / AVX-512 builds of XXH3 exist on x86 with libxxhash; the
 * Makefile compiles crc/xxh3-avx2.c and crc/xxh3-avx512.c with matching -m
 * flags on x86 only.
 */
#if defined(CONFIG_XXHASH) && (defined(__x86_64__) || defined(__i386__))
#define CSUM_XXH3_X86 1
#endif

/*
 * Portable CRCs (crc-portable.c): slice-by-8 tables built once, used when
 * ISA-L is absent, and always compiled so tests can check that ISA-L
 * agrees with them.  Same continuation convention as the csum_crc*_update
 * functions: pass the finished CRC of what came before (0 at the start).
 */
uint32_t crc32c_portable(uint32_t crc, const void *buf, size_t len);
uint32_t crc32_portable(uint32_t crc, const void *buf, size_t len);
uint64_t crc64_portable(uint64_t crc, const void *buf, size_t len);
uint16_t crc16_portable(uint16_t crc, const void *buf, size_t len);
uint8_t crc7_portable(uint8_t crc, const void *buf, size_t len);

/* crc.c: "isa-l" or "table", for the CRCs that ISA-L provides. */
const char *crc_isal_impl(void);
const char *crc_table_impl(void);

/* crc.c: the table entry operations of the CRCs (digest little-endian). */
#define CSUM_DECLARE_CRC_OPS(name)                                          \
	void name##_compute(struct csum_ctx *c, const void *buf, size_t len, \
			    uint8_t *digest);                                \
	void name##_update(struct csum_ctx *c, const void *buf, size_t len); \
	void name##_end(struct csum_ctx *c, uint8_t *digest);
CSUM_DECLARE_CRC_OPS(crc32c)
CSUM_DECLARE_CRC_OPS(crc32)
CSUM_DECLARE_CRC_OPS(crc64)
CSUM_DECLARE_CRC_OPS(crc16)
CSUM_DECLARE_CRC_OPS(crc7)
void crc_begin(struct csum_ctx *c);

/* xxhash.c: the table entry operations of the xxHash family. */
int xxh32_ctx_init(struct csum_ctx *c);
int xxh64_ctx_init(struct csum_ctx *c);
int xxh3_ctx_init(struct csum_ctx *c);
void xxh32_ctx_release(struct csum_ctx *c);
void xxh64_ctx_release(struct csum_ctx *c);
void xxh3_ctx_release(struct csum_ctx *c);
void xxh32_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest);
void xxh64_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest);
void xxh3_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest);
void xxh32_begin(struct csum_ctx *c);
void xxh64_begin(struct csum_ctx *c);
void xxh3_begin(struct csum_ctx *c);
void xxh32_update(struct csum_ctx *c, const void *buf, size_t len);
void xxh64_update(struct csum_ctx *c, const void *buf, size_t len);
void xxh3_update(struct csum_ctx *c, const void *buf, size_t len);
void xxh32_end(struct csum_ctx *c, uint8_t *digest);
void xxh64_end(struct csum_ctx *c, uint8_t *digest);
void xxh3_end(struct csum_ctx *c, uint8_t *digest);
const char *xxh_impl(void);
const char *xxh3_impl(void);
/* xxh3_select() - choose the XXH3 build for this CPU (from csum_init). */
void xxh3_select(void);

/*
 * One build of XXH3_64bits (seed 0, default secret), one-shot and
 * streaming; each build's state is its own.
 */
struct xxh3_ops {
	const char *name;       /* for csum_impl_name() */
	uint64_t (*hash)(const void *buf, size_t len);
	void *(*state_new)(void);               /* NULL: out of memory */
	void (*state_free)(void *st);
	void (*reset)(void *st);
	void (*update)(void *st, const void *buf, size_t len);
	uint64_t (*digest)(void *st);
};

/*
 * XXH3_DEFINE_OPS(sym, label, leave) defines `const struct xxh3_ops sym`
 * over the XXH3 functions in scope where it is expanded: in xxhash.c, the
 * shared library's; in xxh3-avx2.c and xxh3-avx512.c, the header's inline
 * copies built for wider vectors.  One macro, so the builds cannot drift.
 *
 * leave() runs after each call into XXH3.  The vector builds pass one that
 * executes VZEROUPPER: gcc 12 tail-calls XXH3's static long-input routine
 * from the exported function and, the callee being local, emits no
 * VZEROUPPER on that path, so XXH3 returned with the upper vector state
 * dirty, and legacy-SSE code run later in the thread (OpenSSL's SHA-NI
 * SHA-256, the shared libxxhash) slowed down by 15% to 4x.
 */
#define XXH3_DEFINE_OPS(sym, label, leave)                                   \
	static uint64_t sym##_hash(const void *buf, size_t len)              \
	{                                                                    \
		uint64_t h = XXH3_64bits(buf, len);                          \
									     \
		leave();                                                     \
		return h;                                                    \
	}                                                                    \
	static void *sym##_new(void)                                         \
	{                                                                    \
		void *st = XXH3_createState();                               \
									     \
		leave();                                                     \
		return st;                                                   \
	}                                                                    \
	static void sym##_free(void *st)                                     \
	{                                                                    \
		XXH3_freeState(st);                                          \
	}                                                                    \
	static void sym##_reset(void *st)                                    \
	{                                                                    \
		(void)XXH3_64bits_reset(st);                                 \
		leave();                                                     \
	}                                                                    \
	static void sym##_update(void *st, const void *buf, size_t len)      \
	{                                                                    \
		(void)XXH3_64bits_update(st, buf, len);                      \
		leave();                                                     \
	}                                                                    \
	static uint64_t sym##_digest(void *st)                               \
	{                                                                    \
		uint64_t h = XXH3_64bits_digest(st);                         \
									     \
		leave();                                                     \
		return h;                                                    \
	}                                                                    \
	const struct xxh3_ops sym = {                                        \
		.name = label, .hash = sym##_hash, .state_new = sym##_new,   \
		.state_free = sym##_free, .reset = sym##_reset,              \
		.update = sym##_update, .digest = sym##_digest,              \
	}

/* The shared library's build (baseline x86-64: SSE2). */
extern const struct xxh3_ops xxh3_ops_plain;
/* Built for AVX2 / AVX-512: use only when cpu_has_*() (cpu.h) says so. */
extern const struct xxh3_ops xxh3_ops_avx2;
extern const struct xxh3_ops xxh3_ops_avx512;

/* digest.c: the table entry operations of the OpenSSL digests. */
int digest_ctx_init(struct csum_ctx *c);
void digest_ctx_release(struct csum_ctx *c);
void digest_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest);
void digest_begin(struct csum_ctx *c);
void digest_update(struct csum_ctx *c, const void *buf, size_t len);
void digest_end(struct csum_ctx *c, uint8_t *digest);
const char *digest_impl(void);


/* fio-flavours.c: fio's own flavours (verify_format=fio). */
void fio_flavours_init(void);
const char *fio_table_impl(void);
#define CSUM_DECLARE_FIO_CRC(name)                                          \
	void name##_compute(struct csum_ctx *c, const void *buf, size_t len, \
			    uint8_t *digest);                                \
	void name##_update(struct csum_ctx *c, const void *buf, size_t len); \
	void name##_end(struct csum_ctx *c, uint8_t *digest);
CSUM_DECLARE_FIO_CRC(fio_crc32c)
CSUM_DECLARE_FIO_CRC(fio_crc32)
CSUM_DECLARE_FIO_CRC(fio_crc64)
CSUM_DECLARE_FIO_CRC(fio_crc16)
#define CSUM_DECLARE_FIO_HASH(name)                                         \
	int name##_ctx_init(struct csum_ctx *c);                             \
	void name##_ctx_release(struct csum_ctx *c);                         \
	void name##_begin(struct csum_ctx *c);                               \
	CSUM_DECLARE_FIO_CRC(name)
CSUM_DECLARE_FIO_HASH(fio_xxh32)
CSUM_DECLARE_FIO_HASH(fio_sha256)
CSUM_DECLARE_FIO_HASH(fio_sha512)
CSUM_DECLARE_FIO_HASH(fio_sha512b)
void fio_sha1_compute(struct csum_ctx *c, const void *buf, size_t len, uint8_t *digest);
void fio_sha1_end(struct csum_ctx *c, uint8_t *digest);

#endif /* VERIO_CRC_CSUM_PRIV_H */
