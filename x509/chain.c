/* chain.c - from a pile of certificates to issuer links and best paths (RFC 5280 6,
 * path building only: the links are signature-checked; policy processing is not done). */
#include "x509/x509.h"

#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------- name keys */

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++) {
        h ^= b[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* Canonical form for comparison (RFC 5280 7.1, RFC 4518 simplified): string values
 * folded to ASCII lower case, leading/trailing blanks dropped, inner runs of blanks
 * made one; other values compared as DER. */
uint64_t x509_name_key(const x509_name *n)
{
    uint64_t h = 0xcbf29ce484222325ull;
    x509_name_iter it;
    x509_attr a;
    buf_t v = BUF_INIT;
    x509_name_iter_init(&it, n);
    while (x509_name_iter_next(&it, &a)) {
        uint8_t sep = a.rdn_first ? 1 : 2;
        h = fnv(h, &sep, 1);
        h = fnv(h, a.oid.p, a.oid.len);
        h = fnv(h, "=", 1);
        if (!asn1_is_string_tag(a.tag)) {
            h = fnv(h, a.value_der.p, a.value_der.len);
            continue;
        }
        buf_reset(&v);
        x509_attr_value_utf8(&a, &v);
        const char *s = buf_cstr(&v);
        size_t len = v.len, i = 0;
        while (i < len && (s[i] == ' ' || s[i] == '\t'))
            i++;
        while (len > i && (s[len - 1] == ' ' || s[len - 1] == '\t'))
            len--;
        bool blank = false;
        for (; i < len; i++) {
            uint8_t ch = (uint8_t)s[i];
            if (ch == ' ' || ch == '\t') {
                blank = true;
                continue;
            }
            if (blank) {
                h = fnv(h, " ", 1);
                blank = false;
            }
            if (ch >= 'A' && ch <= 'Z')
                ch = (uint8_t)(ch + 32);
            h = fnv(h, &ch, 1);
        }
    }
    buf_free(&v);
    return h;
}

/* ------------------------------------------------------------------ pile */

void ck_pile_init(ck_pile *p)
{
    memset(p, 0, sizeof *p);
}

void ck_pile_free(ck_pile *p)
{
    for (size_t i = 0; i < p->n; i++) {
        free(p->v[i]->der);
        free(p->v[i]->source);
        free(p->v[i]->links);
        free(p->v[i]);
    }
    free(p->v);
    memset(p, 0, sizeof *p);
}

bool ck_pile_has_anchors(const ck_pile *p)
{
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i]->anchor)
            return true;
    return false;
}

asn1_err ck_pile_add(ck_pile *p, asn1_ctx *ctx, span_t der, const char *source, size_t index, unsigned flags,
                     bool *dup)
{
    uint8_t sha[32];
    *dup = false;
    if (ck_hash_memory(CK_HASH_SHA256, der.p, der.len, sha) != ASN1_OK)
        return asn1_fail_at(ctx, 0, "", ASN1_E_CRYPTO, "SHA-256 unavailable");
    for (size_t i = 0; i < p->n; i++)
        if (p->v[i]->der_len == der.len && memcmp(p->v[i]->sha256, sha, 32) == 0) {
            p->v[i]->dups++;
            p->v[i]->anchor |= (flags & CK_PILE_ANCHOR) != 0;
            p->v[i]->forced_leaf |= (flags & CK_PILE_LEAF) != 0;
            *dup = true;
            return ASN1_OK;
        }
    ck_pile_cert *c = calloc(1, sizeof *c);
    if (!c)
        return asn1_fail_at(ctx, 0, "", ASN1_E_NOMEM, "out of memory");
    c->der = malloc(der.len ? der.len : 1);
    c->source = strdup(source ? source : "-");
    if (!c->der || !c->source) {
        free(c->der);
        free(c->source);
        free(c);
        return asn1_fail_at(ctx, 0, "", ASN1_E_NOMEM, "out of memory");
    }
    memcpy(c->der, der.p, der.len);
    c->der_len = der.len;
    asn1_err e = x509_cert_decode(ctx, span_make(c->der, c->der_len), &c->cert);
    if (e != ASN1_OK) {
        free(c->der);
        free(c->source);
        free(c);
        return e;
    }
    if (p->n == p->cap) {
        size_t cap = p->cap ? p->cap * 2 : 64;
        ck_pile_cert **v = realloc(p->v, cap * sizeof *v);
        if (!v) {
            free(c->der);
            free(c->source);
            free(c);
            return asn1_fail_at(ctx, 0, "", ASN1_E_NOMEM, "out of memory");
        }
        p->v = v;
        p->cap = cap;
    }
    memcpy(c->sha256, sha, 32);
    c->index = index;
    c->anchor = (flags & CK_PILE_ANCHOR) != 0;
    c->forced_leaf = (flags & CK_PILE_LEAF) != 0;
    c->subject_key = x509_name_key(&c->cert.subject);
    c->issuer_key = x509_name_key(&c->cert.issuer);
    c->self_issued = span_eq(c->cert.issuer.der, c->cert.subject.der) ||
                     (c->subject_key == c->issuer_key && x509_name_equal(&c->cert.issuer, &c->cert.subject));
    p->v[p->n++] = c;
    p->linked = false;
    return ASN1_OK;
}

