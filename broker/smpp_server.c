/*
 * smpp_server.c - accepting ESME connections and keeping their sessions:
 * the list, the id map completions look sessions up in, per-account state,
 * and the reaper that frees closed sessions outside their own callbacks.
 */
#include "smpp_server.h"

#include <arpa/inet.h>
#include <event2/bufferevent.h>
#include <openssl/ssl.h>
#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "lockout.h"
#include "log.h"
#include "smpp_server_internal.h"

static void reap_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	struct smpp_server *srv = arg;
	while (srv->graveyard) {
		struct smpp_session *s = srv->graveyard;
		srv->graveyard = s->next;
		event_free(s->tick);
		free(s);
	}
}

struct smpp_server *smpp_server_new(struct broker *b)
{
	struct smpp_server *srv = calloc(1, sizeof *srv);
	if (!srv)
		return NULL;
	srv->b = b;
	srv->lockout = lockout_new();
	srv->reaper = event_new(b->base, -1, 0, reap_cb, srv);
	if (!srv->lockout || !srv->reaper) {
		smpp_server_free(srv);
		return NULL;
	}
	return srv;
}

static void format_peer(const struct sockaddr *sa, char *out, size_t size)
{
	char ip[INET6_ADDRSTRLEN] = "?";
	int port = 0;
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		inet_ntop(AF_INET, &in->sin_addr, ip, sizeof ip);
		port = ntohs(in->sin_port);
		snprintf(out, size, "%s:%d", ip, port);
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		inet_ntop(AF_INET6, &in6->sin6_addr, ip, sizeof ip);
		port = ntohs(in6->sin6_port);
		snprintf(out, size, "[%s]:%d", ip, port);
	} else {
		snprintf(out, size, "unknown");
	}
}

static void accept_conn(struct smpp_server *srv, evutil_socket_t fd, const struct sockaddr *peer,
			int peer_len, SSL_CTX *tls);

void smpp_server_accept(void *arg, evutil_socket_t fd, const struct sockaddr *peer, int peer_len)
{
	accept_conn(arg, fd, peer, peer_len, NULL);
}

void smpp_server_accept_tls(void *arg, evutil_socket_t fd, const struct sockaddr *peer, int peer_len)
{
	struct smpp_server *srv = arg;
	accept_conn(srv, fd, peer, peer_len, srv->tls);
}

static void accept_conn(struct smpp_server *srv, evutil_socket_t fd, const struct sockaddr *peer,
			int peer_len, SSL_CTX *tls)
{
	struct smpp_session *s = calloc(1, sizeof *s);
	if (!s) {
		log_error("smpp.accept_failed error=\"out of memory\"");
		close(fd);
		return;
	}
	s->srv = srv;
	s->id = ++srv->next_id;
	if (peer_len > 0 && (size_t)peer_len <= sizeof s->peer_addr)
		memcpy(&s->peer_addr, peer, (size_t)peer_len);
	format_peer(peer, s->peer, sizeof s->peer);
	if (id_map_put(&srv->by_id, s->id, s) != 0 || sess_start(s, srv->b->base, fd, tls) != 0) {
		log_error("smpp.accept_failed peer=%s error=\"out of memory\"", s->peer);
		id_map_del(&srv->by_id, s->id);
		if (s->bev)
			bufferevent_free(s->bev);
		else
			close(fd);
		if (s->tick)
			event_free(s->tick);
		free(s);
		return;
	}
	s->next = srv->sessions;
	if (srv->sessions)
		srv->sessions->prev = s;
	srv->sessions = s;
	srv->n_sessions++;
	log_info("smpp.connect session=%llu peer=%s tls=%d sessions=%zu", (unsigned long long)s->id,
		 s->peer, tls != NULL, srv->n_sessions);
}

void smpp_server_set_tls(struct smpp_server *srv, SSL_CTX *ctx)
{
	SSL_CTX_free(srv->tls);
	srv->tls = ctx;
}

struct smpp_session *smpp_server_find(struct smpp_server *srv, uint64_t id)
{
	return id_map_get(&srv->by_id, id);
}

void smpp_server_bury(struct smpp_server *srv, struct smpp_session *s)
{
	id_map_del(&srv->by_id, s->id);
	if (s->prev)
		s->prev->next = s->next;
	else
		srv->sessions = s->next;
	if (s->next)
		s->next->prev = s->prev;
	srv->n_sessions--;
	s->prev = NULL;
	s->next = srv->graveyard;
	srv->graveyard = s;
	event_active(srv->reaper, EV_TIMEOUT, 0);
}

struct account_state *smpp_server_account(struct smpp_server *srv, const char *system_id)
{
	for (struct account_state *a = srv->accounts; a; a = a->next)
		if (strcmp(a->system_id, system_id) == 0)
			return a;
	struct account_state *a = calloc(1, sizeof *a);
	if (!a)
		return NULL;
	snprintf(a->system_id, sizeof a->system_id, "%s", system_id);
	a->next = srv->accounts;
	srv->accounts = a;
	return a;
}

int smpp_server_add_receiver(struct smpp_server *srv, struct smpp_session *s)
{
	struct account_state *a = smpp_server_account(srv, s->system_id);
	if (!a)
		return -1;
	if (a->n_receivers == a->cap_receivers) {
		size_t cap = a->cap_receivers ? a->cap_receivers * 2 : 4;
		struct smpp_session **grown = realloc(a->receivers, cap * sizeof *grown);
		if (!grown)
			return -1;
		a->receivers = grown;
		a->cap_receivers = cap;
	}
	a->receivers[a->n_receivers++] = s;
	smpp_backlog_pump(srv, a);
	return 0;
}

void smpp_server_remove_receiver(struct smpp_server *srv, struct smpp_session *s)
{
	struct account_state *a = smpp_server_account(srv, s->system_id);
	for (size_t i = 0; a && i < a->n_receivers; i++) {
		if (a->receivers[i] == s) {
			a->receivers[i] = a->receivers[--a->n_receivers];
			if (a->n_receivers == 0)
				smpp_backlog_return(srv, a); /* nobody left to wait for */
			return;
		}
	}
}

unsigned smpp_server_bound_count(const struct smpp_server *srv, const char *system_id)
{
	unsigned n = 0;
	for (const struct smpp_session *s = srv->sessions; s; s = s->next)
		if (s->state != SESS_OPEN && s->state != SESS_CLOSED &&
		    strcmp(s->system_id, system_id) == 0)
			n++;
	return n;
}

void smpp_server_shutdown(struct smpp_server *srv)
{
	srv->shutting_down = true;
	struct smpp_session *s = srv->sessions;
	while (s) {
		struct smpp_session *next = s->next; /* s may close (OPEN ones do) */
		sess_begin_unbind(s);
		s = next;
	}
}

size_t smpp_server_sessions(const struct smpp_server *srv)
{
	return srv ? srv->n_sessions : 0;
}

struct lockout *smpp_server_lockout(struct smpp_server *srv)
{
	return srv->lockout;
}

void smpp_server_free(struct smpp_server *srv)
{
	if (!srv)
		return;
	while (srv->sessions)
		sess_close(srv->sessions, "broker stopped");
	reap_cb(-1, 0, srv);
	while (srv->accounts) {
		struct account_state *a = srv->accounts;
		srv->accounts = a->next;
		free(a->receivers);
		free(a->backlog);
		free(a);
	}
	if (srv->reaper)
		event_free(srv->reaper);
	lockout_free(srv->lockout);
	SSL_CTX_free(srv->tls);
	id_map_free(&srv->by_id);
	free(srv);
}
