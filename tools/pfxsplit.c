/*
 * pfxsplit - a PKCS#12 (.pfx/.p12) file to what a server is given: the private key,
 * the leaf certificate and the CA certificates from the leaf's issuer to the root,
 * in one run, whatever produced the file (OpenSSL with or without -legacy, Windows,
 * Java, NSS, GnuTLS, pyca).  With no -k/-c/-a everything goes to standard output the
 * way `openssl pkcs12 -nodes` prints it.  --info shows the structure, no secrets.
 *
 * The work is pkcs12/'s (reading, MAC, decryption, pairing keys with certificates);
 * this file parses options, gets the passwords, prints and writes the files.
 */
#include "pkcs12/pkcs12.h"
#include "tools/cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: pfxsplit [options] [FILE]                    everything to standard output, as PEM\n"
    "       pfxsplit -k KEY -c CERT -a CAFILE [options] [FILE]\n"
    "       pfxsplit --info [--json] [FILE]\n"
    "       pfxsplit -h | -V\n"
    "Reads a PKCS#12 file (DER/BER, PEM or base64; standard input when FILE is absent or -)\n"
    "and writes its private key, its leaf certificate and its CA certificates (leaf's issuer\n"
    "first, root last).\n"
    "  -k, --key FILE        write the private key (mode 0600); several keys: put %d in FILE\n"
    "                        (-k key-%d.pem writes key-1.pem, key-2.pem, ... in file order)\n"
    "  -c, --cert FILE       write the leaf certificate of each key (%d as for -k)\n"
    "  -a, --ca FILE         write the CA certificates, ordered from the leaf's issuer to the root\n"
    "      --key-format F    pkcs8 (default, BEGIN PRIVATE KEY), pkcs1 (BEGIN RSA PRIVATE KEY),\n"
    "                        sec1 (BEGIN EC PRIVATE KEY)\n"
    "      --encrypt-key     encrypt the key with --pass-out: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC\n"
    "      --iter N          PBKDF2 iterations for --encrypt-key (default 600000)\n"
    "      --outform FORM    pem (default) or der (-a then writes the certificates concatenated)\n"
    "      --pass SRC        the file's password: pass:TEXT, env:VAR, file:PATH, fd:N or stdin\n"
    "                        (pass: shows in ps); none given: prompt on a terminal, else try the\n"
    "                        absent and the empty password\n"
    "      --pass-out SRC    the password for --encrypt-key\n"
    "      --no-keys         standard output: certificates only\n"
    "      --no-certs        standard output: keys only\n"
    "      --info            show the structure: MAC, each safe's encryption, each bag (no secrets)\n"
    "      --json            with --info: one JSON object\n"
    "      --no-mac-verify   go on when the MAC does not verify (a warning instead of an error)\n"
    "      --max-iter N      accept key-derivation iteration counts up to N (default 10000000)\n"
    "  -o, --output FILE     standard-output mode: write FILE atomically (mode 0600)\n"
    "  -h, --help            print this help and exit\n"
    "  -V, --version         print the version and exit\n"
    "Exit status: 0 success, 1 bad data (malformed, unsupported, wrong password, MAC mismatch,\n"
    "a requested part missing), 2 usage or environment.\n";

enum {
    O_KEY_FORMAT = CLI_OPT_TOOL,
    O_ENCRYPT_KEY,
    O_ITER,
    O_NO_KEYS,
    O_NO_CERTS,
    O_INFO,
    O_NO_MAC_VERIFY,
    O_MAX_ITER,
};

typedef enum key_format { KF_PKCS8 = 0, KF_PKCS1, KF_SEC1 } key_format;

typedef struct opts {
    const char *key_path, *cert_path, *ca_path;
    key_format kf;
    bool encrypt_key;
    uint64_t iter;
    bool no_keys, no_certs;
    bool info;
    bool no_mac_verify;
    uint64_t max_iter;
} opts_t;

#define PFX_MAX_INPUT ((size_t)ASN1_DEFAULT_MAX_OBJECT)

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    errno = 0;
    if (!s || !*s || *s == '-')
        return false;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end || x == 0)
        return false;
    *v = x;
    return true;
}

