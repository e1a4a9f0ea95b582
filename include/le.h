/*
 * le.h - explicit little-endian encoding of on-disk fields (STYLE #12):
 * every byte layout verio writes (unit headers, stamps, state files) goes
 * through these, never through a struct copied to disk. Also the loads
 * that checksums over byte streams need (crc/, lib/fill.c).
 *
 * On a little-endian host each is one unaligned load or store (memcpy):
 * compilers do not always merge byte-wise stores.
 */
#ifndef VERIO_INCLUDE_LE_H
#define VERIO_INCLUDE_LE_H

#include <stdint.h>
#include <string.h>

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define LE_HOST 1
#else
#define LE_HOST 0
#endif

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	if (LE_HOST) {
		memcpy(p, &v, sizeof(v));
		return;
	}
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	if (LE_HOST) {
		memcpy(p, &v, sizeof(v));
		return;
	}
	put_le32(p, (uint32_t)v);
	put_le32(p + 4, (uint32_t)(v >> 32));
}

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get_le32(const uint8_t *p)
{
	uint32_t v;

	if (LE_HOST) {
		memcpy(&v, p, sizeof(v));
		return v;
	}
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 |
	       (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	uint64_t v;

	if (LE_HOST) {
		memcpy(&v, p, sizeof(v));
		return v;
	}
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* Big-endian loads, for the MSB-first CRCs (crc16). */
static inline uint32_t get_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 |
	       (uint32_t)p[3];
}

static inline uint64_t get_be64(const uint8_t *p)
{
	return (uint64_t)get_be32(p) << 32 | get_be32(p + 4);
}

#endif /* VERIO_INCLUDE_LE_H */
