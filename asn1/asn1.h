/*
 * asn1.h - certkit's DER codec: the one bounded cursor every decoder reads with,
 * errors as values (code, byte offset, field path), named warnings, OIDs, times,
 * strings, integers, a growable buffer, a DER writer, a BER normaliser and a
 * JSON Lines writer.
 *
 * Conventions
 *  - Fallible functions return asn1_err (0 = ASN1_OK) and are warn_unused_result;
 *    TRY() propagates.  The first error recorded in an asn1_ctx wins.
 *  - A failed read leaves the cursor where it was.
 *  - Spans (span_t) borrow the caller's bytes; nothing is copied.
 *  - The library never prints, exits or aborts.
 */
#ifndef CERTKIT_ASN1_H
#define CERTKIT_ASN1_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CK_WUR __attribute__((warn_unused_result))
#define CK_PRINTF(a, b) __attribute__((format(printf, a, b)))

/* ------------------------------------------------------------------ spans */

/** A borrowed byte range. */
typedef struct span {
    const uint8_t *p;
    size_t len;
} span_t;

static inline span_t span_make(const void *p, size_t len)
{
    span_t s = { (const uint8_t *)p, len };
    return s;
}
static inline bool span_eq(span_t a, span_t b)
{
    return a.len == b.len && (a.len == 0 || __builtin_memcmp(a.p, b.p, a.len) == 0);
}

/* ------------------------------------------------------------------- tags */

/* A tag is (class << 30) | constructed << 29 | number. */
#define ASN1_CLASS_UNIVERSAL   0u
#define ASN1_CLASS_APPLICATION 1u
#define ASN1_CLASS_CONTEXT     2u
#define ASN1_CLASS_PRIVATE     3u
#define ASN1_CONSTRUCTED       (1u << 29)
#define ASN1_TAG(cls, cons, num) (((uint32_t)(cls) << 30) | ((cons) ? ASN1_CONSTRUCTED : 0u) | (uint32_t)(num))
#define ASN1_TAG_CLASS(t)      ((uint32_t)(t) >> 30)
#define ASN1_TAG_NUMBER(t)     ((uint32_t)(t) & 0x1fffffffu)
#define ASN1_TAG_IS_CONS(t)    (((t) & ASN1_CONSTRUCTED) != 0)

#define ASN1_EOC             0u
#define ASN1_BOOLEAN         1u
#define ASN1_INTEGER         2u
#define ASN1_BIT_STRING      3u
#define ASN1_OCTET_STRING    4u
#define ASN1_NULL            5u
#define ASN1_OID             6u
#define ASN1_OBJECT_DESCRIPTOR 7u
#define ASN1_EXTERNAL        (8u | ASN1_CONSTRUCTED)
#define ASN1_REAL            9u
#define ASN1_ENUMERATED      10u
#define ASN1_UTF8STRING      12u
#define ASN1_RELATIVE_OID    13u
#define ASN1_SEQUENCE        (16u | ASN1_CONSTRUCTED)
#define ASN1_SET             (17u | ASN1_CONSTRUCTED)
#define ASN1_NUMERICSTRING   18u
#define ASN1_PRINTABLESTRING 19u
#define ASN1_T61STRING       20u
#define ASN1_VIDEOTEXSTRING  21u
#define ASN1_IA5STRING       22u
#define ASN1_UTCTIME         23u
#define ASN1_GENERALIZEDTIME 24u
#define ASN1_GRAPHICSTRING   25u
#define ASN1_VISIBLESTRING   26u
#define ASN1_GENERALSTRING   27u
#define ASN1_UNIVERSALSTRING 28u
#define ASN1_BMPSTRING       30u

/** [n] IMPLICIT, primitive. */
#define ASN1_CTX_P(n) ASN1_TAG(ASN1_CLASS_CONTEXT, 0, (n))
/** [n] EXPLICIT, or [n] IMPLICIT of a constructed type. */
#define ASN1_CTX_C(n) ASN1_TAG(ASN1_CLASS_CONTEXT, 1, (n))

