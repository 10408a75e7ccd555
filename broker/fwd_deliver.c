/*
 * fwd_deliver.c - one delivery of each kind (see outbox_internal.h): the
 * rule looked up, expiry, the text of the message (waiting for a long
 * message's parts), then an HTTP request or an email on the target's
 * worker thread, or an SMS stored with its row's result in one
 * transaction, or a receipt posted to its callback URL, or a meter
 * report's JSON or text to an HTTP or email rule.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "broker.h"
#include "conf.h"
#include "fwd_mail.h"
#include "fwd_rules.h"
#include "fwd_text.h"
#include "fwd_worker.h"
#include "log.h"
#include "outbound.h"
#include "outbox_internal.h"
#include "sms_err.h"

#define SMS_SENDER_LIMIT 480 /* the seed: the sender is added only within 480 characters */
#define DISABLED_RECHECK_MS 60000

static char **strv_dup(char *const *v, size_t n)
{
	char **out = calloc(n + 1, sizeof *out);
	for (size_t i = 0; out && i < n; i++)
		if (!(out[i] = strdup(v[i]))) {
			for (size_t k = 0; k < i; k++)
				free(out[k]);
			free(out);
			return NULL;
		}
	return out;
}

static char *str_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* ---- on the worker thread ---- */

static void work(void *arg, atomic_bool *stop)
{
	struct ob_job *job = arg;
	if (job->mail)
		fwd_curl_smtp(&job->smtp, &job->tls, stop, &job->res);
	else
		fwd_curl_http(&job->http, &job->tls, job->permanent, job->n_permanent, stop, &job->res);
}

/* ---- back on the loop ---- */

static void worked(void *arg)
{
	struct ob_job *job = arg;
	int64_t now = broker_now_ms();
	switch (job->res.outcome) {
	case FWD_DELIVERED:
		outbox_finish(job, STORE_OUTBOX_DONE, now, job->res.detail);
		break;
	case FWD_PERMANENT:
		outbox_finish(job, STORE_OUTBOX_FAILED, now, job->res.detail);
		break;
	case FWD_STOPPED:
		job->attempts = job->j->row.attempts;
		outbox_finish(job, STORE_OUTBOX_PENDING, now, "stopped");
		break;
	default:
		outbox_retry(job, now, job->res.detail);
	}
}

static void hand_over(struct ob_job *job, bool built, int64_t now)
{
	if (!built) {
		outbox_retry(job, now, "out of memory");
		return;
	}
	if (fwd_worker_run(job->t->w, work, worked, job) != 0)
		outbox_retry(job, now, "worker busy or stopping");
}

/* ---- the kinds ---- */

static void start_http(struct ob_job *job, const struct conf_forward *r, const struct fwd_vars *v,
		       int64_t now)
{
	bool ok = fwd_http_build(r, v, &job->http) == 0;
	job->permanent = strv_dup(r->permanent_statuses, r->n_permanent_statuses);
	job->n_permanent = job->permanent ? r->n_permanent_statuses : 0;
	job->ca_file = str_dup(r->ca_file);
	job->tls = (struct fwd_tls_opts){r->verify_certificate, job->ca_file, r->timeout_ms};
	hand_over(job, ok && job->permanent && (!r->ca_file || job->ca_file), now);
}

