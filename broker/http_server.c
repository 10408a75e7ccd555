/*
 * http_server.c - evhttp on our listeners: connections, limits, routing.
 *
 * Connections: evhttp accepts and builds one bufferevent per connection
 * through our bevcb (plain, or OpenSSL for HTTPS). Right after, in the same
 * loop turn and before any byte is read, attach_cb finds evhttp's
 * connection and registers a close callback: from then on we count the
 * connection, run its request timer and know when it goes. The timer closes
 * a connection whose request (or keep-alive idleness) outlasts
 * http.request_timeout, which also ends slowloris-style trickling that
 * evhttp's own per-read timeout would let through. Over max_connections a
 * connection gets 503 and is closed.
 *
 * Requests: size limits are evhttp's (413 for headers and bodies); the URL
 * length (414), the per-address rate (429), the path and the method are
 * checked here before any family sees the request.
 */
#include "http_server.h"

#include <event2/buffer.h>
#include <event2/bufferevent.h>
#include <event2/bufferevent_ssl.h>
#include <event2/event.h>
#include <event2/http.h>
#include <event2/listener.h>
#include <errno.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "broker.h"
#include "conf.h"
#include "http_auth_cache.h"
#include "http_internal.h"
#include "http_limit.h"
#include "listener.h"
#include "log.h"
#include "metrics.h"
#include "tls.h"

struct http_conn {
	uint64_t id;
	struct http_server *srv;
	struct bufferevent *bev;
	struct evhttp_connection *evcon; /* set by attach_cb */
	struct event *attach, *timer;
	bool over_limit;
	bool tls;
	unsigned busy; /* requests handed to us and not answered */
};

static void conn_forget(struct http_conn *c)
{
	struct http_server *srv = c->srv;
	id_map_del(&srv->conns, c->id);
	if (c->evcon)
		id_map_del(&srv->by_evcon, (uint64_t)(uintptr_t)c->evcon);
	if (c->attach)
		event_free(c->attach);
	if (c->timer)
		event_free(c->timer);
	srv->n_conns--;
	free(c);
}

static void conn_closed_cb(struct evhttp_connection *evcon, void *arg)
{
	(void)evcon;
	conn_forget(arg);
}

static void conn_arm(struct http_conn *c)
{
	int64_t ms = c->srv->b->conf->http_opts.request_timeout_ms;
	struct timeval tv = {(time_t)(ms / 1000), (suseconds_t)(ms % 1000) * 1000};
	evtimer_add(c->timer, &tv);
}

static void conn_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct http_conn *c = arg;
	if (c->busy) {
		conn_arm(c); /* our answer is on its way (a store commit): not the client's fault */
		return;
	}
	char host[64] = "?";
	char *addr = NULL;
	ev_uint16_t port = 0;
	evhttp_connection_get_peer(c->evcon, &addr, &port);
	snprintf(host, sizeof host, "%s", addr ? addr : "?");
	log_info("http.timeout peer=%s conn=%llu", host, (unsigned long long)c->id);
	metrics_count(METRIC_HTTP_TIMEOUTS, 1);
	/* Frees c through conn_closed_cb. */
	evhttp_connection_free(c->evcon);
}

/* Runs once, right after evhttp made its connection around c->bev (see the file comment). */
static void attach_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct http_conn *c = arg;
	struct bufferevent *bev = c->bev;
	bufferevent_event_cb ecb = NULL;
	void *cbarg = NULL;
	bufferevent_getcb(bev, NULL, NULL, &ecb, &cbarg);
	c->bev = NULL;
	if (!ecb || !cbarg) {
		/* evhttp gave up on it already (out of memory): only our reference is left. */
		bufferevent_decref(bev);
		conn_forget(c);
		return;
	}
	c->evcon = cbarg;
	bufferevent_decref(bev);
	id_map_put(&c->srv->by_evcon, (uint64_t)(uintptr_t)c->evcon, (void *)(uintptr_t)c->id);
	evhttp_connection_set_closecb(c->evcon, conn_closed_cb, c);
	conn_arm(c);
}

static struct bufferevent *make_bev(struct event_base *base, struct http_server *srv, bool tls)
{
	if (!tls)
		return bufferevent_socket_new(base, -1, BEV_OPT_CLOSE_ON_FREE);
	SSL *ssl = SSL_new(srv->tls_ctx);
	if (!ssl)
		return NULL;
	struct bufferevent *bev = bufferevent_openssl_socket_new(base, -1, ssl,
								 BUFFEREVENT_SSL_ACCEPTING,
								 BEV_OPT_CLOSE_ON_FREE);
	if (!bev)
		SSL_free(ssl);
	return bev;
}

