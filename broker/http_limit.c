/* http_limit.c - per-address request rate (see http_limit.h). */
#include "http_limit.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "addr_key.h"
#include "rate.h"

struct slot {
	uint8_t addr[16];
	int family; /* 0 = free */
	struct rate bucket;
};

struct http_rate_table {
	struct slot s[HTTP_LIMIT_SLOTS];
};

struct http_rate_table *http_limit_new(void)
{
	return calloc(1, sizeof(struct http_rate_table));
}

void http_limit_free(struct http_rate_table *t)
{
	free(t);
}

bool http_limit_take(struct http_rate_table *t, const struct sockaddr *addr, unsigned rate,
		     int64_t now_ms)
{
	uint8_t key[16];
	int family = addr_key(addr, key);
	if (rate == 0 || !family)
		return true;
	/* Hashed start, a short linear probe; the stalest of the probed slots is reused. */
	uint32_t h = 2166136261u;
	for (int i = 0; i < 16; i++)
		h = (h ^ key[i]) * 16777619u;
	struct slot *victim = NULL;
	for (unsigned k = 0; k < 8; k++) {
		struct slot *s = &t->s[(h + k) % HTTP_LIMIT_SLOTS];
		if (s->family == family && memcmp(s->addr, key, 16) == 0)
			return rate_take(&s->bucket, rate, now_ms);
		if (!s->family) {
			if (!victim || victim->family)
				victim = s;
		} else if (!victim || (victim->family && s->bucket.last_ms < victim->bucket.last_ms)) {
			victim = s;
		}
	}
	memset(victim, 0, sizeof *victim);
	victim->family = family;
	memcpy(victim->addr, key, 16);
	return rate_take(&victim->bucket, rate, now_ms);
}
