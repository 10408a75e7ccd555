/*
 * conf_reference.c - the option reference, generated from the schema tables.
 *
 * Since every row carries its type, bounds, default, unit, help and reload
 * flag, the documentation cannot drift from the code: this prints it
 * (smsbroker --print-config-reference), and conf_each_option() lets a test
 * check that config/smsbroker.conf mentions every option.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "conf_internal.h"

typedef void visit_fn(const struct conf_option *o, const char *path, void *arg);

static const char *const secret_suffixes[] = {"", "_env", "_file", "_hash"};

static void walk(const struct conf_section *sec, const char *path, visit_fn *fn, void *arg)
{
	for (size_t i = 0; i < sec->n_options; i++) {
		const struct conf_option *o = &sec->options[i];
		char opath[512];
		snprintf(opath, sizeof opath, "%s%s%s", path, *path ? "." : "", o->name);
		if (o->type == CONF_T_GROUP) {
			walk(o->sub, opath, fn, arg);
		} else if (o->type == CONF_T_GROUP_LIST) {
			strncat(opath, "[]", sizeof opath - strlen(opath) - 1);
			walk(o->sub, opath, fn, arg);
		} else {
			fn(o, opath, arg);
		}
	}
}

struct each {
	void (*fn)(const char *path, void *arg);
	void *arg;
};

static void each_visit(const struct conf_option *o, const char *path, void *arg)
{
	const struct each *e = arg;
	if (o->type != CONF_T_SECRET) {
		e->fn(path, e->arg);
		return;
	}
	for (size_t i = 0; i < sizeof secret_suffixes / sizeof *secret_suffixes; i++) {
		if (i == 3 && o->secret->hash_offset == CONF_NO_OFFSET)
			continue;
		char p[600];
		snprintf(p, sizeof p, "%s%s", path, secret_suffixes[i]);
		e->fn(p, e->arg);
	}
}

void conf_each_option(void (*fn)(const char *path, void *arg), void *arg)
{
	struct each e = {fn, arg};
	walk(&conf_root_section, "", each_visit, &e);
}

static void type_text(const struct conf_option *o, char *buf, size_t size)
{
	char lo[32], hi[32];
	size_t off = 0;
	switch (o->type) {
	case CONF_T_BOOL:
		snprintf(buf, size, "boolean");
		return;
	case CONF_T_UINT:
		snprintf(buf, size, "integer %" PRId64 "..%" PRId64, o->min, o->max);
		return;
	case CONF_T_DURATION:
		conf_duration_format(o->min, lo, sizeof lo);
		conf_duration_format(o->max, hi, sizeof hi);
		snprintf(buf, size, "duration %s..%s (seconds, or \"500ms\", \"30s\", \"5m\", \"2h\", \"1d\")",
			 lo, hi);
		return;
	case CONF_T_STRING:
	case CONF_T_REGEX:
		if (!o->choices) {
			snprintf(buf, size, "%s of %" PRId64 "..%" PRId64 " characters",
				 o->type == CONF_T_REGEX ? "POSIX extended regex" : "string", o->min, o->max);
			return;
		}
		/* fall through */
	case CONF_T_ENUM:
	case CONF_T_FLAGS:
		off = (size_t)snprintf(buf, size, "%s", o->type == CONF_T_FLAGS ? "list of: " : "one of: ");
		for (size_t i = 0; o->choices[i].name && off < size; i++)
			off += (size_t)snprintf(buf + off, size - off, "%s\"%s\"", i ? ", " : "",
						o->choices[i].name);
		return;
	case CONF_T_ENDPOINTS:
		snprintf(buf, size, "list of %" PRId64 "..%" PRId64 " \"host:port\" strings", o->min, o->max);
		return;
	case CONF_T_STRLIST:
		snprintf(buf, size, "list of %" PRId64 "..%" PRId64 " strings%s%s", o->min, o->max,
			 o->ref ? " naming entries of " : "", o->ref ? o->ref : "");
		return;
	case CONF_T_CIDRS:
		snprintf(buf, size, "list of up to %" PRId64 " networks (\"10.0.0.0/8\", \"::1\")", o->max);
		return;
	case CONF_T_SECRET:
		snprintf(buf, size, "secret: exactly one of %s (inline), %s_env (variable name), "
			 "%s_file (path)%s%s%s", o->name, o->name, o->name,
			 o->secret->hash_offset != CONF_NO_OFFSET ? ", " : "",
			 o->secret->hash_offset != CONF_NO_OFFSET ? o->name : "",
			 o->secret->hash_offset != CONF_NO_OFFSET ? "_hash ($pbkdf2-sha256$...)" : "");
		return;
	case CONF_T_GROUP:
	case CONF_T_GROUP_LIST:
		break;
	}
	snprintf(buf, size, "group");
}

static void print_visit(const struct conf_option *o, const char *path, void *arg)
{
	FILE *out = arg;
	char type[512];
	type_text(o, type, sizeof type);
	fprintf(out, "%s\n", path);
	fprintf(out, "    type:    %s\n", type);
	if (o->required)
		fprintf(out, "    default: none, required\n");
	else
		fprintf(out, "    default: %s\n", o->def ? o->def : "unset");
	if (o->unit)
		fprintf(out, "    unit:    %s\n", o->unit);
	fprintf(out, "    reload:  %s\n", o->reloadable ? "applies on SIGHUP" : "restart required");
	fprintf(out, "    %s\n\n", o->help);
}

int conf_print_reference(FILE *out)
{
	fprintf(out, "smsbroker configuration options (libconfig syntax; durations are stored in ms)\n\n");
	walk(&conf_root_section, "", print_visit, out);
	return fflush(out) == 0 && !ferror(out) ? 0 : -EIO;
}
