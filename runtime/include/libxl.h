/*
 * libxl.h - what generated code and testidl.c include as libxl's public
 * header: the runtime's builtins (xlrt_base.h), then the type header
 * generated from the IDL.
 *
 * Build-time knowledge about the IDL comes in as -D defines, which
 * `xlidl check` computes from the model (see runtime/README.md):
 *   XLIDL_TYPES_H         the generated public header, e.g. "_libxl_types.h"
 *   XLIDL_IDL_HAS_ERRORS  1 when the IDL defines ERROR_FAIL & co itself
 */
#ifndef LIBXL_H
#define LIBXL_H

#include "xlrt_base.h"

#ifndef XLIDL_TYPES_H
#define XLIDL_TYPES_H "_libxl_types.h"
#endif
#ifndef XLIDL_IDL_HAS_ERRORS
#define XLIDL_IDL_HAS_ERRORS 1
#endif

#include XLIDL_TYPES_H

#if !XLIDL_IDL_HAS_ERRORS
/* The IDL has no libxl_error enumeration: the codes the runtime uses. */
#define ERROR_NONSPECIFIC XLRT_ERROR_NONSPECIFIC
#define ERROR_VERSION     XLRT_ERROR_VERSION
#define ERROR_FAIL        XLRT_ERROR_FAIL
#define ERROR_NI          XLRT_ERROR_NI
#define ERROR_NOMEM       XLRT_ERROR_NOMEM
#define ERROR_INVAL       XLRT_ERROR_INVAL
#endif

#endif /* LIBXL_H */
