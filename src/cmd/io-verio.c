/*
 * io-verio.c - verio's own commands of the `verio io` shell, on stamped
 * data: stamp, verify, dump, corrupt.
 *
 * They write and read native verio units (docs/format.md) with the unit
 * functions and incident reports of the verifier (verify/format.h,
 * verify/incident.h), not a struct verifier: a verifier judges a read by
 * its generation map (what this run wrote; unwritten units are skipped),
 * while the shell's user names the generation on the command line, or
 * accepts the one the header names, about data any earlier run or shell
 * may have written.  The bytes, the checks, the per-sector diagnosis, the
 * report text and the dump files are the ones a job uses.
 *
 * The identity the data is regenerated from is fixed unless flags say
 * otherwise (every command takes them, see io_verio_usage): data seed
 * IO_VERIO_SEED, run id IO_VERIO_RUN, job 0, clone 0; 4 KiB units (-b) of
 * 512-byte sectors (-S), crc32c (-a).  So `verio io -c 'stamp 0 1m'`
 * today and `verio io -c 'verify 0 1m'` tomorrow agree.
 *
 * Not a per-I/O path: each command allocates its buffers, then reads or
 * writes its range in pieces of at most IO_VERIO_CHUNK bytes.
 */
#include "compat.h"

#include <getopt.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd/io.h"
#include "csum.h"
#include "fdio.h"
#include "verify/format.h"
#include "verify/incident.h"
#include "verify/reread.h"
#include "verify/verifier.h"

#define IO_VERIO_SEED	0x766572696f5f696full	/* "verio_io" */
#define IO_VERIO_RUN	1u
#define IO_VERIO_BS	4096u
#define IO_VERIO_SECTOR	512u
#define IO_VERIO_ALGO	"crc32c"
#define IO_VERIO_CHUNK	(1u << 20)
/* getopt: stamp's flags (verify and dump add theirs); ':' a missing value */
#define IO_VERIO_FLAGS	"+:b:S:a:s:R:"
#define IO_VERIFY_PRINT_MAX 8u		/* verify -m: 0 = all */
#define IO_VERIO_WHO	"io"		/* incident lines: "verio: job 'io': ..." */

/* What a command was told: geometry, identity and its own arguments. */
struct io_verio_args {
	struct vunit_geom geom;
	const char *algo;
	uint64_t seed, run_id;
	const char *dir;		/* dump: -o */
	int64_t gen;			/* dump: -g; 0 = the header's */
	uint64_t print_max;		/* verify: -m, failing units printed in full */
	bool no_reread;			/* verify: -N, no reread triage */
	int64_t pos[3];			/* off, len, gen (or off, bit) */
	int npos;
};

static void io_verio_usage(void)
{
	printf(" Flags of stamp, verify and dump (the defaults are the shell's identity):\n"
	       "  -b BS    verify unit = block size (default 4k), as a job's bs\n"
	       "  -S SIZE  sector size of the stamps: 512 (default) or 4k\n"
	       "  -a ALGO  checksum, a verify= name (default crc32c), or meta\n"
	       "  -s SEED  data seed (default 0x%" PRIx64 ")\n"
	       "  -R RUN   run id in the headers (default %u)\n",
	       (uint64_t)IO_VERIO_SEED, IO_VERIO_RUN);
}

static void io_stamp_help(void)
{
	printf("\n stamp [-b bs] [-S sector] [-a algo] [-s seed] [-R run] off len [gen]\n\n"
	       " Writes verio units over off..off+len (multiples of bs) as a job would:\n"
	       " a header, the data and a stamp in every sector, of generation gen\n"
	       " (1..65535, default 1).\n\n");
	io_verio_usage();
}

static void io_verify_help(void)
{
	printf("\n verify [-N] [-m max] [-b bs] [-S sector] [-a algo] [-s seed] [-R run] off len [gen]\n\n"
	       " Reads off..off+len and checks every unit as a job does; with gen, a\n"
	       " unit of another generation fails (stale or newer), without it the\n"
	       " header's generation is accepted. A failing unit is reported with its\n"
	       " per-sector diagnosis (the first -m, default 8, 0 = all); the command\n"
	       " then fails (batch exit status 1). Each failing unit is read again with\n"
	       " the cache bypassed and checked again, as a job's verify_reread does:\n"
	       " persistent (the same bad data), transient (right now), changed or\n"
	       " error; -N does not reread.\n\n");
	io_verio_usage();
}

