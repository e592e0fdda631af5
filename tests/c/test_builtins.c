/*
 * test_builtins.c - unit tests of xlidl's C runtime (runtime/): the builtin
 * types' JSON edge cases, error codes and logging, without any generated code.
 *
 * Built by tests/test_runtime.py against the runtime archive, for each JSON
 * backend (XLIDL_JSON_JSONC) and cpuid format (TEST_CPUID_MAP).  Prints
 * "ok N - what" / "not ok N - what" lines, then the JSON text of a few fixed
 * values between "--- json ---" and "--- end ---" (compared with golden
 * files); exits 1 if any check failed.
 */
#include "libxl_osdeps.h"
#include "xlrt_internal.h"
#include "cpuid.h"          /* runtime/src: the policy's representation */

/* No generated header here: the runtime's own names for the error codes. */
#define ERROR_FAIL XLRT_ERROR_FAIL
#define ERROR_INVAL XLRT_ERROR_INVAL
#define ERROR_VERSION XLRT_ERROR_VERSION

#ifndef TEST_CPUID_MAP
#define TEST_CPUID_MAP 1
#endif
/* Normally compiled from runtime/src/idlconfig.c with the IDL's defines. */
const int xlrt_cpuid_json_map = TEST_CPUID_MAP;

/* -- a tiny harness ------------------------------------------------------------ */

static int checks, failures;

#define CHECK(cond, ...) check_((cond), #cond, __LINE__, __VA_ARGS__)

