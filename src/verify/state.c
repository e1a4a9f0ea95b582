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
	VS_FLAGS = 12,		/* 4: no flag is defined in version 1 */
	VS_FILE_LEN = 16,	/* 8: whole file, trailer included */
	VS_ENVELOPE_LEN = 24,
	VS_TRAILER_LEN = 4,	/* crc32c of every byte before it */
};

/* Version 1 header: the envelope, then the job. */
enum {
	VS_RUN_ID = 24,		/* 8 */
	VS_SEED = 32,		/* 8 */
	VS_JOB_INDEX = 40,	/* 4 */
	VS_CLONE = 44,		/* 4 */
	VS_UNIT_LEN = 48,	/* 4 */
	VS_SECTOR_SIZE = 52,	/* 4 */
	VS_HDR_OFF = 56,	/* 4: verify_offset */
	VS_NAME_LEN = 60,	/* 2: job name bytes, which follow the header */
	VS_ALGO = 62,		/* 1 */
	VS_RESERVED0 = 63,	/* 1 */
	VS_NR_FILES = 64,	/* 4 */
	VS_SEQ = 68,		/* 4: checkpoint sequence, low 32 bits */
	VS_HDR_LEN = 72,
};
_Static_assert((int)VS_RUN_ID == (int)VS_ENVELOPE_LEN,
	       "the header follows the envelope");
_Static_assert(VS_SEQ + 4 == VS_HDR_LEN, "header fields fill the header");
_Static_assert(sizeof(VSTATE_MAGIC) - 1 == VS_VERSION, "magic is 8 bytes");

/* Version 1 file record: then the file name, then the map. */
enum {
	VF_OFFSET = 0,		/* 8: region offset */
	VF_SIZE = 8,		/* 8: region size */
	VF_NUNITS = 16,		/* 8 */
	VF_WRITTEN = 24,	/* 8: entries != 0 */
	VF_MAP_LEN = 32,	/* 8: stored map bytes */
	VF_NAME_LEN = 40,	/* 2 */
	VF_ENCODING = 42,	/* 1: enum vs_map_encoding */
	VF_RESERVED = 43,	/* 5 */
	VF_REC_LEN = 48,
};
_Static_assert(VF_RESERVED + 5 == VF_REC_LEN, "record fields fill the record");

enum vs_map_encoding {
	VS_MAP_RAW = 0,		/* nunits little-endian uint16 */
	VS_MAP_ZLIB = 1,	/* the same bytes as one zlib (RFC 1950) stream */
};

#define VS_FLAGS_KNOWN 0u
#define VS_NAME_MAX 65535u
/* Map bytes encoded and handed to deflate per call. */
#define VS_CHUNK 32768u
/* Output space offered to deflate per call. */
#define VS_ZCHUNK 65536u
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

/* ---- building the image ------------------------------------------------ */

/* A growing output buffer. */
struct obuf {
	uint8_t *p;
	size_t len, cap;
};

/* Make room for n more bytes. */
static int obuf_reserve(struct obuf *o, size_t n)
{
	size_t cap;
	uint8_t *p;

	if (n <= o->cap - o->len)
		return 0;
	if (n > SIZE_MAX / 4 - o->len)
		return -ENOMEM;
	cap = o->cap ? o->cap : 4096;
	while (cap - o->len < n)
		cap *= 2;
	p = realloc(o->p, cap);
	if (!p)
		return -ENOMEM;
	o->p = p;
	o->cap = cap;
	return 0;
}

/* Append n zero bytes; returns where they start, or NULL (ENOMEM). */
static uint8_t *obuf_grow(struct obuf *o, size_t n)
{
	uint8_t *p;

	if (obuf_reserve(o, n))
		return NULL;
	p = o->p + o->len;
	memset(p, 0, n);
	o->len += n;
	return p;
}

/* Little-endian bytes of k map entries. */
static void map_encode(uint8_t *out, const uint16_t *g, size_t k)
{
	size_t i;

	for (i = 0; i < k; i++)
		put_le16(out + 2 * i, g[i]);
}