static void io_dump_help(void)
{
	printf("\n dump [-o dir] [-g gen] [-b bs] [-S sector] [-a algo] [-s seed] [-R run] off len\n\n"
	       " Writes each unit of off..off+len as a job's verify_dump does:\n"
	       " DIR/NAME.OFFSET.received (as read), .expected (regenerated, of\n"
	       " generation -g, else the one its header names, else 1) and .json.\n"
	       " DIR defaults to the current directory.\n\n");
	io_verio_usage();
}

static void io_corrupt_help(void)
{
	printf("\n corrupt off [bit]\n\n"
	       " Flips bit (0..7, default 0) of the byte at off, in place: a fault\n"
	       " for verify to find.\n\n");
}

/* A seed or run id: any 64-bit number, decimal or 0x hex. 0 or -EINVAL. */
static int io_verio_u64(const char *name, char flag, const char *s, uint64_t *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	if (errno || end == s || *end || *s == '-') {
		printf("%s: -%c '%s' is no 64-bit number\n", name, flag, s);
		return -EINVAL;
	}
	return 0;
}

/* One flag of stamp/verify/dump into a (bs, sector: *bs, *sector). */
static int io_verio_flag(const char *name, int c, struct io_verio_args *a,
			 int64_t *bs, int64_t *sector)
{
	int64_t n;

	switch (c) {
	case 'b':
		return io_parse_num(optarg, bs) ? -EINVAL : 0;
	case 'S':
		return io_parse_num(optarg, sector) ? -EINVAL : 0;
	case 's':
		return io_verio_u64(name, 's', optarg, &a->seed);
	case 'R':
		return io_verio_u64(name, 'R', optarg, &a->run_id);
	case 'g':
	case 'm':
		if (io_parse_num(optarg, &n))
			return -EINVAL;
		if (c == 'g')
			a->gen = n;
		else
			a->print_max = (uint64_t)n;
		return 0;
	case 'a':
		a->algo = optarg;
		return 0;
	case 'o':
		a->dir = optarg;
		return 0;
	case 'N':
		a->no_reread = true;
		return 0;
	}
	if (c == ':')
		printf("%s: flag '-%c' wants a value; see 'help %s'\n", name, optopt, name);
	else
		printf("%s: unknown flag '-%c'; see 'help %s'\n", name,
		       optopt ? optopt : '?', name);
	return -EINVAL;
}

/* The unit geometry of bs, sector and a->algo. 0 or -EINVAL (printed). */
static int io_verio_geom(const char *name, int64_t bs, int64_t sector,
			 struct io_verio_args *a)
{
	const void *csum = NULL;
	enum verify_kind kind = verify_kind_of(a->algo, &csum);

	if (kind != VERIFY_CSUM && kind != VERIFY_META) {
		printf("%s: '%s' is no checksum (-a takes a verify= checksum or meta)\n",
		       name, a->algo);
		return -EINVAL;
	}
	a->geom.unit_len = bs > 0 && bs <= VUNIT_MAX_LEN ? (uint32_t)bs : 0;
	a->geom.sector_size = (uint32_t)(sector == 512 || sector == 4096 ? sector : 0);
	a->geom.csum = csum;
	if (vunit_geom_check(&a->geom) < 0) {
		printf("%s: no verio unit of %" PRId64 " bytes with %" PRId64
		       "-byte sectors and %s (the unit is a multiple of the sector, "
		       "512 or 4k, up to 8m)\n", name, bs, sector, a->algo);
		return -EINVAL;
	}
	return 0;
}

/*
 * The flags (dump: -o -g; verify: -m) and minpos..maxpos numbers of a
 * command, on the shell's defaults. 0 or -EINVAL (printed).
 */
