/*
 * json.c - streaming JSON writer (see json.h).
 *
 * Level 0 is the top level; opening a container makes depth + 1 its level.
 * A member is preceded by "\n" if it is its container's first, ",\n"
 * otherwise, then by two spaces per level; the closing bracket goes on its
 * own line at the parent's indentation, unless the container is empty.
 */
#include "compat.h"

#include <math.h>

#include "json.h"

void json_init(struct json_writer *w, FILE *out)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->first[0] = true;
}

static void set_err(struct json_writer *w, int err)
{
	if (!w->err)
		w->err = err;
}

static void indent(struct json_writer *w, unsigned level)
{
	while (level--)
		fputs("  ", w->out);
}

/* Length of the valid UTF-8 sequence at p (2..4), or 0 if there is none. */
static unsigned utf8_len(const unsigned char *p)
{
	unsigned char c = p[0];
	unsigned char lo = 0x80, hi = 0xbf;
	unsigned n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	/* no overlong forms, no surrogates, nothing past U+10FFFF */
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++) {
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	}
	return n;
}

static void put_string(struct json_writer *w, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', w->out);
	while (*p) {
		unsigned n;

		if (*p == '"' || *p == '\\') {
			fputc('\\', w->out);
			fputc(*p++, w->out);
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(w->out, "\\u%04x", *p++);
		} else if (*p < 0x80) {
			fputc(*p++, w->out);
		} else if ((n = utf8_len(p)) != 0) {
			fwrite(p, 1, n, w->out);
			p += n;
		} else {
			fprintf(w->out, "\\u%04x", *p++);
		}
	}
	fputc('"', w->out);
}

/*
 * Write what precedes a value: separator, indentation and key.  Returns
 * false (and writes nothing) if the writer has failed or the key is wrong
 * for where the value goes.
 */
static bool begin_value(struct json_writer *w, const char *key)
{
	unsigned d = w->depth;
	bool in_object = d > 0 && !w->is_array[d];

	if (w->err)
		return false;
	if (in_object != (key != NULL)) {
		set_err(w, -EINVAL);
		return false;
	}
	if (d > 0) {
		fputs(w->first[d] ? "\n" : ",\n", w->out);
		indent(w, d);
	}
	w->first[d] = false;
	if (key) {
		put_string(w, key);
		fputs(" : ", w->out);
	}
	return true;
}

/* After a complete value: a top-level value ends its line. */
static void end_value(struct json_writer *w)
{
	if (w->depth == 0)
		fputc('\n', w->out);
}

static void open_container(struct json_writer *w, const char *key, bool array)
{
	if (!w->err && w->depth >= JSON_MAX_DEPTH) {
		set_err(w, -E2BIG);
		return;
	}
	if (!begin_value(w, key))
		return;
	fputc(array ? '[' : '{', w->out);
	w->depth++;
	w->first[w->depth] = true;
	w->is_array[w->depth] = array;
}

static void close_container(struct json_writer *w, bool array)
{
	unsigned d = w->depth;

	if (w->err)
		return;
	if (d == 0 || w->is_array[d] != array) {
		set_err(w, -EINVAL);
		return;
	}
	if (!w->first[d]) {
		fputc('\n', w->out);
		indent(w, d - 1);
	}
	fputc(array ? ']' : '}', w->out);
	w->depth--;
	end_value(w);
}

void json_obj_begin(struct json_writer *w, const char *key)
{
	open_container(w, key, false);
}

void json_obj_end(struct json_writer *w)
{
	close_container(w, false);
}

void json_arr_begin(struct json_writer *w, const char *key)
{
	open_container(w, key, true);
}

void json_arr_end(struct json_writer *w)
{
	close_container(w, true);
}

void json_str(struct json_writer *w, const char *key, const char *val)
{
	if (!begin_value(w, key))
		return;
	if (val)
		put_string(w, val);
	else
		fputs("null", w->out);
	end_value(w);
}

void json_u64(struct json_writer *w, const char *key, uint64_t val)
{
	if (!begin_value(w, key))
		return;
	fprintf(w->out, "%" PRIu64, val);
	end_value(w);
}

void json_u64_row(struct json_writer *w, const char *key, const uint64_t *val, size_t n)
{
	if (!begin_value(w, key))
		return;
	fputc('[', w->out);
	for (size_t i = 0; i < n; i++)
		fprintf(w->out, i ? ", %" PRIu64 : "%" PRIu64, val[i]);
	fputc(']', w->out);
	end_value(w);
}

void json_i64(struct json_writer *w, const char *key, int64_t val)
{
	if (!begin_value(w, key))
		return;
	fprintf(w->out, "%" PRId64, val);
	end_value(w);
}

void json_double(struct json_writer *w, const char *key, double val)
{
	if (!begin_value(w, key))
		return;
	/* JSON has no inf or nan; fio never prints them either */
	fprintf(w->out, "%f", isfinite(val) ? val : 0.0);
	end_value(w);
}

void json_bool(struct json_writer *w, const char *key, bool val)
{
	if (!begin_value(w, key))
		return;
	fputs(val ? "true" : "false", w->out);
	end_value(w);
}

void json_null(struct json_writer *w, const char *key)
{
	if (!begin_value(w, key))
		return;
	fputs("null", w->out);
	end_value(w);
}

