/*
 * pfx.c - the PFX (RFC 7292 section 4):
 *
 *   PFX ::= SEQUENCE { version INTEGER {v3(3)}(v3,...), authSafe ContentInfo,
 *                      macData MacData OPTIONAL }
 *   MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
 *   AuthenticatedSafe ::= SEQUENCE OF ContentInfo  -- data | encryptedData | envelopedData
 *   ContentInfo ::= SEQUENCE { contentType OID, content [0] EXPLICIT ANY OPTIONAL }
 *   EncryptedData ::= SEQUENCE { version INTEGER, encryptedContentInfo EncryptedContentInfo,
 *                                unprotectedAttrs [1] IMPLICIT UnprotectedAttributes OPTIONAL }
 *   EncryptedContentInfo ::= SEQUENCE { contentType OID, contentEncryptionAlgorithm AlgorithmIdentifier,
 *                                       encryptedContent [0] IMPLICIT OCTET STRING OPTIONAL }
 *
 * The input is BER (Java, NSS and Windows write indefinite lengths and constructed
 * OCTET STRINGs): it is normalised once up front, and again for each octet string
 * that carries another encoding (the AuthenticatedSafe, each SafeContents, each
 * decrypted plaintext), so every decoder reads DER through the one cursor.
 *
 * Order of work: the whole visible structure first (no key derivation), then every
 * visible iteration count against the cap, then the MAC, then the encrypted safes,
 * then the shrouded keys.
 */
#include "pkcs12/p12_impl.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------ bookkeeping */

buf_t *p12__new_buf(p12_file *f)
{
    buf_t **nb = realloc(f->bufs, (f->nbufs + 1) * sizeof *nb);
    if (!nb)
        return NULL;
    f->bufs = nb;
    buf_t *b = calloc(1, sizeof *b);
    if (!b)
        return NULL;
    f->bufs[f->nbufs++] = b;
    return b;
}

void p12__note(p12_file *f, bool warning, asn1_err code, size_t offset, const char *path, const char *fmt, ...)
{
    if (f->nnotes >= P12_MAX_NOTES) {
        f->nnotes_dropped++;
        return;
    }
    p12_note *n = &f->notes[f->nnotes++];
    n->warning = warning;
    n->d.code = code;
    n->d.offset = offset;
    snprintf(n->d.path, sizeof n->d.path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(n->d.msg, sizeof n->d.msg, fmt, ap);
    va_end(ap);
}

asn1_err p12__fail(p12_file *f, asn1_err code, size_t offset, const char *path, const char *fmt, ...)
{
    if (f->err.code != ASN1_OK)
        return f->err.code;
    f->err.code = code;
    f->err.offset = offset;
    snprintf(f->err.path, sizeof f->err.path, "%s", path ? path : "");
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(f->err.msg, sizeof f->err.msg, fmt, ap);
    va_end(ap);
    return code;
}

void p12__msg(char *out, size_t n, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out, n, fmt, ap);
    va_end(ap);
}

void p12__join(char *out, size_t n, const char *a, const char *b)
{
    if (!n)
        return;
    a = a ? a : "";
    b = b ? b : "";
    size_t la = strlen(a), lb = strlen(b), o = 0;
    if (la >= n)
        la = n - 1;
    memcpy(out, a, la);
    o = la;
    if (la && lb && b[0] != '[' && o + 1 < n)
        out[o++] = '.';
    if (lb > n - 1 - o)
        lb = n - 1 - o;
    memcpy(out + o, b, lb);
    out[o + lb] = 0;
}

asn1_err p12__fail_ctx(p12_file *f, const asn1_ctx *ctx, const char *where)
{
    char path[ASN1_PATH_MAX];
    p12__join(path, sizeof path, where, ctx->err.path);
    return p12__fail(f, ctx->err.code ? ctx->err.code : ASN1_E_VALUE, ctx->err.offset, path, "%s",
                     ctx->err.msg);
}

static void warnings_to_notes(p12_file *f, const asn1_ctx *ctx, const char *where)
{
    for (unsigned i = 0; i < ctx->nwarn && i < ASN1_MAX_WARNINGS; i++) {
        char path[ASN1_PATH_MAX];
        p12__join(path, sizeof path, where, ctx->warn[i].path);
        p12__note(f, true, ASN1_OK, ctx->warn[i].offset, path, "%s", ctx->warn[i].msg);
    }
}

