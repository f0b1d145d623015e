/* certcheck - a deployment preflight: server certificate + key + CA file (+ CRLs)
 * checked against the rules a server (video conferencing, SIP, web) needs before
 * they are uploaded.  One named check per rule, PASS/WARN/FAIL, each with the fix. */
#include "pkcs12/pkcs12.h"
#include "tools/cli.h"
#include "tools/keyload.h"
#include "x509/x509.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

static const char usage[] =
    "usage: certcheck --cert SERVER --key KEY --ca CAFILE [--crl CRL]... [naming] [options]\n"
    "       certcheck --pfx FILE [--pass SRC] [naming] [options]\n"
    "Checks a server certificate, its key, its CA file and CRLs against the rules an\n"
    "appliance enforces before they are uploaded.\n"
    "Naming (choose the deployment model):\n"
    "  --name FQDN                      standalone: CN = FQDN, SAN empty or holding it\n"
    "  --name PEER --cluster CLUSTER    a certificate per peer: CN = PEER, SAN holds both\n"
    "  --cluster CLUSTER --peer P1 --peer P2...\n"
    "                                   one certificate for the cluster: CN = CLUSTER,\n"
    "                                   SAN holds CLUSTER and every peer\n"
    "  --peer-address NAME              the address a neighbour dials: in CN or SAN\n"
    "Options:\n"
    "  --mutual          clientAuth is required too (neighbour/traversal zones, mutual TLS)\n"
    "  --warn-days N     warn when a certificate expires within N days (default 30)\n"
    "  --pfx FILE        take key, certificate and CA certificates from a PKCS#12 file\n"
    "  --pass SRC        the PFX's password, or an encrypted key's (then key-encrypted still\n"
    "                    fails, but the key is decrypted so that key-match runs)\n"
    "  --at TIME         check validity at TIME instead of now\n"
    "  --json            one JSON line per check\n"
    "  -q, --quiet       print failures only\n"
    "  -h, --help, -V, --version\n"
    "Exit: 0 nothing failed (warnings allowed), 3 a check failed, 1 malformed input,\n"
    "2 usage or files.\n";

enum {
    O_CERT = CLI_OPT_TOOL, O_KEY, O_CA, O_CRL, O_NAME, O_CLUSTER, O_PEER, O_PEER_ADDR, O_MUTUAL,
    O_WARN_DAYS, O_PFX,
};

typedef enum { ST_PASS, ST_WARN, ST_FAIL } status_t;
static const char *const st_names[] = { "pass", "warn", "fail" };
static const char *const st_upper[] = { "PASS", "WARN", "FAIL" };

#define MAX_NAMES 64

typedef struct tool {
    cli_t cli;
    const char *cert_path, *key_path, *ca_path, *pfx_path;
    const char *crl_paths[32];
    size_t ncrl;
    const char *name, *cluster, *peer_addr;
    const char *peers[MAX_NAMES];
    size_t npeers;
    bool mutual, quiet;
    int64_t warn_days;
    int64_t now;
    unsigned counts[3];
    /* loaded material */
    ck_pile pile;
    long server;                /* index of the server certificate in the pile, -1 if none */
    ck_privkey key;
    bool have_key;
    struct crl_item { uint8_t *der; size_t len; x509_crl crl; const char *file; } crls[32];
    size_t ncrls;
} tool;

/* ------------------------------------------------------------ reporting */

static void check(tool *t, const char *name, status_t st, const char *fmt, ...) CK_PRINTF(4, 5);
static void check(tool *t, const char *name, status_t st, const char *fmt, ...)
{
    char detail[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    t->counts[st]++;
    if (st == ST_FAIL)
        cli_status(&t->cli, CLI_CHECK_FAILED);
    if (t->quiet && st != ST_FAIL)
        return;
    buf_t *out = cli_outbuf(&t->cli);
    if (t->cli.json) {
        json_t j;
        json_init(&j, out);
        json_obj_begin(&j);
        json_kstr(&j, "check", name);
        json_kstr(&j, "status", st_names[st]);
        json_kstr(&j, "detail", detail);
        json_obj_end(&j);
        buf_putc(out, '\n');
    } else {
        buf_printf(out, "%s  %-16s %s\n", st_upper[st], name, detail);
    }
    cli_out_check(&t->cli);
}

/* A short label for a certificate: its CN, else its RFC 4514 name. */
static const char *who(const x509_cert *c, buf_t *tmp)
{
    buf_reset(tmp);
    buf_t cn = BUF_INIT;
    if (x509_name_cn(&c->subject, &cn)) {
        buf_puts(tmp, "\"CN=");
        buf_put(tmp, cn.p, cn.len);
        buf_puts(tmp, "\"");
    } else {
        buf_puts(tmp, "\"");
        x509_name_rfc4514(&c->subject, tmp);
        buf_puts(tmp, "\"");
    }
    buf_free(&cn);
    return buf_cstr(tmp);
}

/* ------------------------------------------------------------- loading */

typedef struct loaded {
    bool opened;
    bool pem;               /* every object came from PEM */
    bool der_seen;
    unsigned objects;
    unsigned bad;
} loaded;

/* Reads certificates from path into the pile; reports the file format. */
static loaded load_certs(tool *t, const char *path, unsigned flags, bool first_only_server)
{
    loaded l = { 0 };
    input_t in;
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, NULL, 0);
    if (!cli_input_open(&t->cli, &in, path))
        return l;
    l.opened = true;
    l.pem = true;
    in_status st;
    while ((st = input_next(&in)) != IN_END) {
        if (st != IN_OBJECT) {
            l.bad++;
            if (cli_input_problem(&t->cli, &in, st))
                break;
            continue;
        }
        const in_obj *o = &in.obj;
        if (o->pos.form != IN_FORM_PEM) {
            l.pem = false;
            l.der_seen = true;
        }
        l.objects++;
        if (asn1_classify(o->der) == KIND_PKCS7) {
            /* a .p7b given as a CA file: read its certificates */
            continue;
        }
        bool dup;
        size_t before = t->pile.n;
        if (ck_pile_add(&t->pile, &ctx, o->der, path, o->pos.index, flags, &dup) != ASN1_OK) {
            l.bad++;
            cli_report_ctx(&t->cli, path, &o->pos, &ctx);
            continue;
        }
        if (first_only_server && t->server < 0 && t->pile.n > before)
            t->server = (long)(t->pile.n - 1);
    }
    input_close(&in);
    return l;
}

