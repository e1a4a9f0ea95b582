/*
 * history.c - the write history: codec, writer (per-job streams, one
 * writer thread per file, rotation), reader and slicer.  The layout is
 * in docs/format.md, "Write history"; the contract in history.h.
 */
#include "compat.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <time.h>

#ifdef CONFIG_ZLIB
#include <zlib.h>
#endif

#include "csum.h"
#include "fdio.h"
#include "le.h"
#include "timeutil.h"
#include "verify/history-priv.h"

uint32_t vhist_name_crc(const char *name)
{
	return csum_crc32c(name ? name : "", name ? strlen(name) : 0);
}

void vhist_put_le48(uint8_t *p, uint64_t v)
{
	put_le32(p, (uint32_t)v);
	put_le16(p + 4, (uint16_t)(v >> 32));
}

uint64_t vhist_get_le48(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le16(p + 4) << 32;
}

static uint64_t wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return timespec_to_ns(&ts);
}

/* ---- header ------------------------------------------------------------ */

static size_t name_len(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	return n > UINT16_MAX ? UINT16_MAX : n;
}

/* Encode the header of m into a malloc'd buffer; NULL on ENOMEM. */
uint8_t *vhist_hdr_encode(const struct vhist_meta *m, uint64_t created, int64_t mono_off,
			   size_t *len)
{
	size_t n = HH_FIXED + 4, o;
	uint8_t *p;

	for (uint32_t i = 0; i < m->nr_files; i++)
		n += 2 + name_len(m->files[i]);
	for (uint32_t i = 0; i < m->nr_jobs; i++)
		n += 6 + name_len(m->jobs[i]);
	p = calloc(1, n);
	if (!p)
		return NULL;
	memcpy(p + HH_MAGIC, VHIST_MAGIC, 8);
	put_le32(p + HH_VERSION, VHIST_VERSION);
	put_le32(p + HH_LEN, (uint32_t)n);
	put_le64(p + HH_RUN, m->run_id);
	put_le64(p + HH_SEED, m->seed);
	put_le32(p + HH_UNIT, m->unit_len);
	put_le32(p + HH_SECTOR, m->sector_size);
	put_le64(p + HH_CREATED, created);
	put_le64(p + HH_MONO_OFF, (uint64_t)mono_off);
	put_le32(p + HH_NFILES, m->nr_files);
	put_le32(p + HH_NJOBS, m->nr_jobs);
	o = HH_FIXED;
	for (uint32_t i = 0; i < m->nr_files; i++) {
		size_t l = name_len(m->files[i]);

		put_le16(p + o, (uint16_t)l);
		memcpy(p + o + 2, m->files[i], l);
		o += 2 + l;
	}
	for (uint32_t i = 0; i < m->nr_jobs; i++) {
		size_t l = name_len(m->jobs[i]);

		put_le32(p + o, m->clones ? m->clones[i] : 0);
		put_le16(p + o + 4, (uint16_t)l);
		memcpy(p + o + 6, m->jobs[i], l);
		o += 6 + l;
	}
	put_le32(p + o, csum_crc32c(p, o));
	*len = n;
	return p;
}

/* Set the part number of an encoded header (and its crc). */
void vhist_hdr_set_part(uint8_t *p, size_t len, uint32_t part)
{
	put_le32(p + HH_PART, part);
	put_le32(p + len - 4, csum_crc32c(p, len - 4));
}

void vhist_hdr_release(struct vhist_hdr *h)
{
	for (uint32_t i = 0; h->files && i < h->nr_files; i++)
		free(h->files[i]);
	for (uint32_t i = 0; h->jobs && i < h->nr_jobs; i++)
		free(h->jobs[i]);
	free(h->files);
	free(h->jobs);
	free(h->clones);
	free(h->name_crcs);
	memset(h, 0, sizeof(*h));
}

static char *dup_n(const uint8_t *p, size_t n)
{
	char *s = malloc(n + 1);

	if (s) {
		memcpy(s, p, n);
		s[n] = '\0';
	}
	return s;
}

