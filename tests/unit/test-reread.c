/*
 * test-reread.c - unit tests for src/verify/reread.c: the verdict keys,
 * the verdict of a reread, and reading a range again with the cache
 * bypassed (O_DIRECT where the file system takes it, else dropped).
 */
#include "compat.h"

#include <fcntl.h>
#include <limits.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "test-util.h"

#include "verify/reread.h"

static char tdir[PATH_MAX];

static void test_reread__keys(void **state)
{
	static const char *const want[] = {
		[VREREAD_OFF] = "off", [VREREAD_PERSISTENT] = "persistent",
		[VREREAD_TRANSIENT] = "transient", [VREREAD_CHANGED] = "changed",
		[VREREAD_ERROR] = "error",
	};

	(void)state;
	for (unsigned r = VREREAD_OFF; r < VREREAD_NR; r++) {
		assert_string_equal(vreread_key(r), want[r]);
		assert_int_equal(vreread_of_key(want[r]), (int)r);
	}
	/* not reread: no key at all */
	assert_string_equal(vreread_key(VREREAD_NONE), "");
	assert_string_equal(vreread_key(VREREAD_NR), "");
	assert_int_equal(vreread_of_key(""), -EINVAL);
	assert_int_equal(vreread_of_key("Persistent"), -EINVAL);
}

static void test_reread__judge(void **state)
{
	static const struct {
		const char *first, *again;
		bool again_ok;
		enum vreread want;
	} t[] = {
		{ "bad-bytes", "bad-bytes", false, VREREAD_PERSISTENT },
		{ "bad-bytes", "good-byte", true, VREREAD_TRANSIENT },
		{ "bad-bytes", "bad-other", false, VREREAD_CHANGED },
		/* a reread that verifies is transient even when the first
		 * read was the same bytes (a check that depends on nothing
		 * but the bytes cannot, but the verdict must not lie) */
		{ "same-byte", "same-byte", true, VREREAD_TRANSIENT },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(t); i++)
		assert_int_equal(vreread_judge((const uint8_t *)t[i].first,
					       (const uint8_t *)t[i].again,
					       strlen(t[i].first), t[i].again_ok), t[i].want);
}

/* A file of 64 KiB, byte i = i * 7 + 1; its path in path. */
static void make_file(char *path, size_t cap)
{
	uint8_t buf[65536];
	int fd;

	snprintf(path, cap, "%s/f", tdir);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 1);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, buf, sizeof(buf)), sizeof(buf));
	assert_int_equal(close(fd), 0);
}

static void assert_bytes(const uint8_t *p, uint64_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		assert_int_equal(p[i], (uint8_t)((off + i) * 7 + 1));
}

static void test_reread__read(void **state)
{
	char path[PATH_MAX + 8];
	uint8_t *buf = vreread_alloc(8192);
	enum vreread_how how;

	(void)state;
	assert_non_null(buf);
	assert_int_equal((uintptr_t)buf % 4096, 0);
	make_file(path, sizeof(path));
	/* aligned: O_DIRECT when the file system takes it, else dropped */
	assert_int_equal(vreread_read(path, 8192, 8192, buf, &how), 0);
	assert_bytes(buf, 8192, 8192);
	assert_true(how == VREREAD_DIRECT || how == VREREAD_DROPPED);
	/* not aligned for O_DIRECT: always the buffered way */
	assert_int_equal(vreread_read(path, 100, 1000, buf, &how), 0);
	assert_bytes(buf, 100, 1000);
	assert_int_equal(how, VREREAD_DROPPED);
	/* a short read is an error, never data */
	assert_int_equal(vreread_read(path, 61440, 8192, buf, NULL), -EIO);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(vreread_read(path, 0, 4096, buf, NULL), -ENOENT);
	free(buf);
}

static int group_setup(void **state)
{
	(void)state;
	return test_mkdtemp(tdir, sizeof(tdir), "reread");
}

static int group_teardown(void **state)
{
	(void)state;
	return rmdir(tdir) ? -1 : 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reread__keys),
		cmocka_unit_test(test_reread__judge),
		cmocka_unit_test(test_reread__read),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
