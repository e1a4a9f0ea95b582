/*
 * iolog.c - fio's text iolog: read for replay, written while a job runs.
 *
 * A log is a version line ("fio version 2 iolog" or "... 3 iolog") and
 * then lines "[TS] FILE add|open|close" and "[TS] FILE ACTION OFFSET
 * LENGTH", where TS (version 3 only) is microseconds since the log
 * began and ACTION is read, write, sync, datasync, trim or (version 2)
 * wait. fio 3.33 writes version 3 and appends to the file.
 *
 * Replay reads the whole log at set-up, before any I/O, into an array
 * the I/O generator walks (run/iogen.c): no parsing on the I/O path.
 * Writing formats each line by hand into a buffer that goes out in
 * 64 KiB blocks.
 */
#include "compat.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdarg.h>

#include "io_u.h"
#include "parse.h"
#include "run/iolog.h"
#include "config/options.h"
#include "run/job.h"
#include "timeutil.h"

static const char ver2[] = "fio version 2 iolog";
static const char ver3[] = "fio version 3 iolog";

VERIO_PRINTF(3, 4)
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

void iolog_free(struct iolog *log)
{
	if (!log)
		return;
	for (unsigned i = 0; i < log->nr_files; i++)
		free(log->files[i]);
	free(log->files);
	free(log->e);
	free(log);
}

/* Split line into at most max white-space separated tokens; their count. */
static unsigned tokenize(char *line, char **tok, unsigned max)
{
	unsigned n = 0;
	char *p = line;

	for (;;) {
		while (*p && isspace((unsigned char)*p))
			*p++ = '\0';
		if (!*p)
			return n;
		if (n == max)
			return max + 1;		/* too many */
		tok[n++] = p;
		while (*p && !isspace((unsigned char)*p))
			p++;
	}
}

/* A decimal number that is the whole token. */
static bool get_u64(const char *s, uint64_t *v)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	*v = strtoull(s, &end, 10);
	return !*end && !errno;
}

static int find_file(const struct iolog *log, const char *name)
{
	for (unsigned i = 0; i < log->nr_files; i++)
		if (!strcmp(log->files[i], name))
			return (int)i;
	return -1;
}

static int add_file(struct iolog *log, const char *name)
{
	char **f;

	if (find_file(log, name) >= 0)
		return 0;		/* an appended log adds its files again */
	if (log->nr_files >= UINT16_MAX)
		return -ERANGE;
	f = realloc(log->files, (log->nr_files + 1) * sizeof(*f));
	if (!f)
		return -ENOMEM;
	log->files = f;
	f[log->nr_files] = strdup(name);
	if (!f[log->nr_files])
		return -ENOMEM;
	log->nr_files++;
	return 0;
}

static int push(struct iolog *log, size_t *cap, const struct iolog_entry *e)
{
	if (log->nr == *cap) {
		size_t n = *cap ? *cap * 2 : 256;
		struct iolog_entry *ne = realloc(log->e, n * sizeof(*ne));

		if (!ne)
			return -ENOMEM;
		log->e = ne;
		*cap = n;
	}
	log->e[log->nr++] = *e;
	return 0;
}

static const struct {
	const char *name;
	int ddir;		/* -1: wait */
	unsigned skip;
} actions[] = {
	{ "read", DDIR_READ, REPLAY_SKIP_READ },
	{ "write", DDIR_WRITE, REPLAY_SKIP_WRITE },
	{ "sync", DDIR_SYNC, REPLAY_SKIP_SYNC },
	{ "datasync", DDIR_DATASYNC, 0 },	/* fio has no skip for it */
	{ "trim", DDIR_TRIM, REPLAY_SKIP_TRIM },
	{ "wait", -1, 0 },
};

struct parse_state {
	struct iolog *log;
	const struct iolog_conf *c;
	size_t cap;
	int version;
	uint64_t wait_us;	/* v2: the waits so far */
	bool any;
};

