/*
 * conf_errors.c - collecting "file:line: message" problems during a load.
 *
 * The walker never stops at the first problem: every error is recorded with
 * its file, line and order of discovery, and conf_ctx_finish() sorts them
 * into file order (the main file, then include files in the order libconfig
 * read them; by line; ties in discovery order) for the caller.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf_internal.h"

void conf_ctx_init(struct conf_ctx *ctx, const char *path, const config_t *cfg)
{
	memset(ctx, 0, sizeof *ctx);
	ctx->path = path;
	ctx->cfg = cfg;
}

const char *conf_setting_file(const struct conf_ctx *ctx, const config_setting_t *s)
{
	if (s && config_setting_source_file(s))
		return config_setting_source_file(s);
	return ctx->path;
}

int conf_setting_line(const config_setting_t *s)
{
	return s ? (int)config_setting_source_line(s) : 0;
}

static int file_rank(const struct conf_ctx *ctx, const char *file)
{
	if (!file || !ctx->path || strcmp(file, ctx->path) == 0 || !ctx->cfg)
		return 0;
	for (unsigned i = 0; i < ctx->cfg->num_filenames; i++)
		if (ctx->cfg->filenames[i] && strcmp(ctx->cfg->filenames[i], file) == 0)
			return (int)i + 1;
	return (int)ctx->cfg->num_filenames + 1;
}

void conf_err_oom(struct conf_ctx *ctx)
{
	ctx->oom = true;
}

__attribute__((format(printf, 4, 0)))
static void err_v(struct conf_ctx *ctx, const char *file, int line, const char *fmt, va_list ap)
{
	char msg[1024], shown[4096];
	vsnprintf(msg, sizeof msg, fmt, ap);
	if (!file)
		file = ctx->path ? ctx->path : "(config)";
	int rank = file_rank(ctx, file);
	/* An include file as the user can find it: beside the including file. */
	if (rank > 0 && file[0] != '/' && ctx->include_dir && strcmp(ctx->include_dir, ".") != 0) {
		snprintf(shown, sizeof shown, "%s/%s", ctx->include_dir, file);
		file = shown;
	}

	char *text = NULL;
	int len = line > 0 ? snprintf(NULL, 0, "%s:%d: %s", file, line, msg)
			   : snprintf(NULL, 0, "%s: %s", file, msg);
	if (len < 0)
		goto fail;
	text = malloc((size_t)len + 1);
	if (!text)
		goto fail;
	if (line > 0)
		snprintf(text, (size_t)len + 1, "%s:%d: %s", file, line, msg);
	else
		snprintf(text, (size_t)len + 1, "%s: %s", file, msg);

	if (ctx->n_errs == ctx->cap_errs) {
		size_t cap = ctx->cap_errs ? ctx->cap_errs * 2 : 8;
		struct conf_error_entry *e = realloc(ctx->errs, cap * sizeof *e);
		if (!e)
			goto fail;
		ctx->errs = e;
		ctx->cap_errs = cap;
	}
	ctx->errs[ctx->n_errs] = (struct conf_error_entry){
		.file_rank = rank, .line = line, .seq = ctx->n_errs, .text = text,
	};
	ctx->n_errs++;
	return;
fail:
	free(text);
	ctx->oom = true;
}

void conf_err_at(struct conf_ctx *ctx, const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_v(ctx, file, line, fmt, ap);
	va_end(ap);
}

void conf_err(struct conf_ctx *ctx, const config_setting_t *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	err_v(ctx, conf_setting_file(ctx, s), conf_setting_line(s), fmt, ap);
	va_end(ap);
}

static int entry_cmp(const void *pa, const void *pb)
{
	const struct conf_error_entry *a = pa, *b = pb;
	if (a->file_rank != b->file_rank)
		return a->file_rank < b->file_rank ? -1 : 1;
	if (a->line != b->line)
		return a->line < b->line ? -1 : 1;
	return a->seq < b->seq ? -1 : a->seq > b->seq;
}

void conf_ctx_finish(struct conf_ctx *ctx, struct conf_errors *out)
{
	if (ctx->oom)
		conf_err_at(ctx, NULL, 0, "out of memory while loading the configuration");
	if (!out || ctx->n_errs == 0)
		return;
	qsort(ctx->errs, ctx->n_errs, sizeof *ctx->errs, entry_cmp);
	char **lines = realloc(out->lines, (out->n + ctx->n_errs) * sizeof *lines);
	if (!lines)
		return; /* the entries are freed with ctx; out keeps what it had */
	out->lines = lines;
	for (size_t i = 0; i < ctx->n_errs; i++) {
		out->lines[out->n++] = ctx->errs[i].text;
		ctx->errs[i].text = NULL;
	}
}

void conf_ctx_free(struct conf_ctx *ctx)
{
	for (size_t i = 0; i < ctx->n_errs; i++)
		free(ctx->errs[i].text);
	free(ctx->errs);
	for (size_t i = 0; i < ctx->n_sets; i++) {
		for (size_t j = 0; j < ctx->sets[i].n; j++)
			free(ctx->sets[i].names[j]);
		free(ctx->sets[i].names);
		free(ctx->sets[i].lines);
	}
	free(ctx->sets);
	for (size_t i = 0; i < ctx->n_refs; i++) {
		free(ctx->refs[i].value);
		free(ctx->refs[i].path);
	}
	free(ctx->refs);
	memset(ctx, 0, sizeof *ctx);
}

void conf_errors_clear(struct conf_errors *errs)
{
	if (!errs)
		return;
	for (size_t i = 0; i < errs->n; i++)
		free(errs->lines[i]);
	free(errs->lines);
	errs->lines = NULL;
	errs->n = 0;
}

const char *conf_quote(char *buf, size_t size, const char *value)
{
	/* Long or binary values would drown the message: cut, and escape. */
	const size_t keep = 60;
	size_t o = 0;
	if (size < 8)
		return "";
	buf[o++] = '\'';
	for (size_t i = 0; value && value[i] && o + 6 < size; i++) {
		if (i == keep) {
			memcpy(buf + o, "...", 3);
			o += 3;
			break;
		}
		unsigned char c = (unsigned char)value[i];
		if (c < 0x20 || c == 0x7f) {
			if (o + 5 >= size)
				break;
			o += (size_t)snprintf(buf + o, size - o, "\\x%02x", c);
		} else {
			buf[o++] = (char)c;
		}
	}
	buf[o++] = '\'';
	buf[o] = '\0';
	return buf;
}
