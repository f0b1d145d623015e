/*
 * crldump - CRLs (v1, v2; PEM, DER), decoded in full: text for people, --json (JSON
 * Lines, SPEC.md schema), -f FIELD,... (tab-separated).  The revoked entries are
 * streamed from the decoder to the output (a CRL with a million entries prints in a
 * few MiB).  --issuer CAFILE checks the CRL's signature with its issuer's key;
 * --cert FILE says whether those certificates are on the CRL (one pass over the
 * entries for all of them).  Exit 3 when a signature is invalid or a certificate is
 * revoked.
 */
#include "tools/cli.h"
#include "tools/cli_dump.h"
#include "tools/cli_skip.h"
#include "x509/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

static const char usage[] =
    "usage: crldump [options] [FILE...]\n"
    "Decodes certificate revocation lists (PEM, DER, base64 lines).\n"
    "  -i, --inform pem|der|b64  force the input encoding (default: detected)\n"
    "  -o, --output FILE         write to FILE (atomically) instead of standard output\n"
    "      --json                JSON Lines: one object per CRL (and per --cert check)\n"
    "      --pem                 add the CRL as PEM (JSON \"pem\"; after the text)\n"
    "  -f, --fields F[,F...]     print only these fields (JSON names, dots for nesting),\n"
    "                            tab-separated, one line per CRL\n"
    "      --no-entries          leave the list of revoked certificates out\n"
    "      --issuer CAFILE       check the CRL's signature with the key of the certificate\n"
    "                            in CAFILE whose subject is the CRL's issuer\n"
    "      --cert FILE           say whether the certificates in FILE are revoked\n"
    "                            (repeatable; PEM, DER, bundles, PKCS#7)\n"
    "      --at TIME             evaluate expiry at TIME (RFC 3339 or YYYY-MM-DD)\n"
    "      --strict              DER rule violations are errors, not warnings\n"
    "  -h, --help                this help\n"
    "  -V, --version             the version\n"
    "Exit: 0 ok, 1 bad data, 2 usage or I/O error, 3 a signature is invalid or a\n"
    "certificate is revoked.\n";

enum { O_NO_ENTRIES = CLI_OPT_TOOL, O_ISSUER, O_CERT };

/* A certificate read from --issuer or --cert: an owned copy, decoded fields spanning it. */
typedef struct held {
    uint8_t *der;
    size_t len;
    x509_name subject, issuer;
    span_t serial;
    span_t ski;
    bool has_key_usage;
    uint16_t key_usage;
    ck_pubkey key;
    const char *source;
    size_t index;
} held_t;

typedef struct heldlist {
    held_t *v;
    size_t n, cap;
} heldlist;

typedef struct run {
    cli_t cli;
    bool no_entries;
    const char *issuer_file;
    const char **cert_files;
    size_t ncert_files;
    heldlist cas, certs;
    x509_revocation *q;     /* one per certs.v[i] */
    x509_select *sel;
    asn1_ctx ctx;
    x509_crl crl;
    cli_skip skip;          /* objects of other kinds */
    size_t index;           /* CRLs met in the current input */
} run_t;

/* ---------------------------------------------------- certificates held */

typedef struct load_arg {
    run_t *r;
    heldlist *list;
    const input_t *in;
    const in_pos *pos;
    size_t count;           /* certificates in this file */
} load_arg;

static asn1_err hold_one(load_arg *a, span_t der)
{
    static x509_cert cert;
    static asn1_ctx ctx;
    heldlist *l = a->list;
    if (l->n == l->cap) {
        size_t nc = l->cap ? l->cap * 2 : 8;
        held_t *nv = realloc(l->v, nc * sizeof *nv);
        if (!nv)
            return ASN1_E_NOMEM;
        l->v = nv;
        l->cap = nc;
    }
    held_t *h = &l->v[l->n];
    memset(h, 0, sizeof *h);
    h->der = malloc(der.len ? der.len : 1);
    if (!h->der)
        return ASN1_E_NOMEM;
    memcpy(h->der, der.p, der.len);
    h->len = der.len;
    asn1_ctx_init(&ctx, h->der, h->len);
    size_t index = a->count++;
    if (x509_cert_decode(&ctx, span_make(h->der, h->len), &cert) != ASN1_OK) {
        cli_diag(&a->r->cli, a->in->name, a->pos, &ctx.err, false);
        free(h->der);
        return ASN1_OK;             /* reported; the other certificates still count */
    }
    h->subject = cert.subject;
    h->issuer = cert.issuer;
    h->serial = cert.serial;
    h->ski = cert.ski;
    h->has_key_usage = cert.has_key_usage;
    h->key_usage = cert.key_usage;
    h->key = cert.pubkey;
    h->source = a->in->name;
    h->index = index;
    l->n++;
    return ASN1_OK;
}