/* "FILE ACTION OFFSET LENGTH" (tok points at FILE). 0, 1 (skipped) or -errno. */
static int io_line(struct parse_state *st, char **tok, uint64_t ts, char *err, size_t len)
{
	struct iolog *log = st->log;
	struct iolog_entry e = { 0 };
	uint64_t off, n;
	size_t a;
	int fi;

	for (a = 0; a < ARRAY_SIZE(actions); a++)
		if (!strcmp(tok[1], actions[a].name))
			break;
	if (a == ARRAY_SIZE(actions))
		return fail(err, len, "unknown action '%s'", tok[1]);
	if (!get_u64(tok[2], &off) || !get_u64(tok[3], &n) || n > UINT32_MAX)
		return fail(err, len, "bad offset or length '%s %s'", tok[2], tok[3]);
	if (actions[a].ddir == -1) {
		if (st->version == 3)
			return fail(err, len, "'wait' is not allowed in a version 3 iolog");
		st->wait_us += off;
		return 1;
	}
	fi = find_file(log, tok[0]);
	if (fi < 0)
		return fail(err, len, "file '%s' was not added", tok[0]);
	if (st->c->skip & actions[a].skip)
		return 1;
	e.ddir = (uint8_t)actions[a].ddir;
	e.file = st->c->redirect ? 0 : (uint16_t)fi;
	e.ts_us = st->version == 3 ? ts : st->wait_us;
	if (ddir_is_rw(e.ddir) || e.ddir == DDIR_TRIM) {
		if (!n)
			return fail(err, len, "%s of length 0", tok[1]);
		if (st->c->scale > 1)
			off /= st->c->scale;
		if (st->c->align)
			off &= ~(st->c->align - 1);
		if (off + n < off)
			return fail(err, len, "offset %" PRIu64 " + length overflows", off);
		e.offset = off;
		e.len = (uint32_t)n;
		log->max_end = MAX_OF(log->max_end, off + n);
	}
	if (e.ddir == DDIR_TRIM) {
		log->nr_trim++;
	} else if (ddir_is_rw(e.ddir)) {
		log->min_len = log->min_len ? MIN_OF(log->min_len, n) : n;
		log->min_dlen[e.ddir] = log->min_dlen[e.ddir] ? MIN_OF(log->min_dlen[e.ddir], n) : n;
		log->max_len[e.ddir] = MAX_OF(log->max_len[e.ddir], n);
		log->bytes += n;
		log->nr_dir[e.ddir]++;
	} else {
		e.offset = off;	/* fio logs a sync with its io_u's last offset */
	}
	if (!st->any)
		log->ts_first = e.ts_us;
	st->any = true;
	return push(log, &st->cap, &e);
}

/* One line after the version line. 0 or -errno (err set). */
static int parse_line(struct parse_state *st, char *line, char *err, size_t len)
{
	char *tok[6];
	unsigned n, v3;
	uint64_t ts = 0;

	if (!strncmp(line, ver2, sizeof(ver2) - 1) || !strncmp(line, ver3, sizeof(ver3) - 1)) {
		st->version = line[12] - '0';	/* a log appended to another */
		return 0;
	}
	n = tokenize(line, tok, 5);
	if (!n)
		return 0;
	v3 = st->version == 3;
	if (n != 2 + v3 && n != 4 + v3)
		return fail(err, len, "expected %s'FILE ACTION' or %s'FILE ACTION OFFSET LENGTH'",
			    v3 ? "'TIME' " : "", v3 ? "'TIME' " : "");
	if (v3 && !get_u64(tok[0], &ts))
		return fail(err, len, "bad timestamp '%s'", tok[0]);
	if (n == 4 + v3) {
		int r = io_line(st, tok + v3, ts, err, len);

		return r < 0 ? r : 0;
	}
	if (!strcmp(tok[v3 + 1], "add")) {
		int r = add_file(st->log, tok[v3]);

		return r == -ERANGE ? fail(err, len, "too many files") : r;
	}
	if (strcmp(tok[v3 + 1], "open") && strcmp(tok[v3 + 1], "close"))
		return fail(err, len, "unknown file action '%s' (add, open, close)", tok[v3 + 1]);
	if (find_file(st->log, tok[v3]) < 0)
		return fail(err, len, "file '%s' was not added", tok[v3]);
	return 0;
}

/* fgets-like without a length limit: the line in *buf, or -1 at the end. */
static ssize_t next_line(FILE *in, char **buf, size_t *cap)
{
	ssize_t n = getline(buf, cap, in);

	if (n > 0 && (*buf)[n - 1] == '\n')
		(*buf)[--n] = '\0';
	return n;
}

