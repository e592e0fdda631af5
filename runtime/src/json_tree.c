/*
 * json_tree.c - the JSON object tree, its parser (yajl, for both
 * generation backends), TYPE_from_json, and the scalar parsers.
 */
#include "xlrt_internal.h"

#include <math.h>
#include <strings.h>
#include <yajl/yajl_parse.h>

/* -- lists and nodes ------------------------------------------------------------- */

static libxl__json_list *list_new(void)
{
    libxl__json_list *l = calloc(1, sizeof(*l));
    if (!l)
        libxl__alloc_failed(NULL, __func__, 1, sizeof(*l));
    return l;
}

static void list_append(libxl__json_list *l, void *item)
{
    if (l->count == l->capacity) {
        int cap = l->capacity ? l->capacity * 2 : 4;
        void **items = realloc(l->items, cap * sizeof(*items));
        if (!items)
            libxl__alloc_failed(NULL, __func__, cap, sizeof(*items));
        l->items = items;
        l->capacity = cap;
    }
    l->items[l->count++] = item;
}

static libxl__json_object *node_new(libxl__json_node_type type)
{
    libxl__json_object *o = calloc(1, sizeof(*o));
    if (!o)
        libxl__alloc_failed(NULL, __func__, 1, sizeof(*o));
    o->type = type;
    if (type == JSON_ARRAY)
        o->u.array = list_new();
    else if (type == JSON_MAP)
        o->u.map = list_new();
    return o;
}

static char *text_dup(const unsigned char *s, size_t len)
{
    char *t = malloc(len + 1);
    if (!t)
        libxl__alloc_failed(NULL, __func__, len + 1, 1);
    memcpy(t, s, len);
    t[len] = '\0';      /* an embedded NUL ends the C string early */
    return t;
}

void libxl__json_object_free(libxl__gc *gc_unused, libxl__json_object *obj)
{
    int i;

    (void)gc_unused;
    if (!obj)
        return;
    switch (obj->type) {
    case JSON_STRING:
    case JSON_NUMBER:
        free(obj->u.string);
        break;
    case JSON_ARRAY:
        for (i = 0; i < obj->u.array->count; i++)
            libxl__json_object_free(NULL, obj->u.array->items[i]);
        free(obj->u.array->items);
        free(obj->u.array);
        break;
    case JSON_MAP:
        for (i = 0; i < obj->u.map->count; i++) {
            libxl__json_map_node *n = obj->u.map->items[i];
            libxl__json_object_free(NULL, n->obj);
            free(n->map_key);
            free(n);
        }
        free(obj->u.map->items);
        free(obj->u.map);
        break;
    default:
        break;
    }
    free(obj);
}

static void tree_release(void *p)
{
    libxl__json_object_free(NULL, p);
}

libxl__json_object *libxl__json_array_get(const libxl__json_object *o, int i)
{
    const libxl__json_list *l = libxl__json_object_get_array(o);

    if (!l || i < 0 || i >= l->count)
        return NULL;
    return l->items[i];
}

libxl__json_map_node *libxl__json_map_node_get(const libxl__json_object *o, int i)
{
    const libxl__json_list *l = libxl__json_object_get_map(o);

    if (!l || i < 0 || i >= l->count)
        return NULL;
    return l->items[i];
}

const libxl__json_object *libxl__json_map_get(const char *key,
                                              const libxl__json_object *o,
                                              libxl__json_node_type mask)
{
    const libxl__json_list *l = libxl__json_object_get_map(o);
    int i;

    if (!l)
        return NULL;
    for (i = 0; i < l->count; i++) {
        const libxl__json_map_node *n = l->items[i];
        if (strcmp(n->map_key, key) != 0)
            continue;
        /* Only the first member of that name counts. */
        if (mask == JSON_ANY || (n->obj && (n->obj->type & mask)))
            return n->obj;
        return NULL;
    }
    return NULL;
}

/* -- parser ------------------------------------------------------------------------ */

typedef struct {
    libxl__gc *gc;
    libxl__json_object *root;
    libxl__json_object *current;    /* innermost open array or map */
} parse_state;

/* Attach a new value to the open container (or make it the root). */
static int attach(parse_state *st, libxl__json_object *o)
{
    libxl__json_object *dst = st->current;

    if (dst) {
        if (dst->type == JSON_ARRAY) {
            list_append(dst->u.array, o);
        } else {
            libxl__json_list *m = dst->u.map;
            libxl__json_map_node *last = m->count ? m->items[m->count - 1] : NULL;
            if (!last || last->obj) {
                /* yajl never does this: a map value without its key */
                LIBXL__LOG(st->gc->owner, ERROR, "map value without a key");
                libxl__json_object_free(NULL, o);
                return 0;
            }
            last->obj = o;
        }
    } else if (st->root) {
        /* a second top-level value: ignored, as trailing data is */
        libxl__json_object_free(NULL, o);
        return 1;
    } else {
        st->root = o;
    }
    o->parent = dst;
    if (o->type == JSON_ARRAY || o->type == JSON_MAP)
        st->current = o;
    return 1;
}

