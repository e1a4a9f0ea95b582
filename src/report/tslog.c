/*
 * tslog.c - fio's time-series logs: chunks handed from the job thread to
 * a writer thread through lock-free rings, and fio's formats (text
 * lines, histogram lines, and the binary samples of its compressed logs).
 *
 * tslog_add() (tslog.h) and tslog_chunk_full() run on the job thread's
 * per-I/O path: no lock, no system call, and no allocation unless the
 * writer has fallen behind by its whole stock of spare chunks.
 */
#include "compat.h"

#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <zlib.h>

#include "le.h"
#include "report/tslog.h"
#include "timeutil.h"

#define RING_N 256		/* chunks in flight per direction; a power of 2 */
#define SPARES 2		/* empty chunks the writer keeps ready */
#define VAL_RECS 4096		/* records per chunk of a value log (160 KiB) */
#define HIST_RECS 4		/* records per chunk of a histogram log */
#define WRITER_NAP_NS (5 * NSEC_PER_MSEC)
#define OUT_BUF (64 * 1024)

/* Single producer, single consumer: each index written by one side only. */
struct ring {
	_Atomic unsigned head, tail;
	struct tslog_chunk *slot[RING_N];
};

static bool ring_push(struct ring *r, struct tslog_chunk *c)
{
	unsigned t = atomic_load_explicit(&r->tail, memory_order_relaxed);

	if (t - atomic_load_explicit(&r->head, memory_order_acquire) == RING_N)
		return false;
	r->slot[t % RING_N] = c;
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
	return true;
}

static struct tslog_chunk *ring_pop(struct ring *r)
{
	unsigned h = atomic_load_explicit(&r->head, memory_order_relaxed);
	struct tslog_chunk *c;

	if (h == atomic_load_explicit(&r->tail, memory_order_acquire))
		return NULL;
	c = r->slot[h % RING_N];
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	return c;
}

static unsigned ring_count(struct ring *r)
{
	return atomic_load_explicit(&r->tail, memory_order_acquire) -
	       atomic_load_explicit(&r->head, memory_order_acquire);
}

/* The writer's side of a log. */
struct tslog_priv {
	struct ring full;		/* job thread -> writer */
	struct ring spare;		/* writer -> job thread */
	unsigned recs_per_chunk;
	unsigned flags;
	unsigned coarseness;
	int fd;
	int err;			/* first -errno writing */
	char *out;			/* text, or binary samples before deflate */
	size_t out_len, out_cap;
	unsigned char *zbuf;		/* one deflated stream */
	size_t zcap;
	uint64_t *prev[3];		/* hist: the last record's bins, per ddir (r, w, trim) */
};

static struct tslog_chunk *chunk_new(const struct tslog *l)
{
	struct tslog_chunk *c = malloc(sizeof(*c) + l->p->recs_per_chunk * l->rec_size);

	if (c) {
		c->n = 0;
		c->cap = l->p->recs_per_chunk;
	}
	return c;
}

void tslog_chunk_full(struct tslog *l)
{
	struct tslog_chunk *c = ring_pop(&l->p->spare);

	if (!c) {
		c = chunk_new(l);
		if (!c)
			return;		/* tslog_add() counts the loss */
		l->inline_allocs++;
	}
	/* RING_N full chunks behind: wait for the writer, rather than lose them. */
	while (!ring_push(&l->p->full, l->cur))
		sched_yield();
	l->cur = c;
}

void tslog_add_hist(struct tslog *l, uint64_t time_ms, unsigned ddir, uint64_t bs,
		    const uint64_t *plat)
{
	struct tslog_rec *r;

	if (l->cur->n == l->cur->cap) {
		tslog_chunk_full(l);
		if (l->cur->n == l->cur->cap) {
			l->dropped++;
			return;
		}
	}
	r = (struct tslog_rec *)(void *)(l->cur->recs + l->cur->n * l->rec_size);
	memset(r, 0, sizeof(*r));
	r->time_ms = time_ms;
	r->ddir = ddir;
	r->bs = bs;
	memcpy(r + 1, plat, TSLOG_PLAT_NR * sizeof(*plat));
	l->cur->n++;
}

/* ---- formats ------------------------------------------------------------- */

/* Decimal digits of v at p; returns the end. The writer's inner loop. */
static char *put_u64(char *p, uint64_t v)
{
	static const char pairs[] =
		"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
		"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
		"8081828384858687888990919293949596979899";
	unsigned n = 1;
	char *end;

	for (uint64_t t = v; t >= 10; t /= 10)
		n++;
	end = p + n;
	/* Two digits per division, from the right. */
	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;

		v /= 100;
		*--end = pairs[d + 1];
		*--end = pairs[d];
	}
	if (v >= 10) {
		*--end = pairs[v * 2 + 1];
		*--end = pairs[v * 2];
	} else {
		*--end = (char)('0' + v);
	}
	return p + n;
}

