/*
 * conn_local.c - the local connector: messages for applications bound to
 * this broker, as deliver_sm to a receiver of one account. With no account
 * (the dispatcher's own instance) each message goes to its own account:
 * that is how receipts and MO messages reach the ESMEs they belong to.
 */
#include <stdio.h>
#include <stdlib.h>

#include "broker.h"
#include "connector.h"
#include "smpp_deliver.h"

struct conn_local {
	struct connector base;
	char account[STORE_ACCOUNT_MAX]; /* "" = the message's own */
};

static const char *account_for(const struct conn_local *c, const struct store_msg *m)
{
	return c->account[0] ? c->account : m->account;
}

static bool local_ready(struct connector *base, const struct store_msg *m)
{
	struct conn_local *c = (struct conn_local *)base;
	return smpp_server_can_deliver(base->b->smpp, account_for(c, m));
}

static void local_send(struct connector *base, struct dispatch_job *job)
{
	struct conn_local *c = (struct conn_local *)base;
	if (smpp_server_deliver(base->b->smpp, account_for(c, &job->msg), job) != 0)
		dispatch_job_done(base->b, job->id, DISPATCH_NOTREADY, 0, NULL);
}

static void local_free(struct connector *base)
{
	free(base);
}

static const struct connector_ops local_ops = {
	.type = "local",
	.ready = local_ready,
	.send = local_send,
	.free = local_free,
};

struct connector *conn_local_new(struct broker *b, const char *name, const char *account)
{
	struct conn_local *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->base.ops = &local_ops;
	c->base.b = b;
	snprintf(c->base.name, sizeof c->base.name, "%s", name);
	snprintf(c->account, sizeof c->account, "%s", account ? account : "");
	return &c->base;
}
