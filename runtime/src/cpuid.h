/*
 * cpuid.h - the representation of a libxl_cpuid_policy_list, shared by
 * cpuid.c and the JSON generators (private to the runtime).
 */
#ifndef XLRT_CPUID_H
#define XLRT_CPUID_H

#include "xlrt_internal.h"

/* "no subleaf" (and, in libxl's arrays, "end of list") */
#define XLRT_CPUID_NO_SUBLEAF 0xffffffffu

/* The four registers of one (leaf, subleaf): NULL, or 32 policy characters
 * for bits 31..0 ('0', '1', 'x' default, 'k' keep, 's' same). */
typedef struct {
    uint32_t leaf, subleaf;
    char *reg[4];               /* eax, ebx, ecx, edx */
} xlrt_cpuid_leaf;

/* One MSR: 64 policy characters for bits 63..0. */
typedef struct {
    uint32_t index;
    char policy[65];
} xlrt_msr;

struct libxl__cpu_policy {
    int nr_leaves;
    xlrt_cpuid_leaf *leaves;    /* in creation order */
    int nr_msrs;
    xlrt_msr *msrs;
};

extern const char *const xlrt_cpuid_reg_names[4];

#endif /* XLRT_CPUID_H */