/** Writes a tag's name ("SEQUENCE", "[0]", "[APPLICATION 3]", "UNIVERSAL 31") into buf. */
const char *asn1_tag_name(uint32_t tag, char *buf, size_t n);
/** The name of a UNIVERSAL tag number ("SEQUENCE", "PrintableString"), NULL when it has none. */
const char *asn1_universal_name(uint32_t num);

/* ----------------------------------------------------------------- errors */

typedef enum asn1_err {
    ASN1_OK = 0,
    ASN1_E_TRUNCATED,   /* a header or content runs past the end of its container */
    ASN1_E_TAG,         /* an element has another tag than the module says */
    ASN1_E_BAD_TAG,     /* the tag itself is badly encoded */
    ASN1_E_BAD_LENGTH,  /* the length is badly encoded (reserved 0xff, too many bytes) */
    ASN1_E_INDEFINITE,  /* an indefinite length where DER is required */
    ASN1_E_TRAILING,    /* bytes left over after the last field of a structure */
    ASN1_E_DEPTH,       /* nesting deeper than the limit */
    ASN1_E_LIMIT,       /* an object, count or iteration number over a safety limit */
    ASN1_E_VALUE,       /* a value that breaks its type's rules (time, BOOLEAN, OID, string...) */
    ASN1_E_MISSING,     /* a required element is absent */
    ASN1_E_UNSUPPORTED, /* well formed, but not something certkit decodes */
    ASN1_E_STRICT,      /* a warning made fatal by --strict */
    ASN1_E_NOMEM,       /* out of memory */
    ASN1_E_CRYPTO,      /* a cryptographic operation failed (wrong password, bad padding, MAC) */
    ASN1_E_NOTFOUND,    /* a lookup found nothing (not an input error by itself) */
    ASN1_E__COUNT
} asn1_err;

/** Short English name of an error code ("truncated", "unexpected tag", ...). */
const char *asn1_err_name(asn1_err e);

#define TRY(expr)                         \
    do {                                  \
        asn1_err try_e_ = (expr);         \
        if (try_e_ != ASN1_OK)            \
            return try_e_;                \
    } while (0)

#define ASN1_PATH_MAX 224
#define ASN1_MSG_MAX  192
#define ASN1_MAX_WARNINGS 32
#define ASN1_DEFAULT_MAX_DEPTH 64
#define ASN1_DEFAULT_MAX_OBJECT (64u * 1024u * 1024u)

/** One diagnostic: where (offset into ctx->base, field path) and what. */
typedef struct asn1_diag {
    asn1_err code;          /* ASN1_OK for a warning slot */
    size_t offset;
    char path[ASN1_PATH_MAX];
    char msg[ASN1_MSG_MAX];
} asn1_diag;

/** Decoding context for one object: limits, the first error, the warnings. */
typedef struct asn1_ctx {
    const uint8_t *base;    /* offsets are measured from here */
    size_t base_len;
    unsigned max_depth;     /* default ASN1_DEFAULT_MAX_DEPTH */
    bool strict;            /* warnings become errors (ASN1_E_STRICT) */
    bool ber;               /* der_next() accepts indefinite lengths (asn1dump of BER) */
    asn1_diag err;          /* err.code != ASN1_OK once an error was recorded */
    unsigned nwarn;         /* warnings recorded (at most ASN1_MAX_WARNINGS kept) */
    unsigned nwarn_dropped;
    asn1_diag warn[ASN1_MAX_WARNINGS];
} asn1_ctx;

