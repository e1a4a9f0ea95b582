/*
 * parse.c - fio-compatible parsing of option values (see parse.h).
 *
 * Numbers are scanned once into an integer part and a fractional part kept
 * as decimal digits, then scaled by the unit with 128-bit arithmetic, so
 * "1.5g" or "0.25s" are exact and overflow is detected, never wrapped.
 */
#include "compat.h"

#include <ctype.h>
#include <fcntl.h>
#include <math.h>
#include <strings.h>

#include "fdio.h"
#include "parse.h"

typedef unsigned __int128 u128;

/* Fraction digits kept; later digits are only checked for being zero. */
#define FRAC_DIGITS_MAX 18

/* A scanned unsigned number: ip + frac / 10^fdig (decimal) or ip (hex). */
struct num {
	uint64_t ip;
	uint64_t frac;
	uint64_t frac_scale; /* 10^fdig */
	bool hex;
	bool lost_digits; /* non-zero fraction digits beyond FRAC_DIGITS_MAX */
};

/* A value being scaled: whole part and whether a remainder was dropped. */
struct scaled {
	u128 whole;
	bool inexact;
};

static bool is_blank(char c)
{
	return isspace((unsigned char)c) != 0;
}

/* Narrow [*p, *e) to exclude leading and trailing white space. */
static void trim(const char **p, const char **e)
{
	while (*p < *e && is_blank(**p))
		(*p)++;
	while (*e > *p && is_blank((*e)[-1]))
		(*e)--;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = (char)tolower((unsigned char)c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

static bool has_hex_prefix(const char *p, const char *e)
{
	return e - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
}

static int scan_hex(const char **pp, const char *e, struct num *n)
{
	const char *p = *pp + 2;
	const char *start = p;
	int d;

	n->hex = true;
	for (; p < e && (d = hex_digit(*p)) >= 0; p++) {
		if (n->ip >> 60)
			return -ERANGE;
		n->ip = (n->ip << 4) | (uint64_t)d;
	}
	if (p == start)
		return -EINVAL;
	*pp = p;
	return 0;
}

static int scan_fraction(const char **pp, const char *e, struct num *n)
{
	const char *p = *pp;
	unsigned kept = 0;

	for (; p < e && isdigit((unsigned char)*p); p++) {
		if (kept < FRAC_DIGITS_MAX) {
			n->frac = n->frac * 10 + (uint64_t)(*p - '0');
			n->frac_scale *= 10;
			kept++;
		} else if (*p != '0') {
			n->lost_digits = true;
		}
	}
	*pp = p;
	return 0;
}

/*
 * Scan an unsigned number at *pp (no sign): 0xHEX, or DIGITS[.DIGITS] with
 * at least one digit overall (".5" and "5." are fine, "." is not).  When
 * allow_frac is false a '.' ends the number.  Advances *pp past it.
 */
static int scan_num(const char **pp, const char *e, bool allow_frac, struct num *n)
{
	const char *p = *pp;
	bool digits = false;

	memset(n, 0, sizeof(*n));
	n->frac_scale = 1;
	if (has_hex_prefix(p, e))
		return scan_hex(pp, e, n);

	for (; p < e && isdigit((unsigned char)*p); p++) {
		unsigned d = (unsigned)(*p - '0');

		if (n->ip > (UINT64_MAX - d) / 10)
			return -ERANGE;
		n->ip = n->ip * 10 + d;
		digits = true;
	}
	if (allow_frac && p < e && *p == '.') {
		const char *f = ++p;

		scan_fraction(&p, e, n);
		digits = digits || p > f;
	}
	if (!digits)
		return -EINVAL;
	*pp = p;
	return 0;
}

/*
 * n * mul / div, rounded down, noting whether anything was dropped.
 * With ip * mul = qd * div + r1 and frac * mul = qf * fdiv + r2, where
 * fdiv = 10^fdig * div, the value is qd + qf + (r1 * 10^fdig + r2) / fdiv.
 */
static int scale_num(const struct num *n, u128 mul, u128 div, struct scaled *out)
{
	const u128 limit = (u128)1 << 100; /* far above any valid result */
	u128 whole, fpart, fdiv, rem;

	if (n->ip && mul > limit / n->ip)
		return -ERANGE;
	/* frac < 2^60: keep frac * mul below 2^127 */
	if (n->frac && mul >= (u128)1 << 67)
		return -ERANGE;
	whole = (u128)n->ip * mul;
	fpart = (u128)n->frac * mul;
	fdiv = (u128)n->frac_scale * div;
	rem = (whole % div) * n->frac_scale + fpart % fdiv;
	out->whole = whole / div + fpart / fdiv + rem / fdiv;
	out->inexact = n->lost_digits || (rem % fdiv) != 0;
	return 0;
}

static unsigned long long upow(unsigned base, unsigned exp)
{
	unsigned long long r = 1;

	while (exp--)
		r *= base;
	return r;
}

/* Byte multiplier of a size suffix [p, e), or 0 if it is not one. */
static uint64_t size_suffix_mult(const char *p, const char *e, unsigned kb_base)
{
	static const char prefixes[] = "kmgtp";
	const char *pos;
	bool iec = false;
	unsigned base;

	if (p == e)
		return 1;
	if (e - p == 1 && tolower((unsigned char)*p) == 'b')
		return 1;
	pos = strchr(prefixes, tolower((unsigned char)*p));
	if (!pos || !*pos)
		return 0;
	p++;
	if (p < e && tolower((unsigned char)*p) == 'i') {
		iec = true;
		p++;
	}
	if (p < e && tolower((unsigned char)*p) == 'b')
		p++;
	if (p != e)
		return 0;
	/* kb_base 1024 is fio's "compatibility mode": the prefixes swap. */
	if (kb_base == KB_BASE_1024)
		base = iec ? 1000 : 1024;
	else
		base = iec ? 1024 : 1000;
	return upow(base, (unsigned)(pos - prefixes) + 1);
}

/*
 * Parse an unsigned size in [p, e) (already trimmed).  If exact, a result
 * with a fractional byte is -EINVAL; otherwise it is rounded down.
 */
static int size_in_range(const char *p, const char *e, unsigned kb_base,
			 bool exact, uint64_t *out)
{
	struct scaled v;
	struct num n;
	uint64_t mult;
	int ret;

	if (kb_base != KB_BASE_1000 && kb_base != KB_BASE_1024)
		return -EINVAL;
	ret = scan_num(&p, e, true, &n);
	if (ret)
		return ret;
	if (n.hex) {
		if (p != e)
			return -EINVAL;
		*out = n.ip;
		return 0;
	}
	mult = size_suffix_mult(p, e, kb_base);
	if (!mult)
		return -EINVAL;
	ret = scale_num(&n, mult, 1, &v);
	if (ret)
		return ret;
	if (v.whole > UINT64_MAX)
		return -ERANGE;
	if (exact && v.inexact)
		return -EINVAL;
	*out = (uint64_t)v.whole;
	return 0;
}

int parse_size(const char *s, unsigned kb_base, uint64_t *out)
{
	const char *e;

	if (!s || !out)
		return -EINVAL;
	e = s + strlen(s);
	trim(&s, &e);
	return size_in_range(s, e, kb_base, false, out);
}

int parse_uint(const char *s, uint64_t *out)
{
	const char *e;

	if (!s || !out)
		return -EINVAL;
	e = s + strlen(s);
	trim(&s, &e);
	return size_in_range(s, e, KB_BASE_1024, true, out);
}

int parse_int(const char *s, int64_t *out)
{
	const char *e;
	bool neg = false;
	uint64_t mag;
	int ret;

	if (!s || !out)
		return -EINVAL;
	e = s + strlen(s);
	trim(&s, &e);
	if (s < e && (*s == '-' || *s == '+')) {
		neg = *s == '-';
		s++;
	}
	ret = size_in_range(s, e, KB_BASE_1024, true, &mag);
	if (ret)
		return ret;
	if (neg) {
		if (mag > (uint64_t)INT64_MAX + 1)
			return -ERANGE;
		*out = mag ? -(int64_t)(mag - 1) - 1 : 0;
	} else {
		if (mag > (uint64_t)INT64_MAX)
			return -ERANGE;
		*out = (int64_t)mag;
	}
	return 0;
}

int parse_double(const char *s, double *out)
{
	const char *p, *e;
	char *end;
	double v;

	if (!s || !out)
		return -EINVAL;
	p = s;
	e = s + strlen(s);
	trim(&p, &e);
	if (p == e)
		return -EINVAL;
	/* Only plain decimal syntax: no inf/nan, no hex floats. */
	for (const char *q = p; q < e; q++) {
		if (!strchr("0123456789+-.eE", *q))
			return -EINVAL;
	}
	errno = 0;
	v = strtod(p, &end);
	if (end != e)
		return -EINVAL;
	if (errno == ERANGE && (v == HUGE_VAL || v == -HUGE_VAL))
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_bool(const char *s, bool *out)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	const char *e;
	uint64_t v;
	size_t i, len;

	if (!out)
		return -EINVAL;
	if (!s || !*s) {
		*out = true;
		return 0;
	}
	e = s + strlen(s);
	trim(&s, &e);
	len = (size_t)(e - s);
	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (len == strlen(yes[i]) && !strncasecmp(s, yes[i], len)) {
			*out = true;
			return 0;
		}
		if (len == strlen(no[i]) && !strncasecmp(s, no[i], len)) {
			*out = false;
			return 0;
		}
	}
	if (len == 0 || size_in_range(s, e, KB_BASE_1024, true, &v) || v > 1)
		return -EINVAL;
	*out = v == 1;
	return 0;
}

/* Nanoseconds per time unit; "m" is minutes as in fio. */
static const struct time_unit {
	const char *name;
	uint64_t ns;
} time_units[] = {
	{ "ns", 1 },
	{ "nsec", 1 },
	{ "us", 1000 },
	{ "usec", 1000 },
	{ "ms", 1000000 },
	{ "msec", 1000000 },
	{ "s", 1000000000ULL },
	{ "sec", 1000000000ULL },
	{ "m", 60ULL * 1000000000ULL },
	{ "min", 60ULL * 1000000000ULL },
	{ "h", 3600ULL * 1000000000ULL },
	{ "hr", 3600ULL * 1000000000ULL },
	{ "d", 86400ULL * 1000000000ULL },
	{ "day", 86400ULL * 1000000000ULL },
};

static int time_unit_ns(const char *p, const char *e, u128 *ns)
{
	size_t len = (size_t)(e - p);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(time_units); i++) {
		if (len == strlen(time_units[i].name) &&
		    !strncasecmp(p, time_units[i].name, len)) {
			*ns = time_units[i].ns;
			return 0;
		}
	}
	return -EINVAL;
}

