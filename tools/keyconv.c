/*
 * keyconv - private keys between their forms: decrypts legacy encrypted PEM
 * ("Proc-Type: 4,ENCRYPTED", "DEK-Info:") and encrypted PKCS#8 (PBES1, PBES2,
 * PKCS#12 PBEs); converts between PKCS#8, PKCS#1, SEC1 and OpenSSL's DSA form;
 * encrypts as PBES2 PKCS#8; writes the public key.
 *
 * The work is the library's: tools/keyload.c reads and decrypts any key object
 * (the code keymatch uses), x509/key_write.c writes the forms, pkcs12/epki.c
 * encrypts.  This file parses options, obtains passwords and writes the output:
 * straight from wiped buffers to the descriptor, so no copy of a key is left in
 * freed memory, and through the tool layer's temporary-and-rename for -o (mode
 * 0600, nothing left behind on an error).
 */
#include "pkcs12/pkcs12.h"
#include "tools/cli.h"
#include "tools/keyload.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: keyconv [--pass SRC] [--to FORM] [--encrypt [--pass-out SRC] [--iter N]]\n"
    "               [--pubout] [--outform pem|der] [-o FILE] [KEY...]\n"
    "       keyconv -h | -V\n"
    "Reads private keys (PKCS#8, PKCS#1, SEC1, DSA; encrypted PKCS#8 or legacy encrypted\n"
    "PEM, decrypted with --pass) and writes them decrypted, in the form they had unless\n"
    "--to says another, encrypted with --encrypt, or their public key with --pubout.\n"
    "  --pass SRC          password of an encrypted key: pass:TEXT, env:VAR, file:PATH, fd:N\n"
    "                      or stdin (pass: shows in ps); none given: prompt on a terminal,\n"
    "                      else try the absent and the empty password\n"
    "  --to FORM           pkcs8 (BEGIN PRIVATE KEY), pkcs1 (RSA PRIVATE KEY), sec1 (EC\n"
    "                      PRIVATE KEY), dsa (DSA PRIVATE KEY), traditional (the one of\n"
    "                      those three that fits the key; PKCS#8 for Ed25519 and the like)\n"
    "  --encrypt           write encrypted PKCS#8: PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC,\n"
    "                      random salt and IV\n"
    "  --pass-out SRC      the password for --encrypt (prompted for twice on a terminal)\n"
    "  --iter N            PBKDF2 iterations for --encrypt (default 2048, as openssl)\n"
    "  --pubout            write the public key (SubjectPublicKeyInfo, BEGIN PUBLIC KEY)\n"
    "  --outform FORM      pem (default) or der (never to a terminal)\n"
    "  -o, --output FILE   write FILE atomically; a private key gets mode 0600\n"
    "  -i, --inform FORM   read pem, der or b64 instead of detecting the encoding\n"
    "      --max-iter N    accept key-derivation iteration counts up to N (default 10000000)\n"
    "      --strict        warnings about the input are errors\n"
    "  -h, --help          print this help and exit\n"
    "  -V, --version       print the version and exit\n"
    "Exit status: 0 success, 1 bad data (malformed, unsupported, wrong password),\n"
    "2 usage or environment.\n";

enum { O_TO = CLI_OPT_TOOL, O_ENCRYPT, O_ITER, O_PUBOUT, O_MAX_ITER };

/** The form asked for with --to. */
typedef enum to_form { TO_KEEP = 0, TO_PKCS8, TO_PKCS1, TO_SEC1, TO_DSA, TO_TRADITIONAL } to_form;

static const struct {
    const char *name;
    to_form to;
} to_names[] = {
    { "pkcs8", TO_PKCS8 }, { "pkcs1", TO_PKCS1 },         { "rsa", TO_PKCS1 },
    { "sec1", TO_SEC1 },   { "ec", TO_SEC1 },             { "dsa", TO_DSA },
    { "traditional", TO_TRADITIONAL },
};