/* body NULL: the message's text as the rule makes it; else body as is (a meter report). */
static void start_email(struct ob_job *job, const struct conf_forward *r, const struct fwd_vars *v,
			const char *text, int64_t now)
{
	char *body = text ? strdup(text) : fwd_http_text(r, v);
	char *subject = fwd_template_string(r->subject, v, FWD_ESC_NONE);
	char host[256] = "smsbroker", mid[400];
	gethostname(host, sizeof host - 1);
	snprintf(mid, sizeof mid, "%s.%s.%s.%lld@%s", text ? "report" : "sms", v->message_id, r->name,
		 (long long)job->j->row.id, host);
	struct fwd_mail_in in = {.from = r->from, .to = r->to, .n_to = r->n_to,
				 .subject = subject ? subject : "", .body = body ? body : "",
				 .date_ms = now, .message_id = mid};
	job->mail = body && subject ? fwd_mail_build(&in) : NULL;
	free(body);
	free(subject);
	job->host = str_dup(r->smtp_host);
	job->user = str_dup(r->smtp_username);
	job->password = str_dup(r->smtp_password);
	job->from = str_dup(r->from);
	job->to = strv_dup(r->to, r->n_to);
	job->n_to = job->to ? r->n_to : 0;
	job->ca_file = str_dup(r->ca_file);
	job->tls = (struct fwd_tls_opts){r->verify_certificate, job->ca_file, r->timeout_ms};
	job->smtp = (struct fwd_smtp_request){
		.host = job->host, .port = r->smtp_port, .security = r->smtp_security,
		.auth = r->smtp_auth, .username = job->user, .password = job->password,
		.from = job->from, .to = job->to, .n_to = job->n_to, .message = job->mail};
	hand_over(job, job->mail && job->host && job->from && job->to, now);
}