int parse_time_us(const char *s, uint64_t default_unit_us, uint64_t *out_us)
{
	struct scaled v;
	const char *e;
	struct num n;
	u128 unit_ns;
	int ret;

	if (!s || !out_us || !default_unit_us)
		return -EINVAL;
	e = s + strlen(s);
	trim(&s, &e);
	if (has_hex_prefix(s, e))
		return -EINVAL;
	ret = scan_num(&s, e, true, &n);
	if (ret)
		return ret;
	if (s == e)
		unit_ns = (u128)default_unit_us * 1000;
	else if (time_unit_ns(s, e, &unit_ns))
		return -EINVAL;
	ret = scale_num(&n, unit_ns, 1000, &v);
	if (ret)
		return ret;
	if (v.inexact)
		v.whole++; /* round up: a non-zero time never becomes zero */
	if (v.whole > UINT64_MAX)
		return -ERANGE;
	*out_us = (uint64_t)v.whole;
	return 0;
}

int parse_percent(const char *s, double *out)
{
	const char *p, *e, *f;
	struct num n;
	int ret;

	if (!s || !out)
		return -EINVAL;
	p = s;
	e = s + strlen(s);
	trim(&p, &e);
	if (p == e || e[-1] != '%')
		return -EINVAL;
	e--;
	if (has_hex_prefix(p, e))
		return -EINVAL;
	f = p;
	ret = scan_num(&f, e, true, &n);
	if (ret == -ERANGE)
		return -ERANGE;
	if (ret || f != e)
		return -EINVAL;
	{
		double v = (double)n.ip + (double)n.frac / (double)n.frac_scale;

		if (v > 100.0)
			return -ERANGE;
		*out = v;
	}
	return 0;
}

