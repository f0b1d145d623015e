/*
 * mac.c - the PFX integrity check.
 *
 *   MacData ::= SEQUENCE { mac DigestInfo, macSalt OCTET STRING, iterations INTEGER DEFAULT 1 }
 *
 * RFC 7292 section 5 / B.4: key = PKCS#12 KDF (ID 3, the MAC digest) over the
 * BMPString password, then HMAC over the authSafe content octets.  RFC 9579:
 * when digestAlgorithm is id-PBMAC1, the key is PBKDF2 (UTF-8 password, its own
 * salt, iterations, prf and the required keyLength) and the MAC is the
 * messageAuthScheme HMAC; macSalt and iterations are then ignored.
 * Four outcomes, never confused: valid, absent, mismatch, unsupported.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <string.h>

const char *p12_mac_state_msg(p12_mac_state s)
{
    switch (s) {
    case P12_MAC_ABSENT: return "no integrity check in this file";
    case P12_MAC_VALID: return "MAC valid";
    case P12_MAC_MISMATCH: return "wrong password, or the file was altered";
    case P12_MAC_UNSUPPORTED: return "MAC algorithm not supported";
    case P12_MAC_NOT_CHECKED: return "MAC not checked";
    }
    return "?";
}

/* PBMAC1 with one password form: PBKDF2 -> HMAC -> compare. */
static asn1_err pbmac1_try(const p12_mac *m, const uint8_t *pw, size_t pwlen, uint64_t max_iter, span_t data)
{
    const p12_alg *a = &m->alg;
    ck_hash prf = p12__digest_hash(a->prf_id), mac = p12__digest_hash(a->enc_id);
    if (prf == CK_HASH_NONE || mac == CK_HASH_NONE || a->kdf_id != OID_pbkdf2)
        return ASN1_E_UNSUPPORTED;
    uint8_t key[1024], out[CK_HASH_MAX_LEN];
    asn1_err e = pbkdf2_hmac(prf, pw, pwlen, a->salt, a->iterations, max_iter, key, (size_t)a->keylen);
    if (e == ASN1_OK)
        e = ck_hmac_memory(mac, key, (size_t)a->keylen, data.p, data.len, out);
    if (e == ASN1_OK && (m->digest.len != ck_hash_len(mac) || !ck_ct_equal(out, m->digest.p, m->digest.len)))
        e = ASN1_E_CRYPTO;
    explicit_bzero(key, sizeof key);
    explicit_bzero(out, sizeof out);
    return e;
}

asn1_err p12__mac_verify(p12_mac *m, span_t data, const p12_passwords *pws, int prefer, uint64_t max_iter)
{
    m->pw.cand = -1;
    m->pw.form = P12_PWF_NONE;
    m->problem[0] = 0;
    if (!m->present) {
        m->state = P12_MAC_ABSENT;
        return ASN1_OK;
    }
    if (max_iter == 0)
        max_iter = P12_DEFAULT_MAX_ITER;
    const p12_alg *a = &m->alg;
    if (!p12_alg_supported(a)) {
        m->state = P12_MAC_UNSUPPORTED;
        snprintf(m->problem, sizeof m->problem, "unsupported MAC: %s",
                 a->unsupported ? a->unsupported : "unknown algorithm");
        return ASN1_OK;
    }
    const bool pbmac1 = a->kind == P12_ALG_PBMAC1;
    const uint64_t iter = pbmac1 ? a->iterations : m->iterations;
    if (iter > max_iter) {
        snprintf(m->problem, sizeof m->problem,
                 "MAC iteration count %llu is over the limit of %llu (--max-iter raises it)",
                 (unsigned long long)iter, (unsigned long long)max_iter);
        return ASN1_E_LIMIT;
    }
    if (pbmac1 && !a->has_keylen) {
        /* RFC 9579 section 4: the PBKDF2 keyLength must be given */
        m->state = P12_MAC_MISMATCH;
        snprintf(m->problem, sizeof m->problem,
                 "PBMAC1 without a PBKDF2 keyLength (RFC 9579 requires it): cannot be verified");
        return ASN1_OK;
    }
    if (pbmac1 && a->keylen < ck_hash_len(p12__digest_hash(a->enc_id))) {
        m->state = P12_MAC_MISMATCH;
        snprintf(m->problem, sizeof m->problem,
                 "PBMAC1 keyLength %llu is shorter than the %s output (RFC 9579): refused",
                 (unsigned long long)a->keylen, ck_hash_name(p12__digest_hash(a->enc_id)));
        return ASN1_OK;
    }
    if (!pws || pws->n == 0) {
        m->state = P12_MAC_MISMATCH;
        return ASN1_OK;
    }
    const p12_pw_family fam = pbmac1 ? P12_FAM_PBKDF2 : P12_FAM_PKCS12;
    const ck_hash h = p12__digest_hash(a->enc_id);
    p12_pw_form forms[4];
    const unsigned nforms = p12__pw_forms(fam, forms);
    int order[3];
    const unsigned no = p12__pw_order(pws, prefer, order);
    bool tried_empty = false;
    for (unsigned f = 0; f < nforms; f++) {
        for (unsigned k = 0; k < no; k++) {
            p12_pw_bytes b;
            bool ok;
            TRY(p12__pw_make(pws->pw[order[k]], fam, forms[f], &b, &ok));
            if (!ok)
                continue;
            if (pbmac1 && b.bytes.len == 0) {
                if (tried_empty) {
                    p12__pw_wipe(&b);
                    continue;
                }
                tried_empty = true;
            }
            asn1_err e = pbmac1 ? pbmac1_try(m, (const uint8_t *)b.bytes.p, b.bytes.len, max_iter, data)
                                : pkcs12_mac_verify(h, b.utf8, m->salt, m->iterations, max_iter, data,
                                                    m->digest);
            p12__pw_wipe(&b);
            if (e == ASN1_OK) {
                m->state = P12_MAC_VALID;
                m->pw.cand = order[k];
                m->pw.form = forms[f];
                return ASN1_OK;
            }
            if (e == ASN1_E_UNSUPPORTED) {
                m->state = P12_MAC_UNSUPPORTED;
                buf_t d = BUF_INIT;
                p12_alg_describe(a, &d);
                snprintf(m->problem, sizeof m->problem, "unsupported MAC: %s", buf_cstr(&d));
                buf_free(&d);
                return ASN1_OK;
            }
            if (e == ASN1_E_LIMIT)
                return e;
            if (e != ASN1_E_CRYPTO) {
                m->state = P12_MAC_MISMATCH;
                snprintf(m->problem, sizeof m->problem, "MAC could not be computed: %s", asn1_err_name(e));
                return ASN1_OK;
            }
        }
    }
    m->state = P12_MAC_MISMATCH;
    return ASN1_OK;
}
