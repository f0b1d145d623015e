/*
 * ext_ct.c - the Certificate Transparency SCT list extension (RFC 6962 3.3):
 * an OCTET STRING holding a TLS-encoded SignedCertificateTimestampList.
 *
 *   opaque SerializedSCT<1..2^16-1>;
 *   struct { SerializedSCT sct_list <1..2^16-1>; } SignedCertificateTimestampList;
 *   struct {
 *       Version sct_version;                 -- v1(0), one octet
 *       LogID id;                            -- opaque key_id[32]
 *       uint64 timestamp;                    -- milliseconds since the epoch
 *       CtExtensions extensions;             -- opaque <0..2^16-1>
 *       digitally-signed struct { ... };     -- SignatureAndHashAlgorithm (2 octets),
 *   } SignedCertificateTimestamp;            --   opaque signature<0..2^16-1>
 *
 * Every TLS vector is bounds-checked; a failure names its absolute offset and a
 * path such as "extnValue.sctList[1].signature".
 */
#include "x509/ext_impl.h"

#include <stdio.h>
#include <string.h>

static const char *const tls_hash[7] = { "none", "md5", "sha1", "sha224", "sha256", "sha384", "sha512" };
static const char *const tls_sig[4] = { "anonymous", "rsa", "dsa", "ecdsa" };

typedef struct tls_rd {
    der_t *c;               /* for errors: offsets and the path */
    const uint8_t *p, *end;
    int sct;                /* index of the SCT being read, -1 for the list */
} tls_rd;

/* The field name of what inside the SCT being read ("sctList[1].version"). */
static void tls_field(const tls_rd *r, const char *what, char *field, size_t n)
{
    if (r->sct >= 0)
        snprintf(field, n, "sctList[%d]%s%s", r->sct, what[0] ? "." : "", what);
    else
        snprintf(field, n, "sctList%s%s", what[0] ? "." : "", what);
}

static asn1_err tls_fail(tls_rd *r, const uint8_t *at, const char *what, asn1_err code, const char *msg)
{
    char field[64];
    tls_field(r, what, field, sizeof field);
    return der_fail(r->c, (size_t)(at - r->c->ctx->base), field, code, "%s", msg);
}

static asn1_err tls_short(tls_rd *r, const uint8_t *at, const char *what, const char *kind, size_t n)
{
    char msg[128];
    snprintf(msg, sizeof msg, "%s of %zu octets runs past the end (%zu left)", kind, n, (size_t)(r->end - r->p));
    return tls_fail(r, at, what, ASN1_E_TRUNCATED, msg);
}

static asn1_err tls_bytes(tls_rd *r, size_t n, const char *what, const uint8_t **out)
{
    if ((size_t)(r->end - r->p) < n)
        return tls_short(r, r->p, what, "field", n);
    *out = r->p;
    r->p += n;
    return ASN1_OK;
}

/* opaque x<0..2^16-1> */
static asn1_err tls_vec16(tls_rd *r, const char *what, span_t *v)
{
    const uint8_t *h = NULL, *b = NULL;
    TRY(tls_bytes(r, 2, what, &h));
    size_t n = (size_t)h[0] << 8 | h[1];
    if ((size_t)(r->end - r->p) < n)
        return tls_short(r, h, what, "vector", n);
    TRY(tls_bytes(r, n, what, &b));
    *v = span_make(b, n);
    return ASN1_OK;
}

/* "2023-01-01T00:00:00.123Z" */
static void ms_time(x509_sink *s, const char *key, const char *label, uint64_t ms)
{
    char t[40];
    if (ms / 1000 > 253402300799ull) {            /* past 9999-12-31: show the number */
        buf_t *b = x509_scratch_push();
        if (b) {
            buf_u64(b, ms);
            sink_strn(s, key, label, b->p, b->len);
            x509_scratch_pop();
        }
        return;
    }
    asn1_time_rfc3339((int64_t)(ms / 1000), t);
    size_t n = strlen(t);
    if (n < 2 || n + 4 >= sizeof t) {
        sink_str(s, key, label, t);
        return;
    }
    unsigned f = (unsigned)(ms % 1000);
    t[n - 1] = '.';
    t[n] = (char)('0' + f / 100);
    t[n + 1] = (char)('0' + f / 10 % 10);
    t[n + 2] = (char)('0' + f % 10);
    t[n + 3] = 'Z';
    t[n + 4] = '\0';
    sink_str(s, key, label, t);
}

