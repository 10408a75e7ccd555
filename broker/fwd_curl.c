/*
 * fwd_curl.c - HTTP requests and SMTP sessions over libcurl (see
 * fwd_curl.h). A fresh easy handle per call: forwarding rates are low, and
 * a handle that never outlives its call cannot carry one target's state
 * (cookies, a half-dead connection) into the next attempt.
 */
#include "fwd_curl.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

struct sink {
	char head[120]; /* the start of the answer, for the log */
	size_t len;
};

static size_t sink_cb(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;
	for (size_t i = 0; i < len && s->len + 1 < sizeof s->head; i++) {
		char c = p[i];
		s->head[s->len++] = c >= 0x20 && c < 0x7f && c != '"' ? c : ' ';
	}
	s->head[s->len] = '\0';
	return len;
}

static int progress_cb(void *arg, curl_off_t dt, curl_off_t dn, curl_off_t ut, curl_off_t un)
{
	(void)dt;
	(void)dn;
	(void)ut;
	(void)un;
	atomic_bool *stop = arg;
	return stop && atomic_load(stop) ? 1 : 0;
}

static void common(CURL *h, const struct fwd_tls_opts *tls, atomic_bool *stop, char *err)
{
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, (long)tls->timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, (long)tls->timeout_ms);
	curl_easy_setopt(h, CURLOPT_SSLVERSION, (long)CURL_SSLVERSION_TLSv1_2);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, tls->verify ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, tls->verify ? 2L : 0L);
	if (tls->ca_file)
		curl_easy_setopt(h, CURLOPT_CAINFO, tls->ca_file);
	curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
	curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, progress_cb);
	curl_easy_setopt(h, CURLOPT_XFERINFODATA, stop);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, err);
}

/* A transfer that did not complete: stopped, or worth another try. */
static void failed(struct fwd_curl_result *out, CURLcode rc, const char *err, atomic_bool *stop)
{
	out->outcome = (stop && atomic_load(stop)) || rc == CURLE_ABORTED_BY_CALLBACK ? FWD_STOPPED
										      : FWD_RETRY;
	snprintf(out->detail, sizeof out->detail, "%s", err[0] ? err : curl_easy_strerror(rc));
}

void fwd_curl_http(const struct fwd_http_request *rq, const struct fwd_tls_opts *tls,
		   char *const *permanent, size_t n_permanent, atomic_bool *stop,
		   struct fwd_curl_result *out)
{
	memset(out, 0, sizeof *out);
	char err[CURL_ERROR_SIZE] = "";
	struct sink sink = {0};
	struct curl_slist *headers = NULL;
	CURL *h = curl_easy_init();
	bool oom = !h;
	for (size_t i = 0; !oom && i < rq->n_headers; i++) {
		struct curl_slist *n = curl_slist_append(headers, rq->headers[i]);
		oom = !n;
		headers = n ? n : headers;
	}
	if (oom) {
		out->outcome = FWD_RETRY;
		snprintf(out->detail, sizeof out->detail, "out of memory");
		goto done;
	}
	common(h, tls, stop, err);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_URL, rq->url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "smsbroker/" SMSBROKER_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, sink_cb);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, &sink);
	if (rq->post) {
		curl_easy_setopt(h, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(rq->body));
	} else {
		curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
	}
	CURLcode rc = curl_easy_perform(h);
	if (rc != CURLE_OK) {
		failed(out, rc, err, stop);
		goto done;
	}
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	if (fwd_http_success(out->status))
		out->outcome = FWD_DELIVERED;
	else if (fwd_http_permanent(permanent, n_permanent, out->status))
		out->outcome = FWD_PERMANENT;
	else
		out->outcome = FWD_RETRY;
	snprintf(out->detail, sizeof out->detail, "HTTP %ld %s", out->status, sink.head);
done:
	curl_slist_free_all(headers);
	if (h)
		curl_easy_cleanup(h);
}

struct reader {
	const char *p;
	size_t left;
};

static size_t read_cb(char *buf, size_t size, size_t n, void *arg)
{
	struct reader *r = arg;
	size_t len = size * n < r->left ? size * n : r->left;
	memcpy(buf, r->p, len);
	r->p += len;
	r->left -= len;
	return len;
}

