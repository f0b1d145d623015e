/*
 * keymatch - does this key belong to those certificates, requests or public keys?
 * The key's public part (read from the file or computed from the private key) is
 * compared mathematically with each object's (x509/key.c ck_pubkey_equal): exit 0
 * when every object matches, 3 when one does not, 1 on bad input, 2 on misuse.
 */
#include "tools/cli.h"
#include "tools/keyload.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char usage[] =
    "usage: keymatch [--json] [-q] [--pass SRC] [-i pem|der|b64] [--strict] KEY OBJECT...\n"
    "       keymatch -h | -V\n"
    "Says whether the key in KEY belongs to each certificate, certificate request or\n"
    "public key in the OBJECT files: exit 0 when every one matches, 3 when one does not.\n"
    "KEY is a private key (PKCS#8, PKCS#1, SEC1, DSA; encrypted ones with --pass), a\n"
    "public key or a certificate; with a certificate, its key is compared.\n"
    "  --pass SRC          password of an encrypted key: pass:TEXT, env:VAR, file:PATH,\n"
    "                      fd:N or stdin (prompted for on a terminal when absent)\n"
    "      --json          one JSON line per compared object\n"
    "  -q, --quiet         print nothing; the exit status tells\n"
    "  -i, --inform FORM   read pem, der or b64 instead of detecting the encoding\n"
    "      --strict        warnings about the files are errors\n"
    "  -h, --help          print this help and exit\n"
    "  -V, --version       print the version and exit\n";

typedef struct km {
    cli_t c;
    bool quiet;
    /* passwords, obtained when an encrypted key is met */
    bool have_pws;
    cli_pass pass;
    p12_passwords pws;
    /* the key */
    const char *key_file;
    ck_keyobj key;
    size_t key_index;
    /* counts */
    unsigned compared, matched;
} km_t;

/* The passwords to try: the --pass one, or a prompt on a terminal, or absent then empty. */
static bool get_passwords(km_t *m, const char *file)
{
    if (m->have_pws)
        return true;
    char prompt[256];
    snprintf(prompt, sizeof prompt, "Enter pass phrase for %s: ", cli_name(file));
    if (cli_pass_get(&m->c, m->c.pass_src, prompt, false, &m->pass) != 0)
        return false;
    cli_pass_candidates(&m->pass, false, &m->pws);
    m->have_pws = true;
    return true;
}

/*
 * Loads one object; an encrypted key is retried with the passwords (asked for once).
 * Returns ASN1_OK or the error (already reported).
 */
static asn1_err load(km_t *m, const input_t *in, ck_keyobj *o)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, NULL, 0);
    ctx.strict = m->c.strict;
    ck_keyload_opts opts = { 0 };
    opts.pws = m->have_pws ? &m->pws : NULL;
    asn1_err e = ck_keyobj_load(o, &ctx, &in->obj, &opts);
    if (e == ASN1_E_UNSUPPORTED && o->enc != CK_KEY_ENC_NONE && !m->have_pws) {
        if (!get_passwords(m, in->name))
            return ASN1_E_UNSUPPORTED;
        opts.pws = &m->pws;
        e = ck_keyobj_load(o, &ctx, &in->obj, &opts);
    }
    if (e == ASN1_E_CRYPTO && !m->pass.given) {
        /* no --pass and no terminal: the absent and the empty password were tried */
        char msg[ASN1_MSG_MAX];
        snprintf(msg, sizeof msg, "encrypted key: give its password with --pass SRC (%.*s)",
                 (int)(sizeof msg - 64), ctx.err.msg);
        memcpy(ctx.err.msg, msg, sizeof msg);
    }
    if (cli_report_ctx(&m->c, in->name, &in->obj.pos, &ctx) != CLI_OK && e == ASN1_OK)
        e = ASN1_E_STRICT;
    return e;
}

