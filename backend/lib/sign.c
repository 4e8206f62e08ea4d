/*
 * sign.c: HMAC-SHA256 and base64 (see sign.h).
 */
#include "sign.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SIGN_BLOCK 64 /* SHA-256's block size */

void
sign_hmac_sha256(const char *key, const void *msg, size_t len,
    unsigned char out[SHA256_LEN])
{
	unsigned char k[SIGN_BLOCK], inner[SHA256_LEN], outer[SIGN_BLOCK +
	    SHA256_LEN];
	unsigned char *buf = xmalloc(SIGN_BLOCK + len + 1);
	size_t klen = strlen(key), i;

	memset(k, 0, sizeof k);
	if (klen > SIGN_BLOCK)
		sha256_raw(key, klen, k);
	else
		memcpy(k, key, klen);
	for (i = 0; i < SIGN_BLOCK; i++)
		buf[i] = k[i] ^ 0x36;
	memcpy(buf + SIGN_BLOCK, msg, len);
	sha256_raw(buf, SIGN_BLOCK + len, inner);
	for (i = 0; i < SIGN_BLOCK; i++)
		outer[i] = k[i] ^ 0x5c;
	memcpy(outer + SIGN_BLOCK, inner, SHA256_LEN);
	sha256_raw(outer, sizeof outer, out);
	free(buf);
}

char *
sign_base64(const void *data, size_t n)
{
	static const char b64[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	const unsigned char *p = data;
	char *enc = xmalloc((n + 2) / 3 * 4 + 1);
	size_t i, o = 0;

	for (i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;

		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		enc[o++] = b64[(v >> 18) & 63];
		enc[o++] = b64[(v >> 12) & 63];
		enc[o++] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
		enc[o++] = i + 2 < n ? b64[v & 63] : '=';
	}
	enc[o] = '\0';
	return enc;
}

char *
sign_hmac_base64(const char *key, const char *msg)
{
	unsigned char mac[SHA256_LEN];

	sign_hmac_sha256(key, msg, strlen(msg), mac);
	return sign_base64(mac, sizeof mac);
}
