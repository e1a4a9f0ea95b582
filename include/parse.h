/*
 * parse.h - fio-compatible parsing of option values.
 *
 * Every function here is pure: it reads a NUL-terminated string, writes its
 * result through the out pointer(s) and returns 0, or a negative errno and
 * leaves the outputs untouched.  Nothing is printed.
 *
 * Common rules (they follow fio's HOWTO, "Parameter types"):
 *  - Leading and trailing white space is ignored; anything else left over
 *    after a valid value is an error (-EINVAL): "4kx", "12 34", "".
 *  - Numbers are decimal, or hexadecimal with a 0x / 0X prefix.
 *  - Unit suffixes are case-insensitive.
 *  - A value that does not fit the result type gives -ERANGE.
 */
#ifndef VERIO_INCLUDE_PARSE_H
#define VERIO_INCLUDE_PARSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The two kb_base values fio accepts. */
#define KB_BASE_1024 1024u /* default: k/kB = 1024, KiB = 1000 (fio compat) */
#define KB_BASE_1000 1000u /* SI: k/kB = 1000, IEC: KiB = 1024 */

/*
 * parse_size() - a quantity of data in bytes.
 *
 * Grammar: NUMBER [PREFIX ["i"] ["b"]] | NUMBER "b"
 * where PREFIX is one of k m g t p (powers 1..5).  With kb_base=1024 (fio's
 * default, "compatibility mode") k/kb mean 1024 and ki/kib mean 1000; with
 * kb_base=1000 k/kb mean 1000 and ki/kib mean 1024.  "b" alone means bytes.
 * Examples (kb_base 1024): 4k = 4kb = 4KB = 4096, 1mi = 1000000, 0x1000 = 4096.
 *
 * A decimal number may have a fractional part ("1.5g", ".5k"); the result
 * is rounded down to a whole byte.  (fio itself silently truncates "1.5g"
 * to 1 byte; verio takes the evident meaning.)  Hexadecimal numbers take no
 * suffix and no fraction.  Signs are rejected: a size is never negative.
 *
 * kb_base must be 1000 or 1024.
 * Returns 0, -EINVAL (junk, empty, sign, bad kb_base), -ERANGE (> UINT64_MAX).
 */
int parse_size(const char *s, unsigned kb_base, uint64_t *out);

/*
 * parse_uint() - an unsigned integer option.
 *
 * fio parses plain int options with the same routine as sizes, so verio
 * does too: the grammar is parse_size()'s with kb_base 1024, i.e. "1k" is
 * 1024 and "2m" is 2097152.  Options whose unit is not bytes still accept
 * the suffixes; that is fio's behaviour and job files rely on it
 * ("iodepth=1k").  One difference: a fraction must give a whole number
 * ("1.5k" = 1536, but "1.5" is -EINVAL rather than 1).
 * Returns 0, -EINVAL, -ERANGE.
 */
int parse_uint(const char *s, uint64_t *out);

/*
 * parse_int() - a signed integer option: an optional '+' or '-' followed by
 * what parse_uint() accepts.  Range INT64_MIN..INT64_MAX.
 * Returns 0, -EINVAL, -ERANGE.
 */
int parse_int(const char *s, int64_t *out);

/*
 * parse_double() - a finite floating point number in C syntax ("1.5",
 * "-2e3").  "inf", "nan" and hexadecimal floats are rejected.
 * Returns 0, -EINVAL, -ERANGE (overflows a double).
 */
int parse_double(const char *s, double *out);

/*
 * parse_bool() - 1/0, true/false, yes/no, on/off (case-insensitive).
 * NULL or "" mean true: an option given bare ("direct") switches it on.
 * Returns 0 or -EINVAL.
 */
int parse_bool(const char *s, bool *out);

/*
 * parse_time_us() - a duration, in microseconds.
 *
 * Grammar: NUMBER [UNIT], NUMBER decimal with an optional fraction, UNIT one
 * of (case-insensitive)
 *     ns nsec | us usec | ms msec | s sec | m min | h hr | d day
 * As in fio, "m" means minutes, never milli.  Without a unit the number
 * counts default_unit_us microseconds (fio: 1000000, seconds, for runtime,
 * ramp_time and startdelay; 1 for options documented in microseconds).
 * A result with a fraction of a microsecond (e.g. "1500ns", "0.5us") is
 * rounded UP, so a non-zero duration never becomes zero.
 *
 * Returns 0, -EINVAL (junk, sign, unknown unit, default_unit_us == 0),
 * -ERANGE.
 */
int parse_time_us(const char *s, uint64_t default_unit_us, uint64_t *out_us);

/*
 * parse_percent() - "50%" gives 50.0.  The number is a decimal with an
 * optional fraction ("12.5%") and must lie in [0, 100].
 * Returns 0, -EINVAL (no '%', junk), -ERANGE (outside 0..100).
 */
