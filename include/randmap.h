/*
 * randmap.h - a map of blocks already touched in this pass of a random
 * workload, so each block is touched exactly once per pass (fio's random
 * map; norandommap turns it off).
 *
 * A hierarchical bitmap: level 0 has one bit per block; each bit of level
 * k+1 says that a whole 64-bit word of level k is full.  Looking for a
 * free block therefore skips 64, 4096, 262144... full blocks per word
 * read, and stays fast when the map is nearly full.  Memory is about
 * nblocks / 8 * 64/63 bytes, allocated once by randmap_new(); no other
 * function allocates.  Not thread-safe: one map per job.
 */
#ifndef VERIO_INCLUDE_RANDMAP_H
#define VERIO_INCLUDE_RANDMAP_H

#include <stdbool.h>
#include <stdint.h>

#define RANDMAP_MAX_BLOCKS (1ULL << 40)

struct randmap;

/*
 * randmap_new() - a map of nblocks clear blocks, 1 <= nblocks <=
 * RANDMAP_MAX_BLOCKS.  Returns NULL with errno set to EINVAL (bad size) or
 * ENOMEM.
 */
struct randmap *randmap_new(uint64_t nblocks);

/* randmap_free() - release the map; NULL is fine. */
void randmap_free(struct randmap *m);

/* randmap_nblocks() - the size the map was created with. */
uint64_t randmap_nblocks(const struct randmap *m);

/*
 * randmap_test_and_set() - mark blk used; returns whether it already was.
 * blk must be < nblocks (out of range blocks are ignored and read as set).
 */
bool randmap_test_and_set(struct randmap *m, uint64_t blk);

/* randmap_test() - whether blk is marked used (out of range: true). */
bool randmap_test(const struct randmap *m, uint64_t blk);

/*
 * randmap_next_free() - the first clear block at or after from, wrapping
 * round to block 0 (from >= nblocks starts at 0).  Does not mark it.
 * Returns 0 and *blk, or -ENOSPC when every block is set.
 */
int randmap_next_free(const struct randmap *m, uint64_t from, uint64_t *blk);

/* randmap_nr_set() - how many blocks are marked. */
uint64_t randmap_nr_set(const struct randmap *m);

/* randmap_reset() - clear every block, for a new pass. */
void randmap_reset(struct randmap *m);

#endif /* VERIO_INCLUDE_RANDMAP_H */
