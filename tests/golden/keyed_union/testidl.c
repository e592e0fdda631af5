
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <assert.h>

#include "libxl.h"
#include "libxl_utils.h"

static int test_rand(unsigned max)
{
    /* We are not using rand() for its cryptographic properies. */
    return rand() % max;
}

static char *rand_str(void)
{
    int i, sz = test_rand(32);
    char *s = malloc(sz+1);
    assert(s);
    for (i=0; i<sz; i++)
        s[i] = 'a' + test_rand(26);
    s[i] = '\0';
    return s;
}

static void rand_bytes(uint8_t *p, size_t sz)
{
    int i;
    for (i=0; i<sz; i++)
        p[i] = test_rand(256);
}

static void libxl_bitmap_rand_init(libxl_bitmap *bitmap)
{
    int i;
    bitmap->size = test_rand(16);
    bitmap->map = calloc(bitmap->size, sizeof(*bitmap->map));
    assert(bitmap->map);
    libxl_for_each_bit(i, *bitmap) {
        if (test_rand(2))
            libxl_bitmap_set(bitmap, i);
        else
            libxl_bitmap_reset(bitmap, i);
    }
}

static void libxl_key_value_list_rand_init(libxl_key_value_list *pkvl)
{
    int i, nr_kvp = test_rand(16);
    libxl_key_value_list kvl = calloc(nr_kvp+1, 2*sizeof(char *));
    assert(kvl);

    for (i = 0; i<2*nr_kvp; i += 2) {
        kvl[i] = rand_str();
        if (test_rand(8))
            kvl[i+1] = rand_str();
        else
            kvl[i+1] = NULL;
    }
    kvl[i] = NULL;
    kvl[i+1] = NULL;
    *pkvl = kvl;
}

static void libxl_cpuid_policy_list_rand_init(libxl_cpuid_policy_list *pp)
{
    int i, nr_policies = test_rand(16);
    struct {
        const char *n;
        int w;
    } options[] = {
      /* A random selection from libxl_cpuid_parse_config */
        {"maxleaf",     32},
        {"family",       8},
        {"model",        8},
        {"stepping",     4},
        {"localapicid",  8},
        {"proccount",    8},
        {"clflush",      8},
        {"brandid",      8},
        {"f16c",         1},
        {"avx",          1},
        {"osxsave",      1},
        {"xsave",        1},
        {"aes",          1},
        {"popcnt",       1},
        {"movbe",        1},
        {"x2apic",       1},
        {"sse4.2",       1},
        {"sse4.1",       1},
        {"dca",          1},
        {"pdcm",         1},
        {"procpkg",      6},
    };
    const int nr_options = sizeof(options)/sizeof(options[0]);
    char buf[64];
    libxl_cpuid_policy_list p = NULL;

    for (i = 0; i < nr_policies; i++) {
        int opt = test_rand(nr_options);
        int val = test_rand(1<<options[opt].w);
        snprintf(buf, 64, "%s=%#x", options[opt].n, val);
        libxl_cpuid_parse_config(&p, buf);
    }
    *pp = p;
}

static void libxl_string_list_rand_init(libxl_string_list *p)
{
    int i, nr = test_rand(16);
    libxl_string_list l = calloc(nr+1, sizeof(char *));
    assert(l);

    for (i = 0; i<nr; i++) {
        l[i] = rand_str();
    }
    l[i] = NULL;
    *p = l;
}
static void t_kind_rand_init(t_kind *p);
static void t_kind_rand_init(t_kind *p)
{
    *p = T_KIND_D;
}

static void t_point_rand_init(t_point *p);
static void t_point_rand_init(t_point *p)
{
    p->x = test_rand(sizeof(p->x) * 8);
    p->y = test_rand(sizeof(p->y) * 8);
}

