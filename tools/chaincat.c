/* chaincat - a pile of certificates (PEM, DER, DER bundles, base64 lines, PKCS#7) in
 * any order, to ordered chains with every link's signature verified, and a precise
 * diagnosis of what is missing or wrong. */
#include "pkcs12/pkcs12.h"
#include "tools/cli.h"
#include "x509/x509.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char usage[] =
    "usage: chaincat [options] [FILE...]\n"
    "Orders a pile of certificates (PEM, DER, DER bundles, base64 lines, PKCS#7 .p7b)\n"
    "into chains, leaf first, verifying every link's signature.\n"
    "  --roots FILE     trust anchors: a chain is complete when it reaches one (repeatable)\n"
    "  --leaf FILE      build chains only for these certificates (repeatable)\n"
    "  --root-first     print each chain from the root down\n"
    "  --no-root        leave the self-signed root out\n"
    "  --ca-file        the leaf's issuer up to the root, no leaf (an appliance's CA file)\n"
    "  --tree           the whole pile as an indented tree\n"
    "  --comments       subject=/issuer= lines before each PEM block\n"
    "  --json           one JSON line per chain\n"
    "      --outform pem|der  PEM (default) or a DER bundle\n"
    "  -o FILE          write to FILE atomically\n"
    "      --at TIME    judge validity at TIME (RFC 3339 or YYYY-MM-DD) instead of now\n"
    "  -i pem|der|b64   force the input encoding\n"
    "      --pass SRC   password of PKCS#12 inputs (pass:, env:, file:, fd:, stdin)\n"
    "  -h, --help       this help;  -V, --version  the version\n"
    "Exit: 0 every chain complete and verified, 3 a chain incomplete or a link bad,\n"
    "1 malformed input, 2 usage or files.\n";

enum { O_ROOTS = CLI_OPT_TOOL, O_LEAF, O_ROOT_FIRST, O_NO_ROOT, O_CA_FILE, O_TREE, O_COMMENTS };

typedef struct tool {
    cli_t cli;
    cli_pass pw;
    bool pw_asked;
    ck_pile pile;
    asn1_ctx ctx;
    int64_t now;
    bool root_first, no_root, ca_file, tree, comments;
    unsigned problems;
} tool;

/* ------------------------------------------------------------- reading */

typedef struct add_arg {
    tool *t;
    const char *file;
    const in_pos *pos;
    unsigned flags;
} add_arg;

/* base_off: where der starts inside the object the input iterator yielded (a certificate
 * inside a PKCS#7), so that offsets in messages are those of the whole object. */
static void add_cert(tool *t, span_t der, const char *file, const in_pos *pos, size_t index, unsigned flags,
                     size_t base_off)
{
    bool dup;
    asn1_ctx *ctx = &t->ctx;
    if (ck_pile_add(&t->pile, ctx, der, file, index, flags, &dup) != ASN1_OK) {
        ctx->err.offset += base_off;
        for (unsigned i = 0; i < ctx->nwarn && i < ASN1_MAX_WARNINGS; i++)
            ctx->warn[i].offset += base_off;
        cli_report_ctx(&t->cli, file, pos, ctx);
        return;
    }
    if (dup)
        fprintf(stderr, "chaincat: %s: certificate %zu is a duplicate; dropped\n", cli_name(file), index);
}

static asn1_err p7_cb(void *arg, span_t cert, size_t offset, size_t index)
{
    add_arg *a = arg;
    add_cert(a->t, cert, a->file, a->pos, a->pos->index + index, a->flags, offset);
    return ASN1_OK;
}

/* The certificates of a PKCS#12 file (keys are not read: no key bag is decrypted). */
static void read_pfx(tool *t, const char *path, const in_obj *o, unsigned flags)
{
    if (!t->pw_asked) {
        t->pw_asked = true;
        if (cli_pass_get(&t->cli, t->cli.pass_src, "Enter PFX password: ", false, &t->pw) != 0)
            return;
    }
    p12_passwords pws;
    cli_pass_candidates(&t->pw, false, &pws);
    p12_file f;
    if (p12_read(&f, o->der, &pws, NULL) != ASN1_OK) {
        cli_perror(&t->cli, path, &o->pos, CLI_BAD_DATA, "offset %zu: %s%s%s", f.err.offset, f.err.path,
                   f.err.path[0] ? ": " : "", f.err.msg);
        p12_free(&f);
        return;
    }
    size_t n = 0;
    for (unsigned i = 0; i < f.nbags; i++) {
        const p12_bag *b = &f.bags[i];
        if (b->type == P12_BAG_CERT && b->type_id == OID_pkcs9_x509Certificate && b->der.len)
            add_cert(t, b->der, path, &o->pos, n++, flags, 0);
    }
    if (n == 0)
        cli_perror(&t->cli, path, &o->pos, CLI_BAD_DATA, "no certificate could be read from this PKCS#12 file "
                   "(see: pfxsplit --info)");
    p12_free(&f);
}