static int io_verio_parse(int argc, char **argv, const char *flags, int minpos,
			  int maxpos, struct io_verio_args *a)
{
	const char *name = argv[0];
	int64_t bs = IO_VERIO_BS, sector = IO_VERIO_SECTOR;
	int c;

	memset(a, 0, sizeof(*a));
	a->algo = IO_VERIO_ALGO;
	a->seed = IO_VERIO_SEED;
	a->run_id = IO_VERIO_RUN;
	a->print_max = IO_VERIFY_PRINT_MAX;
	optind = 0;		/* glibc: start afresh for every command */
	opterr = 0;		/* our message, on stdout with the rest */
	while ((c = getopt(argc, argv, flags)) != -1)
		if (io_verio_flag(name, c, a, &bs, &sector))
			return -EINVAL;
	a->npos = argc - optind;
	if (a->npos < minpos || a->npos > maxpos) {
		printf("%s: wrong number of arguments; see 'help %s'\n", name, name);
		return -EINVAL;
	}
	for (int i = 0; i < a->npos; i++)
		if (io_parse_num(argv[optind + i], &a->pos[i]))
			return -EINVAL;
	if (a->gen < 0 || a->gen > 65535) {
		printf("%s: generation %" PRId64 " is outside 1..65535\n", name, a->gen);
		return -EINVAL;
	}
	return io_verio_geom(name, bs, sector, a);
}

/* off and len: whole units inside the target. 0 or -errno (printed). */
static int io_verio_range(const struct io_shell *sh, const char *name,
			  const struct io_verio_args *a)
{
	uint32_t U = a->geom.unit_len;

	if (a->pos[0] % U || a->pos[1] % U || a->pos[1] <= 0) {
		printf("%s: offset %" PRId64 " and length %" PRId64 " must be "
		       "multiples of the unit (%u bytes), the length not 0\n",
		       name, a->pos[0], a->pos[1], U);
		return -EINVAL;
	}
	return io_check_request(sh, a->pos[0], a->pos[1]);
}

/* The gen argument at pos[2]: 1..65535, or def when absent. */
static int io_verio_gen(const struct io_verio_args *a, const char *name, uint64_t def,
			uint64_t *gen)
{
	if (a->npos < 3) {
		*gen = def;
		return 0;
	}
	if (a->pos[2] < 1 || a->pos[2] > 65535) {
		printf("%s: generation %" PRId64 " is outside 1..65535\n", name, a->pos[2]);
		return -EINVAL;
	}
	*gen = (uint64_t)a->pos[2];
	return 0;
}

/* The checksum context of a's algorithm (none for meta). 0 or -errno. */
static int io_verio_csum(const struct io_verio_args *a, struct csum_ctx *c,
			 const char *name)
{
	int r;

	memset(c, 0, sizeof(*c));
	if (!a->geom.csum)
		return 0;
	r = csum_ctx_init(c, a->geom.csum);
	if (r)
		printf("%s: checksum '%s' is not available in this build: %s\n",
		       name, a->algo, strerror(-r));
	return r;
}

static uint64_t io_wall_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Read or write len bytes at off, through the shell (io_pread/io_pwrite:
 * the mirror too, when there is one), or with raw on the target alone.
 * 0 or -errno (printed; -EBADMSG: the mirror differs, printed by
 * io_pread(), the data read is in buf).
 */
static int io_chunk_io(struct io_shell *sh, const char *name, bool wr, bool raw,
		       uint8_t *buf, uint64_t len, uint64_t off)
{
	ssize_t r;

	if (!raw) {
		r = wr ? io_pwrite(sh, buf, len, (int64_t)off, false)
		       : io_pread(sh, buf, len, (int64_t)off);
		if (r < 0 && r != -EBADMSG)
			printf("%s failed at offset %" PRIu64 ": %s\n", name, off,
			       strerror((int)-r));
		return (int)r;
	}
	r = wr ? pwrite_full(sh->fd, buf, len, off, NULL)
	       : pread_full(sh->fd, buf, len, off, NULL);
	if (r < 0) {
		printf("%s failed at offset %" PRIu64 ": %s\n", name, off, strerror((int)-r));
		return (int)r;
	}
	if ((uint64_t)r != len) {
		printf("%s failed at offset %" PRIu64 ": short %s (%zd of %" PRIu64
		       " bytes)\n", name, off, wr ? "write" : "read", r, len);
		return -EIO;
	}
	return 0;
}

/* The chunk: whole units, at most IO_VERIO_CHUNK bytes (at least one unit). */
static uint64_t io_verio_chunk(const struct io_verio_args *a)
{
	uint32_t U = a->geom.unit_len;

	return U >= IO_VERIO_CHUNK ? U : IO_VERIO_CHUNK / U * U;
}

