/*
 * ovjournal.c - the overlap journal (ovjournal.h): format, writer, reader.
 */
#include "compat.h"

#include <fcntl.h>

#include "csum.h"
#include "fdio.h"
#include "le.h"
#include "verify/ovjournal.h"

#define H_VERSION 1
#define READ_RECS 4096		/* records read at a time */

/* Header: magic 8, version 4, flags 4, unit 4, files 4, clone 4, name crc
 * 4, run id 8, seed 8, reserved 12, crc 4. */
void ovj_hdr_encode(uint8_t *dst, const struct ovj_hdr *h)
{
	memset(dst, 0, OVJ_HDR_LEN);
	memcpy(dst, OVJ_MAGIC, 8);
	put_le32(dst + 8, H_VERSION);
	put_le32(dst + 12, h->flags);
	put_le32(dst + 16, h->unit_len);
	put_le32(dst + 20, h->nr_files);
	put_le32(dst + 24, h->clone);
	put_le32(dst + 28, h->name_crc);
	put_le64(dst + 32, h->run_id);
	put_le64(dst + 40, h->seed);
	put_le32(dst + 60, csum_crc32c(dst, 60));
}

int ovj_hdr_decode(const uint8_t *src, size_t len, struct ovj_hdr *h)
{
	if (len < OVJ_HDR_LEN || memcmp(src, OVJ_MAGIC, 8))
		return -EBADMSG;
	if (get_le32(src + 60) != csum_crc32c(src, 60))
		return -EILSEQ;
	if (get_le32(src + 8) != H_VERSION || get_le32(src + 12) & ~(uint32_t)OVJ_F_BUFFERED)
		return -EPROTO;
	h->flags = get_le32(src + 12);
	h->unit_len = get_le32(src + 16);
	h->nr_files = get_le32(src + 20);
	h->clone = get_le32(src + 24);
	h->name_crc = get_le32(src + 28);
	h->run_id = get_le64(src + 32);
	h->seed = get_le64(src + 40);
	/* Records name files in 16 bits. */
	return h->unit_len && h->nr_files && h->nr_files <= 65536 ? 0 : -EBADMSG;
}

/* Record: type 1, file 2, unit 5, ticket 4, crc 4 (of the 12 bytes and
 * the record's index). */
static uint32_t rec_crc(const uint8_t *p, uint64_t index)
{
	uint8_t ix[8];

	put_le64(ix, index);
	return csum_crc32c_update(csum_crc32c(p, 12), ix, sizeof(ix));
}

void ovj_rec_encode(uint8_t *dst, const struct ovj_rec *r, uint64_t index)
{
	dst[0] = r->type;
	put_le16(dst + 1, r->file);
	put_le32(dst + 3, (uint32_t)r->blk);
	dst[7] = (uint8_t)(r->blk >> 32);
	put_le32(dst + 8, r->ticket);
	put_le32(dst + 12, rec_crc(dst, index));
}

int ovj_rec_decode(const uint8_t *src, struct ovj_rec *r, uint64_t index)
{
	if (get_le32(src + 12) != rec_crc(src, index))
		return -EILSEQ;
	r->type = src[0];
	r->file = get_le16(src + 1);
	r->blk = get_le32(src + 3) | (uint64_t)src[7] << 32;
	r->ticket = get_le32(src + 8);
	return r->type >= OVJ_INTENT && r->type <= OVJ_SYNC ? 0 : -EBADMSG;
}

int ovj_path(char *dst, size_t cap, const char *state_path)
{
	int n = snprintf(dst, cap, "%s%s", state_path, OVJ_SUFFIX);

	return n < 0 || (size_t)n >= cap ? -ENAMETOOLONG : 0;
}

struct ovj {
	int fd;
	uint8_t *buf;
	unsigned cap, len;	/* records */
	bool intent;		/* the buffer holds an INTENT */
	uint64_t next;		/* index of the next record */
	uint64_t off;		/* file offset of the buffer's first record */
};

struct ovj *ovj_create(const char *path, const struct ovj_hdr *h, unsigned cap, int *err)
{
	struct ovj *j = calloc(1, sizeof(*j));
	uint8_t hdr[OVJ_HDR_LEN];

	*err = -ENOMEM;
	if (!j)
		return NULL;
	j->cap = cap ? cap : 1;
	j->buf = malloc((size_t)j->cap * OVJ_REC_LEN);
	j->fd = -1;
	if (!j->buf)
		goto fail;
	/* O_DSYNC: every append is durable when pwrite returns. */
	j->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_DSYNC, 0644);
	if (j->fd < 0) {
		*err = -errno;
		goto fail;
	}
	ovj_hdr_encode(hdr, h);
	if (pwrite_full(j->fd, hdr, sizeof(hdr), 0, NULL) != (ssize_t)sizeof(hdr)) {
		*err = errno ? -errno : -EIO;
		goto fail;
	}
	j->off = OVJ_HDR_LEN;
	*err = 0;
	return j;
