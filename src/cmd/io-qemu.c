/*
 * io-qemu.c - qemu-io's commands in `verio io`, with qemu-io's options
 * and its output lines (the interface a qemu-io script reads), on a raw
 * file or block device. aio_read/aio_write go through io_uring.
 *
 * Each command returns 0 or a negative errno; it has printed what went
 * wrong by then.
 */
#include "compat.h"

#include <fcntl.h>
#include <getopt.h>
#include <linux/falloc.h>
#include <linux/fs.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>

#ifdef CONFIG_LIBURING
#include <liburing.h>
#endif

#include "cmd/io.h"
#include "run/run.h"
#include "fdio.h"

/* ---- small pieces ------------------------------------------------------ */

void io_help_line(const struct io_cmd *c)
{
	if (c->args)
		printf("%s %s -- %s\n", c->name, c->args, c->oneline);
	else
		printf("%s -- %s\n", c->name, c->oneline);
}

static int usage_of(const char *name)
{
	const struct io_cmd *c = io_cmd_find(name);

	if (c)
		io_help_line(c);
	return -EINVAL;
}

/* getopt over a command's words: qemu-io's messages name the command. */
static void opts_reset(void)
{
	optind = 0;
	opterr = 1;
}

static int parse_pattern(const char *s, int *out)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || end == s || *end || v < 0 || v > 255) {
		printf("%s is not a valid pattern byte\n", s);
		return -EINVAL;
	}
	*out = (int)v;
	return 0;
}

static int parse_len(const char *s, int64_t *out)
{
	int rc = io_parse_num(s, out);

	if (rc < 0)
		return rc;
	if (*out > IO_MAX_REQUEST) {
		printf("length cannot exceed %lld, given %s\n", IO_MAX_REQUEST, s);
		return -EINVAL;
	}
	return 0;
}

static bool is_blockdev(const struct io_shell *sh)
{
	struct stat st;

	return fstat(sh->fd, &st) == 0 && S_ISBLK(st.st_mode);
}

static void failed(const char *what, int rc)
{
	if (rc != -EBADMSG)
		printf("%s failed: %s\n", what, strerror(-rc));
}

/*
 * qemu-io's -P check over buf[0, len), read from off: prints the range
 * checked when a byte in it is not pat.
 */
static int check_pattern(const unsigned char *buf, int64_t off, int64_t len,
			 int pat)
{
	for (int64_t i = 0; i < len; i++) {
		if (buf[i] != (unsigned char)pat) {
			printf("Pattern verification failed at offset %" PRId64 ", %" PRId64 " bytes\n",
			       off, len);
			return -EILSEQ;
		}
	}
	return 0;
}

/* A finished request's statistics line, after its data in hex with -v. */
static void print_done(const char *verb, const unsigned char *buf, int64_t off,
		       int64_t len, double secs, unsigned report, bool verbose)
{
	if (report & IO_REPORT_QUIET)
		return;
	if (verbose)
		io_hexdump(buf, off, (size_t)len);
	io_print_report(verb, off, len, len, 1, secs, report);
}

/* The end of a command that writes or discards: its failure, or its line. */
static int finish(const char *name, const char *verb, int rc, int64_t off,
		  int64_t len, double secs, unsigned report)
{
	if (rc < 0) {
		failed(name, rc);
		return rc;
	}
	print_done(verb, NULL, off, len, secs, report, false);
	return 0;
}

/* ---- read / write ------------------------------------------------------- */

struct rw_opts {
	unsigned report;	/* IO_REPORT_* */
	bool vmstate, compress, fua, nofallback, unmap, zero, verbose;
	bool pflag, sflag, lflag;
	int pattern;
	int64_t poff, plen;
	const char *source;
};

/*
 * The flags the reading and writing commands share into o; a command's
 * getopt string says which of them it takes. 1 when c is none of them,
 * else 0 or -EINVAL.
 */
static int rw_opt(int c, struct rw_opts *o)
{
	switch (c) {
	case 'b': o->vmstate = true; break;
	case 'c': o->compress = true; break;
	case 'C': o->report |= IO_REPORT_MACHINE; break;
	case 'f': o->fua = true; break;
	case 'i': break;	/* accounting of invalid requests: none here */
	case 'n': o->nofallback = true; break;
	case 'p': break;
	case 'P':
		o->pflag = true;
		return parse_pattern(optarg, &o->pattern);
	case 'q': o->report |= IO_REPORT_QUIET; break;
	case 's': o->sflag = true; o->source = optarg; break;
	case 'u': o->unmap = true; break;
	case 'v': o->verbose = true; break;
	case 'z': o->zero = true; break;
	default: return 1;
	}
	return 0;
}

