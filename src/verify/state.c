/*
 * vstate.c - save and load the verify state file (see vstate.h; the byte
 * layout is in docs/format.md, "Verify state file").
 *
 * Saving builds the whole file in memory (header, then per file a record,
 * its name and its compressed map), checksums it, and writes it in one
 * go through a temporary file.  Loading reads the whole file, checks the
 * envelope (magic, length, crc32c, version) before trusting any field,
 * then decodes strictly: every length is bounded by what is left, and the
 * file must end exactly where the last map ends.
 *
 * Off the hot path: both run once per job, at its start or end.
 */
#include "compat.h"

#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#ifdef CONFIG_ZLIB
#define ZLIB_CONST
#include <zlib.h>
#endif

#include "csum.h"
#include "fdio.h"
#include "verify/genmap.h"
#include "le.h"
#include "verify/state.h"

#define VSTATE_MAGIC "VRIOSTAT"

/*
 * The envelope: the same offsets in every version, so that a reader can
 * check length and checksum before it looks at the version.
 */
enum {
	VS_MAGIC = 0,		/* 8: "VRIOSTAT" */
	VS_VERSION = 8,		/* 4 */
	VS_FLAGS = 12,		/* 4: VSTATE_F_* */
	VS_FILE_LEN = 16,	/* 8: whole file, trailer included */
	VS_ENVELOPE_LEN = 24,
	VS_TRAILER_LEN = 4,	/* crc32c of every byte before it */
};

/* Version 2 header: the envelope, then the job. */
enum {
	VS_SEQ = 24,		/* 8: checkpoint sequence */
	VS_RUN_ID = 32,		/* 8: the run that saved */
	VS_SEED = 40,		/* 8: its data seed */
	VS_RAND_SEED = 48,	/* 8: the workload's random seed */
	VS_SAVE_MS = 56,	/* 8: wall clock of the save, ms */
	VS_JOB_INDEX = 64,	/* 4 */
	VS_CLONE = 68,		/* 4 */
	VS_UNIT_LEN = 72,	/* 4 */
	VS_SECTOR_SIZE = 76,	/* 4 */
	VS_HDR_OFF = 80,	/* 4: verify_offset */
	VS_NAME_LEN = 84,	/* 2: job name bytes, which follow the header */
	VS_ALGO = 86,		/* 1 */
	VS_RESERVED0 = 87,	/* 1 */
	VS_NR_FILES = 88,	/* 4 */
	VS_NR_RUNS = 92,	/* 4: runs table entries, after the job name */
	VS_HDR_LEN = 96,
};
_Static_assert((int)VS_SEQ == (int)VS_ENVELOPE_LEN,
	       "the header follows the envelope");
_Static_assert(VS_NR_RUNS + 4 == VS_HDR_LEN, "header fields fill the header");
_Static_assert(sizeof(VSTATE_MAGIC) - 1 == VS_VERSION, "magic is 8 bytes");

/* Runs table entry. */
enum {
	VR_RUN_ID = 0,		/* 8 */
	VR_SEED = 8,		/* 8 */
	VR_START_MS = 16,	/* 8 */
	VR_FIRST_GEN = 24,	/* 2 */
	VR_LAST_GEN = 26,	/* 2 */
	VR_RESERVED = 28,	/* 4 */
	VR_LEN = 32,
};
_Static_assert(VR_RESERVED + 4 == VR_LEN, "run fields fill the entry");

/* Version 2 file record: then the file name, its real path, the map. */
enum {
	VF_OFFSET = 0,		/* 8: region offset */
	VF_SIZE = 8,		/* 8: region size */
	VF_NUNITS = 16,		/* 8 */
	VF_WRITTEN = 24,	/* 8: entries != 0 */
	VF_MAP_LEN = 32,	/* 8: stored map bytes */
	VF_DEV = 40,		/* 8: st_dev */
	VF_INO = 48,		/* 8: st_ino */
	VF_RDEV = 56,		/* 8: st_rdev (block device) */
	VF_TARGET_SIZE = 64,	/* 8: size of the file or device */
	VF_NAME_LEN = 72,	/* 2 */
	VF_PATH_LEN = 74,	/* 2: real path bytes */
	VF_ENCODING = 76,	/* 1: enum vs_map_encoding */
	VF_KIND = 77,		/* 1: enum vstate_kind */
	VF_RESERVED = 78,	/* 2 */
	VF_REC_LEN = 80,
};
_Static_assert(VF_RESERVED + 2 == VF_REC_LEN, "record fields fill the record");

enum vs_map_encoding {
	VS_MAP_RAW = 0,		/* nunits little-endian uint16 */
	VS_MAP_ZLIB = 1,	/* the same bytes as one zlib (RFC 1950) stream */
};

#define VS_FLAGS_KNOWN ((uint32_t)(VSTATE_F_CLEAN | VSTATE_F_LAYOUT | VSTATE_F_TRIM))

/* The trim block after a map (flag VSTATE_F_TRIM). */
enum {
	VT_TRIMMED = 0,		/* 8: units trimmed: a check on the bits */
	VT_BITS_LEN = 8,	/* 8: bytes of bits that follow, (n + 7) / 8 */
	VT_LEN = 16,
};

