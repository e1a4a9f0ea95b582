/*
 * distrib.h - skewed random block choice: fio's random_distribution=
 * (uniform, zipf, pareto, normal, zoned, zoned_abs, and later fio's
 * sequence).
 *
 * Pure: a spec parsed from the option's text, and a generator over n
 * blocks that draws from its own PRNG. The caller turns a block into an
 * offset; nothing here knows files or jobs. Drawing a block allocates
 * nothing and takes no lock (distrib_init does the set-up work once).
 */
#ifndef VERIO_INCLUDE_DISTRIB_H
#define VERIO_INCLUDE_DISTRIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rand.h"

enum distrib_kind {
	DISTRIB_RANDOM = 0,	/* uniform */
	DISTRIB_ZIPF,		/* value: theta (not 1) */
	DISTRIB_PARETO,		/* value: h, 0 < h < 1 */
	DISTRIB_NORMAL,		/* value: deviation in percent, 0 <= d < 100 */
	DISTRIB_ZONED,		/* zones sized in percent of the range */
	DISTRIB_ZONED_ABS,	/* zones sized in bytes */
	DISTRIB_SEQUENCE,	/* fixed block indexes, repeated (or strided) */
};

#define DISTRIB_DIRS 2		/* reads, writes: zones per direction */
#define DISTRIB_ZONES_MAX 256	/* fio's limit */
#define DISTRIB_NO_CENTER (-1.0)
#define DISTRIB_SEQ_MAX 64	/* fio's limit on sequence elements */
#define DISTRIB_END UINT64_MAX	/* distrib_next: a strided sequence ran out */

/* fio's defaults when zipf or pareto is given without a value */
#define DISTRIB_DEF_ZIPF 1.1
#define DISTRIB_DEF_PARETO 0.2

struct distrib_zone {
	unsigned access;	/* percent of the accesses */
	uint64_t size;		/* percent of the range, or bytes (zoned_abs) */
};

struct distrib_spec {
	enum distrib_kind kind;
	double value;		/* theta, h or deviation */
	double center;		/* 0..1: where the hot spot sits; or DISTRIB_NO_CENTER */
	unsigned nzones[DISTRIB_DIRS];
	struct distrib_zone zones[DISTRIB_DIRS][DISTRIB_ZONES_MAX];
	unsigned nseq;			/* sequence: its block indexes */
	uint64_t seq[DISTRIB_SEQ_MAX];
	bool seq_stride;		/* random_sequence_stride: each round moves
					 * nseq blocks on (set by the caller) */
};

/*
 * Parse random_distribution's value: "random", "zipf[:theta[:center]]",
 * "pareto[:h[:center]]", "normal[:dev[:center]]", "zoned:A/S[:A/S...]"
 * and "zoned_abs:A/SIZE[:...]", where a ',' separates the zones of reads
 * from those of writes (one set serves both), and "sequence:B[,B...]". Sizes of zoned_abs take
 * kb_base's suffixes. 0, or -EINVAL with the reason in err.
 */
int distrib_parse(struct distrib_spec *s, const char *str, unsigned kb_base,
		  char *err, size_t errlen);

/* A zone's span of blocks: [start, end) */
struct distrib_span {
	uint64_t start, end;
};

struct distrib {
	enum distrib_kind kind;
	uint64_t n;		/* blocks to choose from */
	uint64_t rot;		/* the hot spot's place: center, or random */
	uint64_t mult;		/* scatters ranks: coprime to n */
	struct rand_state r;
	double theta, zetan, zeta2, alpha, eta;	/* zipf */
	double ppow;		/* pareto */
	uint64_t dev;		/* normal: deviation in blocks */
	/* zoned: the span of each percent 1..100 of the accesses */
	struct distrib_span pick[DISTRIB_DIRS][100];
	unsigned has_zones[DISTRIB_DIRS];
	/* sequence: the spec's indexes, and the draws so far per direction */
	unsigned nseq;
	bool seq_stride;
	uint64_t seq[DISTRIB_SEQ_MAX];
	uint64_t count[DISTRIB_DIRS];
};

/*
 * Prepare d to draw from n blocks of bs bytes (bs sizes zoned_abs's
 * zones), seeded with seed. 0, or -EINVAL if n is 0 or zoned_abs's zones
 * or a sequence's indexes reach past the n blocks (err says so; err may
 * be NULL).
 */
int distrib_init(struct distrib *d, const struct distrib_spec *s, uint64_t n,
		 uint64_t bs, uint64_t seed, char *err, size_t errlen);

/*
 * The next block, in [0, n), for direction dir (0 read, 1 write); for a
 * strided sequence that has run past the n blocks, DISTRIB_END.
 */
uint64_t distrib_next(struct distrib *d, unsigned dir);

/* The kind's name as fio spells it ("normal" for the gaussian). */
const char *distrib_name(enum distrib_kind kind);

#endif /* VERIO_INCLUDE_DISTRIB_H */
