/*
 * crl_lookup.c - is this certificate on that CRL?  The serials of the certificates
 * asked about are sorted once; one pass over the entries then does a binary search
 * per entry: O((entries + n) log n), no list of entries in memory.
 */
#include "x509/ext_impl.h"

#include <stdlib.h>
#include <string.h>

/* An INTEGER's content without redundant leading octets (00 before a byte < 0x80,
 * ff before a byte >= 0x80), so that non-minimal encodings compare equal. */
static span_t canon(span_t v)
{
    while (v.len > 1 && ((v.p[0] == 0x00 && !(v.p[1] & 0x80)) || (v.p[0] == 0xff && (v.p[1] & 0x80)))) {
        v.p++;
        v.len--;
    }
    return v;
}

static int cmp_serial(span_t a, span_t b)
{
    if (a.len != b.len)
        return a.len < b.len ? -1 : 1;
    return a.len ? memcmp(a.p, b.p, a.len) : 0;
}

typedef struct key {
    span_t serial;          /* canonical */
    size_t i;               /* index into q */
} skey;

static int cmp_key(const void *x, const void *y)
{
    const skey *a = x, *b = y;
    int c = cmp_serial(a->serial, b->serial);
    if (c)
        return c;
    return a->i < b->i ? -1 : a->i > b->i;
}

bool x509_crl_entry_issuer_name(const x509_crl_entry *e, asn1_ctx *ctx, x509_name *out)
{
    if (!e->cert_issuer || e->cert_issuer->malformed)
        return false;
    asn1_ctx sc;
    x509_ctx_scratch(&sc, ctx, e->cert_issuer->value);
    der_t c, list;
    der_init_span(&c, &sc, e->cert_issuer->value, "certificateIssuer");
    /* GeneralNames ::= SEQUENCE SIZE (1..MAX) OF GeneralName; directoryName [4] EXPLICIT Name */
    if (der_enter(&c, ASN1_SEQUENCE, NULL, &list) != ASN1_OK)
        return false;
    while (!der_empty(&list)) {
        asn1_elem el;
        if (der_next(&list, NULL, &el) != ASN1_OK)
            return false;
        if (el.tag != ASN1_CTX_C(4))
            continue;
        der_t dn;
        if (der_open(&list, &el, "directoryName", -1, &dn) != ASN1_OK)
            return false;
        return x509_name_decode(&dn, NULL, out) == ASN1_OK;
    }
    return false;
}

asn1_err x509_crl_lookup(const x509_crl *crl, asn1_ctx *ctx, x509_revocation *q, size_t n)
{
    return x509_crl_lookup_ex(crl, ctx, q, n, NULL, NULL);
}

asn1_err x509_crl_lookup_ex(const x509_crl *crl, asn1_ctx *ctx, x509_revocation *q, size_t n,
                            void (*release)(void *arg, const uint8_t *upto), void *arg)
{
    if (n == 0)
        return ASN1_OK;
    skey *keys = malloc(n * sizeof *keys);
    bool *same = malloc(n * sizeof *same);
    if (!keys || !same) {
        free(keys);
        free(same);
        return asn1_fail_at(ctx, 0, "", ASN1_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        q[i].covered = same[i] = q[i].issuer && x509_name_equal(q[i].issuer, &crl->issuer);
        q[i].listed = false;
        q[i].entry_index = 0;
        q[i].reason = -1;
        q[i].date = 0;
        q[i].has_invalidity_date = false;
        q[i].invalidity_date = 0;
        keys[i].serial = canon(q[i].serial);
        keys[i].i = i;
    }
    qsort(keys, n, sizeof *keys, cmp_key);

    asn1_ctx sc;
    x509_ctx_scratch(&sc, ctx, crl->der);
    x509_crl_iter it;
    x509_crl_iter_init(&it, &sc, crl);
    it.release = release;
    it.release_arg = arg;
    static _Thread_local x509_crl_entry e;      /* 64 extension slots: off the stack */
    static _Thread_local x509_name cur;         /* the entries' issuer in an indirect CRL */
    bool cur_is_crl = true, cur_known = true;
    asn1_err r;
    while ((r = x509_crl_next(&it, &e)) == ASN1_OK) {
        if (e.cert_issuer) {
            cur_is_crl = false;
            cur_known = x509_crl_entry_issuer_name(&e, &sc, &cur);
            if (cur_known) {
                cur_is_crl = x509_name_equal(&cur, &crl->issuer);
                for (size_t i = 0; i < n; i++)
                    if (!q[i].covered && q[i].issuer && x509_name_equal(q[i].issuer, &cur))
                        q[i].covered = true;
            }
        }
        /* binary search for the first key with this serial */
        span_t s = canon(e.serial);
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (cmp_serial(keys[mid].serial, s) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (; lo < n && cmp_serial(keys[lo].serial, s) == 0; lo++) {
            x509_revocation *x = &q[keys[lo].i];
            if (x->listed || !cur_known)
                continue;
            bool match = cur_is_crl ? same[keys[lo].i] : (x->issuer && x509_name_equal(x->issuer, &cur));
            if (!match)
                continue;
            x->listed = true;
            x->entry_index = e.index;
            x->reason = e.reason;
            x->date = e.date;
            x->has_invalidity_date = e.has_invalidity_date;
            x->invalidity_date = e.invalidity_date;
        }
    }
    free(keys);
    free(same);
    if (r == ASN1_E_NOTFOUND)
        return ASN1_OK;
    return x509_ctx_carry_error(ctx, &sc, r);
}