/* The limits of http_opts as they are now: evhttp copies them into each new connection, so a reload applies to the next one. */
static void apply_limits(struct evhttp *http, const struct conf_http *o)
{
	evhttp_set_max_body_size(http, o->max_body_size);
	evhttp_set_max_headers_size(http, o->max_header_size);
	struct timeval tv = {(time_t)(o->request_timeout_ms / 1000),
			     (suseconds_t)(o->request_timeout_ms % 1000) * 1000};
	evhttp_set_timeout_tv(http, &tv);
}

static struct bufferevent *bev_new(struct event_base *base, struct http_server *srv, bool tls)
{
	struct evhttp *http = tls ? srv->tls : srv->plain;
	if (http)
		apply_limits(http, &srv->b->conf->http_opts);
	struct bufferevent *bev = make_bev(base, srv, tls);
	struct http_conn *c = bev ? calloc(1, sizeof *c) : NULL;
	if (!c)
		return bev; /* served, just not tracked: better than refusing on a small allocation */
	c->id = ++srv->next_conn;
	c->srv = srv;
	c->bev = bev;
	c->tls = tls;
	c->attach = event_new(base, -1, 0, attach_cb, c);
	c->timer = evtimer_new(base, conn_timeout_cb, c);
	if (!c->attach || !c->timer || id_map_put(&srv->conns, c->id, c) != 0) {
		if (c->attach)
			event_free(c->attach);
		if (c->timer)
			event_free(c->timer);
		free(c);
		return bev;
	}
	srv->n_conns++;
	c->over_limit = srv->n_conns > srv->b->conf->http_opts.max_connections;
	bufferevent_incref(bev);
	event_active(c->attach, 0, 0);
	metrics_count(METRIC_HTTP_CONNECTIONS, 1);
	return bev;
}

static struct bufferevent *plain_bevcb(struct event_base *base, void *arg)
{
	return bev_new(base, arg, false);
}

static struct bufferevent *tls_bevcb(struct event_base *base, void *arg)
{
	return bev_new(base, arg, true);
}

static struct http_conn *conn_of(struct http_server *srv, struct evhttp_request *req)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(req);
	if (!evcon)
		return NULL;
	uint64_t id = (uint64_t)(uintptr_t)id_map_get(&srv->by_evcon, (uint64_t)(uintptr_t)evcon);
	return id ? id_map_get(&srv->conns, id) : NULL;
}

/* ---- requests ---- */

static void peer_of(struct http_req *r)
{
	struct evhttp_connection *evcon = evhttp_request_get_connection(r->req);
	char *addr = NULL;
	ev_uint16_t port = 0;
	if (evcon)
		evhttp_connection_get_peer(evcon, &addr, &port);
	snprintf(r->peer_text, sizeof r->peer_text, "%s", addr ? addr : "?");
	const struct sockaddr *sa = evcon ? evhttp_connection_get_addr(evcon) : NULL;
	if (sa && sa->sa_family == AF_INET)
		memcpy(&r->peer, sa, sizeof(struct sockaddr_in));
	else if (sa && sa->sa_family == AF_INET6)
		memcpy(&r->peer, sa, sizeof(struct sockaddr_in6));
}

/* Splits the URI: decoded path into r->path, the query decoded into r->q. 0, or answered. */
static int parse_target(struct http_req *r)
{
	const char *uri = evhttp_request_get_uri(r->req);
	const struct conf_http *o = &r->srv->b->conf->http_opts;
	if (!uri || uri[0] != '/') {
		http_reply_error(r, 400, "the request target must be a path");
		return -1;
	}
	if (strlen(uri) > o->max_url_length) {
		http_reply_error(r, 414, "the URL is longer than http.max_url_length");
		return -1;
	}
	const char *qm = strchr(uri, '?');
	size_t plen = qm ? (size_t)(qm - uri) : strlen(uri);
	/* Decode the path part only (the query is decoded field by field). */
	char raw[sizeof r->path];
	if (plen >= sizeof raw) {
		http_reply_error(r, 404, "no such endpoint");
		return -1;
	}
	memcpy(raw, uri, plen);
	raw[plen] = '\0';
	size_t dlen = 0;
	char *dec = evhttp_uridecode(raw, 0, &dlen);
	if (!dec || strlen(dec) != dlen) {
		free(dec);
		http_reply_error(r, 400, "a NUL byte in the path");
		return -1;
	}
	snprintf(r->path, sizeof r->path, "%s", dec);
	free(dec);
	const char *query = qm ? qm + 1 : "";
	size_t qlen = strlen(query);
	const char *hash = strchr(query, '#');
	if (hash)
		qlen = (size_t)(hash - query);
	r->qbuf = malloc(HTTP_QUERY_BUF_SIZE(qlen));
	if (!r->qbuf) {
		http_reply_error(r, 500, "out of memory");
		return -1;
	}
	size_t pos = 0;
	int rc = http_query_parse(query, qlen, r->qbuf, HTTP_QUERY_BUF_SIZE(qlen), &r->q, &pos);
	if (rc != HTTP_QUERY_OK) {
		char why[128];
		snprintf(why, sizeof why, "query string: %s at byte %zu", http_query_strerror(rc), pos);
		http_reply_error(r, 400, why);
		return -1;
	}
	return 0;
}

