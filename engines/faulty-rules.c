/*
 * faulty-rules.c - the rule language of the faulty engine: parsed once,
 * before any I/O (docs/faulty-rules.md).
 */
#include "compat.h"

#include "faulty.h"
#include "parse.h"

static const char *const act_names[FA_NR] = {
	[FA_NONE] = "none", [FA_EIO] = "eio", [FA_ENOSPC] = "enospc",
	[FA_SHORT] = "short", [FA_DROP] = "drop", [FA_MISDIRECT] = "misdirect",
	[FA_TEAR] = "tear", [FA_FLIP] = "flip", [FA_DELAY] = "delay",
};

const char *fault_act_name(enum fault_act a)
{
	return a < FA_NR ? act_names[a] : "unknown";
}

/* "SRC line N: WHAT 'SUBJECT'TAIL" into err; -EINVAL. */
static int rule_err(char *err, size_t len, const char *src, unsigned line, const char *what,
		    const char *subject, const char *tail)
{
	snprintf(err, len, "%s line %u: %s '%s'%s", src, line, what, subject, tail);
	return -EINVAL;
}

/* One key=value of a rule into r. 0 or -EINVAL with err's msg. */
static int rule_key(struct fault_rule *r, const char *k, const char *v, bool *has_count)
{
	uint64_t x;
	double d;

	if (!strcmp(k, "on")) {
		if (!strcmp(v, "read"))
			r->on = FAULT_ON_READ;
		else if (!strcmp(v, "write"))
			r->on = FAULT_ON_WRITE;
		else if (!strcmp(v, "rw"))
			r->on = FAULT_ON_READ | FAULT_ON_WRITE;
		else
			return -EINVAL;
		return 0;
	}
	if (!strcmp(k, "prob")) {
		if (parse_double(v, &d) || !(d >= 0 && d <= 1))
			return -EINVAL;
		r->prob = d;
		return 0;
	}
	if (!strcmp(k, "usec"))
		return parse_time_us(v, 1, &r->usec);
	if (!strcmp(k, "offset") || !strcmp(k, "length") || !strcmp(k, "to")) {
		if (parse_size(v, KB_BASE_1024, &x))
			return -EINVAL;
		if (k[0] == 'o')
			r->off = x, r->has_range = true;
		else if (k[0] == 'l')
			r->len = x, r->has_range = true;
		else
			r->to = x, r->has_to = true;
		return 0;
	}
	if (parse_uint(v, &x))
		return -EINVAL;
	if (!strcmp(k, "nth") && x)
		r->nth = x;
	else if (!strcmp(k, "count"))
		r->count = x, *has_count = true;
	else if (!strcmp(k, "bit"))
		r->bit = x, r->has_bit = true;
	else
		return -EINVAL;
	return 0;
}

/* The directions an action may take, and its default. */
static int rule_dirs(struct fault_rule *r, unsigned given)
{
	switch (r->act) {
	case FA_DROP:
	case FA_MISDIRECT:
	case FA_TEAR:
		if (given && given != FAULT_ON_WRITE)
			return -EINVAL;
		r->on = FAULT_ON_WRITE;
		return 0;
	case FA_FLIP:
		/* transient (read) or persistent (write): say which */
		return given == FAULT_ON_READ || given == FAULT_ON_WRITE ? 0 : -EINVAL;
	default:
		if (!given)
			r->on = FAULT_ON_READ | FAULT_ON_WRITE;
		return 0;
	}
}

static const char *const known_keys[] = {
	"on", "nth", "offset", "length", "prob", "count", "to", "bit", "usec", NULL,
};

static bool key_known(const char *k)
{
	for (size_t i = 0; known_keys[i]; i++)
		if (!strcmp(known_keys[i], k))
			return true;
	return false;
}

