/*
 * engines.h - the engine tables, for engines/registry.c only, and small
 * helpers the engines share: whole-transfer results for the synchronous
 * ones, the ring of finished io_us for the asynchronous ones.
 */
#ifndef VERIO_ENGINES_ENGINES_H
#define VERIO_ENGINES_ENGINES_H

#include <stdbool.h>
#include <sys/types.h>

struct engine_ops;
struct io_u;

extern const struct engine_ops engine_psync;
extern const struct engine_ops engine_sync;
extern const struct engine_ops engine_null;
extern const struct engine_ops engine_libaio;
extern const struct engine_ops engine_io_uring;
extern const struct engine_ops engine_faulty;
extern const struct engine_ops engine_pvsync;
extern const struct engine_ops engine_pvsync2;
extern const struct engine_ops engine_mmap;
extern const struct engine_ops engine_posixaio;

/*
 * Record the result of a whole-transfer call (bytes or -errno) in io_u:
 * sets done, error and IO_U_F_SHORT. A read that stops short at end of
 * file is -ENODATA; a write that makes no progress is -ENOSPC.
 */
void engine_set_result(struct io_u *io_u, ssize_t ret, unsigned calls);

/*
 * RWF_* flags of preadv2(2)/pwritev2(2) that older kernel headers lack
 * (the values are the kernel's ABI).
 */
#ifndef RWF_HIPRI
#define RWF_HIPRI 0x00000001
#endif
#ifndef RWF_NOWAIT
#define RWF_NOWAIT 0x00000008
#endif
#ifndef RWF_ATOMIC
#define RWF_ATOMIC 0x00000040
#endif
#ifndef RWF_DONTCACHE
#define RWF_DONTCACHE 0x00000080
#endif

/*
 * The whole read or write of io_u through one iovec: preadv(2)/pwritev(2)
 * when v2 is false, else preadv2(2)/pwritev2(2) with flags. What is left
 * after a short transfer is sent again, and EINTR is retried; EAGAIN is
 * retried too, except under RWF_NOWAIT, where it is the I/O's error (the
 * caller asked not to wait). Records the result as engine_set_result().
 */
void engine_rw_vec(struct io_u *io_u, bool v2, int flags);

/* fsync / fdatasync of io_u->file, as an io_u result. */
void engine_do_sync(struct io_u *io_u);

/*
 * A trim of [offset, offset + len) of io_u->file, as an io_u result:
 * ioctl(BLKDISCARD) on a block device, fallocate(PUNCH_HOLE | KEEP_SIZE)
 * on anything else (a file then reads back zeroes there). Every engine
 * does it synchronously, as fio does for its asynchronous engines: the
 * core issues a trim with nothing else in flight.
 */
void engine_do_trim(struct io_u *io_u);

/*
 * A synchronous engine's trims and syncs: done here (engine_do_trim,
 * engine_do_sync) and true; false for a read or a write, its own to do.
 */
bool engine_do_inline(struct io_u *io_u);

/*
 * The finished io_us of an asynchronous engine, oldest first. Completions
 * are pushed as the engine reaps them; getevents() hands out the first n
 * (engine_done_take) and event(i) is engine_done_at(i). The core fetches
 * them before it calls the engine again, so every other op starts with
 * engine_done_settle(), which forgets the batch handed out.
 *
 * A ring of cap slots made once by init(): at most cap io_us are ever in
 * flight, so a push always finds room. Nothing here allocates after init,
 * locks or divides.
 */
struct engine_done {
	struct io_u **v;	/* cap slots */
	unsigned head;		/* slot of the oldest finished io_u */
	unsigned n;		/* finished io_us in the ring */
	unsigned cap;
	unsigned taken;		/* handed out by the last engine_done_take() */
};

/* Room for cap io_us (cap > 0). 0 or -ENOMEM; engine_done_free() either way. */
int engine_done_init(struct engine_done *d, unsigned cap);

/* Free the ring; a zeroed or freed one is fine. */
void engine_done_free(struct engine_done *d);

static inline unsigned engine_done_slot(const struct engine_done *d, unsigned i)
{
	unsigned s = d->head + i;	/* head < cap and i <= cap: no overflow */

	return s >= d->cap ? s - d->cap : s;
}

static inline void engine_done_push(struct engine_done *d, struct io_u *u)
{
	d->v[engine_done_slot(d, d->n)] = u;
	d->n++;
}

/* The i-th finished io_u (i < n). */
static inline struct io_u *engine_done_at(const struct engine_done *d, unsigned i)
{
	return d->v[engine_done_slot(d, i)];
}

/* Hand out up to max of the finished io_us: returns how many. */
static inline unsigned engine_done_take(struct engine_done *d, unsigned max)
{
	d->taken = d->n < max ? d->n : max;
	return d->taken;
}

/* Forget the io_us handed out by the last engine_done_take(). */
static inline void engine_done_settle(struct engine_done *d)
{
	if (!d->taken)
		return;		/* the usual case in queue() and commit() */
	d->head = engine_done_slot(d, d->taken);
	d->n -= d->taken;
	d->taken = 0;
}

#endif /* VERIO_ENGINES_ENGINES_H */