static void read_file(tool *t, const char *path, unsigned flags)
{
    input_t in;
    if (!cli_input_open(&t->cli, &in, path))
        return;
    while (cli_next_object(&t->cli, &in)) {
        const in_obj *o = &in.obj;
        asn1_kind k = asn1_classify(o->der);
        if (k == KIND_PKCS7) {
            /* its own context: adding each certificate resets t->ctx to that certificate */
            add_arg a = { t, path, &o->pos, flags };
            asn1_ctx p7;
            asn1_ctx_init(&p7, o->der.p, o->der.len);
            p7.strict = t->cli.strict;
            if (pkcs7_certs_each(&p7, o->der, p7_cb, &a) != ASN1_OK)
                cli_report_ctx(&t->cli, path, &o->pos, &p7);
            continue;
        }
        if (k == KIND_PKCS12) {
            read_pfx(t, path, o, flags);
            continue;
        }
        if (k != KIND_CERTIFICATE && k != KIND_UNKNOWN) {
            (void)cli_wrong_kind(&t->cli, &in, o, KIND_CERTIFICATE);
            continue;
        }
        add_cert(t, o->der, path, &o->pos, o->pos.index, flags, 0);
    }
    input_close(&in);
}

/* ---------------------------------------------------------- describing */

static void cert_label(const ck_pile_cert *c, buf_t *out)
{
    buf_t cn = BUF_INIT;
    if (x509_name_cn(&c->cert.subject, &cn)) {
        buf_puts(out, "\"");
        buf_put(out, cn.p, cn.len);
        buf_puts(out, "\"");
    } else {
        buf_puts(out, "\"");
        x509_name_rfc4514(&c->cert.subject, out);
        buf_puts(out, "\"");
    }
    buf_free(&cn);
}

static void problem(tool *t, buf_t *list, const char *fmt, ...) CK_PRINTF(3, 4);
static void problem(tool *t, buf_t *list, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "chaincat: %s\n", msg);
    if (list) {
        buf_put(list, msg, strlen(msg));
        buf_putc(list, '\0');
    }
    t->problems++;
}

static const char *label_of(const ck_pile_cert *c, buf_t *tmp)
{
    buf_reset(tmp);
    cert_label(c, tmp);
    return buf_cstr(tmp);
}

static void uri_cb(void *arg, span_t uri)
{
    buf_t *b = arg;
    if (b->len == 0)
        buf_put(b, uri.p, uri.len);
}

static void days_text(int64_t secs, char *out, size_t n)
{
    int64_t d = secs / 86400;
    snprintf(out, n, "%lld day%s", (long long)d, d == 1 ? "" : "s");
}