/* A short description of an object's key: "rsa 2048", "ec P-256", "ed25519". */
static void key_desc(const ck_pubkey *k, size_t bits, buf_t *out)
{
    buf_puts(out, ck_key_type_name(k->type));
    if (k->type == CK_KEY_EC) {
        const char *cn = ck_curve_name(k->curve);
        if (cn)
            buf_printf(out, " %s", cn);
        else if (k->curve_oid.len) {
            buf_putc(out, ' ');
            asn1_oid_append(k->curve_oid, out);
        }
    } else if (bits && (k->type == CK_KEY_RSA || k->type == CK_KEY_RSA_PSS || k->type == CK_KEY_DSA)) {
        buf_printf(out, " %zu", bits);
    }
}

/* Finds the key in KEY: the first private key, else the first object that holds a key. */
static bool load_key(km_t *m, const char *path)
{
    input_t in;
    if (!cli_input_open(&m->c, &in, path))
        return false;
    bool found = false, have_public = false;
    ck_keyobj fallback;
    memset(&fallback, 0, sizeof fallback);
    size_t fallback_index = 0;
    while (!found && cli_next_object(&m->c, &in)) {
        ck_keyobj o;
        memset(&o, 0, sizeof o);
        if (load(m, &in, &o) != ASN1_OK) {
            ck_keyobj_free(&o);
            continue;
        }
        if (o.kind == CK_KEYOBJ_PRIVATE) {
            m->key = o;             /* a plain struct copy: ck_privkey's pub spans into pub_buf need a move */
            ck_privkey_move(&m->key.priv, &o.priv);
            m->key_index = in.obj.pos.index;
            found = true;
        } else if (!have_public) {
            fallback = o;
            fallback_index = in.obj.pos.index;
            have_public = true;
        } else {
            ck_keyobj_free(&o);
        }
    }
    input_close(&in);
    if (found) {
        ck_keyobj_free(&fallback);
    } else if (have_public) {
        m->key = fallback;
        m->key_index = fallback_index;
        found = true;
    }
    if (!found && m->c.status == CLI_OK)
        cli_ferror(&m->c, path, CLI_BAD_DATA, "no key, certificate or request found");
    return found;
}

static void report(km_t *m, const input_t *in, const ck_keyobj *o, bool match)
{
    const ck_pubkey *kp = ck_keyobj_public(&m->key), *op = ck_keyobj_public(o);
    const char *obj_name = cli_name(in->name);
    if (m->c.json) {
        buf_t *b = cli_outbuf(&m->c);
        json_t j;
        json_init(&j, b);
        json_obj_begin(&j);
        json_kstr(&j, "type", "keymatch");
        json_kstr(&j, "key", cli_name(m->key_file));
        json_kstr(&j, "object", obj_name);
        json_kint(&j, "index", (int64_t)in->obj.pos.index);
        json_kbool(&j, "match", match);
        json_kstr(&j, "key_algorithm", ck_keyobj_alg(&m->key));
        json_kint(&j, "bits", (int64_t)ck_keyobj_bits(&m->key));
        if (kp && kp->type == CK_KEY_EC && ck_curve_name(kp->curve))
            json_kstr(&j, "curve", ck_curve_name(kp->curve));
        json_kstr(&j, "key_type", ck_keyobj_kind_name(m->key.kind));
        json_kstr(&j, "object_type", ck_keyobj_kind_name(o->kind));
        json_kstr(&j, "object_algorithm", ck_keyobj_alg(o));
        json_kint(&j, "object_bits", (int64_t)ck_keyobj_bits(o));
        if (op && op->type == CK_KEY_EC && ck_curve_name(op->curve))
            json_kstr(&j, "object_curve", ck_curve_name(op->curve));
        if (o->subject)
            json_kstr(&j, "subject", o->subject);
        json_obj_end(&j);
        buf_putc(b, '\n');
        cli_out_check(&m->c);
        return;
    }
    if (m->quiet)
        return;
    buf_t d = BUF_INIT;
    if (o->subject)
        buf_puts(&d, o->subject[0] ? o->subject : "empty subject");
    else
        buf_puts(&d, ck_keyobj_kind_name(o->kind));
    if (match) {
        cli_printf(&m->c, "match: %s[%zu] (%s)\n", obj_name, in->obj.pos.index, buf_cstr(&d));
    } else {
        buf_t a = BUF_INIT, b = BUF_INIT;
        key_desc(kp, ck_keyobj_bits(&m->key), &a);
        key_desc(op, ck_keyobj_bits(o), &b);
        const char *why = strcmp(buf_cstr(&a), buf_cstr(&b)) == 0 ? "a different key" : "another kind of key";
        cli_printf(&m->c, "MISMATCH: %s[%zu] (%s): %s (%s; the key is %s)\n", obj_name, in->obj.pos.index,
                   buf_cstr(&d), why, buf_cstr(&b), buf_cstr(&a));
        buf_free(&a);
        buf_free(&b);
    }
    buf_free(&d);
    cli_out_check(&m->c);
}