/*
 * Content octets that may themselves be BER: returns a DER span (the input when it
 * is DER already, else a normalised copy owned by f).
 */
static asn1_err normalise(p12_file *f, span_t in, const char *where, bool secret, span_t *out)
{
    unsigned depth = f->opts.max_depth ? f->opts.max_depth : ASN1_DEFAULT_MAX_DEPTH;
    if (!asn1_is_ber(in, depth)) {
        *out = in;
        return ASN1_OK;
    }
    buf_t *b = p12__new_buf(f);
    if (!b)
        return p12__fail(f, ASN1_E_NOMEM, 0, where, "out of memory");
    /* room first: DER is never much longer than the BER it comes from, and a buffer that
     * grows leaves copies of what it held (keys, for a decrypted key or a keyBag) */
    if (!buf_reserve(b, in.len + in.len / 8 + 64))
        return p12__fail(f, ASN1_E_NOMEM, 0, where, "out of memory");
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in.p, in.len);
    ctx.max_depth = depth;
    size_t used = 0;
    if (asn1_ber_to_der(&ctx, in, b, &used) != ASN1_OK)
        return p12__fail_ctx(f, &ctx, where);
    if (used != in.len)
        p12__note(f, true, ASN1_OK, used, where, "%zu bytes after the encoded value", in.len - used);
    (void)secret; /* every buffer owned by f is wiped on p12_free; reserved above */
    *out = span_make(b->p, b->len);
    return ASN1_OK;
}

/* --------------------------------------------------------------- the PFX */

/* MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 } */
static asn1_err mac_data(der_t *c, p12_mac *m)
{
    der_t md, di;
    m->offset = der_offset(c);
    TRY(der_enter(c, ASN1_SEQUENCE, "macData", &md));
    /* DigestInfo ::= SEQUENCE { digestAlgorithm AlgorithmIdentifier, digest OCTET STRING } */
    TRY(der_enter(&md, ASN1_SEQUENCE, "mac", &di));
    TRY(p12_alg_decode(&di, "digestAlgorithm", P12_USE_MAC, &m->alg));
    TRY(der_read_octets(&di, "digest", &m->digest));
    TRY(der_done(&di));
    TRY(der_read_octets(&md, "macSalt", &m->salt));
    m->iterations = 1;
    if (der_peek(&md, ASN1_INTEGER)) {
        int64_t it;
        der_t save = md;
        m->iterations_offset = der_offset(&md);
        TRY(der_read_int64(&md, "iterations", &it));
        if (it < 1)
            return der_fail(&save, der_offset(&save), "iterations", ASN1_E_VALUE,
                            "MAC iteration count %lld is not positive", (long long)it);
        m->iterations = (uint64_t)it;
        m->iterations_present = true;
    }
    TRY(der_done(&md));
    m->present = true;
    if (m->alg.kind == P12_ALG_HMAC)
        m->alg.iterations = m->iterations, m->alg.salt = m->salt;
    return ASN1_OK;
}

