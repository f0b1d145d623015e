/*
 * certdump - X.509 certificates, decoded in full: text for people, --json (JSON
 * Lines, SPEC.md schema), -f FIELD,... (tab-separated, for shell use).
 *
 * A thin main over tools/cli: options, then every object of every input is
 * classified and decoded (PKCS#7 certs-only bundles are opened), described to
 * the chosen output, and forgotten: memory grows with the largest object only.
 */
#include "tools/cli.h"
#include "tools/cli_dump.h"
#include "tools/cli_skip.h"
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: certdump [options] [FILE...]\n"
    "Decodes X.509 certificates (PEM, DER, DER bundles, base64 lines, PKCS#7 .p7b).\n"
    "  -i, --inform pem|der|b64  force the input encoding (default: detected)\n"
    "  -o, --output FILE         write to FILE (atomically) instead of standard output\n"
    "      --json                JSON Lines: one object per certificate\n"
    "      --pem                 add the certificate as PEM (JSON \"pem\"; after the text)\n"
    "  -f, --fields F[,F...]     print only these fields (JSON names, dots for nesting),\n"
    "                            tab-separated, one line per certificate\n"
    "      --at TIME             evaluate validity at TIME (RFC 3339 or YYYY-MM-DD)\n"
    "      --check-expiry DAYS   exit 3 when a certificate expires within DAYS days\n"
    "      --first               only the first certificate of each input\n"
    "      --strict              DER rule violations are errors, not warnings\n"
    "  -h, --help                this help\n"
    "  -V, --version             the version\n"
    "Exit: 0 ok, 1 bad data, 2 usage or I/O error, 3 --check-expiry matched.\n";

enum { O_CHECK_EXPIRY = CLI_OPT_TOOL, O_FIRST };

typedef struct run {
    cli_t cli;
    bool first;
    bool check_expiry;
    int64_t expiry_days;
    x509_select *sel;
    asn1_ctx ctx;
    x509_cert cert;
    size_t index;           /* certificates met in the current input */
    bool stop;              /* --first: this input is done */
    cli_skip skip;          /* objects of other kinds */
} run_t;

/* ------------------------------------------------------------ one cert */

/* The certdump-style output of one certificate (tools/cli_dump.c). */
static void describe(const void *obj, x509_sink *s, const void *info)
{
    x509_cert_describe(obj, s, info);
}

static void text(const void *obj, buf_t *out, const void *info)
{
    x509_cert_text(obj, out, info);
}


/* Adds base to the offsets of a context's diagnostics (a certificate inside a PKCS#7). */
static void shift_offsets(asn1_ctx *ctx, size_t base)
{
    ctx->err.offset += base;
    unsigned n = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
    for (unsigned i = 0; i < n; i++)
        ctx->warn[i].offset += base;
}

static void expiry_check(run_t *r, const char *file, const in_pos *pos, const x509_cert *c)
{
    int64_t at = r->cli.at;
    if (c->not_after - at > r->expiry_days * 86400)
        return;
    buf_t name = BUF_INIT;
    x509_name_rfc4514(&c->subject, &name);
    char ts[32];
    asn1_time_rfc3339(c->not_after, ts);
    int64_t d = (c->not_after - at) / 86400;
    if (c->not_after < at)
        cli_perror(&r->cli, file, pos, CLI_CHECK_FAILED, "%s: expired %s, %lld day%s ago", buf_cstr(&name),
                   ts, (long long)((at - c->not_after) / 86400), (at - c->not_after) / 86400 == 1 ? "" : "s");
    else
        cli_perror(&r->cli, file, pos, CLI_CHECK_FAILED, "%s: expires %s, in %lld day%s (--check-expiry %lld)",
                   buf_cstr(&name), ts, (long long)d, d == 1 ? "" : "s", (long long)r->expiry_days);
    buf_free(&name);
}

/*
 * Decodes and prints one certificate.  base is the offset of der inside the object
 * read from the input (non-zero inside a PKCS#7), for messages.
 */
static void one_cert(run_t *r, const input_t *in, const in_pos *pos, span_t der, size_t base)
{
    cli_t *c = &r->cli;
    if (r->stop)
        return;
    if (r->first)
        r->stop = true;
    size_t index = r->index++;
    r->ctx.strict = c->strict;
    asn1_err e = x509_cert_decode(&r->ctx, der, &r->cert);
    if (base)
        shift_offsets(&r->ctx, base);
    if (e != ASN1_OK) {
        if (r->ctx.err.code == ASN1_OK)
            asn1_fail_at(&r->ctx, 0, "certificate", e, "%s", asn1_err_name(e));
        cli_diag(c, in->name, pos, &r->ctx.err, false);
        cli_status(c, CLI_BAD_DATA);
        return;
    }
    if (cli_report_ctx(c, in->name, pos, &r->ctx) != CLI_OK)
        return;                                     /* --strict turned a warning into an error */
    if (base)
        shift_offsets(&r->ctx, (size_t)0 - base);   /* the JSON shows offsets in the certificate */

    x509_cert_info info = {
        .source = in->name,
        .index = index,
        .at = c->at,
        .pem = c->pem || (r->sel && x509_select_wants(r->sel, "pem")),
        .ctx = &r->ctx,
        .openssl_names = r->sel && (x509_select_wants(r->sel, "subject_openssl") ||
                                    x509_select_wants(r->sel, "issuer_openssl")),
        .only = r->sel,
    };
    static const cli_dumper dumper = { describe, text, "CERTIFICATE" };
    cli_dump_one(c, &dumper, r->sel, &r->cert, &info, der);
    if (r->check_expiry)
        expiry_check(r, in->name, pos, &r->cert);
}

