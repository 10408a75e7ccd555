/*
 * smpp_deliver.h - what connectors see of the SMPP server: sending a
 * message to an account's bound receivers as deliver_sm.
 */
#ifndef SMSB_SMPP_DELIVER_H
#define SMSB_SMPP_DELIVER_H

#include <stdbool.h>

struct smpp_server;
struct dispatch_job;

/* Is a receiver of account bound with room in its window? */
bool smpp_server_can_deliver(struct smpp_server *srv, const char *account);

/*
 * Sends job->msg as deliver_sm to a receiver of account (round-robin over
 * those with room). Returns 0 (the outcome comes through dispatch_job_done:
 * delivered on ESME_ROK, a temporary failure on an error, a timeout or the
 * session closing), or -1 when no receiver can take it now.
 */
int smpp_server_deliver(struct smpp_server *srv, const char *account, struct dispatch_job *job);

#endif
