/* listener.c - listening sockets handed to libevent (see listener.h). */
#include "listener.h"

#include <errno.h>
#include <event2/event.h>
#include <event2/listener.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"

struct listener_set {
	const char *name;
	listener_accept_fn on_accept;
	void *arg;
	unsigned n;
	struct event *resume; /* re-enables accepting after a pause on EMFILE & co. */
	struct evconnlistener **evl;
	char **endpoint; /* "host:port" as configured, for listener_set_same */
	int *port;       /* as bound */
};

static void accept_cb(struct evconnlistener *evl, evutil_socket_t fd, struct sockaddr *peer,
		      int peer_len, void *arg)
{
	(void)evl;
	struct listener_set *ls = arg;
	ls->on_accept(ls->arg, fd, peer, peer_len);
}

/* How long accepting pauses after an accept error (EMFILE, ENFILE, ENOBUFS, ...). */
#define ACCEPT_PAUSE_MS 250

static void set_enabled(struct listener_set *ls, bool on)
{
	for (unsigned i = 0; i < ls->n; i++)
		if (ls->evl[i])
			(on ? evconnlistener_enable : evconnlistener_disable)(ls->evl[i]);
}

static void resume_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	set_enabled(arg, true);
}

static void accept_error_cb(struct evconnlistener *evl, void *arg)
{
	(void)evl;
	struct listener_set *ls = arg;
	int err = EVUTIL_SOCKET_ERROR();
	/*
	 * EMFILE and friends: the connection stays in the kernel's queue, so the
	 * socket is readable again at once; retrying on every readiness would
	 * spin the loop and log without end. Pause accepting for a moment
	 * instead: the queue waits, and sessions closing meanwhile free room.
	 */
	log_error("listener.accept_failed proto=%s error=\"%s\" paused_ms=%d", ls->name,
		  evutil_socket_error_to_string(err), ACCEPT_PAUSE_MS);
	struct timeval pause = {0, ACCEPT_PAUSE_MS * 1000};
	if (ls->resume && evtimer_add(ls->resume, &pause) == 0)
		set_enabled(ls, false);
}

static int bind_socket(const struct conf_endpoint *ep, int *bound_port)
{
	struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM,
				 .ai_flags = AI_PASSIVE | AI_NUMERICSERV}, *ai = NULL;
	char port[8];
	snprintf(port, sizeof port, "%u", ep->port);
	int rc = getaddrinfo(ep->host, port, &hints, &ai);
	if (rc != 0) {
		errno = EADDRNOTAVAIL;
		return -1;
	}
	int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		goto fail;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (ai->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) != 0 || listen(fd, 1024) != 0)
		goto fail;
	struct sockaddr_storage ss;
	socklen_t len = sizeof ss;
	getsockname(fd, (struct sockaddr *)&ss, &len);
	*bound_port = ntohs(ss.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&ss)->sin6_port
						     : ((struct sockaddr_in *)&ss)->sin_port);
	freeaddrinfo(ai);
	return fd;
fail:;
	int saved = errno;
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	errno = saved;
	return -1;
}

int listener_bind(const struct conf_endpoint *ep, int *bound_port)
{
	return bind_socket(ep, bound_port);
}

static char *endpoint_text(const struct conf_endpoint *ep)
{
	char buf[300];
	return strdup(conf_endpoint_format(ep, buf, sizeof buf));
}

struct listener_set *listener_set_open(struct event_base *base, const char *name,
				       const struct conf_listener *cl,
				       listener_accept_fn on_accept, void *arg)
{
	struct listener_set *ls = calloc(1, sizeof *ls);
	if (!ls)
		return NULL;
	ls->name = name;
	ls->on_accept = on_accept;
	ls->arg = arg;
	if (!cl->enabled)
		return ls;
	ls->evl = calloc(cl->n_endpoints, sizeof *ls->evl);
	ls->endpoint = calloc(cl->n_endpoints, sizeof *ls->endpoint);
	ls->port = calloc(cl->n_endpoints, sizeof *ls->port);
	ls->resume = evtimer_new(base, resume_cb, ls);
	if (!ls->evl || !ls->endpoint || !ls->port || !ls->resume)
		goto fail;
	for (size_t i = 0; i < cl->n_endpoints; i++) {
		const struct conf_endpoint *ep = &cl->endpoints[i];
		ls->endpoint[i] = endpoint_text(ep);
		ls->n++;
		int fd = bind_socket(ep, &ls->port[i]);
		if (fd < 0) {
			log_error("listener.failed proto=%s addr=%s error=\"%s\"", name,
				  ls->endpoint[i], strerror(errno));
			goto fail;
		}
		ls->evl[i] = evconnlistener_new(base, accept_cb, ls,
						LEV_OPT_CLOSE_ON_FREE | LEV_OPT_CLOSE_ON_EXEC, -1, fd);
		if (!ls->evl[i]) {
			close(fd);
			goto fail;
		}
		evconnlistener_set_error_cb(ls->evl[i], accept_error_cb);
		log_info("listening proto=%s addr=%s port=%d", name, ls->endpoint[i], ls->port[i]);
	}
	return ls;
fail:
	listener_set_free(ls);
	return NULL;
}

bool listener_set_same(const struct listener_set *ls, const struct conf_listener *cl)
{
	unsigned want = cl->enabled ? (unsigned)cl->n_endpoints : 0;
	if (ls->n != want)
		return false;
	for (unsigned i = 0; i < want; i++) {
		char *text = endpoint_text(&cl->endpoints[i]);
		bool same = text && strcmp(text, ls->endpoint[i]) == 0;
		free(text);
		if (!same)
			return false;
	}
	return true;
}

int listener_set_port(const struct listener_set *ls, unsigned n)
{
	return n < ls->n ? ls->port[n] : 0;
}

void listener_set_free(struct listener_set *ls)
{
	if (!ls)
		return;
	if (ls->resume)
		event_free(ls->resume);
	for (unsigned i = 0; i < ls->n; i++) {
		if (ls->evl[i])
			evconnlistener_free(ls->evl[i]);
		free(ls->endpoint[i]);
	}
	free(ls->evl);
	free(ls->endpoint);
	free(ls->port);
	free(ls);
}
