/*
 * cli.c - options, exit status and messages shared by every tool.
 * (Output: cli_out.c.  Passwords: cli_pass.c.)
 */
#include "tools/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_init(cli_t *c, const char *prog, const char *usage)
{
    memset(c, 0, sizeof *c);
    c->prog = prog;
    c->usage = usage;
    c->out.fd = -1;
    buf_init(&c->out.buf);
    /* Messages are gathered and written out with the output they go with (cli_out.c
     * flushes them first, so the order of the two streams is kept) or at exit: a file
     * with thousands of warnings costs one write, not one per line. */
    static char errbuf[1 << 16];
    setvbuf(stderr, errbuf, _IOFBF, sizeof errbuf);
}

/* ------------------------------------------------------------ options */

_Noreturn void cli_help(cli_t *c)
{
    fputs(c->usage, stdout);
    exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2);
}

_Noreturn void cli_version(cli_t *c)
{
    printf("%s (certkit) %s\n", c->prog, CERTKIT_VERSION);
    exit(fflush(stdout) == 0 && !ferror(stdout) ? 0 : 2);
}

_Noreturn void cli_usage_error(cli_t *c, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s: ", c->prog);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fputs(c->usage, stderr);
    exit(CLI_USAGE);
}

/* The option text as the user wrote it, for messages. */
static const char *opt_text(int opt, char **argv, char *tmp, size_t n)
{
    if (opt > 0 && opt < 0x100) {
        snprintf(tmp, n, "-%c", opt);
        return tmp;
    }
    const char *a = argv[optind - 1];
    return a ? a : "?";
}

int cli_getopt(cli_t *c, int argc, char **argv, const char *shortopts, const struct option *longopts)
{
    char so[128];
    snprintf(so, sizeof so, ":%s", shortopts);   /* ':' first: a missing argument returns ':' */
    opterr = 0;
    for (;;) {
        int li = -1;
        int ch = getopt_long(argc, argv, so, longopts, &li);
        char tmp[8];
        switch (ch) {
        case -1:
            return -1;
        case '?': {
            const char *a = argv[optind - 1];
            if (optopt > 0 && optopt < 0x100 && !strchr(shortopts, optopt))
                cli_usage_error(c, "unknown option '-%c'", optopt);
            if (optopt)                       /* a long option given an argument it does not take */
                cli_usage_error(c, "option '%.*s' takes no argument", (int)strcspn(a, "="), a);
            cli_usage_error(c, "unknown option '%.*s'", (int)strcspn(a, "="), a);
        }
        case ':': {
            const char *a = argv[optind - 1];
            if (a && a[0] == '-' && a[1] == '-')
                cli_usage_error(c, "option '%s' needs an argument", a);
            cli_usage_error(c, "option '%s' needs an argument", opt_text(optopt, argv, tmp, sizeof tmp));
        }
        case 'h':
            cli_help(c);
        case 'V':
            cli_version(c);
        case 'i':
            if (!in_form_parse(optarg, &c->inform))
                cli_usage_error(c, "-i/--inform wants pem, der or b64, not '%s'", optarg);
            break;
        case 'o':
            c->outfile = optarg;
            break;
        case 'f':
            c->fields = optarg;
            break;
        case CLI_O_OUTFORM:
            if (strcmp(optarg, "pem") == 0 || strcmp(optarg, "PEM") == 0)
                c->outform = CLI_OUTFORM_PEM;
            else if (strcmp(optarg, "der") == 0 || strcmp(optarg, "DER") == 0)
                c->outform = CLI_OUTFORM_DER;
            else
                cli_usage_error(c, "--outform wants pem or der, not '%s'", optarg);
            break;
        case CLI_O_STRICT:
            c->strict = true;
            break;
        case CLI_O_JSON:
            c->json = true;
            break;
        case CLI_O_PEM:
            c->pem = true;
            break;
        case CLI_O_AT:
            if (!asn1_time_parse_text(optarg, &c->at))
                cli_usage_error(c, "--at wants an RFC 3339 time or YYYY-MM-DD, not '%s'", optarg);
            c->have_at = true;
            break;
        case CLI_O_PASS:
            c->pass_src = optarg;
            break;
        case CLI_O_PASS_OUT:
            c->pass_out_src = optarg;
            break;
        default:
            return ch;
        }
    }
}

const char *cli_operand(int argc, char **argv, int k)
{
    if (optind >= argc)
        return k == 0 ? "-" : NULL;
    return optind + k < argc ? argv[optind + k] : NULL;
}

