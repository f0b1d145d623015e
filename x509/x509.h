/*
 * x509.h - certkit's X.509 layer: zero-copy decoders for certificates (RFC 5280),
 * requests (RFC 2986) and CRLs, names, extensions, keys, signature verification
 * and chains.  Decoded structs hold spans into the caller's DER; nothing is copied.
 *
 * Output design: each extension (and every other structured value) is decoded by
 * ONE function that describes the value to an x509_sink - a small interface with
 * a JSON backend and an indented-text backend - so text and JSON never disagree
 * and a new extension is one table row plus one function (x509/ext.c).
 */
#ifndef CERTKIT_X509_H
#define CERTKIT_X509_H

#include "asn1/asn1.h"
#include "x509/verify.h"

/* ------------------------------------------------------------ algorithms */

/** AlgorithmIdentifier ::= SEQUENCE { algorithm OBJECT IDENTIFIER, parameters ANY OPTIONAL } */
typedef struct x509_alg {
    span_t der;         /* the whole AlgorithmIdentifier */
    span_t oid;         /* algorithm content bytes */
    oid_id id;          /* OID_UNKNOWN when not in the table */
    span_t params;      /* the parameters element (whole TLV), or empty when absent */
    size_t offset;
} x509_alg;

asn1_err x509_alg_decode(der_t *c, const char *field, x509_alg *out) CK_WUR;

/* ----------------------------------------------------------------- names */

/** Name ::= SEQUENCE OF RelativeDistinguishedName (RDNSequence), validated on decode. */
typedef struct x509_name {
    span_t der;         /* the whole Name (for byte-exact comparison and hashing) */
    span_t body;        /* its content: the RDNs */
    size_t offset;      /* absolute offset of der in ctx->base */
    unsigned nrdn;      /* RDNs */
    unsigned nattr;     /* AttributeTypeAndValues over all RDNs */
} x509_name;

/** One AttributeTypeAndValue, as the iterator yields it. */
typedef struct x509_attr {
    span_t oid;
    oid_id id;
    uint32_t tag;       /* the value's tag (a string type, or anything) */
    span_t value;       /* the value's content */
    span_t value_der;   /* the value's whole TLV */
    unsigned rdn;       /* 0-based RDN index */
    bool multi;         /* its RDN has more than one attribute */
    bool rdn_first;     /* first attribute of its RDN */
} x509_attr;

/**
 * Decodes a Name (the next element of c): every RDN a non-empty SET OF
 * AttributeTypeAndValue ::= SEQUENCE { type OID, value ANY }.  String values are
 * checked (invalid UTF-8/BMP: error; charset deviations: warnings); at most
 * X509_MAX_RDNS RDNs.
 */
#define X509_MAX_RDNS 1024
asn1_err x509_name_decode(der_t *c, const char *field, x509_name *out) CK_WUR;

typedef struct x509_name_iter {
    const uint8_t *rdn_p, *rdn_end;     /* remaining RDNs */
    const uint8_t *atv_p, *atv_end;     /* remaining attributes of the current RDN */
    unsigned rdn;
    bool multi, first;
} x509_name_iter;

/** Iterates the attributes of a decoded (hence valid) name in encoded order. */
void x509_name_iter_init(x509_name_iter *it, const x509_name *n);
bool x509_name_iter_next(x509_name_iter *it, x509_attr *a);

/** Short attribute name: "CN", "O", "OU", "C", "ST", "L", "STREET", "DC", "UID", "emailAddress"... or NULL. */
const char *x509_attr_short(oid_id id);
/** An attribute's value as UTF-8 (string types decoded; others as "#" + hex of the DER, RFC 4514 2.4). */
void x509_attr_value_utf8(const x509_attr *a, buf_t *out);
/** RFC 4514 string: RDNs in reverse order, "+" inside an RDN, RFC 4514 escaping, unknown types as OID=#hex. */
void x509_name_rfc4514(const x509_name *n, buf_t *out);
/** OpenSSL's one-line form (-nameopt oneline): "CN = a, O = b" in encoded order. */
void x509_name_oneline(const x509_name *n, buf_t *out);
/** The last CN value (UTF-8) into out; false when there is none. */
bool x509_name_cn(const x509_name *n, buf_t *out);
/** Byte-equal DER, or equal under RFC 5280 7.1 (case-insensitive, whitespace-folded strings). */
bool x509_name_equal(const x509_name *a, const x509_name *b);

/* ------------------------------------------------------------ value sink */

/**
 * Where decoders describe structured values.  Keys are JSON-schema field names
 * (snake_case); `label` is the human label the text backend prints (NULL: derived
 * from the key).  Inside arrays, key and label are NULL.
 */
