/*
 * lg_run.c - phases and pacing of a load generator run (see lg_run.h).
 *
 *   CONNECT  at most connect_parallel connects/binds in flight; over when
 *            every session is bound or has failed (or bind_timeout passes)
 *   RUN      as fast as possible: each response refills its session's window;
 *            at a fixed rate: a 1 ms tick sends what the schedule owes,
 *            round robin over sessions with room. Ends at duration or count.
 *   DRAIN    no new submit_sm; wait for outstanding ones (drain_timeout)
 *   LINGER   receivers keep counting deliver_sm (linger seconds)
 *   UNBIND   unbind every session, close on unbind_resp (3 s at most)
 */
#include "lg_run.h"

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "lg_clock.h"
#include "lg_proc.h"
#include "lg_sess.h"

#define UNBIND_GRACE_S 3.0
#define PACE_TICK_US 1000
/* A count-only run still ends: at most this long. */
#define COUNT_ONLY_LIMIT_S 600.0

static void set_timer(struct lg_run *r, double s, event_callback_fn cb);
static void begin_run(struct lg_run *r);
static void stop_sending(struct lg_run *r);
static void begin_unbind(struct lg_run *r);
static void bind_timeout_cb(evutil_socket_t fd, short what, void *arg);

int lg_run_init(struct lg_run *r, const struct lg_opts *o)
{
	memset(r, 0, sizeof *r);
	r->o = o;
	lg_stats_init(&r->st);
	if (lg_msg_init(&r->msgs, o) != 0)
		return -1;
	r->base = event_base_new();
	r->n_sess = o->sessions + o->receivers + o->idle;
	r->n_submit = o->sessions;
	r->sess = calloc(r->n_sess, sizeof *r->sess);
	r->timer = r->base ? evtimer_new(r->base, bind_timeout_cb, r) : NULL;
	if (!r->base || !r->sess || !r->timer)
		return -1;
	for (unsigned i = 0; i < r->n_sess; i++) {
		enum lg_role role = i < o->sessions			  ? LG_ROLE_SUBMIT
				    : i < o->sessions + o->receivers ? LG_ROLE_RECEIVE
								    : LG_ROLE_IDLE;
		if (lg_sess_init(&r->sess[i], r, i, role) != 0)
			return -1;
	}
	return 0;
}

void lg_run_free(struct lg_run *r)
{
	if (r->sess)
		for (unsigned i = 0; i < r->n_sess; i++)
			lg_sess_free(&r->sess[i]);
	free(r->sess);
	if (r->timer)
		event_free(r->timer);
	if (r->pace)
		event_free(r->pace);
	if (r->base)
		event_base_free(r->base);
	memset(r, 0, sizeof *r);
}

static void set_timer(struct lg_run *r, double s, event_callback_fn cb)
{
	struct timeval tv = {(time_t)s, (suseconds_t)((s - (double)(time_t)s) * 1e6)};
	evtimer_del(r->timer);
	evtimer_assign(r->timer, r->base, cb, r);
	evtimer_add(r->timer, &tv);
}

/* ---- connect ---- */

static void connect_more(struct lg_run *r)
{
	while (r->phase == LG_PH_CONNECT && !r->connect_over && r->next_connect < r->n_sess &&
	       r->binding < r->o->connect_parallel) {
		struct lg_sess *s = &r->sess[r->next_connect++];
		r->binding++;
		r->open++;
		lg_sess_start(s);
	}
}

static void bind_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg_run *r = arg;
	(void)fd;
	(void)what;
	if (r->phase != LG_PH_CONNECT)
		return;
	r->connect_over = true;
	/* Sessions never started are settled here; started ones by their close. */
	for (unsigned i = 0; i < r->n_sess; i++)
		if (r->sess[i].state != LG_SESS_BOUND && r->sess[i].state != LG_SESS_CLOSED) {
			r->st.bind_timeout++;
			lg_sess_close(&r->sess[i]);
		}
}

void lg_run_bind_settled(struct lg_run *r, struct lg_sess *s, bool ok)
{
	(void)ok;
	if (s->index < r->next_connect) /* started: it was counted in binding */
		r->binding--;
	r->settled++;
	if (r->phase != LG_PH_CONNECT)
		return;
	connect_more(r);
	if (r->settled == r->n_sess)
		begin_run(r);
}

void lg_run_sess_closed(struct lg_run *r, struct lg_sess *s)
{
	(void)s;
	r->open--;
	if (r->phase == LG_PH_DRAIN && r->outstanding == 0)
		stop_sending(r); /* re-entry finishes the drain */
	if (r->phase == LG_PH_UNBIND && r->open == 0) {
		r->phase = LG_PH_DONE;
		event_base_loopbreak(r->base);
	}
}

/* ---- sending ---- */

bool lg_run_may_send(const struct lg_run *r)
{
	return r->phase == LG_PH_RUN && (!r->o->count || r->st.submitted < r->o->count);
}

void lg_run_sent(struct lg_run *r)
{
	r->st.submitted++;
	if (r->o->count && r->st.submitted >= r->o->count)
		stop_sending(r);
}

static void fill(struct lg_run *r, struct lg_sess *s)
{
	for (unsigned room = lg_sess_room(s); room > 0 && lg_run_may_send(r); room--)
		if (!lg_sess_submit(s))
			break;
}

