/*
 * target.c - files and devices: safety checks, opening, laying out and
 * closing one target under a target_conf; and a job's targets: names,
 * regions, and the loops over its files.
 */
#include "compat.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <stddef.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#ifdef CONFIG_LINUX_FS_H
#include <linux/fs.h>
#endif

#include "config/runconf.h"
#include "fdio.h"
#include "run/bufdata.h"
#include "run/job.h"
#include "run/jobhist.h"
#include "run/run.h"
#include "parse.h"
#include "rand.h"
#include "run/target.h"

#define PROBE_BYTES (68 * 1024)

/* Append src to dst (of size cap) at *pos, truncating safely. */
static void put_str(char *dst, size_t cap, size_t *pos, const char *src)
{
	size_t n = strlen(src);

	if (*pos + n >= cap)
		n = cap - 1 - *pos;
	memcpy(dst + *pos, src, n);
	*pos += n;
	dst[*pos] = '\0';
}

/*
 * A job name used as part of a path stays one name inside directory=:
 * '/' and control bytes become '_' (spaces and the rest stay, so a fio
 * job name gives the file name fio gives it).
 */
static void put_name(char *dst, size_t cap, size_t *pos, const char *name)
{
	for (; *name && *pos + 1 < cap; name++) {
		unsigned char c = (unsigned char)*name;

		dst[(*pos)++] = c == '/' || c < 0x20 || c == 0x7f ? '_' : (char)c;
	}
	dst[*pos] = '\0';
}

/* Expand filename_format: $jobname, $jobnum, $filenum. */
static void expand_format(const struct job *j, unsigned filenum, char *out,
			  size_t cap)
{
	const char *p = j->o.filename_format ? j->o.filename_format
					     : "$jobname.$jobnum.$filenum";
	size_t pos = 0;
	char num[24];

	out[0] = '\0';
	while (*p && pos + 1 < cap) {
		if (!strncmp(p, "$jobname", 8)) {
			put_name(out, cap, &pos, j->o.name);
			p += 8;
		} else if (!strncmp(p, "$jobnum", 7)) {
			snprintf(num, sizeof(num), "%u", j->jobnum);
			put_str(out, cap, &pos, num);
			p += 7;
		} else if (!strncmp(p, "$filenum", 8)) {
			snprintf(num, sizeof(num), "%u", filenum);
			put_str(out, cap, &pos, num);
			p += 8;
		} else {
			out[pos++] = *p++;
			out[pos] = '\0';
		}
	}
	/* "$jobname" alone, of a job named "." or "..": not a directory. */
	if ((!strcmp(out, ".") || !strcmp(out, "..") || !out[0]) && cap > 3) {
		memmove(out + 1, out, strlen(out) + 1);
		out[0] = '_';
	}
}

static char *with_directory(const struct job *j, const char *name)
{
	const char *dir = j->o.directory;
	size_t n;
	char *s;

	if (!dir || !*dir || name[0] == '/')
		return strdup(name);
	n = strlen(dir) + strlen(name) + 2;
	s = malloc(n);
	if (s)
		snprintf(s, n, "%s/%s", dir, name);
	return s;
}

static int resolve_names(struct job *j)
{
	char **items = NULL, buf[4096];
	size_t nr = 0;

	if (j->o.filename && *j->o.filename) {
		if (split_list(j->o.filename, ':', true, &items, &nr) < 0)
			return -ENOMEM;
	}
	j->nr_files = nr ? (unsigned)nr : (j->o.nrfiles ? j->o.nrfiles : 1);
	j->files = calloc(j->nr_files, sizeof(*j->files));
	if (!j->files) {
		free_list(items, nr);
		return -ENOMEM;
	}
	for (unsigned i = 0; i < j->nr_files; i++) {
		struct vfile *f = &j->files[i];

		if (nr) {
			f->name = with_directory(j, items[i]);
		} else {
			expand_format(j, i, buf, sizeof(buf));
			f->name = with_directory(j, buf);
		}
		f->fd = -1;
		f->lbs = 512;
		if (!f->name) {
			free_list(items, nr);
			return -ENOMEM;
		}
	}
	free_list(items, nr);
	return 0;
}

/*
 * The logical block size of the device a filesystem lives on, from
 * sysfs (a partition's is its disk's); 512 when there is none (tmpfs).
 */
static unsigned fs_logical_block_size(dev_t dev)
{
	/* The device's own queue, else (a partition) its parent's. */
	static const char *const rel[] = { "queue", "../queue" };
	char path[128];
	unsigned lbs = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rel) && !lbs; i++) {
		FILE *fp;

		snprintf(path, sizeof(path), "/sys/dev/block/%u:%u/%s/logical_block_size",
			 major(dev), minor(dev), rel[i]);
		fp = fopen(path, "r");
		if (!fp)
			continue;
		if (fscanf(fp, "%u", &lbs) != 1)
			lbs = 0;
		fclose(fp);
	}
	return lbs >= 512 ? lbs : 512;
}

