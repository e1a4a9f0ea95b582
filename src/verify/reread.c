/*
 * reread.c - reread triage: reading a failed unit again, the cache
 * bypassed, and naming the verdict (see reread.h).
 */
#include "compat.h"

#include <fcntl.h>

#include "fdio.h"
#include "verify/reread.h"

#define VREREAD_ALIGN 4096u

static const char *const keys[VREREAD_NR] = {
	[VREREAD_NONE] = "",
	[VREREAD_OFF] = "off",
	[VREREAD_PERSISTENT] = "persistent",
	[VREREAD_TRANSIENT] = "transient",
	[VREREAD_CHANGED] = "changed",
	[VREREAD_ERROR] = "error",
};

const char *vreread_key(unsigned r)
{
	return r < VREREAD_NR ? keys[r] : "";
}

int vreread_of_key(const char *key)
{
	for (int r = VREREAD_OFF; r < VREREAD_NR; r++)
		if (!strcmp(key, keys[r]))
			return r;
	return -EINVAL;
}

enum vreread vreread_judge(const uint8_t *first, const uint8_t *again, size_t len,
			   bool again_ok)
{
	if (again_ok)
		return VREREAD_TRANSIENT;
	return memcmp(first, again, len) ? VREREAD_CHANGED : VREREAD_PERSISTENT;
}

uint8_t *vreread_alloc(size_t len)
{
	size_t n = (len + VREREAD_ALIGN - 1) / VREREAD_ALIGN * VREREAD_ALIGN;

	return aligned_alloc(VREREAD_ALIGN, n ? n : VREREAD_ALIGN);
}

/* Read the whole range from fd: 0, -errno, or -EIO when short. */
static int read_range(int fd, uint8_t *buf, size_t len, uint64_t off)
{
	ssize_t r = pread_full(fd, buf, len, off, NULL);

	if (r < 0)
		return (int)r;
	return (size_t)r == len ? 0 : -EIO;
}

/*
 * O_DIRECT: the file system may refuse the flag (tmpfs: EINVAL at open)
 * or the range (not aligned to the logical block: EINVAL at the read).
 * Either means "fall back"; any other error is the reread's.
 */
static int read_direct(const char *path, uint64_t off, size_t len, uint8_t *buf)
{
	int fd = open(path, O_RDONLY | O_DIRECT | O_CLOEXEC);
	int r;

	if (fd < 0)
		return errno == EINVAL ? -EOPNOTSUPP : -errno;
	r = read_range(fd, buf, len, off);
	close(fd);
	return r == -EINVAL ? -EOPNOTSUPP : r;
}

static int read_dropped(const char *path, uint64_t off, size_t len, uint8_t *buf)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int r;

	if (fd < 0)
		return -errno;
	/* Dirty pages are not dropped: write them back first.  Neither
	 * call's failure matters (a tmpfs file has no other copy). */
	(void)fdatasync(fd);
	(void)posix_fadvise(fd, (off_t)off, (off_t)len, POSIX_FADV_DONTNEED);
	r = read_range(fd, buf, len, off);
	close(fd);
	return r;
}

int vreread_read(const char *path, uint64_t off, size_t len, uint8_t *buf,
		 enum vreread_how *how)
{
	int r = read_direct(path, off, len, buf);

	if (how)
		*how = VREREAD_DIRECT;
	if (r != -EOPNOTSUPP)
		return r;
	if (how)
		*how = VREREAD_DROPPED;
	return read_dropped(path, off, len, buf);
}
