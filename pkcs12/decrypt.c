/*
 * decrypt.c - trial decryption of a safe or a shrouded key: each candidate
 * password (absent, empty, given) in each form its scheme's family accepts,
 * standard form first.  A trial succeeds only when the padding is right and the
 * plaintext decodes as what it must be (SafeContents, PrivateKeyInfo), so a lucky
 * "01" padding byte under a wrong key (1 in 256) is not taken for success.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <string.h>

static p12_pw_family family_of(const p12_alg *a)
{
    switch (a->kind) {
    case P12_ALG_PKCS12_PBE:
    case P12_ALG_HMAC:
        return P12_FAM_PKCS12;
    case P12_ALG_PBES1:
        return P12_FAM_PBKDF1;
    default:
        return P12_FAM_PBKDF2;
    }
}

asn1_err p12__decrypt_one(const p12_alg *a, const p12_pw_bytes *pw, uint64_t max_iter, span_t in,
                          buf_t *out)
{
    switch (a->kind) {
    case P12_ALG_PKCS12_PBE: {
        pbe_scheme s = pbe_from_oid(a->id);
        if (s == PBE_NONE)
            return ASN1_E_UNSUPPORTED;
        return pbe_pkcs12_decrypt(s, pw->utf8, a->salt, a->iterations, max_iter, in, out);
    }
    case P12_ALG_PBES1: {
        pbe_scheme s = pbe_from_oid(a->id);
        if (s == PBE_NONE)
            return ASN1_E_UNSUPPORTED;
        return pbes1_decrypt(s, (const uint8_t *)pw->bytes.p, pw->bytes.len, a->salt, a->iterations,
                             max_iter, in, out);
    }
    case P12_ALG_PBES2: {
        pbes2_params p;
        TRY(p12__pbes2_params(a, &p));
        return pbes2_decrypt(&p, (const uint8_t *)pw->bytes.p, pw->bytes.len, max_iter, in, out);
    }
    default:
        return ASN1_E_UNSUPPORTED;
    }
}

static void describe(const p12_alg *a, char *why, size_t whylen, const char *fmt)
{
    buf_t d = BUF_INIT;
    p12_alg_describe(a, &d);
    snprintf(why, whylen, fmt, buf_cstr(&d));
    buf_free(&d);
}

asn1_err p12__decrypt(const p12_alg *a, const p12_passwords *pws, int prefer, uint64_t max_iter,
                      span_t in, p12_plain_check check, void *arg, buf_t *out, p12_pw_used *used,
                      char *why, size_t whylen)
{
    used->cand = -1;
    used->form = P12_PWF_NONE;
    if (why && whylen)
        why[0] = 0;
    if (!p12_alg_supported(a)) {
        if (why)
            snprintf(why, whylen, "unsupported: %s", a->unsupported ? a->unsupported : "algorithm");
        return ASN1_E_UNSUPPORTED;
    }
    if (max_iter == 0)
        max_iter = P12_DEFAULT_MAX_ITER;
    if (a->kind == P12_ALG_PBES2 && a->kdf_id == OID_scrypt &&
        scrypt_check(a->iterations, a->scrypt_r, a->scrypt_p, scrypt_work_limit(max_iter)) != ASN1_OK) {
        if (why)
            snprintf(why, whylen, "scrypt cost N=%llu r=%llu p=%llu is over the limit (%llu MiB, N*r*p %llu)",
                     (unsigned long long)a->iterations, (unsigned long long)a->scrypt_r,
                     (unsigned long long)a->scrypt_p, (unsigned long long)(CK_SCRYPT_MAX_MEM >> 20),
                     (unsigned long long)scrypt_work_limit(max_iter));
        return ASN1_E_LIMIT;
    }
    if (a->iterations > max_iter) {
        if (why)
            snprintf(why, whylen, "iteration count %llu is over the limit of %llu (--max-iter raises it)",
                     (unsigned long long)a->iterations, (unsigned long long)max_iter);
        return ASN1_E_LIMIT;
    }
    if (!pws || pws->n == 0) {
        if (why)
            snprintf(why, whylen, "no password to try");
        return ASN1_E_CRYPTO;
    }
    const p12_pw_family fam = family_of(a);
    p12_pw_form forms[4];
    const unsigned nforms = p12__pw_forms(fam, forms);
    /* the order of candidates: the preferred one first, then the others */
    int order[3];
    const unsigned no = p12__pw_order(pws, prefer, order);

    buf_t plain = BUF_INIT;
    asn1_err last = ASN1_E_CRYPTO;
    bool tried_empty_bytes = false;
    for (unsigned f = 0; f < nforms; f++) {
        for (unsigned k = 0; k < no; k++) {
            const char *pw = pws->pw[order[k]];
            p12_pw_bytes b;
            bool ok;
            asn1_err e = p12__pw_make(pw, fam, forms[f], &b, &ok);
            if (e != ASN1_OK) {
                buf_wipe_free(&plain);
                return e;
            }
            if (!ok)
                continue;
            /* for octet-string families, absent and "" are the same zero octets */
            if (fam != P12_FAM_PKCS12 && b.bytes.len == 0) {
                if (tried_empty_bytes) {
                    p12__pw_wipe(&b);
                    continue;
                }
                tried_empty_bytes = true;
            }
            buf_reset(&plain);
            e = p12__decrypt_one(a, &b, max_iter, in, &plain);
            p12__pw_wipe(&b);
            if (e == ASN1_OK && check && !check(span_make(plain.p, plain.len), arg))
                e = ASN1_E_CRYPTO;
            if (e == ASN1_OK) {
                used->cand = order[k];
                used->form = forms[f];
                buf_put(out, plain.p, plain.len);
                buf_wipe_free(&plain);
                return out->oom ? ASN1_E_NOMEM : ASN1_OK;
            }
            if (e != ASN1_E_CRYPTO) {
                /* not a wrong password: the parameters or the data themselves are wrong */
                buf_wipe_free(&plain);
                if (why) {
                    if (e == ASN1_E_UNSUPPORTED)
                        describe(a, why, whylen, "unsupported: %s");
                    else if (e == ASN1_E_VALUE)
                        describe(a, why, whylen, "%s: parameters or ciphertext length do not fit the cipher");
                    else if (e == ASN1_E_LIMIT)
                        snprintf(why, whylen, "iteration count %llu is over the limit",
                                 (unsigned long long)a->iterations);
                    else
                        describe(a, why, whylen, "%s: decryption failed");
                }
                return e;
            }
            last = e;
        }
    }
    buf_wipe_free(&plain);
    if (why)
        describe(a, why, whylen, "wrong password for this bag (%s)");
    return last;
}
