/*
 * listener.h - the TCP listeners of one kind (SMPP, SMPP over TLS, HTTP).
 *
 * A listener_set opens one socket per configured endpoint (IPv4 and IPv6
 * apart: IPv6 sockets are v6-only so "0.0.0.0" and "::" can coexist) and
 * hands every accepted connection to its accept function. Port 0 takes a
 * free port, logged with the port the kernel chose (tests use that).
 */
#ifndef SMSB_LISTENER_H
#define SMSB_LISTENER_H

#include <event2/util.h>
#include <stdbool.h>
#include <sys/socket.h>

struct event_base;
struct conf_listener;
struct listener_set;

typedef void (*listener_accept_fn)(void *arg, evutil_socket_t fd,
				   const struct sockaddr *peer, int peer_len);

/*
 * Opens every endpoint of cl (nothing when it is disabled). Returns the set,
 * or NULL after logging which endpoint failed and why. name ("smpp") is for
 * the log only and must outlive the set.
 */
struct listener_set *listener_set_open(struct event_base *base, const char *name,
				       const struct conf_listener *cl,
				       listener_accept_fn on_accept, void *arg);

/* Do cl and the set listen on the same endpoints? (Reload keeps it then.) */
bool listener_set_same(const struct listener_set *ls, const struct conf_listener *cl);

/* The port actually bound by the n-th socket (for port 0), or 0. */
int listener_set_port(const struct listener_set *ls, unsigned n);

struct conf_endpoint;
/*
 * Binds and listens on one endpoint the way a listener_set does (v6-only
 * IPv6, SO_REUSEADDR), for servers that accept on their own (evhttp).
 * Returns the non-blocking fd and the bound port, or -1 with errno.
 */
int listener_bind(const struct conf_endpoint *ep, int *bound_port);

/* Stops accepting and closes the sockets; connections already made stay. NULL is fine. */
void listener_set_free(struct listener_set *ls);

#endif