typedef struct x509_sink x509_sink;
struct x509_sink {
    void (*obj_begin)(x509_sink *s, const char *key, const char *label);
    void (*obj_end)(x509_sink *s);
    void (*arr_begin)(x509_sink *s, const char *key, const char *label);
    void (*arr_end)(x509_sink *s);
    void (*str)(x509_sink *s, const char *key, const char *label, const char *v, size_t n);
    void (*num)(x509_sink *s, const char *key, const char *label, int64_t v);
    void (*boolean)(x509_sink *s, const char *key, const char *label, bool v);
    void (*null)(x509_sink *s, const char *key, const char *label);
    void (*hex)(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n);
    void *ctx;          /* backend state */
};

/** JSON backend: writes into j. */
void x509_sink_json(x509_sink *s, json_t *j);
/** Indented text backend: "label: value" lines at indent (spaces) into out. */
typedef struct x509_text_state {
    buf_t *out;
    unsigned indent;
    unsigned depth;
    unsigned arr_index[16];
    bool in_arr[16];
} x509_text_state;
void x509_sink_text(x509_sink *s, x509_text_state *st, buf_t *out, unsigned indent);

/* Convenience wrappers (NULL-safe on s). */
void sink_str(x509_sink *s, const char *key, const char *label, const char *v);
void sink_strn(x509_sink *s, const char *key, const char *label, const char *v, size_t n);
void sink_num(x509_sink *s, const char *key, const char *label, int64_t v);
void sink_bool(x509_sink *s, const char *key, const char *label, bool v);
void sink_null(x509_sink *s, const char *key, const char *label);
void sink_hex(x509_sink *s, const char *key, const char *label, const uint8_t *p, size_t n);
void sink_obj(x509_sink *s, const char *key, const char *label);
void sink_end_obj(x509_sink *s);
void sink_arr(x509_sink *s, const char *key, const char *label);
void sink_end_arr(x509_sink *s);
/** An OID as {"oid": dotted, "name": name} (name omitted when unknown). */
void sink_oid(x509_sink *s, const char *key, const char *label, span_t oid);
/** A name as the SPEC's {"rfc4514", "oneline", "rdns": [[{oid,name,type,value}]]}. */
void sink_name(x509_sink *s, const char *key, const char *label, const x509_name *n);
/** An AlgorithmIdentifier as {"oid", "name", "params"?}. */
void sink_alg(x509_sink *s, const char *key, const char *label, const x509_alg *a);
/** A time as RFC 3339 UTC. */
void sink_time(x509_sink *s, const char *key, const char *label, int64_t t);
/** A public key summary {"algorithm","bits","curve","exponent","spki_sha256"}. */
void sink_pubkey(x509_sink *s, const char *key, const char *label, const ck_pubkey *k);

/* ------------------------------------------------------------ extensions */

/** Extension ::= SEQUENCE { extnID OID, critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING } */
typedef struct x509_ext {
    span_t der;
    span_t oid;
    oid_id id;
    bool critical;
    span_t value;           /* extnValue content (the DER of the extension's own type) */
    size_t offset;          /* absolute offset of the Extension */
    size_t value_offset;    /* absolute offset of the extnValue content */
    unsigned index;         /* position in the list */
    bool malformed;         /* its value did not decode (a warning says where and why) */
    bool known;             /* certkit has a decoder for it */
} x509_ext;

#define X509_MAX_EXTS 64

/** The list of extensions of a certificate, a CRL, a CRL entry or a request. */
typedef struct x509_exts {
    x509_ext v[X509_MAX_EXTS];
    unsigned n;
    bool present;           /* the extensions field was encoded (even if empty) */
} x509_exts;

/**
 * Decodes Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension (the next element of c):
 * duplicates are errors (RFC 5280 4.2), unknown critical extensions warnings, and
 * each known extension's value is decoded once to validate it: a malformed value
 * sets ext.malformed and adds a warning with its offset and path; decoding goes on.
 * `where` selects the extension table context ("certificate", "crl", "crl entry", "request").
 */
asn1_err x509_exts_decode(der_t *c, const char *field, x509_exts *out) CK_WUR;

/** The first extension with this OID, or NULL. */
const x509_ext *x509_exts_find(const x509_exts *e, oid_id id);

/**
 * Describes one extension to a sink: {"oid","name","critical","value": decoded} with
 * `value` the decoded form, or {"der": hex} (and a text hex+ASCII dump) when unknown.
 * ctx is used for offsets of any error found while decoding.
 */
void x509_ext_describe(const x509_ext *e, x509_sink *s, asn1_ctx *ctx);