static void t_shape_rand_init(t_shape *p);
static void t_shape_rand_init(t_shape *p)
{
    p->name = rand_str();
    p->kind = T_KIND_D;
    switch (p->kind) {
    case T_KIND_A:
        p->u.a.radius = test_rand(sizeof(p->u.a.radius) * 8);
        p->u.a.label = rand_str();
        break;
    case T_KIND_B:
        t_point_rand_init(&p->u.b);
        break;
    case T_KIND_C:
        break;
    case T_KIND_D:
        p->u.d.num_corners = test_rand(8);
        p->u.d.corners = calloc(p->u.d.num_corners, sizeof(*p->u.d.corners));
        assert(p->u.d.corners);
        {
            int i;
            for (i=0; i<p->u.d.num_corners; i++)
                t_point_rand_init(&p->u.d.corners[i]);
        }
        break;
    }
}

static void t_outer_rand_init(t_outer *p);
static void t_outer_rand_init(t_outer *p)
{
    p->id = test_rand(sizeof(p->id) * 8);
    p->inner.tag = rand_str();
    p->inner.which = T_KIND_A;
    switch (p->inner.which) {
    case T_KIND_A:
        p->inner.v.a.n = test_rand(sizeof(p->inner.v.a.n) * 8);
        break;
    case T_KIND_B:
        break;
    case T_KIND_C:
        break;
    case T_KIND_D:
        break;
    }
}


