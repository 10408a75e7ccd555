/*
 * conf_load.c - from a file name to a validated struct conf, or every error.
 *
 * Reads the file itself (a regular file, at most CONF_MAX_FILE_SIZE, no NUL
 * bytes) so a directory, a FIFO, /dev/zero or a core dump give one clear
 * message instead of a hang or libconfig's puzzlement. A small lexical pass
 * then catches what libconfig 1.5 lets through silently: a decimal integer
 * beyond 32 bits without the L suffix is truncated by it ("4294967297"
 * becomes 1). libconfig parses; conf_schema.c validates against the tables.
 */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_internal.h"

static bool ident_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '-' || c == '*';
}

/* Reports a decimal or hex integer literal that libconfig would cut to 32 bits. */
static void check_int_token(const char *tok, size_t len, int line, struct conf_ctx *ctx)
{
	if (len > 0 && (tok[len - 1] == 'L' || tok[len - 1] == 'l'))
		return; /* int64 literal: libconfig keeps it whole */
	bool hex = len > 2 && tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X');
	size_t start = hex ? 2 : 0;
	for (size_t i = start; i < len; i++)
		if (hex ? !isxdigit((unsigned char)tok[i]) : !isdigit((unsigned char)tok[i]))
			return; /* a float, or something libconfig will reject itself */
	while (start < len - 1 && tok[start] == '0')
		start++;
	size_t digits = len - start;
	bool big = hex ? digits > 8 || (digits == 8 && tok[start] > '7')
		       : digits > 10 || (digits == 10 && strncmp(tok + start, "2147483647", 10) > 0);
	if (big)
		conf_err_at(ctx, NULL, line,
			    "integer %.*s is too large (at most 2147483647; add L for a 64-bit value)",
			    (int)(len > 40 ? 40 : len), tok);
}

/* Checks an @include target before libconfig opens it: a regular file of sane size. */
static int check_include(const char *name, size_t len, const char *include_dir, int line,
			 struct conf_ctx *ctx)
{
	char path[4096];
	if (len >= 2048)
		return 0; /* libconfig will fail to open it and say so */
	if (name[0] != '/' && include_dir)
		snprintf(path, sizeof path, "%s/%.*s", include_dir, (int)len, name);
	else
		snprintf(path, sizeof path, "%.*s", (int)len, name);
	struct stat st;
	if (stat(path, &st) < 0)
		return 0;
	if (S_ISREG(st.st_mode) && st.st_size <= CONF_MAX_FILE_SIZE)
		return 0;
	conf_err_at(ctx, NULL, line, "cannot include '%s': not a regular file of at most %d bytes",
		    path, CONF_MAX_FILE_SIZE);
	return -1;
}