bool target_same(const char *a, const char *b)
{
	struct stat sa, sb;

	if (!strcmp(a, b))
		return true;
	if (stat(a, &sa) || stat(b, &sb))
		return false;
	if (S_ISBLK(sa.st_mode) || S_ISBLK(sb.st_mode))
		return S_ISBLK(sa.st_mode) && S_ISBLK(sb.st_mode) && sa.st_rdev == sb.st_rdev;
	return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

int target_stat(struct vfile *f, char *err, size_t len)
{
	struct stat st;
	int fd;

	if (stat(f->name, &st) < 0) {
		char dir[4096], *slash;

		if (errno != ENOENT)
			return -errno;
		f->flags |= VFILE_F_MISSING;
		/* It will be created: its directory's filesystem decides. */
		snprintf(dir, sizeof(dir), "%s", f->name);
		slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		if (stat(slash ? (*dir ? dir : "/") : ".", &st) == 0)
			f->lbs = fs_logical_block_size(st.st_dev);
		return 0;
	}
	if (S_ISREG(st.st_mode)) {
		f->real_size = (uint64_t)st.st_size;
		f->lbs = fs_logical_block_size(st.st_dev);
		return 0;
	}
	if (S_ISCHR(st.st_mode)) {
		f->flags |= VFILE_F_CHARDEV;
		return 0;
	}
	if (!S_ISBLK(st.st_mode)) {
		snprintf(err, len, "'%s' is not a regular file or a block device", f->name);
		return -EINVAL;
	}
	f->flags |= VFILE_F_BLOCKDEV;
	fd = open(f->name, O_RDONLY);
	if (fd < 0)
		return -errno;
#ifdef CONFIG_LINUX_FS_H
	{
		uint64_t bytes = 0;
		int lbs = 0;

		if (ioctl(fd, BLKGETSIZE64, &bytes) == 0)
			f->real_size = bytes;
		if (ioctl(fd, BLKSSZGET, &lbs) == 0 && lbs > 0)
			f->lbs = (unsigned)lbs;
	}
#endif
	if (!f->real_size) {
		off_t end = lseek(fd, 0, SEEK_END);

		f->real_size = end > 0 ? (uint64_t)end : 0;
	}
	close(fd);
	return 0;
}

static bool devnum_mounted(dev_t dev)
{
	FILE *fp = fopen("/proc/self/mountinfo", "r");
	char *line = NULL;
	size_t cap = 0;
	bool found = false;

	if (!fp)
		return false;
	while (!found && getline(&line, &cap, fp) > 0) {
		unsigned ma, mi;

		if (sscanf(line, "%*u %*u %u:%u", &ma, &mi) == 2 &&
		    makedev(ma, mi) == dev)
			found = true;
	}
	free(line);
	fclose(fp);
	return found;
}

/* Is dev, or a partition of it, mounted; or does something hold it? */
static const char *blockdev_in_use(dev_t dev, char *why, size_t cap)
{
	char path[128], sub[512];
	struct dirent *de;
	DIR *d;

	if (devnum_mounted(dev))
		return "it is mounted";
	snprintf(path, sizeof(path), "/sys/dev/block/%u:%u", major(dev), minor(dev));
	d = opendir(path);
	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		unsigned ma, mi;
		FILE *fp;

		if (de->d_name[0] == '.')
			continue;
		if (!strcmp(de->d_name, "holders"))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s/dev", path, de->d_name);
		fp = fopen(sub, "r");
		if (!fp)
			continue;
		if (fscanf(fp, "%u:%u", &ma, &mi) == 2 && devnum_mounted(makedev(ma, mi))) {
			snprintf(why, cap, "its partition '%.64s' is mounted", de->d_name);
			fclose(fp);
			closedir(d);
			return why;
		}
		fclose(fp);
	}
	closedir(d);
	snprintf(sub, sizeof(sub), "%s/holders", path);
	d = opendir(sub);
	while (d && (de = readdir(d))) {
		if (de->d_name[0] != '.') {
			snprintf(why, cap, "it is held by '%.64s'", de->d_name);
			closedir(d);
			return why;
		}
	}
	if (d)
		closedir(d);
	return NULL;
}

struct signature {
	const char *what;
	size_t off;
	const char *magic;
	size_t len;
};

/* On-disk magics of common filesystems and volume formats (facts). */
static const struct signature signatures[] = {
	{ "an ext2/3/4 filesystem", 1080, "\x53\xef", 2 },
	{ "an XFS filesystem", 0, "XFSB", 4 },
	{ "a btrfs filesystem", 65600, "_BHRfS_M", 8 },
	{ "a GPT partition table", 512, "EFI PART", 8 },
	{ "a GPT partition table", 4096, "EFI PART", 8 },
	{ "swap space", 4086, "SWAPSPACE2", 10 },
	{ "a LUKS volume", 0, "LUKS\xba\xbe", 6 },
	{ "an LVM physical volume", 512, "LABELONE", 8 },
	{ "an ISO 9660 filesystem", 32769, "CD001", 5 },
	{ "an NTFS filesystem", 3, "NTFS    ", 8 },
	{ "an F2FS filesystem", 1024, "\x10\x20\xf5\xf2", 4 },
	{ "a squashfs filesystem", 0, "hsqs", 4 },
	{ "an MD RAID member", 4096, "\xfc\x4e\x2b\xa9", 4 },
	{ "a FAT filesystem", 54, "FAT1", 4 },
	{ "a FAT filesystem", 82, "FAT32   ", 8 },
};