/** OpenSSL 3's default PBKDF2 iteration count for `openssl pkcs8 -topk8 -v2 ...`. */
#define KC_DEFAULT_ITER 2048u

typedef struct kc {
    cli_t c;
    to_form to;
    bool encrypt, pubout;
    uint64_t iter, max_iter;
    /* the input password, obtained when the first encrypted key is met */
    bool have_pws;
    bool pws_failed;        /* the password source could not be read (reported once) */
    cli_pass pass;
    p12_passwords pws;
    /* the output password (--encrypt) */
    bool have_pass_out, pass_out_failed;
    cli_pass pass_out;
    unsigned written;       /* keys written */
} kc_t;

static bool parse_u64(const char *s, uint64_t *v)
{
    char *end;
    if (!s || *s < '0' || *s > '9')
        return false;
    errno = 0;
    unsigned long long x = strtoull(s, &end, 10);
    if (errno || *end || x == 0)
        return false;
    *v = x;
    return true;
}

/* ---------------------------------------------------------- passwords */

/* The passwords to try: the --pass one, or one typed at the terminal, or absent then empty. */
static bool get_passwords(kc_t *k, const char *file)
{
    if (k->have_pws)
        return true;
    if (k->pws_failed)
        return false;
    char prompt[256];
    snprintf(prompt, sizeof prompt, "Enter pass phrase for %s: ", cli_name(file));
    if (cli_pass_get(&k->c, k->c.pass_src, prompt, false, &k->pass) != 0) {
        k->pws_failed = true;
        return false;
    }
    cli_pass_candidates(&k->pass, false, &k->pws);
    k->have_pws = true;
    return true;
}

/* The --encrypt password: --pass-out, else typed twice at the terminal. */
static bool get_pass_out(kc_t *k)
{
    if (k->have_pass_out)
        return true;
    if (k->pass_out_failed)
        return false;
    if (cli_pass_get(&k->c, k->c.pass_out_src, "Enter encryption password: ", true, &k->pass_out) != 0) {
        k->pass_out_failed = true;
        return false;
    }
    if (!k->pass_out.given) {
        k->pass_out_failed = true;
        cli_error(&k->c, CLI_USAGE, "--encrypt needs a password: give --pass-out SRC (no terminal to ask on)");
        return false;
    }
    k->have_pass_out = true;
    return true;
}

/* ---------------------------------------------------------------- output */

