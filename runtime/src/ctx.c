/*
 * ctx.c - the context, the gc (allocation tracking) and logging.
 */
#include "xlrt_internal.h"

int libxl_ctx_alloc(libxl_ctx **pctx, int version, unsigned flags,
                    xentoollog_logger *lg)
{
    libxl_ctx *ctx;

    (void)flags;
    *pctx = NULL;
    if (version != LIBXL_VERSION) {
        if (lg)
            xtl_log(lg, XTL_ERROR, -1, "libxl",
                    "libxl_ctx_alloc: API version %d requested, this is %d",
                    version, LIBXL_VERSION);
        return XLRT_ERROR_VERSION;
    }
    ctx = calloc(1, sizeof(*ctx));
    if (!ctx) {
        if (lg)
            xtl_log(lg, XTL_ERROR, errno, "libxl",
                    "libxl_ctx_alloc: cannot allocate a context");
        return XLRT_ERROR_NOMEM;
    }
    ctx->lg = lg;
    LIBXL_INIT_GC(ctx->nogc_gc, ctx);
    ctx->nogc_gc.alloc_maxsize = -1;
    *pctx = ctx;
    return 0;
}

int libxl_ctx_free(libxl_ctx *ctx)
{
    free(ctx);
    return 0;
}

/* -- gc ------------------------------------------------------------------------- */

void libxl__gc_add(libxl__gc *gc, void (*release)(void *), void *ptr)
{
    if (!libxl__gc_is_real(gc) || !ptr)
        return;
    if (gc->count == gc->capacity) {
        int cap = gc->capacity ? gc->capacity * 2 : 16;
        libxl__gc_entry *e = realloc(gc->entries, cap * sizeof(*e));
        if (!e) {
            release(ptr);
            libxl__alloc_failed(gc->owner, __func__, cap, sizeof(*e));
        }
        gc->entries = e;
        gc->capacity = cap;
    }
    gc->entries[gc->count].release = release;
    gc->entries[gc->count].ptr = ptr;
    gc->count++;
}

void libxl__free_all(libxl__gc *gc)
{
    if (!libxl__gc_is_real(gc))
        return;
    while (gc->count > 0) {
        libxl__gc_entry *e = &gc->entries[--gc->count];
        e->release(e->ptr);
    }
    free(gc->entries);
    gc->entries = NULL;
    gc->capacity = 0;
}

void libxl__alloc_failed(libxl_ctx *ctx, const char *func,
                         size_t nmemb, size_t size)
{
    if (ctx && ctx->lg)
        libxl__log(ctx, XTL_CRITICAL, ENOMEM, __FILE__, __LINE__, func,
                   "out of memory allocating %zu x %zu bytes", nmemb, size);
    else
        fprintf(stderr, "libxl: critical: %s: out of memory allocating "
                "%zu x %zu bytes\n", func, nmemb, size);
    abort();
}

static void *kept(libxl__gc *gc, void *p)
{
    libxl__gc_add(gc, free, p);
    return p;
}

void *libxl__malloc(libxl__gc *gc, size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        libxl__alloc_failed(gc->owner, __func__, 1, size);
    return kept(gc, p);
}

void *libxl__zalloc(libxl__gc *gc, size_t size)
{
    return libxl__calloc(gc, 1, size);
}

void *libxl__calloc(libxl__gc *gc, size_t nmemb, size_t size)
{
    void *p = calloc(nmemb, size);
    if (!p && nmemb && size)
        libxl__alloc_failed(gc->owner, __func__, nmemb, size);
    return kept(gc, p);
}

char *libxl__strdup(libxl__gc *gc, const char *s)
{
    char *p;

    if (!s)
        return NULL;
    p = strdup(s);
    if (!p)
        libxl__alloc_failed(gc->owner, __func__, strlen(s) + 1, 1);
    return kept(gc, p);
}

char *libxl__strndup(libxl__gc *gc, const char *s, size_t n)
{
    char *p;

    if (!s)
        return NULL;
    p = strndup(s, n);
    if (!p)
        libxl__alloc_failed(gc->owner, __func__, n + 1, 1);
    return kept(gc, p);
}

char *libxl__sprintf(libxl__gc *gc, const char *fmt, ...)
{
    va_list ap;
    char *p;
    int r;

    va_start(ap, fmt);
    r = vasprintf(&p, fmt, ap);
    va_end(ap);
    if (r < 0)
        libxl__alloc_failed(gc->owner, __func__, 1, strlen(fmt));
    return kept(gc, p);
}

/* -- logging ------------------------------------------------------------------- */

void libxl__log(libxl_ctx *ctx, xentoollog_level level, int errnoval,
                const char *file, int line, const char *func,
                const char *fmt, ...)
{
    const char *base = strrchr(file, '/');
    char *msg = NULL;
    va_list ap;
    int saved_errno = errno;

    if (!ctx || !ctx->lg)
        return;
    base = base ? base + 1 : file;
    va_start(ap, fmt);
    if (vasprintf(&msg, fmt, ap) < 0)
        msg = NULL;
    va_end(ap);
    xtl_log(ctx->lg, level, errnoval, "libxl", "%s:%d:%s: %s", base, line,
            func, msg ? msg : "(message lost: out of memory)");
    free(msg);
    errno = saved_errno;
}