/* ContentInfo of the AuthenticatedSafe: one safe. */
static asn1_err safe_info(p12_file *f, der_t *seq, p12_safe *s, buf_t *storage)
{
    der_t ci, content;
    TRY(der_enter(seq, ASN1_SEQUENCE, NULL, &ci));
    TRY(der_read_oid(&ci, "contentType", &s->content_type));
    oid_id type = oid_lookup(s->content_type);
    s->pw.cand = -1;
    if (type == OID_pkcs7_data) {
        s->type = P12_SAFE_DATA;
        TRY(der_enter(&ci, ASN1_CTX_C(0), "content", &content));
        TRY(der_read_octets(&content, "data", &s->contents));
        TRY(der_done(&content));
        s->state = P12_SAFE_OK;
    } else if (type == OID_pkcs7_encryptedData) {
        der_t ed, eci;
        int64_t version;
        s->type = P12_SAFE_ENCRYPTED;
        TRY(der_enter(&ci, ASN1_CTX_C(0), "content", &content));
        TRY(der_enter(&content, ASN1_SEQUENCE, "encryptedData", &ed));
        TRY(der_read_int64(&ed, "version", &version));
        if (version != 0 && version != 2)
            TRY(der_warn(&ed, der_offset(&ed), "version", "EncryptedData version %lld (0 expected)",
                         (long long)version));
        TRY(der_enter(&ed, ASN1_SEQUENCE, "encryptedContentInfo", &eci));
        span_t ctype;
        TRY(der_read_oid(&eci, "contentType", &ctype));
        if (!oid_is(ctype, OID_pkcs7_data))
            TRY(der_warn(&eci, der_offset(&eci), "contentType", "encrypted content is not of type data"));
        TRY(p12_alg_decode(&eci, "contentEncryptionAlgorithm", P12_USE_ENCRYPTION, &s->alg));
        asn1_elem ec;
        bool present = false;
        uint32_t tag;
        if (der_peek_tag(&eci, &tag) && ASN1_TAG_CLASS(tag) == ASN1_CLASS_CONTEXT && ASN1_TAG_NUMBER(tag) == 0) {
            der_t save = eci;
            TRY(der_next(&eci, "encryptedContent", &ec));
            TRY(asn1_ber_implicit_octets(&save, &ec, "encryptedContent", storage, &s->ciphertext));
            present = true;
        }
        TRY(der_done(&eci));
        if (der_peek(&ed, ASN1_CTX_C(1)))
            TRY(der_skip(&ed, "unprotectedAttrs"));
        TRY(der_done(&ed));
        TRY(der_done(&content));
        s->state = P12_SAFE_NOT_TRIED;
        if (!present) {
            s->state = P12_SAFE_MALFORMED;
            snprintf(s->problem, sizeof s->problem, "encryptedData without encryptedContent");
        } else if (!p12_alg_supported(&s->alg)) {
            s->state = P12_SAFE_UNSUPPORTED;
            buf_t d = BUF_INIT;
            p12_alg_describe(&s->alg, &d);
            snprintf(s->problem, sizeof s->problem, "unsupported: %s",
                     s->alg.unsupported ? s->alg.unsupported : buf_cstr(&d));
            buf_free(&d);
        }
    } else if (type == OID_pkcs7_envelopedData) {
        s->type = P12_SAFE_ENVELOPED;
        return der_fail(&ci, der_offset(&ci), "contentType", ASN1_E_UNSUPPORTED,
                        "public-key encrypted PFX: not supported (envelopedData)");
    } else {
        char dotted[96];
        s->type = P12_SAFE_OTHER;
        if (asn1_oid_to_text(s->content_type, dotted, sizeof dotted) != ASN1_OK)
            snprintf(dotted, sizeof dotted, "?");
        s->state = P12_SAFE_UNSUPPORTED;
        snprintf(s->problem, sizeof s->problem, "a safe of content type %s: not supported",
                 oid_name(type) ? oid_name(type) : dotted);
        while (!der_empty(&ci))
            TRY(der_skip(&ci, "content"));
    }
    (void)f;
    return der_done(&ci);
}

/* PFX ::= SEQUENCE { version, authSafe ContentInfo, macData MacData OPTIONAL } */
static asn1_err pfx_decode(p12_file *f, der_t *root)
{
    der_t pfx, ci, content;
    TRY(der_enter(root, ASN1_SEQUENCE, "", &pfx));
    der_t save = pfx;
    TRY(der_read_int64(&pfx, "version", &f->version));
    if (f->version != 3)
        return der_fail(&save, der_offset(&save), "version", ASN1_E_VALUE,
                        "version %lld: a PFX must be version 3 (RFC 7292)", (long long)f->version);
    TRY(der_enter(&pfx, ASN1_SEQUENCE, "authSafe", &ci));
    span_t type;
    TRY(der_read_oid(&ci, "contentType", &type));
    if (oid_is(type, OID_pkcs7_signedData))
        return der_fail(&ci, der_offset(&ci), "contentType", ASN1_E_UNSUPPORTED,
                        "public-key integrity mode (signedData authSafe): not supported");
    if (oid_is(type, OID_pkcs7_envelopedData))
        return der_fail(&ci, der_offset(&ci), "contentType", ASN1_E_UNSUPPORTED,
                        "public-key encrypted PFX: not supported (envelopedData)");
    if (!oid_is(type, OID_pkcs7_data)) {
        char dotted[96];
        if (asn1_oid_to_text(type, dotted, sizeof dotted) != ASN1_OK)
            snprintf(dotted, sizeof dotted, "?");
        return der_fail(&ci, der_offset(&ci), "contentType", ASN1_E_UNSUPPORTED,
                        "authSafe of content type %s: not supported", dotted);
    }
    TRY(der_enter(&ci, ASN1_CTX_C(0), "content", &content));
    TRY(der_read_octets(&content, "data", &f->auth_safe));
    TRY(der_done(&content));
    TRY(der_done(&ci));
    if (!der_empty(&pfx))
        TRY(mac_data(&pfx, &f->mac));
    return der_done(&pfx);
}

