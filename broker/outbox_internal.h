/*
 * outbox_internal.h - what the forwarding engine (outbox.c) and the
 * deliveries of each kind (fwd_deliver.c) share: a target, the job in
 * progress, and how a job ends.
 */
#ifndef SMSB_OUTBOX_INTERNAL_H
#define SMSB_OUTBOX_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fwd_curl.h"
#include "fwd_http.h"
#include "store.h"

struct broker;
struct outbox;
struct fwd_worker;

struct ob_target {
	struct outbox *o;
	struct broker *b;
	char kind[STORE_OUTBOX_KIND_MAX];
	char name[STORE_OUTBOX_NAME_MAX]; /* "" = every row of the kind */
	struct fwd_worker *w;             /* NULL: delivered on the loop */
	struct store_op claim;            /* its jobs live here until the last is done */
	struct store_outbox_claim claim_in;
	size_t next;                      /* the next job of claim.jobs */
	bool claiming, active;
	struct ob_target *next_target;
};

/* One delivery under way. Strings the worker reads are copies: a reload may free the conf. */
struct ob_job {
	struct ob_target *t;
	struct store_outbox_job *j;  /* in t->claim.jobs */
	uint32_t attempts;           /* with this one */
	int64_t expire_at;           /* 0 = never */
	int64_t retry_min_ms, retry_max_ms;
	/* HTTP, callbacks */
	struct fwd_http_request http;
	char **permanent;
	size_t n_permanent;
	/* email */
	char *mail;
	struct fwd_smtp_request smtp;
	char *host, *user, *password, *from;
	char **to;
	size_t n_to;
	/* TLS and the outcome */
	char *ca_file;
	struct fwd_tls_opts tls;
	struct fwd_curl_result res;
	/* SMS: the result committed with the SMS */
	struct store_outbox_result result;
};

/* Starts job (its target, row and message set): fwd_deliver.c. Ends with outbox_finish or outbox_sms_done. */
void fwd_deliver_start(struct ob_job *job, int64_t now);

/*
 * Ends job with state (enum store_outbox_state), next_at (pending only),
 * error (NULL = none): one store op, then the target goes on. Frees job.
 */
void outbox_finish(struct ob_job *job, int state, int64_t next_at, const char *error);

/* A retry: pending with backoff, or expired when the time to live is over. */
void outbox_retry(struct ob_job *job, int64_t now, const char *error);

/* The SMS of job was stored with its result (store result): the target goes on. Frees job. */
void outbox_sms_done(struct ob_job *job, int result);

void ob_job_free(struct ob_job *job);

#endif
