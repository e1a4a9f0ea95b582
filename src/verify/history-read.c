/*
 * history-read.c - reading a write history (PATH.1, then PATH), joining
 * each write with its completion and the syncs around it, and writing a
 * slice of it (the records that touch a set of ranges) as a new history.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/stat.h>

#ifdef CONFIG_ZLIB
#include <zlib.h>
#endif

#include "csum.h"
#include "fdio.h"
#include "le.h"
#include "verify/history.h"
#include "verify/history-priv.h"

/* A record as read, with the stream it came from. */
struct raw {
	uint8_t rec[VHIST_REC_LEN];
	uint32_t job, clone;
};

struct vhist {
	struct vhist_hdr hdr;		/* of the last part read */
	uint8_t *hdr_bytes;		/* its encoded header (for a slice) */
	uint64_t created;		/* of the first part read */
	bool torn, rotated;
	struct raw *raw;		/* every record, in file order */
	size_t nr_raw, raw_cap;
	struct vhist_write *w;
	size_t nr_w;
	struct vhist_sync *s;
	size_t nr_s;
};

static int read_file(const char *path, uint8_t **out, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), r = 0;
	struct stat st;
	uint8_t *p;

	*out = NULL;
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st) < 0) {
		r = -errno;
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		r = -EISDIR;
		goto out;
	}
	p = malloc(st.st_size ? (size_t)st.st_size : 1);
	if (!p) {
		r = -ENOMEM;
		goto out;
	}
	if (read_full(fd, p, (size_t)st.st_size, NULL) != (ssize_t)st.st_size) {
		free(p);
		r = -EIO;
		goto out;
	}
	*out = p;
	*len = (size_t)st.st_size;
out:
	close(fd);
	return r;
}

static int add_raw(struct vhist *h, const uint8_t *rec, uint32_t job, uint32_t clone)
{
	if (h->nr_raw == h->raw_cap) {
		size_t cap = h->raw_cap ? h->raw_cap * 2 : 4096;
		struct raw *n = realloc(h->raw, cap * sizeof(*n));

		if (!n)
			return -ENOMEM;
		h->raw = n;
		h->raw_cap = cap;
	}
	memcpy(h->raw[h->nr_raw].rec, rec, VHIST_REC_LEN);
	h->raw[h->nr_raw].job = job;
	h->raw[h->nr_raw].clone = clone;
	h->nr_raw++;
	return 0;
}

#ifdef CONFIG_ZLIB
/*
 * One segment at p (avail bytes): its records appended.  Returns its
 * length, 0 when it is torn or damaged (reading stops), or -ENOMEM.
 */
static long read_segment(struct vhist *h, const uint8_t *p, size_t avail, uint8_t *ubuf)
{
	uint32_t clen, ulen, nrec;
	uLongf got;
	int r;

	if (avail < VHIST_SEG_HDR_LEN || memcmp(p + SH_MAGIC, SEG_MAGIC, 4) ||
	    get_le32(p + SH_CRC) != csum_crc32c(p, SH_CRC))
		return 0;
	clen = get_le32(p + SH_CLEN);
	ulen = get_le32(p + SH_ULEN);
	nrec = get_le32(p + SH_NREC);
	if (ulen > SEG_ULEN_MAX || ulen != nrec * VHIST_REC_LEN ||
	    clen > avail - VHIST_SEG_HDR_LEN ||
	    get_le32(p + SH_CCRC) != csum_crc32c(p + VHIST_SEG_HDR_LEN, clen))
		return 0;
	got = ulen;
	if (uncompress(ubuf, &got, p + VHIST_SEG_HDR_LEN, clen) != Z_OK || got != ulen)
		return 0;
	for (uint32_t i = 0; i < nrec; i++) {
		r = add_raw(h, ubuf + (size_t)i * VHIST_REC_LEN, get_le32(p + SH_JOB),
			    get_le32(p + SH_CLONE));
		if (r < 0)
			return r;
	}
	return (long)(VHIST_SEG_HDR_LEN + clen);
}
#endif