int main(int argc, char **argv)
{
    t_kind t_kind_val, t_kind_val_new;
    t_point t_point_val, t_point_val_new;
    t_shape t_shape_val, t_shape_val_new;
    t_outer t_outer_val, t_outer_val_new;

    int rc;
    char *s, *new_s, *json_string;
    xentoollog_logger_stdiostream *logger;
    libxl_ctx *ctx;

    logger = xtl_createlogger_stdiostream(stderr, XTL_DETAIL, 0);
    if (!logger) exit(1);

    if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger*)logger)) {
        fprintf(stderr, "cannot init xl context\n");
        exit(1);
    }
    printf("Testing TYPE_to/from_json()\n");
    printf("----------------------\n");
    printf("\n");
    t_kind_rand_init(&t_kind_val);
    s = t_kind_to_json(ctx, t_kind_val);
    printf("%s: %s\n", "t_kind", s);
    if (s == NULL) abort();
    rc = t_kind_from_json(ctx, &t_kind_val_new, s);
    if (rc) abort();
    new_s = t_kind_to_json(ctx, t_kind_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    t_point_rand_init(&t_point_val);
    t_point_init(&t_point_val_new);
    t_point_init(&t_point_val_new);
    s = t_point_to_json(ctx, &t_point_val);
    printf("%s: %s\n", "t_point", s);
    if (s == NULL) abort();
    rc = t_point_from_json(ctx, &t_point_val_new, s);
    if (rc) abort();
    new_s = t_point_to_json(ctx, &t_point_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_point_dispose(&t_point_val);
    t_point_dispose(&t_point_val_new);
    t_point_dispose(&t_point_val_new);
    t_point_dispose(&t_point_val_new);
    t_point_dispose(&t_point_val_new);
    t_point_dispose(&t_point_val_new);
    t_point_dispose(&t_point_val_new);
    t_point_dispose(&t_point_val_new);

    t_shape_rand_init(&t_shape_val);
    t_shape_init(&t_shape_val_new);
    t_shape_init(&t_shape_val_new);
    t_shape_init(&t_shape_val_new);
    t_shape_init(&t_shape_val_new);
    t_shape_init(&t_shape_val_new);
    t_shape_init(&t_shape_val_new);
    t_shape_init(&t_shape_val_new);
    s = t_shape_to_json(ctx, &t_shape_val);
    printf("%s: %s\n", "t_shape", s);
    if (s == NULL) abort();
    rc = t_shape_from_json(ctx, &t_shape_val_new, s);
    if (rc) abort();
    new_s = t_shape_to_json(ctx, &t_shape_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_shape_dispose(&t_shape_val);
    t_shape_dispose(&t_shape_val_new);
    t_shape_dispose(&t_shape_val_new);
    t_shape_dispose(&t_shape_val_new);
    t_shape_dispose(&t_shape_val_new);
    t_shape_dispose(&t_shape_val_new);

    t_outer_rand_init(&t_outer_val);
    t_outer_init(&t_outer_val_new);
    s = t_outer_to_json(ctx, &t_outer_val);
    printf("%s: %s\n", "t_outer", s);
    if (s == NULL) abort();
    rc = t_outer_from_json(ctx, &t_outer_val_new, s);
    if (rc) abort();
    new_s = t_outer_to_json(ctx, &t_outer_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_outer_dispose(&t_outer_val);
    t_outer_dispose(&t_outer_val_new);

    printf("Testing TYPE_copy()\n");
    printf("----------------------\n");
    printf("\n");
    printf("Testing t_point_copy, ");
    t_point_init(&t_point_val);
    t_point_rand_init(&t_point_val);
    t_point_init(&t_point_val_new);
    t_point_copy(ctx, &t_point_val_new, &t_point_val);
    s = t_point_to_json(ctx, &t_point_val);
    if (s == NULL) abort();
    new_s = t_point_to_json(ctx, &t_point_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for t_point failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_point_dispose(&t_point_val);
    t_point_dispose(&t_point_val_new);
    printf("done\n");

    printf("Testing t_shape_copy, ");
    t_shape_init(&t_shape_val);
    t_shape_rand_init(&t_shape_val);
    t_shape_init(&t_shape_val_new);
    t_shape_copy(ctx, &t_shape_val_new, &t_shape_val);
    s = t_shape_to_json(ctx, &t_shape_val);
    if (s == NULL) abort();
    new_s = t_shape_to_json(ctx, &t_shape_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for t_shape failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_shape_dispose(&t_shape_val);
    t_shape_dispose(&t_shape_val_new);
    printf("done\n");

    printf("Testing t_outer_copy, ");
    t_outer_init(&t_outer_val);
    t_outer_rand_init(&t_outer_val);
    t_outer_init(&t_outer_val_new);
    t_outer_copy(ctx, &t_outer_val_new, &t_outer_val);
    s = t_outer_to_json(ctx, &t_outer_val);
    if (s == NULL) abort();
    new_s = t_outer_to_json(ctx, &t_outer_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for t_outer failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_outer_dispose(&t_outer_val);
    t_outer_dispose(&t_outer_val_new);
    printf("done\n");

    printf("\n");
    printf("Testing Enumerations\n");
    printf("--------------------\n");
    printf("\n");
    printf("t_kind -- to string:\n");
    printf("\tA = %d = \"%s\"\n", T_KIND_A, t_kind_to_string(T_KIND_A));
    printf("\tB = %d = \"%s\"\n", T_KIND_B, t_kind_to_string(T_KIND_B));
    printf("\tC = %d = \"%s\"\n", T_KIND_C, t_kind_to_string(T_KIND_C));
    printf("\tD = %d = \"%s\"\n", T_KIND_D, t_kind_to_string(T_KIND_D));

    printf("t_kind -- to JSON:\n");
    json_string = t_kind_to_json(ctx, T_KIND_A);
    printf("\tA = %d = %s", T_KIND_A, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_kind_to_json(ctx, T_KIND_B);
    printf("\tB = %d = %s", T_KIND_B, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_kind_to_json(ctx, T_KIND_C);
    printf("\tC = %d = %s", T_KIND_C, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_kind_to_json(ctx, T_KIND_D);
    printf("\tD = %d = %s", T_KIND_D, json_string);
    free(json_string);
    json_string = NULL;

    printf("t_kind -- from string:\n");
    t_kind_val = -1;
    rc = t_kind_from_string("a", &t_kind_val);
    printf("\tA = \"%s\" = %d (rc %d)\n", "a", t_kind_val, rc);
    t_kind_val = -1;
    rc = t_kind_from_string("b", &t_kind_val);
    printf("\tB = \"%s\" = %d (rc %d)\n", "b", t_kind_val, rc);
    t_kind_val = -1;
    rc = t_kind_from_string("C", &t_kind_val);
    printf("\tC = \"%s\" = %d (rc %d)\n", "C", t_kind_val, rc);
    t_kind_val = -1;
    rc = t_kind_from_string("D", &t_kind_val);
    printf("\tD = \"%s\" = %d (rc %d)\n", "D", t_kind_val, rc);
    t_kind_val = -1;
    rc = t_kind_from_string("AN InvALId vALUe", &t_kind_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "AN InvALId vALUe", t_kind_val, rc);



    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger*)logger);

    return 0;
}
