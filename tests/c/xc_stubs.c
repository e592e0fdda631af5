/*
 * xc_stubs.c - lets testidl.c run against the real libxenlight on a machine
 * that is not a Xen host.
 *
 * libxl_ctx_alloc() opens a libxc handle (xc_interface_open, which needs
 * /dev/xen/privcmd, i.e. a hypervisor) and a xenstore connection (xs_open,
 * which needs xenstored), and fails without them.  testidl.c only uses the
 * context for logging and for the JSON and copy functions, which never touch
 * either handle.  Defined in the program, these four functions take the place
 * of libxenctrl's and libxenstore's (the executable's definitions win over the
 * shared libraries'), and hand out / take back dummy handles that nothing
 * dereferences.
 *
 * Used by tests/test_libxenlight.py (linked into the program) and by
 * tests/test_xen_build.py (built as a shared library and LD_PRELOAD'ed, which
 * takes their place the same way, for the testidl of a Xen tree); not part of
 * xlidl's runtime.
 */
#include <xenctrl.h>
#include <xenstore.h>

static char dummy_xc_handle, dummy_xs_handle;

xc_interface *xc_interface_open(xentoollog_logger *logger,
                                xentoollog_logger *dombuild_logger,
                                unsigned open_flags)
{
    (void)logger;
    (void)dombuild_logger;
    (void)open_flags;
    return (xc_interface *)&dummy_xc_handle;
}

int xc_interface_close(xc_interface *xch)
{
    (void)xch;
    return 0;
}

struct xs_handle *xs_open(unsigned long flags)
{
    (void)flags;
    return (struct xs_handle *)&dummy_xs_handle;
}

void xs_close(struct xs_handle *xsh)
{
    (void)xsh;
}