/* ------------------------------------------------------------- status */

static int rank(int code)
{
    switch (code) {
    case CLI_OK: return 0;
    case CLI_CHECK_FAILED: return 1;
    case CLI_BAD_DATA: return 2;
    default: return 3;                /* 2, and anything unexpected */
    }
}

int cli_worst(int a, int b)
{
    return rank(b) > rank(a) ? b : a;
}

void cli_status(cli_t *c, int code)
{
    c->status = cli_worst(c->status, code);
}

/* ----------------------------------------------------------- messages */

const char *cli_name(const char *path)
{
    return (!path || strcmp(path, "-") == 0) ? "(stdin)" : path;
}

/* Everything goes through one stderr line written at once. */
static void emit(buf_t *b)
{
    buf_putc(b, '\n');
    if (!b->oom)
        fwrite(b->p, 1, b->len, stderr);
    buf_free(b);
}

void cli_error(cli_t *c, int code, const char *fmt, ...)
{
    buf_t b = BUF_INIT;
    va_list ap;
    buf_printf(&b, "%s: ", c->prog);
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    emit(&b);
    cli_status(c, code);
}

void cli_ferror(cli_t *c, const char *file, int code, const char *fmt, ...)
{
    buf_t b = BUF_INIT;
    va_list ap;
    buf_printf(&b, "%s: %s: ", c->prog, cli_name(file));
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    emit(&b);
    cli_status(c, code);
}

static void prefix(buf_t *b, cli_t *c, const char *file, const in_pos *pos)
{
    buf_printf(b, "%s: %s: ", c->prog, cli_name(file));
    if (pos && pos->form == IN_FORM_PEM && pos->block)
        buf_printf(b, "block %zu: ", pos->block);
}

void cli_perror(cli_t *c, const char *file, const in_pos *pos, int code, const char *fmt, ...)
{
    buf_t b = BUF_INIT;
    va_list ap;
    prefix(&b, c, file, pos);
    va_start(ap, fmt);
    buf_vprintf(&b, fmt, ap);
    va_end(ap);
    emit(&b);
    cli_status(c, code);
}

void cli_diag(cli_t *c, const char *file, const in_pos *pos, const asn1_diag *d, bool warning)
{
    buf_t b = BUF_INIT;
    prefix(&b, c, file, pos);
    uint64_t off = d->offset;
    if (pos && pos->form == IN_FORM_DER)
        off += pos->offset;                          /* DER input: offsets in the file */
    else if (pos && pos->form == IN_FORM_B64 && pos->line)
        buf_printf(&b, "line %zu: ", pos->line);
    buf_printf(&b, "offset %llu: ", (unsigned long long)off);
    if (d->path[0])
        buf_printf(&b, "%s: ", d->path);
    bool fatal = !warning || c->strict;
    if (warning)
        buf_puts(&b, fatal ? "error (--strict): " : "warning: ");
    buf_puts(&b, d->msg[0] ? d->msg : asn1_err_name(d->code));
    emit(&b);
    if (fatal)
        cli_status(c, CLI_BAD_DATA);
}

int cli_report_ctx(cli_t *c, const char *file, const in_pos *pos, const asn1_ctx *ctx)
{
    unsigned n = ctx->nwarn < ASN1_MAX_WARNINGS ? ctx->nwarn : ASN1_MAX_WARNINGS;
    for (unsigned i = 0; i < n; i++)
        cli_diag(c, file, pos, &ctx->warn[i], true);
    if (ctx->nwarn_dropped)
        cli_perror(c, file, pos, c->strict ? CLI_BAD_DATA : CLI_OK, "%s%u more warnings not shown",
                   c->strict ? "" : "warning: ", ctx->nwarn_dropped);
    if (ctx->err.code != ASN1_OK) {
        cli_diag(c, file, pos, &ctx->err, false);
        return CLI_BAD_DATA;
    }
    return (c->strict && ctx->nwarn) ? CLI_BAD_DATA : CLI_OK;
}