/* The segments of one part, after its header. */
static int read_segments(struct vhist *h, const uint8_t *p, size_t len, size_t pos)
{
#ifdef CONFIG_ZLIB
	uint8_t *ubuf = malloc(SEG_ULEN_MAX);
	int r = 0;

	if (!ubuf)
		return -ENOMEM;
	while (pos < len) {
		long n = read_segment(h, p + pos, len - pos, ubuf);

		if (n < 0) {
			r = (int)n;
			break;
		}
		if (!n) {
			h->torn = true;
			break;
		}
		pos += (size_t)n;
	}
	free(ubuf);
	return r;
#else
	(void)h;
	(void)p;
	(void)len;
	(void)pos;
	return -ENOTSUP;
#endif
}

/* PATH.1, when it is an earlier part of the same run: its records first. */
static int read_rotated(struct vhist *h, const char *path)
{
	size_t l = strlen(path) + sizeof(VHIST_ROTATED_SUFFIX), len;
	char *p1 = malloc(l);
	struct vhist_hdr hd;
	uint8_t *buf;
	int r;

	if (!p1)
		return -ENOMEM;
	snprintf(p1, l, "%s%s", path, VHIST_ROTATED_SUFFIX);
	r = read_file(p1, &buf, &len);
	if (r < 0) {
		free(p1);
		return r == -ENOENT ? 0 : r;
	}
	r = vhist_hdr_decode(buf, len, &hd, p1, NULL, 0);
	if (!r && hd.run_id == h->hdr.run_id && hd.part < h->hdr.part) {
		h->rotated = true;
		h->created = hd.created;
		r = read_segments(h, buf, len, hd.len);
	} else if (r == -EBADMSG) {
		r = 0;		/* not ours: ignored */
	}
	vhist_hdr_release(&hd);
	free(buf);
	free(p1);
	return r;
}

