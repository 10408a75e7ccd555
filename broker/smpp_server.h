/*
 * smpp_server.h - our SMSC side of SMPP: accepts ESME connections, owns
 * their sessions, and stops them in order. broker.c uses this header; the
 * session files use smpp_server_internal.h.
 */
#ifndef SMSB_SMPP_SERVER_H
#define SMSB_SMPP_SERVER_H

#include <event2/util.h>
#include <stddef.h>
#include <sys/socket.h>

struct broker;
struct smpp_server;

struct smpp_server *smpp_server_new(struct broker *b);
/* A listener_accept_fn: arg is the server. Takes ownership of fd. */
void smpp_server_accept(void *arg, evutil_socket_t fd, const struct sockaddr *peer, int peer_len);
/* The same for the TLS listener: the handshake first, with the server's TLS context. */
void smpp_server_accept_tls(void *arg, evutil_socket_t fd, const struct sockaddr *peer, int peer_len);
/* Gives srv the TLS context for smpp_server_accept_tls (srv owns it from now). */
typedef struct ssl_ctx_st SSL_CTX;
void smpp_server_set_tls(struct smpp_server *srv, SSL_CTX *ctx);
/* Unbinds every session (they close as their peers answer or time out). */
void smpp_server_shutdown(struct smpp_server *srv);
size_t smpp_server_sessions(const struct smpp_server *srv);

/* The per-address failed-login table, shared with the HTTP API's logins. */
struct lockout;
struct lockout *smpp_server_lockout(struct smpp_server *srv);
/* Closes whatever sessions remain and frees srv. NULL is fine. */
void smpp_server_free(struct smpp_server *srv);

#endif