bool cli_input_problem(cli_t *c, const input_t *in, in_status st)
{
    const in_error *e = &in->err;
    const in_pos *pos = &e->pos;
    switch (st) {
    case IN_FATAL:
        cli_ferror(c, in->name, CLI_USAGE, "%s", e->d.msg);
        return true;
    case IN_WARN:
        if (pos->form == IN_FORM_DER)
            cli_perror(c, in->name, pos, c->strict ? CLI_BAD_DATA : CLI_OK, "offset %llu: %s%s",
                       (unsigned long long)pos->offset, c->strict ? "error (--strict): " : "warning: ",
                       e->d.msg);
        else
            cli_perror(c, in->name, pos, c->strict ? CLI_BAD_DATA : CLI_OK, "%s%s",
                       c->strict ? "error (--strict): " : "warning: ", e->d.msg);
        return false;
    case IN_BAD:
        if (pos->form == IN_FORM_DER && (pos->offset || pos->index))
            cli_perror(c, in->name, pos, CLI_BAD_DATA, "offset %llu: %s", (unsigned long long)pos->offset,
                       e->d.msg);
        else
            cli_perror(c, in->name, pos, CLI_BAD_DATA, "%s", e->d.msg);
        return false;
    default:
        return false;
    }
}

bool cli_next_object(cli_t *c, input_t *in)
{
    in_status st;
    while ((st = input_next(in)) != IN_END) {
        if (st == IN_OBJECT)
            return true;
        if (cli_input_problem(c, in, st))
            return false;
    }
    return false;
}

bool cli_wrong_kind(cli_t *c, const input_t *in, const in_obj *o, asn1_kind want)
{
    asn1_kind k = asn1_classify(o->der);
    if (k == want)
        return false;
    const char *tool = asn1_kind_tool(k);
    const char *foreign = k == KIND_UNKNOWN && o->label[0] ? pem_label_foreign(o->label) : NULL;
    if (foreign)
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "this is %s", foreign);
    else if (k == KIND_UNKNOWN)
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "this is not a %s: unrecognised structure%s",
                   asn1_kind_desc(want), strcmp(c->prog, "asn1dump") ? "; asn1dump shows it" : "");
    else if (tool && strcmp(tool, c->prog) != 0)
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "this is %s %s; use %s", asn1_kind_a(k), asn1_kind_desc(k), tool);
    else
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "this is %s %s, not a %s", asn1_kind_a(k), asn1_kind_desc(k),
                   asn1_kind_desc(want));
    return true;
}

bool cli_input_open(cli_t *c, input_t *in, const char *path)
{
    int err = input_open(in, path, c->inform);
    if (err) {
        cli_ferror(c, path, CLI_USAGE, "cannot open: %s", strerror(err));
        return false;
    }
    return true;
}

bool cli_check_framing(cli_t *c, const input_t *in, const in_obj *o)
{
    if (o->pos.form != IN_FORM_PEM)
        return true;
    const char *v;
    size_t vl;
    if (o->headers_len && pem_header_get(o->headers, o->headers_len, "Proc-Type", &v, &vl) &&
        memmem(v, vl, "ENCRYPTED", 9))
        return true;
    uint64_t total = 0;
    const char *why = NULL;
    asn1_err e = ber_frame(o->der.p, o->der.len, ASN1_DEFAULT_MAX_DEPTH, &total, &why);
    if (e == ASN1_OK && total == o->der.len)
        return true;
    /* a block may hold more than one complete element (OpenSSL's TRUSTED CERTIFICATE is
     * the certificate followed by its trust settings): only broken framing is refused */
    uint64_t at = total;
    while (e == ASN1_OK && at < o->der.len) {
        uint64_t more = 0;
        e = ber_frame(o->der.p + at, o->der.len - (size_t)at, ASN1_DEFAULT_MAX_DEPTH, &more, &why);
        if (e == ASN1_OK)
            at += more;
    }
    if (e == ASN1_OK)
        return true;
    if (at == total && total > 0 && total < o->der.len) {
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "offset %llu: %llu bytes after the DER element that are not "
                   "DER (the block holds %zu)", (unsigned long long)total,
                   (unsigned long long)(o->der.len - total), o->der.len);
        return false;
    }
    if (at > total) {
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "offset %llu: the element after the first one is broken: %s",
                   (unsigned long long)at, why ? why : asn1_err_name(e));
        return false;
    }
    if (e == ASN1_OK)
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "offset %llu: %llu bytes after the DER element "
                   "(the block holds %zu)", (unsigned long long)total,
                   (unsigned long long)(o->der.len - total), o->der.len);
    else if (e == ASN1_E_TRUNCATED)
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "offset 0: the DER is truncated: the element needs %s%llu "
                   "bytes, the block holds %zu", total ? "" : "more than ", (unsigned long long)(total ? total : o->der.len),
                   o->der.len);
    else
        cli_perror(c, in->name, &o->pos, CLI_BAD_DATA, "offset 0: not DER: %s", why ? why : asn1_err_name(e));
    return false;
}