static asn1_err p7_one(void *arg, span_t cert, size_t offset, size_t index)
{
    (void)offset;
    (void)index;
    return hold_one(arg, cert);
}

/* Reads every certificate of a file (PEM, DER, bundles, PKCS#7) into list. */
static void load_certs(run_t *r, const char *path, heldlist *list, const char *opt)
{
    cli_t *c = &r->cli;
    input_t in;
    int err = input_open(&in, path, IN_FORM_AUTO);
    if (err != 0) {
        cli_ferror(c, path, CLI_USAGE, "cannot open (%s): %s", opt, strerror(err));
        exit(cli_finish(c));
    }
    load_arg a = { r, list, &in, NULL, 0 };
    int status_before = c->status;         /* a file whose only object was reported bad needs no second line */
    while (cli_next_object(c, &in)) {
        a.pos = &in.obj.pos;
        asn1_err e = ASN1_OK;
        switch (asn1_classify(in.obj.der)) {
        case KIND_CERTIFICATE:
            e = hold_one(&a, in.obj.der);
            break;
        case KIND_PKCS7: {
            asn1_ctx p7;
            asn1_ctx_init(&p7, in.obj.der.p, in.obj.der.len);
            e = pkcs7_certs_each(&p7, in.obj.der, p7_one, &a);
            if (e != ASN1_OK && e != ASN1_E_NOMEM) {
                cli_diag(c, in.name, &in.obj.pos, &p7.err, false);
                e = ASN1_OK;
            }
            break;
        }
        default:
            break;                  /* keys, CRLs... beside the certificates: not ours here */
        }
        if (e == ASN1_E_NOMEM) {
            cli_error(c, CLI_USAGE, "out of memory");
            exit(cli_finish(c));
        }
    }
    input_close(&in);
    if (a.count == 0 && c->status == status_before)
        cli_ferror(c, path, CLI_BAD_DATA, "%s: no certificate in this file", opt);
}

static void free_held(heldlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].der);
    free(l->v);
}

/* ------------------------------------------------------------- one CRL */

static void flush_out(void *arg)
{
    cli_out_check(arg);
}

/*
 * The certificate in --issuer whose subject is the CRL's issuer and whose key
 * verifies the CRL: those whose SKI is the CRL's AKI first, then the others with
 * that subject.  When none verifies, the first candidate and its result.
 * The TBS is hashed once, in pieces, before the first candidate, with release
 * (NULL, or the mapping's: see mapped_t) called behind each piece, so a CRL of a
 * million entries is checked in a few MiB; the candidates' keys then check that
 * one digest.  Ed25519 (which cannot be prehashed), and algorithms whose digest
 * cannot be computed, take x509_crl_verify, which says why.
 */
