/*
 * xlrt_internal.h - the internal, IDL-independent part of xlidl's C runtime:
 * the context, the allocation "gc", logging, the JSON object tree and its
 * parser, and the JSON parsers and default tests of the builtin types.
 *
 * Generated code reaches this through libxl_internal.h.  Names, and the few
 * structure members generated code touches (x->u.array->count), are the
 * interface; the implementation is xlidl's own.
 */
#ifndef XLRT_INTERNAL_H
#define XLRT_INTERNAL_H

#include "libxl_osdeps.h"

#include <assert.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlrt_base.h"
#include "xlrt_json.h"

#ifndef _hidden
#define _hidden __attribute__((visibility("hidden")))
#endif

#define LIBXL_INVALID_GFN (~(uint64_t)0)
#define LIBXL_ALTP2M_COUNT_DEFAULT (~(uint32_t)0)

/* -- allocation: the gc ----------------------------------------------------------
 *
 * A libxl__gc collects what is allocated through it and releases it all at
 * GC_FREE.  Every context also has a "no gc" (NOGC) whose allocations are
 * plain malloc blocks owned by the caller, released with free().
 */
typedef struct libxl__gc libxl__gc;

typedef struct {
    void (*release)(void *);
    void *ptr;
} libxl__gc_entry;

struct libxl__gc {
    libxl_ctx *owner;
    int alloc_maxsize;          /* -1: this is a ctx's NOGC, nothing kept */
    int count, capacity;
    libxl__gc_entry *entries;
};

struct libxl__ctx {
    xentoollog_logger *lg;
    libxl__gc nogc_gc;
};

#define LIBXL_INIT_GC(gc, ctx) \
    ((gc).owner = (ctx), (gc).alloc_maxsize = 0, (gc).count = 0, \
     (gc).capacity = 0, (gc).entries = NULL)
#define GC_INIT(ctx) \
    libxl__gc gc[1] = { { .owner = (ctx), .alloc_maxsize = 0 } }
#define GC_FREE libxl__free_all(gc)
#define CTX (gc->owner)
#define NOGC (&CTX->nogc_gc)

static inline libxl_ctx *libxl__gc_owner(libxl__gc *gc)
{
    return gc->owner;
}

static inline bool libxl__gc_is_real(const libxl__gc *gc)
{
    return gc->alloc_maxsize != -1;
}

/* Releases everything kept by gc (in reverse order); gc stays usable. */
_hidden void libxl__free_all(libxl__gc *gc);
/* Has gc call release(ptr) at GC_FREE (nothing for NOGC). */
_hidden void libxl__gc_add(libxl__gc *gc, void (*release)(void *), void *ptr);
/* Abort after logging an allocation failure (never returns). */
_hidden void libxl__alloc_failed(libxl_ctx *ctx, const char *func,
                                 size_t nmemb, size_t size)
    __attribute__((noreturn));

/* These never return NULL for a non-zero size (they abort instead).
 * libxl__calloc accepts nmemb == 0. */