static int on_null(void *ctx)
{
    return attach(ctx, node_new(JSON_NULL));
}

static int on_boolean(void *ctx, int b)
{
    libxl__json_object *o = node_new(JSON_BOOL);
    o->u.b = b != 0;
    return attach(ctx, o);
}

/*
 * Numbers arrive as text.  With a '.' they are doubles; otherwise base-10
 * long long integers.  What does not fit is kept as text (JSON_NUMBER), so
 * that a uint64 above LLONG_MAX can still be read by libxl__uint64_parse_json.
 * As in libxl, an exponent without a '.' ("1e3") is read as the integer
 * before it.
 */
static int on_number(void *ctx, const char *s, size_t len)
{
    char *text = text_dup((const unsigned char *)s, len);
    libxl__json_object *o;

    errno = 0;
    if (memchr(text, '.', len)) {
        double d = strtod(text, NULL);
        if (errno == ERANGE && (d == HUGE_VAL || d == -HUGE_VAL))
            goto keep_text;
        o = node_new(JSON_DOUBLE);
        o->u.d = d;
    } else {
        long long i = strtoll(text, NULL, 10);
        if (errno == ERANGE)
            goto keep_text;
        o = node_new(JSON_INTEGER);
        o->u.i = i;
    }
    free(text);
    return attach(ctx, o);

keep_text:
    o = node_new(JSON_NUMBER);
    o->u.string = text;
    return attach(ctx, o);
}

static int on_string(void *ctx, const unsigned char *s, size_t len)
{
    libxl__json_object *o = node_new(JSON_STRING);
    o->u.string = text_dup(s, len);
    return attach(ctx, o);
}

static int on_map_key(void *ctx, const unsigned char *s, size_t len)
{
    parse_state *st = ctx;
    libxl__json_map_node *n;

    if (!libxl__json_object_is_map(st->current)) {
        LIBXL__LOG(st->gc->owner, ERROR, "map key outside a map");
        return 0;
    }
    n = calloc(1, sizeof(*n));
    if (!n)
        libxl__alloc_failed(st->gc->owner, __func__, 1, sizeof(*n));
    n->map_key = text_dup(s, len);
    list_append(st->current->u.map, n);
    return 1;
}

static int on_start_map(void *ctx)
{
    return attach(ctx, node_new(JSON_MAP));
}

static int on_start_array(void *ctx)
{
    return attach(ctx, node_new(JSON_ARRAY));
}

static int on_end(void *ctx)
{
    parse_state *st = ctx;

    if (!st->current) {
        LIBXL__LOG(st->gc->owner, ERROR, "closing a container that is not open");
        return 0;
    }
    st->current = st->current->parent;
    return 1;
}

static const yajl_callbacks parse_callbacks = {
    .yajl_null = on_null,
    .yajl_boolean = on_boolean,
    .yajl_number = on_number,
    .yajl_string = on_string,
    .yajl_start_map = on_start_map,
    .yajl_map_key = on_map_key,
    .yajl_end_map = on_end,
    .yajl_start_array = on_start_array,
    .yajl_end_array = on_end,
};

libxl__json_object *libxl__json_parse(libxl__gc *gc, const char *s)
{
    parse_state st = { .gc = gc };
    yajl_handle hand;
    yajl_status status;
    size_t len = s ? strlen(s) : 0;

    if (!s) {
        LOG(ERROR, "no JSON text");
        return NULL;
    }
    hand = yajl_alloc(&parse_callbacks, NULL, &st);
    if (!hand)
        libxl__alloc_failed(CTX, __func__, 1, 0);
    yajl_config(hand, yajl_allow_trailing_garbage, 1);

    status = yajl_parse(hand, (const unsigned char *)s, len);
    if (status == yajl_status_ok)
        status = yajl_complete_parse(hand);
    if (status != yajl_status_ok) {
        unsigned char *why = yajl_get_error(hand, 1, (const unsigned char *)s, len);
        LOG(ERROR, "yajl error: %s", why ? (const char *)why : "(unknown)");
        if (why)
            yajl_free_error(hand, why);
        goto fail;
    }
    if (!st.root) {
        LOG(ERROR, "empty JSON text");
        goto fail;
    }
    yajl_free(hand);
    libxl__gc_add(gc, tree_release, st.root);
    return st.root;

fail:
    yajl_free(hand);
    libxl__json_object_free(NULL, st.root);
    return NULL;
}

