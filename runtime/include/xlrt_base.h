/*
 * xlrt_base.h - the public, IDL-independent part of xlidl's C runtime.
 *
 * The builtin types that every libxl IDL refers to by name (libxl_defbool,
 * libxl_bitmap, ...), the context, the enumeration string tables, the default
 * constants, and the functions on the builtins.  libxl.h includes this and
 * then the header generated from the IDL; the runtime's own sources include
 * only this, so that one compiled runtime serves every IDL.
 *
 * Type shapes follow the libxl ABI (they are what generated code and
 * testidl.c touch directly); everything else is xlidl's own.
 */
#ifndef XLRT_BASE_H
#define XLRT_BASE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "xentoollog.h"

/* Generated headers mark the functions of hidden types (and, with json-c, the
 * generators) with this; the public type header can have them too. */
#ifndef _hidden
#define _hidden __attribute__((visibility("hidden")))
#endif

/* The only API version there is (libxl_ctx_alloc checks it). */
#define LIBXL_VERSION 0

#ifndef XLRT_CTX_DECLARED
#define XLRT_CTX_DECLARED
typedef struct libxl__ctx libxl_ctx;
#endif

/*
 * Error codes used by the runtime itself.  An IDL normally defines the
 * libxl_error enumeration (ERROR_FAIL ...) with the same values; libxl.h
 * supplies ERROR_* macros when it does not (see XLIDL_IDL_HAS_ERRORS).
 */
#define XLRT_ERROR_NONSPECIFIC (-1)
#define XLRT_ERROR_VERSION     (-2)
#define XLRT_ERROR_FAIL        (-3)
#define XLRT_ERROR_NI          (-4)
#define XLRT_ERROR_NOMEM       (-5)
#define XLRT_ERROR_INVAL       (-6)

/* -- context -------------------------------------------------------------- */

/* Allocates a context that logs through lg.  Returns 0, or ERROR_VERSION when
 * version is not LIBXL_VERSION (then *pctx is NULL).  flags are ignored. */
int libxl_ctx_alloc(libxl_ctx **pctx, int version, unsigned flags,
                    xentoollog_logger *lg);
/* Frees a context; NULL is allowed.  Returns 0. */
int libxl_ctx_free(libxl_ctx *ctx);

/* -- enumerations ----------------------------------------------------------- */

/* One row of a generated TYPE_string_table; tables end with { NULL, -1 }. */
typedef struct {
    const char *s;
    int v;
} libxl_enum_string_table;

/* -- defbool: a boolean with a "not set" state ------------------------------ */

typedef struct {
    int val;            /* 0: default, < 0: false, > 0: true */
} libxl_defbool;

void libxl_defbool_set(libxl_defbool *db, bool b);
void libxl_defbool_unset(libxl_defbool *db);
void libxl_defbool_setdefault(libxl_defbool *db, bool b);
bool libxl_defbool_is_default(libxl_defbool db);
bool libxl_defbool_val(libxl_defbool db);     /* db must be set */
const char *libxl_defbool_to_string(libxl_defbool db);

/* -- uuid ------------------------------------------------------------------- */

#include "libxl_uuid.h"

/* -- mac -------------------------------------------------------------------- */

typedef uint8_t libxl_mac[6];
#define LIBXL_MAC_FMT "%02hhx:%02hhx:%02hhx:%02hhx:%02hhx:%02hhx"
#define LIBXL_MAC_FMTLEN 17
#define LIBXL_MAC_BYTES(mac) \
    (mac)[0], (mac)[1], (mac)[2], (mac)[3], (mac)[4], (mac)[5]
void libxl_mac_copy(libxl_ctx *ctx, libxl_mac *dst, const libxl_mac *src);

/* -- string lists ------------------------------------------------------------ */

/* NULL-terminated array of malloc'd strings. */
typedef char **libxl_string_list;
void libxl_string_list_dispose(libxl_string_list *sl);
int libxl_string_list_length(const libxl_string_list *sl);
void libxl_string_list_copy(libxl_ctx *ctx, libxl_string_list *dst,
                            const libxl_string_list *src);

/* key0, value0, key1, value1, ..., NULL: a value may be NULL, a NULL key ends
 * the list.  Keys may repeat. */
typedef char **libxl_key_value_list;
void libxl_key_value_list_dispose(libxl_key_value_list *kvl);
int libxl_key_value_list_length(const libxl_key_value_list *kvl);
void libxl_key_value_list_copy(libxl_ctx *ctx, libxl_key_value_list *dst,
                               const libxl_key_value_list *src);

/* -- hwcap, bitmap ------------------------------------------------------------ */

typedef uint32_t libxl_hwcap[8];
void libxl_hwcap_copy(libxl_ctx *ctx, libxl_hwcap *dst, const libxl_hwcap *src);