static bool key_encrypted(const in_obj *o)
{
    if (asn1_classify(o->der) == KIND_PKCS8_ENCRYPTED)
        return true;
    const char *v;
    size_t vl;
    return o->headers_len && pem_header_get(o->headers, o->headers_len, "Proc-Type", &v, &vl) &&
           memmem(v, vl, "ENCRYPTED", 9) != NULL;
}

static void load_key(tool *t)
{
    input_t in;
    if (!cli_input_open(&t->cli, &in, t->key_path))
        return;
    bool found = false;
    while (!found && cli_next_object(&t->cli, &in)) {
        const in_obj *o = &in.obj;
        asn1_kind k = asn1_classify(o->der);
        if (k == KIND_CERTIFICATE || k == KIND_PKCS7)
            continue;       /* some key files carry the certificate too */
        found = true;
        if (o->pos.form == IN_FORM_PEM)
            check(t, "format-key", ST_PASS, "%s is PEM", cli_name(t->key_path));
        else
            check(t, "format-key", ST_FAIL, "%s is DER; the upload wants PEM - run: der2pem %s > key.pem",
                  cli_name(t->key_path), t->key_path);
        if (key_encrypted(o)) {
            check(t, "key-encrypted", ST_FAIL,
                  "the key is encrypted; an appliance cannot prompt - run: keyconv --pass ... %s -o key-plain.pem",
                  t->key_path);
            /* with --pass, decrypt it anyway so that the other checks (key-match) still run */
            if (t->cli.pass_src) {
                cli_pass pw = { 0 };
                if (cli_pass_get(&t->cli, t->cli.pass_src, "Enter key password: ", false, &pw) == 0) {
                    p12_passwords pws = { { pw.s }, { pw.len ? P12_PW_GIVEN : P12_PW_EMPTY }, 1 };
                    ck_keyload_opts opts = { 0 };
                    opts.pws = &pws;
                    opts.want_private = true;
                    ck_keyobj ko;
                    memset(&ko, 0, sizeof ko);
                    asn1_ctx ctx;
                    asn1_ctx_init(&ctx, NULL, 0);
                    if (ck_keyobj_load(&ko, &ctx, o, &opts) == ASN1_OK && ko.kind == CK_KEYOBJ_PRIVATE) {
                        ck_privkey_move(&t->key, &ko.priv);
                        t->have_key = true;
                    } else {
                        cli_report_ctx(&t->cli, t->key_path, &o->pos, &ctx);
                    }
                    ck_keyobj_free(&ko);
                }
                cli_pass_wipe(&pw);
            }
            break;
        }
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, o->der.p, o->der.len);
        ck_privkey_form form = ck_privkey_form_from_label(o->label);
        asn1_err e = form != CK_PRIV_FORM_NONE ? ck_privkey_decode_form(&ctx, o->der, form, &t->key)
                                                : ck_privkey_decode(&ctx, o->der, &t->key);
        if (e != ASN1_OK) {
            cli_report_ctx(&t->cli, t->key_path, &o->pos, &ctx);
            break;
        }
        /* the key's spans point into the input buffer: keep a copy */
        buf_t copy = BUF_INIT;
        buf_put(&copy, o->der.p, o->der.len);
        ck_privkey_free(&t->key);
        asn1_ctx_init(&ctx, (const uint8_t *)copy.p, copy.len);
        if (copy.oom || ck_privkey_decode(&ctx, span_make(copy.p, copy.len), &t->key) != ASN1_OK) {
            buf_wipe_free(&copy);
            cli_error(&t->cli, CLI_BAD_DATA, "%s: cannot keep the key", cli_name(t->key_path));
            break;
        }
        t->key.owned = copy;        /* wiped by ck_privkey_free */
        t->have_key = true;
        check(t, "key-encrypted", ST_PASS, "the key is not encrypted");
    }
    if (!found && t->cli.status < CLI_BAD_DATA)
        cli_ferror(&t->cli, t->key_path, CLI_BAD_DATA, "no private key in this file");
    input_close(&in);
}