static int cmp_write(const void *a, const void *b)
{
	const struct vhist_write *x = a, *y = b;

	if (x->t_issue_ns != y->t_issue_ns)
		return x->t_issue_ns < y->t_issue_ns ? -1 : 1;
	if (x->job != y->job)
		return x->job < y->job ? -1 : 1;
	if (x->clone != y->clone)
		return x->clone < y->clone ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int cmp_sync(const void *a, const void *b)
{
	const struct vhist_sync *x = a, *y = b;

	return x->order < y->order ? -1 : x->order > y->order;
}

static int cmp_sync_file(const void *a, const void *b)
{
	const struct vhist_sync *x = a, *y = b;

	if (x->file != y->file)
		return x->file < y->file ? -1 : 1;
	return cmp_sync(a, b);
}

/* A DONE as the join needs it. */
struct done {
	uint32_t job, clone;
	uint64_t seq, order, t;
	int32_t result;
};

static int cmp_done(const void *a, const void *b)
{
	const struct done *x = a, *y = b;

	if (x->job != y->job)
		return x->job < y->job ? -1 : 1;
	if (x->clone != y->clone)
		return x->clone < y->clone ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Whether [off, off + len) lies below the largest size a file can have. */
static bool in_any_file(uint64_t off, uint64_t len)
{
	return off <= (uint64_t)INT64_MAX && len <= (uint64_t)INT64_MAX + 1 - off;
}

/* Split the raw records into writes, completions and syncs: a write that
 * touches no byte a file can have (only a damaged writer makes one) is
 * dropped like a record of a type this reader does not know. */
static int split(struct vhist *h, struct done **dones, size_t *nd)
{
	struct done *d = calloc(h->nr_raw ? h->nr_raw : 1, sizeof(*d));

	h->w = calloc(h->nr_raw ? h->nr_raw : 1, sizeof(*h->w));
	h->s = calloc(h->nr_raw ? h->nr_raw : 1, sizeof(*h->s));
	*dones = d;
	*nd = 0;
	if (!d || !h->w || !h->s)
		return -ENOMEM;
	for (size_t i = 0; i < h->nr_raw; i++) {
		const uint8_t *p = h->raw[i].rec;
		uint32_t job = h->raw[i].job, clone = h->raw[i].clone;

		switch (p[R_TYPE]) {
		case VHIST_R_WRITE:
		case VHIST_R_TRIM:
			if (!in_any_file(get_le64(p + R_OFF), get_le32(p + R_LEN)))
				break;	/* touches no byte a file can have */
			h->w[h->nr_w++] = (struct vhist_write){
				.seq = vhist_get_le48(p + R_SEQ), .job = job, .clone = clone,
				.file = get_le16(p + R_FILE), .trim = p[R_TYPE] == VHIST_R_TRIM,
				.gen = get_le16(p + R_GEN), .offset = get_le64(p + R_OFF),
				.len = get_le32(p + R_LEN), .t_issue_ns = get_le64(p + R_TIME),
			};
			break;
		case VHIST_R_DONE:
			d[(*nd)++] = (struct done){
				.job = job, .clone = clone, .seq = vhist_get_le48(p + R_SEQ),
				.order = get_le64(p + R_OFF), .t = get_le64(p + R_TIME),
				.result = (int32_t)get_le32(p + R_LEN),
			};
			break;
		case VHIST_R_SYNC:
			h->s[h->nr_s++] = (struct vhist_sync){
				.job = job, .clone = clone, .file = get_le16(p + R_FILE),
				.datasync = p[R_FLAGS] & 1, .epoch = vhist_get_le48(p + R_SEQ),
				.t_ns = get_le64(p + R_TIME), .result = (int32_t)get_le32(p + R_LEN),
				.order = get_le64(p + R_OFF),
			};
			break;
		default:
			break;		/* a type this reader does not know */
		}
	}
	return 0;
}

/* The syncs of w's file around its completion (fs: sorted by file, order). */
static void epochs(struct vhist_write *w, const struct vhist_sync *fs, size_t n)
{
	size_t lo = 0, hi = n;

	/* First sync at or after (w->file, w->done_order). */
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (fs[mid].file < w->file ||
		    (fs[mid].file == w->file && fs[mid].order < w->done_order))
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo > 0 && fs[lo - 1].file == w->file)
		w->epoch_before = fs[lo - 1].epoch;
	for (; lo < n && fs[lo].file == w->file; lo++)
		if (fs[lo].result == 0) {
			w->synced_epoch = fs[lo].epoch;
			break;
		}
}

static int join(struct vhist *h)
{
	struct vhist_sync *fs = NULL;
	struct done *d = NULL;
	size_t nd = 0;
	int r = split(h, &d, &nd);

	if (r < 0)
		goto out;
	qsort(d, nd, sizeof(*d), cmp_done);
	fs = malloc((h->nr_s ? h->nr_s : 1) * sizeof(*fs));
	if (!fs) {
		r = -ENOMEM;
		goto out;
	}
	memcpy(fs, h->s, h->nr_s * sizeof(*fs));
	qsort(fs, h->nr_s, sizeof(*fs), cmp_sync_file);
	for (size_t i = 0; i < h->nr_w; i++) {
		struct vhist_write *w = &h->w[i];
		struct done key = { .job = w->job, .clone = w->clone, .seq = w->seq };
		const struct done *k = bsearch(&key, d, nd, sizeof(*d), cmp_done);

		if (!k)
			continue;
		w->t_done_ns = k->t;
		w->result = k->result;
		w->done_order = k->order;
		epochs(w, fs, h->nr_s);
	}
	qsort(h->w, h->nr_w, sizeof(*h->w), cmp_write);
	qsort(h->s, h->nr_s, sizeof(*h->s), cmp_sync);
out:
	free(fs);
	free(d);
	return r;
}

int vhist_open(const char *path, struct vhist **out, char *why, size_t cap)
{
	struct vhist *h = calloc(1, sizeof(*h));
	uint8_t *buf = NULL;
	size_t len = 0;
	int r;

	*out = NULL;
	if (!h)
		return -ENOMEM;
	r = read_file(path, &buf, &len);
	if (r < 0) {
		if (why && cap)
			snprintf(why, cap, "cannot read '%s': %s", path, strerror(-r));
		goto fail;
	}
	r = vhist_hdr_decode(buf, len, &h->hdr, path, why, cap);
	if (r < 0)
		goto fail;
	h->created = h->hdr.created;
	h->hdr_bytes = malloc(h->hdr.len);
	if (!h->hdr_bytes) {
		r = -ENOMEM;
		goto fail;
	}
	memcpy(h->hdr_bytes, buf, h->hdr.len);
	r = read_rotated(h, path);
	if (!r)
		r = read_segments(h, buf, len, h->hdr.len);
	if (!r)
		r = join(h);
	if (r < 0)
		goto fail;
	free(buf);
	*out = h;
	return 0;
fail:
	if (r == -ENOTSUP && why && cap)
		snprintf(why, cap, "cannot read '%s': this verio was built without zlib", path);
	free(buf);
	vhist_close(h);
	return r;
}

void vhist_close(struct vhist *h)
{
	if (!h)
		return;
	vhist_hdr_release(&h->hdr);
	free(h->hdr_bytes);
	free(h->raw);
	free(h->w);
	free(h->s);
	free(h);
}

uint64_t vhist_run_id(const struct vhist *h)
{
	return h->hdr.run_id;
}

uint64_t vhist_seed(const struct vhist *h)
{
	return h->hdr.seed;
}

uint32_t vhist_unit_len(const struct vhist *h)
{
	return h->hdr.unit_len;
}

uint32_t vhist_sector_size(const struct vhist *h)
{
	return h->hdr.sector_size;
}

uint64_t vhist_created_ns(const struct vhist *h)
{
	return h->created;
}

unsigned vhist_nr_files(const struct vhist *h)
{
	return h->hdr.nr_files;
}

const char *vhist_file_name(const struct vhist *h, unsigned i)
{
	return i < h->hdr.nr_files ? h->hdr.files[i] : NULL;
}

int vhist_file_index(const struct vhist *h, const char *name)
{
	struct stat a, b;

	for (unsigned i = 0; i < h->hdr.nr_files; i++)
		if (!strcmp(h->hdr.files[i], name))
			return (int)i;
	if (stat(name, &a) < 0)
		return -1;
	for (unsigned i = 0; i < h->hdr.nr_files; i++) {
		if (stat(h->hdr.files[i], &b) < 0)
			continue;
		if (S_ISBLK(a.st_mode) ? S_ISBLK(b.st_mode) && a.st_rdev == b.st_rdev
				       : a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			return (int)i;
	}
	return -1;
}

unsigned vhist_nr_jobs(const struct vhist *h)
{
	return h->hdr.nr_jobs;
}

const char *vhist_job_name(const struct vhist *h, unsigned job)
{
	return job < h->hdr.nr_jobs ? h->hdr.jobs[job] : NULL;
}

uint32_t vhist_job_clone(const struct vhist *h, unsigned job)
{
	return job < h->hdr.nr_jobs ? h->hdr.clones[job] : 0;
}

const struct vhist_write *vhist_writes(const struct vhist *h, size_t *n)
{
	*n = h->nr_w;
	return h->w;
}

const struct vhist_sync *vhist_syncs(const struct vhist *h, size_t *n)
{
	*n = h->nr_s;
	return h->s;
}

/* Do [a, a + alen) and [b, b + blen) overlap (without overflow)? */
static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	if (!alen || !blen)
		return false;
	return a <= b ? b - a < alen : a - b < blen;
}

long vhist_find(const struct vhist *h, const char *file_name, uint64_t off, uint64_t len,
		int (*fn)(const struct vhist_write *w, void *arg), void *arg)
{
	int fi = vhist_file_index(h, file_name);
	long calls = 0;

	if (fi < 0)
		return -ENOENT;
	for (size_t i = 0; i < h->nr_w; i++) {
		const struct vhist_write *w = &h->w[i];

		if (w->file != (uint32_t)fi || !overlaps(w->offset, w->len, off, len))
			continue;
		calls++;
		if (fn(w, arg))
			break;
	}
	return calls;
}

bool vhist_torn_tail(const struct vhist *h)
{
	return h->torn;
}

bool vhist_rotated(const struct vhist *h)
{
	return h->rotated;
}

/* ---- slicing ----------------------------------------------------------- */

/* A write key the slice keeps. */
struct key {
	uint32_t job, clone;
	uint64_t seq;
};

static int cmp_key(const void *a, const void *b)
{
	const struct key *x = a, *y = b;

	if (x->job != y->job)
		return x->job < y->job ? -1 : 1;
	if (x->clone != y->clone)
		return x->clone < y->clone ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The writes overlapping a range, and the files they touch. */
static int slice_keys(const struct vhist *h, const struct vhist_range *r, size_t n,
		      struct key **out, size_t *nk, bool *files)
{
	struct key *k = malloc((h->nr_w ? h->nr_w : 1) * sizeof(*k));
	int *fi = calloc(n ? n : 1, sizeof(*fi));

	*out = k;
	*nk = 0;
	if (!k || !fi) {
		free(fi);
		return -ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		fi[i] = vhist_file_index(h, r[i].file);
	for (size_t i = 0; i < h->nr_w; i++) {
		const struct vhist_write *w = &h->w[i];

		for (size_t j = 0; j < n; j++) {
			if (fi[j] != (int)w->file || !overlaps(w->offset, w->len, r[j].off, r[j].len))
				continue;
			k[(*nk)++] = (struct key){ w->job, w->clone, w->seq };
			files[w->file] = true;
			break;
		}
	}
	free(fi);
	qsort(k, *nk, sizeof(*k), cmp_key);
	return 0;
}

static bool keep_raw(const struct raw *x, const struct key *k, size_t nk, const bool *files,
		     uint32_t nr_files)
{
	const uint8_t *p = x->rec;
	uint32_t file = get_le16(p + R_FILE);
	struct key key = { x->job, x->clone, vhist_get_le48(p + R_SEQ) };

	if (p[R_TYPE] == VHIST_R_SYNC)
		return file < nr_files && files[file];
	return bsearch(&key, k, nk, sizeof(*k), cmp_key) != NULL;
}

#ifdef CONFIG_ZLIB
/* Write the kept records of h, one segment per run of one stream. */
static int slice_write(int fd, const struct vhist *h, const struct key *k, size_t nk,
		       const bool *files)
{
	size_t cap = vhist_seg_cap();
	uint8_t *out = malloc(cap), *recs = malloc(VHIST_BUF_BYTES);
	z_stream z = { 0 };
	uint32_t n = 0, job = 0, clone = 0;
	uint64_t segno = 0;
	int r = 0;

	if (!out || !recs || deflateInit(&z, Z_BEST_SPEED) != Z_OK) {
		free(out);
		free(recs);
		return -ENOMEM;
	}
	for (size_t i = 0; i <= h->nr_raw && !r; i++) {
		const struct raw *x = i < h->nr_raw ? &h->raw[i] : NULL;

		if (x && !keep_raw(x, k, nk, files, h->hdr.nr_files))
			continue;
		if (n && (!x || x->job != job || x->clone != clone || n == VHIST_BUF_RECS)) {
			uint32_t ncrc = job < h->hdr.nr_jobs ? h->hdr.name_crcs[job] : 0;
			long l = vhist_seg_build(&z, out, cap, recs, n, job, clone, ncrc, segno++);

			if (l < 0)
				r = (int)l;
			else if (write_full(fd, out, (size_t)l, NULL) != l)
				r = errno ? -errno : -EIO;
			n = 0;
		}
		if (!x)
			break;
		job = x->job;
		clone = x->clone;
		memcpy(recs + (size_t)n++ * VHIST_REC_LEN, x->rec, VHIST_REC_LEN);
	}
	deflateEnd(&z);
	free(out);
	free(recs);
	return r;
}
#endif

int vhist_slice(const char *in_path, const char *out_path, const struct vhist_range *r,
		size_t n, char *why, size_t cap)
{
	struct vhist *h = NULL;
	struct key *k = NULL;
	bool *files = NULL;
	size_t nk = 0;
	int fd = -1, e;

	e = vhist_open(in_path, &h, why, cap);
	if (e < 0)
		return e;
	files = calloc(h->hdr.nr_files ? h->hdr.nr_files : 1, sizeof(*files));
	e = files ? slice_keys(h, r, n, &k, &nk, files) : -ENOMEM;
	if (e < 0)
		goto out;
	fd = open(out_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		e = -errno;
		goto out;
	}
	vhist_hdr_set_part(h->hdr_bytes, h->hdr.len, 0);
	if (write_full(fd, h->hdr_bytes, h->hdr.len, NULL) != (ssize_t)h->hdr.len) {
		e = errno ? -errno : -EIO;
		goto out;
	}
#ifdef CONFIG_ZLIB
	e = slice_write(fd, h, k, nk, files);
#else
	e = -ENOTSUP;
#endif
	if (!e && fsync(fd) < 0)
		e = -errno;
out:
	if (e < 0 && why && cap)
		snprintf(why, cap, "cannot write the history slice '%s': %s", out_path,
			 strerror(-e));
	if (fd >= 0)
		close(fd);
	free(files);
	free(k);
	vhist_close(h);
	return e;
}