static void check_(int ok, const char *expr, int line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void check_(int ok, const char *expr, int line, const char *fmt, ...)
{
    va_list ap;

    checks++;
    printf("%s %d - ", ok ? "ok" : "not ok", checks);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    if (!ok) {
        printf("  [line %d: %s]", line, expr);
        failures++;
    }
    putchar('\n');
}

/* A logger that keeps what it is given, to check what the runtime logs. */
typedef struct {
    xentoollog_logger vtable;
    int count;
    xentoollog_level last_level;
    char last[1024];
} capture_logger;

static void capture_vmessage(xentoollog_logger *lg, xentoollog_level level,
                             int errnoval, const char *context,
                             const char *format, va_list al)
{
    capture_logger *c = (capture_logger *)lg;
    char msg[900];

    (void)errnoval;
    vsnprintf(msg, sizeof(msg), format, al);
    snprintf(c->last, sizeof(c->last), "%s: %s", context ? context : "", msg);
    c->last_level = level;
    c->count++;
}

static void capture_destroy(xentoollog_logger *lg)
{
    (void)lg;
}

static capture_logger logger = {
    { capture_vmessage, NULL, capture_destroy }, 0, XTL_NONE, ""
};
static libxl_ctx *ctx;

/* -- JSON helpers ----------------------------------------------------------------- */

/* gen callbacks with the generic signature, around the typed builtins */
#if XLIDL_JSON_JSONC
#define GEN(name, T, fn) \
    static int name(json_object **j, void *p) { return fn(j, (T *)p); }
#define GEN_VAL(name, T, fn) \
    static int name(json_object **j, void *p) { return fn(j, *(T *)p); }
#define BACKEND "json-c"
#else
#define GEN(name, T, fn) \
    static yajl_gen_status name(yajl_gen h, void *p) { return fn(h, (T *)p); }
#define GEN_VAL(name, T, fn) \
    static yajl_gen_status name(yajl_gen h, void *p) { return fn(h, *(T *)p); }
#define BACKEND "yajl"
#endif

#if XLIDL_JSON_JSONC
GEN(gen_defbool, libxl_defbool, libxl_defbool_gen_jso)
GEN(gen_uuid, libxl_uuid, libxl_uuid_gen_jso)
GEN(gen_mac, libxl_mac, libxl_mac_gen_jso)
GEN(gen_bitmap, libxl_bitmap, libxl_bitmap_gen_jso)
GEN(gen_string_list, libxl_string_list, libxl_string_list_gen_jso)
GEN(gen_kvl, libxl_key_value_list, libxl_key_value_list_gen_jso)
GEN(gen_hwcap, libxl_hwcap, libxl_hwcap_gen_jso)
GEN(gen_genid, libxl_ms_vm_genid, libxl_ms_vm_genid_gen_jso)
GEN(gen_cpuid, libxl_cpuid_policy_list, libxl_cpuid_policy_list_gen_jso)
GEN_VAL(gen_string, char *, libxl__string_gen_jso)
GEN_VAL(gen_uint64, uint64_t, libxl__uint64_gen_jso)
/* the way generated json-c code writes a uint32 member */
static int gen_uint32(json_object **j, void *p)
{
    return libxl__int_gen_jso(j, *(uint32_t *)p);
}
static int gen_int(json_object **j, void *p)
{
    return libxl__int_gen_jso(j, *(int *)p);
}
/* and a uint64 member of an IDL before 4.21 */
static int gen_uint64_as_int(json_object **j, void *p)
{
    return libxl__int_gen_jso(j, *(uint64_t *)p);
}
#else
GEN(gen_defbool, libxl_defbool, libxl_defbool_gen_json)
GEN(gen_uuid, libxl_uuid, libxl_uuid_gen_json)
GEN(gen_mac, libxl_mac, libxl_mac_gen_json)
GEN(gen_bitmap, libxl_bitmap, libxl_bitmap_gen_json)
GEN(gen_string_list, libxl_string_list, libxl_string_list_gen_json)
GEN(gen_kvl, libxl_key_value_list, libxl_key_value_list_gen_json)
GEN(gen_hwcap, libxl_hwcap, libxl_hwcap_gen_json)
GEN(gen_genid, libxl_ms_vm_genid, libxl_ms_vm_genid_gen_json)
GEN(gen_cpuid, libxl_cpuid_policy_list, libxl_cpuid_policy_list_gen_json)
GEN_VAL(gen_string, char *, libxl__string_gen_json)
GEN_VAL(gen_uint64, uint64_t, libxl__uint64_gen_json)
/* the way generated yajl code writes uint32 and int members */
static yajl_gen_status gen_uint32(yajl_gen h, void *p)
{
    return yajl_gen_integer(h, *(uint32_t *)p);
}
static yajl_gen_status gen_int(yajl_gen h, void *p)
{
    return yajl_gen_integer(h, *(int *)p);
}
GEN_VAL(gen_uint64_as_int, uint64_t, libxl__uint64_gen_json)
#endif

/* The JSON of a value, as a static string without yajl's final newline. */
static const char *json(libxl__gen_json_callback gen, void *p)
{
    static char buf[8192];
    char *s = libxl__object_to_json(ctx, "test", gen, p);
    size_t n;

    if (!s)
        return "(NULL)";
    snprintf(buf, sizeof(buf), "%s", s);
    free(s);
    n = strlen(buf);
    if (n && buf[n - 1] == '\n')
        buf[n - 1] = '\0';
    return buf;
}

/* The same with all white space outside strings removed (compact form). */
static const char *compact(libxl__gen_json_callback gen, void *p)
{
    static char out[8192];
    const char *s = json(gen, p);
    char *o = out;
    bool in_string = false;

    for (; *s && o < out + sizeof(out) - 1; s++) {
        if (in_string) {
            if (*s == '\\' && s[1]) {
                *o++ = *s++;
            } else if (*s == '"') {
                in_string = false;
            }
        } else if (*s == '"') {
            in_string = true;
        } else if (*s == ' ' || *s == '\n') {
            continue;
        }
        *o++ = *s;
    }
    *o = '\0';
    /* json-c writes "/" as "\/": compare in the yajl spelling */
    for (o = out; (o = strstr(o, "\\/")); )
        memmove(o, o + 1, strlen(o));
    return out;
}

typedef int (*parse_fn)(libxl__gc *, const libxl__json_object *, void *);

/* Parse text and hand the tree to fn; returns fn's rc (or 99 if the text is
 * not JSON). */
static int parse_with(const char *text, parse_fn fn, void *p)
{
    GC_INIT(ctx);
    libxl__json_object *o = libxl__json_parse(gc, text);
    int rc = o ? fn(gc, o, p) : 99;

    GC_FREE;
    return rc;
}

#define PARSE(text, fn, p) parse_with((text), (parse_fn)(fn), (p))

/* -- the tests ---------------------------------------------------------------- */

static void test_bitmap(void)
{
    libxl_bitmap b, c;

    libxl_bitmap_init(&b);
    CHECK(libxl_bitmap_is_empty(&b), "empty bitmap is empty");
    CHECK(!strcmp(compact(gen_bitmap, &b), "[]"), "empty bitmap is []: %s",
          compact(gen_bitmap, &b));
    libxl_bitmap_copy_alloc(ctx, &c, &b);
    CHECK(c.size == 0, "copy of an empty bitmap is empty");
    libxl_bitmap_dispose(&c);
    libxl_bitmap_dispose(&c);
    CHECK(c.map == NULL && c.size == 0, "dispose twice leaves map NULL, size 0");

    CHECK(PARSE("[]", libxl__bitmap_parse_json, &b) == 0 && b.size == 0 && !b.map,
          "[] parses to an empty bitmap");
    CHECK(PARSE("[0,9,3]", libxl__bitmap_parse_json, &b) == 0,
          "out-of-order indexes parse");
    CHECK(!strcmp(compact(gen_bitmap, &b), "[0,3]"),
          "sized from the last index, as libxl: [0,9,3] -> %s", compact(gen_bitmap, &b));
    libxl_bitmap_dispose(&b);
    CHECK(PARSE("[1,17,40]", libxl__bitmap_parse_json, &b) == 0 && b.size == 6,
          "[1,17,40] needs 6 bytes");
    CHECK(!strcmp(compact(gen_bitmap, &b), "[1,17,40]"), "bitmap round trip: %s",
          compact(gen_bitmap, &b));
    libxl_bitmap_dispose(&b);
    CHECK(PARSE("[1,\"2\"]", libxl__bitmap_parse_json, &b) == ERROR_FAIL,
          "a string index is ERROR_FAIL");
    libxl_bitmap_dispose(&b);
    CHECK(PARSE("[-1]", libxl__bitmap_parse_json, &b) == ERROR_FAIL && !b.map,
          "a negative last index is ERROR_FAIL, nothing allocated");
    CHECK(PARSE("[1000000000000]", libxl__bitmap_parse_json, &b) == ERROR_FAIL && !b.map,
          "a huge last index is ERROR_FAIL, nothing allocated");
    CHECK(PARSE("{}", libxl__bitmap_parse_json, &b) == ERROR_FAIL, "a map is ERROR_FAIL");
    CHECK(PARSE("null", libxl__bitmap_parse_json, &b) == ERROR_FAIL, "null is ERROR_FAIL");
}

static void test_key_value_list(void)
{
    char *vals[] = { "a", NULL, "b", "x", "a", "y", NULL, NULL };
    libxl_key_value_list kvl = vals, copy = NULL, parsed = NULL;

    CHECK(!strcmp(compact(gen_kvl, &kvl), "{\"a\":null,\"b\":\"x\",\"a\":\"y\"}"),
          "NULL value is null, repeated key kept: %s", compact(gen_kvl, &kvl));
    CHECK(libxl_key_value_list_length(&kvl) == 3, "3 pairs");
    libxl_key_value_list_copy(ctx, &copy, &kvl);
    CHECK(copy && copy[1] == NULL && !strcmp(copy[3], "x") && copy[6] == NULL,
          "copy keeps the NULL value and the end");
    libxl_key_value_list_dispose(&copy);
    libxl_key_value_list_dispose(&copy);
    CHECK(copy == NULL, "dispose twice");

    CHECK(PARSE("{\"k\": null, \"k\": \"2\", \"\": \"e\"}",
                libxl__key_value_list_parse_json, &parsed) == 0,
          "map of strings and null parses");
    CHECK(libxl_key_value_list_length(&parsed) == 3 && parsed[1] == NULL &&
          !strcmp(parsed[3], "2") && !strcmp(parsed[4], ""),
          "duplicates and the empty key kept, null value is NULL");
    libxl_key_value_list_dispose(&parsed);
    CHECK(PARSE("{}", libxl__key_value_list_parse_json, &parsed) == 0 && parsed &&
          !parsed[0], "{} is an empty, non-NULL list");
    CHECK(libxl__key_value_list_is_empty(&parsed), "which counts as empty");
    libxl_key_value_list_dispose(&parsed);
    CHECK(PARSE("{\"k\": 1}", libxl__key_value_list_parse_json, &parsed) == ERROR_FAIL,
          "a number value is ERROR_FAIL");
    libxl_key_value_list_dispose(&parsed);
    CHECK(PARSE("[]", libxl__key_value_list_parse_json, &parsed) == ERROR_FAIL,
          "an array is ERROR_FAIL");
    kvl = NULL;
    CHECK(!strcmp(compact(gen_kvl, &kvl), "{}"), "NULL list is {}");
    CHECK(libxl__key_value_list_is_empty(&kvl), "NULL list is empty");
}

static void test_strings(void)
{
    char *s = NULL;
    char *l[] = { "a", "b/c", NULL };
    libxl_string_list sl = NULL, parsed = NULL, copy = NULL;

    CHECK(!strcmp(compact(gen_string, &s), "null"), "NULL string is null");
    CHECK(PARSE("null", libxl__string_parse_json, &s) == 0 && s == NULL,
          "null parses to NULL");
    CHECK(PARSE("\"\"", libxl__string_parse_json, &s) == 0 && s && !*s,
          "\"\" parses to an empty string");
    free(s);
    CHECK(PARSE("5", libxl__string_parse_json, &s) == ERROR_FAIL, "5 is ERROR_FAIL");

    CHECK(!strcmp(compact(gen_string_list, &sl), "[]"), "NULL string list is []");
    CHECK(libxl__string_list_is_empty(&sl), "and empty");
    sl = l;
    CHECK(!strcmp(compact(gen_string_list, &sl), "[\"a\",\"b/c\"]"), "string list: %s",
          compact(gen_string_list, &sl));
    libxl_string_list_copy(ctx, &copy, &sl);
    CHECK(libxl_string_list_length(&copy) == 2 && copy[2] == NULL, "copy");
    libxl_string_list_dispose(&copy);
    libxl_string_list_dispose(&copy);
    CHECK(PARSE("[]", libxl__string_list_parse_json, &parsed) == 0 && parsed == NULL,
          "[] parses to NULL");
    CHECK(PARSE("[\"a\", null]", libxl__string_list_parse_json, &parsed) == ERROR_FAIL,
          "a null element is ERROR_FAIL");
    libxl_string_list_dispose(&parsed);
    CHECK(parsed == NULL, "partial list disposed");
}

static void test_defbool(void)
{
    libxl_defbool d = { 0 };

    CHECK(libxl__defbool_is_default(&d) && libxl_defbool_is_default(d),
          "zero is the default");
    CHECK(!strcmp(compact(gen_defbool, &d), "\"<default>\""), "default is \"<default>\"");
    libxl_defbool_set(&d, true);
    CHECK(!strcmp(compact(gen_defbool, &d), "\"True\"") && libxl_defbool_val(d),
          "true is \"True\"");
    libxl_defbool_set(&d, false);
    CHECK(!strcmp(compact(gen_defbool, &d), "\"False\"") && !libxl_defbool_val(d),
          "false is \"False\"");
    CHECK(PARSE("\"<default>\"", libxl__defbool_parse_json, &d) == 0 && d.val == 0,
          "\"<default>\" parses to the default");
    CHECK(PARSE("\"Truex\"", libxl__defbool_parse_json, &d) == 0 && d.val > 0,
          "a prefix is enough, as libxl");
    CHECK(PARSE("\"true\"", libxl__defbool_parse_json, &d) == ERROR_FAIL,
          "lower case is ERROR_FAIL");
    CHECK(PARSE("true", libxl__defbool_parse_json, &d) == ERROR_FAIL,
          "a JSON boolean is ERROR_FAIL");
    libxl_defbool_unset(&d);
    CHECK(libxl_defbool_is_default(d), "unset");
}

static void test_uuid_mac_hwcap_genid(void)
{
    libxl_uuid u;
    libxl_mac m = { 0 }, m2;
    libxl_hwcap hw = { 1, 2, 0xffffffffu, 4, 5, 6, 7, 8 };
    libxl_ms_vm_genid g;
    int i;

    CHECK(PARSE("\"6BA7B810-9DAD-11D1-80B4-00C04FD430C8\"", libxl__uuid_parse_json, &u) == 0,
          "upper-case uuid parses");
    CHECK(!strcmp(compact(gen_uuid, &u), "\"6ba7b810-9dad-11d1-80b4-00c04fd430c8\""),
          "uuid is written in lower case");
    CHECK(PARSE("\"6ba7b810-9dad-11d1-80b4-00c04fd430c\"", libxl__uuid_parse_json, &u) == -1,
          "short uuid is -1");
    CHECK(PARSE("\"6ba7b810x9dad-11d1-80b4-00c04fd430c8\"", libxl__uuid_parse_json, &u) == -1,
          "misplaced dash is -1");
    CHECK(PARSE("[]", libxl__uuid_parse_json, &u) == ERROR_FAIL, "non-string is ERROR_FAIL");
    libxl_uuid_clear(&u);
    CHECK(libxl_uuid_is_nil(&u), "cleared uuid is nil");

    CHECK(libxl__mac_is_default(&m), "zero mac is the default");
    CHECK(PARSE("\"00:16:3E:AB:0C:FF\"", libxl__mac_parse_json, &m) == 0, "mac parses");
    CHECK(!strcmp(compact(gen_mac, &m), "\"00:16:3e:ab:0c:ff\""), "mac in lower case: %s",
          compact(gen_mac, &m));
    CHECK(PARSE("\"00:16:3e:ab:0c:ff:12\"", libxl__mac_parse_json, &m) == 0,
          "text after a 7th ':' is ignored, as libxl");
    memcpy(m2, m, sizeof(m));
    CHECK(PARSE("\"00:16:3e:ab:0c\"", libxl__mac_parse_json, &m) == ERROR_INVAL,
          "5 groups is ERROR_INVAL");
    CHECK(PARSE("\"00:16:3e:ab:0c:f\"", libxl__mac_parse_json, &m) == ERROR_INVAL,
          "a 1-digit group is ERROR_INVAL");
    CHECK(PARSE("\"00:16:3e:ab:0c:fg\"", libxl__mac_parse_json, &m) == ERROR_INVAL,
          "a non-hex digit is ERROR_INVAL");
    CHECK(!memcmp(m, m2, sizeof(m)), "a rejected mac leaves the value alone");
    CHECK(PARSE("7", libxl__mac_parse_json, &m) == ERROR_FAIL, "non-string is ERROR_FAIL");

    CHECK(!strcmp(compact(gen_hwcap, &hw), "[1,2,4294967295,4]"),
          "hwcap writes words 0-3, unsigned: %s", compact(gen_hwcap, &hw));
    CHECK(!libxl__hwcap_is_default(&hw), "hwcap is never the default");
    CHECK(PARSE("[9,8,7,6,5]", libxl__hwcap_parse_json, &hw) == 0 && hw[0] == 9 &&
          hw[3] == 6 && hw[4] == 5, "hwcap reads 4 words, the rest stays");
    CHECK(PARSE("[9,8,7]", libxl__hwcap_parse_json, &hw) == ERROR_FAIL,
          "3 words is ERROR_FAIL");

    for (i = 0; i < LIBXL_MS_VM_GENID_LEN; i++)
        g.bytes[i] = (uint8_t)(i * 17);
    CHECK(!strcmp(compact(gen_genid, &g),
                  "[0,17,34,51,68,85,102,119,136,153,170,187,204,221,238,255]"),
          "ms_vm_genid is 16 numbers");
    CHECK(PARSE("[256,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]",
                libxl__ms_vm_genid_parse_json, &g) == 0 && g.bytes[0] == 0,
          "ms_vm_genid keeps the low 8 bits, as libxl");
    CHECK(PARSE("[1,2,3]", libxl__ms_vm_genid_parse_json, &g) == ERROR_FAIL,
          "short ms_vm_genid is ERROR_FAIL");
    memset(&g, 0, sizeof(g));
    CHECK(libxl_ms_vm_genid_is_zero(&g), "zero genid");
}

static void test_numbers(void)
{
    GC_INIT(ctx);
    int i = 0;
    uint8_t u8;
    uint32_t u32 = 0xffffffffu;
    uint64_t u64 = UINT64_MAX;
    bool b;
    const libxl__json_object *o;

    o = libxl__json_parse(gc, "{\"a\": 1e3, \"b\": 2.0, \"c\": 9223372036854775808,"
                          " \"d\": -9223372036854775808, \"a\": 7, \"e\": true}");
    CHECK(o != NULL, "numbers document parses");
    CHECK(libxl__json_object_is_integer(libxl__json_map_get("a", o, JSON_ANY)) &&
          libxl__json_map_get("a", o, JSON_ANY)->u.i == 1,
          "1e3 is the integer 1 (the first \"a\" wins), as libxl");
    CHECK(libxl__json_map_get("b", o, JSON_INTEGER) == NULL &&
          libxl__json_object_is_double(libxl__json_map_get("b", o, JSON_DOUBLE)),
          "2.0 is a double; asking for an integer gives NULL");
    CHECK(libxl__json_object_is_number(libxl__json_map_get("c", o, JSON_ANY)),
          "2^63 is kept as text");
    CHECK(libxl__json_object_is_integer(libxl__json_map_get("d", o, JSON_ANY)),
          "LLONG_MIN is an integer");
    CHECK(libxl__json_map_get("zz", o, JSON_ANY) == NULL, "unknown key gives NULL");
    CHECK(libxl__json_map_get("a", NULL, JSON_ANY) == NULL, "not a map gives NULL");
    CHECK(libxl__json_array_get(o, 0) == NULL, "array_get on a map gives NULL");
    CHECK(libxl__bool_parse_json(gc, libxl__json_map_get("e", o, JSON_ANY), &b) == 0 && b,
          "bool");
    CHECK(libxl__uint64_parse_json(gc, libxl__json_map_get("c", o, JSON_ANY), &u64) == 0 &&
          u64 == 9223372036854775808ull, "uint64 reads a number kept as text");
    CHECK(libxl__int_parse_json(gc, libxl__json_map_get("c", o, JSON_ANY), &i) == ERROR_FAIL,
          "int rejects it");
    GC_FREE;

    CHECK(PARSE("2147483648", libxl__int_parse_json, &i) == ERROR_FAIL, "int overflow");
    CHECK(PARSE("-2147483648", libxl__int_parse_json, &i) == 0 && i == INT_MIN, "INT_MIN");
    CHECK(PARSE("256", libxl__uint8_parse_json, &u8) == ERROR_FAIL, "uint8 overflow");
    CHECK(PARSE("-1", libxl__uint32_parse_json, &u32) == ERROR_FAIL, "negative uint32");
    CHECK(PARSE("4294967295", libxl__uint32_parse_json, &u32) == 0 && u32 == 0xffffffffu,
          "uint32 max");
    CHECK(PARSE("18446744073709551615", libxl__uint64_parse_json, &u64) == 0 &&
          u64 == UINT64_MAX, "uint64 max");
    CHECK(PARSE("18446744073709551616", libxl__uint64_parse_json, &u64) == ERROR_FAIL,
          "uint64 overflow");
    CHECK(PARSE("-1", libxl__uint64_parse_json, &u64) == ERROR_FAIL, "negative uint64");
    CHECK(PARSE("1.5", libxl__uint64_parse_json, &u64) == ERROR_FAIL, "double uint64");
    CHECK(PARSE("\"true\"", libxl__bool_parse_json, &b) == ERROR_FAIL, "string bool");

    /* what is written: every value as the number it is */
    u32 = 0xffffffffu;
    CHECK(!strcmp(compact(gen_uint32, &u32), "4294967295"),
          "uint32 2^32-1 is written unsigned: %s", compact(gen_uint32, &u32));
    u32 = 0x80000000u;
    CHECK(!strcmp(compact(gen_uint32, &u32), "2147483648"), "uint32 2^31 unsigned");
    i = -5;
    CHECK(!strcmp(compact(gen_int, &i), "-5"), "negative int");
    u64 = UINT64_MAX;
    CHECK(!strcmp(compact(gen_uint64, &u64), "18446744073709551615"), "uint64 max");
    CHECK(!strcmp(compact(gen_uint64_as_int, &u64), "18446744073709551615"),
          "uint64 through the int generator: %s", compact(gen_uint64_as_int, &u64));
}

static void test_parser_errors(void)
{
    GC_INIT(ctx);
    static const char *const bad[] = {
        "", "   ", "{", "[1,", "{\"a\" 1}", "tru", "'x'", "[1,]", "{\"a\":1,}",
        "/* c */ 1", "\"\\x\"", "NaN", "\"\xff\"",
    };
    size_t k;

    for (k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        int before = logger.count;
        CHECK(libxl__json_parse(gc, bad[k]) == NULL && logger.count > before &&
              logger.last_level == XTL_ERROR,
              "rejected and logged at error level: %s", bad[k]);
    }
    CHECK(libxl__json_parse(gc, "{\"display\":1} {\"display\":2}") != NULL,
          "trailing data after the first value is ignored (libxl 4.12+)");
    GC_FREE;
}

/* TYPE_from_json's wrapper: failures are ERROR_FAIL and logged. */
static int parse_bitmap_cb(libxl__gc *gc, libxl__json_object *o, void *p)
{
    return libxl__bitmap_parse_json(gc, o, p);
}

static void test_from_json_logging(void)
{
    libxl_bitmap b;
    int before;

    libxl_bitmap_init(&b);
    before = logger.count;
    CHECK(libxl__object_from_json(ctx, "libxl_bitmap", parse_bitmap_cb, &b, "[3]") == 0 &&
          logger.count == before, "success logs nothing");
    libxl_bitmap_dispose(&b);
    CHECK(libxl__object_from_json(ctx, "libxl_bitmap", parse_bitmap_cb, &b, "[\"x\"]") ==
          ERROR_FAIL, "a callback failure is ERROR_FAIL");
    CHECK(logger.last_level == XTL_ERROR &&
          strstr(logger.last, "libxl: json_tree.c:") &&
          strstr(logger.last, ":libxl__object_from_json: unable to convert "
                 "libxl__json_object to libxl_bitmap. (rc=-3)"),
          "and logged as libxl does: %s", logger.last);
    libxl_bitmap_dispose(&b);
    CHECK(libxl__object_from_json(ctx, "libxl_bitmap", parse_bitmap_cb, &b, "[") ==
          ERROR_FAIL && strstr(logger.last, "unable to generate libxl__json_object "
                               "from JSON representation of libxl_bitmap."),
          "a syntax error is ERROR_FAIL, logged: %s", logger.last);
}

static const char *reg(libxl_cpuid_policy_list p, int leaf_index, int r)
{
    const char *s = p->leaves[leaf_index].reg[r];
    return s ? s : "(null)";
}

static void test_cpuid(void)
{
    libxl_cpuid_policy_list p = NULL, q = NULL;
    static const struct { unsigned value; const char *bits27_20; } family[] = {
        { 0x10, "00000001" }, { 0x80, "11110001" }, { 0x8e, "11111111" },
        { 0x8f, "10000000" }, { 0xff, "11110000" }, { 0x0f, "00000000" },
    };
    char opt[64];
    size_t k;

    CHECK(libxl_cpuid_parse_config(&p, "family") == 1 && p == NULL, "no '=' is 1");
    CHECK(libxl_cpuid_parse_config(&p, "nosuch=1") == 2 && p == NULL, "unknown name is 2");
    CHECK(libxl_cpuid_parse_config(&p, "avx=?") == 3 && p && p->nr_leaves == 1 &&
          !p->leaves[0].reg[2], "bad value is 3, the leaf entry exists, no register");
    CHECK(libxl_cpuid_parse_config(&p, "avx=1") == 0 &&
          !strcmp(reg(p, 0, 2), "xxx1xxxxxxxxxxxxxxxxxxxxxxxxxxxx"), "avx=1 sets ecx bit 28");
    CHECK(libxl_cpuid_parse_config(&p, "xsave=k") == 0 &&
          !strcmp(reg(p, 0, 2), "xxx1xkxxxxxxxxxxxxxxxxxxxxxxxxxx"), "xsave=k");
    for (k = 0; k < sizeof(family) / sizeof(family[0]); k++) {
        int rc;
        snprintf(opt, sizeof(opt), "family=%#x", family[k].value);
        rc = libxl_cpuid_parse_config(&p, opt);
        CHECK(rc == 0 && !strncmp(reg(p, 0, 0) + 4, family[k].bits27_20, 8),
              "%s: extended family bits %s (libxl's quirk) in %s", opt,
              family[k].bits27_20, reg(p, 0, 0));
    }
    CHECK(libxl_cpuid_parse_config(&p, "family=0x6") == 0 &&
          !strcmp(reg(p, 0, 0), "xxxx00000000xxxxxxxx0110xxxxxxxx"), "family below 16");
    CHECK(libxl_cpuid_parse_config(&p, "model=0x3a") == 0, "model=0x3a");
    CHECK(!strcmp(reg(p, 0, 0), "xxxx000000000011xxxx01101010xxxx"),
          "model split over ext-model and model: %s", reg(p, 0, 0));
    CHECK(libxl_cpuid_parse_config(&p, "stepping=9") == 0 &&
          !strcmp(reg(p, 0, 0), "xxxx000000000011xxxx011010101001"), "stepping");
    CHECK(libxl_cpuid_parse_config(&p, "procpkg=0x2a") == 0 && p->nr_leaves == 2 &&
          p->leaves[1].leaf == 4 && p->leaves[1].subleaf == 0 &&
          !strcmp(reg(p, 1, 0), "101010xxxxxxxxxxxxxxxxxxxxxxxxxx"), "procpkg: leaf 4/0");
    CHECK(libxl_cpuid_parse_config(&p, "maxleaf=0") == 0 && p->nr_leaves == 3 &&
          !strcmp(reg(p, 2, 0), "00000000000000000000000000000000"), "maxleaf=0");
    CHECK(libxl_cpuid_parse_config(&p, "localapicid=0x12") == 0 &&
          !strcmp(reg(p, 0, 1), "00010010xxxxxxxxxxxxxxxxxxxxxxxx"), "localapicid");

    CHECK(libxl_cpuid_policy_list_length(&p) == 3 && !libxl__cpuid_policy_is_empty(&p),
          "3 leaves");
    libxl_cpuid_policy_list_copy(ctx, &q, &p);
    CHECK(!strcmp(compact(gen_cpuid, &q), compact(gen_cpuid, &p)), "copy");
    libxl_cpuid_dispose(&q);
    libxl_cpuid_dispose(&q);
    CHECK(q == NULL, "dispose twice");

    if (xlrt_cpuid_json_map) {
        CHECK(!strcmp(compact(gen_cpuid, &q), "{\"cpuid\":[],\"msr\":[]}"),
              "map format: NULL policy is {cpuid: [], msr: []}");
        CHECK(PARSE("{\"cpuid\": []}", libxl__cpuid_policy_list_parse_json, &q) ==
              ERROR_FAIL, "map format: msr is required");
        libxl_cpuid_dispose(&q);
        CHECK(PARSE("{\"cpuid\":[{\"leaf\":7,\"subleaf\":0,\"ebx\":"
                    "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1\"}],\"msr\":[{\"index\":266,"
                    "\"policy\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                    "xxxxxxx1xx\"}]}", libxl__cpuid_policy_list_parse_json, &q) == 0 &&
              q->nr_msrs == 1 && q->msrs[0].index == 266, "map format: MSRs parse");
        CHECK(!strcmp(compact(gen_cpuid, &q),
                      "{\"cpuid\":[{\"leaf\":7,\"subleaf\":0,\"ebx\":"
                      "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1\"}],\"msr\":[{\"index\":266,"
                      "\"policy\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
                      "xxxxxxx1xx\"}]}"), "map format: MSR round trip: %s",
              compact(gen_cpuid, &q));
        libxl_cpuid_dispose(&q);
        CHECK(PARSE("{\"cpuid\":[],\"msr\":[{\"index\":1,\"policy\":\"x\"}]}",
                    libxl__cpuid_policy_list_parse_json, &q) == ERROR_FAIL,
              "map format: an MSR policy must have 64 characters");
        libxl_cpuid_dispose(&q);
        CHECK(PARSE("[{\"leaf\":1}]", libxl__cpuid_policy_list_parse_json, &q) == 0 &&
              q->nr_leaves == 1, "map format also reads the legacy array");
        libxl_cpuid_dispose(&q);
    } else {
        CHECK(!strcmp(compact(gen_cpuid, &q), "[]"), "legacy format: NULL policy is []");
        CHECK(PARSE("[]", libxl__cpuid_policy_list_parse_json, &q) == 0 && q == NULL,
              "legacy format: [] leaves the policy NULL");
        CHECK(PARSE("{\"cpuid\":[],\"msr\":[]}", libxl__cpuid_policy_list_parse_json,
                    &q) == ERROR_FAIL, "legacy format: a map is ERROR_FAIL");
        libxl_cpuid_dispose(&q);
    }
    CHECK(PARSE("[{\"leaf\":1,\"eax\":\"x\"},{\"subleaf\":3},{\"leaf\":2}]",
                libxl__cpuid_policy_list_parse_json, &q) == 0 && q->nr_leaves == 1,
          "a leaf without \"leaf\" ends the list, as libxl");
    libxl_cpuid_dispose(&q);
    CHECK(PARSE("[1]", libxl__cpuid_policy_list_parse_json, &q) == ERROR_FAIL,
          "a non-map leaf is ERROR_FAIL");
    libxl_cpuid_dispose(&q);
    libxl_cpuid_dispose(&p);
}

static void test_enum(void)
{
    static libxl_enum_string_table t[] = { { "pv", 2 }, { "hvm", 1 }, { NULL, -1 } };
    int e = 0;

    CHECK(libxl__enum_from_string(t, "HvM", &e) == 0 && e == 1, "case-insensitive");
    CHECK(libxl__enum_from_string(t, "nope", &e) == ERROR_FAIL && e == 1,
          "unknown name is ERROR_FAIL");
    CHECK(libxl__enum_from_string(t, NULL, &e) == ERROR_INVAL, "NULL string is ERROR_INVAL");
    CHECK(libxl__enum_from_string(NULL, "pv", &e) == ERROR_INVAL, "no table is ERROR_INVAL");
}

static void test_ctx(void)
{
    libxl_ctx *c = (libxl_ctx *)1;

    CHECK(libxl_ctx_alloc(&c, LIBXL_VERSION + 1, 0, NULL) == ERROR_VERSION && c == NULL,
          "wrong version is ERROR_VERSION");
    CHECK(libxl_ctx_free(NULL) == 0, "freeing NULL");
}

/* Fixed values whose JSON text the golden files record, per backend. */
static void print_json_samples(void)
{
    char *listen = "0.0.0.0\t\"x\"/\x01\x1f\x7f\xc3\xa9";
    char *vals[] = { "k", "v", "", NULL, "k", "w", NULL, NULL };
    libxl_key_value_list kvl = vals;
    libxl_bitmap empty = { 0, NULL };
    libxl_cpuid_policy_list p = NULL;
    uint32_t u32 = 0xfffffffeu;

    printf("--- json ---\n");
    printf("string: [%s]\n", json(gen_string, &listen));
    printf("key_value_list: [%s]\n", json(gen_kvl, &kvl));
    printf("empty bitmap: [%s]\n", json(gen_bitmap, &empty));
    printf("uint32: [%s]\n", json(gen_uint32, &u32));
    libxl_cpuid_parse_config(&p, "family=0x1f");
    libxl_cpuid_parse_config(&p, "model=0x3a");
    libxl_cpuid_parse_config(&p, "procpkg=0x2a");
    printf("cpuid: [%s]\n", json(gen_cpuid, &p));
    libxl_cpuid_dispose(&p);
    printf("--- end ---\n");
}

int main(void)
{
    if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)&logger)) {
        printf("not ok - cannot allocate a context\n");
        return 1;
    }
    printf("# backend %s, cpuid %s format\n", BACKEND,
           xlrt_cpuid_json_map ? "map" : "legacy");
    test_bitmap();
    test_key_value_list();
    test_strings();
    test_defbool();
    test_uuid_mac_hwcap_genid();
    test_numbers();
    test_cpuid();
    test_enum();
    test_ctx();
    test_parser_errors();
    test_from_json_logging();
    print_json_samples();
    libxl_ctx_free(ctx);
    printf("# %d checks, %d failed\n", checks, failures);
    return failures ? 1 : 0;
}