int parse_percent(const char *s, double *out);

/*
 * parse_size_range() - "LO-HI" or "LO:HI", each a parse_size() value, or a
 * single value (lo = hi).  As fio documents for ranges, if LO is larger than
 * HI the two are swapped ("64k-4k" is 4k..64k).
 * Returns 0, -EINVAL, -ERANGE.
 */
int parse_size_range(const char *s, unsigned kb_base, uint64_t *lo, uint64_t *hi);

/*
 * split_list() - split s on sep into a newly allocated array of newly
 * allocated strings.  Empty items are kept: ",8k" with ',' gives "" and "8k";
 * "" gives one empty item; n separators always give n + 1 items.
 * With escapes, "\<sep>" yields a literal sep and "\\" one backslash; any
 * other backslash is kept as it is (fio's filename=F\:\dir gives "F:\dir").
 * No white space is stripped.
 * Free the result with free_list().
 * Returns 0, -EINVAL (s, items or nr NULL), -ENOMEM.
 */
int split_list(const char *s, char sep, bool escapes, char ***items, size_t *nr);

/* free_list() - free what split_list() returned; items may be NULL. */
void free_list(char **items, size_t nr);

/* bssplit: one block size and its share, in whole percent, of the I/Os. */
struct bssplit {
	uint64_t bs;
	uint32_t perc;
};

#define BSSPLIT_MAX 64 /* fio allows up to 64 entries per direction */

/*
 * parse_bssplit() - one direction of fio's bssplit option:
 *     SIZE/PERC:SIZE/PERC:...   e.g. "4k/50:64k/40:1m/10"
 * An entry whose percentage is empty or absent ("1k/" or "1k") gets an equal
 * share of what the explicit percentages leave; when the remainder does not
 * divide evenly, the first such entries (in input order) get one percent
 * more, so the total is always exactly 100.  The explicit percentages must
 * sum to 100, or to at most 100 when some are left blank; SIZE must be
 * non-zero.  Ranges are not accepted as SIZE (fio does not either).
 * The result, sorted by bs ascending (stable), is allocated: free() it.
 * Returns 0, -EINVAL, -ERANGE, -E2BIG (more than BSSPLIT_MAX entries),
 * -ENOMEM.
 */
int parse_bssplit(const char *s, unsigned kb_base, struct bssplit **out, size_t *nr);

/*
 * parse_pattern() - fio's buffer_pattern / verify_pattern syntax: a
 * concatenation, with no separator, of
 *   0xHEX     bytes in the order written, most significant first:
 *             0xdeadbeef -> de ad be ef; an odd digit count puts the lone
 *             nibble first: 0xabc -> 0a bc; "0xff0x14" is ff then 14.
 *   DECIMAL   optional sign, value in [INT32_MIN, INT32_MAX], stored as the
 *             fewest bytes of its 32-bit two's complement form, little-endian:
 *             66 -> 42, 256 -> 00 01, -1024 -> 00 fc ff ff, 0 -> 00.
 *             A decimal stops before a following "0x": -100xab = -10, 0xab.
 *   "TEXT"    the bytes between double quotes (no escapes).
 *   'FILE'    the bytes of a file, all of them (-ENOSPC if they do not fit).
 *   %o        the block offset, filled in per block: 8 zero bytes here,
 *             their position reported (parse_pattern_ex only).
 * Writes the bytes to buf (capacity cap) and their number to *len.
 * Returns 0, -EINVAL (empty, junk, unterminated quote, empty string),
 * -ERANGE (decimal outside int32), -ENOSPC (more than cap bytes), -ENOENT
 * or another -errno (the file cannot be read), -ENOTSUP (%o, from
 * parse_pattern, or more %o than ofs_cap).
 */
int parse_pattern(const char *s, uint8_t *buf, size_t cap, size_t *len);

/* Also takes %o: the byte positions of the offsets go to ofs[0..*nr_ofs). */
int parse_pattern_ex(const char *s, uint8_t *buf, size_t cap, size_t *len,
		     uint32_t *ofs, size_t ofs_cap, size_t *nr_ofs);

/*
 * parse_pattern_alloc() - parse_pattern_ex() into a buffer it allocates,
 * as large as the pattern and at most max bytes (-ENOSPC beyond).  On
 * success *out holds *len bytes: free() it.  -ENOMEM as well.
 */
int parse_pattern_alloc(const char *s, size_t max, uint8_t **out, size_t *len,
			uint32_t *ofs, size_t ofs_cap, size_t *nr_ofs);

/*
 * edit_distance() - Levenshtein distance between a and b, ignoring ASCII
 * case; for "did you mean" suggestions.  NULL counts as "".
 */
unsigned edit_distance(const char *a, const char *b);

#endif /* VERIO_INCLUDE_PARSE_H */