/* getopt over a command that takes only shared flags: 0 or -EINVAL. */
static int rw_getopt(int argc, char **argv, const char *optstring,
		     const char *name, struct rw_opts *o)
{
	int c, rc;

	opts_reset();
	while ((c = getopt(argc, argv, optstring)) != -1) {
		rc = rw_opt(c, o);
		if (rc)
			return rc > 0 ? usage_of(name) : -EINVAL;
	}
	return 0;
}

/* The words after the options, "off len": 0, or -EINVAL having said why. */
static int off_len_args(int argc, char **argv, const char *name,
			int64_t *off, int64_t *len)
{
	if (optind != argc - 2)
		return usage_of(name);
	if (io_parse_num(argv[optind], off) < 0 ||
	    parse_len(argv[optind + 1], len) < 0)
		return -EINVAL;
	return 0;
}

/* The lengths argv[first..argc) summed; prints what is wrong. */
static int vec_total(int argc, char **argv, int first, int64_t *total)
{
	*total = 0;
	for (int i = first; i < argc; i++) {
		int64_t len;

		if (io_parse_num(argv[i], &len) < 0)
			return -EINVAL;
		if (len > IO_MAX_REQUEST) {
			printf("Argument '%s' exceeds maximum size %lld\n",
			       argv[i], IO_MAX_REQUEST);
			return -EINVAL;
		}
		*total += len;
		if (*total > IO_MAX_REQUEST) {
			printf("The total number of bytes exceed the maximum size %lld\n",
			       IO_MAX_REQUEST);
			return -EINVAL;
		}
	}
	return 0;
}

/* The words "off len [len..]": *total, the lengths summed. */
static int off_vec_args(int argc, char **argv, const char *name,
			int64_t *off, int64_t *total)
{
	if (optind > argc - 2)
		return usage_of(name);
	if (io_parse_num(argv[optind], off) < 0 ||
	    vec_total(argc, argv, optind + 1, total) < 0)
		return -EINVAL;
	return 0;
}

/*
 * read and readv once parsed: count bytes at off, with o's pattern
 * checked over [poff, poff + plen) (to the end without -l).
 */
static int read_common(struct io_shell *sh, const char *name,
		       const struct rw_opts *o, int64_t off, int64_t count)
{
	unsigned char *buf = io_buf_alloc(sh, (size_t)count, 0xab);
	double t0;
	int rc;

	if (!buf)
		return -ENOMEM;
	t0 = io_now();
	rc = io_request_valid(sh, off, count);
	if (!rc)
		rc = io_pread(sh, buf, (size_t)count, off);
	if (rc < 0) {
		failed(name, rc);
		free(buf);
		return rc;
	}
	t0 = io_now() - t0;
	if (o->pflag)
		rc = check_pattern(buf + o->poff, off + o->poff,
				   o->lflag ? o->plen : count - o->poff, o->pattern);
	print_done("read", buf, off, count, t0, o->report, o->verbose);
	free(buf);
	return rc;
}

static int read_f(struct io_shell *sh, int argc, char **argv)
{
	struct rw_opts o = { 0 };
	int64_t off, count;
	int c, rc;

	opts_reset();
	while ((c = getopt(argc, argv, "bCl:pP:qs:v")) != -1) {
		switch (c) {
		case 'l':
			o.lflag = true;
			rc = io_parse_num(optarg, &o.plen) < 0 ? -EINVAL : 0;
			break;
		case 's':	/* here the start of the -P check, not a file */
			o.sflag = true;
			rc = io_parse_num(optarg, &o.poff) < 0 ? -EINVAL : 0;
			break;
		default:
			rc = rw_opt(c, &o);
		}
		if (rc)
			return rc > 0 ? usage_of("read") : -EINVAL;
	}
	if (!o.pflag && (o.lflag || o.sflag))
		return usage_of("read");
	rc = off_len_args(argc, argv, "read", &off, &count);
	if (rc < 0)
		return rc;
	if (o.pflag && (o.poff > count ||
			(o.lflag && o.plen > count - o.poff))) {
		printf("pattern verification range exceeds end of read data\n");
		return -EINVAL;
	}
	if (o.vmstate) {
		failed("read", -ENOTSUP);
		return -ENOTSUP;
	}
	return read_common(sh, "read", &o, off, count);
}

