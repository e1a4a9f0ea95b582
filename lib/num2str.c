/*
 * num2str.c - fio-style human-readable numbers for the text reports.
 */
#include "compat.h"

#include "num2str.h"

static unsigned n2s_digits(uint64_t v)
{
	unsigned n = 1;

	while (v >= 10) {
		v /= 10;
		n++;
	}
	return n;
}

static const char *n2s_suffix(enum n2s_unit unit)
{
	switch (unit) {
	case N2S_PERSEC:
		return "/s";
	case N2S_BYTE:
		return "B";
	case N2S_BIT:
		return "bit";
	case N2S_BYTEPERSEC:
		return "B/s";
	case N2S_BITPERSEC:
		return "bit/s";
	case N2S_NONE:
	default:
		return "";
	}
}

/*
 * num.rem/step with dec decimals into buf; false when rounding up adds a
 * digit the width has no room for (99.99 with one decimal is "100").
 */
static bool n2s_decimals(char *buf, size_t size, uint64_t *num, uint64_t rem,
			 uint64_t step, unsigned dec, unsigned maxlen)
{
	uint64_t scale = 1, frac;

	if (dec > 6)		/* rem * scale must not overflow */
		dec = 6;
	for (unsigned i = 0; i < dec; i++)
		scale *= 10;
	frac = (rem * scale + step / 2) / step;
	if (frac >= scale) {	/* 64.999 rounds up to 65.0 */
		(*num)++;
		frac -= scale;
		if (n2s_digits(*num) + 1 + dec > maxlen)
			return false;
	}
	snprintf(buf, size, "%" PRIu64 ".%0*" PRIu64, *num, (int)dec, frac);
	return true;
}

const char *num2str(char *buf, size_t size, uint64_t num, unsigned maxlen,
		    bool pow2, enum n2s_unit unit)
{
	static const char *const si[] = { "", "k", "M", "G", "T", "P", "E" };
	static const char *const iec[] = { "", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei" };
	const char *const *prefix = pow2 ? iec : si;
	const uint64_t step = pow2 ? 1024 : 1000;
	char digits[N2S_BUFSZ];
	uint64_t rem = 0;
	bool divided = false, done = false;
	unsigned idx = 0;

	if (unit == N2S_BIT || unit == N2S_BITPERSEC)
		num *= 8;
	if (maxlen == 0)
		maxlen = 1;

	/* Step down a prefix at a time until the integer part fits. */
	while (idx + 1 < ARRAY_SIZE(si) && n2s_digits(num) > maxlen) {
		rem = num % step;
		num /= step;
		divided = true;
		idx++;
	}

	/* Spend spare digits (less one for the point) on decimals, or round. */
	if (divided && n2s_digits(num) + 1 < maxlen)
		done = n2s_decimals(digits, sizeof(digits), &num, rem, step,
				    maxlen - n2s_digits(num) - 1, maxlen);
	else if (divided && rem >= step / 2)
		num++;
	if (!done)
		snprintf(digits, sizeof(digits), "%" PRIu64, num);
	snprintf(buf, size, "%s%s%s", digits, prefix[idx], n2s_suffix(unit));
	return buf;
}