typedef uint64_t libxl_ev_user;

typedef struct {
    uint32_t size;      /* number of bytes in map */
    uint8_t *map;
} libxl_bitmap;
void libxl_bitmap_init(libxl_bitmap *map);
void libxl_bitmap_dispose(libxl_bitmap *map);
int libxl_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *bitmap, int n_bits);
void libxl_bitmap_copy_alloc(libxl_ctx *ctx, libxl_bitmap *dst,
                             const libxl_bitmap *src);
int libxl_bitmap_is_empty(const libxl_bitmap *bitmap);
int libxl_bitmap_is_full(const libxl_bitmap *bitmap);
int libxl_bitmap_test(const libxl_bitmap *bitmap, int bit);
void libxl_bitmap_set(libxl_bitmap *bitmap, int bit);
void libxl_bitmap_reset(libxl_bitmap *bitmap, int bit);
int libxl_bitmap_count_set(const libxl_bitmap *bitmap);
void libxl_bitmap_set_any(libxl_bitmap *bitmap);
void libxl_bitmap_set_none(libxl_bitmap *bitmap);

/* -- cpuid policy ------------------------------------------------------------- */

/* Opaque; NULL is the empty policy.  The JSON form depends on the IDL (see
 * runtime/README.md, XLIDL_CPUID_JSON_MAP). */
struct libxl__cpu_policy;
typedef struct libxl__cpu_policy *libxl_cpuid_policy_list;
void libxl_cpuid_dispose(libxl_cpuid_policy_list *pl);
int libxl_cpuid_policy_list_length(const libxl_cpuid_policy_list *pl);
void libxl_cpuid_policy_list_copy(libxl_ctx *ctx, libxl_cpuid_policy_list *dst,
                                  const libxl_cpuid_policy_list *src);
/* "name=value" (e.g. "family=0x1f", "avx=0", "xsave=k"): 0 on success, 1 when
 * there is no '=', 2 for an unknown name, 3 for a bad value. */
int libxl_cpuid_parse_config(libxl_cpuid_policy_list *pl, const char *str);

/* -- small builtins ------------------------------------------------------------ */

typedef uint32_t libxl_domid;
typedef int libxl_devid;

#define LIBXL_MS_VM_GENID_LEN 16
typedef struct {
    uint8_t bytes[LIBXL_MS_VM_GENID_LEN];
} libxl_ms_vm_genid;
bool libxl_ms_vm_genid_is_zero(const libxl_ms_vm_genid *id);
void libxl_ms_vm_genid_copy(libxl_ctx *ctx, libxl_ms_vm_genid *dst,
                            const libxl_ms_vm_genid *src);

/* A list link inside an event; never serialised, copied or disposed. */
struct libxl_event;
typedef struct {
    struct libxl_event *tqe_next;
    struct libxl_event **tqe_prev;
} libxl_ev_link;

/* Plain strings (char * members). */
void libxl_string_copy(libxl_ctx *ctx, char **dst, char *const *src);

/* -- default values the IDLs name ------------------------------------------------
 * Defined for every IDL: an IDL that does not use one is not affected. */
#define LIBXL_MEMKB_DEFAULT ~0ULL
#define LIBXL_TIMER_MODE_DEFAULT -1
#define LIBXL_DOMAIN_SCHED_PARAM_WEIGHT_DEFAULT    -1
#define LIBXL_DOMAIN_SCHED_PARAM_CAP_DEFAULT       -1
#define LIBXL_DOMAIN_SCHED_PARAM_PERIOD_DEFAULT    -1
#define LIBXL_DOMAIN_SCHED_PARAM_SLICE_DEFAULT     -1
#define LIBXL_DOMAIN_SCHED_PARAM_LATENCY_DEFAULT   -1
#define LIBXL_DOMAIN_SCHED_PARAM_EXTRATIME_DEFAULT -1
#define LIBXL_DOMAIN_SCHED_PARAM_BUDGET_DEFAULT    -1
#define LIBXL_SCHED_PARAM_VCPU_INDEX_DEFAULT       -1
#define LIBXL_MAX_GRANT_FRAMES_DEFAULT 32          /* 4.10 - 4.12 IDLs */
#define LIBXL_MAX_MAPTRACK_FRAMES_DEFAULT 1024     /* 4.10 - 4.12 IDLs */
#define LIBXL_MAX_GRANT_DEFAULT (~(uint32_t)0)     /* 4.14+ IDLs */
#define LIBXL_NR_SPIS_DEFAULT (~(uint32_t)0)       /* 4.21+ IDLs */
#define LIBXL_RDM_MEM_BOUNDARY_MEMKB_DEFAULT (2048 * 1024)
#define LIBXL_PCI_FUNC_ALL (~0U)

#endif /* XLRT_BASE_H */