/*
 * Fill buf from the -s source file, repeating its bytes when it is
 * shorter than len (as qemu-io does); prints why it could not.
 */
static int fill_from_file(const char *path, void *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	size_t have;

	if (fd < 0) {
		int rc = -errno;

		fprintf(stderr, "%s: %s\n", path, strerror(-rc));
		return rc;
	}
	n = read_full(fd, buf, len, NULL);
	close(fd);
	if (n < 0) {
		fprintf(stderr, "%s: %s\n", path, strerror((int)-n));
		return (int)n;
	}
	if (n == 0 && len) {
		fprintf(stderr, "%s: file is empty\n", path);
		return -EINVAL;
	}
	for (have = (size_t)n; have < len; have += MIN_OF(have, len - have))
		memcpy((char *)buf + have, buf, MIN_OF(have, len - have));
	return 0;
}

static int zero_range(struct io_shell *sh, int fd, int64_t off, int64_t len,
		      const struct rw_opts *o)
{
	struct stat st;
	int rc;

	if (fstat(fd, &st) < 0)
		return -errno;
	if (S_ISBLK(st.st_mode)) {
		uint64_t range[2] = { (uint64_t)off, (uint64_t)len };

		rc = ioctl(fd, BLKZEROOUT, range) < 0 ? -errno : 0;
	} else {
		int mode = o->unmap ? FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE :
				      FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE;

		rc = len && fallocate(fd, mode, off, len) < 0 ? -errno : 0;
	}
	if (rc == -EOPNOTSUPP && !o->nofallback) {
		void *z = io_buf_alloc(sh, (size_t)len, 0);
		ssize_t n;

		if (!z)
			return -ENOMEM;
		n = pwrite_full(fd, z, (size_t)len, (uint64_t)off, NULL);
		free(z);
		rc = n < 0 ? (int)n : 0;
	}
	return rc;
}

static int write_zeroes(struct io_shell *sh, int64_t off, int64_t len,
			const struct rw_opts *o)
{
	int rc = zero_range(sh, sh->fd, off, len, o);

	if (!rc && sh->mirror_fd >= 0)
		rc = zero_range(sh, sh->mirror_fd, off, len, o);
	return rc;
}

static int write_parse(int argc, char **argv, struct rw_opts *o)
{
	int rc;

	o->pattern = 0xcd;
	rc = rw_getopt(argc, argv, "bcCfnpP:qs:uz", "write", o);
	if (rc < 0)
		return rc;
	if (optind != argc - 2)
		return usage_of("write");
	if (o->vmstate && o->fua) {
		printf("-b and -f are mutually exclusive\n");
		return -EINVAL;
	}
	if (o->compress && o->fua) {
		printf("-c and -f are mutually exclusive\n");
		return -EINVAL;
	}
	if (o->compress && o->zero) {
		printf("-c and -z are mutually exclusive\n");
		return -EINVAL;
	}
	if ((int)o->zero + (int)o->pflag + (int)o->sflag > 1) {
		printf("Only one of -z, -P, and -s can be specified at the same time\n");
		return -EINVAL;
	}
	if (o->nofallback && !o->zero) {
		printf("-n requires -z to be specified\n");
		return -EINVAL;
	}
	if (o->unmap && !o->zero) {
		printf("-u requires -z to be specified\n");
		return -EINVAL;
	}
	return 0;
}

/*
 * write, writev and aio_write -z once parsed: count bytes of buf (NULL
 * with -z) at off.
 */
static int write_common(struct io_shell *sh, const char *name,
			const struct rw_opts *o, const void *buf, int64_t off,
			int64_t count)
{
	double t0 = io_now();
	int rc = io_request_valid(sh, off, count);

	if (!rc)
		rc = o->zero ? write_zeroes(sh, off, count, o) :
			       io_pwrite(sh, buf, (size_t)count, off, o->fua);
	return finish(name, "wrote", rc, off, count, io_now() - t0, o->report);
}

