/*
 * meter_report.h - one scheduled meter report: a wall-clock schedule (cron
 * or interval), a run that reads each of its meters in turn, stores each
 * reading, renders the template (or the on_failure text) and queues it as
 * an SMS to every recipient through outbound_submit_text().
 *
 * At start-up the report looks up when it last ran (the store's schedule
 * runs): a run missed while the broker was down runs once now (policy
 * run_once) or is skipped (skip); never more than one, however many were
 * missed. Every run records its time before reading, so a crash mid-run
 * does not repeat it. A run still going when the next one is due makes
 * that one wait for the next slot (logged), never overlap.
 */
#ifndef SMSB_METER_REPORT_H
#define SMSB_METER_REPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct broker;
struct conf;
struct conf_report;
struct meter_set;
struct meter_report;

/*
 * Copies what it needs of r (numbers of its groups expanded from c) and
 * checks its schedule and templates. NULL after logging why.
 */
struct meter_report *meter_report_new(struct broker *b, struct meter_set *set,
				      const struct conf *c, const struct conf_report *r);

/* Can r run (its cron schedule and templates)? 0, or -1 with the reason in why. */
int meter_report_check(const struct conf_report *r, char *why, size_t why_len);

/* Looks up the last run in the store, then arms the schedule. */
void meter_report_start(struct meter_report *rep);

/* Cancels the timer and a run under way (no SMS for it). NULL is fine. */
void meter_report_free(struct meter_report *rep);

/* The same settings, recipients (groups expanded) and meters? (SIGHUP keeps such a report.) */
bool meter_report_same(const struct meter_report *a, const struct meter_report *b);
/* The report now belongs to set (SIGHUP); a run under way goes on there. */
void meter_report_move(struct meter_report *rep, struct meter_set *set);
const char *meter_report_name(const struct meter_report *rep);
/* The names of the meters it reads, in order; returns their number. */
size_t meter_report_meters(const struct meter_report *rep, char *const **names);

#endif