int iolog_read(FILE *in, const struct iolog_conf *c, struct iolog **out,
	       char *err, size_t errlen)
{
	struct parse_state st = { .c = c };
	char *line = NULL, msg[512];
	size_t cap = 0;
	unsigned lineno = 1;
	ssize_t n;
	int r = 0;

	*out = NULL;
	st.log = calloc(1, sizeof(*st.log));
	if (!st.log)
		return -ENOMEM;
	n = next_line(in, &line, &cap);
	if (n < 0 || (strcmp(line, ver2) && strcmp(line, ver3))) {
		r = fail(err, errlen, "line 1: not a fio iolog (blktrace files are not read): the first line must be '%s' or '%s'",
			 ver2, ver3);
		goto out;
	}
	st.version = st.log->version = line[12] - '0';
	if (c->redirect && (r = add_file(st.log, c->redirect)) < 0)
		goto out;
	while ((n = next_line(in, &line, &cap)) >= 0) {
		lineno++;
		if (memchr(line, '\0', (size_t)n)) {
			r = fail(err, errlen, "line %u: a NUL byte", lineno);
			goto out;
		}
		r = parse_line(&st, line, msg, sizeof(msg));
		if (r == -EINVAL)
			fail(err, errlen, "line %u: %s", lineno, msg);
		if (r < 0)
			goto out;
	}
	if (ferror(in))
		r = fail(err, errlen, "cannot read: %s", strerror(errno));
	else if (!st.log->nr_dir[DDIR_READ] && !st.log->nr_dir[DDIR_WRITE])
		r = fail(err, errlen, "no read or write to replay");
	/* Redirected, the log's own files were only names to check against. */
	while (c->redirect && st.log->nr_files > 1)
		free(st.log->files[--st.log->nr_files]);
out:
	free(line);
	if (r < 0) {
		iolog_free(st.log);
		return r;
	}
	*out = st.log;
	return 0;
}

int iolog_load(const char *path, const struct iolog_conf *c, struct iolog **out,
	       char *err, size_t errlen)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "r") : stdin;
	int r;

	if (!f) {
		r = -errno;
		snprintf(err, errlen, "cannot open: %s", strerror(errno));
		return r;
	}
	r = iolog_read(f, c, out, err, errlen);
	if (f != stdin)
		fclose(f);
	return r;
}

char *iolog_name_for_clone(const char *list, unsigned clone)
{
	char **items, *name;
	size_t nr;

	if (split_list(list, ':', true, &items, &nr) < 0)
		return NULL;
	name = strdup(items[clone % nr]);
	free_list(items, nr);
	return name;
}

/* The log's files as one filename= value, ':' and '\' escaped. */
static char *join_files(const struct iolog *log)
{
	size_t len = 1;
	char *s, *p;

	for (unsigned i = 0; i < log->nr_files; i++)
		len += 2 * strlen(log->files[i]) + 1;
	s = p = malloc(len);
	if (!s)
		return NULL;
	for (unsigned i = 0; i < log->nr_files; i++) {
		if (i)
			*p++ = ':';
		for (const char *q = log->files[i]; *q; q++) {
			if (*q == ':' || *q == '\\')
				*p++ = '\\';
			*p++ = *q;
		}
	}
	*p = '\0';
	return s;
}

/* With verify: every read and write whole multiples of the smallest one. */
static int check_units(const struct iolog *log, char *err, size_t errlen)
{
	uint64_t u = log->min_len;

	for (size_t i = 0; i < log->nr; i++) {
		const struct iolog_entry *e = &log->e[i];

		/* A trim of part of a unit would zero part of its data. */
		if ((ddir_is_rw(e->ddir) || e->ddir == DDIR_TRIM) &&
		    (e->offset % u || e->len % u))
			return fail(err, errlen, "with verify, every %s must be whole %" PRIu64
				    "-byte blocks (the log's smallest I/O): I/O %zu (%s at %" PRIu64
				    ", %u bytes) is not",
				    log->nr_trim ? "read, write and trim" : "read and write", u,
				    i + 1, e->ddir == DDIR_READ ? "read" : e->ddir == DDIR_WRITE
				    ? "write" : "trim", e->offset, e->len);
	}
	return 0;
}

