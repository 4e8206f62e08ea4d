/*
 * test_sha256.c: SHA-256 against the FIPS 180-4 / NIST example vectors,
 * across the one- and two-block padding edges; HMAC-SHA256 against RFC
 * 4231's vectors (a key longer than a block too); base64 (RFC 4648).
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sha256.h"
#include "sign.h"

static void
digest_is(const char *msg, size_t len, const char *want, const char *what)
{
	char hex[SHA256_HEX_LEN + 1];

	sha256_hex(msg, len, hex);
	check_str(hex, want, what);
}

static void
hmac_is(const char *key, const char *msg, const char *want_hex,
    const char *what)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char mac[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];
	size_t i;

	sign_hmac_sha256(key, msg, strlen(msg), mac);
	for (i = 0; i < SHA256_LEN; i++) {
		hex[i * 2] = digits[mac[i] >> 4];
		hex[i * 2 + 1] = digits[mac[i] & 15];
	}
	hex[SHA256_HEX_LEN] = '\0';
	check_str(hex, want_hex, what);
}

static void
base64_is(const char *data, const char *want)
{
	char *got = sign_base64(data, strlen(data));

	check_str(got, want, "base64");
	free(got);
}

static void
sign_checks(void)
{
	char key131[132];
	char *b;

	hmac_is("Jefe", "what do ya want for nothing?",
	    "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	    "HMAC-SHA256, RFC 4231 case 2");
	memset(key131, 0xaa, 131);
	key131[131] = '\0';
	hmac_is(key131, "Test Using Larger Than Block-Size Key - Hash Key First",
	    "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	    "HMAC-SHA256, RFC 4231 case 6 (a 131-byte key)");
	base64_is("", "");
	base64_is("f", "Zg==");
	base64_is("fo", "Zm8=");
	base64_is("foobar", "Zm9vYmFy");
	b = sign_hmac_base64("Jefe", "what do ya want for nothing?");
	check_str(b, "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=",
	    "base64 of the HMAC");
	free(b);
}

int
main(void)
{
	sign_checks();
	char million[1000000];

	digest_is("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
	    "empty input");
	digest_is("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	    "abc");
	digest_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56,
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
	    "56 bytes: the length spills into a second block");
	digest_is("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	    112, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1",
	    "112 bytes: two full blocks");
	memset(million, 'a', sizeof million);
	digest_is(million, sizeof million,
	    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
	    "a million 'a'");
	return check_status();
}
