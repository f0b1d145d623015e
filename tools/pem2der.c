/*
 * pem2der - PEM blocks (or DER, or base64 lines) to DER: every object, those with one
 * label (-l), or the N-th (-n).  Never writes to a terminal.
 */
#include "tools/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static const char usage[] =
    "usage: pem2der [-l LABEL] [-n N] [-i pem|der|b64] [-o FILE] [FILE...]\n"
    "       pem2der -h | -V\n"
    "Writes the DER of every PEM block of the FILEs (standard input when none),\n"
    "concatenated; DER and base64-line input pass through.  Never to a terminal.\n"
    "  -l, --label LABEL   only the blocks labelled LABEL (CERTIFICATE matches the\n"
    "                      legacy X509 CERTIFICATE too; DER objects by their structure)\n"
    "  -n, --number N      only the N-th block (1-based, counted after -l)\n"
    "  -i, --inform FORM   read pem, der or b64 instead of detecting the encoding\n"
    "  -o, --output FILE   write FILE atomically (mode 0600 if it holds a private key)\n"
    "  -h, --help          print this help and exit\n"
    "  -V, --version       print the version and exit\n";

static const char *canon(const char *label)
{
    const char *a = pem_label_alias(label, strlen(label));
    return a ? a : label;
}

int main(int argc, char **argv)
{
    cli_t c;
    cli_init(&c, "pem2der", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT,
        { "label", required_argument, NULL, 'l' },
        { "number", required_argument, NULL, 'n' },
        { NULL, 0, NULL, 0 },
    };
    const char *want = NULL;
    unsigned long nth = 0;
    int ch;
    while ((ch = cli_getopt(&c, argc, argv, "hVi:o:l:n:", lo)) != -1) {
        switch (ch) {
        case 'l':
            want = canon(optarg);
            break;
        case 'n': {
            char *end;
            errno = 0;
            nth = strtoul(optarg, &end, 10);
            if (errno || *end || end == optarg || nth == 0 || optarg[0] == '-')
                cli_usage_error(&c, "-n wants a block number from 1, not '%s'", optarg);
            break;
        }
        default:
            cli_usage_error(&c, "unexpected option");
        }
    }
    cli_out_open(&c, CLI_OUT_BINARY);

    unsigned long seen = 0;
    bool stop = false;
    const char *path;
    for (int k = 0; !stop && (path = cli_operand(argc, argv, k)); k++) {
        input_t in;
        if (!cli_input_open(&c, &in, path))
            continue;
        while (!stop && cli_next_object(&c, &in)) {
            const in_obj *o = &in.obj;
            const char *lab = o->label;
            if (o->pos.form != IN_FORM_PEM) {          /* DER and base64 lines: by structure */
                lab = asn1_kind_label(asn1_classify(o->der));
                if (!lab)
                    lab = "";
            }
            if (want && strcmp(canon(lab), want) != 0)
                continue;
            seen++;
            if (nth && seen != nth)
                continue;
            if (nth)
                stop = true;
            const char *v;
            size_t vl;
            if (pem_header_get(o->headers, o->headers_len, "Proc-Type", &v, &vl) && vl >= 11 &&
                memmem(v, vl, "ENCRYPTED", 9)) {
                cli_perror(&c, in.name, &o->pos, CLI_BAD_DATA,
                           "the block is encrypted (Proc-Type: 4,ENCRYPTED): its DER would be "
                           "unreadable; decrypt it with keyconv first");
                continue;
            }
            if (!cli_check_framing(&c, &in, o))
                continue;
            if (strstr(lab, "PRIVATE") || strstr(lab, "PKCS12"))
                cli_out_secret(&c);
            cli_write(&c, o->der.p, o->der.len);
        }
        input_close(&in);
    }
    if (nth && seen < nth)
        cli_error(&c, CLI_BAD_DATA, "no block %lu%s%s: %lu found", nth, want ? " labelled " : "",
                  want ? want : "", seen);
    else if (want && seen == 0)
        cli_error(&c, CLI_BAD_DATA, "no block labelled %s", want);
    return cli_finish(&c);
}
