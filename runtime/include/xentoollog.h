/*
 * xentoollog.h - logger interface of xlidl's C runtime.
 *
 * Provides the names that libxl's users (and the generated testidl.c) expect
 * from Xen's libxentoollog: log levels, a logger object with a method table
 * as its first member, and a logger that writes to a stdio stream.  Written
 * for xlidl; not Xen's implementation.
 */
#ifndef XENTOOLLOG_H
#define XENTOOLLOG_H

#include <stdarg.h>
#include <stdio.h>

typedef enum xentoollog_level {
    XTL_NONE,           /* never used for a message */
    XTL_DEBUG,
    XTL_VERBOSE,
    XTL_DETAIL,
    XTL_PROGRESS,
    XTL_INFO,
    XTL_NOTICE,
    XTL_WARN,
    XTL_ERROR,
    XTL_CRITICAL,
    XTL_NUM_LEVELS
} xentoollog_level;

typedef struct xentoollog_logger xentoollog_logger;

/* Every logger starts with this table, so any logger can be cast to it. */
struct xentoollog_logger {
    void (*vmessage)(xentoollog_logger *logger, xentoollog_level level,
                     int errnoval /* -1: none */, const char *context,
                     const char *format, va_list al)
        __attribute__((format(printf, 5, 0)));
    void (*progress)(xentoollog_logger *logger, const char *context,
                     const char *doing_what, int percent,
                     unsigned long done, unsigned long total);
    void (*destroy)(xentoollog_logger *logger);
};

/* Flags of xtl_createlogger_stdiostream. */
#define XTL_STDIOSTREAM_SHOW_PID        0x01u
#define XTL_STDIOSTREAM_SHOW_DATE       0x02u
#define XTL_STDIOSTREAM_HIDE_PROGRESS   0x04u

typedef struct xentoollog_logger_stdiostream xentoollog_logger_stdiostream;

/* A logger printing "context: level: message[: strerror]" lines to f, for
 * messages at min_level or above.  NULL if out of memory. */
xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(
    FILE *f, xentoollog_level min_level, unsigned flags);
void xtl_stdiostream_set_minlevel(xentoollog_logger_stdiostream *lg,
                                  xentoollog_level min_level);

/* Calls the logger's destroy method; NULL is allowed. */
void xtl_logger_destroy(xentoollog_logger *logger);

void xtl_log(xentoollog_logger *logger, xentoollog_level level, int errnoval,
             const char *context, const char *format, ...)
    __attribute__((format(printf, 5, 6)));
void xtl_logv(xentoollog_logger *logger, xentoollog_level level, int errnoval,
              const char *context, const char *format, va_list al)
    __attribute__((format(printf, 5, 0)));

/* "debug", "error" ... ; "unknown" for a value out of range. */
const char *xtl_level_to_string(xentoollog_level level);

#endif /* XENTOOLLOG_H */
