/*
 * fwd_worker.h - a thread that does one slow, blocking job at a time (an
 * HTTP request, an SMTP session through libcurl) for the loop thread, and
 * hands the result back on the loop: the email-to-SMS poller's pattern
 * (pop3_poll.c: a worker thread per inbox, event_active to reach the
 * loop), for jobs the loop gives rather than a schedule the thread keeps.
 *
 * One worker per forwarding target: a target that hangs holds only its
 * own thread. The job's memory is the caller's until done runs.
 */
#ifndef SMSB_FWD_WORKER_H
#define SMSB_FWD_WORKER_H

#include <stdatomic.h>
#include <stdbool.h>

struct event_base;
struct fwd_worker;

typedef void (*fwd_work_fn)(void *arg, atomic_bool *stop); /* on the worker thread */
typedef void (*fwd_done_fn)(void *arg);                    /* on the loop thread, after work */

/* Starts the thread. NULL: no memory or no thread. */
struct fwd_worker *fwd_worker_new(struct event_base *base);

/* Hands a job over. 0, or -1 when one is under way (or the worker stops). */
int fwd_worker_run(struct fwd_worker *w, fwd_work_fn work, fwd_done_fn done, void *arg);

bool fwd_worker_busy(const struct fwd_worker *w);

/*
 * Raises the stop flag (work in progress should give up within a second),
 * joins the thread and frees w. A job that finished gets its done call
 * now; one cut short does not: *aborted_arg gets its arg (else NULL).
 * NULL w is fine.
 */
void fwd_worker_free(struct fwd_worker *w, void **aborted_arg);

#endif
