/*
 * ioengine.h - the I/O engine interface.
 *
 * An engine is one `static const struct engine_ops` listed in
 * engines/registry.c. Engines see a narrow `struct engine_ctx`, never a
 * job. All functions return 0 (or a count) on success and a negative
 * errno on failure; they never print.
 *
 * The per-I/O path (queue, commit, getevents, event) must not allocate,
 * lock or print: everything an engine needs is set up in init().
 *
 * An engine that takes options exports their table (`options`, entries
 * as in include/optdef.h, offsets into its own option struct) and that
 * struct's size. The core parses job options into the struct (defaults
 * first) and hands it to the engine as ctx->eopts: adding an engine
 * option touches the engine's file only.
 */
#ifndef VERIO_INCLUDE_IOENGINE_H
#define VERIO_INCLUDE_IOENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct engine_ops;
struct io_u;
struct option_def;
struct vfile;

/* What queue() did with an io_u. */
enum engine_q {
	ENGINE_Q_COMPLETED = 0,	/* done inline; io_u->error and ->done set */
	ENGINE_Q_QUEUED = 1,	/* accepted; it completes via getevents() */
	ENGINE_Q_BUSY = 2,	/* no room now: commit and reap, then retry */
};

enum engine_flags {
	ENGINE_F_SYNC = 1 << 0,	  /* queue() always completes inline */
	ENGINE_F_NOIO = 1 << 1,	  /* touches no file: targets are not opened */
	ENGINE_F_RAWIO = 1 << 2,  /* needs O_DIRECT-aligned buffers always */
	ENGINE_F_ATOMIC = 1 << 3, /* honours engine_ctx.atomic (RWF_ATOMIC writes) */
};

/* The part of a job an engine may see. Filled by the core before init(). */
struct engine_ctx {
	const char *job_name;
	unsigned iodepth;		/* io_us in flight at most */
	bool direct;			/* targets opened O_DIRECT */
	/*
	 * atomic=: every write carries RWF_ATOMIC (torn-write protection).
	 * Set only for an engine with ENGINE_F_ATOMIC (or a filter over one),
	 * always with direct.
	 */
	bool atomic;
	struct io_u *io_us;		/* nr_io_us slots owned by the core */
	unsigned nr_io_us;
	struct vfile *files;		/* the job's targets, nr_files of them */
	unsigned nr_files;
	void *priv;			/* engine private, set by init() */
	/*
	 * The engine's parsed options: its own option struct (the engine
	 * casts), never NULL when option_struct_size is not 0.
	 */
	const void *eopts;
	/*
	 * The parsed options of engine e for this job (its defaults and
	 * every option of e's table the job set), for a filter engine that
	 * runs another engine as its child (engines/child.h). NULL when e
	 * has no options or they cannot be made. Filled by the core; call
	 * it from init() only (it may allocate), never on the per-I/O path.
	 * eopts_arg is the core's, for eopts_of alone.
	 */
	const void *(*eopts_of)(struct engine_ctx *ctx, const struct engine_ops *e);
	void *eopts_arg;
	/* 0 for the job's engine, 1 for its child, ...: bounds filter chains. */
	unsigned depth;
	/*
	 * mirror= (include/mirror.h): the job's engine, which the mirror
	 * filter runs over the targets and the reference files (nr_files,
	 * parallel to files). NULL otherwise.
	 */
	const struct engine_ops *mirror_child;
	struct vfile *mirror_refs;
};

struct engine_ops {
	const char *name;
	const char *help;		/* one line, shown by --enghelp */
	unsigned flags;			/* ENGINE_F_* */

	/* Optional. Set up ctx->priv. 0 or -errno. */
	int (*init)(struct engine_ctx *ctx);
	/*
	 * Optional. Release ctx->priv; called even if init() failed, and
	 * before the core frees the buffers: wait for anything still in
	 * flight first.
	 */
	void (*cleanup)(struct engine_ctx *ctx);

	/* Optional: f->fd is opened by the core before this is called. */
	int (*open_file)(struct engine_ctx *ctx, struct vfile *f);
	/* Optional: called before the core closes f->fd. */
	int (*close_file)(struct engine_ctx *ctx, struct vfile *f);

	/*
	 * Required. Start io_u (a read, a write or a sync). A synchronous
	 * engine performs it and returns ENGINE_Q_COMPLETED with io_u->done
	 * and io_u->error set; an asynchronous one returns ENGINE_Q_QUEUED
	 * or ENGINE_Q_BUSY. BUSY is allowed only while the engine holds at
	 * least one io_u (the core reaps one and retries). Completions are
	 * whole: an engine resubmits the rest of a short transfer itself.
	 */
	enum engine_q (*queue)(struct engine_ctx *ctx, struct io_u *io_u);

	/* Optional. Submit everything queued so far. 0 or -errno. */
	int (*commit)(struct engine_ctx *ctx);

	/*
	 * Required unless ENGINE_F_SYNC. Wait for at least min and at most
	 * max completions; returns how many are ready (fetch each with
	 * event()) or -errno.
	 */
	int (*getevents)(struct engine_ctx *ctx, unsigned min, unsigned max);

	/* Required unless ENGINE_F_SYNC. The i-th ready completion. */
	struct io_u *(*event)(struct engine_ctx *ctx, unsigned i);

	/*
	 * Options this engine takes, NULL-name ended; NULL if none. Each
	 * entry's fields are offsets into the engine's option struct of
	 * option_struct_size bytes; .def gives the defaults. Names must not
	 * be job option names; two engines may share a name (each parses
	 * it). Shown by --enghelp=NAME and --cmdhelp.
	 */
	const struct option_def *options;
	size_t option_struct_size;

	/*
	 * Optional: check the parsed options against the job (direct is its
	 * direct=) before anything runs. 0, or -EINVAL with what is wrong in
	 * err (no prefix, no newline): the job is refused, exit status 2.
	 */
	int (*check)(const void *eopts, bool direct, char *err, size_t len);

	/*
	 * Optional: a few words that explain I/O error err (a negative
	 * errno) under these options, for the error message, or NULL.
	 */
	const char *(*error_hint)(const void *eopts, int err);

	/*
	 * Optional, for a filter engine: the name of the engine it passes
	 * the I/O on to under these options (its child). mirror= runs the
	 * reference side on the engine below every filter: a reference takes
	 * no injected fault.
	 */
	const char *(*child_name)(const void *eopts);
};

/* Registry (engines/registry.c). */
const struct engine_ops *engine_find(const char *name);
size_t engine_count(void);
/* The i-th engine, in --enghelp order; NULL past the end. */
const struct engine_ops *engine_at(size_t i);

/* The option of e named name (or with it as an alias); NULL if none. */
const struct option_def *engine_option_find(const struct engine_ops *e, const char *name);

#endif /* VERIO_INCLUDE_IOENGINE_H */
