/*
 * mirror: a filter engine over two children, as QEMU's blkverify. The
 * job's own engine runs twice: once over the job's targets (with the
 * job's io_us), once over the reference files (with shadow io_us of the
 * same slots). A write goes to both sides; a read reads both, and when
 * both succeeded their bytes are compared: a difference completes the
 * io_u with IO_U_F_MISMATCH (never an error: the core reports it). An
 * io_u completes when both of its halves have.
 *
 * Not in the registry: the core wraps the job's engine in it when the
 * job sets mirror= (include/mirror.h). Everything the per-I/O path uses
 * is made by init(); queue/commit/getevents/event allocate nothing,
 * lock nothing and print nothing.
 */
#include "compat.h"

#include "child.h"
#include "engines.h"
#include "io_u.h"
#include "ioengine.h"
#include "mirror.h"

struct mirror_data {
	struct engine_child t;		/* the job's engine over the targets */
	struct engine_child r;		/* ... over the references, unfiltered */
	struct io_u *io_us;		/* the job's (ctx->io_us) */
	struct io_u *shadow;		/* the reference halves, one per slot */
	uint8_t *shadow_mem;
	uint8_t *left;			/* per slot: halves not yet complete */
	unsigned t_in, r_in;		/* halves queued in each child */
	struct engine_done done;	/* io_us whose both halves are complete */
};

uint64_t mirror_first_diff(const uint8_t *a, const uint8_t *b, uint64_t len)
{
	uint64_t i = 0;

	for (; i + 64 <= len; i += 64)
		if (memcmp(a + i, b + i, 64))
			break;
	for (; i < len; i++)
		if (a[i] != b[i])
			return i;
	return len;
}

const uint8_t *mirror_ref_buf(const struct engine_ctx *ctx, const struct io_u *u)
{
	const struct mirror_data *md = ctx->priv;

	return md->shadow[u->index].buf;
}

/*
 * The reference side's engine: the job's, below every filter it names
 * (mirror over faulty over io_uring: io_uring), so no fault reaches the
 * reference.
 */
static const char *ref_engine(struct engine_ctx *ctx)
{
	const struct engine_ops *e = ctx->mirror_child;
	const void *eo = ctx->eopts;

	for (unsigned d = 0; d < ENGINE_CHILD_DEPTH_MAX && e->child_name && eo; d++) {
		const struct engine_ops *c = engine_find(e->child_name(eo));

		if (!c)
			break;
		e = c;
		eo = e->options && e->option_struct_size && ctx->eopts_of
		     ? ctx->eopts_of(ctx, e) : NULL;
	}
	return e->name;
}

static int mirror_init(struct engine_ctx *ctx)
{
	unsigned nr = ctx->nr_io_us;
	uint64_t cap = nr ? ctx->io_us[0].buf_cap : 0;
	size_t align = 4096;
	struct mirror_data *md;
	void *mem;
	int r;

	if (!ctx->mirror_child || !ctx->mirror_refs || !nr)
		return -EINVAL;
	md = calloc(1, sizeof(*md));
	if (!md)
		return -ENOMEM;
	ctx->priv = md;
	md->io_us = ctx->io_us;
	for (unsigned i = 0; i < ctx->nr_files; i++)
		align = MAX_OF(align, ctx->mirror_refs[i].lbs);
	if (posix_memalign(&mem, align, cap * nr))
		return -ENOMEM;
	memset(mem, 0, cap * nr);
	md->shadow_mem = mem;
	md->shadow = calloc(nr, sizeof(*md->shadow));
	md->left = calloc(nr, 1);
	if (!md->shadow || !md->left)
		return -ENOMEM;
	r = engine_done_init(&md->done, nr);
	if (r < 0)
		return r;
	for (unsigned i = 0; i < nr; i++) {
		md->shadow[i].buf = md->shadow_mem + i * cap;
		md->shadow[i].buf_cap = cap;
		md->shadow[i].index = i;
	}
	r = engine_child_init(&md->t, ctx, ctx->mirror_child->name, NULL, 0, NULL, 0);
	if (r < 0)
		return r;
	return engine_child_init(&md->r, ctx, ref_engine(ctx), ctx->mirror_refs,
				 ctx->nr_files, md->shadow, nr);
}

static void mirror_cleanup(struct engine_ctx *ctx)
{
	struct mirror_data *md = ctx->priv;

	if (!md)
		return;
	/* Each child waits out its own I/O before the buffers go. */
	engine_child_cleanup(&md->t);
	engine_child_cleanup(&md->r);
	engine_done_free(&md->done);
	free(md->left);
	free(md->shadow);
	free(md->shadow_mem);
	free(md);
	ctx->priv = NULL;
}

static int mirror_open_file(struct engine_ctx *ctx, struct vfile *f)
{
	struct mirror_data *md = ctx->priv;
	int r = engine_child_open_file(&md->t, f);

	if (r < 0)
		return r;
	return engine_child_open_file(&md->r, &ctx->mirror_refs[f - ctx->files]);
}

static int mirror_close_file(struct engine_ctx *ctx, struct vfile *f)
{
	struct mirror_data *md = ctx->priv;
	int r = engine_child_close_file(&md->t, f);
	int r2 = engine_child_close_file(&md->r, &ctx->mirror_refs[f - ctx->files]);

	return r < 0 ? r : r2;
}

/*
 * Both halves of u are complete: the reference's error when only it
 * failed, else the comparison of a read (what both transferred).
 */