/* An MBR: 0x55AA plus four entries whose boot flags are 0x00 or 0x80. */
static bool has_mbr(const uint8_t *b)
{
	bool any = false;

	if (b[510] != 0x55 || b[511] != 0xaa)
		return false;
	for (int i = 0; i < 4; i++) {
		const uint8_t *e = b + 446 + 16 * i;

		if (e[0] != 0x00 && e[0] != 0x80)
			return false;
		any |= e[4] != 0;
	}
	return any;
}

const char *target_probe_signature(int fd)
{
	uint8_t *b = calloc(1, PROBE_BYTES);
	const char *what = NULL;
	ssize_t n;

	if (!b)
		return NULL;
	n = pread_full(fd, b, PROBE_BYTES, 0, NULL);
	for (size_t i = 0; n > 0 && i < ARRAY_SIZE(signatures) && !what; i++) {
		const struct signature *s = &signatures[i];

		if (s->off + s->len <= (size_t)n && !memcmp(b + s->off, s->magic, s->len))
			what = s->what;
	}
	if (!what && n >= 512 && has_mbr(b))
		what = "a DOS partition table";
	free(b);
	return what;
}

int target_check_safe(const char *path, const struct target_conf *c,
		      char *err, size_t len)
{
	char why[160];
	const char *sig, *use;
	struct stat st;
	int fd, r;

	err[0] = '\0';
	if (!c->writes)
		return 0;
	if (c->readonly) {
		snprintf(err, len, "refusing to write to '%s' under --readonly", path);
		return -EROFS;
	}
	if (c->allow_mounted_write)
		return 0;
	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISBLK(st.st_mode))
		return 0;
	use = blockdev_in_use(st.st_rdev, why, sizeof(why));
	if (use) {
		snprintf(err, len, "refusing to write to '%s': %s (set allow_mounted_write=1 to force)",
			 path, use);
		return -EBUSY;
	}
	fd = open(path, O_RDONLY);
	if (fd < 0) {
		r = -errno;
		snprintf(err, len, "cannot open '%s': %s", path, strerror(-r));
		return r;
	}
	sig = target_probe_signature(fd);
	close(fd);
	if (sig) {
		snprintf(err, len, "refusing to write to '%s': it holds %s (set allow_mounted_write=1 to force)",
			 path, sig);
		return -EBUSY;
	}
	return 0;
}

static uint64_t fs_free_bytes(const char *path)
{
	char dir[4096];
	struct statvfs sv;
	char *slash;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(dir, sizeof(dir), ".");
	if (statvfs(*dir ? dir : "/", &sv) < 0)
		return 0;
	return (uint64_t)sv.f_bavail * sv.f_frsize;
}

/* Size of f's region when size= does not say. 0 = unknown. */
static uint64_t implied_size(const struct job *j, const struct vfile *f,
			     uint64_t base)
{
	const struct job_options *o = &j->o;

	if (o->size_percent > 0) {
		uint64_t s = (uint64_t)((double)f->real_size * o->size_percent / 100.0);

		return s > f->real_size - MIN_OF(base, f->real_size)
			       ? f->real_size - MIN_OF(base, f->real_size)
			       : s;
	}
	if (o->fill_device && !(f->flags & VFILE_F_BLOCKDEV))
		return fs_free_bytes(f->name) + f->real_size - MIN_OF(base, f->real_size);
	return f->real_size > base ? f->real_size - base : 0;
}

/*
 * verio-mpi's rank_split=region: rank r of N takes the r-th of N equal
 * parts of the region, each a multiple of the job's largest block size.
 * Returns 0, or 2 when the region is too small to give every rank a block.
 */
static int rank_part(struct job *j, struct vfile *f, uint64_t *base, uint64_t *size)
{
	const struct run_config *cfg = j->run ? j->run->cfg : NULL;
	uint64_t align = 1, part;

	if (!cfg || cfg->nranks <= 1 || j->o.rank_split != RANK_SPLIT_REGION)
		return 0;
	for (int d = 0; d < DDIR_RWDIR_CNT; d++)
		align = MAX_OF(align, j->o.max_bs[d]);
	part = *size / cfg->nranks;
	part -= part % align;
	if (!part) {
		job_err(j, "rank_split=region: the region of '%s' (%" PRIu64 " bytes) is too "
			"small for %u ranks of %" PRIu64 "-byte blocks", f->name, *size,
			cfg->nranks, align);
		return 2;
	}
	f->shared_end = *base + *size;
	*base += part * cfg->rank;
	*size = part;
	return 0;
}