int parse_size_range(const char *s, unsigned kb_base, uint64_t *lo, uint64_t *hi)
{
	const char *p, *e, *sep;
	uint64_t a, b;
	int ret;

	if (!s || !lo || !hi)
		return -EINVAL;
	p = s;
	e = s + strlen(s);
	sep = strchr(p, '-');
	if (!sep)
		sep = strchr(p, ':');
	if (!sep) {
		ret = parse_size(s, kb_base, &a);
		if (ret)
			return ret;
		*lo = *hi = a;
		return 0;
	}
	{
		const char *ae = sep, *bp = sep + 1;

		trim(&p, &ae);
		trim(&bp, &e);
		ret = size_in_range(p, ae, kb_base, false, &a);
		if (!ret)
			ret = size_in_range(bp, e, kb_base, false, &b);
	}
	if (ret)
		return ret;
	/* fio: "if the lower value is larger than the upper, they are swapped" */
	*lo = a < b ? a : b;
	*hi = a < b ? b : a;
	return 0;
}

/* Length of the item starting at p, and its length once unescaped. */
static const char *item_end(const char *p, char sep, bool escapes, size_t *outlen)
{
	size_t len = 0;

	while (*p && *p != sep) {
		if (escapes && p[0] == '\\' && (p[1] == sep || p[1] == '\\'))
			p++;
		p++;
		len++;
	}
	*outlen = len;
	return p;
}