/* The layout block (flag VSTATE_F_LAYOUT), after the job name. */
enum {
	VL_LAYOUT = 0,		/* 1: enum vlayout, not 0 (native) */
	VL_FIO_LAYOUT = 1,	/* 1 */
	VL_RESERVED = 2,	/* 2 */
	VL_PIECE_LEN = 4,	/* 4 */
	VL_LEN = 8,
};
/* Highest enum vlayout and fio header layout a reader knows. */
#define VL_LAYOUT_MAX 2u
#define VL_FIO_LAYOUT_MAX 2u
#define VS_NAME_MAX 65535u
/* Map bytes encoded per step, and the size of the I/O buffers. */
#define VS_CHUNK 65536u
/*
 * deflate cannot expand more than 1032:1; a stored map claiming more
 * units than that allows is corrupt, and is refused before allocating.
 */
#define VS_ZLIB_MAX_RATIO 1032u

/* ---- vstate_path ------------------------------------------------------- */

static bool name_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

int vstate_path(char *buf, size_t cap, const char *aux_path,
		const char *job_name, unsigned clone)
{
	size_t n = 0;
	int w;

	if (!buf || !cap || !job_name || !*job_name)
		return -EINVAL;
	buf[0] = '\0';
	if (aux_path && *aux_path) {
		size_t a = strlen(aux_path);
		bool slash = aux_path[a - 1] != '/';

		if (a + slash >= cap)
			return -ENAMETOOLONG;
		memcpy(buf, aux_path, a);
		n = a;
		if (slash)
			buf[n++] = '/';
	}
	for (; *job_name; job_name++) {
		if (n + 1 >= cap) {
			buf[0] = '\0';
			return -ENAMETOOLONG;
		}
		buf[n++] = name_char_ok(*job_name) ? *job_name : '_';
	}
	w = snprintf(buf + n, cap - n, ".%u%s", clone, VSTATE_SUFFIX);
	if (w < 0 || (size_t)w >= cap - n) {
		buf[0] = '\0';
		return -ENAMETOOLONG;
	}
	return 0;
}

/* ---- writing: a buffered stream to the temporary file ------------------ */

struct wr {
	int fd;
	int err;		/* first error, sticky */
	uint64_t pos;		/* file offset of buf[0] */
	size_t n;		/* bytes in buf */
	uint8_t *buf;		/* VS_CHUNK bytes */
};

static void wr_flush(struct wr *w)
{
	ssize_t r;

	if (w->err || !w->n)
		return;
	r = pwrite_full(w->fd, w->buf, w->n, (off_t)w->pos, NULL);
	if (r < 0)
		w->err = (int)r;
	else if ((size_t)r != w->n)
		w->err = -EIO;
	w->pos += w->n;
	w->n = 0;
}

static void wr_put(struct wr *w, const void *p, size_t n)
{
	const uint8_t *s = p;

	while (n && !w->err) {
		size_t k = MIN_OF(n, VS_CHUNK - w->n);

		memcpy(w->buf + w->n, s, k);
		w->n += k;
		s += k;
		n -= k;
		if (w->n == VS_CHUNK)
			wr_flush(w);
	}
}

/* The file offset of the next byte put. */
static uint64_t wr_tell(const struct wr *w)
{
	return w->pos + w->n;
}

/* Drop everything from file offset at on (flushes first). */
static void wr_truncate(struct wr *w, uint64_t at)
{
	wr_flush(w);
	if (!w->err && ftruncate(w->fd, (off_t)at))
		w->err = -errno;
	w->pos = at;
}

/* Overwrite n bytes at file offset at (after a flush). */
static void wr_patch(struct wr *w, uint64_t at, const void *p, size_t n)
{
	ssize_t r;

	wr_flush(w);
	if (w->err)
		return;
	r = pwrite_full(w->fd, p, n, (off_t)at, NULL);
	if (r < 0)
		w->err = (int)r;
	else if ((size_t)r != n)
		w->err = -EIO;
}

/* Little-endian bytes of k map entries. */
static void map_encode(uint8_t *out, const uint16_t *g, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		put_le16(out + 2 * i, g[i]);
}

static void map_store_raw(struct wr *w, const struct genmap *m, uint8_t *tmp)
{
	const uint16_t *g = genmap_data_const(m);
	uint64_t done = 0, n = genmap_nunits(m);

	while (done < n && !w->err) {
		size_t k = (size_t)MIN_OF(n - done, (uint64_t)(VS_CHUNK / 2));

		map_encode(tmp, g + done, k);
		wr_put(w, tmp, 2 * k);
		done += k;
	}
}

#ifdef CONFIG_ZLIB
/*
 * Deflate the little-endian map into w, VS_CHUNK bytes of input at a
 * time.  Level 1: a map of long runs still shrinks some 200:1 (the
 * default level does 4 times better there), while a map of random
 * generations deflates ten times faster than at the default level.
 * Stops early (returns false) once the output outgrows the raw entries.
 */
static bool map_deflate(struct wr *w, const struct genmap *m, uint8_t *in,
			uint8_t *out)
{
	const uint16_t *g = genmap_data_const(m);
	uint64_t done = 0, n = genmap_nunits(m), produced = 0;
	z_stream zs;
	int zr = Z_OK;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit(&zs, Z_BEST_SPEED) != Z_OK) {
		w->err = -ENOMEM;
		return false;
	}
	while (zr != Z_STREAM_END && !w->err) {
		size_t k = (size_t)MIN_OF(n - done, (uint64_t)(VS_CHUNK / 2));
		int flush;

		if (k)
			map_encode(in, g + done, k);
		done += k;
		flush = done == n ? Z_FINISH : Z_NO_FLUSH;
		zs.next_in = in;
		zs.avail_in = (uInt)(2 * k);
		do {
			zs.next_out = out;
			zs.avail_out = VS_CHUNK;
			zr = deflate(&zs, flush);
			if (zr == Z_STREAM_ERROR) {
				w->err = -EINVAL;
				break;
			}
			wr_put(w, out, VS_CHUNK - zs.avail_out);
			produced += VS_CHUNK - zs.avail_out;
		} while (zs.avail_out == 0 ||
			 (flush == Z_FINISH && zr != Z_STREAM_END));
		if (produced > 2 * n)
			break;		/* noise: raw is smaller */
	}
	deflateEnd(&zs);
	return zr == Z_STREAM_END && produced <= 2 * n;
}
#endif

