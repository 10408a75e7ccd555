/*
 * dispatch.h - the dispatcher: takes due messages from the store, chooses a
 * route and a connector for each, and records every outcome (with its
 * receipt) back in the store. One per broker.
 *
 * At-least-once: a message is marked dispatching when claimed; a crash
 * before its outcome is recorded puts it back in the queue at the next start
 * (store recovery), so a message whose next hop got it but whose answer was
 * lost is sent again. Nothing else sends a message twice.
 */
#ifndef SMSB_DISPATCH_H
#define SMSB_DISPATCH_H

#include <stddef.h>

struct broker;
struct conf;
struct dispatcher;
struct route_table;
struct conf_route;

struct dispatcher *dispatcher_new(struct broker *b);
/* Builds connectors and routes from b->conf (start-up and reload). 0 or -1. */
int dispatcher_configure(struct dispatcher *d);
/* New work may be due (a message stored, a receiver bound): run a pass soon. */
void dispatcher_kick(struct dispatcher *d);
/* A receiver of account bound: what waits for it is due now. */
void dispatcher_wake(struct dispatcher *d, const char *account);
/* A connector can send again (bound, a pause over): what waits for it is due now. */
void dispatcher_wake_connector(struct dispatcher *d, const char *connector);
/* Jobs handed to connectors and not yet answered. */
size_t dispatcher_in_flight(const struct dispatcher *d);
/* The route a submit would take; NULL if none (and routes exist). */
const struct conf_route *dispatcher_route(const struct dispatcher *d, const char *account,
					  const char *src, const char *dst, const char *service_type);
/* The account whose address_range takes dst (incoming messages), or NULL. */
const char *dispatcher_account_for(const struct dispatcher *d, const char *dst);
/* Are any routes configured? */
int dispatcher_has_routes(const struct dispatcher *d);
/*
 * Stops claiming; connectors finish what is out (an upstream waits for its
 * window, then unbinds). Called again (teardown), connectors hand back at
 * once what is still out.
 */
void dispatcher_stop(struct dispatcher *d);
void dispatcher_free(struct dispatcher *d);

#endif