static bool names_match(const ck_pile_cert *child, const ck_pile_cert *issuer)
{
    if (span_eq(child->cert.issuer.der, issuer->cert.subject.der))
        return true;
    return child->issuer_key == issuer->subject_key && x509_name_equal(&child->cert.issuer, &issuer->cert.subject);
}

static bool sig_followable(ck_verify_result r)
{
    return r == CK_VERIFY_VALID || r == CK_VERIFY_UNSUPPORTED;
}

void ck_pile_link(ck_pile *p)
{
    for (size_t i = 0; i < p->n; i++) {
        ck_pile_cert *c = p->v[i];
        free(c->links);
        c->links = NULL;
        c->nlinks = 0;
        c->issues_others = false;
    }
    for (size_t i = 0; i < p->n; i++) {
        ck_pile_cert *c = p->v[i];
        if (c->self_issued) {
            c->self_sig = x509_cert_verify(&c->cert, &c->cert.pubkey, NULL, 0);
            c->self_signed = sig_followable(c->self_sig);
        }
        unsigned cap = 0;
        for (size_t j = 0; j < p->n; j++) {
            if (j == i)
                continue;
            const ck_pile_cert *cand = p->v[j];
            bool by_keyid = c->cert.aki.len && cand->cert.ski.len && span_eq(c->cert.aki, cand->cert.ski);
            bool name_ok = names_match(c, cand);
            if (!by_keyid && !name_ok)
                continue;
            if (c->nlinks == cap) {
                cap = cap ? cap * 2 : 4;
                ck_link *nl = realloc(c->links, cap * sizeof *nl);
                if (!nl)
                    break;
                c->links = nl;
            }
            ck_link *l = &c->links[c->nlinks++];
            l->issuer = (unsigned)j;
            l->by_keyid = by_keyid;
            l->name_ok = name_ok;
            l->sig = x509_cert_verify(&c->cert, &cand->cert.pubkey, NULL, 0);
            if (name_ok && sig_followable(l->sig) && !c->self_signed)
                p->v[j]->issues_others = true;
        }
    }
    p->linked = true;
}

bool ck_pile_is_leaf(const ck_pile *p, size_t i)
{
    bool any_forced = false;
    for (size_t k = 0; k < p->n; k++)
        any_forced |= p->v[k]->forced_leaf;
    if (any_forced)
        return p->v[i]->forced_leaf;
    const ck_pile_cert *c = p->v[i];
    if (c->anchor || c->issues_others)
        return false;
    /* A CA certificate that issued nothing is a leaf only in a pile of CA certificates
     * (a CA bundle); beside end-entity certificates it is an unused intermediate. */
    if (c->cert.bc.present && c->cert.bc.ca) {
        for (size_t k = 0; k < p->n; k++)
            if (!(p->v[k]->cert.bc.present && p->v[k]->cert.bc.ca))
                return false;
    }
    return true;
}