/*
 * Store the map at the end of w; returns its encoding.  Compressed when
 * zlib is there, unless that comes out larger than the raw entries (a
 * map of noise), which are then stored instead.
 */
static uint8_t map_store(struct wr *w, const struct genmap *m, uint8_t *a,
			 uint8_t *b)
{
#ifdef CONFIG_ZLIB
	uint64_t start = wr_tell(w);

	if (map_deflate(w, m, a, b) || w->err)
		return VS_MAP_ZLIB;
	wr_truncate(w, start);
#endif
	(void)b;
	map_store_raw(w, m, a);
	return VS_MAP_RAW;
}

/* The flags a save writes: the layout's, and the trim block's. */
static uint32_t save_flags(const struct vstate *s)
{
	uint32_t f = (s->flags & ~(uint32_t)VSTATE_F_LAYOUT) | (s->layout ? VSTATE_F_LAYOUT : 0);

	for (unsigned i = 0; !(f & VSTATE_F_TRIM) && i < s->nr_files; i++)
		if (genmap_nr_trimmed(s->files[i].map))
			f |= VSTATE_F_TRIM;
	return f;
}

static void put_header(struct wr *w, const struct vstate *s, uint32_t flags)
{
	size_t name_len = strlen(s->job_name);
	uint8_t h[VS_HDR_LEN];

	memset(h, 0, sizeof(h));
	memcpy(h + VS_MAGIC, VSTATE_MAGIC, VS_VERSION - VS_MAGIC);
	put_le32(h + VS_VERSION, VSTATE_VERSION);
	put_le32(h + VS_FLAGS, flags);
	put_le64(h + VS_FILE_LEN, 0);	/* patched when the file is complete */
	put_le64(h + VS_SEQ, s->seq);
	put_le64(h + VS_RUN_ID, s->run_id);
	put_le64(h + VS_SEED, s->seed);
	put_le64(h + VS_RAND_SEED, s->rand_seed);
	put_le64(h + VS_SAVE_MS, s->save_ms);
	put_le32(h + VS_JOB_INDEX, s->job_index);
	put_le32(h + VS_CLONE, s->clone);
	put_le32(h + VS_UNIT_LEN, s->unit_len);
	put_le32(h + VS_SECTOR_SIZE, s->sector_size);
	put_le32(h + VS_HDR_OFF, s->hdr_off);
	put_le16(h + VS_NAME_LEN, (uint16_t)name_len);
	h[VS_ALGO] = s->algo;
	put_le32(h + VS_NR_FILES, s->nr_files);
	put_le32(h + VS_NR_RUNS, s->nr_runs);
	wr_put(w, h, sizeof(h));
	wr_put(w, s->job_name, name_len);
	if (s->layout) {
		uint8_t l[VL_LEN];

		memset(l, 0, sizeof(l));
		l[VL_LAYOUT] = s->layout;
		l[VL_FIO_LAYOUT] = s->fio_layout;
		put_le32(l + VL_PIECE_LEN, s->piece_len);
		wr_put(w, l, sizeof(l));
	}
	for (unsigned i = 0; i < s->nr_runs; i++) {
		const struct vstate_run *r = &s->runs[i];
		uint8_t e[VR_LEN];

		memset(e, 0, sizeof(e));
		put_le64(e + VR_RUN_ID, r->run_id);
		put_le64(e + VR_SEED, r->seed);
		put_le64(e + VR_START_MS, r->start_ms);
		put_le16(e + VR_FIRST_GEN, r->first_gen);
		put_le16(e + VR_LAST_GEN, r->last_gen);
		wr_put(w, e, sizeof(e));
	}
}

/* The trim block: the count, then the bits as they are (one per unit). */
static void put_trims(struct wr *w, const struct genmap *m)
{
	uint8_t t[VT_LEN];

	put_le64(t + VT_TRIMMED, genmap_nr_trimmed(m));
	put_le64(t + VT_BITS_LEN, genmap_trim_len(m));
	wr_put(w, t, sizeof(t));
	if (genmap_trim_len(m))
		wr_put(w, genmap_trim_bits_const(m), (size_t)genmap_trim_len(m));
}