static int io_stamp(struct io_shell *sh, int argc, char **argv)
{
	struct io_verio_args a;
	struct csum_ctx c;
	uint64_t gen, done = 0;
	uint8_t *buf;
	int r;

	if ((r = io_verio_parse(argc, argv, IO_VERIO_FLAGS, 2, 3, &a)) ||
	    (r = io_verio_range(sh, "stamp", &a)) ||
	    (r = io_verio_gen(&a, "stamp", 1, &gen)) ||
	    (r = io_verio_csum(&a, &c, "stamp")))
		return r;
	buf = io_buf_alloc(sh, io_verio_chunk(&a), 0);
	if (!buf) {
		csum_ctx_release(&c);
		return -ENOMEM;
	}
	while (!r && done < (uint64_t)a.pos[1]) {
		uint64_t n = MIN_OF(io_verio_chunk(&a), (uint64_t)a.pos[1] - done);
		uint64_t off = (uint64_t)a.pos[0] + done;
		struct vunit_id id = {
			.gen = gen, .run_id = a.run_id, .seed = a.seed,
			.time_ns = io_wall_ns(),
		};

		for (uint64_t k = 0; k < n; k += a.geom.unit_len) {
			id.offset = off + k;
			vunit_build(buf + k, &a.geom, &id, a.geom.csum ? &c : NULL);
		}
		r = io_chunk_io(sh, "stamp", true, false, buf, n, off);
		done += n;
	}
	if (!r)
		printf("stamped %" PRId64 "/%" PRId64 " bytes at offset %" PRId64
		       " (%" PRIu64 " units of %u bytes, generation %" PRIu64 ", %s)\n",
		       a.pos[1], a.pos[1], a.pos[0], (uint64_t)a.pos[1] / a.geom.unit_len,
		       a.geom.unit_len, gen, a.algo);
	free(buf);
	csum_ctx_release(&c);
	return r;
}

/* What a unit at off is expected to be: the shell's identity, gen or any. */
static struct vunit_expect io_verio_expect(const struct io_verio_args *a, uint64_t off,
					   uint64_t gen)
{
	struct vunit_expect e = {
		.offset = off, .gen = gen,
		.seed = a->seed, .seed_known = true,
		.run_id = a->run_id, .run_known = true,
		.writer_known = true,
	};

	return e;
}

/* Scratch for a diagnosis: the per-sector array and one sector. */
struct io_diag {
	struct vsector *sec;
	uint8_t *sector;
	struct vdiag d;
};

static int io_diag_alloc(struct io_diag *x, const struct vunit_geom *g)
{
	x->sec = calloc(vunit_diag_entries(g), sizeof(*x->sec));
	x->sector = malloc(g->sector_size);
	return x->sec && x->sector ? 0 : -ENOMEM;
}

static void io_diag_free(struct io_diag *x)
{
	free(x->sec);
	free(x->sector);
}

/* Diagnose the unit at buf and fill inc from it, as the verifier does. */
static void io_diag_unit(const struct io_shell *sh, const struct io_verio_args *a,
			 struct csum_ctx *c, const uint8_t *buf,
			 const struct vunit_expect *e, int check, struct io_diag *x,
			 struct verify_incident *inc, uint64_t req_off, uint64_t req_len)
{
	const struct vunit_geom *g = &a->geom;
	struct csum_ctx *cc = g->csum ? c : NULL;

	memset(&x->d, 0, sizeof(x->d));
	x->d.sec = x->sec;
	x->d.sec_cap = vunit_diag_entries(g);
	vunit_diagnose(buf, g, e, cc, x->sector, &x->d);
	if (check && x->d.cls == VCLASS_OK)
		x->d.cls = VCLASS_HEADER;
	memset(inc, 0, sizeof(*inc));
	inc->file = sh->path;
	inc->offset = e->offset;
	inc->len = g->unit_len;
	inc->req_offset = req_off;
	inc->req_len = req_len;
	inc->check = check;
	inc->exp_writer_known = true;
	inc->exp_run = a->run_id;
	incident_fill(inc, &x->d, vunit_diag_stride(g));
	snprintf(inc->algo, sizeof(inc->algo), "%s", g->csum ? g->csum->name : "meta");
	if (cc) {
		uint32_t L = vunit_hdr_len(g), D = g->csum->digest_len;
		uint8_t got[CSUM_MAX_DIGEST];

		/* The data digest: the unit after the header (H is 0 here). */
		csum_compute(cc, buf + L, g->unit_len - L, got);
		for (uint32_t i = 0; i < D; i++)
			snprintf(inc->got_sum + 2 * i, 3, "%02x", got[i]);
		for (uint32_t i = 0; x->d.hdr_decoded && i < D; i++)
			snprintf(inc->exp_sum + 2 * i, 3, "%02x", x->d.hdr.digest[i]);
	}
}

