/*
 * select.c - from the bags of a PFX to what a server is given: each private key,
 * its certificate (the leaf), and the CA certificates from the leaf's issuer to the
 * root.  The leaf is the certificate whose public key is the key's (compared as
 * numbers and points, x509/key.h); only when the key's public part cannot be known
 * does the localKeyID attribute decide, then "the only certificate that is not a CA".
 * The CA order comes from x509/'s chain search (AKI = SKI, issuer/subject names,
 * each link's signature checked), so it does not depend on the order of the bags.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *p12_leaf_how_name(p12_leaf_how h)
{
    switch (h) {
    case P12_LEAF_NONE: return "none";
    case P12_LEAF_PUBKEY: return "public key";
    case P12_LEAF_KEYID: return "localKeyID";
    case P12_LEAF_NOT_CA: return "the only non-CA certificate";
    case P12_LEAF_CHAIN_END: return "the end of the chain";
    }
    return "?";
}

static bool same_keyid(const p12_bag *a, const p12_bag *b)
{
    return a->attrs.has_local_key_id && b->attrs.has_local_key_id &&
           span_eq(a->attrs.local_key_id, b->attrs.local_key_id);
}

/* The later notAfter wins among equally good candidates; then the earlier bag. */
static bool better(const p12_split *s, int cand, int best)
{
    if (best < 0)
        return true;
    return s->certs[cand].cert.not_after > s->certs[best].cert.not_after;
}

static void choose_leaf(const p12_file *f, p12_split *s, p12_pair *p, const bool *taken)
{
    const p12_key_item *k = &s->keys[p->key];
    const p12_bag *kb = &f->bags[k->bag];
    const ck_pubkey *pub = k->ok ? ck_privkey_public(&k->key) : NULL;
    int best = -1;
    bool best_keyid = false, best_ca = true;
    if (pub) {
        for (unsigned i = 0; i < s->ncerts; i++) {
            const p12_cert_item *c = &s->certs[i];
            if (!c->ok || !ck_pubkey_equal(pub, &c->cert.pubkey))
                continue;
            /* several certificates for one key (renewals, a self-signed copy): prefer the
             * same localKeyID, then an end-entity certificate, then the one expiring last */
            bool kid = same_keyid(kb, &f->bags[c->bag]);
            if (best < 0 || (kid && !best_keyid) || (kid == best_keyid && !c->is_ca && best_ca) ||
                (kid == best_keyid && c->is_ca == best_ca && better(s, (int)i, best))) {
                best = (int)i;
                best_keyid = kid;
                best_ca = c->is_ca;
            }
        }
        if (best >= 0) {
            p->leaf = best;
            p->how = P12_LEAF_PUBKEY;
            return;
        }
        for (unsigned i = 0; i < s->ncerts; i++)
            if (same_keyid(kb, &f->bags[s->certs[i].bag])) {
                snprintf(p->note, sizeof p->note,
                         "the certificate with the key's localKeyID holds another public key: not taken as its leaf");
                break;
            }
        return;
    }
    /* the key's public part is unknown (an algorithm certkit cannot compute) */
    for (unsigned i = 0; i < s->ncerts; i++)
        if (!taken[i] && same_keyid(kb, &f->bags[s->certs[i].bag])) {
            p->leaf = (int)i;
            p->how = P12_LEAF_KEYID;
            return;
        }
    int only = -1, n = 0;
    for (unsigned i = 0; i < s->ncerts; i++)
        if (!taken[i] && s->certs[i].ok && !s->certs[i].is_ca) {
            only = (int)i;
            n++;
        }
    if (n == 1 && s->nkeys == 1) {
        p->leaf = only;
        p->how = P12_LEAF_NOT_CA;
    }
}