static void put_file(struct wr *w, const struct vstate_file *f, uint8_t *a,
		     uint8_t *b, bool trims)
{
	const char *rp = f->realpath ? f->realpath : "";
	size_t name_len = strlen(f->name), path_len = strlen(rp);
	uint64_t rec_at = wr_tell(w), map_start;
	uint8_t r[VF_REC_LEN], fix[8];

	memset(r, 0, sizeof(r));
	put_le64(r + VF_OFFSET, f->offset);
	put_le64(r + VF_SIZE, f->size);
	put_le64(r + VF_NUNITS, f->nunits);
	put_le64(r + VF_WRITTEN, genmap_nr_written(f->map));
	put_le64(r + VF_DEV, f->dev);
	put_le64(r + VF_INO, f->ino);
	put_le64(r + VF_RDEV, f->rdev);
	put_le64(r + VF_TARGET_SIZE, f->target_size);
	put_le16(r + VF_NAME_LEN, (uint16_t)name_len);
	put_le16(r + VF_PATH_LEN, (uint16_t)path_len);
	r[VF_KIND] = f->kind;
	wr_put(w, r, sizeof(r));
	wr_put(w, f->name, name_len);
	wr_put(w, rp, path_len);
	map_start = wr_tell(w);
	fix[0] = map_store(w, f->map, a, b);
	wr_patch(w, rec_at + VF_ENCODING, fix, 1);
	put_le64(fix, wr_tell(w) - map_start);
	wr_patch(w, rec_at + VF_MAP_LEN, fix, 8);
	if (trims)
		put_trims(w, f->map);
}

/* What vstate_save() needs of s. */
static int check_state(const struct vstate *s)
{
	unsigned i;

	if (!s || !s->job_name || strlen(s->job_name) > VS_NAME_MAX ||
	    s->nr_runs > VSTATE_RUNS_MAX || (s->nr_runs && !s->runs))
		return -EINVAL;
	if (s->nr_files && !s->files)
		return -EINVAL;
	for (i = 0; i < s->nr_files; i++) {
		const struct vstate_file *f = &s->files[i];

		if (!f->name || strlen(f->name) > VS_NAME_MAX || !f->map ||
		    (f->realpath && strlen(f->realpath) > VS_NAME_MAX) ||
		    genmap_nunits(f->map) != f->nunits)
			return -EINVAL;
	}
	return 0;
}

/*
 * Set the file length, then checksum the whole file as written (read
 * back through buf) and append the trailer.
 */
static void seal(struct wr *w)
{
	uint64_t len = wr_tell(w) + VS_TRAILER_LEN, at = 0;
	uint32_t crc = 0;
	uint8_t t[8];

	put_le64(t, len);
	wr_patch(w, VS_FILE_LEN, t, 8);
	while (!w->err && at < len - VS_TRAILER_LEN) {
		size_t k = (size_t)MIN_OF(len - VS_TRAILER_LEN - at, (uint64_t)VS_CHUNK);
		ssize_t r = pread_full(w->fd, w->buf, k, (off_t)at, NULL);

		if (r != (ssize_t)k) {
			w->err = r < 0 ? (int)r : -EIO;
			break;
		}
		crc = csum_crc32c_update(crc, w->buf, k);
		at += k;
	}
	put_le32(t, crc);
	wr_put(w, t, VS_TRAILER_LEN);
	wr_flush(w);
}

/* ---- writing atomically ------------------------------------------------ */

/*
 * fsync the directory holding path, so the rename is durable.  A
 * filesystem that cannot sync directories (EINVAL, ENOTSUP) is not an
 * error: the rename has happened, and there is nothing more to ask.
 */
static int fsync_dir(const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;
	int fd, ret = 0;

	if (!slash)
		memcpy(dir, ".", 2);
	else if (n == 0)
		memcpy(dir, "/", 2);
	else if (n < sizeof(dir)) {
		memcpy(dir, path, n);
		dir[n] = '\0';
	} else
		return -ENAMETOOLONG;
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fsync(fd) && errno != EINVAL && errno != ENOTSUP)
		ret = -errno;
	close(fd);
	return ret;
}

/* The whole file, streamed to fd. */
static int write_state(int fd, const struct vstate *s)
{
	uint8_t *a = malloc(VS_CHUNK), *b = malloc(VS_CHUNK);
	struct wr w = { .fd = fd, .buf = malloc(VS_CHUNK) };
	uint32_t flags;
	int ret;

	if (!a || !b || !w.buf) {
		ret = -ENOMEM;
		goto out;
	}
	flags = save_flags(s);
	put_header(&w, s, flags);
	for (unsigned i = 0; !w.err && i < s->nr_files; i++)
		put_file(&w, &s->files[i], a, b, flags & VSTATE_F_TRIM);
	seal(&w);
	ret = w.err;
out:
	free(a);
	free(b);
	free(w.buf);
	return ret;
}

int vstate_save(const char *path, const struct vstate *s)
{
	char tmp[PATH_MAX];
	int fd, n, ret;

	if (!path || !*path)
		return -EINVAL;
	ret = check_state(s);
	if (ret)
		return ret;
	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	ret = write_state(fd, s);
	if (!ret && fsync(fd))
		ret = -errno;
	if (close(fd) && !ret)
		ret = -errno;
	if (!ret && rename(tmp, path))
		ret = -errno;
	if (ret) {
		unlink(tmp);
		return ret;
	}
	return fsync_dir(path);
}

/* ---- loading: a buffered stream over the checksummed bytes ------------- */

struct rd {
	int fd;
	int err;		/* first error, sticky */
	uint64_t left;		/* checksummed bytes not yet taken */
	uint32_t crc;		/* of every byte taken */
	size_t pos, n;		/* buf[pos..n) is read, not taken */
	uint8_t *buf;		/* VS_CHUNK bytes */
};

/* Refill an empty buffer; false at the end or on error. */
static bool rd_fill(struct rd *r)
{
	size_t k = (size_t)MIN_OF(r->left, (uint64_t)VS_CHUNK);
	ssize_t got;

	if (r->err || !k)
		return false;
	got = read_full(r->fd, r->buf, k, NULL);
	if (got != (ssize_t)k) {
		r->err = got < 0 ? (int)got : -EBADMSG;	/* shrank */
		return false;
	}
	r->left -= k;
	r->pos = 0;
	r->n = k;
	return true;
}