/* AuthenticatedSafe ::= SEQUENCE OF ContentInfo */
static asn1_err auth_safes(p12_file *f, span_t as)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, as.p, as.len);
    ctx.max_depth = f->opts.max_depth ? f->opts.max_depth : ASN1_DEFAULT_MAX_DEPTH;
    der_t root, seq;
    der_init(&root, &ctx, "authSafe");
    asn1_err e = der_enter(&root, ASN1_SEQUENCE, "", &seq);
    unsigned n = 0;
    if (e == ASN1_OK) {
        der_t count = seq;
        while (e == ASN1_OK && !der_empty(&count)) {
            e = der_skip(&count, NULL);
            n++;
        }
    }
    if (e == ASN1_OK && n > 0) {
        f->safes = calloc(n, sizeof *f->safes);
        if (!f->safes)
            return p12__fail(f, ASN1_E_NOMEM, 0, "authSafe", "out of memory");
    }
    buf_t *storage = NULL;
    for (unsigned i = 0; e == ASN1_OK && i < n; i++) {
        if (!storage && !(storage = p12__new_buf(f)))
            return p12__fail(f, ASN1_E_NOMEM, 0, "authSafe", "out of memory");
        size_t before = storage->len;
        f->safes[i].state = P12_SAFE_MALFORMED;     /* until it has decoded */
        e = safe_info(f, &seq, &f->safes[i], storage);
        f->nsafes = i + 1;
        if (storage->len != before)
            storage = NULL; /* the ciphertext lives there now: use a fresh buffer next time */
    }
    if (e == ASN1_OK)
        e = der_done(&seq);
    if (e == ASN1_OK)
        e = der_done(&root);
    warnings_to_notes(f, &ctx, "");
    if (e != ASN1_OK)
        return p12__fail_ctx(f, &ctx, "");
    return ASN1_OK;
}

/* ------------------------------------------------------------ decryption */

static void alg_text(const p12_alg *a, char *out, size_t n)
{
    buf_t d = BUF_INIT;
    p12_alg_describe(a, &d);
    snprintf(out, n, "%s", buf_cstr(&d));
    buf_free(&d);
}

static asn1_err add_bags(p12_file *f, unsigned i, span_t contents, bool fatal)
{
    char where[64];
    snprintf(where, sizeof where, "authSafe[%u].safeContents", i);
    span_t der;
    TRY(normalise(f, contents, where, true, &der));
    f->safes[i].contents = der;
    f->safes[i].first_bag = f->nbags;
    asn1_diag d;
    asn1_err e = p12__bags_decode(f, i, der, where, &d);
    f->safes[i].nbags = f->nbags - f->safes[i].first_bag;
    if (e != ASN1_OK) {
        if (fatal)
            return p12__fail(f, e, d.offset, d.path, "%s", d.msg);
        f->safes[i].state = P12_SAFE_MALFORMED;
        p12__msg(f->safes[i].problem, sizeof f->safes[i].problem, "decrypted contents malformed: %s", d.msg);
        p12__note(f, false, e, d.offset, d.path, "%s (in decrypted data)", d.msg);
    }
    return ASN1_OK;
}

static void note_pw(p12_file *f, const p12_pw_used *u)
{
    if (f->pw.cand < 0 && u->cand >= 0)
        f->pw = *u;
}