/* A POST with a form body: its fields join the query's (the same name twice is refused). */
static int parse_form(struct http_req *r)
{
	if (r->method != EVHTTP_REQ_POST)
		return 0;
	const char *ct = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Content-Type");
	if (!ct || strncasecmp(ct, "application/x-www-form-urlencoded", 33) != 0)
		return 0;
	struct evbuffer *in = evhttp_request_get_input_buffer(r->req);
	size_t len = evbuffer_get_length(in);
	const char *body = (const char *)evbuffer_pullup(in, -1);
	char *buf = malloc(HTTP_QUERY_BUF_SIZE(len));
	struct http_query form;
	size_t pos = 0;
	int rc = buf ? http_query_parse(body ? body : "", len, buf, HTTP_QUERY_BUF_SIZE(len), &form, &pos)
		     : HTTP_QUERY_ENOSPACE;
	if (rc == HTTP_QUERY_OK) {
		for (size_t i = 0; i < form.n && rc == HTTP_QUERY_OK; i++) {
			if (http_query_get(&r->q, form.f[i].name))
				rc = HTTP_QUERY_EDUP;
			else if (r->q.n == HTTP_QUERY_MAX_FIELDS)
				rc = HTTP_QUERY_ETOOMANY;
			else
				r->q.f[r->q.n++] = form.f[i];
		}
	}
	if (rc != HTTP_QUERY_OK) {
		free(buf);
		char why[128];
		snprintf(why, sizeof why, "form body: %s", http_query_strerror(rc));
		http_reply_error(r, 400, why);
		return -1;
	}
	/* The fields point into buf: keep it with the query's. */
	char *both = r->qbuf;
	r->qbuf = buf;
	free(both == buf ? NULL : both);
	return 0;
}

static void route(struct http_req *r)
{
	const char *p = r->path;
	if (strncmp(p, "/cgi-bin/", 9) == 0) {
		r->style = HTTP_STYLE_TEXT;
		r->tail = p + 9;
		if (parse_form(r) == 0)
			http_cgi_handle(r);
		return;
	}
	if (strncmp(p, "/api/v1/", 8) == 0) {
		r->tail = p + 8;
		if (!http_api_status_handle(r))
			http_api_handle(r);
		return;
	}
	http_ops_handle(r);
}

static void request_cb(struct evhttp_request *req, void *arg)
{
	struct http_server *srv = arg;
	struct http_conn *c = conn_of(srv, req);
	struct http_req *r = calloc(1, sizeof *r);
	if (!r) {
		evhttp_send_error(req, 500, NULL);
		return;
	}
	r->srv = srv;
	r->req = req;
	r->conn_id = c ? c->id : 0;
	r->method = (int)evhttp_request_get_command(req);
	const char *uri = evhttp_request_get_uri(req);
	r->style = uri && strncmp(uri, "/cgi-bin/", 9) == 0 ? HTTP_STYLE_TEXT : HTTP_STYLE_JSON;
	r->started_ms = broker_mono_ms();
	srv->n_reqs++;
	if (c)
		c->busy++;
	peer_of(r);
	metrics_count(METRIC_HTTP_REQUESTS, 1);
	if (c && c->over_limit) {
		http_reply_header(r, "Connection", "close");
		http_reply_error(r, 503, "too many connections (http.max_connections)");
		return;
	}
	if (!http_limit_take(srv->rates, (const struct sockaddr *)&r->peer,
			     srv->b->conf->http_opts.rate_limit, broker_mono_ms())) {
		metrics_count(METRIC_HTTP_RATE_LIMITED, 1);
		http_reply_header(r, "Retry-After", "1");
		http_reply_error(r, 429, "too many requests from this address (http.rate_limit)");
		return;
	}
	if (parse_target(r) != 0)
		return;
	route(r);
}

void http_server_answered(struct http_req *r)
{
	struct http_server *srv = r->srv;
	srv->n_reqs--;
	struct http_conn *c = r->conn_id ? id_map_get(&srv->conns, r->conn_id) : NULL;
	if (c && c->busy) {
		c->busy--;
		conn_arm(c); /* keep-alive idleness is timed from now */
	}
}

