/* route.c - ordered route matching over compiled regexes (see route.h). */
#include "route.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"

struct compiled_route {
	const struct conf_route *r;
	regex_t dst, src;
	bool has_dst, has_src;
};

/* An account's address_range: incoming messages to these destinations are its. */
struct compiled_range {
	const char *system_id;
	regex_t re;
};

struct route_table {
	struct compiled_range *ranges;
	size_t n_ranges;
	size_t n;
	struct compiled_route routes[];
};

struct route_table *route_table_new(const struct conf *c)
{
	struct route_table *t = calloc(1, sizeof *t + c->n_routes * sizeof t->routes[0]);
	if (!t)
		return NULL;
	t->ranges = calloc(c->n_accounts ? c->n_accounts : 1, sizeof *t->ranges);
	if (!t->ranges)
		goto fail;
	for (size_t i = 0; i < c->n_accounts; i++) {
		const struct conf_account *a = &c->accounts[i];
		if (!a->address_range)
			continue;
		if (regcomp(&t->ranges[t->n_ranges].re, a->address_range, REG_EXTENDED | REG_NOSUB) != 0)
			goto fail;
		t->ranges[t->n_ranges++].system_id = a->system_id;
	}
	for (size_t i = 0; i < c->n_routes; i++) {
		struct compiled_route *cr = &t->routes[i];
		cr->r = &c->routes[i];
		t->n = i + 1;
		if (cr->r->match_destination) {
			if (regcomp(&cr->dst, cr->r->match_destination, REG_EXTENDED | REG_NOSUB) != 0)
				goto fail;
			cr->has_dst = true;
		}
		if (cr->r->match_source) {
			if (regcomp(&cr->src, cr->r->match_source, REG_EXTENDED | REG_NOSUB) != 0)
				goto fail;
			cr->has_src = true;
		}
	}
	return t;
fail:
	route_table_free(t);
	return NULL;
}

void route_table_free(struct route_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n_ranges; i++)
		regfree(&t->ranges[i].re);
	free(t->ranges);
	for (size_t i = 0; i < t->n; i++) {
		if (t->routes[i].has_dst)
			regfree(&t->routes[i].dst);
		if (t->routes[i].has_src)
			regfree(&t->routes[i].src);
	}
	free(t);
}

bool route_table_empty(const struct route_table *t)
{
	return !t || t->n == 0;
}

static bool account_matches(const struct conf_route *r, const char *account)
{
	if (r->n_match_accounts == 0)
		return true;
	for (size_t i = 0; i < r->n_match_accounts; i++)
		if (strcmp(r->match_accounts[i], account) == 0)
			return true;
	return false;
}

const struct conf_route *route_find(const struct route_table *t, const char *account,
				    const char *src, const char *dst, const char *service_type)
{
	for (size_t i = 0; t && i < t->n; i++) {
		const struct compiled_route *cr = &t->routes[i];
		if (!account_matches(cr->r, account))
			continue;
		if (cr->r->match_service_type && strcmp(cr->r->match_service_type, service_type) != 0)
			continue;
		if (cr->has_dst && regexec(&cr->dst, dst, 0, NULL, 0) != 0)
			continue;
		if (cr->has_src && regexec(&cr->src, src, 0, NULL, 0) != 0)
			continue;
		return cr->r;
	}
	return NULL;
}

const char *route_account_for(const struct route_table *t, const char *dst)
{
	for (size_t i = 0; t && i < t->n_ranges; i++)
		if (regexec(&t->ranges[i].re, dst, 0, NULL, 0) == 0)
			return t->ranges[i].system_id;
	return NULL;
}