/* Bytes not yet taken. */
static uint64_t rd_remaining(const struct rd *r)
{
	return r->left + (r->n - r->pos);
}

/* Take n bytes into dst; -EBADMSG when fewer are left. */
static int rd_take(struct rd *r, void *dst, uint64_t n)
{
	uint8_t *d = dst;

	if (r->err)
		return r->err;
	if (n > rd_remaining(r))
		return r->err = -EBADMSG;
	while (n) {
		size_t k;

		if (r->pos == r->n && !rd_fill(r))
			return r->err ? r->err : (r->err = -EBADMSG);
		k = (size_t)MIN_OF(n, (uint64_t)(r->n - r->pos));
		r->crc = csum_crc32c_update(r->crc, r->buf + r->pos, k);
		memcpy(d, r->buf + r->pos, k);
		d += k;
		r->pos += k;
		n -= k;
	}
	return 0;
}

/* A C string of n bytes; -EBADMSG if they hold a NUL. */
static int take_name(struct rd *r, size_t n, char **out)
{
	char *s = malloc(n + 1);
	int ret;

	if (!s)
		return -ENOMEM;
	ret = rd_take(r, s, n);
	if (!ret && memchr(s, '\0', n))
		ret = -EBADMSG;
	if (ret) {
		free(s);
		return ret;
	}
	s[n] = '\0';
	*out = s;
	return 0;
}

/*
 * The envelope, in the order that names the fault best: not a state file
 * or cut short (-EBADMSG), damaged (-EILSEQ), then from an older or newer
 * verio (-EPROTONOSUPPORT, -EPROTO).  Reads the whole file once for the
 * checksum; only a file that passes is decoded.
 */
static int check_envelope(int fd, uint8_t *buf, uint64_t *lenp)
{
	uint8_t env[VS_ENVELOPE_LEN], t[VS_TRAILER_LEN];
	struct stat st;
	uint64_t len, at = 0;
	uint32_t crc = 0, version;
	ssize_t r;

	if (fstat(fd, &st))
		return -errno;
	len = (uint64_t)st.st_size;
	if (len < VS_ENVELOPE_LEN + VS_TRAILER_LEN)
		return -EBADMSG;
	r = pread_full(fd, env, sizeof(env), 0, NULL);
	if (r != (ssize_t)sizeof(env))
		return r < 0 ? (int)r : -EBADMSG;
	if (memcmp(env + VS_MAGIC, VSTATE_MAGIC, VS_VERSION - VS_MAGIC) ||
	    get_le64(env + VS_FILE_LEN) != len)
		return -EBADMSG;
	while (at < len - VS_TRAILER_LEN) {
		size_t k = (size_t)MIN_OF(len - VS_TRAILER_LEN - at, (uint64_t)VS_CHUNK);

		r = pread_full(fd, buf, k, (off_t)at, NULL);
		if (r != (ssize_t)k)
			return r < 0 ? (int)r : -EBADMSG;
		crc = csum_crc32c_update(crc, buf, k);
		at += k;
	}
	r = pread_full(fd, t, sizeof(t), (off_t)at, NULL);
	if (r != (ssize_t)sizeof(t))
		return r < 0 ? (int)r : -EBADMSG;
	if (crc != get_le32(t))
		return -EILSEQ;
	version = get_le32(env + VS_VERSION);
	if (version == 1)
		return -EPROTONOSUPPORT;
	if (version != VSTATE_VERSION || (get_le32(env + VS_FLAGS) & ~VS_FLAGS_KNOWN))
		return -EPROTO;
	*lenp = len;
	return 0;
}

static int get_runs(struct rd *r, struct vstate *s, uint32_t nr_runs)
{
	if (nr_runs > VSTATE_RUNS_MAX || nr_runs > rd_remaining(r) / VR_LEN)
		return -EBADMSG;
	s->runs = calloc(nr_runs ? nr_runs : 1, sizeof(*s->runs));
	if (!s->runs)
		return -ENOMEM;
	s->nr_runs = nr_runs;
	for (unsigned i = 0; i < nr_runs; i++) {
		struct vstate_run *run = &s->runs[i];
		uint8_t e[VR_LEN];
		int ret = rd_take(r, e, sizeof(e));

		if (ret)
			return ret;
		run->run_id = get_le64(e + VR_RUN_ID);
		run->seed = get_le64(e + VR_SEED);
		run->start_ms = get_le64(e + VR_START_MS);
		run->first_gen = get_le16(e + VR_FIRST_GEN);
		run->last_gen = get_le16(e + VR_LAST_GEN);
		if (!run->first_gen || run->last_gen < run->first_gen)
			return -EBADMSG;
	}
	return 0;
}

/* The layout block: a layout this reader knows, reserved bytes zero. */
static int get_layout(struct rd *r, struct vstate *s)
{
	uint8_t l[VL_LEN];
	int ret = rd_take(r, l, sizeof(l));

	if (ret)
		return ret;
	s->layout = l[VL_LAYOUT];
	s->fio_layout = l[VL_FIO_LAYOUT];
	s->piece_len = get_le32(l + VL_PIECE_LEN);
	if (!s->layout || s->layout > VL_LAYOUT_MAX || s->fio_layout > VL_FIO_LAYOUT_MAX ||
	    get_le16(l + VL_RESERVED))
		return -EBADMSG;
	return 0;
}