/* Entries converted in place from little-endian bytes to host order. */
static void map_decode_inplace(struct genmap *m)
{
	uint16_t *g = genmap_data(m);
	uint64_t i, n = genmap_nunits(m);

	for (i = 0; i < n; i++)
		g[i] = get_le16((const uint8_t *)&g[i]);
}

static int map_store_raw(struct obuf *o, const struct genmap *m)
{
	uint64_t n = genmap_nunits(m);
	uint8_t *p;

	if (n > SIZE_MAX / 4)
		return -ENOMEM;
	p = obuf_grow(o, (size_t)n * 2);
	if (!p)
		return -ENOMEM;
	if (n)
		map_encode(p, genmap_data_const(m), (size_t)n);
	return 0;
}

#ifdef CONFIG_ZLIB
/*
 * Deflate the little-endian map into o, VS_CHUNK bytes of input at a time.
 * Level 1: a map of long runs still shrinks some 200:1 (the default level
 * does 4 times better there), while a map of random-workload generations
 * deflates ten times faster than at the default level: about a second
 * per 64M units, where level 6 takes ten, at job end while the user waits.
 */
static int map_deflate(struct obuf *o, const struct genmap *m)
{
	uint8_t in[VS_CHUNK];
	const uint16_t *g = genmap_data_const(m);
	uint64_t done = 0, n = genmap_nunits(m);
	z_stream zs;
	int zr = Z_OK, ret = 0;

	memset(&zs, 0, sizeof(zs));
	if (deflateInit(&zs, Z_BEST_SPEED) != Z_OK)
		return -ENOMEM;
	while (zr != Z_STREAM_END) {
		size_t k = (size_t)MIN_OF(n - done, (uint64_t)(VS_CHUNK / 2));
		int flush;

		if (k)
			map_encode(in, g + done, k);
		done += k;
		flush = done == n ? Z_FINISH : Z_NO_FLUSH;
		zs.next_in = in;
		zs.avail_in = (uInt)(2 * k);
		do {
			ret = obuf_reserve(o, VS_ZCHUNK);
			if (ret)
				goto out;
			zs.next_out = o->p + o->len;
			zs.avail_out = VS_ZCHUNK;
			zr = deflate(&zs, flush);
			if (zr == Z_STREAM_ERROR) {
				ret = -EINVAL;
				goto out;
			}
			o->len += VS_ZCHUNK - zs.avail_out;
		} while (zs.avail_out == 0 ||
			 (flush == Z_FINISH && zr != Z_STREAM_END));
	}
out:
	deflateEnd(&zs);
	return ret;
}