static const held_t *check_signature(run_t *r, const x509_crl *crl, void (*release)(void *, const uint8_t *),
                                     void *release_arg, ck_verify_result *res, char *detail, size_t n)
{
    const held_t *first = NULL;
    bool digested = false;
    ck_verify_result dres = CK_VERIFY_ERROR;
    ck_hash hash = CK_HASH_NONE;
    uint8_t digest[CK_HASH_MAX_LEN];
    size_t dlen = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < r->cas.n; i++) {
            const held_t *h = &r->cas.v[i];
            bool keyid = crl->aki.len && h->ski.len && span_eq(crl->aki, h->ski);
            if (keyid != (pass == 0) || !x509_name_equal(&h->subject, &crl->issuer))
                continue;
            if (!digested) {
                dres = x509_crl_tbs_digest(crl, &hash, digest, &dlen, release, release_arg, NULL, 0);
                digested = true;
            }
            char d[256] = "";
            ck_verify_result v = dres == CK_VERIFY_VALID && hash != CK_HASH_NONE
                                     ? x509_crl_verify_digest(crl, hash, digest, dlen, &h->key, d, sizeof d)
                                     : x509_crl_verify(crl, &h->key, d, sizeof d);
            if (!first || v == CK_VERIFY_VALID) {
                first = h;
                *res = v;
                snprintf(detail, n, "%s", d);
            }
            if (v == CK_VERIFY_VALID)
                return h;
        }
    }
    return first;
}

/* ------------------------------------------------------- mapped input */

/*
 * A large DER file is mapped rather than read: the decoder's spans point into the
 * mapping, and the walks over the entries tell (release) which bytes they are done
 * with, so those pages are dropped (MADV_DONTNEED: a read-only private file mapping
 * reads them back from the page cache if they are needed again).  Resident memory
 * then stays at a few MiB whatever the size of the CRL.
 */
typedef struct mapped {
    const uint8_t *base;
    size_t len;
    size_t lo;              /* released up to here in the current walk */
    size_t page;
} mapped_t;

static void map_release(void *arg, const uint8_t *upto)
{
    mapped_t *m = arg;
    size_t off = (size_t)(upto - m->base);
    if (off > m->len)
        off = m->len;
    off &= ~(m->page - 1);
    if (off < m->lo)
        m->lo = 0;                  /* a new walk started from the beginning */
    if (off > m->lo) {
        (void)madvise((void *)(m->base + m->lo), off - m->lo, MADV_DONTNEED);
        m->lo = off;
    }
}

static void print_checks(run_t *r, const char *name, const in_pos *pos, const x509_crl *crl, bool expired,
                         mapped_t *m)
{
    cli_t *c = &r->cli;
    buf_t *out = cli_outbuf(c);
    if (x509_crl_lookup_ex(crl, &r->ctx, r->q, r->certs.n, m ? map_release : NULL, m) != ASN1_OK) {
        cli_diag(c, name, pos, &r->ctx.err, false);
        return;
    }
    char ts[32];
    for (size_t i = 0; i < r->certs.n; i++) {
        const held_t *h = &r->certs.v[i];
        const x509_revocation *q = &r->q[i];
        const char *rn = q->listed ? x509_crl_reason_name(q->reason) : NULL;
        bool removed = q->listed && q->reason == 8;         /* removeFromCRL (delta CRLs) */
        bool revoked = q->listed && !removed;
        const char *status = !q->covered ? "not_covered"
                             : revoked   ? "revoked"
                             : removed   ? "removed_from_crl"
                             : expired   ? "crl_expired"
                                         : "not_revoked";
        if (q->covered && (revoked || expired))
            cli_status(c, CLI_CHECK_FAILED);
        if (c->json) {
            json_t j;
            json_init(&j, out);
            json_obj_begin(&j);
            json_kstr(&j, "type", "revocation_check");
            json_kstr(&j, "cert", h->source);
            json_kint(&j, "index", (int64_t)h->index);
            json_key(&j, "serial");
            buf_t hx = BUF_INIT;
            asn1_int_hex(h->serial, &hx);
            json_strn(&j, hx.p ? hx.p : "", hx.len);
            buf_free(&hx);
            json_kbool(&j, "revoked", revoked);
            json_key(&j, "reason");
            if (q->listed && rn)
                json_str(&j, rn);
            else
                json_null(&j);
            json_key(&j, "date");
            if (q->listed) {
                asn1_time_rfc3339(q->date, ts);
                json_str(&j, ts);
            } else {
                json_null(&j);
            }
            json_key(&j, "invalidity_date");
            if (q->listed && q->has_invalidity_date) {
                asn1_time_rfc3339(q->invalidity_date, ts);
                json_str(&j, ts);
            } else {
                json_null(&j);
            }
            json_kbool(&j, "covered", q->covered);
            json_kbool(&j, "crl_expired", expired);
            json_kstr(&j, "status", status);
            json_obj_end(&j);
            buf_putc(out, '\n');
            continue;
        }
        buf_puts(out, "revocation: ");
        buf_puts(out, cli_name(h->source));
        buf_puts(out, " #");
        buf_u64(out, h->index);
        buf_puts(out, " (serial ");
        asn1_int_hex(h->serial, out);
        buf_puts(out, ", ");
        x509_name_rfc4514(&h->subject, out);
        buf_puts(out, "): ");
        if (!q->covered) {
            buf_puts(out, "not covered by this CRL (issuer ");
            x509_name_rfc4514(&h->issuer, out);
            buf_puts(out, ", CRL issuer ");
            x509_name_rfc4514(&crl->issuer, out);
            buf_putc(out, ')');
        } else if (revoked) {
            asn1_time_rfc3339(q->date, ts);
            buf_puts(out, "REVOKED on ");
            buf_puts(out, ts);
            buf_puts(out, rn ? ", reason " : ", no reason given");
            if (rn)
                buf_puts(out, rn);
            if (q->has_invalidity_date) {
                asn1_time_rfc3339(q->invalidity_date, ts);
                buf_puts(out, ", invalid since ");
                buf_puts(out, ts);
            }
        } else if (removed) {
            buf_puts(out, "not revoked (removed from the CRL: removeFromCRL)");
        } else if (expired) {
            buf_puts(out, "not listed, but the CRL has expired: it counts as revoked");
        } else {
            buf_puts(out, "not revoked");
        }
        buf_putc(out, '\n');
    }
    cli_out_check(c);
}

