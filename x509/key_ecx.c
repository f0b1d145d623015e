/*
 * key_ecx.c - Ed25519, Ed448, X25519 and X448 private keys (RFC 8410 7): the
 * CurvePrivateKey OCTET STRING inside PKCS#8's privateKey.  The public key is
 * computed with libsodium for Ed25519 (crypto_sign_seed_keypair) and X25519
 * (crypto_scalarmult_base) and checked against a v2 publicKey; for Ed448 and X448,
 * which libsodium lacks, it is taken from the publicKey when the file has one.
 */
#include "x509/key_impl.h"

#include <sodium.h>
#include <string.h>

static const struct {
    ck_key_type type;
    oid_id oid;
    const char *name;
    size_t priv_len, pub_len, bits;
} ecx[] = {
    { CK_KEY_ED25519, OID_Ed25519, "Ed25519", 32, 32, 253 },
    { CK_KEY_X25519, OID_X25519, "X25519", 32, 32, 253 },
    { CK_KEY_ED448, OID_Ed448, "Ed448", 57, 57, 456 },
    { CK_KEY_X448, OID_X448, "X448", 56, 56, 448 },
};

/* CurvePrivateKey ::= OCTET STRING */
asn1_err ck__ecx_decode(der_t *c, const char *field, ck_privkey *k)
{
    size_t i = 0;
    while (i < sizeof ecx / sizeof ecx[0] && ecx[i].type != k->type)
        i++;
    if (i == sizeof ecx / sizeof ecx[0])
        return der_fail(c, der_offset(c), field, ASN1_E_UNSUPPORTED, "not an RFC 8410 key type");
    size_t at = der_offset(c);
    span_t raw;
    TRY(der_read_octets(c, field, &raw));
    if (raw.len != ecx[i].priv_len)
        return der_fail(c, at, field, ASN1_E_VALUE, "%s private key of %zu bytes, not %zu", ecx[i].name,
                        raw.len, ecx[i].priv_len);
    k->raw = raw;
    k->bits = ecx[i].bits;

    ck_pubkey *pub = &k->pub;
    pub->type = k->type;
    pub->alg_oid = oid_der(ecx[i].oid);
    size_t pub_at = k->has_pkcs8_pub ? k->pkcs8_pub_offset : at;
    if (k->has_pkcs8_pub && k->pkcs8_pub.len != ecx[i].pub_len)
        return asn1_fail_at(c->ctx, pub_at, "publicKey", ASN1_E_VALUE, "%s public key of %zu bytes, not %zu",
                            ecx[i].name, k->pkcs8_pub.len, ecx[i].pub_len);

    uint8_t pk[32];
    bool derived = false;
    if (k->type == CK_KEY_ED25519 || k->type == CK_KEY_X25519) {
        if (sodium_init() < 0)
            return der_fail(c, at, field, ASN1_E_CRYPTO, "libsodium could not start");
        if (k->type == CK_KEY_ED25519) {
            uint8_t sk[crypto_sign_SECRETKEYBYTES];
            int rc = crypto_sign_seed_keypair(pk, sk, raw.p);
            sodium_memzero(sk, sizeof sk);
            derived = rc == 0;
        } else {
            derived = crypto_scalarmult_base(pk, raw.p) == 0;
        }
        if (!derived)
            return der_fail(c, at, field, ASN1_E_CRYPTO, "could not compute the %s public key", ecx[i].name);
    }
    if (derived) {
        if (k->has_pkcs8_pub) {
            if (!span_eq(k->pkcs8_pub, span_make(pk, sizeof pk)))
                return asn1_fail_at(c->ctx, pub_at, "publicKey", ASN1_E_VALUE,
                                    "publicKey does not match the private key: the key is damaged");
            pub->raw = k->pkcs8_pub;
        } else {
            pub->raw = ck__pub_put(k, pk, sizeof pk);
            k->pub_derived = true;
        }
    } else if (k->has_pkcs8_pub) {
        pub->raw = k->pkcs8_pub;
    } else {
        ck__no_pub(k, "the %s key holds no publicKey and certkit cannot compute %s public keys", ecx[i].name,
                   ecx[i].name);
        return ASN1_OK;
    }
    pub->key_bits = pub->raw;
    k->has_pub = true;
    return ASN1_OK;
}