static unsigned smtp_port(const struct fwd_smtp_request *rq)
{
	if (rq->port)
		return rq->port;
	return rq->security == CONF_SMTP_TLS ? 465 : rq->security == CONF_SMTP_STARTTLS ? 587 : 25;
}

/* SMTP replies: 5xx are final, but AUTH failures (530, 535) may be fixed by a reload. */
static int smtp_outcome(long code)
{
	if (code >= 500 && code <= 599 && code != 530 && code != 535)
		return FWD_PERMANENT;
	return FWD_RETRY;
}

void fwd_curl_smtp(const struct fwd_smtp_request *rq, const struct fwd_tls_opts *tls,
		   atomic_bool *stop, struct fwd_curl_result *out)
{
	memset(out, 0, sizeof *out);
	char err[CURL_ERROR_SIZE] = "", url[300];
	struct curl_slist *rcpt = NULL;
	CURL *h = curl_easy_init();
	bool oom = !h;
	for (size_t i = 0; !oom && i < rq->n_to; i++) {
		struct curl_slist *n = curl_slist_append(rcpt, rq->to[i]);
		oom = !n;
		rcpt = n ? n : rcpt;
	}
	if (oom) {
		out->outcome = FWD_RETRY;
		snprintf(out->detail, sizeof out->detail, "out of memory");
		goto done;
	}
	bool v6 = strchr(rq->host, ':') != NULL;
	snprintf(url, sizeof url, "%s://%s%s%s:%u", rq->security == CONF_SMTP_TLS ? "smtps" : "smtp",
		 v6 ? "[" : "", rq->host, v6 ? "]" : "", smtp_port(rq));
	common(h, tls, stop, err);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
	curl_easy_setopt(h, CURLOPT_URL, url);
	if (rq->security == CONF_SMTP_STARTTLS)
		curl_easy_setopt(h, CURLOPT_USE_SSL, (long)CURLUSESSL_ALL);
	if (rq->username) {
		curl_easy_setopt(h, CURLOPT_USERNAME, rq->username);
		curl_easy_setopt(h, CURLOPT_PASSWORD, rq->password ? rq->password : "");
		curl_easy_setopt(h, CURLOPT_LOGIN_OPTIONS,
				 rq->auth == CONF_SMTP_AUTH_PLAIN   ? "AUTH=PLAIN"
				 : rq->auth == CONF_SMTP_AUTH_LOGIN ? "AUTH=LOGIN"
								    : "AUTH=*");
	}
	char from[300];
	snprintf(from, sizeof from, "<%s>", rq->from);
	curl_easy_setopt(h, CURLOPT_MAIL_FROM, from);
	curl_easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
	struct reader rd = {rq->message, strlen(rq->message)};
	curl_easy_setopt(h, CURLOPT_UPLOAD, 1L);
	curl_easy_setopt(h, CURLOPT_READFUNCTION, read_cb);
	curl_easy_setopt(h, CURLOPT_READDATA, &rd);
	curl_easy_setopt(h, CURLOPT_INFILESIZE_LARGE, (curl_off_t)rd.left);
	CURLcode rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	if (rc == CURLE_OK) {
		out->outcome = FWD_DELIVERED;
		snprintf(out->detail, sizeof out->detail, "SMTP %ld", out->status);
		goto done;
	}
	failed(out, rc, err, stop);
	if (out->outcome == FWD_RETRY && out->status)
		out->outcome = smtp_outcome(out->status);
	if (out->status) {
		/* "SMTP 535: <libcurl's words>", cut to fit. */
		char d[sizeof out->detail + 32];
		int n = snprintf(d, sizeof d, "SMTP %ld: %s", out->status, out->detail);
		size_t len = n < 0 ? 0 : (size_t)n < sizeof out->detail ? (size_t)n : sizeof out->detail - 1;
		memcpy(out->detail, d, len);
		out->detail[len] = '\0';
	}
done:
	curl_slist_free_all(rcpt);
	if (h)
		curl_easy_cleanup(h);
}