/* Writes n bytes to the output descriptor (standard output, or -o's temporary). */
static bool emit(kc_t *k, const void *data, size_t n)
{
    const char *p = data;
    while (n) {
        ssize_t w = write(k->c.out.fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0) {
            cli_ferror(&k->c, k->c.out.path ? k->c.out.path : "(stdout)", CLI_USAGE, "write error: %s",
                       strerror(errno));
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

/* Writes der as PEM with label, or as DER; a buffer sized first, so that nothing secret is copied by growth. */
static bool emit_object(kc_t *k, const char *label, const buf_t *der)
{
    if (k->c.outform == CLI_OUTFORM_DER)
        return emit(k, der->p, der->len);
    size_t ll = strlen(label);
    buf_t pem = BUF_INIT;
    if (!buf_reserve(&pem, pem_write_len(ll, der->len) + 1)) {
        cli_error(&k->c, CLI_USAGE, "out of memory");
        return false;
    }
    pem_write(&pem, label, ll, NULL, 0, (const uint8_t *)der->p, der->len);
    bool ok = !pem.oom && emit(k, pem.p, pem.len);
    if (pem.oom)
        cli_error(&k->c, CLI_USAGE, "out of memory");
    buf_wipe_free(&pem);
    return ok;
}

/* ------------------------------------------------------------- the keys */

/* The PEM label of a private key DER in a form. */
static const char *form_label(ck_privkey_form f)
{
    switch (f) {
    case CK_PRIV_FORM_PKCS1: return "RSA PRIVATE KEY";
    case CK_PRIV_FORM_SEC1: return "EC PRIVATE KEY";
    case CK_PRIV_FORM_DSA: return "DSA PRIVATE KEY";
    default: return "PRIVATE KEY";
    }
}

/* The traditional form of a key type (what ck_privkey_write_traditional writes). */
static ck_privkey_form traditional_form(ck_key_type t)
{
    switch (t) {
    case CK_KEY_RSA:
    case CK_KEY_RSA_PSS: return CK_PRIV_FORM_PKCS1;
    case CK_KEY_EC: return CK_PRIV_FORM_SEC1;
    case CK_KEY_DSA: return CK_PRIV_FORM_DSA;
    default: return CK_PRIV_FORM_PKCS8;
    }
}

/* How an encrypted key was protected, for messages: the scheme, never a secret. */
static void enc_desc(const ck_keyobj *o, buf_t *out)
{
    if (o->enc == CK_KEY_ENC_LEGACY_PEM) {
        buf_puts(out, "legacy PEM encryption ");
        for (size_t i = 0; o->enc_alg[i] && i < sizeof o->enc_alg; i++) {
            char ch = o->enc_alg[i];
            buf_putc(out, (char)(ch >= 'a' && ch <= 'z' ? ch - 'a' + 'A' : ch));
        }
        buf_puts(out, " (EVP_BytesToKey MD5)");
    } else {
        buf_puts(out, o->enc_alg[0] ? o->enc_alg : "encrypted PKCS#8");
    }
}

/*
 * Loads one object as a key: an encrypted one is loaded again with the passwords
 * (asked for once).  Reports every problem; returns true with a key in o.
 */
static bool load(kc_t *k, const input_t *in, ck_keyobj *o)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, NULL, 0);
    ctx.strict = k->c.strict;
    ck_keyload_opts opts = { 0 };
    opts.max_iter = k->max_iter;
    opts.want_private = false;     /* a public key is told apart below */
    opts.pws = k->have_pws ? &k->pws : NULL;
    asn1_err e = ck_keyobj_load(o, &ctx, &in->obj, &opts);
    if (e == ASN1_E_UNSUPPORTED && o->enc != CK_KEY_ENC_NONE && !k->have_pws) {
        if (!get_passwords(k, in->name))
            return false;
        opts.pws = &k->pws;
        e = ck_keyobj_load(o, &ctx, &in->obj, &opts);
    }
    if (e == ASN1_E_CRYPTO) {
        buf_t m = BUF_INIT;
        if (k->pass.given) {
            buf_puts(&m, "wrong password (or not this key's password): ");
            enc_desc(o, &m);
        } else {
            buf_puts(&m, "encrypted key and no password: give --pass SRC (no terminal to ask on; the empty "
                         "password does not open it): ");
            enc_desc(o, &m);
        }
        const char *s = buf_cstr(&m);
        size_t n = strlen(s) < sizeof ctx.err.msg - 1 ? strlen(s) : sizeof ctx.err.msg - 1;
        memcpy(ctx.err.msg, s, n);
        ctx.err.msg[n] = 0;
        buf_free(&m);
    }
    int rc = cli_report_ctx(&k->c, in->name, &in->obj.pos, &ctx);
    if (e == ASN1_E_NOMEM)
        cli_status(&k->c, CLI_USAGE);
    if (e != ASN1_OK || rc != CLI_OK)
        return false;
    if (o->kind == CK_KEYOBJ_PRIVATE || (o->kind == CK_KEYOBJ_PUBLIC && k->pubout))
        return true;
    if (o->kind == CK_KEYOBJ_PUBLIC)
        cli_perror(&k->c, in->name, &in->obj.pos, CLI_BAD_DATA,
                   "this is a public key: there is no private key to convert (--pubout rewrites it)");
    else
        cli_perror(&k->c, in->name, &in->obj.pos, CLI_BAD_DATA, "this is a %s, not a key",
                   ck_keyobj_kind_name(o->kind));
    return false;
}

/* Says why a key cannot take the asked form; false. */
static bool wrong_type(kc_t *k, const input_t *in, const ck_keyobj *o, const char *form, const char *forwhat)
{
    cli_perror(&k->c, in->name, &in->obj.pos, CLI_BAD_DATA, "--to %s is for %s keys; this key is %s", form, forwhat,
               ck_privkey_alg_name(&o->priv));
    return false;
}

/* The private key's DER in the form asked for (appended to der, which the caller wipes), its label in *label. */
static bool private_der(kc_t *k, const input_t *in, const ck_keyobj *o, buf_t *der, const char **label)
{
    const ck_privkey *p = &o->priv;
    to_form to = k->to;
    if (k->encrypt)
        to = TO_PKCS8;
    /* room first: the writers append, and a buffer that grows leaves copies behind */
    if (!buf_reserve(der, p->der.len + 2 * CK_PRIVKEY_PUB_MAX + 256)) {
        cli_error(&k->c, CLI_USAGE, "out of memory");
        return false;
    }
    asn1_err e = ASN1_OK;
    ck_privkey_form form = p->form;
    switch (to) {
    case TO_KEEP:
        /* the form it had, its bytes as they were (decrypted) */
        buf_put(der, p->der.p, p->der.len);
        break;
    case TO_PKCS8:
        if (k->encrypt && p->form == CK_PRIV_FORM_PKCS8 && k->to == TO_KEEP)
            buf_put(der, p->der.p, p->der.len);    /* encrypt what was there, attributes and all */
        else
            e = ck_privkey_write_pkcs8(p, der);
        form = CK_PRIV_FORM_PKCS8;
        break;
    case TO_PKCS1:
        if (p->type != CK_KEY_RSA && p->type != CK_KEY_RSA_PSS)
            return wrong_type(k, in, o, "pkcs1", "RSA");
        e = ck_privkey_write_pkcs1(p, der);
        form = CK_PRIV_FORM_PKCS1;
        break;
    case TO_SEC1:
        if (p->type != CK_KEY_EC)
            return wrong_type(k, in, o, "sec1", "EC");
        e = ck_privkey_write_sec1(p, der);
        form = CK_PRIV_FORM_SEC1;
        break;
    case TO_DSA:
        if (p->type != CK_KEY_DSA)
            return wrong_type(k, in, o, "dsa", "DSA");
        e = ck_privkey_write_dsa(p, der);
        form = CK_PRIV_FORM_DSA;
        break;
    case TO_TRADITIONAL:
        e = ck_privkey_write_traditional(p, der);
        form = traditional_form(p->type);
        break;
    }
    if (e == ASN1_OK && der->oom)
        e = ASN1_E_NOMEM;
    if (e != ASN1_OK) {
        if (e == ASN1_E_NOMEM)
            cli_error(&k->c, CLI_USAGE, "out of memory");
        else
            cli_perror(&k->c, in->name, &in->obj.pos, CLI_BAD_DATA, "this %s key cannot be written as %s: %s",
                       ck_privkey_alg_name(p), ck_privkey_form_name(form), asn1_err_name(e));
        return false;
    }
    *label = form_label(form);
    return true;
}

/* Converts and writes one loaded key. */
static void convert(kc_t *k, const input_t *in, const ck_keyobj *o)
{
    buf_t der = BUF_INIT;
    const char *label = NULL;
    if (k->pubout) {
        const ck_pubkey *pub = ck_keyobj_public(o);
        if (!pub) {
            cli_perror(&k->c, in->name, &in->obj.pos, CLI_BAD_DATA, "cannot write the public key: %s",
                       o->kind == CK_KEYOBJ_PRIVATE && o->priv.pub_why[0] ? o->priv.pub_why : "it is not available");
            return;
        }
        asn1_err e = ck_spki_write(pub, &der);
        if (e == ASN1_OK && der.oom)
            e = ASN1_E_NOMEM;
        if (e != ASN1_OK) {
            cli_perror(&k->c, in->name, &in->obj.pos, e == ASN1_E_NOMEM ? CLI_USAGE : CLI_BAD_DATA,
                       "cannot write the public key: %s", asn1_err_name(e));
            buf_free(&der);
            return;
        }
        if (emit_object(k, "PUBLIC KEY", &der))
            k->written++;
        buf_free(&der);
        return;
    }
    if (!private_der(k, in, o, &der, &label)) {
        buf_wipe_free(&der);
        return;
    }
    if (k->encrypt) {
        if (!get_pass_out(k)) {
            buf_wipe_free(&der);
            return;
        }
        buf_t epki = BUF_INIT;
        asn1_err e = p12_epki_encrypt(span_make(der.p, der.len), k->pass_out.s, k->iter, &epki);
        buf_wipe_free(&der);
        if (e == ASN1_OK && epki.oom)
            e = ASN1_E_NOMEM;
        if (e != ASN1_OK) {
            cli_perror(&k->c, in->name, &in->obj.pos, e == ASN1_E_NOMEM ? CLI_USAGE : CLI_BAD_DATA,
                       "cannot encrypt the key: %s", asn1_err_name(e));
            buf_free(&epki);
            return;
        }
        if (emit_object(k, "ENCRYPTED PRIVATE KEY", &epki))
            k->written++;
        buf_free(&epki);    /* ciphertext */
        return;
    }
    if (emit_object(k, label, &der))
        k->written++;
    buf_wipe_free(&der);
}

/* True when an object is something keyconv passes over in a key file (a certificate beside the key). */
static bool passed_over(const in_obj *obj)
{
    asn1_kind kind = asn1_classify(obj->der);
    if (obj->label && obj->label[0]) {
        const char *alias = pem_label_alias(obj->label, strlen(obj->label));
        asn1_kind lk = asn1_kind_from_label(alias ? alias : obj->label);
        if (lk != KIND_UNKNOWN)
            kind = lk;
    }
    switch (kind) {
    case KIND_CERTIFICATE:
    case KIND_CRL:
    case KIND_CSR:
    case KIND_PKCS7:
    case KIND_EC_PARAMS:
    case KIND_DH_PARAMS:
        return true;
    default:
        return false;
    }
}

static void do_file(kc_t *k, const char *path)
{
    input_t in;
    if (!cli_input_open(&k->c, &in, path))
        return;
    unsigned keys = 0, others = 0;
    while (cli_next_object(&k->c, &in)) {
        if (passed_over(&in.obj)) {
            others++;
            continue;
        }
        keys++;
        ck_keyobj o;
        memset(&o, 0, sizeof o);
        if (load(k, &in, &o))
            convert(k, &in, &o);
        ck_keyobj_free(&o);
    }
    if (keys == 0 && k->c.status == CLI_OK)
        cli_ferror(&k->c, path, CLI_BAD_DATA, others ? "no key in this file (only certificates, CRLs or parameters)"
                                                     : "no key in this file");
    input_close(&in);
}

int main(int argc, char **argv)
{
    kc_t k;
    memset(&k, 0, sizeof k);
    k.iter = KC_DEFAULT_ITER;
    cli_init(&k.c, "keyconv", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT, CLI_OPT_OUTFORM, CLI_OPT_STRICT,
        CLI_OPT_PASS, CLI_OPT_PASS_OUT,
        { "to", required_argument, NULL, O_TO },
        { "encrypt", no_argument, NULL, O_ENCRYPT },
        { "iter", required_argument, NULL, O_ITER },
        { "pubout", no_argument, NULL, O_PUBOUT },
        { "max-iter", required_argument, NULL, O_MAX_ITER },
        { NULL, 0, NULL, 0 },
    };
    bool iter_given = false;
    int ch;
    while ((ch = cli_getopt(&k.c, argc, argv, "hVi:o:", lo)) != -1) {
        switch (ch) {
        case O_TO: {
            bool found = false;
            for (size_t i = 0; i < sizeof to_names / sizeof to_names[0]; i++)
                if (strcmp(optarg, to_names[i].name) == 0) {
                    k.to = to_names[i].to;
                    found = true;
                }
            if (!found)
                cli_usage_error(&k.c, "--to %s: not pkcs8, pkcs1, sec1, dsa or traditional", optarg);
            break;
        }
        case O_ENCRYPT:
            k.encrypt = true;
            break;
        case O_ITER:
            if (!parse_u64(optarg, &k.iter) || k.iter > CK_MAX_ITER_DEFAULT)
                cli_usage_error(&k.c, "--iter %s: not a number from 1 to %u", optarg, CK_MAX_ITER_DEFAULT);
            iter_given = true;
            break;
        case O_PUBOUT:
            k.pubout = true;
            break;
        case O_MAX_ITER:
            if (!parse_u64(optarg, &k.max_iter))
                cli_usage_error(&k.c, "--max-iter %s: not a positive number", optarg);
            break;
        default:
            cli_usage_error(&k.c, "unexpected option");
        }
    }
    if (k.pubout && (k.encrypt || k.to != TO_KEEP))
        cli_usage_error(&k.c, "--pubout writes the public key: it takes neither --encrypt nor --to");
    if (k.encrypt && k.to != TO_KEEP && k.to != TO_PKCS8)
        cli_usage_error(&k.c, "--encrypt writes encrypted PKCS#8; it cannot be combined with --to %s",
                        k.to == TO_PKCS1 ? "pkcs1" : k.to == TO_SEC1 ? "sec1" : k.to == TO_DSA ? "dsa" : "traditional");
    if (k.c.pass_out_src && !k.encrypt)
        cli_usage_error(&k.c, "--pass-out is the password for --encrypt");
    if (iter_given && !k.encrypt)
        cli_usage_error(&k.c, "--iter is for --encrypt");
    if (k.encrypt && !k.c.pass_out_src && !isatty(0))
        cli_usage_error(&k.c, "--encrypt needs a password: give --pass-out SRC (no terminal to ask on)");
    int nstdin = 0;
    for (int i = 0; cli_operand(argc, argv, i); i++)
        nstdin += strcmp(cli_operand(argc, argv, i), "-") == 0;
    if (nstdin > 1)
        cli_usage_error(&k.c, "standard input (-) can be read only once");
    if (nstdin && ((k.c.pass_src && strcmp(k.c.pass_src, "stdin") == 0) ||
                   (k.c.pass_out_src && strcmp(k.c.pass_out_src, "stdin") == 0)))
        cli_usage_error(&k.c, "the key is read from standard input: the password cannot be (use fd:N, file: or env:)");
    if (k.c.pass_src && k.c.pass_out_src && strcmp(k.c.pass_src, "stdin") == 0 &&
        strcmp(k.c.pass_out_src, "stdin") == 0)
        cli_usage_error(&k.c, "--pass and --pass-out cannot both be read from stdin");

    cli_out_open(&k.c, (k.c.outform == CLI_OUTFORM_DER ? CLI_OUT_BINARY : 0u) | (k.pubout ? 0u : CLI_OUT_SECRET));
    const char *path;
    for (int i = 0; (path = cli_operand(argc, argv, i)); i++)
        do_file(&k, path);
    if (k.written == 0 && k.c.status == CLI_OK)
        cli_error(&k.c, CLI_BAD_DATA, "no key written");
    cli_pass_wipe(&k.pass);
    cli_pass_wipe(&k.pass_out);
    explicit_bzero(&k.pws, sizeof k.pws);
    return cli_finish(&k.c);
}
