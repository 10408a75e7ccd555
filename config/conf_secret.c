/*
 * conf_secret.c - secret options given inline, from the environment or a file.
 *
 * A secret option NAME (accounts' password; later POP3/SMTP passwords) is
 * given as exactly one of:
 *   NAME       = "inline";
 *   NAME_env   = "VARIABLE";          read from the environment at load
 *   NAME_file  = "/run/secrets/x";    the file's content, one trailing newline cut
 *   NAME_hash  = "$pbkdf2-sha256$..."; only where the spec allows a hash
 * The resolved value is stored; the hash is checked for form only, since
 * verifying a password against it is the broker's job. Secret values never
 * appear in messages.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf_internal.h"

#define SECRET_FILE_MAX 4096

enum form { FORM_INLINE, FORM_ENV, FORM_FILE, FORM_HASH, N_FORMS };
static const char *const suffixes[N_FORMS] = {"", "_env", "_file", "_hash"};

static bool form_allowed(const struct conf_option *o, enum form f)
{
	return f != FORM_HASH || o->secret->hash_offset != CONF_NO_OFFSET;
}

bool conf_secret_key(const struct conf_option *o, const char *key)
{
	size_t n = strlen(o->name);
	if (strncmp(key, o->name, n) != 0)
		return false;
	for (int f = 0; f < N_FORMS; f++)
		if (form_allowed(o, (enum form)f) && strcmp(key + n, suffixes[f]) == 0)
			return true;
	return false;
}

static bool b64_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '+' || c == '/' || c == '.';
}

/* Decoded length of base64 text (padded or not; '.' as in passlib's ab64), or -1. */
static long b64_len(const char *p, size_t n)
{
	size_t pad = 0;
	while (n > 0 && p[n - 1] == '=') {
		n--;
		pad++;
	}
	if (n == 0 || pad > 2 || n % 4 == 1)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (!b64_char(p[i]))
			return -1;
	if (pad && (n + pad) % 4 != 0)
		return -1;
	return (long)(n * 3 / 4);
}

int conf_hash_check(const char *hash, const char **why)
{
	static const char prefix[] = "$pbkdf2-sha256$";
	*why = "not of the form $pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>";
	if (strncmp(hash, prefix, sizeof prefix - 1) != 0)
		return -1;
	const char *p = hash + sizeof prefix - 1;
	const char *d1 = strchr(p, '$');
	if (!d1 || d1 == p || d1 - p > 10)
		return -1;
	unsigned long long iter = 0;
	for (const char *q = p; q < d1; q++) {
		if (*q < '0' || *q > '9')
			return -1;
		iter = iter * 10 + (unsigned)(*q - '0');
	}
	const char *salt = d1 + 1;
	const char *d2 = strchr(salt, '$');
	if (!d2)
		return -1;
	const char *h = d2 + 1;
	if (strchr(h, '$'))
		return -1;
	long salt_len = b64_len(salt, (size_t)(d2 - salt));
	long hash_len = b64_len(h, strlen(h));
	if (salt_len < 0 || hash_len < 0)
		return -1;
	if (iter < 1000 || iter > 100000000) {
		*why = "iteration count outside 1000..100000000";
		return -1;
	}
	if (salt_len < 8) {
		*why = "salt shorter than 8 bytes";
		return -1;
	}
	if (hash_len != 32) {
		*why = "hash not 32 bytes long (SHA-256)";
		return -1;
	}
	return 0;
}

/* Reads a small secret file; NULL and why on failure. */
static char *read_secret_file(const char *path, const char **why)
{
	char *buf = NULL;
	int fd = open(path, O_RDONLY | O_NOCTTY | O_NONBLOCK);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0) {
		*why = strerror(errno);
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		*why = S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file";
		goto fail;
	}
	buf = malloc(SECRET_FILE_MAX + 2);
	if (!buf) {
		*why = "out of memory";
		goto fail;
	}
	size_t n = 0;
	while (n <= SECRET_FILE_MAX) {
		ssize_t r = read(fd, buf + n, SECRET_FILE_MAX + 1 - n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			*why = strerror(errno);
			goto fail;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	if (n > SECRET_FILE_MAX) {
		*why = "is larger than 4096 bytes";
		goto fail;
	}
	buf[n] = '\0';
	if (n > 0 && buf[n - 1] == '\n')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '\r')
		buf[--n] = '\0';
	if (strlen(buf) != n || strchr(buf, '\n')) {
		*why = "holds more than one line or a NUL byte";
		goto fail;
	}
	close(fd);
	return buf;
fail:
	if (fd >= 0)
		close(fd);
	free(buf);
	return NULL;
}

