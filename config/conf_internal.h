/*
 * conf_internal.h - the schema tables and the generic machinery behind them.
 *
 * Every section of the file is described by a struct conf_section: a table
 * of struct conf_option, each with its name, type, bounds, default (as the
 * libconfig text a user would write), unit, help, reloadable flag and the
 * offset of its field in the section's struct. conf_schema.c walks a parsed
 * libconfig tree against such a table, conf_value.c converts one setting,
 * conf_diff.c compares two loaded structs, conf_reference.c prints the
 * documentation, and conf_schema_free() releases what the walker allocated.
 * A new section (connectors, routes, ...) is a struct and a table; no new
 * parsing code unless it brings a new value type.
 *
 * Not part of the public API: the daemon uses conf.h only. Tests may include
 * this header to drive the walker with their own tables.
 */
#ifndef SMSB_CONF_INTERNAL_H
#define SMSB_CONF_INTERNAL_H

#include <libconfig.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "conf.h"

#define CONF_NO_OFFSET SIZE_MAX

/* For the schema tables (conf_tables*.c): a field's offset, an array's
 * length, and durations in milliseconds. */
#define OFF(type, field) offsetof(struct type, field)
#define N(a) (sizeof(a) / sizeof *(a))
#define MS_S 1000LL
#define MS_M (60 * MS_S)
#define MS_H (60 * MS_M)
#define MS_D (24 * MS_H)

enum conf_type {
	CONF_T_BOOL,      /* bool */
	CONF_T_UINT,      /* unsigned; min..max */
	CONF_T_DURATION,  /* int64_t ms; min..max in ms; integer seconds or "30s" */
	CONF_T_STRING,    /* char *; min..max is the length; choices restrict it */
	CONF_T_ENUM,      /* int (an enum), from a string among choices */
	CONF_T_FLAGS,     /* unsigned mask, from a list of strings among choices */
	CONF_T_ENDPOINTS, /* struct conf_endpoint * + size_t count */
	CONF_T_CIDRS,     /* struct conf_cidr * + size_t count */
	CONF_T_REGEX,     /* char *, checked with regcomp(REG_EXTENDED|REG_NOSUB) */
	CONF_T_SECRET,    /* char * (+ hash, line): name, name_env, name_file, name_hash */
	CONF_T_GROUP,     /* an embedded struct described by sub */
	CONF_T_GROUP_LIST,/* an array of structs described by sub + size_t count */
	CONF_T_STRLIST,   /* char ** + size_t count; min..max entries of 1..1024
	                     characters; ref (if set) applies to every entry */
};

struct conf_choice {
	const char *name;
	int value;
};

/* How a secret option is given and stored (see conf_secret.c). */
struct conf_secret_spec {
	size_t hash_offset; /* char * for name_hash; CONF_NO_OFFSET: no hash form */
	size_t line_offset; /* int: the line of whichever form was used */
	unsigned max_len;   /* longest accepted plain secret; 0 = no limit */
};

struct conf_section;

struct conf_option {
	const char *name;
	enum conf_type type;
	size_t offset;       /* of the field in the section's struct */
	size_t count_offset; /* ENDPOINTS, CIDRS, GROUP_LIST: its size_t count */
	int64_t min, max;    /* UINT: value; DURATION: ms; STRING/REGEX: length */
	const char *def;     /* the default as libconfig text; NULL = unset */
	const char *unit;    /* for the reference: "ms", "messages/s", ... */
	const char *help;    /* one line */
	bool reloadable;     /* a SIGHUP applies it; otherwise restart needed */
	bool required;       /* no default: must be given */
	const struct conf_choice *choices; /* ENUM, FLAGS; STRING if restricted */
	const struct conf_section *sub;    /* GROUP, GROUP_LIST */
	const struct conf_secret_spec *secret;
	const char *ref;     /* STRING: must name an element of this keyed list */
};

struct conf_ctx;

/*
 * A cross-field check run after a section's options were all set: obj is
 * the section's struct, line where it was defined (0 if absent), path its
 * name for messages. Reports through conf_err_at(); returns nothing.
 */
typedef void conf_check_fn(void *obj, int line, const char *path, struct conf_ctx *ctx);

struct conf_section {
	const char *name;   /* for the reference; the walker builds real paths */
	size_t size;        /* struct size (GROUP_LIST elements) */
	const struct conf_option *options;
	size_t n_options;
	const char *key;    /* GROUP_LIST: the option whose value names an element */
	size_t line_offset; /* int field for the element's line; CONF_NO_OFFSET */
	conf_check_fn *check;
};

/* ---- errors and the walk context (conf_errors.c) ---- */

struct conf_error_entry {
	int file_rank; /* 0 = the main file, then include files in read order */
	int line;
	size_t seq;
	char *text;    /* "file:line: message" */
};

struct conf_names {
	const char *list;  /* the GROUP_LIST's path, e.g. "accounts" */
	char **names;
	int *lines;
	size_t n, cap;
};

struct conf_ref {
	char *value;
	char *path;        /* option path, for the message */
	const char *target;/* list path that must define value */
	const char *file;
	int line;
};

