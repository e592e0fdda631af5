/* tests/doc: the libxl.h of r2 */
#define LIBXL_HAVE_GUEST 1
#define LIBXL_HAVE_GUEST_DISK_READONLY 1
