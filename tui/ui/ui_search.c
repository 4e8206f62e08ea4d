/*
 * ui_search.c: substring and initial-consonant matching (see ui_search.h).
 */
#include "ui_search.h"

#include <stdlib.h>
#include <string.h>

#include "ui_text.h"

#define HANGUL_FIRST 0xAC00u
#define HANGUL_LAST 0xD7A3u
#define HANGUL_PER_INITIAL 588u /* 21 vowels x 28 finals */
#define JAMO_FIRST 0x3131u      /* ㄱ */
#define JAMO_LAST 0x314Eu       /* ㅎ */

/* The 19 initial consonants, in syllable order, as compatibility jamo. */
static const uint32_t choseong[19] = {
	0x3131, 0x3132, 0x3134, 0x3137, 0x3138, 0x3139, 0x3141, 0x3142,
	0x3143, 0x3145, 0x3146, 0x3147, 0x3148, 0x3149, 0x314A, 0x314B,
	0x314C, 0x314D, 0x314E,
};

uint32_t
ui_search_choseong(uint32_t cp)
{
	if (cp < HANGUL_FIRST || cp > HANGUL_LAST)
		return 0;
	return choseong[(cp - HANGUL_FIRST) / HANGUL_PER_INITIAL];
}

static uint32_t
fold(uint32_t cp)
{
	return cp >= 'A' && cp <= 'Z' ? cp + ('a' - 'A') : cp;
}

/* 1 when the query character q matches the name character n. */
static int
char_matches(uint32_t q, uint32_t n)
{
	if (fold(q) == fold(n))
		return 1;
	return q >= JAMO_FIRST && q <= JAMO_LAST && ui_search_choseong(n) == q;
}

/* s decoded into a new array of code points (the caller frees it);
 * *n gets its length. NULL when out of memory. */
static uint32_t *
decode_all(const char *s, size_t *n)
{
	size_t len = strlen(s), at = 0;
	uint32_t *cps = malloc((len + 1) * sizeof *cps);

	*n = 0;
	if (cps == NULL)
		return NULL;
	while (at < len)
		at += ui_text_decode(s + at, len - at, &cps[(*n)++]);
	return cps;
}

int
ui_search_match(const char *name, const char *query)
{
	uint32_t *n, *q;
	size_t nn, nq, i, j;
	int found = 0;

	if (query == NULL || *query == '\0')
		return 1;
	if (name == NULL)
		return 0;
	n = decode_all(name, &nn);
	q = decode_all(query, &nq);
	for (i = 0; n != NULL && q != NULL && !found && i + nq <= nn; i++) {
		for (j = 0; j < nq && char_matches(q[j], n[i + j]); j++)
			;
		found = j == nq;
	}
	free(n);
	free(q);
	return found;
}
