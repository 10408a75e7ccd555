/*
 * meter_archive.c - walking a meter's archive rings back from the newest
 * record (see meter_archive.h): per record, the six Flash reads of
 * tem106_plan_record() as line exchanges, tem106_decode_record(), then an
 * insert whose answer (stored now, or stored before) decides whether to
 * go on. One record at a time, so the line stays free between them for
 * other meters on the bus.
 */
#include "meter_archive.h"

#include <event2/event.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "log.h"
#include "meter_line.h"
#include "meter_poll.h"
#include "meter_rx.h"
#include "store.h"
#include "tem106_archive.h"
#include "tem106_plan.h"

#define RECORD_JSON_MAX 4096

struct record_op;

struct meter_archive_fetch {
	struct event *kick; /* starts the walk from the loop */
	struct meter_line *line;
	struct store *store;
	meter_archive_cb cb;
	void *arg;
	char meter[METER_NAME_MAX];
	uint8_t address;
	uint32_t serial;
	enum tem106_flash flash;
	uint32_t ptr[METER_RECORD_KINDS];
	unsigned max;

	int kind;           /* the ring being walked */
	uint32_t back;      /* records back from the newest */
	struct tem106_read plan[TEM106_RECORD_READS];
	size_t n_plan, step;
	uint32_t base;      /* Flash address of the record */
	uint8_t rec[TEM106_RECORD_SIZE];
	struct record_op *op; /* the insert under way, or NULL */
	struct meter_archive result;
};

/* One record on its way to the store: owns what the op points to. */
struct record_op {
	struct store_op op;
	struct meter_archive_fetch *f; /* NULL once the fetch is gone */
	struct store_meter_reading row;
	char meter[METER_NAME_MAX];
	char period[32];
	uint8_t raw[TEM106_RECORD_SIZE];
	char json[RECORD_JSON_MAX];
};

static const uint8_t store_kinds[METER_RECORD_KINDS] = {STORE_METER_HOURLY, STORE_METER_DAILY,
							 STORE_METER_MONTHLY};

static void next_record(struct meter_archive_fetch *f);

static void finish(struct meter_archive_fetch *f)
{
	log_info("meter.archive meter=%s hourly=%u daily=%u monthly=%u%s%s%s", f->meter,
		 f->result.stored[0], f->result.stored[1], f->result.stored[2],
		 f->result.error ? " error=\"" : "", f->result.error ? meter_strerror(f->result.error) : "",
		 f->result.error ? "\"" : "");
	f->cb(f->arg, &f->result);
	event_free(f->kick);
	free(f);
}

/* The ring of f->kind is done (why: 0 or the error that ended it); on to the next, or the end. */
static void kind_done(struct meter_archive_fetch *f, int why)
{
	if (why && why != TEM106_E_EMPTY && why != TEM106_E_INDEX) {
		log_warn("meter.archive_stopped meter=%s kind=%s back=%u error=\"%s\"", f->meter,
			 tem106_archive_kind_name((enum tem106_archive_kind)f->kind), f->back,
			 meter_strerror(why));
		if (!f->result.error)
			f->result.error = why;
	}
	f->kind++;
	f->back = 0;
	if (f->kind >= METER_RECORD_KINDS) {
		finish(f);
		return;
	}
	next_record(f);
}

static void stored_cb(struct store_op *op)
{
	struct record_op *r = (struct record_op *)op;
	struct meter_archive_fetch *f = r->f;
	int result = op->result;
	int64_t count = op->count;
	free(r);
	if (!f)
		return;
	f->op = NULL;
	if (result != STORE_OK) {
		log_error("meter.store_failed meter=%s error=\"%s\"", f->meter, store_strerror(result));
		kind_done(f, METER_E_STORE);
		return;
	}
	if (count == 0) { /* stored by an earlier fetch: everything older is too */
		kind_done(f, 0);
		return;
	}
	f->result.stored[f->kind]++;
	if (++f->back >= f->max) {
		kind_done(f, 0);
		return;
	}
	next_record(f);
}