/* Reads the whole input (at most PFX_MAX_INPUT bytes). 0, or an errno value. */
static int read_all(const char *path, buf_t *out)
{
    int fd = 0;
    if (path && strcmp(path, "-") != 0) {
        fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            return errno;
    }
    int e = 0;
    struct stat st;
    /* a regular file is read into a buffer of its size: an unencrypted key must not be
     * left behind in the blocks a growing buffer frees */
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0 && (uint64_t)st.st_size <= PFX_MAX_INPUT)
        buf_reserve(out, (size_t)st.st_size + 65536);
    for (;;) {
        if (!buf_reserve(out, 65536)) {
            e = ENOMEM;
            break;
        }
        ssize_t r = read(fd, out->p + out->len, 65536);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            e = errno;
            break;
        }
        if (r == 0)
            break;
        out->len += (size_t)r;
        if (out->len > PFX_MAX_INPUT) {
            e = EFBIG;
            break;
        }
    }
    if (fd != 0)
        close(fd);
    return e;
}

/* PATH with its first "%d" replaced by n (1-based); a plain copy when it has none. */
static char *path_for(const char *pattern, unsigned n)
{
    const char *pc = strstr(pattern, "%d");
    size_t len = strlen(pattern) + 24;
    char *s = malloc(len);
    if (!s)
        return NULL;
    if (!pc || n == 0) {
        snprintf(s, len, "%s", pattern);
        return s;
    }
    snprintf(s, len, "%.*s%u%s", (int)(pc - pattern), pattern, n, pc + 2);
    return s;
}

/*
 * Writes one output file atomically through the tool layer's temporary-and-rename
 * (mode 0600 when secret), straight from data: the bytes are not copied into a
 * buffer that would be freed unwiped.
 */
