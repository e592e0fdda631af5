/*
 * libxl_internal.h - what generated TYPE.c files include: the runtime's
 * internals (xlrt_internal.h: gc, JSON tree, builtin parsers), the public
 * and JSON headers, and the private headers generated from the IDL(s).
 *
 *   XLIDL_TYPES_PRIVATE_H           e.g. "_libxl_types_private.h"
 *   XLIDL_INTERNAL_TYPES_H          e.g. "_libxl_types_internal.h"   \  only with an
 *   XLIDL_INTERNAL_TYPES_JSON_H     ..._internal_json.h               > internal IDL
 *   XLIDL_INTERNAL_TYPES_PRIVATE_H  ..._internal_private.h           /
 */
#ifndef LIBXL_INTERNAL_H
#define LIBXL_INTERNAL_H

#include "libxl_osdeps.h"

#include "xlrt_internal.h"
#include "libxl.h"
#include "libxl_utils.h"
#include "libxl_json.h"

#ifndef XLIDL_TYPES_PRIVATE_H
#define XLIDL_TYPES_PRIVATE_H "_libxl_types_private.h"
#endif

#ifdef XLIDL_INTERNAL_TYPES_H
#include XLIDL_INTERNAL_TYPES_H
#endif
#ifdef XLIDL_INTERNAL_TYPES_JSON_H
#include XLIDL_INTERNAL_TYPES_JSON_H
#endif

#include XLIDL_TYPES_PRIVATE_H
#ifdef XLIDL_INTERNAL_TYPES_PRIVATE_H
#include XLIDL_INTERNAL_TYPES_PRIVATE_H
#endif

#endif /* LIBXL_INTERNAL_H */
