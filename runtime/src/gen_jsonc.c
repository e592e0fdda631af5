/*
 * gen_jsonc.c - JSON generation with json-c (XLIDL_JSON_JSONC=1): the
 * builtins' TYPE_gen_jso functions and TYPE_to_json's driver, which prints
 * with JSON_C_TO_STRING_PRETTY as libxl does.
 *
 * Where libxl's json-c code loses data, this keeps it: unsigned values are
 * written as the unsigned numbers they are (never wrapped negative), and a
 * key_value_list keeps every pair of a repeated key.
 *
 * Every function sets *jso_r, to NULL on failure or for a JSON null.
 */
#include "cpuid.h"

#if XLIDL_JSON_JSONC

static int done(json_object **jso_r, json_object *jso)
{
    *jso_r = jso;
    return jso ? 0 : XLRT_ERROR_FAIL;
}

/* Appends v to array a; on failure frees both and returns false. */
static bool append(json_object *a, json_object *v)
{
    if (v && json_object_array_add(a, v) == 0)
        return true;
    json_object_put(v);
    return false;
}

/* Adds key: v to object o without looking for an existing key (so a
 * repeated key is kept); on failure frees v and returns false. */
static bool add_new(json_object *o, const char *key, json_object *v)
{
    if (json_object_object_add_ex(o, key, v, JSON_C_OBJECT_ADD_KEY_IS_NEW) == 0)
        return true;
    json_object_put(v);
    return false;
}

static int fail(json_object **jso_r, json_object *partial)
{
    json_object_put(partial);
    *jso_r = NULL;
    return XLRT_ERROR_FAIL;
}

int libxl__uint64_gen_jso(json_object **jso_r, uint64_t val)
{
    return done(jso_r, json_object_new_uint64(val));
}

int (libxl__int_gen_jso)(json_object **jso_r, long long val)
{
    return done(jso_r, json_object_new_int64(val));
}

int libxl__boolean_gen_jso(json_object **jso_r, bool b)
{
    return done(jso_r, json_object_new_boolean(b));
}

int libxl__string_gen_jso(json_object **jso_r, const char *p)
{
    if (!p) {
        *jso_r = NULL;
        return 0;
    }
    return done(jso_r, json_object_new_string(p));
}

int libxl__enum_gen_jso(json_object **jso_r, const char *str)
{
    return libxl__string_gen_jso(jso_r, str);
}

int libxl_domid_gen_jso(json_object **jso_r, libxl_domid val)
{
    return libxl__uint64_gen_jso(jso_r, val);
}

int libxl_devid_gen_jso(json_object **jso_r, libxl_devid val)
{
    return done(jso_r, json_object_new_int64(val));
}

int libxl_defbool_gen_jso(json_object **jso_r, libxl_defbool *p)
{
    return done(jso_r, json_object_new_string(libxl_defbool_to_string(*p)));
}

int libxl_uuid_gen_jso(json_object **jso_r, libxl_uuid *p)
{
    char buf[LIBXL_UUID_FMTLEN + 1];

    snprintf(buf, sizeof(buf), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*p));
    return done(jso_r, json_object_new_string_len(buf, LIBXL_UUID_FMTLEN));
}

int libxl_mac_gen_jso(json_object **jso_r, libxl_mac *p)
{
    char buf[LIBXL_MAC_FMTLEN + 1];

    snprintf(buf, sizeof(buf), LIBXL_MAC_FMT, LIBXL_MAC_BYTES(*p));
    return done(jso_r, json_object_new_string_len(buf, LIBXL_MAC_FMTLEN));
}

int libxl_bitmap_gen_jso(json_object **jso_r, libxl_bitmap *p)
{
    json_object *a = json_object_new_array();
    uint32_t i, b;

    if (!a)
        return fail(jso_r, NULL);
    /* bytes without a set bit are skipped: a bitmap may have a billion bits */
    for (i = 0; i < p->size; i++)
        if (p->map[i])
            for (b = 0; b < 8; b++)
                if ((p->map[i] & (1u << b)) &&
                    !append(a, json_object_new_int64((int64_t)i * 8 + b)))
                    return fail(jso_r, a);
    return done(jso_r, a);
}

int libxl_string_list_gen_jso(json_object **jso_r, libxl_string_list *p)
{
    json_object *a = json_object_new_array();
    char **l = *p;

    if (!a)
        return fail(jso_r, NULL);
    for (; l && *l; l++)
        if (!append(a, json_object_new_string(*l)))
            return fail(jso_r, a);
    return done(jso_r, a);
}

