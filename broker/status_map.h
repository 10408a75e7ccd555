/*
 * status_map.h - the one place internal errors become protocol statuses.
 */
#ifndef SMSB_STATUS_MAP_H
#define SMSB_STATUS_MAP_H

#include <stdint.h>

/* A store error (enum store_err) as the SMPP command_status to answer with. */
uint32_t status_smpp_from_store(int store_err);

/* A store error (enum store_err) as the HTTP status to answer with (the HTTP API). */
int status_http_from_store(int store_err);

/* A store state (enum store_state) as the SMPP message_state of query_sm and receipts. */
uint8_t status_smpp_message_state(int store_state);

#endif
