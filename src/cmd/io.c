/*
 * io.c - `verio io TARGET`: the shell's command line, the target (and
 * mirror) it opens, the command loop, and the helpers every command
 * file shares (numbers, request checks, buffers, report lines).
 *
 * A command line is split on blanks with no quoting, as qemu-io splits
 * it, so a script written for qemu-io means the same here.
 */
#include "compat.h"

#include <fcntl.h>
#include <getopt.h>
#include <linux/fs.h>
#include <math.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <time.h>

#include "cmd/cmd.h"
#include "cmd/io.h"
#include "fdio.h"
#include "run/run.h"
#include "run/target.h"
#include "signals.h"

/* ---- the command tables ------------------------------------------------ */

static const struct io_cmd *find_in(const struct io_cmd *t, const char *name)
{
	for (; t->name; t++) {
		if (!strcmp(t->name, name) ||
		    (t->altname && !strcmp(t->altname, name)))
			return t;
	}
	return NULL;
}

const struct io_cmd *io_cmd_find(const char *name)
{
	const struct io_cmd *c;

	if (!name)
		return NULL;
	c = find_in(io_qemu_cmds, name);
	return c ? c : find_in(io_verio_cmds, name);
}

const char *const *io_cmd_names(void)
{
	/* Built once, kept for the life of the process (completion). */
	static const char **names;
	size_t n = 0, i = 0;
	const struct io_cmd *c;

	if (names)
		return names;
	for (c = io_qemu_cmds; c->name; c++)
		n++;
	for (c = io_verio_cmds; c->name; c++)
		n++;
	names = calloc(n + 1, sizeof(*names));
	if (!names)
		return NULL;
	for (c = io_qemu_cmds; c->name; c++)
		names[i++] = c->name;
	for (c = io_verio_cmds; c->name; c++)
		names[i++] = c->name;
	return names;
}

/* ---- numbers ----------------------------------------------------------- */

static int suffix_shift(char c)
{
	switch (c) {
	case 'b': case 'B': return 0;
	case 'k': case 'K': return 10;
	case 'm': case 'M': return 20;
	case 'g': case 'G': return 30;
	case 't': case 'T': return 40;
	case 'p': case 'P': return 50;
	case 'e': case 'E': return 60;
	default: return -1;
	}
}

static int parse_bad(const char *s)
{
	printf("Parsing error: non-numeric argument, or extraneous/unrecognized suffix -- %s\n", s);
	return -EINVAL;
}

static int parse_large(const char *s)
{
	printf("Parsing error: argument too large -- %s\n", s);
	return -ERANGE;
}

/*
 * Digits in base 10 or 16 (after 0x), an optional fraction (decimal
 * only, and only with a suffix larger than bytes: rounded to the nearest
 * byte), an optional suffix; at most INT64_MAX. A leading '+' is taken,
 * as strtoull takes it; a '-' is not a number.
 */
int io_parse_num(const char *s, int64_t *out)
{
	const char *p = s;
	uint64_t ival = 0, mul = 1;
	double frac = 0;
	bool hex = false, any = false, has_frac = false, big = false;
	int shift = 0;

	if (*p == '+')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = true;
		p += 2;
	}
	for (; *p; p++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = (unsigned)(*p - '0');
		else if (hex && *p >= 'a' && *p <= 'f')
			d = (unsigned)(*p - 'a' + 10);
		else if (hex && *p >= 'A' && *p <= 'F')
			d = (unsigned)(*p - 'A' + 10);
		else
			break;
		any = true;
		if (ival > (UINT64_MAX - d) / (hex ? 16 : 10))
			big = true;
		else
			ival = ival * (hex ? 16 : 10) + d;
	}
	if (!any)
		return parse_bad(s);
	if (*p == '.' && !hex) {
		double scale = 0.1;

		has_frac = true;
		for (p++; *p >= '0' && *p <= '9'; p++, scale /= 10)
			frac += (*p - '0') * scale;
	}
	if (*p) {
		shift = suffix_shift(*p);
		if (shift < 0 || p[1])
			return parse_bad(s);
		mul = (uint64_t)1 << shift;
	}
	if (has_frac && frac > 0 && mul == 1)
		return parse_bad(s);
	if (big || ival > (uint64_t)INT64_MAX / mul)
		return parse_large(s);
	ival *= mul;
	if (frac > 0) {
		double extra = floor(frac * (double)mul + 0.5);

		if (extra >= (double)((uint64_t)INT64_MAX - ival))
			return parse_large(s);
		ival += (uint64_t)extra;
	}
	if (ival > (uint64_t)INT64_MAX)
		return parse_large(s);
	*out = (int64_t)ival;
	return 0;
}

