/* conn_modem.c - the modem connector: a pool of modems (see conn_modem.h). */
#include "conn_modem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "at_cms.h"
#include "broker.h"
#include "conf.h"
#include "connector.h"
#include "dispatch.h"
#include "log.h"
#include "modem.h"
#include "modem_pdu.h"

#define QUEUE_PER_MODEM 4 /* sends waiting per modem before the pool says not ready */
#define MINUTE_MS 60000LL
#define DAY_MS (24 * 60 * MINUTE_MS)

struct pool_member {
	struct modem *m;
	int64_t min_start, day_start; /* monotonic ms; windows start with their first message */
	unsigned min_count, day_count;
};

struct conn_modem {
	struct connector base;
	struct pool_member *mem;
	size_t n;
	size_t rr;
	unsigned per_minute, per_day;
	bool srr, text_mode, stopping;
	char *signature; /* every option that needs the modems reopened when it changes */
};

/* One send on its way: found again by job id, never by pointer. */
struct send_ctx {
	struct broker *b;
	uint64_t job;
	char device[128];
};

static void window(int64_t *start, unsigned *count, int64_t len, int64_t now)
{
	if (now - *start >= len) {
		*start = now;
		*count = 0;
	}
}

static bool under_limits(struct conn_modem *c, struct pool_member *p, int64_t now)
{
	window(&p->min_start, &p->min_count, MINUTE_MS, now);
	window(&p->day_start, &p->day_count, DAY_MS, now);
	return (!c->per_minute || p->min_count < c->per_minute) &&
	       (!c->per_day || p->day_count < c->per_day);
}

static bool usable(struct conn_modem *c, struct pool_member *p, int64_t now)
{
	return modem_ready(p->m) && modem_sending(p->m) < QUEUE_PER_MODEM && under_limits(c, p, now);
}

static bool modem_conn_ready(struct connector *base, const struct store_msg *msg)
{
	(void)msg;
	struct conn_modem *c = (struct conn_modem *)base;
	int64_t now = broker_mono_ms();
	if (c->stopping)
		return false;
	for (size_t i = 0; i < c->n; i++)
		if (usable(c, &c->mem[i], now))
			return true;
	return false;
}

static void sent_cb(void *arg, int result, int cms, const char *remote_id)
{
	struct send_ctx *x = arg;
	switch (result) {
	case MODEM_SEND_OK:
		dispatch_job_done(x->b, x->job, DISPATCH_SENT, 0, remote_id);
		break;
	case MODEM_SEND_CMS: {
		bool perm = cms >= 0 && at_cms_class(cms) == AT_CMS_PERMANENT;
		log_info("modem.send_error device=%s cms=%d class=%s reason=\"%s\"", x->device, cms,
			 perm ? "permanent" : "temporary", at_cms_text(cms));
		dispatch_job_done(x->b, x->job, perm ? DISPATCH_PERMFAIL : DISPATCH_TEMPFAIL,
				  cms >= 0 ? (uint32_t)cms : 0, NULL);
		break;
	}
	case MODEM_SEND_TIMEOUT:
		dispatch_job_done(x->b, x->job, DISPATCH_TEMPFAIL, 0, NULL);
		break;
	default:
		dispatch_job_done(x->b, x->job, DISPATCH_NOTREADY, 0, NULL);
		break;
	}
	free(x);
}

static void modem_conn_send(struct connector *base, struct dispatch_job *job)
{
	struct conn_modem *c = (struct conn_modem *)base;
	struct broker *b = base->b;
	const struct store_msg *msg = &job->msg;
	int64_t now = broker_mono_ms();
	struct pool_member *p = NULL;
	for (size_t k = 0; k < c->n && !c->stopping; k++) {
		struct pool_member *q = &c->mem[(c->rr + k) % c->n];
		if (usable(c, q, now)) {
			p = q;
			c->rr = (c->rr + k + 1) % c->n;
			break;
		}
	}
	if (!p) {
		dispatch_job_done(b, job->id, DISPATCH_NOTREADY, 0, NULL);
		return;
	}
	char hex[MODEM_PDU_HEX_MAX], text[200], dest[24];
	unsigned tpdu_len = 0;
	int rc = modem_pdu_build(msg, c->srr, broker_now_ms(), hex, sizeof hex, &tpdu_len);
	if (rc != 0) {
		log_warn("modem.unsendable message=%lld to=%s error=%d", (long long)msg->id,
			 msg->dst_addr, rc);
		dispatch_job_done(b, job->id, DISPATCH_PERMFAIL,
				  rc == MODEM_PDU_EADDR ? 0x0B /* ESME_RINVDSTADR */ : 0x01, NULL);
		return;
	}
	modem_pdu_dest(msg, dest, sizeof dest);
	struct modem_sms s = {.pdu_hex = hex, .tpdu_len = tpdu_len, .dest = dest, .srr = c->srr};
	if (c->text_mode && modem_pdu_text(msg, text, sizeof text) == 0)
		s.text = text;
	struct send_ctx *x = calloc(1, sizeof *x);
	if (!x) {
		dispatch_job_done(b, job->id, DISPATCH_NOTREADY, 0, NULL);
		return;
	}
	x->b = b;
	x->job = job->id;
	snprintf(x->device, sizeof x->device, "%s", modem_device(p->m));
	if (modem_send(p->m, &s, sent_cb, x) != 0) {
		free(x);
		dispatch_job_done(b, job->id, DISPATCH_NOTREADY, 0, NULL);
		return;
	}
	p->min_count++;
	p->day_count++;
	log_debug("modem.send message=%lld device=%s to=%s part=%u/%u", (long long)msg->id,
		  modem_device(p->m), msg->dst_addr, msg->part_seq, msg->part_total);
}