static int why_set(char *why, size_t cap, int err, const char *path, const char *what)
{
	if (why && cap)
		snprintf(why, cap, "'%s' %s", path, what);
	return err;
}

/* Decode a header's tables (bounds-checked against len). */
static int hdr_tables(const uint8_t *p, size_t len, struct vhist_hdr *h)
{
	size_t o = HH_FIXED, end = len - 4;

	h->files = calloc(h->nr_files ? h->nr_files : 1, sizeof(*h->files));
	h->jobs = calloc(h->nr_jobs ? h->nr_jobs : 1, sizeof(*h->jobs));
	h->clones = calloc(h->nr_jobs ? h->nr_jobs : 1, sizeof(*h->clones));
	h->name_crcs = calloc(h->nr_jobs ? h->nr_jobs : 1, sizeof(*h->name_crcs));
	if (!h->files || !h->jobs || !h->clones || !h->name_crcs)
		return -ENOMEM;
	for (uint32_t i = 0; i < h->nr_files; i++) {
		size_t l;

		if (o + 2 > end || o + 2 + (l = get_le16(p + o)) > end)
			return -EBADMSG;
		if (!(h->files[i] = dup_n(p + o + 2, l)))
			return -ENOMEM;
		o += 2 + l;
	}
	for (uint32_t i = 0; i < h->nr_jobs; i++) {
		size_t l;

		if (o + 6 > end || o + 6 + (l = get_le16(p + o + 4)) > end)
			return -EBADMSG;
		h->clones[i] = get_le32(p + o);
		if (!(h->jobs[i] = dup_n(p + o + 6, l)))
			return -ENOMEM;
		h->name_crcs[i] = vhist_name_crc(h->jobs[i]);
		o += 6 + l;
	}
	return o == end ? 0 : -EBADMSG;
}

int vhist_hdr_decode(const uint8_t *p, size_t size, struct vhist_hdr *h, const char *path,
		      char *why, size_t cap)
{
	uint32_t len;
	int r;

	memset(h, 0, sizeof(*h));
	if (size < 8 || memcmp(p, VHIST_MAGIC, 8))
		return why_set(why, cap, -EBADMSG, path, "is not a verio write history");
	if (size < HH_FIXED + 4)
		return why_set(why, cap, -EBADMSG, path,
			       "is a damaged write history: truncated in its header");
	if (get_le32(p + HH_VERSION) != VHIST_VERSION)
		return why_set(why, cap, -EBADMSG,
			       path, "is a write history of a version this verio does not read");
	len = get_le32(p + HH_LEN);
	if (len < HH_FIXED + 4 || len > HH_MAX || len > size)
		return why_set(why, cap, -EBADMSG,
			       path, "is a damaged write history: header length impossible or file truncated");
	if (get_le32(p + len - 4) != csum_crc32c(p, len - 4))
		return why_set(why, cap, -EBADMSG,
			       path, "is a damaged write history: header checksum mismatch");
	h->len = len;
	h->run_id = get_le64(p + HH_RUN);
	h->seed = get_le64(p + HH_SEED);
	h->unit_len = get_le32(p + HH_UNIT);
	h->sector_size = get_le32(p + HH_SECTOR);
	h->created = get_le64(p + HH_CREATED);
	h->part = get_le32(p + HH_PART);
	h->nr_files = get_le32(p + HH_NFILES);
	h->nr_jobs = get_le32(p + HH_NJOBS);
	if (h->nr_files > len || h->nr_jobs > len)
		return why_set(why, cap, -EBADMSG, path, "is a damaged write history: header tables damaged");
	r = hdr_tables(p, len, h);
	if (r == -EBADMSG)
		return why_set(why, cap, r, path, "is a damaged write history: header tables damaged");
	return r;
}

/* ---- segments ---------------------------------------------------------- */

#ifdef CONFIG_ZLIB
/*
 * Compress n records into out (room for VHIST_SEG_HDR_LEN + compressBound)
 * behind a segment header.  Returns the segment's length, or -errno.
 */