/*
 * Decryption jobs.  Each encrypted safe and each shrouded key is one job: pure
 * cryptography into a buffer of its own (p12__decrypt), so jobs can run on threads
 * while the main thread checks the MAC; their results are taken into the file (new
 * bags, states) by the main thread afterwards, and thrown away (wiped) when the MAC
 * says the password is wrong.  Key derivation dominates the cost of a PFX and the
 * three derivations of a usual file (MAC, certificate safe, key) are independent.
 */
static asn1_err check_caps(p12_file *f);

typedef struct job {
    bool is_safe;
    unsigned index;             /* safe or bag index */
    p12_alg alg;                /* copied: bags may move while jobs run */
    span_t in;
    int prefer;
    const p12_passwords *pws;
    uint64_t max_iter;
    buf_t out;
    p12_pw_used used;
    char why[ASN1_MSG_MAX];
    asn1_err rc;
    bool done;
} job_t;

static void job_run(job_t *j)
{
    j->rc = p12__decrypt(&j->alg, j->pws, j->prefer, j->max_iter, j->in,
                         j->is_safe ? p12__looks_like_safecontents : p12__looks_like_pkcs8, NULL, &j->out,
                         &j->used, j->why, sizeof j->why);
    j->done = true;
}

static void *job_thread(void *arg)
{
    job_run(arg);
    return NULL;
}

/* The ciphertext of a shrouded key: EncryptedPrivateKeyInfo.encryptedData. */
static bool epki_ciphertext(span_t epki, span_t *ct)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, epki.p, epki.len);
    der_t root, s;
    der_init(&root, &ctx, NULL);
    asn1_elem alg;
    return der_enter(&root, ASN1_SEQUENCE, NULL, &s) == ASN1_OK && der_read(&s, ASN1_SEQUENCE, NULL, &alg) == ASN1_OK &&
           der_read_octets(&s, NULL, ct) == ASN1_OK;
}

/* Jobs for every safe and shrouded key not tried yet (keys only once their safe is open). */
static unsigned collect_jobs(p12_file *f, job_t *jobs, unsigned max, int prefer)
{
    unsigned n = 0;
    for (unsigned i = 0; i < f->nsafes && n < max; i++) {
        p12_safe *s = &f->safes[i];
        if (s->type != P12_SAFE_ENCRYPTED || s->state != P12_SAFE_NOT_TRIED)
            continue;
        job_t *j = &jobs[n++];
        memset(j, 0, sizeof *j);
        j->is_safe = true;
        j->index = i;
        j->alg = s->alg;
        j->in = s->ciphertext;
    }
    for (unsigned i = 0; i < f->nbags && n < max; i++) {
        p12_bag *b = &f->bags[i];
        if (b->type != P12_BAG_SHROUDED_KEY || b->state != P12_BAG_NOT_TRIED)
            continue;
        span_t ct;
        if (!epki_ciphertext(b->epki, &ct)) {
            b->state = P12_BAG_MALFORMED;
            snprintf(b->problem, sizeof b->problem, "EncryptedPrivateKeyInfo does not decode");
            continue;
        }
        job_t *j = &jobs[n++];
        memset(j, 0, sizeof *j);
        j->index = i;
        j->alg = b->alg;
        j->in = ct;
    }
    for (unsigned k = 0; k < n; k++) {
        jobs[k].prefer = prefer;
        jobs[k].pws = &f->pws;
        jobs[k].max_iter = f->opts.max_iter;
    }
    return n;
}

/*
 * Starts jobs[first..n) on threads (at most opts.threads - 1 at once beside the caller;
 * the rest, or all when threads cannot be made, run in finish_jobs).  The caller then
 * does its own work (the MAC) and calls finish_jobs.
 */
static unsigned start_jobs(p12_file *f, job_t *jobs, unsigned n, pthread_t *th, bool *started)
{
    unsigned t = f->opts.threads ? f->opts.threads : 1, running = 0;
    for (unsigned k = 0; k < n; k++) {
        started[k] = false;
        if (running + 1 < t && pthread_create(&th[k], NULL, job_thread, &jobs[k]) == 0) {
            started[k] = true;
            running++;
        }
    }
    return running;
}

static void finish_jobs(job_t *jobs, unsigned n, pthread_t *th, bool *started)
{
    for (unsigned k = 0; k < n; k++)
        if (!started[k] && !jobs[k].done)
            job_run(&jobs[k]);
    for (unsigned k = 0; k < n; k++)
        if (started[k])
            pthread_join(th[k], NULL);
}

