/*
 * credentials.c: a user's token from the credentials file (see
 * credentials.h).
 */
#include "credentials.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

char *
credentials_token(const char *home, const char *user, struct wire_error *err)
{
	char *path = xasprintf("%s/credentials.json", home), *token = NULL;
	json_error_t jerr;
	json_t *doc, *u;
	size_t i;

	if ((doc = json_load_file(path, 0, &jerr)) == NULL) {
		wire_error_set(err, E_UNAUTHORIZED, "cannot read %s (%s): "
		    "is baedald using --home %s?", path, jerr.text, home);
		free(path);
		return NULL;
	}
	json_array_foreach(json_object_get(doc, "users"), i, u) {
		const char *token_s = wire_str(u, "token", NULL);

		if (token_s != NULL && strcmp(wire_str(u, "name", ""), user) == 0)
			token = xstrdup(token_s);
	}
	if (token == NULL)
		wire_error_set(err, E_UNAUTHORIZED, "no user named '%s' in %s",
		    user, path);
	json_decref(doc);
	free(path);
	return token;
}
