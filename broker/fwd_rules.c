/* fwd_rules.c - incoming messages to outbox rows, and back (see fwd_rules.h). */
#include "fwd_rules.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The digits of a number without "+" or a leading "00". */
static const char *core(const char *n)
{
	if (n[0] == '+')
		return n + 1;
	if (n[0] == '0' && n[1] == '0')
		return n + 2;
	return n;
}

bool fwd_rules_same_number(const char *a, const char *b)
{
	return a && b && *a && *b && strcmp(core(a), core(b)) == 0;
}

static bool in_list(char *const *list, size_t n, const char *number)
{
	for (size_t i = 0; i < n; i++)
		if (fwd_rules_same_number(list[i], number))
			return true;
	return false;
}

static const struct conf_phone_group *group_named(const struct conf *c, const char *name)
{
	for (size_t i = 0; name && i < c->n_phone_groups; i++)
		if (strcmp(c->phone_groups[i].name, name) == 0)
			return &c->phone_groups[i];
	return NULL;
}

bool fwd_rules_sender_ok(const struct conf *c, const struct conf_forward *r, const char *number)
{
	const struct conf_phone_group *g;
	switch (r->mode) {
	case CONF_FWD_LISTED:
		return in_list(r->numbers, r->n_numbers, number);
	case CONF_FWD_GROUP:
		g = group_named(c, r->group);
		return g && in_list(g->numbers, g->n_numbers, number);
	default:
		return true;
	}
}

bool fwd_rules_own_number(const struct conf *c, const char *number)
{
	if (!c->incoming.own_numbers || !number || !*number)
		return false;
	regex_t re;
	/* Incoming traffic is light: compiling here keeps the reloadable config the only state. */
	if (regcomp(&re, c->incoming.own_numbers, REG_EXTENDED | REG_NOSUB) != 0)
		return false;
	bool hit = regexec(&re, number, 0, NULL, 0) == 0;
	regfree(&re);
	return hit;
}

/* Does the rule take m at all (enabled, senders, destinations, connectors, command rules)? */
static bool takes(const struct conf *c, const struct conf_forward *r, const struct fwd_incoming *m)
{
	if (!r->enabled || (m->command_rule && !r->forward_command_rules))
		return false;
	if (!fwd_rules_sender_ok(c, r, m->src))
		return false;
	if (r->n_destinations && !in_list(r->destinations, r->n_destinations, m->dst))
		return false;
	if (r->n_connectors) {
		bool found = false;
		for (size_t i = 0; i < r->n_connectors && !found; i++)
			found = m->connector && strcmp(r->connectors[i], m->connector) == 0;
		if (!found)
			return false;
	}
	return true;
}

static bool phone_like(const char *s)
{
	size_t digits = 0;
	for (const char *p = s + (*s == '+'); *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		digits++;
	}
	return digits >= 3;
}

static size_t add(struct store_outbox_target *t, size_t n, size_t cap, const char *kind,
		  const char *name, const char *to, const struct conf_forward *r,
		  const struct fwd_incoming *m)
{
	if (n >= cap)
		return n;
	/* The same recipient twice (a number and a group holding it) is one row. */
	struct store_outbox_target row = {.expire_at = m->created_at + r->ttl_ms,
					  .flags = r->dont_save ? STORE_OUTBOX_FLAG_DROP : 0};
	snprintf(row.kind, sizeof row.kind, "%s", kind);
	if (to)
		snprintf(row.name, sizeof row.name, "%s/%s", name, to);
	else
		snprintf(row.name, sizeof row.name, "%s", name);
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].kind, row.kind) == 0 && strcmp(t[i].name, row.name) == 0)
			return n;
	t[n] = row;
	return n + 1;
}

static size_t sms_targets(const struct conf *c, const struct conf_forward *r,
			  const struct fwd_incoming *m, struct store_outbox_target *t, size_t n,
			  size_t cap)
{
	/* Loop protection: from us, or from one of the rule's own recipients. */
	if (fwd_rules_own_number(c, m->src) || in_list(r->recipients, r->n_recipients, m->src))
		return n;
	for (size_t g = 0; g < r->n_groups; g++) {
		const struct conf_phone_group *pg = group_named(c, r->groups[g]);
		if (pg && in_list(pg->numbers, pg->n_numbers, m->src))
			return n;
	}
	for (size_t i = 0; i < r->n_recipients; i++)
		n = add(t, n, cap, "sms", r->name, r->recipients[i], r, m);
	for (size_t g = 0; g < r->n_groups; g++) {
		const struct conf_phone_group *pg = group_named(c, r->groups[g]);
		for (size_t i = 0; pg && i < pg->n_numbers; i++)
			n = add(t, n, cap, "sms", r->name, pg->numbers[i], r, m);
	}
	return n;
}

size_t fwd_rules_targets(const struct conf *c, const struct fwd_incoming *m,
			 struct store_outbox_target *t, size_t cap)
{
	size_t n = 0;
	for (size_t i = 0; i < c->n_forwarding; i++) {
		const struct conf_forward *r = &c->forwarding[i];
		if (!takes(c, r, m))
			continue;
		if (r->target == CONF_FWD_HTTP)
			n = add(t, n, cap, "http", r->name, NULL, r, m);
		else if (r->target == CONF_FWD_EMAIL)
			n = add(t, n, cap, "email", r->name, NULL, r, m);
		else if (r->target == CONF_FWD_SMS)
			n = sms_targets(c, r, m, t, n, cap);
	}
	const struct conf_forward *ar = &c->auto_reply;
	if (takes(c, ar, m) && ar->text && phone_like(m->src) && !fwd_rules_own_number(c, m->src))
		n = add(t, n, cap, "reply", FWD_REPLY_NAME, m->src, ar, m);
	return n;
}

#define TARGETS_MAX 4096

struct store_outbox_target *fwd_rules_alloc(const struct conf *c, const struct fwd_incoming *m,
					    size_t *n)
{
	*n = 0;
	if (c->n_forwarding == 0 && !c->auto_reply.enabled)
		return NULL;
	struct store_outbox_target *t = malloc(TARGETS_MAX * sizeof *t);
	if (!t)
		return NULL;
	*n = fwd_rules_targets(c, m, t, TARGETS_MAX);
	if (*n == 0) {
		free(t);
		return NULL;
	}
	struct store_outbox_target *fit = realloc(t, *n * sizeof *t);
	return fit ? fit : t;
}

static const struct conf_forward *rule_named(const struct conf *c, const char *name, size_t len,
					     int target)
{
	for (size_t i = 0; i < c->n_forwarding; i++) {
		const struct conf_forward *r = &c->forwarding[i];
		if (strlen(r->name) == len && strncmp(r->name, name, len) == 0)
			return r->target == target ? r : NULL;
	}
	return NULL;
}

const struct conf_forward *fwd_rules_of_row(const struct conf *c, const char *kind,
					    const char *name, const char **to)
{
	const char *slash = strchr(name, '/');
	*to = slash ? slash + 1 : NULL;
	size_t len = slash ? (size_t)(slash - name) : strlen(name);
	if (strcmp(kind, "http") == 0)
		return rule_named(c, name, len, CONF_FWD_HTTP);
	if (strcmp(kind, "email") == 0)
		return rule_named(c, name, len, CONF_FWD_EMAIL);
	if (strcmp(kind, "sms") == 0)
		return slash ? rule_named(c, name, len, CONF_FWD_SMS) : NULL;
	if (strcmp(kind, "reply") == 0)
		return slash ? &c->auto_reply : NULL;
	return NULL;
}
