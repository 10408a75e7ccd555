/* password.c - PBKDF2 password hashes and constant-time checks (see password.h). */
#include "password.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SALT_LEN 16
#define HASH_LEN 32

int password_hash(const char *password, unsigned iterations, char *out, size_t out_size)
{
	unsigned char salt[SALT_LEN], hash[HASH_LEN];
	char salt64[4 * ((SALT_LEN + 2) / 3) + 1], hash64[4 * ((HASH_LEN + 2) / 3) + 1];
	if (RAND_bytes(salt, sizeof salt) != 1 ||
	    PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, sizeof salt, (int)iterations,
			      EVP_sha256(), sizeof hash, hash) != 1)
		return -1;
	EVP_EncodeBlock((unsigned char *)salt64, salt, sizeof salt);
	EVP_EncodeBlock((unsigned char *)hash64, hash, sizeof hash);
	int n = snprintf(out, out_size, "$pbkdf2-sha256$%u$%s$%s", iterations, salt64, hash64);
	return n > 0 && (size_t)n < out_size ? 0 : -1;
}

/* Decodes base64 text (with padding) into out; returns the byte count or -1. */
static int decode64(const char *text, size_t len, unsigned char *out, size_t out_size)
{
	if (len == 0 || len % 4 != 0 || len / 4 * 3 > out_size)
		return -1;
	int n = EVP_DecodeBlock(out, (const unsigned char *)text, (int)len);
	if (n < 0)
		return -1;
	while (len > 0 && text[len - 1] == '=') { /* EVP_DecodeBlock counts padding as zeros */
		len--;
		n--;
	}
	return n;
}

static bool check_hash(const char *given, const char *hash)
{
	const char prefix[] = "$pbkdf2-sha256$";
	if (strncmp(hash, prefix, sizeof prefix - 1) != 0)
		return false;
	const char *p = hash + sizeof prefix - 1;
	char *end;
	unsigned long iterations = strtoul(p, &end, 10);
	if (*end != '$' || iterations == 0 || iterations > 10000000)
		return false;
	const char *salt64 = end + 1;
	const char *dollar = strchr(salt64, '$');
	if (!dollar)
		return false;
	unsigned char salt[64], want[64], got[HASH_LEN];
	int salt_len = decode64(salt64, (size_t)(dollar - salt64), salt, sizeof salt);
	int want_len = decode64(dollar + 1, strlen(dollar + 1), want, sizeof want);
	if (salt_len <= 0 || want_len != HASH_LEN)
		return false;
	if (PKCS5_PBKDF2_HMAC(given, (int)strlen(given), salt, salt_len, (int)iterations,
			      EVP_sha256(), HASH_LEN, got) != 1)
		return false;
	return CRYPTO_memcmp(got, want, HASH_LEN) == 0;
}

bool password_check(const char *given, const char *plain, const char *hash)
{
	if (!given)
		return false;
	if (hash)
		return check_hash(given, hash);
	if (!plain)
		return false;
	/* Compare digests, so the time taken says nothing about length or prefix. */
	unsigned char a[32], b[32];
	unsigned int la = 0, lb = 0;
	if (EVP_Digest(given, strlen(given), a, &la, EVP_sha256(), NULL) != 1 ||
	    EVP_Digest(plain, strlen(plain), b, &lb, EVP_sha256(), NULL) != 1)
		return false;
	return CRYPTO_memcmp(a, b, sizeof a) == 0;
}
