/*
 * json.h - a small streaming JSON writer with fio's layout, and a reader
 * for the flat objects verio writes itself (verify dumps).
 *
 * Values go straight to a FILE as they are given; nothing is buffered or
 * allocated.  The layout is fio's --output-format=json:
 *
 *   {
 *     "key" : "value",
 *     "jobs" : [
 *       {
 *         "x" : 1.500000
 *       }
 *     ]
 *   }
 *
 * two spaces per level, `"key" : value`, one member or element per line,
 * doubles as printf("%f").  Empty containers print as {} and [].  Each
 * top-level value is followed by a newline.
 *
 * Inside an object every value needs a key; inside an array and at the top
 * level the key must be NULL.  Misuse (wrong key, unbalanced end, nesting
 * deeper than JSON_MAX_DEPTH) records an error and makes every later call a
 * no-op; json_finish() reports it.  Strings are escaped: quote, backslash
 * and control characters (as \u00XX); bytes that are not valid UTF-8 are
 * written as \u00XX (their Latin-1 reading) so the output always parses.
 */
#ifndef VERIO_INCLUDE_JSON_H
#define VERIO_INCLUDE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 32

struct json_writer {
	FILE *out;
	int err;	/* first error, negative errno; 0 if none */
	unsigned depth; /* open containers */
	bool first[JSON_MAX_DEPTH + 1];	   /* no member written yet at level */
	bool is_array[JSON_MAX_DEPTH + 1]; /* level is an array, not an object */
};

/* json_init() - start writing to out. */
void json_init(struct json_writer *w, FILE *out);

/* Open/close a container; key as for any value. */
void json_obj_begin(struct json_writer *w, const char *key);
void json_obj_end(struct json_writer *w);
void json_arr_begin(struct json_writer *w, const char *key);
void json_arr_end(struct json_writer *w);

/* Scalars.  json_str() with val NULL writes null; non-finite doubles 0. */
void json_str(struct json_writer *w, const char *key, const char *val);
void json_u64(struct json_writer *w, const char *key, uint64_t val);
void json_i64(struct json_writer *w, const char *key, int64_t val);
void json_double(struct json_writer *w, const char *key, double val);
void json_bool(struct json_writer *w, const char *key, bool val);
void json_null(struct json_writer *w, const char *key);

/*
 * json_raw() - text, a whole JSON value the caller vouches for (another
 * writer's output, say), written as it is.
 */
void json_raw(struct json_writer *w, const char *key, const char *text);

/* An array of n integers on one line ("[1, 2, 3]"): long count tables. */
void json_u64_row(struct json_writer *w, const char *key, const uint64_t *val, size_t n);

/*
 * json_finish() - check the document: flushes out, then returns 0, the
 * first misuse error (-EINVAL: key/end mismatch, -E2BIG: too deep), -EINVAL
 * if containers are still open, or -EIO if the stream had a write error.
 */
int json_finish(struct json_writer *w);

/* One member of a flat object, as json_read_flat() hands it over. */
struct json_member {
	const char *key;	/* decoded, NUL-terminated */
	bool is_str;		/* a string (str) or an unsigned integer (num) */
	const char *str;	/* decoded, NUL-terminated; NULL for a number */
	uint64_t num;		/* 0 for a string */
};

/*
 * json_read_flat() - parse text (len bytes) as one JSON object whose
 * values are all strings or unsigned integers (what verio's dumps hold),
 * surrounded by optional whitespace, and call fn(arg, member) for each
 * member in order.  Strings may use the escapes \" \\ \/ \b \f \n \r \t
 * and \u0001..\u00ff (one byte: the writer's escape of control bytes and
 * of bytes that are not UTF-8); anything else, \u0000 included, is
 * malformed.  Keys and strings are decoded into scratch (cap bytes): the
 * member's pointers are valid only during the call.  Allocates nothing.
 * Returns 0, -EBADMSG on malformed input (also: a nested value, a
 * negative, fractional or > UINT64_MAX number, true/false/null),
 * -EMSGSIZE when a key and its string do not fit in scratch, or the first
 * non-zero value fn returned (parsing stops there).
 */
int json_read_flat(const char *text, size_t len, char *scratch, size_t cap,
		   int (*fn)(void *arg, const struct json_member *m), void *arg);

#endif /* VERIO_INCLUDE_JSON_H */