/*
 * Reread triage of a failing unit (verify/reread.h): read it again from
 * the target with the cache bypassed (not through the mirror) and check
 * it against the same expectation; the verdict goes to inc.
 */
static void io_reread_unit(const struct io_shell *sh, const struct io_verio_args *a,
			   struct csum_ctx *c, const uint8_t *unit,
			   const struct vunit_expect *e, struct verify_incident *inc)
{
	const struct vunit_geom *g = &a->geom;
	uint8_t *again = vreread_alloc(g->unit_len);
	int r = again ? vreread_read(sh->path, e->offset, g->unit_len, again, NULL) : -ENOMEM;
	struct io_diag y = { 0 };
	struct verify_incident tmp;
	int check;

	if (r < 0) {
		inc->reread = VREREAD_ERROR;
		inc->reread_errno = -r;
		free(again);
		return;
	}
	check = vunit_check(again, g, e, g->csum ? c : NULL, NULL);
	inc->reread = (uint8_t)vreread_judge(unit, again, g->unit_len, !check);
	if (inc->reread == VREREAD_CHANGED && !io_diag_alloc(&y, g)) {
		io_diag_unit(sh, a, c, again, e, check, &y, &tmp, 0, 0);
		inc->reread_cls = (uint8_t)y.d.cls;
	}
	io_diag_free(&y);
	free(again);
}

/* Check the units of one chunk; failures printed and counted. */
static void io_verify_chunk(const struct io_shell *sh, const struct io_verio_args *a,
			    struct csum_ctx *c, const uint8_t *buf, uint64_t off,
			    uint64_t n, uint64_t gen, struct io_diag *x,
			    struct verify_stats *st)
{
	uint32_t U = a->geom.unit_len;

	for (uint64_t k = 0; k < n; k += U) {
		struct vunit_expect e = io_verio_expect(a, off + k, gen);
		struct verify_incident inc;
		int r = vunit_check(buf + k, &a->geom, &e, a->geom.csum ? c : NULL, NULL);

		st->units++;
		st->bytes += U;
		if (!r)
			continue;
		io_diag_unit(sh, a, c, buf + k, &e, r, x, &inc, off, n);
		if (a->no_reread)
			inc.reread = VREREAD_OFF;
		else
			io_reread_unit(sh, a, c, buf + k, &e, &inc);
		st->rereads[inc.reread]++;
		if (!a->print_max || st->printed < a->print_max) {
			incident_print(stdout, IO_VERIO_WHO, &inc, &x->d, U,
				       a->geom.sector_size);
			st->printed++;
		}
		st->failures++;
		st->by_class[x->d.cls]++;
	}
}

static void io_verify_summary(const struct io_verio_args *a, const struct verify_stats *st)
{
	printf("verified %" PRId64 "/%" PRId64 " bytes at offset %" PRId64 ": %" PRIu64
	       " units, %" PRIu64 " failed", a->pos[1], a->pos[1], a->pos[0], st->units,
	       st->failures);
	for (unsigned k = 0; k < VCLASS_NR; k++)
		if (st->by_class[k])
			printf("; %s %" PRIu64, verify_class_key(k), st->by_class[k]);
	if (st->printed < st->failures)
		printf(" (%" PRIu64 " not printed: -m 0 prints all)", st->failures - st->printed);
	putchar('\n');
	/* Reread triage, on a line of its own: the summary line stays as it was. */
	for (unsigned r = VREREAD_PERSISTENT, first = 1; r < VREREAD_NR; r++) {
		if (!st->rereads[r])
			continue;
		printf("%s%s %" PRIu64, first ? "reread with the cache bypassed: " : ", ",
		       vreread_key(r), st->rereads[r]);
		first = 0;
	}
	for (unsigned r = VREREAD_PERSISTENT; r < VREREAD_NR; r++)
		if (st->rereads[r]) {
			putchar('\n');
			break;
		}
}