int iolog_apply(const struct iolog *log, struct job_options *o, bool verifies,
		char *err, size_t errlen)
{
	char *names = join_files(log);

	if (!names)
		return -ENOMEM;
	if (verifies && check_units(log, err, errlen) < 0) {
		free(names);
		return -EINVAL;
	}
	free(o->filename);
	o->filename = names;
	free(o->directory);
	o->directory = NULL;
	o->nrfiles = log->nr_files;
	o->rw = (log->nr_dir[DDIR_READ] ? RW_F_READ : 0) |
		(log->nr_dir[DDIR_WRITE] ? RW_F_WRITE : 0) |
		(log->nr_trim ? RW_F_TRIM : 0);
	o->rw_seq_add = 0;
	o->rw_seq_nr = 0;
	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		uint64_t lo = log->min_dlen[d] ? log->min_dlen[d] : log->min_len;
		uint64_t hi = log->max_len[d] ? log->max_len[d] : lo;

		free(o->bssplit[d]);
		o->bssplit[d] = NULL;
		o->bssplit_nr[d] = 0;
		o->bs[d] = o->min_bs[d] = lo;
		o->max_bs[d] = hi;
		o->blockalign[d] = 0;
	}
	o->bs_unaligned = false;
	o->size = log->max_end * log->nr_files;
	o->size_percent = 0;
	o->filesize_min = o->filesize_max = 0;
	o->fill_device = false;
	o->offset = 0;
	o->offset_percent = 0;
	o->offset_increment = 0;
	o->io_size = log->bytes;
	return 0;
}

/* ---- writing ------------------------------------------------------------------ */

#define WBUF_SIZE (64u << 10)

struct iolog_writer {
	int fd;
	int err;		/* first -errno of a write */
	uint64_t t0_ns;
	size_t used;
	unsigned nr_files;
	size_t *name_len;
	const char **names;
	char buf[WBUF_SIZE];
};

