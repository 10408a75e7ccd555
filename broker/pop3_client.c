/*
 * pop3_client.c - POP3 commands over libcurl's easy interface (see
 * pop3_client.h). libcurl keeps the connection between performs on one
 * handle, so a "session" is simply one handle; each command is one perform
 * with its URL path (the message number) and custom request.
 */
#include "pop3_client.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

struct buf {
	char *data;
	size_t len, cap, max;
	bool over;
};

struct pop3_client {
	CURL *h;
	char base[600]; /* "pop3s://host:port" */
	atomic_bool *stop;
	size_t max_message;
	bool listed;    /* message numbers are fixed from here on */
	char err[CURL_ERROR_SIZE];
};

const char *pop3_err_str(int err)
{
	switch (err) {
	case POP3_OK: return "ok";
	case POP3_EAUTH: return "authentication failed";
	case POP3_ETLS: return "TLS failed";
	case POP3_ENET: return "connection failed";
	case POP3_ETIMEOUT: return "timed out";
	case POP3_ESERVER: return "server error";
	case POP3_ETOOBIG: return "message too large";
	case POP3_ESTOPPED: return "stopped";
	case POP3_ERECONNECT: return "session lost";
	case POP3_ENOMEM: return "out of memory";
	case POP3_ESTORE: return "store error";
	}
	return "unknown error";
}

static size_t write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;
	if (b->len + len > b->max) {
		b->over = true;
		return 0; /* aborts the transfer: CURLE_WRITE_ERROR */
	}
	if (b->len + len + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + len + 1)
			cap *= 2;
		char *d = realloc(b->data, cap);
		if (!d)
			return 0;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return len;
}

static int progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	struct pop3_client *c = arg;
	return c->stop && atomic_load(c->stop) ? 1 : 0;
}

struct pop3_client *pop3_client_new(const struct pop3_client_opts *o)
{
	struct pop3_client *c = calloc(1, sizeof *c);
	if (!c || !(c->h = curl_easy_init())) {
		free(c);
		return NULL;
	}
	bool tls = o->security == CONF_POP3_TLS;
	unsigned port = o->port ? o->port : tls ? 995 : 110;
	bool v6 = strchr(o->host, ':') != NULL;
	snprintf(c->base, sizeof c->base, "%s://%s%s%s:%u", tls ? "pop3s" : "pop3", v6 ? "[" : "",
		 o->host, v6 ? "]" : "", port);
	c->stop = o->stop;
	c->max_message = o->max_message;
	CURL *h = c->h;
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "pop3,pop3s");
	curl_easy_setopt(h, CURLOPT_USERNAME, o->username);
	curl_easy_setopt(h, CURLOPT_PASSWORD, o->password);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)o->timeout_ms);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	if (o->security == CONF_POP3_STLS)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, o->verify ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, o->verify ? 2L : 0L);
	if (o->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, o->ca_file);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, c);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, c->err);
	return c;
}

static int map_error(CURLcode rc, const struct buf *b, const struct pop3_client *c)
{
	if (c->stop && atomic_load(c->stop))
		return POP3_ESTOPPED;
	switch (rc) {
	case CURLE_OK: return POP3_OK;
	case CURLE_LOGIN_DENIED: return POP3_EAUTH;
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_USE_SSL_FAILED: return POP3_ETLS;
	case CURLE_OPERATION_TIMEDOUT: return POP3_ETIMEOUT;
	case CURLE_ABORTED_BY_CALLBACK: return POP3_ESTOPPED;
	case CURLE_OUT_OF_MEMORY: return POP3_ENOMEM;
	case CURLE_WRITE_ERROR: return b && b->over ? POP3_ETOOBIG : POP3_ENOMEM;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING: return POP3_ENET;
	default: return POP3_ESERVER;
	}
}

/* One command: path "" or "/<num>", request NULL (LIST/RETR) or custom. */
static int perform(struct pop3_client *c, unsigned num, const char *request, bool body,
		   struct buf *b)
{
	char url[640];
	if (num)
		snprintf(url, sizeof url, "%s/%u", c->base, num);
	else
		snprintf(url, sizeof url, "%s/", c->base);
	c->err[0] = '\0';
	curl_easy_setopt(c->h, CURLOPT_URL, url);
	curl_easy_setopt(c->h, CURLOPT_CUSTOMREQUEST, request);
	curl_easy_setopt(c->h, CURLOPT_NOBODY, body ? 0L : 1L);
	curl_easy_setopt(c->h, CURLOPT_WRITEDATA, b);
	int rc = map_error(curl_easy_perform(c->h), b, c);
	long connects = 0;
	curl_easy_getinfo(c->h, CURLINFO_NUM_CONNECTS, &connects);
	if (c->listed && connects > 0)
		return POP3_ERECONNECT;
	return rc;
}

