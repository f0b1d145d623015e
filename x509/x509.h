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
#include "x509/key.h"

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
#define X509_MAX_RDNS (1u << 20)   /* a name that big is legal DER; the object limit bounds it */
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
/**
 * Exactly what `openssl x509 -nameopt RFC2253,utf8 -subject` prints after "subject=", for
 * differential tests.  Differs from x509_name_rfc4514: attributes inside a multi-valued RDN
 * are reversed too, OpenSSL's short names ("street", "emailAddress"), bytes >= 0x80 and
 * control characters escaped as \XX (uppercase hex), types OpenSSL cannot print as
 * strings (VideotexString, GraphicString, GeneralString, non-strings) as #hex of the DER.
 */
void x509_name_openssl_rfc2253(const x509_name *n, buf_t *out);
/** The last CN value (UTF-8) into out; false when there is none. */
bool x509_name_cn(const x509_name *n, buf_t *out);
/** Byte-equal DER, or equal under RFC 5280 7.1 (case-insensitive, whitespace-folded strings). */
bool x509_name_equal(const x509_name *a, const x509_name *b);

/* ------------------------------------------------------------ value sink */

/**
 * Where decoders describe structured values.  Keys are JSON-schema field names
 * (snake_case); `label` is the human label the text backend prints (NULL: derived
 * from the key).  Inside arrays, key and label are NULL.  A label of "" means
 * "JSON only": the text backend skips that value and everything inside it.
 * Text backend layout: "Label: value" lines; a container with a label or key is a
 * "Label:" line with its contents 4 spaces deeper; a container without either (an
 * array item) adds no line, and when it takes more than one line its first line
 * gets a "- " bullet (YAML-like); hex is colon-separated, wrapped when long.
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
    /* sink.c's bookkeeping per nesting level (1..16): flags, indent added, and the
     * position of an item's first line (for the "- " bullet of multi-line items) */
    uint8_t lvl_flags[17];
    uint8_t lvl_inc[17];
    size_t lvl_pos[17];
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
 * field names the list in paths ("" when c is already the cursor named "extensions").
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
/** OpenSSL's display label of a known extension ("X509v3 Subject Alternative Name"), or NULL. */
const char *x509_ext_label(oid_id id);

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
    bool openssl_names;     /* add "subject_openssl" and "issuer_openssl" (x509_name_openssl_rfc2253) */
    const struct x509_select *only;  /* when set, only the fields it wants are described (-f: faster) */
} x509_cert_info;

/**
 * Describes a decoded certificate to a sink, every field of SPEC.md's `certdump --json`
 * schema in order: type, source, index, version, serial, serial_dec,
 * signature_algorithm, issuer, subject, not_before, not_after, validity_status,
 * public_key, extensions, the convenience fields of the extensions present
 * (subject_alt_names, key_usage, extended_key_usage, basic_constraints,
 * subject_key_id, authority_key_id, crl_distribution_points, ocsp, ca_issuers),
 * self_issued, fingerprints, warnings ("offset N: path: msg") and, with info->pem, pem.
 * With info->openssl_names also subject_openssl and issuer_openssl, the names as
 * `openssl x509 -nameopt RFC2253,utf8` prints them (certdump -f, differential tests).
 */
void x509_cert_describe(const x509_cert *c, x509_sink *s, const x509_cert_info *info);

/**
 * Appends the human text form of a certificate (x509/cert_text.c): openssl -text's
 * order, aligned labels, names in RFC 4514 and one-line form, ISO 8601 times with
 * "expires in N days", `name (oid)`, key size, fingerprints, warnings.
 */
void x509_cert_text(const x509_cert *c, buf_t *out, const x509_cert_info *info);

/* Fingerprints: ck_sha1() / ck_sha256() / ck_hash_ctx (pkcs12/crypto.h), the one hash
 * layer, with the x86 SHA extensions where the CPU has them. */

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
/** True when one of the fields is top or lies under it ("pem", "subject" for "subject.rfc4514"). */
bool x509_select_wants(const x509_select *sel, const char *top);

/* ---------------------------------------------------------------- PKCS#7 */

/** Called for each certificate of a PKCS#7 bundle: its DER, its offset in the (DER) PKCS#7. */
typedef asn1_err (*pkcs7_cert_fn)(void *arg, span_t cert, size_t offset, size_t index);

