/*
 * smpp_backlog.c - deliveries waiting for room in an account's receivers.
 *
 * When every bound receiver of an account has a full window, a delivery
 * waits here in memory (in order) instead of going back to the store for
 * receiver_wait: a full window means "busy", not "nobody there". Each
 * answered deliver_sm makes room and pumps the next one out. The backlog is
 * bounded: when full, the account says "not ready" and the dispatcher leaves
 * messages in the store; when it drains to half, the dispatcher is woken.
 * If the account's last receiver goes, what waits is handed back.
 */
#include <stdlib.h>

#include "broker.h"
#include "connector.h"
#include "dispatch.h"
#include "log.h"
#include "smpp_deliver.h"
#include "smpp_server_internal.h"

#define BACKLOG_MAX 2000

bool smpp_backlog_has_room(struct account_state *a)
{
	bool room = a->n_backlog < BACKLOG_MAX;
	if (!room)
		a->refused = true;
	return room;
}

int smpp_backlog_push(struct account_state *a, struct dispatch_job *job)
{
	if (a->n_backlog == a->cap_backlog) {
		size_t cap = a->cap_backlog ? a->cap_backlog * 2 : 64;
		struct dispatch_job **grown = malloc(cap * sizeof *grown);
		if (!grown)
			return -1;
		/* Unroll the ring into the new array, oldest first. */
		for (size_t i = 0; i < a->n_backlog; i++)
			grown[i] = a->backlog[(a->backlog_head + i) % a->cap_backlog];
		free(a->backlog);
		a->backlog = grown;
		a->cap_backlog = cap;
		a->backlog_head = 0;
	}
	a->backlog[(a->backlog_head + a->n_backlog++) % a->cap_backlog] = job;
	return 0;
}

static struct dispatch_job *pop(struct account_state *a)
{
	if (a->n_backlog == 0)
		return NULL;
	struct dispatch_job *job = a->backlog[a->backlog_head];
	a->backlog_head = (a->backlog_head + 1) % a->cap_backlog;
	a->n_backlog--;
	return job;
}

void smpp_backlog_pump(struct smpp_server *srv, struct account_state *a)
{
	while (a->n_backlog > 0 && smpp_server_send_now(srv, a, a->backlog[a->backlog_head]) == 0)
		pop(a);
	if (a->refused && a->n_backlog < BACKLOG_MAX / 2) {
		a->refused = false;
		dispatcher_wake(srv->b->dispatcher, a->system_id);
	}
}

void smpp_backlog_return(struct smpp_server *srv, struct account_state *a)
{
	struct dispatch_job *job;
	size_t n = a->n_backlog;
	while ((job = pop(a)))
		dispatch_job_done(srv->b, job->id, DISPATCH_NOTREADY, 0, NULL);
	if (n)
		log_info("smpp.backlog_returned account=%s messages=%zu", a->system_id, n);
}
