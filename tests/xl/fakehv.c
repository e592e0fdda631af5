/*
 * fakehv.c - an LD_PRELOAD library that lets Debian's real xl 4.17 run
 * `xl create -n CFG` (dry run: parse the config, print the
 * libxl_domain_config JSON, create nothing) on a machine that is not a Xen
 * host.  Used by tests/xl/xljson.py; not part of xlidl.
 *
 * Without a hypervisor, xl stops in libxl_ctx_alloc (no /dev/xen/privcmd,
 * no xenstored).  The functions below take the place of libxenctrl's and
 * libxenstore's: preloaded, they win over the shared libraries' definitions
 * for every call made through the PLT (all calls from xl and libxenlight).
 * The handles they return are dummies: any libxc call that is NOT faked here
 * dereferences one and crashes (SIGSEGV in libxencall/libxenctrl), which is
 * how the list was found:
 *
 *     gdb -batch -ex 'set environment LD_PRELOAD=./fakehv.so' -ex run -ex bt \
 *         --args /usr/lib/xen-4.17/bin/xl create -n FILE.cfg
 *
 * (and ltrace -l 'libxenctrl*' -l 'libxenstore*' for the calls that succeed).
 *
 * The fake host: one machine with 2 sockets (= 2 NUMA nodes) x 4 cores x
 * 1 thread = 8 online CPUs at 2.4 GHz, 16 GiB of RAM of which 12 GiB free,
 * HVM + PV + HAP + shadow + IOMMU capable, running Xen 4.17 whose command
 * line has no dom0_mem= (so xl's autoballoon="auto" decides "on").  CPU n
 * is core n % 4 of socket n / 4, on node n / 4.
 *
 * Every faked function, with who calls it and why (ltrace -l 'libxenctrl*'
 * -l 'libxenstore*' over the configs in tests/xl/configs shows each called;
 * nothing else of libxenctrl or libxenstore is):
 *
 *   xc_interface_open / xc_interface_close   libxl_ctx_alloc / libxl_ctx_free
 *   xs_open / xs_close                       libxl_ctx_alloc / libxl_ctx_free
 *   xc_version          libxl_get_version_info, called by xl's main() through
 *                       auto_autoballoon() (autoballoon="auto" in xl.conf,
 *                       the default): version, extraversion, compile info,
 *                       capabilities, changeset, platform parameters, page
 *                       size, Xen command line, build id.
 *   xc_physinfo         libxl_get_physinfo: parse_config_data() always asks
 *                       for it (and exits if it fails); parse_vnuma_config()
 *                       checks each vnode's pnode= against nr_nodes.
 *   xc_memory_op        libxl_get_physinfo calls libxenctrl's
 *                       xc_sharing_freed_pages and xc_sharing_used_frames,
 *                       which call xc_memory_op (XENMEM_get_sharing_freed_pages,
 *                       XENMEM_get_sharing_shared_pages) through the PLT, so
 *                       this fake answers them: ENOSYS, no memory sharing,
 *                       which libxl_get_physinfo reads as 0.
 *   xc_get_max_cpus     libxl_get_max_cpus -> libxl_cpu_bitmap_alloc (cpus=,
 *                       cpus_soft=, vnuma vcpus, global affinity masks).
 *   xc_get_online_cpus  libxl_get_online_cpus: parse_vnuma_config() checks
 *                       the vnuma vcpus against it when maxvcpus= is unset.
 *   xc_get_max_nodes    libxl_get_max_nodes -> libxl_node_bitmap_alloc
 *                       (cpus="node:N", vnuma pnode).
 *   xc_cputopoinfo      libxl_get_cpu_topology -> libxl_node_to_cpumap
 *                       (cpus="node:N", cpus_soft="node:N").
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <xenctrl.h>
#include <xenstore.h>

#define FAKE_NR_CPUS        8
#define FAKE_NR_NODES       2
#define FAKE_CORES_PER_SOCK 4
#define FAKE_PAGE_SIZE      4096
#define FAKE_TOTAL_PAGES    (16ULL << 30) / FAKE_PAGE_SIZE  /* 16 GiB */
#define FAKE_FREE_PAGES     (12ULL << 30) / FAKE_PAGE_SIZE  /* 12 GiB */

/* ---- handles: libxl_ctx_alloc / libxl_ctx_free (as for testidl) ------------ */