static void load_crls(tool *t)
{
    for (size_t i = 0; i < t->ncrl; i++) {
        input_t in;
        if (!cli_input_open(&t->cli, &in, t->crl_paths[i]))
            continue;
        while (cli_next_object(&t->cli, &in)) {
            const in_obj *o = &in.obj;
            if (asn1_classify(o->der) != KIND_CRL)
                continue;       /* CRL files sometimes carry the issuer certificate */
            if (t->ncrls == sizeof t->crls / sizeof t->crls[0])
                break;
            struct crl_item *c = &t->crls[t->ncrls];
            c->der = malloc(o->der.len);
            if (!c->der)
                break;
            memcpy(c->der, o->der.p, o->der.len);
            c->len = o->der.len;
            c->file = t->crl_paths[i];
            asn1_ctx ctx;
            asn1_ctx_init(&ctx, c->der, c->len);
            if (x509_crl_decode(&ctx, span_make(c->der, c->len), &c->crl) != ASN1_OK) {
                cli_report_ctx(&t->cli, t->crl_paths[i], &o->pos, &ctx);
                free(c->der);
                continue;
            }
            t->ncrls++;
        }
        input_close(&in);
    }
}

/* --pfx: key, server certificate and CA certificates from one PKCS#12 file, in memory. */
static void load_pfx(tool *t)
{
    cli_pass pw = { 0 };
    if (cli_pass_get(&t->cli, t->cli.pass_src, "Enter PFX password: ", false, &pw) != 0)
        return;
    input_t in;
    if (!cli_input_open(&t->cli, &in, t->pfx_path)) {
        cli_pass_wipe(&pw);
        return;
    }
    buf_t der = BUF_INIT;
    in_status st;
    while ((st = input_next(&in)) != IN_END) {
        if (st == IN_OBJECT) {
            buf_put(&der, in.obj.der.p, in.obj.der.len);
            break;
        }
        if (cli_input_problem(&t->cli, &in, st))
            break;
    }
    input_close(&in);
    p12_passwords pws;
    cli_pass_candidates(&pw, true, &pws);
    p12_file f;
    p12_split s;
    memset(&s, 0, sizeof s);
    if (der.len == 0) {
        if (t->cli.status < CLI_BAD_DATA)
            cli_ferror(&t->cli, t->pfx_path, CLI_BAD_DATA, "empty file");
        goto out_nofile;
    }
    if (p12_read(&f, span_make(der.p, der.len), &pws, NULL) != ASN1_OK) {
        cli_ferror(&t->cli, t->pfx_path, CLI_BAD_DATA, "offset %zu: %s%s%s", f.err.offset, f.err.path,
                   f.err.path[0] ? ": " : "", f.err.msg);
        goto out;
    }
    if (p12_split_build(&f, &s) != ASN1_OK) {
        cli_error(&t->cli, CLI_USAGE, "out of memory");
        goto out;
    }
    const p12_pair *pair = s.npairs ? &s.pairs[0] : NULL;
    if (!pair || pair->key < 0 || pair->leaf < 0 || !s.keys[pair->key].ok) {
        cli_ferror(&t->cli, t->pfx_path, CLI_BAD_DATA, "the PFX holds no usable private key with its certificate "
                   "(see: pfxsplit --info %s)", t->pfx_path);
        goto out;
    }
    check(t, "pfx", ST_WARN, "a PFX was given; the appliance wants separate PEM files - run: pfxsplit -k key.pem "
          "-c server.pem -a ca.pem %s", t->pfx_path);
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, NULL, 0);
    bool dup;
    const x509_cert *leaf = &s.certs[pair->leaf].cert;
    if (ck_pile_add(&t->pile, &ctx, leaf->der, t->pfx_path, 0, CK_PILE_LEAF, &dup) == ASN1_OK)
        t->server = (long)t->pile.n - 1;
    for (unsigned i = 0; i < s.ncerts; i++)
        if ((int)i != pair->leaf && s.certs[i].ok &&
            ck_pile_add(&t->pile, &ctx, s.certs[i].cert.der, t->pfx_path, i, 0, &dup) != ASN1_OK)
            cli_report_ctx(&t->cli, t->pfx_path, NULL, &ctx);
    /* keep a copy of the key: the file's buffers go away */
    const ck_privkey *k = &s.keys[pair->key].key;
    buf_t copy = BUF_INIT;
    buf_put(&copy, k->der.p, k->der.len);
    asn1_ctx_init(&ctx, (const uint8_t *)copy.p, copy.len);
    if (!copy.oom && ck_privkey_decode(&ctx, span_make(copy.p, copy.len), &t->key) == ASN1_OK) {
        t->key.owned = copy;
        t->have_key = true;
        check(t, "key-encrypted", ST_PASS, "the key was decrypted from the PFX; pfxsplit writes it unencrypted");
    } else {
        buf_wipe_free(&copy);
        cli_ferror(&t->cli, t->pfx_path, CLI_BAD_DATA, "the PFX's private key does not decode");
    }
