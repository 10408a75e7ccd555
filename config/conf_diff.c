/*
 * conf_diff.c - which changed options a reload cannot apply.
 *
 * Walks two loaded confs side by side over the schema tables and names
 * every option whose value differs and whose row says reloadable = false.
 * Lists of groups are compared element by element only when their element
 * table has such options at all (accounts have none: a reload swaps them).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

#define AT(obj, off, type) ((const type *)(const void *)((const char *)(obj) + (off)))

struct diff {
	char **names;
	size_t n;
	bool oom;
};

static void add(struct diff *d, const char *path)
{
	char **names = realloc(d->names, (d->n + 1) * sizeof *names);
	char *copy = strdup(path);
	if (!names || !copy) {
		if (names)
			d->names = names;
		free(copy);
		d->oom = true;
		return;
	}
	d->names = names;
	d->names[d->n++] = copy;
}

static bool str_equal(const char *a, const char *b)
{
	return a == b || (a && b && strcmp(a, b) == 0);
}

static bool field_equal(const struct conf_option *o, const void *a, const void *b)
{
	switch (o->type) {
	case CONF_T_BOOL:
		return *AT(a, o->offset, bool) == *AT(b, o->offset, bool);
	case CONF_T_UINT:
	case CONF_T_FLAGS:
		return *AT(a, o->offset, unsigned) == *AT(b, o->offset, unsigned);
	case CONF_T_ENUM:
		return *AT(a, o->offset, int) == *AT(b, o->offset, int);
	case CONF_T_DURATION:
		return *AT(a, o->offset, int64_t) == *AT(b, o->offset, int64_t);
	case CONF_T_SECRET:
		if (o->secret->hash_offset != CONF_NO_OFFSET &&
		    !str_equal(*AT(a, o->secret->hash_offset, char *), *AT(b, o->secret->hash_offset, char *)))
			return false;
		/* fall through */
	case CONF_T_STRING:
	case CONF_T_REGEX:
		return str_equal(*AT(a, o->offset, char *), *AT(b, o->offset, char *));
	case CONF_T_ENDPOINTS: {
		size_t n = *AT(a, o->count_offset, size_t);
		if (n != *AT(b, o->count_offset, size_t))
			return false;
		const struct conf_endpoint *x = *AT(a, o->offset, struct conf_endpoint *);
		const struct conf_endpoint *y = *AT(b, o->offset, struct conf_endpoint *);
		for (size_t i = 0; i < n; i++)
			if (x[i].port != y[i].port || !str_equal(x[i].host, y[i].host))
				return false;
		return true;
	}
	case CONF_T_CIDRS: {
		size_t n = *AT(a, o->count_offset, size_t);
		if (n != *AT(b, o->count_offset, size_t))
			return false;
		const struct conf_cidr *x = *AT(a, o->offset, struct conf_cidr *);
		const struct conf_cidr *y = *AT(b, o->offset, struct conf_cidr *);
		for (size_t i = 0; i < n; i++)
			if (x[i].family != y[i].family || x[i].prefix_len != y[i].prefix_len ||
			    memcmp(x[i].addr, y[i].addr, sizeof x[i].addr) != 0)
				return false;
		return true;
	}
	case CONF_T_STRLIST: {
		size_t n = *AT(a, o->count_offset, size_t);
		if (n != *AT(b, o->count_offset, size_t))
			return false;
		const char **x = *AT(a, o->offset, char **);
		const char **y = *AT(b, o->offset, char **);
		for (size_t i = 0; i < n; i++)
			if (!str_equal(x[i], y[i]))
				return false;
		return true;
	}
	case CONF_T_GROUP:
	case CONF_T_GROUP_LIST:
		break;
	}
	return true;
}

static bool has_fixed(const struct conf_section *sec)
{
	for (size_t i = 0; i < sec->n_options; i++) {
		const struct conf_option *o = &sec->options[i];
		if ((o->type == CONF_T_GROUP || o->type == CONF_T_GROUP_LIST) ? has_fixed(o->sub)
									       : !o->reloadable)
			return true;
	}
	return false;
}

static void diff_section(const struct conf_section *sec, const void *a, const void *b,
			 const char *path, struct diff *d)
{
	for (size_t i = 0; i < sec->n_options; i++) {
		const struct conf_option *o = &sec->options[i];
		char opath[512];
		snprintf(opath, sizeof opath, "%s%s%s", path, *path ? "." : "", o->name);
		if (o->type == CONF_T_GROUP) {
			diff_section(o->sub, AT(a, o->offset, char), AT(b, o->offset, char), opath, d);
		} else if (o->type == CONF_T_GROUP_LIST) {
			if (!has_fixed(o->sub))
				continue;
			size_t n = *AT(a, o->count_offset, size_t);
			if (n != *AT(b, o->count_offset, size_t)) {
				add(d, opath);
				continue;
			}
			const char *x = *AT(a, o->offset, char *), *y = *AT(b, o->offset, char *);
			for (size_t j = 0; j < n; j++) {
				char epath[600];
				snprintf(epath, sizeof epath, "%s[%zu]", opath, j);
				diff_section(o->sub, x + j * o->sub->size, y + j * o->sub->size, epath, d);
			}
		} else if (!o->reloadable && !field_equal(o, a, b)) {
			add(d, opath);
		}
	}
}

void conf_names_free(char **names, size_t n)
{
	for (size_t i = 0; names && i < n; i++)
		free(names[i]);
	free(names);
}

int conf_diff_nonreloadable(const struct conf *old, const struct conf *new_conf, char ***names,
			    size_t *n)
{
	struct diff d = {0};
	*names = NULL;
	*n = 0;
	if (!old || !new_conf)
		return 0;
	diff_section(&conf_root_section, old, new_conf, "", &d);
	if (d.oom) {
		conf_names_free(d.names, d.n);
		return -ENOMEM;
	}
	*names = d.names;
	*n = d.n;
	return 0;
}