static int io_verify(struct io_shell *sh, int argc, char **argv)
{
	struct io_verio_args a;
	struct verify_stats st = { 0 };
	struct io_diag x = { 0 };
	struct csum_ctx c;
	uint64_t gen, done = 0;
	bool mirror = false;
	uint8_t *buf;
	int r;

	if ((r = io_verio_parse(argc, argv, IO_VERIO_FLAGS "m:N", 2, 3, &a)) ||
	    (r = io_verio_range(sh, "verify", &a)) ||
	    (r = io_verio_gen(&a, "verify", 0, &gen)) ||
	    (r = io_verio_csum(&a, &c, "verify")))
		return r;
	buf = io_buf_alloc(sh, io_verio_chunk(&a), 0);
	if (!buf || io_diag_alloc(&x, &a.geom))
		r = -ENOMEM;
	while (!r && done < (uint64_t)a.pos[1]) {
		uint64_t n = MIN_OF(io_verio_chunk(&a), (uint64_t)a.pos[1] - done);
		uint64_t off = (uint64_t)a.pos[0] + done;

		r = io_chunk_io(sh, "verify", false, false, buf, n, off);
		if (r == -EBADMSG) {
			mirror = true;	/* reported: check the target's data still */
			r = 0;
		}
		if (!r)
			io_verify_chunk(sh, &a, &c, buf, off, n, gen, &x, &st);
		done += n;
	}
	if (!r) {
		io_verify_summary(&a, &st);
		/* A verification failure: the batch's exit status 1. */
		r = st.failures || mirror ? IO_VERIFY_FAILED : 0;
	}
	io_diag_free(&x);
	free(buf);
	csum_ctx_release(&c);
	return r;
}

/* The unit at off as it should be: generation want (0: the header's, else 1). */
static void io_dump_expected(const struct io_verio_args *a, struct csum_ctx *c,
			     const uint8_t *unit, uint64_t off, uint64_t want,
			     uint8_t *dst, uint64_t *gen)
{
	struct vunit_id id = { .offset = off, .gen = want ? want : 1,
			       .run_id = a->run_id, .seed = a->seed };
	struct vhdr h;

	/* As a job's dump: the write time and writer of the header read,
	 * when it is the header of this unit. */
	if (vhdr_decode(unit, a->geom.unit_len, &h) == 0 && h.offset == off) {
		if (!want && h.gen >= 1 && h.gen <= 65535)
			id.gen = h.gen;
		if (h.run_id == a->run_id) {
			id.time_ns = h.time_ns;
			id.job = h.job;
			id.clone = h.clone;
		}
	}
	*gen = id.gen;
	vunit_expected(dst, &a->geom, &id, a->geom.csum ? c : NULL);
}

static int io_dump_chunk(const struct io_shell *sh, const struct io_verio_args *a,
			 struct csum_ctx *c, const uint8_t *buf, uint64_t off, uint64_t n,
			 uint8_t *expect, struct io_diag *x)
{
	uint32_t U = a->geom.unit_len;

	for (uint64_t k = 0; k < n; k += U) {
		uint64_t gen;
		struct vunit_expect e;
		struct verify_incident inc;
		int r;

		io_dump_expected(a, c, buf + k, off + k, (uint64_t)a->gen, expect, &gen);
		e = io_verio_expect(a, off + k, gen);
		r = vunit_check(buf + k, &a->geom, &e, a->geom.csum ? c : NULL, NULL);
		io_diag_unit(sh, a, c, buf + k, &e, r, x, &inc, off + k, U);
		r = incident_dump(&inc, a->dir, buf + k, expect, U);
		if (r) {
			printf("dump: cannot write '%s.*': %s\n", inc.dump, strerror(-r));
			return r;
		}
		printf("dumped offset %" PRIu64 " (generation %" PRIu64 ", %s): %s.received, "
		       "%s.expected\n", off + k, gen, verify_class_key(inc.cls),
		       inc.dump, inc.dump);
	}
	return 0;
}

/* -o DIR: made when missing (one level, as mkdir does). 0 or -errno. */
static int io_dump_dir(const char *dir)
{
	if (!dir || !*dir || mkdir(dir, 0755) == 0 || errno == EEXIST)
		return 0;
	printf("dump: cannot make directory '%s': %s\n", dir, strerror(errno));
	return -errno;
}

