/*
 * optparse.c - parse a value of any option_def into its base struct, and
 * the other table-generic operations (defaults, copy, release, help,
 * self-check). See optparse.h.
 */
#include "compat.h"

#include <ctype.h>
#include <limits.h>
#include <stdarg.h>

#include "config/optparse.h"
#include "parse.h"

/* ---- messages ---------------------------------------------------------- */

int optdef_err(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

#define EXPECT_SIZE "expected a size such as 4k, 1m, 0x1000"
#define EXPECT_UINT "expected a whole number such as 8"
#define EXPECT_BOOL "expected 1 or 0"
#define EXPECT_TIME "expected a time such as 30 (seconds), 500ms, 2m"
#define EXPECT_PCT  "expected a size such as 4k, 1m, or a percentage such as 50%%"

static const char *const type_names[OPT_TYPE_MAX] = {
	[OPT_STR] = "string",
	[OPT_BOOL] = "boolean (1 or 0; the bare name means 1)",
	[OPT_UINT] = "whole number (k, m, g suffixes allowed)",
	[OPT_SIZE] = "size in bytes (4k, 1m, 0x1000; see kb_base)",
	[OPT_SIZE_PCT] = "size in bytes, or a percentage of the target (50%)",
	[OPT_SIZE_RANGE] = "size, or a range of sizes LO-HI (LO:HI)",
	[OPT_TIME] = "time (plain numbers are seconds; us, ms, s, m, h, d suffixes)",
	[OPT_ENUM] = "one of the values below",
	[OPT_FLOAT] = "number",
	[OPT_BS_LIST] = "size, or read,write sizes (bs=4k,64k; bs=,64k sets writes only)",
	[OPT_BS_RANGE] = "size range LO-HI, or read,write ranges (1k-4k,2k-8k)",
	[OPT_BSSPLIT] = "SIZE/PERCENT:SIZE/PERCENT..., or read,write lists separated by ','",
	[OPT_FLOAT_LIST] = "numbers separated by ':'",
	[OPT_PATTERN] = "byte pattern: 0xHEX, \"text\", a decimal number, or a mix of them",
};

const char *optdef_type_name(enum opt_type type)
{
	return (unsigned)type < OPT_TYPE_MAX ? type_names[type] : NULL;
}

/* ---- storing into fields ------------------------------------------------- */

void *optdef_field(void *o, size_t off)
{
	return (char *)o + off;
}

static uint64_t field_max(size_t size)
{
	return size == sizeof(uint64_t) ? UINT64_MAX :
	       size == sizeof(unsigned) ? UINT_MAX : 1;
}

void optdef_store_uint(void *p, size_t size, uint64_t v)
{
	if (size == sizeof(uint64_t))
		*(uint64_t *)p = v;
	else if (size == sizeof(unsigned))
		*(unsigned *)p = (unsigned)v;
	else
		*(bool *)p = v != 0;
}

static uint64_t load_uint(const void *p, size_t size)
{
	if (size == sizeof(uint64_t))
		return *(const uint64_t *)p;
	if (size == sizeof(unsigned))
		return *(const unsigned *)p;
	return *(const bool *)p;
}

/* ---- generic parsers, one per type --------------------------------------- */

static int get_size(const struct option_def *d, unsigned kb,
		    const char *v, uint64_t *out, char *err, size_t len)
{
	int ret = parse_size(v, kb, out);

	if (ret == -ERANGE)
		return optdef_err(err, len, "size '%s' is too large", v);
	if (ret)
		return optdef_err(err, len, "invalid size '%s' (" EXPECT_SIZE ")", v);
	if (d->min && *out < d->min)
		return optdef_err(err, len, "size '%s' is too small (at least %" PRIu64 ")",
			   v, d->min);
	return 0;
}

int optdef_get_uint(const struct option_def *d, size_t size, const char *v,
		    uint64_t *out, char *err, size_t len)
{
	uint64_t max = d->max ? d->max : field_max(size);
	int ret = parse_uint(v, out);

	if (ret == -EINVAL)
		return optdef_err(err, len, "invalid number '%s' (" EXPECT_UINT ")", v);
	if (ret || *out < d->min || *out > max) {
		if (max == field_max(size))
			return optdef_err(err, len, "'%s' is out of range (expected at least %"
				   PRIu64 ")", v, d->min);
		return optdef_err(err, len, "'%s' is out of range (expected %" PRIu64
			   " to %" PRIu64 ")", v, d->min, max);
	}
	return 0;
}

static int set_str(void *o, const struct option_def *d,
		   const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	char **p = optdef_field(o, d->off);
	char *s = strdup(v);

	if (!s)
		return optdef_err(err, len, "out of memory");
	free(*p);
	*p = s;
	return 0;
}

static int set_bool(void *o, const struct option_def *d,
		    const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	bool b;

	if (parse_bool(v, &b))
		return optdef_err(err, len, "invalid boolean '%s' (" EXPECT_BOOL ")", v);
	if (d->flags & OPT_F_INVERT)
		b = !b;
	optdef_store_uint(optdef_field(o, d->off), d->size, b);
	return 0;
}

static int set_uint(void *o, const struct option_def *d,
		    const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	uint64_t n;
	int ret = optdef_get_uint(d, d->size, v, &n, err, len);

	if (!ret)
		optdef_store_uint(optdef_field(o, d->off), d->size, n);
	return ret;
}

static int set_size(void *o, const struct option_def *d, const char *v, unsigned kb,
		    char *err, size_t len)
{
	uint64_t n;
	int ret = get_size(d, kb, v, &n, err, len);

	if (!ret)
		*(uint64_t *)optdef_field(o, d->off) = n;
	return ret;
}

static int set_size_pct(void *o, const struct option_def *d,
			const char *v, unsigned kb, char *err, size_t len)
{
	double pct;
	uint64_t n;
	int ret;

	if (strchr(v, '%')) {
		ret = parse_percent(v, &pct);
		if (ret || pct <= 0)
			return optdef_err(err, len, "invalid percentage '%s' (expected more than "
				   "0%% and at most 100%%)", v);
		*(uint64_t *)optdef_field(o, d->off) = 0;
		*(double *)optdef_field(o, d->off2) = pct;
		return 0;
	}
	ret = parse_size(v, kb, &n);
	if (ret == -ERANGE)
		return optdef_err(err, len, "size '%s' is too large", v);
	if (ret)
		return optdef_err(err, len, "invalid size '%s' (" EXPECT_PCT ")", v);
	*(uint64_t *)optdef_field(o, d->off) = n;
	*(double *)optdef_field(o, d->off2) = 0;
	return 0;
}

static int set_size_range(void *o, const struct option_def *d,
			  const char *v, unsigned kb, char *err, size_t len)
{
	uint64_t lo, hi;
	int ret = parse_size_range(v, kb, &lo, &hi);

	if (ret == -ERANGE)
		return optdef_err(err, len, "size '%s' is too large", v);
	if (ret)
		return optdef_err(err, len, "invalid size or range '%s' (expected a size "
			   "such as 4k, or a range such as 4k-64k)", v);
	*(uint64_t *)optdef_field(o, d->off) = lo;
	*(uint64_t *)optdef_field(o, d->off2) = hi;
	return 0;
}

static int set_time(void *o, const struct option_def *d,
		    const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	uint64_t us;
	int ret = parse_time_us(v, d->time_unit_us, &us);

	if (ret == -ERANGE)
		return optdef_err(err, len, "time '%s' is too long", v);
	if (ret && strpbrk(v, "-:"))
		return optdef_err(err, len, "time ranges such as '%s' are not supported yet", v);
	if (ret)
		return optdef_err(err, len, "invalid time '%s' (" EXPECT_TIME ")", v);
	*(uint64_t *)optdef_field(o, d->off) = us;
	return 0;
}

static const struct opt_enum_val *enum_find(const struct opt_enum_val *vals,
					    const char *v, size_t n)
{
	for (const struct opt_enum_val *e = vals; e->name; e++)
		if (strlen(e->name) == n && !strncasecmp(e->name, v, n))
			return e;
	return NULL;
}

/* "invalid value 'x' (expected one of: a, b, c)", listing supported values. */
static int bad_enum(const struct opt_enum_val *vals, const char *v, size_t n,
		    char *err, size_t len)
{
	char list[256];
	size_t used = 0;

	list[0] = '\0';
	for (const struct opt_enum_val *e = vals; e->name; e++) {
		if (e->unsupported)
			continue;
		int w = snprintf(list + used, sizeof(list) - used, "%s%s",
				 used ? ", " : "", e->name);
		if (w < 0 || (size_t)w >= sizeof(list) - used)
			break;
		used += (size_t)w;
	}
	return optdef_err(err, len, "invalid value '%.*s' (expected one of: %s)", (int)n, v, list);
}

int optdef_lookup_enum(const struct option_def *d, const char *v, size_t n,
		       const struct opt_enum_val **out, char *err, size_t len)
{
	const struct opt_enum_val *e = enum_find(d->vals, v, n);

	if (!e)
		return bad_enum(d->vals, v, n, err, len);
	if (e->unsupported)
		return optdef_err(err, len, "value '%s' is not supported yet", e->name);
	*out = e;
	return 0;
}

static int set_enum(void *o, const struct option_def *d,
		    const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	const struct opt_enum_val *e;
	size_t n = strlen(v);

	while (n && isspace((unsigned char)v[n - 1]))
		n--;
	while (n && isspace((unsigned char)*v))
		v++, n--;
	if (optdef_lookup_enum(d, v, n, &e, err, len))
		return -EINVAL;
	optdef_store_uint(optdef_field(o, d->off), d->size, e->value);
	return 0;
}

static int set_float(void *o, const struct option_def *d,
		     const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	double x;

	if (parse_double(v, &x))
		return optdef_err(err, len, "invalid number '%s' (expected a number such as 0.5)", v);
	if ((d->min || d->max) && (x < (double)d->min || x > (double)d->max))
		return optdef_err(err, len, "'%s' is out of range (expected %" PRIu64 " to %"
			   PRIu64 ")", v, d->min, d->max);
	*(double *)optdef_field(o, d->off) = x;
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static int set_float_list(void *o, const struct option_def *d,
			  const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	double tmp[64];	/* the longest list a table entry may hold */
	size_t cap = MIN_OF(d->size / sizeof(double), ARRAY_SIZE(tmp));
	char **items;
	size_t nr;
	int ret = 0;

	if (split_list(v, ':', false, &items, &nr))
		return optdef_err(err, len, "out of memory");
	if (nr > cap)
		ret = optdef_err(err, len, "too many values in '%s' (at most %zu)", v, cap);
	for (size_t i = 0; !ret && i < nr; i++) {
		if (parse_double(items[i], &tmp[i]) || tmp[i] < (double)d->min ||
		    tmp[i] > (double)d->max)
			ret = optdef_err(err, len, "invalid value '%s' in '%s' (expected numbers "
				  "from %" PRIu64 " to %" PRIu64 " separated by ':', such as "
				  "50:99:99.9)", items[i], v, d->min, d->max);
	}
	free_list(items, nr);
	if (ret)
		return ret;
	qsort(tmp, nr, sizeof(tmp[0]), cmp_double);
	memcpy(optdef_field(o, d->off), tmp, nr * sizeof(tmp[0]));
	optdef_store_uint(optdef_field(o, d->off2), d->size2, nr);
	return 0;
}

static int set_pattern(void *o, const struct option_def *d,
		       const char *v, unsigned kb VERIO_UNUSED, char *err, size_t len)
{
	uint8_t **field = optdef_field(o, d->off);
	uint8_t *buf;
	size_t n;
	int ret = parse_pattern_alloc(v, d->max, &buf, &n, NULL, 0, NULL);

	if (ret == -ENOTSUP)
		return optdef_err(err, len, "pattern '%s': %%o is taken by verify_pattern only", v);
	if (ret == -ENOENT || ret == -EACCES || ret == -EISDIR)
		return optdef_err(err, len, "pattern '%s': cannot read the file: %s", v, strerror(-ret));
	if (ret == -ENOSPC)
		return optdef_err(err, len, "pattern '%s' is longer than %" PRIu64 " bytes", v, d->max);
	if (ret == -ENOMEM)
		return optdef_err(err, len, "pattern '%s': out of memory", v);
	if (ret)
		return optdef_err(err, len, "invalid pattern '%s' (expected 0xHEX, \"text\" or a "
			   "decimal number, or several of them)", v);
	free(*field);
	*field = buf;
	optdef_store_uint(optdef_field(o, d->off2), d->size2, n);
	return 0;
}

/* ---- per-direction values: "read[,write[,trim]]" --------------------------- */

/*
 * fio's rule: a single value is for reads and writes; "r,w" sets each;
 * an empty item keeps what was there ("bs=,8k" changes writes only).
 * The trim item is accepted and ignored: verio does not trim.
 */
struct dirs {
	char **items;
	size_t nr;
	const char *val[2];	/* NULL = leave this direction alone */
};

static int dirs_split(const char *v, struct dirs *dv, char *err, size_t len)
{
	memset(dv, 0, sizeof(*dv));
	if (split_list(v, ',', false, &dv->items, &dv->nr))
		return optdef_err(err, len, "out of memory");
	if (dv->nr > 3) {
		free_list(dv->items, dv->nr);
		return optdef_err(err, len, "too many values in '%s' (expected read[,write[,trim]])", v);
	}
	for (size_t d = 0; d < 2; d++) {
		const char *s = dv->items[dv->nr == 1 ? 0 : d < dv->nr ? d : 0];

		if (d >= dv->nr && dv->nr != 1)
			continue;
		while (isspace((unsigned char)*s))
			s++;
		dv->val[d] = *s ? s : NULL;
	}
	if (!dv->val[0] && !dv->val[1]) {
		free_list(dv->items, dv->nr);
		return optdef_err(err, len, "no value in '%s'", v);
	}
	return 0;
}

static void dirs_free(struct dirs *dv)
{
	free_list(dv->items, dv->nr);
}

static int set_bs_list(void *o, const struct option_def *d,
		       const char *v, unsigned kb, char *err, size_t len)
{
	struct dirs dv;
	uint64_t n[2];
	int ret = 0;

	if (dirs_split(v, &dv, err, len))
		return -EINVAL;
	for (size_t i = 0; i < 2 && !ret; i++)
		if (dv.val[i])
			ret = get_size(d, kb, dv.val[i], &n[i], err, len);
	for (size_t i = 0; i < 2 && !ret; i++) {
		if (!dv.val[i])
			continue;
		((uint64_t *)optdef_field(o, d->off))[i] = n[i];
		if (d->flags & OPT_F_SET_MINMAX) {
			((uint64_t *)optdef_field(o, d->off2))[i] = n[i];
			((uint64_t *)optdef_field(o, d->off3))[i] = n[i];
		}
	}
	dirs_free(&dv);
	return ret;
}

static int set_bs_range(void *o, const struct option_def *d,
			const char *v, unsigned kb, char *err, size_t len)
{
	struct dirs dv;
	uint64_t lo[2], hi[2];
	int ret = 0;

	if (dirs_split(v, &dv, err, len))
		return -EINVAL;
	for (size_t i = 0; i < 2 && !ret; i++) {
		if (!dv.val[i])
			continue;
		ret = parse_size_range(dv.val[i], kb, &lo[i], &hi[i]);
		if (ret || !lo[i])
			ret = optdef_err(err, len, "invalid block size range '%s' (expected a "
				  "range such as 4k-64k)", dv.val[i]);
	}
	for (size_t i = 0; i < 2 && !ret; i++) {
		if (!dv.val[i])
			continue;
		((uint64_t *)optdef_field(o, d->off))[i] = lo[i];
		((uint64_t *)optdef_field(o, d->off2))[i] = hi[i];
		((uint64_t *)optdef_field(o, d->off3))[i] = lo[i];
	}
	dirs_free(&dv);
	return ret;
}

static int bssplit_one(unsigned kb, const char *s,
		       struct bssplit **out, size_t *nr, char *err, size_t len)
{
	int ret = parse_bssplit(s, kb, out, nr);

	if (ret == -E2BIG)
		return optdef_err(err, len, "too many block sizes in '%s' (at most %d)", s,
			   BSSPLIT_MAX);
	if (ret == -ENOMEM)
		return optdef_err(err, len, "out of memory");
	if (ret)
		return optdef_err(err, len, "invalid block size split '%s' (expected SIZE/PERCENT"
			   ":SIZE/PERCENT... adding up to 100, such as 4k/75:64k/25)", s);
	return 0;
}

static int set_bssplit(void *o, const struct option_def *d,
		       const char *v, unsigned kb, char *err, size_t len)
{
	struct bssplit **split = optdef_field(o, d->off), *nsplit[2] = { NULL, NULL };
	size_t *split_nr = optdef_field(o, d->off2), nnr[2] = { 0, 0 };
	struct dirs dv;
	int ret = 0;

	if (dirs_split(v, &dv, err, len))
		return -EINVAL;
	for (size_t i = 0; i < 2 && !ret; i++)
		if (dv.val[i])
			ret = bssplit_one(kb, dv.val[i], &nsplit[i], &nnr[i], err, len);
	for (size_t i = 0; i < 2; i++) {
		if (ret || !dv.val[i]) {
			free(nsplit[i]);
			continue;
		}
		free(split[i]);
		split[i] = nsplit[i];
		split_nr[i] = nnr[i];
	}
	dirs_free(&dv);
	return ret;
}

/* ---- one value ------------------------------------------------------------ */

typedef int (*setter_fn)(void *, const struct option_def *, const char *, unsigned,
			 char *, size_t);

static const setter_fn setters[OPT_TYPE_MAX] = {
	[OPT_STR] = set_str,
	[OPT_BOOL] = set_bool,
	[OPT_UINT] = set_uint,
	[OPT_SIZE] = set_size,
	[OPT_SIZE_PCT] = set_size_pct,
	[OPT_SIZE_RANGE] = set_size_range,
	[OPT_TIME] = set_time,
	[OPT_ENUM] = set_enum,
	[OPT_FLOAT] = set_float,
	[OPT_BS_LIST] = set_bs_list,
	[OPT_BS_RANGE] = set_bs_range,
	[OPT_BSSPLIT] = set_bssplit,
	[OPT_FLOAT_LIST] = set_float_list,
	[OPT_PATTERN] = set_pattern,
};

int optdef_set_str(void *base, const struct option_def *d, const char *v,
		   char *err, size_t len)
{
	return set_str(base, d, v, KB_BASE_1024, err, len);
}

int optdef_apply(const struct option_def *d, void *base, const char *value,
		 unsigned kb_base, char *err, size_t errlen)
{
	int ret;

	if (d->parse)
		ret = d->parse(base, d, value, err, errlen);
	else if (d->type > 0 && d->type < OPT_TYPE_MAX)
		ret = setters[d->type](base, d, value, kb_base, err, errlen);
	else
		ret = optdef_err(err, errlen, "option '%s' has no type", d->name);
	return ret ? -EINVAL : 0;
}

/* ---- whole tables ------------------------------------------------------------ */

size_t optdef_count(const struct option_def *t)
{
	size_t n = 0;

	while (t && t[n].name)
		n++;
	return n;
}

const struct option_def *optdef_find(const struct option_def *t, size_t n,
				     const char *name)
{
	if (!name)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(t[i].name, name))
			return &t[i];
		for (size_t a = 0; a < OPT_ALIAS_MAX && t[i].alias[a]; a++)
			if (!strcmp(t[i].alias[a], name))
				return &t[i];
	}
	return NULL;
}