static bool write_fd(cli_t *c, const char *name, int fd, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            cli_ferror(c, name, CLI_USAGE, "write error: %s", strerror(errno));
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

static bool write_file(cli_t *c, const char *path, const void *data, size_t n, bool secret, bool binary)
{
    cli_t sub;
    cli_init(&sub, c->prog, c->usage);
    sub.outfile = path;
    cli_out_open(&sub, (secret ? CLI_OUT_SECRET : 0) | (binary ? CLI_OUT_BINARY : 0));
    bool ok = write_fd(c, path, sub.out.fd, data, n);
    int st = cli_finish_commit(&sub, ok);
    if (st != CLI_OK)
        cli_status(c, st);
    return ok && st == CLI_OK;
}

/* "safe 2 bag 1" */
static void bag_where(const p12_file *f, unsigned bi, char *out, size_t n)
{
    const p12_bag *b = &f->bags[bi];
    snprintf(out, n, "safe %u bag %u", b->safe + 1, b->index + 1);
}

/* ------------------------------------------------------------- the key */

/* The key in the requested form: DER into der (wipe it), its PEM label in *label. */
static bool key_der(cli_t *c, const char *file, const opts_t *o, const p12_file *f, const p12_key_item *k,
                    const char *pass_out, buf_t *der, const char **label)
{
    const p12_bag *b = &f->bags[k->bag];
    char where[48];
    bag_where(f, k->bag, where, sizeof where);
    asn1_err e = ASN1_OK;
    if (!k->ok) {
        /* never hand an appliance bytes that are not a key */
        cli_ferror(c, file, CLI_BAD_DATA, "%s: the key does not decode: %s", where, k->problem);
        return false;
    }
    buf_reserve(der, 2 * b->key.len + 256);     /* one allocation: no stray copies */
    switch (o->kf) {
    case KF_PKCS8:
        if (o->encrypt_key) {
            e = p12_epki_encrypt(b->key, pass_out, o->iter, der);
            *label = "ENCRYPTED PRIVATE KEY";
        } else {
            buf_put(der, b->key.p, b->key.len);
            *label = "PRIVATE KEY";
        }
        break;
    case KF_PKCS1:
        if (k->key.type != CK_KEY_RSA && k->key.type != CK_KEY_RSA_PSS) {
            cli_ferror(c, file, CLI_BAD_DATA, "%s: --key-format pkcs1 is for RSA keys; this key is %s", where,
                       ck_privkey_alg_name(&k->key));
            return false;
        }
        e = ck_privkey_write_pkcs1(&k->key, der);
        *label = "RSA PRIVATE KEY";
        break;
    case KF_SEC1:
        if (k->key.type != CK_KEY_EC) {
            cli_ferror(c, file, CLI_BAD_DATA, "%s: --key-format sec1 is for EC keys; this key is %s", where,
                       ck_privkey_alg_name(&k->key));
            return false;
        }
        e = ck_privkey_write_sec1(&k->key, der);
        *label = "EC PRIVATE KEY";
        break;
    }
    if (e != ASN1_OK || der->oom) {
        cli_ferror(c, file, e == ASN1_E_NOMEM || der->oom ? CLI_USAGE : CLI_BAD_DATA, "%s: the key cannot be written: %s",
                   where, asn1_err_name(e));
        return false;
    }
    return true;
}

/* -------------------------------------------------------- standard output */

static void dump_stdout(cli_t *c, const char *file, const opts_t *o, const p12_file *f, const p12_split *s,
                        const char *pass_out, buf_t *out)
{
    for (unsigned safe = 0; safe < f->nsafes; safe++) {
        for (unsigned bi = 0; bi < f->nbags; bi++) {
            const p12_bag *b = &f->bags[bi];
            if (b->safe != safe)
                continue;
            char where[48];
            bag_where(f, bi, where, sizeof where);
            if (b->type == P12_BAG_CERT && b->type_id == OID_pkcs9_x509Certificate && b->der.len) {
                if (o->no_certs)
                    continue;
                const p12_cert_item *ci = NULL;
                for (unsigned i = 0; i < s->ncerts; i++)
                    if (s->certs[i].bag == bi)
                        ci = &s->certs[i];
                p12_print_bag_attrs(b, out);
                if (ci && ci->ok) {
                    buf_puts(out, "subject=");
                    x509_name_oneline(&ci->cert.subject, out);
                    buf_puts(out, "\nissuer=");
                    x509_name_oneline(&ci->cert.issuer, out);
                    buf_putc(out, '\n');
                } else if (ci) {
                    cli_ferror(c, file, CLI_BAD_DATA, "%s: the certificate does not decode: %s", where,
                               ci->problem);
                    continue;
                }
                pem_write(out, "CERTIFICATE", 11, NULL, 0, b->der.p, b->der.len);
            } else if (b->type == P12_BAG_CRL && b->type_id == OID_pkcs9_x509Crl && b->der.len) {
                if (o->no_certs)
                    continue;
                p12_print_bag_attrs(b, out);
                pem_write(out, "X509 CRL", 8, NULL, 0, b->der.p, b->der.len);
            } else if (b->type == P12_BAG_KEY || b->type == P12_BAG_SHROUDED_KEY) {
                if (o->no_keys)
                    continue;
                if (b->state != P12_BAG_OK) {
                    cli_ferror(c, file, CLI_BAD_DATA, "%s: %s", where, b->problem);
                    continue;
                }
                const p12_key_item *k = NULL;
                for (unsigned i = 0; i < s->nkeys; i++)
                    if (s->keys[i].bag == bi)
                        k = &s->keys[i];
                if (!k)
                    continue;
                buf_t der = BUF_INIT;
                const char *label = NULL;
                if (key_der(c, file, o, f, k, pass_out, &der, &label)) {
                    cli_out_secret(c);
                    p12_print_bag_attrs(b, out);
                    p12_print_key_attrs(k->ok ? k->key.attributes : span_make(NULL, 0), out);
                    pem_write(out, label, strlen(label), NULL, 0, (const uint8_t *)der.p, der.len);
                }
                buf_wipe_free(&der);
            } else if (b->type == P12_BAG_SECRET) {
                cli_ferror(c, file, CLI_OK, "%s: warning: %s (%zu bytes)", where, b->problem, b->der.len);
            } else if (b->state == P12_BAG_SKIPPED || b->state == P12_BAG_MALFORMED) {
                cli_ferror(c, file, b->state == P12_BAG_MALFORMED ? CLI_BAD_DATA : CLI_OK, "%s: %s%s", where,
                           b->state == P12_BAG_SKIPPED ? "warning: " : "", b->problem);
            }
        }
    }
}

/* ------------------------------------------------------------ the files */

static void cert_pem(buf_t *out, span_t der, bool der_form)
{
    if (der_form)
        buf_put(out, der.p, der.len);
    else
        pem_write(out, "CERTIFICATE", 11, NULL, 0, der.p, der.len);
}

static void write_split(cli_t *c, const char *file, const opts_t *o, const p12_file *f, const p12_split *s,
                        const char *pass_out)
{
    const bool der_form = c->outform == CLI_OUTFORM_DER;
    unsigned nkeys = 0;
    for (unsigned i = 0; i < s->npairs; i++)
        if (s->pairs[i].key >= 0)
            nkeys++;
    if (nkeys > 1) {
        if (o->key_path && !strstr(o->key_path, "%d")) {
            cli_ferror(c, file, CLI_BAD_DATA, "%u keys in this file: give -k with %%d (e.g. -k key-%%d.pem)", nkeys);
            return;
        }
        if (o->cert_path && !strstr(o->cert_path, "%d")) {
            cli_ferror(c, file, CLI_BAD_DATA, "%u keys in this file: give -c with %%d (e.g. -c cert-%%d.pem)", nkeys);
            return;
        }
    }
    /* problems with keys that did not open are errors: the caller asked for keys */
    if (o->key_path || o->cert_path)
        for (unsigned bi = 0; bi < f->nbags; bi++) {
            const p12_bag *b = &f->bags[bi];
            if ((b->type == P12_BAG_KEY || b->type == P12_BAG_SHROUDED_KEY) && b->state != P12_BAG_OK) {
                char where[48];
                bag_where(f, bi, where, sizeof where);
                cli_ferror(c, file, CLI_BAD_DATA, "%s: %s", where, b->problem);
            }
        }
    if ((o->key_path || o->cert_path) && nkeys == 0) {
        unsigned failed = 0;
        for (unsigned bi = 0; bi < f->nbags; bi++)
            if (f->bags[bi].type == P12_BAG_KEY || f->bags[bi].type == P12_BAG_SHROUDED_KEY)
                failed++;
        if (o->key_path)
            cli_ferror(c, file, CLI_BAD_DATA, "%s: %s not written", failed ? "no private key could be opened"
                                                                            : "no private key in this file",
                       o->key_path);
    }
    unsigned n = 0;
    for (unsigned pi = 0; pi < s->npairs; pi++) {
        const p12_pair *p = &s->pairs[pi];
        unsigned num = ++n;     /* replaces %d, when the path has one */
        if (p->note[0])
            cli_ferror(c, file, CLI_OK, "warning: %s", p->note);
        if (o->key_path && p->key >= 0) {
            const p12_key_item *k = &s->keys[p->key];
            buf_t der = BUF_INIT, pem = BUF_INIT;
            const char *label = NULL;
            char *path = path_for(o->key_path, num);
            if (path && key_der(c, file, o, f, k, pass_out, &der, &label)) {
                if (der_form) {
                    write_file(c, path, der.p, der.len, true, true);
                } else {
                    buf_reserve(&pem, pem_write_len(strlen(label), der.len) + 1);
                    pem_write(&pem, label, strlen(label), NULL, 0, (const uint8_t *)der.p, der.len);
                    write_file(c, path, pem.p, pem.len, true, false);
                }
            }
            buf_wipe_free(&der);
            buf_wipe_free(&pem);
            free(path);
        }
        if (o->cert_path && (p->key >= 0 || pi == 0)) {
            char *path = path_for(o->cert_path, num);
            if (p->leaf < 0) {
                if (p->key >= 0) {
                    char where[48];
                    bag_where(f, s->keys[p->key].bag, where, sizeof where);
                    cli_ferror(c, file, CLI_BAD_DATA, "no certificate for the key in %s: %s not written", where,
                               path ? path : o->cert_path);
                } else {
                    cli_ferror(c, file, CLI_BAD_DATA, "no private key and no single end-entity certificate: "
                               "%s not written (the certificates go to -a)", path ? path : o->cert_path);
                }
            } else if (path) {
                buf_t out = BUF_INIT;
                cert_pem(&out, s->certs[p->leaf].cert.der, der_form);
                write_file(c, path, out.p, out.len, false, der_form);
                buf_free(&out);
            }
            free(path);
        }
        if (o->ca_path && (strstr(o->ca_path, "%d") || pi == 0)) {
            char *path = path_for(o->ca_path, num);
            if (p->nca == 0) {
                cli_ferror(c, file, CLI_BAD_DATA, "no CA certificates in this file%s: %s not written",
                           p->leaf >= 0 && s->certs[p->leaf].ok && x509_cert_self_issued(&s->certs[p->leaf].cert)
                               ? " (the leaf is self-signed)" : "",
                           path ? path : o->ca_path);
            } else if (path) {
                buf_t out = BUF_INIT;
                for (unsigned i = 0; i < p->nca; i++) {
                    const p12_cert_item *ci = &s->certs[p->ca[i]];
                    cert_pem(&out, ci->ok ? ci->cert.der : f->bags[ci->bag].der, der_form);
                }
                if (p->leaf >= 0 && p->nchain > 0 && !p->chain_complete)
                    cli_ferror(c, file, CLI_OK, "warning: the chain in %s does not reach a self-signed root", path);
                else if (p->leaf >= 0 && p->nchain == 0)
                    cli_ferror(c, file, CLI_OK, "warning: no issuer of the leaf in this file; %s holds the other "
                               "certificates", path);
                if (p->nchain < p->nca && p->leaf >= 0)
                    cli_ferror(c, file, CLI_OK, "warning: %u certificate%s outside the leaf's chain appended to %s",
                               p->nca - p->nchain, p->nca - p->nchain == 1 ? "" : "s", path);
                write_file(c, path, out.p, out.len, false, der_form);
                buf_free(&out);
            }
            free(path);
        }
    }
    if (s->npairs == 0) {
        if (o->cert_path)
            cli_ferror(c, file, CLI_BAD_DATA, "no certificate in this file: %s not written", o->cert_path);
        if (o->ca_path)
            cli_ferror(c, file, CLI_BAD_DATA, "no certificate in this file: %s not written", o->ca_path);
    }
}

/* ------------------------------------------------------------------ main */

static void report_notes(cli_t *c, const char *file, const p12_file *f)
{
    for (unsigned i = 0; i < f->nnotes; i++) {
        const asn1_diag *d = &f->notes[i].d;
        fprintf(stderr, "%s: %s: offset %zu: %s%s%s%s\n", c->prog, file, d->offset, d->path, d->path[0] ? ": " : "",
                f->notes[i].warning ? "warning: " : "", d->msg);
        if (f->notes[i].warning && c->strict)
            cli_status(c, CLI_BAD_DATA);
    }
}

int main(int argc, char **argv)
{
    cli_t c;
    cli_init(&c, "pfxsplit", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_OUTPUT, CLI_OPT_OUTFORM, CLI_OPT_JSON, CLI_OPT_PASS,
        CLI_OPT_PASS_OUT, CLI_OPT_STRICT,
        { "key", required_argument, NULL, 'k' },
        { "cert", required_argument, NULL, 'c' },
        { "ca", required_argument, NULL, 'a' },
        { "key-format", required_argument, NULL, O_KEY_FORMAT },
        { "encrypt-key", no_argument, NULL, O_ENCRYPT_KEY },
        { "iter", required_argument, NULL, O_ITER },
        { "no-keys", no_argument, NULL, O_NO_KEYS },
        { "nokeys", no_argument, NULL, O_NO_KEYS },
        { "no-certs", no_argument, NULL, O_NO_CERTS },
        { "nocerts", no_argument, NULL, O_NO_CERTS },
        { "info", no_argument, NULL, O_INFO },
        { "no-mac-verify", no_argument, NULL, O_NO_MAC_VERIFY },
        { "max-iter", required_argument, NULL, O_MAX_ITER },
        { NULL, 0, NULL, 0 },
    };
    opts_t o = { .max_iter = P12_DEFAULT_MAX_ITER };
    int ch;
    while ((ch = cli_getopt(&c, argc, argv, "hVo:k:c:a:", lo)) != -1) {
        switch (ch) {
        case 'k': o.key_path = optarg; break;
        case 'c': o.cert_path = optarg; break;
        case 'a': o.ca_path = optarg; break;
        case O_KEY_FORMAT:
            if (strcmp(optarg, "pkcs8") == 0)
                o.kf = KF_PKCS8;
            else if (strcmp(optarg, "pkcs1") == 0 || strcmp(optarg, "rsa") == 0)
                o.kf = KF_PKCS1;
            else if (strcmp(optarg, "sec1") == 0 || strcmp(optarg, "ec") == 0)
                o.kf = KF_SEC1;
            else
                cli_usage_error(&c, "--key-format wants pkcs8, pkcs1 or sec1, not '%s'", optarg);
            break;
        case O_ENCRYPT_KEY: o.encrypt_key = true; break;
        case O_ITER:
            if (!parse_u64(optarg, &o.iter) || o.iter > 100000000u)
                cli_usage_error(&c, "--iter wants a number from 1 to 100000000, not '%s'", optarg);
            break;
        case O_NO_KEYS: o.no_keys = true; break;
        case O_NO_CERTS: o.no_certs = true; break;
        case O_INFO: o.info = true; break;
        case O_NO_MAC_VERIFY: o.no_mac_verify = true; break;
        case O_MAX_ITER:
            if (!parse_u64(optarg, &o.max_iter))
                cli_usage_error(&c, "--max-iter wants a positive number, not '%s'", optarg);
            break;
        default:
            cli_usage_error(&c, "unexpected option");
        }
    }
    const bool split = o.key_path || o.cert_path || o.ca_path;
    if (cli_operand(argc, argv, 1))
        cli_usage_error(&c, "one PKCS#12 file at a time");
    if (c.json && !o.info)
        cli_usage_error(&c, "--json goes with --info");
    if (o.info && split)
        cli_usage_error(&c, "--info shows the structure; it does not write -k/-c/-a files");
    if (c.outform == CLI_OUTFORM_DER && !split)
        cli_usage_error(&c, "--outform der needs -k, -c or -a (standard output is PEM)");
    if (split && c.outfile)
        cli_usage_error(&c, "-o is for standard-output mode; with -k/-c/-a each part has its own file");
    if (o.encrypt_key && o.kf != KF_PKCS8)
        cli_usage_error(&c, "--encrypt-key writes encrypted PKCS#8; it does not go with --key-format %s",
                        o.kf == KF_PKCS1 ? "pkcs1" : "sec1");
    if (o.iter && !o.encrypt_key)
        cli_usage_error(&c, "--iter goes with --encrypt-key");
    if (c.pass_out_src && !o.encrypt_key)
        cli_usage_error(&c, "--pass-out goes with --encrypt-key");

    const char *path = cli_operand(argc, argv, 0);
    const char *file = cli_name(path);
    buf_t in = BUF_INIT;
    int e = read_all(path, &in);
    if (e) {
        if (e == EFBIG)
            cli_ferror(&c, file, CLI_BAD_DATA, "larger than %zu bytes: not a PKCS#12 file", PFX_MAX_INPUT);
        else
            cli_ferror(&c, file, CLI_USAGE, "cannot read: %s", strerror(e));
        buf_free(&in);
        return cli_finish(&c);
    }

    /* a PFX in PEM armor or in base64 (wrapped or not) is read as the bytes it holds */
    {
        buf_t dec = BUF_INIT;
        asn1_diag d;
        asn1_err te = pem_text_object(in.p, in.len, &dec, &d);
        if (te == ASN1_OK) {
            buf_free(&in);
            in = dec;
        } else {
            buf_free(&dec);
            if (te != ASN1_E_NOTFOUND && !input_foreign((const uint8_t *)in.p, in.len)) {
                cli_ferror(&c, file, te == ASN1_E_NOMEM ? CLI_USAGE : CLI_BAD_DATA, "%s", d.msg);
                buf_free(&in);
                return cli_finish(&c);
            }
        }
    }
    const char *foreign = input_foreign((const uint8_t *)in.p, in.len);
    asn1_kind kind = foreign ? KIND_UNKNOWN : asn1_classify(span_make(in.p, in.len));
    if (kind != KIND_UNKNOWN && kind != KIND_PKCS12) {
        const char *tool = asn1_kind_tool(kind);
        cli_ferror(&c, file, CLI_BAD_DATA, "this is %s %s, not a PKCS#12 file%s%s", asn1_kind_a(kind), asn1_kind_desc(kind),
                   tool ? "; use " : "", tool ? tool : "");
        buf_free(&in);
        return cli_finish(&c);
    }
    if (foreign && (in.len == 0 || ((const uint8_t *)in.p)[0] != 0x30)) {
        cli_ferror(&c, file, CLI_BAD_DATA, "this is %s", foreign);
        buf_free(&in);
        return cli_finish(&c);
    }

    /* passwords: the given one (and absent too when it is empty), else absent, then empty */
    cli_pass pw, pw_out;
    memset(&pw_out, 0, sizeof pw_out);
    if (cli_pass_get(&c, c.pass_src, "Enter PFX password: ", false, &pw) != 0) {
        buf_free(&in);
        return cli_finish(&c);
    }
    if (o.encrypt_key) {
        if (cli_pass_get(&c, c.pass_out_src, "Enter key encryption password: ", true, &pw_out) != 0) {
            cli_pass_wipe(&pw);
            buf_free(&in);
            return cli_finish(&c);
        }
        if (!pw_out.given)
            cli_usage_error(&c, "--encrypt-key needs a password: --pass-out SRC");
    }
    p12_passwords pws;
    cli_pass_candidates(&pw, true, &pws);

    p12_opts po = { .max_iter = o.max_iter, .no_mac_verify = o.no_mac_verify };
    p12_file f;
    asn1_err r = p12_read(&f, span_make(in.p, in.len), &pws, &po);
    p12_split s;
    memset(&s, 0, sizeof s);
    if (f.nbags && p12_split_build(&f, &s) != ASN1_OK)
        cli_ferror(&c, file, CLI_USAGE, "out of memory");
    report_notes(&c, file, &f);

    if (o.info) {
        if (c.json) {
            cli_out_open(&c, 0);
            p12_info_json(&f, &s, file, cli_outbuf(&c));
        } else {
            cli_out_open(&c, 0);
            p12_info_text(&f, &s, cli_outbuf(&c));
        }
    }
    if (r != ASN1_OK) {
        if (f.err.path[0])
            cli_ferror(&c, file, r == ASN1_E_NOMEM ? CLI_USAGE : CLI_BAD_DATA, "offset %zu: %s: %s", f.err.offset,
                       f.err.path, f.err.msg);
        else
            cli_ferror(&c, file, r == ASN1_E_NOMEM ? CLI_USAGE : CLI_BAD_DATA, "offset %zu: %s", f.err.offset,
                       f.err.msg);
    } else {
        /* a missing MAC is not an error: --info says "no integrity check in this file" */
        if (f.mac.state == P12_MAC_MISMATCH)
            cli_ferror(&c, file, CLI_OK, "warning: macData: %s (--no-mac-verify: going on)",
                       f.mac.problem[0] ? f.mac.problem : p12_mac_state_msg(P12_MAC_MISMATCH));
        if (f.mac.state == P12_MAC_UNSUPPORTED)
            cli_ferror(&c, file, CLI_OK, "warning: macData: %s: the file's integrity is not checked", f.mac.problem);
        for (unsigned i = 0; i < f.nsafes; i++)
            if (f.safes[i].state != P12_SAFE_OK)
                cli_ferror(&c, file, CLI_BAD_DATA, "safe %u: %s", i + 1, f.safes[i].problem);
        if (!pw.given && f.pw.cand >= 0 && !o.info)
            cli_ferror(&c, file, CLI_OK, "no password given: opened with the %s password",
                       p12_pw_src_name(pws.src[f.pw.cand]));
        if (f.pw.cand >= 0 && f.pw.form != P12_PWF_BMP && f.pw.form != P12_PWF_UTF8)
            cli_ferror(&c, file, CLI_OK, "warning: the password was accepted as %s", p12_pw_form_name(f.pw.form));
        if (o.info) {
            for (unsigned i = 0; i < f.nbags; i++)
                if (f.bags[i].state == P12_BAG_WRONG_PASSWORD || f.bags[i].state == P12_BAG_UNSUPPORTED ||
                    f.bags[i].state == P12_BAG_MALFORMED || f.bags[i].state == P12_BAG_NOT_TRIED)
                    cli_status(&c, CLI_BAD_DATA);
        } else if (split) {
            write_split(&c, file, &o, &f, &s, pw_out.s);
        } else {
            /* built in a buffer of ours (grown without leaving copies, wiped after) and
             * written straight to the output: the key never sits in the tool layer's buffer */
            buf_t out = BUF_INIT;
            buf_reserve(&out, 2 * in.len + 65536);
            dump_stdout(&c, file, &o, &f, &s, pw_out.s, &out);
            if (out.oom) {
                cli_ferror(&c, file, CLI_USAGE, "out of memory");
            } else {
                cli_out_open(&c, 0);
                write_fd(&c, c.outfile ? c.outfile : "(stdout)", c.out.fd, out.p, out.len);
            }
            buf_wipe_free(&out);
        }
    }
    p12_split_free(&s);
    p12_free(&f);
    cli_pass_wipe(&pw);
    cli_pass_wipe(&pw_out);
    buf_wipe_free(&in);
    int st = cli_finish(&c);
    return st;
}