/* ---- requests and buffers ---------------------------------------------- */

int io_request_valid(const struct io_shell *sh, int64_t off, int64_t len)
{
	if (off < 0 || len < 0)
		return -EINVAL;
	if ((uint64_t)off > sh->size || (uint64_t)len > sh->size - (uint64_t)off)
		return -EIO;
	if (sh->direct && ((uint64_t)off % sh->lbs || (uint64_t)len % sh->lbs))
		return -EINVAL;
	return 0;
}

int io_check_request(const struct io_shell *sh, int64_t off, int64_t len)
{
	int rc = io_request_valid(sh, off, len);

	if (rc == -EIO)
		printf("offset %" PRId64 " + length %" PRId64 " is past the end of '%s' (%" PRIu64 " bytes)\n",
		       off, len, sh->path, sh->size);
	else if (rc == -EINVAL && off >= 0 && len >= 0)
		printf("offset %" PRId64 " and length %" PRId64 " must be multiples of %u with -d (O_DIRECT)\n",
		       off, len, sh->lbs);
	else if (rc == -EINVAL)
		printf("offset %" PRId64 " and length %" PRId64 " cannot be negative\n", off, len);
	return rc;
}

void *io_buf_alloc(const struct io_shell *sh, size_t len, int fill)
{
	size_t align = sh && sh->lbs > 4096 ? sh->lbs : 4096;
	size_t cap = (len + align - 1) / align * align;
	void *p;

	if (!cap)
		cap = align;
	if (posix_memalign(&p, align, cap))
		return NULL;
	memset(p, fill, cap);
	return p;
}

/* ---- transfers ---------------------------------------------------------- */

static int pread_exact(int fd, void *buf, size_t len, int64_t off)
{
	ssize_t n = pread_full(fd, buf, len, (uint64_t)off, NULL);

	if (n < 0)
		return (int)n;
	return (size_t)n == len ? 0 : -EIO;
}

int io_mirror_check(struct io_shell *sh, const void *buf, size_t len,
		    int64_t off)
{
	const unsigned char *p = buf;
	unsigned char *ref;
	int rc;

	if (sh->mirror_fd < 0)
		return 0;
	ref = io_buf_alloc(sh, len, 0);
	if (!ref)
		return -ENOMEM;
	rc = pread_exact(sh->mirror_fd, ref, len, off);
	if (rc == 0 && memcmp(p, ref, len)) {
		size_t i = 0;

		while (p[i] == ref[i])
			i++;
		fflush(stdout);
		fprintf(stderr, "blkverify: read offset=%" PRId64 " bytes=%zu contents mismatch at offset %" PRIu64 "\n",
			off, len, (uint64_t)off + i);
		rc = -EBADMSG;
	}
	free(ref);
	return rc;
}

int io_pread(struct io_shell *sh, void *buf, size_t len, int64_t off)
{
	int rc = pread_exact(sh->fd, buf, len, off);

	return rc < 0 ? rc : io_mirror_check(sh, buf, len, off);
}

static int pwrite_exact(int fd, const void *buf, size_t len, int64_t off,
			bool fua)
{
	size_t done = 0;

	while (done < len) {
		struct iovec iov = {
			.iov_base = (char *)buf + done,
			.iov_len = len - done,
		};
		ssize_t n = pwritev2(fd, &iov, 1, off + (off_t)done,
				     fua ? RWF_DSYNC : 0);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (n == 0)
			return -EIO;
		done += (size_t)n;
	}
	return 0;
}

int io_mirror_write(struct io_shell *sh, const void *buf, size_t len,
		    int64_t off, bool fua)
{
	return sh->mirror_fd < 0 ? 0 : pwrite_exact(sh->mirror_fd, buf, len, off, fua);
}

int io_pwrite(struct io_shell *sh, const void *buf, size_t len, int64_t off,
	      bool fua)
{
	int rc = pwrite_exact(sh->fd, buf, len, off, fua);

	return rc < 0 ? rc : io_mirror_write(sh, buf, len, off, fua);
}