void optdef_defaults(const struct option_def *t, size_t n, void *base, unsigned kb_base)
{
	char err[256];

	for (size_t i = 0; i < n; i++)
		if (t[i].def)
			(void)optdef_apply(&t[i], base, t[i].def, kb_base, err, sizeof(err));
}

void optdef_release(const struct option_def *t, size_t n, void *base)
{
	if (!base)
		return;
	for (size_t i = 0; i < n; i++) {
		const struct option_def *d = &t[i];

		if (d->type == OPT_STR || d->type == OPT_PATTERN) {
			void **p = optdef_field(base, d->off);
			free(*p);
			*p = NULL;
			if (d->type == OPT_PATTERN)
				optdef_store_uint(optdef_field(base, d->off2), d->size2, 0);
		} else if (d->type == OPT_BSSPLIT) {
			struct bssplit **p = optdef_field(base, d->off);
			size_t *nr = optdef_field(base, d->off2);
			for (size_t k = 0; k < 2; k++) {
				free(p[k]);
				p[k] = NULL;
				nr[k] = 0;
			}
		}
	}
}

/* Copy the heap parts of one entry's field; 0 or -ENOMEM. */
static int copy_heap(void *dst, const void *src, const struct option_def *d)
{
	const char *sb = src;

	if (d->type == OPT_STR) {
		char **p = optdef_field(dst, d->off);
		const char *s;

		memcpy(&s, sb + d->off, sizeof(s));
		*p = s ? strdup(s) : NULL;
		return s && !*p ? -ENOMEM : 0;
	}
	if (d->type == OPT_PATTERN) {
		uint8_t **p = optdef_field(dst, d->off), *s;
		uint64_t n = load_uint(sb + d->off2, d->size2);

		memcpy(&s, sb + d->off, sizeof(s));
		if (!s)
			return 0;
		*p = malloc(n);
		if (!*p)
			return -ENOMEM;
		memcpy(*p, s, n);
		return 0;
	}
	if (d->type == OPT_BSSPLIT) {
		struct bssplit **p = optdef_field(dst, d->off), *s[2];
		size_t nr[2];

		memcpy(s, sb + d->off, sizeof(s));
		memcpy(nr, sb + d->off2, sizeof(nr));
		for (size_t k = 0; k < 2; k++) {
			if (!s[k])
				continue;
			p[k] = malloc(nr[k] * sizeof(*s[k]));
			if (!p[k])
				return -ENOMEM;
			memcpy(p[k], s[k], nr[k] * sizeof(*s[k]));
		}
	}
	return 0;
}

