/*
 * test_sha256.c: SHA-256 against the FIPS 180-4 / NIST example vectors,
 * across the one- and two-block padding edges.
 */
#include <string.h>

#include "check.h"
#include "sha256.h"

static void
digest_is(const char *msg, size_t len, const char *want, const char *what)
{
	char hex[SHA256_HEX_LEN + 1];

	sha256_hex(msg, len, hex);
	check_str(hex, want, what);
}

int
main(void)
{
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