/* ---- report lines ------------------------------------------------------ */

void io_fmt_size(double v, char *buf, size_t cap)
{
	static const char *const units[] = { " EiB", " PiB", " TiB", " GiB",
					     " MiB", " KiB" };
	const char *suffix = " bytes";
	char num[64], *dot;

	for (size_t i = 0; i < ARRAY_SIZE(units); i++) {
		double unit = ldexp(1.0, 60 - 10 * (int)i);

		if (v >= unit) {
			v /= unit;
			suffix = units[i];
			break;
		}
	}
	snprintf(num, sizeof(num), !strcmp(suffix, " bytes") ? "%f" : "%.3f", v);
	/* A whole number loses its ".000" (and what follows). */
	dot = strstr(num, ".000");
	if (dot)
		*dot = '\0';
	snprintf(buf, cap, "%s%s", num, suffix);
}

double io_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void io_print_report(const char *verb, int64_t off, int64_t done,
		     int64_t total, int ops, double secs, unsigned flags)
{
	char sz[64], rate[64];
	double bps, ops_s;
	unsigned h, m;
	double s;

	if (flags & IO_REPORT_QUIET)
		return;
	if (secs <= 0)
		secs = 1e-9;
	bps = (double)total / secs;
	ops_s = ops / secs;
	h = (unsigned)(secs / 3600);
	m = (unsigned)((secs - h * 3600.0) / 60);
	s = secs - h * 3600.0 - m * 60.0;
	if (flags & IO_REPORT_MACHINE) {
		printf("%" PRId64 ",%d,%u:%02u:%05.2f,%.3f,%.3f\n", total, ops, h,
		       m, s, bps, ops_s);
		return;
	}
	printf("%s %" PRId64 "/%" PRId64 " bytes at offset %" PRId64 "\n", verb,
	       done, total, off);
	io_fmt_size((double)total, sz, sizeof(sz));
	io_fmt_size(bps, rate, sizeof(rate));
	if (h)
		printf("%s, %d ops; %u:%02u:%05.2f (%s/sec and %.4f ops/sec)\n",
		       sz, ops, h, m, s, rate, ops_s);
	else if (m)
		printf("%s, %d ops; %02u:%05.2f sec (%s/sec and %.4f ops/sec)\n",
		       sz, ops, m, s, rate, ops_s);
	else
		printf("%s, %d ops; %05.2f sec (%s/sec and %.4f ops/sec)\n", sz,
		       ops, s, rate, ops_s);
}

void io_hexdump(const void *buf, int64_t off, size_t len)
{
	const unsigned char *p = buf;

	for (size_t i = 0; i < len; i += 16) {
		size_t n = MIN_OF(len - i, 16);

		printf("%08" PRIx64 ":  ", (uint64_t)off + i);
		for (size_t j = 0; j < n; j++)
			printf("%02x ", p[i + j]);
		putchar(' ');
		for (size_t j = 0; j < n; j++)
			putchar(p[i + j] >= 0x20 && p[i + j] < 0x7f ? p[i + j] : '.');
		putchar('\n');
	}
}

/* ---- the target --------------------------------------------------------- */

static int open_one(const char *path, bool readonly, bool direct, bool force,
		    uint64_t *size, unsigned *lbs)
{
	struct target_conf tc = {
		.writes = !readonly,
		.readonly = readonly,
		.allow_mounted_write = force,
		.direct = direct,
	};
	char err[512] = "";
	struct stat st;
	int fd, rc;

	rc = target_check_safe(path, &tc, err, sizeof(err));
	if (rc == -EBUSY) {
		/* The job's hint names a job option: say what io takes. */
		char *hint = strstr(err, " (set allow_mounted_write");

		if (hint)
			*hint = '\0';
		fprintf(stderr, "verio: %s (use -f to force)\n", err);
		return -EBUSY;
	}
	fd = open(path, (readonly ? O_RDONLY : O_RDWR) | (direct ? O_DIRECT : 0) |
		  O_CLOEXEC);
	if (fd < 0) {
		rc = -errno;
		fprintf(stderr, "verio: can't open device %s: Could not open '%s': %s\n",
			path, path, strerror(-rc));
		return rc;
	}
	if (fstat(fd, &st) < 0)
		goto fail;
	*lbs = 512;
	if (S_ISBLK(st.st_mode)) {
		int ssz = 0;

		if (ioctl(fd, BLKGETSIZE64, size) < 0)
			goto fail;
		if (ioctl(fd, BLKSSZGET, &ssz) == 0 && ssz > 0)
			*lbs = (unsigned)ssz;
	} else if (S_ISREG(st.st_mode)) {
		*size = (uint64_t)st.st_size;
	} else {
		close(fd);
		fprintf(stderr, "verio: can't open device %s: not a file or a block device\n",
			path);
		return -EINVAL;
	}
	return fd;
fail:
	rc = -errno;
	fprintf(stderr, "verio: can't open device %s: %s\n", path, strerror(-rc));
	close(fd);
	return rc;
}

