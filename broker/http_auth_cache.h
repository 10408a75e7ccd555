/*
 * http_auth_cache.h - a small memory of recently verified HTTP logins, so
 * a script that sends with a hashed password does not cost one PBKDF2
 * (100 000 rounds) per request.
 *
 * An entry is the user name and a keyed digest (HMAC-SHA256 under a key
 * drawn at start) of the password together with the configured hash; the
 * password itself is never kept. A lookup recomputes the digest and
 * compares it in constant time. Entries live HTTP_AUTH_CACHE_TTL_MS at
 * most, there are at most HTTP_AUTH_CACHE_SIZE (the oldest goes first),
 * and http_auth_cache_clear() forgets them all (a reload: a changed
 * password or a removed user is never let in by the cache). Loop thread.
 */
#ifndef SMSB_HTTP_AUTH_CACHE_H
#define SMSB_HTTP_AUTH_CACHE_H

#include <stdbool.h>
#include <stdint.h>

#define HTTP_AUTH_CACHE_SIZE 64
#define HTTP_AUTH_CACHE_TTL_MS 60000

struct http_auth_cache;

/* NULL when out of memory or without randomness for the key. */
struct http_auth_cache *http_auth_cache_new(void);
/* NULL is fine. */
void http_auth_cache_free(struct http_auth_cache *c);

/* Was (user, password) verified against hash within the TTL (monotonic now_ms)? c NULL: no. */
bool http_auth_cache_hit(struct http_auth_cache *c, const char *user, const char *password,
			 const char *hash, int64_t now_ms);
/* Remembers a pair that password_check() has just accepted. c NULL: nothing. */
void http_auth_cache_put(struct http_auth_cache *c, const char *user, const char *password,
			 const char *hash, int64_t now_ms);
/* Forgets every entry. */
void http_auth_cache_clear(struct http_auth_cache *c);

#endif