static size_t chars(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

static void sms_stored(void *arg, int result, int64_t first_id, unsigned segments)
{
	(void)first_id;
	(void)segments;
	outbox_sms_done(arg, result);
}

static void start_sms(struct ob_job *job, const struct conf_forward *r, const char *to,
		      const struct fwd_vars *v, int64_t now)
{
	struct store_outbox_job *j = job->j;
	char *text;
	if (strcmp(j->row.kind, "reply") == 0) {
		if ((int64_t)j->recent >= (int64_t)r->rate_limit) {
			char why[120];
			snprintf(why, sizeof why, "rate limit: %lld replies to %s within rate_window",
				 (long long)j->recent, to);
			outbox_finish(job, STORE_OUTBOX_SKIPPED, now, why);
			return;
		}
		text = fwd_template_string(r->text, v, FWD_ESC_NONE);
	} else {
		struct conf_forward plain = *r;
		plain.include_sender = false;
		text = fwd_http_text(r, v);
		/* The seed: the sender is added only while the whole stays within 480 characters. */
		if (text && r->include_sender && chars(text) > SMS_SENDER_LIMIT) {
			free(text);
			text = fwd_http_text(&plain, v);
		}
	}
	if (!text) {
		outbox_retry(job, now, "out of memory");
		return;
	}
	char origin[160];
	snprintf(origin, sizeof origin, "fwd:%s message %s", j->row.name, v->message_id);
	job->result = (struct store_outbox_result){.ids = j->ids, .n = j->n_ids,
						   .state = STORE_OUTBOX_DONE, .next_at = now,
						   .attempts = job->attempts};
	struct outbound_text req = {.account = r->account ? r->account : "",
				    .source = r->source ? r->source : "", .destination = to,
				    .text = text, .max_segments = r->max_segments, .origin = origin,
				    .outbox = &job->result};
	int rc = outbound_submit_text(job->t->b, &req, sms_stored, job);
	free(text);
	if (rc != 0)
		outbox_finish(job, STORE_OUTBOX_FAILED, now, sms_err_str(rc));
}

/* The receipt's "stat:" word, as a state name. */
static const char *receipt_state(const struct store_msg *dr, unsigned *err)
{
	static const char *const map[][2] = {
		{"DELIVRD", "delivered"}, {"UNDELIV", "undeliverable"}, {"EXPIRED", "expired"},
		{"REJECTD", "rejected"},  {"DELETED", "deleted"},       {"ACCEPTD", "accepted"},
		{"ENROUTE", "enroute"},   {"UNKNOWN", "unknown"},
	};
	char text[200] = "";
	size_t n = dr->payload_len < sizeof text - 1 ? dr->payload_len : sizeof text - 1;
	if (dr->payload)
		memcpy(text, dr->payload, n);
	text[n] = '\0';
	const char *e = strstr(text, "err:");
	*err = e ? (unsigned)strtoul(e + 4, NULL, 10) : 0;
	const char *s = strstr(text, "stat:");
	for (size_t i = 0; s && i < sizeof map / sizeof map[0]; i++)
		if (strncmp(s + 5, map[i][0], 7) == 0)
			return map[i][1];
	return "unknown";
}

static void start_callback(struct ob_job *job, int64_t now)
{
	const struct conf_callbacks *cb = &job->t->b->conf->receipt_callbacks;
	struct store_outbox_job *j = job->j;
	job->retry_min_ms = cb->retry_min_ms;
	job->retry_max_ms = cb->retry_max_ms;
	job->expire_at = j->row.created_at + cb->ttl_ms;
	if (!j->url) {
		outbox_finish(job, STORE_OUTBOX_SKIPPED, now, "the message and its callback are gone");
		return;
	}
	if (now >= job->expire_at) {
		outbox_finish(job, STORE_OUTBOX_EXPIRED, now, "time to live passed");
		return;
	}
	const struct store_msg *dr = &j->parts[0];
	struct fwd_receipt rc = {.message_id = dr->receipt_of, .receipt_id = dr->id,
				 .from = j->about.src_addr, .to = j->about.dst_addr,
				 .done_at_ms = dr->created_at};
	rc.state = receipt_state(dr, &rc.error_code);
	bool ok = fwd_http_build_receipt(j->url, &rc, &job->http) == 0;
	job->permanent = strv_dup(cb->permanent_statuses, cb->n_permanent_statuses);
	job->n_permanent = job->permanent ? cb->n_permanent_statuses : 0;
	job->ca_file = str_dup(cb->ca_file);
	job->tls = (struct fwd_tls_opts){cb->verify_certificate, job->ca_file, cb->timeout_ms};
	hand_over(job, ok && job->permanent && (!cb->ca_file || job->ca_file), now);
}

/*
 * A meter report (meter_report_fwd.c) to an http or email rule: the JSON
 * body with the row's id as "id", or the text by email. The rule's
 * templates see {sender} = the meter, {connector} = "report:<name>",
 * {text}, {time} = when the reading ended, {message_id} = the report row.
 */
static void start_report(struct ob_job *job, int64_t now)
{
	const struct store_outbox_job *j = job->j;
	const struct conf *c = job->t->b->conf;
	const struct conf_forward *r = NULL;
	for (size_t i = 0; i < c->n_forwarding && !r; i++)
		if (strcmp(c->forwarding[i].name, j->row.name) == 0 &&
		    (c->forwarding[i].target == CONF_FWD_HTTP || c->forwarding[i].target == CONF_FWD_EMAIL))
			r = &c->forwarding[i];
	job->expire_at = j->row.expire_at;
	job->attempts = j->row.attempts; /* none of these ends is an attempt */
	if (!j->report_body || !r) {
		outbox_finish(job, STORE_OUTBOX_SKIPPED, now,
			      r ? "the report row is gone" : "no http or email rule of that name any more");
		return;
	}
	if (job->expire_at && now >= job->expire_at) {
		outbox_finish(job, STORE_OUTBOX_EXPIRED, now, "time to live passed");
		return;
	}
	if (!r->enabled) {
		outbox_finish(job, STORE_OUTBOX_PENDING, now + DISABLED_RECHECK_MS, "rule disabled");
		return;
	}
	job->attempts = j->row.attempts + 1;
	job->retry_min_ms = r->retry_min_ms;
	job->retry_max_ms = r->retry_max_ms;
	char id[24], connector[80];
	snprintf(id, sizeof id, "%lld", (long long)j->row.message_id);
	snprintf(connector, sizeof connector, "report:%s", j->report_name);
	struct fwd_vars v = {.sender = j->report_meter, .text = j->report_text, .message_id = id,
			     .connector = connector, .rule = r->name, .time_ms = j->report_at};
	if (r->target == CONF_FWD_EMAIL) {
		start_email(job, r, &v, j->report_text, now);
		return;
	}
	/* The same body on every attempt, with its id: a receiver's idempotency key. */
	char *body = NULL;
	size_t len = strlen(j->report_body);
	if (len >= 2 && j->report_body[0] == '{' && (body = malloc(len + 32)))
		snprintf(body, len + 32, "{\"id\":%s,%s", id, j->report_body + 1);
	bool ok = body && fwd_http_build_json(r, &v, body, &job->http) == 0;
	free(body);
	job->permanent = strv_dup(r->permanent_statuses, r->n_permanent_statuses);
	job->n_permanent = job->permanent ? r->n_permanent_statuses : 0;
	job->ca_file = str_dup(r->ca_file);
	job->tls = (struct fwd_tls_opts){r->verify_certificate, job->ca_file, r->timeout_ms};
	hand_over(job, ok && job->permanent && (!r->ca_file || job->ca_file), now);
}

/* The earliest part: its id names the message, its time is when it came. */
static const struct store_msg *first_part(const struct store_outbox_job *j)
{
	const struct store_msg *f = &j->parts[0];
	for (size_t i = 1; i < j->n_parts; i++)
		if (j->parts[i].id < f->id)
			f = &j->parts[i];
	return f;
}

void fwd_deliver_start(struct ob_job *job, int64_t now)
{
	struct store_outbox_job *j = job->j;
	const struct conf *c = job->t->b->conf;
	job->attempts = j->row.attempts + 1;
	if (strcmp(j->row.kind, "report") == 0) {
		start_report(job, now);
		return;
	}
	if (j->n_parts == 0) {
		job->attempts = j->row.attempts;
		outbox_finish(job, STORE_OUTBOX_SKIPPED, now, "the message was deleted");
		return;
	}
	if (strcmp(j->row.kind, "callback") == 0) {
		start_callback(job, now);
		return;
	}
	const char *to = NULL;
	const struct conf_forward *r = fwd_rules_of_row(c, j->row.kind, j->row.name, &to);
	if (!r) {
		job->attempts = j->row.attempts;
		outbox_finish(job, STORE_OUTBOX_SKIPPED, now, "no such rule any more");
		return;
	}
	job->retry_min_ms = r->retry_min_ms;
	job->retry_max_ms = r->retry_max_ms;
	job->expire_at = j->row.expire_at;
	if (job->expire_at && now >= job->expire_at) {
		job->attempts = j->row.attempts;
		outbox_finish(job, STORE_OUTBOX_EXPIRED, now, "time to live passed");
		return;
	}
	if (!r->enabled) {
		job->attempts = j->row.attempts;
		outbox_finish(job, STORE_OUTBOX_PENDING, now + DISABLED_RECHECK_MS, "rule disabled");
		return;
	}
	struct fwd_text_policy pol = {c->incoming.reassembly_timeout_ms, c->incoming.gap_marker};
	char *text = NULL;
	int64_t wait_until = 0;
	unsigned missing = 0;
	int st = fwd_text_of(j->parts, j->n_parts, j->late, now, &pol, &text, &wait_until, &missing);
	if (st == FWD_TEXT_WAIT) {
		char why[80];
		snprintf(why, sizeof why, "waiting for parts: %zu of %u", j->n_parts,
			 j->parts[0].part_total);
		job->attempts = j->row.attempts;
		if (job->expire_at && wait_until > job->expire_at)
			wait_until = job->expire_at;
		outbox_finish(job, STORE_OUTBOX_PENDING, wait_until, why);
		return;
	}
	if (st != FWD_TEXT_READY) {
		outbox_retry(job, now, "out of memory");
		return;
	}
	if (missing)
		log_warn("fwd.partial kind=%s target=%s message=%lld missing=%u", j->row.kind,
			 j->row.name, (long long)j->row.message_id, missing);
	const struct store_msg *m = first_part(j);
	char id[24];
	snprintf(id, sizeof id, "%lld", (long long)m->id);
	struct fwd_vars v = {.sender = m->src_addr, .destination = m->dst_addr, .text = text,
			     .message_id = id, .connector = m->connector, .rule = r->name,
			     .time_ms = m->created_at};
	if (strcmp(j->row.kind, "http") == 0)
		start_http(job, r, &v, now);
	else if (strcmp(j->row.kind, "email") == 0)
		start_email(job, r, &v, NULL, now);
	else
		start_sms(job, r, to, &v, now);
	free(text);
}