/** Resets ctx for a new object whose bytes start at base. Keeps strict/ber/max_depth. */
void asn1_ctx_reset(asn1_ctx *ctx, const uint8_t *base, size_t len);
/** Zeroes ctx and sets defaults, then asn1_ctx_reset(). */
void asn1_ctx_init(asn1_ctx *ctx, const uint8_t *base, size_t len);
/** Records an error at an absolute offset (first one wins); returns code. */
asn1_err asn1_fail_at(asn1_ctx *ctx, size_t offset, const char *path, asn1_err code,
                      const char *fmt, ...) CK_PRINTF(5, 6);
/** Records a warning; returns ASN1_OK, or ASN1_E_STRICT (recorded as the error) in strict mode. */
asn1_err asn1_warn_at(asn1_ctx *ctx, size_t offset, const char *path, const char *fmt, ...)
    CK_PRINTF(4, 5) CK_WUR;
/** Clears the recorded error (used after reporting a malformed optional part such as one extension). */
void asn1_ctx_clear_error(asn1_ctx *ctx);

/* ----------------------------------------------------------------- cursor */

/**
 * A bounded cursor over borrowed DER.  A child cursor knows its parent, its field
 * name and index, so an error anywhere can name its path, e.g.
 * "tbsCertificate.extensions[3].extnValue".
 */
typedef struct der {
    const uint8_t *p;        /* next unread byte */
    const uint8_t *end;      /* one past the last byte of this cursor */
    asn1_ctx *ctx;
    const struct der *parent;
    const char *name;        /* field name of this cursor's element, or NULL */
    int index;               /* list index of this cursor's element, or -1 */
    unsigned depth;
    unsigned count;          /* elements read so far (index of the next unnamed child) */
} der_t;

/** One TLV as read: tag, absolute offset of the first tag byte, header and content. */
typedef struct asn1_elem {
    uint32_t tag;
    size_t offset;           /* absolute, relative to ctx->base */
    size_t hdr_len;          /* tag + length bytes */
    bool indefinite;         /* BER indefinite length (only with ctx->ber) */
    span_t der;              /* the whole element (with the end-of-contents octets if indefinite) */
    span_t body;             /* the content octets */
} asn1_elem;

/** Starts a root cursor over all of ctx->base. name may be NULL (e.g. "certificate"). */
void der_init(der_t *c, asn1_ctx *ctx, const char *name);
/** Starts a root cursor over a sub-range of ctx->base. */
void der_init_span(der_t *c, asn1_ctx *ctx, span_t s, const char *name);
static inline size_t der_left(const der_t *c) { return (size_t)(c->end - c->p); }
static inline bool der_empty(const der_t *c) { return c->p >= c->end; }
static inline size_t der_offset(const der_t *c) { return (size_t)(c->p - c->ctx->base); }

/** Writes the field path of cursor c, then ".field" (or "[i]" when field is NULL and index >= 0). */
void der_path(const der_t *c, const char *field, int index, char *out, size_t n);

/** Records an error at offset for c's path + field; returns code. */
asn1_err der_fail(const der_t *c, size_t offset, const char *field, asn1_err code,
                  const char *fmt, ...) CK_PRINTF(5, 6);
/** Records a warning at offset for c's path + field (see asn1_warn_at). */
asn1_err der_warn(const der_t *c, size_t offset, const char *field, const char *fmt, ...)
    CK_PRINTF(4, 5) CK_WUR;

/** The next element's tag, without reading it. Returns false at the end or on a bad tag. */
bool der_peek_tag(const der_t *c, uint32_t *tag);
/** True when the next element has this tag. */
bool der_peek(const der_t *c, uint32_t tag);

/**
 * Reads the next element whatever its tag.  field names it in errors (NULL: "[count]").
 * Checks: tag encoding, definite minimal length (non-minimal: warning), bounds, and in
 * BER mode finds the end of indefinite-length elements (depth-limited).
 */
