/*
 * engines.h - the engine tables, for engines/registry.c only, and small
 * helpers the synchronous engines share.
 */
#ifndef VERIO_ENGINES_ENGINES_H
#define VERIO_ENGINES_ENGINES_H

#include <sys/types.h>

struct engine_ops;
struct io_u;

extern const struct engine_ops engine_psync;
extern const struct engine_ops engine_sync;
extern const struct engine_ops engine_null;
extern const struct engine_ops engine_libaio;
extern const struct engine_ops engine_io_uring;

/*
 * Record the result of a whole-transfer call (bytes or -errno) in io_u:
 * sets done, error and IO_U_F_SHORT. A read that stops short at end of
 * file is -ENODATA; a write that makes no progress is -ENOSPC.
 */
void engine_set_result(struct io_u *io_u, ssize_t ret, unsigned calls);

/* fsync / fdatasync of io_u->file, as an io_u result. */
void engine_do_sync(struct io_u *io_u);

#endif /* VERIO_ENGINES_ENGINES_H */
