/*
 * faulty: a filter engine that injects faults (blkdebug for verio).
 *
 * Every I/O goes to a child engine (faulty_engine=, psync by default;
 * any engine, asynchronous ones too) unless a rule (faulty_rules= file,
 * faulty_rule= text; docs/faulty-rules.md) says otherwise: fail it with
 * EIO or ENOSPC, stop it short, drop, misdirect or tear a write, flip a
 * bit of a read (the media stays right) or of a write (the media keeps
 * it), or hold it for a while. The first rule that matches an I/O fires;
 * which one is a pure function of the rules, the order of the I/Os and
 * faulty_seed.
 *
 * What the core sees: eio/enospc complete at once with that error and
 * nothing done; short completes with half the bytes done and the error
 * the engines give a transfer that stops short (-ENODATA for a read,
 * -ENOSPC for a write: include/ioengine.h wants whole completions, so a
 * short one is an error); drop, misdirect and tear complete whole and
 * without error, like a disk that lies; flips complete without error.
 *
 * The per-I/O path allocates nothing and takes no lock: the rules and the
 * per-io_u slots are made by init(); a delay sleeps in queue().
 */
#include "compat.h"

#include <time.h>

#include "child.h"
#include "engines.h"
#include "faulty.h"
#include "io_u.h"
#include "ioengine.h"
#include "optdef.h"
#include "rand.h"

struct faulty_options {
	char *engine;		/* the child */
	char *rules;		/* rule file */
	char *rule;		/* rules inline */
	uint64_t seed;
};

/* What a fault did to an io_u that went on to the child, to undo. */
struct fslot {
	const struct fault_rule *rule;	/* NULL: none */
	bool retry;			/* the child was busy: apply it again */
	uint64_t offset, len, bit;	/* the io_u's own offset and len; flip */
};

struct faulty {
	struct engine_child child;
	struct fault_rules rules;
	struct rand_state rng;
	uint64_t nr[DDIR_RWDIR_CNT];	/* reads and writes seen */
	struct fslot *slots;		/* by io_u->index */
	unsigned nr_slots;
};

static int faulty_rules(const struct faulty_options *eo, struct fault_rules *r, char *err,
			size_t len)
{
	int ret = 0;

	if (eo->rules && *eo->rules)
		ret = fault_rules_load(r, eo->rules, err, len);
	if (!ret && eo->rule && *eo->rule)
		ret = fault_rules_parse(r, eo->rule, "faulty_rule", err, len);
	return ret;
}

static int faulty_check(const void *eopts, bool direct, char *err, size_t len)
{
	const struct faulty_options *eo = eopts;
	struct fault_rules r = { 0 };
	const struct engine_ops *child = eo->engine ? engine_find(eo->engine) : NULL;
	char why[256];
	int ret;

	(void)direct;
	/* Over an engine that does no I/O, every read would look corrupt. */
	if (!child || child == &engine_faulty || (child->flags & ENGINE_F_NOIO)) {
		snprintf(err, len, "faulty_engine: '%s' is not an engine faulty can run over",
			 eo->engine ? eo->engine : "");
		return -EINVAL;
	}
	ret = faulty_rules(eo, &r, why, sizeof(why));
	fault_rules_free(&r);
	if (ret == -ENOMEM)
		snprintf(why, sizeof(why), "out of memory");
	if (ret)
		snprintf(err, len, "faulty: %s", why);
	return ret ? -EINVAL : 0;
}

static void faulty_cleanup(struct engine_ctx *ctx)
{
	struct faulty *fd = ctx->priv;

	if (!fd)
		return;
	engine_child_cleanup(&fd->child);
	fault_rules_free(&fd->rules);
	free(fd->slots);
	free(fd);
	ctx->priv = NULL;
}