/* Resolves the one form given at s into a fresh string; NULL if reported. */
static char *resolve(const struct conf_option *o, enum form f, const config_setting_t *s,
		     const char *path, struct conf_ctx *ctx)
{
	char q[96];
	const char *v = config_setting_get_string(s);
	const char *why = NULL;
	char *out = NULL;
	switch (f) {
	case FORM_INLINE:
	case FORM_HASH:
		out = strdup(v);
		break;
	case FORM_ENV: {
		const char *e = *v ? getenv(v) : NULL;
		if (!e) {
			conf_err(ctx, s, "%s: environment variable %s is not set", path,
				 conf_quote(q, sizeof q, v));
			return NULL;
		}
		out = strdup(e);
		break;
	}
	case FORM_FILE:
		out = read_secret_file(v, &why);
		if (!out) {
			conf_err(ctx, s, "%s: cannot read %s: %s", path, conf_quote(q, sizeof q, v), why);
			return NULL;
		}
		break;
	case N_FORMS:
		return NULL;
	}
	if (!out) {
		conf_err_oom(ctx);
		return NULL;
	}
	if (!*out) {
		conf_err(ctx, s, "%s: the secret is empty", path);
		goto fail;
	}
	if (f == FORM_HASH) {
		if (conf_hash_check(out, &why) < 0) {
			conf_err(ctx, s, "%s: %s", path, why);
			goto fail;
		}
	} else if (o->secret->max_len && strlen(out) > o->secret->max_len) {
		conf_err(ctx, s, "%s: the secret is %zu characters long; at most %u are allowed", path,
			 strlen(out), o->secret->max_len);
		goto fail;
	}
	return out;
fail:
	free(out);
	return NULL;
}

void conf_secret_walk(const struct conf_option *o, const config_setting_t *group, int group_line,
		      void *obj, const char *path, struct conf_ctx *ctx)
{
	const config_setting_t *given[N_FORMS] = {0};
	char key[128], opath[512];
	enum form used = N_FORMS;
	bool conflict = false;

	for (int f = 0; f < N_FORMS && group; f++) {
		if (!form_allowed(o, (enum form)f))
			continue;
		snprintf(key, sizeof key, "%s%s", o->name, suffixes[f]);
		given[f] = config_setting_get_member(group, key);
		if (!given[f])
			continue;
		if (used == N_FORMS) {
			used = (enum form)f;
			continue;
		}
		/* Report at whichever of the two comes later in the file. */
		const config_setting_t *later = given[f];
		if (conf_setting_line(given[used]) > conf_setting_line(later))
			later = given[used];
		conf_err(ctx, later, "%s: %s%s and %s are both given; use exactly one", path, o->name,
			 suffixes[used], key);
		conflict = true;
	}
	if (used == N_FORMS) {
		if (o->required) {
			char forms[128];
			snprintf(forms, sizeof forms, "%s, %s_env, %s_file%s%s%s", o->name, o->name, o->name,
				 form_allowed(o, FORM_HASH) ? " or " : "",
				 form_allowed(o, FORM_HASH) ? o->name : "",
				 form_allowed(o, FORM_HASH) ? "_hash" : "");
			conf_err_at(ctx, conf_setting_file(ctx, group), group_line,
				    "%s: missing %s (give one of %s)", path, o->name, forms);
		}
		return;
	}
	if (conflict)
		return;
	const config_setting_t *s = given[used];
	snprintf(opath, sizeof opath, "%s%s%s%s", path, *path ? "." : "", o->name, suffixes[used]);
	if (config_setting_type(s) != CONFIG_TYPE_STRING) {
		conf_err(ctx, s, "%s: expected a string", opath);
		return;
	}
	char *value = resolve(o, used, s, opath, ctx);
	if (!value)
		return;
	size_t off = used == FORM_HASH ? o->secret->hash_offset : o->offset;
	char **field = (char **)(void *)((char *)obj + off);
	free(*field);
	*field = value;
	if (o->secret->line_offset != CONF_NO_OFFSET)
		*(int *)(void *)((char *)obj + o->secret->line_offset) = conf_setting_line(s);
}
