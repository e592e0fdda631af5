/*
 * builtins.c - the builtin types other than cpuid policies: defbool, uuid,
 * mac, bitmap, hwcap, ms_vm_genid, string lists, key/value lists and plain
 * strings.  Life cycle (init/dispose/copy), default tests and JSON parsing;
 * JSON generation is in gen_yajl.c / gen_jsonc.c.
 */
#include "xlrt_internal.h"

#include <ctype.h>

/* -- defbool ------------------------------------------------------------------ */

void libxl_defbool_set(libxl_defbool *db, bool b)
{
    db->val = b ? LIBXL__DEFBOOL_TRUE : LIBXL__DEFBOOL_FALSE;
}

void libxl_defbool_unset(libxl_defbool *db)
{
    db->val = LIBXL__DEFBOOL_DEFAULT;
}

bool libxl_defbool_is_default(libxl_defbool db)
{
    return db.val == LIBXL__DEFBOOL_DEFAULT;
}

void libxl_defbool_setdefault(libxl_defbool *db, bool b)
{
    if (libxl_defbool_is_default(*db))
        libxl_defbool_set(db, b);
}

bool libxl_defbool_val(libxl_defbool db)
{
    assert(!libxl_defbool_is_default(db));
    return db.val > 0;
}

const char *libxl_defbool_to_string(libxl_defbool db)
{
    if (db.val > 0)
        return LIBXL__DEFBOOL_STR_TRUE;
    if (db.val < 0)
        return LIBXL__DEFBOOL_STR_FALSE;
    return LIBXL__DEFBOOL_STR_DEFAULT;
}

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* As libxl: the text only has to start with one of the three words. */
int libxl__defbool_parse_json(libxl__gc *gc, const libxl__json_object *o,
                              libxl_defbool *p)
{
    const char *s = libxl__json_object_get_string(o);

    (void)gc;
    if (!s)
        return XLRT_ERROR_FAIL;
    if (has_prefix(s, LIBXL__DEFBOOL_STR_DEFAULT))
        p->val = LIBXL__DEFBOOL_DEFAULT;
    else if (has_prefix(s, LIBXL__DEFBOOL_STR_TRUE))
        p->val = LIBXL__DEFBOOL_TRUE;
    else if (has_prefix(s, LIBXL__DEFBOOL_STR_FALSE))
        p->val = LIBXL__DEFBOOL_FALSE;
    else
        return XLRT_ERROR_FAIL;
    return 0;
}

/* -- uuid --------------------------------------------------------------------- */

int libxl_uuid_is_nil(const libxl_uuid *uuid)
{
    static const libxl_uuid nil;
    return memcmp(uuid->uuid, nil.uuid, sizeof(nil.uuid)) == 0;
}