/**
 * Calls fn for every certificate in a PKCS#7 / CMS ContentInfo of type signedData
 * (RFC 5652 5.1; certs-only .p7b/.p7c included): ContentInfo ::= SEQUENCE {
 * contentType, content [0] EXPLICIT SignedData }, SignedData's certificates
 * [0] IMPLICIT CertificateSet.  BER (indefinite lengths, constructed strings: Windows,
 * Apple, Java) is converted to DER first.  Other CertificateChoices (attribute
 * certificates) and bytes after the ContentInfo are skipped with a warning.  Resets
 * ctx to the (converted) DER; the spans given to fn live until pkcs7_certs_each
 * returns.  fn returning an error stops the walk with that error.
 */
asn1_err pkcs7_certs_each(asn1_ctx *ctx, span_t der, pkcs7_cert_fn fn, void *arg) CK_WUR;

/* ------------------------------------------------------------------- CRLs */

/*
 * CertificateList  ::=  SEQUENCE  {
 *      tbsCertList          TBSCertList,
 *      signatureAlgorithm   AlgorithmIdentifier,
 *      signatureValue       BIT STRING  }
 * The revoked entries are not stored: decode validates and counts them in one pass,
 * and x509_crl_iter walks them again for printing, so a CRL with a million entries
 * needs no list in memory.
 */
typedef struct x509_crl {
    span_t der;
    span_t tbs;                 /* the signed bytes */
    int version;                /* 1 or 2 */
    x509_alg tbs_sig_alg;
    x509_name issuer;
    int64_t this_update;
    int64_t next_update;
    bool has_next_update;
    span_t revoked;             /* content of revokedCertificates (empty when absent) */
    size_t revoked_offset;      /* absolute offset of that content */
    bool has_revoked;
    uint64_t revoked_count;
    x509_exts exts;             /* crlExtensions */
    x509_alg sig_alg;
    span_t sig;
    unsigned sig_unused;
    /* convenience */
    span_t crl_number;          /* INTEGER content, empty when absent */
    span_t delta_base;          /* deltaCRLIndicator BaseCRLNumber, empty when absent */
    span_t aki;                 /* authorityKeyIdentifier keyIdentifier */
} x509_crl;

/** One revoked certificate, as the iterator yields it. */
typedef struct x509_crl_entry {
    span_t der;
    size_t offset;
    uint64_t index;
    span_t serial;              /* INTEGER content */
    int64_t date;               /* revocationDate */
    x509_exts exts;             /* crlEntryExtensions */
    int reason;                 /* CRLReason 0..10, -1 when absent */
    bool has_invalidity_date;
    int64_t invalidity_date;
    const x509_ext *cert_issuer;/* certificateIssuer (indirect CRLs), or NULL */
} x509_crl_entry;

/** Decodes a CRL (resets ctx to der), validating every entry once. */
asn1_err x509_crl_decode(asn1_ctx *ctx, span_t der, x509_crl *out) CK_WUR;

typedef struct x509_crl_iter {
    der_t list;                 /* over the revokedCertificates content */
    der_t parent;
    uint64_t index;
    /* optional (NULL after x509_crl_iter_init): called every X509_CRL_RELEASE_EVERY
     * entries with the start of the next entry; the bytes before it are not read again
     * by this walk, so a caller that mapped a large file can drop them (madvise) */
    void (*release)(void *arg, const uint8_t *upto);
    void *release_arg;
} x509_crl_iter;

#define X509_CRL_RELEASE_EVERY 16384

/** x509_crl_decode with the release callback of x509_crl_iter for its pass over the entries. */
asn1_err x509_crl_decode_ex(asn1_ctx *ctx, span_t der, x509_crl *out,
                            void (*release)(void *arg, const uint8_t *upto), void *arg) CK_WUR;

/** Starts walking the entries of a decoded CRL (ctx must still hold the CRL's bytes). */
void x509_crl_iter_init(x509_crl_iter *it, asn1_ctx *ctx, const x509_crl *crl);
/** The next entry: ASN1_OK, ASN1_E_NOTFOUND after the last one, or an error. */
asn1_err x509_crl_next(x509_crl_iter *it, x509_crl_entry *e) CK_WUR;
/** RFC 5280 name of a CRLReason ("keyCompromise"...), or NULL when out of range. */
const char *x509_crl_reason_name(int reason);
/** Verifies the CRL's signature with the issuer's key. */
ck_verify_result x509_crl_verify(const x509_crl *crl, const ck_pubkey *issuer_key, char *detail, size_t n);
/**
 * The digest of the CRL's TBS that its signature algorithm needs (ck_sig_alg_hash),
 * computed in 1 MiB pieces with release (may be NULL) called behind each, so that a
 * mapped CRL of any size is hashed in a few MiB of memory.  digest receives
 * CK_HASH_MAX_LEN bytes at most, *dlen its length.  CK_VERIFY_VALID with *h =
 * CK_HASH_NONE for Ed25519 (nothing hashed: use x509_crl_verify); otherwise the
 * outcome ck_verify would give for the algorithm.
 */
