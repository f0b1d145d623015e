/*
 * der2pem - DER objects (one, a concatenated bundle, or base64 lines) to PEM, each
 * block labelled from its structure; PEM input is re-armored in the strict RFC 7468
 * form, so `der2pem *.cer *.pem > bundle.pem` works.
 */
#include "tools/cli.h"

#include <string.h>

static const char usage[] =
    "usage: der2pem [-l LABEL] [-i pem|der|b64] [-o FILE] [FILE...]\n"
    "       der2pem -h | -V\n"
    "Writes every object of the FILEs (standard input when none) as a PEM block.\n"
    "The label comes from the object's structure (CERTIFICATE, X509 CRL, CERTIFICATE\n"
    "REQUEST, PRIVATE KEY, PUBLIC KEY, PKCS7, ...); PEM blocks pass through re-armored.\n"
    "  -l, --label LABEL   use LABEL for every block\n"
    "  -i, --inform FORM   read pem, der or b64 instead of detecting the encoding\n"
    "  -o, --output FILE   write FILE atomically (mode 0600 if it holds a private key)\n"
    "  -h, --help          print this help and exit\n"
    "  -V, --version       print the version and exit\n";

static bool is_secret(asn1_kind k, const char *label)
{
    switch (k) {
    case KIND_PKCS8:
    case KIND_PKCS8_ENCRYPTED:
    case KIND_RSA_PRIVATE:
    case KIND_EC_PRIVATE:
    case KIND_DSA_PRIVATE:
    case KIND_PKCS12:
        return true;
    default:
        return label && (strstr(label, "PRIVATE") || strstr(label, "PKCS12"));
    }
}

int main(int argc, char **argv)
{
    cli_t c;
    cli_init(&c, "der2pem", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT,
        { "label", required_argument, NULL, 'l' },
        { NULL, 0, NULL, 0 },
    };
    const char *label = NULL;
    int ch;
    while ((ch = cli_getopt(&c, argc, argv, "hVi:o:l:", lo)) != -1) {
        switch (ch) {
        case 'l':
            label = optarg;
            if (!*label || strlen(label) > PEM_LABEL_MAX || strstr(label, "-----") || strchr(label, '\n'))
                cli_usage_error(&c, "-l wants a PEM label such as CERTIFICATE");
            break;
        default:
            cli_usage_error(&c, "unexpected option");
        }
    }
    cli_out_open(&c, 0);

    const char *path;
    for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
        input_t in;
        if (!cli_input_open(&c, &in, path))
            continue;
        while (cli_next_object(&c, &in)) {
            const in_obj *o = &in.obj;
            if (!cli_check_framing(&c, &in, o))
                continue;
            const char *lab = label;
            asn1_kind kind = KIND_UNKNOWN;
            if (!lab && o->pos.form == IN_FORM_PEM) {
                lab = pem_label_alias(o->label, strlen(o->label));
                if (!lab)
                    lab = o->label;
            }
            if (!lab || o->pos.form != IN_FORM_PEM) {
                kind = asn1_classify(o->der);
                if (!lab)
                    lab = asn1_kind_label(kind);
            }
            if (!lab) {
                if (o->pos.form == IN_FORM_DER)
                    cli_perror(&c, in.name, &o->pos, CLI_BAD_DATA,
                               "offset %llu: not a structure der2pem can name; give its label with -l",
                               (unsigned long long)o->pos.offset);
                else
                    cli_perror(&c, in.name, &o->pos, CLI_BAD_DATA,
                               "line %zu: not a structure der2pem can name; give its label with -l",
                               o->pos.line);
                continue;
            }
            if (is_secret(kind, lab))
                cli_out_secret(&c);
            pem_write(cli_outbuf(&c), lab, strlen(lab), o->headers, o->headers_len, o->der.p, o->der.len);
            cli_out_check(&c);
        }
        input_close(&in);
    }
    return cli_finish(&c);
}
