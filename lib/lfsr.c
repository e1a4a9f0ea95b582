/*
 * lfsr.c - maximal-length Galois LFSR enumeration of [0, n) (see lfsr.h).
 *
 * The register shifts right; when the bit shifted out is 1 the toggle mask
 * is XORed in.  With mask = (P(x) - 1) / x for a primitive polynomial P of
 * degree w, each step multiplies the state by x^-1 modulo P, whose order is
 * 2^w - 1: every non-zero state comes round exactly once per period.
 */
#include "compat.h"

#include "lfsr.h"

/*
 * Primitive polynomials over GF(2), one per degree, written as toggle
 * masks (bit w-1 is the x^w term; bit i-1 is the x^i term; the constant
 * term is implied).  Trinomials where one exists, else pentanomials.  Each
 * was checked primitive: x^(2^w-1) = 1 mod P and x^((2^w-1)/q) != 1 for
 * every prime q dividing 2^w - 1; widths up to 20 were also run through
 * their full period.
 */
static const uint64_t lfsr_taps[65] = {
	[1] = 0x1ULL,			  /* x + 1 */
	[2] = 0x3ULL,			  /* x^2 + x + 1 */
	[3] = 0x5ULL,			  /* x^3 + x + 1 */
	[4] = 0x9ULL,			  /* x^4 + x + 1 */
	[5] = 0x12ULL,			  /* x^5 + x^2 + 1 */
	[6] = 0x21ULL,			  /* x^6 + x + 1 */
	[7] = 0x41ULL,			  /* x^7 + x + 1 */
	[8] = 0xc3ULL,			  /* x^8 + x^7 + x^2 + x + 1 */
	[9] = 0x108ULL,			  /* x^9 + x^4 + 1 */
	[10] = 0x204ULL,		  /* x^10 + x^3 + 1 */
	[11] = 0x402ULL,		  /* x^11 + x^2 + 1 */
	[12] = 0x883ULL,		  /* x^12 + x^8 + x^2 + x + 1 */
	[13] = 0x1013ULL,		  /* x^13 + x^5 + x^2 + x + 1 */
	[14] = 0x2803ULL,		  /* x^14 + x^12 + x^2 + x + 1 */
	[15] = 0x4001ULL,		  /* x^15 + x + 1 */
	[16] = 0x8805ULL,		  /* x^16 + x^12 + x^3 + x + 1 */
	[17] = 0x10004ULL,		  /* x^17 + x^3 + 1 */
	[18] = 0x20040ULL,		  /* x^18 + x^7 + 1 */
	[19] = 0x40013ULL,		  /* x^19 + x^5 + x^2 + x + 1 */
	[20] = 0x80004ULL,		  /* x^20 + x^3 + 1 */
	[21] = 0x100002ULL,		  /* x^21 + x^2 + 1 */
	[22] = 0x200001ULL,		  /* x^22 + x + 1 */
	[23] = 0x400010ULL,		  /* x^23 + x^5 + 1 */
	[24] = 0x800043ULL,		  /* x^24 + x^7 + x^2 + x + 1 */
	[25] = 0x1000004ULL,		  /* x^25 + x^3 + 1 */
	[26] = 0x2000023ULL,		  /* x^26 + x^6 + x^2 + x + 1 */
	[27] = 0x4000013ULL,		  /* x^27 + x^5 + x^2 + x + 1 */
	[28] = 0x8000004ULL,		  /* x^28 + x^3 + 1 */
	[29] = 0x10000002ULL,		  /* x^29 + x^2 + 1 */
	[30] = 0x20400003ULL,		  /* x^30 + x^23 + x^2 + x + 1 */
	[31] = 0x40000004ULL,		  /* x^31 + x^3 + 1 */
	[32] = 0x80200003ULL,		  /* x^32 + x^22 + x^2 + x + 1 */
	[33] = 0x100001000ULL,		  /* x^33 + x^13 + 1 */
	[34] = 0x204000003ULL,		  /* x^34 + x^27 + x^2 + x + 1 */
	[35] = 0x400000002ULL,		  /* x^35 + x^2 + 1 */
	[36] = 0x800000400ULL,		  /* x^36 + x^11 + 1 */
	[37] = 0x1000000103ULL,		  /* x^37 + x^9 + x^2 + x + 1 */
	[38] = 0x2000001005ULL,		  /* x^38 + x^13 + x^3 + x + 1 */
	[39] = 0x4000000008ULL,		  /* x^39 + x^4 + 1 */
	[40] = 0x8400000003ULL,		  /* x^40 + x^35 + x^2 + x + 1 */
	[41] = 0x10000000004ULL,	  /* x^41 + x^3 + 1 */
	[42] = 0x20010000003ULL,	  /* x^42 + x^29 + x^2 + x + 1 */
	[43] = 0x40000000803ULL,	  /* x^43 + x^12 + x^2 + x + 1 */
	[44] = 0x82000000005ULL,	  /* x^44 + x^38 + x^3 + x + 1 */
	[45] = 0x10000000000dULL,	  /* x^45 + x^4 + x^3 + x + 1 */
	[46] = 0x200000000105ULL,	  /* x^46 + x^9 + x^3 + x + 1 */
	[47] = 0x400000000010ULL,	  /* x^47 + x^5 + 1 */
	[48] = 0x800008000005ULL,	  /* x^48 + x^28 + x^3 + x + 1 */
	[49] = 0x1000000000100ULL,	  /* x^49 + x^9 + 1 */
	[50] = 0x2000000008003ULL,	  /* x^50 + x^16 + x^2 + x + 1 */
	[51] = 0x4000008000003ULL,	  /* x^51 + x^28 + x^2 + x + 1 */
	[52] = 0x8000000000004ULL,	  /* x^52 + x^3 + 1 */
	[53] = 0x10000000000023ULL,	  /* x^53 + x^6 + x^2 + x + 1 */
	[54] = 0x20000000010003ULL,	  /* x^54 + x^17 + x^2 + x + 1 */
	[55] = 0x40000000800000ULL,	  /* x^55 + x^24 + 1 */
	[56] = 0x80020000000003ULL,	  /* x^56 + x^42 + x^2 + x + 1 */
	[57] = 0x100000000000040ULL,	  /* x^57 + x^7 + 1 */
	[58] = 0x200000000040000ULL,	  /* x^58 + x^19 + 1 */
	[59] = 0x400000000800003ULL,	  /* x^59 + x^24 + x^2 + x + 1 */
	[60] = 0x800000000000001ULL,	  /* x^60 + x + 1 */
	[61] = 0x1000000000000013ULL,	  /* x^61 + x^5 + x^2 + x + 1 */
	[62] = 0x2000000008000005ULL,	  /* x^62 + x^28 + x^3 + x + 1 */
	[63] = 0x4000000000000001ULL,	  /* x^63 + x + 1 */
	[64] = 0x8000000000000403ULL,	  /* x^64 + x^11 + x^2 + x + 1 */
};