static int compute_region(struct job *j, struct vfile *f, uint64_t per_file)
{
	const struct job_options *o = &j->o;
	uint64_t base, size;

	base = o->offset_percent > 0
		       ? (uint64_t)((double)f->real_size * o->offset_percent / 100.0)
		       : o->offset;
	if (o->offset_percent > 0 && o->min_bs[DDIR_WRITE])
		base -= base % o->min_bs[DDIR_WRITE];
	base += o->offset_increment * j->jobnum;

	if (o->filesize_max) {
		/* filesize=lo-hi: each file a size of its own, the same every run. */
		uint64_t s = j->seed + (uint64_t)(f - j->files);

		size = o->filesize_min +
		       splitmix64(&s) % (o->filesize_max - o->filesize_min + 1);
		if (o->min_bs[DDIR_WRITE] && size > o->min_bs[DDIR_WRITE])
			size -= size % o->min_bs[DDIR_WRITE];
	}
	else if (per_file)
		size = per_file;
	else
		size = implied_size(j, f, base);
	if (!size) {
		if (f->flags & VFILE_F_MISSING)
			job_err(j, "'%s' does not exist and no size was given", f->name);
		else
			job_err(j, "no size given and '%s' has no room past offset %" PRIu64,
				f->name, base);
		return 2;
	}
	if (rank_part(j, f, &base, &size))
		return 2;
	if ((f->flags & VFILE_F_BLOCKDEV) && base + size > f->real_size) {
		job_err(j, "region %" PRIu64 "+%" PRIu64 " is beyond the end of '%s' (%" PRIu64 " bytes)",
			base, size, f->name, f->real_size);
		return 2;
	}
	f->io_offset = base;
	f->io_size = size;
	return 0;
}

static int check_direct_alignment(struct job *j, const struct vfile *f)
{
	const struct job_options *o = &j->o;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++) {
		if (o->min_bs[d] % f->lbs || o->max_bs[d] % f->lbs) {
			job_err(j, "direct=1 needs bs to be a multiple of %u, the logical block size of '%s'",
				f->lbs, f->name);
			return 2;
		}
	}
	if (f->io_offset % f->lbs) {
		job_err(j, "direct=1 needs offset to be a multiple of %u, the logical block size of '%s'",
			f->lbs, f->name);
		return 2;
	}
	return 0;
}

/*
 * atomic=1: the limits of RWF_ATOMIC writes, as statx(2) reports them
 * (Linux 6.11 and later). glibc 2.36 and the uapi headers installed here
 * predate those fields, so they are read where the kernel's struct statx
 * (include/uapi/linux/stat.h, 6.11 on) puts them: stx_mask at byte 0x00,
 * stx_atomic_write_unit_min at 0xa8, stx_atomic_write_unit_max at 0xac,
 * stx_atomic_write_segments_max at 0xb0, in 0x100 bytes in all; the
 * request bit is STATX_WRITE_ATOMIC.
 */
#define VERIO_STATX_WRITE_ATOMIC 0x00010000U

struct statx_atomic {
	uint32_t mask;			/* stx_mask: what the kernel filled in */
	uint8_t before[0xa8 - 4];	/* stx_blksize .. stx_subvol */
	uint32_t unit_min;		/* bytes: the smallest atomic write */
	uint32_t unit_max;		/* bytes: the largest (0: none) */
	uint32_t segments_max;		/* iovecs one atomic write may have */
	uint8_t after[0x100 - 0xb4];
};
_Static_assert(offsetof(struct statx_atomic, unit_min) == 0xa8, "uapi struct statx layout");
_Static_assert(offsetof(struct statx_atomic, segments_max) == 0xb0, "uapi struct statx layout");
_Static_assert(sizeof(struct statx_atomic) == 0x100, "uapi struct statx size");

static int statx_atomic(const char *path, struct statx_atomic *sx)
{
	memset(sx, 0, sizeof(*sx));
#ifdef SYS_statx
	if (syscall(SYS_statx, AT_FDCWD, path, 0, VERIO_STATX_WRITE_ATOMIC, sx) == 0)
		return 0;
	return -errno;
#else
	(void)path;
	return -ENOSYS;
#endif
}

/*
 * atomic=1, a job that writes: may f take its writes with RWF_ATOMIC?
 * The kernel, the filesystem or the device may have no torn-write
 * protection at all, and a write must be a power of two (options.c saw
 * to that) from the target's atomic write unit min to its max. Before
 * any I/O, so a job is refused with the limits named instead of failing
 * on its first write. 0, or -EOPNOTSUPP with err saying why.
 */
