/*
 * libxl_utils.h - helpers on the builtin types (bitmap iteration ...).
 */
#ifndef LIBXL_UTILS_H
#define LIBXL_UTILS_H

#include "libxl.h"

/* Every bit index of the bitmap, set or not. */
#define libxl_for_each_bit(var, map) \
    for ((var) = 0; (var) < (int)(map).size * 8; (var)++)
/* Every set bit index of the bitmap. */
#define libxl_for_each_set_bit(var, map) \
    libxl_for_each_bit(var, map) if (libxl_bitmap_test(&(map), (var)))

#endif /* LIBXL_UTILS_H */