static void discard_jobs(job_t *jobs, unsigned n)
{
    for (unsigned k = 0; k < n; k++)
        buf_wipe_free(&jobs[k].out);
}

/* Takes a finished job's result into the file (its plaintext buffer moves into f). */
static asn1_err apply_job(p12_file *f, job_t *j)
{
    char alg[96];
    alg_text(&j->alg, alg, sizeof alg);
    if (j->rc == ASN1_E_LIMIT)
        return p12__fail(f, j->rc, j->alg.offset, j->is_safe ? "authSafe" : "pkcs8ShroudedKeyBag", "%s", j->why);
    if (j->rc == ASN1_E_NOMEM || j->out.oom)
        return p12__fail(f, ASN1_E_NOMEM, 0, "", "out of memory");
    buf_t *b = NULL;
    if (j->rc == ASN1_OK) {
        b = p12__new_buf(f);
        if (!b)
            return p12__fail(f, ASN1_E_NOMEM, 0, "", "out of memory");
        *b = j->out;                 /* ownership moves: wiped by p12_free */
        buf_init(&j->out);
    }
    if (j->is_safe) {
        p12_safe *s = &f->safes[j->index];
        s->pw = j->used;
        if (j->rc == ASN1_OK) {
            s->state = P12_SAFE_OK;
            note_pw(f, &s->pw);
            return add_bags(f, j->index, span_make(b->p, b->len), false);
        }
        if (j->rc == ASN1_E_CRYPTO) {
            s->state = P12_SAFE_WRONG_PASSWORD;
            p12__msg(s->problem, sizeof s->problem, "wrong password for this safe (%s)", alg);
        } else {
            s->state = j->rc == ASN1_E_UNSUPPORTED ? P12_SAFE_UNSUPPORTED : P12_SAFE_MALFORMED;
            p12__msg(s->problem, sizeof s->problem, "%s", j->why);
        }
        return ASN1_OK;
    }
    p12_bag *bag = &f->bags[j->index];
    bag->pw = j->used;
    if (j->rc == ASN1_OK) {
        span_t der;
        TRY(normalise(f, span_make(b->p, b->len), "pkcs8ShroudedKeyBag", true, &der));
        bag = &f->bags[j->index];
        bag->key = der;
        bag->state = P12_BAG_OK;
        bag->problem[0] = 0;
        note_pw(f, &bag->pw);
        return ASN1_OK;
    }
    bag->state = j->rc == ASN1_E_CRYPTO ? P12_BAG_WRONG_PASSWORD
               : j->rc == ASN1_E_UNSUPPORTED ? P12_BAG_UNSUPPORTED : P12_BAG_MALFORMED;
    p12__msg(bag->problem, sizeof bag->problem, "%s", j->why);
    return ASN1_OK;
}

#define P12_MAX_JOBS 64

/*
 * Decrypts every safe and shrouded key (in rounds: keys inside encrypted safes come
 * into view when their safe opens), verifying the MAC meanwhile in the first round.
 */
