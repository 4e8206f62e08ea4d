/*
 * notify_phone.h: customers' mobile numbers, the address AlimTalk
 * reaches them at: checking, storing and showing them.
 *
 * A number is stored in one form only: the Korean mobile number's digits,
 * 010XXXXXXXX (11 digits; the older 011, 016-019 numbers 10 or 11). It is shown and logged
 * masked only (010-****-5678); the full number leaves the service only in
 * the request to the message dealer.
 */
#ifndef BAEDAL_NOTIFY_PHONE_H
#define BAEDAL_NOTIFY_PHONE_H

#include <stddef.h>

#include "svc.h"

#define PHONE_MAX 12      /* digits and the NUL */
#define PHONE_MASKED_MAX 16

/*
 * Normalise in ("010-1234-5678", "010 1234 5678", "+82 10-1234-5678",
 * "01012345678") into out (digits only). Returns 0, or -1 when in is not
 * a Korean mobile number (out is then "").
 */
int phone_normalize(const char *in, char out[PHONE_MAX]);

/* The masked form of a normalised number ("010-****-5678") into out.
 * Returns out. */
const char *phone_mask(const char *digits, char out[PHONE_MASKED_MAX]);

/*
 * notify_profile.c. notify.profile (anyone): {} -> {"user","phone": masked or null}.
 * notify.set_phone (customer): {"phone": number or null} -> the same,
 * after storing (null forgets it). A number that is not a Korean mobile
 * number is bad_request and changes nothing. svc_method_fns.
 */
int notify_profile_get(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);
int notify_profile_set_phone(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err);

/* The stored number of user (normalised) into out; 0, or -1 when none. */
int notify_phone_of(struct svc *svc, const char *user, char out[PHONE_MAX]);

#endif
