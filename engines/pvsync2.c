/*
 * pvsync2: preadv2(2) / pwritev2(2) with one iovec, one I/O at a time,
 * completed inline, with fio's per-I/O RWF_* flags as options: hipri
 * (RWF_HIPRI on hipri_percentage % of the I/Os), nowait (RWF_NOWAIT),
 * uncached (RWF_DONTCACHE on buffered I/O), and the job's atomic=
 * (RWF_ATOMIC on writes).
 */
#include "compat.h"

#include "engines.h"
#include "io_u.h"
#include "ioengine.h"
#include "optdef.h"
#include "rand.h"

/* The engine's options (fio's names): pvsync2_options[] below parses them. */
struct pvsync2_options {
	bool hipri;			/* RWF_HIPRI */
	unsigned hipri_percentage;	/* of the I/Os that get it, 0..100 */
	unsigned uncached;		/* not 0: RWF_DONTCACHE when buffered */
	bool nowait;			/* RWF_NOWAIT */
};

struct pvsync2_data {
	int flags;		/* RWF_* of every read and write */
	int write_flags;	/* added to writes: RWF_ATOMIC */
	unsigned hipri_pct;	/* < 100: RWF_HIPRI drawn per I/O */
	uint64_t rand;		/* splitmix64 state for the draw */
};

/* The flags are fixed for the job: work them out once. */
static int pvsync2_init(struct engine_ctx *ctx)
{
	const struct pvsync2_options *o = ctx->eopts;
	struct pvsync2_data *pd = calloc(1, sizeof(*pd));
	uint64_t seed = 0x70767379636e32ULL;	/* "pvsync2" */

	if (!pd)
		return -ENOMEM;
	ctx->priv = pd;
	if (o->hipri && o->hipri_percentage >= 100)
		pd->flags |= RWF_HIPRI;
	else if (o->hipri)
		pd->hipri_pct = o->hipri_percentage;
	/* As fio: uncached is for the page cache, so direct I/O ignores it. */
	if (o->uncached && !ctx->direct)
		pd->flags |= RWF_DONTCACHE;
	if (o->nowait)
		pd->flags |= RWF_NOWAIT;
	if (ctx->atomic)
		pd->write_flags = RWF_ATOMIC;
	for (const char *p = ctx->job_name; p && *p; p++)
		seed = seed * 31 + (unsigned char)*p;
	pd->rand = seed;
	return 0;
}

static void pvsync2_cleanup(struct engine_ctx *ctx)
{
	free(ctx->priv);
	ctx->priv = NULL;
}

static enum engine_q pvsync2_queue(struct engine_ctx *ctx, struct io_u *io_u)
{
	struct pvsync2_data *pd = ctx->priv;
	int flags = pd->flags;

	if (engine_do_inline(io_u))
		return ENGINE_Q_COMPLETED;
	if (pd->hipri_pct && splitmix64(&pd->rand) % 100 < pd->hipri_pct)
		flags |= RWF_HIPRI;
	if (io_u->ddir == DDIR_WRITE)
		flags |= pd->write_flags;
	engine_rw_vec(io_u, true, flags);
	return ENGINE_Q_COMPLETED;
}

static const char *pvsync2_error_hint(const void *eopts, int err)
{
	const struct pvsync2_options *o = eopts;

	if (err == -EAGAIN && o && o->nowait)
		return "nowait: the I/O would have had to wait (RWF_NOWAIT)";
	if (err == -EOPNOTSUPP && o && o->nowait)
		return "nowait: the target does not take RWF_NOWAIT for this I/O";
	if (err == -EOPNOTSUPP && o && o->uncached)
		return "uncached: the kernel or filesystem does not take RWF_DONTCACHE";
	return NULL;
}

#define PFLD(m) OPT_FIELD(struct pvsync2_options, m)

static const struct option_def pvsync2_options[] = {
	{ .name = "hipri", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, PFLD(hipri), .def = "0",
	  .help = "high priority I/O (RWF_HIPRI): polled where the device has poll queues" },
	{ .name = "hipri_percentage", .type = OPT_UINT, .cat = OPT_CAT_ENGINE,
	  PFLD(hipri_percentage), .def = "100", .min = 0, .max = 100,
	  .help = "with hipri: the percentage of I/Os that carry RWF_HIPRI" },
	{ .name = "uncached", .type = OPT_UINT, .cat = OPT_CAT_ENGINE, PFLD(uncached),
	  .def = "0", .help = "not 0: buffered I/O that leaves no pages in the page cache "
			      "(RWF_DONTCACHE, Linux 6.14)" },
	{ .name = "nowait", .type = OPT_BOOL, .cat = OPT_CAT_ENGINE, PFLD(nowait), .def = "0",
	  .help = "fail an I/O with EAGAIN instead of waiting (RWF_NOWAIT)" },
	{ .name = NULL },
};

const struct engine_ops engine_pvsync2 = {
	.name = "pvsync2",
	.help = "preadv2(2)/pwritev2(2) with RWF_* flags, synchronous, one I/O at a time",
	.flags = ENGINE_F_SYNC | ENGINE_F_ATOMIC,
	.init = pvsync2_init,
	.cleanup = pvsync2_cleanup,
	.queue = pvsync2_queue,
	.options = pvsync2_options,
	.option_struct_size = sizeof(struct pvsync2_options),
	.error_hint = pvsync2_error_hint,
};