static asn1_err decrypt_all(p12_file *f, bool verify_mac)
{
    job_t *jobs = calloc(P12_MAX_JOBS, sizeof *jobs);
    pthread_t *th = calloc(P12_MAX_JOBS, sizeof *th);
    bool *started = calloc(P12_MAX_JOBS, sizeof *started);
    asn1_err e = ASN1_OK;
    if (!jobs || !th || !started) {
        e = p12__fail(f, ASN1_E_NOMEM, 0, "", "out of memory");
        goto out;
    }
    for (unsigned round = 0; e == ASN1_OK; round++) {
        unsigned n = collect_jobs(f, jobs, P12_MAX_JOBS, round == 0 ? -1 : f->pw.cand);
        if (n == 0 && !(round == 0 && verify_mac))
            break;
        start_jobs(f, jobs, n, th, started);
        if (round == 0 && verify_mac) {
            e = p12__mac_verify(&f->mac, f->auth_safe, &f->pws, -1, f->opts.max_iter);
            if (f->mac.state == P12_MAC_VALID)
                f->pw = f->mac.pw;
        }
        finish_jobs(jobs, n, th, started);
        if (e == ASN1_E_LIMIT) {
            discard_jobs(jobs, n);
            e = p12__fail(f, e, f->mac.offset, "macData", "%s", f->mac.problem);
            break;
        }
        if (e != ASN1_OK) {
            discard_jobs(jobs, n);
            e = p12__fail(f, e, f->mac.offset, "macData", "MAC could not be computed");
            break;
        }
        if (round == 0 && verify_mac && f->mac.state == P12_MAC_MISMATCH && !f->opts.no_mac_verify) {
            bool opened = false;
            for (unsigned k = 0; k < n; k++)
                opened |= jobs[k].rc == ASN1_OK;
            discard_jobs(jobs, n);
            if (opened && !f->mac.problem[0])
                p12__note(f, false, ASN1_E_CRYPTO, f->mac.offset, "macData",
                          "the contents decrypt with this password: the MAC uses another password, or the "
                          "file was altered (--no-mac-verify goes on)");
            e = p12__fail(f, ASN1_E_CRYPTO, f->mac.offset, "macData", "%s",
                          f->mac.problem[0] ? f->mac.problem : p12_mac_state_msg(P12_MAC_MISMATCH));
            break;
        }
        for (unsigned k = 0; k < n && e == ASN1_OK; k++)
            e = apply_job(f, &jobs[k]);
        discard_jobs(jobs, n);
        if (e == ASN1_OK)
            e = check_caps(f);
    }
out:
    free(jobs);
    free(th);
    free(started);
    return e;
}

/* Every iteration count visible now, against the cap: refused before any work. */
static asn1_err check_caps(p12_file *f)
{
    const uint64_t cap = f->opts.max_iter;
    if (f->mac.present) {
        uint64_t it = f->mac.alg.kind == P12_ALG_PBMAC1 ? f->mac.alg.iterations : f->mac.iterations;
        if (it > cap)
            return p12__fail(f, ASN1_E_LIMIT, f->mac.alg.kind == P12_ALG_PBMAC1 ? f->mac.alg.offset
                             : f->mac.iterations_offset, f->mac.alg.kind == P12_ALG_PBMAC1
                             ? "macData.mac.digestAlgorithm" : "macData.iterations",
                             "MAC iteration count %llu is over the limit of %llu (--max-iter raises it)",
                             (unsigned long long)it, (unsigned long long)cap);
    }
    for (unsigned i = 0; i < f->nsafes; i++) {
        const p12_safe *s = &f->safes[i];
        if (s->type == P12_SAFE_ENCRYPTED && s->alg.iterations > cap) {
            char path[64];
            snprintf(path, sizeof path, "authSafe[%u].contentEncryptionAlgorithm", i);
            return p12__fail(f, ASN1_E_LIMIT, s->alg.offset, path,
                             "iteration count %llu is over the limit of %llu (--max-iter raises it)",
                             (unsigned long long)s->alg.iterations, (unsigned long long)cap);
        }
    }
    for (unsigned i = 0; i < f->nbags; i++) {
        const p12_bag *b = &f->bags[i];
        if (b->type == P12_BAG_SHROUDED_KEY && b->alg.iterations > cap) {
            char path[64];
            snprintf(path, sizeof path, "authSafe[%u].bag[%u].encryptionAlgorithm", b->safe, b->index);
            return p12__fail(f, ASN1_E_LIMIT, b->alg.offset, path,
                             "iteration count %llu is over the limit of %llu (--max-iter raises it)",
                             (unsigned long long)b->alg.iterations, (unsigned long long)cap);
        }
    }
    return ASN1_OK;
}

/* ------------------------------------------------------------------ entry */

