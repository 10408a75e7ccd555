/*
 * store_backend.h - what a storage backend implements.
 *
 * store.c owns the queue, the worker thread and group commit; a backend only
 * knows how to open its database, run one op inside a transaction, and
 * commit. SQLite (store_sqlite.c) is the embedded default; an in-memory or
 * another database backend drops in by adding a struct here and a line in
 * store_backend_find().
 */
#ifndef SMSB_STORE_BACKEND_H
#define SMSB_STORE_BACKEND_H

#include <stddef.h>

#include "store.h"

struct store_backend {
	const char *name;
	/* Opens, checks and migrates the database; recovers in-flight work. */
	int (*open)(const struct store_options *opt, void **db,
		    struct store_open_info *info, char *errbuf, size_t errlen);
	int (*begin)(void *db);
	/* Durable when it returns 0. */
	int (*commit)(void *db);
	void (*rollback)(void *db);
	/*
	 * Executes op inside the open transaction, setting op->result to its own
	 * outcome (STORE_OK, STORE_ENOTFOUND, ...). Returns 0, or an error that
	 * spoils the whole transaction (STORE_EFULL, STORE_EIO, STORE_EBUSY).
	 */
	int (*exec)(void *db, struct store_op *op);
	void (*close)(void *db);
};

extern const struct store_backend store_backend_sqlite;

/* The backend called name, or NULL. */
const struct store_backend *store_backend_find(const char *name);

#endif
