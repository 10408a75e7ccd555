/*
 * dispatch_internal.h - what the dispatcher's own files share.
 */
#ifndef SMSB_DISPATCH_INTERNAL_H
#define SMSB_DISPATCH_INTERNAL_H

#include <stdint.h>

#include "store.h"

struct dispatcher;

/*
 * Records a message's new state: one store update, with the receipt if the
 * state is final and the submitter asked for one. done (optional) runs after
 * the commit with the store's result.
 */
void dispatch_record_msg(struct dispatcher *d, const struct store_msg *m, const char *connector,
			 int state, uint32_t error_code, int64_t next_at, uint32_t attempts,
			 const char *remote_id, void (*done)(void *, int), void *done_arg);

#endif