static asn1_err one_sct(tls_rd *r, span_t sct, x509_sink *s)
{
    tls_rd in = { r->c, sct.p, sct.p + sct.len, r->sct };
    const uint8_t *ver = NULL, *id = NULL, *ts = NULL, *alg = NULL;
    span_t exts, sig;
    TRY(tls_bytes(&in, 1, "version", &ver));
    sink_obj(s, NULL, NULL);
    if (*ver != 0) {
        /* a later version: shown as it is, and said (only v1 is defined) */
        char field[64];
        tls_field(&in, "version", field, sizeof field);
        TRY(der_warn(r->c, (size_t)(ver - r->c->ctx->base), field,
                     "unknown SCT version v%u (value %u; RFC 6962 3.2 defines v1(0) only): not decoded",
                     (unsigned)*ver + 1, (unsigned)*ver));
        sink_num(s, "version", "Version", (int64_t)*ver + 1);
        sink_hex(s, "der", "Data", sct.p, sct.len);
        sink_end_obj(s);
        return ASN1_OK;
    }
    TRY(tls_bytes(&in, 32, "logID", &id));
    TRY(tls_bytes(&in, 8, "timestamp", &ts));
    TRY(tls_vec16(&in, "extensions", &exts));
    TRY(tls_bytes(&in, 2, "signatureAlgorithm", &alg));
    TRY(tls_vec16(&in, "signature", &sig));
    if (in.p != in.end)
        return der_fail(r->c, (size_t)(in.p - r->c->ctx->base), "", ASN1_E_TRAILING,
                        "%zu octets after the signature of SCT %d", (size_t)(in.end - in.p), r->sct);
    uint64_t ms = 0;
    for (int i = 0; i < 8; i++)
        ms = ms << 8 | ts[i];
    sink_num(s, "version", "Version", 1);
    sink_hex(s, "log_id", "Log ID", id, 32);
    ms_time(s, "timestamp", "Timestamp", ms);
    if (exts.len)
        sink_hex(s, "extensions", "Extensions", exts.p, exts.len);
    if (alg[0] < 7)
        sink_str(s, "hash_algorithm", "Hash algorithm", tls_hash[alg[0]]);
    else
        sink_num(s, "hash_algorithm", "Hash algorithm", alg[0]);
    if (alg[1] < 4)
        sink_str(s, "signature_algorithm", "Signature algorithm", tls_sig[alg[1]]);
    else
        sink_num(s, "signature_algorithm", "Signature algorithm", alg[1]);
    sink_num(s, "signature_length", "Signature length", (int64_t)sig.len);
    sink_end_obj(s);
    return ASN1_OK;
}

asn1_err ext_sct_list(der_t *c, x509_sink *s, const char *key, const char *label)
{
    asn1_elem e;
    der_t inner;
    TRY(der_read(c, ASN1_OCTET_STRING, "", &e));
    TRY(der_open(c, &e, "", -1, &inner));
    tls_rd r = { &inner, e.body.p, e.body.p + e.body.len, -1 };
    span_t list;
    TRY(tls_vec16(&r, "", &list));
    if (r.p != r.end)
        return der_fail(&inner, (size_t)(r.p - c->ctx->base), "sctList", ASN1_E_TRAILING,
                        "%zu octets after the SCT list", (size_t)(r.end - r.p));
    if (list.len == 0)
        TRY(der_warn(&inner, e.offset, "sctList", "empty SCT list (<1..2^16-1>, RFC 6962 3.3)"));
    tls_rd l = { &inner, list.p, list.p + list.len, 0 };
    sink_arr(s, key, label);
    while (l.p < l.end) {
        span_t sct;
        TRY(tls_vec16(&l, "", &sct));
        if (sct.len == 0)
            return tls_fail(&l, sct.p - 2, "", ASN1_E_VALUE, "empty SerializedSCT (<1..2^16-1>)");
        TRY(one_sct(&l, sct, s));
        l.sct++;
    }
    sink_end_arr(s);
    return ASN1_OK;
}
