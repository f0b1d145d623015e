/* crl.c - the CRL decoder (RFC 5280 5.1), zero-copy and streaming: the entries are
 * validated and counted in one pass and walked again by the iterator for printing. */
#include "x509/x509.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const reasons[] = {
    "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
    "cessationOfOperation", "certificateHold", NULL /* 7 is not used */, "removeFromCRL",
    "privilegeWithdrawn", "aACompromise",
};

const char *x509_crl_reason_name(int reason)
{
    if (reason < 0 || (size_t)reason >= sizeof reasons / sizeof reasons[0])
        return NULL;
    return reasons[reason];
}

/*
 * The fast path of read_entry, for the shapes nearly every CA writes (a CRL of a
 * million entries is read twice, so this matters): a definite minimal-length entry
 * with a minimal INTEGER serial, a valid UTCTime/GeneralizedTime that needs no
 * warning, and either no extensions or only these, recognised byte for byte:
 *   reasonCode      30 0a 06 03 55 1d 15 04 03 0a 01 RR      (RR a defined CRLReason)
 *   invalidityDate  30 18 06 03 55 1d 18 04 11 18 0f YYYYMMDDHHMMSSZ
 * Anything else (and anything that would give a warning or an error) returns false
 * before touching the cursor, and read_entry's general path takes over, so both
 * paths give the same result.
 */
static const uint8_t reason_der[11] = { 0x30, 0x0a, 0x06, 0x03, 0x55, 0x1d, 0x15, 0x04, 0x03, 0x0a, 0x01 };
static const uint8_t inval_der[11] = { 0x30, 0x18, 0x06, 0x03, 0x55, 0x1d, 0x18, 0x04, 0x11, 0x18, 0x0f };

/* A definite, minimal length at p (below end): the content length and header size. */
static bool fast_len(const uint8_t *p, const uint8_t *end, size_t *len, size_t *hl)
{
    if (end - p < 2)
        return false;
    if (p[1] < 0x80) {
        *len = p[1];
        *hl = 2;
    } else if (p[1] == 0x81 && end - p >= 3 && p[2] >= 0x80) {
        *len = p[2];
        *hl = 3;
    } else if (p[1] == 0x82 && end - p >= 4 && p[2] != 0) {
        *len = (size_t)p[2] << 8 | p[3];
        *hl = 4;
    } else {
        return false;
    }
    return *len <= (size_t)(end - p) - *hl;
}

/*
 * A UTCTime (13 characters) or GeneralizedTime (15) that asn1_time_decode accepts
 * without a warning.  Entries come in runs of the same day, so the date part last
 * validated is cached: then only HHMMSSZ is checked here, with the same rules.
 */
static _Thread_local struct {
    uint32_t tag;
    uint8_t date[8];
    int64_t day;
    bool valid;
} tcache;

static bool two_digits(const uint8_t *p, unsigned *v)
{
    if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9')
        return false;
    *v = (unsigned)(p[0] - '0') * 10 + (unsigned)(p[1] - '0');
    return true;
}

static bool fast_time(uint32_t tag, const uint8_t *p, size_t n, int64_t *t)
{
    size_t dl = tag == ASN1_UTCTIME ? 6 : 8;
    unsigned hh, mi, ss;
    if (tcache.valid && tcache.tag == tag && n == dl + 7 && memcmp(tcache.date, p, dl) == 0 &&
        two_digits(p + dl, &hh) && two_digits(p + dl + 2, &mi) && two_digits(p + dl + 4, &ss) &&
        p[dl + 6] == 'Z' && hh <= 23 && mi <= 59 && ss <= 59) {
        *t = tcache.day * 86400 + hh * 3600 + mi * 60 + ss;
        return true;
    }
    char why[8];
    bool lenient = false;
    if (asn1_time_decode(tag, span_make(p, n), t, &lenient, why, sizeof why) != ASN1_OK || lenient)
        return false;
    if (n == dl + 7) {              /* HHMMSSZ: the day is t's, the date part valid */
        tcache.tag = tag;
        memcpy(tcache.date, p, dl);
        tcache.day = (*t - (*t % 86400 + 86400) % 86400) / 86400;
        tcache.valid = true;
    }
    return true;
}

