/*
 * edge_diff.c - JSON edge cases through libxl's public TYPE_from_json /
 * TYPE_to_json, for a differential test: tests/test_libxenlight.py builds it
 * once against the real libxenlight 4.17 and once against xlidl's runtime
 * (with the code generated from the stable-4.17 IDL) and compares stdout.
 *
 * For each case: the rc of TYPE_from_json and, when it is 0, TYPE_to_json of
 * the result.  Errors are logged on stderr, which is not compared (file names
 * and line numbers differ).  Inputs where xlidl's runtime deliberately differs
 * from libxl (runtime/README.md) are not here: e.g. libxl files an exact
 * LLONG_MAX as out of range when an earlier number of the same text was.
 */
#include <stdio.h>
#include <stdlib.h>

#include "libxl.h"
#include "libxl_utils.h"

static libxl_ctx *ctx;

#define CASE(type, text) do {                                           \
        libxl_##type v;                                                 \
        int rc = libxl_##type##_from_json(ctx, &v, (text));             \
        printf("== %s %s\nrc %d\n", #type, (text), rc);                 \
        if (!rc) {                                                      \
            char *s = libxl_##type##_to_json(ctx, &v);                  \
            printf("%s", s ? s : "(NULL)\n");                           \
            free(s);                                                    \
        }                                                               \
        libxl_##type##_dispose(&v);                                     \
    } while (0)

#define ENUM_CASE(type, text) do {                                      \
        libxl_##type v;                                                 \
        int rc = libxl_##type##_from_json(ctx, &v, (text));             \
        printf("== %s %s\nrc %d\n", #type, (text), rc);                 \
        if (!rc) {                                                      \
            char *s = libxl_##type##_to_json(ctx, v);                   \
            printf("%s", s ? s : "(NULL)\n");                           \
            free(s);                                                    \
        }                                                               \
    } while (0)

#define P64 "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1k"

int main(void)
{
    xentoollog_logger_stdiostream *lg =
        xtl_createlogger_stdiostream(stderr, XTL_ERROR, 0);

    if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)lg)) {
        fprintf(stderr, "cannot init xl context\n");
        return 1;
    }

    /* defbool, strings, ints; fields of the wrong JSON type are skipped */
    CASE(vnc_info, "{\"enable\":\"Truex\",\"listen\":\"a/b\\u00e9\\t\",\"display\":3}");
    CASE(vnc_info, "{\"enable\":\"<default>\",\"findunused\":\"False\"}");
    CASE(vnc_info, "{\"enable\":\"bogus\"}");
    CASE(vnc_info, "{\"enable\":true,\"listen\":5,\"display\":1.5}");
    CASE(vnc_info, "{\"display\":\"7\"}");
    CASE(vnc_info, "{\"display\":1e3}");
    CASE(vnc_info, "{\"display\":2147483648}");
    CASE(vnc_info, "{\"display\":-2147483648}");
    CASE(vnc_info, "{\"display\":1,\"display\":2}");
    CASE(vnc_info, "{\"display\":1} {\"display\":2}");
    CASE(vnc_info, "{\"listen\":null,\"passwd\":\"\"}");
    CASE(vnc_info, "{\"unknown\":[1,{\"x\":null}]}");
    CASE(vnc_info, "");
    CASE(vnc_info, "{\"display\":");
    CASE(vnc_info, "[]");

    /* mac */
    CASE(device_nic, "{\"mac\":\"00:16:3E:AB:0C:FF\",\"mtu\":1500}");
    CASE(device_nic, "{\"mac\":\"00:16:3e:ab:0c:ff:12\"}");
    CASE(device_nic, "{\"mac\":\"00:16:3e:ab:0c\"}");
    CASE(device_nic, "{\"mac\":5}");

    /* uuid, uint64 */
    CASE(dominfo, "{\"uuid\":\"6BA7B810-9DAD-11D1-80B4-00C04FD430C8\"}");
    CASE(dominfo, "{\"uuid\":\"6ba7b810-9dad-11d1-80b4\"}");
    CASE(dominfo, "{\"current_memkb\":18446744073709551615,\"cpu_time\":9223372036854775806}");
    CASE(dominfo, "{\"current_memkb\":18446744073709551616}");
    CASE(dominfo, "{\"current_memkb\":-1}");
    CASE(dominfo, "{\"domid\":4294967295,\"ssidref\":4294967296}");

    /* hwcap */
    CASE(physinfo, "{\"hw_cap\":[1,2,3,4,5]}");
    CASE(physinfo, "{\"hw_cap\":[4294967296,4294967295,0,0]}");
    CASE(physinfo, "{\"hw_cap\":[1,2,3]}");

    /* key_value_list: null values, repeated and empty keys */
    CASE(domain_create_info, "{\"xsdata\":{\"a\":\"1\",\"b\":null,\"a\":\"2\",\"\":\"e\"}}");
    CASE(domain_create_info, "{\"xsdata\":{},\"platformdata\":{\"k\":\"v\"}}");
    CASE(domain_create_info, "{\"xsdata\":{\"a\":1}}");

    /* bitmap, string_list, cpuid policies (map and legacy forms), ms_vm_genid */
    CASE(domain_build_info, "{\"cpumap\":[0,9,3],\"nodemap\":[],\"avail_vcpus\":[64,1]}");
    CASE(domain_build_info, "{\"cpumap\":[1,\"2\"]}");
    CASE(domain_build_info, "{\"extra\":[\"a\",\"\"],\"extra_pv\":[]}");
    CASE(domain_build_info, "{\"extra\":[\"a\",null]}");
    CASE(domain_build_info,
         "{\"cpuid\":{\"cpuid\":[{\"leaf\":1,\"subleaf\":2,\"eax\":"
         "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1\",\"edx\":\"0000000000000000000000000000000k\"},"
         "{\"leaf\":4294967294}],\"msr\":[{\"index\":266,\"policy\":\"" P64 "\"}]}}");
    CASE(domain_build_info,
         "{\"cpuid\":[{\"leaf\":7,\"ebx\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx1\"}]}");
    CASE(domain_build_info, "{\"cpuid\":{\"cpuid\":[],\"msr\":[]}}");
    CASE(domain_build_info, "{\"cpuid\":[]}");
    CASE(domain_build_info, "{\"cpuid\":{\"cpuid\":[]}}");
    CASE(domain_build_info, "{\"cpuid\":{\"cpuid\":[],\"msr\":[{\"index\":1,\"policy\":\"x\"}]}}");
    CASE(domain_build_info, "{\"cpuid\":{\"cpuid\":[1],\"msr\":[]}}");
    CASE(domain_build_info,
         "{\"type\":\"hvm\",\"type.hvm\":{\"ms_vm_genid\":"
         "[256,1,2,3,4,5,6,7,8,9,10,11,12,13,14,255,99]}}");
    CASE(domain_build_info, "{\"type\":\"hvm\",\"type.hvm\":{\"ms_vm_genid\":[1,2]}}");

    /* enumerations */
    ENUM_CASE(domain_type, "\"HvM\"");
    ENUM_CASE(domain_type, "\"nope\"");
    ENUM_CASE(domain_type, "7");

    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger *)lg);
    return 0;
}