void lg_run_answered(struct lg_run *r, struct lg_sess *s)
{
	if (r->phase == LG_PH_RUN && r->o->rate <= 0)
		fill(r, s);
	else if (r->phase == LG_PH_DRAIN && r->outstanding == 0)
		stop_sending(r);
}

static void pace_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg_run *r = arg;
	(void)fd;
	(void)what;
	if (r->phase != LG_PH_RUN || !r->n_submit)
		return;
	double elapsed = (double)(lg_now_ns() - r->st.t_bound_ns) / 1e9;
	double due = r->o->rate * elapsed;
	unsigned idle_in_a_row = 0;
	while ((double)r->st.submitted < due && lg_run_may_send(r) && idle_in_a_row < r->n_submit) {
		struct lg_sess *s = &r->sess[r->rr++ % r->n_submit];
		if (lg_sess_room(s) > 0 && lg_sess_submit(s))
			idle_in_a_row = 0;
		else
			idle_in_a_row++;
	}
	if (idle_in_a_row >= r->n_submit)
		r->st.pace_stalls++;
}

static void duration_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	stop_sending(arg);
}

static void begin_run(struct lg_run *r)
{
	const struct lg_opts *o = r->o;
	r->phase = LG_PH_RUN;
	r->st.t_bound_ns = lg_now_ns();
	if (o->watch_pid) {
		long hwm;
		lg_proc_rss(o->watch_pid, &r->st.rss_bound_kb, &hwm);
		r->st.watched_cpu_s = lg_proc_cpu(o->watch_pid);
	}
	double limit = o->duration > 0 ? o->duration : COUNT_ONLY_LIMIT_S;
	if (!r->n_submit && o->duration <= 0)
		limit = 0; /* nothing to send and nothing to hold */
	set_timer(r, limit, duration_cb);
	/* Idle sessions start their enquire_link spread over one interval. */
	for (unsigned i = o->sessions + o->receivers; i < r->n_sess; i++)
		lg_sess_idle_start(&r->sess[i], o->enquire_interval * (double)(i % 1000u) / 1000.0);
	if (!r->n_submit)
		return;
	if (o->rate > 0) {
		r->pace = event_new(r->base, -1, EV_PERSIST, pace_cb, r);
		struct timeval tv = {0, PACE_TICK_US};
		if (r->pace)
			event_add(r->pace, &tv);
		return;
	}
	for (unsigned i = 0; i < r->n_submit && lg_run_may_send(r); i++)
		fill(r, &r->sess[i]);
}

/* ---- ending ---- */

static void linger_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	begin_unbind(arg);
}

static void drain_done(struct lg_run *r)
{
	r->st.t_end_ns = lg_now_ns();
	if (r->o->watch_pid && r->st.watched_cpu_s >= 0) {
		double cpu = lg_proc_cpu(r->o->watch_pid);
		r->st.watched_cpu_s = cpu >= 0 ? cpu - r->st.watched_cpu_s : -1;
	}
	if (r->o->linger > 0 && r->o->receivers + (r->o->bind == LG_BIND_TRX ? r->n_submit : 0)) {
		r->phase = LG_PH_LINGER;
		set_timer(r, r->o->linger, linger_cb);
		return;
	}
	begin_unbind(r);
}

static void drain_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	drain_done(arg);
}

/* Called when the duration or count is reached, and again from DRAIN when
 * the last outstanding response arrives. */
static void stop_sending(struct lg_run *r)
{
	if (r->phase == LG_PH_RUN) {
		r->phase = LG_PH_DRAIN;
		r->st.t_stop_ns = lg_now_ns();
		if (r->pace)
			event_del(r->pace);
		if (r->outstanding) {
			set_timer(r, r->o->drain_timeout, drain_timeout_cb);
			return;
		}
	} else if (r->phase != LG_PH_DRAIN || r->outstanding) {
		return;
	}
	evtimer_del(r->timer);
	drain_done(r);
}

static void unbind_grace_cb(evutil_socket_t fd, short what, void *arg)
{
	struct lg_run *r = arg;
	(void)fd;
	(void)what;
	for (unsigned i = 0; i < r->n_sess; i++)
		lg_sess_close(&r->sess[i]);
	r->phase = LG_PH_DONE;
	event_base_loopbreak(r->base);
}

static void begin_unbind(struct lg_run *r)
{
	if (r->o->watch_pid)
		lg_proc_rss(r->o->watch_pid, &r->st.rss_end_kb, &r->st.hwm_kb);
	r->phase = LG_PH_UNBIND;
	set_timer(r, UNBIND_GRACE_S, unbind_grace_cb);
	for (unsigned i = 0; i < r->n_sess; i++)
		lg_sess_unbind(&r->sess[i]);
	if (r->open == 0) {
		r->phase = LG_PH_DONE;
		event_base_loopbreak(r->base);
	}
}

void lg_run_go(struct lg_run *r)
{
	r->st.t_begin_ns = lg_now_ns();
	r->phase = LG_PH_CONNECT;
	set_timer(r, r->o->bind_timeout, bind_timeout_cb);
	connect_more(r);
	if (r->n_sess == 0)
		begin_run(r);
	event_base_dispatch(r->base);
	r->st.self_cpu_s = lg_proc_self_cpu();
}
