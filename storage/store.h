/*
 * store.h - the durable message store, behind a small SQL-free interface.
 *
 * Every operation is asynchronous. The owner (the event loop thread) fills a
 * struct store_op and submits it; one worker thread executes the queued ops
 * in FIFO order, many per transaction (group commit), and only after that
 * transaction has committed durably are the ops handed back: the worker calls
 * the owner's notify function (from the worker thread), and the owner calls
 * store_complete() on its own thread, which runs each op's callback. So a
 * callback that sees result == STORE_OK may acknowledge to the outside.
 *
 * Ops execute in submission order on one connection, so a read submitted
 * after a write sees it. The caller owns each op and everything it points to
 * until its callback has run; the store allocates nothing per op except
 * results it documents as owned by the op (store_msg_clear frees them).
 *
 * Backends implement struct store_backend (store_backend.h); SQLite is the
 * embedded default. This header names no SQL type.
 */
#ifndef SMSB_STORE_H
#define SMSB_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum store_err {
	STORE_OK = 0,
	STORE_ENOTFOUND = -1, /* no such message (or not the caller's) */
	STORE_EFULL = -2,     /* disk or database full: nothing of the batch was kept */
	STORE_EIO = -3,       /* I/O or other database error: nothing of the batch was kept */
	STORE_EFOREIGN = -4,  /* the file is not a database of ours */
	STORE_ENEWER = -5,    /* written by a newer smsbroker: schema version unknown */
	STORE_EREADONLY = -6, /* the database or its folder cannot be written */
	STORE_ENOMEM = -7,
	STORE_ECLOSED = -8,   /* submitted after store_close began */
	STORE_EBUSY = -9,     /* locked by another process past the busy timeout */
	STORE_EINVAL = -10,   /* the op itself is malformed */
	STORE_ESTATE = -11,   /* the message is not in a state that allows this */
	STORE_EDUPLICATE = -12, /* MAIL_INSERT: this email (and recipient) was recorded before */
};

const char *store_strerror(int err);

/* Direction of a message row. */
enum store_direction {
	STORE_DIR_MT = 0, /* mobile terminated: submitted to us, going out */
	STORE_DIR_MO = 1, /* mobile originated: came in from a connector */
	STORE_DIR_DR = 2, /* a delivery receipt going to the submitting account */
};

/*
 * Lifecycle states (issue 5 drives them). Final states are >= STORE_ST_DELIVERED.
 * Values are stored on disk: append only, never renumber.
 */
enum store_state {
	STORE_ST_ACCEPTED = 0,
	STORE_ST_SCHEDULED = 1,
	STORE_ST_QUEUED = 2,
	STORE_ST_DISPATCHING = 3,
	STORE_ST_SENT = 4,
	STORE_ST_DELIVERED = 5,
	STORE_ST_UNDELIVERABLE = 6,
	STORE_ST_EXPIRED = 7,
	STORE_ST_REJECTED = 8,
	STORE_ST_CANCELLED = 9,
};

const char *store_state_name(int state);
bool store_state_is_final(int state);

#define STORE_ACCOUNT_MAX 16 /* SMPP system_id: 15 chars + NUL */
#define STORE_ADDR_MAX 24    /* SMPP addresses are at most 20 chars + NUL */
#define STORE_SERVICE_TYPE_MAX 6
#define STORE_REMOTE_ID_MAX 66 /* SMPP message_id: 65 chars + NUL */
#define STORE_CONNECTOR_MAX 32

