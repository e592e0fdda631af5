
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
static void libxl_defbool_rand_init(libxl_defbool *p);
static void libxl_defbool_rand_init(libxl_defbool *p)
{
    libxl_defbool_set(p, test_rand(2));
}

static void t_state_rand_init(t_state *p);
static void t_state_rand_init(t_state *p)
{
    *p = T_STATE_BUSY;
}

static void t_item_rand_init(t_item *p);
static void t_item_rand_init(t_item *p)
{
    p->name = rand_str();
    p->weight = test_rand(sizeof(p->weight) * 8);
}

static void t_plain_rand_init(t_plain *p);
static void t_plain_rand_init(t_plain *p)
{
    p->a = test_rand(sizeof(p->a) * 8);
    p->b = rand_str();
}

static void t_lists_rand_init(t_lists *p);
static void t_lists_rand_init(t_lists *p)
{
    p->num_numbers = test_rand(8);
    p->numbers = calloc(p->num_numbers, sizeof(*p->numbers));
    assert(p->numbers);
    {
        int i;
        for (i=0; i<p->num_numbers; i++)
            p->numbers[i] = test_rand(sizeof(p->numbers[i]) * 8);
    }
    p->num_words = test_rand(8);
    p->words = calloc(p->num_words, sizeof(*p->words));
    assert(p->words);
    {
        int i;
        for (i=0; i<p->num_words; i++)
            p->words[i] = rand_str();
    }
    p->num_states = test_rand(8);
    p->states = calloc(p->num_states, sizeof(*p->states));
    assert(p->states);
    {
        int i;
        for (i=0; i<p->num_states; i++)
            p->states[i] = T_STATE_BUSY;
    }
    p->num_items = test_rand(8);
    p->items = calloc(p->num_items, sizeof(*p->items));
    assert(p->items);
    {
        int i;
        for (i=0; i<p->num_items; i++)
            t_item_rand_init(&p->items[i]);
    }
    p->num_maps = test_rand(8);
    p->maps = calloc(p->num_maps, sizeof(*p->maps));
    assert(p->maps);
    {
        int i;
        for (i=0; i<p->num_maps; i++)
            libxl_bitmap_rand_init(&p->maps[i]);
    }
    p->num_flags = test_rand(8);
    p->flags = calloc(p->num_flags, sizeof(*p->flags));
    assert(p->flags);
    {
        int i;
        for (i=0; i<p->num_flags; i++)
            libxl_defbool_rand_init(&p->flags[i]);
    }
    p->num_plains = test_rand(8);
    p->plains = calloc(p->num_plains, sizeof(*p->plains));
    assert(p->plains);
    {
        int i;
        for (i=0; i<p->num_plains; i++)
            t_plain_rand_init(&p->plains[i]);
    }
}