/* Checks one chain; problems go to stderr and to list (NUL-separated). */
static bool diagnose(tool *t, const ck_chain *ch, buf_t *list)
{
    ck_pile *p = &t->pile;
    buf_t a = BUF_INIT, b = BUF_INIT;
    bool ok = true;
    const ck_pile_cert *leaf = p->v[ch->certs[0]];
    for (unsigned i = 0; i < ch->n; i++) {
        const ck_pile_cert *c = p->v[ch->certs[i]];
        char when[32], d[32];
        if (c->cert.not_after < t->now) {
            asn1_time_rfc3339(c->cert.not_after, when);
            days_text(t->now - c->cert.not_after, d, sizeof d);
            problem(t, list, "%s expired %s ago (notAfter %s)", label_of(c, &a), d, when);
            ok = false;
        } else if (c->cert.not_before > t->now) {
            asn1_time_rfc3339(c->cert.not_before, when);
            problem(t, list, "%s is not valid yet (notBefore %s)", label_of(c, &a), when);
            ok = false;
        }
        if (i > 0) {
            const ck_pile_cert *child = p->v[ch->certs[i - 1]];
            if (c->cert.not_after + 86400 < child->cert.not_after) {
                asn1_time_rfc3339(c->cert.not_after, when);
                problem(t, list, "issuer %s expires (%s) before its subject %s", label_of(c, &a), when,
                        label_of(child, &b));
            }
            if (c->cert.version == 3 && (!c->cert.bc.present || !c->cert.bc.ca)) {
                problem(t, list, "%s issues certificates but has no basicConstraints CA=true", label_of(c, &a));
                ok = false;
            }
            if (c->cert.has_key_usage && !(c->cert.key_usage & (1u << 5))) {
                problem(t, list, "%s issues certificates but its keyUsage lacks keyCertSign", label_of(c, &a));
                ok = false;
            }
            /* pathLenConstraint: non-self-issued intermediates below this CA */
            if (c->cert.bc.present && c->cert.bc.path_len >= 0) {
                int64_t below = 0;
                for (unsigned k = 1; k < i; k++)
                    if (!p->v[ch->certs[k]]->self_issued)
                        below++;
                if (below > c->cert.bc.path_len) {
                    problem(t, list, "path too long for %s: pathLenConstraint %lld, %lld intermediate%s below it",
                            label_of(c, &a), (long long)c->cert.bc.path_len, (long long)below, below == 1 ? "" : "s");
                    ok = false;
                }
            }
        }
        /* links that were candidates by name or key id but failed their signature */
        bool next_found = i + 1 < ch->n;
        for (unsigned k = 0; k < c->nlinks; k++) {
            const ck_link *l = &c->links[k];
            if (next_found)
                continue;     /* another candidate made the link */
            if (!l->name_ok) {
                buf_t dn = BUF_INIT;
                x509_name_rfc4514(&c->cert.issuer, &dn);
                problem(t, list, "the issuer name of %s (\"%s\") does not match the subject of %s, although its AKI "
                        "matches that certificate's SKI (RFC 5280 name chaining)", label_of(c, &a), buf_cstr(&dn),
                        label_of(p->v[l->issuer], &b));
                buf_free(&dn);
                ok = false;
                continue;
            }
            if (l->sig == CK_VERIFY_VALID || l->sig == CK_VERIFY_UNSUPPORTED)
                continue;
            problem(t, list, "the signature of %s does not verify with the key of %s (%s)", label_of(c, &a),
                    label_of(p->v[l->issuer], &b), ck_verify_result_name(l->sig));
            ok = false;
        }
    }
    const ck_pile_cert *end = p->v[ch->certs[ch->n - 1]];
    if (!ch->complete) {
        ok = false;
        if (end->self_signed) {
            problem(t, list, "chain of %s ends at the self-signed %s, which is not among the trust anchors (--roots)",
                    label_of(leaf, &a), label_of(end, &b));
        } else {
            buf_t dn = BUF_INIT, url = BUF_INIT, aki = BUF_INIT;
            x509_name_rfc4514(&end->cert.issuer, &dn);
            const x509_ext *aia = x509_exts_find(&end->cert.exts, OID_pe_authorityInfoAccess);
            if (aia && !aia->malformed) {
                asn1_ctx sub;
                asn1_ctx_init(&sub, end->der, end->der_len);
                if (x509_ext_aia_each(aia, &sub, OID_ad_caIssuers, uri_cb, &url) != ASN1_OK)
                    buf_reset(&url);
            }
            if (end->cert.aki.len) {
                buf_puts(&aki, " (AKI ");
                buf_hex(&aki, end->cert.aki.p, end->cert.aki.len, ":");
                buf_puts(&aki, ")");
            }
            problem(t, list, "chain of %s is incomplete: missing the issuer of %s: \"%s\"%s%s%s",
                    label_of(leaf, &a), label_of(end, &b), buf_cstr(&dn), buf_cstr(&aki),
                    url.len ? "; download it from " : "", buf_cstr(&url));
            buf_free(&dn);
            buf_free(&url);
            buf_free(&aki);
        }
    }
    if (ch->truncated)
        problem(t, list, "chain search for %s stopped at its limits (32 levels, 20000 steps)", label_of(leaf, &a));
    buf_free(&a);
    buf_free(&b);
    return ok;
}

/* ------------------------------------------------------------- output */

