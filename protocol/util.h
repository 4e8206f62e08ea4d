/*
 * util.h: the few helpers every baedal program shares: allocation that
 * aborts on out-of-memory, the clock, and levelled logging to stderr.
 */
#ifndef BAEDAL_UTIL_H
#define BAEDAL_UTIL_H

#include <stddef.h>
#include <stdint.h>

#define BAEDAL_VERSION "0.1.0"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* Allocate or abort with a message: callers never see NULL. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Returns a copy of s (NULL stays NULL); the caller frees it. */
char *xstrdup(const char *s);
/* printf into a new string; the caller frees it. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* The data directory: BAEDAL_HOME, else $XDG_DATA_HOME/baedal, else
 * ~/.local/share/baedal. The caller frees it. */
char *baedal_default_home(void);

/* Fill hex with 2*nbytes random hex digits from /dev/urandom and a NUL
 * (hex must hold 2*nbytes+1). Aborts if there is no randomness. */
void random_hex(char *hex, size_t nbytes);

/* Write won with thousands separators and the unit ("21,000원",
 * "-1,500원") into buf of n bytes (cut to fit, always terminated). */
void util_won(char *buf, size_t n, int64_t won);

/* 64-bit FNV-1a of a string: a fast hash, not a secret one. */
uint64_t hash_str(const char *s);

/* Milliseconds since the epoch, UTC (wall clock). */
int64_t now_ms(void);
/* Milliseconds from a monotonic clock, for deadlines and timers. */
int64_t mono_ms(void);

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/*
 * Set the threshold from a name ("debug", "info", "warn", "error");
 * returns -1 and changes nothing for an unknown name.
 */
int log_set_level(const char *name);
/* Set the word printed before each line (the program or service name). */
void log_set_tag(const char *tag);
/* The calling thread's word (a new thread starts with "baedal"). */
const char *log_get_tag(void);
void log_msg(enum log_level level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#define log_debug(...) log_msg(LOG_DEBUG, __VA_ARGS__)
#define log_info(...) log_msg(LOG_INFO, __VA_ARGS__)
#define log_warn(...) log_msg(LOG_WARN, __VA_ARGS__)
#define log_error(...) log_msg(LOG_ERROR, __VA_ARGS__)

#endif
