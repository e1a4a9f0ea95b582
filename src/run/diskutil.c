/*
 * diskutil.c - the block devices under the targets, found through sysfs,
 * and their /proc/diskstats counters before and after the run (fio's
 * "disk_util"). Main thread only.
 */
#include "compat.h"

#include <ctype.h>
#include <dirent.h>
#include <libgen.h>
#include <limits.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "run/diskutil.h"

/* The kernel prints some counters as 32-bit: a wrap shows as new < old. */
static uint64_t counter_delta(uint64_t now, uint64_t then)
{
	if (then <= now || then >= (1ULL << 32))
		return now - then;
	return (1ULL << 32) + now - then;
}

int diskstats_lookup(const char *text, const char *name, struct diskstat *s)
{
	const char *line = text;

	while (line && *line) {
		unsigned maj, min;
		char dev[DISK_UTIL_NAME_MAX];
		unsigned long long v[10];
		int n;

		n = sscanf(line, "%u %u %63s %llu %llu %llu %llu %llu %llu %llu %llu %*u %llu %llu",
			   &maj, &min, dev, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
			   &v[6], &v[7], &v[8], &v[9]);
		if (n >= 3 && !strcmp(dev, name)) {
			if (n != 13)
				return -EINVAL;
			/* reads: ios, merges, sectors, ticks; writes the same */
			s->ios[0] = v[0];
			s->merges[0] = v[1];
			s->ticks[0] = v[3];
			s->ios[1] = v[4];
			s->merges[1] = v[5];
			s->ticks[1] = v[7];
			s->io_ticks = v[8];
			s->in_queue = v[9];
			return 0;
		}
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

static int find_name(const struct disk_util_set *set, const char *name)
{
	for (size_t i = 0; i < set->nr; i++)
		if (!strcmp(set->d[i].name, name))
			return (int)i;
	return -1;
}

/*
 * A sysfs block directory (resolved) as its disk's: a partition's
 * parent holds the "queue" the partition lacks.
 */
static void to_disk_dir(char *dir)
{
	char tmp[PATH_MAX];
	struct stat st;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s/partition", dir) >= sizeof(tmp) ||
	    stat(tmp, &st))
		return;
	snprintf(tmp, sizeof(tmp), "%s", dir);
	snprintf(dir, PATH_MAX, "%s", dirname(tmp));
}

static int add_dir(struct disk_util_set *set, const char *sysdir, int master);

/* The slaves of the device at sysdir (dm, md, loop over partitions), depth first. */
static int add_slaves(struct disk_util_set *set, const char *sysdir, int master)
{
	char path[PATH_MAX];
	struct dirent *de;
	int ret = 0;
	DIR *d;

	if ((size_t)snprintf(path, sizeof(path), "%s/slaves", sysdir) >= sizeof(path))
		return 0;
	d = opendir(path);
	if (!d)
		return 0;
	while (!ret && (de = readdir(d))) {
		char link[PATH_MAX], real[PATH_MAX];

		if (de->d_name[0] == '.')
			continue;
		if ((size_t)snprintf(link, sizeof(link), "%s/slaves/%s", sysdir,
				     de->d_name) >= sizeof(link) || !realpath(link, real))
			continue;
		ret = add_dir(set, real, master);
	}
	closedir(d);
	return ret;
}

static int add_dir(struct disk_util_set *set, const char *sysdir, int master)
{
	char dir[PATH_MAX], tmp[PATH_MAX];
	struct disk_util_result *d;
	const char *name;
	int idx;

	snprintf(dir, sizeof(dir), "%s", sysdir);
	to_disk_dir(dir);
	snprintf(tmp, sizeof(tmp), "%s", dir);
	name = basename(tmp);
	if (strlen(name) >= DISK_UTIL_NAME_MAX || find_name(set, name) >= 0)
		return 0;
	d = realloc(set->d, (set->nr + 1) * sizeof(*d));
	if (!d)
		return -ENOMEM;
	set->d = d;
	idx = (int)set->nr++;
	memset(&d[idx], 0, sizeof(d[idx]));
	snprintf(d[idx].name, sizeof(d[idx].name), "%s", name);
	d[idx].master = master;
	if (master >= 0)
		set->d[master].nr_slaves++;
	return add_slaves(set, dir, idx);
}

int diskutil_add_sysdir(struct disk_util_set *set, const char *sysdir)
{
	return add_dir(set, sysdir, -1);
}

/*
 * The resolved sysfs directory of the block device under path (real,
 * PATH_MAX bytes): the device itself, or the one its file's filesystem
 * is on. 0, or -ENOENT: none (tmpfs, overlay, nfs).
 */
static int block_sysdir(const char *path, char *real)
{
	char link[64];
	struct stat st;
	dev_t dev;

	if (stat(path, &st)) {
		char tmp[PATH_MAX];

		/* not laid out yet: the directory it will be made in */
		snprintf(tmp, sizeof(tmp), "%s", path);
		if (stat(dirname(tmp), &st))
			return -ENOENT;
	}
	dev = S_ISBLK(st.st_mode) ? st.st_rdev : st.st_dev;
	snprintf(link, sizeof(link), "/sys/dev/block/%u:%u", major(dev), minor(dev));
	return realpath(link, real) ? 0 : -ENOENT;
}

int diskutil_add_path(struct disk_util_set *set, const char *path)
{
	char real[PATH_MAX];

	if (block_sysdir(path, real))
		return 0;
	return diskutil_add_sysdir(set, real);
}

/* The first line of sysfs attribute dir/rel, trailing blanks cut; "" if none. */
static void read_attr(const char *dir, const char *rel, char *buf, size_t cap)
{
	char p[PATH_MAX];
	size_t n = 0;
	FILE *f;

	buf[0] = '\0';
	if ((size_t)snprintf(p, sizeof(p), "%s/%s", dir, rel) >= sizeof(p))
		return;
	f = fopen(p, "r");
	if (!f)
		return;
	if (fgets(buf, (int)cap, f))
		n = strlen(buf);
	fclose(f);
	while (n && isspace((unsigned char)buf[n - 1]))
		buf[--n] = '\0';
}

static uint64_t read_num(const char *dir, const char *rel, bool *ok)
{
	char b[32], *end;
	unsigned long long v;

	read_attr(dir, rel, b, sizeof(b));
	errno = 0;
	v = strtoull(b, &end, 10);
	*ok = b[0] && !*end && !errno;
	return *ok ? v : 0;
}

/* "none [mq-deadline] kyber": the one in brackets; a lone name is in use. */
static void scheduler_in_use(const char *line, char *out, size_t cap)
{
	const char *a = strchr(line, '['), *b = a ? strchr(a, ']') : NULL;

	if (a && b)
		snprintf(out, cap, "%.*s", (int)(b - a - 1), a + 1);
	else if (line[0] && !strchr(line, ' '))
		snprintf(out, cap, "%.*s", (int)(cap - 1), line);
	else
		out[0] = '\0';
}

int diskutil_identify_sysdir(const char *sysdir, struct result_device *out)
{
	char dir[PATH_MAX], tmp[PATH_MAX], line[256];
	uint64_t v;
	bool ok;

	memset(out, 0, sizeof(*out));
	out->rotational = -1;
	snprintf(dir, sizeof(dir), "%s", sysdir);
	to_disk_dir(dir);
	snprintf(tmp, sizeof(tmp), "%s", dir);
	snprintf(out->name, sizeof(out->name), "%s", basename(tmp));
	read_attr(dir, "device/model", out->model, sizeof(out->model));
	read_attr(dir, "device/vendor", out->vendor, sizeof(out->vendor));
	v = read_num(dir, "size", &ok);
	out->size = ok && v <= UINT64_MAX / 512 ? v * 512 : 0;	/* 512-byte sectors */
	v = read_num(dir, "queue/logical_block_size", &ok);
	out->logical_block_size = ok && v <= UINT32_MAX ? (uint32_t)v : 0;
	v = read_num(dir, "queue/physical_block_size", &ok);
	out->physical_block_size = ok && v <= UINT32_MAX ? (uint32_t)v : 0;
	read_attr(dir, "queue/write_cache", out->write_cache, sizeof(out->write_cache));
	read_attr(dir, "queue/scheduler", line, sizeof(line));
	scheduler_in_use(line, out->scheduler, sizeof(out->scheduler));
	v = read_num(dir, "queue/rotational", &ok);
	if (ok && v <= 1)
		out->rotational = (int)v;
	return 0;
}

int diskutil_identify(const char *path, struct result_device *out)
{
	char real[PATH_MAX];

	if (block_sysdir(path, real))
		return -ENOENT;
	return diskutil_identify_sysdir(real, out);
}

static char *read_diskstats(void)
{
	FILE *f = fopen("/proc/diskstats", "r");
	char *text = NULL;
	size_t len = 0, cap = 0;
	size_t n;

	if (!f)
		return NULL;
	do {
		if (cap - len < 4096) {
			char *t = realloc(text, cap + 65536);

			if (!t) {
				free(text);
				fclose(f);
				errno = ENOMEM;
				return NULL;
			}
			text = t;
			cap += 65536;
		}
		n = fread(text + len, 1, cap - len - 1, f);
		len += n;
	} while (n > 0);
	fclose(f);
	text[len] = '\0';
	return text;
}

/* The base: the counters now. */
static void sample_begin(struct disk_util_result *d, const struct diskstat *s,
			 uint64_t now_ms)
{
	memcpy(d->ios, s->ios, sizeof(s->ios));
	memcpy(d->merges, s->merges, sizeof(s->merges));
	memcpy(d->ticks, s->ticks, sizeof(s->ticks));
	d->io_ticks = s->io_ticks;
	d->in_queue = s->in_queue;
	d->msec = now_ms;
	d->sampled = true;
}

/* The base turned into the change since. */
static void sample_end(struct disk_util_result *d, const struct diskstat *s,
		       uint64_t now_ms)
{
	for (int k = 0; k < 2; k++) {
		d->ios[k] = counter_delta(s->ios[k], d->ios[k]);
		d->merges[k] = counter_delta(s->merges[k], d->merges[k]);
		d->ticks[k] = counter_delta(s->ticks[k], d->ticks[k]);
	}
	d->io_ticks = counter_delta(s->io_ticks, d->io_ticks);
	d->in_queue = counter_delta(s->in_queue, d->in_queue);
	d->msec = now_ms > d->msec ? now_ms - d->msec : 0;
}

void diskutil_sample(struct disk_util_set *set, const char *text, uint64_t now_ms,
		     bool end)
{
	for (size_t i = 0; i < set->nr; i++) {
		struct disk_util_result *d = &set->d[i];
		struct diskstat s = { 0 };

		if (end && !d->sampled)
			continue;	/* stays zero: nothing measured */
		if (diskstats_lookup(text, d->name, &s)) {
			if (!end)
				continue;
			/* gone by the end: no change */
			memcpy(s.ios, d->ios, sizeof(s.ios));
			memcpy(s.merges, d->merges, sizeof(s.merges));
			memcpy(s.ticks, d->ticks, sizeof(s.ticks));
			s.io_ticks = d->io_ticks;
			s.in_queue = d->in_queue;
		}
		if (end)
			sample_end(d, &s, now_ms);
		else
			sample_begin(d, &s, now_ms);
	}
}

static int sample(struct disk_util_set *set, uint64_t now_ms, bool end)
{
	char *text;

	if (!set->nr)
		return 0;
	text = read_diskstats();
	if (!text)
		return -errno;
	diskutil_sample(set, text, now_ms, end);
	free(text);
	return 0;
}

int diskutil_begin(struct disk_util_set *set, uint64_t now_ms)
{
	return sample(set, now_ms, false);
}

int diskutil_end(struct disk_util_set *set, uint64_t now_ms)
{
	return sample(set, now_ms, true);
}

int diskutil_peek(const struct disk_util_set *set, struct disk_util_set *now,
		  uint64_t now_ms)
{
	now->d = NULL;
	now->nr = 0;
	if (!set->nr)
		return 0;
	now->d = malloc(set->nr * sizeof(*now->d));
	if (!now->d)
		return -ENOMEM;
	memcpy(now->d, set->d, set->nr * sizeof(*now->d));
	now->nr = set->nr;
	return diskutil_end(now, now_ms);
}

void diskutil_release(struct disk_util_set *set)
{
	free(set->d);
	set->d = NULL;
	set->nr = 0;
}