/* One message row. Times are Unix milliseconds; 0 means "none". */
struct store_msg {
	int64_t id; /* ours, assigned at insert; never reused */
	uint8_t direction;
	uint8_t state;
	char account[STORE_ACCOUNT_MAX];
	char src_addr[STORE_ADDR_MAX];
	uint8_t src_ton, src_npi;
	char dst_addr[STORE_ADDR_MAX];
	uint8_t dst_ton, dst_npi;
	char service_type[STORE_SERVICE_TYPE_MAX];
	uint8_t esm_class, protocol_id, priority, data_coding;
	uint8_t registered_delivery;
	/* Concatenation: which part of which message this row is (0 = not a part). */
	uint16_t concat_ref;
	uint8_t part_total, part_seq;
	int64_t schedule_at, expire_at;
	int64_t next_at; /* when the dispatcher may next look at it */
	uint32_t attempts;
	uint32_t error_code;
	int64_t receipt_of; /* DR rows: the message this receipt is about */
	/* The parts of a message the broker split itself share the first part's id
	 * here, and get one receipt between them; 0 = not such a part. */
	int64_t group_id;
	char connector[STORE_CONNECTOR_MAX];
	char remote_id[STORE_REMOTE_ID_MAX]; /* the id the next hop gave it */
	int64_t created_at, updated_at, done_at;
	/* Octets as submitted (short_message or message_payload), and optional
	 * TLVs in wire form carried through unchanged. On insert the caller's
	 * pointers; on a read owned by the struct (store_msg_clear). */
	const uint8_t *payload;
	uint32_t payload_len;
	const uint8_t *tlvs;
	uint32_t tlvs_len;
	bool owns_buffers;
};

/* Frees what a read put into m (payload, tlvs) and zeroes those fields. */
void store_msg_clear(struct store_msg *m);