/* The record is in f->rec: decode, keep the newest, store. */
static void record_read(struct meter_archive_fetch *f)
{
	struct tem106_record rec;
	int rc = tem106_decode_record(f->rec, sizeof f->rec, &rec);
	if (rc != 0) {
		kind_done(f, rc); /* erased (the ring is not full yet) or not a record */
		return;
	}
	if (f->back == 0) {
		f->result.have[f->kind] = true;
		f->result.newest[f->kind] = rec;
	}
	struct record_op *r = calloc(1, sizeof *r);
	if (!r || meter_values_record_json(&rec, r->json, sizeof r->json) < 0) {
		free(r);
		kind_done(f, METER_E_NOMEM);
		return;
	}
	meter_values_date_text(&rec.period, r->period, sizeof r->period);
	snprintf(r->meter, sizeof r->meter, "%s", f->meter);
	memcpy(r->raw, f->rec, sizeof r->raw);
	r->f = f;
	r->row = (struct store_meter_reading){
		.meter = r->meter, .serial = f->serial, .kind = store_kinds[f->kind],
		.meter_time = r->period, .broker_time = broker_now_ms(), .values_json = r->json,
		.raw = r->raw, .raw_len = sizeof r->raw,
	};
	r->op.kind = STORE_OP_METER_READING_INSERT;
	r->op.reading = &r->row;
	r->op.cb = stored_cb;
	f->op = r;
	store_submit(f->store, &r->op);
}

static void exchange_cb(void *arg, int result, const uint8_t *data, size_t n);

static int send_step(struct meter_archive_fetch *f)
{
	uint8_t req[TEM106_MAX_FRAME];
	size_t len;
	struct tem106_expect exp;
	const struct tem106_read *rd = &f->plan[f->step];
	int rc = tem106_build_read_flash(f->address, rd->address, rd->length, req, sizeof req, &len,
					 &exp);
	return rc ? rc : meter_line_exchange(f->line, req, len, &exp, exchange_cb, f);
}

static void exchange_cb(void *arg, int result, const uint8_t *data, size_t n)
{
	struct meter_archive_fetch *f = arg;
	int rc = result;
	if (rc == 0)
		rc = tem106_plan_place(f->rec, sizeof f->rec, f->base, &f->plan[f->step], data, n);
	if (rc != 0) {
		/* The line failed us: the other rings would fail the same way. */
		f->result.error = rc;
		f->kind = METER_RECORD_KINDS - 1;
		kind_done(f, rc);
		return;
	}
	if (++f->step < f->n_plan) {
		if ((rc = send_step(f)) != 0)
			kind_done(f, rc);
		return;
	}
	record_read(f);
}

static void next_record(struct meter_archive_fetch *f)
{
	uint32_t index;
	int rc = tem106_archive_recent(f->flash, (enum tem106_archive_kind)f->kind, f->ptr[f->kind],
				       f->back, &index);
	if (rc == 0)
		rc = tem106_plan_record(f->flash, index, f->plan, TEM106_RECORD_READS, &f->n_plan,
					&f->base);
	if (rc != 0) {
		kind_done(f, rc);
		return;
	}
	memset(f->rec, 0xFF, sizeof f->rec);
	f->step = 0;
	if ((rc = send_step(f)) != 0)
		kind_done(f, rc);
}

static void kick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	next_record(arg);
}

struct meter_archive_fetch *meter_archive_start(struct event_base *base, struct meter_line *line,
						struct store *store, const struct meter_reading *rd,
						unsigned max, meter_archive_cb cb, void *arg)
{
	struct meter_archive_fetch *f = calloc(1, sizeof *f);
	if (!f || !(f->kick = evtimer_new(base, kick_cb, f))) {
		free(f);
		return NULL;
	}
	f->line = line;
	f->store = store;
	f->cb = cb;
	f->arg = arg;
	snprintf(f->meter, sizeof f->meter, "%s", rd->meter);
	f->address = rd->address;
	f->serial = rd->r.config.serial_number;
	f->flash = rd->r.config.flash;
	f->ptr[TEM106_ARCH_HOURLY] = rd->r.current.next_hour_ptr;
	f->ptr[TEM106_ARCH_DAILY] = rd->r.current.next_day_ptr;
	f->ptr[TEM106_ARCH_MONTHLY] = rd->r.current.next_month_ptr;
	f->max = max ? max : 1;
	f->kind = 0;
	/* From the loop, so the callback never runs inside this call (a walk may end at once). */
	struct timeval now = {0, 0};
	evtimer_add(f->kick, &now);
	return f;
}

void meter_archive_cancel(struct meter_archive_fetch *f)
{
	if (!f)
		return;
	meter_line_cancel(f->line, f);
	if (f->op)
		f->op->f = NULL; /* its callback frees it */
	event_free(f->kick);
	free(f);
}
