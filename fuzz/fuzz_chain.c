/*
 * fuzz_chain.c - libFuzzer harness for chain building (x509/chain.c): a pile of
 * certificates, linked by AKI/SKI and names with every link's signature checked, and
 * the best chain from each leaf.
 *
 * Input: one flags byte, then DER (or BER) objects back to back, framed with
 * ber_frame (at most 12; framing stops at the first bad or truncated one).  Flag bit
 * i (0..5) makes object i a trust anchor; bit 6 makes object 0 a forced leaf.
 *
 * Invariants (abort on violation, so the fuzzer reports them):
 *   - ck_pile_add fails iff the context records an error, inside the object; a
 *     duplicate is reported as one and does not grow the pile;
 *   - every link points inside the pile and never at the certificate itself;
 *   - each best chain starts at its leaf, holds 1..32 distinct certificates, each
 *     one issued by the next through a followable link (signature valid or
 *     unsupported), ends at an anchor when "anchored", at a self-signed certificate
 *     when "self_signed_end", and "complete" is exactly what x509.h says;
 *   - order does not matter: the same objects added in reverse order give the same
 *     leaves and, for every leaf, the same chain (compared by SHA-256), unless the
 *     search hit its limits.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "x509/x509.h"
#include "pem/pem.h"
#include "fuzz/fuzz_common.h"

#include <string.h>

#define MAX_OBJ 12

typedef struct objs {
    span_t v[MAX_OBJ];
    unsigned flags[MAX_OBJ];
    size_t n;
} objs;

static void split(const uint8_t *data, size_t size, objs *o)
{
    o->n = 0;
    if (size < 1)
        return;
    uint8_t fl = data[0];
    size_t pos = 1;
    while (pos < size && o->n < MAX_OBJ) {
        uint64_t total = 0;
        const char *why = NULL;
        if (ber_frame(data + pos, size - pos, ASN1_DEFAULT_MAX_DEPTH, &total, &why) != ASN1_OK)
            break;
        FZ_ASSERT(total > 0 && total <= size - pos);
        unsigned f = 0;
        if (o->n < 6 && (fl >> o->n) & 1)
            f |= CK_PILE_ANCHOR;
        if (o->n == 0 && (fl & 0x40))
            f |= CK_PILE_LEAF;
        o->flags[o->n] = f;
        o->v[o->n++] = span_make(data + pos, (size_t)total);
        pos += (size_t)total;
    }
}

static void fill(ck_pile *p, const objs *o, bool reverse)
{
    static asn1_ctx ctx;
    ck_pile_init(p);
    for (size_t k = 0; k < o->n; k++) {
        size_t i = reverse ? o->n - 1 - k : k;
        size_t before = p->n;
        bool dup = false;
        asn1_ctx_init(&ctx, o->v[i].p, o->v[i].len);
        asn1_err e = ck_pile_add(p, &ctx, o->v[i], "fuzz", i, o->flags[i], &dup);
        fz_check_ctx(&ctx, e, o->v[i].len);
        if (e != ASN1_OK || dup)
            FZ_ASSERT(p->n == before);
        else
            FZ_ASSERT(p->n == before + 1);
    }
    ck_pile_link(p);
    for (size_t i = 0; i < p->n; i++) {
        const ck_pile_cert *c = p->v[i];
        for (unsigned k = 0; k < c->nlinks; k++)
            FZ_ASSERT(c->links[k].issuer < p->n && c->links[k].issuer != i);
    }
}

static bool followable(const ck_pile_cert *c, unsigned issuer)
{
    for (unsigned k = 0; k < c->nlinks; k++)
        if (c->links[k].issuer == issuer &&
            (c->links[k].sig == CK_VERIFY_VALID || c->links[k].sig == CK_VERIFY_UNSUPPORTED))
            return true;
    return false;
}

static void check_chain(const ck_pile *p, size_t leaf, bool have_anchors, const ck_chain *ch)
{
    FZ_ASSERT(ch->n >= 1 && ch->n <= 32);
    FZ_ASSERT(ch->certs[0] == leaf);
    for (unsigned i = 0; i < ch->n; i++) {
        FZ_ASSERT(ch->certs[i] < p->n);
        FZ_ASSERT(p->v[ch->certs[i]]->in_chain);
        for (unsigned k = 0; k < i; k++)
            FZ_ASSERT(ch->certs[k] != ch->certs[i]);
        if (i + 1 < ch->n)
            FZ_ASSERT(followable(p->v[ch->certs[i]], ch->certs[i + 1]));
    }
    const ck_pile_cert *end = p->v[ch->certs[ch->n - 1]];
    if (ch->anchored)
        FZ_ASSERT(end->anchor);
    if (ch->self_signed_end)
        FZ_ASSERT(end->self_signed);
    FZ_ASSERT(ch->complete == (ch->anchored || (!have_anchors && ch->self_signed_end)));
}

static size_t find_sha(const ck_pile *p, const uint8_t sha[32])
{
    for (size_t i = 0; i < p->n; i++)
        if (memcmp(p->v[i]->sha256, sha, 32) == 0)
            return i;
    return (size_t)-1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    objs o;
    split(data, size, &o);
    if (o.n == 0)
        return 0;
    ck_pile a, b;
    fill(&a, &o, false);
    fill(&b, &o, true);
    FZ_ASSERT(a.n == b.n);
    bool anch_a = ck_pile_has_anchors(&a), anch_b = ck_pile_has_anchors(&b);
    FZ_ASSERT(anch_a == anch_b);
    for (size_t i = 0; i < a.n; i++) {
        size_t j = find_sha(&b, a.v[i]->sha256);
        FZ_ASSERT(j != (size_t)-1);
        FZ_ASSERT(a.v[i]->anchor == b.v[j]->anchor && a.v[i]->self_signed == b.v[j]->self_signed);
        bool leaf = ck_pile_is_leaf(&a, i);
        FZ_ASSERT(leaf == ck_pile_is_leaf(&b, j));
        if (!leaf)
            continue;
        ck_chain ca, cb;
        ck_pile_best_chain(&a, i, anch_a, &ca);
        check_chain(&a, i, anch_a, &ca);
        ck_pile_best_chain(&b, j, anch_b, &cb);
        check_chain(&b, j, anch_b, &cb);
        if (ca.truncated || cb.truncated)
            continue;
        FZ_ASSERT(ca.n == cb.n && ca.anchored == cb.anchored && ca.self_signed_end == cb.self_signed_end);
        for (unsigned k = 0; k < ca.n; k++)
            FZ_ASSERT(memcmp(a.v[ca.certs[k]]->sha256, b.v[cb.certs[k]]->sha256, 32) == 0);
    }
    ck_pile_free(&a);
    ck_pile_free(&b);
    return 0;
}
