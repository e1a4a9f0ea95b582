/*
 * randmap.c - hierarchical bitmap of touched blocks (see randmap.h).
 *
 * Level 0 holds one bit per block.  Bit j of level k+1 is set exactly when
 * word j of level k is all ones.  The top level is a single word.  Bits past
 * the end of a level (in its last word) are kept set, so a level's last
 * word is "full" exactly when all its real bits are, and a search never
 * has to check for running off the end.
 */
#include "compat.h"

#include "randmap.h"

/* 2^40 bits need 7 levels (2^40, 2^34, 2^28, 2^22, 2^16, 2^10, 2^4 bits). */
#define RANDMAP_MAX_LEVELS 8

struct randmap {
	uint64_t nblocks;
	uint64_t nr_set;
	unsigned top; /* index of the single-word level */
	uint64_t nbits[RANDMAP_MAX_LEVELS];
	uint64_t nwords[RANDMAP_MAX_LEVELS];
	uint64_t *level[RANDMAP_MAX_LEVELS];
	uint64_t words[]; /* all levels, level 0 first */
};

static uint64_t words_for(uint64_t bits)
{
	return (bits + 63) / 64;
}

/* Set the bits past the end of each level, and nothing else. */
static void randmap_pad(struct randmap *m)
{
	unsigned k;

	for (k = 0; k <= m->top; k++) {
		unsigned used = (unsigned)(m->nbits[k] & 63);

		if (used)
			m->level[k][m->nwords[k] - 1] |= ~0ULL << used;
	}
}

struct randmap *randmap_new(uint64_t nblocks)
{
	uint64_t bits = nblocks, total = 0;
	struct randmap *m;
	struct randmap shape;
	unsigned k;

	if (!nblocks || nblocks > RANDMAP_MAX_BLOCKS) {
		errno = EINVAL;
		return NULL;
	}
	memset(&shape, 0, sizeof(shape));
	for (k = 0;; k++) {
		shape.nbits[k] = bits;
		shape.nwords[k] = words_for(bits);
		total += shape.nwords[k];
		if (shape.nwords[k] == 1)
			break;
		bits = shape.nwords[k];
	}
	shape.top = k;
	if (total > (SIZE_MAX - sizeof(*m)) / sizeof(uint64_t)) {
		errno = ENOMEM;
		return NULL;
	}
	m = calloc(1, sizeof(*m) + (size_t)total * sizeof(uint64_t));
	if (!m) {
		errno = ENOMEM;
		return NULL;
	}
	*m = shape;
	m->nblocks = nblocks;
	m->level[0] = m->words;
	for (k = 1; k <= m->top; k++)
		m->level[k] = m->level[k - 1] + m->nwords[k - 1];
	randmap_pad(m);
	return m;
}

void randmap_free(struct randmap *m)
{
	free(m);
}

uint64_t randmap_nblocks(const struct randmap *m)
{
	return m->nblocks;
}

bool randmap_test(const struct randmap *m, uint64_t blk)
{
	if (blk >= m->nblocks)
		return true;
	return (m->level[0][blk >> 6] >> (blk & 63)) & 1;
}

bool randmap_test_and_set(struct randmap *m, uint64_t blk)
{
	uint64_t idx = blk;
	unsigned k;

	if (blk >= m->nblocks)
		return true;
	for (k = 0; k <= m->top; k++) {
		uint64_t *w = &m->level[k][idx >> 6];
		uint64_t bit = 1ULL << (idx & 63);

		if (*w & bit) /* only possible at level 0 */
			return true;
		*w |= bit;
		if (k == 0)
			m->nr_set++;
		if (*w != ~0ULL)
			break;
		idx >>= 6; /* the word filled up: mark it in the level above */
	}
	return false;
}

/*
 * First clear level-0 bit at or after from, without wrapping.  Climb while
 * the rest of the current word is full, asking the level above for the next
 * word that is not; then descend, taking the first clear bit at each level.
 */
static bool find_from(const struct randmap *m, uint64_t from, uint64_t *out)
{
	uint64_t i = from;
	unsigned k = 0;

	for (;;) {
		uint64_t w, word;

		if (i >= m->nbits[k])
			return false;
		w = i >> 6;
		word = m->level[k][w] | ((1ULL << (i & 63)) - 1);
		if (~word) {
			i = (w << 6) + (uint64_t)__builtin_ctzll(~word);
			break;
		}
		if (k == m->top)
			return false;
		k++;
		i = w + 1;
	}
	while (k > 0) {
		k--;
		i = (i << 6) + (uint64_t)__builtin_ctzll(~m->level[k][i]);
	}
	*out = i;
	return true;
}

int randmap_next_free(const struct randmap *m, uint64_t from, uint64_t *blk)
{
	if (m->nr_set == m->nblocks)
		return -ENOSPC;
	if (from >= m->nblocks)
		from = 0;
	if (find_from(m, from, blk) || (from && find_from(m, 0, blk)))
		return 0;
	return -ENOSPC; /* not reached while nr_set is right */
}

uint64_t randmap_nr_set(const struct randmap *m)
{
	return m->nr_set;
}

void randmap_reset(struct randmap *m)
{
	uint64_t total = 0;
	unsigned k;

	for (k = 0; k <= m->top; k++)
		total += m->nwords[k];
	memset(m->words, 0, (size_t)total * sizeof(uint64_t));
	m->nr_set = 0;
	randmap_pad(m);
}