static void copy_item(char *dst, const char *p, const char *end, char sep, bool escapes)
{
	while (p < end) {
		if (escapes && p[0] == '\\' && (p[1] == sep || p[1] == '\\'))
			p++;
		*dst++ = *p++;
	}
	*dst = '\0';
}

int split_list(const char *s, char sep, bool escapes, char ***items, size_t *nr)
{
	const char *p;
	char **v;
	size_t n = 0, i, len;

	if (!s || !items || !nr || sep == '\0')
		return -EINVAL;
	if (sep == '\\')
		escapes = false;
	for (p = s;; p++) {
		p = item_end(p, sep, escapes, &len);
		n++;
		if (!*p)
			break;
	}
	v = calloc(n, sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (p = s, i = 0; i < n; i++) {
		const char *end = item_end(p, sep, escapes, &len);

		v[i] = malloc(len + 1);
		if (!v[i]) {
			free_list(v, i);
			return -ENOMEM;
		}
		copy_item(v[i], p, end, sep, escapes);
		p = end + 1;
	}
	*items = v;
	*nr = n;
	return 0;
}

void free_list(char **items, size_t nr)
{
	size_t i;

	if (!items)
		return;
	for (i = 0; i < nr; i++)
		free(items[i]);
	free(items);
}

/* Parse "SIZE[/[PERC]]"; *blank is set when the percentage is missing. */
static int bssplit_entry(const char *item, unsigned kb_base, struct bssplit *b,
			 bool *blank)
{
	const char *slash = strchr(item, '/');
	const char *se = slash ? slash : item + strlen(item);
	const char *p = item;
	uint64_t perc;
	int ret;

	trim(&p, &se);
	ret = size_in_range(p, se, kb_base, false, &b->bs);
	if (ret)
		return ret;
	if (!b->bs)
		return -EINVAL;
	*blank = true;
	b->perc = 0;
	if (!slash)
		return 0;
	p = slash + 1;
	se = p + strlen(p);
	trim(&p, &se);
	if (p == se)
		return 0;
	for (const char *q = p; q < se; q++) {
		if (!isdigit((unsigned char)*q))
			return -EINVAL;
	}
	if (size_in_range(p, se, KB_BASE_1024, true, &perc) || perc > 100)
		return -EINVAL;
	b->perc = (uint32_t)perc;
	*blank = false;
	return 0;
}

/* Give blank entries equal shares of what is left of 100 %. */
static int bssplit_fill(struct bssplit *v, const bool *blank, size_t n)
{
	unsigned sum = 0, nblank = 0, share, extra;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += v[i].perc;
		nblank += blank[i];
	}
	if (sum > 100 || (!nblank && sum != 100))
		return -EINVAL;
	if (!nblank)
		return 0;
	share = (100 - sum) / nblank;
	extra = (100 - sum) % nblank;
	for (i = 0; i < n; i++) {
		if (!blank[i])
			continue;
		v[i].perc = share + (extra ? 1 : 0);
		if (extra)
			extra--;
	}
	return 0;
}