static void emit_pem(tool *t, const ck_pile_cert *c)
{
    buf_t *out = cli_outbuf(&t->cli);
    if (t->cli.outform == CLI_OUTFORM_DER) {
        buf_put(out, c->der, c->der_len);
    } else {
        if (t->comments) {
            buf_puts(out, "subject=");
            x509_name_rfc4514(&c->cert.subject, out);
            buf_puts(out, "\nissuer=");
            x509_name_rfc4514(&c->cert.issuer, out);
            buf_putc(out, '\n');
        }
        pem_write(out, "CERTIFICATE", 11, NULL, 0, c->der, c->der_len);
    }
    cli_out_check(&t->cli);
}

static void emit_chain(tool *t, const ck_chain *ch)
{
    unsigned first = t->ca_file ? 1 : 0, last = ch->n;
    if (t->no_root && last > first && t->pile.v[ch->certs[last - 1]]->self_signed)
        last--;
    if (t->root_first) {
        for (unsigned i = last; i > first; i--)
            emit_pem(t, t->pile.v[ch->certs[i - 1]]);
    } else {
        for (unsigned i = first; i < last; i++)
            emit_pem(t, t->pile.v[ch->certs[i]]);
    }
}

static void emit_json(tool *t, const ck_chain *ch, const buf_t *problems)
{
    buf_t *out = cli_outbuf(&t->cli);
    json_t j;
    x509_sink s;
    json_init(&j, out);
    x509_sink_json(&s, &j);
    json_obj_begin(&j);
    json_kstr(&j, "type", "chain");
    json_kbool(&j, "complete", ch->complete);
    json_kbool(&j, "anchored", ch->anchored);
    json_key(&j, "certs");
    json_arr_begin(&j);
    for (unsigned i = 0; i < ch->n; i++) {
        const ck_pile_cert *c = t->pile.v[ch->certs[i]];
        json_obj_begin(&j);
        json_kstr(&j, "source", c->source);
        json_kint(&j, "index", (int64_t)c->index);
        sink_name(&s, "subject", "Subject", &c->cert.subject);
        sink_name(&s, "issuer", "Issuer", &c->cert.issuer);
        buf_t hex = BUF_INIT;
        asn1_int_hex(c->cert.serial, &hex);
        json_kstr(&j, "serial", buf_cstr(&hex));
        buf_free(&hex);
        json_key(&j, "fingerprints");
        json_obj_begin(&j);
        uint8_t sha1[20];
        if (ck_hash_memory(CK_HASH_SHA1, c->der, c->der_len, sha1) == ASN1_OK)
            json_khex(&j, "sha1", sha1, 20);
        json_khex(&j, "sha256", c->sha256, 32);
        json_obj_end(&j);
        char when[32];
        asn1_time_rfc3339(c->cert.not_after, when);
        json_kstr(&j, "not_after", when);
        /* signature_valid: the link to the next certificate, or the self-signature */
        ck_verify_result r = CK_VERIFY_ERROR;
        bool known = false;
        if (i + 1 < ch->n) {
            for (unsigned k = 0; k < c->nlinks; k++)
                if (c->links[k].issuer == ch->certs[i + 1]) {
                    r = c->links[k].sig;
                    known = true;
                }
        } else if (c->self_issued) {
            r = c->self_sig;
            known = true;
        }
        json_key(&j, "signature_valid");
        if (!known || r == CK_VERIFY_UNSUPPORTED)
            json_null(&j);
        else
            json_bool(&j, r == CK_VERIFY_VALID);
        json_obj_end(&j);
    }
    json_arr_end(&j);
    json_key(&j, "problems");
    json_arr_begin(&j);
    for (size_t o = 0; o < problems->len;) {
        const char *m = problems->p + o;
        size_t l = strlen(m);
        json_strn(&j, m, l);
        o += l + 1;
    }
    json_arr_end(&j);
    json_obj_end(&j);
    buf_putc(out, '\n');
    cli_out_check(&t->cli);
}