long vhist_seg_build(z_stream *z, uint8_t *out, size_t cap, const uint8_t *recs, uint32_t n,
		      uint32_t job, uint32_t clone, uint32_t ncrc, uint64_t segno)
{
	uint8_t *h = out;
	uint32_t clen;

	if (deflateReset(z) != Z_OK)
		return -EIO;
	z->next_in = (Bytef *)(uintptr_t)recs;
	z->avail_in = n * VHIST_REC_LEN;
	z->next_out = out + VHIST_SEG_HDR_LEN;
	z->avail_out = (uInt)(cap - VHIST_SEG_HDR_LEN);
	if (deflate(z, Z_FINISH) != Z_STREAM_END)
		return -EIO;
	clen = (uint32_t)(cap - VHIST_SEG_HDR_LEN - z->avail_out);
	memcpy(h + SH_MAGIC, SEG_MAGIC, 4);
	put_le32(h + SH_CLEN, clen);
	put_le32(h + SH_ULEN, n * VHIST_REC_LEN);
	put_le32(h + SH_CCRC, csum_crc32c(out + VHIST_SEG_HDR_LEN, clen));
	put_le32(h + SH_JOB, job);
	put_le32(h + SH_CLONE, clone);
	put_le32(h + SH_NAME, ncrc);
	put_le32(h + SH_NREC, n);
	put_le64(h + SH_SEGNO, segno);
	put_le32(h + SH_FLAGS, 0);
	put_le32(h + SH_CRC, csum_crc32c(h, SH_CRC));
	return (long)(VHIST_SEG_HDR_LEN + clen);
}

size_t vhist_seg_cap(void)
{
	return VHIST_SEG_HDR_LEN + compressBound(VHIST_BUF_BYTES);
}
#endif

/* ---- writer ------------------------------------------------------------ */

#define NBUF 4			/* buffers per stream */

struct vhist_buf {
	uint8_t *data;
	uint32_t nrec;
	struct vhist_stream *s;
	struct vhist_buf *next;		/* in the file's queue or a free list */
};

struct vhist_file {
	char *path, *path1;
	int fd;
	uint64_t max, size;
	uint8_t *hdr;			/* encoded header, patched per part */
	size_t hdr_len;
	uint32_t part;
	int64_t mono_off;		/* wall - monotonic */
	uint32_t nr_files;
	_Atomic uint64_t order;		/* run-wide completion counter */
	_Atomic uint64_t *epochs;	/* per file: syncs completed */

	pthread_mutex_t mu;		/* queue, free lists, err, stop */
	pthread_cond_t cond;		/* writer: queue not empty / stop */
	pthread_cond_t freed;		/* streams: a buffer came back */
	struct vhist_buf *head, *tail;
	bool stop;
	int err;
	pthread_t thread;
	bool started;
#ifdef CONFIG_ZLIB
	z_stream z;
	bool z_ready;
#endif
	uint8_t *out;			/* a compressed segment */
	size_t out_cap;
};

struct vhist_stream {
	struct vhist_file *f;
	uint32_t job, clone, ncrc;
	uint16_t *fmap;			/* job file -> header file */
	unsigned nr_files;
	uint64_t *slot_seq;		/* per io_u slot: its write's seq */
	uint16_t *slot_file;
	unsigned nr_slots;
	uint64_t seq, segno;
	struct vhist_buf bufs[NBUF];
	struct vhist_buf *cur, *free;	/* free: under f->mu */
	unsigned nfree;			/* under f->mu */
};

static void note_err(struct vhist_file *f, int err)
{
	if (!f->err)
		f->err = err;
}