/* Stable insertion sort by block size; n <= BSSPLIT_MAX. */
static void bssplit_sort(struct bssplit *v, size_t n)
{
	size_t i, j;

	for (i = 1; i < n; i++) {
		struct bssplit x = v[i];

		for (j = i; j > 0 && v[j - 1].bs > x.bs; j--)
			v[j] = v[j - 1];
		v[j] = x;
	}
}

int parse_bssplit(const char *s, unsigned kb_base, struct bssplit **out, size_t *nr)
{
	bool blank[BSSPLIT_MAX];
	struct bssplit *v = NULL;
	char **items;
	size_t n, i;
	int ret;

	if (!s || !out || !nr)
		return -EINVAL;
	ret = split_list(s, ':', false, &items, &n);
	if (ret)
		return ret;
	if (n > BSSPLIT_MAX) {
		ret = -E2BIG;
		goto out;
	}
	v = calloc(n, sizeof(*v));
	if (!v) {
		ret = -ENOMEM;
		goto out;
	}
	for (i = 0; i < n && !ret; i++)
		ret = bssplit_entry(items[i], kb_base, &v[i], &blank[i]);
	if (!ret)
		ret = bssplit_fill(v, blank, n);
	if (!ret) {
		bssplit_sort(v, n);
		*out = v;
		*nr = n;
		v = NULL;
	}
out:
	free(v);
	free_list(items, n);
	return ret;
}