/* Smallest w with 2^w - 1 >= n, for n >= 1. */
static unsigned lfsr_width(uint64_t n)
{
	unsigned w = 1;

	while (w < 64 && ((1ULL << w) - 1) < n)
		w++;
	return w;
}

/* Period of the register: 2^w - 1. */
static uint64_t lfsr_period(const struct lfsr *l)
{
	return l->width == 64 ? UINT64_MAX : (1ULL << l->width) - 1;
}

int lfsr_init(struct lfsr *l, uint64_t n, uint64_t seed)
{
	if (!n)
		return -EINVAL;
	memset(l, 0, sizeof(*l));
	l->n = n;
	l->width = lfsr_width(n);
	l->taps = lfsr_taps[l->width];
	lfsr_reset(l, seed);
	return 0;
}

void lfsr_reset(struct lfsr *l, uint64_t seed)
{
	/* Any non-zero state is a point on the single cycle. */
	l->state = seed % lfsr_period(l) + 1;
	l->emitted = 0;
}

int lfsr_next(struct lfsr *l, uint64_t *out)
{
	uint64_t v;

	if (l->emitted >= l->n)
		return -ENOENT;
	do {
		v = l->state - 1;
		l->state = (l->state >> 1) ^ (-(l->state & 1) & l->taps);
	} while (v >= l->n);
	l->emitted++;
	*out = v;
	return 0;
}