asn1_err p12_read(p12_file *f, span_t in, const p12_passwords *pws, const p12_opts *opts)
{
    memset(f, 0, sizeof *f);
    if (opts)
        f->opts = *opts;
    if (f->opts.max_iter == 0)
        f->opts.max_iter = P12_DEFAULT_MAX_ITER;
    if (f->opts.max_nest == 0)
        f->opts.max_nest = P12_DEFAULT_MAX_NEST;
    if (f->opts.max_depth == 0)
        f->opts.max_depth = ASN1_DEFAULT_MAX_DEPTH;
    if (f->opts.threads == 0) {
        /* the caller's thread and one more per CPU: a usual PFX has three derivations
         * (MAC, certificate safe, key) and a 2-CPU machine then runs them in 1.5 units */
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        f->opts.threads = cpus < 1 ? 1 : cpus >= 3 ? 4 : (unsigned)cpus + 1;
    }
    f->pw.cand = -1;
    f->mac.pw.cand = -1;
    if (pws && pws->n > 0) {
        f->pws = *pws;
        if (f->pws.n > 3)
            f->pws.n = 3;
    } else {
        f->pws.pw[0] = NULL;
        f->pws.src[0] = P12_PW_ABSENT;
        f->pws.pw[1] = "";
        f->pws.src[1] = P12_PW_EMPTY;
        f->pws.n = 2;
    }

    /* 1. BER -> DER, once */
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, in.p, in.len);
    ctx.max_depth = f->opts.max_depth;
    if (in.len == 0)
        return p12__fail(f, ASN1_E_TRUNCATED, 0, "", "empty input");
    f->was_ber = asn1_is_ber(in, f->opts.max_depth);
    if (!buf_reserve(&f->pfx, in.len + in.len / 8 + 64)) /* no regrowth: keyBags are secrets */
        return p12__fail(f, ASN1_E_NOMEM, 0, "", "out of memory");
    if (asn1_ber_to_der(&ctx, in, &f->pfx, &f->consumed) != ASN1_OK)
        return p12__fail_ctx(f, &ctx, "");
    if (f->pfx.oom)
        return p12__fail(f, ASN1_E_NOMEM, 0, "", "out of memory");
    f->trailing = in.len - f->consumed;
    if (f->trailing)
        p12__note(f, true, ASN1_OK, f->consumed, "", "%zu bytes after the PFX (ignored)", f->trailing);

    /* 2. the PFX */
    asn1_ctx_init(&ctx, (const uint8_t *)f->pfx.p, f->pfx.len);
    ctx.max_depth = f->opts.max_depth;
    der_t root;
    der_init(&root, &ctx, NULL);
    asn1_err e = pfx_decode(f, &root);
    warnings_to_notes(f, &ctx, "");
    if (e != ASN1_OK)
        return p12__fail_ctx(f, &ctx, "");

    /* 3. the AuthenticatedSafe, then the bags of the plain safes */
    span_t as;
    TRY(normalise(f, f->auth_safe, "authSafe", false, &as));
    TRY(auth_safes(f, as));
    for (unsigned i = 0; i < f->nsafes; i++)
        if (f->safes[i].type == P12_SAFE_DATA)
            TRY(add_bags(f, i, f->safes[i].contents, true));

    /* 4. limits before any key derivation */
    TRY(check_caps(f));
    if (f->opts.no_decrypt) {
        f->mac.state = f->mac.present ? P12_MAC_NOT_CHECKED : P12_MAC_ABSENT;
        return ASN1_OK;
    }

    /* 5. the MAC, 6. the encrypted safes, 7. the shrouded keys (in parallel: see decrypt_all) */
    if (f->opts.skip_mac)
        f->mac.state = f->mac.present ? P12_MAC_NOT_CHECKED : P12_MAC_ABSENT;
    TRY(decrypt_all(f, !f->opts.skip_mac));
    return ASN1_OK;
}

void p12_free(p12_file *f)
{
    if (!f)
        return;
    buf_wipe_free(&f->pfx);
    for (unsigned i = 0; i < f->nbufs; i++) {
        buf_wipe_free(f->bufs[i]);
        free(f->bufs[i]);
    }
    free(f->bufs);
    for (unsigned i = 0; i < f->nbags; i++)
        p12__attrs_free(&f->bags[i].attrs);
    free(f->bags);
    free(f->safes);
    memset(f, 0, sizeof *f);
}

bool p12_complete(const p12_file *f)
{
    if (f->err.code != ASN1_OK)
        return false;
    for (unsigned i = 0; i < f->nsafes; i++)
        if (f->safes[i].state != P12_SAFE_OK)
            return false;
    for (unsigned i = 0; i < f->nbags; i++)
        if (f->bags[i].state != P12_BAG_OK && f->bags[i].state != P12_BAG_SKIPPED)
            return false;
    return true;
}
