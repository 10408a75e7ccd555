/* tls.c - server TLS contexts (see tls.h). */
#include "tls.h"

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <stdio.h>

#include "conf.h"

const char *tls_last_error(char *buf, size_t size)
{
	unsigned long e = ERR_get_error();
	if (!e) {
		snprintf(buf, size, "unknown");
		return buf;
	}
	ERR_error_string_n(e, buf, size);
	ERR_clear_error();
	return buf;
}

SSL_CTX *tls_server_ctx_new(const struct conf_listener *l, char *err, size_t errlen)
{
	char why[256];
	SSL_CTX *ctx = SSL_CTX_new(TLS_server_method());
	if (!ctx) {
		snprintf(err, errlen, "cannot create a TLS context: %s", tls_last_error(why, sizeof why));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_options(ctx, SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
	if (SSL_CTX_use_certificate_chain_file(ctx, l->certificate) != 1) {
		snprintf(err, errlen, "certificate %s: %s", l->certificate, tls_last_error(why, sizeof why));
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(ctx, l->private_key, SSL_FILETYPE_PEM) != 1 ||
	    SSL_CTX_check_private_key(ctx) != 1) {
		snprintf(err, errlen, "private key %s: %s", l->private_key, tls_last_error(why, sizeof why));
		goto fail;
	}
	if (l->client_ca) {
		if (SSL_CTX_load_verify_locations(ctx, l->client_ca, NULL) != 1) {
			snprintf(err, errlen, "client_ca %s: %s", l->client_ca, tls_last_error(why, sizeof why));
			goto fail;
		}
		STACK_OF(X509_NAME) *names = SSL_load_client_CA_file(l->client_ca);
		if (names)
			SSL_CTX_set_client_CA_list(ctx, names);
		SSL_CTX_set_verify(ctx,
				   l->verify_client ? SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT
						    : SSL_VERIFY_PEER,
				   NULL);
	}
	return ctx;
fail:
	SSL_CTX_free(ctx);
	return NULL;
}
