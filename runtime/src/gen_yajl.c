/*
 * gen_yajl.c - JSON generation with yajl: TYPE_to_json's driver and the
 * builtins' generators.  Output is yajl's beautified form: 4-space indent,
 * '"key": value', a newline after the top-level value.
 */
#include "cpuid.h"

#if !XLIDL_JSON_JSONC

#include <inttypes.h>

#define CHECK(expr) do {                    \
        yajl_gen_status s_ = (expr);        \
        if (s_ != yajl_gen_status_ok)       \
            return s_;                      \
    } while (0)

yajl_gen_status libxl__yajl_gen_asciiz(yajl_gen hand, const char *str)
{
    return yajl_gen_string(hand, (const unsigned char *)str, strlen(str));
}

yajl_gen_status libxl__yajl_gen_enum(yajl_gen hand, const char *str)
{
    return str ? libxl__yajl_gen_asciiz(hand, str) : yajl_gen_null(hand);
}

yajl_gen_status libxl__string_gen_json(yajl_gen hand, const char *p)
{
    return p ? libxl__yajl_gen_asciiz(hand, p) : yajl_gen_null(hand);
}

/* The whole uint64 range (yajl_gen_integer stops at LLONG_MAX). */
yajl_gen_status libxl__uint64_gen_json(yajl_gen hand, uint64_t val)
{
    char num[24];
    int len = snprintf(num, sizeof(num), "%" PRIu64, val);

    return yajl_gen_number(hand, num, (size_t)len);
}

yajl_gen_status libxl_defbool_gen_json(yajl_gen hand, libxl_defbool *p)
{
    return libxl__yajl_gen_asciiz(hand, libxl_defbool_to_string(*p));
}

yajl_gen_status libxl_uuid_gen_json(yajl_gen hand, libxl_uuid *p)
{
    char buf[LIBXL_UUID_FMTLEN + 1];

    snprintf(buf, sizeof(buf), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*p));
    return yajl_gen_string(hand, (const unsigned char *)buf, LIBXL_UUID_FMTLEN);
}

yajl_gen_status libxl_mac_gen_json(yajl_gen hand, libxl_mac *p)
{
    char buf[LIBXL_MAC_FMTLEN + 1];

    snprintf(buf, sizeof(buf), LIBXL_MAC_FMT, LIBXL_MAC_BYTES(*p));
    return yajl_gen_string(hand, (const unsigned char *)buf, LIBXL_MAC_FMTLEN);
}

/* The indexes of the set bits, ascending (bytes without one are skipped: a bitmap
   may have a billion bits). */
yajl_gen_status libxl_bitmap_gen_json(yajl_gen hand, libxl_bitmap *p)
{
    uint32_t i, b;

    CHECK(yajl_gen_array_open(hand));
    for (i = 0; i < p->size; i++)
        if (p->map[i])
            for (b = 0; b < 8; b++)
                if (p->map[i] & (1u << b))
                    CHECK(yajl_gen_integer(hand, (long long)i * 8 + b));
    return yajl_gen_array_close(hand);
}

yajl_gen_status libxl_string_list_gen_json(yajl_gen hand, libxl_string_list *p)
{
    char **l = *p;

    CHECK(yajl_gen_array_open(hand));
    for (; l && *l; l++)
        CHECK(libxl__yajl_gen_asciiz(hand, *l));
    return yajl_gen_array_close(hand);
}

/* In list order, repeated keys included; a NULL value is null. */
yajl_gen_status libxl_key_value_list_gen_json(yajl_gen hand,
                                              libxl_key_value_list *p)
{
    char **l = *p;

    CHECK(yajl_gen_map_open(hand));
    for (; l && l[0]; l += 2) {
        CHECK(libxl__yajl_gen_asciiz(hand, l[0]));
        CHECK(libxl__string_gen_json(hand, l[1]));
    }
    return yajl_gen_map_close(hand);
}

/* Only the first 4 of the 8 words are written (as libxl). */
yajl_gen_status libxl_hwcap_gen_json(yajl_gen hand, libxl_hwcap *p)
{
    int i;

    CHECK(yajl_gen_array_open(hand));
    for (i = 0; i < 4; i++)
        CHECK(yajl_gen_integer(hand, (*p)[i]));
    return yajl_gen_array_close(hand);
}

