/*
 * child.c - setting up and tearing down a filter engine's child
 * (contract in child.h).
 */
#include "compat.h"

#include "child.h"
#include "ioengine.h"

int engine_child_init(struct engine_child *c, const struct engine_ctx *parent,
		      const char *name, struct vfile *files, unsigned nr_files,
		      struct io_u *io_us, unsigned nr_io_us)
{
	const struct engine_ops *e = engine_find(name);
	int r;

	memset(c, 0, sizeof(*c));
	if (!e)
		return -ENOENT;
	if (parent->depth >= ENGINE_CHILD_DEPTH_MAX)
		return -ELOOP;
	c->ops = e;
	c->ctx = *parent;
	c->ctx.priv = NULL;
	c->ctx.depth = parent->depth + 1;
	if (files) {
		c->ctx.files = files;
		c->ctx.nr_files = nr_files;
	}
	if (io_us) {
		c->ctx.io_us = io_us;
		c->ctx.nr_io_us = nr_io_us;
	}
	c->ctx.eopts = NULL;
	if (e->options && e->option_struct_size) {
		c->ctx.eopts = parent->eopts_of ? parent->eopts_of(&c->ctx, e) : NULL;
		if (!c->ctx.eopts)
			return -ENOMEM;
	}
	c->inited = true;
	r = e->init ? e->init(&c->ctx) : 0;
	return r;
}

void engine_child_cleanup(struct engine_child *c)
{
	if (!c)
		return;
	if (c->inited && c->ops->cleanup)
		c->ops->cleanup(&c->ctx);
	memset(c, 0, sizeof(*c));
}
