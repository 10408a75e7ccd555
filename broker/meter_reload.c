/*
 * meter_reload.c - SIGHUP for meters, phone groups and reports (see
 * meter.h): a new set is built from the new configuration, taking over
 * what did not change, so a reload never cuts a reading short or makes a
 * schedule fire twice or skip:
 *   - a line whose port, baud, timeout, gap and retries are unchanged is
 *     moved over with its open port and queued exchanges;
 *   - a meter's status (last reading, last error) follows its name;
 *   - a report whose settings, recipients (phone groups expanded) and
 *     meters (name, address, line) are unchanged is moved over as it is,
 *     timer and run under way included; any other report is stopped and a
 *     new one started, which looks up its last run in the store first;
 *   - a reading on demand on a kept line goes on; on a dropped one it
 *     ends with METER_E_CLOSED.
 */
#include <stdlib.h>
#include <string.h>

#include "broker.h"
#include "conf.h"
#include "log.h"
#include "meter.h"
#include "meter_internal.h"
#include "meter_report.h"

int meter_set_check(const struct conf *c)
{
	int rc = 0;
	for (size_t i = 0; i < c->n_reports; i++) {
		char why[160];
		if (c->reports[i].enabled && meter_report_check(&c->reports[i], why, sizeof why) != 0) {
			log_error("reload.rejected report=%s line=%d error=\"%s\"", c->reports[i].name,
				  c->reports[i].line, why);
			rc = -1;
		}
	}
	return rc;
}

static struct meter_entry *entry(struct meter_set *set, const char *name)
{
	return (struct meter_entry *)meter_set_find(set, name);
}

/* Does every meter of rep read the same way in both sets (address, and the very same line)? */
static bool meters_kept(const struct meter_report *rep, struct meter_set *old,
			struct meter_set *set)
{
	char *const *names;
	size_t n = meter_report_meters(rep, &names);
	for (size_t i = 0; i < n; i++) {
		const struct meter_entry *a = entry(old, names[i]), *b = entry(set, names[i]);
		if (!a != !b || (a && (a->address != b->address || a->line != b->line)))
			return false;
	}
	return true;
}

static struct meter_report *take_old(struct meter_set *old, const struct meter_report *fresh,
				     struct meter_set *set)
{
	for (size_t i = 0; i < old->n_reports; i++) {
		struct meter_report *o = old->reports[i];
		if (o && meter_report_same(o, fresh) && meters_kept(o, old, set)) {
			old->reports[i] = NULL;
			return o;
		}
	}
	return NULL;
}

/* Is line one of set's? */
static bool has_line(const struct meter_set *set, const struct meter_line *line)
{
	for (size_t i = 0; i < set->n_lines; i++)
		if (set->lines[i].line == line)
			return true;
	return false;
}

int meter_set_reload(struct broker *b)
{
	const struct conf *c = b->conf;
	struct meter_set *old = b->meters;
	struct meter_set *set = meter_set_build(b, c, old);
	struct meter_report **fresh = calloc(c->n_reports + 1, sizeof *fresh);
	bool *was_kept = calloc(c->n_reports + 1, sizeof *was_kept);
	size_t n_fresh = 0;
	if (!set || !fresh || !was_kept)
		goto fail;
	for (size_t i = 0; i < c->n_reports; i++) {
		if (!c->reports[i].enabled)
			continue;
		if (!(fresh[n_fresh] = meter_report_new(b, set, c, &c->reports[i])))
			goto fail;
		n_fresh++;
	}

	/* From here on nothing fails. */
	size_t kept = 0, started = 0;
	for (size_t i = 0; old && i < n_fresh; i++) {
		struct meter_report *o = take_old(old, fresh[i], set);
		if (o) {
			meter_report_free(fresh[i]);
			fresh[i] = o;
			meter_report_move(o, set);
			was_kept[i] = true;
			kept++;
		}
	}
	for (size_t i = 0; i < n_fresh; i++)
		set->reports[set->n_reports++] = fresh[i];
	for (size_t i = 0; old && i < set->n_meters; i++) {
		struct meter_entry *e = &set->meters[i], *o = entry(old, e->name);
		if (o) {
			e->status = o->status;
			o->status.last = NULL;
		}
	}
	for (struct meter_read_job *j = old ? old->jobs : NULL, *next; j; j = next) {
		next = j->next;
		if (has_line(set, j->line)) {
			j->set = set;
			j->next = set->jobs;
			set->jobs = j;
		} else {
			meter_read_job_close(j);
		}
	}
	if (old) {
		old->jobs = NULL;
		/* What old still holds was not taken over: reports changed, lines dropped. */
		meter_set_free(old);
	}
	b->meters = set;
	for (size_t i = 0; i < n_fresh; i++)
		if (!was_kept[i] && ++started)
			meter_report_start(fresh[i]);
	log_info("meters.reloaded meters=%zu lines=%zu reports=%zu reports_kept=%zu"
		 " reports_started=%zu",
		 set->n_meters, set->n_lines, set->n_reports, kept, started);
	free(fresh);
	free(was_kept);
	return 0;
fail:
	for (size_t i = 0; i < n_fresh; i++)
		meter_report_free(fresh[i]);
	free(fresh);
	free(was_kept);
	meter_set_unbuild(set, old);
	log_error("reload.meters_kept_old reason=\"out of memory\"");
	return -1;
}