static int faulty_init(struct engine_ctx *ctx)
{
	const struct faulty_options *eo = ctx->eopts;
	struct faulty *fd = calloc(1, sizeof(*fd));
	char why[256];
	int r;

	if (!fd)
		return -ENOMEM;
	ctx->priv = fd;
	fd->nr_slots = ctx->nr_io_us;
	fd->slots = calloc(fd->nr_slots ? fd->nr_slots : 1, sizeof(*fd->slots));
	if (!fd->slots)
		return -ENOMEM;
	rand_seed(&fd->rng, RAND_TAUSWORTHE64, eo->seed);
	r = faulty_rules(eo, &fd->rules, why, sizeof(why));
	if (r)
		return r;	/* faulty_check() said why before the run */
	return engine_child_init(&fd->child, ctx, eo->engine, NULL, 0, NULL, 0);
}

static int faulty_open_file(struct engine_ctx *ctx, struct vfile *f)
{
	return engine_child_open_file(&((struct faulty *)ctx->priv)->child, f);
}

static int faulty_close_file(struct engine_ctx *ctx, struct vfile *f)
{
	return engine_child_close_file(&((struct faulty *)ctx->priv)->child, f);
}

/* Does rule r take this I/O (the nr-th of its directions)? */
static bool rule_takes(struct faulty *fd, struct fault_rule *r, const struct io_u *u)
{
	uint64_t nth;

	if (!(r->on & (u->ddir == DDIR_READ ? FAULT_ON_READ : FAULT_ON_WRITE)))
		return false;
	if (r->count && r->fired >= r->count)
		return false;
	if (r->nth) {
		nth = (r->on & FAULT_ON_READ ? fd->nr[DDIR_READ] : 0) +
		      (r->on & FAULT_ON_WRITE ? fd->nr[DDIR_WRITE] : 0);
		if (nth != r->nth)
			return false;
	}
	if (r->has_range && (u->offset >= r->off + r->len || r->off >= u->offset + u->len))
		return false;
	if (r->prob < 1 && (double)(rand_u64(&fd->rng) >> 11) * 0x1.0p-53 >= r->prob)
		return false;
	return true;
}

/* The rule that fires for u, or NULL. Counts u. */
static const struct fault_rule *pick(struct faulty *fd, struct io_u *u)
{
	fd->nr[u->ddir]++;
	for (unsigned i = 0; i < fd->rules.n; i++) {
		struct fault_rule *r = &fd->rules.v[i];

		if (rule_takes(fd, r, u)) {
			r->fired++;
			return r;
		}
	}
	return NULL;
}

/* Half of a transfer, whole sectors when it has two or more. */
static uint64_t half(uint64_t len)
{
	return len >= 1024 ? len / 2 / 512 * 512 : len / 2;
}

static void flip(struct io_u *u, uint64_t bit)
{
	u->buf[bit / 8] ^= (uint8_t)(1u << (bit % 8));
}

/* Change u as s's fault wants before it goes to the child. */
static void apply(struct faulty *fd, struct fslot *s, struct io_u *u, bool again)
{
	const struct fault_rule *r = s->rule;
	struct timespec ts;

	s->offset = u->offset;
	s->len = u->len;
	switch (r->act) {
	case FA_MISDIRECT:
		u->offset = r->has_to ? r->to
			    : u->offset >= u->len ? u->offset - u->len : u->offset + u->len;
		break;
	case FA_TEAR:
	case FA_SHORT:
		u->len = half(u->len);
		break;
	case FA_FLIP:
		if (!again)
			s->bit = r->has_bit ? r->bit % (u->len * 8)
					    : rand_between(&fd->rng, 0, u->len * 8 - 1);
		if (u->ddir == DDIR_WRITE)
			flip(u, s->bit);	/* what is written; put back after */
		break;
	case FA_DELAY:
		if (again)
			break;
		ts.tv_sec = (time_t)(r->usec / 1000000);
		ts.tv_nsec = (long)(r->usec % 1000000) * 1000;
		while (nanosleep(&ts, &ts) && errno == EINTR)
			;
		break;
	default:
		break;
	}
}

/* Give u back its own offset and length; say what the fault did. */
static void undo(struct fslot *s, struct io_u *u, bool completed)
{
	const struct fault_rule *r = s->rule;

	u->offset = s->offset;
	u->len = s->len;
	if (r->act == FA_FLIP && (u->ddir == DDIR_WRITE || (completed && !u->error)))
		flip(u, s->bit);	/* a write's buffer back; a read's bit flipped */
	if (!completed || u->error)
		return;
	if (r->act == FA_TEAR)
		u->done = u->len;	/* acknowledged whole */
	else if (r->act == FA_SHORT)
		u->error = u->ddir == DDIR_READ ? -ENODATA : -ENOSPC;
}