/* ---- set-up ---- */

static int bind_endpoints(struct evhttp *http, const char *name, const struct conf_listener *cl)
{
	for (size_t i = 0; cl->enabled && i < cl->n_endpoints; i++) {
		char text[300];
		conf_endpoint_format(&cl->endpoints[i], text, sizeof text);
		int port = 0;
		int fd = listener_bind(&cl->endpoints[i], &port);
		if (fd < 0 || !evhttp_accept_socket_with_handle(http, fd)) {
			log_error("listener.failed proto=%s addr=%s error=\"%s\"", name, text,
				  fd < 0 ? strerror(errno) : "evhttp refused the socket");
			if (fd >= 0)
				close(fd);
			return -1;
		}
		log_info("listening proto=%s addr=%s port=%d", name, text, port);
	}
	return 0;
}

static struct evhttp *make_evhttp(struct http_server *srv, bool tls)
{
	const struct conf_http *o = &srv->b->conf->http_opts;
	struct evhttp *http = evhttp_new(srv->b->base);
	if (!http)
		return NULL;
	apply_limits(http, o);
	evhttp_set_allowed_methods(http, EVHTTP_REQ_GET | EVHTTP_REQ_POST | EVHTTP_REQ_DELETE |
						 EVHTTP_REQ_HEAD);
	evhttp_set_default_content_type(http, "text/plain; charset=utf-8");
	evhttp_set_gencb(http, request_cb, srv);
	evhttp_set_bevcb(http, tls ? tls_bevcb : plain_bevcb, srv);
	return http;
}

struct http_server *http_server_new(struct broker *b)
{
	const struct conf *conf = b->conf;
	struct http_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return NULL;
	srv->b = b;
	srv->rates = http_limit_new();
	srv->auth_cache = http_auth_cache_new();
	if (!srv->rates || !srv->auth_cache)
		goto fail;
	if (conf->http.enabled) {
		srv->plain = make_evhttp(srv, false);
		if (!srv->plain || bind_endpoints(srv->plain, "http", &conf->http) != 0)
			goto fail;
	}
	if (conf->https.enabled) {
		char err[512];
		srv->tls_ctx = tls_server_ctx_new(&conf->https, err, sizeof err);
		if (!srv->tls_ctx) {
			log_error("listener.failed proto=https error=\"%s\"", err);
			goto fail;
		}
		srv->tls = make_evhttp(srv, true);
		if (!srv->tls || bind_endpoints(srv->tls, "https", &conf->https) != 0)
			goto fail;
	}
	return srv;
fail:
	http_server_free(srv);
	return NULL;
}

struct bound_list {
	struct evhttp_bound_socket *s[64];
	size_t n;
};

static void collect_bound(struct evhttp_bound_socket *bound, void *arg)
{
	struct bound_list *l = arg;
	if (l->n < sizeof l->s / sizeof *l->s)
		l->s[l->n++] = bound;
}

static void unbind_all(struct evhttp *http)
{
	if (!http)
		return;
	/* Collect first: deleting while evhttp walks its list would skip entries. */
	struct bound_list l = {.n = 0};
	evhttp_foreach_bound_socket(http, collect_bound, &l);
	for (size_t i = 0; i < l.n; i++)
		evhttp_del_accept_socket(http, l.s[i]);
}

void http_server_stop_listening(struct http_server *srv)
{
	if (!srv)
		return;
	unbind_all(srv->plain);
	unbind_all(srv->tls);
}

size_t http_server_connections(const struct http_server *srv)
{
	return srv ? srv->n_conns : 0;
}

void http_server_free(struct http_server *srv)
{
	if (!srv)
		return;
	/* evhttp_free closes every connection: their close callbacks forget them. */
	if (srv->plain)
		evhttp_free(srv->plain);
	if (srv->tls)
		evhttp_free(srv->tls);
	/* Connections evhttp never finished making (attach_cb still pending). */
	for (size_t i = 0; i < srv->conns.cap; i++) {
		uint64_t k = srv->conns.keys[i];
		if (k == 0 || k == UINT64_MAX)
			continue;
		struct http_conn *c = srv->conns.vals[i];
		if (c->bev)
			bufferevent_decref(c->bev);
		c->evcon = NULL;
		conn_forget(c);
	}
	id_map_free(&srv->conns);
	id_map_free(&srv->by_evcon);
	if (srv->tls_ctx)
		SSL_CTX_free(srv->tls_ctx);
	http_limit_free(srv->rates);
	http_auth_cache_free(srv->auth_cache);
	free(srv);
}

void http_server_config_changed(struct http_server *srv)
{
	if (srv)
		http_auth_cache_clear(srv->auth_cache);
}
