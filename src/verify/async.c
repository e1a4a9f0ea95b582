/*
 * async.c - verify threads (see async.h).
 */
#include "compat.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>

#include "io_u.h"
#include "parse.h"
#include "verify/async.h"
#include "verify/incident.h"
#include "verify/verifier.h"

/* Single producer, single consumer ring of io_u pointers. */
struct ring {
	_Atomic unsigned head;	/* next slot the consumer reads */
	_Atomic unsigned tail;	/* next slot the producer writes */
	unsigned mask;
	struct io_u **slot;
};

struct vthread {
	struct vasync *va;
	pthread_t th;
	bool started;
	struct ring in;		/* job thread -> verify thread */
	struct ring out;	/* verify thread -> job thread */
	struct vworker *w;
	struct verify_stats st;
};

struct vasync {
	struct verifier *v;
	struct verify_stats *into;
	struct vthread *t;
	unsigned nr;
	unsigned next;		/* round robin */
	unsigned pending;
	atomic_bool stop;
};

static int ring_init(struct ring *r, unsigned want)
{
	unsigned n = 2;

	while (n < want + 1)
		n <<= 1;
	r->slot = calloc(n, sizeof(*r->slot));
	r->mask = n - 1;
	atomic_init(&r->head, 0);
	atomic_init(&r->tail, 0);
	return r->slot ? 0 : -ENOMEM;
}

/* The rings hold every io_u of the job, so a push never finds them full. */
static void ring_push(struct ring *r, struct io_u *u)
{
	unsigned t = atomic_load_explicit(&r->tail, memory_order_relaxed);

	r->slot[t & r->mask] = u;
	atomic_store_explicit(&r->tail, t + 1, memory_order_release);
}

static struct io_u *ring_pop(struct ring *r)
{
	unsigned h = atomic_load_explicit(&r->head, memory_order_relaxed);
	struct io_u *u;

	if (h == atomic_load_explicit(&r->tail, memory_order_acquire))
		return NULL;
	u = r->slot[h & r->mask];
	atomic_store_explicit(&r->head, h + 1, memory_order_release);
	return u;
}

/* Spin briefly, then nap: a verify thread idles without a lock. */
static void idle(unsigned *spins)
{
	struct timespec ts = { 0, 20000 };

	if (++*spins < 256) {
		sched_yield();
		return;
	}
	nanosleep(&ts, NULL);
}

static void *vthread_main(void *arg)
{
	struct vthread *t = arg;
	struct vasync *va = t->va;
	unsigned spins = 0;

	for (;;) {
		struct io_u *u = ring_pop(&t->in);

		if (!u) {
			if (atomic_load_explicit(&va->stop, memory_order_acquire))
				break;
			idle(&spins);
			continue;
		}
		spins = 0;
		verifier_check(va->v, t->w, u);
		ring_push(&t->out, u);
	}
	return NULL;
}

/* verify_async_cpus=0,2-3: the CPUs to pin verify threads to. */
static void pin(struct vthread *t, const char *cpus)
{
	char **items = NULL;
	size_t nr = 0;
	cpu_set_t set;
	bool any = false;

	if (!cpus || !*cpus || split_list(cpus, ',', false, &items, &nr) < 0)
		return;
	CPU_ZERO(&set);
	for (size_t i = 0; i < nr; i++) {
		uint64_t lo, hi;

		if (parse_size_range(items[i], 1024, &lo, &hi) < 0)
			continue;
		for (uint64_t c = lo; c <= hi && c < CPU_SETSIZE; c++) {
			CPU_SET((int)c, &set);
			any = true;
		}
	}
	free_list(items, nr);
	if (any)
		pthread_setaffinity_np(t->th, sizeof(set), &set);
}

struct vasync *vasync_start(struct verifier *v, const struct vasync_conf *c, int *err)
{
	struct vasync *va = calloc(1, sizeof(*va));
	unsigned n = c->threads;

	*err = -ENOMEM;
	if (!va)
		return NULL;
	va->v = v;
	va->into = c->into;
	va->t = calloc(n, sizeof(*va->t));
	if (!va->t)
		goto fail;
	va->nr = n;
	for (unsigned i = 0; i < n; i++) {
		struct vthread *t = &va->t[i];

		t->va = va;
		*err = -ENOMEM;
		if (ring_init(&t->in, c->nr_io_us) || ring_init(&t->out, c->nr_io_us))
			goto fail;
		t->w = vworker_new(v, &t->st, err);
		if (!t->w)
			goto fail;
		*err = -pthread_create(&t->th, NULL, vthread_main, t);
		if (*err < 0)
			goto fail;
		t->started = true;
		pin(t, c->cpus);
	}
	*err = 0;
	return va;
fail:
	vasync_stop(va);
	return NULL;
}

void vasync_submit(struct vasync *va, struct io_u *u)
{
	ring_push(&va->t[va->next].in, u);
	va->next = va->next + 1 == va->nr ? 0 : va->next + 1;
	va->pending++;
}

unsigned vasync_reap(struct vasync *va, void (*put)(void *arg, struct io_u *u), void *arg)
{
	unsigned n = 0;

	for (unsigned i = 0; i < va->nr; i++) {
		struct io_u *u;

		while ((u = ring_pop(&va->t[i].out))) {
			put(arg, u);
			n++;
		}
	}
	va->pending -= n;
	return n;
}

unsigned vasync_pending(const struct vasync *va)
{
	return va ? va->pending : 0;
}

void vasync_stop(struct vasync *va)
{
	if (!va)
		return;
	atomic_store_explicit(&va->stop, true, memory_order_release);
	for (unsigned i = 0; va->t && i < va->nr; i++) {
		struct vthread *t = &va->t[i];

		if (t->started)
			pthread_join(t->th, NULL);
		if (va->into)
			verify_stats_merge(va->into, &t->st);
		vworker_free(t->w);
		free(t->in.slot);
		free(t->out.slot);
	}
	free(va->t);
	free(va);
}