/* The certificate of a key-less file that ends a chain and is no CA, when there is exactly one. */
static void keyless_leaf(p12_split *s, p12_pair *p)
{
    ck_pile pile;
    ck_pile_init(&pile);
    for (unsigned i = 0; i < s->ncerts; i++) {
        if (!s->certs[i].ok)
            continue;
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, s->certs[i].cert.der.p, s->certs[i].cert.der.len);
        bool dup;
        if (ck_pile_add(&pile, &ctx, s->certs[i].cert.der, "pfx", i, 0, &dup) != ASN1_OK)
            continue;
    }
    ck_pile_link(&pile);
    int only = -1, n = 0;
    for (size_t j = 0; j < pile.n; j++) {
        unsigned ci = (unsigned)pile.v[j]->index;
        if (ck_pile_is_leaf(&pile, j) && !s->certs[ci].is_ca) {
            only = (int)ci;
            n++;
        }
    }
    ck_pile_free(&pile);
    if (n == 1) {
        p->leaf = only;
        p->how = P12_LEAF_CHAIN_END;
    }
}

/* ca[] for a pair: the leaf's chain (issuer first), then every other certificate not taken as a leaf. */
static asn1_err order_cas(p12_split *s, p12_pair *p, const bool *leaf_of_some_key)
{
    p->ca = calloc(s->ncerts ? s->ncerts : 1, sizeof *p->ca);
    if (!p->ca)
        return ASN1_E_NOMEM;
    bool *used = calloc(s->ncerts ? s->ncerts : 1, sizeof *used);
    if (!used)
        return ASN1_E_NOMEM;
    if (p->leaf >= 0 && s->certs[p->leaf].ok) {
        ck_pile pile;
        ck_pile_init(&pile);
        size_t leaf_pos = (size_t)-1;
        for (unsigned i = 0; i < s->ncerts; i++) {
            if (!s->certs[i].ok || (leaf_of_some_key[i] && (int)i != p->leaf))
                continue;
            asn1_ctx ctx;
            asn1_ctx_init(&ctx, s->certs[i].cert.der.p, s->certs[i].cert.der.len);
            bool dup = false;
            if (ck_pile_add(&pile, &ctx, s->certs[i].cert.der, "pfx", i,
                            (int)i == p->leaf ? CK_PILE_LEAF : 0, &dup) != ASN1_OK)
                continue;
            if ((int)i == p->leaf && !dup)
                leaf_pos = pile.n - 1;
        }
        if (leaf_pos != (size_t)-1) {
            ck_pile_link(&pile);
            ck_chain ch;
            ck_pile_best_chain(&pile, leaf_pos, false, &ch);
            for (unsigned k = 1; k < ch.n; k++) {
                unsigned ci = (unsigned)pile.v[ch.certs[k]]->index;
                if (!used[ci] && (int)ci != p->leaf) {
                    used[ci] = true;
                    p->ca[p->nca++] = ci;
                }
            }
            p->chain_complete = ch.self_signed_end || ch.complete;
        }
        ck_pile_free(&pile);
    }
    p->nchain = p->nca;
    for (unsigned i = 0; i < s->ncerts; i++) {
        if (used[i] || (int)i == p->leaf || leaf_of_some_key[i])
            continue;
        p->ca[p->nca++] = i;
    }
    /* a certificate identical to one already listed (same DER) is listed once */
    unsigned w = 0;
    for (unsigned r = 0; r < p->nca; r++) {
        bool dup = (p->leaf >= 0 && span_eq(s->certs[p->ca[r]].cert.der, s->certs[p->leaf].cert.der) &&
                    s->certs[p->ca[r]].ok);
        for (unsigned q = 0; q < w && !dup; q++)
            dup = s->certs[p->ca[q]].ok && s->certs[p->ca[r]].ok &&
                  span_eq(s->certs[p->ca[q]].cert.der, s->certs[p->ca[r]].cert.der);
        if (!dup)
            p->ca[w++] = p->ca[r];
        else if (r < p->nchain)
            p->nchain--;
    }
    p->nca = w;
    free(used);
    return ASN1_OK;
}

