/*
 * notify_phone.c: checking, masking and storing customers' mobile
 * numbers (see notify_phone.h). The numbers live in notify.db's
 * notify_contacts, one per user.
 */
#include "notify_phone.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

int
phone_normalize(const char *in, char out[PHONE_MAX])
{
	char d[32];
	size_t n = 0;
	const char *p = in;

	out[0] = '\0';
	if (strncmp(p, "+82", 3) == 0) {
		p += 3;
		d[n++] = '0';
	}
	for (; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9') {
			if (n + 1 >= sizeof d)
				return -1;
			d[n++] = *p;
		} else if (*p != '-' && *p != ' ') {
			return -1;
		}
	}
	d[n] = '\0';
	/* After +82 a leading 0 may be written again: +82 010-... */
	if (strncmp(in, "+82", 3) == 0 && strncmp(d, "00", 2) == 0)
		memmove(d, d + 1, n--);
	/* 010 numbers have 11 digits; the older 011, 016-019 10 or 11. */
	if ((n != 10 && n != 11) || d[0] != '0' || d[1] != '1' ||
	    d[2] == '\0' || strchr("016789", d[2]) == NULL ||
	    (d[2] == '0' && n != 11))
		return -1;
	memcpy(out, d, n + 1);
	return 0;
}

const char *
phone_mask(const char *digits, char out[PHONE_MASKED_MAX])
{
	size_t n = strlen(digits);

	if (n < 10)
		snprintf(out, PHONE_MASKED_MAX, "***");
	else
		snprintf(out, PHONE_MASKED_MAX, "%.3s-****-%s", digits,
		    digits + n - 4);
	return out;
}

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