static char *put_sep(char *p)
{
	p[0] = ',';
	p[1] = ' ';
	return p + 2;
}

/* At most 7 numbers of 20 digits, a sign, separators, "0x": 160 bytes. */
static size_t format_line(char *buf, const struct tslog_rec *r, unsigned flags)
{
	static const char hex[] = "0123456789abcdef";
	char *p = put_sep(put_u64(buf, r->time_ms));

	/* fio prints the value signed, the priority in hex under log_prio. */
	if ((int64_t)r->value < 0) {
		*p++ = '-';
		p = put_u64(p, 0 - r->value);
	} else {
		p = put_u64(p, r->value);
	}
	if (flags & TSLOG_F_BOTH)
		p = put_u64(put_sep(p), r->value1);
	p = put_sep(put_u64(put_sep(p), r->ddir));
	p = put_sep(put_u64(p, r->bs));
	if (flags & TSLOG_F_OFFSET)
		p = put_sep(put_u64(p, r->offset));
	if (flags & TSLOG_F_PRIO) {
		*p++ = '0';
		*p++ = 'x';
		for (int sh = 12; sh >= 0; sh -= 4)
			*p++ = hex[(r->prio >> sh) & 15];
	} else {
		p = put_u64(p, r->prio);
	}
	if (flags & TSLOG_F_ISSUE)
		p = put_u64(put_sep(p), r->issue_ns);
	*p++ = '\n';
	return (size_t)(p - buf);
}

int tslog_format(char *buf, size_t len, const struct tslog_rec *r, unsigned flags)
{
	char line[TSLOG_LINE_MAX];
	size_t n = format_line(line, r, flags);

	if (len) {
		size_t k = n < len ? n : len - 1;

		memcpy(buf, line, k);
		buf[k] = '\0';
	}
	return (int)n;
}

size_t tslog_encode_fio(unsigned char *out, const struct tslog_rec *r, unsigned flags)
{
	/* fio's struct io_sample: time, value, ddir and flag bits, prio, bs. */
	uint32_t ddir = r->ddir;

	if (flags & TSLOG_F_OFFSET)
		ddir |= 0x80000000u;
	if (flags & TSLOG_F_PRIO)
		ddir |= 0x40000000u;
	memset(out, 0, 32);
	put_le64(out, r->time_ms);
	put_le64(out + 8, r->value);
	put_le32(out + 16, ddir);
	put_le16(out + 20, (uint16_t)r->prio);
	put_le64(out + 24, r->bs);
	if (!(flags & TSLOG_F_OFFSET))
		return 32;
	put_le64(out + 32, r->offset);
	return 40;
}

/* ---- writing --------------------------------------------------------------- */

static void note_err(struct tslog_priv *p, int err)
{
	if (!p->err)
		p->err = err;
}

static void write_all(struct tslog_priv *p, const void *buf, size_t len)
{
	const char *b = buf;

	while (len && !p->err) {
		ssize_t n = write(p->fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			note_err(p, n < 0 ? -errno : -EIO);
			return;
		}
		b += n;
		len -= (size_t)n;
	}
}

/* log_store_compressed: what is buffered becomes one zlib stream. */
static void deflate_out(struct tslog_priv *p)
{
	uLongf zlen = (uLongf)p->zcap;

	if (!p->out_len)
		return;
	if (compress2(p->zbuf, &zlen, (const Bytef *)p->out, (uLong)p->out_len,
		      Z_DEFAULT_COMPRESSION) != Z_OK)
		note_err(p, -EIO);
	else
		write_all(p, p->zbuf, zlen);
	p->out_len = 0;
}

static void flush_out(struct tslog_priv *p)
{
	if (p->flags & TSLOG_F_STORE_GZ) {
		deflate_out(p);
		return;
	}
	write_all(p, p->out, p->out_len);
	p->out_len = 0;
}

/* Room for need more bytes in the output buffer. */
static char *out_room(struct tslog_priv *p, size_t need)
{
	if (p->out_cap - p->out_len < need)
		flush_out(p);
	return p->out + p->out_len;
}

static void put_rec(struct tslog_priv *p, const struct tslog_rec *r)
{
	if (p->flags & TSLOG_F_STORE_GZ) {
		p->out_len += tslog_encode_fio((unsigned char *)out_room(p, 40), r, p->flags);
		return;
	}
	p->out_len += format_line(out_room(p, TSLOG_LINE_MAX), r, p->flags);
}

