/*
 * http_auth_cache.c - verified HTTP logins kept briefly (see
 * http_auth_cache.h): a fixed table searched by user name, keyed digests
 * compared with CRYPTO_memcmp.
 */
#include "http_auth_cache.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
#include <stdlib.h>
#include <string.h>

#define DIGEST_LEN 32
#define USER_MAX 40

struct cache_entry {
	char user[USER_MAX]; /* "" = free */
	uint8_t digest[DIGEST_LEN];
	int64_t at_ms;
};

struct http_auth_cache {
	uint8_t key[32];
	struct cache_entry e[HTTP_AUTH_CACHE_SIZE];
};

struct http_auth_cache *http_auth_cache_new(void)
{
	struct http_auth_cache *c = calloc(1, sizeof *c);
	if (c && RAND_bytes(c->key, sizeof c->key) != 1) {
		free(c);
		return NULL;
	}
	return c;
}

void http_auth_cache_free(struct http_auth_cache *c)
{
	if (!c)
		return;
	OPENSSL_cleanse(c, sizeof *c);
	free(c);
}

/* HMAC(key, user NUL password NUL hash): tied to the configured hash, so a new one never matches. */
static bool digest(const struct http_auth_cache *c, const char *user, const char *password,
		   const char *hash, uint8_t out[DIGEST_LEN])
{
	size_t lu = strlen(user) + 1, lp = strlen(password) + 1, lh = strlen(hash);
	size_t n = lu + lp + lh;
	uint8_t *msg = malloc(n);
	if (!msg)
		return false;
	memcpy(msg, user, lu);
	memcpy(msg + lu, password, lp);
	memcpy(msg + lu + lp, hash, lh);
	unsigned len = 0;
	bool ok = HMAC(EVP_sha256(), c->key, (int)sizeof c->key, msg, n, out, &len) && len == DIGEST_LEN;
	OPENSSL_cleanse(msg, n);
	free(msg);
	return ok;
}

static struct cache_entry *find(struct http_auth_cache *c, const char *user)
{
	for (size_t i = 0; i < HTTP_AUTH_CACHE_SIZE; i++)
		if (c->e[i].user[0] && strcmp(c->e[i].user, user) == 0)
			return &c->e[i];
	return NULL;
}

bool http_auth_cache_hit(struct http_auth_cache *c, const char *user, const char *password,
			 const char *hash, int64_t now_ms)
{
	struct cache_entry *e = c ? find(c, user) : NULL;
	if (!e)
		return false;
	if (now_ms - e->at_ms >= HTTP_AUTH_CACHE_TTL_MS || now_ms < e->at_ms) {
		memset(e, 0, sizeof *e);
		return false;
	}
	uint8_t d[DIGEST_LEN];
	bool hit = digest(c, user, password, hash, d) && CRYPTO_memcmp(d, e->digest, DIGEST_LEN) == 0;
	OPENSSL_cleanse(d, sizeof d);
	return hit;
}

void http_auth_cache_put(struct http_auth_cache *c, const char *user, const char *password,
			 const char *hash, int64_t now_ms)
{
	if (!c || strlen(user) >= USER_MAX)
		return;
	struct cache_entry *e = find(c, user);
	for (size_t i = 0; !e && i < HTTP_AUTH_CACHE_SIZE; i++)
		if (!c->e[i].user[0])
			e = &c->e[i];
	if (!e) { /* full: the oldest goes */
		e = &c->e[0];
		for (size_t i = 1; i < HTTP_AUTH_CACHE_SIZE; i++)
			if (c->e[i].at_ms < e->at_ms)
				e = &c->e[i];
	}
	memset(e, 0, sizeof *e);
	if (!digest(c, user, password, hash, e->digest))
		return;
	memcpy(e->user, user, strlen(user) + 1);
	e->at_ms = now_ms;
}

void http_auth_cache_clear(struct http_auth_cache *c)
{
	if (c)
		OPENSSL_cleanse(c->e, sizeof c->e);
}