asn1_err der_next(der_t *c, const char *field, asn1_elem *e) CK_WUR;
/** Reads the next element, which must have this tag (else ASN1_E_TAG / ASN1_E_MISSING). */
asn1_err der_read(der_t *c, uint32_t tag, const char *field, asn1_elem *e) CK_WUR;
/** Reads the next element if it has this tag; *present says whether it did. */
asn1_err der_read_opt(der_t *c, uint32_t tag, const char *field, asn1_elem *e, bool *present) CK_WUR;
/** Reads an element with this tag and opens a child cursor over its content. */
asn1_err der_enter(der_t *c, uint32_t tag, const char *field, der_t *child) CK_WUR;
/** Like der_enter for an OPTIONAL element; child is valid only when *present. */
asn1_err der_enter_opt(der_t *c, uint32_t tag, const char *field, der_t *child, bool *present) CK_WUR;
/**
 * Opens a child cursor over an already read element's content (e.g. the DER inside
 * extnValue).  Field/index name the child in paths; the parent is c.
 */
asn1_err der_open(const der_t *c, const asn1_elem *e, const char *field, int index, der_t *child) CK_WUR;
/** Fails with ASN1_E_TRAILING when bytes are left in c. Call at the end of every SEQUENCE. */
asn1_err der_done(der_t *c) CK_WUR;
/** Skips the next element. */
asn1_err der_skip(der_t *c, const char *field) CK_WUR;

/* Typed reads.  Each checks its X.690 rules; leniencies are warnings. */
asn1_err der_read_bool(der_t *c, const char *field, bool *v) CK_WUR;
/** INTEGER content (two's complement, big-endian). Zero length is an error; non-minimal a warning. */
asn1_err der_read_int(der_t *c, const char *field, span_t *v) CK_WUR;
/** INTEGER that must fit in int64_t. */
asn1_err der_read_int64(der_t *c, const char *field, int64_t *v) CK_WUR;
/** INTEGER with an explicit tag (e.g. ASN1_ENUMERATED or [n] IMPLICIT INTEGER). */
asn1_err der_read_int_tagged(der_t *c, uint32_t tag, const char *field, span_t *v) CK_WUR;
asn1_err der_read_enum(der_t *c, const char *field, int64_t *v) CK_WUR;
/** OBJECT IDENTIFIER content, validated (non-empty, minimal arcs, last byte terminal). */
asn1_err der_read_oid(der_t *c, const char *field, span_t *oid) CK_WUR;
/** BIT STRING: bytes after the unused-bits octet; unused <= 7; padding bits zero (warning). */
asn1_err der_read_bits(der_t *c, const char *field, span_t *bits, unsigned *unused) CK_WUR;
asn1_err der_read_octets(der_t *c, const char *field, span_t *v) CK_WUR;
asn1_err der_read_null(der_t *c, const char *field) CK_WUR;
/** UTCTime or GeneralizedTime, validated, as seconds since the epoch. */
asn1_err der_read_time(der_t *c, const char *field, int64_t *t) CK_WUR;
/** Any string type; the element (tag + content) is returned for asn1_str_to_utf8(). */
asn1_err der_read_string(der_t *c, const char *field, asn1_elem *e) CK_WUR;

/** Checks an INTEGER's content as der_read_int does, reporting against c/field at offset. */
asn1_err asn1_check_int(const der_t *c, size_t offset, const char *field, span_t v) CK_WUR;
/** Validates BIT STRING content (unused-bits octet first). */
asn1_err asn1_check_bits(const der_t *c, size_t offset, const char *field, span_t content,
                         span_t *bits, unsigned *unused) CK_WUR;

/* -------------------------------------------------------------- buffers */

/** A growable byte buffer with an error latch (oom): writes after a failure do nothing. */
typedef struct buf {
    char *p;
    size_t len;
    size_t cap;
    bool oom;
} buf_t;