static void pair_done(struct mirror_data *md, struct io_u *u)
{
	const struct io_u *s = &md->shadow[u->index];

	if (u->error)
		return;
	if (s->error) {
		u->error = s->error;
		u->done = 0;
		u->flags |= IO_U_F_MIRROR_ERR;
		return;
	}
	if (u->ddir == DDIR_READ && (u->done != s->done || memcmp(u->buf, s->buf, u->done)))
		u->flags |= IO_U_F_MISMATCH;
}

/* One half of slot i is complete; true when the whole io_u is. */
static bool half_done(struct mirror_data *md, unsigned i)
{
	if (--md->left[i])
		return false;
	pair_done(md, &md->io_us[i]);
	return true;
}

/* Reap at least min halves from one child (ref: the references). */
static int reap_side(struct mirror_data *md, bool ref, unsigned min)
{
	struct engine_child *c = ref ? &md->r : &md->t;
	unsigned *in = ref ? &md->r_in : &md->t_in;
	int n;

	if (!*in)
		return 0;
	n = engine_child_getevents(c, MIN_OF(min, *in), *in);
	for (int k = 0; k < n; k++) {
		struct io_u *x = engine_child_event(c, (unsigned)k);

		(*in)--;
		if (half_done(md, x->index))
			engine_done_push(&md->done, &md->io_us[x->index]);
	}
	return n < 0 ? n : 0;
}

/*
 * Queue the reference half s. The child has room for every slot, so a
 * busy child is rare (an engine's own limits): commit and reap it until
 * it takes s. A busy child with nothing in flight breaks the engine
 * contract: the half fails with -EBUSY.
 */
static void queue_ref(struct mirror_data *md, struct io_u *s)
{
	for (;;) {
		enum engine_q q = engine_child_queue(&md->r, s);
		int r;

		if (q == ENGINE_Q_COMPLETED) {
			md->left[s->index]--;
			return;
		}
		if (q == ENGINE_Q_QUEUED) {
			md->r_in++;
			return;
		}
		r = engine_child_commit(&md->r);
		if (!r && md->r_in)
			r = reap_side(md, true, 1);
		if (r < 0 || !md->r_in) {
			s->error = r < 0 ? r : -EBUSY;
			s->done = 0;
			md->left[s->index]--;
			return;
		}
	}
}

static enum engine_q mirror_queue(struct engine_ctx *ctx, struct io_u *u)
{
	struct mirror_data *md = ctx->priv;
	struct io_u *s = &md->shadow[u->index];
	enum engine_q q;

	engine_done_settle(&md->done);
	u->flags &= ~(unsigned)(IO_U_F_MISMATCH | IO_U_F_MIRROR_ERR);
	s->ddir = u->ddir;
	s->offset = u->offset;
	s->len = u->len;
	s->file = &ctx->mirror_refs[u->file - ctx->files];
	s->flags = u->flags & IO_U_F_RAMP;
	s->gen = u->gen;
	s->done = 0;
	s->error = 0;
	if (u->ddir == DDIR_WRITE)
		memcpy(s->buf, u->buf, u->len);
	q = engine_child_queue(&md->t, u);
	if (q == ENGINE_Q_BUSY)
		return q;	/* nothing was queued: the core makes room */
	md->left[u->index] = q == ENGINE_Q_COMPLETED ? 1 : 2;
	if (q == ENGINE_Q_QUEUED)
		md->t_in++;
	queue_ref(md, s);
	if (md->left[u->index])
		return ENGINE_Q_QUEUED;
	pair_done(md, u);
	return ENGINE_Q_COMPLETED;
}

static int mirror_commit(struct engine_ctx *ctx)
{
	struct mirror_data *md = ctx->priv;
	int r, r2;

	engine_done_settle(&md->done);
	r = engine_child_commit(&md->t);
	r2 = engine_child_commit(&md->r);
	return r < 0 ? r : r2;
}

static int mirror_getevents(struct engine_ctx *ctx, unsigned min, unsigned max)
{
	struct mirror_data *md = ctx->priv;
	int r;

	engine_done_settle(&md->done);
	/* What is ready on either side, without waiting. */
	r = reap_side(md, false, 0);
	if (!r)
		r = reap_side(md, true, 0);
	while (!r && md->done.n < min && (md->t_in || md->r_in)) {
		/* Wait on a side with halves in flight, then take the other's. */
		bool ref = !md->t_in;

		r = reap_side(md, ref, 1);
		if (!r)
			r = reap_side(md, !ref, 0);
	}
	if (r < 0)
		return r;
	return (int)engine_done_take(&md->done, max);
}

static struct io_u *mirror_event(struct engine_ctx *ctx, unsigned i)
{
	struct mirror_data *md = ctx->priv;

	return engine_done_at(&md->done, i);
}

static const struct engine_ops engine_mirror = {
	.name = "mirror",
	.help = "mirror=: every write to the target and the reference, every read compared",
	.init = mirror_init,
	.cleanup = mirror_cleanup,
	.open_file = mirror_open_file,
	.close_file = mirror_close_file,
	.queue = mirror_queue,
	.commit = mirror_commit,
	.getevents = mirror_getevents,
	.event = mirror_event,
};

/* Over a synchronous child every io_u completes in queue(). */
static const struct engine_ops engine_mirror_sync = {
	.name = "mirror",
	.help = "mirror=: every write to the target and the reference, every read compared",
	.flags = ENGINE_F_SYNC,
	.init = mirror_init,
	.cleanup = mirror_cleanup,
	.open_file = mirror_open_file,
	.close_file = mirror_close_file,
	.queue = mirror_queue,
};

const struct engine_ops *mirror_engine_for(const struct engine_ops *child)
{
	if (!child || (child->flags & ENGINE_F_NOIO))
		return NULL;
	return (child->flags & ENGINE_F_SYNC) ? &engine_mirror_sync : &engine_mirror;
}