int main(int argc, char **argv)
{
    t_state t_state_val, t_state_val_new;
    t_item t_item_val, t_item_val_new;
    t_plain t_plain_val, t_plain_val_new;
    t_lists t_lists_val, t_lists_val_new;

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
    t_state_rand_init(&t_state_val);
    s = t_state_to_json(ctx, t_state_val);
    printf("%s: %s\n", "t_state", s);
    if (s == NULL) abort();
    rc = t_state_from_json(ctx, &t_state_val_new, s);
    if (rc) abort();
    new_s = t_state_to_json(ctx, t_state_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    t_item_rand_init(&t_item_val);
    t_item_init(&t_item_val_new);
    s = t_item_to_json(ctx, &t_item_val);
    printf("%s: %s\n", "t_item", s);
    if (s == NULL) abort();
    rc = t_item_from_json(ctx, &t_item_val_new, s);
    if (rc) abort();
    new_s = t_item_to_json(ctx, &t_item_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_item_dispose(&t_item_val);
    t_item_dispose(&t_item_val_new);
    t_item_dispose(&t_item_val_new);

    t_plain_rand_init(&t_plain_val);
    t_plain_init(&t_plain_val_new);
    t_plain_init(&t_plain_val_new);
    t_plain_init(&t_plain_val_new);
    t_plain_init(&t_plain_val_new);
    t_plain_init(&t_plain_val_new);
    t_plain_init(&t_plain_val_new);
    t_plain_init(&t_plain_val_new);
    s = t_plain_to_json(ctx, &t_plain_val);
    printf("%s: %s\n", "t_plain", s);
    if (s == NULL) abort();
    rc = t_plain_from_json(ctx, &t_plain_val_new, s);
    if (rc) abort();
    new_s = t_plain_to_json(ctx, &t_plain_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_plain_dispose(&t_plain_val);
    t_plain_dispose(&t_plain_val_new);
    t_plain_dispose(&t_plain_val_new);
    t_plain_dispose(&t_plain_val_new);
    t_plain_dispose(&t_plain_val_new);
    t_plain_dispose(&t_plain_val_new);
    t_plain_dispose(&t_plain_val_new);
    t_plain_dispose(&t_plain_val_new);

    t_lists_rand_init(&t_lists_val);
    t_lists_init(&t_lists_val_new);
    t_lists_init(&t_lists_val_new);
    t_lists_init(&t_lists_val_new);
    t_lists_init(&t_lists_val_new);
    t_lists_init(&t_lists_val_new);
    s = t_lists_to_json(ctx, &t_lists_val);
    printf("%s: %s\n", "t_lists", s);
    if (s == NULL) abort();
    rc = t_lists_from_json(ctx, &t_lists_val_new, s);
    if (rc) abort();
    new_s = t_lists_to_json(ctx, &t_lists_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_lists_dispose(&t_lists_val);
    t_lists_dispose(&t_lists_val_new);

    printf("Testing TYPE_copy()\n");
    printf("----------------------\n");
    printf("\n");
    printf("Testing t_item_copy, ");
    t_item_init(&t_item_val);
    t_item_rand_init(&t_item_val);
    t_item_init(&t_item_val_new);
    t_item_copy(ctx, &t_item_val_new, &t_item_val);
    s = t_item_to_json(ctx, &t_item_val);
    if (s == NULL) abort();
    new_s = t_item_to_json(ctx, &t_item_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for t_item failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_item_dispose(&t_item_val);
    t_item_dispose(&t_item_val_new);
    printf("done\n");

    printf("Testing t_lists_copy, ");
    t_lists_init(&t_lists_val);
    t_lists_rand_init(&t_lists_val);
    t_lists_init(&t_lists_val_new);
    t_lists_copy(ctx, &t_lists_val_new, &t_lists_val);
    s = t_lists_to_json(ctx, &t_lists_val);
    if (s == NULL) abort();
    new_s = t_lists_to_json(ctx, &t_lists_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for t_lists failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    t_lists_dispose(&t_lists_val);
    t_lists_dispose(&t_lists_val_new);
    printf("done\n");

    printf("\n");
    printf("Testing Enumerations\n");
    printf("--------------------\n");
    printf("\n");
    printf("t_state -- to string:\n");
    printf("\tIDLE = %d = \"%s\"\n", T_STATE_IDLE, t_state_to_string(T_STATE_IDLE));
    printf("\tBUSY = %d = \"%s\"\n", T_STATE_BUSY, t_state_to_string(T_STATE_BUSY));

    printf("t_state -- to JSON:\n");
    json_string = t_state_to_json(ctx, T_STATE_IDLE);
    printf("\tIDLE = %d = %s", T_STATE_IDLE, json_string);
    free(json_string);
    json_string = NULL;
    json_string = t_state_to_json(ctx, T_STATE_BUSY);
    printf("\tBUSY = %d = %s", T_STATE_BUSY, json_string);
    free(json_string);
    json_string = NULL;

    printf("t_state -- from string:\n");
    t_state_val = -1;
    rc = t_state_from_string("iDLE", &t_state_val);
    printf("\tIDLE = \"%s\" = %d (rc %d)\n", "iDLE", t_state_val, rc);
    t_state_val = -1;
    rc = t_state_from_string("bUsy", &t_state_val);
    printf("\tBUSY = \"%s\" = %d (rc %d)\n", "bUsy", t_state_val, rc);
    t_state_val = -1;
    rc = t_state_from_string("aN INvAlID ValUe", &t_state_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "aN INvAlID ValUe", t_state_val, rc);



    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger*)logger);

    return 0;
}
