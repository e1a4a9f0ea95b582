/*
 * comm.c - struct cluster_ops over MPI (cmd/cluster.h). Only the main
 * thread calls MPI (MPI_THREAD_FUNNELED). Every wait is a non-blocking
 * call polled until done, so that a signal (mpirun's SIGTERM when a rank
 * died, or the user's SIGINT) ends the wait: the rank then stops talking
 * and exits (mpi/main.c).
 */
#include "compat.h"

#include <limits.h>
#include <mpi.h>
#include <time.h>

#include "mpi/comm.h"
#include "run/run.h"

#define TAG_EXCHANGE 7
#define TAG_STOP 1000

struct comm {
	MPI_Comm world;
	int one;			/* what a stop message carries */
	uint64_t give_up_ns;		/* set at the first signal a wait sees */
};

/*
 * After a signal, how long the ranks may still take to meet: a signal
 * that reached every rank (the user's ^C through mpirun) lets them finish
 * the run together and print its report; one that came because a rank
 * died must not leave the others waiting for it.
 */
#define SIGNAL_GRACE_NS (10 * 1000000000ull)

static uint64_t mono_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

/* Poll n requests until all are done, or a signal's grace ends (-EINTR). */
static int wait_all(struct cluster *c, MPI_Request *req, int n)
{
	struct comm *m = c->impl;
	struct timespec ts = { 0, 200000 };
	int done = 0;

	for (;;) {
		if (MPI_Testall(n, req, &done, MPI_STATUSES_IGNORE) != MPI_SUCCESS)
			return -EIO;
		if (done)
			return 0;
		if (verio_signals && !m->give_up_ns)
			m->give_up_ns = mono_ns() + SIGNAL_GRACE_NS;
		if (m->give_up_ns && mono_ns() >= m->give_up_ns)
			return -EINTR;
		nanosleep(&ts, NULL);
	}
}

static MPI_Comm world(const struct cluster *c)
{
	return ((const struct comm *)c->impl)->world;
}

static int c_allgather(struct cluster *c, uint32_t mine, uint32_t *all)
{
	MPI_Request req;

	if (MPI_Iallgather(&mine, 1, MPI_UINT32_T, all, 1, MPI_UINT32_T, world(c), &req))
		return -EIO;
	return wait_all(c, &req, 1);
}

static int c_same(struct cluster *c, uint64_t v, bool *same)
{
	uint64_t in[2] = { v, ~v }, out[2];
	MPI_Request req;
	int r;

	if (MPI_Iallreduce(in, out, 2, MPI_UINT64_T, MPI_MIN, world(c), &req))
		return -EIO;
	r = wait_all(c, &req, 1);
	*same = out[0] == ~out[1];	/* the least is the greatest */
	return r;
}

static int c_bcast(struct cluster *c, uint64_t *v)
{
	MPI_Request req;

	if (MPI_Ibcast(v, 1, MPI_UINT64_T, 0, world(c), &req))
		return -EIO;
	return wait_all(c, &req, 1);
}

static int c_gather(struct cluster *c, const void *buf, size_t len, void ***bufs,
		    size_t **lens)
{
	uint64_t mine = len, *all = NULL;
	int *counts = NULL, *displs = NULL;
	char *flat = NULL;
	MPI_Request req;
	int r;

	*bufs = NULL;
	*lens = NULL;
	if (len > INT_MAX)
		mine = 0;	/* too big for MPI's int counts: sent as nothing */
	if (c->rank == 0 && !(all = calloc(c->nranks, sizeof(*all))))
		return -ENOMEM;
	if (MPI_Igather(&mine, 1, MPI_UINT64_T, all, 1, MPI_UINT64_T, 0, world(c), &req)) {
		free(all);
		return -EIO;
	}
	r = wait_all(c, &req, 1);
	if (!r && c->rank == 0) {
		size_t total = 0;

		counts = calloc(c->nranks, sizeof(*counts));
		displs = calloc(c->nranks, sizeof(*displs));
		for (unsigned k = 0; counts && displs && k < c->nranks; k++) {
			displs[k] = (int)total;
			counts[k] = (int)all[k];
			total += all[k];
		}
		flat = total <= INT_MAX ? malloc(total + 1) : NULL;
		if (!counts || !displs || !flat) {
			/* the others are sending: nothing sane is left to do */
			fprintf(stderr, "verio-mpi: rank 0: out of memory for the ranks' reports\n");
			MPI_Abort(world(c), 3);
		}
	}
	if (!r) {
		if (MPI_Igatherv(buf, (int)mine, MPI_BYTE, flat, counts, displs, MPI_BYTE, 0,
				 world(c), &req))
			r = -EIO;
		else
			r = wait_all(c, &req, 1);
	}
	if (!r && c->rank == 0) {
		*bufs = calloc(c->nranks, sizeof(**bufs));
		*lens = calloc(c->nranks, sizeof(**lens));
		for (unsigned k = 0; *bufs && *lens && k < c->nranks; k++) {
			(*bufs)[k] = malloc(all[k] + 1);
			if (!(*bufs)[k]) {
				r = -ENOMEM;
				break;
			}
			memcpy((*bufs)[k], flat + displs[k], all[k]);
			(*lens)[k] = all[k];
		}
		if (!*bufs || !*lens)
			r = -ENOMEM;
	}
	free(all);
	free(counts);
	free(displs);
	free(flat);
	return r;
}

