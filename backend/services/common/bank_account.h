/*
 * bank_account.h: a customer's bank account, where the refund of a
 * payment by virtual account goes (Toss's refundReceiveAccount), and the
 * banks baedal knows (shared by order and payment).
 *
 * On the wire: {"bank": a code from bank_codes ("88"), "account_number":
 * 6 to 20 ASCII digits, "holder_name": 1 to 60 characters, no control
 * characters}. The number is sent to the gateway and stored in
 * payment.db; everywhere else it is masked ("*******5678").
 */
#ifndef BAEDAL_BANK_ACCOUNT_H
#define BAEDAL_BANK_ACCOUNT_H

#include <jansson.h>
#include <stddef.h>

#include "wire.h"

#define BANK_NUMBER_MIN 6
#define BANK_NUMBER_MAX 20
#define BANK_HOLDER_MAX 60   /* characters, not bytes */
#define BANK_MASK_MAX (BANK_NUMBER_MAX + 1)

/* The name of bank code ("88" -> "신한"), or NULL when it is not one of
 * the fixed list. Static strings. */
const char *bank_name(const char *code);

/*
 * Check a refund account, the member name of obj (NULL or absent: -1
 * when required, else 0 with *out NULL). 0 with *out borrowed from obj,
 * or -1 with a bad_request err naming the member that is wrong.
 */
int bank_account_get(const json_t *obj, const char *name, int required,
    const json_t **out, struct wire_error *err);

/* Mask an account number into out (BANK_MASK_MAX bytes): every digit
 * but the last four is '*'. */
void bank_account_mask(const char *number, char out[BANK_MASK_MAX]);

/* A copy of account (borrowed) with its number masked (a new object). */
json_t *bank_account_masked(const json_t *account);

#endif