/* Lines "<num> <word>" of a listing, by number: fn(num, word, wordlen). */
static void each_line(const char *text, void (*fn)(void *, unsigned, const char *, size_t),
		      void *arg)
{
	const char *p = text;
	while (p && *p) {
		const char *eol = strchr(p, '\n');
		size_t len = eol ? (size_t)(eol - p) : strlen(p);
		char *end;
		unsigned long num = strtoul(p, &end, 10);
		if (end > p && *end == ' ' && num > 0 && num < 0xFFFFFFFFul) {
			const char *w = end + 1;
			size_t wl = len - (size_t)(w - p);
			while (wl && (w[wl - 1] == '\r' || w[wl - 1] == ' '))
				wl--;
			fn(arg, (unsigned)num, w, wl);
		}
		p = eol ? eol + 1 : NULL;
	}
}

struct listing {
	struct pop3_entry *e;
	size_t n, cap;
	bool failed;
};

static void add_size(void *arg, unsigned num, const char *w, size_t wl)
{
	struct listing *l = arg;
	if (l->n == l->cap || l->failed)
		return;
	l->e[l->n] = (struct pop3_entry){.num = num, .size = (size_t)strtoull(w, NULL, 10)};
	(void)wl;
	l->n++;
}

static void add_uidl(void *arg, unsigned num, const char *w, size_t wl)
{
	struct listing *l = arg;
	for (size_t i = 0; i < l->n; i++) {
		if (l->e[i].num != num)
			continue;
		if (wl >= sizeof l->e[i].uidl)
			wl = sizeof l->e[i].uidl - 1; /* RFC 1939: at most 70 */
		memcpy(l->e[i].uidl, w, wl);
		l->e[i].uidl[wl] = '\0';
		return;
	}
}

int pop3_client_list(struct pop3_client *c, size_t max, struct pop3_entry **entries, size_t *n,
		     bool *have_uidl)
{
	*entries = NULL;
	*n = 0;
	*have_uidl = false;
	struct buf uidl = {.max = 64u << 20}, list = {.max = 64u << 20};
	struct listing l = {.cap = max};
	int rc = perform(c, 0, "UIDL", true, &uidl);
	if (rc == POP3_OK)
		*have_uidl = true;
	else if (rc != POP3_ESERVER)
		goto out; /* a server without UIDL says -ERR; anything else is real */
	rc = perform(c, 0, NULL, true, &list);
	if (rc != POP3_OK)
		goto out;
	c->listed = true;
	l.e = calloc(max ? max : 1, sizeof *l.e);
	if (!l.e) {
		rc = POP3_ENOMEM;
		goto out;
	}
	if (list.data)
		each_line(list.data, add_size, &l);
	if (*have_uidl && uidl.data)
		each_line(uidl.data, add_uidl, &l);
	*entries = l.e;
	*n = l.n;
	l.e = NULL;
out:
	free(l.e);
	free(uidl.data);
	free(list.data);
	return rc;
}

static int fetch(struct pop3_client *c, unsigned num, bool top, char **out, size_t *len)
{
	struct buf b = {.max = c->max_message};
	char req[40];
	snprintf(req, sizeof req, "TOP %u 0", num);
	int rc = top ? perform(c, 0, req, true, &b) : perform(c, num, NULL, true, &b);
	if (rc == POP3_OK && !b.data)
		b.data = calloc(1, 1);
	if (rc == POP3_OK && !b.data)
		rc = POP3_ENOMEM;
	if (rc != POP3_OK) {
		free(b.data);
		return rc;
	}
	*out = b.data;
	*len = b.len;
	return POP3_OK;
}

int pop3_client_retr(struct pop3_client *c, unsigned num, char **buf, size_t *len)
{
	return fetch(c, num, false, buf, len);
}

int pop3_client_top(struct pop3_client *c, unsigned num, char **buf, size_t *len)
{
	return fetch(c, num, true, buf, len);
}

int pop3_client_dele(struct pop3_client *c, unsigned num)
{
	struct buf b = {.max = 4096};
	int rc = perform(c, num, "DELE", false, &b);
	free(b.data);
	return rc;
}

const char *pop3_client_detail(const struct pop3_client *c)
{
	return c->err;
}

void pop3_client_close(struct pop3_client *c)
{
	if (!c)
		return;
	curl_easy_cleanup(c->h); /* sends QUIT on a live connection */
	free(c);
}
