/*
 * test-target.c - unit tests for src/run/target.c: one target checked,
 * opened and closed under a target_conf, without a job.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <sys/stat.h>

#include "io_u.h"
#include "run/target.h"

/* A scratch directory per test, removed (with its files) by teardown. */
struct scratch {
	char dir[64];
	char path[128];		/* dir/target */
};

static int scratch_setup(void **state)
{
	struct scratch *s = calloc(1, sizeof(*s));

	if (!s)
		return -1;
	snprintf(s->dir, sizeof(s->dir), "/tmp/verio-test-target.XXXXXX");
	if (!mkdtemp(s->dir)) {
		free(s);
		return -1;
	}
	snprintf(s->path, sizeof(s->path), "%s/target", s->dir);
	*state = s;
	return 0;
}

static int scratch_teardown(void **state)
{
	struct scratch *s = *state;

	unlink(s->path);
	rmdir(s->dir);
	free(s);
	return 0;
}

static struct vfile vfile_of(char *path, uint64_t size)
{
	return (struct vfile){ .name = path, .fd = -1, .lbs = 512, .io_size = size };
}

/* A file of len bytes at path holding magic at off (and zeroes elsewhere). */
static void write_file(const char *path, size_t len, size_t off, const char *magic,
		       size_t mlen)
{
	uint8_t *b = calloc(1, len);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_non_null(b);
	assert_true(fd >= 0);
	if (magic)
		memcpy(b + off, magic, mlen);
	assert_int_equal(write(fd, b, len), (ssize_t)len);
	close(fd);
	free(b);
}

static void test_target__open_creates_and_lays_out(void **state)
{
	struct scratch *s = *state;
	struct target_conf c = { .writes = true, .lay_out = true, .allow_file_create = true,
				 .lay_out_fill = true, .unlink = true };
	struct vfile f = vfile_of(s->path, 1 << 20);
	char err[256] = "";
	struct stat st;

	assert_int_equal(target_stat(&f, err, sizeof(err)), 0);
	assert_true(f.flags & VFILE_F_MISSING);
	assert_int_equal(target_open(&f, &c, err, sizeof(err)), 0);
	assert_true(f.fd >= 0);
	assert_true(f.flags & VFILE_F_OPEN);
	assert_true(f.flags & VFILE_F_CREATED);
	assert_int_equal(fstat(f.fd, &st), 0);
	assert_int_equal(st.st_size, 1 << 20);
	assert_true(st.st_blocks > 0);	/* filled, not sparse */
	assert_int_equal(pwrite(f.fd, "x", 1, 4096), 1);
	assert_int_equal(target_close(&f, &c, true), 0);
	assert_int_equal(f.fd, -1);
	assert_false(f.flags & VFILE_F_OPEN);
	assert_int_equal(access(s->path, F_OK), -1);	/* unlinked */
}

static void test_target__readonly_refuses_writes(void **state)
{
	struct scratch *s = *state;
	struct target_conf w = { .writes = true, .readonly = true, .lay_out = true };
	struct target_conf r = { .readonly = true, .lay_out = true };
	struct vfile f = vfile_of(s->path, 8192);
	char err[256] = "";

	assert_int_equal(target_open(&f, &w, err, sizeof(err)), -EROFS);
	assert_non_null(strstr(err, "--readonly"));
	assert_false(f.flags & VFILE_F_OPEN);
	assert_int_equal(target_check_safe(s->path, &w, err, sizeof(err)), -EROFS);

	/* A reader under readonly never creates its file... */
	assert_int_equal(target_open(&f, &r, err, sizeof(err)), -ENOENT);
	assert_non_null(strstr(err, "cannot open"));
	assert_int_equal(access(s->path, F_OK), -1);

	/* ...nor extends it, and gets a descriptor it cannot write with. */
	write_file(s->path, 4096, 0, NULL, 0);
	assert_int_equal(target_open(&f, &r, err, sizeof(err)), 0);
	assert_int_equal(f.real_size, 4096);
	assert_int_equal(pwrite(f.fd, "x", 1, 0), -1);
	assert_int_equal(errno, EBADF);
	assert_int_equal(target_close(&f, &r, false), 0);
	assert_int_equal(access(s->path, F_OK), 0);	/* unlink=0 */
}

static void test_target__stat_size_and_lbs(void **state)
{
	struct scratch *s = *state;
	struct vfile f = vfile_of(s->path, 0);
	struct vfile null = vfile_of((char *)"/dev/null", 0);
	struct vfile dir = vfile_of(s->dir, 0);
	char err[256] = "";

	write_file(s->path, 12345, 0, NULL, 0);
	assert_int_equal(target_stat(&f, err, sizeof(err)), 0);
	assert_int_equal(f.real_size, 12345);
	assert_int_equal(f.flags & (VFILE_F_MISSING | VFILE_F_BLOCKDEV | VFILE_F_CHARDEV), 0);
	assert_true(f.lbs >= 512 && !(f.lbs & (f.lbs - 1)));

	assert_int_equal(target_stat(&null, err, sizeof(err)), 0);
	assert_true(null.flags & VFILE_F_CHARDEV);

	assert_int_equal(target_stat(&dir, err, sizeof(err)), -EINVAL);
	assert_non_null(strstr(err, "is not a regular file or a block device"));
}

