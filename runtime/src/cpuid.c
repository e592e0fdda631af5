/*
 * cpuid.c - libxl_cpuid_policy_list: building a policy from "name=value"
 * options, its life cycle, and reading it from JSON in the format the IDL
 * asks for (xlrt_cpuid_json_map, set per IDL in idlconfig.c).
 */
#include "cpuid.h"

const char *const xlrt_cpuid_reg_names[4] = { "eax", "ebx", "ecx", "edx" };

enum { EAX, EBX, ECX, EDX };

/* -- building a policy --------------------------------------------------------- */

static struct libxl__cpu_policy *policy_of(libxl_cpuid_policy_list *pl)
{
    if (!*pl) {
        *pl = calloc(1, sizeof(**pl));
        if (!*pl)
            libxl__alloc_failed(NULL, __func__, 1, sizeof(**pl));
    }
    return *pl;
}

static xlrt_cpuid_leaf *leaf_entry(libxl_cpuid_policy_list *pl, uint32_t leaf,
                                   uint32_t subleaf)
{
    struct libxl__cpu_policy *pol = policy_of(pl);
    xlrt_cpuid_leaf *e;
    int i;

    for (i = 0; i < pol->nr_leaves; i++)
        if (pol->leaves[i].leaf == leaf && pol->leaves[i].subleaf == subleaf)
            return &pol->leaves[i];
    e = realloc(pol->leaves, (pol->nr_leaves + 1) * sizeof(*e));
    if (!e)
        libxl__alloc_failed(NULL, __func__, pol->nr_leaves + 1, sizeof(*e));
    pol->leaves = e;
    e = &pol->leaves[pol->nr_leaves++];
    memset(e, 0, sizeof(*e));
    e->leaf = leaf;
    e->subleaf = subleaf;
    return e;
}

/* The options testidl.c uses (and the sse4_N spellings), with the register
 * field each one sets: CPUID leaf/subleaf, register, lowest bit, width. */
typedef struct {
    const char *name;
    uint32_t leaf, subleaf;
    int reg, bit, width;
} cpuid_option;

#define NS XLRT_CPUID_NO_SUBLEAF
static const cpuid_option cpuid_options[] = {
    { "maxleaf",     0x0, NS, EAX,  0, 32 },
    { "stepping",    0x1, NS, EAX,  0,  4 },
    { "model",       0x1, NS, EAX,  4,  8 },   /* split: see set_field */
    { "family",      0x1, NS, EAX,  8,  8 },   /* split: see set_field */
    { "brandid",     0x1, NS, EBX,  0,  8 },
    { "clflush",     0x1, NS, EBX,  8,  8 },
    { "proccount",   0x1, NS, EBX, 16,  8 },
    { "localapicid", 0x1, NS, EBX, 24,  8 },
    { "pdcm",        0x1, NS, ECX, 15,  1 },
    { "dca",         0x1, NS, ECX, 18,  1 },
    { "sse4.1",      0x1, NS, ECX, 19,  1 },
    { "sse4_1",      0x1, NS, ECX, 19,  1 },
    { "sse4.2",      0x1, NS, ECX, 20,  1 },
    { "sse4_2",      0x1, NS, ECX, 20,  1 },
    { "x2apic",      0x1, NS, ECX, 21,  1 },
    { "movbe",       0x1, NS, ECX, 22,  1 },
    { "popcnt",      0x1, NS, ECX, 23,  1 },
    { "aes",         0x1, NS, ECX, 25,  1 },
    { "xsave",       0x1, NS, ECX, 26,  1 },
    { "osxsave",     0x1, NS, ECX, 27,  1 },
    { "avx",         0x1, NS, ECX, 28,  1 },
    { "f16c",        0x1, NS, ECX, 29,  1 },
    { "procpkg",     0x4,  0, EAX, 26,  6 },
};
#undef NS

/* Register string position of bit b: bit 31 comes first. */
#define POS(b) (31 - (b))

/* Write the width characters of field (most significant first) so that its
 * last character lands on bit lowbit. */
static void put(char *reg, int lowbit, const char *field, int width)
{
    memcpy(reg + POS(lowbit) - (width - 1), field, width);
}

/*
 * family and model are split over two places of leaf 1 EAX, as the CPU
 * reports them: model's low nibble is bits 7:4 and its high nibble the
 * extended model, bits 19:16.  A family below 16 goes to bits 11:8 with the
 * extended family (27:20) zero; from 16 on, bits 11:8 are 1111 and bits 27:20
 * hold, like libxl does it, the top bit of the 8-bit value followed by the
 * low 7 bits of value - 15 (so 0x10 gives 00000001, 0x80 gives 11110001).
 */