static int get_header(struct rd *r, struct vstate *s)
{
	uint8_t h[VS_HDR_LEN];
	uint32_t nr_files;
	int ret = rd_take(r, h, sizeof(h));

	if (ret)
		return ret;
	s->flags = get_le32(h + VS_FLAGS);
	s->seq = get_le64(h + VS_SEQ);
	s->run_id = get_le64(h + VS_RUN_ID);
	s->seed = get_le64(h + VS_SEED);
	s->rand_seed = get_le64(h + VS_RAND_SEED);
	s->save_ms = get_le64(h + VS_SAVE_MS);
	s->job_index = get_le32(h + VS_JOB_INDEX);
	s->clone = get_le32(h + VS_CLONE);
	s->unit_len = get_le32(h + VS_UNIT_LEN);
	s->sector_size = get_le32(h + VS_SECTOR_SIZE);
	s->hdr_off = get_le32(h + VS_HDR_OFF);
	s->algo = h[VS_ALGO];
	nr_files = get_le32(h + VS_NR_FILES);
	ret = take_name(r, get_le16(h + VS_NAME_LEN), &s->job_name);
	if (!ret && (s->flags & VSTATE_F_LAYOUT))
		ret = get_layout(r, s);
	if (!ret)
		ret = get_runs(r, s, get_le32(h + VS_NR_RUNS));
	if (ret)
		return ret;
	/* Each file takes at least a record: bound the count before calloc. */
	if (nr_files > rd_remaining(r) / VF_REC_LEN)
		return -EBADMSG;
	s->files = calloc(nr_files ? nr_files : 1, sizeof(*s->files));
	if (!s->files)
		return -ENOMEM;
	s->nr_files = nr_files;
	return 0;
}

/* Entries converted in place from little-endian bytes to host order. */
static void map_decode_inplace(struct genmap *m)
{
	uint16_t *g = genmap_data(m);
	uint64_t i, n = genmap_nunits(m);

	for (i = 0; i < n; i++)
		g[i] = get_le16((const uint8_t *)&g[i]);
}

#ifdef CONFIG_ZLIB
/* Inflate exactly the map's nunits * 2 bytes from exactly len bytes. */
static int map_inflate(struct rd *r, struct genmap *m, uint64_t len)
{
	uint8_t dummy, *dst = (uint8_t *)genmap_data(m);
	uint64_t out_left = genmap_nunits(m) * 2;
	z_stream zs;
	int zr = Z_OK, ret = 0;
	bool ok;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return -ENOMEM;
	zs.next_out = dst ? dst : &dummy;	/* zlib refuses a NULL output */
	while (zr == Z_OK) {
		if (!zs.avail_in && len) {
			size_t k;

			if (r->pos == r->n && !rd_fill(r)) {
				ret = r->err ? r->err : -EBADMSG;
				break;
			}
			k = (size_t)MIN_OF(len, (uint64_t)(r->n - r->pos));
			zs.next_in = r->buf + r->pos;
			zs.avail_in = (uInt)k;
			r->crc = csum_crc32c_update(r->crc, r->buf + r->pos, k);
			r->pos += k;
			len -= k;
		}
		if (!zs.avail_out && out_left) {
			zs.avail_out = (uInt)MIN_OF(out_left, (uint64_t)UINT_MAX);
			out_left -= zs.avail_out;
		}
		zr = inflate(&zs, Z_NO_FLUSH);
	}
	ok = zr == Z_STREAM_END && !zs.avail_in && !len && !zs.avail_out &&
	     !out_left;
	inflateEnd(&zs);
	if (ret)
		return ret;
	if (zr == Z_MEM_ERROR)
		return -ENOMEM;
	if (!ok)
		return -EBADMSG;
	map_decode_inplace(m);
	return 0;
}
#endif

/* Allocate f's map and fill it from the next len stored bytes. */
static int map_load(struct rd *r, struct vstate_file *f, unsigned enc,
		    uint64_t len)
{
	int ret;

	if (len > rd_remaining(r))
		return -EBADMSG;
	if (enc == VS_MAP_RAW) {
		if (len % 2 || len / 2 != f->nunits)
			return -EBADMSG;
	} else if (enc == VS_MAP_ZLIB) {
#ifndef CONFIG_ZLIB
		return -ENOTSUP;
#endif
		if (f->nunits / VS_ZLIB_MAX_RATIO > len)
			return -EBADMSG;
	} else {
		return -EBADMSG;
	}
	f->map = genmap_new(f->nunits);
	if (!f->map)
		return -ENOMEM;
	if (enc == VS_MAP_RAW) {
		ret = rd_take(r, genmap_data(f->map), len);
		if (!ret)
			map_decode_inplace(f->map);
		return ret;
	}
#ifdef CONFIG_ZLIB
	return map_inflate(r, f->map, len);
#else
	return -ENOTSUP;
#endif
}

/*
 * The trim block of f's map: exactly (n + 7) / 8 bytes of bits, none set
 * past the last unit, as many set as the count says.
 */
static int get_trims(struct rd *r, struct vstate_file *f)
{
	uint8_t t[VT_LEN];
	uint64_t len, n = f->nunits;
	int ret = rd_take(r, t, sizeof(t));

	if (ret)
		return ret;
	len = get_le64(t + VT_BITS_LEN);
	if (len != genmap_trim_len(f->map))
		return -EBADMSG;
	if (len && (ret = rd_take(r, genmap_trim_bits(f->map), len)))
		return ret;
	if (n % 8 && genmap_trim_bits(f->map)[len - 1] >> (n % 8))
		return -EBADMSG;
	genmap_trim_refresh(f->map);
	return genmap_nr_trimmed(f->map) == get_le64(t + VT_TRIMMED) ? 0 : -EBADMSG;
}

