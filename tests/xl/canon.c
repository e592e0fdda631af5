/*
 * canon.c - the real libxenlight's reading and writing of one
 * libxl_domain_config JSON document.
 *
 *     canon < DOC.json
 *
 * reads the whole of standard input, parses it with
 * libxl_domain_config_from_json() and prints libxl_domain_config_to_json()
 * of the result on standard output, exactly as `xl create -n` prints a
 * config (fputs of the string, which ends with a newline).  On a document
 * libxl rejects it exits 1; libxl's own error messages are on standard error
 * (the context's logger writes there), followed by one line from canon.
 *
 * Linked with -lxenlight -lxentoollog and tests/c/xc_stubs.c: libxl_ctx_alloc
 * opens libxc and xenstore handles, which the stubs fake (the JSON functions
 * never use them).  Used by tests/xl/xljson.py; not part of xlidl.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>
#include <xentoollog.h>

static char *read_all(FILE *f, size_t *len_r)
{
    size_t cap = 65536, len = 0, n;
    char *buf = malloc(cap + 1);

    if (!buf)
        return NULL;
    while ((n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            char *bigger = realloc(buf, 2 * cap + 1);
            if (!bigger) {
                free(buf);
                return NULL;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    if (ferror(f)) {
        free(buf);
        return NULL;
    }
    buf[len] = '\0';
    *len_r = len;
    return buf;
}

int main(void)
{
    xentoollog_logger_stdiostream *logger;
    libxl_ctx *ctx = NULL;
    libxl_domain_config config;
    char *in, *out;
    size_t len;
    int rc, status = 1;

    in = read_all(stdin, &len);
    if (!in) {
        fprintf(stderr, "canon: cannot read standard input\n");
        return 2;
    }
    if (strlen(in) != len) {
        fprintf(stderr, "canon: NUL byte in the document\n");
        free(in);
        return 2;
    }
    logger = xtl_createlogger_stdiostream(stderr, XTL_PROGRESS, 0);
    if (!logger) {
        free(in);
        return 2;
    }
    if (libxl_ctx_alloc(&ctx, LIBXL_VERSION, 0, (xentoollog_logger *)logger)) {
        fprintf(stderr, "canon: libxl_ctx_alloc failed\n");
        xtl_logger_destroy((xentoollog_logger *)logger);
        free(in);
        return 2;
    }

    libxl_domain_config_init(&config);
    rc = libxl_domain_config_from_json(ctx, &config, in);
    if (rc) {
        fprintf(stderr, "canon: libxl_domain_config_from_json failed: %d\n", rc);
    } else {
        out = libxl_domain_config_to_json(ctx, &config);
        if (!out) {
            fprintf(stderr, "canon: libxl_domain_config_to_json failed\n");
            status = 2;
        } else {
            fputs(out, stdout);
            free(out);
            status = fflush(stdout) ? 2 : 0;
        }
    }
    libxl_domain_config_dispose(&config);
    libxl_ctx_free(ctx);
    xtl_logger_destroy((xentoollog_logger *)logger);
    free(in);
    return status;
}
