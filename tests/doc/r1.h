/* tests/doc: the libxl.h of r1 (our own, for xlidl doc and api-diff --header) */
#define LIBXL_HAVE_GUEST 1