fail:
	if (j->fd >= 0)
		close(j->fd);
	free(j->buf);
	free(j);
	return NULL;
}

int ovj_flush(struct ovj *j)
{
	size_t n = (size_t)j->len * OVJ_REC_LEN;

	if (!j->len)
		return 0;
	if (pwrite_full(j->fd, j->buf, n, j->off, NULL) != (ssize_t)n)
		return errno ? -errno : -EIO;
	j->off += n;
	j->len = 0;
	j->intent = false;
	return 0;
}

int ovj_add(struct ovj *j, const struct ovj_rec *r)
{
	if (j->len == j->cap) {
		int e = ovj_flush(j);

		if (e)
			return e;
	}
	ovj_rec_encode(j->buf + (size_t)j->len * OVJ_REC_LEN, r, j->next++);
	j->len++;
	j->intent |= r->type == OVJ_INTENT;
	return 0;
}

bool ovj_need_flush(const struct ovj *j)
{
	return j->intent;
}

int ovj_close(struct ovj *j)
{
	int r;

	if (!j)
		return 0;
	r = ovj_flush(j);
	close(j->fd);
	free(j->buf);
	free(j);
	return r;
}

/*
 * One pass over the records through buf (READ_RECS of them): every valid
 * one to fn (when given), else each file's last SYNC index into last_sync
 * (files entries, UINT64_MAX: none).
 */
static long pass(int fd, uint8_t *buf, uint32_t files, uint64_t *last_sync, bool buffered,
		 int (*fn)(void *, const struct ovj_rec *, bool), void *arg)
{
	const size_t size = (size_t)READ_RECS * OVJ_REC_LEN;
	uint64_t off = OVJ_HDR_LEN, index = 0;

	for (;;) {
		ssize_t got = pread_full(fd, buf, size, off, NULL);

		if (got < 0)
			return -errno;
		for (ssize_t at = 0; at + OVJ_REC_LEN <= got; at += OVJ_REC_LEN, index++) {
			struct ovj_rec r;
			bool durable;
			int e;

			if (ovj_rec_decode(buf + at, &r, index))
				return (long)index;	/* the end, or a torn tail */
			if (r.file >= files)
				return -EBADMSG;
			if (r.type == OVJ_SYNC && !fn)
				last_sync[r.file] = index;
			if (!fn)
				continue;
			durable = !buffered || (last_sync[r.file] != UINT64_MAX &&
						index < last_sync[r.file]);
			e = fn(arg, &r, durable);
			if (e)
				return e;
		}
		if ((size_t)got < size)
			return (long)index;
		off += (uint64_t)got;
	}
}

long ovj_replay(const char *path, struct ovj_hdr *h,
		int (*fn)(void *arg, const struct ovj_rec *r, bool durable), void *arg,
		char *why, size_t cap)
{
	uint8_t hdr[OVJ_HDR_LEN], *buf = NULL;
	uint64_t *last = NULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	long r;

	if (fd < 0)
		return -errno;
	r = pread_full(fd, hdr, sizeof(hdr), 0, NULL);
	if (r < 0) {
		r = -errno;
		goto out;
	}
	if ((r = ovj_hdr_decode(hdr, (size_t)r, h)) < 0) {
		snprintf(why, cap, "'%s' is not a verio overlap journal, or its header is "
			 "damaged", path);
		r = -EBADMSG;
		goto out;
	}
	if (!fn) {
		r = 0;		/* the header only */
		goto out;
	}
	last = malloc((h->nr_files ? h->nr_files : 1) * sizeof(*last));
	buf = malloc((size_t)READ_RECS * OVJ_REC_LEN);
	if (!last || !buf) {
		r = -ENOMEM;
		goto out;
	}
	for (uint32_t i = 0; i < h->nr_files; i++)
		last[i] = UINT64_MAX;
	r = pass(fd, buf, h->nr_files, last, false, NULL, NULL);
	if (r >= 0)
		r = pass(fd, buf, h->nr_files, last, h->flags & OVJ_F_BUFFERED, fn, arg);
	if (r == -EBADMSG)
		snprintf(why, cap, "'%s': a record names a file the journal does not have", path);
out:
	free(buf);
	free(last);
	close(fd);
	return r;
}