out:
    p12_split_free(&s);
    p12_free(&f);
out_nofile:
    buf_wipe_free(&der);
    cli_pass_wipe(&pw);
}

/* -------------------------------------------------------------- naming */

typedef struct names {
    char *dns[256];
    size_t ndns;
    char *ips[64];
    size_t nips;
    bool has_san;
} names;

static void gname_cb(void *arg, const x509_gname *g)
{
    names *n = arg;
    if (g->type == 2 && n->ndns < 256) {
        n->has_san = true;
        n->dns[n->ndns++] = strndup((const char *)g->value.p, g->value.len);
    } else if (g->type == 7 && n->nips < 64) {
        char txt[64] = "";
        n->has_san = true;
        if (g->value.len == 4)
            inet_ntop(AF_INET, g->value.p, txt, sizeof txt);
        else if (g->value.len == 16)
            inet_ntop(AF_INET6, g->value.p, txt, sizeof txt);
        n->ips[n->nips++] = strdup(txt);
    } else {
        n->has_san = true;
    }
}

static void names_free(names *n)
{
    for (size_t i = 0; i < n->ndns; i++)
        free(n->dns[i]);
    for (size_t i = 0; i < n->nips; i++)
        free(n->ips[i]);
}

/* RFC 6125 6.4: exact (case-insensitive), or a wildcard as the whole left-most label. */
static bool dns_match(const char *pattern, const char *name)
{
    if (strcasecmp(pattern, name) == 0)
        return true;
    if (pattern[0] == '*' && pattern[1] == '.') {
        const char *dot = strchr(name, '.');
        return dot && dot != name && strcasecmp(pattern + 1, dot) == 0 && strchr(pattern + 2, '.') != NULL;
    }
    return false;
}

static bool san_has(const names *n, const char *name)
{
    for (size_t i = 0; i < n->ndns; i++)
        if (dns_match(n->dns[i], name))
            return true;
    for (size_t i = 0; i < n->nips; i++)
        if (strcmp(n->ips[i], name) == 0)
            return true;
    return false;
}

static bool is_ip(const char *s)
{
    unsigned char b[16];
    return inet_pton(AF_INET, s, b) == 1 || inet_pton(AF_INET6, s, b) == 1;
}

static void check_naming(tool *t, const x509_cert *c)
{
    names n = { 0 };
    buf_t cn = BUF_INIT;
    bool have_cn = x509_name_cn(&c->subject, &cn);
    const char *cnv = have_cn ? buf_cstr(&cn) : "";
    const x509_ext *san = x509_exts_find(&c->exts, OID_ce_subjectAltName);
    if (san && !san->malformed) {
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, c->der.p, c->der.len);
        if (x509_ext_gnames_each(san, &ctx, gname_cb, &n) != ASN1_OK)
            check(t, "san", ST_FAIL, "the subjectAltName extension is malformed");
    }
    const char *want_cn = NULL;
    const char *model = NULL;
    if (t->name && !t->cluster) {
        model = "standalone";
        want_cn = t->name;
    } else if (t->name && t->cluster) {
        model = "cluster, a certificate per peer";
        want_cn = t->name;
    } else if (t->cluster) {
        model = "cluster, one certificate for all peers";
        want_cn = t->cluster;
    }
    if (want_cn) {
        if (have_cn && strcasecmp(cnv, want_cn) == 0)
            check(t, "name-cn", ST_PASS, "CN is %s (%s)", cnv, model);
        else if (have_cn)
            check(t, "name-cn", ST_FAIL, "CN is \"%s\", the %s model needs CN=%s - reissue the certificate",
                  cnv, model, want_cn);
        else
            check(t, "name-cn", ST_FAIL, "the subject has no CN; the %s model needs CN=%s - reissue", model, want_cn);
        /* SAN */
        const char *need[MAX_NAMES + 2];
        size_t nn = 0;
        if (t->name && !t->cluster) {
            if (n.has_san)
                need[nn++] = t->name;
        } else if (t->name && t->cluster) {
            need[nn++] = t->name;
            need[nn++] = t->cluster;
        } else {
            need[nn++] = t->cluster;
            for (size_t i = 0; i < t->npeers; i++)
                need[nn++] = t->peers[i];
        }
        buf_t missing = BUF_INIT;
        for (size_t i = 0; i < nn; i++)
            if (!san_has(&n, need[i])) {
                if (missing.len)
                    buf_puts(&missing, ", ");
                buf_puts(&missing, need[i]);
            }
        if (missing.len)
            check(t, "name-san", ST_FAIL, "the SAN lacks %s (%s model) - reissue with DNS:%s in subjectAltName",
                  buf_cstr(&missing), model, buf_cstr(&missing));
        else if (!n.has_san)
            check(t, "name-san", ST_PASS, "no SAN; the CN carries the name (standalone)");
        else
            check(t, "name-san", ST_PASS, "the SAN holds every required name (%zu DNS, %zu IP)", n.ndns, n.nips);
        buf_free(&missing);
    }
    if (t->peer_addr) {
        bool in_cn = have_cn && dns_match(cnv, t->peer_addr);
        bool in_san = san_has(&n, t->peer_addr);
        if (!in_cn && !in_san)
            check(t, "peer-address", ST_FAIL, "neighbours dial %s, which is neither the CN nor in the SAN - reissue "
                  "with it in subjectAltName, or dial a name the certificate holds", t->peer_addr);
        else if (is_ip(t->peer_addr) && n.ndns > 0)
            check(t, "peer-address", ST_WARN, "neighbours dial the IP address %s; the certificate holds names - "
                  "dial %s instead", t->peer_addr, n.ndns ? n.dns[0] : cnv);
        else
            check(t, "peer-address", ST_PASS, "%s is in the %s", t->peer_addr, in_san ? "SAN" : "CN");
    }
    names_free(&n);
    buf_free(&cn);
}

