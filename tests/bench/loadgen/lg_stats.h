/*
 * lg_stats.h - what one load generator run counted and measured, and its
 * two reports: one JSON line (machine-readable) and a human summary.
 *
 * Counters only grow; times are lg_now_ns() values (0 = never happened).
 */
#ifndef SMSB_LG_STATS_H
#define SMSB_LG_STATS_H

#include <stdint.h>
#include <stdio.h>

#include "lg_hist.h"
#include "lg_msg.h"
#include "lg_opts.h"

#define LG_STATUS_SLOTS 32

/* How often each command_status other than ESME_ROK was seen. */
struct lg_status_tab {
	unsigned n;
	uint64_t other; /* statuses beyond the slots */
	struct lg_status_slot {
		uint32_t status;
		uint64_t count;
	} slot[LG_STATUS_SLOTS];
};

struct lg_stats {
	/* submit_sm */
	uint64_t submitted, by_kind[LG_MSG_KINDS];
	uint64_t resp_ok;
	struct lg_status_tab resp_err; /* submit_sm_resp with an error status */
	uint64_t generic_nack;         /* generic_nack to one of our submit_sm */
	uint64_t unmatched;            /* a response to no request of ours */
	uint64_t lost;                 /* outstanding when a session closed or the drain ended */
	struct lg_hist submit_lat;

	/* deliveries */
	uint64_t deliver_sm, receipts;
	uint64_t first_deliver_ns, last_deliver_ns;

	/* sessions */
	uint64_t binds_ok;
	struct lg_status_tab bind_err;
	uint64_t bind_timeout, connect_failed, closed_by_peer, protocol_errors;
	uint64_t enquire_sent, enquire_resp, server_requests;
	struct lg_hist enquire_lat;

	/* times */
	uint64_t t_begin_ns;     /* start of the connect phase */
	uint64_t t_bound_ns;     /* every session bound (or failed): sending begins */
	uint64_t t_stop_ns;      /* sending stopped (duration or count reached) */
	uint64_t t_last_resp_ns; /* last submit_sm_resp or generic_nack */
	uint64_t t_end_ns;       /* drain and linger over */
	uint64_t pace_stalls;    /* pacing ticks that found every window full */

	/* resources */
	long rss_bound_kb, rss_end_kb, hwm_kb; /* the watched process; -1 unknown */
	double watched_cpu_s;                  /* its CPU time over the sending phase */
	double self_cpu_s;                     /* ours, over the whole run */
};

void lg_stats_init(struct lg_stats *st);

/* Counts one occurrence of status in t. */
void lg_status_tab_add(struct lg_status_tab *t, uint32_t status);

/* True when every submit_sm was answered ESME_ROK and every session bound. */
int lg_stats_clean(const struct lg_stats *st, const struct lg_opts *o);

/* One JSON object on one line, newline-terminated. */
void lg_stats_json(const struct lg_stats *st, const struct lg_opts *o, FILE *out);

/* A few lines for a person. */
void lg_stats_human(const struct lg_stats *st, const struct lg_opts *o, FILE *out);

#endif
