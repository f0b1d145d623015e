/*
 * asn1dump - any DER (or BER) object as an indented tree: offset, header and content
 * length, tag, decoded value, OID names, DER encapsulated in OCTET/BIT STRINGs.
 * Every DER rule an object breaks is shown under the element and listed on standard
 * error as a warning; --strict makes them errors (exit 1).  The tree itself is
 * asn1_dump() (asn1/dump.c); this main reads the inputs and reports.
 */
#include "tools/cli.h"

#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: asn1dump [-ae] [-d DEPTH] [--strict] [-i pem|der|b64] [-o FILE] [FILE...]\n"
    "       asn1dump -h | -V\n"
    "Writes every object of the FILEs (standard input when none) as an indented tree:\n"
    "offset, header length, content length, tag and decoded value of each element.\n"
    "  -a, --all              show every byte of long values (default: the first 128)\n"
    "  -e, --no-encapsulated  do not look for DER inside OCTET STRINGs and BIT STRINGs\n"
    "  -d, --max-depth DEPTH  refuse nesting deeper than DEPTH (default 64)\n"
    "      --strict           treat every DER violation as an error (exit 1)\n"
    "  -i, --inform FORM      read pem, der or b64 instead of detecting the encoding\n"
    "  -o, --output FILE      write FILE atomically\n"
    "  -h, --help             print this help and exit\n"
    "  -V, --version          print the version and exit\n";

static void flush(void *arg)
{
    cli_out_check((cli_t *)arg);
}

/* Every violation and error goes to standard error as it is met (not only the
 * ASN1_MAX_WARNINGS a context keeps). */
struct diag_to {
    cli_t *c;
    const input_t *in;
};

static void on_diag(void *arg, const asn1_diag *d, bool warning)
{
    const struct diag_to *t = arg;
    cli_diag(t->c, t->in->name, &t->in->obj.pos, d, warning);
}

int main(int argc, char **argv)
{
    cli_t c;
    cli_init(&c, "asn1dump", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT, CLI_OPT_STRICT,
        { "all", no_argument, NULL, 'a' },
        { "no-encapsulated", no_argument, NULL, 'e' },
        { "max-depth", required_argument, NULL, 'd' },
        { NULL, 0, NULL, 0 },
    };
    asn1_dump_opts opts = { .max_hex = 128, .flush = flush, .flush_arg = &c };
    unsigned max_depth = ASN1_DEFAULT_MAX_DEPTH;
    int ch;
    while ((ch = cli_getopt(&c, argc, argv, "hVi:o:aed:", lo)) != -1) {
        switch (ch) {
        case 'a':
            opts.max_hex = 0;
            break;
        case 'e':
            opts.no_encapsulated = true;
            break;
        case 'd': {
            char *end;
            unsigned long v = strtoul(optarg, &end, 10);
            if (!*optarg || *end || v < 1 || v > 4096)
                cli_usage_error(&c, "-d wants a depth from 1 to 4096");
            max_depth = (unsigned)v;
            break;
        }
        default:
            cli_usage_error(&c, "unexpected option");
        }
    }
    cli_out_open(&c, 0);

    int nops = argc - optind;
    const char *path;
    for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
        input_t in;
        if (!cli_input_open(&c, &in, path))
            continue;
        while (cli_next_object(&c, &in)) {
            const in_obj *o = &in.obj;
            buf_t *out = cli_outbuf(&c);
            const char *pt;
            size_t ptlen;
            if (o->headers_len && pem_header_get(o->headers, o->headers_len, "Proc-Type", &pt, &ptlen) &&
                memmem(pt, ptlen, "ENCRYPTED", 9)) {
                cli_perror(&c, in.name, &o->pos, CLI_BAD_DATA,
                           "encrypted PEM block (Proc-Type: 4,ENCRYPTED): its body is not DER; "
                           "decrypt it first (keyconv)");
                continue;
            }
            /* a title line where one tree could be mistaken for the next */
            if (o->pos.form == IN_FORM_PEM)
                buf_printf(out, "# %s: block %zu: %s\n", cli_name(in.name), o->pos.block, o->label);
            else if (o->pos.form == IN_FORM_B64)
                buf_printf(out, "# %s: line %zu\n", cli_name(in.name), o->pos.line);
            else if (o->pos.index > 0 || nops > 1)
                buf_printf(out, "# %s: object %zu at offset %llu\n", cli_name(in.name), o->pos.index + 1,
                           (unsigned long long)o->pos.offset);
            asn1_ctx ctx;
            asn1_ctx_init(&ctx, o->der.p, o->der.len);
            ctx.max_depth = max_depth;
            opts.base_offset = o->pos.form == IN_FORM_DER ? o->pos.offset : 0;
            struct diag_to to = { &c, &in };
            opts.on_diag = on_diag;
            opts.diag_arg = &to;
            asn1_err r = asn1_dump(&ctx, &opts, out);
            if (r == ASN1_E_NOMEM) {
                cli_error(&c, CLI_USAGE, "out of memory");
                break;
            }
            cli_out_check(&c);
        }
        input_close(&in);
    }
    return cli_finish(&c);
}
