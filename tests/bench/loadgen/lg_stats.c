/*
 * lg_stats.c - counters of a load generator run and its reports (see
 * lg_stats.h). Rates are over the sending phase: from the moment every
 * session was bound to the last submit_sm_resp.
 */
#include "lg_stats.h"

#include <string.h>

#include "smpp_status.h"

void lg_stats_init(struct lg_stats *st)
{
	memset(st, 0, sizeof *st);
	lg_hist_reset(&st->submit_lat);
	lg_hist_reset(&st->enquire_lat);
	st->rss_bound_kb = st->rss_end_kb = st->hwm_kb = -1;
	st->watched_cpu_s = -1;
}

void lg_status_tab_add(struct lg_status_tab *t, uint32_t status)
{
	for (unsigned i = 0; i < t->n; i++)
		if (t->slot[i].status == status) {
			t->slot[i].count++;
			return;
		}
	if (t->n == LG_STATUS_SLOTS) {
		t->other++;
		return;
	}
	t->slot[t->n].status = status;
	t->slot[t->n++].count = 1;
}

static uint64_t tab_total(const struct lg_status_tab *t)
{
	uint64_t n = t->other;
	for (unsigned i = 0; i < t->n; i++)
		n += t->slot[i].count;
	return n;
}

int lg_stats_clean(const struct lg_stats *st, const struct lg_opts *o)
{
	return st->resp_ok == st->submitted && tab_total(&st->resp_err) == 0 &&
	       st->generic_nack == 0 && st->lost == 0 && st->unmatched == 0 &&
	       st->binds_ok == (uint64_t)o->sessions + o->receivers + o->idle &&
	       st->protocol_errors == 0;
}

static double secs(uint64_t from, uint64_t to)
{
	return (from && to > from) ? (double)(to - from) / 1e9 : 0.0;
}

/* The sending phase: all bound -> last response (or -> stop if none came). */
static double send_secs(const struct lg_stats *st)
{
	uint64_t end = st->t_last_resp_ns ? st->t_last_resp_ns : st->t_stop_ns;
	return secs(st->t_bound_ns, end);
}

static double per_sec(uint64_t n, double s)
{
	return s > 0 ? (double)n / s : 0.0;
}

static double deliver_secs(const struct lg_stats *st)
{
	return secs(st->first_deliver_ns, st->last_deliver_ns);
}

static void json_str(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c < 0x20)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void json_tab(FILE *out, const struct lg_status_tab *t)
{
	fputc('{', out);
	for (unsigned i = 0; i < t->n; i++)
		fprintf(out, "%s\"%s\":%llu", i ? "," : "", smpp_status_name(t->slot[i].status),
			(unsigned long long)t->slot[i].count);
	if (t->other)
		fprintf(out, "%s\"other\":%llu", t->n ? "," : "", (unsigned long long)t->other);
	fputc('}', out);
}

static void json_hist_us(FILE *out, const struct lg_hist *h)
{
	fprintf(out,
		"{\"count\":%llu,\"min\":%.1f,\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,"
		"\"p999\":%.1f,\"max\":%.1f,\"mean\":%.1f}",
		(unsigned long long)h->count, h->count ? (double)h->min / 1e3 : 0.0,
		(double)lg_hist_quantile(h, 0.5) / 1e3, (double)lg_hist_quantile(h, 0.9) / 1e3,
		(double)lg_hist_quantile(h, 0.99) / 1e3, (double)lg_hist_quantile(h, 0.999) / 1e3,
		(double)h->max / 1e3, lg_hist_mean(h) / 1e3);
}

void lg_stats_json(const struct lg_stats *st, const struct lg_opts *o, FILE *out)
{
	double s = send_secs(st), ds = deliver_secs(st);
	uint64_t answered = st->resp_ok + tab_total(&st->resp_err) + st->generic_nack;
	fputs("{\"label\":", out);
	json_str(out, o->label);
	fprintf(out,
		",\"sessions\":%u,\"bind\":\"%s\",\"window\":%u,\"rate_target\":%.0f,"
		"\"duration_s\":%.3f,\"count_target\":%llu,"
		"\"mix\":{\"gsm7\":%u,\"ucs2\":%u,\"multi\":%u,\"parts\":%u},"
		"\"registered_delivery\":%s,",
		o->sessions, lg_bind_name(o->bind), o->window, o->rate, o->duration,
		(unsigned long long)o->count, o->pct_gsm7, o->pct_ucs2, o->pct_multi, o->parts,
		o->registered_delivery ? "true" : "false");
	fprintf(out,
		"\"submitted\":%llu,\"sent_by_kind\":{\"gsm7\":%llu,\"ucs2\":%llu,\"multi\":%llu},"
		"\"resp_ok\":%llu,\"errors\":",
		(unsigned long long)st->submitted, (unsigned long long)st->by_kind[LG_MSG_GSM7],
		(unsigned long long)st->by_kind[LG_MSG_UCS2],
		(unsigned long long)st->by_kind[LG_MSG_MULTI], (unsigned long long)st->resp_ok);
	json_tab(out, &st->resp_err);
	fprintf(out,
		",\"generic_nack\":%llu,\"unmatched\":%llu,\"lost\":%llu,"
		"\"elapsed_s\":%.3f,\"submit_per_s\":%.0f,\"ok_per_s\":%.0f,\"pace_stalls\":%llu,"
		"\"latency_us\":",
		(unsigned long long)st->generic_nack, (unsigned long long)st->unmatched,
		(unsigned long long)st->lost, s, per_sec(answered, s), per_sec(st->resp_ok, s),
		(unsigned long long)st->pace_stalls);
	json_hist_us(out, &st->submit_lat);
	fprintf(out,
		",\"receivers\":%u,\"deliver_sm\":%llu,\"receipts\":%llu,\"deliver_per_s\":%.0f,"
		"\"receipts_per_s\":%.0f,",
		o->receivers, (unsigned long long)st->deliver_sm, (unsigned long long)st->receipts,
		per_sec(st->deliver_sm, ds), per_sec(st->receipts, ds));
	fprintf(out,
		"\"idle\":%u,\"enquire_link\":{\"sent\":%llu,\"resp\":%llu,\"latency_us\":",
		o->idle, (unsigned long long)st->enquire_sent, (unsigned long long)st->enquire_resp);
	json_hist_us(out, &st->enquire_lat);
	fprintf(out,
		"},\"binds_ok\":%llu,\"bind_errors\":",
		(unsigned long long)st->binds_ok);
	json_tab(out, &st->bind_err);
	fprintf(out,
		",\"bind_timeout\":%llu,\"connect_failed\":%llu,\"closed_by_peer\":%llu,"
		"\"protocol_errors\":%llu,\"server_requests\":%llu,\"bind_s\":%.3f,",
		(unsigned long long)st->bind_timeout, (unsigned long long)st->connect_failed,
		(unsigned long long)st->closed_by_peer, (unsigned long long)st->protocol_errors,
		(unsigned long long)st->server_requests, secs(st->t_begin_ns, st->t_bound_ns));
	fprintf(out,
		"\"daemon\":{\"pid\":%d,\"rss_kb_bound\":%ld,\"rss_kb_end\":%ld,\"hwm_kb\":%ld,"
		"\"cpu_s\":%.3f},\"loadgen_cpu_s\":%.3f}\n",
		o->watch_pid, st->rss_bound_kb, st->rss_end_kb, st->hwm_kb, st->watched_cpu_s,
		st->self_cpu_s);
}