/* --tree: roots at the top, each certificate under its (first valid) issuer. */
static void tree_line(tool *t, const ck_pile_cert *c, unsigned depth, ck_verify_result sig)
{
    buf_t *out = cli_outbuf(&t->cli);
    for (unsigned i = 0; i < depth; i++)
        buf_puts(out, i + 1 == depth ? "+-- " : "    ");
    buf_t cn = BUF_INIT;
    if (x509_name_cn(&c->cert.subject, &cn))
        buf_put(out, cn.p, cn.len);
    else
        x509_name_rfc4514(&c->cert.subject, out);
    buf_free(&cn);
    buf_puts(out, "  [");
    buf_puts(out, ck_key_type_name(c->cert.pubkey.type));
    size_t bits = ck_pubkey_bits(&c->cert.pubkey);
    if (bits)
        buf_printf(out, " %zu", bits);
    const char *curve = ck_curve_name(c->cert.pubkey.curve);
    if (curve)
        buf_printf(out, " %s", curve);
    char when[32];
    asn1_time_rfc3339(c->cert.not_after, when);
    buf_printf(out, ", expires %.10s]", when);
    if (c->anchor)
        buf_puts(out, " (trust anchor)");
    else if (c->self_signed)
        buf_puts(out, " (self-signed)");
    if (c->cert.not_after < t->now)
        buf_puts(out, " EXPIRED");
    else if (c->cert.not_before > t->now)
        buf_puts(out, " NOT-YET-VALID");
    if (sig == CK_VERIFY_INVALID || sig == CK_VERIFY_ERROR)
        buf_puts(out, " BAD-SIGNATURE");
    else if (sig == CK_VERIFY_UNSUPPORTED)
        buf_puts(out, " (signature not checked: unsupported algorithm)");
    buf_putc(out, '\n');
    cli_out_check(&t->cli);
}

static int parent_of(const ck_pile *p, size_t i, ck_verify_result *sig)
{
    const ck_pile_cert *c = p->v[i];
    *sig = c->self_issued ? c->self_sig : CK_VERIFY_VALID;
    if (c->self_signed || c->anchor)
        return -1;
    int bad = -1;
    for (unsigned k = 0; k < c->nlinks; k++) {
        if (c->links[k].name_ok && (c->links[k].sig == CK_VERIFY_VALID || c->links[k].sig == CK_VERIFY_UNSUPPORTED)) {
            *sig = c->links[k].sig;
            return (int)c->links[k].issuer;
        }
        bad = (int)k;
    }
    if (bad >= 0) {
        *sig = c->links[bad].sig;
        return (int)c->links[bad].issuer;      /* shown under it, marked BAD-SIGNATURE */
    }
    return -1;
}

static void tree_walk(tool *t, size_t node, unsigned depth, const int *parent, const ck_verify_result *sigs,
                      bool *shown)
{
    if (shown[node] || depth > 32)
        return;
    shown[node] = true;
    tree_line(t, t->pile.v[node], depth, sigs[node]);
    for (size_t i = 0; i < t->pile.n; i++)
        if (parent[i] == (int)node && !shown[i])
            tree_walk(t, i, depth + 1, parent, sigs, shown);
}