/* Write out whole lines; on failure remember it and drop the data. */
static void wflush(struct iolog_writer *w)
{
	size_t done = 0;

	while (done < w->used && !w->err) {
		ssize_t n = write(w->fd, w->buf + done, w->used - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			w->err = n < 0 ? -errno : -EIO;
		else
			done += (size_t)n;
	}
	w->used = 0;
}

/* Room for need more bytes (a name is at most PATH_MAX: always fits). */
static inline char *wroom(struct iolog_writer *w, size_t need)
{
	if (w->used + need > sizeof(w->buf))
		wflush(w);
	return w->buf + w->used;
}

static inline char *put_u64(char *p, uint64_t v)
{
	char tmp[20];
	unsigned n = 0;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		*p++ = tmp[--n];
	return p;
}

static inline char *put_str(char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	return p + n;
}

/* "TS NAME " */
static inline char *put_head(struct iolog_writer *w, char *p, unsigned fi, uint64_t ns)
{
	p = put_u64(p, ns > w->t0_ns ? (ns - w->t0_ns) / 1000 : 0);
	*p++ = ' ';
	p = put_str(p, w->names[fi], w->name_len[fi]);
	*p++ = ' ';
	return p;
}

void iolog_writer_file(struct iolog_writer *w, unsigned fi, const char *act,
		       uint64_t now)
{
	char *p;

	if (!w || fi >= w->nr_files)
		return;
	p = wroom(w, w->name_len[fi] + 40);
	p = put_head(w, p, fi, now);
	p = put_str(p, act, strlen(act));
	*p++ = '\n';
	w->used = (size_t)(p - w->buf);
}

void iolog_writer_io(struct iolog_writer *w, unsigned fi, const struct io_u *u)
{
	static const char *const dn[] = { "read", "write", "trim", "sync", "datasync" };
	static const size_t dl[] = { 4, 5, 4, 4, 8 };
	char *p;

	if (fi >= w->nr_files || u->ddir > DDIR_DATASYNC)
		return;
	p = wroom(w, w->name_len[fi] + 80);
	p = put_head(w, p, fi, u->t_prep);
	p = put_str(p, dn[u->ddir], dl[u->ddir]);
	*p++ = ' ';
	p = put_u64(p, u->offset);
	*p++ = ' ';
	p = put_u64(p, u->len);
	*p++ = '\n';
	w->used = (size_t)(p - w->buf);
}

int iolog_writer_open(struct iolog_writer **out, const char *path,
		      const struct vfile *files, unsigned nr_files, uint64_t t0_ns)
{
	struct iolog_writer *w = calloc(1, sizeof(*w));

	*out = NULL;
	if (!w)
		return -ENOMEM;
	w->fd = -1;
	w->names = calloc(nr_files ? nr_files : 1, sizeof(*w->names));
	w->name_len = calloc(nr_files ? nr_files : 1, sizeof(*w->name_len));
	if (!w->names || !w->name_len) {
		iolog_writer_close(w);
		return -ENOMEM;
	}
	w->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	if (w->fd < 0) {
		int r = -errno;

		iolog_writer_close(w);
		return r;
	}
	w->t0_ns = t0_ns;
	w->nr_files = nr_files;
	for (unsigned i = 0; i < nr_files; i++) {
		w->names[i] = files[i].name;
		w->name_len[i] = strlen(files[i].name);
	}
	memcpy(w->buf, ver3, sizeof(ver3) - 1);
	w->buf[sizeof(ver3) - 1] = '\n';
	w->used = sizeof(ver3);
	for (unsigned i = 0; i < nr_files; i++)
		iolog_writer_file(w, i, "add", t0_ns);
	*out = w;
	return 0;
}

int iolog_writer_close(struct iolog_writer *w)
{
	int r;

	if (!w)
		return 0;
	if (w->fd >= 0) {
		wflush(w);
		if (close(w->fd) < 0 && !w->err)
			w->err = -errno;
	}
	r = w->err;
	free(w->names);
	free(w->name_len);
	free(w);
	return r;
}

/* ---- a job's logs --------------------------------------------------------------- */

int iolog_job_load(struct job *j, bool readonly)
{
	struct job_options *o = &j->o;
	const struct iolog_conf c = {
		.redirect = o->replay_redirect && *o->replay_redirect ? o->replay_redirect : NULL,
		.align = o->replay_align,
		.scale = o->replay_scale,
		.skip = o->replay_skip_mask |
			(readonly ? REPLAY_SKIP_WRITE | REPLAY_SKIP_TRIM : 0),
	};
	bool verifies = o->verify && strcmp(o->verify, "0");
	char err[600], *name;
	int r;

	if (!o->read_iolog || !*o->read_iolog)
		return 0;
	if (o->write_iolog && j->jobnum == 0)
		job_err(j, "read_iolog overrides write_iolog: '%s' is not written", o->write_iolog);
	free(o->write_iolog);
	o->write_iolog = NULL;
	name = iolog_name_for_clone(o->read_iolog, j->jobnum);
	if (!name)
		return 3;
	r = iolog_load(name, &c, &j->replay, err, sizeof(err));
	if (!r && readonly && j->jobnum == 0)
		job_err(j, "--readonly: the writes of read_iolog '%s' are not replayed "
			"(nor its trims)", name);
	if (!r)
		r = iolog_apply(j->replay, o, verifies, err, sizeof(err));
	/* The trims of a log meet the checks the job's options met without them. */
	if (!r && options_trims(o) && (o->mirror || (verifies && o->verify_journal) ||
					 (verifies && o->verify_only && !o->verify_state_load))) {
		snprintf(err, sizeof(err), "has trims, which %s does not take",
			 o->mirror ? "mirror=" : o->verify_journal ? "verify_journal"
			 : "verify_only without verify_state_load=1");
		r = -EINVAL;
	}
	if (r == -ENOMEM) {
		job_err(j, "out of memory reading read_iolog '%s'", name);
	} else if (r < 0) {
		job_err(j, "read_iolog '%s' %s", name, err);
		r = -EINVAL;
	}
	free(name);
	return r == -ENOMEM ? 3 : r < 0 ? 2 : 0;
}

int iolog_job_start(struct job *j)
{
	uint64_t now = now_ns();
	int r;

	if (!j->o.write_iolog || !*j->o.write_iolog)
		return 0;
	r = iolog_writer_open(&j->iolog_w, j->o.write_iolog, j->files, j->nr_files, now);
	for (unsigned i = 0; !r && i < j->nr_files; i++)
		if (j->files[i].flags & VFILE_F_OPEN)
			iolog_writer_file(j->iolog_w, i, "open", now);
	return r;
}

int iolog_job_finish(struct job *j)
{
	uint64_t now = now_ns();
	int r;

	if (!j->iolog_w)
		return 0;
	for (unsigned i = 0; i < j->nr_files; i++)
		iolog_writer_file(j->iolog_w, i, "close", now);
	r = iolog_writer_close(j->iolog_w);
	j->iolog_w = NULL;
	return r;
}

void iolog_job_release(struct job *j)
{
	iolog_free(j->replay);
	j->replay = NULL;
}