#define BUF_INIT { NULL, 0, 0, false }
void buf_init(buf_t *b);
void buf_free(buf_t *b);
/** Wipes the contents (explicit_bzero) before freeing: for secrets. */
void buf_wipe_free(buf_t *b);
static inline void buf_reset(buf_t *b) { b->len = 0; b->oom = false; }
bool buf_reserve(buf_t *b, size_t more);
void buf_put(buf_t *b, const void *p, size_t n);
void buf_putc(buf_t *b, char ch);
void buf_puts(buf_t *b, const char *s);
void buf_printf(buf_t *b, const char *fmt, ...) CK_PRINTF(2, 3);
void buf_vprintf(buf_t *b, const char *fmt, va_list ap);
/** Lowercase hex; sep (e.g. ":") between bytes when not NULL. */
void buf_hex(buf_t *b, const uint8_t *p, size_t n, const char *sep);
void buf_u64(buf_t *b, uint64_t v);
void buf_i64(buf_t *b, int64_t v);
/** NUL-terminates (not counted in len) and returns b->p ("" when empty or oom). */
const char *buf_cstr(buf_t *b);

/* ------------------------------------------------------------ integers */

bool asn1_int_is_negative(span_t v);
/** Lowercase hex of the value without leading zeros ("0" for zero), "-" prefix if negative. */
void asn1_int_hex(span_t v, buf_t *out);
/** Decimal, any length (libtommath). */
asn1_err asn1_int_dec(span_t v, buf_t *out) CK_WUR;
/** Magnitude bytes of a non-negative INTEGER without leading zero octets. */
span_t asn1_int_magnitude(span_t v);
/** Bit length of a non-negative INTEGER's value. */
size_t asn1_int_bits(span_t v);

/* --------------------------------------------------------------- times */

/** Decodes UTCTime (RFC 5280 years: 50..99 -> 19xx) or GeneralizedTime. *why explains failures. */
asn1_err asn1_time_decode(uint32_t tag, span_t v, int64_t *t, bool *lenient, char *why, size_t whylen) CK_WUR;
/** "2026-11-27T09:35:18Z" (RFC 3339, UTC); out must hold 32 bytes. */
void asn1_time_rfc3339(int64_t t, char out[32]);
/** Parses RFC 3339 ("2026-11-27T09:35:18Z", offsets allowed) or "YYYY-MM-DD". */
bool asn1_time_parse_text(const char *s, int64_t *t);
/** Days since 1970-01-01 for a civil date, and back. */
int64_t asn1_days_from_civil(int64_t y, unsigned m, unsigned d);
/** The inverse: year, month (1-12) and day (1-31) of a day count since 1970-01-01. */
void asn1_civil_from_days(int64_t days, int64_t *y, unsigned *m, unsigned *d);

/* -------------------------------------------------------------- strings */

bool asn1_is_string_tag(uint32_t tag);
/**
 * Decodes a string of any ASN.1 string type to UTF-8 (appended to out).
 * BMPString is UTF-16BE (surrogates), UniversalString UTF-32BE, T61String taken as Latin-1.
 * Returns ASN1_E_VALUE with *why set for invalid encodings; charset deviations
 * (e.g. '*' in PrintableString) set *deviation (a static description) and still decode.
 */
asn1_err asn1_str_to_utf8(uint32_t tag, span_t v, buf_t *out, const char **why,
                          const char **deviation) CK_WUR;
/** Validates UTF-8 (no overlongs, no surrogates, <= U+10FFFF). */
bool asn1_utf8_valid(const uint8_t *p, size_t n);

/* ----------------------------------------------------------------- OIDs */

typedef enum oid_id {
    OID_UNKNOWN = 0,
#define OID(id, dotted, name) OID_##id,
#include "oid.def"
#undef OID
    OID__COUNT
} oid_id;