static int get_file(struct rd *r, struct vstate_file *f, bool trims)
{
	uint8_t rec[VF_REC_LEN];
	uint64_t written, map_len;
	int ret = rd_take(r, rec, sizeof(rec));

	if (ret)
		return ret;
	f->offset = get_le64(rec + VF_OFFSET);
	f->size = get_le64(rec + VF_SIZE);
	f->nunits = get_le64(rec + VF_NUNITS);
	written = get_le64(rec + VF_WRITTEN);
	map_len = get_le64(rec + VF_MAP_LEN);
	f->dev = get_le64(rec + VF_DEV);
	f->ino = get_le64(rec + VF_INO);
	f->rdev = get_le64(rec + VF_RDEV);
	f->target_size = get_le64(rec + VF_TARGET_SIZE);
	f->kind = rec[VF_KIND];
	if (f->kind > VSTATE_KIND_BLOCK)
		return -EBADMSG;
	ret = take_name(r, get_le16(rec + VF_NAME_LEN), &f->name);
	if (!ret)
		ret = take_name(r, get_le16(rec + VF_PATH_LEN), &f->realpath);
	if (!ret)
		ret = map_load(r, f, rec[VF_ENCODING], map_len);
	if (!ret && genmap_nr_written(f->map) != written)
		ret = -EBADMSG;
	if (!ret && trims)
		ret = get_trims(r, f);
	return ret;
}

/* Decode what check_envelope() passed: len bytes, checksum crc. */
static int decode(int fd, uint8_t *buf, uint64_t len, struct vstate *s)
{
	struct rd r = { .fd = fd, .buf = buf, .left = len - VS_TRAILER_LEN };
	uint8_t t[VS_TRAILER_LEN];
	int ret;

	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	ret = get_header(&r, s);
	for (unsigned i = 0; !ret && i < s->nr_files; i++)
		ret = get_file(&r, &s->files[i], s->flags & VSTATE_F_TRIM);
	if (!ret && rd_remaining(&r))
		ret = -EBADMSG;		/* bytes after the last map */
	/* The file may have changed since the first pass: check again. */
	if (!ret && (pread_full(fd, t, sizeof(t), (off_t)(len - VS_TRAILER_LEN),
				NULL) != (ssize_t)sizeof(t) || get_le32(t) != r.crc))
		ret = -EILSEQ;
	return ret;
}

int vstate_load(const char *path, struct vstate *s)
{
	uint8_t *buf;
	uint64_t len = 0;
	int fd, ret;

	memset(s, 0, sizeof(*s));
	if (!path)
		return -EINVAL;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	buf = malloc(VS_CHUNK);
	ret = buf ? check_envelope(fd, buf, &len) : -ENOMEM;
	if (!ret)
		ret = decode(fd, buf, len, s);
	free(buf);
	close(fd);
	if (ret)
		vstate_release(s);
	return ret;
}

const char *vstate_load_error(int r)
{
	return r == -EILSEQ ? "checksum mismatch, the file is damaged"
	       : r == -EBADMSG ? "not a verio state file, or truncated"
	       : r == -EPROTO ? "made by a newer verio"
	       : r == -EPROTONOSUPPORT ? "version 1 state file made by an older verio "
					 "(no target identity); rerun the write job"
	       : r == -ENOTSUP ? "its maps are zlib-compressed and this verio has no zlib"
			       : strerror(-r);
}

void vstate_release(struct vstate *s)
{
	unsigned i;

	if (!s)
		return;
	for (i = 0; s->files && i < s->nr_files; i++) {
		free(s->files[i].name);
		free(s->files[i].realpath);
		genmap_free(s->files[i].map);
	}
	free(s->files);
	free(s->runs);
	free(s->job_name);
	memset(s, 0, sizeof(*s));
}

int vstate_find_run(const struct vstate *s, uint16_t gen)
{
	for (unsigned i = 0; i < s->nr_runs; i++)
		if (gen >= s->runs[i].first_gen && gen <= s->runs[i].last_gen)
			return (int)i;
	return -1;
}

uint16_t vstate_max_gen(const struct vstate *s)
{
	uint16_t max = 0;

	for (unsigned i = 0; i < s->nr_files; i++) {
		const uint16_t *g = genmap_data_const(s->files[i].map);
		uint64_t n = genmap_nunits(s->files[i].map);

		for (uint64_t u = 0; g && u < n; u++)
			max = g[u] > max ? g[u] : max;
	}
	return max;
}

/* ---- matching ---------------------------------------------------------- */

