/*
 * conn_smpp.c - the smpp connector (see conn_smpp.h): its options, the
 * connector ops, a small backlog in front of the links' windows, and the
 * pause an SMSC's throttling replies ask for.
 *
 * The backlog: the dispatcher hands over a batch at a time, more than the
 * windows hold. Jobs wait here (in memory, still "dispatching" in the store,
 * never on the wire) until a window has room; so a full window does not
 * send the rest of a batch back to the queue for receiver_wait. When no
 * link is bound, or the SMSC throttles, the backlog goes back to the
 * store (NOTREADY) and the connector wakes it when it can send again.
 */
#include <event2/event.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "conn_smpp.h"
#include "dispatch.h"
#include "log.h"
#include "tls.h"

static struct conn_smpp *of(struct connector *base)
{
	return (struct conn_smpp *)base;
}

/* Backlog room: one dispatcher batch plus what the windows hold. */
static size_t backlog_cap(const struct conn_smpp *c)
{
	return c->base.b->conf->delivery.batch + (size_t)c->o.window * c->n_links;
}

static struct smpp_link *pick_link(struct conn_smpp *c)
{
	for (unsigned k = 0; k < c->n_links; k++) {
		struct smpp_link *l = c->links[(c->next_link + k) % c->n_links];
		if (conn_smpp_link_can_submit(l)) {
			c->next_link += k + 1;
			return l;
		}
	}
	return NULL;
}

static bool any_bound(const struct conn_smpp *c)
{
	for (unsigned i = 0; i < c->n_links; i++)
		if (c->links[i]->state == LINK_BOUND && c->links[i]->role != LINK_RX)
			return true;
	return false;
}

static bool paused(const struct conn_smpp *c)
{
	return c->paused_until != 0;
}

/* Every job waiting in the backlog back to the store, to wait there. */
static void backlog_return(struct conn_smpp *c, uint32_t error_code)
{
	while (c->n_backlog > 0) {
		struct dispatch_job *job = c->backlog[c->backlog_head];
		c->backlog_head = (c->backlog_head + 1) % c->cap_backlog;
		c->n_backlog--;
		dispatch_job_done(c->base.b, job->id, DISPATCH_NOTREADY, error_code, NULL);
	}
	c->backlog_head = 0;
	c->refused = true; /* they wait for this connector: wake them when it can send */
}

void conn_smpp_pump(struct conn_smpp *c)
{
	if (paused(c))
		return;
	while (c->n_backlog > 0) {
		struct smpp_link *l = pick_link(c);
		if (!l)
			break;
		struct dispatch_job *job = c->backlog[c->backlog_head];
		c->backlog_head = (c->backlog_head + 1) % c->cap_backlog;
		c->n_backlog--;
		conn_smpp_submit(l, job);
	}
	if (!any_bound(c) && c->n_backlog > 0)
		backlog_return(c, 0);
	/* What was refused for want of room may come now, half a backlog at a time. */
	if (c->refused && !c->stopping && any_bound(c) && c->n_backlog < backlog_cap(c) / 2) {
		c->refused = false;
		dispatcher_wake_connector(c->base.b->dispatcher, c->base.name);
	}
}

static bool smpp_ready(struct connector *base, const struct store_msg *m)
{
	(void)m;
	struct conn_smpp *c = of(base);
	bool ok = !c->stopping && !paused(c) && any_bound(c) && c->n_backlog < backlog_cap(c);
	if (!ok)
		c->refused = true;
	return ok;
}

static int backlog_push(struct conn_smpp *c, struct dispatch_job *job)
{
	if (c->n_backlog == c->cap_backlog) {
		size_t cap = c->cap_backlog ? c->cap_backlog * 2 : 64;
		struct dispatch_job **grown = malloc(cap * sizeof *grown);
		if (!grown)
			return -1;
		for (size_t i = 0; i < c->n_backlog; i++)
			grown[i] = c->backlog[(c->backlog_head + i) % c->cap_backlog];
		free(c->backlog);
		c->backlog = grown;
		c->cap_backlog = cap;
		c->backlog_head = 0;
	}
	c->backlog[(c->backlog_head + c->n_backlog) % c->cap_backlog] = job;
	c->n_backlog++;
	return 0;
}

static void smpp_send(struct connector *base, struct dispatch_job *job)
{
	struct conn_smpp *c = of(base);
	if (c->stopping || paused(c) || !any_bound(c) || backlog_push(c, job) != 0) {
		c->refused = true;
		dispatch_job_done(base->b, job->id, DISPATCH_NOTREADY, 0, NULL);
		return;
	}
	conn_smpp_pump(c);
}

void conn_smpp_pause(struct conn_smpp *c, uint32_t status)
{
	int64_t until = broker_mono_ms() + c->o.throttle_pause_ms;
	if (!paused(c))
		log_info("smpp_link.throttled connector=%s status=%s pause_ms=%lld", c->base.name,
			 smpp_status_name(status), (long long)c->o.throttle_pause_ms);
	c->paused_until = until;
	backlog_return(c, status);
}

void conn_smpp_check_pause(struct conn_smpp *c, int64_t now)
{
	if (!paused(c) || now < c->paused_until)
		return;
	c->paused_until = 0;
	log_info("smpp_link.resumed connector=%s", c->base.name);
	c->refused = true;
	conn_smpp_pump(c);
}