/** The known OID with these DER content bytes, or OID_UNKNOWN (binary search, compiled-in table). */
oid_id oid_lookup(span_t der);
/** Short name ("sha256WithRSAEncryption"), or NULL for OID_UNKNOWN. */
const char *oid_name(oid_id id);
/** Dotted form from the table. */
const char *oid_dotted(oid_id id);
/** DER content bytes from the table. */
span_t oid_der(oid_id id);
static inline bool oid_is(span_t der, oid_id id) { return span_eq(der, oid_der(id)); }
/**
 * Dotted text of an OID's content; ASN1_E_VALUE when an arc does not fit in 64 bits
 * or the encoding is bad (out then holds what could be decoded).
 */
asn1_err asn1_oid_to_text(span_t der, char *out, size_t n) CK_WUR;
/** Appends the dotted text, or "?" + hex when it cannot be shown. */
void asn1_oid_append(span_t der, buf_t *out);
/** Encodes dotted text to DER content bytes. */
asn1_err asn1_oid_from_text(const char *dotted, buf_t *out) CK_WUR;

/* --------------------------------------------------------------- writer */

/** Starts an element with this tag; returns a mark for derw_end(). */
size_t derw_begin(buf_t *b, uint32_t tag);
/** Ends the element begun at mark, writing its minimal length. */
void derw_end(buf_t *b, size_t mark);
void derw_tlv(buf_t *b, uint32_t tag, const void *p, size_t n);
/** INTEGER from unsigned big-endian magnitude (adds a 0x00 when the high bit is set). */
void derw_uint(buf_t *b, const uint8_t *mag, size_t n);
void derw_int64(buf_t *b, int64_t v);
void derw_oid(buf_t *b, oid_id id);
void derw_null(buf_t *b);
/** Writes a tag and length header only. */
void derw_header(buf_t *b, uint32_t tag, size_t len);

/* ------------------------------------------------------------------- BER */

/**
 * Converts one BER element (indefinite lengths, constructed strings, non-minimal lengths)
 * at the start of in to DER-shaped bytes appended to out: definite minimal lengths,
 * constructed OCTET/BIT/string types flattened to primitive.  Depth-limited by ctx.
 * *consumed is the number of input bytes the element took.  Errors use ctx (offsets into in).
 */
asn1_err asn1_ber_to_der(asn1_ctx *ctx, span_t in, buf_t *out, size_t *consumed) CK_WUR;
/** True when an element at in uses BER-only features anywhere (so conversion is needed). */
bool asn1_is_ber(span_t in, unsigned max_depth);
/**
 * The content of an [n] IMPLICIT OCTET STRING (e.g. CMS encryptedContent) read from
 * converted BER: a primitive element's body, or a constructed element's OCTET STRING
 * segments concatenated into storage (X.690 8.7.3).  *v borrows e's bytes or storage.
 */
asn1_err asn1_ber_implicit_octets(const der_t *c, const asn1_elem *e, const char *field,
                                  buf_t *storage, span_t *v) CK_WUR;

/* ---------------------------------------------------------------- dump */

/** Options of asn1_dump(); all zero is the default. */
typedef struct asn1_dump_opts {
    bool no_encapsulated;    /* do not look for DER inside OCTET and BIT STRINGs */
    uint64_t base_offset;    /* added to every printed offset (the object's offset in its file) */
    size_t max_hex;          /* hex bytes shown per value (0: all) */
    void (*flush)(void *arg);/* called when out holds over 1 MiB */
    void *flush_arg;
    /* called for every DER violation (warning) and structural error as it is met,
     * beyond the ASN1_MAX_WARNINGS the context keeps; offsets relative to ctx->base */
    void (*on_diag)(void *arg, const asn1_diag *d, bool warning);
    void *diag_arg;
} asn1_dump_opts;

/**
 * Appends a dumpasn1-style tree of the elements in ctx->base to out, one line each:
 * offset, header length, content length ("inf" when indefinite), tag, decoded value;
 * DER found inside OCTET/BIT STRINGs as a subtree.  Sets ctx->ber (BER displays).
 * Every DER violation is written under its element and recorded as a ctx warning;
 * structural errors are written where met (the rest of that container is skipped)
 * and the first is ctx's error and the return value.
 */