static int c_exchange(struct cluster *c, unsigned to, const void *buf, size_t len,
		      unsigned from, void **in, size_t *in_len)
{
	uint64_t out_n = len <= INT_MAX ? len : 0, in_n = 0;
	MPI_Request req[2];
	int r;

	*in = NULL;
	*in_len = 0;
	MPI_Irecv(&in_n, 1, MPI_UINT64_T, (int)from, TAG_EXCHANGE, world(c), &req[0]);
	MPI_Isend(&out_n, 1, MPI_UINT64_T, (int)to, TAG_EXCHANGE, world(c), &req[1]);
	r = wait_all(c, req, 2);
	if (r < 0)
		return r;
	if (in_n > INT_MAX || !(*in = malloc(in_n + 1)))
		return -ENOMEM;
	MPI_Irecv(*in, (int)in_n, MPI_BYTE, (int)from, TAG_EXCHANGE, world(c), &req[0]);
	MPI_Isend(buf, (int)out_n, MPI_BYTE, (int)to, TAG_EXCHANGE, world(c), &req[1]);
	r = wait_all(c, req, 2);
	if (r < 0)
		return r;
	*in_len = in_n;
	return 0;
}

static void c_stop_send(struct cluster *c, unsigned tag)
{
	struct comm *m = c->impl;

	for (unsigned k = 0; k < c->nranks; k++) {
		MPI_Request req;

		if (k == c->rank)
			continue;
		if (MPI_Isend(&m->one, 1, MPI_INT, (int)k, TAG_STOP + (int)tag, m->world,
			      &req) == MPI_SUCCESS)
			MPI_Request_free(&req);	/* m->one outlives it */
	}
}

static bool c_stop_poll(struct cluster *c, unsigned tag, unsigned *from)
{
	MPI_Status st;
	int flag = 0, v;

	if (MPI_Iprobe(MPI_ANY_SOURCE, TAG_STOP + (int)tag, world(c), &flag, &st) || !flag)
		return false;
	MPI_Recv(&v, 1, MPI_INT, st.MPI_SOURCE, TAG_STOP + (int)tag, world(c), MPI_STATUS_IGNORE);
	*from = (unsigned)st.MPI_SOURCE;
	return true;
}

static void c_stops_recv(struct cluster *c, unsigned tag, unsigned nr)
{
	for (unsigned k = 0; k < nr; k++) {
		int v;

		MPI_Recv(&v, 1, MPI_INT, MPI_ANY_SOURCE, TAG_STOP + (int)tag, world(c),
			 MPI_STATUS_IGNORE);
	}
}

static const struct cluster_ops mpi_ops = {
	.allgather = c_allgather,
	.same = c_same,
	.bcast = c_bcast,
	.gather = c_gather,
	.exchange = c_exchange,
	.stop_send = c_stop_send,
	.stop_poll = c_stop_poll,
	.stops_recv = c_stops_recv,
};

int comm_open(struct cluster *c)
{
	struct comm *m = calloc(1, sizeof(*m));
	char name[MPI_MAX_PROCESSOR_NAME + 1] = "", *all;
	int rank, size, len = 0;

	if (!m)
		return -ENOMEM;
	m->world = MPI_COMM_WORLD;
	m->one = 1;
	MPI_Comm_rank(m->world, &rank);
	MPI_Comm_size(m->world, &size);
	if (gethostname(name, sizeof(name) - 1) < 0)
		MPI_Get_processor_name(name, &len);
	name[sizeof(name) - 1] = '\0';
	c->rank = (unsigned)rank;
	c->nranks = (unsigned)size;
	c->ops = &mpi_ops;
	c->impl = m;
	c->hosts = calloc((size_t)size, sizeof(*c->hosts));
	all = calloc((size_t)size, sizeof(name));
	if (!c->hosts || !all) {
		free(all);
		return -ENOMEM;
	}
	/* blocking: nothing runs yet that a signal should cut short */
	MPI_Allgather(name, sizeof(name), MPI_CHAR, all, sizeof(name), MPI_CHAR, m->world);
	for (int k = 0; k < size; k++) {
		c->hosts[k] = strndup(all + (size_t)k * sizeof(name), sizeof(name) - 1);
		if (!c->hosts[k]) {
			free(all);
			return -ENOMEM;
		}
	}
	free(all);
	return 0;
}

void comm_close(struct cluster *c)
{
	for (unsigned k = 0; c->hosts && k < c->nranks; k++)
		free(c->hosts[k]);
	free(c->hosts);
	free(c->impl);
	c->hosts = NULL;
	c->impl = NULL;
}