static int write_f(struct io_shell *sh, int argc, char **argv)
{
	struct rw_opts o = { 0 };
	int64_t off, count;
	void *buf = NULL;
	int rc;

	rc = write_parse(argc, argv, &o);
	if (!rc)
		rc = off_len_args(argc, argv, "write", &off, &count);
	if (rc < 0)
		return rc;
	if (o.vmstate || o.compress) {
		failed("write", -ENOTSUP);
		return -ENOTSUP;
	}
	if (!o.zero) {
		buf = io_buf_alloc(sh, (size_t)count, o.pattern);
		if (!buf)
			return -ENOMEM;
		if (o.sflag && (rc = fill_from_file(o.source, buf, (size_t)count)) < 0) {
			free(buf);
			return rc;
		}
	}
	rc = write_common(sh, "write", &o, buf, off, count);
	free(buf);
	return rc;
}

/* ---- readv / writev ------------------------------------------------------ */

static int readv_f(struct io_shell *sh, int argc, char **argv)
{
	struct rw_opts o = { 0 };
	int64_t off, total;
	int rc;

	rc = rw_getopt(argc, argv, "CP:qv", "readv", &o);
	if (!rc)
		rc = off_vec_args(argc, argv, "readv", &off, &total);
	if (rc < 0)
		return rc;
	return read_common(sh, "readv", &o, off, total);
}

static int writev_f(struct io_shell *sh, int argc, char **argv)
{
	struct rw_opts o = { .pattern = 0xcd };
	int64_t off, total;
	void *buf;
	int rc;

	rc = rw_getopt(argc, argv, "CfqP:", "writev", &o);
	if (!rc)
		rc = off_vec_args(argc, argv, "writev", &off, &total);
	if (rc < 0)
		return rc;
	buf = io_buf_alloc(sh, (size_t)total, o.pattern);
	if (!buf)
		return -ENOMEM;
	rc = write_common(sh, "writev", &o, buf, off, total);
	free(buf);
	return rc;
}

/* ---- aio_read / aio_write / aio_flush (io_uring) ----------------------- */

#define AIO_DEPTH 64

struct aio_req {
	bool busy, write, pflag, verbose;
	unsigned report;
	int pattern;
	int64_t off, len;
	unsigned char *buf;
	double t0;
};

struct aio_state {
#ifdef CONFIG_LIBURING
	struct io_uring ring;
#endif
	struct aio_req reqs[AIO_DEPTH];
	unsigned inflight;
};

#ifdef CONFIG_LIBURING
/* The shell's ring, set up at its first aio_*; NULL with *err set. */
static struct aio_state *aio_get(struct io_shell *sh, int *err)
{
	struct aio_state *a = sh->aio;

	if (a)
		return a;
	a = calloc(1, sizeof(*a));
	*err = -ENOMEM;
	if (!a)
		return NULL;
	*err = io_uring_queue_init(AIO_DEPTH, &a->ring, 0);
	if (*err < 0) {
		free(a);
		return NULL;
	}
	sh->aio = a;
	return a;
}

static void aio_complete(struct io_shell *sh, struct aio_req *r, int res)
{
	double secs = io_now() - r->t0;
	int rc = res < 0 ? res : (res == r->len ? 0 : -EIO);

	/* A read through the mirror compares when the target's data came. */
	if (!rc && !r->write)
		rc = io_mirror_check(sh, r->buf, (size_t)r->len, r->off);
	if (rc < 0) {
		failed(r->write ? "aio_write" : "readv", rc);
		sh->failed++;
	} else {
		if (r->pflag && check_pattern(r->buf, r->off, r->len, r->pattern) < 0)
			sh->failed++;
		print_done(r->write ? "wrote" : "read", r->buf, r->off, r->len,
			   secs, r->report, r->verbose);
	}
	free(r->buf);
	r->buf = NULL;
	r->busy = false;
}
#endif

