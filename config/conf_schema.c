/*
 * conf_schema.c - the generic walk of a libconfig tree against a section table.
 *
 * Knows no option by name: everything comes from struct conf_section. For
 * one group it reports unknown keys, then sets each option from the file
 * (conf_value.c, conf_secret.c) or from its default, descends into groups
 * and lists of groups, registers keyed list elements for duplicates and
 * references (conf_names.c), and finally runs the section's cross-field
 * check. It keeps going after errors so one load reports them all.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

#define AT(obj, off, type) ((type *)(void *)((char *)(obj) + (off)))

static const struct conf_option *option_for_key(const struct conf_section *sec, const char *key)
{
	for (size_t i = 0; i < sec->n_options; i++) {
		const struct conf_option *o = &sec->options[i];
		if (o->type == CONF_T_SECRET ? conf_secret_key(o, key) : strcmp(o->name, key) == 0)
			return o;
	}
	return NULL;
}

static void join(char *buf, size_t size, const char *path, const char *name)
{
	snprintf(buf, size, "%s%s%s", path, *path ? "." : "", name);
}

static void walk_list(const struct conf_option *o, const config_setting_t *m, void *obj,
		      const char *opath, struct conf_ctx *ctx)
{
	const struct conf_section *sub = o->sub;
	void **field = AT(obj, o->offset, void *);
	size_t *count = AT(obj, o->count_offset, size_t);
	if (!config_setting_is_list(m) && !(config_setting_is_array(m) && config_setting_length(m) == 0)) {
		conf_err(ctx, m, "%s: expected a list of groups, like ( { ... }, { ... } )", opath);
		return;
	}
	size_t n = (size_t)config_setting_length(m);
	if (n == 0)
		return;
	char *arr = calloc(n, sub->size);
	if (!arr) {
		conf_err_oom(ctx);
		return;
	}
	*field = arr;
	*count = n;
	struct conf_names *names = sub->key ? conf_names_for(ctx, sub->name) : NULL;
	const struct conf_option *key = sub->key ? option_for_key(sub, sub->key) : NULL;
	for (size_t i = 0; i < n; i++) {
		const config_setting_t *e = config_setting_get_elem(m, (unsigned)i);
		void *elem = arr + i * sub->size;
		char epath[600];
		snprintf(epath, sizeof epath, "%s[%zu]", opath, i);
		if (!config_setting_is_group(e)) {
			conf_err(ctx, e, "%s: expected a group { ... }", epath);
			continue;
		}
		if (sub->line_offset != CONF_NO_OFFSET)
			*AT(elem, sub->line_offset, int) = conf_setting_line(e);
		conf_schema_walk(sub, e, elem, epath, ctx);
		if (!names || !key)
			continue;
		const char *name = *AT(elem, key->offset, char *);
		const config_setting_t *ks = config_setting_get_member(e, key->name);
		if (!name || !ks)
			continue;
		int first = 0;
		int rc = conf_names_add(names, name, conf_setting_line(ks), &first);
		char q[96];
		if (rc < 0)
			conf_err_oom(ctx);
		else if (rc > 0)
			conf_err(ctx, ks, "%s.%s: duplicate %s %s (first defined at line %d)", epath, key->name,
				 key->name, conf_quote(q, sizeof q, name), first);
	}
}

void conf_schema_walk(const struct conf_section *sec, const config_setting_t *group, void *obj,
		      const char *path, struct conf_ctx *ctx)
{
	int line = conf_setting_line(group);
	for (int i = 0; group && i < config_setting_length(group); i++) {
		const config_setting_t *m = config_setting_get_elem(group, (unsigned)i);
		const char *name = config_setting_name(m);
		if (name && option_for_key(sec, name))
			continue;
		if (*path)
			conf_err(ctx, m, "unknown option '%s' in %s", name ? name : "?", path);
		else
			conf_err(ctx, m, "unknown section '%s'", name ? name : "?");
	}

	for (size_t i = 0; i < sec->n_options; i++) {
		const struct conf_option *o = &sec->options[i];
		char opath[512];
		join(opath, sizeof opath, path, o->name);
		if (o->type == CONF_T_SECRET) {
			conf_secret_walk(o, group, line, obj, path, ctx);
			continue;
		}
		const config_setting_t *m = group ? config_setting_get_member(group, o->name) : NULL;
		if (o->type == CONF_T_GROUP) {
			if (m && !config_setting_is_group(m)) {
				conf_err(ctx, m, "%s: expected a group { ... }", opath);
				m = NULL;
			}
			conf_schema_walk(o->sub, m, AT(obj, o->offset, void), opath, ctx);
			continue;
		}
		if (m && o->type == CONF_T_GROUP_LIST)
			walk_list(o, m, obj, opath, ctx);
		else if (m)
			conf_value_set(o, m, obj, opath, ctx);
		else if (o->required)
			conf_err_at(ctx, conf_setting_file(ctx, group), line, "%s: missing required option '%s'",
				    *path ? path : "configuration", o->name);
		else if (o->type != CONF_T_GROUP_LIST)
			conf_value_default(o, obj, opath, ctx);
	}
	if (sec->check)
		sec->check(obj, line, path, ctx);
}

void conf_schema_free(const struct conf_section *sec, void *obj)
{
	if (!obj)
		return;
	for (size_t i = 0; i < sec->n_options; i++) {
		const struct conf_option *o = &sec->options[i];
		switch (o->type) {
		case CONF_T_BOOL:
		case CONF_T_UINT:
		case CONF_T_DURATION:
		case CONF_T_ENUM:
		case CONF_T_FLAGS:
			break;
		case CONF_T_SECRET:
			if (o->secret->hash_offset != CONF_NO_OFFSET) {
				free(*AT(obj, o->secret->hash_offset, char *));
				*AT(obj, o->secret->hash_offset, char *) = NULL;
			}
			/* the resolved value is a string: */
			/* fall through */
		case CONF_T_STRING:
		case CONF_T_REGEX:
			free(*AT(obj, o->offset, char *));
			*AT(obj, o->offset, char *) = NULL;
			break;
		case CONF_T_ENDPOINTS:
		case CONF_T_CIDRS:
			if (o->type == CONF_T_ENDPOINTS) {
				struct conf_endpoint *eps = *AT(obj, o->offset, struct conf_endpoint *);
				for (size_t j = 0; j < *AT(obj, o->count_offset, size_t); j++)
					free(eps[j].host);
			}
			free(*AT(obj, o->offset, void *));
			*AT(obj, o->offset, void *) = NULL;
			*AT(obj, o->count_offset, size_t) = 0;
			break;
		case CONF_T_STRLIST: {
			char **arr = *AT(obj, o->offset, char **);
			for (size_t j = 0; j < *AT(obj, o->count_offset, size_t); j++)
				free(arr[j]);
			free(arr);
			*AT(obj, o->offset, void *) = NULL;
			*AT(obj, o->count_offset, size_t) = 0;
			break;
		}
		case CONF_T_GROUP:
			conf_schema_free(o->sub, AT(obj, o->offset, void));
			break;
		case CONF_T_GROUP_LIST: {
			char *arr = *AT(obj, o->offset, char *);
			for (size_t j = 0; j < *AT(obj, o->count_offset, size_t); j++)
				conf_schema_free(o->sub, arr + j * o->sub->size);
			free(arr);
			*AT(obj, o->offset, void *) = NULL;
			*AT(obj, o->count_offset, size_t) = 0;
			break;
		}
		}
	}
}