/* One rule: the words of a line (at least one). */
static int rule_parse(struct fault_rule *r, char **w, size_t nw, const char *src,
		      unsigned line, char *err, size_t len)
{
	bool has_count = false;

	memset(r, 0, sizeof(*r));
	r->prob = 1;
	r->usec = 10000;
	for (int a = FA_NONE + 1; a < FA_NR; a++)
		if (!strcmp(w[0], act_names[a]))
			r->act = (enum fault_act)a;
	if (r->act == FA_NONE)
		return rule_err(err, len, src, line, "unknown fault", w[0],
				" (eio, enospc, short, drop, misdirect, tear, flip, delay)");
	for (size_t i = 1; i < nw; i++) {
		char *eq = strchr(w[i], '=');

		if (!eq)
			return rule_err(err, len, src, line, "not key=value:", w[i], "");
		*eq = '\0';
		if (!key_known(w[i]))
			return rule_err(err, len, src, line, "unknown key", w[i],
					" (on, nth, offset, length, prob, count, to, bit, usec)");
		if (rule_key(r, w[i], eq + 1, &has_count)) {
			*eq = '=';
			return rule_err(err, len, src, line, "bad value in", w[i], "");
		}
	}
	if (r->has_range && !r->len)
		r->len = 1;	/* offset= alone: the I/O holding that byte */
	if (!has_count)
		r->count = r->nth ? 1 : 0;
	if (rule_dirs(r, r->on))
		return rule_err(err, len, src, line, "on= does not fit", act_names[r->act],
				" (drop, misdirect and tear are writes; flip needs on=read or "
				"on=write)");
	return 0;
}

static int rules_add(struct fault_rules *rs, const struct fault_rule *r)
{
	struct fault_rule *v = realloc(rs->v, (rs->n + 1) * sizeof(*v));

	if (!v)
		return -ENOMEM;
	v[rs->n++] = *r;
	rs->v = v;
	return 0;
}

/* Split one rule's text into words (in place). */
static size_t words(char *s, char **w, size_t max)
{
	size_t n = 0;

	for (char *p = strtok_r(s, " \t\r", &s); p && n < max; p = strtok_r(NULL, " \t\r", &s))
		w[n++] = p;
	return n;
}

/* One line: rules separated by ';', a '#' comment to its end. */
static int line_parse(struct fault_rules *rs, char *ln, const char *src, unsigned line,
		      char *err, size_t errlen)
{
	char *hash = strchr(ln, '#'), *next;
	int r = 0;

	if (hash)
		*hash = '\0';
	for (char *p = ln; !r && p; p = next) {
		struct fault_rule rule;
		char *w[16];
		size_t nw;

		next = strchr(p, ';');
		if (next)
			*next++ = '\0';
		nw = words(p, w, ARRAY_SIZE(w));
		if (!nw)
			continue;
		r = rule_parse(&rule, w, nw, src, line, err, errlen);
		if (!r)
			r = rules_add(rs, &rule);
	}
	return r;
}

int fault_rules_parse(struct fault_rules *rs, const char *text, const char *src,
		      char *err, size_t errlen)
{
	char *copy = strdup(text), *next;
	unsigned line = 1;
	int r = 0;

	if (!copy)
		return -ENOMEM;
	for (char *p = copy; !r && p; p = next, line++) {
		next = strchr(p, '\n');
		if (next)
			*next++ = '\0';
		r = line_parse(rs, p, src, line, err, errlen);
	}
	free(copy);
	return r;
}

int fault_rules_load(struct fault_rules *r, const char *path, char *err, size_t errlen)
{
	char src[300], *text = NULL;
	size_t cap = 0, n = 0;
	FILE *f = fopen(path, "r");
	int ret;

	if (!f) {
		ret = -errno;
		snprintf(err, errlen, "cannot read rule file '%s': %s", path, strerror(errno));
		return ret;
	}
	for (;;) {
		if (n + 4096 + 1 > cap) {
			char *t = realloc(text, cap = cap ? 2 * cap : 8192);

			if (!t) {
				free(text);
				fclose(f);
				return -ENOMEM;
			}
			text = t;
		}
		size_t got = fread(text + n, 1, cap - n - 1, f);

		n += got;
		if (!got)
			break;
	}
	fclose(f);
	text[n] = '\0';
	snprintf(src, sizeof(src), "rule file '%s'", path);
	ret = fault_rules_parse(r, text, src, err, errlen);
	free(text);
	return ret;
}

void fault_rules_free(struct fault_rules *r)
{
	free(r->v);
	r->v = NULL;
	r->n = 0;
}