int libxl_key_value_list_gen_jso(json_object **jso_r, libxl_key_value_list *p)
{
    json_object *o = json_object_new_object();
    char **l = *p;

    if (!o)
        return fail(jso_r, NULL);
    for (; l && l[0]; l += 2) {
        json_object *v = NULL;
        if (l[1] && !(v = json_object_new_string(l[1])))
            return fail(jso_r, o);
        if (!add_new(o, l[0], v))
            return fail(jso_r, o);
    }
    return done(jso_r, o);
}

int libxl_hwcap_gen_jso(json_object **jso_r, libxl_hwcap *p)
{
    json_object *a = json_object_new_array_ext(4);
    int i;

    if (!a)
        return fail(jso_r, NULL);
    for (i = 0; i < 4; i++)
        if (!append(a, json_object_new_int64((*p)[i])))
            return fail(jso_r, a);
    return done(jso_r, a);
}

int libxl_ms_vm_genid_gen_jso(json_object **jso_r, libxl_ms_vm_genid *p)
{
    json_object *a = json_object_new_array_ext(LIBXL_MS_VM_GENID_LEN);
    int i;

    if (!a)
        return fail(jso_r, NULL);
    for (i = 0; i < LIBXL_MS_VM_GENID_LEN; i++)
        if (!append(a, json_object_new_int(p->bytes[i])))
            return fail(jso_r, a);
    return done(jso_r, a);
}

static json_object *gen_leaves(const struct libxl__cpu_policy *pol)
{
    json_object *a = json_object_new_array();
    int i, j;

    if (!a)
        return NULL;
    for (i = 0; pol && i < pol->nr_leaves; i++) {
        const xlrt_cpuid_leaf *e = &pol->leaves[i];
        json_object *m = json_object_new_object();
        if (!append(a, m))
            goto fail;
        if (!add_new(m, "leaf", json_object_new_int64(e->leaf)))
            goto fail;
        if (e->subleaf != XLRT_CPUID_NO_SUBLEAF &&
            !add_new(m, "subleaf", json_object_new_int64(e->subleaf)))
            goto fail;
        for (j = 0; j < 4; j++)
            if (e->reg[j] &&
                !add_new(m, xlrt_cpuid_reg_names[j],
                         json_object_new_string_len(e->reg[j],
                                                    (int)strnlen(e->reg[j], 32))))
                goto fail;
    }
    return a;
fail:
    json_object_put(a);
    return NULL;
}

int libxl_cpuid_policy_list_gen_jso(json_object **jso_r,
                                    libxl_cpuid_policy_list *p)
{
    const struct libxl__cpu_policy *pol = *p;
    json_object *o, *leaves, *msrs;
    int i;

    leaves = gen_leaves(pol);
    if (!leaves)
        return fail(jso_r, NULL);
    if (!xlrt_cpuid_json_map)
        return done(jso_r, leaves);

    o = json_object_new_object();
    if (!o)
        return fail(jso_r, leaves);
    if (!add_new(o, "cpuid", leaves))
        return fail(jso_r, o);
    msrs = json_object_new_array();
    if (!msrs || !add_new(o, "msr", msrs))
        return fail(jso_r, o);
    for (i = 0; pol && i < pol->nr_msrs; i++) {
        json_object *m = json_object_new_object();
        if (!append(msrs, m) ||
            !add_new(m, "index", json_object_new_int64(pol->msrs[i].index)) ||
            !add_new(m, "policy", json_object_new_string_len(pol->msrs[i].policy, 64)))
            return fail(jso_r, o);
    }
    return done(jso_r, o);
}

char *libxl__object_to_json(libxl_ctx *ctx, const char *type,
                            libxl__gen_json_callback gen, void *p)
{
    json_object *jso = NULL;
    const char *text;
    char *ret = NULL;

    if (gen(&jso, p)) {
        LIBXL__LOG(ctx, ERROR, "unable to convert %s to JSON representation.",
                   type);
        return NULL;
    }
    text = json_object_to_json_string_ext(jso, JSON_C_TO_STRING_PRETTY);
    if (text)
        ret = strdup(text);
    if (!ret)
        LIBXL__LOG(ctx, ERROR, "unable to allocate space for to JSON "
                   "representation of %s", type);
    json_object_put(jso);
    return ret;
}

#endif /* XLIDL_JSON_JSONC */