int optdef_copy_heap(const struct option_def *t, size_t n, void *dst, const void *src)
{
	/* Own nothing yet, so a failure half way releases only our copies. */
	for (size_t i = 0; i < n; i++) {
		if (t[i].type == OPT_STR || t[i].type == OPT_PATTERN)
			*(void **)optdef_field(dst, t[i].off) = NULL;
		else if (t[i].type == OPT_BSSPLIT)
			memset(optdef_field(dst, t[i].off), 0, t[i].size);
	}
	for (size_t i = 0; i < n; i++) {
		if (copy_heap(dst, src, &t[i])) {
			optdef_release(t, n, dst);
			return -ENOMEM;
		}
	}
	return 0;
}

/* ---- --cmdhelp ----------------------------------------------------------------- */

static void help_aliases(FILE *out, const struct option_def *d)
{
	if (!d->alias[0])
		return;
	fprintf(out, "  alias:    ");
	for (size_t a = 0; a < OPT_ALIAS_MAX && d->alias[a]; a++)
		fprintf(out, "%s%s", a ? ", " : "", d->alias[a]);
	fputc('\n', out);
}

static void help_range(FILE *out, const struct option_def *d)
{
	if (d->type == OPT_UINT || d->type == OPT_FLOAT || d->type == OPT_FLOAT_LIST) {
		if (d->max)
			fprintf(out, "  range:    %" PRIu64 " to %" PRIu64 "\n", d->min, d->max);
		else if (d->min)
			fprintf(out, "  range:    at least %" PRIu64 "\n", d->min);
	}
	if (!d->vals)
		return;
	fprintf(out, "  values:\n");
	for (const struct opt_enum_val *e = d->vals; e->name; e++)
		fprintf(out, "    %-14s %s%s\n", e->name, e->help,
			e->unsupported ? " (not supported yet)" : "");
}

