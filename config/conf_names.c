/*
 * conf_names.c - the names a keyed list defines, for duplicates and references.
 *
 * A GROUP_LIST with a key (accounts by system_id; later connectors by name)
 * registers each element's name here as the walker meets it: a second
 * element with the same name is a duplicate. Options with a ref (later:
 * route -> connector) are remembered during the walk and checked once the
 * whole file was read, so a reference may point forward in the file.
 * Linear sets: config lists are small.
 */
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

struct conf_names *conf_names_for(struct conf_ctx *ctx, const char *list)
{
	for (size_t i = 0; i < ctx->n_sets; i++)
		if (strcmp(ctx->sets[i].list, list) == 0)
			return &ctx->sets[i];
	struct conf_names *sets = realloc(ctx->sets, (ctx->n_sets + 1) * sizeof *sets);
	if (!sets) {
		conf_err_oom(ctx);
		return NULL;
	}
	ctx->sets = sets;
	sets[ctx->n_sets] = (struct conf_names){.list = list};
	return &sets[ctx->n_sets++];
}

bool conf_names_has(const struct conf_names *set, const char *name)
{
	for (size_t i = 0; set && i < set->n; i++)
		if (strcmp(set->names[i], name) == 0)
			return true;
	return false;
}

int conf_names_add(struct conf_names *set, const char *name, int line, int *first_line)
{
	for (size_t i = 0; i < set->n; i++) {
		if (strcmp(set->names[i], name) == 0) {
			*first_line = set->lines[i];
			return 1;
		}
	}
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 8;
		char **names = realloc(set->names, cap * sizeof *names);
		if (!names)
			return -1;
		set->names = names;
		int *lines = realloc(set->lines, cap * sizeof *lines);
		if (!lines)
			return -1;
		set->lines = lines;
		set->cap = cap;
	}
	char *copy = strdup(name);
	if (!copy)
		return -1;
	set->names[set->n] = copy;
	set->lines[set->n] = line;
	set->n++;
	return 0;
}

void conf_ref_add(struct conf_ctx *ctx, const char *value, const char *path, const char *target,
		  const config_setting_t *s)
{
	struct conf_ref *refs = realloc(ctx->refs, (ctx->n_refs + 1) * sizeof *refs);
	if (!refs) {
		conf_err_oom(ctx);
		return;
	}
	ctx->refs = refs;
	struct conf_ref r = {
		.value = strdup(value), .path = strdup(path), .target = target,
		.file = conf_setting_file(ctx, s), .line = conf_setting_line(s),
	};
	if (!r.value || !r.path) {
		free(r.value);
		free(r.path);
		conf_err_oom(ctx);
		return;
	}
	ctx->refs[ctx->n_refs++] = r;
}

void conf_refs_check(struct conf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_refs; i++) {
		const struct conf_ref *r = &ctx->refs[i];
		const struct conf_names *set = NULL;
		for (size_t j = 0; j < ctx->n_sets; j++)
			if (strcmp(ctx->sets[j].list, r->target) == 0)
				set = &ctx->sets[j];
		if (conf_names_has(set, r->value))
			continue;
		char q[96];
		conf_err_at(ctx, r->file, r->line, "%s: %s is not defined in %s", r->path,
			    conf_quote(q, sizeof q, r->value), r->target);
	}
}