enum store_op_kind {
	STORE_OP_MSG_INSERT, /* in: msgs[n] (id ignored); out: each msgs[i].id */
	STORE_OP_MSG_GET,    /* in: id, account ("" = any); out: msg (owns buffers) */
	STORE_OP_MSG_SET_STATE, /* in: id, state, error_code, at; history row written */
	STORE_OP_MSG_COUNT,  /* in: state (-1 = all); out: count */
	STORE_OP_SYNC,       /* nothing: completes once everything before it committed */
	/*
	 * in: at (now), limit. Out: rows[n_rows], the due messages (state
	 * scheduled or queued, next_at <= at) in priority then time order, now
	 * marked dispatching; owned by the op (store_op_clear).
	 */
	STORE_OP_MSG_CLAIM,
	/* in: update (one attempt's outcome, and an optional receipt row inserted
	 * in the same transaction: its id is set). ENOTFOUND if no such row. */
	STORE_OP_MSG_UPDATE,
	/* in: connector, remote_id; out: msg (owns buffers), or ENOTFOUND */
	STORE_OP_MSG_FIND_REMOTE,
	/*
	 * in: cancel (by id, or by destination with optional source and
	 * service_type), account, at. Out: count of messages cancelled (only
	 * ones not yet handed on: accepted, scheduled or queued).
	 */
	STORE_OP_MSG_CANCEL,
	/* in: replace, account, at. ENOTFOUND, or ESTATE when it was handed on already. */
	STORE_OP_MSG_REPLACE,
	/*
	 * in: account and/or connector, at: waiting messages are due now (a
	 * receiver bound): the account's receipts and MO messages, and queued
	 * messages waiting for that connector. Out: count.
	 */
	STORE_OP_MSG_WAKE_ACCOUNT,
	/*
	 * in: mail (the processed-email record), msgs[n] (n may be 0). Inserts
	 * the rows and the record in one transaction, so an SMS made from an
	 * email and the note that the email was handled commit together. If a
	 * record of the same inbox and recipient with the same UIDL or the same
	 * Message-ID exists, nothing is written: result STORE_EDUPLICATE.
	 */
	STORE_OP_MAIL_INSERT,
	/* in: mail's inbox and uidl (or message_id when uidl is ""); out: mail's
	 * done_mask, total, outcome (the records seen before). */
	STORE_OP_MAIL_LOOKUP,
	/*
	 * in: reading, appended to the meter readings; out: reading->id. An
	 * archive record stored before (same meter, kind and meter_time) is
	 * kept as it was: count 0 and reading->id 0; else count 1.
	 */
	STORE_OP_METER_READING_INSERT,
	/* in: name (a report); out: at, its last run; ENOTFOUND if it never ran */
	STORE_OP_SCHEDULE_GET,
	/* in: name, at: records the report's last run */
	STORE_OP_SCHEDULE_SET,
	/*
	 * The HTTP API's message views (issue 10). A "message" is its first
	 * part's row (part_seq 0 or 1) with the other parts of the same
	 * concatenation (same ref, total, direction and addresses, stored within
	 * the next 255 ids): what outbound and submit_sm store.
	 *
	 * MSG_LIST in: list (filters, cursor, limit). Out: rows[n_rows], each
	 * message's parts together, first part first, newest message first;
	 * count = messages; id = the cursor for the next page (0 = no more).
	 */
	STORE_OP_MSG_LIST,
	/* in: id (a first part). Out: rows = its parts; events[n_events], its
	 * state history; receipts[n_receipts], rows whose receipt_of is one of
	 * its parts; callback_url, its receipt callback URL or NULL. */
	STORE_OP_MSG_DETAIL,
	/* in: id. Deletes the message, its parts, their history, receipts and
	 * callback. ENOTFOUND; ESTATE while it is dispatching or sent (a receipt
	 * or an answer may still come). Out: count = rows deleted. */
	STORE_OP_MSG_DELETE,
	/* out: totals (caller's struct): messages by direction and state */
	STORE_OP_MSG_TOTALS,
	/* in: id, url: where the message's receipts are to be posted (kept for the forwarder) */
	STORE_OP_MSG_CALLBACK_SET,
	/*
	 * Forwarding and auto reply (issue 7): one outbox row per message and
	 * target, each delivered, retried and finished on its own.
	 *
	 * MSG_INSERT_FWD in: msgs[n] and targets[n_targets]: inserts the rows
	 * and, in the same transaction, a pending outbox row per row and target,
	 * due at once. Out: each msgs[i].id.
	 */
	STORE_OP_MSG_INSERT_FWD,
	/*
	 * in: claim (kind, name or "" for any, limit, lease, window), at. Out:
	 * jobs[n_jobs] (owned by the op): due pending rows of that target, each
	 * with its message. A part of a long message brings every part of it
	 * stored within claim->window and every pending row of the target for
	 * them (one job for the set). Every row of a job gets next_at = at +
	 * lease, so a crash leaves it due again after the lease.
	 */
	STORE_OP_OUTBOX_CLAIM,
	/*
	 * in: outbox (rows, new state, next_at, attempts, error) and msgs[n]
	 * (n may be 0: the SMS a rule sends, inserted in the same transaction).
	 * A message none of whose rows is pending any more and one of whose
	 * rows has STORE_OUTBOX_FLAG_DROP is then deleted, unless it still
	 * waits for a receiver of its account. Out: each msgs[i].id; count =
	 * messages deleted.
	 */
	STORE_OP_OUTBOX_RESULT,
	/* in: state (-1 = any), limit. Out: outbox_rows[n_outbox_rows], newest first (owned). */
	STORE_OP_OUTBOX_LIST,
	/*
	 * in: connector, remote_id, text (other id forms tried, or NULL), state,
	 * error_code, at: a next hop's report that matched no message, kept for
	 * inspection (a receipt lost here is the complaint operators have most).
	 */
	STORE_OP_UNMATCHED_INSERT,
	/*
	 * in: meter_report (a report's outcome for one meter: text and JSON
	 * body) and targets[n_targets] (kind "report", the rule's name):
	 * inserts the report row and, in the same transaction, a pending outbox
	 * row per target whose message_id is the report row's id. Out:
	 * meter_report->id.
	 */
	STORE_OP_METER_REPORT_INSERT,
};

/* What a stored meter reading is. Values are stored on disk: append only. */
enum store_meter_kind {
	STORE_METER_CURRENT = 0, /* the current values, read now */
	STORE_METER_HOURLY = 1,  /* archive records */
	STORE_METER_DAILY = 2,
	STORE_METER_MONTHLY = 3,
};

#define STORE_NAME_MAX 64 /* meter and report names: 63 chars + NUL */

/* One meter reading (STORE_OP_METER_READING_INSERT); strings are the caller's. */
struct store_meter_reading {
	int64_t id;              /* out */
	const char *meter;       /* the configured name */
	uint32_t serial;         /* the meter's serial number */
	uint8_t kind;            /* enum store_meter_kind */
	const char *meter_time;  /* "YYYY-MM-DD HH:MM:SS" on the meter's clock (records: their period) */
	int64_t broker_time;     /* Unix ms */
	const char *values_json; /* every decoded value, one JSON object */
	const uint8_t *raw;      /* the memory read, as received */
	uint32_t raw_len;
};