static void compare_file(km_t *m, const char *path)
{
    input_t in;
    if (!cli_input_open(&m->c, &in, path))
        return;
    const ck_pubkey *kp = ck_keyobj_public(&m->key);
    bool any = false;
    in_status st;
    while ((st = input_next(&in)) != IN_END) {
        if (st != IN_OBJECT) {
            any = true;
            if (cli_input_problem(&m->c, &in, st))
                break;
            continue;
        }
        any = true;
        ck_keyobj o;
        memset(&o, 0, sizeof o);
        if (load(m, &in, &o) == ASN1_OK) {
            const ck_pubkey *op = ck_keyobj_public(&o);
            if (!op) {
                cli_perror(&m->c, in.name, &in.obj.pos, CLI_BAD_DATA, "cannot compare: %s",
                           o.kind == CK_KEYOBJ_PRIVATE ? o.priv.pub_why : "no public key");
            } else {
                bool match = ck_pubkey_equal(kp, op);
                m->compared++;
                m->matched += match;
                if (!match)
                    cli_status(&m->c, CLI_CHECK_FAILED);
                report(m, &in, &o, match);
            }
        }
        ck_keyobj_free(&o);
    }
    if (!any)
        cli_ferror(&m->c, path, CLI_BAD_DATA, "no certificate, request or key found");
    input_close(&in);
}

int main(int argc, char **argv)
{
    km_t m;
    memset(&m, 0, sizeof m);
    cli_init(&m.c, "keymatch", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_JSON, CLI_OPT_STRICT, CLI_OPT_PASS,
        { "quiet", no_argument, NULL, 'q' },
        { NULL, 0, NULL, 0 },
    };
    int ch;
    while ((ch = cli_getopt(&m.c, argc, argv, "hVi:q", lo)) != -1) {
        switch (ch) {
        case 'q':
            m.quiet = true;
            break;
        default:
            cli_usage_error(&m.c, "unexpected option");
        }
    }
    if (argc - optind < 2)
        cli_usage_error(&m.c, argc - optind == 0 ? "no KEY given" : "no certificate, request or public key to compare with");
    int nstdin = 0;
    for (int k = optind; k < argc; k++)
        nstdin += strcmp(argv[k], "-") == 0;
    if (nstdin > 1)
        cli_usage_error(&m.c, "standard input (-) can be read only once");
    cli_out_open(&m.c, 0);

    m.key_file = argv[optind];
    if (load_key(&m, m.key_file)) {
        const ck_pubkey *kp = ck_keyobj_public(&m.key);
        if (!kp) {
            cli_ferror(&m.c, m.key_file, CLI_BAD_DATA, "cannot compare: %s",
                       m.key.kind == CK_KEYOBJ_PRIVATE && m.key.priv.pub_why[0] ? m.key.priv.pub_why
                                                                                : "no public key");
        } else {
            for (int k = optind + 1; k < argc; k++)
                compare_file(&m, argv[k]);
        }
    }
    ck_keyobj_free(&m.key);
    cli_pass_wipe(&m.pass);
    return cli_finish(&m.c);
}
