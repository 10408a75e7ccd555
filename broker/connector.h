/*
 * connector.h - a next hop: applications bound here (local), an upstream
 * SMSC (smpp), a GSM modem. The dispatcher gives a connector one message at
 * a time (a job); the connector answers later, exactly once per job, with
 * dispatch_job_done(). A connector never touches the store.
 */
#ifndef SMSB_CONNECTOR_H
#define SMSB_CONNECTOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "rate.h"
#include "store.h"

struct broker;
struct conf_connector;
struct connector;
struct dispatch_job;

/* What became of one attempt. */
enum dispatch_outcome {
	DISPATCH_DELIVERED, /* final: the destination has it (local ESME acknowledged) */
	DISPATCH_SENT,      /* handed to the next hop, which gave remote_id; a receipt may follow */
	DISPATCH_TEMPFAIL,  /* try again later (with backoff) */
	DISPATCH_PERMFAIL,  /* never deliverable (bad destination, rejected) */
	DISPATCH_NOTREADY,  /* the connector cannot take it now (nobody bound, link down) */
};

struct connector_ops {
	const char *type;
	/* Can it take m now? (A quick look; send may still fail.) */
	bool (*ready)(struct connector *c, const struct store_msg *m);
	/* Starts sending job->msg; the result comes through dispatch_job_done. */
	void (*send)(struct connector *c, struct dispatch_job *job);
	/*
	 * Optional. The daemon is stopping: take no more jobs and finish what
	 * is out (now = false), or hand back at once, through
	 * dispatch_job_done, everything still out (now = true, at teardown).
	 */
	void (*stop)(struct connector *c, bool now);
	/*
	 * Optional. A reload brings cc for a connector of this name: return
	 * true to keep running as is (taking what can change in place, like
	 * throughput), false to be freed and built anew from cc.
	 */
	bool (*reuse)(struct connector *c, const struct conf_connector *cc);
	/* Frees c; a job still out is answered first (dispatch_job_done). */
	void (*free)(struct connector *c);
};

struct connector {
	const struct connector_ops *ops;
	char name[STORE_CONNECTOR_MAX];
	struct broker *b;
	unsigned throughput; /* messages/s, 0 = unlimited */
	struct rate rate;
};

/* One message being dispatched. */
struct dispatch_job {
	uint64_t id;        /* completions find the job by this */
	struct store_msg msg; /* owns its buffers */
	char connector[STORE_CONNECTOR_MAX];
	int64_t started_ms; /* monotonic */
};

/*
 * Reports a job's outcome (once). error_code: an SMPP command_status or a
 * network error; remote_id: the next hop's id for DISPATCH_SENT, else NULL.
 */
void dispatch_job_done(struct broker *b, uint64_t job_id, enum dispatch_outcome outcome,
		       uint32_t error_code, const char *remote_id);

/*
 * A next hop's report on a message it took earlier (an upstream SMSC's
 * delivery receipt, a modem's status report): finds the message by the id
 * that hop gave it (remote_id, compared exactly) and records state (an enum
 * store_state; final ones produce the submitter's receipt). done (optional)
 * runs after the commit with STORE_OK, or STORE_ENOTFOUND for a report that
 * matches no message (logged with the id it carried). Only then may the
 * connector acknowledge the report.
 */
void dispatch_report(struct broker *b, const char *connector, const char *remote_id, int state,
		     uint32_t error_code, void (*done)(void *arg, int result), void *arg);

#define DISPATCH_REPORT_MAX_IDS 8

/*
 * dispatch_report() for a report whose id may be written several ways
 * (decimal or hexadecimal, smpp_dlr.h): tries ids[0..n) in order, n at most
 * DISPATCH_REPORT_MAX_IDS, and records the first that matches. When none
 * does, done gets STORE_ENOTFOUND, and the report is logged as unmatched
 * (with every id tried) only if log_unmatched: a caller that will try
 * again later logs only its last try.
 */
void dispatch_report_any(struct broker *b, const char *connector, const char *const *ids,
			 size_t n, int state, uint32_t error_code, bool log_unmatched,
			 void (*done)(void *arg, int result), void *arg);

/*
 * The same, and committed(arg, result) runs once the outcome is on disk
 * (also when job_id was answered already: STORE_ENOTFOUND). A connector
 * that keeps the next hop's capacity (a window slot) until then bounds the
 * duplicates a crash can cause to what it had in flight.
 */
void dispatch_job_done_then(struct broker *b, uint64_t job_id, enum dispatch_outcome outcome,
			    uint32_t error_code, const char *remote_id,
			    void (*committed)(void *arg, int result), void *arg);

/* Connector constructors, by type. */
struct connector *conn_local_new(struct broker *b, const char *name, const char *account);
/* An upstream SMSC (conn_smpp.h); connects and binds on its own from the next loop turn. */
struct connector *conn_smpp_new(struct broker *b, const struct conf_connector *cc);

#endif
