/*
 * test-diskutil.c - unit tests for run/diskutil.c: /proc/diskstats text
 * parsed by device name, and paths on no block device left out.
 */
#include "compat.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#include "run/diskutil.h"

/* A sample as the kernel prints it: 17 counters (5.5+), then an old 11-counter line. */
static const char sample[] =
	"   7       0 loop0 99463 0 1425212 10941 74551 16483 787052 14517 0 9416 29643 1588 0 517706 2998 144 1185\n"
	" 253       0 vda 410 3 9000 29 1149 7 98000 70 2 40 100 0 0 0 0 0 0\n"
	" 253       1 vda1 400 3 8000 28 1100 7 90000 69 0 39 99 0 0 0 0 0 0\n"
	"   8      16 sdb 5 6 7 8 9 10 11 12 13 14 15\n"
	"   8      32 sdc 1 2 3\n";

static void test_diskutil__lookup_fields(void **state)
{
	struct diskstat s;

	(void)state;
	assert_int_equal(diskstats_lookup(sample, "vda", &s), 0);
	assert_int_equal(s.ios[0], 410);
	assert_int_equal(s.merges[0], 3);
	assert_int_equal(s.ticks[0], 29);
	assert_int_equal(s.ios[1], 1149);
	assert_int_equal(s.merges[1], 7);
	assert_int_equal(s.ticks[1], 70);
	/* the in-flight count between is skipped */
	assert_int_equal(s.io_ticks, 40);
	assert_int_equal(s.in_queue, 100);
	/* a name that is a prefix of another's is not the other */
	assert_int_equal(diskstats_lookup(sample, "vda1", &s), 0);
	assert_int_equal(s.ios[1], 1100);
	assert_int_equal(diskstats_lookup(sample, "loop0", &s), 0);
	assert_int_equal(s.in_queue, 29643);
}

static void test_diskutil__lookup_old_and_bad_lines(void **state)
{
	struct diskstat s;

	(void)state;
	/* 2.6-era lines have the 11 counters fio reads */
	assert_int_equal(diskstats_lookup(sample, "sdb", &s), 0);
	assert_int_equal(s.ios[0], 5);
	assert_int_equal(s.ticks[1], 12);
	assert_int_equal(s.io_ticks, 14);
	assert_int_equal(s.in_queue, 15);
	assert_int_equal(diskstats_lookup(sample, "sdc", &s), -EINVAL);
	assert_int_equal(diskstats_lookup(sample, "vd", &s), -ENOENT);
	assert_int_equal(diskstats_lookup("", "vda", &s), -ENOENT);
}

static void test_diskutil__sample_deltas(void **state)
{
	static const char before[] =
		" 253 0 vda 10 1 80 5 4294967290 2 160 7 0 100 200\n";
	static const char after[] =
		" 253 0 vda 15 1 120 9 4 3 200 8 0 350 260\n"
		" 253 16 vdb 1 1 1 1 1 1 1 1 0 1 1\n";
	struct disk_util_result d[2] = {
		{ .name = "vda", .master = -1 }, { .name = "vdb", .master = -1 },
	};
	struct disk_util_set set = { .d = d, .nr = 2 };

	(void)state;
	diskutil_sample(&set, before, 1000, false);
	diskutil_sample(&set, after, 1500, true);
	assert_int_equal(d[0].ios[0], 5);
	assert_int_equal(d[0].ticks[0], 4);
	/* the write count wrapped at 32 bits between the samples */
	assert_int_equal(d[0].ios[1], 10);
	assert_int_equal(d[0].merges[1], 1);
	assert_int_equal(d[0].ticks[1], 1);
	assert_int_equal(d[0].io_ticks, 250);
	assert_int_equal(d[0].in_queue, 60);
	assert_int_equal(d[0].msec, 500);
	/* vdb was not listed at the start: it measured nothing */
	assert_false(d[1].sampled);
	assert_int_equal(d[1].ios[0], 0);
	assert_int_equal(d[1].msec, 0);
}

static char tree[] = "/tmp/verio-test-diskutil.XXXXXX";

static void mk(const char *rel, bool dir)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	if (dir)
		assert_int_equal(mkdir(p, 0755), 0);
	else
		assert_int_equal(close(open(p, O_CREAT | O_WRONLY, 0644)), 0);
}

static void ln(const char *target, const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	assert_int_equal(symlink(target, p), 0);
}

static const struct disk_util_result *find(const struct disk_util_set *set,
					   const char *name)
{
	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->d[i].name, name))
			return &set->d[i];
	return NULL;
}

/*
 * A sysfs look-alike: dm-0 over vdb and vdc1 (a partition of vdc); md0
 * over dm-0 and vdb. Partitions count as their disks; a device met twice
 * is listed once, under the master that met it first.
 */