void libxl_uuid_generate(libxl_uuid *uuid)
{
    FILE *f = fopen("/dev/urandom", "rb");
    size_t got = f ? fread(uuid->uuid, 1, sizeof(uuid->uuid), f) : 0;
    size_t i;

    if (f)
        fclose(f);
    for (i = got; i < sizeof(uuid->uuid); i++)
        uuid->uuid[i] = (unsigned char)rand();
    uuid->uuid[6] = (uuid->uuid[6] & 0x0f) | 0x40;     /* version 4 */
    uuid->uuid[8] = (uuid->uuid[8] & 0x3f) | 0x80;     /* RFC 4122 variant */
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

int libxl_uuid_from_string(libxl_uuid *uuid, const char *in)
{
    unsigned char bytes[16];
    int i, n = 0;

    if (!in || strlen(in) != LIBXL_UUID_FMTLEN)
        return -1;
    for (i = 0; i < LIBXL_UUID_FMTLEN; ) {
        int hi, lo;
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (in[i] != '-')
                return -1;
            i++;
            continue;
        }
        hi = hexval((unsigned char)in[i]);
        lo = hexval((unsigned char)in[i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        bytes[n++] = (unsigned char)(hi << 4 | lo);
        i += 2;
    }
    memcpy(uuid->uuid, bytes, sizeof(bytes));
    return 0;
}

void libxl_uuid_copy(libxl_ctx *ctx, libxl_uuid *dst, const libxl_uuid *src)
{
    (void)ctx;
    memcpy(dst->uuid, src->uuid, sizeof(dst->uuid));
}

void libxl_uuid_clear(libxl_uuid *uuid)
{
    memset(uuid->uuid, 0, sizeof(uuid->uuid));
}

int libxl_uuid_compare(const libxl_uuid *a, const libxl_uuid *b)
{
    return memcmp(a->uuid, b->uuid, sizeof(a->uuid));
}

const uint8_t *libxl_uuid_bytearray_const(const libxl_uuid *uuid)
{
    return uuid->uuid;
}

uint8_t *libxl_uuid_bytearray(libxl_uuid *uuid)
{
    return uuid->uuid;
}

/* A malformed uuid gives -1, as libxl (the code of libuuid's uuid_parse). */
int libxl__uuid_parse_json(libxl__gc *gc, const libxl__json_object *o,
                           libxl_uuid *p)
{
    (void)gc;
    if (!libxl__json_object_is_string(o))
        return XLRT_ERROR_FAIL;
    return libxl_uuid_from_string(p, o->u.string);
}

/* -- mac ---------------------------------------------------------------------- */

void libxl_mac_copy(libxl_ctx *ctx, libxl_mac *dst, const libxl_mac *src)
{
    (void)ctx;
    memcpy(*dst, *src, sizeof(*dst));
}

int libxl__mac_is_default(libxl_mac *mac)
{
    static const libxl_mac zero;
    return memcmp(*mac, zero, sizeof(zero)) == 0;
}

/*
 * Six groups of exactly two hex digits separated by ':'.  As in libxl, text
 * after a ':' that follows the sixth group is ignored.  mac is only written
 * when the whole text is valid.
 */
int libxl__parse_mac(const char *s, libxl_mac mac)
{
    libxl_mac out;
    int i;

    for (i = 0; i < 6; i++, s += 3) {
        int hi = hexval((unsigned char)s[0]);
        int lo = hi < 0 ? -1 : hexval((unsigned char)s[1]);
        if (hi < 0 || lo < 0)
            return XLRT_ERROR_INVAL;
        out[i] = (uint8_t)(hi << 4 | lo);
        if (s[2] != ':' && !(i == 5 && s[2] == '\0'))
            return XLRT_ERROR_INVAL;
    }
    memcpy(mac, out, sizeof(out));
    return 0;
}

int libxl__mac_parse_json(libxl__gc *gc, const libxl__json_object *o,
                          libxl_mac *p)
{
    (void)gc;
    if (!libxl__json_object_is_string(o))
        return XLRT_ERROR_FAIL;
    return libxl__parse_mac(o->u.string, *p);
}

/* -- bitmap ------------------------------------------------------------------- */

void libxl_bitmap_init(libxl_bitmap *map)
{
    memset(map, 0, sizeof(*map));
}

void libxl_bitmap_dispose(libxl_bitmap *map)
{
    if (!map)
        return;
    free(map->map);
    map->map = NULL;
    map->size = 0;
}

int libxl_bitmap_alloc(libxl_ctx *ctx, libxl_bitmap *bitmap, int n_bits)
{
    size_t bytes = n_bits > 0 ? ((size_t)n_bits + 7) / 8 : 0;

    bitmap->map = libxl__calloc(&ctx->nogc_gc, bytes, 1);
    bitmap->size = (uint32_t)bytes;
    return 0;
}

/* Always allocates (size 0 included), as libxl. */
void libxl_bitmap_copy_alloc(libxl_ctx *ctx, libxl_bitmap *dst,
                             const libxl_bitmap *src)
{
    dst->map = libxl__calloc(&ctx->nogc_gc, src->size, 1);
    dst->size = src->size;
    if (src->size)
        memcpy(dst->map, src->map, src->size);
}

int libxl_bitmap_is_empty(const libxl_bitmap *bitmap)
{
    uint32_t i;

    for (i = 0; i < bitmap->size; i++)
        if (bitmap->map[i])
            return 0;
    return 1;
}

int libxl_bitmap_is_full(const libxl_bitmap *bitmap)
{
    uint32_t i;

    for (i = 0; i < bitmap->size; i++)
        if (bitmap->map[i] != 0xff)
            return 0;
    return 1;
}

static bool bit_in_range(const libxl_bitmap *bitmap, int bit)
{
    return bit >= 0 && (uint64_t)bit < (uint64_t)bitmap->size * 8;
}

int libxl_bitmap_test(const libxl_bitmap *bitmap, int bit)
{
    if (!bit_in_range(bitmap, bit))
        return 0;
    return (bitmap->map[bit / 8] >> (bit % 8)) & 1;
}

void libxl_bitmap_set(libxl_bitmap *bitmap, int bit)
{
    if (bit_in_range(bitmap, bit))
        bitmap->map[bit / 8] |= (uint8_t)(1u << (bit % 8));
}

void libxl_bitmap_reset(libxl_bitmap *bitmap, int bit)
{
    if (bit_in_range(bitmap, bit))
        bitmap->map[bit / 8] &= (uint8_t)~(1u << (bit % 8));
}

int libxl_bitmap_count_set(const libxl_bitmap *bitmap)
{
    uint32_t i;
    int n = 0;

    for (i = 0; i < bitmap->size; i++)
        n += __builtin_popcount(bitmap->map[i]);
    return n;
}

void libxl_bitmap_set_any(libxl_bitmap *bitmap)
{
    if (bitmap->size)
        memset(bitmap->map, 0xff, bitmap->size);
}

void libxl_bitmap_set_none(libxl_bitmap *bitmap)
{
    if (bitmap->size)
        memset(bitmap->map, 0, bitmap->size);
}

/*
 * An array of bit indexes.  As in libxl the bitmap is sized from the last
 * index, so indexes after a smaller last one are dropped ([0,9,3] reads as
 * {0,3}).  A last index that is negative or absurdly large is rejected
 * (libxl would try to allocate from it).
 */
#define XLRT_BITMAP_MAX_BIT (INT_MAX - 8)

int libxl__bitmap_parse_json(libxl__gc *gc, const libxl__json_object *o,
                             libxl_bitmap *p)
{
    const libxl__json_list *a = libxl__json_object_get_array(o);
    const libxl__json_object *last;
    int i;

    if (!a)
        return XLRT_ERROR_FAIL;
    if (a->count == 0) {
        libxl_bitmap_init(p);
        return 0;
    }
    last = a->items[a->count - 1];
    if (!libxl__json_object_is_integer(last) || last->u.i < 0 ||
        last->u.i > XLRT_BITMAP_MAX_BIT)
        return XLRT_ERROR_FAIL;
    libxl_bitmap_alloc(CTX, p, (int)last->u.i + 1);
    for (i = 0; i < a->count; i++) {
        const libxl__json_object *t = a->items[i];
        if (!libxl__json_object_is_integer(t))
            return XLRT_ERROR_FAIL;
        if (t->u.i >= 0 && t->u.i <= last->u.i)
            libxl_bitmap_set(p, (int)t->u.i);
    }
    return 0;
}

/* -- hwcap, ms_vm_genid ------------------------------------------------------------ */

void libxl_hwcap_copy(libxl_ctx *ctx, libxl_hwcap *dst, const libxl_hwcap *src)
{
    (void)ctx;
    memcpy(*dst, *src, sizeof(*dst));
}

/* At least 4 integers; the first 4 are kept (as uint32), the rest ignored. */
int libxl__hwcap_parse_json(libxl__gc *gc, const libxl__json_object *o,
                            libxl_hwcap *p)
{
    int i;

    (void)gc;
    if (!libxl__json_object_is_array(o))
        return XLRT_ERROR_FAIL;
    for (i = 0; i < 4; i++) {
        const libxl__json_object *t = libxl__json_array_get(o, i);
        if (!libxl__json_object_is_integer(t))
            return XLRT_ERROR_FAIL;
        (*p)[i] = (uint32_t)t->u.i;
    }
    return 0;
}

bool libxl_ms_vm_genid_is_zero(const libxl_ms_vm_genid *id)
{
    static const libxl_ms_vm_genid zero;
    return memcmp(id->bytes, zero.bytes, sizeof(zero.bytes)) == 0;
}

void libxl_ms_vm_genid_copy(libxl_ctx *ctx, libxl_ms_vm_genid *dst,
                            const libxl_ms_vm_genid *src)
{
    (void)ctx;
    *dst = *src;
}

/* At least 16 integers, each kept as its low 8 bits (as libxl). */
int libxl__ms_vm_genid_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                  libxl_ms_vm_genid *p)
{
    int i;

    (void)gc;
    if (!libxl__json_object_is_array(o))
        return XLRT_ERROR_FAIL;
    for (i = 0; i < LIBXL_MS_VM_GENID_LEN; i++) {
        const libxl__json_object *t = libxl__json_array_get(o, i);
        if (!libxl__json_object_is_integer(t))
            return XLRT_ERROR_FAIL;
        p->bytes[i] = (uint8_t)t->u.i;
    }
    return 0;
}

/* -- strings, string lists, key/value lists --------------------------------------- */

void libxl_string_copy(libxl_ctx *ctx, char **dst, char *const *src)
{
    *dst = *src ? libxl__strdup(&ctx->nogc_gc, *src) : NULL;
}

int libxl_string_list_length(const libxl_string_list *psl)
{
    int n = 0;

    if (*psl)
        while ((*psl)[n])
            n++;
    return n;
}

void libxl_string_list_dispose(libxl_string_list *psl)
{
    char **l = *psl;
    int i;

    if (!l)
        return;
    for (i = 0; l[i]; i++)
        free(l[i]);
    free(l);
    *psl = NULL;
}

void libxl_string_list_copy(libxl_ctx *ctx, libxl_string_list *dst,
                            const libxl_string_list *src)
{
    int i, n = libxl_string_list_length(src);

    if (!*src) {
        *dst = NULL;
        return;
    }
    *dst = libxl__calloc(&ctx->nogc_gc, n + 1, sizeof(char *));
    for (i = 0; i < n; i++)
        (*dst)[i] = libxl__strdup(&ctx->nogc_gc, (*src)[i]);
}

/* An array of strings; [] reads as NULL. */
int libxl__string_list_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                  libxl_string_list *p)
{
    const libxl__json_list *a = libxl__json_object_get_array(o);
    char **l;
    int i;

    if (!a)
        return XLRT_ERROR_FAIL;
    if (a->count == 0) {
        *p = NULL;
        return 0;
    }
    l = *p = libxl__calloc(NOGC, a->count + 1, sizeof(char *));
    for (i = 0; i < a->count; i++) {
        const char *s = libxl__json_object_get_string(a->items[i]);
        if (!s)
            return XLRT_ERROR_FAIL;
        l[i] = libxl__strdup(NOGC, s);
    }
    return 0;
}

