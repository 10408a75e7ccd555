/*
 * http_internal.h - what the HTTP API's files share: the server, the
 * per-request context, replies, and the endpoint families' entry points.
 *
 * A struct http_req lives from the moment evhttp hands us a request until
 * one of the http_reply_* functions answers it; after that it is freed and
 * must not be touched. Asynchronous work (store ops) keeps the http_req as
 * its callback argument; evhttp keeps the request alive until we answer,
 * even if the client went away (the answer then goes nowhere).
 */
#ifndef SMSB_HTTP_INTERNAL_H
#define SMSB_HTTP_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "http_query.h"
#include "id_map.h"

struct broker;
struct evhttp;
struct evhttp_request;
struct event;
struct lockout;
struct http_auth_cache;
struct json_t;
typedef struct ssl_ctx_st SSL_CTX;

struct http_server {
	struct broker *b;
	struct http_auth_cache *auth_cache; /* verified logins (hashed passwords) */
	struct evhttp *plain, *tls;
	SSL_CTX *tls_ctx;
	struct http_rate_table *rates;
	struct id_map conns;    /* conn id -> struct http_conn */
	struct id_map by_evcon; /* (uintptr_t)evcon -> conn id */
	uint64_t next_conn;
	size_t n_conns;
	size_t n_reqs;          /* requests being answered */
};

/* How a family answers errors: plain text (Post/Get) or JSON. */
enum http_style { HTTP_STYLE_TEXT, HTTP_STYLE_JSON };

struct http_req {
	struct http_server *srv;
	struct evhttp_request *req;
	uint64_t conn_id;
	int method;               /* EVHTTP_REQ_GET, ... */
	enum http_style style;
	struct sockaddr_storage peer;
	char peer_text[64];       /* "ip" for logs */
	char path[256];           /* decoded path, without the query */
	const char *tail;         /* the path after the family's prefix */
	struct http_query q;      /* query string, then (POST form) the body's fields */
	char *qbuf;
	char user[40];            /* authenticated user, "" before */
	char account[24];         /* the account the user sends as (http_auth), "" = none */
	int64_t started_ms;       /* monotonic */
};

/* ---- replies (http_reply.c): each answers and frees r ---- */

void http_reply_text(struct http_req *r, int code, const char *text);
/* Takes the reference to body. */
void http_reply_json(struct http_req *r, int code, struct json_t *body);
/* An error in r's style: text "Error: <reason>" or {"error": {"status": code, "message": reason}}. */
void http_reply_error(struct http_req *r, int code, const char *reason);
/* The output buffer already holds the body: send it with this Content-Type. */
void http_reply_body(struct http_req *r, int code, const char *content_type);
/* Adds a response header before the reply. */
void http_reply_header(struct http_req *r, const char *name, const char *value);
/* Standard reason phrase of code. */
const char *http_reason(int code);
/* Unix ms as an RFC 3339 UTC string ("2030-01-02T03:04:05.000Z"); 0 or less: null. New reference. */
struct json_t *http_time_json(int64_t ms);

/* http_server.c: r is answered (its connection's timer restarts); called by http_reply.c. */
void http_server_answered(struct http_req *r);

/* ---- authentication (http_auth.c) ---- */

/*
 * Checks r's credentials (HTTP Basic, or username/password parameters) and
 * that the user may call method (enum conf_http_method). Returns 0, or
 * answers (401 bad credentials or a blocked address, 403 method not allowed
 * for this user) and returns -1: r is gone then.
 */
int http_auth(struct http_req *r, unsigned method);
/* The lockout table shared with SMPP binds. */
struct lockout *http_lockout(struct http_server *srv);

/* ---- endpoint families ---- */

void http_cgi_handle(struct http_req *r);      /* /cgi-bin/... (http_cgi.c) */
void http_api_handle(struct http_req *r);      /* /api/v1/messages... (http_api_msg.c) */
void http_ops_handle(struct http_req *r);      /* /healthz, /readyz, /metrics (http_ops.c) */
/* /api/v1/sessions, connectors, queues, lockouts, meters, inboxes (http_api_status.c); false if not one */
bool http_api_status_handle(struct http_req *r);

/* ---- shared helpers ---- */

/* The parameter name of r (query or form), or NULL. */
const char *http_param(const struct http_req *r, const char *name);
/* Reads the JSON body of r; NULL after answering 400 (r is gone then). */
struct json_t *http_json_body(struct http_req *r);

#endif