/* The certdump-style output of one CRL (tools/cli_dump.c). */
static void describe(const void *obj, x509_sink *s, const void *info)
{
    x509_crl_describe(obj, s, info);
}

static void text(const void *obj, buf_t *out, const void *info)
{
    x509_crl_text(obj, out, info);
}

static void one_crl(run_t *r, const char *name, const in_pos *pos, span_t der, mapped_t *m)
{
    cli_t *c = &r->cli;
    size_t index = r->index++;
    r->ctx.strict = c->strict;
    asn1_err e = x509_crl_decode_ex(&r->ctx, der, &r->crl, m ? map_release : NULL, m);
    if (e != ASN1_OK) {
        if (r->ctx.err.code == ASN1_OK)
            asn1_fail_at(&r->ctx, 0, "CertificateList", e, "%s", asn1_err_name(e));
        cli_diag(c, name, pos, &r->ctx.err, false);
        cli_status(c, CLI_BAD_DATA);
        return;
    }
    if (cli_report_ctx(c, name, pos, &r->ctx) != CLI_OK)
        return;                                     /* --strict turned a warning into an error */
    const x509_crl *crl = &r->crl;

    ck_verify_result sig = CK_VERIFY_ERROR;
    char detail[256] = "";
    const held_t *signer = NULL;
    if (r->issuer_file) {
        signer = check_signature(r, crl, m ? map_release : NULL, m, &sig, detail, sizeof detail);
        if (!signer)
            snprintf(detail, sizeof detail, "%s holds no certificate with this issuer as subject",
                     cli_name(r->issuer_file));
    }

    bool expired = x509_crl_expired(crl, c->at);
    x509_crl_info info = {
        .source = name,
        .index = index,
        .at = c->at,
        .pem = c->pem,
        .no_entries = r->no_entries,
        .ctx = &r->ctx,
        .sig_checked = r->issuer_file != NULL,
        .sig = sig,
        .sig_issuer = signer ? &signer->subject : NULL,
        .sig_detail = detail,
        .flush = flush_out,
        .flush_arg = c,
        .release = m ? map_release : NULL,
        .release_arg = m,
        .openssl_names = r->sel != NULL,
    };
    if (r->sel)
        info.flush = NULL;      /* one line: nothing to write before its end */
    static const cli_dumper dumper = { describe, text, "X509 CRL" };
    cli_dump_one(c, &dumper, r->sel, crl, &info, der);

    if (expired) {
        char ts[32];
        asn1_time_rfc3339(crl->next_update, ts);
        int64_t d = (c->at - crl->next_update) / 86400;
        cli_perror(c, name, pos, CLI_OK,
                   "warning: the CRL expired %s (%lld day%s ago): every certificate of its CA counts as revoked",
                   ts, (long long)d, d == 1 ? "" : "s");
    }
    if (r->issuer_file) {
        buf_t nm = BUF_INIT;
        if (!signer) {
            x509_name_rfc4514(&crl->issuer, &nm);
            cli_perror(c, name, pos, CLI_CHECK_FAILED,
                       "signature: cannot check: %s holds no certificate whose subject is %s",
                       cli_name(r->issuer_file), buf_cstr(&nm));
        } else if (sig == CK_VERIFY_VALID && signer->has_key_usage && !(signer->key_usage & (1u << 6))) {
            x509_name_rfc4514(&signer->subject, &nm);
            cli_perror(c, name, pos, CLI_CHECK_FAILED,
                       "signature: valid, but the issuer %s may not sign CRLs: its keyUsage lacks cRLSign "
                       "(RFC 5280 4.2.1.3)", buf_cstr(&nm));
        } else if (sig != CK_VERIFY_VALID) {
            x509_name_rfc4514(&signer->subject, &nm);
            cli_perror(c, name, pos,
                       sig == CK_VERIFY_INVALID ? CLI_CHECK_FAILED
                       : sig == CK_VERIFY_UNSUPPORTED ? CLI_CHECK_FAILED : CLI_BAD_DATA,
                       "signature: %s (issuer %s)%s%s",
                       sig == CK_VERIFY_INVALID ? "INVALID" : "cannot verify", buf_cstr(&nm),
                       detail[0] ? ": " : "", detail);
        }
        buf_free(&nm);
    }
    if (r->certs.n)
        print_checks(r, name, pos, crl, expired, m);
}