static void emit_tree(tool *t)
{
    size_t n = t->pile.n;
    int *parent = calloc(n ? n : 1, sizeof *parent);
    ck_verify_result *sigs = calloc(n ? n : 1, sizeof *sigs);
    bool *shown = calloc(n ? n : 1, sizeof *shown);
    if (!parent || !sigs || !shown) {
        cli_error(&t->cli, CLI_USAGE, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < n; i++)
        parent[i] = parent_of(&t->pile, i, &sigs[i]);
    for (size_t i = 0; i < n; i++)
        if (parent[i] < 0)
            tree_walk(t, i, 0, parent, sigs, shown);
    for (size_t i = 0; i < n; i++)      /* loops: start anywhere not yet shown */
        if (!shown[i])
            tree_walk(t, i, 0, parent, sigs, shown);
out:
    free(parent);
    free(sigs);
    free(shown);
}

int main(int argc, char **argv)
{
    static tool t;
    cli_init(&t.cli, "chaincat", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT, CLI_OPT_OUTFORM, CLI_OPT_JSON,
        CLI_OPT_AT, CLI_OPT_STRICT, CLI_OPT_PASS,
        { "roots", required_argument, NULL, O_ROOTS },
        { "leaf", required_argument, NULL, O_LEAF },
        { "root-first", no_argument, NULL, O_ROOT_FIRST },
        { "no-root", no_argument, NULL, O_NO_ROOT },
        { "ca-file", no_argument, NULL, O_CA_FILE },
        { "tree", no_argument, NULL, O_TREE },
        { "comments", no_argument, NULL, O_COMMENTS },
        { NULL, 0, NULL, 0 },
    };
    const char *roots[64], *leaves[64];
    size_t nroots = 0, nleaves = 0;
    int ch;
    ck_pile_init(&t.pile);
    asn1_ctx_init(&t.ctx, NULL, 0);
    while ((ch = cli_getopt(&t.cli, argc, argv, "hVi:o:", lo)) != -1) {
        switch (ch) {
        case O_ROOTS:
            if (nroots == 64)
                cli_usage_error(&t.cli, "at most 64 --roots files");
            roots[nroots++] = optarg;
            break;
        case O_LEAF:
            if (nleaves == 64)
                cli_usage_error(&t.cli, "at most 64 --leaf files");
            leaves[nleaves++] = optarg;
            break;
        case O_ROOT_FIRST: t.root_first = true; break;
        case O_NO_ROOT: t.no_root = true; break;
        case O_CA_FILE: t.ca_file = true; break;
        case O_TREE: t.tree = true; break;
        case O_COMMENTS: t.comments = true; break;
        default: cli_usage_error(&t.cli, "unknown option");
        }
    }
    t.ctx.strict = t.cli.strict;
    t.now = t.cli.have_at ? t.cli.at : (int64_t)time(NULL);
    if (t.tree + t.cli.json > 1)
        cli_usage_error(&t.cli, "--tree and --json do not go together");
    cli_out_open(&t.cli, t.cli.outform == CLI_OUTFORM_DER && !t.tree && !t.cli.json ? CLI_OUT_BINARY : 0);
    for (size_t i = 0; i < nroots; i++)
        read_file(&t, roots[i], CK_PILE_ANCHOR);
    for (size_t i = 0; i < nleaves; i++)
        read_file(&t, leaves[i], CK_PILE_LEAF);
    const char *path;
    for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
        if (k == 0 && optind >= argc && (nroots || nleaves))
            break;      /* only --roots/--leaf given: no standard input */
        read_file(&t, path, 0);
    }
    if (t.pile.n == 0) {
        cli_pass_wipe(&t.pw);
        if (t.cli.status == 0)
            cli_error(&t.cli, CLI_BAD_DATA, "no certificates in the input");
        return cli_finish(&t.cli);
    }
    ck_pile_link(&t.pile);
    bool have_anchors = ck_pile_has_anchors(&t.pile);
    bool all_ok = true;
    if (t.tree) {
        emit_tree(&t);
    }
    /* chains, in a deterministic order: leaves sorted by the SHA-256 of their DER */
    size_t *order = malloc(t.pile.n * sizeof *order);
    size_t nl = 0;
    if (!order) {
        cli_error(&t.cli, CLI_USAGE, "out of memory");
        return cli_finish(&t.cli);
    }
    for (size_t i = 0; i < t.pile.n; i++)
        if (ck_pile_is_leaf(&t.pile, i))
            order[nl++] = i;
    for (size_t i = 1; i < nl; i++)
        for (size_t k = i; k > 0 && memcmp(t.pile.v[order[k]]->sha256, t.pile.v[order[k - 1]]->sha256, 32) < 0; k--) {
            size_t tmp = order[k];
            order[k] = order[k - 1];
            order[k - 1] = tmp;
        }
    if (nl == 0) {
        problem(&t, NULL, "no leaf: every certificate in the pile issued another (a loop?); name one with --leaf");
        all_ok = false;
    }
    for (size_t i = 0; i < nl; i++) {
        ck_chain chn;
        buf_t problems = BUF_INIT;
        ck_pile_best_chain(&t.pile, order[i], have_anchors, &chn);
        if (!diagnose(&t, &chn, &problems))
            all_ok = false;
        if (t.cli.json)
            emit_json(&t, &chn, &problems);
        else if (!t.tree)
            emit_chain(&t, &chn);
        buf_free(&problems);
    }
    free(order);
    buf_t a = BUF_INIT;
    for (size_t i = 0; i < t.pile.n; i++)
        if (!t.pile.v[i]->in_chain && !t.pile.v[i]->anchor)
            problem(&t, NULL, "%s belongs to no chain", label_of(t.pile.v[i], &a));
    buf_free(&a);
    if (!all_ok)
        cli_status(&t.cli, CLI_CHECK_FAILED);
    ck_pile_free(&t.pile);
    cli_pass_wipe(&t.pw);
    return cli_finish(&t.cli);
}