ck_verify_result x509_crl_tbs_digest(const x509_crl *crl, ck_hash *h, uint8_t *digest, size_t *dlen,
                                     void (*release)(void *arg, const uint8_t *upto), void *arg,
                                     char *detail, size_t n);
/** x509_crl_verify over a digest from x509_crl_tbs_digest (one digest, any number of candidate keys). */
ck_verify_result x509_crl_verify_digest(const x509_crl *crl, ck_hash h, const uint8_t *digest, size_t dlen,
                                        const ck_pubkey *issuer_key, char *detail, size_t n);

/* --------------------------------------------------------------- requests */

/*
 * CertificationRequest ::= SEQUENCE {
 *      certificationRequestInfo CertificationRequestInfo,
 *      signatureAlgorithm AlgorithmIdentifier,
 *      signature          BIT STRING }
 */
typedef struct x509_csr {
    span_t der;
    span_t info;                /* the whole CertificationRequestInfo (the signed bytes) */
    int64_t version;            /* 0 for v1 */
    x509_name subject;
    ck_pubkey pubkey;
    span_t attrs;               /* content of attributes [0] (may be empty) */
    size_t attrs_offset;
    unsigned nattrs;
    x509_exts exts;             /* from the extensionRequest attribute */
    bool has_ext_req;
    x509_alg sig_alg;
    span_t sig;
    unsigned sig_unused;
} x509_csr;

/** One Attribute ::= SEQUENCE { type OID, values SET SIZE(1..MAX) OF ANY }. */
typedef struct x509_csr_attr {
    span_t oid;
    oid_id id;
    span_t values;              /* content of the SET */
    size_t values_offset;
    unsigned nvalues;
    size_t offset;
} x509_csr_attr;

/** Decodes a PKCS#10 request (resets ctx to der). */
asn1_err x509_csr_decode(asn1_ctx *ctx, span_t der, x509_csr *out) CK_WUR;
/** Calls fn for each attribute in encoded order (the request must be decoded). */
void x509_csr_attrs_each(const x509_csr *csr, void (*fn)(void *arg, const x509_csr_attr *a), void *arg);
/** Verifies the request's self-signature with its own public key. */
ck_verify_result x509_csr_verify(const x509_csr *csr, char *detail, size_t n);

/* ----------------------------------------- describing requests (csr_print.c) */

/** What describing a request needs besides the request. */
typedef struct x509_csr_info {
    const char *source;         /* file name, "-" for standard input */
    size_t index;               /* 0-based position in that source */
    bool pem;                   /* add "pem": the request as PEM */
    bool show_secrets;          /* challengePassword in clear (else "<redacted>") */
    asn1_ctx *ctx;              /* the context x509_csr_decode filled (warnings) */
    ck_verify_result sig;       /* x509_csr_verify's result */
    const char *sig_detail;     /* its explanation, or NULL */
    bool openssl_names;         /* add "subject_openssl" (x509_name_openssl_rfc2253), as certdump -f */
} x509_csr_info;

/**
 * Describes one attribute's value to s under key/label: challengePassword (the
 * string, or "<redacted>"), unstructuredName/unstructuredAddress (strings),
 * extensionRequest (its extensions), msOSVersion (IA5String), msEnrollmentCSPProvider
 * {key_spec, csp_name, signature}, msRequestClientInfo {client_id, machine, user,
 * process}, the certificate template name (...311.20.2) and template
 * {template_id, major_version, minor_version} (...311.21.7), msEnrollmentNameValuePair
 * {name, value}; any other attribute as {"der": hex} of its value.  Several values
 * are a list.  With s == NULL it only validates (x509_csr_decode does that, turning a
 * malformed value into a warning).  c reads the content of the attribute's SET.
 */
asn1_err x509_csr_attr_value(der_t *c, const x509_csr_attr *a, x509_sink *s, const char *key,
                             const char *label, bool show_secrets) CK_WUR;

/**
 * Describes a decoded request to a sink, SPEC.md's `csrdump --json` schema in order:
 * type ("csr"), source, index, version (1 for PKCS#10 v1), subject, public_key,
 * signature_algorithm, signature_valid (bool; null when it cannot be checked),
 * signature_status ("valid"|"invalid"|"unsupported"|"error"), attributes
 * [{oid,name,value}], extensions, the certdump convenience fields present
 * (subject_alt_names, key_usage, extended_key_usage, basic_constraints,
 * subject_key_id, authority_key_id, crl_distribution_points, ocsp, ca_issuers),
 * fingerprints, warnings and, with info->pem, pem.
 */
