/*
 * libxl_osdeps.h - included first by generated code: asks the C library
 * for its GNU extensions (strdup, asprintf ...).
 */
#ifndef LIBXL_OSDEPS_H
#define LIBXL_OSDEPS_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#endif /* LIBXL_OSDEPS_H */
