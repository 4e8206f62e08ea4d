/*
 * worker.c: a pool of threads with a to-do and a done queue (see
 * worker.h). Both queues are FIFO lists behind one mutex.
 */
#include "worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "util.h"

#define WORKER_THREADS_MAX 16

struct worker_item {
	void *job;
	struct worker_item *next;
};

struct worker_queue {
	struct worker_item *head, *tail;
};

struct worker_pool {
	char name[32];
	worker_run_fn run;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	struct worker_queue todo, done;
	int busy;
	int quit;                 /* set by destroy: threads leave */
	pthread_t threads[WORKER_THREADS_MAX];
	int nthreads;
	int done_fd;              /* eventfd: readable while jobs are done */
};

static void
queue_push(struct worker_queue *q, struct worker_item *it)
{
	it->next = NULL;
	if (q->tail != NULL)
		q->tail->next = it;
	else
		q->head = it;
	q->tail = it;
}

static struct worker_item *
queue_pop(struct worker_queue *q)
{
	struct worker_item *it = q->head;

	if (it != NULL && (q->head = it->next) == NULL)
		q->tail = NULL;
	return it;
}

/* Make done_fd readable: a job is done. */
static void
worker_signal(struct worker_pool *p)
{
	uint64_t one = 1;

	if (write(p->done_fd, &one, sizeof one) < 0) {
		/* Only when the counter is full: it is readable already. */
	}
}

static void *
worker_main(void *arg)
{
	struct worker_pool *p = arg;
	struct worker_item *it;

	log_set_tag(p->name);
	for (;;) {
		pthread_mutex_lock(&p->lock);
		while (!p->quit && (it = queue_pop(&p->todo)) == NULL)
			pthread_cond_wait(&p->wake, &p->lock);
		if (p->quit) {
			pthread_mutex_unlock(&p->lock);
			return NULL;
		}
		pthread_mutex_unlock(&p->lock);
		p->run(it->job);
		pthread_mutex_lock(&p->lock);
		queue_push(&p->done, it);
		pthread_mutex_unlock(&p->lock);
		worker_signal(p);
	}
	return NULL;
}

struct worker_pool *
worker_pool_new(const char *name, int threads, worker_run_fn run)
{
	struct worker_pool *p = xcalloc(1, sizeof *p);
	int i;

	snprintf(p->name, sizeof p->name, "%s", name);
	p->run = run;
	pthread_mutex_init(&p->lock, NULL);
	pthread_cond_init(&p->wake, NULL);
	if ((p->done_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) < 0) {
		log_error("%s: cannot make an eventfd", name);
		abort();
	}
	if (threads < 1)
		threads = 1;
	if (threads > WORKER_THREADS_MAX)
		threads = WORKER_THREADS_MAX;
	for (i = 0; i < threads; i++)
		if (pthread_create(&p->threads[p->nthreads], NULL, worker_main,
		    p) == 0)
			p->nthreads++;
	if (p->nthreads == 0) {
		log_error("%s: cannot start a thread", name);
		abort();
	}
	return p;
}

void
worker_pool_destroy(struct worker_pool **self_p, void (*free_job)(void *job))
{
	struct worker_pool *p = *self_p;
	struct worker_queue *queues[2];
	struct worker_item *it;
	int i;

	if (p == NULL)
		return;
	pthread_mutex_lock(&p->lock);
	p->quit = 1;
	pthread_cond_broadcast(&p->wake);
	pthread_mutex_unlock(&p->lock);
	for (i = 0; i < p->nthreads; i++)
		pthread_join(p->threads[i], NULL);
	queues[0] = &p->todo;
	queues[1] = &p->done;
	for (i = 0; i < 2; i++)
		while ((it = queue_pop(queues[i])) != NULL) {
			if (free_job != NULL)
				free_job(it->job);
			free(it);
		}
	pthread_mutex_destroy(&p->lock);
	pthread_cond_destroy(&p->wake);
	close(p->done_fd);
	free(p);
	*self_p = NULL;
}

void
worker_pool_submit(struct worker_pool *self, void *job)
{
	struct worker_item *it = xcalloc(1, sizeof *it);

	it->job = job;
	pthread_mutex_lock(&self->lock);
	queue_push(&self->todo, it);
	self->busy++;
	pthread_cond_signal(&self->wake);
	pthread_mutex_unlock(&self->lock);
}

void *
worker_pool_take(struct worker_pool *self)
{
	struct worker_item *it;
	void *job = NULL;
	uint64_t count;

	/* Cleared before the queue is looked at: a job done after this
	 * makes the descriptor readable again. */
	if (read(self->done_fd, &count, sizeof count) < 0) {
		/* EAGAIN: nothing was signalled since the last take. */
	}
	pthread_mutex_lock(&self->lock);
	if ((it = queue_pop(&self->done)) != NULL)
		self->busy--;
	pthread_mutex_unlock(&self->lock);
	if (it != NULL) {
		job = it->job;
		free(it);
	}
	return job;
}

int
worker_pool_busy(struct worker_pool *self)
{
	int n;

	pthread_mutex_lock(&self->lock);
	n = self->busy;
	pthread_mutex_unlock(&self->lock);
	return n;
}

int64_t
retry_backoff_ms(int64_t base_ms, int attempt, int64_t cap_ms)
{
	int64_t wait = base_ms < 1 ? 1 : base_ms, jitter;
	int i;

	for (i = 1; i < attempt && wait < cap_ms; i++)
		wait *= 2;
	if (wait > cap_ms)
		wait = cap_ms;
	jitter = wait / 5;
	if (jitter > 0)
		wait += (int64_t)(random() % (2 * jitter + 1)) - jitter;
	return wait < 1 ? 1 : wait;
}

int
worker_pool_fd(const struct worker_pool *self)
{
	return self->done_fd;
}