int io_shell_open(struct io_shell *sh, const char *path, bool readonly,
		  bool direct)
{
	uint64_t size = 0, msize = 0;
	unsigned lbs = 512, mlbs = 512;
	int fd, mfd = -1;

	if (sh->fd >= 0) {
		fprintf(stderr, "verio: file open already, try 'help close'\n");
		return -EBUSY;
	}
	fd = open_one(path, readonly, direct, sh->force, &size, &lbs);
	if (fd < 0)
		return fd;
	if (sh->mirror_path) {
		mfd = open_one(sh->mirror_path, readonly, direct, sh->force,
			       &msize, &mlbs);
		if (mfd < 0) {
			close(fd);
			return mfd;
		}
		if (msize < size) {
			fprintf(stderr, "verio: mirror '%s' is %" PRIu64
				" bytes, shorter than '%s' (%" PRIu64 " bytes)\n",
				sh->mirror_path, msize, path, size);
			close(fd);
			close(mfd);
			return -EINVAL;
		}
	}
	sh->path = strdup(path);
	if (!sh->path) {
		close(fd);
		if (mfd >= 0)
			close(mfd);
		return -ENOMEM;
	}
	sh->fd = fd;
	sh->mirror_fd = mfd;
	sh->size = size;
	sh->lbs = MAX_OF(lbs, mlbs);
	sh->readonly = readonly;
	sh->direct = direct;
	return 0;
}

void io_shell_close(struct io_shell *sh)
{
	io_aio_drain(sh);
	if (sh->fd >= 0)
		close(sh->fd);
	if (sh->mirror_fd >= 0)
		close(sh->mirror_fd);
	sh->fd = sh->mirror_fd = -1;
	free(sh->path);
	sh->path = NULL;
	sh->size = 0;
}

/* ---- the command loop --------------------------------------------------- */

#define IO_MAX_ARGS 256

static int count_error(const struct io_cmd *c, int argc)
{
	fprintf(stderr, "bad argument count %d to %s, ", argc, c->name);
	if (c->argmax == -1)
		fprintf(stderr, "expected at least %d arguments\n", c->argmin);
	else if (c->argmin == c->argmax)
		fprintf(stderr, "expected %d arguments\n", c->argmin);
	else
		fprintf(stderr, "expected between %d and %d arguments\n",
			c->argmin, c->argmax);
	return -EINVAL;
}

/* Run one command line; 0, or -errno when it failed. */
int io_run_line(struct io_shell *sh, char *line)
{
	char *argv[IO_MAX_ARGS + 1], *save = NULL, *w;
	const struct io_cmd *c;
	int argc = 0;

	io_aio_reap(sh, sh->batch);
	for (w = strtok_r(line, " \t\r\n", &save); w && argc < IO_MAX_ARGS;
	     w = strtok_r(NULL, " \t\r\n", &save))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (!argc)
		return 0;
	c = io_cmd_find(argv[0]);
	if (!c) {
		fprintf(stderr, "command \"%s\" not found\n", argv[0]);
		return -ENOENT;
	}
	if (argc - 1 < c->argmin || (c->argmax != -1 && argc - 1 > c->argmax))
		return count_error(c, argc - 1);
	if (c->needs_target && sh->fd < 0) {
		fprintf(stderr, "no file open, try 'help open'\n");
		return -EBADF;
	}
	if (c->writes && sh->readonly) {
		fprintf(stderr, "verio: Block node is read-only\n");
		return -EROFS;
	}
	argv[0] = (char *)c->name;
	return c->fn(sh, argc, argv);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: verio io [-r] [-d|--direct] [-f|--force] [-c CMD]... [--mirror=REF] TARGET\n"
		"\n"
		"  -r, --read-only   open TARGET read-only: writing commands fail\n"
		"  -d, --direct      O_DIRECT (requests aligned to the logical block)\n"
		"  -f, --force       write to a device that is mounted or holds a filesystem\n"
		"  -c, --cmd CMD     run CMD (repeatable; in order); without -c, commands\n"
		"                    are read from stdin\n"
		"  --mirror=REF      every write also goes to REF; every read reads both\n"
		"                    and compares (blkverify)\n"
		"\n"
		"'verio io -c help TARGET' lists the commands.\n");
}