_hidden void *libxl__malloc(libxl__gc *gc_opt, size_t size);
_hidden void *libxl__zalloc(libxl__gc *gc_opt, size_t size);
_hidden void *libxl__calloc(libxl__gc *gc_opt, size_t nmemb, size_t size);
_hidden char *libxl__strdup(libxl__gc *gc_opt, const char *s);
_hidden char *libxl__strndup(libxl__gc *gc_opt, const char *s, size_t n);
_hidden char *libxl__sprintf(libxl__gc *gc_opt, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* -- logging ---------------------------------------------------------------------
 *
 * "libxl: <level>: <file>:<line>:<function>: <message>" through the ctx's
 * logger, as libxl logs.
 */
_hidden void libxl__log(libxl_ctx *ctx, xentoollog_level level, int errnoval,
                        const char *file, int line, const char *func,
                        const char *fmt, ...)
    __attribute__((format(printf, 7, 8)));

#define LIBXL__LOG(ctx, level, ...) \
    libxl__log((ctx), XTL_##level, -1, __FILE__, __LINE__, __func__, __VA_ARGS__)
#define LIBXL__LOGEV(ctx, level, errnoval, ...) \
    libxl__log((ctx), XTL_##level, (errnoval), __FILE__, __LINE__, __func__, \
               __VA_ARGS__)
/* With a gc in scope. */
#define LOG(level, ...) LIBXL__LOG(CTX, level, __VA_ARGS__)

/* -- the JSON object tree ---------------------------------------------------------- */

typedef enum {
    JSON_NULL    = (1 << 0),
    JSON_BOOL    = (1 << 1),
    JSON_INTEGER = (1 << 2),
    JSON_DOUBLE  = (1 << 3),
    JSON_NUMBER  = (1 << 4),    /* a number out of range, kept as its text */
    JSON_STRING  = (1 << 5),
    JSON_MAP     = (1 << 6),
    JSON_ARRAY   = (1 << 7),
    JSON_ANY     = 255          /* a mask: any type */
} libxl__json_node_type;

typedef struct libxl__json_object libxl__json_object;

/* A growable list of pointers (the elements of an array, the members of a
 * map).  Generated code reads count. */
typedef struct {
    int count;
    int capacity;
    void **items;
} libxl__json_list;

struct libxl__json_object {
    libxl__json_node_type type;
    union {
        bool b;
        long long i;
        double d;
        char *string;           /* JSON_STRING and JSON_NUMBER */
        libxl__json_list *array;    /* of libxl__json_object * */
        libxl__json_list *map;      /* of libxl__json_map_node *, in order */
    } u;
    libxl__json_object *parent;
};

/* One member of a map.  Duplicate keys are kept, in input order. */
typedef struct {
    char *map_key;
    libxl__json_object *obj;
} libxl__json_map_node;

typedef int (*libxl__json_parse_callback)(libxl__gc *gc, libxl__json_object *o,
                                          void *p);

#define XLRT_JSON_IS(name, bit)                                          \
    static inline bool libxl__json_object_is_##name(const libxl__json_object *o) \
    {                                                                    \
        return o != NULL && o->type == (bit);                            \
    }
XLRT_JSON_IS(null, JSON_NULL)
XLRT_JSON_IS(bool, JSON_BOOL)
XLRT_JSON_IS(integer, JSON_INTEGER)
XLRT_JSON_IS(double, JSON_DOUBLE)
XLRT_JSON_IS(number, JSON_NUMBER)
XLRT_JSON_IS(string, JSON_STRING)
XLRT_JSON_IS(map, JSON_MAP)
XLRT_JSON_IS(array, JSON_ARRAY)
#undef XLRT_JSON_IS

static inline bool libxl__json_object_get_bool(const libxl__json_object *o)
{
    return libxl__json_object_is_bool(o) && o->u.b;
}
static inline long long libxl__json_object_get_integer(const libxl__json_object *o)
{
    return libxl__json_object_is_integer(o) ? o->u.i : -1;
}
static inline double libxl__json_object_get_double(const libxl__json_object *o)
{
    return libxl__json_object_is_double(o) ? o->u.d : -1;
}
static inline const char *libxl__json_object_get_string(const libxl__json_object *o)
{
    return libxl__json_object_is_string(o) ? o->u.string : NULL;
}
static inline const char *libxl__json_object_get_number(const libxl__json_object *o)
{
    return libxl__json_object_is_number(o) ? o->u.string : NULL;
}
static inline libxl__json_list *libxl__json_object_get_array(const libxl__json_object *o)
{
    return libxl__json_object_is_array(o) ? o->u.array : NULL;
}
static inline libxl__json_list *libxl__json_object_get_map(const libxl__json_object *o)
{
    return libxl__json_object_is_map(o) ? o->u.map : NULL;
}

/* Element i of an array; NULL when o is not an array or i is out of range. */
_hidden libxl__json_object *libxl__json_array_get(const libxl__json_object *o,
                                                  int i);
/* Member i of a map; NULL when o is not a map or i is out of range. */
_hidden libxl__json_map_node *libxl__json_map_node_get(const libxl__json_object *o,
                                                       int i);
/* The value of the first member called key when its type is in mask (or mask
 * is JSON_ANY); NULL otherwise, or when o is not a map. */
_hidden const libxl__json_object *libxl__json_map_get(const char *key,
                                                      const libxl__json_object *o,
                                                      libxl__json_node_type mask);

/* Parses s into a tree kept on gc (for NOGC the caller frees it with
 * libxl__json_object_free).  NULL, after logging why, on a syntax error or
 * an empty document.  Data after the first value is ignored. */
_hidden libxl__json_object *libxl__json_parse(libxl__gc *gc, const char *s);
_hidden void libxl__json_object_free(libxl__gc *gc_unused,
                                     libxl__json_object *obj);

/* TYPE_to_json / TYPE_from_json: the malloc'd JSON text (NULL on failure,
 * logged) / 0 or ERROR_FAIL (logged). */
_hidden char *libxl__object_to_json(libxl_ctx *ctx, const char *type,
                                    libxl__gen_json_callback gen, void *p);
_hidden int libxl__object_from_json(libxl_ctx *ctx, const char *type,
                                    libxl__json_parse_callback parse,
                                    void *p, const char *s);

/* -- parsing the scalar and builtin types ------------------------------------------ */

_hidden int libxl__int_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                  void *p);
_hidden int libxl__uint8_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                    void *p);
_hidden int libxl__uint16_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                     void *p);
_hidden int libxl__uint32_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                     void *p);
_hidden int libxl__uint64_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                     void *p);
_hidden int libxl__bool_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                   bool *p);
_hidden int libxl__string_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                     char **p);
_hidden int libxl__defbool_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                      libxl_defbool *p);
_hidden int libxl__uuid_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                   libxl_uuid *p);
_hidden int libxl__mac_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                  libxl_mac *p);
_hidden int libxl__bitmap_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                     libxl_bitmap *p);
_hidden int libxl__string_list_parse_json(libxl__gc *gc,
                                          const libxl__json_object *o,
                                          libxl_string_list *p);
