/*
 * conf_value.c - converting one libconfig setting into one struct field.
 *
 * One converter per value type of enum conf_type; each checks the libconfig
 * type, the bounds or choices, reports "path: problem" at the setting's
 * line and returns -1, or stores the value and returns 0. Defaults are the
 * same libconfig text a user would write, parsed and converted here by the
 * very same code, so a default can never disagree with what the file would
 * accept. Secrets and groups are handled by conf_secret.c / conf_schema.c.
 */
#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

#define FIELD(obj, o, type) ((type *)(void *)((char *)(obj) + (o)->offset))
#define COUNT(obj, o) ((size_t *)(void *)((char *)(obj) + (o)->count_offset))

int conf_duration_parse(const char *text, int64_t *ms)
{
	static const struct {
		const char *suffix;
		int64_t ms;
	} units[] = {{"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
	if (!text || text[0] < '0' || text[0] > '9')
		return -1;
	errno = 0;
	char *end;
	unsigned long long n = strtoull(text, &end, 10);
	if (errno || n > 1000000000000ULL)
		return -1;
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (strcmp(end, units[i].suffix) == 0) {
			*ms = (int64_t)n * units[i].ms;
			return 0;
		}
	}
	return -1;
}

void conf_duration_format(int64_t ms, char *buf, size_t size)
{
	if (ms != 0 && ms % 86400000 == 0)
		snprintf(buf, size, "%" PRId64 "d", ms / 86400000);
	else if (ms != 0 && ms % 3600000 == 0)
		snprintf(buf, size, "%" PRId64 "h", ms / 3600000);
	else if (ms != 0 && ms % 60000 == 0)
		snprintf(buf, size, "%" PRId64 "m", ms / 60000);
	else if (ms % 1000 == 0)
		snprintf(buf, size, "%" PRId64 "s", ms / 1000);
	else
		snprintf(buf, size, "%" PRId64 "ms", ms);
}

static bool is_int(const config_setting_t *s)
{
	return config_setting_type(s) == CONFIG_TYPE_INT || config_setting_type(s) == CONFIG_TYPE_INT64;
}

static bool is_string_list(const config_setting_t *s)
{
	if (!config_setting_is_array(s) && !config_setting_is_list(s))
		return false;
	for (int i = 0; i < config_setting_length(s); i++)
		if (config_setting_type(config_setting_get_elem(s, (unsigned)i)) != CONFIG_TYPE_STRING)
			return false;
	return true;
}

static void choices_text(const struct conf_choice *c, char *buf, size_t size)
{
	size_t o = 0;
	buf[0] = '\0';
	for (size_t i = 0; c[i].name && o < size; i++)
		o += (size_t)snprintf(buf + o, size - o, "%s%s", i ? ", " : "", c[i].name);
}

static const struct conf_choice *choice_find(const struct conf_choice *c, const char *name)
{
	for (size_t i = 0; c && c[i].name; i++)
		if (strcmp(c[i].name, name) == 0)
			return &c[i];
	return NULL;
}

static int bad_choice(const struct conf_option *o, const config_setting_t *s, const char *path,
		      const char *value, struct conf_ctx *ctx)
{
	char list[256], q[96];
	choices_text(o->choices, list, sizeof list);
	conf_err(ctx, s, "%s: %s is not one of %s", path, conf_quote(q, sizeof q, value), list);
	return -1;
}

static int set_uint(const struct conf_option *o, const config_setting_t *s, void *obj,
		    const char *path, struct conf_ctx *ctx)
{
	if (!is_int(s)) {
		conf_err(ctx, s, "%s: expected an integer", path);
		return -1;
	}
	long long v = config_setting_get_int64(s);
	if (v < o->min || v > o->max) {
		conf_err(ctx, s, "%s: %lld is out of range %" PRId64 "..%" PRId64, path, v, o->min, o->max);
		return -1;
	}
	*FIELD(obj, o, unsigned) = (unsigned)v;
	return 0;
}

static int set_duration(const struct conf_option *o, const config_setting_t *s, void *obj,
			const char *path, struct conf_ctx *ctx)
{
	int64_t ms;
	char q[96];
	if (is_int(s)) {
		long long v = config_setting_get_int64(s);
		if (v < 0 || v > 1000000000LL) {
			conf_err(ctx, s, "%s: %lld seconds is out of range", path, v);
			return -1;
		}
		ms = (int64_t)v * 1000;
	} else if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		const char *t = config_setting_get_string(s);
		if (conf_duration_parse(t, &ms) < 0) {
			conf_err(ctx, s, "%s: %s is not a duration (seconds, or a number with ms, s, m, h or d, "
				 "like \"500ms\" or \"5m\")", path, conf_quote(q, sizeof q, t));
			return -1;
		}
	} else {
		conf_err(ctx, s, "%s: expected a duration (seconds, or a string like \"30s\")", path);
		return -1;
	}
	if (ms < o->min || ms > o->max) {
		char v[32], lo[32], hi[32];
		conf_duration_format(ms, v, sizeof v);
		conf_duration_format(o->min, lo, sizeof lo);
		conf_duration_format(o->max, hi, sizeof hi);
		conf_err(ctx, s, "%s: %s is out of range %s..%s", path, v, lo, hi);
		return -1;
	}
	*FIELD(obj, o, int64_t) = ms;
	return 0;
}