static bool fast_entry(der_t *list, uint64_t index, x509_crl_entry *e)
{
    const uint8_t *p = list->p, *end = list->end;
    size_t len, hl;
    if (list->depth + 4 > list->ctx->max_depth || p >= end || p[0] != 0x30 || !fast_len(p, end, &len, &hl))
        return false;
    const uint8_t *q = p + hl, *qe = q + len;
    /* userCertificate CertificateSerialNumber: short form, minimal */
    if (qe - q < 3 || q[0] != 0x02 || q[1] == 0 || q[1] >= 0x80 || q[1] > (size_t)(qe - q) - 2)
        return false;
    size_t sl = q[1];
    if (sl > 1 && ((q[2] == 0x00 && !(q[3] & 0x80)) || (q[2] == 0xff && (q[3] & 0x80))))
        return false;
    span_t serial = span_make(q + 2, sl);
    q += 2 + sl;
    /* revocationDate Time */
    if (qe - q < 2)
        return false;
    uint32_t ttag = q[0] == 0x17 ? ASN1_UTCTIME : ASN1_GENERALIZEDTIME;
    if (!((q[0] == 0x17 && q[1] == 13) || (q[0] == 0x18 && q[1] == 15)) || q[1] > (size_t)(qe - q) - 2)
        return false;
    int64_t date;
    if (!fast_time(ttag, q + 2, q[1], &date))
        return false;
    q += 2 + q[1];
    int reason = -1;
    bool has_inv = false;
    int64_t inv = 0;
    unsigned n = 0;
    const uint8_t *xs[2];
    bool present = false;
    if (q < qe) {
        /* crlEntryExtensions Extensions */
        size_t xl, xh;
        if (q[0] != 0x30 || !fast_len(q, qe, &xl, &xh) || q + xh + xl != qe || xl == 0)
            return false;
        present = true;
        q += xh;
        while (q < qe) {
            if (n == 2)
                return false;
            if (qe - q >= 12 && memcmp(q, reason_der, 11) == 0 && reason < 0) {
                if (q[11] > 10 || q[11] == 7)
                    return false;
                reason = q[11];
                xs[n++] = q;
                q += 12;
            } else if (qe - q >= 26 && memcmp(q, inval_der, 11) == 0 && !has_inv) {
                if (!fast_time(ASN1_GENERALIZEDTIME, q + 11, 15, &inv))
                    return false;
                has_inv = true;
                xs[n++] = q;
                q += 26;
            } else {
                return false;
            }
        }
    }
    /* accepted: fill the entry as the general path would */
    const uint8_t *base = list->ctx->base;
    e->der = span_make(p, hl + len);
    e->offset = (size_t)(p - base);
    e->index = index;
    e->serial = serial;
    e->date = date;
    e->reason = reason;
    e->has_invalidity_date = has_inv;
    e->invalidity_date = inv;
    e->cert_issuer = NULL;
    e->exts.n = n;
    e->exts.present = present;
    for (unsigned i = 0; i < n; i++) {
        x509_ext *x = &e->exts.v[i];
        bool is_reason = xs[i][6] == 0x15;
        size_t whole = is_reason ? 12 : 26;
        x->der = span_make(xs[i], whole);
        x->oid = span_make(xs[i] + 4, 3);
        x->id = is_reason ? OID_ce_cRLReasons : OID_ce_invalidityDate;
        x->critical = false;
        x->value = span_make(xs[i] + 9, whole - 9);
        x->offset = (size_t)(xs[i] - base);
        x->value_offset = x->offset + 9;
        x->index = i;
        x->malformed = false;
        x->known = true;
    }
    list->p = p + hl + len;
    list->count++;
    return true;
}

/*
 * revokedCertificates     SEQUENCE OF SEQUENCE  {
 *      userCertificate         CertificateSerialNumber,
 *      revocationDate          Time,
 *      crlEntryExtensions      Extensions OPTIONAL -- if present, version MUST be v2
 * }
 */