/* ------------------------------------------------------------------ EKU */

typedef struct eku_seen { bool server, client, any; } eku_seen;

static void eku_cb(void *arg, span_t oid)
{
    eku_seen *s = arg;
    oid_id id = oid_lookup(oid);
    s->server |= id == OID_kp_serverAuth;
    s->client |= id == OID_kp_clientAuth;
    s->any |= id == OID_ce_anyExtendedKeyUsage;
}

static void check_eku(tool *t, const x509_cert *c)
{
    const x509_ext *e = x509_exts_find(&c->exts, OID_ce_extKeyUsage);
    eku_seen s = { 0 };
    if (!e) {
        check(t, "eku-server", ST_WARN, "no extendedKeyUsage extension; many appliances require serverAuth - "
              "reissue from a web server template");
        if (t->mutual)
            check(t, "eku-client", ST_WARN, "no extendedKeyUsage extension; mutual TLS peers may require clientAuth");
        return;
    }
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, c->der.p, c->der.len);
    if (e->malformed || x509_ext_eku_each(e, &ctx, eku_cb, &s) != ASN1_OK) {
        check(t, "eku-server", ST_FAIL, "the extendedKeyUsage extension is malformed - reissue");
        return;
    }
    if (s.server)
        check(t, "eku-server", ST_PASS, "extendedKeyUsage holds serverAuth");
    else
        check(t, "eku-server", ST_FAIL, "no serverAuth in extendedKeyUsage; TLS servers need it - reissue from a "
              "web server (or \"client and server\") template");
    if (s.client)
        check(t, "eku-client", ST_PASS, "extendedKeyUsage holds clientAuth");
    else if (t->mutual)
        check(t, "eku-client", ST_FAIL, "no clientAuth; mutual TLS on neighbour and traversal zones needs it - "
              "reissue from a \"client and server\" template");
    else
        check(t, "eku-client", ST_WARN, "no clientAuth; fine for a server alone, but mutual TLS (--mutual) would "
              "need it");
}

/* ------------------------------------------------------------ validity */

static void validity(tool *t, const char *name, const x509_cert *c, buf_t *tmp, bool *failed, bool *warned,
                     buf_t *msg)
{
    char when[32];
    int64_t left = c->not_after - t->now;
    if (c->not_after < t->now) {
        asn1_time_rfc3339(c->not_after, when);
        buf_printf(msg, "%s%s expired %lld days ago (%.10s)", msg->len ? "; " : "", who(c, tmp),
                   (long long)((t->now - c->not_after) / 86400), when);
        *failed = true;
    } else if (c->not_before > t->now) {
        asn1_time_rfc3339(c->not_before, when);
        buf_printf(msg, "%s%s is not valid before %.10s", msg->len ? "; " : "", who(c, tmp), when);
        *failed = true;
    } else if (left < t->warn_days * 86400) {
        asn1_time_rfc3339(c->not_after, when);
        buf_printf(msg, "%s%s expires in %lld days (%.10s)", msg->len ? "; " : "", who(c, tmp),
                   (long long)(left / 86400), when);
        *warned = true;
    }
    (void)name;
}

/* ------------------------------------------------------------------ main */

