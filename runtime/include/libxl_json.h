/*
 * libxl_json.h - JSON generation: the builtins' generators for the backend
 * (xlrt_json.h), then the declarations generated from the IDL(s).
 *
 *   XLIDL_TYPES_JSON_H           e.g. "_libxl_types_json.h"
 *   XLIDL_INTERNAL_TYPES_JSON_H  e.g. "_libxl_types_internal_json.h", only
 *                                when an internal IDL is built too
 */
#ifndef LIBXL_JSON_H
#define LIBXL_JSON_H

#include "libxl.h"
#include "xlrt_json.h"

#ifndef XLIDL_TYPES_JSON_H
#define XLIDL_TYPES_JSON_H "_libxl_types_json.h"
#endif

#include XLIDL_TYPES_JSON_H

#endif /* LIBXL_JSON_H */