static asn1_err read_entry(der_t *list, uint64_t index, x509_crl_entry *e)
{
    if (fast_entry(list, index, e))
        return ASN1_OK;
    der_t ent;
    size_t at = der_offset(list);
    const uint8_t *start = list->p;
    TRY(der_enter(list, ASN1_SEQUENCE, NULL, &ent));
    e->der = span_make(start, (size_t)(list->p - start));
    e->offset = at;
    e->index = index;
    e->reason = -1;
    e->has_invalidity_date = false;
    e->cert_issuer = NULL;
    e->exts.n = 0;
    e->exts.present = false;
    TRY(der_read_int(&ent, "userCertificate", &e->serial));
    TRY(der_read_time(&ent, "revocationDate", &e->date));
    if (!der_empty(&ent)) {
        TRY(x509_exts_decode(&ent, "crlEntryExtensions", &e->exts));
        for (unsigned i = 0; i < e->exts.n; i++) {
            const x509_ext *x = &e->exts.v[i];
            if (x->malformed)
                continue;
            der_t v;
            asn1_elem el = { 0 };
            el.body = x->value;
            el.offset = x->value_offset;
            TRY(der_open(&ent, &el, "extnValue", -1, &v));
            /* a duplicated extension was warned about by x509_exts_decode: the first one counts */
            if (x->id == OID_ce_cRLReasons && e->reason < 0) {
                int64_t r;
                if (der_read_enum(&v, "", &r) == ASN1_OK && r >= 0 && r <= 10)
                    e->reason = (int)r;
                asn1_ctx_clear_error(list->ctx);
            } else if (x->id == OID_ce_invalidityDate && !e->has_invalidity_date) {
                if (der_read_time(&v, "", &e->invalidity_date) == ASN1_OK)
                    e->has_invalidity_date = true;
                asn1_ctx_clear_error(list->ctx);
            } else if (x->id == OID_ce_certificateIssuer && !e->cert_issuer) {
                e->cert_issuer = x;
            }
        }
    }
    return der_done(&ent);
}

/*
 * TBSCertList  ::=  SEQUENCE  {
 *      version                 Version OPTIONAL, -- if present, MUST be v2
 *      signature               AlgorithmIdentifier,
 *      issuer                  Name,
 *      thisUpdate              Time,
 *      nextUpdate              Time OPTIONAL,
 *      revokedCertificates     SEQUENCE OF SEQUENCE {...} OPTIONAL,
 *      crlExtensions           [0]  EXPLICIT Extensions OPTIONAL }
 */
typedef void (*release_fn)(void *arg, const uint8_t *upto);
static asn1_err crl_decode(asn1_ctx *ctx, span_t der, x509_crl *out, release_fn release, void *arg);

asn1_err x509_crl_decode(asn1_ctx *ctx, span_t der, x509_crl *out)
{
    return x509_crl_decode_ex(ctx, der, out, NULL, NULL);
}

asn1_err x509_crl_decode_ex(asn1_ctx *ctx, span_t der, x509_crl *out, release_fn release, void *arg)
{
    asn1_err e = crl_decode(ctx, der, out, release, arg);
    if (e != ASN1_OK && ctx->err.path[0] == '\0')
        memcpy(ctx->err.path, "CertificateList", sizeof "CertificateList");
    return e;
}