/* One report's outcome for one meter (STORE_OP_METER_REPORT_INSERT); strings are the caller's. */
struct store_meter_report {
	int64_t id;         /* out */
	const char *report; /* the report's name */
	const char *meter;
	int64_t at;         /* Unix ms, when the reading ended */
	const char *text;   /* the rendered text ("" when none) */
	const char *body;   /* the JSON object the HTTP targets get */
};

/* The outcome of one dispatch attempt (STORE_OP_MSG_UPDATE). */
struct store_update {
	int64_t id;
	uint8_t state;
	int64_t next_at;
	uint32_t attempts;
	uint32_t error_code;
	char connector[STORE_CONNECTOR_MAX];
	char remote_id[STORE_REMOTE_ID_MAX];
	/*
	 * NULL, or a DR row to insert with it. For a part of a group (group_id)
	 * the store inserts it only when it speaks for the whole message: the
	 * last part delivered, or the first part failed; otherwise receipt->id
	 * is left 0.
	 */
	struct store_msg *receipt;
	int64_t group_id;
};

struct store_cancel {
	int64_t id; /* 0: by destination (and source, service_type if non-empty) */
	char src_addr[STORE_ADDR_MAX];
	char dst_addr[STORE_ADDR_MAX];
	char service_type[STORE_SERVICE_TYPE_MAX];
};

struct store_replace {
	int64_t id;
	char src_addr[STORE_ADDR_MAX]; /* must match the message's */
	const uint8_t *payload;
	uint32_t payload_len;
	int64_t schedule_at, expire_at; /* -1 = keep */
	uint8_t registered_delivery;
};

/* Email-to-SMS: what was done with one email (values stored: append only). */
enum store_mail_outcome {
	STORE_MAIL_SENT = 0,       /* SMS queued for recipient (one record per recipient) */
	STORE_MAIL_NOT_NUMBER = 1, /* the subject is not a phone number */
	STORE_MAIL_REJECTED = 2,   /* sender not allowed, or the shared secret missing */
	STORE_MAIL_TOO_LARGE = 3,  /* over the inbox's size limit: not read */
	STORE_MAIL_REFUSED = 4,    /* the text could not become an SMS (empty, ...) */
};

#define STORE_MAIL_KEY_MAX 256 /* UIDL (70 at most) or Message-ID, cut to fit */
#define STORE_MAIL_MAX_RECIPIENTS 32

struct store_mail {
	char inbox[64];
	char uidl[STORE_MAIL_KEY_MAX];       /* "" when the server has no UIDL */
	char message_id[STORE_MAIL_KEY_MAX]; /* "" when the email has none (or not yet known) */
	int recipient;  /* MAIL_INSERT: index in the subject, or -1 for the email as a whole */
	unsigned total; /* MAIL_INSERT: recipients the subject names (0 for a whole-email outcome) */
	int outcome;    /* enum store_mail_outcome; LOOKUP out: of the whole-email record, or -1 */
	int64_t at;
	/* LOOKUP results: recipients recorded (bit i = index i) and how many the subject named. */
	uint32_t done_mask;
};

/* MSG_LIST's filters. Strings are the caller's. */
struct store_list_filter {
	int direction;     /* enum store_direction, -1 = any */
	int state;         /* enum store_state, -1 = any */
	const char *number; /* NULL or "" = any; else the source or destination, exactly */
	int64_t since, until; /* created_at in [since, until), Unix ms; 0 = open */
	int64_t before_id; /* the cursor: only messages with a smaller id; 0 = from the newest */
	unsigned limit;    /* messages per page, at least 1 */
	/*
	 * NULL, or a test run on the worker thread for each message (its parts,
	 * first first): the text search. Must be pure and thread-safe. A page
	 * stops after STORE_LIST_SCAN_MAX messages looked at, with a cursor to go on.
	 */
	bool (*match)(const struct store_msg *parts, size_t n, void *arg);
	void *match_arg;
};

#define STORE_LIST_SCAN_MAX 20000
#define STORE_STATES 16 /* room for enum store_state */