static int set_string(const struct conf_option *o, const config_setting_t *s, void *obj,
		      const char *path, struct conf_ctx *ctx)
{
	char q[96];
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_err(ctx, s, "%s: expected a string", path);
		return -1;
	}
	const char *v = config_setting_get_string(s);
	size_t len = strlen(v);
	if ((int64_t)len < o->min || (int64_t)len > o->max) {
		if (len == 0)
			conf_err(ctx, s, "%s: must not be empty", path);
		else
			conf_err(ctx, s, "%s: %s is %zu characters long; the limit is %" PRId64 "..%" PRId64,
				 path, conf_quote(q, sizeof q, v), len, o->min, o->max);
		return -1;
	}
	if (o->choices && !choice_find(o->choices, v))
		return bad_choice(o, s, path, v, ctx);
	if (o->type == CONF_T_REGEX) {
		regex_t re;
		int rc = regcomp(&re, v, REG_EXTENDED | REG_NOSUB);
		if (rc != 0) {
			char why[128];
			regerror(rc, &re, why, sizeof why);
			conf_err(ctx, s, "%s: %s is not a valid regular expression: %s", path,
				 conf_quote(q, sizeof q, v), why);
			return -1;
		}
		regfree(&re);
	}
	char *copy = strdup(v);
	if (!copy) {
		conf_err_oom(ctx);
		return -1;
	}
	char **field = FIELD(obj, o, char *);
	free(*field);
	*field = copy;
	if (o->ref)
		conf_ref_add(ctx, v, path, o->ref, s);
	return 0;
}

static int set_enum(const struct conf_option *o, const config_setting_t *s, void *obj,
		    const char *path, struct conf_ctx *ctx)
{
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_err(ctx, s, "%s: expected a string", path);
		return -1;
	}
	const char *v = config_setting_get_string(s);
	const struct conf_choice *c = choice_find(o->choices, v);
	if (!c)
		return bad_choice(o, s, path, v, ctx);
	*FIELD(obj, o, int) = c->value;
	return 0;
}

static int set_flags(const struct conf_option *o, const config_setting_t *s, void *obj,
		     const char *path, struct conf_ctx *ctx)
{
	if (!is_string_list(s)) {
		conf_err(ctx, s, "%s: expected a list of strings", path);
		return -1;
	}
	unsigned mask = 0;
	int rc = 0;
	for (int i = 0; i < config_setting_length(s); i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *v = config_setting_get_string(e);
		const struct conf_choice *c = choice_find(o->choices, v);
		if (!c)
			rc = bad_choice(o, e, path, v, ctx);
		else
			mask |= (unsigned)c->value;
	}
	if (rc == 0 && mask == 0) {
		conf_err(ctx, s, "%s: must name at least one", path);
		rc = -1;
	}
	if (rc == 0)
		*FIELD(obj, o, unsigned) = mask;
	return rc;
}

/* ENDPOINTS and CIDRS: a list of strings, each parsed into an array element. */
static int set_net_list(const struct conf_option *o, const config_setting_t *s, void *obj,
			const char *path, struct conf_ctx *ctx)
{
	bool ep = o->type == CONF_T_ENDPOINTS;
	if (!is_string_list(s)) {
		conf_err(ctx, s, "%s: expected a list of strings", path);
		return -1;
	}
	size_t n = (size_t)config_setting_length(s);
	if ((int64_t)n < o->min || (int64_t)n > o->max) {
		conf_err(ctx, s, "%s: %zu entries; expected %" PRId64 "..%" PRId64, path, n, o->min, o->max);
		return -1;
	}
	size_t elem = ep ? sizeof(struct conf_endpoint) : sizeof(struct conf_cidr);
	void *arr = n ? calloc(n, elem) : NULL;
	if (n && !arr) {
		conf_err_oom(ctx);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *v = config_setting_get_string(e);
		const char *why = NULL;
		char q[96];
		if (ep) {
			struct conf_endpoint *eps = arr;
			if (conf_endpoint_parse(v, &eps[i], &why) == 0) {
				eps[i].line = conf_setting_line(e);
				continue;
			}
		} else if (conf_cidr_parse(v, &((struct conf_cidr *)arr)[i], &why) == 0) {
			continue;
		}
		if (!why) {
			conf_err_oom(ctx);
			why = "out of memory";
		}
		conf_err(ctx, e, "%s: %s %s", path, conf_quote(q, sizeof q, v), why);
		rc = -1;
	}
	/* Replace what was there (a default) with the new array, even if partly bad. */
	void **field = FIELD(obj, o, void *);
	size_t *count = COUNT(obj, o);
	if (ep) {
		struct conf_endpoint *old = *field;
		for (size_t i = 0; i < *count; i++)
			free(old[i].host);
	}
	free(*field);
	*field = arr;
	*count = n;
	return rc;
}

