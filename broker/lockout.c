/* lockout.c - per-address failure counts and blocks (see lockout.h). */
#include "lockout.h"

#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>

#include "addr_key.h"

struct entry {
	uint8_t addr[16];
	int family; /* 0 = unused */
	unsigned failures;
	int64_t first_ms, last_ms;
	int64_t blocked_until;
};

struct lockout {
	struct entry e[LOCKOUT_SLOTS];
};

struct lockout *lockout_new(void)
{
	return calloc(1, sizeof(struct lockout));
}

void lockout_free(struct lockout *l)
{
	free(l);
}

static struct entry *lookup(struct lockout *l, const struct sockaddr *sa, bool create)
{
	uint8_t key[16];
	int family = addr_key(sa, key);
	if (!family)
		return NULL;
	struct entry *free_slot = NULL, *stalest = &l->e[0];
	for (size_t i = 0; i < LOCKOUT_SLOTS; i++) {
		struct entry *e = &l->e[i];
		if (e->family == family && memcmp(e->addr, key, 16) == 0)
			return e;
		if (!e->family && !free_slot)
			free_slot = e;
		if (e->family && e->last_ms < stalest->last_ms)
			stalest = e;
	}
	if (!create)
		return NULL;
	struct entry *e = free_slot ? free_slot : stalest;
	memset(e, 0, sizeof *e);
	e->family = family;
	memcpy(e->addr, key, 16);
	return e;
}

bool lockout_blocked(struct lockout *l, const struct sockaddr *addr, int64_t now)
{
	struct entry *e = lookup(l, addr, false);
	return e && e->blocked_until > now;
}

bool lockout_fail(struct lockout *l, const struct lockout_policy *p,
		  const struct sockaddr *addr, int64_t now)
{
	if (!p->failures)
		return false;
	struct entry *e = lookup(l, addr, true);
	if (!e)
		return false;
	if (e->failures == 0 || now - e->first_ms > p->window_ms) {
		e->failures = 0;
		e->first_ms = now;
	}
	e->failures++;
	e->last_ms = now;
	if (e->failures >= p->failures && e->blocked_until <= now) {
		e->blocked_until = now + p->block_ms;
		e->failures = 0;
		return true;
	}
	return false;
}

size_t lockout_each_blocked(struct lockout *l, int64_t now,
			    void (*fn)(void *arg, const struct sockaddr_storage *ss, int64_t until),
			    void *arg)
{
	size_t n = 0;
	for (size_t i = 0; i < LOCKOUT_SLOTS; i++) {
		const struct entry *e = &l->e[i];
		if (!e->family || e->blocked_until <= now)
			continue;
		struct sockaddr_storage ss;
		memset(&ss, 0, sizeof ss);
		if (e->family == AF_INET) {
			struct sockaddr_in *in = (struct sockaddr_in *)&ss;
			in->sin_family = AF_INET;
			memcpy(&in->sin_addr, e->addr, 4);
		} else {
			struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)&ss;
			in6->sin6_family = AF_INET6;
			memcpy(&in6->sin6_addr, e->addr, 16);
		}
		fn(arg, &ss, e->blocked_until);
		n++;
	}
	return n;
}

size_t lockout_clear_all(struct lockout *l, int64_t now)
{
	size_t n = 0;
	for (size_t i = 0; i < LOCKOUT_SLOTS; i++)
		n += l->e[i].family && l->e[i].blocked_until > now;
	memset(l->e, 0, sizeof l->e);
	return n;
}

bool lockout_clear(struct lockout *l, const struct sockaddr *addr)
{
	struct entry *e = lookup(l, addr, false);
	if (!e)
		return false;
	bool was = e->blocked_until > 0;
	memset(e, 0, sizeof *e);
	return was;
}
