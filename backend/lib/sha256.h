/*
 * sha256.h: SHA-256 (FIPS 180-4), for storing secrets as digests and
 * for signing (sign.h).
 */
#ifndef BAEDAL_SHA256_H
#define BAEDAL_SHA256_H

#include <stddef.h>
#include <stdint.h>

#define SHA256_HEX_LEN 64
#define SHA256_LEN 32 /* bytes of a digest */

/* The digest of data[0..len) into out. */
void sha256_raw(const void *data, size_t len, unsigned char out[SHA256_LEN]);

/* The digest of data[0..len) as 64 lowercase hex digits and a NUL in hex
 * (which must hold SHA256_HEX_LEN + 1 bytes). */
void sha256_hex(const void *data, size_t len, char hex[SHA256_HEX_LEN + 1]);

#endif
