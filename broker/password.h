/*
 * password.h - account passwords: hashing for the config file, and
 * verification of what a client sends, in constant time either way.
 *
 * Hash format: $pbkdf2-sha256$<iterations>$<salt base64>$<hash base64>
 * (PBKDF2-HMAC-SHA256 from OpenSSL, 32-byte hash, 16-byte random salt).
 */
#ifndef SMSB_PASSWORD_H
#define SMSB_PASSWORD_H

#include <stdbool.h>
#include <stddef.h>

#define PASSWORD_HASH_ITERATIONS 100000

/* Writes the hash of password into out. Returns 0, or -1 (no randomness, too small). */
int password_hash(const char *password, unsigned iterations, char *out, size_t out_size);

/* Does given match the plain password or the hash (exactly one non-NULL)? */
bool password_check(const char *given, const char *plain, const char *hash);

#endif