/*
 * A regular file of at least MAP_MIN bytes that holds exactly one DER element is
 * mapped (see mapped_t).  False when the file is anything else: the caller reads it
 * through the input layer, which says what is wrong with it.
 */
#define MAP_MIN (4u << 20)

static bool one_mapped(run_t *r, const char *path)
{
    cli_t *c = &r->cli;
    if (strcmp(path, "-") == 0 || (c->inform != IN_FORM_AUTO && c->inform != IN_FORM_DER))
        return false;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return false;
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < (off_t)MAP_MIN ||
        (uint64_t)st.st_size > ASN1_DEFAULT_MAX_OBJECT + 16u) {
        close(fd);
        return false;
    }
    size_t len = (size_t)st.st_size;
    void *p = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (p == MAP_FAILED)
        return false;
    uint64_t total = 0;
    const char *why = NULL;
    if (((const uint8_t *)p)[0] != 0x30 ||
        ber_frame(p, len, ASN1_DEFAULT_MAX_DEPTH, &total, &why) != ASN1_OK || total != len) {
        munmap(p, len);
        return false;
    }
    (void)madvise(p, len, MADV_SEQUENTIAL);
    mapped_t m = { p, len, 0, (size_t)sysconf(_SC_PAGESIZE) };
    in_pos pos;
    memset(&pos, 0, sizeof pos);
    pos.form = IN_FORM_DER;
    r->index = 0;
    asn1_kind kind = asn1_classify(span_make(p, len));
    if (kind == KIND_CRL || kind == KIND_UNKNOWN) {
        one_crl(r, path, &pos, span_make(p, len), &m);
    } else {
        input_t in;                 /* only its name is used for the message */
        in_obj o;
        memset(&o, 0, sizeof o);
        in.name = path;
        o.der = span_make(p, len);
        o.label = "";
        o.headers = "";
        o.pos = pos;
        cli_skip_other(c, &r->skip, &in, &o, kind, 0);
        cli_skip_flush(c, &r->skip, &in, 0);
    }
    munmap(p, len);
    return true;
}