/** Describes GeneralNames (a SEQUENCE OF GeneralName at c) as the SPEC's list. */
asn1_err x509_general_names_describe(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;

/* Parsed forms of the extensions tools reason about. */
typedef struct x509_bc { bool present, ca; int64_t path_len; /* -1: none */ } x509_bc;
asn1_err x509_ext_basic_constraints(const x509_ext *e, asn1_ctx *ctx, x509_bc *out) CK_WUR;
/** keyUsage bits: bit 0 = digitalSignature ... bit 8 = decipherOnly. */
asn1_err x509_ext_key_usage(const x509_ext *e, asn1_ctx *ctx, uint16_t *bits) CK_WUR;
/** RFC 5280 names of key usage bits, index 0..8. */
extern const char *const x509_key_usage_names[9];
/** Calls fn for each KeyPurposeId (OID content) in extKeyUsage. */
asn1_err x509_ext_eku_each(const x509_ext *e, asn1_ctx *ctx, void (*fn)(void *arg, span_t oid), void *arg) CK_WUR;
asn1_err x509_ext_ski(const x509_ext *e, asn1_ctx *ctx, span_t *keyid) CK_WUR;
/** authorityKeyIdentifier keyIdentifier (empty span when absent). */
asn1_err x509_ext_aki(const x509_ext *e, asn1_ctx *ctx, span_t *keyid) CK_WUR;

/** One GeneralName, for tools that match names (certcheck) and URLs (chaincat). */
typedef struct x509_gname {
    unsigned type;          /* the [n] tag number: 0 otherName, 1 rfc822, 2 dNSName, 4 dirName, 6 URI, 7 iPAddress, 8 rid */
    span_t value;           /* content (for dirName: the Name's DER) */
} x509_gname;
/** Calls fn for each GeneralName in a SAN/IAN-like extension value (a GeneralNames). */
asn1_err x509_ext_gnames_each(const x509_ext *e, asn1_ctx *ctx, void (*fn)(void *arg, const x509_gname *g),
                              void *arg) CK_WUR;
/** Calls fn for every URI of the given access method (OID_ad_ocsp, OID_ad_caIssuers) in AIA. */
asn1_err x509_ext_aia_each(const x509_ext *e, asn1_ctx *ctx, oid_id method,
                           void (*fn)(void *arg, span_t uri), void *arg) CK_WUR;
/** Calls fn for every fullName URI in cRLDistributionPoints / freshestCRL. */
asn1_err x509_ext_crldp_each(const x509_ext *e, asn1_ctx *ctx, void (*fn)(void *arg, span_t uri),
                             void *arg) CK_WUR;

/* ----------------------------------------------------------- certificates */

/*
 * Certificate  ::=  SEQUENCE  {
 *      tbsCertificate       TBSCertificate,
 *      signatureAlgorithm   AlgorithmIdentifier,
 *      signatureValue       BIT STRING  }
 */
typedef struct x509_cert {
    span_t der;                 /* the whole Certificate */
    span_t tbs;                 /* the whole TBSCertificate (the signed bytes) */
    int version;                /* 1, 2 or 3 */
    span_t serial;              /* INTEGER content */
    x509_alg tbs_sig_alg;       /* tbsCertificate.signature */
    x509_name issuer;
    int64_t not_before, not_after;
    x509_name subject;
    ck_pubkey pubkey;
    span_t issuer_uid, subject_uid;   /* BIT STRING bytes, empty when absent */
    bool has_issuer_uid, has_subject_uid;
    x509_exts exts;
    x509_alg sig_alg;           /* signatureAlgorithm */
    span_t sig;                 /* signatureValue bytes */
    unsigned sig_unused;        /* its unused bits (non-zero: the signature cannot verify) */
    /* convenience, from the extensions (valid when the extension is present and well formed) */
    x509_bc bc;
    bool has_key_usage;
    uint16_t key_usage;
    span_t ski, aki;            /* keyIdentifiers, empty when absent */
} x509_cert;

/**
 * Decodes a certificate.  Resets ctx to der (keeping its strict/limit settings);
 * errors and warnings land in ctx with offsets into der.  Named leniencies are
 * warnings: negative, zero or over-20-octet serials, non-minimal INTEGERs, wrong
 * string types, v1/v2 certificates with extensions, unknown critical extensions,
 * tbsCertificate.signature != signatureAlgorithm.
 */
asn1_err x509_cert_decode(asn1_ctx *ctx, span_t der, x509_cert *out) CK_WUR;

/** True when issuer and subject are the same name (RFC 5280 "self-issued"). */
bool x509_cert_self_issued(const x509_cert *c);
/** Verifies cert's signature with issuer_key (use cert's own key for a self-signed one). */
ck_verify_result x509_cert_verify(const x509_cert *cert, const ck_pubkey *issuer_key, char *detail,
                                  size_t n);

/* ------------------------------------------------- describing certificates */

/** validity_status of a certificate at a time: notBefore <= at <= notAfter is valid. */
typedef enum x509_validity {
    X509_VALID = 0,
    X509_EXPIRED,
    X509_NOT_YET_VALID,
} x509_validity;

x509_validity x509_cert_validity(const x509_cert *c, int64_t at);
/** "valid", "expired", "not_yet_valid". */
const char *x509_validity_name(x509_validity v);

/** What describing a certificate needs besides the certificate (x509/cert_print.c). */
typedef struct x509_cert_info {
    const char *source;     /* file name, "-" for standard input */
    size_t index;           /* 0-based position of the certificate in that source */
    int64_t at;             /* validity_status and expiry are evaluated at this time */
    bool pem;               /* add "pem": the certificate as PEM */
    asn1_ctx *ctx;          /* the context x509_cert_decode filled (warnings); extension decoders use it */
} x509_cert_info;

/**
 * Describes a decoded certificate to a sink, every field of SPEC.md's `certdump --json`
 * schema in order: type, source, index, version, serial, serial_dec,
 * signature_algorithm, issuer, subject, not_before, not_after, validity_status,
 * public_key, extensions, the convenience fields of the extensions present
 * (subject_alt_names, key_usage, extended_key_usage, basic_constraints,
 * subject_key_id, authority_key_id, crl_distribution_points, ocsp, ca_issuers),
 * self_issued, fingerprints, warnings ("offset N: path: msg") and, with info->pem, pem.
 */
void x509_cert_describe(const x509_cert *c, x509_sink *s, const x509_cert_info *info);

/**
 * Appends the human text form of a certificate (x509/cert_text.c): openssl -text's
 * order, aligned labels, names in RFC 4514 and one-line form, ISO 8601 times with
 * "expires in N days", `name (oid)`, key size, fingerprints, warnings.
 */
void x509_cert_text(const x509_cert *c, buf_t *out, const x509_cert_info *info);

/** The top-level field names of the certdump JSON schema, NULL-terminated (for -f checks). */
extern const char *const x509_cert_fields[];

/* ------------------------------------------------------- the select sink */

/**
 * A third sink backend for `-f FIELD[,FIELD...]` (x509/sink_select.c): it captures
 * the values whose dotted path (object keys joined by dots, list positions left
 * out) equals one of the fields.  A scalar is its text (true/false, decimal, hex);
 * a list is its elements' values joined by commas; an object is its "rfc4514"
 * member when it has one (a name), else its "value" member (a general name), else
 * its members as key=value joined by commas.  Several matches are joined by commas.
 */
typedef struct x509_select x509_select;

/**
 * Parses a comma-separated field list.  When known is not NULL, each field's first
 * component must be one of its names.  ASN1_E_VALUE with why set on a bad list.
 */
asn1_err x509_select_new(const char *fields, const char *const *known, x509_select **out, char *why,
                         size_t whylen) CK_WUR;
void x509_select_free(x509_select *sel);
/** Points s at sel and forgets the values of the previous object. */
void x509_sink_select(x509_sink *s, x509_select *sel);
/** Appends the captured values, tab-separated, then a line feed. */
void x509_select_line(x509_select *sel, buf_t *out);

/* ---------------------------------------------------------------- PKCS#7 */

/** Called for each certificate of a PKCS#7 bundle: its DER, its offset in the (DER) PKCS#7. */
typedef asn1_err (*pkcs7_cert_fn)(void *arg, span_t cert, size_t offset, size_t index);

/**
 * Calls fn for every certificate in a PKCS#7 / CMS ContentInfo of type signedData
 * (RFC 5652 5.1; certs-only .p7b/.p7c included): ContentInfo ::= SEQUENCE {
 * contentType, content [0] EXPLICIT SignedData }, SignedData's certificates
 * [0] IMPLICIT CertificateSet.  BER (indefinite lengths, constructed strings: Windows,
 * Apple, Java) is converted to DER first.  Other CertificateChoices (attribute
 * certificates) are skipped with a warning.  Resets ctx to the (converted) DER; the
 * spans given to fn live until pkcs7_certs_each returns.  fn returning an error
 * stops the walk with that error.
 */
asn1_err pkcs7_certs_each(asn1_ctx *ctx, span_t der, pkcs7_cert_fn fn, void *arg) CK_WUR;

#endif /* CERTKIT_X509_H */