/* Start a new part: PATH becomes PATH.1, PATH starts with a header. */
static int rotate(struct vhist_file *f)
{
	int fd;

	if (fsync(f->fd) < 0 || rename(f->path, f->path1) < 0)
		return -errno;
	close(f->fd);
	f->fd = -1;
	fd = open(f->path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	f->fd = fd;
	vhist_hdr_set_part(f->hdr, f->hdr_len, ++f->part);
	if (write_full(fd, f->hdr, f->hdr_len, NULL) != (ssize_t)f->hdr_len)
		return -EIO;
	f->size = f->hdr_len;
	return 0;
}

/* On the writer thread: compress b and append it. */
static void write_buf(struct vhist_file *f, struct vhist_buf *b)
{
#ifdef CONFIG_ZLIB
	struct vhist_stream *s = b->s;
	long n = vhist_seg_build(&f->z, f->out, f->out_cap, b->data, b->nrec, s->job, s->clone,
			   s->ncrc, s->segno++);
	int r;

	if (n < 0) {
		note_err(f, (int)n);
		return;
	}
	if (f->fd < 0)
		return;
	if (f->max && f->size > f->hdr_len && f->size + (uint64_t)n > f->max / 2) {
		r = rotate(f);
		if (r < 0) {
			note_err(f, r);
			return;
		}
	}
	if (write_full(f->fd, f->out, (size_t)n, NULL) != n) {
		note_err(f, errno ? -errno : -EIO);
		return;
	}
	f->size += (uint64_t)n;
#else
	(void)f;
	(void)b;
#endif
}

static void *writer_thread(void *arg)
{
	struct vhist_file *f = arg;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		struct vhist_buf *b;

		while (!f->head && !f->stop)
			pthread_cond_wait(&f->cond, &f->mu);
		if (!f->head)
			break;
		b = f->head;
		f->head = b->next;
		if (!f->head)
			f->tail = NULL;
		pthread_mutex_unlock(&f->mu);
		write_buf(f, b);
		pthread_mutex_lock(&f->mu);
		b->nrec = 0;
		b->next = b->s->free;
		b->s->free = b;
		b->s->nfree++;
		pthread_cond_broadcast(&f->freed);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

static void file_free(struct vhist_file *f)
{
	if (!f)
		return;
	if (f->fd >= 0)
		close(f->fd);
#ifdef CONFIG_ZLIB
	if (f->z_ready)
		deflateEnd(&f->z);
#endif
	pthread_mutex_destroy(&f->mu);
	pthread_cond_destroy(&f->cond);
	pthread_cond_destroy(&f->freed);
	free(f->epochs);
	free(f->out);
	free(f->hdr);
	free(f->path);
	free(f->path1);
	free(f);
}

static int file_alloc(const char *path, uint64_t max, const struct vhist_meta *m,
		      struct vhist_file **out)
{
	struct vhist_file *f = calloc(1, sizeof(*f));
	uint64_t created = wall_ns();

	if (!f)
		return -ENOMEM;
	f->fd = -1;
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->cond, NULL);
	pthread_cond_init(&f->freed, NULL);
	*out = f;
	f->max = max;
	f->nr_files = m->nr_files;
	f->mono_off = (int64_t)(created - now_ns());
	f->path = strdup(path);
	f->path1 = malloc(strlen(path) + sizeof(VHIST_ROTATED_SUFFIX));
	f->epochs = calloc(m->nr_files ? m->nr_files : 1, sizeof(*f->epochs));
	f->hdr = vhist_hdr_encode(m, created, f->mono_off, &f->hdr_len);
	if (!f->path || !f->path1 || !f->epochs || !f->hdr)
		return -ENOMEM;
	snprintf(f->path1, strlen(path) + sizeof(VHIST_ROTATED_SUFFIX), "%s%s", path,
		 VHIST_ROTATED_SUFFIX);
#ifdef CONFIG_ZLIB
	f->out_cap = vhist_seg_cap();
	f->out = malloc(f->out_cap);
	if (!f->out)
		return -ENOMEM;
	if (deflateInit(&f->z, Z_BEST_SPEED) != Z_OK)
		return -ENOMEM;
	f->z_ready = true;
	return 0;
#else
	return -ENOTSUP;
#endif
}

int vhist_file_open(const char *path, uint64_t max, const struct vhist_meta *m,
		    struct vhist_file **out)
{
	struct vhist_file *f = NULL;
	struct stat st;
	int r;

	*out = NULL;
	if (!stat(path, &st) && S_ISDIR(st.st_mode))
		return -EISDIR;
	r = file_alloc(path, max, m, &f);
	if (r < 0)
		goto fail;
	f->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (f->fd < 0) {
		r = -errno;
		goto fail;
	}
	if (unlink(f->path1) < 0 && errno != ENOENT) {
		r = -errno;
		goto fail;
	}
	if (write_full(f->fd, f->hdr, f->hdr_len, NULL) != (ssize_t)f->hdr_len) {
		r = errno ? -errno : -EIO;
		goto fail;
	}
	f->size = f->hdr_len;
	if (pthread_create(&f->thread, NULL, writer_thread, f)) {
		r = -EAGAIN;
		goto fail;
	}
	f->started = true;
	*out = f;
	return 0;
fail:
	file_free(f);
	return r;
}

int vhist_file_close(struct vhist_file *f)
{
	int r;

	if (!f)
		return 0;
	pthread_mutex_lock(&f->mu);
	f->stop = true;
	pthread_cond_broadcast(&f->cond);
	pthread_mutex_unlock(&f->mu);
	if (f->started)
		pthread_join(f->thread, NULL);
	if (f->fd >= 0 && fsync(f->fd) < 0)
		note_err(f, -errno);
	r = f->err;
	file_free(f);
	return r;
}

const char *vhist_file_path(const struct vhist_file *f)
{
	return f->path;
}

/* A stream's memory (the buffers must be back from the writer). */
static void stream_free(struct vhist_stream *s)
{
	for (unsigned i = 0; i < NBUF; i++)
		free(s->bufs[i].data);
	free(s->fmap);
	free(s->slot_seq);
	free(s->slot_file);
	free(s);
}

struct vhist_stream *vhist_stream_new(struct vhist_file *f, uint32_t job, uint32_t clone,
				      const char *name, const uint32_t *file_map,
				      unsigned nr_files, unsigned nr_slots, int *err)
{
	struct vhist_stream *s = calloc(1, sizeof(*s));

	*err = -ENOMEM;
	if (!s)
		return NULL;
	s->f = f;
	s->job = job;
	s->clone = clone;
	s->ncrc = vhist_name_crc(name);
	s->nr_files = nr_files;
	s->nr_slots = nr_slots ? nr_slots : 1;
	s->fmap = calloc(nr_files ? nr_files : 1, sizeof(*s->fmap));
	s->slot_seq = calloc(s->nr_slots, sizeof(*s->slot_seq));
	s->slot_file = calloc(s->nr_slots, sizeof(*s->slot_file));
	if (!s->fmap || !s->slot_seq || !s->slot_file)
		goto fail;
	for (unsigned i = 0; i < nr_files; i++)
		s->fmap[i] = (uint16_t)file_map[i];
	for (unsigned i = 0; i < NBUF; i++) {
		s->bufs[i].data = malloc(VHIST_BUF_BYTES);
		if (!s->bufs[i].data)
			goto fail;
		s->bufs[i].s = s;
	}
	s->cur = &s->bufs[0];
	for (unsigned i = NBUF - 1; i >= 1; i--) {
		s->bufs[i].next = s->free;
		s->free = &s->bufs[i];
	}
	s->nfree = NBUF - 1;
	*err = 0;
	return s;
fail:
	stream_free(s);
	return NULL;
}

/* Hand the current buffer to the writer; with next, wait for a free one. */
static void hand_off(struct vhist_stream *s, bool next)
{
	struct vhist_file *f = s->f;
	struct vhist_buf *b = s->cur;

	pthread_mutex_lock(&f->mu);
	b->next = NULL;
	if (f->tail)
		f->tail->next = b;
	else
		f->head = b;
	f->tail = b;
	pthread_cond_signal(&f->cond);
	s->cur = NULL;
	if (next) {
		while (!s->free)
			pthread_cond_wait(&f->freed, &f->mu);
		s->cur = s->free;
		s->free = s->cur->next;
		s->nfree--;
	}
	pthread_mutex_unlock(&f->mu);
}

int vhist_stream_close(struct vhist_stream *s)
{
	struct vhist_file *f;
	int r;

	if (!s)
		return 0;
	f = s->f;
	if (s->cur && s->cur->nrec)
		hand_off(s, false);
	pthread_mutex_lock(&f->mu);
	while (s->nfree + (s->cur ? 1 : 0) < NBUF)
		pthread_cond_wait(&f->freed, &f->mu);
	r = f->err;
	pthread_mutex_unlock(&f->mu);
	stream_free(s);
	return r;
}

/* Room for one record: the current buffer, handed off when full. */
static inline uint8_t *rec_slot(struct vhist_stream *s)
{
	uint8_t *p;

	if (unlikely(s->cur->nrec == VHIST_BUF_RECS))
		hand_off(s, true);
	p = s->cur->data + (size_t)s->cur->nrec++ * VHIST_REC_LEN;
	return p;
}

static inline uint64_t to_wall(const struct vhist_stream *s, uint64_t t_mono)
{
	return (uint64_t)((int64_t)t_mono + s->f->mono_off);
}

static void put_write(struct vhist_stream *s, bool trim, uint16_t file, uint64_t seq,
		      uint64_t off, uint64_t len, uint16_t gen, uint64_t t)
{
	uint8_t *p = rec_slot(s);

	p[R_TYPE] = trim ? VHIST_R_TRIM : VHIST_R_WRITE;
	p[R_FLAGS] = 0;
	put_le16(p + R_GEN, gen);
	put_le32(p + R_LEN, (uint32_t)len);
	put_le64(p + R_OFF, off);
	put_le64(p + R_TIME, t);
	vhist_put_le48(p + R_SEQ, seq);
	put_le16(p + R_FILE, file);
}

void vhist_issue(struct vhist_stream *s, unsigned slot, unsigned fi, uint64_t off,
		 uint64_t len, bool trim, uint64_t t_mono,
		 uint16_t (*gen_of)(const void *arg, uint32_t k), const void *arg,
		 uint32_t unit_len)
{
	uint64_t seq = ++s->seq, t = to_wall(s, t_mono);
	uint16_t file = s->fmap[fi];
	uint32_t n;

	s->slot_seq[slot % s->nr_slots] = seq;
	s->slot_file[slot % s->nr_slots] = file;
	if (!gen_of || !unit_len || len < unit_len) {
		put_write(s, trim, file, seq, off, len, 0, t);
		return;
	}
	n = (uint32_t)(len / unit_len);
	for (uint32_t k = 0; k < n;) {
		uint16_t g = gen_of(arg, k);
		uint32_t e = k + 1;

		while (e < n && gen_of(arg, e) == g)
			e++;
		put_write(s, trim, file, seq, off + (uint64_t)k * unit_len,
			  (uint64_t)(e - k) * unit_len, g, t);
		k = e;
	}
}

static void put_done(struct vhist_stream *s, uint8_t type, uint8_t flags, int result,
		     uint64_t order, uint64_t t_mono, uint64_t seq, uint16_t file)
{
	uint8_t *p = rec_slot(s);

	p[R_TYPE] = type;
	p[R_FLAGS] = flags;
	put_le16(p + R_GEN, 0);
	put_le32(p + R_LEN, (uint32_t)result);
	put_le64(p + R_OFF, order);
	put_le64(p + R_TIME, to_wall(s, t_mono));
	vhist_put_le48(p + R_SEQ, seq);
	put_le16(p + R_FILE, file);
}

void vhist_done(struct vhist_stream *s, unsigned slot, int result, uint64_t t_mono)
{
	uint64_t order = atomic_fetch_add_explicit(&s->f->order, 1, memory_order_relaxed) + 1;

	slot %= s->nr_slots;
	put_done(s, VHIST_R_DONE, 0, result, order, t_mono, s->slot_seq[slot],
		 s->slot_file[slot]);
}

void vhist_sync(struct vhist_stream *s, unsigned fi, bool datasync, int result,
		uint64_t t_mono)
{
	uint16_t file = s->fmap[fi];
	uint64_t epoch = file < s->f->nr_files
			 ? atomic_fetch_add(&s->f->epochs[file], 1) + 1 : 0;
	uint64_t order = atomic_fetch_add_explicit(&s->f->order, 1, memory_order_relaxed) + 1;

	put_done(s, VHIST_R_SYNC, datasync ? 1 : 0, result, order, t_mono, epoch, file);
}
