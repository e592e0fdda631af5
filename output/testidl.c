
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

static void libxl_uuid_rand_init(libxl_uuid *p);
static void libxl_uuid_rand_init(libxl_uuid *p)
{
    rand_bytes((uint8_t *)p, sizeof(*p));
}

static void libxl_mac_rand_init(libxl_mac *p);
static void libxl_mac_rand_init(libxl_mac *p)
{
    rand_bytes((uint8_t *)p, sizeof(*p));
}

static void vmc_boot_mode_rand_init(vmc_boot_mode *p);
static void vmc_boot_mode_rand_init(vmc_boot_mode *p)
{
    *p = VMC_BOOT_MODE_DIRECT_KERNEL;
}

static void vmc_disk_format_rand_init(vmc_disk_format *p);
static void vmc_disk_format_rand_init(vmc_disk_format *p)
{
    *p = VMC_DISK_FORMAT_RAW;
}

static void vmc_nic_model_rand_init(vmc_nic_model *p);
static void vmc_nic_model_rand_init(vmc_nic_model *p)
{
    *p = VMC_NIC_MODEL_RTL8139;
}

static void vmc_disk_rand_init(vmc_disk *p);
static void vmc_disk_rand_init(vmc_disk *p)
{
    p->path = rand_str();
    p->format = VMC_DISK_FORMAT_RAW;
    p->readonly = test_rand(2);
    p->size_mib = test_rand(sizeof(p->size_mib) * 8);
    p->cache = rand_str();
}

static void vmc_nic_rand_init(vmc_nic *p);
static void vmc_nic_rand_init(vmc_nic *p)
{
    libxl_mac_rand_init(&p->mac);
    p->model = VMC_NIC_MODEL_VIRTIO;
    p->bridge = rand_str();
    p->mtu = test_rand(sizeof(p->mtu) * 8);
    p->queues = test_rand(sizeof(p->queues) * 8);
}

static void vmc_vcpu_rand_init(vmc_vcpu *p);
static void vmc_vcpu_rand_init(vmc_vcpu *p)
{
    p->id = test_rand(sizeof(p->id) * 8);
    libxl_bitmap_rand_init(&p->affinity);
    p->weight = test_rand(sizeof(p->weight) * 8);
}

static void vmc_config_rand_init(vmc_config *p);
static void vmc_config_rand_init(vmc_config *p)
{
    p->name = rand_str();
    libxl_uuid_rand_init(&p->uuid);
    p->memory_kib = test_rand(sizeof(p->memory_kib) * 8);
    p->max_memory_kib = test_rand(sizeof(p->max_memory_kib) * 8);
    p->num_vcpus = test_rand(8);
    p->vcpus = calloc(p->num_vcpus, sizeof(*p->vcpus));
    assert(p->vcpus);
    {
        int i;
        for (i=0; i<p->num_vcpus; i++)
            vmc_vcpu_rand_init(&p->vcpus[i]);
    }
    p->num_cpu_pins = test_rand(8);
    p->cpu_pins = calloc(p->num_cpu_pins, sizeof(*p->cpu_pins));
    assert(p->cpu_pins);
    {
        int i;
        for (i=0; i<p->num_cpu_pins; i++)
            p->cpu_pins[i] = test_rand(sizeof(p->cpu_pins[i]) * 8);
    }
    p->num_disks = test_rand(8);
    p->disks = calloc(p->num_disks, sizeof(*p->disks));
    assert(p->disks);
    {
        int i;
        for (i=0; i<p->num_disks; i++)
            vmc_disk_rand_init(&p->disks[i]);
    }
    p->num_nics = test_rand(8);
    p->nics = calloc(p->num_nics, sizeof(*p->nics));
    assert(p->nics);
    {
        int i;
        for (i=0; i<p->num_nics; i++)
            vmc_nic_rand_init(&p->nics[i]);
    }
    p->num_tags = test_rand(8);
    p->tags = calloc(p->num_tags, sizeof(*p->tags));
    assert(p->tags);
    {
        int i;
        for (i=0; i<p->num_tags; i++)
            p->tags[i] = rand_str();
    }
    libxl_defbool_rand_init(&p->acpi);
    libxl_key_value_list_rand_init(&p->labels);
    libxl_string_list_rand_init(&p->extra_args);
    p->mode = VMC_BOOT_MODE_DIRECT_KERNEL;
    switch (p->mode) {
    case VMC_BOOT_MODE_FIRMWARE:
        p->boot.firmware.bios = rand_str();
        libxl_defbool_rand_init(&p->boot.firmware.secure_boot);
        break;
    case VMC_BOOT_MODE_DIRECT_KERNEL:
        p->boot.direct_kernel.kernel = rand_str();
        p->boot.direct_kernel.ramdisk = rand_str();
        p->boot.direct_kernel.cmdline = rand_str();
        break;
    case VMC_BOOT_MODE_NETWORK:
        p->boot.network.num_boot_order = test_rand(8);
        p->boot.network.boot_order = calloc(p->boot.network.num_boot_order, sizeof(*p->boot.network.boot_order));
        assert(p->boot.network.boot_order);
        {
            int i;
            for (i=0; i<p->boot.network.num_boot_order; i++)
                p->boot.network.boot_order[i] = VMC_NIC_MODEL_RTL8139;
        }
        p->boot.network.pxe_rom = rand_str();
        break;
    case VMC_BOOT_MODE_UNKNOWN:
        break;
    }
    p->kernel = rand_str();
    p->direct_kernel_path = rand_str();
}

