/*
 * notify_profile.c: a user's notify profile: the mobile number AlimTalk
 * reaches a customer at (see notify_phone.h), one per user in notify.db's
 * notify_contacts, shown and logged masked only.
 */
#include "notify_phone.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

int
notify_phone_of(struct svc *svc, const char *user, char out[PHONE_MAX])
{
	json_t *row = db_row(svc_db(svc), "SELECT phone FROM notify_contacts "
	    "WHERE user = ?", "s", user);
	const char *phone = wire_str(row, "phone", NULL);
	int rc = phone != NULL && strlen(phone) < PHONE_MAX ? 0 : -1;

	snprintf(out, PHONE_MAX, "%s", rc == 0 ? phone : "");
	json_decref(row);
	return rc;
}

/* {"user","phone": masked or null} for user. */
static json_t *
profile_of(struct svc *svc, const char *user)
{
	char phone[PHONE_MAX], masked[PHONE_MASKED_MAX];

	if (notify_phone_of(svc, user, phone) != 0)
		return json_pack("{s:s, s:n}", "user", user, "phone");
	return json_pack("{s:s, s:s}", "user", user, "phone",
	    phone_mask(phone, masked));
}

int
notify_profile_get(struct svc *svc, struct svc_req *req, const json_t *body,
    json_t **result, struct wire_error *err)
{
	(void)body;
	(void)err;
	*result = profile_of(svc, svc_req_caller(req)->user);
	return 0;
}

int
notify_profile_set_phone(struct svc *svc, struct svc_req *req,
    const json_t *body, json_t **result, struct wire_error *err)
{
	const char *user = svc_req_caller(req)->user;
	const json_t *v = json_object_get(body, "phone");
	char phone[PHONE_MAX], masked[PHONE_MASKED_MAX];
	int rc;

	if (json_is_null(v)) {
		rc = db_do(svc_db(svc), "DELETE FROM notify_contacts WHERE "
		    "user = ?", "s", user);
		if (rc < 0)
			return wire_error_set(err, E_INTERNAL, "storage");
		log_info("notify: %s has no phone number any more", user);
		*result = profile_of(svc, user);
		return 0;
	}
	if (!json_is_string(v) || phone_normalize(json_string_value(v),
	    phone) != 0)
		return wire_error_set(err, E_BAD_REQUEST, "phone: a Korean "
		    "mobile number (010-1234-5678) or null");
	if (db_do(svc_db(svc), "INSERT INTO notify_contacts(user, phone, "
	    "updated_at) VALUES (?,?,?) ON CONFLICT(user) DO UPDATE SET "
	    "phone = excluded.phone, updated_at = excluded.updated_at", "ssi",
	    user, phone, now_ms()) != 1)
		return wire_error_set(err, E_INTERNAL, "storage");
	log_info("notify: %s's phone number is %s", user,
	    phone_mask(phone, masked));
	*result = profile_of(svc, user);
	return 0;
}
