
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
static void t_colour_rand_init(t_colour *p);
static void t_colour_rand_init(t_colour *p)
{
    *p = T_COLOUR_GREEN;
}

static void t_errno_rand_init(t_errno *p);
static void t_errno_rand_init(t_errno *p)
{
    *p = ERRNO_NOMEM;
}

static void t_mode_rand_init(t_mode *p);
static void t_mode_rand_init(t_mode *p)
{
    *p = T_MODE_INVALID;
}

static void other_level_rand_init(other_level *p);
static void other_level_rand_init(other_level *p)
{
    *p = X_LEVEL_LOW;
}

static void t_holder_rand_init(t_holder *p);
static void t_holder_rand_init(t_holder *p)
{
    p->colour = T_COLOUR_GREEN;
    p->mode = T_MODE_ON;
    p->level = X_LEVEL_HIGH;
}


int main(int argc, char **argv)
{
    t_colour t_colour_val, t_colour_val_new;
    t_errno t_errno_val, t_errno_val_new;
    t_mode t_mode_val, t_mode_val_new;
    other_level other_level_val, other_level_val_new;
    t_holder t_holder_val, t_holder_val_new;

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
    t_colour_rand_init(&t_colour_val);
    s = t_colour_to_json(ctx, t_colour_val);
    printf("%s: %s\n", "t_colour", s);
    if (s == NULL) abort();
    rc = t_colour_from_json(ctx, &t_colour_val_new, s);
    if (rc) abort();
    new_s = t_colour_to_json(ctx, t_colour_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    t_errno_rand_init(&t_errno_val);
    s = t_errno_to_json(ctx, t_errno_val);
    printf("%s: %s\n", "t_errno", s);
    if (s == NULL) abort();
    rc = t_errno_from_json(ctx, &t_errno_val_new, s);
    if (rc) abort();
    new_s = t_errno_to_json(ctx, t_errno_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    t_mode_rand_init(&t_mode_val);
    s = t_mode_to_json(ctx, t_mode_val);
    printf("%s: %s\n", "t_mode", s);
    if (s == NULL) abort();
    rc = t_mode_from_json(ctx, &t_mode_val_new, s);
    if (rc) abort();
    new_s = t_mode_to_json(ctx, t_mode_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    other_level_rand_init(&other_level_val);
    s = other_level_to_json(ctx, other_level_val);
    printf("%s: %s\n", "other_level", s);
    if (s == NULL) abort();
    rc = other_level_from_json(ctx, &other_level_val_new, s);
    if (rc) abort();
    new_s = other_level_to_json(ctx, other_level_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    t_holder_rand_init(&t_holder_val);
    t_holder_init(&t_holder_val_new);
    s = t_holder_to_json(ctx, &t_holder_val);
    printf("%s: %s\n", "t_holder", s);
    if (s == NULL) abort();
    rc = t_holder_from_json(ctx, &t_holder_val_new, s);
    if (rc) abort();
    new_s = t_holder_to_json(ctx, &t_holder_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_holder_dispose(&t_holder_val);
    t_holder_dispose(&t_holder_val_new);

    printf("Testing TYPE_copy()\n");
    printf("----------------------\n");
    printf("\n");
    printf("Testing t_holder_copy, ");
    t_holder_init(&t_holder_val);
    t_holder_rand_init(&t_holder_val);
    t_holder_init(&t_holder_val_new);
    t_holder_copy(ctx, &t_holder_val_new, &t_holder_val);
    s = t_holder_to_json(ctx, &t_holder_val);
    if (s == NULL) abort();
    new_s = t_holder_to_json(ctx, &t_holder_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for t_holder failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_holder_dispose(&t_holder_val);
    t_holder_dispose(&t_holder_val_new);
    printf("done\n");

    printf("\n");
    printf("Testing Enumerations\n");
    printf("--------------------\n");
    printf("\n");
    printf("t_colour -- to string:\n");
    printf("\tRED = %d = \"%s\"\n", T_COLOUR_RED, t_colour_to_string(T_COLOUR_RED));
    printf("\tGREEN = %d = \"%s\"\n", T_COLOUR_GREEN, t_colour_to_string(T_COLOUR_GREEN));
    printf("\tBLUE = %d = \"%s\"\n", T_COLOUR_BLUE, t_colour_to_string(T_COLOUR_BLUE));

    printf("t_colour -- to JSON:\n");
    json_string = t_colour_to_json(ctx, T_COLOUR_RED);
    printf("\tRED = %d = %s", T_COLOUR_RED, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_colour_to_json(ctx, T_COLOUR_GREEN);
    printf("\tGREEN = %d = %s", T_COLOUR_GREEN, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_colour_to_json(ctx, T_COLOUR_BLUE);
    printf("\tBLUE = %d = %s", T_COLOUR_BLUE, json_string);
    free(json_string);
    json_string = NULL;

    printf("t_colour -- from string:\n");
    t_colour_val = -1;
    rc = t_colour_from_string("reD", &t_colour_val);
    printf("\tRED = \"%s\" = %d (rc %d)\n", "reD", t_colour_val, rc);
    t_colour_val = -1;
    rc = t_colour_from_string("GREeN", &t_colour_val);
    printf("\tGREEN = \"%s\" = %d (rc %d)\n", "GREeN", t_colour_val, rc);
    t_colour_val = -1;
    rc = t_colour_from_string("blUE", &t_colour_val);
    printf("\tBLUE = \"%s\" = %d (rc %d)\n", "blUE", t_colour_val, rc);
    t_colour_val = -1;
    rc = t_colour_from_string("An iNVAlId vALue", &t_colour_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "An iNVAlId vALue", t_colour_val, rc);

    printf("t_errno -- to string:\n");
    printf("\tFAIL = %d = \"%s\"\n", ERRNO_FAIL, t_errno_to_string(ERRNO_FAIL));
    printf("\tNOMEM = %d = \"%s\"\n", ERRNO_NOMEM, t_errno_to_string(ERRNO_NOMEM));

    printf("t_errno -- to JSON:\n");
    json_string = t_errno_to_json(ctx, ERRNO_FAIL);
    printf("\tFAIL = %d = %s", ERRNO_FAIL, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_errno_to_json(ctx, ERRNO_NOMEM);
    printf("\tNOMEM = %d = %s", ERRNO_NOMEM, json_string);
    free(json_string);
    json_string = NULL;

    printf("t_errno -- from string:\n");
    t_errno_val = -1;
    rc = t_errno_from_string("fAil", &t_errno_val);
    printf("\tFAIL = \"%s\" = %d (rc %d)\n", "fAil", t_errno_val, rc);
    t_errno_val = -1;
    rc = t_errno_from_string("NOmeM", &t_errno_val);
    printf("\tNOMEM = \"%s\" = %d (rc %d)\n", "NOmeM", t_errno_val, rc);
    t_errno_val = -1;
    rc = t_errno_from_string("aN inVAlId VAlUe", &t_errno_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "aN inVAlId VAlUe", t_errno_val, rc);

    printf("t_mode -- to string:\n");
    printf("\tINVALID = %d = \"%s\"\n", T_MODE_INVALID, t_mode_to_string(T_MODE_INVALID));
    printf("\tON = %d = \"%s\"\n", T_MODE_ON, t_mode_to_string(T_MODE_ON));
    printf("\tOFF = %d = \"%s\"\n", T_MODE_OFF, t_mode_to_string(T_MODE_OFF));

    printf("t_mode -- to JSON:\n");
    json_string = t_mode_to_json(ctx, T_MODE_INVALID);
    printf("\tINVALID = %d = %s", T_MODE_INVALID, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_mode_to_json(ctx, T_MODE_ON);
    printf("\tON = %d = %s", T_MODE_ON, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_mode_to_json(ctx, T_MODE_OFF);
    printf("\tOFF = %d = %s", T_MODE_OFF, json_string);
    free(json_string);
    json_string = NULL;

    printf("t_mode -- from string:\n");
    t_mode_val = -1;
    rc = t_mode_from_string("iNvALiD", &t_mode_val);
    printf("\tINVALID = \"%s\" = %d (rc %d)\n", "iNvALiD", t_mode_val, rc);
    t_mode_val = -1;
    rc = t_mode_from_string("On", &t_mode_val);
    printf("\tON = \"%s\" = %d (rc %d)\n", "On", t_mode_val, rc);
    t_mode_val = -1;
    rc = t_mode_from_string("ofF", &t_mode_val);
    printf("\tOFF = \"%s\" = %d (rc %d)\n", "ofF", t_mode_val, rc);
    t_mode_val = -1;
    rc = t_mode_from_string("An INVaLID VaLue", &t_mode_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "An INVaLID VaLue", t_mode_val, rc);

    printf("other_level -- to string:\n");
    printf("\tLOW = %d = \"%s\"\n", X_LEVEL_LOW, other_level_to_string(X_LEVEL_LOW));
    printf("\tHIGH = %d = \"%s\"\n", X_LEVEL_HIGH, other_level_to_string(X_LEVEL_HIGH));

    printf("other_level -- to JSON:\n");
    json_string = other_level_to_json(ctx, X_LEVEL_LOW);
    printf("\tLOW = %d = %s", X_LEVEL_LOW, json_string);
    free(json_string);
    json_string = NULL;
    json_string = other_level_to_json(ctx, X_LEVEL_HIGH);
    printf("\tHIGH = %d = %s", X_LEVEL_HIGH, json_string);
    free(json_string);
    json_string = NULL;

    printf("other_level -- from string:\n");
    other_level_val = -1;
    rc = other_level_from_string("low", &other_level_val);
    printf("\tLOW = \"%s\" = %d (rc %d)\n", "low", other_level_val, rc);
    other_level_val = -1;
    rc = other_level_from_string("HIGH", &other_level_val);
    printf("\tHIGH = \"%s\" = %d (rc %d)\n", "HIGH", other_level_val, rc);
    other_level_val = -1;
    rc = other_level_from_string("AN INvaLiD ValUE", &other_level_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "AN INvaLiD ValUE", other_level_val, rc);



    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger*)logger);

    return 0;
}
