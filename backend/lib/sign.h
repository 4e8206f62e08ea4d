/*
 * sign.h: HMAC-SHA256 (RFC 2104) and base64 (RFC 4648), for the request
 * signatures outside services ask for (NCP's x-ncp-apigw-signature-v2)
 * and for HTTP Basic auth.
 */
#ifndef BAEDAL_SIGN_H
#define BAEDAL_SIGN_H

#include <stddef.h>

#include "sha256.h"

/* HMAC-SHA256 of msg[0..len) under key (NUL-terminated) into out. */
void sign_hmac_sha256(const char *key, const void *msg, size_t len,
    unsigned char out[SHA256_LEN]);

/* data[0..len) in base64 with padding. Returns a new string, the
 * caller's to free; never NULL. */
char *sign_base64(const void *data, size_t len);

/* base64(HMAC-SHA256(key, msg)): a new string, the caller's to free. */
char *sign_hmac_base64(const char *key, const char *msg);

#endif