void io_aio_reap(struct io_shell *sh, bool wait)
{
#ifdef CONFIG_LIBURING
	struct aio_state *a = sh->aio;
	struct io_uring_cqe *cqe;

	while (a && a->inflight) {
		int rc = wait ? io_uring_wait_cqe(&a->ring, &cqe) :
				io_uring_peek_cqe(&a->ring, &cqe);

		if (rc == -EINTR)
			continue;
		if (rc < 0)
			break;
		aio_complete(sh, io_uring_cqe_get_data(cqe), cqe->res);
		io_uring_cqe_seen(&a->ring, cqe);
		a->inflight--;
	}
	fflush(stdout);
#else
	(void)sh;
	(void)wait;
#endif
}

void io_aio_drain(struct io_shell *sh)
{
	io_aio_reap(sh, true);
}

void io_aio_release(struct io_shell *sh)
{
	struct aio_state *a = sh->aio;

	if (!a)
		return;
	io_aio_drain(sh);
#ifdef CONFIG_LIBURING
	io_uring_queue_exit(&a->ring);
#endif
	free(a);
	sh->aio = NULL;
}

static int aio_rw(struct io_shell *sh, int argc, char **argv, bool write)
{
#ifdef CONFIG_LIBURING
	const char *name = write ? "aio_write" : "aio_read";
	struct rw_opts o = { .pattern = write ? 0xcd : 0 };
	struct aio_req req = { .write = write };
	struct aio_state *a;
	struct io_uring_sqe *sqe;
	struct aio_req *r = NULL;
	int64_t total;
	int rc;

	rc = rw_getopt(argc, argv, write ? "CfiqP:uz" : "CiqP:v", name, &o);
	if (rc < 0)
		return rc;
	if (optind > argc - 2)
		return usage_of(name);
	if (o.zero && o.pflag) {
		printf("-z and -P cannot be specified at the same time\n");
		return -EINVAL;
	}
	if (o.unmap && !o.zero) {
		printf("-u requires -z to be specified\n");
		return -EINVAL;
	}
	rc = off_vec_args(argc, argv, name, &req.off, &total);
	if (rc < 0)
		return rc;
	/* Zeroes have no io_uring opcode that covers devices and files
	 * alike: done at once, reported as its completion. */
	if (write && o.zero)
		return write_common(sh, name, &o, NULL, req.off, total);
	req.len = total;
	req.report = o.report;
	req.pflag = o.pflag;
	req.pattern = o.pattern;
	req.verbose = o.verbose;
	a = aio_get(sh, &rc);
	if (!a) {
		printf("%s failed: io_uring: %s\n", name, strerror(-rc));
		return rc;
	}
	rc = io_request_valid(sh, req.off, total);
	if (rc < 0) {
		failed(write ? name : "readv", rc);
		return rc;
	}
	if (a->inflight == AIO_DEPTH)
		io_aio_reap(sh, true);
	for (int i = 0; i < AIO_DEPTH && !r; i++)
		if (!a->reqs[i].busy)
			r = &a->reqs[i];
	req.buf = io_buf_alloc(sh, (size_t)total, write ? req.pattern : 0xab);
	if (!r || !req.buf) {
		free(req.buf);
		return -ENOMEM;
	}
	/* The reference side of a write is written now, synchronously. */
	if (write) {
		rc = io_mirror_write(sh, req.buf, (size_t)total, req.off, o.fua);
		if (rc < 0) {
			failed(name, rc);
			free(req.buf);
			return rc;
		}
	}
	*r = req;
	r->busy = true;
	sqe = io_uring_get_sqe(&a->ring);
	if (write)
		io_uring_prep_write(sqe, sh->fd, r->buf, (unsigned)total, (uint64_t)r->off);
	else
		io_uring_prep_read(sqe, sh->fd, r->buf, (unsigned)total, (uint64_t)r->off);
	if (write && o.fua)
		sqe->rw_flags = RWF_DSYNC;
	io_uring_sqe_set_data(sqe, r);
	r->t0 = io_now();
	rc = io_uring_submit(&a->ring);
	if (rc < 0) {
		failed(name, rc);
		free(r->buf);
		r->busy = false;
		return rc;
	}
	a->inflight++;
	return 0;
#else
	(void)sh;
	(void)argc;
	(void)argv;
	printf("%s failed: %s\n", write ? "aio_write" : "readv", strerror(ENOTSUP));
	return -ENOTSUP;
#endif
}

static int aio_read_f(struct io_shell *sh, int argc, char **argv)
{
	return aio_rw(sh, argc, argv, false);
}