/* Faults that never reach the child: true when u is complete. */
static bool complete_here(const struct fault_rule *r, struct io_u *u)
{
	switch (r->act) {
	case FA_EIO:
	case FA_ENOSPC:
		u->done = 0;
		u->error = r->act == FA_EIO ? -EIO : -ENOSPC;
		return true;
	case FA_DROP:
		u->done = u->len;
		u->error = 0;
		return true;
	default:
		return false;
	}
}

static enum engine_q faulty_queue(struct engine_ctx *ctx, struct io_u *u)
{
	struct faulty *fd = ctx->priv;
	struct fslot *s = &fd->slots[u->index];
	bool again = s->retry;
	enum engine_q q;

	if (!ddir_is_rw(u->ddir))
		return engine_child_queue(&fd->child, u);
	if (!again)
		s->rule = pick(fd, u);
	s->retry = false;
	if (!s->rule)
		return engine_child_queue(&fd->child, u);
	if (complete_here(s->rule, u)) {
		s->rule = NULL;
		return ENGINE_Q_COMPLETED;
	}
	apply(fd, s, u, again);
	q = engine_child_queue(&fd->child, u);
	if (q == ENGINE_Q_BUSY) {
		undo(s, u, false);
		s->retry = true;	/* the same fault when the core retries */
	} else if (q == ENGINE_Q_COMPLETED) {
		undo(s, u, true);
		s->rule = NULL;
	}
	return q;
}

static int faulty_commit(struct engine_ctx *ctx)
{
	return engine_child_commit(&((struct faulty *)ctx->priv)->child);
}

static int faulty_getevents(struct engine_ctx *ctx, unsigned min, unsigned max)
{
	return engine_child_getevents(&((struct faulty *)ctx->priv)->child, min, max);
}

static struct io_u *faulty_event(struct engine_ctx *ctx, unsigned i)
{
	struct faulty *fd = ctx->priv;
	struct io_u *u = engine_child_event(&fd->child, i);
	struct fslot *s = &fd->slots[u->index];

	if (s->rule && ddir_is_rw(u->ddir)) {
		undo(s, u, true);
		s->rule = NULL;
	}
	return u;
}

#define FFLD(m) OPT_FIELD(struct faulty_options, m)

static const struct option_def faulty_options[] = {
	{ .name = "faulty_engine", .type = OPT_STR, .cat = OPT_CAT_ENGINE, FFLD(engine),
	  .def = "psync", .help = "the engine faulty runs the I/O through (any engine)" },
	{ .name = "faulty_rules", .type = OPT_STR, .cat = OPT_CAT_ENGINE, FFLD(rules),
	  .help = "file of fault rules, one a line (docs/faulty-rules.md)" },
	{ .name = "faulty_rule", .type = OPT_STR, .cat = OPT_CAT_ENGINE, FFLD(rule),
	  .help = "fault rules inline, ';' between them (after faulty_rules' own)" },
	{ .name = "faulty_seed", .type = OPT_UINT, .cat = OPT_CAT_ENGINE, FFLD(seed),
	  .def = "0", .help = "seed of the rules' prob= draws and random bits" },
	{ .name = NULL },
};

static const char *faulty_child_name(const void *eopts)
{
	return ((const struct faulty_options *)eopts)->engine;
}

const struct engine_ops engine_faulty = {
	.name = "faulty",
	.help = "fault injection over another engine (faulty_engine=, faulty_rules=)",
	.init = faulty_init,
	.cleanup = faulty_cleanup,
	.open_file = faulty_open_file,
	.close_file = faulty_close_file,
	.queue = faulty_queue,
	.commit = faulty_commit,
	.getevents = faulty_getevents,
	.event = faulty_event,
	.options = faulty_options,
	.option_struct_size = sizeof(struct faulty_options),
	.check = faulty_check,
	.child_name = faulty_child_name,
};