struct conf_ctx {
	const char *path;         /* the main file, for messages */
	const config_t *cfg;      /* for include file ranks; may be NULL */
	const char *include_dir;  /* libconfig names include files relative to it */
	struct conf_error_entry *errs;
	size_t n_errs, cap_errs;
	struct conf_names *sets;  /* one per keyed GROUP_LIST seen */
	size_t n_sets;
	struct conf_ref *refs;
	size_t n_refs;
	bool oom;
};

void conf_ctx_init(struct conf_ctx *ctx, const char *path, const config_t *cfg);
/* Sorts the collected errors in file order and moves them into out. */
void conf_ctx_finish(struct conf_ctx *ctx, struct conf_errors *out);
void conf_ctx_free(struct conf_ctx *ctx);

/* The file name and line of a setting (the main file when libconfig has none). */
const char *conf_setting_file(const struct conf_ctx *ctx, const config_setting_t *s);
int conf_setting_line(const config_setting_t *s);

/* Records "file:line: message"; line 0 gives "file: message". */
void conf_err_at(struct conf_ctx *ctx, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Same, at setting s (NULL: the main file, no line). */
void conf_err(struct conf_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void conf_err_oom(struct conf_ctx *ctx);

/* Quotes a user value for a message, cut to a readable length. */
const char *conf_quote(char *buf, size_t size, const char *value);

/* ---- names: duplicates and references (conf_names.c) ---- */

/* The name set of the keyed list at path list, created on first use; NULL on OOM. */
struct conf_names *conf_names_for(struct conf_ctx *ctx, const char *list);
/* Adds name. Returns 0, 1 if it was already there (*first_line set), -1 on OOM. */
int conf_names_add(struct conf_names *set, const char *name, int line, int *first_line);
bool conf_names_has(const struct conf_names *set, const char *name);
/* Remembers that value at path must name an element of target. */
void conf_ref_add(struct conf_ctx *ctx, const char *value, const char *path, const char *target,
		  const config_setting_t *s);
/* Reports every remembered reference to an undefined name. */
void conf_refs_check(struct conf_ctx *ctx);

/* ---- the walker (conf_schema.c) ---- */

/*
 * Fills obj from group (NULL = the section is absent: all defaults) against
 * sec: unknown keys, types, bounds, required options, defaults, keyed list
 * duplicates, then sec->check. path is the section's name for messages ("" at
 * the root). Problems go to ctx; obj stays freeable with conf_schema_free().
 */
void conf_schema_walk(const struct conf_section *sec, const config_setting_t *group, void *obj,
		      const char *path, struct conf_ctx *ctx);
/* Frees what the walker allocated inside obj (not obj itself). */
void conf_schema_free(const struct conf_section *sec, void *obj);

/* ---- values (conf_value.c) ---- */

/*
 * Converts setting s into the field of option o inside obj; reports and
 * returns -1 if it does not fit. path is the option's full name.
 */
int conf_value_set(const struct conf_option *o, const config_setting_t *s, void *obj,
		   const char *path, struct conf_ctx *ctx);
/* Sets the option's default (o->def parsed as libconfig text); -1 if broken. */
int conf_value_default(const struct conf_option *o, void *obj, const char *path,
		       struct conf_ctx *ctx);
/* "30s" / 30 / "500ms" to ms; -1 if malformed. */
int conf_duration_parse(const char *text, int64_t *ms);
/* ms to the shortest exact text: "500ms", "30s", "5m", "2h", "1d". */
void conf_duration_format(int64_t ms, char *buf, size_t size);

/* ---- secrets (conf_secret.c) ---- */

/* Handles the secret option o of group (which may lack it); see conf_secret.c. */
void conf_secret_walk(const struct conf_option *o, const config_setting_t *group, int group_line,
		      void *obj, const char *path, struct conf_ctx *ctx);
/* True if key is one of the forms of secret option o (password, password_env, ...). */
bool conf_secret_key(const struct conf_option *o, const char *key);
/* 0 if hash is "$pbkdf2-sha256$<iter>$<salt b64>$<hash b64>", else -1 and why. */
int conf_hash_check(const char *hash, const char **why);

/* ---- network values (conf_net.c) ---- */

/* Parses "host:port" or "[v6]:port"; -1 and why on error. */
int conf_endpoint_parse(const char *text, struct conf_endpoint *ep, const char **why);
/* Parses "10.0.0.0/8", "::1/128", or a bare address; -1 and why on error. */
int conf_cidr_parse(const char *text, struct conf_cidr *cidr, const char **why);

/* ---- the tables (conf_tables.c) ---- */

extern const struct conf_section conf_root_section;
/* Sections defined in their own conf_tables_*.c files. */
extern const struct conf_section conf_connector_section, conf_route_section,
	conf_delivery_section;
extern const struct conf_section conf_meter_section, conf_phone_group_section,
	conf_report_section;
extern const struct conf_section conf_pop3_section;
extern const struct conf_section conf_http_section, conf_http_user_section;
extern const struct conf_section conf_forward_section, conf_auto_reply_section,
	conf_incoming_section, conf_callbacks_section;

#endif
