/*
 * xlrt_json.h - JSON generation of the builtin types, for the backend the
 * runtime is built for: yajl (default) or json-c (XLIDL_JSON_JSONC=1).
 * IDL-independent; libxl_json.h adds the generated declarations.
 *
 * yajl:   TYPE_gen_json(yajl_gen hand, TYPE *p) -> yajl_gen_status
 * json-c: TYPE_gen_jso(json_object **jso_r, TYPE *p) -> 0 or ERROR_FAIL;
 *         *jso_r is always set (NULL stands for a JSON null).
 */
#ifndef XLRT_JSON_H
#define XLRT_JSON_H

#include "xlrt_base.h"

#ifndef XLIDL_JSON_JSONC
#define XLIDL_JSON_JSONC 0
#endif

#ifndef _hidden
#define _hidden __attribute__((visibility("hidden")))
#endif

#if XLIDL_JSON_JSONC

#include <json-c/json.h>

typedef int (*libxl__gen_json_callback)(json_object **jso_r, void *p);

_hidden int libxl__uint64_gen_jso(json_object **jso_r, uint64_t val);
/*
 * Generated json-c code calls libxl__int_gen_jso for every int and every
 * uint8/16/32 member (and, in IDLs before 4.21, for uint64 ones).  libxl's
 * version takes an int, so uint32 values >= 2^31 came out negative.  Ours
 * takes a long long, and the macro sends unsigned 64-bit arguments to the
 * uint64 generator, so every value is written as the number it is.
 */
_hidden int libxl__int_gen_jso(json_object **jso_r, long long val);
#define libxl__int_gen_jso(jso_r, val)                  \
    _Generic((val),                                     \
             unsigned long: libxl__uint64_gen_jso,      \
             unsigned long long: libxl__uint64_gen_jso, \
             default: libxl__int_gen_jso)((jso_r), (val))
_hidden int libxl__boolean_gen_jso(json_object **jso_r, bool b);
_hidden int libxl__string_gen_jso(json_object **jso_r, const char *p);
_hidden int libxl__enum_gen_jso(json_object **jso_r, const char *str);
_hidden int libxl_defbool_gen_jso(json_object **jso_r, libxl_defbool *p);
_hidden int libxl_uuid_gen_jso(json_object **jso_r, libxl_uuid *p);
_hidden int libxl_mac_gen_jso(json_object **jso_r, libxl_mac *p);
_hidden int libxl_bitmap_gen_jso(json_object **jso_r, libxl_bitmap *p);
_hidden int libxl_cpuid_policy_list_gen_jso(json_object **jso_r,
                                            libxl_cpuid_policy_list *p);
_hidden int libxl_string_list_gen_jso(json_object **jso_r,
                                      libxl_string_list *p);
_hidden int libxl_key_value_list_gen_jso(json_object **jso_r,
                                         libxl_key_value_list *p);
_hidden int libxl_hwcap_gen_jso(json_object **jso_r, libxl_hwcap *p);
_hidden int libxl_ms_vm_genid_gen_jso(json_object **jso_r,
                                      libxl_ms_vm_genid *p);
/* IDLs before 4.21 name no json-c function for domid and devid, so the
 * generator uses the default names. */
_hidden int libxl_domid_gen_jso(json_object **jso_r, libxl_domid val);
_hidden int libxl_devid_gen_jso(json_object **jso_r, libxl_devid val);

#else /* yajl */

#include <yajl/yajl_gen.h>

typedef yajl_gen_status (*libxl__gen_json_callback)(yajl_gen hand, void *p);

yajl_gen_status libxl__uint64_gen_json(yajl_gen hand, uint64_t val);
yajl_gen_status libxl__string_gen_json(yajl_gen hand, const char *p);
yajl_gen_status libxl__yajl_gen_asciiz(yajl_gen hand, const char *str);
yajl_gen_status libxl__yajl_gen_enum(yajl_gen hand, const char *str);
yajl_gen_status libxl_defbool_gen_json(yajl_gen hand, libxl_defbool *p);
yajl_gen_status libxl_uuid_gen_json(yajl_gen hand, libxl_uuid *p);
yajl_gen_status libxl_mac_gen_json(yajl_gen hand, libxl_mac *p);
yajl_gen_status libxl_bitmap_gen_json(yajl_gen hand, libxl_bitmap *p);
yajl_gen_status libxl_cpuid_policy_list_gen_json(yajl_gen hand,
                                                 libxl_cpuid_policy_list *p);
yajl_gen_status libxl_string_list_gen_json(yajl_gen hand,
                                           libxl_string_list *p);
yajl_gen_status libxl_key_value_list_gen_json(yajl_gen hand,
                                              libxl_key_value_list *p);
yajl_gen_status libxl_hwcap_gen_json(yajl_gen hand, libxl_hwcap *p);
yajl_gen_status libxl_ms_vm_genid_gen_json(yajl_gen hand,
                                           libxl_ms_vm_genid *p);

#endif

#endif /* XLRT_JSON_H */