void conn_smpp_link_up(struct conn_smpp *c)
{
	c->refused = true;
	conn_smpp_pump(c);
}

void conn_smpp_link_down(struct conn_smpp *c)
{
	if (!any_bound(c))
		backlog_return(c, 0);
}

static void smpp_stop(struct connector *base, bool now)
{
	struct conn_smpp *c = of(base);
	c->stopping = true;
	backlog_return(c, 0);
	for (unsigned i = 0; i < c->n_links; i++)
		conn_smpp_link_stop(c->links[i], now);
}

static void copy(char *dst, size_t size, const char *src)
{
	snprintf(dst, size, "%s", src ? src : "");
}

static void opts_from(struct conn_smpp_opts *o, const struct conf_connector *cc)
{
	memset(o, 0, sizeof *o);
	copy(o->host, sizeof o->host, cc->host);
	o->port = cc->port;
	copy(o->system_id, sizeof o->system_id, cc->system_id);
	copy(o->password, sizeof o->password, cc->password);
	copy(o->system_type, sizeof o->system_type, cc->system_type);
	o->bind_mode = cc->bind_mode;
	o->binds = cc->binds;
	o->tls = cc->tls;
	o->verify_certificate = cc->verify_certificate;
	copy(o->ca_file, sizeof o->ca_file, cc->ca_file);
	o->window = cc->window;
	o->enquire_link_interval_ms = cc->enquire_link_interval_ms;
	o->response_timeout_ms = cc->response_timeout_ms;
	o->reconnect_min_ms = cc->reconnect_min_ms;
	o->reconnect_max_ms = cc->reconnect_max_ms;
	o->throttle_pause_ms = cc->throttle_pause_ms;
	copy(o->mo_account, sizeof o->mo_account, cc->mo_account);
}

/* A reload keeps the connector (and its binds) when nothing but throughput changed. */
static bool smpp_reuse(struct connector *base, const struct conf_connector *cc)
{
	struct conn_smpp *c = of(base);
	struct conn_smpp_opts o;
	if (cc->type != CONF_CONN_SMPP || c->stopping)
		return false;
	opts_from(&o, cc);
	if (memcmp(&o, &c->o, sizeof o) != 0)
		return false;
	base->throughput = cc->throughput;
	return true;
}

static void smpp_free(struct connector *base)
{
	struct conn_smpp *c = of(base);
	c->stopping = true;
	backlog_return(c, 0);
	for (unsigned i = 0; i < c->n_links; i++)
		conn_smpp_link_free(c->links[i]);
	free(c->links);
	free(c->backlog);
	if (c->tls)
		SSL_CTX_free(c->tls);
	explicit_bzero(c->o.password, sizeof c->o.password);
	free(c);
}

static const struct connector_ops smpp_ops = {
	.type = "smpp",
	.ready = smpp_ready,
	.send = smpp_send,
	.stop = smpp_stop,
	.reuse = smpp_reuse,
	.free = smpp_free,
};

static SSL_CTX *client_tls(const struct conn_smpp *c)
{
	char why[256];
	SSL_CTX *ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx)
		goto fail;
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	int ok = c->o.ca_file[0] ? SSL_CTX_load_verify_locations(ctx, c->o.ca_file, NULL)
				 : SSL_CTX_set_default_verify_paths(ctx);
	if (ok != 1)
		goto fail;
	SSL_CTX_set_verify(ctx, c->o.verify_certificate ? SSL_VERIFY_PEER : SSL_VERIFY_NONE, NULL);
	return ctx;
fail:
	log_error("smpp_link.tls_failed connector=%s ca_file=%s error=\"%s\"", c->base.name,
		  c->o.ca_file[0] ? c->o.ca_file : "-", tls_last_error(why, sizeof why));
	SSL_CTX_free(ctx);
	return NULL;
}

struct connector *conn_smpp_new(struct broker *b, const struct conf_connector *cc)
{
	struct conn_smpp *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->base.ops = &smpp_ops;
	c->base.b = b;
	snprintf(c->base.name, sizeof c->base.name, "%s", cc->name);
	opts_from(&c->o, cc);
	unsigned per_bind = c->o.bind_mode == CONF_SMPP_TX_RX ? 2 : 1;
	c->links = calloc((size_t)c->o.binds * per_bind, sizeof *c->links);
	if (!c->links || (c->o.tls && !(c->tls = client_tls(c))))
		goto fail;
	for (unsigned i = 0; i < c->o.binds; i++) {
		for (unsigned k = 0; k < per_bind; k++) {
			enum link_role role = per_bind == 1 ? LINK_TRX : k == 0 ? LINK_TX : LINK_RX;
			struct smpp_link *l = conn_smpp_link_new(c, role);
			if (!l)
				goto fail;
			c->links[c->n_links++] = l;
		}
	}
	log_info("smpp_link.connector name=%s host=%s port=%u system_id=%s binds=%u mode=%s tls=%d "
		 "window=%u", c->base.name, c->o.host, c->o.port, c->o.system_id, c->o.binds,
		 per_bind == 1 ? "transceiver" : "transmitter_receiver", c->o.tls, c->o.window);
	return &c->base;
fail:
	smpp_free(&c->base);
	return NULL;
}