asn1_err p12_split_build(const p12_file *f, p12_split *s)
{
    memset(s, 0, sizeof *s);
    unsigned nc = 0, nk = 0;
    for (unsigned i = 0; i < f->nbags; i++) {
        const p12_bag *b = &f->bags[i];
        if (b->type == P12_BAG_CERT && b->type_id == OID_pkcs9_x509Certificate && b->der.len)
            nc++;
        else if ((b->type == P12_BAG_KEY || b->type == P12_BAG_SHROUDED_KEY) && b->state == P12_BAG_OK &&
                 b->key.len)
            nk++;
    }
    /* bags in the order of the file: safe by safe */
    s->certs = calloc(nc ? nc : 1, sizeof *s->certs);
    s->keys = calloc(nk ? nk : 1, sizeof *s->keys);
    s->pairs = calloc(nk ? nk : 1, sizeof *s->pairs);
    if (!s->certs || !s->keys || !s->pairs) {
        p12_split_free(s);
        return ASN1_E_NOMEM;
    }
    for (unsigned safe = 0; safe < f->nsafes; safe++) {
        for (unsigned i = 0; i < f->nbags; i++) {
            const p12_bag *b = &f->bags[i];
            if (b->safe != safe)
                continue;
            asn1_ctx ctx;
            if (b->type == P12_BAG_CERT && b->type_id == OID_pkcs9_x509Certificate && b->der.len) {
                p12_cert_item *c = &s->certs[s->ncerts++];
                c->bag = i;
                asn1_ctx_init(&ctx, b->der.p, b->der.len);
                if (x509_cert_decode(&ctx, b->der, &c->cert) == ASN1_OK) {
                    c->ok = true;
                    c->is_ca = c->cert.bc.present && c->cert.bc.ca;
                } else {
                    p12__msg(c->problem, sizeof c->problem, "offset %zu: %s: %s", ctx.err.offset,
                             ctx.err.path, ctx.err.msg);
                }
            } else if ((b->type == P12_BAG_KEY || b->type == P12_BAG_SHROUDED_KEY) && b->state == P12_BAG_OK &&
                       b->key.len) {
                p12_key_item *k = &s->keys[s->nkeys++];
                k->bag = i;
                asn1_ctx_init(&ctx, b->key.p, b->key.len);
                if (ck_privkey_decode(&ctx, b->key, &k->key) == ASN1_OK) {
                    k->ok = true;
                } else {
                    p12__msg(k->problem, sizeof k->problem, "offset %zu: %s: %s", ctx.err.offset,
                             ctx.err.path, ctx.err.msg);
                }
            }
        }
    }
    bool *taken = calloc(s->ncerts ? s->ncerts : 1, sizeof *taken);
    if (!taken) {
        p12_split_free(s);
        return ASN1_E_NOMEM;
    }
    if (s->nkeys == 0) {
        if (s->ncerts) {
            p12_pair *p = &s->pairs[s->npairs++];
            p->key = -1;
            p->leaf = -1;
            keyless_leaf(s, p);
            if (p->leaf >= 0)
                taken[p->leaf] = true;
        }
    } else {
        for (unsigned k = 0; k < s->nkeys; k++) {
            p12_pair *p = &s->pairs[s->npairs++];
            p->key = (int)k;
            p->leaf = -1;
            choose_leaf(f, s, p, taken);
            if (p->leaf >= 0)
                taken[p->leaf] = true;
        }
    }
    for (unsigned i = 0; i < s->npairs; i++) {
        if (order_cas(s, &s->pairs[i], taken) != ASN1_OK) {
            free(taken);
            p12_split_free(s);
            return ASN1_E_NOMEM;
        }
    }
    free(taken);
    return ASN1_OK;
}

void p12_split_free(p12_split *s)
{
    if (!s)
        return;
    for (unsigned i = 0; i < s->nkeys; i++)
        if (s->keys[i].ok)
            ck_privkey_free(&s->keys[i].key);
    for (unsigned i = 0; i < s->npairs; i++)
        free(s->pairs[i].ca);
    free(s->certs);
    free(s->keys);
    free(s->pairs);
    memset(s, 0, sizeof *s);
}
