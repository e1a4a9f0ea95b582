/*
 * mmap: the job's region of each file is mapped with mmap(2) (shared) and
 * data copied in and out with memcpy(3), as fio's mmap engine does.
 *
 * open_file() maps the region once, rounded out to whole pages. If the
 * whole region cannot be mapped (address space), the engine falls back,
 * as fio does, to a window around each I/O, mapped again when an I/O
 * falls outside it. A file shorter than its region is extended when it
 * is open for writing (a store past the end of a file is SIGBUS, never an
 * error return); open read-only, a read past its end is a short read.
 *
 * A sync is msync(MS_SYNC) of the mapping, then fsync/fdatasync of the
 * file. direct=1 cannot bypass the page cache through a mapping: as in
 * fio, every read and write is then followed by msync(MS_SYNC) and
 * POSIX_MADV_DONTNEED of its pages.
 *
 * A device error under a mapping is delivered as SIGBUS, which ends the
 * run: use another engine to test how errors are reported.
 */
#include "compat.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"

/* The window mapped around an I/O when the whole region would not map. */
#define MMAP_WINDOW (64ULL << 20)

/* Per open file (vfile->engine_data). */
struct mmap_file {
	uint8_t *base;		/* the mapping, or NULL */
	uint64_t map_off;	/* file offset of base, page aligned */
	uint64_t map_len;
	uint64_t valid_end;	/* bytes of the file behind the mapping */
	int prot;
	bool windowed;		/* the whole region did not map */
};

static uint64_t page_mask(void)
{
	return (uint64_t)sysconf(_SC_PAGESIZE) - 1;
}

static void mmap_unmap(struct mmap_file *mf)
{
	if (mf->base)
		munmap(mf->base, mf->map_len);
	mf->base = NULL;
	mf->map_len = 0;
}

/* Map [off, off + len) of f's file, start rounded down to a page. */
static int mmap_map(struct mmap_file *mf, int fd, uint64_t off, uint64_t len)
{
	uint64_t start = off & ~page_mask();
	void *p;

	mmap_unmap(mf);
	len += off - start;
	if (len != (size_t)len)
		return -ENOMEM;
	p = mmap(NULL, (size_t)len, mf->prot, MAP_SHARED, fd, (off_t)start);
	if (p == MAP_FAILED)
		return -errno;
	mf->base = p;
	mf->map_off = start;
	mf->map_len = len;
	return 0;
}

/*
 * The file's length behind the region: extended to cover it when the
 * file is a regular one open for writing. 0 or -errno.
 */
static int mmap_size(struct mmap_file *mf, struct vfile *f, uint64_t end)
{
	struct stat st;

	if (fstat(f->fd, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		mf->valid_end = f->real_size;
		return 0;
	}
	mf->valid_end = (uint64_t)st.st_size;
	if (mf->valid_end >= end || !(mf->prot & PROT_WRITE))
		return 0;
	if (ftruncate(f->fd, (off_t)end) < 0)
		return -errno;
	mf->valid_end = end;
	return 0;
}

static int mmap_open_file(struct engine_ctx *ctx, struct vfile *f)
{
	uint64_t end = f->io_offset + f->io_size;
	struct mmap_file *mf;
	int fl, r;

	(void)ctx;
	fl = fcntl(f->fd, F_GETFL);
	if (fl < 0)
		return -errno;
	mf = calloc(1, sizeof(*mf));
	if (!mf)
		return -ENOMEM;
	mf->prot = (fl & O_ACCMODE) == O_RDONLY ? PROT_READ : PROT_READ | PROT_WRITE;
	f->engine_data = mf;
	r = mmap_size(mf, f, end);
	if (r < 0 || !f->io_size)
		return r;
	r = mmap_map(mf, f->fd, f->io_offset, f->io_size);
	if (r == -ENOMEM) {
		mf->windowed = true;	/* map around each I/O instead */
		r = 0;
	}
	return r;
}

static int mmap_close_file(struct engine_ctx *ctx, struct vfile *f)
{
	struct mmap_file *mf = f->engine_data;

	(void)ctx;
	if (!mf)
		return 0;
	mmap_unmap(mf);
	free(mf);
	f->engine_data = NULL;
	return 0;
}

/* Where u's bytes are in the mapping, mapping a window if need be; NULL on error. */
static uint8_t *mmap_at(struct mmap_file *mf, struct io_u *u, int *err)
{
	uint64_t want;

	if (mf->base && u->offset >= mf->map_off &&
	    u->offset + u->len <= mf->map_off + mf->map_len)
		return mf->base + (u->offset - mf->map_off);
	if (!mf->windowed) {
		*err = -EINVAL;		/* outside the job's region */
		return NULL;
	}
	want = MAX_OF(u->len, MMAP_WINDOW);
	if (u->offset + want > mf->valid_end)
		want = MAX_OF(u->len, mf->valid_end - MIN_OF(u->offset, mf->valid_end));
	*err = mmap_map(mf, u->file->fd, u->offset, want);
	return *err ? NULL : mf->base + (u->offset - mf->map_off);
}

/* direct=1: push the I/O's pages out and let them go, as fio does. */
static int mmap_drop(uint8_t *p, uint64_t len)
{
	uintptr_t start = (uintptr_t)p & ~(uintptr_t)page_mask();
	size_t n = (size_t)((uintptr_t)p + len - start);

	if (msync((void *)start, n, MS_SYNC) < 0)
		return -errno;
	if (posix_madvise((void *)start, n, POSIX_MADV_DONTNEED))
		return -EINVAL;
	return 0;
}

static void mmap_sync(struct mmap_file *mf, struct io_u *u)
{
	if (mf->base && msync(mf->base, mf->map_len, MS_SYNC) < 0) {
		u->done = u->len;
		u->error = -errno;
		return;
	}
	engine_do_sync(u);
}

static enum engine_q mmap_queue(struct engine_ctx *ctx, struct io_u *u)
{
	struct mmap_file *mf = u->file->engine_data;
	uint64_t len = u->len;
	int err = 0;
	uint8_t *p;

	/* A hole punched in the file: the mapping reads zeroes there after. */
	if (u->ddir == DDIR_TRIM) {
		engine_do_trim(u);
		return ENGINE_Q_COMPLETED;
	}
	if (!ddir_is_rw(u->ddir)) {
		mmap_sync(mf, u);
		return ENGINE_Q_COMPLETED;
	}
	/* Past the end of a file open read-only: what there is, then short. */
	if (u->offset + len > mf->valid_end)
		len = u->offset < mf->valid_end ? mf->valid_end - u->offset : 0;
	p = len ? mmap_at(mf, u, &err) : NULL;
	if (err) {
		engine_set_result(u, err, 1);
		return ENGINE_Q_COMPLETED;
	}
	if (u->ddir == DDIR_READ)
		memcpy(u->buf, p, len);
	else
		memcpy(p, u->buf, len);
	if (ctx->direct && len && (err = mmap_drop(p, len)) < 0) {
		engine_set_result(u, err, 1);
		return ENGINE_Q_COMPLETED;
	}
	engine_set_result(u, (ssize_t)len, 1);
	return ENGINE_Q_COMPLETED;
}

const struct engine_ops engine_mmap = {
	.name = "mmap",
	.help = "the file mapped with mmap(2), data copied in and out with memcpy(3)",
	.flags = ENGINE_F_SYNC,
	.open_file = mmap_open_file,
	.close_file = mmap_close_file,
	.queue = mmap_queue,
};