/* One state change of a message (message_events). */
struct store_event {
	int64_t at;
	int state;
	uint32_t error_code;
};

struct store_totals {
	int64_t by[3][STORE_STATES]; /* [enum store_direction][enum store_state]: messages */
};

/*
 * Forwarding outbox (issue 7, docs/forwarding.md). A row is one delivery of
 * one message to one target: kind "http", "email", "sms", "reply" or
 * "callback", and a name (the rule, with the recipient for SMS); or of one
 * meter report (kind "report", message_id = its meter_reports row) to a rule. States are
 * stored on disk: append only.
 */
enum store_outbox_state {
	STORE_OUTBOX_PENDING = 0,
	STORE_OUTBOX_DONE = 1,
	STORE_OUTBOX_FAILED = 2,  /* the target refused it for good */
	STORE_OUTBOX_EXPIRED = 3, /* its time to live passed first */
	STORE_OUTBOX_SKIPPED = 4, /* nothing to send: loop protection, rate limit, absorbed part */
};

const char *store_outbox_state_name(int state);

#define STORE_OUTBOX_KIND_MAX 16
#define STORE_OUTBOX_NAME_MAX 96
#define STORE_OUTBOX_ERROR_MAX 200
/* The rule's "don't save received message": delete the message once no row is pending. */
#define STORE_OUTBOX_FLAG_DROP 1u

/* A target an inserted message gets a row for (MSG_INSERT_FWD). */
struct store_outbox_target {
	char kind[STORE_OUTBOX_KIND_MAX];
	char name[STORE_OUTBOX_NAME_MAX];
	int64_t expire_at; /* Unix ms; 0 = never */
	unsigned flags;    /* STORE_OUTBOX_FLAG_* */
};

/* One outbox row as read. */
struct store_outbox {
	int64_t id, message_id;
	char kind[STORE_OUTBOX_KIND_MAX];
	char name[STORE_OUTBOX_NAME_MAX];
	int state; /* enum store_outbox_state */
	uint32_t attempts;
	int64_t next_at, expire_at, created_at, updated_at;
	unsigned flags;
	char last_error[STORE_OUTBOX_ERROR_MAX];
};

struct store_outbox_claim {
	const char *kind;
	const char *name;    /* "" = every row of the kind */
	unsigned limit;      /* jobs at most */
	int64_t lease_ms;    /* claimed rows are not due again before this */
	int64_t window_ms;   /* a long message's parts: stored within this of each other */
	int64_t recent_since; /* > 0: count rows of this target done since then for the sender */
};

/* One delivery to make: a row (or the rows of a long message's parts) and the message. */
struct store_outbox_job {
	struct store_outbox row;  /* the row that came due */
	int64_t *ids;             /* every pending row of the target the job answers for, row.id first */
	size_t n_ids;
	struct store_msg *parts;  /* the message: one row, or the parts found (any order) */
	size_t n_parts;
	bool late;                /* a part whose set was finished before it came */
	struct store_msg about;   /* "callback": the message the receipt (parts[0]) is about */
	char *url;                /* "callback": where its receipts go; NULL = none */
	int64_t recent;           /* recent_since: rows of this target done for this sender */
	/* kind "report": the report row (n_parts stays 0); text and body owned, NULL if it is gone */
	char *report_text, *report_body;
	char report_name[STORE_NAME_MAX], report_meter[STORE_NAME_MAX];
	int64_t report_at;
};

/* What became of a job (OUTBOX_RESULT); strings are the caller's. */
struct store_outbox_result {
	const int64_t *ids;
	size_t n;
	int state;         /* enum store_outbox_state */
	int64_t next_at;   /* pending: when it is due again */
	uint32_t attempts;
	const char *error; /* NULL = clear it */
};

struct store_op;
typedef void (*store_cb)(struct store_op *op);

struct store_op {
	enum store_op_kind kind;
	store_cb cb;
	void *arg;  /* for the callback */
	int result; /* STORE_OK or an enum store_err, set before cb */

