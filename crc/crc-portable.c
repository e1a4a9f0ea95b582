/*
 * crc-portable.c - table-driven CRCs in plain C.
 *
 * The reflected CRCs (crc32c, crc32, crc64) and the MSB-first crc16 use
 * slice-by-8: eight 256-entry tables, where table k holds the CRC of a
 * byte followed by k zero bytes, so eight input bytes fold into the
 * register with eight independent lookups.  crc7 uses one byte table.
 *
 * These run where ISA-L is absent, and are always built: the unit tests
 * check ISA-L against them.  The tables are built once, from the bitwise
 * definition, on first use.
 */
#include "compat.h"

#include <pthread.h>

#include "csum-priv.h"
#include "le.h"

/* Polynomials, reflected for the LSB-first CRCs. */
#define CRC32C_POLY_REFL 0x82f63b78u               /* 0x1edc6f41 */
#define CRC32_POLY_REFL  0xedb88320u               /* 0x04c11db7 */
#define CRC64_POLY_REFL  0xc96c5795d7870f42ull     /* 0x42f0e1eba9ea3693 */
#define CRC16_POLY       0x8bb7u                   /* T10-DIF, MSB-first */
#define CRC7_POLY        0x09u                     /* x^7 + x^3 + 1 */

static uint32_t crc32c_tab[8][256];
static uint32_t crc32_tab[8][256];
static uint64_t crc64_tab[8][256];
static uint16_t crc16_tab[8][256];
static uint8_t crc7_tab[256];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void build_refl32(uint32_t t[8][256], uint32_t poly)
{
	for (unsigned n = 0; n < 256; n++) {
		uint32_t c = n;

		for (int b = 0; b < 8; b++)
			c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
		t[0][n] = c;
	}
	for (unsigned k = 1; k < 8; k++)
		for (unsigned n = 0; n < 256; n++)
			t[k][n] = (t[k - 1][n] >> 8) ^ t[0][t[k - 1][n] & 0xff];
}

static void build_refl64(uint64_t t[8][256], uint64_t poly)
{
	for (unsigned n = 0; n < 256; n++) {
		uint64_t c = n;

		for (int b = 0; b < 8; b++)
			c = (c & 1) ? (c >> 1) ^ poly : c >> 1;
		t[0][n] = c;
	}
	for (unsigned k = 1; k < 8; k++)
		for (unsigned n = 0; n < 256; n++)
			t[k][n] = (t[k - 1][n] >> 8) ^ t[0][t[k - 1][n] & 0xff];
}

static void build_crc16(uint16_t t[8][256])
{
	for (unsigned n = 0; n < 256; n++) {
		unsigned c = n << 8;    /* bits above 15 never flow down */

		for (int b = 0; b < 8; b++)
			c = (c & 0x8000u) ? (c << 1) ^ CRC16_POLY : c << 1;
		t[0][n] = (uint16_t)c;
	}
	for (unsigned k = 1; k < 8; k++)
		for (unsigned n = 0; n < 256; n++)
			t[k][n] = (uint16_t)((t[k - 1][n] << 8) ^
					     t[0][t[k - 1][n] >> 8]);
}

/* crc7 keeps its 7-bit register in bits 7..1 of a byte. */
static void build_crc7(uint8_t t[256])
{
	for (unsigned n = 0; n < 256; n++) {
		unsigned c = n;         /* bits above 7 never flow down */

		for (int b = 0; b < 8; b++)
			c = (c & 0x80u) ? (c << 1) ^ (CRC7_POLY << 1) : c << 1;
		t[n] = (uint8_t)c;
	}
}

static void build_tables(void)
{
	build_refl32(crc32c_tab, CRC32C_POLY_REFL);
	build_refl32(crc32_tab, CRC32_POLY_REFL);
	build_refl64(crc64_tab, CRC64_POLY_REFL);
	build_crc16(crc16_tab);
	build_crc7(crc7_tab);
}

static inline void tables_init(void)
{
	pthread_once(&tables_once, build_tables);
}

/* Reflected 32-bit CRC register s over p[0..len), slice-by-8. */
static uint32_t refl32_run(const uint32_t t[8][256], uint32_t s,
			   const uint8_t *p, size_t len)
{
	for (; len >= 8; p += 8, len -= 8) {
		uint32_t lo = get_le32(p) ^ s, hi = get_le32(p + 4);

		s = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^
		    t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
		    t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^
		    t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
	}
	for (; len; p++, len--)
		s = t[0][(s ^ *p) & 0xff] ^ (s >> 8);
	return s;
}

uint32_t crc32c_portable(uint32_t crc, const void *buf, size_t len)
{
	tables_init();
	return ~refl32_run(crc32c_tab, ~crc, buf, len);
}

uint32_t crc32_portable(uint32_t crc, const void *buf, size_t len)
{
	tables_init();
	return ~refl32_run(crc32_tab, ~crc, buf, len);
}

uint64_t crc64_portable(uint64_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint64_t s = ~crc;

	tables_init();
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t x = get_le64(p) ^ s;

		s = crc64_tab[7][x & 0xff] ^ crc64_tab[6][(x >> 8) & 0xff] ^
		    crc64_tab[5][(x >> 16) & 0xff] ^ crc64_tab[4][(x >> 24) & 0xff] ^
		    crc64_tab[3][(x >> 32) & 0xff] ^ crc64_tab[2][(x >> 40) & 0xff] ^
		    crc64_tab[1][(x >> 48) & 0xff] ^ crc64_tab[0][x >> 56];
	}
	for (; len; p++, len--)
		s = crc64_tab[0][(s ^ *p) & 0xff] ^ (s >> 8);
	return ~s;
}

/* T10-DIF: MSB-first, so the register meets the input big-endian. */
uint16_t crc16_portable(uint16_t crc, const void *buf, size_t len)
{
	const uint16_t (*t)[256] = crc16_tab;
	const uint8_t *p = buf;
	uint16_t s = crc;

	tables_init();
	for (; len >= 8; p += 8, len -= 8) {
		uint64_t x = get_be64(p) ^ (uint64_t)s << 48;

		s = t[7][x >> 56] ^ t[6][(x >> 48) & 0xff] ^
		    t[5][(x >> 40) & 0xff] ^ t[4][(x >> 32) & 0xff] ^
		    t[3][(x >> 24) & 0xff] ^ t[2][(x >> 16) & 0xff] ^
		    t[1][(x >> 8) & 0xff] ^ t[0][x & 0xff];
	}
	for (; len; p++, len--)
		s = (uint16_t)((s << 8) ^ t[0][((s >> 8) ^ *p) & 0xff]);
	return s;
}

uint8_t crc7_portable(uint8_t crc, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	uint8_t s = (uint8_t)(crc << 1);

	tables_init();
	for (; len; p++, len--)
		s = crc7_tab[s ^ *p];
	return s >> 1;
}