static int aio_write_f(struct io_shell *sh, int argc, char **argv)
{
	return aio_rw(sh, argc, argv, true);
}

static int aio_flush_f(struct io_shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	io_aio_drain(sh);
	return 0;
}

/* ---- flush, discard, truncate, length, info ----------------------------- */

static int flush_f(struct io_shell *sh, int argc, char **argv)
{
	int rc = 0;

	(void)argc;
	(void)argv;
	io_aio_drain(sh);
	if (fsync(sh->fd) < 0 || (sh->mirror_fd >= 0 && fsync(sh->mirror_fd) < 0))
		rc = -errno;
	if (rc < 0)
		failed("flush", rc);
	return rc;
}

static int discard_one(int fd, bool blk, int64_t off, int64_t len)
{
	if (!len)
		return 0;
	if (blk) {
		uint64_t range[2] = { (uint64_t)off, (uint64_t)len };

		return ioctl(fd, BLKDISCARD, range) < 0 ? -errno : 0;
	}
	return fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, off, len) < 0 ?
	       -errno : 0;
}

static int discard_f(struct io_shell *sh, int argc, char **argv)
{
	struct rw_opts o = { 0 };
	int64_t off, len;
	bool blk = is_blockdev(sh);
	double t0;
	int rc;

	rc = rw_getopt(argc, argv, "Cq", "discard", &o);
	if (!rc)
		rc = off_len_args(argc, argv, "discard", &off, &len);
	if (rc < 0)
		return rc;
	t0 = io_now();
	rc = io_request_valid(sh, off, len);
	if (!rc)
		rc = discard_one(sh->fd, blk, off, len);
	if (!rc && sh->mirror_fd >= 0)
		rc = discard_one(sh->mirror_fd, blk, off, len);
	return finish("discard", "discard", rc, off, len, io_now() - t0, o.report);
}

static int truncate_f(struct io_shell *sh, int argc, char **argv)
{
	const char *mode = "off";
	int64_t size;
	int c, rc = 0;

	opts_reset();
	while ((c = getopt(argc, argv, "m:")) != -1) {
		switch (c) {
		case 'm': mode = optarg; break;
		default: return usage_of("truncate");
		}
	}
	if (optind != argc - 1)
		return usage_of("truncate");
	if (strcmp(mode, "off") && strcmp(mode, "falloc")) {
		printf("Invalid preallocation mode: '%s'\n", mode);
		return -EINVAL;
	}
	if (io_parse_num(argv[optind], &size) < 0)
		return -EINVAL;
	if (is_blockdev(sh)) {
		/* A device keeps its size; only growing it is an error. */
		if ((uint64_t)size > sh->size) {
			fprintf(stderr, "verio: Cannot grow device files\n");
			return -EINVAL;
		}
		return 0;
	} else {
		int fds[2] = { sh->fd, sh->mirror_fd };

		for (int i = 0; i < 2 && fds[i] >= 0 && !rc; i++) {
			if (ftruncate(fds[i], size) < 0)
				rc = -errno;
			else if (!strcmp(mode, "falloc") && (uint64_t)size > sh->size &&
				 fallocate(fds[i], 0, (off_t)sh->size,
					   size - (off_t)sh->size) < 0)
				rc = -errno;
		}
	}
	if (rc < 0) {
		printf("truncate: %s\n", strerror(-rc));
		return rc;
	}
	sh->size = (uint64_t)size;
	return 0;
}

static int length_f(struct io_shell *sh, int argc, char **argv)
{
	char s[64];

	(void)argc;
	(void)argv;
	io_fmt_size((double)sh->size, s, sizeof(s));
	printf("%s\n", s);
	return 0;
}

static int info_f(struct io_shell *sh, int argc, char **argv)
{
	(void)sh;
	(void)argc;
	(void)argv;
	/* A raw target: no clusters, no VM state (qemu-io's raw lines). */
	printf("format name: raw\n");
	printf("cluster size: 0 bytes\n");
	printf("vm state offset: 0 bytes\n");
	return 0;
}

/* ---- map, alloc (SEEK_DATA / SEEK_HOLE) ---------------------------------- */

/*
 * Is off in data? *next: where that stops being so (clamped to end).
 * A target that cannot say (a device, an old filesystem) is all data.
 */