static void set_field(char *reg, const cpuid_option *opt, const char *field,
                      unsigned long num)
{
    if (!strcmp(opt->name, "family")) {
        if (num < 16) {
            put(reg, 8, field + 4, 4);
            put(reg, 20, "00000000", 8);
        } else {
            char ext[9];
            unsigned long v = num - 15;
            int i;
            ext[0] = field[0];
            for (i = 0; i < 7; i++)
                ext[7 - i] = (v >> i) & 1 ? '1' : '0';
            ext[8] = '\0';
            put(reg, 8, "1111", 4);
            put(reg, 20, ext, 8);
        }
    } else if (!strcmp(opt->name, "model")) {
        put(reg, 16, field, 4);
        put(reg, 4, field + 4, 4);
    } else {
        put(reg, opt->bit, field, opt->width);
    }
}

static int add_option(libxl_cpuid_policy_list *pl, const cpuid_option *opt,
                      const char *val)
{
    xlrt_cpuid_leaf *e = leaf_entry(pl, opt->leaf, opt->subleaf);
    char field[33];
    char *end;
    unsigned long num = strtoul(val, &end, 0);
    int i;

    if (end != val) {
        for (i = 0; i < opt->width; i++)
            field[opt->width - 1 - i] = (num >> i) & 1 ? '1' : '0';
    } else if (val[0] == 'x' || val[0] == 'k' || val[0] == 's') {
        memset(field, val[0], opt->width);
    } else {
        return 3;   /* the entry stays, with no register set: as libxl */
    }
    field[opt->width] = '\0';

    if (!e->reg[opt->reg]) {
        e->reg[opt->reg] = strdup("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
        if (!e->reg[opt->reg])
            libxl__alloc_failed(NULL, __func__, 33, 1);
    }
    set_field(e->reg[opt->reg], opt, field, num);
    return 0;
}

int libxl_cpuid_parse_config(libxl_cpuid_policy_list *pl, const char *str)
{
    const char *sep = strchr(str, '=');
    size_t n;
    size_t i;

    if (!sep)
        return 1;
    n = (size_t)(sep - str);
    for (i = 0; i < sizeof(cpuid_options) / sizeof(cpuid_options[0]); i++) {
        const cpuid_option *opt = &cpuid_options[i];
        if (strlen(opt->name) == n && !strncmp(opt->name, str, n))
            return add_option(pl, opt, sep + 1);
    }
    return 2;
}

/* -- life cycle --------------------------------------------------------------- */

int libxl_cpuid_policy_list_length(const libxl_cpuid_policy_list *pl)
{
    return *pl ? (*pl)->nr_leaves : 0;
}

int libxl__cpuid_policy_is_empty(libxl_cpuid_policy_list *pl)
{
    return !*pl || ((*pl)->nr_leaves == 0 && (*pl)->nr_msrs == 0);
}

static void free_policy(struct libxl__cpu_policy *pol)
{
    int i, j;

    if (!pol)
        return;
    for (i = 0; i < pol->nr_leaves; i++)
        for (j = 0; j < 4; j++)
            free(pol->leaves[i].reg[j]);
    free(pol->leaves);
    free(pol->msrs);
    free(pol);
}

void libxl_cpuid_dispose(libxl_cpuid_policy_list *pl)
{
    free_policy(*pl);
    *pl = NULL;
}

void libxl_cpuid_policy_list_copy(libxl_ctx *ctx, libxl_cpuid_policy_list *dst,
                                  const libxl_cpuid_policy_list *src)
{
    const struct libxl__cpu_policy *s = *src;
    struct libxl__cpu_policy *d;
    int i, j;

    if (!s) {
        *dst = NULL;
        return;
    }
    d = *dst = libxl__calloc(&ctx->nogc_gc, 1, sizeof(*d));
    if (s->nr_leaves) {
        d->leaves = libxl__calloc(&ctx->nogc_gc, s->nr_leaves, sizeof(*d->leaves));
        for (i = 0; i < s->nr_leaves; i++) {
            d->leaves[i].leaf = s->leaves[i].leaf;
            d->leaves[i].subleaf = s->leaves[i].subleaf;
            for (j = 0; j < 4; j++)
                d->leaves[i].reg[j] = libxl__strdup(&ctx->nogc_gc,
                                                    s->leaves[i].reg[j]);
        }
        d->nr_leaves = s->nr_leaves;
    }
    if (s->nr_msrs) {
        d->msrs = libxl__calloc(&ctx->nogc_gc, s->nr_msrs, sizeof(*d->msrs));
        memcpy(d->msrs, s->msrs, s->nr_msrs * sizeof(*d->msrs));
        d->nr_msrs = s->nr_msrs;
    }
}

/* -- JSON --------------------------------------------------------------------- */

/*
 * The CPUID leaves: an array of maps {"leaf", "subleaf", "eax".."edx"}.  A
 * missing "leaf" or "subleaf" means "none" (0xffffffff); as in libxl a leaf
 * of "none" ends the list (later entries are still checked to be maps, but
 * dropped).
 */
static int parse_leaves(libxl__gc *gc, const libxl__json_object *array,
                        struct libxl__cpu_policy *pol)
{
    const libxl__json_list *a = libxl__json_object_get_array(array);
    bool ended = false;
    int i, j;

    if (!a->count)
        return 0;
    pol->leaves = libxl__calloc(NOGC, a->count, sizeof(*pol->leaves));
    for (i = 0; i < a->count; i++) {
        const libxl__json_object *t = a->items[i];
        const libxl__json_object *r;
        xlrt_cpuid_leaf *e;

        if (!libxl__json_object_is_map(t))
            return XLRT_ERROR_FAIL;
        r = libxl__json_map_get("leaf", t, JSON_INTEGER);
        if (!r || (uint32_t)r->u.i == XLRT_CPUID_NO_SUBLEAF)
            ended = true;
        if (ended)
            continue;
        e = &pol->leaves[pol->nr_leaves++];
        e->leaf = (uint32_t)r->u.i;
        r = libxl__json_map_get("subleaf", t, JSON_INTEGER);
        e->subleaf = r ? (uint32_t)r->u.i : XLRT_CPUID_NO_SUBLEAF;
        for (j = 0; j < 4; j++) {
            r = libxl__json_map_get(xlrt_cpuid_reg_names[j], t, JSON_STRING);
            e->reg[j] = r ? libxl__strdup(NOGC, r->u.string) : NULL;
        }
    }
    return 0;
}

/* The MSRs: an array of {"index": N, "policy": "<64 characters>"}. */
static int parse_msrs(libxl__gc *gc, const libxl__json_object *array,
                      struct libxl__cpu_policy *pol)
{
    const libxl__json_list *a = libxl__json_object_get_array(array);
    int i;

    if (!a->count)
        return 0;
    pol->msrs = libxl__calloc(NOGC, a->count, sizeof(*pol->msrs));
    for (i = 0; i < a->count; i++) {
        const libxl__json_object *t = a->items[i];
        const libxl__json_object *idx, *pol_s;

        if (!libxl__json_object_is_map(t))
            return XLRT_ERROR_FAIL;
        idx = libxl__json_map_get("index", t, JSON_INTEGER);
        pol_s = libxl__json_map_get("policy", t, JSON_STRING);
        if (!idx || !pol_s || strlen(pol_s->u.string) != 64)
            return XLRT_ERROR_FAIL;
        pol->msrs[i].index = (uint32_t)idx->u.i;
        memcpy(pol->msrs[i].policy, pol_s->u.string, 65);
        pol->nr_msrs++;
    }
    return 0;
}

/*
 * Map format (xlrt_cpuid_json_map): {"cpuid": [...], "msr": [...]}, both
 * members required; a plain array of leaves (the legacy format) is accepted
 * too.  Legacy format: the array only; [] leaves the policy NULL.
 */
int libxl__cpuid_policy_list_parse_json(libxl__gc *gc,
                                        const libxl__json_object *o,
                                        libxl_cpuid_policy_list *p)
{
    const libxl__json_object *leaves = o, *msrs = NULL;
    int rc;

    if (xlrt_cpuid_json_map && libxl__json_object_is_map(o)) {
        leaves = libxl__json_map_get("cpuid", o, JSON_ARRAY);
        if (!leaves)
            return XLRT_ERROR_FAIL;
        msrs = o;
    } else if (!libxl__json_object_is_array(o)) {
        return XLRT_ERROR_FAIL;
    } else if (!xlrt_cpuid_json_map && o->u.array->count == 0) {
        return 0;
    }

    libxl_cpuid_dispose(p);
    *p = libxl__calloc(NOGC, 1, sizeof(**p));
    rc = parse_leaves(gc, leaves, *p);
    if (rc || !msrs)
        return rc;
    msrs = libxl__json_map_get("msr", o, JSON_ARRAY);
    if (!msrs)
        return XLRT_ERROR_FAIL;
    return parse_msrs(gc, msrs, *p);
}