asn1_err asn1_dump(asn1_ctx *ctx, const asn1_dump_opts *o, buf_t *out) CK_WUR;

/* ------------------------------------------------------------ classify */

/** What a DER object is, from its structure. */
typedef enum asn1_kind {
    KIND_UNKNOWN = 0,
    KIND_CERTIFICATE,
    KIND_CRL,
    KIND_CSR,
    KIND_PKCS8,           /* PrivateKeyInfo / OneAsymmetricKey */
    KIND_PKCS8_ENCRYPTED, /* EncryptedPrivateKeyInfo */
    KIND_RSA_PRIVATE,     /* PKCS#1 RSAPrivateKey */
    KIND_EC_PRIVATE,      /* SEC1 ECPrivateKey */
    KIND_DSA_PRIVATE,     /* OpenSSL's traditional DSA key */
    KIND_PUBLIC_KEY,      /* SubjectPublicKeyInfo */
    KIND_RSA_PUBLIC,      /* PKCS#1 RSAPublicKey */
    KIND_PKCS7,           /* ContentInfo (PKCS#7 / CMS) */
    KIND_PKCS12,          /* PFX */
    KIND_EC_PARAMS,
    KIND_DH_PARAMS,
    KIND__COUNT
} asn1_kind;

/** Classifies one DER (or BER) object by shape. */
asn1_kind asn1_classify(span_t der);
/** Human description: "certificate (X509)", "CRL (X509 CRL)", ... */
const char *asn1_kind_desc(asn1_kind k);
/** "a" or "an", the article for asn1_kind_desc(k). */
const char *asn1_kind_a(asn1_kind k);
/** The RFC 7468 / OpenSSL PEM label for a kind ("CERTIFICATE", "X509 CRL", ...), or NULL. */
const char *asn1_kind_label(asn1_kind k);
/** The kind a PEM label denotes, or KIND_UNKNOWN. */
asn1_kind asn1_kind_from_label(const char *label);
/** The certkit tool that decodes a kind ("certdump", "crldump", ...), or NULL. */
const char *asn1_kind_tool(asn1_kind k);

/* ----------------------------------------------------------------- JSON */

/** A JSON writer into a buf_t; commas handled by a small nesting stack. */
typedef struct json {
    buf_t *out;
    unsigned depth;
    bool first[32];          /* per nesting level: no element written yet */
    bool after_key;
} json_t;

void json_init(json_t *j, buf_t *out);
void json_obj_begin(json_t *j);
void json_obj_end(json_t *j);
void json_arr_begin(json_t *j);
void json_arr_end(json_t *j);
void json_key(json_t *j, const char *k);
/** A string value, escaped; bytes that are not valid UTF-8 are written as U+FFFD. */
void json_str(json_t *j, const char *s);
void json_strn(json_t *j, const char *s, size_t n);
/** "k":"s" (n bytes): json_key() and json_strn() in one step. */
void json_kstrn(json_t *j, const char *k, const char *s, size_t n);
void json_int(json_t *j, int64_t v);
void json_uint(json_t *j, uint64_t v);
void json_bool(json_t *j, bool v);
void json_null(json_t *j);
/** A string value holding lowercase hex of p. */
void json_hex(json_t *j, const uint8_t *p, size_t n);
/** Raw, already-valid JSON text as a value. */
void json_raw(json_t *j, const char *s, size_t n);
/* Shorthands: key + value. */
void json_kstr(json_t *j, const char *k, const char *v);
void json_kint(json_t *j, const char *k, int64_t v);
void json_kbool(json_t *j, const char *k, bool v);
void json_knull(json_t *j, const char *k);
void json_khex(json_t *j, const char *k, const uint8_t *p, size_t n);
/** Appends s escaped as JSON string content (no quotes). */
void json_escape(buf_t *out, const char *s, size_t n);

#endif /* CERTKIT_ASN1_H */