/* An ext4 filesystem in a sparse file of size bytes; false without mkfs.ext4. */
static bool make_ext4(const char *path, const char *size)
{
	char cmd[512];

	if (system("command -v mkfs.ext4 >/dev/null 2>&1") != 0)
		return false;
	snprintf(cmd, sizeof(cmd), "truncate -s %s %s && mkfs.ext4 -q -F %s >/dev/null 2>&1",
		 size, path, path);
	return system(cmd) == 0;
}

static void test_target__probe_signature(void **state)
{
	struct scratch *s = *state;
	struct target_conf w = { .writes = true };
	char err[256];
	int fd;

	write_file(s->path, 68 * 1024, 0, NULL, 0);
	fd = open(s->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_null(target_probe_signature(fd));
	close(fd);

	/* The ext2/3/4 superblock magic, 0xef53 little-endian at 1080. */
	write_file(s->path, 68 * 1024, 1080, "\x53\xef", 2);
	fd = open(s->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_string_equal(target_probe_signature(fd), "an ext2/3/4 filesystem");
	close(fd);
	/* Only block devices are refused: a regular file is the user's. */
	assert_int_equal(target_check_safe(s->path, &w, err, sizeof(err)), 0);

	/* A real one, when mkfs.ext4 is here: on a 4 MiB sparse file. */
	if (!make_ext4(s->path, "4M"))
		return;
	fd = open(s->path, O_RDONLY);
	assert_true(fd >= 0);
	assert_string_equal(target_probe_signature(fd), "an ext2/3/4 filesystem");
	close(fd);
}

/* losetup --find --show on path: the loop device's name, or false. */
static bool loop_attach(const char *path, char *dev, size_t len)
{
	char cmd[512];
	FILE *p;
	bool ok;

	snprintf(cmd, sizeof(cmd), "losetup --find --show %s 2>/dev/null", path);
	p = popen(cmd, "r");
	if (!p)
		return false;
	ok = fgets(dev, (int)len, p) && !strncmp(dev, "/dev/loop", 9);
	if (pclose(p) != 0)
		ok = false;
	dev[strcspn(dev, "\n")] = '\0';
	return ok;
}

static void test_target__loop_with_filesystem_refused(void **state)
{
	struct scratch *s = *state;
	struct target_conf w = { .writes = true };
	struct target_conf force = { .writes = true, .allow_mounted_write = true };
	struct target_conf r = { 0 };
	char cmd[256], dev[64], err[256] = "";
	struct vfile f = vfile_of(dev, 0);
	int ret;

	if (geteuid() != 0) {
		skip();
		return;
	}
	if (system("command -v losetup >/dev/null 2>&1") != 0 ||
	    !make_ext4(s->path, "8M") || !loop_attach(s->path, dev, sizeof(dev))) {
		skip();
		return;
	}
	ret = target_stat(&f, err, sizeof(err));
	assert_int_equal(ret, 0);
	assert_true(f.flags & VFILE_F_BLOCKDEV);
	assert_int_equal(f.real_size, 8 << 20);
	ret = target_check_safe(dev, &w, err, sizeof(err));
	snprintf(cmd, sizeof(cmd), "losetup -d %s", dev);
	if (system(cmd) != 0)
		fail_msg("cannot detach %s", dev);
	assert_int_equal(ret, -EBUSY);
	assert_non_null(strstr(err, "holds an ext2/3/4 filesystem"));
	assert_non_null(strstr(err, "allow_mounted_write=1"));
	assert_int_equal(target_check_safe(dev, &force, err, sizeof(err)), 0);
	assert_int_equal(target_check_safe(dev, &r, err, sizeof(err)), 0);
}

static void test_target__sync_and_invalidate(void **state)
{
	struct scratch *s = *state;
	struct target_conf c = { .writes = true, .lay_out = true, .allow_file_create = true };
	struct target_conf r = { 0 };
	struct vfile f = vfile_of(s->path, 1 << 16);
	struct vfile z = vfile_of((char *)"/dev/zero", 1 << 16);
	char err[256] = "";

	/* Not open: nothing to do. */
	assert_int_equal(target_sync(&f), 0);
	assert_int_equal(target_invalidate(&f), 0);

	assert_int_equal(target_stat(&f, err, sizeof(err)), 0);
	assert_int_equal(target_open(&f, &c, err, sizeof(err)), 0);
	assert_int_equal(pwrite(f.fd, "x", 1, 4096), 1);
	assert_int_equal(target_sync(&f), 0);
	assert_int_equal(target_invalidate(&f), 0);
	assert_int_equal(target_close(&f, &c, false), 0);

	/* A character device has no cache verio can drop: said, not hidden. */
	assert_int_equal(target_stat(&z, err, sizeof(err)), 0);
	assert_true(z.flags & VFILE_F_CHARDEV);
	assert_int_equal(target_open(&z, &r, err, sizeof(err)), 0);
	assert_int_equal(target_sync(&z), 0);
	assert_true(target_invalidate(&z) < 0);
	assert_int_equal(target_close(&z, &r, false), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_target__open_creates_and_lays_out,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_target__readonly_refuses_writes,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_target__stat_size_and_lbs,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_target__probe_signature,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_target__loop_with_filesystem_refused,
						scratch_setup, scratch_teardown),
		cmocka_unit_test_setup_teardown(test_target__sync_and_invalidate,
						scratch_setup, scratch_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