void optdef_print_help(FILE *out, const struct option_def *d, const char *owner)
{
	fprintf(out, "%s: %s%s%s\n", d->name, owner ? owner : "", owner ? ": " : "", d->help);
	help_aliases(out, d);
	/* thinktime and its like count plain numbers in microseconds (fio). */
	if (d->type == OPT_TIME && d->time_unit_us == 1)
		fprintf(out, "  type:     time (plain numbers are microseconds; us, ms, s, m, h, "
			"d suffixes)\n");
	else
		fprintf(out, "  type:     %s\n", optdef_type_name(d->type));
	fprintf(out, "  default:  %s\n", d->def ? d->def : "(none)");
	help_range(out, d);
}

/* ---- table self-check ---------------------------------------------------------- */

static bool field_ok(size_t off, size_t size, size_t base_size)
{
	return size && off + size <= base_size;
}

static int check_entry_fields(const struct option_def *d, size_t base_size,
			      char *err, size_t len)
{
	static const size_t need[OPT_TYPE_MAX] = {
		[OPT_STR] = sizeof(char *), [OPT_SIZE] = sizeof(uint64_t),
		[OPT_SIZE_PCT] = sizeof(uint64_t), [OPT_SIZE_RANGE] = sizeof(uint64_t),
		[OPT_TIME] = sizeof(uint64_t), [OPT_FLOAT] = sizeof(double),
		[OPT_BS_LIST] = 2 * sizeof(uint64_t), [OPT_BS_RANGE] = 2 * sizeof(uint64_t),
		[OPT_BSSPLIT] = 2 * sizeof(struct bssplit *),
	};

	if (!field_ok(d->off, d->size, base_size))
		return optdef_err(err, len, "option '%s': bad field offset or size", d->name);
	if (need[d->type] && d->size != need[d->type])
		return optdef_err(err, len, "option '%s': field size %zu does not fit its type",
				  d->name, d->size);
	if ((d->type == OPT_UINT || d->type == OPT_ENUM || d->type == OPT_BOOL) &&
	    d->size != sizeof(bool) && d->size != sizeof(unsigned) &&
	    d->size != sizeof(uint64_t))
		return optdef_err(err, len, "option '%s': field size %zu is no integer",
				  d->name, d->size);
	if (d->size2 && !field_ok(d->off2, d->size2, base_size))
		return optdef_err(err, len, "option '%s': bad second field", d->name);
	if (d->size3 && !field_ok(d->off3, d->size3, base_size))
		return optdef_err(err, len, "option '%s': bad third field", d->name);
	return 0;
}