/* ------------------------------------------------------------ best paths */

typedef struct search {
    ck_pile *p;
    bool have_anchors;
    unsigned path[32];
    unsigned depth;
    ck_chain best;
    bool have_best;
    int best_rank;
    int64_t best_min_exp;
    unsigned budget;
    bool truncated;
} search;

static int64_t min_expiry(const ck_pile *p, const unsigned *path, unsigned n)
{
    int64_t m = INT64_MAX;
    for (unsigned i = 0; i < n; i++)
        if (p->v[path[i]]->cert.not_after < m)
            m = p->v[path[i]]->cert.not_after;
    return m;
}

/* Negative when path a (rank ra) is better than the best so far. */
static int compare(search *s, const unsigned *a, unsigned n, int rank)
{
    if (!s->have_best)
        return -1;
    if (rank != s->best_rank)
        return rank < s->best_rank ? -1 : 1;
    if (n != s->best.n)
        return n < s->best.n ? -1 : 1;
    int64_t ea = min_expiry(s->p, a, n);
    if (ea != s->best_min_exp)
        return ea > s->best_min_exp ? -1 : 1;
    for (unsigned i = 0; i < n; i++) {
        int c = memcmp(s->p->v[a[i]]->sha256, s->p->v[s->best.certs[i]]->sha256, 32);
        if (c)
            return c;
    }
    return 0;
}

static void candidate(search *s, int rank)
{
    if (compare(s, s->path, s->depth, rank) >= 0)
        return;
    s->have_best = true;
    s->best_rank = rank;
    s->best.n = s->depth;
    memcpy(s->best.certs, s->path, s->depth * sizeof s->path[0]);
    s->best_min_exp = min_expiry(s->p, s->path, s->depth);
    const ck_pile_cert *end = s->p->v[s->path[s->depth - 1]];
    s->best.anchored = end->anchor;
    s->best.self_signed_end = end->self_signed;
}

static bool on_path(const search *s, unsigned idx)
{
    for (unsigned i = 0; i < s->depth; i++)
        if (s->path[i] == idx)
            return true;
    return false;
}

static void dfs(search *s, unsigned cur)
{
    if (s->budget == 0) {
        s->truncated = true;
        return;
    }
    s->budget--;
    s->path[s->depth++] = cur;
    const ck_pile_cert *c = s->p->v[cur];
    if (c->anchor) {
        candidate(s, 0);
    } else {
        if (c->self_signed)
            candidate(s, s->have_anchors ? 1 : 0);
        unsigned followed = 0;
        if (s->depth < sizeof s->path / sizeof s->path[0]) {
            for (unsigned k = 0; k < c->nlinks; k++) {
                const ck_link *l = &c->links[k];
                if (!l->name_ok || !sig_followable(l->sig) || on_path(s, l->issuer))
                    continue;
                followed++;
                dfs(s, l->issuer);
            }
        } else {
            s->truncated = true;
        }
        if (!followed && !c->self_signed)
            candidate(s, 2);
    }
    s->depth--;
}

void ck_pile_best_chain(ck_pile *p, size_t leaf, bool have_anchors, ck_chain *out)
{
    if (!p->linked)
        ck_pile_link(p);
    search *s = calloc(1, sizeof *s);
    memset(out, 0, sizeof *out);
    if (!s) {
        out->certs[0] = (unsigned)leaf;
        out->n = 1;
        out->truncated = true;
        return;
    }
    s->p = p;
    s->have_anchors = have_anchors;
    s->budget = 20000;
    dfs(s, (unsigned)leaf);
    *out = s->best;
    out->truncated = s->truncated;
    out->complete = out->anchored || (!have_anchors && out->self_signed_end);
    for (unsigned i = 0; i < out->n; i++)
        p->v[out->certs[i]]->in_chain = true;
    free(s);
}
