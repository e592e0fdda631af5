/*
 * libxl_uuid.h - the libxl_uuid builtin of xlidl's C runtime: 16 plain
 * bytes, written as the canonical lowercase 8-4-4-4-12 hex form.
 */
#ifndef LIBXL_UUID_H
#define LIBXL_UUID_H

#include <stdint.h>

#ifndef XLRT_CTX_DECLARED
#define XLRT_CTX_DECLARED
typedef struct libxl__ctx libxl_ctx;
#endif

typedef struct {
    unsigned char uuid[16];
} libxl_uuid;

#define LIBXL_UUID_FMTLEN 36
#define LIBXL_UUID_FMT "%02hhx%02hhx%02hhx%02hhx-%02hhx%02hhx-%02hhx%02hhx-" \
                       "%02hhx%02hhx-%02hhx%02hhx%02hhx%02hhx%02hhx%02hhx"
#define LIBXL_UUID_BYTES(arg) \
    (arg).uuid[0], (arg).uuid[1], (arg).uuid[2], (arg).uuid[3], \
    (arg).uuid[4], (arg).uuid[5], (arg).uuid[6], (arg).uuid[7], \
    (arg).uuid[8], (arg).uuid[9], (arg).uuid[10], (arg).uuid[11], \
    (arg).uuid[12], (arg).uuid[13], (arg).uuid[14], (arg).uuid[15]

int libxl_uuid_is_nil(const libxl_uuid *uuid);
void libxl_uuid_generate(libxl_uuid *uuid);
/* 0, or -1 unless in is 36 characters of canonical form (any case). */
int libxl_uuid_from_string(libxl_uuid *uuid, const char *in);
/* ctx may be NULL. */
void libxl_uuid_copy(libxl_ctx *ctx, libxl_uuid *dst, const libxl_uuid *src);
void libxl_uuid_clear(libxl_uuid *uuid);
int libxl_uuid_compare(const libxl_uuid *a, const libxl_uuid *b);
const uint8_t *libxl_uuid_bytearray_const(const libxl_uuid *uuid);
uint8_t *libxl_uuid_bytearray(libxl_uuid *uuid);

#endif /* LIBXL_UUID_H */
