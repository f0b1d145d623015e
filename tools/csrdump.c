/*
 * csrdump - PKCS#10 certification requests, decoded in full, the self-signature
 * checked on every request: text for people, --json (JSON Lines, SPEC.md schema),
 * -f FIELD,... (tab-separated).  Exit 3 when a signature does not verify.
 *
 * A thin main over tools/cli, shaped like certdump: every object of every input is
 * classified, decoded, verified, described and forgotten.
 */
#include "tools/cli.h"
#include "tools/cli_dump.h"
#include "tools/cli_skip.h"
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: csrdump [options] [FILE...]\n"
    "Decodes PKCS#10 certificate requests (PEM, DER, base64 lines) and checks each\n"
    "request's self-signature.\n"
    "  -i, --inform pem|der|b64  force the input encoding (default: detected)\n"
    "  -o, --output FILE         write to FILE (atomically) instead of standard output\n"
    "      --json                JSON Lines: one object per request\n"
    "      --pem                 add the request as PEM (JSON \"pem\"; after the text)\n"
    "  -f, --fields F[,F...]     print only these fields (JSON names, dots for nesting),\n"
    "                            tab-separated, one line per request\n"
    "      --show-secrets        show the challengePassword (default: <redacted>)\n"
    "      --strict              DER rule violations are errors, not warnings\n"
    "  -h, --help                this help\n"
    "  -V, --version             the version\n"
    "Exit: 0 ok, 1 bad data, 2 usage or I/O error, 3 a signature did not verify.\n";

enum { O_SHOW_SECRETS = CLI_OPT_TOOL };

typedef struct run {
    cli_t cli;
    bool show_secrets;
    x509_select *sel;
    asn1_ctx ctx;
    x509_csr csr;
    cli_skip skip;          /* objects of other kinds */
    size_t index;           /* requests met in the current input */
} run_t;

/* The certdump-style output of one request (tools/cli_dump.c). */
static void describe(const void *obj, x509_sink *s, const void *info)
{
    x509_csr_describe(obj, s, info);
}

static void text(const void *obj, buf_t *out, const void *info)
{
    x509_csr_text(obj, out, info);
}

static void one_csr(run_t *r, const input_t *in, const in_obj *o)
{
    cli_t *c = &r->cli;
    size_t index = r->index++;
    r->ctx.strict = c->strict;
    asn1_err e = x509_csr_decode(&r->ctx, o->der, &r->csr);
    if (e != ASN1_OK) {
        if (r->ctx.err.code == ASN1_OK)
            asn1_fail_at(&r->ctx, 0, "CertificationRequest", e, "%s", asn1_err_name(e));
        cli_diag(c, in->name, &o->pos, &r->ctx.err, false);
        cli_status(c, CLI_BAD_DATA);
        return;
    }
    if (cli_report_ctx(c, in->name, &o->pos, &r->ctx) != CLI_OK)
        return;                                     /* --strict turned a warning into an error */

    char detail[256] = "";
    ck_verify_result v = x509_csr_verify(&r->csr, detail, sizeof detail);
    x509_csr_info info = {
        .source = in->name,
        .index = index,
        .pem = c->pem,
        .show_secrets = r->show_secrets,
        .ctx = &r->ctx,
        .sig = v,
        .sig_detail = detail,
        .openssl_names = r->sel != NULL,
    };
    static const cli_dumper dumper = { describe, text, "CERTIFICATE REQUEST" };
    cli_dump_one(c, &dumper, r->sel, &r->csr, &info, o->der);

    switch (v) {
    case CK_VERIFY_VALID:
        break;
    case CK_VERIFY_INVALID:
        cli_perror(c, in->name, &o->pos, CLI_CHECK_FAILED, "signature: INVALID%s%s",
                   detail[0] ? ": " : "", detail);
        break;
    case CK_VERIFY_UNSUPPORTED:
        cli_perror(c, in->name, &o->pos, CLI_OK, "warning: signature: %s",
                   detail[0] ? detail : "cannot verify: unsupported algorithm");
        break;
    default:
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "signature: %s",
                   detail[0] ? detail : "cannot verify: malformed key or parameters");
        break;
    }
}

/* No label (DER, base64 lines) or a label of this tool's kind. */
static bool own_label(const char *label)
{
    return label[0] == '\0' || asn1_kind_from_label(label) == KIND_CSR;
}

int main(int argc, char **argv)
{
    static run_t r;
    cli_t *c = &r.cli;
    cli_init(c, "csrdump", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT, CLI_OPT_STRICT,
        CLI_OPT_JSON, CLI_OPT_PEM, CLI_OPT_FIELDS,
        { "show-secrets", no_argument, NULL, O_SHOW_SECRETS },
        { NULL, 0, NULL, 0 },
    };
    int ch;
    while ((ch = cli_getopt(c, argc, argv, "hVi:o:f:", lo)) != -1) {
        switch (ch) {
        case O_SHOW_SECRETS:
            r.show_secrets = true;
            break;
        default:
            cli_usage_error(c, "unexpected option");
        }
    }
    r.sel = cli_dump_fields(c, x509_csr_fields);
    asn1_ctx_init(&r.ctx, NULL, 0);
    r.skip.what = "certificate request";
    cli_out_open(c, 0);

    const char *path;
    for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
        input_t in;
        if (!cli_input_open(c, &in, path))
            continue;
        r.index = 0;
        while (cli_next_object(c, &in)) {
            asn1_kind k2 = asn1_classify(in.obj.der);
            /* an unrecognised structure where a certificate request should be: decoded anyway, so
             * that the decoder says what is wrong, and where */
            if (k2 == KIND_CSR || (k2 == KIND_UNKNOWN && own_label(in.obj.label)))
                one_csr(&r, &in, &in.obj);
            else
                cli_skip_other(c, &r.skip, &in, &in.obj, k2, r.index);
            if (r.skip.npending && r.index > 0)
                cli_skip_flush(c, &r.skip, &in, r.index);
        }
        cli_skip_flush(c, &r.skip, &in, r.index);
        input_close(&in);
    }
    x509_select_free(r.sel);
    return cli_finish(c);
}
