/*
 * config.c: defaults and BAEDAL_* environment variables.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

static char *
env_str(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return xstrdup(v != NULL && *v != '\0' ? v : dflt);
}

static int64_t
env_int(const char *name, int64_t dflt)
{
	const char *v = getenv(name);
	char *end;
	long long n;

	if (v == NULL || *v == '\0')
		return dflt;
	n = strtoll(v, &end, 10);
	if (*end != '\0' || n < 0) {
		log_warn("ignoring %s=%s: not a number", name, v);
		return dflt;
	}
	return n;
}

void
config_defaults(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->home = baedal_default_home();
	cfg->front = env_str("BAEDAL_ENDPOINT", DEFAULT_FRONT_ENDPOINT);
	cfg->back = env_str("BAEDAL_SERVICES_ENDPOINT", DEFAULT_BACK_ENDPOINT);
	cfg->broker = env_str("BAEDAL_BROKER", DEFAULT_BACK_ENDPOINT);
	cfg->token = env_str("BAEDAL_TOKEN", NULL);
	cfg->auto_cancel_ms = env_int("BAEDAL_AUTO_CANCEL_MS", 10 * 60 * 1000);
	cfg->payment_deadline_ms = env_int("BAEDAL_PAYMENT_DEADLINE_MS", 610);
	cfg->lease_ms = env_int("BAEDAL_LEASE_MS", 0);
	cfg->breaker_window = (int)env_int("BAEDAL_BREAKER_WINDOW", 20);
	cfg->breaker_failure_pct = (int)env_int("BAEDAL_BREAKER_FAILURE_PCT",
	    50);
	cfg->breaker_min_calls = (int)env_int("BAEDAL_BREAKER_MIN_CALLS", 5);
	cfg->breaker_open_ms = env_int("BAEDAL_BREAKER_OPEN_MS", 5000);
	cfg->pg_url = env_str("BAEDAL_PG_URL", NULL);
	cfg->pg_secret = env_str("BAEDAL_PG_SECRET", NULL);
	cfg->pg_timeout_ms = env_int("BAEDAL_PG_TIMEOUT_MS", 0);
	cfg->pg_callback_port = env_int("BAEDAL_PG_CALLBACK_PORT", 0);
	cfg->webhook_url = env_str("BAEDAL_WEBHOOK_URL", NULL);
	cfg->webhook_format = env_str("BAEDAL_WEBHOOK_FORMAT", "json");
	cfg->webhook_max_attempts = (int)env_int("BAEDAL_WEBHOOK_MAX_ATTEMPTS",
	    8);
	cfg->webhook_backoff_ms = env_int("BAEDAL_WEBHOOK_BACKOFF_MS", 200);
	cfg->webhook_link = env_str("BAEDAL_WEBHOOK_LINK",
	    "http://127.0.0.1/orders/{order_id}");
	cfg->webhook_token = env_str("BAEDAL_WEBHOOK_TOKEN", NULL);
	cfg->print_max_attempts = (int)env_int("BAEDAL_PRINT_MAX_ATTEMPTS", 10);
	cfg->print_backoff_ms = env_int("BAEDAL_PRINT_BACKOFF_MS", 500);
	cfg->alimtalk_url = env_str("BAEDAL_ALIMTALK_URL", NULL);
	cfg->alimtalk_service_id = env_str("BAEDAL_ALIMTALK_SERVICE_ID", NULL);
	cfg->alimtalk_channel = env_str("BAEDAL_ALIMTALK_CHANNEL", "@baedal");
	cfg->alimtalk_access_key = env_str("BAEDAL_ALIMTALK_ACCESS_KEY", NULL);
	cfg->alimtalk_secret_key = env_str("BAEDAL_ALIMTALK_SECRET_KEY", NULL);
	cfg->alimtalk_sms_from = env_str("BAEDAL_ALIMTALK_SMS_FROM", NULL);
	cfg->alimtalk_poll_ms = env_int("BAEDAL_ALIMTALK_POLL_MS", 2000);
	cfg->demo = 1;
	cfg->log = env_str("BAEDAL_LOG", NULL);
	cfg->log_stream = env_str("BAEDAL_LOG_STREAM", "baedal");
	cfg->log_replicas = (int)env_int("BAEDAL_LOG_REPLICAS", 3);
	cfg->log_dup_window_ms = env_int("BAEDAL_LOG_DUP_WINDOW_MS",
	    2 * 60 * 1000);
	cfg->log_max_wait_ms = env_int("BAEDAL_LOG_MAX_WAIT_MS", 2000);
	cfg->insecure = env_int("BAEDAL_INSECURE", 0) != 0;
	cfg->clock_offset_ms = env_int("BAEDAL_CLOCK_OFFSET_MS", 0);
	cfg->auto_pause_ms = env_int("BAEDAL_AUTO_PAUSE_MS", 0);
	cfg->metrics_bind = env_str("BAEDAL_METRICS_BIND", NULL);
	cfg->rider_timeout_ms = env_int("BAEDAL_RIDER_TIMEOUT_MS",
	    5 * 60 * 1000);
}

void
config_free(struct config *cfg)
{
	free(cfg->home);
	free(cfg->front);
	free(cfg->back);
	free(cfg->broker);
	free(cfg->token);
	free(cfg->pg_url);
	free(cfg->pg_secret);
	free(cfg->webhook_url);
	free(cfg->webhook_format);
	free(cfg->webhook_link);
	free(cfg->webhook_token);
	free(cfg->log);
	free(cfg->log_stream);
	free(cfg->alimtalk_url);
	free(cfg->alimtalk_service_id);
	free(cfg->alimtalk_channel);
	free(cfg->alimtalk_access_key);
	free(cfg->alimtalk_secret_key);
	free(cfg->alimtalk_sms_from);
	free(cfg->metrics_bind);
	memset(cfg, 0, sizeof *cfg);
}

char *
config_path(const struct config *cfg, const char *name)
{
	return xasprintf("%s/%s", cfg->home, name);
}
