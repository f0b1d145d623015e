/*
 * cli_dump.h - what the three dump tools (certdump, csrdump, crldump) share past
 * tools/cli: the -f field list, and writing one decoded object in the chosen form
 * (-f tab-separated line, --json JSON Lines record, or text with --pem after it).
 */
#ifndef CERTKIT_CLI_DUMP_H
#define CERTKIT_CLI_DUMP_H

#include "tools/cli.h"
#include "x509/x509.h"

/**
 * The -f selection over the tool's top-level JSON fields (NULL-terminated), or NULL
 * when -f was not given.  A usage error (exit 2) for -f with --json, or an unknown field.
 */
x509_select *cli_dump_fields(cli_t *c, const char *const *fields);

/** How one kind of object is printed: its describer (JSON, -f) and text printer. */
typedef struct cli_dumper {
    void (*describe)(const void *obj, x509_sink *s, const void *info);
    void (*text)(const void *obj, buf_t *out, const void *info);
    const char *pem_label;      /* "CERTIFICATE": --pem after the text */
} cli_dumper;

/**
 * Writes obj (DER der) to the output: one -f line when sel, else one JSON record with
 * --json, else its text (a blank line between objects) and with --pem its PEM.  Out
 * of memory ends the tool (exit 2).
 */
void cli_dump_one(cli_t *c, const cli_dumper *d, x509_select *sel, const void *obj, const void *info, span_t der);

#endif /* CERTKIT_CLI_DUMP_H */