static void human_hist(FILE *out, const char *what, const struct lg_hist *h)
{
	if (!h->count)
		return;
	fprintf(out, "  %-14s p50 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms  (n=%llu)\n",
		what, (double)lg_hist_quantile(h, 0.5) / 1e6, (double)lg_hist_quantile(h, 0.99) / 1e6,
		(double)lg_hist_quantile(h, 0.999) / 1e6, (double)h->max / 1e6,
		(unsigned long long)h->count);
}

static void human_tab(FILE *out, const char *what, const struct lg_status_tab *t)
{
	for (unsigned i = 0; i < t->n; i++)
		fprintf(out, "  %s %s: %llu\n", what, smpp_status_name(t->slot[i].status),
			(unsigned long long)t->slot[i].count);
	if (t->other)
		fprintf(out, "  %s other statuses: %llu\n", what, (unsigned long long)t->other);
}

void lg_stats_human(const struct lg_stats *st, const struct lg_opts *o, FILE *out)
{
	double s = send_secs(st), ds = deliver_secs(st);
	fprintf(out, "smsb_loadgen %s%s%s\n", o->label[0] ? "[" : "", o->label,
		o->label[0] ? "]" : "");
	fprintf(out, "  sessions %u (%s) window %u, receivers %u, idle %u; bound %llu in %.2f s\n",
		o->sessions, lg_bind_name(o->bind), o->window, o->receivers, o->idle,
		(unsigned long long)st->binds_ok, secs(st->t_begin_ns, st->t_bound_ns));
	if (st->submitted)
		fprintf(out, "  submit_sm %llu, ESME_ROK %llu in %.2f s: %.0f submit_sm/s ok\n",
			(unsigned long long)st->submitted, (unsigned long long)st->resp_ok, s,
			per_sec(st->resp_ok, s));
	human_hist(out, "send->resp", &st->submit_lat);
	human_tab(out, "submit_sm_resp", &st->resp_err);
	human_tab(out, "bind_resp", &st->bind_err);
	if (st->generic_nack || st->lost || st->unmatched || st->connect_failed ||
	    st->closed_by_peer || st->bind_timeout || st->protocol_errors)
		fprintf(out,
			"  generic_nack %llu, lost %llu, unmatched %llu, connect failed %llu, "
			"closed by peer %llu, bind timeouts %llu, protocol errors %llu\n",
			(unsigned long long)st->generic_nack, (unsigned long long)st->lost,
			(unsigned long long)st->unmatched, (unsigned long long)st->connect_failed,
			(unsigned long long)st->closed_by_peer, (unsigned long long)st->bind_timeout,
			(unsigned long long)st->protocol_errors);
	if (o->receivers || st->deliver_sm)
		fprintf(out, "  deliver_sm %llu (receipts %llu): %.0f/s, receipts %.0f/s\n",
			(unsigned long long)st->deliver_sm, (unsigned long long)st->receipts,
			per_sec(st->deliver_sm, ds), per_sec(st->receipts, ds));
	if (st->enquire_sent)
		fprintf(out, "  enquire_link %llu sent, %llu answered\n",
			(unsigned long long)st->enquire_sent, (unsigned long long)st->enquire_resp);
	human_hist(out, "enquire_link", &st->enquire_lat);
	if (o->watch_pid)
		fprintf(out, "  daemon pid %d: RSS %ld kB bound, %ld kB end, peak %ld kB; CPU %.2f s\n",
			o->watch_pid, st->rss_bound_kb, st->rss_end_kb, st->hwm_kb, st->watched_cpu_s);
	fprintf(out, "  loadgen CPU %.2f s\n", st->self_cpu_s);
}