static void check_chain(tool *t)
{
    ck_pile *p = &t->pile;
    const ck_pile_cert *srv = p->v[t->server];
    ck_chain ch;
    ck_pile_link(p);
    ck_pile_best_chain(p, (size_t)t->server, false, &ch);
    buf_t a = BUF_INIT, b = BUF_INIT;
    /* chain completeness */
    if (ch.complete) {
        check(t, "chain", ST_PASS, "%u certificates from the server to the self-signed root %s, every signature valid",
              ch.n, who(&p->v[ch.certs[ch.n - 1]]->cert, &a));
    } else {
        const ck_pile_cert *end = p->v[ch.certs[ch.n - 1]];
        buf_t dn = BUF_INIT, aki = BUF_INIT;
        x509_name_rfc4514(&end->cert.issuer, &dn);
        if (end->cert.aki.len) {
            buf_puts(&aki, " (AKI ");
            buf_hex(&aki, end->cert.aki.p, end->cert.aki.len, ":");
            buf_puts(&aki, ")");
        }
        bool bad_sig = false;
        for (unsigned k = 0; k < end->nlinks; k++)
            bad_sig |= end->links[k].name_ok && end->links[k].sig == CK_VERIFY_INVALID;
        if (bad_sig)
            check(t, "chain", ST_FAIL, "the CA file holds \"%s\", but the signature of %s does not verify with its "
                  "key - the CA file has the wrong certificate for that name", buf_cstr(&dn), who(&end->cert, &a));
        else
            check(t, "chain", ST_FAIL, "the CA file lacks the issuer of %s: \"%s\"%s - add it", who(&end->cert, &a),
                  buf_cstr(&dn), buf_cstr(&aki));
        buf_free(&dn);
        buf_free(&aki);
    }
    /* unrelated certificates */
    unsigned unrelated = 0;
    buf_t list = BUF_INIT;
    for (size_t i = 0; i < p->n; i++)
        if (!p->v[i]->in_chain) {
            unrelated++;
            if (list.len)
                buf_puts(&list, ", ");
            buf_puts(&list, who(&p->v[i]->cert, &a));
        }
    if (!ch.complete)
        ;   /* which certificates are unrelated cannot be told until the chain is complete */
    else if (unrelated)
        check(t, "ca-unrelated", ST_WARN, "the CA file holds %u certificate%s outside the chain: %s - remove them",
              unrelated, unrelated == 1 ? "" : "s", buf_cstr(&list));
    else
        check(t, "ca-unrelated", ST_PASS, "every certificate in the CA file is in the chain");
    buf_free(&list);
    /* validity */
    bool failed = false, warned = false;
    buf_t msg = BUF_INIT;
    validity(t, "validity", &srv->cert, &a, &failed, &warned, &msg);
    if (failed)
        check(t, "validity", ST_FAIL, "%s - renew it", buf_cstr(&msg));
    else if (warned)
        check(t, "validity", ST_WARN, "%s - renew it soon", buf_cstr(&msg));
    else {
        char until[32];
        asn1_time_rfc3339(srv->cert.not_after, until);
        check(t, "validity", ST_PASS, "the server certificate is valid until %.10s", until);
    }
    failed = warned = false;
    buf_reset(&msg);
    for (unsigned i = 1; i < ch.n; i++)
        validity(t, "validity-chain", &p->v[ch.certs[i]]->cert, &a, &failed, &warned, &msg);
    if (failed)
        check(t, "validity-chain", ST_FAIL, "%s - get the current CA certificates", buf_cstr(&msg));
    else if (warned)
        check(t, "validity-chain", ST_WARN, "%s", buf_cstr(&msg));
    else if (ch.n > 1)
        check(t, "validity-chain", ST_PASS, "every CA certificate in the chain is valid");
    buf_free(&msg);
    /* key size and signature hashes */
    size_t bits = ck_pubkey_bits(&srv->cert.pubkey);
    if ((srv->cert.pubkey.type == CK_KEY_RSA || srv->cert.pubkey.type == CK_KEY_RSA_PSS) && bits < 2048)
        check(t, "key-size", ST_FAIL, "RSA key of %zu bits; at least 2048 are required - generate a new key and "
              "reissue", bits);
    else
        check(t, "key-size", ST_PASS, "%s key of %zu bits", ck_key_type_name(srv->cert.pubkey.type), bits);
    buf_t weak = BUF_INIT;
    for (unsigned i = 0; i < ch.n; i++) {
        const ck_pile_cert *c = p->v[ch.certs[i]];
        if (i == ch.n - 1 && c->self_signed)
            continue;                       /* a root's own signature does not matter */
        const ck_sig_alg *alg = ck_sig_alg_find(c->cert.sig_alg.oid);
        if (alg && (alg->hash == CK_HASH_MD5 || alg->hash == CK_HASH_SHA1 || alg->hash == CK_HASH_MD2 ||
                    alg->hash == CK_HASH_MD4)) {
            if (weak.len)
                buf_puts(&weak, ", ");
            buf_printf(&weak, "%s (%s)", who(&c->cert, &a), ck_hash_name(alg->hash));
        }
    }
    if (weak.len)
        check(t, "sig-hash", ST_WARN, "signed with a weak hash below the root: %s - reissue with SHA-256",
              buf_cstr(&weak));
    else
        check(t, "sig-hash", ST_PASS, "no MD5 or SHA-1 signatures below the root");
    buf_free(&weak);
    /* CRLs */
    if (t->ncrl) {
        bool missing = false, bad = false, expired = false, revoked = false;
        for (unsigned i = 0; i + 1 < ch.n || (i < ch.n && i == ch.n - 1 && ch.n == 1); i++) {
            const ck_pile_cert *child = p->v[ch.certs[i]];
            const ck_pile_cert *ca = i + 1 < ch.n ? p->v[ch.certs[i + 1]] : child;
            const struct crl_item *found = NULL;
            for (size_t k = 0; k < t->ncrls; k++)
                if (x509_name_equal(&t->crls[k].crl.issuer, &ca->cert.subject)) {
                    ck_verify_result r = x509_crl_verify(&t->crls[k].crl, &ca->cert.pubkey, NULL, 0);
                    if (r == CK_VERIFY_VALID || r == CK_VERIFY_UNSUPPORTED) {
                        found = &t->crls[k];
                        break;
                    }
                    check(t, "crl-signature", ST_FAIL, "the CRL in %s names %s as issuer but is not signed by it - "
                          "get the CRL from that CA", cli_name(t->crls[k].file), who(&ca->cert, &a));
                    bad = true;
                }
            if (!found) {
                if (!bad)
                    check(t, "crl-present", ST_FAIL, "no CRL of %s (which issued %s) - add it with --crl",
                          who(&ca->cert, &a), who(&child->cert, &b));
                missing = true;
                continue;
            }
            const x509_crl *crl = &found->crl;
            if (crl->has_next_update && crl->next_update < t->now) {
                check(t, "crl-expired", ST_FAIL, "the CRL of %s expired %lld days ago; every certificate it covers "
                      "counts as revoked - publish a fresh CRL", who(&ca->cert, &a),
                      (long long)((t->now - crl->next_update) / 86400));
                expired = true;
            }
            /* is child revoked? */
            asn1_ctx ctx;
            asn1_ctx_init(&ctx, found->der, found->len);
            x509_crl_iter it;
            x509_crl_entry *ent = malloc(sizeof *ent);
            if (!ent)
                continue;
            x509_crl_iter_init(&it, &ctx, crl);
            while (x509_crl_next(&it, ent) == ASN1_OK) {
                if (ck_int_equal(ent->serial, child->cert.serial)) {
                    char when[32];
                    asn1_time_rfc3339(ent->date, when);
                    const char *rn = x509_crl_reason_name(ent->reason);
                    check(t, "revocation", ST_FAIL, "%s is revoked by %s since %.10s%s%s - it cannot be used",
                          who(&child->cert, &a), who(&ca->cert, &b), when, rn ? ", reason " : "", rn ? rn : "");
                    revoked = true;
                }
            }
            free(ent);
            if (ch.n == 1)
                break;
        }
        if (!missing && !bad)
            check(t, "crl-present", ST_PASS, "a CRL for every CA in the chain, each signed by its CA");
        if (!expired)
            check(t, "crl-expired", ST_PASS, "no CRL has expired");
        if (!revoked)
            check(t, "revocation", ST_PASS, "nothing in the chain is revoked");
        /* CRLs for CAs outside the chain */
        for (size_t k = 0; k < t->ncrls; k++) {
            bool used = false;
            for (unsigned i = 0; i < ch.n; i++)
                used |= x509_name_equal(&t->crls[k].crl.issuer, &p->v[ch.certs[i]]->cert.subject);
            if (!used) {
                buf_reset(&a);
                x509_name_rfc4514(&t->crls[k].crl.issuer, &a);
                check(t, "crl-unrelated", ST_WARN, "the CRL in %s is from \"%s\", outside the chain",
                      cli_name(t->crls[k].file), buf_cstr(&a));
            }
        }
    }
    buf_free(&a);
    buf_free(&b);
}

