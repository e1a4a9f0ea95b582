/*
 * num2str.h - fio-style human-readable numbers ("10.2k", "64.0MiB",
 * "218Gibit/s") for the text reports and the progress line.
 *
 * The output matches fio's num2str(): divide by 1000 (or 1024) until at
 * most maxlen digits are left, then spend any digits left over on
 * decimals. Users' scripts parse these strings, so the shape is a
 * contract; the code is verio's own.
 */
#ifndef VERIO_INCLUDE_NUM2STR_H
#define VERIO_INCLUDE_NUM2STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the number counts; selects the suffix after the prefix. */
enum n2s_unit {
	N2S_NONE = 0,		/* "10.2k" */
	N2S_PERSEC,		/* "10.2k/s" */
	N2S_BYTE,		/* "64.0MiB" */
	N2S_BIT,		/* bytes shown as bits: "512Mibit" */
	N2S_BYTEPERSEC,		/* "480MiB/s" */
	N2S_BITPERSEC,		/* bytes/s shown as bits/s: "3840Mibit/s" */
};

/* Big enough for any result (20 digits, a point, a prefix, "bit/s"). */
#define N2S_BUFSZ 40

/* fio's default significant_figures: how many digits a report shows. */
#define N2S_SIG_FIGS 4

/*
 * Format num into buf (size bytes, N2S_BUFSZ is always enough) with at
 * most maxlen digits before the unit prefix; pow2 selects IEC prefixes
 * (Ki, Mi: steps of 1024) over SI ones (k, M: steps of 1000). For the
 * *BIT* units num is a byte count and is shown multiplied by 8.
 * Returns buf, so calls can sit in a printf argument list.
 */
const char *num2str(char *buf, size_t size, uint64_t num, unsigned maxlen,
		    bool pow2, enum n2s_unit unit);

#endif /* VERIO_INCLUDE_NUM2STR_H */
