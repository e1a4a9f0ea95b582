/*
 * crc.c - the flat CRC functions and their table entry operations.
 *
 * With ISA-L (CONFIG_ISAL) each CRC is one call into ISA-L, which picks
 * its own fastest code (PCLMULQDQ / VPCLMULQDQ folding, the crc32
 * instruction) on first use; without it, the portable slice-by-8 tables.
 *
 * ISA-L's conventions differ per function; here they all become "pass the
 * finished CRC of what came before, 0 at the start":
 *   crc32_iscsi(buf, len, init)  no inversion inside: we invert around it
 *   crc32_gzip_refl(crc, ...)    inverts on entry and exit itself
 *   crc64_ecma_refl(crc, ...)    inverts on entry and exit itself
 *   crc16_t10dif(crc, ...)       no inversion, none needed (init 0)
 */
#include "compat.h"

#ifdef CONFIG_ISAL
#include <isa-l/crc.h>
#include <isa-l/crc64.h>
#endif

#include "csum.h"
#include "csum-priv.h"
#include "le.h"

#ifdef CONFIG_ISAL
/* ISA-L's prototypes take non-const buffers that they only read. */
static inline unsigned char *isal_buf(const void *p)
{
	return (unsigned char *)(uintptr_t)p;
}

#if (defined(__x86_64__) || defined(__i386__)) && defined(CONFIG_BUILTIN_CPU_SUPPORTS)
#include <immintrin.h>

__attribute__((target("avx"))) static void zero_upper(void)
{
	_mm256_zeroupper();
}

/*
 * ISA-L's AVX2 / AVX-512 CRC code returns with the upper halves of the
 * vector registers dirty (no VZEROUPPER: left to the caller, intel/isa-l
 * issue #24).  Legacy-SSE code that runs next then pays for it: the
 * shared libxxhash's XXH3 ran 4x slower here after any ISA-L CRC.  So
 * clean up after every call, on CPUs that have AVX (elsewhere the
 * instruction does not exist, and ISA-L used none).
 */
static inline void isal_done(void)
{
	if (__builtin_cpu_supports("avx"))
		zero_upper();
}
#else
static inline void isal_done(void)
{
}
#endif

/* crc32_iscsi() takes an int length: feed it at most 1 GiB at a time. */
#define ISCSI_CHUNK ((size_t)1 << 30)
#endif

uint32_t csum_crc32c_update(uint32_t crc, const void *buf, size_t len)
{
#ifdef CONFIG_ISAL
	const uint8_t *p = buf;
	unsigned int s = ~crc;

	while (len) {
		size_t n = MIN_OF(len, ISCSI_CHUNK);

		s = crc32_iscsi(isal_buf(p), (int)n, s);
		p += n;
		len -= n;
	}
	isal_done();
	return ~s;
#else
	return crc32c_portable(crc, buf, len);
#endif
}

uint32_t csum_crc32c(const void *buf, size_t len)
{
	return csum_crc32c_update(0, buf, len);
}

uint32_t csum_crc32_update(uint32_t crc, const void *buf, size_t len)
{
#ifdef CONFIG_ISAL
	uint32_t v = crc32_gzip_refl(crc, isal_buf(buf), len);

	isal_done();
	return v;
#else
	return crc32_portable(crc, buf, len);
#endif
}

uint32_t csum_crc32(const void *buf, size_t len)
{
	return csum_crc32_update(0, buf, len);
}

uint64_t csum_crc64_update(uint64_t crc, const void *buf, size_t len)
{
#ifdef CONFIG_ISAL
	uint64_t v = crc64_ecma_refl(crc, isal_buf(buf), len);

	isal_done();
	return v;
#else
	return crc64_portable(crc, buf, len);
#endif
}

uint64_t csum_crc64(const void *buf, size_t len)
{
	return csum_crc64_update(0, buf, len);
}

uint16_t csum_crc16_update(uint16_t crc, const void *buf, size_t len)
{
#ifdef CONFIG_ISAL
	uint16_t v = crc16_t10dif(crc, isal_buf(buf), len);

	isal_done();
	return v;
#else
	return crc16_portable(crc, buf, len);
#endif
}

uint16_t csum_crc16(const void *buf, size_t len)
{
	return csum_crc16_update(0, buf, len);
}

uint8_t csum_crc7_update(uint8_t crc, const void *buf, size_t len)
{
	return crc7_portable(crc, buf, len);
}

uint8_t csum_crc7(const void *buf, size_t len)
{
	return crc7_portable(0, buf, len);
}

const char *crc_isal_impl(void)
{
#ifdef CONFIG_ISAL
	return "isa-l";
#else
	return "table";
#endif
}

const char *crc_table_impl(void)
{
	return "table";
}

/*
 * The table entry operations of one CRC: one-shot, and continued across
 * csum_update() calls in c->crc, with the digest stored little-endian.
 */
#define CRC_OPS(name, type, flat_update, put)                             \
	void name##_compute(struct csum_ctx *c, const void *buf, size_t len, \
			    uint8_t *digest)                                 \
	{                                                                    \
		(void)c;                                                     \
		put(digest, flat_update(0, buf, len));                       \
	}                                                                    \
	void name##_update(struct csum_ctx *c, const void *buf, size_t len)  \
	{                                                                    \
		c->crc = flat_update((type)c->crc, buf, len);                \
	}                                                                    \
	void name##_end(struct csum_ctx *c, uint8_t *digest)                 \
	{                                                                    \
		put(digest, (type)c->crc);                                   \
	}

static inline void put_u8(uint8_t *p, uint8_t v)
{
	p[0] = v;
}

CRC_OPS(crc32c, uint32_t, csum_crc32c_update, put_le32)
CRC_OPS(crc32, uint32_t, csum_crc32_update, put_le32)
CRC_OPS(crc64, uint64_t, csum_crc64_update, put_le64)
CRC_OPS(crc16, uint16_t, csum_crc16_update, put_le16)
CRC_OPS(crc7, uint8_t, csum_crc7_update, put_u8)

/* Every CRC starts from 0 in the "finished CRC so far" convention. */
void crc_begin(struct csum_ctx *c)
{
	c->crc = 0;
}
