/*
 * mirror.h - the mirror filter engine (engines/mirror.c), as the core
 * sees it: blkverify for every engine.
 *
 * A job with mirror= runs its own engine (the child) twice, once over
 * its targets and once over the reference files (ctx->mirror_refs): every
 * write goes to both, every read reads both and compares. The core
 * wraps the job's engine at set-up (mirror_engine_for) and fills
 * ctx->mirror_child and ctx->mirror_refs before init().
 *
 * A read whose two sides differ completes without error and with
 * IO_U_F_MISMATCH set: the target's bytes are in io_u->buf, the
 * reference's in mirror_ref_buf() until the io_u is queued again. An
 * error of either side is the io_u's error (IO_U_F_MIRROR_ERR when it is
 * the reference's). The per-I/O path allocates nothing, locks nothing
 * and prints nothing: shadow io_us and their buffers are made by init().
 */
#ifndef VERIO_INCLUDE_MIRROR_H
#define VERIO_INCLUDE_MIRROR_H

#include <stdint.h>

struct engine_ctx;
struct engine_ops;
struct io_u;

/* The filter for child (synchronous if the child is). NULL if child is. */
const struct engine_ops *mirror_engine_for(const struct engine_ops *child);

/* The reference's bytes of the last read of u (u->len of them). */
const uint8_t *mirror_ref_buf(const struct engine_ctx *ctx, const struct io_u *u);

/*
 * The first byte at which a and b differ among len, or len if none.
 * Compares words while they agree; for the slow path and the engine.
 */
uint64_t mirror_first_diff(const uint8_t *a, const uint8_t *b, uint64_t len);

#endif /* VERIO_INCLUDE_MIRROR_H */