yajl_gen_status libxl_ms_vm_genid_gen_json(yajl_gen hand, libxl_ms_vm_genid *p)
{
    int i;

    CHECK(yajl_gen_array_open(hand));
    for (i = 0; i < LIBXL_MS_VM_GENID_LEN; i++)
        CHECK(yajl_gen_integer(hand, p->bytes[i]));
    return yajl_gen_array_close(hand);
}

static yajl_gen_status gen_leaves(yajl_gen hand, const struct libxl__cpu_policy *pol)
{
    int i, j;

    CHECK(yajl_gen_array_open(hand));
    for (i = 0; pol && i < pol->nr_leaves; i++) {
        const xlrt_cpuid_leaf *e = &pol->leaves[i];
        CHECK(yajl_gen_map_open(hand));
        CHECK(libxl__yajl_gen_asciiz(hand, "leaf"));
        CHECK(yajl_gen_integer(hand, e->leaf));
        if (e->subleaf != XLRT_CPUID_NO_SUBLEAF) {
            CHECK(libxl__yajl_gen_asciiz(hand, "subleaf"));
            CHECK(yajl_gen_integer(hand, e->subleaf));
        }
        for (j = 0; j < 4; j++) {
            if (!e->reg[j])
                continue;
            CHECK(libxl__yajl_gen_asciiz(hand, xlrt_cpuid_reg_names[j]));
            CHECK(yajl_gen_string(hand, (const unsigned char *)e->reg[j],
                                  strnlen(e->reg[j], 32)));
        }
        CHECK(yajl_gen_map_close(hand));
    }
    return yajl_gen_array_close(hand);
}

/* The map format or the legacy array, as the IDL declares it. */
yajl_gen_status libxl_cpuid_policy_list_gen_json(yajl_gen hand,
                                                 libxl_cpuid_policy_list *p)
{
    const struct libxl__cpu_policy *pol = *p;
    int i;

    if (!xlrt_cpuid_json_map)
        return gen_leaves(hand, pol);

    CHECK(yajl_gen_map_open(hand));
    CHECK(libxl__yajl_gen_asciiz(hand, "cpuid"));
    CHECK(gen_leaves(hand, pol));
    CHECK(libxl__yajl_gen_asciiz(hand, "msr"));
    CHECK(yajl_gen_array_open(hand));
    for (i = 0; pol && i < pol->nr_msrs; i++) {
        CHECK(yajl_gen_map_open(hand));
        CHECK(libxl__yajl_gen_asciiz(hand, "index"));
        CHECK(yajl_gen_integer(hand, pol->msrs[i].index));
        CHECK(libxl__yajl_gen_asciiz(hand, "policy"));
        CHECK(yajl_gen_string(hand, (const unsigned char *)pol->msrs[i].policy, 64));
        CHECK(yajl_gen_map_close(hand));
    }
    CHECK(yajl_gen_array_close(hand));
    return yajl_gen_map_close(hand);
}

static const char *gen_status_text(yajl_gen_status s)
{
    switch (s) {
    case yajl_gen_keys_must_be_strings: return "keys must be strings";
    case yajl_max_depth_exceeded: return "max depth exceeded";
    case yajl_gen_in_error_state: return "in error state";
    case yajl_gen_generation_complete: return "generation complete";
    case yajl_gen_invalid_number: return "invalid number";
    case yajl_gen_no_buf: return "no buffer";
    case yajl_gen_invalid_string: return "invalid string";
    default: return "unknown error";
    }
}

char *libxl__object_to_json(libxl_ctx *ctx, const char *type,
                            libxl__gen_json_callback gen, void *p)
{
    yajl_gen hand = yajl_gen_alloc(NULL);
    const unsigned char *buf;
    size_t len;
    yajl_gen_status s;
    char *ret = NULL;

    if (!hand)
        libxl__alloc_failed(ctx, __func__, 1, 0);
    yajl_gen_config(hand, yajl_gen_beautify, 1);

    s = gen(hand, p);
    if (s == yajl_gen_status_ok)
        s = yajl_gen_get_buf(hand, &buf, &len);
    if (s != yajl_gen_status_ok) {
        LIBXL__LOG(ctx, ERROR, "unable to convert %s to JSON representation. "
                   "YAJL error code %d: %s", type, (int)s, gen_status_text(s));
    } else {
        ret = strndup((const char *)buf, len);
        if (!ret)
            LIBXL__LOG(ctx, ERROR, "unable to allocate space for to JSON "
                       "representation of %s", type);
    }
    yajl_gen_free(hand);
    return ret;
}

#endif /* !XLIDL_JSON_JSONC */