	struct store_msg *msgs; /* MSG_INSERT: an array of n rows inserted together */
	size_t n;
	bool group_parts;       /* MSG_INSERT: the rows are the parts of one message (group_id) */
	int64_t id;
	char account[STORE_ACCOUNT_MAX];
	int state;
	uint32_t error_code;
	int64_t at;           /* the caller's clock for timestamps and due times */
	unsigned limit;       /* MSG_CLAIM */
	struct store_update update;
	struct store_cancel cancel;
	struct store_replace replace;
	char connector[STORE_CONNECTOR_MAX];
	char remote_id[STORE_REMOTE_ID_MAX];

	const char *text;       /* UNMATCHED_INSERT: the caller's, until the callback */
	struct store_msg msg;   /* MSG_GET / MSG_FIND_REMOTE result */
	int64_t count;          /* MSG_COUNT / MSG_CANCEL result */
	struct store_msg *rows; /* MSG_CLAIM result */
	size_t n_rows;
	struct store_mail *mail; /* MAIL_INSERT, MAIL_LOOKUP */
	struct store_meter_reading *reading; /* METER_READING_INSERT */
	char name[STORE_NAME_MAX];           /* SCHEDULE_GET / SCHEDULE_SET: the report */
	/* The HTTP API's views (MSG_LIST .. MSG_CALLBACK_SET). */
	const struct store_list_filter *list;
	struct store_event *events;   /* MSG_DETAIL: owned by the op */
	size_t n_events;
	struct store_msg *receipts;   /* MSG_DETAIL: owned by the op */
	size_t n_receipts;
	struct store_totals *totals;  /* MSG_TOTALS: the caller's */
	const char *url;              /* MSG_CALLBACK_SET */
	char *callback_url;           /* MSG_DETAIL: owned by the op; NULL = none */
	/* Forwarding (MSG_INSERT_FWD .. OUTBOX_LIST). */
	const struct store_outbox_target *targets; /* MSG_INSERT_FWD */
	size_t n_targets;
	const struct store_outbox_claim *claim;    /* OUTBOX_CLAIM */
	struct store_outbox_job *jobs;             /* OUTBOX_CLAIM: owned by the op */
	size_t n_jobs;
	const struct store_outbox_result *outbox;  /* OUTBOX_RESULT */
	struct store_outbox *outbox_rows;          /* OUTBOX_LIST: owned by the op */
	size_t n_outbox_rows;
	struct store_meter_report *meter_report; /* METER_REPORT_INSERT (targets as MSG_INSERT_FWD) */

	struct store_op *next; /* the store's queue link: not for callers */
};

/* Frees what the op's results own (msg buffers, claimed rows). */
void store_op_clear(struct store_op *op);

struct store;

struct store_options {
	const char *backend; /* "sqlite" */
	const char *path;
	unsigned batch_max;  /* ops per transaction at most */
	int64_t busy_timeout_ms;
	/* Called on the worker thread when completions wait; the owner then
	 * calls store_complete() on its own thread. Must be thread-safe. */
	void (*notify)(void *notify_arg);
	void *notify_arg;
};

/* Figures from opening, for the start-up log line. */
struct store_open_info {
	int schema_from; /* version found (0 = new file) */
	int schema_to;   /* version now */
	int64_t requeued; /* messages that were dispatching at the crash, queued again */
};

/*
 * Opens (creating or migrating) the store and starts its worker. On failure
 * returns an enum store_err and a sentence naming the cause in errbuf.
 */
int store_open(const struct store_options *opt, struct store **out,
	       struct store_open_info *info, char *errbuf, size_t errlen);

/* Queues op. Never blocks on I/O. Its callback runs later from store_complete(). */
void store_submit(struct store *s, struct store_op *op);

/* Runs the callbacks of every completed op, in submission order. Returns how many. */
size_t store_complete(struct store *s);

/* Ops submitted and not yet completed (for back-pressure and shutdown). */
size_t store_pending(const struct store *s);

/* Figures for status and benchmarks. */
struct store_stats {
	uint64_t ops, transactions, failed_transactions;
	uint64_t last_batch; /* ops in the most recent transaction */
};
void store_get_stats(struct store *s, struct store_stats *st);

/*
 * Executes everything queued, stops the worker, runs the remaining callbacks
 * on the calling thread, closes the database and frees s. NULL is fine.
 */
void store_close(struct store *s);

#endif