static asn1_err crl_decode(asn1_ctx *ctx, span_t der, x509_crl *out, release_fn release, void *arg)
{
    der_t root, crl, tbs;
    memset(out, 0, sizeof *out);
    asn1_ctx_reset(ctx, der.p, der.len);
    der_init(&root, ctx, NULL);
    out->der = der;
    TRY(der_enter(&root, ASN1_SEQUENCE, "", &crl));
    const uint8_t *tbs_start = crl.p;
    TRY(der_enter(&crl, ASN1_SEQUENCE, "tbsCertList", &tbs));
    out->tbs = span_make(tbs_start, (size_t)(crl.p - tbs_start));

    /* version                 Version OPTIONAL */
    out->version = 1;
    if (der_peek(&tbs, ASN1_INTEGER)) {
        int64_t v;
        size_t at = der_offset(&tbs);
        TRY(der_read_int64(&tbs, "version", &v));
        if (v != 1)
            return der_fail(&tbs, at, "version", ASN1_E_VALUE, "CRL version %lld; only v2 (1) may be encoded",
                            (long long)v);
        out->version = 2;
    }
    /* signature               AlgorithmIdentifier */
    TRY(x509_alg_decode(&tbs, "signature", &out->tbs_sig_alg));
    /* issuer                  Name */
    TRY(x509_name_decode(&tbs, "issuer", &out->issuer));
    /* thisUpdate              Time */
    TRY(der_read_time(&tbs, "thisUpdate", &out->this_update));
    /* nextUpdate              Time OPTIONAL */
    uint32_t tag;
    if (der_peek_tag(&tbs, &tag) && (tag == ASN1_UTCTIME || tag == ASN1_GENERALIZEDTIME)) {
        TRY(der_read_time(&tbs, "nextUpdate", &out->next_update));
        out->has_next_update = true;
    }
    /* revokedCertificates     SEQUENCE OF SEQUENCE {...} OPTIONAL */
    der_t list;
    bool present;
    size_t list_at = der_offset(&tbs);
    TRY(der_enter_opt(&tbs, ASN1_SEQUENCE, "revokedCertificates", &list, &present));
    if (present) {
        out->has_revoked = true;
        out->revoked = span_make(list.p, der_left(&list));
        out->revoked_offset = der_offset(&list);
        x509_crl_entry *e = malloc(sizeof *e);
        if (!e)
            return asn1_fail_at(ctx, list_at, "tbsCertList.revokedCertificates", ASN1_E_NOMEM, "out of memory");
        asn1_err r = ASN1_OK;
        while (r == ASN1_OK && !der_empty(&list)) {
            r = read_entry(&list, out->revoked_count, e);
            if (r == ASN1_OK && e->exts.present && out->version < 2)
                r = der_warn(&list, e->offset, NULL, "entry extensions in a v1 CRL (RFC 5280 5.1.2.6)");
            out->revoked_count++;
            if (release && out->revoked_count % X509_CRL_RELEASE_EVERY == 0)
                release(arg, list.p);
        }
        free(e);
        TRY(r);
        if (out->revoked_count == 0)
            TRY(der_warn(&tbs, list_at, "revokedCertificates",
                         "empty revokedCertificates; RFC 5280 5.1.2.6 says omit it"));
    }
    /* crlExtensions           [0]  EXPLICIT Extensions OPTIONAL */
    der_t exts;
    size_t ext_at = der_offset(&tbs);
    TRY(der_enter_opt(&tbs, ASN1_CTX_C(0), "crlExtensions", &exts, &present));
    if (present) {
        TRY(x509_exts_decode(&exts, "", &out->exts));
        TRY(der_done(&exts));
        if (out->version < 2)
            TRY(der_warn(&tbs, ext_at, "crlExtensions", "extensions in a v1 CRL (RFC 5280 5.1.2.1)"));
    }
    TRY(der_done(&tbs));
    TRY(x509_alg_decode(&crl, "signatureAlgorithm", &out->sig_alg));
    TRY(der_read_bits(&crl, "signatureValue", &out->sig, &out->sig_unused));
    TRY(der_done(&crl));
    TRY(der_done(&root));
    if (!span_eq(out->sig_alg.der, out->tbs_sig_alg.der))
        TRY(asn1_warn_at(ctx, out->sig_alg.offset, "signatureAlgorithm",
                         "differs from tbsCertList.signature (RFC 5280 5.1.1.2)"));
    /* convenience */
    for (unsigned i = 0; i < out->exts.n; i++) {
        const x509_ext *x = &out->exts.v[i];
        if (x->malformed)
            continue;
        asn1_ctx sub;
        asn1_ctx_init(&sub, ctx->base, ctx->base_len);
        der_t v;
        der_init_span(&v, &sub, x->value, "extnValue");
        asn1_err r = ASN1_OK;     /* a malformed value was reported by x509_exts_decode */
        if (x->id == OID_ce_cRLNumber)
            r = der_read_int(&v, "", &out->crl_number);
        else if (x->id == OID_ce_deltaCRLIndicator)
            r = der_read_int(&v, "", &out->delta_base);
        else if (x->id == OID_ce_authorityKeyIdentifier)
            r = x509_ext_aki(x, &sub, &out->aki);
        if (r != ASN1_OK)
            memset(x->id == OID_ce_cRLNumber ? &out->crl_number : x->id == OID_ce_deltaCRLIndicator ? &out->delta_base : &out->aki, 0, sizeof(span_t));
    }
    return ASN1_OK;
}