static bool extent_at(int fd, uint64_t off, uint64_t end, uint64_t *next)
{
	off_t d = lseek(fd, (off_t)off, SEEK_DATA);
	off_t h;

	if (d < 0 && errno == ENXIO) {	/* a hole to the end */
		*next = end;
		return false;
	}
	if (d < 0) {
		*next = end;
		return true;
	}
	if ((uint64_t)d > off) {
		*next = MIN_OF((uint64_t)d, end);
		return false;
	}
	h = lseek(fd, (off_t)off, SEEK_HOLE);
	*next = h < 0 ? end : MIN_OF((uint64_t)h, end);
	return true;
}

static int map_f(struct io_shell *sh, int argc, char **argv)
{
	uint64_t off = 0, next;

	(void)argc;
	(void)argv;
	while (off < sh->size) {
		bool data = extent_at(sh->fd, off, sh->size, &next);
		char a[64], b[64];

		io_fmt_size((double)(next - off), a, sizeof(a));
		io_fmt_size((double)off, b, sizeof(b));
		printf("%s (0x%" PRIx64 ") bytes %s allocated at offset %s (0x%" PRIx64 ")\n",
		       a, next - off, data ? "   " : "not", b, off);
		off = next;
	}
	return 0;
}

static int alloc_f(struct io_shell *sh, int argc, char **argv)
{
	int64_t off, count = 512;
	uint64_t at, end, sum = 0, next;
	char s[64];

	if (io_parse_num(argv[1], &off) < 0 ||
	    (argc > 2 && io_parse_num(argv[2], &count) < 0))
		return -EINVAL;
	end = (uint64_t)off >= sh->size ? (uint64_t)off :
	      (uint64_t)off + MIN_OF((uint64_t)count, sh->size - (uint64_t)off);
	for (at = (uint64_t)off; at < end; at = next) {
		if (extent_at(sh->fd, at, end, &next))
			sum += next - at;
	}
	io_fmt_size((double)off, s, sizeof(s));
	printf("%" PRIu64 "/%" PRIu64 " bytes allocated at offset %s\n", sum,
	       end - (uint64_t)off, s);
	return 0;
}

/* ---- sleep, help, open, close, quit --------------------------------------- */

static int sleep_f(struct io_shell *sh, int argc, char **argv)
{
	struct timespec ts;
	char *end;
	long ms;

	(void)sh;
	(void)argc;
	errno = 0;
	ms = strtol(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || ms < 0) {
		printf("%s is not a valid number\n", argv[1]);
		return -EINVAL;
	}
	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR && !verio_signals)
		;
	return 0;
}


static int cmp_cmd(const void *a, const void *b)
{
	return strcmp((*(const struct io_cmd *const *)a)->name,
		      (*(const struct io_cmd *const *)b)->name);
}

static int help_f(struct io_shell *sh, int argc, char **argv)
{
	const struct io_cmd *list[128], *c;
	size_t n = 0;

	(void)sh;
	if (argc > 1) {
		c = io_cmd_find(argv[1]);
		if (!c) {
			printf("command %s not found\n", argv[1]);
			return -ENOENT;
		}
		io_help_line(c);
		if (c->help) {
			printf("\n");
			c->help();
		}
		printf("\n");
		return 0;
	}
	for (c = io_qemu_cmds; c->name && n < ARRAY_SIZE(list); c++)
		list[n++] = c;
	for (c = io_verio_cmds; c->name && n < ARRAY_SIZE(list); c++)
		list[n++] = c;
	qsort(list, n, sizeof(list[0]), cmp_cmd);
	for (size_t i = 0; i < n; i++)
		io_help_line(list[i]);
	printf("\nUse 'help commandname' for extended help.\n");
	return 0;
}

static int open_f(struct io_shell *sh, int argc, char **argv)
{
	bool readonly = false, direct = false;
	int c;

	opts_reset();
	while ((c = getopt(argc, argv, "rdn")) != -1) {
		switch (c) {
		case 'r': readonly = true; break;
		case 'd': case 'n': direct = true; break;
		default: return usage_of("open");
		}
	}
	if (optind != argc - 1)
		return usage_of("open");
	return io_shell_open(sh, argv[optind], readonly, direct);
}

static int close_f(struct io_shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	io_shell_close(sh);
	return 0;
}

