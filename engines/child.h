/*
 * child.h - a filter engine's child: an engine that runs under another.
 *
 * A filter engine (faulty, mirror) is an ordinary engine to the core and
 * passes the I/O on to one or more child engines, each a
 * struct engine_child: the child's ops and its own engine_ctx. The
 * contract:
 *
 * - engine_child_init() is called from the filter's init(); the filter's
 *   cleanup() calls engine_child_cleanup() (also after a failed init:
 *   a zeroed or cleaned up child is fine).
 * - The child's ctx starts as a copy of the parent's (job name, iodepth,
 *   direct, io_us, eopts_of) with the files and io_us given (NULL: the
 *   parent's), priv NULL and eopts the child engine's own options for
 *   this job (parent->eopts_of). Every io_u queued to the child must be
 *   one of the child's ctx.io_us and its ->file one of the child's
 *   ctx.files: io_uring indexes registered buffers by io_u->index and
 *   registered files by their place in ctx.files. A filter that sends one
 *   request to two children needs io_us of its own for the second.
 * - The child owns io_u->engine_data and vfile->engine_data of what it
 *   is given; a filter keeps its per-io_u state by io_u->index.
 * - Files: the filter opens and closes the fds of files it adds; for the
 *   parent's files the core does. Either way the filter forwards its
 *   open_file()/close_file() to engine_child_open_file()/_close_file().
 * - The forwarding calls are the engine ops of include/ioengine.h with
 *   their contracts; engine_child_getevents() of a synchronous child
 *   (which never queues) returns 0. A filter over a synchronous child
 *   sees every queue() complete inline and may complete inline itself;
 *   over an asynchronous one it is asynchronous (its event() fixes up
 *   what its child hands back).
 * - Chains nest (a mirror over a faulty over psync) up to
 *   ENGINE_CHILD_DEPTH_MAX deep: deeper is -ELOOP.
 *
 * The forwarding calls are static inline and, like the engine ops they
 * call, allocate nothing and take no lock: they sit on the per-I/O path.
 */
#ifndef VERIO_ENGINES_CHILD_H
#define VERIO_ENGINES_CHILD_H

#include <stdbool.h>
#include <stddef.h>

#include "ioengine.h"

#define ENGINE_CHILD_DEPTH_MAX 4

struct engine_child {
	const struct engine_ops *ops;	/* NULL until engine_child_init() */
	struct engine_ctx ctx;		/* the child's own context */
	bool inited;			/* ops->init() ran: cleanup() is due */
};

/*
 * Make c run engine name (a registry name) under parent, over files
 * (NULL: the parent's files) and io_us (NULL: the parent's), then call
 * its init(). 0; -ENOENT if there is no such engine; -ELOOP past
 * ENGINE_CHILD_DEPTH_MAX; -ENOMEM if its options cannot be made; or
 * init()'s -errno. Call engine_child_cleanup() either way.
 */
int engine_child_init(struct engine_child *c, const struct engine_ctx *parent,
		      const char *name, struct vfile *files, unsigned nr_files,
		      struct io_u *io_us, unsigned nr_io_us);

/* The child's cleanup(), once; c is zeroed. NULL or zeroed c is fine. */
void engine_child_cleanup(struct engine_child *c);

/* Is the child synchronous (queue() always completes inline)? */
static inline bool engine_child_sync(const struct engine_child *c)
{
	return c->ops->flags & ENGINE_F_SYNC;
}

/* The child's open_file(): f->fd is open. 0 or -errno. */
static inline int engine_child_open_file(struct engine_child *c, struct vfile *f)
{
	return c->ops->open_file ? c->ops->open_file(&c->ctx, f) : 0;
}

/* The child's close_file(), before f->fd is closed. 0 or -errno. */
static inline int engine_child_close_file(struct engine_child *c, struct vfile *f)
{
	return c->ops->close_file ? c->ops->close_file(&c->ctx, f) : 0;
}

static inline enum engine_q engine_child_queue(struct engine_child *c, struct io_u *u)
{
	return c->ops->queue(&c->ctx, u);
}

/* 0 or -errno. */
static inline int engine_child_commit(struct engine_child *c)
{
	return c->ops->commit ? c->ops->commit(&c->ctx) : 0;
}

/* Completions ready (at least min, at most max) or -errno; 0 when synchronous. */
static inline int engine_child_getevents(struct engine_child *c, unsigned min, unsigned max)
{
	return engine_child_sync(c) ? 0 : c->ops->getevents(&c->ctx, min, max);
}

/* The i-th ready completion of the last engine_child_getevents(). */
static inline struct io_u *engine_child_event(struct engine_child *c, unsigned i)
{
	return c->ops->event(&c->ctx, i);
}

#endif /* VERIO_ENGINES_CHILD_H */
