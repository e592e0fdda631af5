/*
 * logger.c - xentoollog: level names, dispatch, and a stdio stream logger.
 */
#include "libxl_osdeps.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xentoollog.h"

struct xentoollog_logger_stdiostream {
    xentoollog_logger vtable;   /* first: the object is a xentoollog_logger */
    FILE *f;
    xentoollog_level min_level;
    unsigned flags;
};

static const char *const level_names[XTL_NUM_LEVELS] = {
    [XTL_NONE] = "none",
    [XTL_DEBUG] = "debug",
    [XTL_VERBOSE] = "verbose",
    [XTL_DETAIL] = "detail",
    [XTL_PROGRESS] = "progress",
    [XTL_INFO] = "info",
    [XTL_NOTICE] = "notice",
    [XTL_WARN] = "warning",
    [XTL_ERROR] = "error",
    [XTL_CRITICAL] = "critical",
};

const char *xtl_level_to_string(xentoollog_level level)
{
    if ((int)level < 0 || level >= XTL_NUM_LEVELS)
        return "unknown";
    return level_names[level];
}

void xtl_logv(xentoollog_logger *logger, xentoollog_level level, int errnoval,
              const char *context, const char *format, va_list al)
{
    int saved_errno = errno;

    if (logger && logger->vmessage)
        logger->vmessage(logger, level, errnoval, context, format, al);
    errno = saved_errno;
}

void xtl_log(xentoollog_logger *logger, xentoollog_level level, int errnoval,
             const char *context, const char *format, ...)
{
    va_list al;

    va_start(al, format);
    xtl_logv(logger, level, errnoval, context, format, al);
    va_end(al);
}

void xtl_logger_destroy(xentoollog_logger *logger)
{
    if (logger && logger->destroy)
        logger->destroy(logger);
}

static void stdio_vmessage(xentoollog_logger *logger, xentoollog_level level,
                           int errnoval, const char *context,
                           const char *format, va_list al)
{
    xentoollog_logger_stdiostream *lg = (xentoollog_logger_stdiostream *)logger;

    if (level < lg->min_level)
        return;
    if (lg->flags & XTL_STDIOSTREAM_SHOW_DATE) {
        char when[64];
        time_t now = time(NULL);
        struct tm tm;
        if (localtime_r(&now, &tm) &&
            strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S %Z", &tm))
            fprintf(lg->f, "%s ", when);
    }
    if (lg->flags & XTL_STDIOSTREAM_SHOW_PID)
        fprintf(lg->f, "[%ld] ", (long)getpid());
    if (context)
        fprintf(lg->f, "%s: ", context);
    fprintf(lg->f, "%s: ", xtl_level_to_string(level));
    vfprintf(lg->f, format, al);
    if (errnoval >= 0)
        fprintf(lg->f, ": %s", strerror(errnoval));
    fputc('\n', lg->f);
    fflush(lg->f);
}

static void stdio_progress(xentoollog_logger *logger, const char *context,
                           const char *doing_what, int percent,
                           unsigned long done, unsigned long total)
{
    xentoollog_logger_stdiostream *lg = (xentoollog_logger_stdiostream *)logger;

    if (lg->flags & XTL_STDIOSTREAM_HIDE_PROGRESS)
        return;
    xtl_log(logger, XTL_PROGRESS, -1, context, "%s: %lu/%lu %3d%%",
            doing_what, done, total, percent);
}

static void stdio_destroy(xentoollog_logger *logger)
{
    free(logger);
}

xentoollog_logger_stdiostream *xtl_createlogger_stdiostream(
    FILE *f, xentoollog_level min_level, unsigned flags)
{
    xentoollog_logger_stdiostream *lg = calloc(1, sizeof(*lg));

    if (!lg)
        return NULL;
    lg->vtable.vmessage = stdio_vmessage;
    lg->vtable.progress = stdio_progress;
    lg->vtable.destroy = stdio_destroy;
    lg->f = f;
    lg->min_level = min_level;
    lg->flags = flags;
    return lg;
}

void xtl_stdiostream_set_minlevel(xentoollog_logger_stdiostream *lg,
                                  xentoollog_level min_level)
{
    lg->min_level = min_level;
}