static void vmc_event_type_rand_init(vmc_event_type *p);
static void vmc_event_type_rand_init(vmc_event_type *p)
{
    *p = VMC_EVENT_TYPE_STOPPED;
}

static void vmc_event_rand_init(vmc_event *p);
static void vmc_event_rand_init(vmc_event *p)
{
    libxl_uuid_rand_init(&p->uuid);
    p->for_user = test_rand(sizeof(p->for_user) * 8);
    p->type = VMC_EVENT_TYPE_STOPPED;
    switch (p->type) {
    case VMC_EVENT_TYPE_STARTED:
        break;
    case VMC_EVENT_TYPE_STOPPED:
        p->u.stopped.exit_code = test_rand(sizeof(p->u.stopped.exit_code) * 8);
        p->u.stopped.reason = rand_str();
        break;
    case VMC_EVENT_TYPE_DISK_EJECT:
        p->u.disk_eject.vdev = rand_str();
        vmc_disk_rand_init(&p->u.disk_eject.disk);
        break;
    }
}


int main(int argc, char **argv)
{
    vmc_boot_mode vmc_boot_mode_val, vmc_boot_mode_val_new;
    vmc_disk_format vmc_disk_format_val, vmc_disk_format_val_new;
    vmc_nic_model vmc_nic_model_val, vmc_nic_model_val_new;
    vmc_disk vmc_disk_val, vmc_disk_val_new;
    vmc_nic vmc_nic_val, vmc_nic_val_new;
    vmc_vcpu vmc_vcpu_val, vmc_vcpu_val_new;
    vmc_config vmc_config_val, vmc_config_val_new;
    vmc_event_type vmc_event_type_val, vmc_event_type_val_new;
    vmc_event vmc_event_val, vmc_event_val_new;

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
    vmc_boot_mode_rand_init(&vmc_boot_mode_val);
    s = vmc_boot_mode_to_json(ctx, vmc_boot_mode_val);
    printf("%s: %s\n", "vmc_boot_mode", s);
    if (s == NULL) abort();
    rc = vmc_boot_mode_from_json(ctx, &vmc_boot_mode_val_new, s);
    if (rc) abort();
    new_s = vmc_boot_mode_to_json(ctx, vmc_boot_mode_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    vmc_disk_format_rand_init(&vmc_disk_format_val);
    s = vmc_disk_format_to_json(ctx, vmc_disk_format_val);
    printf("%s: %s\n", "vmc_disk_format", s);
    if (s == NULL) abort();
    rc = vmc_disk_format_from_json(ctx, &vmc_disk_format_val_new, s);
    if (rc) abort();
    new_s = vmc_disk_format_to_json(ctx, vmc_disk_format_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    vmc_nic_model_rand_init(&vmc_nic_model_val);
    s = vmc_nic_model_to_json(ctx, vmc_nic_model_val);
    printf("%s: %s\n", "vmc_nic_model", s);
    if (s == NULL) abort();
    rc = vmc_nic_model_from_json(ctx, &vmc_nic_model_val_new, s);
    if (rc) abort();
    new_s = vmc_nic_model_to_json(ctx, vmc_nic_model_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    vmc_disk_rand_init(&vmc_disk_val);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_init(&vmc_disk_val_new);
    s = vmc_disk_to_json(ctx, &vmc_disk_val);
    printf("%s: %s\n", "vmc_disk", s);
    if (s == NULL) abort();
    rc = vmc_disk_from_json(ctx, &vmc_disk_val_new, s);
    if (rc) abort();
    new_s = vmc_disk_to_json(ctx, &vmc_disk_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_disk_dispose(&vmc_disk_val);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);
    vmc_disk_dispose(&vmc_disk_val_new);

    vmc_nic_rand_init(&vmc_nic_val);
    vmc_nic_init(&vmc_nic_val_new);
    vmc_nic_init(&vmc_nic_val_new);
    vmc_nic_init(&vmc_nic_val_new);
    vmc_nic_init(&vmc_nic_val_new);
    vmc_nic_init(&vmc_nic_val_new);
    s = vmc_nic_to_json(ctx, &vmc_nic_val);
    printf("%s: %s\n", "vmc_nic", s);
    if (s == NULL) abort();
    rc = vmc_nic_from_json(ctx, &vmc_nic_val_new, s);
    if (rc) abort();
    new_s = vmc_nic_to_json(ctx, &vmc_nic_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_nic_dispose(&vmc_nic_val);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);
    vmc_nic_dispose(&vmc_nic_val_new);

    vmc_vcpu_rand_init(&vmc_vcpu_val);
    vmc_vcpu_init(&vmc_vcpu_val_new);
    s = vmc_vcpu_to_json(ctx, &vmc_vcpu_val);
    printf("%s: %s\n", "vmc_vcpu", s);
    if (s == NULL) abort();
    rc = vmc_vcpu_from_json(ctx, &vmc_vcpu_val_new, s);
    if (rc) abort();
    new_s = vmc_vcpu_to_json(ctx, &vmc_vcpu_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_vcpu_dispose(&vmc_vcpu_val);
    vmc_vcpu_dispose(&vmc_vcpu_val_new);

    vmc_config_rand_init(&vmc_config_val);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_init(&vmc_config_val_new);
    s = vmc_config_to_json(ctx, &vmc_config_val);
    printf("%s: %s\n", "vmc_config", s);
    if (s == NULL) abort();
    rc = vmc_config_from_json(ctx, &vmc_config_val_new, s);
    if (rc) abort();
    new_s = vmc_config_to_json(ctx, &vmc_config_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_config_dispose(&vmc_config_val);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);
    vmc_config_dispose(&vmc_config_val_new);

    vmc_event_type_rand_init(&vmc_event_type_val);
    s = vmc_event_type_to_json(ctx, vmc_event_type_val);
    printf("%s: %s\n", "vmc_event_type", s);
    if (s == NULL) abort();
    rc = vmc_event_type_from_json(ctx, &vmc_event_type_val_new, s);
    if (rc) abort();
    new_s = vmc_event_type_to_json(ctx, vmc_event_type_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);

    vmc_event_rand_init(&vmc_event_val);
    vmc_event_init(&vmc_event_val_new);
    vmc_event_init(&vmc_event_val_new);
    vmc_event_init(&vmc_event_val_new);
    vmc_event_init(&vmc_event_val_new);
    vmc_event_init(&vmc_event_val_new);
    vmc_event_init(&vmc_event_val_new);
    s = vmc_event_to_json(ctx, &vmc_event_val);
    printf("%s: %s\n", "vmc_event", s);
    if (s == NULL) abort();
    rc = vmc_event_from_json(ctx, &vmc_event_val_new, s);
    if (rc) abort();
    new_s = vmc_event_to_json(ctx, &vmc_event_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Regenerated string different from original string.\n");
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_event_dispose(&vmc_event_val);
    vmc_event_dispose(&vmc_event_val_new);
    vmc_event_dispose(&vmc_event_val_new);

    printf("Testing TYPE_copy()\n");
    printf("----------------------\n");
    printf("\n");
    printf("Testing vmc_disk_copy, ");
    vmc_disk_init(&vmc_disk_val);
    vmc_disk_rand_init(&vmc_disk_val);
    vmc_disk_init(&vmc_disk_val_new);
    vmc_disk_copy(ctx, &vmc_disk_val_new, &vmc_disk_val);
    s = vmc_disk_to_json(ctx, &vmc_disk_val);
    if (s == NULL) abort();
    new_s = vmc_disk_to_json(ctx, &vmc_disk_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for vmc_disk failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_disk_dispose(&vmc_disk_val);
    vmc_disk_dispose(&vmc_disk_val_new);
    printf("done\n");

    printf("Testing vmc_nic_copy, ");
    vmc_nic_init(&vmc_nic_val);
    vmc_nic_rand_init(&vmc_nic_val);
    vmc_nic_init(&vmc_nic_val_new);
    vmc_nic_copy(ctx, &vmc_nic_val_new, &vmc_nic_val);
    s = vmc_nic_to_json(ctx, &vmc_nic_val);
    if (s == NULL) abort();
    new_s = vmc_nic_to_json(ctx, &vmc_nic_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for vmc_nic failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_nic_dispose(&vmc_nic_val);
    vmc_nic_dispose(&vmc_nic_val_new);
    printf("done\n");

    printf("Testing vmc_vcpu_copy, ");
    vmc_vcpu_init(&vmc_vcpu_val);
    vmc_vcpu_rand_init(&vmc_vcpu_val);
    vmc_vcpu_init(&vmc_vcpu_val_new);
    vmc_vcpu_copy(ctx, &vmc_vcpu_val_new, &vmc_vcpu_val);
    s = vmc_vcpu_to_json(ctx, &vmc_vcpu_val);
    if (s == NULL) abort();
    new_s = vmc_vcpu_to_json(ctx, &vmc_vcpu_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for vmc_vcpu failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_vcpu_dispose(&vmc_vcpu_val);
    vmc_vcpu_dispose(&vmc_vcpu_val_new);
    printf("done\n");

    printf("Testing vmc_config_copy, ");
    vmc_config_init(&vmc_config_val);
    vmc_config_rand_init(&vmc_config_val);
    vmc_config_init(&vmc_config_val_new);
    vmc_config_copy(ctx, &vmc_config_val_new, &vmc_config_val);
    s = vmc_config_to_json(ctx, &vmc_config_val);
    if (s == NULL) abort();
    new_s = vmc_config_to_json(ctx, &vmc_config_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for vmc_config failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_config_dispose(&vmc_config_val);
    vmc_config_dispose(&vmc_config_val_new);
    printf("done\n");

    printf("Testing vmc_event_copy, ");
    vmc_event_init(&vmc_event_val);
    vmc_event_rand_init(&vmc_event_val);
    vmc_event_init(&vmc_event_val_new);
    vmc_event_copy(ctx, &vmc_event_val_new, &vmc_event_val);
    s = vmc_event_to_json(ctx, &vmc_event_val);
    if (s == NULL) abort();
    new_s = vmc_event_to_json(ctx, &vmc_event_val_new);
    if (new_s == NULL) abort();
    if (strcmp(s, new_s)) {
        printf("Huh? Deep copy for vmc_event failed. Regenerated string different from original string.\n");
        printf("Original string: %s\n", s);
        printf("Regenerated string: %s\n", new_s);
        abort();
    }
    free(s);
    free(new_s);
    vmc_event_dispose(&vmc_event_val);
    vmc_event_dispose(&vmc_event_val_new);
    printf("done\n");

    printf("\n");
    printf("Testing Enumerations\n");
    printf("--------------------\n");
    printf("\n");
    printf("vmc_boot_mode -- to string:\n");
    printf("\tUNKNOWN = %d = \"%s\"\n", VMC_BOOT_MODE_UNKNOWN, vmc_boot_mode_to_string(VMC_BOOT_MODE_UNKNOWN));
    printf("\tFIRMWARE = %d = \"%s\"\n", VMC_BOOT_MODE_FIRMWARE, vmc_boot_mode_to_string(VMC_BOOT_MODE_FIRMWARE));
    printf("\tDIRECT_KERNEL = %d = \"%s\"\n", VMC_BOOT_MODE_DIRECT_KERNEL, vmc_boot_mode_to_string(VMC_BOOT_MODE_DIRECT_KERNEL));
    printf("\tNETWORK = %d = \"%s\"\n", VMC_BOOT_MODE_NETWORK, vmc_boot_mode_to_string(VMC_BOOT_MODE_NETWORK));

    printf("vmc_boot_mode -- to JSON:\n");
    json_string = vmc_boot_mode_to_json(ctx, VMC_BOOT_MODE_UNKNOWN);
    printf("\tUNKNOWN = %d = %s", VMC_BOOT_MODE_UNKNOWN, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_boot_mode_to_json(ctx, VMC_BOOT_MODE_FIRMWARE);
    printf("\tFIRMWARE = %d = %s", VMC_BOOT_MODE_FIRMWARE, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_boot_mode_to_json(ctx, VMC_BOOT_MODE_DIRECT_KERNEL);
    printf("\tDIRECT_KERNEL = %d = %s", VMC_BOOT_MODE_DIRECT_KERNEL, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_boot_mode_to_json(ctx, VMC_BOOT_MODE_NETWORK);
    printf("\tNETWORK = %d = %s", VMC_BOOT_MODE_NETWORK, json_string);
    free(json_string);
    json_string = NULL;

    printf("vmc_boot_mode -- from string:\n");
    vmc_boot_mode_val = -1;
    rc = vmc_boot_mode_from_string("unknOwN", &vmc_boot_mode_val);
    printf("\tUNKNOWN = \"%s\" = %d (rc %d)\n", "unknOwN", vmc_boot_mode_val, rc);
    vmc_boot_mode_val = -1;
    rc = vmc_boot_mode_from_string("fiRMwaRE", &vmc_boot_mode_val);
    printf("\tFIRMWARE = \"%s\" = %d (rc %d)\n", "fiRMwaRE", vmc_boot_mode_val, rc);
    vmc_boot_mode_val = -1;
    rc = vmc_boot_mode_from_string("DiREct_kErNeL", &vmc_boot_mode_val);
    printf("\tDIRECT_KERNEL = \"%s\" = %d (rc %d)\n", "DiREct_kErNeL", vmc_boot_mode_val, rc);
    vmc_boot_mode_val = -1;
    rc = vmc_boot_mode_from_string("networK", &vmc_boot_mode_val);
    printf("\tNETWORK = \"%s\" = %d (rc %d)\n", "networK", vmc_boot_mode_val, rc);
    vmc_boot_mode_val = -1;
    rc = vmc_boot_mode_from_string("An InvAliD VAluE", &vmc_boot_mode_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "An InvAliD VAluE", vmc_boot_mode_val, rc);

    printf("vmc_disk_format -- to string:\n");
    printf("\tRAW = %d = \"%s\"\n", VMC_DISK_FORMAT_RAW, vmc_disk_format_to_string(VMC_DISK_FORMAT_RAW));
    printf("\tQCOW2 = %d = \"%s\"\n", VMC_DISK_FORMAT_QCOW2, vmc_disk_format_to_string(VMC_DISK_FORMAT_QCOW2));
    printf("\tVHD = %d = \"%s\"\n", VMC_DISK_FORMAT_VHD, vmc_disk_format_to_string(VMC_DISK_FORMAT_VHD));

    printf("vmc_disk_format -- to JSON:\n");
    json_string = vmc_disk_format_to_json(ctx, VMC_DISK_FORMAT_RAW);
    printf("\tRAW = %d = %s", VMC_DISK_FORMAT_RAW, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_disk_format_to_json(ctx, VMC_DISK_FORMAT_QCOW2);
    printf("\tQCOW2 = %d = %s", VMC_DISK_FORMAT_QCOW2, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_disk_format_to_json(ctx, VMC_DISK_FORMAT_VHD);
    printf("\tVHD = %d = %s", VMC_DISK_FORMAT_VHD, json_string);
    free(json_string);
    json_string = NULL;

    printf("vmc_disk_format -- from string:\n");
    vmc_disk_format_val = -1;
    rc = vmc_disk_format_from_string("rAW", &vmc_disk_format_val);
    printf("\tRAW = \"%s\" = %d (rc %d)\n", "rAW", vmc_disk_format_val, rc);
    vmc_disk_format_val = -1;
    rc = vmc_disk_format_from_string("qcOW2", &vmc_disk_format_val);
    printf("\tQCOW2 = \"%s\" = %d (rc %d)\n", "qcOW2", vmc_disk_format_val, rc);
    vmc_disk_format_val = -1;
    rc = vmc_disk_format_from_string("VhD", &vmc_disk_format_val);
    printf("\tVHD = \"%s\" = %d (rc %d)\n", "VhD", vmc_disk_format_val, rc);
    vmc_disk_format_val = -1;
    rc = vmc_disk_format_from_string("AN INvAliD vaLue", &vmc_disk_format_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "AN INvAliD vaLue", vmc_disk_format_val, rc);

    printf("vmc_nic_model -- to string:\n");
    printf("\tE1000 = %d = \"%s\"\n", VMC_NIC_MODEL_E1000, vmc_nic_model_to_string(VMC_NIC_MODEL_E1000));
    printf("\tVIRTIO = %d = \"%s\"\n", VMC_NIC_MODEL_VIRTIO, vmc_nic_model_to_string(VMC_NIC_MODEL_VIRTIO));
    printf("\tRTL8139 = %d = \"%s\"\n", VMC_NIC_MODEL_RTL8139, vmc_nic_model_to_string(VMC_NIC_MODEL_RTL8139));

    printf("vmc_nic_model -- to JSON:\n");
    json_string = vmc_nic_model_to_json(ctx, VMC_NIC_MODEL_E1000);
    printf("\tE1000 = %d = %s", VMC_NIC_MODEL_E1000, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_nic_model_to_json(ctx, VMC_NIC_MODEL_VIRTIO);
    printf("\tVIRTIO = %d = %s", VMC_NIC_MODEL_VIRTIO, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_nic_model_to_json(ctx, VMC_NIC_MODEL_RTL8139);
    printf("\tRTL8139 = %d = %s", VMC_NIC_MODEL_RTL8139, json_string);
    free(json_string);
    json_string = NULL;

    printf("vmc_nic_model -- from string:\n");
    vmc_nic_model_val = -1;
    rc = vmc_nic_model_from_string("E1000", &vmc_nic_model_val);
    printf("\tE1000 = \"%s\" = %d (rc %d)\n", "E1000", vmc_nic_model_val, rc);
    vmc_nic_model_val = -1;
    rc = vmc_nic_model_from_string("VIrtiO", &vmc_nic_model_val);
    printf("\tVIRTIO = \"%s\" = %d (rc %d)\n", "VIrtiO", vmc_nic_model_val, rc);
    vmc_nic_model_val = -1;
    rc = vmc_nic_model_from_string("RTl8139", &vmc_nic_model_val);
    printf("\tRTL8139 = \"%s\" = %d (rc %d)\n", "RTl8139", vmc_nic_model_val, rc);
    vmc_nic_model_val = -1;
    rc = vmc_nic_model_from_string("AN invALID ValuE", &vmc_nic_model_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "AN invALID ValuE", vmc_nic_model_val, rc);

    printf("vmc_event_type -- to string:\n");
    printf("\tSTARTED = %d = \"%s\"\n", VMC_EVENT_TYPE_STARTED, vmc_event_type_to_string(VMC_EVENT_TYPE_STARTED));
    printf("\tSTOPPED = %d = \"%s\"\n", VMC_EVENT_TYPE_STOPPED, vmc_event_type_to_string(VMC_EVENT_TYPE_STOPPED));
    printf("\tDISK_EJECT = %d = \"%s\"\n", VMC_EVENT_TYPE_DISK_EJECT, vmc_event_type_to_string(VMC_EVENT_TYPE_DISK_EJECT));

    printf("vmc_event_type -- to JSON:\n");
    json_string = vmc_event_type_to_json(ctx, VMC_EVENT_TYPE_STARTED);
    printf("\tSTARTED = %d = %s", VMC_EVENT_TYPE_STARTED, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_event_type_to_json(ctx, VMC_EVENT_TYPE_STOPPED);
    printf("\tSTOPPED = %d = %s", VMC_EVENT_TYPE_STOPPED, json_string);
    free(json_string);
    json_string = NULL;
    json_string = vmc_event_type_to_json(ctx, VMC_EVENT_TYPE_DISK_EJECT);
    printf("\tDISK_EJECT = %d = %s", VMC_EVENT_TYPE_DISK_EJECT, json_string);
    free(json_string);
    json_string = NULL;

    printf("vmc_event_type -- from string:\n");
    vmc_event_type_val = -1;
    rc = vmc_event_type_from_string("STarTED", &vmc_event_type_val);
    printf("\tSTARTED = \"%s\" = %d (rc %d)\n", "STarTED", vmc_event_type_val, rc);
    vmc_event_type_val = -1;
    rc = vmc_event_type_from_string("STOpPED", &vmc_event_type_val);
    printf("\tSTOPPED = \"%s\" = %d (rc %d)\n", "STOpPED", vmc_event_type_val, rc);
    vmc_event_type_val = -1;
    rc = vmc_event_type_from_string("disk_ejEct", &vmc_event_type_val);
    printf("\tDISK_EJECT = \"%s\" = %d (rc %d)\n", "disk_ejEct", vmc_event_type_val, rc);
    vmc_event_type_val = -1;
    rc = vmc_event_type_from_string("An InvaLiD valUE", &vmc_event_type_val);
    printf("\tAN INVALID VALUE = \"%s\" = %d (rc %d)\n", "An InvaLiD valUE", vmc_event_type_val, rc);



    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger*)logger);

    return 0;
}