int main(int argc, char **argv)
{
    static tool t;
    cli_init(&t.cli, "certcheck", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_JSON, CLI_OPT_AT, CLI_OPT_PASS, CLI_OPT_OUTPUT,
        { "cert", required_argument, NULL, O_CERT },
        { "key", required_argument, NULL, O_KEY },
        { "ca", required_argument, NULL, O_CA },
        { "crl", required_argument, NULL, O_CRL },
        { "name", required_argument, NULL, O_NAME },
        { "cluster", required_argument, NULL, O_CLUSTER },
        { "peer", required_argument, NULL, O_PEER },
        { "peer-address", required_argument, NULL, O_PEER_ADDR },
        { "mutual", no_argument, NULL, O_MUTUAL },
        { "warn-days", required_argument, NULL, O_WARN_DAYS },
        { "pfx", required_argument, NULL, O_PFX },
        { "quiet", no_argument, NULL, 'q' },
        { NULL, 0, NULL, 0 },
    };
    int ch;
    t.warn_days = 30;
    t.server = -1;
    ck_pile_init(&t.pile);
    while ((ch = cli_getopt(&t.cli, argc, argv, "hVqo:", lo)) != -1) {
        switch (ch) {
        case O_CERT: t.cert_path = optarg; break;
        case O_KEY: t.key_path = optarg; break;
        case O_CA: t.ca_path = optarg; break;
        case O_CRL:
            if (t.ncrl == 32)
                cli_usage_error(&t.cli, "at most 32 --crl files");
            t.crl_paths[t.ncrl++] = optarg;
            break;
        case O_NAME: t.name = optarg; break;
        case O_CLUSTER: t.cluster = optarg; break;
        case O_PEER:
            if (t.npeers == MAX_NAMES)
                cli_usage_error(&t.cli, "at most %d --peer names", MAX_NAMES);
            t.peers[t.npeers++] = optarg;
            break;
        case O_PEER_ADDR: t.peer_addr = optarg; break;
        case O_MUTUAL: t.mutual = true; break;
        case O_WARN_DAYS: {
            char *end;
            long v = strtol(optarg, &end, 10);
            if (*end || v < 0 || v > 36500)
                cli_usage_error(&t.cli, "--warn-days wants a number of days, not \"%s\"", optarg);
            t.warn_days = v;
            break;
        }
        case O_PFX: t.pfx_path = optarg; break;
        case 'q': t.quiet = true; break;
        default: cli_usage_error(&t.cli, "unknown option");
        }
    }
    if (optind < argc)
        cli_usage_error(&t.cli, "unexpected operand \"%s\" (use --cert, --key, --ca)", argv[optind]);
    if (t.pfx_path && (t.cert_path || t.key_path || t.ca_path))
        cli_usage_error(&t.cli, "--pfx replaces --cert, --key and --ca");
    if (!t.pfx_path && (!t.cert_path || !t.key_path || !t.ca_path))
        cli_usage_error(&t.cli, "--cert, --key and --ca are required (or --pfx)");
    if (t.npeers && !t.cluster)
        cli_usage_error(&t.cli, "--peer goes with --cluster");
    if (t.npeers && t.name)
        cli_usage_error(&t.cli, "--name with --cluster is the per-peer model; --peer is for one certificate "
                        "for the cluster: choose one");
    t.now = t.cli.have_at ? t.cli.at : (int64_t)time(NULL);
    cli_out_open(&t.cli, 0);

    if (t.pfx_path) {
        load_pfx(&t);
        if (t.server < 0 || !t.have_key) {
            ck_privkey_free(&t.key);
            ck_pile_free(&t.pile);
            if (t.cli.status < CLI_BAD_DATA)
                cli_ferror(&t.cli, t.pfx_path, CLI_BAD_DATA, "nothing to check in this file");
            return cli_finish(&t.cli);
        }
        load_crls(&t);
        goto checks;
    }
    /* the server certificate */
    loaded lc = load_certs(&t, t.cert_path, CK_PILE_LEAF, true);
    if (lc.opened) {
        if (lc.der_seen)
            check(&t, "format-cert", ST_FAIL, "%s is DER; the upload wants PEM - run: der2pem %s > server.pem",
                  cli_name(t.cert_path), t.cert_path);
        else if (lc.objects > 1)
            check(&t, "format-cert", ST_WARN, "%s holds %u objects; the first certificate is the server's - "
                  "keep only it (the chain goes in the CA file)", cli_name(t.cert_path), lc.objects);
        else if (lc.objects == 1)
            check(&t, "format-cert", ST_PASS, "%s is PEM, one certificate", cli_name(t.cert_path));
    }
    if (t.server < 0) {
        if (t.cli.status < CLI_BAD_DATA)
            cli_ferror(&t.cli, t.cert_path, CLI_BAD_DATA, "no certificate in this file");
        return cli_finish(&t.cli);
    }
    /* keep only the server certificate from that file; the CA file brings the rest */
    for (size_t i = 0; i < t.pile.n; i++)
        if ((long)i != t.server)
            t.pile.v[i]->forced_leaf = false;
    loaded la = load_certs(&t, t.ca_path, 0, false);
    if (la.opened) {
        if (la.der_seen)
            check(&t, "format-ca", ST_FAIL, "%s is DER; the upload wants PEM - run: der2pem %s > ca.pem",
                  cli_name(t.ca_path), t.ca_path);
        else
            check(&t, "format-ca", ST_PASS, "%s is PEM, %u certificate%s", cli_name(t.ca_path), la.objects,
                  la.objects == 1 ? "" : "s");
    }
    load_key(&t);
    load_crls(&t);
    if (t.cli.status == CLI_BAD_DATA || t.cli.status == CLI_USAGE) {
        ck_privkey_free(&t.key);
        return cli_finish(&t.cli);
    }
checks:;
    const x509_cert *srv = &t.pile.v[t.server]->cert;
    if (t.have_key) {
        const ck_pubkey *pub = ck_privkey_public(&t.key);
        if (!pub)
            check(&t, "key-match", ST_WARN, "cannot derive the key's public part (%s)", t.key.pub_why);
        else if (ck_pubkey_equal(pub, &srv->pubkey))
            check(&t, "key-match", ST_PASS, "the key belongs to the certificate");
        else
            check(&t, "key-match", ST_FAIL, "the key does not belong to the certificate - find the key the CSR was "
                  "made with, or reissue from a CSR of this key");
    }
    check_naming(&t, srv);
    check_eku(&t, srv);
    check_chain(&t);
    if (!t.cli.json) {
        buf_printf(cli_outbuf(&t.cli), "certcheck: %u passed, %u warning%s, %u failed\n", t.counts[ST_PASS],
                   t.counts[ST_WARN], t.counts[ST_WARN] == 1 ? "" : "s", t.counts[ST_FAIL]);
    }
    ck_privkey_free(&t.key);
    for (size_t i = 0; i < t.ncrls; i++)
        free(t.crls[i].der);
    ck_pile_free(&t.pile);
    return cli_finish(&t.cli);
}