enum { OPT_MIRROR = 256 };

static const struct option io_longopts[] = {
	{ "read-only", no_argument, NULL, 'r' },
	{ "direct", no_argument, NULL, 'd' },
	{ "force", no_argument, NULL, 'f' },
	{ "cmd", required_argument, NULL, 'c' },
	{ "mirror", required_argument, NULL, OPT_MIRROR },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/*
 * Not at an interactive prompt (that is the line editor's), but in a
 * batch or a pipe: SIGINT/SIGTERM end the shell after the command that
 * runs (a sleep is cut short), with status 4, as they end a run.
 */
static void on_signal(int sig)
{
	verio_signals = sig;
}

static int run_commands(struct io_shell *sh, char **cmds, int ncmds)
{
	bool tty = isatty(STDIN_FILENO) && isatty(STDOUT_FILENO);
	struct io_lines *l;
	char *line;

	sh->batch = ncmds || !tty;
	if (sh->batch)
		catch_stop_signals(on_signal);
	for (int i = 0; i < ncmds && !sh->quit && !verio_signals; i++) {
		char *copy = strdup(cmds[i]);

		if (!copy)
			return -ENOMEM;
		if (io_run_line(sh, copy) < 0)
			sh->failed++;
		free(copy);
		fflush(stdout);
	}
	if (ncmds)
		return 0;
	l = io_lines_open(tty, "verio io> ", io_cmd_names());
	if (!l)
		return -ENOMEM;
	while (!sh->quit && !verio_signals && (line = io_lines_next(l))) {
		if (io_run_line(sh, line) < 0)
			sh->failed++;
		free(line);
		fflush(stdout);
	}
	io_lines_close(l);
	return 0;
}

int cmd_io(int argc, char **argv)
{
	struct io_shell sh = { .fd = -1, .mirror_fd = -1, .lbs = 512 };
	char **cmds;
	int ncmds = 0, opt, rc;
	bool readonly = false, direct = false;

	cmds = calloc((size_t)argc + 1, sizeof(*cmds));
	if (!cmds)
		return 3;
	optind = 0;
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:rdfc:h", io_longopts, NULL)) != -1) {
		switch (opt) {
		case 'r': readonly = true; break;
		case 'd': direct = true; break;
		case 'f': sh.force = true; break;
		case 'c': cmds[ncmds++] = optarg; break;
		case OPT_MIRROR: sh.mirror_path = optarg; break;
		case 'h':
			usage(stdout);
			free(cmds);
			return 0;
		case ':':
			fprintf(stderr, "verio io: option '%s' needs a value\n",
				argv[optind - 1]);
			usage(stderr);
			free(cmds);
			return 2;
		default:
			if (optopt)
				fprintf(stderr, "verio io: unknown option '-%c'\n", optopt);
			else
				fprintf(stderr, "verio io: unknown option '%s'\n",
					argv[optind - 1]);
			usage(stderr);
			free(cmds);
			return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, optind == argc ? "verio io: no target given\n" :
			"verio io: one target only\n");
		usage(stderr);
		free(cmds);
		return 2;
	}
	rc = io_shell_open(&sh, argv[optind], readonly, direct);
	if (rc < 0) {
		free(cmds);
		return rc == -EBUSY || rc == -EROFS ? 2 : 3;
	}
	rc = run_commands(&sh, cmds, ncmds);
	io_shell_close(&sh);
	io_aio_release(&sh);
	free(cmds);
	fflush(stdout);
	if (rc < 0)
		return 3;
	if (verio_signals) {
		fprintf(stderr, "verio: interrupted (signal %s)\n",
			verio_signals == SIGINT ? "SIGINT" : "SIGTERM");
		return 4;
	}
	return sh.failed ? 1 : 0;
}