static VERIO_PRINTF(3, 4) int say(char *why, size_t cap, const char *fmt, ...)
{
	va_list ap;

	if (why && cap) {
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

static const char *algo_name(unsigned id)
{
	const struct csum_def *d = csum_by_id(id);

	return d ? d->name : "none";
}

const char *vstate_layout_name(unsigned layout, unsigned fio_layout)
{
	switch (layout) {
	case 0:
		return "native (stamped sectors)";
	case 1:
		return "stampless (a native header per interval)";
	case 2:
		return fio_layout == 2 ? "fio (fio >= 3.41 headers)" : "fio (fio <= 3.40 headers)";
	default:
		return "unknown";
	}
}

/* The job-wide fields, in the order a user would check them. */
static int match_job(const struct vstate *s, const struct vstate *w,
		     char *why, size_t cap)
{
	if (strcmp(s->job_name, w->job_name))
		return say(why, cap, "job name: saved '%s', wanted '%s'",
			   s->job_name, w->job_name);
	if (s->clone != w->clone)
		return say(why, cap, "clone: saved %" PRIu32 ", wanted %" PRIu32,
			   s->clone, w->clone);
	if (s->algo != w->algo)
		return say(why, cap, "algorithm: saved %s (%u), wanted %s (%u)",
			   algo_name(s->algo), s->algo, algo_name(w->algo),
			   w->algo);
	if (s->unit_len != w->unit_len)
		return say(why, cap, "unit length: saved %" PRIu32 ", wanted %" PRIu32,
			   s->unit_len, w->unit_len);
	if (s->sector_size != w->sector_size)
		return say(why, cap, "sector size: saved %" PRIu32 ", wanted %" PRIu32,
			   s->sector_size, w->sector_size);
	if (s->hdr_off != w->hdr_off)
		return say(why, cap, "verify_offset: saved %" PRIu32 ", wanted %" PRIu32,
			   s->hdr_off, w->hdr_off);
	if (s->layout != w->layout || s->fio_layout != w->fio_layout)
		return say(why, cap, "unit layout: saved %s, wanted %s",
			   vstate_layout_name(s->layout, s->fio_layout),
			   vstate_layout_name(w->layout, w->fio_layout));
	if (s->piece_len != w->piece_len)
		return say(why, cap, "verify_interval (a header every N bytes): saved %"
			   PRIu32 ", wanted %" PRIu32, s->piece_len, w->piece_len);
	if (s->nr_files != w->nr_files)
		return say(why, cap, "number of files: saved %u, wanted %u",
			   s->nr_files, w->nr_files);
	return 0;
}

static const char *kind_name(unsigned k)
{
	return k == VSTATE_KIND_FILE ? "regular file"
	       : k == VSTATE_KIND_BLOCK ? "block device" : "unknown";
}

/* Is w the same file as s: the same identity, whatever its name? */
static int match_identity(const struct vstate_file *s, const struct vstate_file *w,
			  char *why, size_t cap)
{
	if (w->kind == VSTATE_KIND_OTHER || s->kind == VSTATE_KIND_OTHER) {
		if (strcmp(s->name, w->name))
			return say(why, cap, "file name: saved '%s', wanted '%s'",
				   s->name, w->name);
		return 0;
	}
	if (s->kind != w->kind)
		return say(why, cap, "file '%s' is a %s, the saved '%s' was a %s",
			   w->name, kind_name(w->kind), s->name, kind_name(s->kind));
	if (s->kind == VSTATE_KIND_BLOCK && s->rdev != w->rdev)
		return say(why, cap, "file '%s' is another device (%u:%u) than the saved "
			   "'%s' (%u:%u)", w->name, major(w->rdev), minor(w->rdev),
			   s->name, major(s->rdev), minor(s->rdev));
	if (s->kind == VSTATE_KIND_FILE && (s->dev != w->dev || s->ino != w->ino))
		return say(why, cap, "file '%s' is another file (device %u:%u inode %" PRIu64
			   ") than the saved '%s' (device %u:%u inode %" PRIu64 ")",
			   w->name, major(w->dev), minor(w->dev), w->ino, s->name,
			   major(s->dev), minor(s->dev), s->ino);
	/*
	 * A device's size is part of what it is (a loop device attached to
	 * another backing file keeps its number).  A regular file is its
	 * inode whatever its size: another job may have extended it, and a
	 * file cut short lost data, which the verify run reports (a short
	 * read), rather than a mistaken job.
	 */
	if (s->kind == VSTATE_KIND_BLOCK && s->target_size != w->target_size)
		return say(why, cap, "device '%s' size: saved %" PRIu64 ", now %" PRIu64,
			   w->name, s->target_size, w->target_size);
	return 0;
}

static int match_file(const struct vstate_file *s, const struct vstate_file *w,
		      char *why, size_t cap)
{
	int ret = match_identity(s, w, why, cap);

	if (ret)
		return ret;
	if (s->offset != w->offset)
		return say(why, cap, "file '%s' region offset: saved %" PRIu64
			   ", wanted %" PRIu64, w->name, s->offset, w->offset);
	if (s->size != w->size)
		return say(why, cap, "file '%s' region size: saved %" PRIu64
			   ", wanted %" PRIu64, w->name, s->size, w->size);
	if (s->nunits != w->nunits)
		return say(why, cap, "file '%s' number of units: saved %" PRIu64
			   ", wanted %" PRIu64, w->name, s->nunits, w->nunits);
	return 0;
}

int vstate_match(const struct vstate *s, const struct vstate *want,
		 char *why, size_t cap)
{
	unsigned i;
	int ret;

	if (why && cap)
		why[0] = '\0';
	if (!s || !want || !s->job_name || !want->job_name ||
	    (s->nr_files && !s->files) || (want->nr_files && !want->files))
		return say(why, cap, "no state to compare");
	ret = match_job(s, want, why, cap);
	for (i = 0; !ret && i < s->nr_files; i++) {
		if (!s->files[i].name || !want->files[i].name)
			return say(why, cap, "file %u has no name", i + 1);
		ret = match_file(&s->files[i], &want->files[i], why, cap);
	}
	return ret;
}