/* STRLIST: a list of strings kept as strings (names, numbers, addresses). */
static int set_strlist(const struct conf_option *o, const config_setting_t *s, void *obj,
		       const char *path, struct conf_ctx *ctx)
{
	if (!is_string_list(s)) {
		conf_err(ctx, s, "%s: expected a list of strings", path);
		return -1;
	}
	size_t n = (size_t)config_setting_length(s);
	if ((int64_t)n < o->min || (int64_t)n > o->max) {
		conf_err(ctx, s, "%s: %zu entries; expected %" PRId64 "..%" PRId64, path, n, o->min, o->max);
		return -1;
	}
	char **arr = n ? calloc(n, sizeof *arr) : NULL;
	if (n && !arr) {
		conf_err_oom(ctx);
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(s, (unsigned)i);
		const char *v = config_setting_get_string(e);
		size_t len = strlen(v);
		char q[96];
		if (len == 0 || len > 1024) {
			conf_err(ctx, e, "%s: %s must be 1..1024 characters", path, conf_quote(q, sizeof q, v));
			rc = -1;
		} else if (o->choices && !choice_find(o->choices, v)) {
			rc = bad_choice(o, e, path, v, ctx);
		} else if (o->ref) {
			conf_ref_add(ctx, v, path, o->ref, e);
		}
		arr[i] = strdup(v);
		if (!arr[i]) {
			conf_err_oom(ctx);
			rc = -1;
		}
	}
	/* Replace what was there (a default) with the new array, even if partly bad. */
	char **old = *FIELD(obj, o, char **);
	size_t *count = COUNT(obj, o);
	for (size_t i = 0; i < *count; i++)
		free(old[i]);
	free(old);
	*FIELD(obj, o, char **) = arr;
	*count = n;
	return rc;
}

int conf_value_set(const struct conf_option *o, const config_setting_t *s, void *obj,
		   const char *path, struct conf_ctx *ctx)
{
	switch (o->type) {
	case CONF_T_BOOL:
		if (config_setting_type(s) != CONFIG_TYPE_BOOL) {
			conf_err(ctx, s, "%s: expected a boolean (true or false)", path);
			return -1;
		}
		*FIELD(obj, o, bool) = config_setting_get_bool(s) != 0;
		return 0;
	case CONF_T_UINT:
		return set_uint(o, s, obj, path, ctx);
	case CONF_T_DURATION:
		return set_duration(o, s, obj, path, ctx);
	case CONF_T_STRING:
	case CONF_T_REGEX:
		return set_string(o, s, obj, path, ctx);
	case CONF_T_ENUM:
		return set_enum(o, s, obj, path, ctx);
	case CONF_T_FLAGS:
		return set_flags(o, s, obj, path, ctx);
	case CONF_T_STRLIST:
		return set_strlist(o, s, obj, path, ctx);
	case CONF_T_ENDPOINTS:
	case CONF_T_CIDRS:
		return set_net_list(o, s, obj, path, ctx);
	case CONF_T_SECRET:
	case CONF_T_GROUP:
	case CONF_T_GROUP_LIST:
		break;
	}
	conf_err(ctx, s, "%s: internal error: option type %d has no converter", path, (int)o->type);
	return -1;
}

int conf_value_default(const struct conf_option *o, void *obj, const char *path,
		       struct conf_ctx *ctx)
{
	if (!o->def)
		return 0; /* unset: the zeroed field (NULL, 0, false) */
	char text[512];
	int rc = -1;
	config_t cfg;
	config_init(&cfg);
	if (snprintf(text, sizeof text, "v = %s;", o->def) >= (int)sizeof text)
		goto out;
	if (!config_read_string(&cfg, text))
		goto out;
	const config_setting_t *s = config_setting_get_member(config_root_setting(&cfg), "v");
	/* Defaults have no line in the user's file; a broken one is our bug. */
	struct conf_ctx quiet;
	conf_ctx_init(&quiet, ctx->path, NULL);
	rc = conf_value_set(o, s, obj, path, &quiet);
	/* A default cannot refer to a name the user defines (an empty list refers to none). */
	if (rc == 0 && o->ref && !(o->type == CONF_T_STRLIST && *COUNT(obj, o) == 0))
		rc = -1;
	if (rc == 0 && o->type == CONF_T_ENDPOINTS) {
		struct conf_endpoint *eps = *FIELD(obj, o, struct conf_endpoint *);
		for (size_t i = 0; i < *COUNT(obj, o); i++)
			eps[i].line = 0; /* not in the user's file */
	}
	conf_ctx_free(&quiet);
out:
	config_destroy(&cfg);
	if (rc < 0)
		conf_err_at(ctx, NULL, 0, "internal error: default %s of %s does not validate", o->def, path);
	return rc;
}
