/*
 * store_sqlite_mail.c - email-to-SMS records: which emails of which inbox
 * were handled and how, inserted in the same transaction as the SMS rows
 * they produced (STORE_OP_MAIL_INSERT), and looked up before an email is
 * read again (STORE_OP_MAIL_LOOKUP).
 */
#include <string.h>

#include "store_sqlite_internal.h"


static int already_recorded(struct sqlite_store *s, const struct store_mail *m, int *found)
{
	sqlite3_stmt *st = s->st[SQ_MAIL_FIND];
	sqlite3_bind_text(st, 1, m->inbox, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->uidl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, m->message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, m->recipient);
	int rc = sqlite3_step(st);
	*found = rc == SQLITE_ROW;
	sq_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? STORE_OK : sq_map_error(rc);
}

int sq_exec_mail_insert(struct sqlite_store *s, struct store_op *op)
{
	const struct store_mail *m = op->mail;
	if (!m || (!m->uidl[0] && !m->message_id[0])) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	int found = 0;
	int rc = already_recorded(s, m, &found);
	if (rc != STORE_OK)
		return rc;
	if (found) {
		op->result = STORE_EDUPLICATE;
		for (size_t i = 0; i < op->n; i++)
			op->msgs[i].id = 0;
		return STORE_OK;
	}
	rc = sq_exec_insert(s, op);
	if (rc != STORE_OK)
		return rc;
	sqlite3_stmt *st = s->st[SQ_MAIL_INSERT];
	int k = 1;
	sqlite3_bind_text(st, k++, m->inbox, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k++, m->uidl, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, k++, m->message_id, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, k++, m->recipient);
	sqlite3_bind_int(st, k++, (int)m->total);
	sqlite3_bind_int(st, k++, m->outcome);
	sqlite3_bind_int64(st, k++, op->n ? op->msgs[0].id : 0);
	sqlite3_bind_int64(st, k++, m->at);
	return sq_map_error(sq_run(st));
}

int sq_exec_mail_lookup(struct sqlite_store *s, struct store_op *op)
{
	struct store_mail *m = op->mail;
	if (!m || (!m->uidl[0] && !m->message_id[0])) {
		op->result = STORE_EINVAL;
		return STORE_OK;
	}
	sqlite3_stmt *st = s->st[m->uidl[0] ? SQ_MAIL_LOOKUP_UIDL : SQ_MAIL_LOOKUP_MID];
	sqlite3_bind_text(st, 1, m->inbox, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, m->uidl[0] ? m->uidl : m->message_id, -1, SQLITE_STATIC);
	m->done_mask = 0;
	m->total = 0;
	m->outcome = -1;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int recipient = sqlite3_column_int(st, 0);
		int total = sqlite3_column_int(st, 1);
		if (recipient < 0) {
			m->outcome = sqlite3_column_int(st, 2);
			continue;
		}
		if (recipient < STORE_MAIL_MAX_RECIPIENTS)
			m->done_mask |= 1u << recipient;
		if (total > 0)
			m->total = (unsigned)total;
	}
	sq_reset(st);
	return rc == SQLITE_DONE ? STORE_OK : sq_map_error(rc);
}