/* "time, ddir, bs, bin..." with the counts since the direction's last line. */
static void put_hist(struct tslog_priv *p, const struct tslog_rec *r)
{
	const uint64_t *now = (const uint64_t *)(const void *)(r + 1);
	uint64_t *prev = p->prev[r->ddir < 3 ? r->ddir : 0];
	unsigned stride = 1u << p->coarseness;
	char *o = out_room(p, 80);

	p->out_len += (size_t)snprintf(o, 80, "%" PRIu64 ", %u, %" PRIu64 ", ", r->time_ms,
				       r->ddir, r->bs);
	for (unsigned j = 0; j < TSLOG_PLAT_NR; j += stride) {
		uint64_t sum = 0;

		for (unsigned k = j; k < j + stride; k++)
			sum += now[k] - prev[k];
		o = out_room(p, 32);
		p->out_len += (size_t)snprintf(o, 32, "%" PRIu64 "%s", sum,
					       j + stride < TSLOG_PLAT_NR ? ", " : "\n");
	}
	memcpy(prev, now, TSLOG_PLAT_NR * sizeof(*prev));
}

static void write_chunk(struct tslog *l, struct tslog_chunk *c)
{
	for (uint32_t i = 0; i < c->n; i++) {
		const struct tslog_rec *r = (const void *)(c->recs + i * l->rec_size);

		if (l->p->flags & TSLOG_F_HIST)
			put_hist(l->p, r);
		else
			put_rec(l->p, r);
	}
	c->n = 0;
}

/* Write what the job thread handed over; keep its spare chunks stocked. */
static void service(struct tslog *l)
{
	struct tslog_chunk *c;

	while ((c = ring_pop(&l->p->full))) {
		write_chunk(l, c);
		if (ring_count(&l->p->spare) >= SPARES || !ring_push(&l->p->spare, c))
			free(c);
	}
	while (ring_count(&l->p->spare) < SPARES && (c = chunk_new(l)))
		if (!ring_push(&l->p->spare, c)) {
			free(c);
			break;
		}
}

/* ---- open, close ------------------------------------------------------------ */

void tslog_free(struct tslog *l)
{
	struct tslog_chunk *c;

	if (!l)
		return;
	if (l->p) {
		while ((c = ring_pop(&l->p->full)))
			free(c);
		while ((c = ring_pop(&l->p->spare)))
			free(c);
		if (l->p->fd >= 0)
			close(l->p->fd);
		free(l->p->out);
		free(l->p->zbuf);
		for (unsigned d = 0; d < 3; d++)
			free(l->p->prev[d]);
		free(l->p);
	}
	free(l->cur);
	free(l);
}

static int priv_alloc(struct tslog *l, const struct tslog_conf *c)
{
	struct tslog_priv *p = calloc(1, sizeof(*p));

	if (!p)
		return -ENOMEM;
	l->p = p;
	p->fd = -1;
	p->flags = c->flags;
	p->coarseness = c->hist_coarseness;
	p->recs_per_chunk = c->flags & TSLOG_F_HIST ? HIST_RECS : VAL_RECS;
	p->out_cap = OUT_BUF;
	if (c->flags & TSLOG_F_STORE_GZ) {
		/* A stream holds gz_chunk bytes of samples, rounded to whole ones. */
		p->out_cap = c->gz_chunk > 64 ? (size_t)c->gz_chunk : 64;
		p->zcap = (size_t)compressBound((uLong)p->out_cap);
		p->zbuf = malloc(p->zcap);
		if (!p->zbuf)
			return -ENOMEM;
	}
	p->out = malloc(p->out_cap);
	if (!p->out)
		return -ENOMEM;
	if (c->flags & TSLOG_F_HIST) {
		for (unsigned d = 0; d < 3; d++) {
			p->prev[d] = calloc(TSLOG_PLAT_NR, sizeof(uint64_t));
			if (!p->prev[d])
				return -ENOMEM;
		}
	}
	return 0;
}

struct tslog *tslog_open(const struct tslog_conf *c, int *err)
{
	struct tslog *l = calloc(1, sizeof(*l));
	int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
	int r;

	if (!l) {
		*err = -ENOMEM;
		return NULL;
	}
	l->rec_size = sizeof(struct tslog_rec);
	if (c->flags & TSLOG_F_HIST)
		l->rec_size += TSLOG_PLAT_NR * sizeof(uint64_t);
	r = priv_alloc(l, c);
	if (!r) {
		l->cur = chunk_new(l);
		r = l->cur ? 0 : -ENOMEM;
	}
	if (!r) {
		service(l);	/* the first spares */
		flags |= c->flags & TSLOG_F_APPEND ? O_APPEND : O_TRUNC;
		l->p->fd = open(c->path, flags, 0644);
		if (l->p->fd < 0)
			r = -errno;
	}
	if (r) {
		tslog_free(l);
		*err = r;
		return NULL;
	}
	return l;
}

struct tslog_writer {
	pthread_t thread;
	atomic_bool stop;
	struct tslog *const *logs;
	unsigned n;
};

