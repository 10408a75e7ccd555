/*
 * route.h - the routes of a configuration, compiled: regexes built once per
 * (re)load, so choosing a route (or the account an incoming message is for)
 * costs no compilation per message.
 */
#ifndef SMSB_ROUTE_H
#define SMSB_ROUTE_H

#include <stdbool.h>

struct conf;
struct conf_route;
struct route_table;

/* Compiles c's routes. NULL when out of memory (the config validated the regexes). */
struct route_table *route_table_new(const struct conf *c);
void route_table_free(struct route_table *t);

/* Are any routes configured? (None: messages are stored and wait.) */
bool route_table_empty(const struct route_table *t);

/* The first route whose every match_* holds, or NULL. Points into the conf given to _new. */
const struct conf_route *route_find(const struct route_table *t, const char *account,
				    const char *src, const char *dst, const char *service_type);

/* The first account whose address_range takes dst (incoming messages), or NULL. */
const char *route_account_for(const struct route_table *t, const char *dst);

#endif