/* Store a decimal in [INT32_MIN, INT32_MAX] as fio does: LE, fewest bytes. */
static int pattern_decimal(const char **pp, uint8_t *buf, size_t cap, size_t *len)
{
	const char *p = *pp;
	bool neg = false;
	uint64_t mag = 0;
	uint32_t u;
	bool any = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	/* Digits, but stop before a "0x" that starts the next hex token. */
	for (; isdigit((unsigned char)*p); p++) {
		if (any && p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			break;
		mag = mag * 10 + (uint64_t)(*p - '0');
		if (mag > (uint64_t)INT32_MAX + 1)
			return -ERANGE;
		any = true;
	}
	if (!any)
		return -EINVAL;
	if (!neg && mag > INT32_MAX)
		return -ERANGE;
	u = neg ? (uint32_t)(0u - (uint32_t)mag) : (uint32_t)mag;
	do {
		if (*len >= cap)
			return -ENOSPC;
		buf[(*len)++] = (uint8_t)(u & 0xff);
		u >>= 8;
	} while (u);
	*pp = p;
	return 0;
}

static int pattern_hex(const char **pp, uint8_t *buf, size_t cap, size_t *len)
{
	const char *p = *pp + 2;
	const char *end = p;
	size_t ndig;

	while (hex_digit(*end) >= 0)
		end++;
	/* "0xff0x14": the '0' before the next 'x' starts the next token. */
	if (end - p > 1 && end[-1] == '0' && (*end == 'x' || *end == 'X'))
		end--;
	ndig = (size_t)(end - p);
	if (!ndig)
		return -EINVAL;
	if (cap - *len < (ndig + 1) / 2)
		return -ENOSPC;
	if (ndig & 1)
		buf[(*len)++] = (uint8_t)hex_digit(*p++);
	for (; p < end; p += 2)
		buf[(*len)++] = (uint8_t)(hex_digit(p[0]) << 4 | hex_digit(p[1]));
	*pp = end;
	return 0;
}

static int pattern_string(const char **pp, uint8_t *buf, size_t cap, size_t *len)
{
	const char *p = *pp + 1;
	const char *q = strchr(p, '"');
	size_t n;

	if (!q || q == p)
		return -EINVAL;
	n = (size_t)(q - p);
	if (cap - *len < n)
		return -ENOSPC;
	memcpy(buf + *len, p, n);
	*len += n;
	*pp = q + 1;
	return 0;
}

/*
 * 'FILE': the file's bytes, all of them: a file longer than the room
 * left is -ENOSPC (never cut short), an empty one -EINVAL.
 */
static int pattern_file(const char **pp, uint8_t *buf, size_t cap, size_t *len)
{
	const char *p = *pp + 1, *q = strchr(p, '\'');
	char path[4096];
	uint8_t more;
	ssize_t n, m = 0;
	int fd;

	if (!q || q == p || (size_t)(q - p) >= sizeof(path))
		return -EINVAL;
	memcpy(path, p, (size_t)(q - p));
	path[q - p] = '\0';
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -errno;
	n = read_full(fd, buf + *len, cap - *len, NULL);
	if (n >= 0 && (size_t)n == cap - *len)
		m = read_full(fd, &more, 1, NULL);
	close(fd);
	if (n < 0)
		return (int)n;
	if (m < 0)
		return (int)m;
	if (m > 0)
		return -ENOSPC;
	if (!n)
		return -EINVAL;
	*len += (size_t)n;
	*pp = q + 1;
	return 0;
}

int parse_pattern(const char *s, uint8_t *buf, size_t cap, size_t *len)
{
	return parse_pattern_ex(s, buf, cap, len, NULL, 0, NULL);
}

/* %o: 8 bytes of room for the offset, and where they are. */
static int pattern_offset(const char **pp, uint8_t *buf, size_t cap, size_t *len,
			  uint32_t *ofs, size_t ofs_cap, size_t *nr_ofs)
{
	if ((*pp)[1] != 'o')
		return -EINVAL;
	if (!ofs || *nr_ofs >= ofs_cap)
		return -ENOTSUP;
	if (cap - *len < 8)
		return -ENOSPC;
	ofs[(*nr_ofs)++] = (uint32_t)*len;
	memset(buf + *len, 0, 8);
	*len += 8;
	*pp += 2;
	return 0;
}

int parse_pattern_ex(const char *s, uint8_t *buf, size_t cap, size_t *len,
		     uint32_t *ofs, size_t ofs_cap, size_t *nr_ofs)
{
	const char *p, *e;
	size_t n = 0, no = 0;
	int ret;

	if (!s || !buf || !len)
		return -EINVAL;
	p = s;
	e = s + strlen(s);
	trim(&p, &e);
	if (p == e)
		return -EINVAL;
	while (p < e) {
		if (*p == '%')
			ret = pattern_offset(&p, buf, cap, &n, ofs, ofs_cap, &no);
		else if (*p == '\'')
			ret = pattern_file(&p, buf, cap, &n);
		else if (*p == '"')
			ret = pattern_string(&p, buf, cap, &n);
		else if (has_hex_prefix(p, e))
			ret = pattern_hex(&p, buf, cap, &n);
		else
			ret = pattern_decimal(&p, buf, cap, &n);
		if (ret)
			return ret;
	}
	*len = n;
	if (nr_ofs)
		*nr_ofs = no;
	return 0;
}

int parse_pattern_alloc(const char *s, size_t max, uint8_t **out, size_t *len,
			uint32_t *ofs, size_t ofs_cap, size_t *nr_ofs)
{
	size_t cap = 512 < max ? 512 : max;
	uint8_t *buf = NULL;
	int ret;

	if (!out || !len)
		return -EINVAL;
	for (;;) {
		uint8_t *nb = realloc(buf, cap ? cap : 1);

		if (!nb) {
			free(buf);
			return -ENOMEM;
		}
		buf = nb;
		ret = parse_pattern_ex(s, buf, cap, len, ofs, ofs_cap, nr_ofs);
		if (ret != -ENOSPC || cap == max)
			break;
		cap = cap > max / 4 ? max : cap * 4;
	}
	if (ret) {
		free(buf);
		return ret;
	}
	*out = realloc(buf, *len);	/* shrink to fit; keep buf if it cannot */
	if (!*out)
		*out = buf;
	return 0;
}

unsigned edit_distance(const char *a, const char *b)
{
	unsigned stackrow[64];
	unsigned *row = stackrow;
	size_t la, lb, i, j;
	unsigned ret;

	a = a ? a : "";
	b = b ? b : "";
	la = strlen(a);
	lb = strlen(b);
	if (lb + 1 > ARRAY_SIZE(stackrow)) {
		row = malloc((lb + 1) * sizeof(*row));
		if (!row) /* an upper bound is still a usable answer */
			return (unsigned)(la > lb ? la : lb);
	}
	for (j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (i = 1; i <= la; i++) {
		unsigned diag = row[0];
		int ca = tolower((unsigned char)a[i - 1]);

		row[0] = (unsigned)i;
		for (j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned cost = ca != tolower((unsigned char)b[j - 1]);
			unsigned best = diag + cost;

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	ret = row[lb];
	if (row != stackrow)
		free(row);
	return ret;
}