static void on_modem_state(void *arg, struct modem *m, bool ready)
{
	struct conn_modem *c = arg;
	(void)m;
	/* Messages that waited for this connector are due now. */
	if (ready && !c->stopping)
		dispatcher_wake_connector(c->base.b->dispatcher, c->base.name);
}

static void modem_conn_stop(struct connector *base, bool now)
{
	struct conn_modem *c = (struct conn_modem *)base;
	c->stopping = true;
	if (now) {
		for (size_t i = 0; i < c->n; i++) {
			modem_free(c->mem[i].m); /* answers its sends */
			c->mem[i].m = NULL;
		}
		c->n = 0;
	}
}

static void modem_conn_free(struct connector *base)
{
	struct conn_modem *c = (struct conn_modem *)base;
	for (size_t i = 0; i < c->n; i++)
		modem_free(c->mem[i].m);
	free(c->mem);
	free(c->signature);
	free(c);
}

/* The options whose change needs the modems reopened, as one string. */
static char *signature_of(const struct conf_connector *cc)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	for (size_t i = 0; i < cc->n_devices; i++)
		fprintf(f, "d=%s\n", cc->devices[i]);
	for (size_t i = 0; i < cc->n_init_script; i++)
		fprintf(f, "i=%s\n", cc->init_script[i]);
	fprintf(f, "%u %d %s %s %d %s %s %d %lld %lld %lld %lld %lld %lld %s %s %s\n", cc->baud,
		cc->flow_control, cc->sim_pin ? cc->sim_pin : "-", cc->smsc ? cc->smsc : "-",
		cc->sms_mode, cc->cnmi, cc->sms_storage, cc->status_reports,
		(long long)cc->command_timeout_ms, (long long)cc->send_timeout_ms,
		(long long)cc->health_interval_ms, (long long)cc->sweep_interval_ms,
		(long long)cc->reconnect_min_ms, (long long)cc->reconnect_max_ms,
		cc->apn ? cc->apn : "-", cc->pdp_type, cc->mo_account ? cc->mo_account : "-");
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

static bool modem_conn_reuse(struct connector *base, const struct conf_connector *cc)
{
	struct conn_modem *c = (struct conn_modem *)base;
	char *sig = signature_of(cc);
	bool same = sig && cc->type == CONF_CONN_MODEM && strcmp(sig, c->signature) == 0;
	free(sig);
	if (same) {
		/* Limits change in place; the counts so far stay. */
		c->per_minute = cc->limit_per_minute;
		c->per_day = cc->limit_per_day;
	}
	return same;
}

static const struct connector_ops modem_ops = {
	.type = "modem",
	.ready = modem_conn_ready,
	.send = modem_conn_send,
	.stop = modem_conn_stop,
	.reuse = modem_conn_reuse,
	.free = modem_conn_free,
};

struct connector *conn_modem_new(struct broker *b, const struct conf_connector *cc)
{
	struct conn_modem *c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->base.ops = &modem_ops;
	c->base.b = b;
	snprintf(c->base.name, sizeof c->base.name, "%s", cc->name);
	c->per_minute = cc->limit_per_minute;
	c->per_day = cc->limit_per_day;
	c->srr = cc->status_reports;
	c->text_mode = cc->sms_mode == CONF_SMS_TEXT;
	c->signature = signature_of(cc);
	c->mem = calloc(cc->n_devices ? cc->n_devices : 1, sizeof *c->mem);
	if (!c->signature || !c->mem) {
		modem_conn_free(&c->base);
		return NULL;
	}
	int64_t now = broker_mono_ms();
	for (size_t i = 0; i < cc->n_devices; i++) {
		struct modem_opts o = {
			.connector = cc->name,
			.mo_account = cc->mo_account,
			.device = cc->devices[i],
			.baud = cc->baud,
			.flow = cc->flow_control,
			.init_script = cc->init_script,
			.n_init_script = cc->n_init_script,
			.sim_pin = cc->sim_pin,
			.smsc = cc->smsc,
			.apn = cc->apn,
			.pdp_type = cc->pdp_type,
			.storage = cc->sms_storage,
			.cnmi = cc->cnmi,
			.status_reports = cc->status_reports,
			.text_mode = cc->sms_mode == CONF_SMS_TEXT,
			.command_timeout_ms = cc->command_timeout_ms,
			.send_timeout_ms = cc->send_timeout_ms,
			.health_interval_ms = cc->health_interval_ms,
			.sweep_interval_ms = cc->sweep_interval_ms,
			.reopen_min_ms = cc->reconnect_min_ms,
			.reopen_max_ms = cc->reconnect_max_ms,
		};
		struct modem *m = modem_new(b, &o, on_modem_state, c);
		if (!m) {
			modem_conn_free(&c->base);
			return NULL;
		}
		c->mem[c->n++] = (struct pool_member){.m = m, .min_start = now, .day_start = now};
	}
	log_info("modem.connector name=%s modems=%zu", c->base.name, c->n);
	return &c->base;
}