void x509_csr_describe(const x509_csr *c, x509_sink *s, const x509_csr_info *info);
/** Appends the human text form of a request (the certdump text layout). */
void x509_csr_text(const x509_csr *c, buf_t *out, const x509_csr_info *info);
/** The top-level field names of the csrdump JSON schema, NULL-terminated (for -f). */
extern const char *const x509_csr_fields[];

/* --------------------------------------------- describing CRLs (crl_print.c) */

/** What describing a CRL needs besides the CRL. */
typedef struct x509_crl_info {
    const char *source;         /* file name, "-" for standard input */
    size_t index;               /* 0-based position in that source */
    int64_t at;                 /* `expired` is evaluated at this time */
    bool pem;                   /* add "pem": the CRL as PEM */
    bool openssl_names;         /* add "issuer_openssl" (x509_name_openssl_rfc2253), as certdump -f */
    bool no_entries;            /* leave the "revoked" list out */
    asn1_ctx *ctx;              /* the context x509_crl_decode filled (warnings) */
    /* the signature as checked against an issuer certificate (--issuer), if it was */
    bool sig_checked;
    ck_verify_result sig;
    const x509_name *sig_issuer;/* the subject of the certificate whose key was used, or NULL */
    const char *sig_detail;
    /*
     * Streaming: called every few hundred entries, between two entries, so that the
     * caller can write out the buffer its sink or text printer appends to (e.g.
     * cli_out_check); NULL: everything stays in the buffer.  No backend keeps a
     * position in the buffer across entries, so the buffer may be emptied then.
     */
    void (*flush)(void *arg);
    void *flush_arg;
    /* optional: as x509_crl_iter's release, for the walks over the entries and the
     * fingerprints (the caller mapped the file and drops what was read) */
    void (*release)(void *arg, const uint8_t *upto);
    void *release_arg;
} x509_crl_info;

/** nextUpdate has passed at `at` (a CRL without nextUpdate never expires). */
bool x509_crl_expired(const x509_crl *crl, int64_t at);

/** One entry as the SPEC's {serial, date, reason, invalidity_date, certificate_issuer}. */
void x509_crl_entry_describe(const x509_crl_entry *e, x509_sink *s, asn1_ctx *ctx);

/**
 * Describes a decoded CRL to a sink, SPEC.md's `crldump --json` schema in order: type
 * ("crl"), source, index, version, signature_algorithm, issuer, this_update,
 * next_update (or null), expired, crl_number (decimal string or null),
 * delta_crl_indicator (decimal string or null), authority_key_id, extensions,
 * revoked_count, revoked (streamed from x509_crl_iter; left out with
 * info->no_entries), signature_valid and signature_issuer (null unless checked),
 * fingerprints, warnings and, with info->pem, pem.  An entry that fails to decode on
 * the second walk (cannot happen after x509_crl_decode) ends the list.
 */
void x509_crl_describe(const x509_crl *crl, x509_sink *s, const x509_crl_info *info);
/** Appends the human text form of a CRL, entries streamed (see info->flush). */
void x509_crl_text(const x509_crl *crl, buf_t *out, const x509_crl_info *info);
/** The top-level field names of the crldump JSON schema, NULL-terminated (for -f). */
extern const char *const x509_crl_fields[];

/* ------------------------------------------- revocation lookup (crl_lookup.c) */

/** One certificate to look up on a CRL: the question and the answer. */
typedef struct x509_revocation {
    /* in */
    const x509_name *issuer;    /* the certificate's issuer name */
    span_t serial;              /* its serialNumber (INTEGER content) */
    /* out */
    bool covered;               /* the CRL speaks for that issuer (its own issuer, or an
                                   indirect CRL's certificateIssuer) */
    bool listed;                /* an entry names the certificate */
    uint64_t entry_index;       /* that entry's position */
    int reason;                 /* its CRLReason, -1 when absent */
    int64_t date;               /* its revocationDate */
    bool has_invalidity_date;
    int64_t invalidity_date;
} x509_revocation;

/**
 * Looks n certificates up in ONE pass over a decoded CRL's entries (serials sorted
 * once, a binary search per entry; ctx must hold the CRL's bytes; its warnings are
 * left alone).  Indirect CRLs (RFC 5280 5.3.3): an entry's certificateIssuer names the
 * issuer of that entry and of the following ones until the next certificateIssuer.
 * A serial listed twice: the first entry wins.  ASN1_E_NOMEM, or an entry's decoding
 * error (cannot happen after x509_crl_decode).
 */