static int quit_f(struct io_shell *sh, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	sh->quit = true;
	return 0;
}

/* ---- extended help --------------------------------------------------------- */

static void read_help(void)
{
	printf(" reads count bytes at offset off of the open target\n"
	       "\n"
	       " -b  the VM state (not supported: a raw target has none)\n"
	       " -C  one machine-readable line of statistics\n"
	       " -P  check every byte equals the pattern byte\n"
	       " -s, -l  check only [off + s, off + s + l) of what was read\n"
	       " -q  print no statistics\n"
	       " -v  dump the data read, in hex\n");
}

static void write_help(void)
{
	printf(" writes count bytes at offset off (bytes 0xcd unless told)\n"
	       "\n"
	       " -P  the byte to write;  -s FILE  the data, from FILE\n"
	       " -z  write zeroes (fallocate / BLKZEROOUT);  -u  may unmap them\n"
	       " -n  with -z: fail rather than write a buffer of zeroes\n"
	       " -f  force unit access (RWF_DSYNC)\n"
	       " -C  one machine-readable line;  -q  no statistics\n"
	       " -b, -c  VM state, compression: not supported on a raw target\n");
}

static void open_help(void)
{
	printf(" opens PATH as the target (the shell holds one at a time)\n"
	       "\n"
	       " -r  read-only: writing commands fail\n"
	       " -d, -n  O_DIRECT\n");
}

const struct io_cmd io_qemu_cmds[] = {
	{ "aio_flush", NULL, NULL, "completes all outstanding aio requests",
	  NULL, aio_flush_f, 0, 0, true, false },
	{ "aio_read", NULL, "[-Ciqv] [-P pattern] off len [len..]",
	  "asynchronously reads a number of bytes", NULL, aio_read_f, 2, -1,
	  true, false },
	{ "aio_write", NULL, "[-Cfiquz] [-P pattern] off len [len..]",
	  "asynchronously writes a number of bytes", NULL, aio_write_f, 2, -1,
	  true, true },
	{ "alloc", NULL, "offset [count]",
	  "checks if offset is allocated in the file", NULL, alloc_f, 1, 2,
	  true, false },
	{ "close", NULL, NULL, "close the current open file", NULL, close_f,
	  0, 0, true, false },
	{ "discard", NULL, "[-Cq] off len",
	  "discards a number of bytes at a specified offset", NULL, discard_f,
	  2, -1, true, true },
	{ "flush", NULL, NULL, "flush all in-core file state to disk", NULL,
	  flush_f, 0, 0, true, false },
	{ "help", "?", "[command]", "help for one or all commands", NULL,
	  help_f, 0, 1, false, false },
	{ "info", "i", NULL, "prints information about the current file",
	  NULL, info_f, 0, 0, true, false },
	{ "length", "l", NULL, "gets the length of the current file", NULL,
	  length_f, 0, 0, true, false },
	{ "map", NULL, "", "prints the allocated areas of a file", NULL,
	  map_f, 0, 0, true, false },
	{ "open", "o", "[-rdn] path", "open the file specified by path",
	  open_help, open_f, 1, -1, false, false },
	{ "quit", "q", NULL, "exit the program", NULL, quit_f, 0, 0, false,
	  false },
	{ "read", "r", "[-abCqv] [-P pattern [-s off] [-l len]] off len",
	  "reads a number of bytes at a specified offset", read_help, read_f,
	  2, -1, true, false },
	{ "readv", NULL, "[-Cqv] [-P pattern] off len [len..]",
	  "reads a number of bytes at a specified offset", NULL, readv_f, 2,
	  -1, true, false },
	{ "sleep", NULL, NULL,
	  "waits for the given value in milliseconds", NULL, sleep_f, 1, 1,
	  false, false },
	{ "truncate", "t", "[-m prealloc_mode] off",
	  "truncates the current file at the given offset", NULL, truncate_f,
	  1, 3, true, true },
	{ "write", "w", "[-bcCfnquz] [-P pattern | -s source_file] off len",
	  "writes a number of bytes at a specified offset", write_help,
	  write_f, 2, -1, true, true },
	{ "writev", NULL, "[-Cfq] [-P pattern] off len [len..]",
	  "writes a number of bytes at a specified offset", NULL, writev_f, 2,
	  -1, true, true },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0, 0, false, false },
};
