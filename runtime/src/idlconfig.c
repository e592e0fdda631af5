/*
 * idlconfig.c - what the runtime needs to know about the IDL, compiled with
 * the generated code (not part of the runtime archive), from -D defines that
 * `xlidl check` derives from the model:
 *
 *   XLIDL_CPUID_JSON_MAP  1: cpuid_policy_list is JSON_ANY in the IDL, its
 *                         JSON is {"cpuid": [...], "msr": [...]};
 *                         0: JSON_ARRAY, the legacy array of leaves.
 *                         Default 1 (Xen 4.18 and later).
 *
 * Including libxl.h also checks, at compile time, that the generated header
 * agrees with the runtime on the error codes.
 */
#include "libxl_osdeps.h"

#include "libxl.h"
#include "xlrt_internal.h"

#ifndef XLIDL_CPUID_JSON_MAP
#define XLIDL_CPUID_JSON_MAP 1
#endif

const int xlrt_cpuid_json_map = XLIDL_CPUID_JSON_MAP;

_Static_assert(ERROR_FAIL == XLRT_ERROR_FAIL &&
               ERROR_INVAL == XLRT_ERROR_INVAL &&
               ERROR_NOMEM == XLRT_ERROR_NOMEM &&
               ERROR_VERSION == XLRT_ERROR_VERSION,
               "the IDL's error codes differ from the runtime's");
