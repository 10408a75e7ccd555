/*
 * meter_report_fwd.c - a report's outcome to its forwarding targets (see
 * meter_report_fwd.h): the JSON body built, the meter_reports row and its
 * outbox rows stored in one transaction, the engine kicked. The delivery
 * itself is the forwarding engine's (fwd_deliver.c), like any outbox row.
 */
#include "meter_report_fwd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "log.h"
#include "meter_report_json.h"
#include "outbox.h"
#include "store.h"

/* A report's outcome for the forwarding targets, on its way into the store. */
struct fwd_report {
	struct store_op op;
	struct store_meter_report r;
	struct store_outbox_target *targets;
	struct broker *b;
	char report[STORE_NAME_MAX], meter[STORE_NAME_MAX];
	char *text, *body;
};

static void fwd_report_free(struct fwd_report *f)
{
	free(f->targets);
	free(f->text);
	free(f->body);
	free(f);
}

static void fwd_stored(struct store_op *op)
{
	struct fwd_report *f = (struct fwd_report *)op;
	if (op->result == STORE_OK) {
		log_info("meter.report_forward report=%s meter=%s id=%lld targets=%zu", f->report,
			 f->meter, (long long)f->r.id, op->n_targets);
		outbox_kick(f->b->outbox);
	} else {
		log_error("meter.report_forward_failed report=%s meter=%s error=\"%s\"", f->report,
			  f->meter, store_strerror(op->result));
	}
	fwd_report_free(f);
}

void meter_report_forward(struct broker *b, const char *report, char *const *targets, size_t n_targets,
			  const struct meter_values *v, const char *text)
{
	const struct conf *c = b->conf;
	struct fwd_report *f = calloc(1, sizeof *f);
	if (!f || !(f->targets = calloc(n_targets, sizeof *f->targets)) ||
	    !(f->text = strdup(text ? text : "")) ||
	    !(f->body = meter_report_json(report, v, text))) {
		log_error("meter.report_forward_failed report=%s meter=%s error=\"out of memory\"",
			  report, v->meter);
		if (f)
			fwd_report_free(f);
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < n_targets; i++) {
		const struct conf_forward *r = NULL;
		for (size_t k = 0; k < c->n_forwarding && !r; k++)
			if (strcmp(c->forwarding[k].name, targets[i]) == 0)
				r = &c->forwarding[k];
		if (!r || (r->target != CONF_FWD_HTTP && r->target != CONF_FWD_EMAIL)) {
			log_warn("meter.report_forward_skipped report=%s target=%s reason=\"no http or"
				 " email forwarding rule of that name\"", report, targets[i]);
			continue;
		}
		struct store_outbox_target *t = &f->targets[n++];
		snprintf(t->kind, sizeof t->kind, "report");
		snprintf(t->name, sizeof t->name, "%s", r->name);
		t->expire_at = v->broker_time_ms + r->ttl_ms;
	}
	snprintf(f->report, sizeof f->report, "%s", report);
	snprintf(f->meter, sizeof f->meter, "%s", v->meter);
	f->b = b;
	f->r = (struct store_meter_report){.report = f->report, .meter = f->meter,
					   .at = v->broker_time_ms, .text = f->text, .body = f->body};
	f->op.kind = STORE_OP_METER_REPORT_INSERT;
	f->op.meter_report = &f->r;
	f->op.targets = f->targets;
	f->op.n_targets = n;
	f->op.at = v->broker_time_ms;
	f->op.cb = fwd_stored;
	if (n == 0) {
		fwd_report_free(f);
		return;
	}
	store_submit(b->store, &f->op);
}
