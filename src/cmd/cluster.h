/*
 * cluster.h - verio-mpi's run of one job file on many ranks
 * (docs/mpi.md). What the ranks say to each other is behind struct
 * cluster_ops: src/mpi/ implements them with MPI, so nothing here needs
 * MPI, and a test can run it on one rank.
 */
#ifndef VERIO_CMD_CLUSTER_H
#define VERIO_CMD_CLUSTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cluster;

/*
 * Collective calls: every rank makes each one, in the same order. A
 * call that waits returns -EINTR when a signal stops this rank first
 * (the others may be gone: the caller then stops talking and exits).
 */
struct cluster_ops {
	/* Every rank's word; all[r] gets rank r's (nranks entries). */
	int (*allgather)(struct cluster *c, uint32_t mine, uint32_t *all);
	/* Is v the same on every rank? */
	int (*same)(struct cluster *c, uint64_t v, bool *same);
	/* Rank 0's *v, on every rank. */
	int (*bcast)(struct cluster *c, uint64_t *v);
	/*
	 * Rank 0 gets every rank's bytes (*bufs, *lens: nranks malloc'd
	 * entries, its own included; the caller frees them); the others
	 * get nothing.
	 */
	int (*gather)(struct cluster *c, const void *buf, size_t len, void ***bufs,
		      size_t **lens);
	/* Send buf to rank to while taking rank from's bytes (malloc'd). */
	int (*exchange)(struct cluster *c, unsigned to, const void *buf, size_t len,
			unsigned from, void **in, size_t *in_len);
	/*
	 * Not collective, never waits (the progress poll): tell every other
	 * rank to stop (tag: one per pass); and has any rank told this one?
	 * Then *from is that rank. stops_recv() takes the messages still on
	 * their way once the ranks know how many were sent (nr).
	 */
	void (*stop_send)(struct cluster *c, unsigned tag);
	bool (*stop_poll)(struct cluster *c, unsigned tag, unsigned *from);
	void (*stops_recv)(struct cluster *c, unsigned tag, unsigned nr);
};

struct cluster {
	unsigned rank, nranks;
	char **hosts;			/* every rank's host name, by rank */
	unsigned shift;			/* --cross-verify=K: (rank + K) mod N's writes */
	const struct cluster_ops *ops;
	void *impl;			/* the ops' own */
};

/*
 * The status every rank exits with, from each rank's own: data loss
 * first (1), then an I/O or set-up error (3), bad input (2), an
 * interruption (4), else 0.
 */
int cluster_status(const uint32_t *codes, unsigned nranks);

/*
 * verio-mpi's run: argv as verio's run command takes it (without
 * verio-mpi's own flags), on every rank of c. Returns the exit status,
 * the same on every rank, or -EINTR when this rank was stopped by a
 * signal while it waited for the others (exit 4 then, talking no more).
 */
int cluster_run(struct cluster *c, int argc, char **argv);

#endif /* VERIO_CMD_CLUSTER_H */