/* ------------------------------------------------------------- PKCS#7 */

typedef struct p7_arg {
    run_t *r;
    const input_t *in;
    const in_pos *pos;
} p7_arg;

static asn1_err p7_cert(void *arg, span_t cert, size_t offset, size_t index)
{
    p7_arg *a = arg;
    (void)index;
    one_cert(a->r, a->in, a->pos, cert, offset);
    return ASN1_OK;
}

static void one_pkcs7(run_t *r, const input_t *in, const in_obj *o)
{
    asn1_ctx p7;
    asn1_ctx_init(&p7, o->der.p, o->der.len);
    p7.strict = r->cli.strict;
    p7_arg a = { r, in, &o->pos };
    size_t before = r->index;
    asn1_err e = pkcs7_certs_each(&p7, o->der, p7_cert, &a);
    if (e != ASN1_OK) {
        if (p7.err.code == ASN1_OK)
            asn1_fail_at(&p7, 0, "contentInfo", e, "%s", asn1_err_name(e));
        cli_diag(&r->cli, in->name, &o->pos, &p7.err, false);
        cli_status(&r->cli, CLI_BAD_DATA);
        return;
    }
    unsigned n = p7.nwarn < ASN1_MAX_WARNINGS ? p7.nwarn : ASN1_MAX_WARNINGS;
    for (unsigned i = 0; i < n; i++)
        cli_diag(&r->cli, in->name, &o->pos, &p7.warn[i], true);
    if (r->index == before && !r->stop)
        cli_perror(&r->cli, in->name, &o->pos, CLI_OK, "warning: this PKCS#7 signedData holds no certificates");
}

/* ------------------------------------------------------------- objects */

static bool cert_label(const char *label)
{
    return label[0] == '\0' || asn1_kind_from_label(label) == KIND_CERTIFICATE;
}

static void one_object(run_t *r, const input_t *in, const in_obj *o)
{
    if (r->stop)
        return;
    span_t der = o->der;
    asn1_kind k = asn1_classify(der);
    /* A "TRUSTED CERTIFICATE" (OpenSSL) is a Certificate followed by its trust
     * settings (CertAux): the certificate is the first element. */
    if (strcmp(o->label, "TRUSTED CERTIFICATE") == 0) {
        uint64_t total;
        const char *why;
        if (ber_frame(der.p, der.len, ASN1_DEFAULT_MAX_DEPTH, &total, &why) == ASN1_OK && total < der.len) {
            der.len = (size_t)total;
            k = asn1_classify(der);
        }
    }
    if (k == KIND_CERTIFICATE || (k == KIND_UNKNOWN && cert_label(o->label))) {
        /* an unrecognised structure where a certificate should be: decode it anyway,
         * so that the decoder says what is wrong, and where */
        one_cert(r, in, &o->pos, der, 0);
    } else if (k == KIND_PKCS7) {
        one_pkcs7(r, in, o);
    } else {
        cli_skip_other(&r->cli, &r->skip, in, o, k, r->index);
    }
    if (r->skip.npending && r->index > 0)
        cli_skip_flush(&r->cli, &r->skip, in, r->index);
}

int main(int argc, char **argv)
{
    static run_t r;
    cli_t *c = &r.cli;
    cli_init(c, "certdump", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT, CLI_OPT_STRICT,
        CLI_OPT_JSON, CLI_OPT_PEM, CLI_OPT_FIELDS, CLI_OPT_AT,
        { "check-expiry", required_argument, NULL, O_CHECK_EXPIRY },
        { "first", no_argument, NULL, O_FIRST },
        { NULL, 0, NULL, 0 },
    };
    int ch;
    while ((ch = cli_getopt(c, argc, argv, "hVi:o:f:", lo)) != -1) {
        switch (ch) {
        case O_CHECK_EXPIRY: {
            char *end;
            long long d = strtoll(optarg, &end, 10);
            if (!optarg[0] || *end || d < 0 || d > 1000000)
                cli_usage_error(c, "--check-expiry wants a number of days, not '%s'", optarg);
            r.check_expiry = true;
            r.expiry_days = d;
            break;
        }
        case O_FIRST:
            r.first = true;
            break;
        default:
            cli_usage_error(c, "unexpected option");
        }
    }
    if (!c->have_at)
        c->at = (int64_t)time(NULL);
    r.sel = cli_dump_fields(c, x509_cert_fields);
    asn1_ctx_init(&r.ctx, NULL, 0);
    r.skip.what = "certificate";
    cli_out_open(c, 0);

    const char *path;
    for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
        input_t in;
        if (!cli_input_open(c, &in, path))
            continue;
        r.index = 0;
        r.stop = false;
        while (!r.stop && cli_next_object(c, &in))
            one_object(&r, &in, &in.obj);
        cli_skip_flush(c, &r.skip, &in, r.index);
        input_close(&in);
    }
    x509_select_free(r.sel);
    return cli_finish(c);
}