static void *writer_main(void *arg)
{
	struct tslog_writer *w = arg;

	while (!atomic_load_explicit(&w->stop, memory_order_acquire)) {
		for (unsigned i = 0; i < w->n; i++)
			service(w->logs[i]);
		sleep_ns(WRITER_NAP_NS);
	}
	return NULL;
}

int tslog_writer_start(struct tslog_writer **out, struct tslog *const *logs, unsigned n)
{
	struct tslog_writer *w = calloc(1, sizeof(*w));
	int r;

	if (!w)
		return -ENOMEM;
	w->logs = logs;
	w->n = n;
	atomic_init(&w->stop, false);
	r = pthread_create(&w->thread, NULL, writer_main, w);
	if (r) {
		free(w);
		return -r;
	}
	*out = w;
	return 0;
}

/* The job thread's last words: what is left, written; the file closed. */
static int finish_log(struct tslog *l)
{
	int r;

	service(l);
	write_chunk(l, l->cur);
	flush_out(l->p);
	r = l->p->err;
	if (close(l->p->fd) && !r)
		r = -errno;
	l->p->fd = -1;
	if (!r && l->dropped)
		r = -ENOMEM;
	tslog_free(l);
	return r;
}

int tslog_writer_stop(struct tslog_writer *w)
{
	int err = 0;

	if (!w)
		return 0;
	atomic_store_explicit(&w->stop, true, memory_order_release);
	pthread_join(w->thread, NULL);
	for (unsigned i = 0; i < w->n; i++) {
		int r = finish_log(w->logs[i]);

		if (!err)
			err = r;
	}
	free(w);
	return err;
}

/* ---- fio --inflate-log -------------------------------------------------- */

/* Decode whole samples from p[0..len), print them; returns the bytes used. */
static size_t inflate_samples(struct tslog_priv *p, const unsigned char *b, size_t len,
			      bool *seen)
{
	size_t used = 0;

	while (len - used >= 32) {
		uint32_t dd = get_le32(b + used + 16);
		size_t size = dd & 0x80000000u ? 40 : 32;
		struct tslog_rec r = { 0 };

		if (len - used < size)
			break;
		/* The first sample says which columns the file has, as fio reads it. */
		if (!*seen)
			p->flags = (dd & 0x80000000u ? TSLOG_F_OFFSET : 0) |
				   (dd & 0x40000000u ? TSLOG_F_PRIO : 0);
		*seen = true;
		r.time_ms = get_le64(b + used);
		r.value = get_le64(b + used + 8);
		r.ddir = dd & 0x3fffffffu;
		r.prio = get_le16(b + used + 20);
		r.bs = get_le64(b + used + 24);
		if (size == 40)
			r.offset = get_le64(b + used + 32);
		put_rec(p, &r);
		used += size;
	}
	return used;
}

int tslog_inflate(int in_fd, int out_fd)
{
	struct tslog_priv p = { .fd = out_fd, .out_cap = OUT_BUF };
	unsigned char in[16384];
	unsigned char *win = malloc(OUT_BUF);
	size_t have = 0, avail = 0, off = 0;
	z_stream z = { 0 };
	bool open_stream = false, seen = false;
	int r = 0, zr;

	p.out = malloc(OUT_BUF);
	if (!win || !p.out) {
		free(win);
		free(p.out);
		return -ENOMEM;
	}
	for (;;) {
		if (off == avail) {
			ssize_t n = read(in_fd, in, sizeof(in));

			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0) {
				r = -errno;
				break;
			}
			if (!n)
				break;
			avail = (size_t)n;
			off = 0;
		}
		if (!open_stream) {	/* streams follow one another */
			if (inflateInit(&z) != Z_OK) {
				r = -ENOMEM;
				break;
			}
			open_stream = true;
		}
		z.next_in = in + off;
		z.avail_in = (uInt)(avail - off);
		z.next_out = win + have;
		z.avail_out = (uInt)(OUT_BUF - have);
		zr = inflate(&z, Z_NO_FLUSH);
		off = avail - z.avail_in;
		have = OUT_BUF - z.avail_out;
		if (zr != Z_OK && zr != Z_STREAM_END && zr != Z_BUF_ERROR) {
			r = -EINVAL;
			break;
		}
		if (zr == Z_STREAM_END) {
			inflateEnd(&z);
			open_stream = false;
		}
		{
			size_t used = inflate_samples(&p, win, have, &seen);

			memmove(win, win + used, have - used);
			have -= used;
		}
		if (p.err)
			break;
	}
	if (open_stream) {
		inflateEnd(&z);
		if (!r)
			r = -EINVAL;	/* cut short */
	}
	if (!r && have)
		r = -EINVAL;		/* a partial sample */
	flush_out(&p);
	if (!r)
		r = p.err;
	free(win);
	free(p.out);
	return r;
}
