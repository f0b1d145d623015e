/* cli_dump.c - the -f list and the output of one object, for the dump tools (see cli_dump.h). */
#include "tools/cli_dump.h"

#include <stdlib.h>
#include <string.h>

x509_select *cli_dump_fields(cli_t *c, const char *const *fields)
{
    x509_select *sel = NULL;
    if (!c->fields)
        return NULL;
    if (c->json)
        cli_usage_error(c, "-f and --json cannot be used together");
    char why[256];
    asn1_err e = x509_select_new(c->fields, fields, &sel, why, sizeof why);
    if (e == ASN1_E_NOMEM) {
        cli_error(c, CLI_USAGE, "out of memory");
        exit(cli_finish(c));
    }
    if (e != ASN1_OK)
        cli_usage_error(c, "-f: %s", why);
    return sel;
}

void cli_dump_one(cli_t *c, const cli_dumper *d, x509_select *sel, const void *obj, const void *info, span_t der)
{
    buf_t *out = cli_outbuf(c);
    x509_sink s;
    if (sel) {
        x509_sink_select(&s, sel);
        d->describe(obj, &s, info);
        x509_select_line(sel, out);
    } else if (c->json) {
        json_t j;
        json_init(&j, out);
        x509_sink_json(&s, &j);
        sink_obj(&s, NULL, NULL);
        d->describe(obj, &s, info);
        sink_end_obj(&s);
        buf_putc(out, '\n');
    } else {
        if (out->len)
            buf_putc(out, '\n');
        d->text(obj, out, info);
        if (c->pem)
            pem_write(out, d->pem_label, strlen(d->pem_label), NULL, 0, der.p, der.len);
    }
    if (out->oom) {
        cli_error(c, CLI_USAGE, "out of memory");
        exit(cli_finish(c));
    }
    cli_out_check(c);
}