/* True when a -f list asks for the entries ("revoked" or "revoked.…"). */
static bool fields_want_entries(const char *f)
{
    const char *p = f;
    while (*p) {
        while (*p == ' ' || *p == ',')
            p++;
        size_t n = strcspn(p, ",");
        if ((n >= 7 && strncmp(p, "revoked", 7) == 0) && (n == 7 || p[7] == '.'))
            return true;
        p += n;
    }
    return false;
}

/* No label (DER, base64 lines) or a label of this tool's kind. */
static bool own_label(const char *label)
{
    return label[0] == '\0' || asn1_kind_from_label(label) == KIND_CRL;
}

int main(int argc, char **argv)
{
    static run_t r;
    cli_t *c = &r.cli;
    cli_init(c, "crldump", usage);
    static const struct option lo[] = {
        CLI_OPT_HELP, CLI_OPT_VERSION, CLI_OPT_INFORM, CLI_OPT_OUTPUT, CLI_OPT_STRICT,
        CLI_OPT_JSON, CLI_OPT_PEM, CLI_OPT_FIELDS, CLI_OPT_AT,
        { "no-entries", no_argument, NULL, O_NO_ENTRIES },
        { "issuer", required_argument, NULL, O_ISSUER },
        { "cert", required_argument, NULL, O_CERT },
        { NULL, 0, NULL, 0 },
    };
    static const char *cert_files[256];
    int ch;
    while ((ch = cli_getopt(c, argc, argv, "hVi:o:f:", lo)) != -1) {
        switch (ch) {
        case O_NO_ENTRIES:
            r.no_entries = true;
            break;
        case O_ISSUER:
            if (r.issuer_file)
                cli_usage_error(c, "--issuer may be given once (put every CA in one file)");
            r.issuer_file = optarg;
            break;
        case O_CERT:
            if (r.ncert_files == sizeof cert_files / sizeof cert_files[0])
                cli_usage_error(c, "too many --cert options (put the certificates in one file)");
            cert_files[r.ncert_files++] = optarg;
            break;
        default:
            cli_usage_error(c, "unexpected option");
        }
    }
    r.cert_files = cert_files;
    if (!c->have_at)
        c->at = (int64_t)time(NULL);
    r.sel = cli_dump_fields(c, x509_crl_fields);
    if (r.sel && !fields_want_entries(c->fields))
        r.no_entries = true;                        /* no need to walk them */
    cli_out_open(c, 0);
    if (r.issuer_file)
        load_certs(&r, r.issuer_file, &r.cas, "--issuer");
    for (size_t i = 0; i < r.ncert_files; i++)
        load_certs(&r, r.cert_files[i], &r.certs, "--cert");
    if (r.certs.n) {
        r.q = calloc(r.certs.n, sizeof *r.q);
        if (!r.q) {
            cli_error(c, CLI_USAGE, "out of memory");
            return cli_finish(c);
        }
        for (size_t i = 0; i < r.certs.n; i++) {
            r.q[i].issuer = &r.certs.v[i].issuer;
            r.q[i].serial = r.certs.v[i].serial;
        }
    }
    asn1_ctx_init(&r.ctx, NULL, 0);
    r.skip.what = "CRL";

    const char *path;
    for (int k = 0; (path = cli_operand(argc, argv, k)); k++) {
        if (one_mapped(&r, path))
            continue;
        input_t in;
        if (!cli_input_open(c, &in, path))
            continue;
        r.index = 0;
        while (cli_next_object(c, &in)) {
            asn1_kind kind = asn1_classify(in.obj.der);
            /* an unrecognised structure where a CRL should be: decoded anyway, so
             * that the decoder says what is wrong, and where */
            if (kind == KIND_CRL || (kind == KIND_UNKNOWN && own_label(in.obj.label)))
                one_crl(&r, in.name, &in.obj.pos, in.obj.der, NULL);
            else
                cli_skip_other(c, &r.skip, &in, &in.obj, kind, r.index);
            if (r.skip.npending && r.index > 0)
                cli_skip_flush(c, &r.skip, &in, r.index);
        }
        cli_skip_flush(c, &r.skip, &in, r.index);
        input_close(&in);
    }
    x509_select_free(r.sel);
    free(r.q);
    free_held(&r.cas);
    free_held(&r.certs);
    return cli_finish(c);
}
