/* fwd_worker.c - one blocking job at a time on a thread of its own (see fwd_worker.h). */
#include "fwd_worker.h"

#include <event2/event.h>
#include <pthread.h>
#include <stdlib.h>

struct fwd_worker {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cond;
	atomic_bool stop;
	struct event *done_ev;
	/* The job: set by the loop, run by the thread; under mu. */
	fwd_work_fn work;
	fwd_done_fn done;
	void *arg;
	bool queued, finished;
	bool busy; /* loop thread only: handed over and not yet called back */
};

static void *worker_main(void *p)
{
	struct fwd_worker *w = p;
	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->queued && !atomic_load(&w->stop))
			pthread_cond_wait(&w->cond, &w->mu);
		if (atomic_load(&w->stop))
			break;
		w->queued = false;
		fwd_work_fn work = w->work;
		void *arg = w->arg;
		pthread_mutex_unlock(&w->mu);
		work(arg, &w->stop);
		pthread_mutex_lock(&w->mu);
		w->finished = true;
		/* libevent runs with pthreads: activating from this thread is safe. */
		event_active(w->done_ev, EV_READ, 0);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static void done_cb(evutil_socket_t fd, short what, void *p)
{
	(void)fd;
	(void)what;
	struct fwd_worker *w = p;
	pthread_mutex_lock(&w->mu);
	bool finished = w->finished;
	w->finished = false;
	fwd_done_fn done = w->done;
	void *arg = w->arg;
	pthread_mutex_unlock(&w->mu);
	if (!finished)
		return;
	w->busy = false;
	done(arg);
}

struct fwd_worker *fwd_worker_new(struct event_base *base)
{
	struct fwd_worker *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	atomic_init(&w->stop, false);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cond, NULL);
	w->done_ev = event_new(base, -1, 0, done_cb, w);
	if (!w->done_ev || pthread_create(&w->thread, NULL, worker_main, w) != 0) {
		if (w->done_ev)
			event_free(w->done_ev);
		pthread_cond_destroy(&w->cond);
		pthread_mutex_destroy(&w->mu);
		free(w);
		return NULL;
	}
	return w;
}

int fwd_worker_run(struct fwd_worker *w, fwd_work_fn work, fwd_done_fn done, void *arg)
{
	if (w->busy || atomic_load(&w->stop))
		return -1;
	pthread_mutex_lock(&w->mu);
	w->work = work;
	w->done = done;
	w->arg = arg;
	w->queued = true;
	w->finished = false;
	w->busy = true;
	pthread_cond_signal(&w->cond);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

bool fwd_worker_busy(const struct fwd_worker *w)
{
	return w->busy;
}

void fwd_worker_free(struct fwd_worker *w, void **aborted_arg)
{
	if (aborted_arg)
		*aborted_arg = NULL;
	if (!w)
		return;
	pthread_mutex_lock(&w->mu);
	atomic_store(&w->stop, true);
	pthread_cond_broadcast(&w->cond);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	if (w->busy && w->finished) {
		/* It finished while the loop was busy stopping: its result still counts. */
		w->busy = false;
		w->done(w->arg);
	} else if (w->busy && aborted_arg) {
		*aborted_arg = w->arg;
	}
	event_free(w->done_ev);
	pthread_cond_destroy(&w->cond);
	pthread_mutex_destroy(&w->mu);
	free(w);
}