/* The number of pairs (up to the first NULL key). */
int libxl_key_value_list_length(const libxl_key_value_list *pkvl)
{
    int n = 0;

    if (*pkvl)
        while ((*pkvl)[2 * n])
            n++;
    return n;
}

void libxl_key_value_list_dispose(libxl_key_value_list *pkvl)
{
    char **l = *pkvl;
    int i;

    if (!l)
        return;
    for (i = 0; l[i]; i += 2) {
        free(l[i]);
        free(l[i + 1]);
    }
    free(l);
    *pkvl = NULL;
}

void libxl_key_value_list_copy(libxl_ctx *ctx, libxl_key_value_list *dst,
                               const libxl_key_value_list *src)
{
    int i, n = libxl_key_value_list_length(src);

    if (!*src) {
        *dst = NULL;
        return;
    }
    *dst = libxl__calloc(&ctx->nogc_gc, 2 * n + 1, sizeof(char *));
    for (i = 0; i < 2 * n; i++)
        (*dst)[i] = libxl__strdup(&ctx->nogc_gc, (*src)[i]);   /* NULL stays */
}

/* A map whose values are strings or null; {} reads as an empty, non-NULL
 * list.  Repeated keys are all kept, in order. */
int libxl__key_value_list_parse_json(libxl__gc *gc, const libxl__json_object *o,
                                     libxl_key_value_list *p)
{
    const libxl__json_list *m = libxl__json_object_get_map(o);
    char **l;
    int i;

    if (!m)
        return XLRT_ERROR_FAIL;
    l = *p = libxl__calloc(NOGC, 2 * m->count + 2, sizeof(char *));
    for (i = 0; i < m->count; i++) {
        const libxl__json_map_node *n = m->items[i];
        if (!libxl__json_object_is_string(n->obj) &&
            !libxl__json_object_is_null(n->obj))
            return XLRT_ERROR_FAIL;
        l[2 * i] = libxl__strdup(NOGC, n->map_key);
        l[2 * i + 1] = libxl__strdup(NOGC, libxl__json_object_get_string(n->obj));
    }
    return 0;
}
