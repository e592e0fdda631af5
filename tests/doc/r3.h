/* tests/doc: the libxl.h of r3 */
#define LIBXL_HAVE_GUEST 1
#define LIBXL_HAVE_GUEST_DISK_READONLY 1
#define LIBXL_HAVE_BOOT_KIND_PXE 1