static int io_dump(struct io_shell *sh, int argc, char **argv)
{
	struct io_verio_args a;
	struct io_diag x = { 0 };
	struct csum_ctx c;
	uint64_t done = 0;
	uint8_t *buf, *expect;
	int r;

	if ((r = io_verio_parse(argc, argv, IO_VERIO_FLAGS "o:g:", 2, 2, &a)) ||
	    (r = io_verio_range(sh, "dump", &a)) ||
	    (r = io_dump_dir(a.dir)) ||
	    (r = io_verio_csum(&a, &c, "dump")))
		return r;
	buf = io_buf_alloc(sh, io_verio_chunk(&a), 0);
	expect = malloc(a.geom.unit_len);
	if (!buf || !expect || io_diag_alloc(&x, &a.geom))
		r = -ENOMEM;
	while (!r && done < (uint64_t)a.pos[1]) {
		uint64_t n = MIN_OF(io_verio_chunk(&a), (uint64_t)a.pos[1] - done);
		uint64_t off = (uint64_t)a.pos[0] + done;

		r = io_chunk_io(sh, "dump", false, false, buf, n, off);
		if (r == -EBADMSG)	/* the mirror differs: dump the target's */
			r = 0;
		if (!r)
			r = io_dump_chunk(sh, &a, &c, buf, off, n, expect, &x);
		done += n;
	}
	io_diag_free(&x);
	free(expect);
	free(buf);
	csum_ctx_release(&c);
	return r;
}

static int io_corrupt(struct io_shell *sh, int argc, char **argv)
{
	int64_t off, bit = 0;
	uint64_t blk = sh->lbs >= 512 ? sh->lbs : 512, base;
	uint8_t *buf, was = 0;
	int r;

	if (argc < 2 || argc > 3) {
		printf("corrupt: wrong number of arguments; see 'help corrupt'\n");
		return -EINVAL;
	}
	if (io_parse_num(argv[1], &off) || (argc == 3 && io_parse_num(argv[2], &bit)))
		return -EINVAL;
	if (bit < 0 || bit > 7) {
		printf("corrupt: bit %" PRId64 " is outside 0..7\n", bit);
		return -EINVAL;
	}
	if (off < 0 || (uint64_t)off >= sh->size) {
		printf("corrupt: offset %" PRId64 " is past the end of '%s' (%" PRIu64
		       " bytes)\n", off, sh->path, sh->size);
		return -EINVAL;
	}
	/* A whole logical block around it: O_DIRECT moves nothing smaller. */
	base = (uint64_t)off / blk * blk;
	blk = MIN_OF(blk, sh->size - base);
	buf = io_buf_alloc(sh, blk, 0);
	if (!buf)
		return -ENOMEM;
	/* The target alone: the fault must not reach a mirror. */
	r = io_chunk_io(sh, "corrupt", false, true, buf, blk, base);
	if (!r) {
		was = buf[(uint64_t)off - base];
		buf[(uint64_t)off - base] ^= (uint8_t)(1u << bit);
		r = io_chunk_io(sh, "corrupt", true, true, buf, blk, base);
	}
	if (!r)
		printf("corrupted offset %" PRId64 " bit %" PRId64 ": 0x%02x -> 0x%02x\n",
		       off, bit, was, buf[(uint64_t)off - base]);
	free(buf);
	return r;
}

const struct io_cmd io_verio_cmds[] = {
	{ .name = "stamp", .args = "[-b bs] [-S sector] [-a algo] [-s seed] [-R run] off len [gen]",
	  .oneline = "writes verio-stamped units, as a job would",
	  .help = io_stamp_help, .fn = io_stamp, .argmin = 2, .argmax = -1,
	  .needs_target = true, .writes = true },
	{ .name = "verify", .args = "[-N] [-m max] [-b bs] [-S sector] [-a algo] [-s seed] [-R run] off len [gen]",
	  .oneline = "checks verio units with the per-sector diagnosis",
	  .help = io_verify_help, .fn = io_verify, .argmin = 2, .argmax = -1,
	  .needs_target = true },
	{ .name = "dump", .args = "[-o dir] [-g gen] [-b bs] [...] off len",
	  .oneline = "writes .received/.expected files of units, as a job's dumps",
	  .help = io_dump_help, .fn = io_dump, .argmin = 2, .argmax = -1,
	  .needs_target = true },
	{ .name = "corrupt", .args = "off [bit]",
	  .oneline = "flips one bit of the byte at off",
	  .help = io_corrupt_help, .fn = io_corrupt, .argmin = 1, .argmax = 2,
	  .needs_target = true, .writes = true },
	{ .name = NULL },
};
