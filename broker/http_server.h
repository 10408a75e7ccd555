/*
 * http_server.h - the HTTP API (issue 10): libevent's evhttp on the
 * listeners.http and listeners.https endpoints, the router-style Post/Get
 * endpoints (/cgi-bin/sms_*), the JSON API under /api/v1/, /healthz,
 * /readyz and Prometheus /metrics. docs/http-api.md describes them.
 *
 * Runs on the loop thread. Answers that report a stored message are sent
 * only after the store's commit. Everything a client sends is bounded
 * (body, headers, URL, time, connections, rate) and checked; bad input
 * gets a 4xx answer with a reason, never more than that.
 */
#ifndef SMSB_HTTP_SERVER_H
#define SMSB_HTTP_SERVER_H

#include <stddef.h>

struct broker;
struct http_server;

/*
 * Opens the enabled HTTP and HTTPS endpoints (logging "listening
 * proto=http|https addr=... port=N" for each). Returns the server, or NULL
 * after logging why (a port taken, a bad certificate).
 */
struct http_server *http_server_new(struct broker *b);

/* Stops accepting connections; those open are served until they close. NULL is fine. */
void http_server_stop_listening(struct http_server *srv);

/* Open connections (for status and metrics). */
size_t http_server_connections(const struct http_server *srv);

/* The configuration was replaced (SIGHUP): forget verified logins. NULL is fine. */
void http_server_config_changed(struct http_server *srv);

/* Closes every connection and frees srv. Call after the store has run its last callbacks. */
void http_server_free(struct http_server *srv);

#endif