/* Returns -1 if an @include must not be opened (libconfig would hang or choke). */
static int prescan(const char *t, size_t n, const char *include_dir, struct conf_ctx *ctx)
{
	int line = 1, rc = 0;
	bool line_start = true;
	for (size_t i = 0; i < n; i++) {
		char c = t[i];
		if (c == '\n') {
			line++;
			line_start = true;
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\r')
			continue;
		bool at_start = line_start;
		line_start = false;
		if (c == '"') {
			for (i++; i < n && t[i] != '"'; i++) {
				if (t[i] == '\\' && i + 1 < n)
					i++;
				if (t[i] == '\n')
					line++;
			}
		} else if (c == '#' || (c == '/' && i + 1 < n && t[i + 1] == '/')) {
			while (i + 1 < n && t[i + 1] != '\n')
				i++;
		} else if (c == '/' && i + 1 < n && t[i + 1] == '*') {
			for (i += 2; i + 1 < n && !(t[i] == '*' && t[i + 1] == '/'); i++)
				if (t[i] == '\n')
					line++;
			i++;
		} else if (c == '@' && at_start && n - i > 9 && strncmp(t + i, "@include", 8) == 0) {
			size_t j = i + 8;
			while (j < n && (t[j] == ' ' || t[j] == '\t'))
				j++;
			if (j < n && t[j] == '"') {
				size_t k = j + 1;
				while (k < n && t[k] != '"' && t[k] != '\n')
					k++;
				if (check_include(t + j + 1, k - j - 1, include_dir, line, ctx) < 0)
					rc = -1;
			}
			while (i + 1 < n && t[i + 1] != '\n')
				i++;
		} else if (isdigit((unsigned char)c)) {
			size_t j = i;
			while (j < n && (ident_char(t[j]) || t[j] == '.' ||
					 ((t[j] == '+' || t[j] == '-') && (t[j - 1] == 'e' || t[j - 1] == 'E'))))
				j++;
			check_int_token(t + i, j - i, line, ctx);
			i = j - 1;
		} else if (ident_char(c)) {
			while (i + 1 < n && ident_char(t[i + 1]))
				i++;
		}
	}
	return rc;
}

/*
 * libconfig 1.5 calls a final comment without a newline a syntax error; an
 * editor that leaves none is no reason to refuse a file. buf has room for one
 * more byte past *len.
 */
static void end_with_newline(char *buf, size_t *len)
{
	if (*len > 0 && buf[*len - 1] != '\n') {
		buf[(*len)++] = '\n';
		buf[*len] = '\0';
	}
}

static struct conf *load_text(const char *text, size_t len, const char *path,
			      const char *include_dir, struct conf_errors *errs)
{
	struct conf_ctx ctx;
	struct conf *c = NULL;
	config_t cfg;
	config_init(&cfg);
	conf_ctx_init(&ctx, path, &cfg);
	ctx.include_dir = include_dir;

	const char *nul = memchr(text, '\0', len);
	if (nul) {
		int line = 1;
		for (const char *p = text; p < nul; p++)
			line += *p == '\n';
		conf_err_at(&ctx, NULL, line, "contains a NUL byte; this is not a text file");
		goto out;
	}
	if (prescan(text, len, include_dir, &ctx) < 0)
		goto out;
	if (include_dir)
		config_set_include_dir(&cfg, include_dir);
	if (!config_read_string(&cfg, text)) {
		const char *file = config_error_file(&cfg);
		conf_err_at(&ctx, file ? file : path, config_error_line(&cfg), "%s",
			    config_error_text(&cfg) ? config_error_text(&cfg) : "cannot parse");
		goto out;
	}
	c = calloc(1, sizeof *c);
	if (!c || !(c->path = strdup(path))) {
		conf_err_oom(&ctx);
		goto out;
	}
	conf_schema_walk(&conf_root_section, config_root_setting(&cfg), c, "", &ctx);
	conf_refs_check(&ctx);
out:
	if ((ctx.n_errs || ctx.oom) && c) {
		conf_free(c);
		c = NULL;
	}
	conf_ctx_finish(&ctx, errs);
	conf_ctx_free(&ctx);
	config_destroy(&cfg);
	return c;
}

struct conf *conf_load_string(const char *text, size_t len, const char *name,
			      struct conf_errors *errs)
{
	if (!text)
		return NULL;
	/* libconfig wants a C string; ours may hold anything, so copy and terminate. */
	char *copy = malloc(len + 2);
	if (!copy)
		return NULL;
	memcpy(copy, text, len);
	copy[len] = '\0';
	end_with_newline(copy, &len);
	struct conf *c = load_text(copy, len, name ? name : "(string)", NULL, errs);
	free(copy);
	return c;
}

static void file_error(struct conf_errors *errs, const char *path, const char *what,
		       const char *detail)
{
	struct conf_ctx ctx;
	conf_ctx_init(&ctx, path, NULL);
	conf_err_at(&ctx, NULL, 0, "%s%s", what, detail ? detail : "");
	conf_ctx_finish(&ctx, errs);
	conf_ctx_free(&ctx);
}

struct conf *conf_load(const char *path, struct conf_errors *errs)
{
	struct conf *c = NULL;
	char *text = NULL, *dir = NULL;
	struct stat st;
	if (!path) {
		file_error(errs, "(none)", "no configuration file given", NULL);
		return NULL;
	}
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	if (fd < 0 || fstat(fd, &st) < 0) {
		file_error(errs, path, "cannot open: ", strerror(errno));
		goto out;
	}
	if (S_ISDIR(st.st_mode)) {
		file_error(errs, path, "is a directory, not a configuration file", NULL);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		file_error(errs, path, "is not a regular file", NULL);
		goto out;
	}
	if (st.st_size > CONF_MAX_FILE_SIZE) {
		char what[96];
		snprintf(what, sizeof what, "is too large for a configuration file (more than %d bytes)",
			 CONF_MAX_FILE_SIZE);
		file_error(errs, path, what, NULL);
		goto out;
	}
	/* Read one byte past the limit: the file may grow between fstat and read. */
	text = malloc(CONF_MAX_FILE_SIZE + 2);
	if (!text) {
		file_error(errs, path, "out of memory", NULL);
		goto out;
	}
	size_t n = 0;
	while (n <= CONF_MAX_FILE_SIZE) {
		ssize_t r = read(fd, text + n, CONF_MAX_FILE_SIZE + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			file_error(errs, path, "cannot read: ", strerror(errno));
			goto out;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > CONF_MAX_FILE_SIZE) {
		file_error(errs, path, "grew beyond the size limit while being read", NULL);
		goto out;
	}
	text[n] = '\0';
	end_with_newline(text, &n);
	/* @include paths are relative to the including file's folder. */
	dir = strdup(path);
	if (!dir) {
		file_error(errs, path, "out of memory", NULL);
		goto out;
	}
	char *slash = strrchr(dir, '/');
	if (slash == dir)
		slash[1] = '\0';
	else if (slash)
		*slash = '\0';
	else
		strcpy(dir, ".");
	c = load_text(text, n, path, dir, errs);
out:
	if (fd >= 0)
		close(fd);
	free(text);
	free(dir);
	return c;
}

void conf_free(struct conf *c)
{
	if (!c)
		return;
	conf_schema_free(&conf_root_section, c);
	free(c->path);
	free(c);
}

const struct conf_account *conf_find_account(const struct conf *c, const char *system_id)
{
	if (!c || !system_id)
		return NULL;
	for (size_t i = 0; i < c->n_accounts; i++)
		if (c->accounts[i].system_id && strcmp(c->accounts[i].system_id, system_id) == 0)
			return &c->accounts[i];
	return NULL;
}