asn1_err x509_crl_lookup(const x509_crl *crl, asn1_ctx *ctx, x509_revocation *q, size_t n) CK_WUR;
/** x509_crl_lookup with the release callback of x509_crl_iter. */
asn1_err x509_crl_lookup_ex(const x509_crl *crl, asn1_ctx *ctx, x509_revocation *q, size_t n,
                            void (*release)(void *arg, const uint8_t *upto), void *arg) CK_WUR;

/** The first directoryName of an entry's certificateIssuer, decoded into out (spans into the CRL). */
bool x509_crl_entry_issuer_name(const x509_crl_entry *e, asn1_ctx *ctx, x509_name *out);

/* ----------------------------------------------------------------- chains */

/*
 * A pile of certificates in any order, linked into issuer candidates (AKI = SKI,
 * then exact issuer/subject DER, then RFC 5280 7.1 name comparison), each link kept
 * only when the signature verifies (or cannot be checked: unsupported algorithm).
 * Path choice, in order: ends at a trust anchor (--roots), at a self-signed
 * certificate, shortest, expires last, then the SHA-256 of the DER (deterministic:
 * the same pile in any order gives the same chains).
 */
typedef struct ck_link {
    unsigned issuer;            /* index in the pile */
    ck_verify_result sig;       /* VALID, UNSUPPORTED (kept), INVALID/ERROR (not followed) */
    bool by_keyid;              /* found through AKI = SKI */
    bool name_ok;               /* the issuer name chains (RFC 5280 6.1.3 (a)(4)); a link found only
                                 * by key identifier whose names differ is never followed */
} ck_link;

typedef struct ck_pile_cert {
    x509_cert cert;             /* decoded from der */
    uint8_t *der;               /* owned copy of the DER */
    size_t der_len;
    char *source;               /* owned: the file it came from */
    size_t index;               /* its position in that file */
    uint8_t sha256[32];
    uint64_t subject_key, issuer_key;   /* hashes of the RFC 5280 7.1 canonical names */
    bool anchor;                /* a trust anchor (--roots) */
    bool forced_leaf;           /* named with --leaf */
    bool self_issued;           /* issuer name == subject name */
    bool self_signed;           /* self-issued and its own signature verifies (or cannot be checked) */
    ck_verify_result self_sig;
    unsigned dups;              /* identical copies dropped */
    ck_link *links;             /* issuer candidates */
    unsigned nlinks;
    bool issues_others;         /* some other certificate's valid link points here */
    bool in_chain;              /* part of an output chain */
} ck_pile_cert;

typedef struct ck_pile {
    ck_pile_cert **v;
    size_t n, cap;
    bool linked;
} ck_pile;

#define CK_PILE_ANCHOR 1u
#define CK_PILE_LEAF   2u

void ck_pile_init(ck_pile *p);
void ck_pile_free(ck_pile *p);
/**
 * Adds a certificate (its DER is copied).  ASN1_OK, with *dup set when an identical
 * certificate was already there (it is then dropped, counted in dups, its flags merged);
 * or the decode error in ctx.
 */
asn1_err ck_pile_add(ck_pile *p, asn1_ctx *ctx, span_t der, const char *source, size_t index,
                     unsigned flags, bool *dup) CK_WUR;
/** Finds issuer candidates and verifies every link (call after the last add). */
void ck_pile_link(ck_pile *p);
/** Leaves: forced leaves when any was named, else certificates that issued nothing in the
 *  pile and are not trust anchors (a lone self-signed certificate is its own chain). */
bool ck_pile_is_leaf(const ck_pile *p, size_t i);

typedef struct ck_chain {
    unsigned certs[32];         /* leaf first */
    unsigned n;
    bool anchored;              /* ends at a trust anchor */
    bool self_signed_end;       /* ends at a self-signed certificate */
    bool complete;              /* anchored, or ends self-signed when no anchors were given */
    bool truncated;             /* the search hit its limits */
} ck_chain;

/** The best chain from pile[leaf]; marks its certificates in_chain. */
void ck_pile_best_chain(ck_pile *p, size_t leaf, bool have_anchors, ck_chain *out);
/** True when the pile holds at least one trust anchor. */
bool ck_pile_has_anchors(const ck_pile *p);
/** A 64-bit hash of a name's RFC 5280 7.1 canonical form (equal names hash equal). */
uint64_t x509_name_key(const x509_name *n);

#endif /* CERTKIT_X509_H */
