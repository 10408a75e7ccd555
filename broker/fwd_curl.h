/*
 * fwd_curl.h - the blocking network half of forwarding, through libcurl's
 * easy interface, for a worker thread (fwd_worker.h) only: one HTTP(S)
 * request, or one SMTP session that sends one email (plain, STARTTLS
 * required, or implicit TLS; AUTH PLAIN or LOGIN; libcurl dot-stuffs).
 *
 * Each call answers with an outcome: delivered, retry, or permanent, with
 * a line saying why. TLS is 1.2 or newer; certificates and names are
 * checked unless verify is off. A raised stop flag aborts within a second.
 */
#ifndef SMSB_FWD_CURL_H
#define SMSB_FWD_CURL_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fwd_http.h"

enum fwd_outcome {
	FWD_DELIVERED = 0,
	FWD_RETRY = 1,     /* a connection error, a timeout, a status not final */
	FWD_PERMANENT = 2, /* refused for good (a listed 4xx, an SMTP 5xx other than AUTH) */
	FWD_STOPPED = 3,   /* the stop flag was raised */
};

struct fwd_curl_result {
	int outcome;     /* enum fwd_outcome */
	long status;     /* HTTP status or the last SMTP reply code; 0 = none */
	char detail[200];
};

struct fwd_tls_opts {
	bool verify;
	const char *ca_file; /* NULL = the system's */
	int64_t timeout_ms;
};

/* One request; statuses in permanent[0..n) (and no others) end it for good. */
void fwd_curl_http(const struct fwd_http_request *rq, const struct fwd_tls_opts *tls,
		   char *const *permanent, size_t n_permanent, atomic_bool *stop,
		   struct fwd_curl_result *out);

struct fwd_smtp_request {
	const char *host;
	unsigned port;        /* 0 = by security */
	int security;         /* enum conf_smtp_security */
	int auth;             /* enum conf_smtp_auth */
	const char *username; /* NULL = no AUTH */
	const char *password;
	const char *from;
	char *const *to;
	size_t n_to;
	const char *message;  /* fwd_mail_build()'s, not dot-stuffed */
};

void fwd_curl_smtp(const struct fwd_smtp_request *rq, const struct fwd_tls_opts *tls,
		   atomic_bool *stop, struct fwd_curl_result *out);

#endif