static int check_atomic_limits(const struct job *j, const struct vfile *f,
			       char *err, size_t len)
{
	const struct job_options *o = &j->o;
	const char *opt = o->bssplit[DDIR_WRITE] && o->bssplit_nr[DDIR_WRITE] ? "bssplit" : "bs";
	uint64_t lo = o->min_bs[DDIR_WRITE], hi = o->max_bs[DDIR_WRITE];
	struct statx_atomic sx;
	int r = statx_atomic(f->name, &sx);

	if (r < 0) {
		snprintf(err, len, "atomic=1: cannot learn the atomic write limits of '%s' "
			 "(statx: %s): RWF_ATOMIC writes need Linux 6.11 or later",
			 f->name, strerror(-r));
		return -EOPNOTSUPP;
	}
	if (!(sx.mask & VERIO_STATX_WRITE_ATOMIC) || !sx.unit_max) {
		snprintf(err, len, "atomic=1: '%s' takes no atomic writes: statx reports %s "
			 "(the kernel, the filesystem or the device has no torn-write "
			 "protection for it)", f->name,
			 (sx.mask & VERIO_STATX_WRITE_ATOMIC) ? "an atomic write unit max of 0"
							      : "no atomic write limits");
		return -EOPNOTSUPP;
	}
	if (lo < sx.unit_min || hi > sx.unit_max) {
		snprintf(err, len, "atomic=1: %s=%" PRIu64 " is outside the atomic write unit "
			 "of '%s': statx reports min %u, max %u bytes (%u segment%s)", opt,
			 lo < sx.unit_min ? lo : hi, f->name, sx.unit_min, sx.unit_max,
			 sx.segments_max, sx.segments_max == 1 ? "" : "s");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Does j carry RWF_ATOMIC on writes to its targets? */
static bool atomic_writer(const struct job *j)
{
	return j->o.atomic && (j->o.rw & RW_F_WRITE) && !(j->ops->flags & ENGINE_F_NOIO);
}

/*
 * atomic=1: every write offset is the region's start plus a multiple of
 * the write size (options.c checked the steps), so the start must be one
 * too for the writes to be naturally aligned.
 */
static int check_atomic_offset(struct job *j, const struct vfile *f)
{
	uint64_t bs = j->o.min_bs[DDIR_WRITE];

	if (!atomic_writer(j) || !bs || f->io_offset % bs == 0)
		return 0;
	job_err(j, "atomic=1: the region of '%s' starts at byte %" PRIu64 " (offset), not "
		"a multiple of the write size %" PRIu64 ": RWF_ATOMIC writes must be "
		"naturally aligned", f->name, f->io_offset, bs);
	return 2;
}

/*
 * Is path in the /dev filesystem (after symlinks), where only the kernel
 * makes files? Other filesystems mounted under it (/dev/shm) are not.
 */
static bool under_dev(const char *path)
{
	char dir[PATH_MAX], real[PATH_MAX], *slash;
	struct stat d, dev;

	snprintf(dir, sizeof(dir), "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (!realpath(dir, real))
		return false;
	if (strcmp(real, "/dev") && strncmp(real, "/dev/", 5))
		return false;
	return stat(real, &d) == 0 && stat("/dev", &dev) == 0 && d.st_dev == dev.st_dev;
}

/* Stat f and refuse what j may not use. Returns 0, 2 or 3 (printed). */
static int check_file(struct job *j, struct vfile *f)
{
	const struct target_conf *c = &j->tconf;
	char err[PATH_MAX + 256];	/* a message naming a path, never cut */
	int r;

	r = target_stat(f, err, sizeof(err));
	if (r == -EINVAL)
		job_err(j, "%s", err);
	else if (r < 0)
		job_err(j, "cannot stat '%s': %s", f->name, strerror(-r));
	if (r < 0)
		return r == -EINVAL ? 2 : 3;
	if ((f->flags & VFILE_F_MISSING) && !c->allow_file_create) {
		job_err(j, "'%s' does not exist and allow_file_create=0", f->name);
		return 2;
	}
	if ((f->flags & VFILE_F_MISSING) && under_dev(f->name)) {
		job_err(j, "'%s': no such device (verio never creates files under /dev)",
			f->name);
		return 2;
	}
	/*
	 * A job that runs after a stonewall or wait_for may read what an
	 * earlier job creates: target_open looks again at its turn.
	 */
	if ((f->flags & VFILE_F_MISSING) && !c->lay_out && !c->writes &&
	    !j->starts_later) {
		job_err(j, "'%s' does not exist (%s never creates files)", f->name,
			j->o.verify_only ? "verify_only" : "--readonly");
		return 2;
	}
	if (c->writes && (f->flags & VFILE_F_BLOCKDEV)) {
		r = target_check_safe(f->name, c, err, sizeof(err));
		if (r < 0 && err[0])
			job_err(j, "%s", err);
		if (r < 0)
			return r == -EBUSY ? 2 : 3;
	}
	return 0;
}

static int prepare_file(struct job *j, struct vfile *f, bool noio,
			uint64_t per_file)
{
	int r;

	if (!noio) {
		r = check_file(j, f);
		if (r)
			return r;
	}
	r = compute_region(j, f, per_file);
	if (r)
		return r;
	if (j->o.direct && !noio && (r = check_direct_alignment(j, f)))
		return r;
	if ((r = check_atomic_offset(j, f)))
		return r;
	/* A file still to be created is checked once it exists (target_open_all). */
	if (atomic_writer(j) && !(f->flags & VFILE_F_MISSING)) {
		char err[PATH_MAX + 256];

		if (check_atomic_limits(j, f, err, sizeof(err))) {
			job_err(j, "%s", err);
			return 3;
		}
	}
	return 0;
}

/*
 * The conf of j's targets. A job that writes may create or extend its
 * files; a read job may too (fio lays out files to read), except under
 * --readonly and with verify_only, which never write anything.
 */
static void job_target_conf(const struct job *j, bool readonly,
			    struct target_conf *c)
{
	bool writes = options_writes(&j->o);
	/*
	 * A verifying job writes its verify payload, not buffer contents,
	 * and lays out zeros: a unit it never wrote reads back as zeros,
	 * which its diagnosis tells from a lost or stale write.
	 */
	bool verifies = j->o.verify && strcmp(j->o.verify, "0");

	*c = (struct target_conf){
		.writes = writes,
		.readonly = readonly,
		.lay_out = writes || (!readonly && !j->o.verify_only),
		.lay_out_fill = (j->o.rw & RW_F_READ) || j->o.overwrite,
		.lay_out_data = verifies ? NULL : &j->bufdata,
		.allow_file_create = j->o.allow_file_create,
		.allow_mounted_write = j->o.allow_mounted_write,
		.direct = j->o.direct,
		.sync = j->o.sync,
		.unlink = j->o.unlink && !(j->ops->flags & ENGINE_F_NOIO),
		.fallocate = j->o.fallocate,
	};
}

/*
 * As fio does: a size= smaller than the smallest block size fits no I/O
 * at all, so the job is refused (any job, not only one that verifies).
 */
static int check_size_fits_bs(const struct job *j)
{
	uint64_t min_bs = 0;

	for (int d = 0; d < DDIR_RWDIR_CNT; d++)
		if (j->o.min_bs[d] && (!min_bs || j->o.min_bs[d] < min_bs))
			min_bs = j->o.min_bs[d];
	if (j->o.size && min_bs && j->o.size < min_bs) {
		job_err(j, "size %" PRIu64 " is smaller than the block size bs=%" PRIu64
			": not one I/O fits", j->o.size, min_bs);
		return 2;
	}
	return 0;
}

int target_prepare(struct job *j, bool readonly)
{
	bool noio = j->ops->flags & ENGINE_F_NOIO;
	bool writes = options_writes(&j->o);
	uint64_t per_file, total = 0;
	int r;

	bufdata_conf_from(&j->bufdata, &j->o, j->seed);
	job_target_conf(j, readonly, &j->tconf);
	if (writes && readonly) {
		job_err(j, "write job refused under --readonly");
		return 2;
	}
	if (resolve_names(j) < 0) {
		job_err(j, "out of memory");
		return 3;
	}
	r = check_size_fits_bs(j);
	if (r)
		return r;
	per_file = j->o.size ? j->o.size / j->nr_files : 0;
	if (j->o.size && !per_file) {
		job_err(j, "size %" PRIu64 " is smaller than one byte per file", j->o.size);
		return 2;
	}
	for (unsigned i = 0; i < j->nr_files; i++) {
		r = prepare_file(j, &j->files[i], noio, per_file);
		if (r)
			return r;
		total += j->files[i].io_size;
	}
	j->total_io_size = j->o.io_size ? j->o.io_size : total;
	return 0;
}

/*
 * fallocate= on a file being laid out to size bytes, as fio does: native
 * tries fallocate(2) and carries on without when the file system cannot
 * (EOPNOTSUPP) or fails; posix, keep and truncate fail the layout.
 */
static int preallocate(int fd, unsigned mode, uint64_t size)
{
	int r;

	switch (mode) {
	case FALLOCATE_NATIVE:
		(void)fallocate(fd, 0, 0, (off_t)size);
		return 0;
	case FALLOCATE_POSIX:
		r = posix_fallocate(fd, 0, (off_t)size);
		return -r;
	case FALLOCATE_KEEP:
		return fallocate(fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)size) < 0 ? -errno : 0;
	case FALLOCATE_TRUNCATE:
		return ftruncate(fd, (off_t)size) < 0 ? -errno : 0;
	default:
		return 0;
	}
}

/*
 * What layout writes at pos: zeroes, or fio's buffer contents block by
 * block (random unless zero_buffers, compressible, deduplicable, a
 * pattern), each block keyed by its place in the file, so a mirror's
 * reference laid out by the same job holds the same bytes.
 */
static void layout_data(const struct target_conf *c, uint8_t *buf, size_t n, uint64_t pos)
{
	const struct bufdata_conf *d = c->lay_out_data;
	uint64_t bs;

	if (!d || d->kind == BUFDATA_ZERO)
		return;		/* the buffer was zeroed once */
	bs = d->block ? d->block : 4096;
	for (size_t o = 0; o < n; o += bs)
		bufdata_block(d, (pos + o) / bs, buf + o, (size_t)MIN_OF(bs, n - o));
}

/*
 * Create or extend a regular file to cover its region, pre-allocated as
 * fallocate= says. A job that reads (or overwrite=1) gets real data
 * blocks written; a write-only job just gets the size, since it writes
 * every block itself (with fallocate=keep not even that: the writes
 * extend the file, as KEEP_SIZE means).
 */
static int layout_file(struct vfile *f, const struct target_conf *c)
{
	uint64_t want = f->io_offset + f->io_size, pos, size_to = want;
	size_t chunk = 1 << 20;
	uint8_t *zero;
	int fd, r = 0;

	/* Whole blocks per chunk, so each write is made of fio's blocks. */
	if (c->lay_out_data && c->lay_out_data->block > 0 && c->lay_out_data->block <= (64u << 20))
		chunk = MAX_OF(chunk / c->lay_out_data->block, 1) * c->lay_out_data->block;

	fd = open(f->name, O_RDWR | O_CREAT, 0644);
	if (fd < 0)
		return -errno;
	f->flags |= (f->flags & VFILE_F_MISSING) ? VFILE_F_CREATED : 0;
	/*
	 * A file the ranks share: each sizes it to the end of the whole
	 * region, the same for all (never shrinking what another wrote),
	 * and fills only its own part.
	 */
	pos = f->real_size;
	if (f->shared_end) {
		struct stat st;

		size_to = MAX_OF(want, f->shared_end);
		pos = MAX_OF(pos, f->io_offset);
		if (fstat(fd, &st) == 0 && (uint64_t)st.st_size >= size_to && !c->lay_out_fill)
			goto out;
	}
	r = preallocate(fd, c->fallocate, size_to);
	if (r)
		goto out;
	if (!c->lay_out_fill) {
		if (c->fallocate != FALLOCATE_KEEP && ftruncate(fd, (off_t)size_to) < 0)
			r = -errno;
		goto out;
	}
	zero = calloc(1, chunk);
	if (!zero) {
		r = -ENOMEM;
		goto out;
	}
	for (; pos < want && !r; pos += chunk) {
		size_t n = want - pos < chunk ? (size_t)(want - pos) : chunk;
		ssize_t w;

		layout_data(c, zero, n, pos);
		w = pwrite_full(fd, zero, n, pos, NULL);

		if (w < 0)
			r = (int)w;
		else if ((size_t)w != n)
			r = -ENOSPC;
	}
	free(zero);
	if (!r && fsync(fd) < 0)
		r = -errno;
out:
	close(fd);
	if (!r)
		f->real_size = want;
	return r;
}

/*
 * Preflight saw the file before any job ran; an earlier job may have
 * created or grown it since. Look again, so layout never writes over
 * what that job wrote.
 */
static void restat_file(struct vfile *f)
{
	struct stat st;

	if (f->flags & (VFILE_F_BLOCKDEV | VFILE_F_CHARDEV))
		return;
	if (stat(f->name, &st) == 0 && S_ISREG(st.st_mode)) {
		f->real_size = (uint64_t)st.st_size;
		f->flags &= ~VFILE_F_MISSING;
	}
}

/* The checks and the layout of target_open(), without the open. */
static int lay_out(struct vfile *f, const struct target_conf *c, char *err, size_t len)
{
	int r;

	if (c->writes && c->readonly) {
		snprintf(err, len, "refusing to write to '%s' under --readonly", f->name);
		return -EROFS;
	}
	restat_file(f);
	if (!(f->flags & (VFILE_F_BLOCKDEV | VFILE_F_CHARDEV)) && c->lay_out &&
	    !c->readonly && f->real_size < f->io_offset + f->io_size) {
		r = layout_file(f, c);
		if (r < 0) {
			snprintf(err, len, "cannot lay out '%s': %s", f->name, strerror(-r));
			return r;
		}
	}
	if ((f->flags & VFILE_F_MISSING) && !c->lay_out && !c->writes) {
		snprintf(err, len, "'%s' does not exist (a job that never writes does not create files)",
			 f->name);
		return -ENOENT;
	}
	return 0;
}

int target_open(struct vfile *f, const struct target_conf *c, char *err,
		size_t len)
{
	int flags = c->writes ? O_RDWR : O_RDONLY;
	int r = lay_out(f, c, err, len);

	if (r < 0)
		return r;
	if (c->direct)
		flags |= O_DIRECT;
	if (c->sync)
		flags |= O_SYNC;
	f->fd = open(f->name, flags);
	if (f->fd < 0) {
		r = -errno;
		snprintf(err, len, "cannot open '%s': %s", f->name, strerror(-r));
		return r;
	}
	f->flags |= VFILE_F_OPEN;
	return 0;
}

int target_close(struct vfile *f, const struct target_conf *c, bool do_fsync)
{
	int r = 0;

	if (f->flags & VFILE_F_OPEN) {
		if (do_fsync && fsync(f->fd) < 0)
			r = -errno;
		close(f->fd);
		f->fd = -1;
		f->flags &= ~VFILE_F_OPEN;
	}
	if (c->unlink && !(f->flags & (VFILE_F_BLOCKDEV | VFILE_F_CHARDEV)))
		unlink(f->name);
	return r;
}

int target_sync(struct vfile *f)
{
	int r;

	/* A parked file was synced when it was closed: nothing is dirty. */
	if (!(f->flags & VFILE_F_OPEN) || (f->flags & VFILE_F_CHARDEV))
		return 0;
	r = (f->flags & VFILE_F_BLOCKDEV) ? fsync(f->fd) : fdatasync(f->fd);
	return r < 0 ? -errno : 0;
}

int target_writeback(struct vfile *f)
{
	if (!(f->flags & VFILE_F_OPEN) || (f->flags & VFILE_F_CHARDEV))
		return 0;
	if (sync_file_range(f->fd, (off64_t)f->io_offset, (off64_t)f->io_size,
			    SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE |
			    SYNC_FILE_RANGE_WAIT_AFTER) < 0)
		return errno == ENOSYS || errno == ESPIPE ? target_sync(f) : -errno;
	return 0;
}

/* A parked file's cache is dropped through a descriptor of its own. */
static int invalidate_parked(struct vfile *f)
{
	int fd = open(f->name, O_RDONLY | O_CLOEXEC), r;

	if (fd < 0)
		return -errno;
	r = posix_fadvise(fd, (off_t)f->io_offset, (off_t)f->io_size, POSIX_FADV_DONTNEED);
	close(fd);
	return -r;
}

int target_invalidate(struct vfile *f)
{
	int r;

	if (f->flags & VFILE_F_PARKED)
		return (f->flags & (VFILE_F_BLOCKDEV | VFILE_F_CHARDEV)) ? 0 : invalidate_parked(f);
	if (!(f->flags & VFILE_F_OPEN))
		return 0;
	if (f->flags & (VFILE_F_BLOCKDEV | VFILE_F_CHARDEV)) {
#ifdef BLKFLSBUF
		/* A character device has no block cache: ENOTTY, reported. */
		return ioctl(f->fd, BLKFLSBUF, 0) < 0 ? -errno : 0;
#else
		return -EOPNOTSUPP;
#endif
	}
	r = posix_fadvise(f->fd, (off_t)f->io_offset, (off_t)f->io_size,
			  POSIX_FADV_DONTNEED);
	return -r;
}

static int open_file(struct job *j, struct vfile *f)
{
	int r;

	r = target_open(f, &j->tconf, j->errmsg, sizeof(j->errmsg));
	if (r < 0)
		return r;
	if (j->ops->open_file) {
		r = j->ops->open_file(&j->ectx, f);
		if (r < 0) {
			snprintf(j->errmsg, sizeof(j->errmsg),
				 "engine '%s' cannot use '%s': %s", j->ops->name,
				 f->name, strerror(-r));
			return r;
		}
	}
	return 0;
}

int target_park(struct job *j, struct vfile *f, bool sync_first)
{
	int r = 0;

	if (!(f->flags & VFILE_F_OPEN))
		return 0;
	if (sync_first)
		r = target_sync(f);
	if (j->ops->close_file)
		j->ops->close_file(&j->ectx, f);
	close(f->fd);
	f->fd = -1;
	f->flags = (f->flags & ~VFILE_F_OPEN) | VFILE_F_PARKED;
	return r;
}

int target_unpark(struct job *j, struct vfile *f)
{
	int r = open_file(j, f);

	if (!r)
		f->flags &= ~VFILE_F_PARKED;
	return r;
}

/*
 * Every file is laid out before the job starts, as fio lays them all
 * out; under openfiles= only the first files are opened for I/O, the
 * others are parked until an I/O needs them.
 */
int target_open_all(struct job *j)
{
	if (j->ops->flags & ENGINE_F_NOIO)
		return 0;
	for (unsigned i = 0; i < j->nr_files; i++) {
		struct vfile *f = &j->files[i];
		/* not checked by target_prepare: it did not exist yet */
		bool check_atomic = atomic_writer(j) && (f->flags & VFILE_F_MISSING);
		int r;

		if (j->open_max && i >= j->open_max) {
			r = lay_out(f, &j->tconf, j->errmsg, sizeof(j->errmsg));
			f->flags |= VFILE_F_PARKED;
		} else {
			r = open_file(j, f);
		}
		if (!r && check_atomic)
			r = check_atomic_limits(j, f, j->errmsg, sizeof(j->errmsg));
		if (r < 0)
			return r;
	}
	j->nr_open = j->open_max && j->nr_files > j->open_max ? j->open_max : j->nr_files;
	return 0;
}

void target_close_all(struct job *j, bool do_fsync)
{
	for (unsigned i = 0; i < j->nr_files; i++) {
		struct vfile *f = &j->files[i];
		int r;

		bool synced = do_fsync && (f->flags & VFILE_F_OPEN);

		if ((f->flags & VFILE_F_OPEN) && j->ops->close_file)
			j->ops->close_file(&j->ectx, f);
		r = target_close(f, &j->tconf, do_fsync);
		if (synced)
			jobhist_synced(j, f, false, r);
		if (r < 0 && !j->error) {
			j->error = -r;
			snprintf(j->errmsg, sizeof(j->errmsg),
				 "fsync of '%s' failed: %s", f->name, strerror(-r));
		}
	}
}

void target_release(struct job *j)
{
	for (unsigned i = 0; j->files && i < j->nr_files; i++)
		free(j->files[i].name);
	free(j->files);
	j->files = NULL;
	j->nr_files = 0;
}