void x509_crl_iter_init(x509_crl_iter *it, asn1_ctx *ctx, const x509_crl *crl)
{
    der_init_span(&it->parent, ctx, span_make(crl->tbs.p, crl->tbs.len), "tbsCertList");
    /* no revokedCertificates: an empty span that still points into the CRL (no NULL + 0) */
    span_t list = crl->revoked.p ? crl->revoked : span_make(crl->tbs.p + crl->tbs.len, 0);
    der_init_span(&it->list, ctx, list, "revokedCertificates");
    it->list.parent = &it->parent;
    it->list.depth = 2;
    it->index = 0;
    it->release = NULL;
    it->release_arg = NULL;
}

asn1_err x509_crl_next(x509_crl_iter *it, x509_crl_entry *e)
{
    if (der_empty(&it->list))
        return ASN1_E_NOTFOUND;
    it->list.count = (unsigned)it->index;
    TRY(read_entry(&it->list, it->index, e));
    it->index++;
    if (it->release && it->index % X509_CRL_RELEASE_EVERY == 0)
        it->release(it->release_arg, it->list.p);
    return ASN1_OK;
}

ck_verify_result x509_crl_verify(const x509_crl *crl, const ck_pubkey *issuer_key, char *detail, size_t n)
{
    if (crl->sig_unused != 0) {
        if (detail && n)
            detail[0] = '\0';
        return CK_VERIFY_INVALID;
    }
    return ck_verify(crl->tbs, crl->sig_alg.oid, crl->sig_alg.params, crl->sig, issuer_key, detail, n);
}

/* The TBS is hashed in pieces this large, release called behind each. */
#define TBS_PIECE (1u << 20)

ck_verify_result x509_crl_tbs_digest(const x509_crl *crl, ck_hash *h, uint8_t *digest, size_t *dlen,
                                     void (*release)(void *arg, const uint8_t *upto), void *arg,
                                     char *detail, size_t n)
{
    *dlen = 0;
    ck_verify_result r = ck_sig_alg_hash(crl->sig_alg.oid, crl->sig_alg.params, h, detail, n);
    if (r != CK_VERIFY_VALID || *h == CK_HASH_NONE)
        return r;
    ck_hash_ctx c;
    if (ck_hash_init(&c, *h) != ASN1_OK)
        return CK_VERIFY_ERROR;
    for (size_t off = 0; off < crl->tbs.len; off += TBS_PIECE) {
        size_t k = crl->tbs.len - off < TBS_PIECE ? crl->tbs.len - off : TBS_PIECE;
        ck_hash_update(&c, crl->tbs.p + off, k);
        if (release)
            release(arg, crl->tbs.p + off + k);
    }
    if (ck_hash_final(&c, digest) != ASN1_OK) {
        if (detail && n)
            snprintf(detail, n, "the %s digest of the TBS could not be computed", ck_hash_name(*h));
        return CK_VERIFY_ERROR;
    }
    *dlen = ck_hash_len(*h);
    return CK_VERIFY_VALID;
}

ck_verify_result x509_crl_verify_digest(const x509_crl *crl, ck_hash h, const uint8_t *digest, size_t dlen,
                                        const ck_pubkey *issuer_key, char *detail, size_t n)
{
    if (crl->sig_unused != 0) {
        if (detail && n)
            detail[0] = '\0';
        return CK_VERIFY_INVALID;
    }
    return ck_verify_digest(h, digest, dlen, crl->sig_alg.oid, crl->sig_alg.params, crl->sig, issuer_key,
                            detail, n);
}