static void test_diskutil__sysfs_slaves(void **state)
{
	struct disk_util_set set = { 0 };
	const struct disk_util_result *d;
	char p[PATH_MAX];

	(void)state;
	assert_non_null(mkdtemp(tree));
	mk("vdb", true);
	mk("vdb/slaves", true);
	mk("vdc", true);
	mk("vdc/vdc1", true);
	mk("vdc/vdc1/partition", false);
	mk("dm-0", true);
	mk("dm-0/slaves", true);
	ln("../../vdb", "dm-0/slaves/vdb");
	ln("../../vdc/vdc1", "dm-0/slaves/vdc1");
	mk("md0", true);
	mk("md0/slaves", true);
	ln("../../dm-0", "md0/slaves/dm-0");

	/* a partition as the target: its disk, which has no slaves */
	snprintf(p, sizeof(p), "%s/vdc/vdc1", tree);
	assert_int_equal(diskutil_add_sysdir(&set, p), 0);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.d[0].name, "vdc");
	assert_int_equal(set.d[0].master, -1);

	snprintf(p, sizeof(p), "%s/md0", tree);
	assert_int_equal(diskutil_add_sysdir(&set, p), 0);
	assert_int_equal(set.nr, 4);	/* vdc, md0, dm-0, vdb */
	assert_string_equal(set.d[1].name, "md0");
	assert_int_equal(set.d[1].master, -1);
	assert_int_equal(set.d[1].nr_slaves, 1);
	assert_string_equal(set.d[2].name, "dm-0");
	assert_int_equal(set.d[2].master, 1);
	/* vdc was listed already: dm-0 keeps vdb only */
	assert_int_equal(set.d[2].nr_slaves, 1);
	d = find(&set, "vdb");
	assert_non_null(d);
	assert_int_equal(d->master, 2);
	assert_null(find(&set, "vdc1"));

	/* again: nothing new */
	assert_int_equal(diskutil_add_sysdir(&set, p), 0);
	assert_int_equal(set.nr, 4);
	diskutil_release(&set);
	snprintf(p, sizeof(p), "rm -rf '%s'", tree);
	assert_int_equal(system(p), 0);
}

/* Write text into the look-alike's file rel. */
static void put(const char *rel, const char *text)
{
	char p[PATH_MAX];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", tree, rel);
	f = fopen(p, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/*
 * A device's identity from sysfs: a partition is its disk's; the scheduler
 * in use is the bracketed one; what is missing (a loop device has no
 * model) stays unknown.
 */
static void test_diskutil__identify(void **state)
{
	struct result_device d;
	char p[PATH_MAX];

	(void)state;
	snprintf(tree, sizeof(tree), "/tmp/verio-test-diskutil.XXXXXX");
	assert_non_null(mkdtemp(tree));
	mk("sda", true);
	mk("sda/sda2", true);
	mk("sda/sda2/partition", false);
	mk("sda/device", true);
	mk("sda/queue", true);
	put("sda/device/model", "QEMU HARDDISK   \n");
	put("sda/device/vendor", "ATA     \n");
	put("sda/size", "33554432\n");
	put("sda/queue/logical_block_size", "512\n");
	put("sda/queue/physical_block_size", "4096\n");
	put("sda/queue/write_cache", "write through\n");
	put("sda/queue/scheduler", "none [mq-deadline] kyber bfq\n");
	put("sda/queue/rotational", "1\n");
	mk("loop0", true);
	mk("loop0/queue", true);
	put("loop0/size", "8192\n");
	put("loop0/queue/logical_block_size", "4096\n");
	put("loop0/queue/scheduler", "none\n");
	put("loop0/queue/rotational", "0\n");

	snprintf(p, sizeof(p), "%s/sda/sda2", tree);
	assert_int_equal(diskutil_identify_sysdir(p, &d), 0);
	assert_string_equal(d.name, "sda");
	assert_string_equal(d.model, "QEMU HARDDISK");
	assert_string_equal(d.vendor, "ATA");
	assert_int_equal(d.size, 16ULL << 30);
	assert_int_equal(d.logical_block_size, 512);
	assert_int_equal(d.physical_block_size, 4096);
	assert_string_equal(d.write_cache, "write through");
	assert_string_equal(d.scheduler, "mq-deadline");
	assert_int_equal(d.rotational, 1);

	snprintf(p, sizeof(p), "%s/loop0", tree);
	assert_int_equal(diskutil_identify_sysdir(p, &d), 0);
	assert_string_equal(d.name, "loop0");
	assert_string_equal(d.model, "");
	assert_string_equal(d.vendor, "");
	assert_int_equal(d.size, 4ULL << 20);
	assert_int_equal(d.logical_block_size, 4096);
	assert_int_equal(d.physical_block_size, 0);
	assert_string_equal(d.write_cache, "");
	assert_string_equal(d.scheduler, "none");
	assert_int_equal(d.rotational, 0);

	/* on no block device: nothing */
	assert_int_equal(diskutil_identify("/proc/self/status", &d), -ENOENT);
	snprintf(p, sizeof(p), "rm -rf '%s'", tree);
	assert_int_equal(system(p), 0);
}

static void test_diskutil__no_block_device(void **state)
{
	struct disk_util_set set = { 0 };

	(void)state;
	/* procfs and a missing path are on no block device: nothing added */
	assert_int_equal(diskutil_add_path(&set, "/proc/self/status"), 0);
	assert_int_equal(diskutil_add_path(&set, "/nonexistent-dir/x/y"), 0);
	assert_int_equal(set.nr, 0);
	assert_int_equal(diskutil_begin(&set, 1), 0);
	assert_int_equal(diskutil_end(&set, 2), 0);
	diskutil_release(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_diskutil__lookup_fields),
		cmocka_unit_test(test_diskutil__lookup_old_and_bad_lines),
		cmocka_unit_test(test_diskutil__sample_deltas),
		cmocka_unit_test(test_diskutil__sysfs_slaves),
		cmocka_unit_test(test_diskutil__no_block_device),
		cmocka_unit_test(test_diskutil__identify),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
