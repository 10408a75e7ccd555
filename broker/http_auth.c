/*
 * http_auth.c - who is asking: HTTP Basic credentials, or the seed's
 * username and password parameters, checked against http_users with the
 * password compared in constant time (password.h). Failures count per
 * address in the lockout table SMPP binds use (smpp.lockout_*), so a
 * blocked address is blocked for both. A user's "access" list decides
 * which methods it may call: 403 for the others.
 */
#include <event2/http.h>
#include <netinet/in.h>
#include <openssl/evp.h>
#include <stdio.h>
#include <string.h>

#include "addr_key.h"
#include "broker.h"
#include "conf.h"
#include "http_auth_cache.h"
#include "http_internal.h"
#include "lockout.h"
#include "log.h"
#include "metrics.h"
#include "password.h"
#include "smpp_server.h"

struct lockout *http_lockout(struct http_server *srv)
{
	return smpp_server_lockout(srv->b->smpp);
}

/* "Basic <base64 user:pass>" into user and pass. 0, or -1 if absent or malformed. */
static int basic_credentials(struct http_req *r, char *user, size_t ulen, char *pass, size_t plen)
{
	const char *h = evhttp_find_header(evhttp_request_get_input_headers(r->req), "Authorization");
	if (!h || strncasecmp(h, "Basic ", 6) != 0)
		return -1;
	const char *b64 = h + 6;
	while (*b64 == ' ')
		b64++;
	size_t n = strlen(b64);
	if (n == 0 || n > 256 || n % 4 != 0)
		return -1;
	unsigned char out[200];
	int len = EVP_DecodeBlock(out, (const unsigned char *)b64, (int)n);
	if (len < 0)
		return -1;
	/* EVP_DecodeBlock counts the padding as zero bytes: take them off. */
	if (b64[n - 1] == '=')
		len--;
	if (b64[n - 2] == '=')
		len--;
	out[len] = '\0';
	if (memchr(out, '\0', (size_t)len))
		return -1;
	char *colon = strchr((char *)out, ':');
	if (!colon)
		return -1;
	*colon = '\0';
	if (strlen((char *)out) >= ulen || strlen(colon + 1) >= plen)
		return -1;
	snprintf(user, ulen, "%s", (char *)out);
	snprintf(pass, plen, "%s", colon + 1);
	return 0;
}

static const struct conf_http_user *find_user(const struct conf *c, const char *name)
{
	for (size_t i = 0; i < c->n_http_users; i++)
		if (strcmp(c->http_users[i].name, name) == 0)
			return &c->http_users[i];
	return NULL;
}

int http_auth(struct http_req *r, unsigned method)
{
	struct http_server *srv = r->srv;
	const struct conf *c = srv->b->conf;
	const struct sockaddr *peer = (const struct sockaddr *)&r->peer;
	struct lockout *lo = http_lockout(srv);
	int64_t now = broker_mono_ms();
	if (lo && lockout_blocked(lo, peer, now)) {
		metrics_count(METRIC_HTTP_AUTH_FAILED, 1);
		http_reply_error(r, 401, "this address is blocked after failed logins");
		return -1;
	}
	char user[64] = "", pass[128] = "";
	const char *why = NULL;
	if (basic_credentials(r, user, sizeof user, pass, sizeof pass) != 0) {
		const char *u = http_param(r, "username"), *p = http_param(r, "password");
		if (!u || !p) {
			http_reply_error(r, 401, "credentials required (HTTP Basic, or username and password)");
			return -1; /* not an attempt: nothing counted */
		}
		snprintf(user, sizeof user, "%s", u);
		snprintf(pass, sizeof pass, "%s", p);
	}
	const struct conf_http_user *u = find_user(c, user);
	/* A hashed password verified a moment ago is not worth another PBKDF2. */
	bool cached = u && u->password_hash &&
		      http_auth_cache_hit(srv->auth_cache, u->name, pass, u->password_hash, now);
	/* Compare anyway for an unknown user: the answer time does not tell names apart. */
	bool ok = cached || password_check(pass, u ? u->password : "not a user password",
					   u ? u->password_hash : NULL);
	if (cached)
		metrics_count(METRIC_HTTP_AUTH_CACHE_HITS, 1);
	else if (ok && u->password_hash)
		http_auth_cache_put(srv->auth_cache, u->name, pass, u->password_hash, now);
	if (!u)
		why = "unknown user";
	else if (!ok)
		why = "wrong password";
	else if (!addr_allowed((const struct sockaddr *)&r->peer, u->allowed_ips, u->n_allowed_ips))
		why = "address not in allowed_ips";
	explicit_bzero(pass, sizeof pass);
	if (why) {
		/* The user name is the client's claim: logged, never the password. */
		log_warn("http.auth_failed peer=%s user=\"%.32s\" reason=\"%s\"", r->peer_text, user, why);
		metrics_count(METRIC_HTTP_AUTH_FAILED, 1);
		const struct conf_smpp *o = &c->smpp_opts;
		if (lo && lockout_fail(lo,
				       &(struct lockout_policy){o->lockout_failures, o->lockout_window_ms,
								o->lockout_time_ms},
				       peer, now))
			log_warn("http.lockout peer=%s seconds=%lld", r->peer_text,
				 (long long)(o->lockout_time_ms / 1000));
		http_reply_error(r, 401, "bad username or password");
		return -1;
	}
	snprintf(r->user, sizeof r->user, "%s", u->name);
	/* Its own name when an account has it: an ESME's HTTP user sends as that ESME. */
	const char *acct = u->account ? u->account : conf_find_account(c, u->name) ? u->name : "";
	snprintf(r->account, sizeof r->account, "%s", acct);
	if (lo)
		lockout_clear(lo, peer);
	if (u->access && !(u->access & method)) {
		log_info("http.forbidden peer=%s user=%s path=\"%s\"", r->peer_text, u->name, r->path);
		http_reply_error(r, 403, "this method is not allowed for this user");
		return -1;
	}
	return 0;
}
