/*
 * tls.h - server-side TLS contexts from a listener's configuration
 * (OpenSSL): TLS 1.2 and up, the certificate chain and key from PEM files,
 * and, when asked, client certificates that must chain to client_ca.
 */
#ifndef SMSB_TLS_H
#define SMSB_TLS_H

#include <stddef.h>

struct conf_listener;
typedef struct ssl_ctx_st SSL_CTX;

/* A context for l, or NULL with the reason (file, OpenSSL's error) in err. */
SSL_CTX *tls_server_ctx_new(const struct conf_listener *l, char *err, size_t errlen);

/* OpenSSL's most recent error as text (for logs), or "unknown". */
const char *tls_last_error(char *buf, size_t size);

#endif