int libxl__object_from_json(libxl_ctx *ctx, const char *type,
                            libxl__json_parse_callback parse,
                            void *p, const char *s)
{
    GC_INIT(ctx);
    libxl__json_object *o;
    int rc;

    o = libxl__json_parse(gc, s);
    if (!o) {
        LOG(ERROR, "unable to generate libxl__json_object from JSON "
            "representation of %s.", type);
        rc = XLRT_ERROR_FAIL;
        goto out;
    }
    rc = parse(gc, o, p);
    if (rc) {
        LOG(ERROR, "unable to convert libxl__json_object to %s. (rc=%d)",
            type, rc);
        rc = XLRT_ERROR_FAIL;
    }
out:
    GC_FREE;
    return rc;
}

/* -- scalars ---------------------------------------------------------------------- */

int libxl__int_parse_json(libxl__gc *gc, const libxl__json_object *o, void *p)
{
    long long i;

    (void)gc;
    if (!libxl__json_object_is_integer(o))
        return XLRT_ERROR_FAIL;
    i = o->u.i;
    if (i < INT_MIN || i > INT_MAX)
        return XLRT_ERROR_FAIL;
    *(int *)p = (int)i;
    return 0;
}

static int parse_unsigned(const libxl__json_object *o, unsigned long long max,
                          unsigned long long *v)
{
    if (!libxl__json_object_is_integer(o) || o->u.i < 0 ||
        (unsigned long long)o->u.i > max)
        return XLRT_ERROR_FAIL;
    *v = (unsigned long long)o->u.i;
    return 0;
}

int libxl__uint8_parse_json(libxl__gc *gc, const libxl__json_object *o, void *p)
{
    unsigned long long v;
    int rc = parse_unsigned(o, UINT8_MAX, &v);

    (void)gc;
    if (!rc)
        *(uint8_t *)p = (uint8_t)v;
    return rc;
}

int libxl__uint16_parse_json(libxl__gc *gc, const libxl__json_object *o, void *p)
{
    unsigned long long v;
    int rc = parse_unsigned(o, UINT16_MAX, &v);

    (void)gc;
    if (!rc)
        *(uint16_t *)p = (uint16_t)v;
    return rc;
}

int libxl__uint32_parse_json(libxl__gc *gc, const libxl__json_object *o, void *p)
{
    unsigned long long v;
    int rc = parse_unsigned(o, UINT32_MAX, &v);

    (void)gc;
    if (!rc)
        *(uint32_t *)p = (uint32_t)v;
    return rc;
}

/* Integers >= 0, and numbers too large for a long long (kept as text). */
int libxl__uint64_parse_json(libxl__gc *gc, const libxl__json_object *o, void *p)
{
    (void)gc;
    if (libxl__json_object_is_integer(o)) {
        if (o->u.i < 0)
            return XLRT_ERROR_FAIL;
        *(uint64_t *)p = (uint64_t)o->u.i;
        return 0;
    }
    if (libxl__json_object_is_number(o)) {
        const char *s = o->u.string;
        char *end;
        unsigned long long v;
        int saved_errno = errno;

        /* strtoull would accept "-5" as a huge value: only digits here */
        if (*s < '0' || *s > '9')
            return XLRT_ERROR_FAIL;
        errno = 0;
        v = strtoull(s, &end, 10);
        if (errno == ERANGE || *end) {
            errno = saved_errno;
            return XLRT_ERROR_FAIL;
        }
        errno = saved_errno;
        *(uint64_t *)p = v;
        return 0;
    }
    return XLRT_ERROR_FAIL;
}

int libxl__bool_parse_json(libxl__gc *gc, const libxl__json_object *o, bool *p)
{
    (void)gc;
    if (!libxl__json_object_is_bool(o))
        return XLRT_ERROR_FAIL;
    *p = o->u.b;
    return 0;
}

int libxl__string_parse_json(libxl__gc *gc, const libxl__json_object *o, char **p)
{
    if (libxl__json_object_is_null(o)) {
        *p = NULL;
        return 0;
    }
    if (!libxl__json_object_is_string(o))
        return XLRT_ERROR_FAIL;
    *p = libxl__strdup(NOGC, o->u.string);
    return 0;
}

int libxl__enum_from_string(const libxl_enum_string_table *t, const char *s,
                            int *e)
{
    if (!t || !s)
        return XLRT_ERROR_INVAL;
    for (; t->s; t++) {
        if (!strcasecmp(t->s, s)) {
            *e = t->v;
            return 0;
        }
    }
    return XLRT_ERROR_FAIL;
}