/* The default of d parses into a zeroed scratch base. */
static int check_default(const struct option_def *d, size_t base_size, char *err, size_t len)
{
	char why[256];
	void *scratch;
	int ret = 0;

	if (!d->def)
		return 0;
	scratch = calloc(1, base_size);
	if (!scratch)
		return optdef_err(err, len, "out of memory");
	if (optdef_apply(d, scratch, d->def, KB_BASE_1024, why, sizeof(why)))
		ret = optdef_err(err, len, "option '%s': default '%s' does not parse: %s",
				 d->name, d->def, why);
	optdef_release(d, 1, scratch);
	free(scratch);
	return ret;
}

static int check_entry(const struct option_def *d, size_t base_size, char *err, size_t len)
{
	if (!d->name || !*d->name || !d->help || !*d->help)
		return optdef_err(err, len, "entry '%s' lacks a name or help",
				  d->name ? d->name : "");
	if (strchr(d->help, '\n') || d->help[strlen(d->help) - 1] == '.')
		return optdef_err(err, len, "option '%s': help is not one line without "
				  "a final full stop", d->name);
	if (d->type <= 0 || d->type >= OPT_TYPE_MAX || (unsigned)d->cat >= OPT_CAT_MAX)
		return optdef_err(err, len, "option '%s': bad type or category", d->name);
	if (check_entry_fields(d, base_size, err, len))
		return -EINVAL;
	if (d->type == OPT_ENUM && (!d->vals || !d->vals[0].name))
		return optdef_err(err, len, "option '%s': enum without values", d->name);
	return check_default(d, base_size, err, len);
}

int optdef_table_check(const struct option_def *t, size_t n, size_t base_size,
		       char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++) {
		const struct option_def *d = &t[i];

		if (check_entry(d, base_size, err, errlen))
			return -EINVAL;
		if (optdef_find(t, n, d->name) != d)
			return optdef_err(err, errlen, "option '%s' is defined twice", d->name);
		for (size_t a = 0; a < OPT_ALIAS_MAX && d->alias[a]; a++)
			if (optdef_find(t, n, d->alias[a]) != d)
				return optdef_err(err, errlen, "alias '%s' clashes", d->alias[a]);
	}
	return 0;
}