/* Inflate exactly the map's nunits * 2 bytes from exactly len bytes. */
static int map_inflate(struct genmap *m, const uint8_t *src, uint64_t len)
{
	uint8_t dummy, *dst = (uint8_t *)genmap_data(m);
	uint64_t out_left = genmap_nunits(m) * 2;
	z_stream zs;
	int zr = Z_OK;
	bool ok;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit(&zs) != Z_OK)
		return -ENOMEM;
	zs.next_in = src;
	zs.next_out = dst ? dst : &dummy;	/* zlib refuses a NULL output */
	while (zr == Z_OK) {
		if (!zs.avail_in && len) {
			zs.avail_in = (uInt)MIN_OF(len, (uint64_t)UINT_MAX);
			len -= zs.avail_in;
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
	if (zr == Z_MEM_ERROR)
		return -ENOMEM;
	if (!ok)
		return -EBADMSG;
	map_decode_inplace(m);
	return 0;
}
#endif /* CONFIG_ZLIB */

/*
 * Store the map at the end of o; *enc says how.  Compressed when zlib is
 * there, unless that came out larger than the raw entries (a map of
 * noise), which are then stored instead.
 */
static int map_store(struct obuf *o, const struct genmap *m, uint8_t *enc)
{
#ifdef CONFIG_ZLIB
	size_t start = o->len;
	int ret = map_deflate(o, m);

	if (ret || o->len - start <= genmap_nunits(m) * 2) {
		*enc = VS_MAP_ZLIB;
		return ret;
	}
	o->len = start;
#endif
	*enc = VS_MAP_RAW;
	return map_store_raw(o, m);
}

static int put_header(struct obuf *o, const struct vstate *s)
{
	size_t name_len = strlen(s->job_name);
	uint8_t *h = obuf_grow(o, VS_HDR_LEN + name_len);

	if (!h)
		return -ENOMEM;
	memcpy(h + VS_MAGIC, VSTATE_MAGIC, VS_VERSION - VS_MAGIC);
	put_le32(h + VS_VERSION, VSTATE_VERSION);
	put_le32(h + VS_FLAGS, 0);
	put_le64(h + VS_FILE_LEN, 0);	/* set when the image is complete */
	put_le64(h + VS_RUN_ID, s->run_id);
	put_le64(h + VS_SEED, s->seed);
	put_le32(h + VS_JOB_INDEX, s->job_index);
	put_le32(h + VS_CLONE, s->clone);
	put_le32(h + VS_UNIT_LEN, s->unit_len);
	put_le32(h + VS_SECTOR_SIZE, s->sector_size);
	put_le32(h + VS_HDR_OFF, s->hdr_off);
	put_le16(h + VS_NAME_LEN, (uint16_t)name_len);
	h[VS_ALGO] = s->algo;
	put_le32(h + VS_NR_FILES, s->nr_files);
	put_le32(h + VS_SEQ, (uint32_t)s->seq);
	memcpy(h + VS_HDR_LEN, s->job_name, name_len);
	return 0;
}

static int put_file(struct obuf *o, const struct vstate_file *f)
{
	size_t name_len = strlen(f->name), rec = o->len, map_start;
	uint8_t enc, *r = obuf_grow(o, VF_REC_LEN + name_len);
	int ret;

	if (!r)
		return -ENOMEM;
	put_le64(r + VF_OFFSET, f->offset);
	put_le64(r + VF_SIZE, f->size);
	put_le64(r + VF_NUNITS, f->nunits);
	put_le64(r + VF_WRITTEN, genmap_nr_written(f->map));
	put_le16(r + VF_NAME_LEN, (uint16_t)name_len);
	memcpy(r + VF_REC_LEN, f->name, name_len);
	map_start = o->len;
	ret = map_store(o, f->map, &enc);
	if (ret)
		return ret;
	r = o->p + rec;		/* the buffer may have moved */
	r[VF_ENCODING] = enc;
	put_le64(r + VF_MAP_LEN, o->len - map_start);
	return 0;
}

/* What vstate_save() needs of s. */
static int check_state(const struct vstate *s)
{
	unsigned i;

	if (!s || !s->job_name || strlen(s->job_name) > VS_NAME_MAX)
		return -EINVAL;
	if (s->nr_files && !s->files)
		return -EINVAL;
	for (i = 0; i < s->nr_files; i++) {
		const struct vstate_file *f = &s->files[i];

		if (!f->name || strlen(f->name) > VS_NAME_MAX || !f->map ||
		    genmap_nunits(f->map) != f->nunits)
			return -EINVAL;
	}
	return 0;
}

/* The whole file, checksum included, in o. */
static int build_image(struct obuf *o, const struct vstate *s)
{
	unsigned i;
	uint8_t *t;
	int ret;

	ret = put_header(o, s);
	for (i = 0; !ret && i < s->nr_files; i++)
		ret = put_file(o, &s->files[i]);
	if (ret)
		return ret;
	if (!obuf_grow(o, VS_TRAILER_LEN))
		return -ENOMEM;
	put_le64(o->p + VS_FILE_LEN, o->len);
	t = o->p + o->len - VS_TRAILER_LEN;
	put_le32(t, csum_crc32c(o->p, o->len - VS_TRAILER_LEN));
	return 0;
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

static int write_atomic(const char *path, const uint8_t *buf, size_t len)
{
	char tmp[PATH_MAX];
	ssize_t w;
	int fd, n, ret = 0;

	n = snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -ENAMETOOLONG;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	w = write_full(fd, buf, len, NULL);
	if (w < 0)
		ret = (int)w;
	else if ((size_t)w != len)
		ret = -EIO;
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

int vstate_save(const char *path, const struct vstate *s)
{
	struct obuf o = { NULL, 0, 0 };
	int ret;

	if (!path || !*path)
		return -EINVAL;
	ret = check_state(s);
	if (!ret)
		ret = build_image(&o, s);
	if (!ret)
		ret = write_atomic(path, o.p, o.len);
	free(o.p);
	return ret;
}

/* ---- loading ----------------------------------------------------------- */

/* The whole file at path in a new buffer. */
static int read_whole(const char *path, uint8_t **bufp, size_t *lenp)
{
	struct stat st;
	uint8_t *buf = NULL;
	ssize_t r;
	int fd, ret = 0;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (fstat(fd, &st))
		ret = -errno;
	else if ((uint64_t)st.st_size > SIZE_MAX - 1)
		ret = -ENOMEM;
	else if (!(buf = malloc((size_t)st.st_size + 1)))
		ret = -ENOMEM;
	if (!ret) {
		r = read_full(fd, buf, (size_t)st.st_size, NULL);
		if (r < 0)
			ret = (int)r;
		else if ((size_t)r != (size_t)st.st_size)
			ret = -EBADMSG;		/* shrank while we read it */
	}
	close(fd);
	if (ret) {
		free(buf);
		return ret;
	}
	*bufp = buf;
	*lenp = (size_t)st.st_size;
	return 0;
}

/*
 * The envelope, in the order that names the fault best: not a state file
 * or cut short (-EBADMSG), damaged (-EILSEQ), then from a newer verio
 * (-EPROTO).  Only a file that passes is decoded further.
 */
static int check_envelope(const uint8_t *b, size_t len)
{
	if (len < VS_ENVELOPE_LEN + VS_TRAILER_LEN ||
	    memcmp(b + VS_MAGIC, VSTATE_MAGIC, VS_VERSION - VS_MAGIC))
		return -EBADMSG;
	if (get_le64(b + VS_FILE_LEN) != len)
		return -EBADMSG;
	if (csum_crc32c(b, len - VS_TRAILER_LEN) !=
	    get_le32(b + len - VS_TRAILER_LEN))
		return -EILSEQ;
	if (get_le32(b + VS_VERSION) != VSTATE_VERSION ||
	    (get_le32(b + VS_FLAGS) & ~VS_FLAGS_KNOWN))
		return -EPROTO;
	return 0;
}

/* A cursor over the checksummed bytes of a loaded file. */
struct rd {
	const uint8_t *p;
	size_t len, pos;
};

/* The next n bytes, or NULL when fewer are left. */
static const uint8_t *rd_take(struct rd *r, uint64_t n)
{
	const uint8_t *q;

	if (n > r->len - r->pos)
		return NULL;
	q = r->p + r->pos;
	r->pos += (size_t)n;
	return q;
}

/* A C string of n bytes; -EBADMSG if they hold a NUL. */
static int dup_name(const uint8_t *p, size_t n, char **out)
{
	char *s;

	if (memchr(p, '\0', n))
		return -EBADMSG;
	s = malloc(n + 1);
	if (!s)
		return -ENOMEM;
	memcpy(s, p, n);
	s[n] = '\0';
	*out = s;
	return 0;
}

static int get_header(struct rd *r, struct vstate *s)
{
	const uint8_t *h = rd_take(r, VS_HDR_LEN), *name;
	uint32_t nr_files;
	int ret;

	if (!h)
		return -EBADMSG;
	s->run_id = get_le64(h + VS_RUN_ID);
	s->seed = get_le64(h + VS_SEED);
	s->job_index = get_le32(h + VS_JOB_INDEX);
	s->clone = get_le32(h + VS_CLONE);
	s->unit_len = get_le32(h + VS_UNIT_LEN);
	s->sector_size = get_le32(h + VS_SECTOR_SIZE);
	s->hdr_off = get_le32(h + VS_HDR_OFF);
	s->algo = h[VS_ALGO];
	nr_files = get_le32(h + VS_NR_FILES);
	s->seq = get_le32(h + VS_SEQ);
	name = rd_take(r, get_le16(h + VS_NAME_LEN));
	if (!name)
		return -EBADMSG;
	ret = dup_name(name, get_le16(h + VS_NAME_LEN), &s->job_name);
	if (ret)
		return ret;
	/* Each file takes at least a record: bound the count before calloc. */
	if (nr_files > (r->len - r->pos) / VF_REC_LEN)
		return -EBADMSG;
	s->files = calloc(nr_files ? nr_files : 1, sizeof(*s->files));
	if (!s->files)
		return -ENOMEM;
	s->nr_files = nr_files;
	return 0;
}

/* Allocate f's map and fill it from the stored bytes. */
static int map_load(struct vstate_file *f, unsigned enc, const uint8_t *src,
		    uint64_t len)
{
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
		if (len)
			memcpy(genmap_data(f->map), src, (size_t)len);
		map_decode_inplace(f->map);
		return 0;
	}
#ifdef CONFIG_ZLIB
	return map_inflate(f->map, src, len);
#else
	return -ENOTSUP;
#endif
}

static int get_file(struct rd *r, struct vstate_file *f)
{
	const uint8_t *rec = rd_take(r, VF_REC_LEN), *name, *map;
	uint64_t written, map_len;
	size_t name_len;
	int ret;

	if (!rec)
		return -EBADMSG;
	f->offset = get_le64(rec + VF_OFFSET);
	f->size = get_le64(rec + VF_SIZE);
	f->nunits = get_le64(rec + VF_NUNITS);
	written = get_le64(rec + VF_WRITTEN);
	map_len = get_le64(rec + VF_MAP_LEN);
	name_len = get_le16(rec + VF_NAME_LEN);
	name = rd_take(r, name_len);
	map = rd_take(r, map_len);
	if (!name || !map)
		return -EBADMSG;
	ret = dup_name(name, name_len, &f->name);
	if (!ret)
		ret = map_load(f, rec[VF_ENCODING], map, map_len);
	if (!ret && genmap_nr_written(f->map) != written)
		ret = -EBADMSG;
	return ret;
}

int vstate_load(const char *path, struct vstate *s)
{
	struct rd r = { NULL, 0, 0 };
	uint8_t *buf = NULL;
	size_t len = 0;
	unsigned i;
	int ret;

	memset(s, 0, sizeof(*s));
	if (!path)
		return -EINVAL;
	ret = read_whole(path, &buf, &len);
	if (ret)
		return ret;
	ret = check_envelope(buf, len);
	if (!ret) {
		r.p = buf;
		r.len = len - VS_TRAILER_LEN;
		ret = get_header(&r, s);
	}
	for (i = 0; !ret && i < s->nr_files; i++)
		ret = get_file(&r, &s->files[i]);
	if (!ret && r.pos != r.len)
		ret = -EBADMSG;		/* bytes after the last map */
	free(buf);
	if (ret)
		vstate_release(s);
	return ret;
}

void vstate_release(struct vstate *s)
{
	unsigned i;

	if (!s)
		return;
	for (i = 0; s->files && i < s->nr_files; i++) {
		free(s->files[i].name);
		genmap_free(s->files[i].map);
	}
	free(s->files);
	free(s->job_name);
	memset(s, 0, sizeof(*s));
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
	if (s->nr_files != w->nr_files)
		return say(why, cap, "number of files: saved %u, wanted %u",
			   s->nr_files, w->nr_files);
	return 0;
}

static int match_file(const struct vstate_file *s, const struct vstate_file *w,
		      unsigned i, char *why, size_t cap)
{
	if (strcmp(s->name, w->name))
		return say(why, cap, "file %u name: saved '%s', wanted '%s'",
			   i + 1, s->name, w->name);
	if (s->offset != w->offset)
		return say(why, cap, "file '%s' region offset: saved %" PRIu64
			   ", wanted %" PRIu64, s->name, s->offset, w->offset);
	if (s->size != w->size)
		return say(why, cap, "file '%s' region size: saved %" PRIu64
			   ", wanted %" PRIu64, s->name, s->size, w->size);
	if (s->nunits != w->nunits)
		return say(why, cap, "file '%s' number of units: saved %" PRIu64
			   ", wanted %" PRIu64, s->name, s->nunits, w->nunits);
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
		ret = match_file(&s->files[i], &want->files[i], i, why, cap);
	}
	return ret;
}