_hidden int libxl__key_value_list_parse_json(libxl__gc *gc,
                                             const libxl__json_object *o,
                                             libxl_key_value_list *p);
_hidden int libxl__hwcap_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                    libxl_hwcap *p);
_hidden int libxl__ms_vm_genid_parse_json(libxl__gc *gc,
                                          const libxl__json_object *o,
                                          libxl_ms_vm_genid *p);
_hidden int libxl__cpuid_policy_list_parse_json(libxl__gc *gc,
                                                const libxl__json_object *o,
                                                libxl_cpuid_policy_list *p);

/* "aa:bb:cc:dd:ee:ff" (any case) into mac: 0 or ERROR_INVAL. */
_hidden int libxl__parse_mac(const char *s, libxl_mac mac);

/* Case-insensitive name lookup: 0, ERROR_FAIL when unknown, ERROR_INVAL
 * without a table or a string. */
_hidden int libxl__enum_from_string(const libxl_enum_string_table *t,
                                    const char *s, int *e);

/* -- default / emptiness tests used by generated gen_json code ---------------------- */

#define LIBXL__DEFBOOL_DEFAULT 0
#define LIBXL__DEFBOOL_FALSE (-1)
#define LIBXL__DEFBOOL_TRUE 1
#define LIBXL__DEFBOOL_STR_DEFAULT "<default>"
#define LIBXL__DEFBOOL_STR_FALSE "False"
#define LIBXL__DEFBOOL_STR_TRUE "True"

static inline int libxl__defbool_is_default(libxl_defbool *db)
{
    return db->val == LIBXL__DEFBOOL_DEFAULT;
}
/* A hwcap has no default: it is always written. */
static inline int libxl__hwcap_is_default(libxl_hwcap *hwcap)
{
    (void)hwcap;
    return 0;
}
static inline int libxl__string_list_is_empty(libxl_string_list *psl)
{
    return libxl_string_list_length(psl) == 0;
}
static inline int libxl__key_value_list_is_empty(libxl_key_value_list *pkvl)
{
    return libxl_key_value_list_length(pkvl) == 0;
}
static inline bool libxl__string_is_default(char **s)
{
    return *s == NULL;
}
/* A macro so that it needs no libxl_timer_mode type (IDLs without one). */
#define libxl__timer_mode_is_default(ptm) (*(ptm) == LIBXL_TIMER_MODE_DEFAULT)

_hidden int libxl__mac_is_default(libxl_mac *mac);
_hidden int libxl__cpuid_policy_is_empty(libxl_cpuid_policy_list *pl);

/* -- per-IDL configuration (runtime/src/idlconfig.c, compiled per IDL) ------------- */

/* 1: cpuid_policy_list JSON is {"cpuid": [...], "msr": [...]} (IDL says
 * JSON_ANY); 0: the legacy plain array of leaves (IDL says JSON_ARRAY). */
extern const int xlrt_cpuid_json_map;

#endif /* XLRT_INTERNAL_H */