void json_raw(struct json_writer *w, const char *key, const char *text)
{
	size_t n = strlen(text);

	if (!begin_value(w, key))
		return;
	while (n && (text[n - 1] == '\n' || text[n - 1] == ' '))
		n--;
	fwrite(text, 1, n, w->out);
	end_value(w);
}

int json_finish(struct json_writer *w)
{
	if (fflush(w->out) == EOF || ferror(w->out))
		set_err(w, -EIO);
	if (w->depth)
		set_err(w, -EINVAL);
	return w->err;
}

/* ---- reader ------------------------------------------------------------ */

/* A cursor over the text being read. */
struct rd {
	const char *p, *end;
};

static void skip_ws(struct rd *r)
{
	while (r->p < r->end && (*r->p == ' ' || *r->p == '\t' || *r->p == '\n' ||
				 *r->p == '\r'))
		r->p++;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* \uXXXX after the backslash and 'u': one byte 0x01..0xff. */
static int read_u_escape(struct rd *r, char *out)
{
	unsigned v = 0;

	if (r->end - r->p < 4)
		return -EBADMSG;
	for (int i = 0; i < 4; i++) {
		int h = hexval(r->p[i]);

		if (h < 0)
			return -EBADMSG;
		v = v * 16 + (unsigned)h;
	}
	if (v == 0 || v > 0xff)
		return -EBADMSG;
	r->p += 4;
	*out = (char)v;
	return 0;
}

static int read_escape(struct rd *r, char *out)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *k;

	if (r->p >= r->end)
		return -EBADMSG;
	if (*r->p == 'u') {
		r->p++;
		return read_u_escape(r, out);
	}
	k = memchr(from, *r->p, sizeof(from) - 1);
	if (!k)
		return -EBADMSG;
	r->p++;
	*out = to[k - from];
	return 0;
}

/*
 * A string at r (its opening quote next) decoded into dst[*used..cap),
 * NUL-terminated; *used moves past it. 0, -EBADMSG or -EMSGSIZE.
 */
static int read_string(struct rd *r, char *dst, size_t cap, size_t *used)
{
	size_t n = *used;

	if (r->p >= r->end || *r->p != '"')
		return -EBADMSG;
	r->p++;
	for (;;) {
		char c;

		if (r->p >= r->end)
			return -EBADMSG;
		c = *r->p++;
		if (c == '"')
			break;
		if ((unsigned char)c < 0x20)
			return -EBADMSG;
		if (c == '\\') {
			int e = read_escape(r, &c);

			if (e < 0)
				return e;
		}
		if (n + 1 >= cap)
			return -EMSGSIZE;
		dst[n++] = c;
	}
	if (n >= cap)
		return -EMSGSIZE;
	dst[n++] = '\0';
	*used = n;
	return 0;
}

/* An unsigned decimal integer without a sign, fraction or exponent. */
static int read_uint(struct rd *r, uint64_t *out)
{
	uint64_t v = 0;
	const char *start = r->p;

	while (r->p < r->end && *r->p >= '0' && *r->p <= '9') {
		unsigned d = (unsigned)(*r->p - '0');

		if (v > (UINT64_MAX - d) / 10)
			return -EBADMSG;
		v = v * 10 + d;
		r->p++;
	}
	if (r->p == start || (*start == '0' && r->p - start > 1))
		return -EBADMSG;
	if (r->p < r->end && (*r->p == '.' || *r->p == 'e' || *r->p == 'E'))
		return -EBADMSG;
	*out = v;
	return 0;
}

/* One "key" : value member, handed to fn. */
static int read_member(struct rd *r, char *scratch, size_t cap,
		       int (*fn)(void *arg, const struct json_member *m), void *arg)
{
	struct json_member m = { .key = scratch };
	size_t used = 0;
	int e = read_string(r, scratch, cap, &used);

	if (e < 0)
		return e;
	skip_ws(r);
	if (r->p >= r->end || *r->p++ != ':')
		return -EBADMSG;
	skip_ws(r);
	if (r->p < r->end && *r->p == '"') {
		m.is_str = true;
		m.str = scratch + used;
		e = read_string(r, scratch, cap, &used);
	} else {
		e = read_uint(r, &m.num);
	}
	return e < 0 ? e : fn(arg, &m);
}

int json_read_flat(const char *text, size_t len, char *scratch, size_t cap,
		   int (*fn)(void *arg, const struct json_member *m), void *arg)
{
	struct rd r = { text, text + len };
	int e;

	skip_ws(&r);
	if (r.p >= r.end || *r.p++ != '{')
		return -EBADMSG;
	skip_ws(&r);
	if (r.p < r.end && *r.p == '}') {
		r.p++;
	} else {
		for (;;) {
			skip_ws(&r);
			e = read_member(&r, scratch, cap, fn, arg);
			if (e)
				return e;
			skip_ws(&r);
			if (r.p >= r.end)
				return -EBADMSG;
			if (*r.p == '}') {
				r.p++;
				break;
			}
			if (*r.p++ != ',')
				return -EBADMSG;
		}
	}
	skip_ws(&r);
	return r.p == r.end ? 0 : -EBADMSG;
}