#include "../c/xc_stubs.c"

/* ---- version: libxl_get_version_info ----------------------------------- */

static void copy_str(char *dst, size_t size, const char *src)
{
    snprintf(dst, size, "%s", src);
}

int xc_version(xc_interface *xch, int cmd, void *arg)
{
    (void)xch;
    switch (cmd) {
    case XENVER_version:
        return (4 << 16) | 17;
    case XENVER_extraversion:
        copy_str(arg, sizeof(xen_extraversion_t), ".0");
        return 0;
    case XENVER_compile_info: {
        xen_compile_info_t *ci = arg;
        memset(ci, 0, sizeof(*ci));
        copy_str(ci->compiler, sizeof(ci->compiler), "gcc (Debian 12.2.0-14) 12.2.0");
        copy_str(ci->compile_by, sizeof(ci->compile_by), "fakehv");
        copy_str(ci->compile_domain, sizeof(ci->compile_domain), "example.org");
        copy_str(ci->compile_date, sizeof(ci->compile_date), "Thu Jan  1 00:00:00 UTC 1970");
        return 0;
    }
    case XENVER_capabilities:
        copy_str(arg, sizeof(xen_capabilities_info_t),
                 "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
        return 0;
    case XENVER_changeset:
        copy_str(arg, sizeof(xen_changeset_info_t), "fakehv");
        return 0;
    case XENVER_platform_parameters:
        ((xen_platform_parameters_t *)arg)->virt_start = 0xffff800000000000UL;
        return 0;
    case XENVER_pagesize:
        return FAKE_PAGE_SIZE;
    case XENVER_commandline:
        /* no dom0_mem=: xl's autoballoon="auto" means "on" */
        copy_str(arg, sizeof(xen_commandline_t), "console=vga");
        return 0;
    case XENVER_build_id:
        return -ENODATA;    /* libxl: build_id "" */
    default:
        return -ENOSYS;
    }
}

/* ---- host: libxl_get_physinfo, cpu/node counts, topology --------------- */

int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    (void)xch;
    memset(info, 0, sizeof(*info));
    info->threads_per_core = 1;
    info->cores_per_socket = FAKE_CORES_PER_SOCK;
    info->nr_cpus = FAKE_NR_CPUS;
    info->max_cpu_id = FAKE_NR_CPUS - 1;
    info->nr_nodes = FAKE_NR_NODES;
    info->max_node_id = FAKE_NR_NODES - 1;
    info->cpu_khz = 2400000;
    info->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_pv |
                         XEN_SYSCTL_PHYSCAP_directio | XEN_SYSCTL_PHYSCAP_hap |
                         XEN_SYSCTL_PHYSCAP_shadow |
                         XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share |
                         XEN_SYSCTL_PHYSCAP_gnttab_v1 | XEN_SYSCTL_PHYSCAP_gnttab_v2;
    info->total_pages = FAKE_TOTAL_PAGES;
    info->free_pages = FAKE_FREE_PAGES;
    info->max_mfn = FAKE_TOTAL_PAGES - 1;
    return 0;
}

long xc_memory_op(xc_interface *xch, unsigned int cmd, void *arg, size_t len)
{
    (void)xch;
    (void)cmd;
    (void)arg;
    (void)len;
    errno = ENOSYS;
    return -1;
}

int xc_get_max_cpus(xc_interface *xch)
{
    (void)xch;
    return FAKE_NR_CPUS;
}

int xc_get_online_cpus(xc_interface *xch)
{
    (void)xch;
    return FAKE_NR_CPUS;
}

int xc_get_max_nodes(xc_interface *xch)
{
    (void)xch;
    return FAKE_NR_NODES;
}

int xc_cputopoinfo(xc_interface *xch, unsigned *max_cpus, xc_cputopo_t *cputopo)
{
    unsigned i;

    (void)xch;
    if (cputopo) {
        for (i = 0; i < *max_cpus && i < FAKE_NR_CPUS; i++) {
            cputopo[i].core = i % FAKE_CORES_PER_SOCK;
            cputopo[i].socket = i / FAKE_CORES_PER_SOCK;
            cputopo[i].node = i / FAKE_CORES_PER_SOCK;
        }
    }
    *max_cpus = FAKE_NR_CPUS;
    return 0;
}
