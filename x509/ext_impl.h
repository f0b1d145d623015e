/*
 * ext_impl.h - internals shared by x509/name.c, x509/sink.c and the extension
 * decoders (x509/ext*.c).  Not part of the public API.
 *
 * Extension decoders: one function per extension type,
 *     asn1_err fn(der_t *c, x509_sink *s, const char *key, const char *label)
 * reads the extension's value (the DER inside extnValue) from c and describes it to
 * s as ONE value under key/label.  With s == NULL it only validates (the sink_*
 * wrappers are NULL-safe); x509_exts_decode() runs every known extension once that
 * way.  The caller checks der_done(c) afterwards.
 *
 * Text labels: NULL derives one from the key; "" (X509_HIDE) shows the value in
 * JSON only (the text backend skips it and everything inside); X509_FLAT makes a
 * container transparent in text (its contents print as if they were its parent's).
 */
#ifndef CERTKIT_X509_EXT_IMPL_H
#define CERTKIT_X509_EXT_IMPL_H

#include "x509/x509.h"

#include <string.h>

#define X509_HIDE ""
/** A label that makes a container transparent in text: no header line, no indent. */
#define X509_FLAT "\x01"

/* ------------------------------------------------------------ scratch */

/**
 * Per-thread scratch buffers used as a stack: x509_scratch_push() returns an empty
 * buffer, x509_scratch_pop() gives it back (strict LIFO).  They keep their memory,
 * so the hot paths allocate nothing after warm-up.  NULL when the stack is exhausted
 * (callers then degrade: the value is skipped).
 */
buf_t *x509_scratch_push(void);
void x509_scratch_pop(void);

/** buf_put() with its common case inline (room already there): for the printers' hot
 *  loops, where a call per short piece costs more than the copy. */
static inline void x509_put(buf_t *b, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (!b->oom && n < b->cap - b->len) {
        memcpy(b->p + b->len, p, n);
        b->len += n;
    } else {
        buf_put(b, p, n);
    }
}

static inline void x509_putc(buf_t *b, char ch)
{
    if (!b->oom && 1 < b->cap - b->len)
        b->p[b->len++] = ch;
    else
        buf_putc(b, ch);
}

/**
 * Prepares a throw-away decoding context with the same base (so offsets agree) and
 * depth limit as like (may be NULL: base = fallback), not strict, no warnings.
 * Cheap: only the header fields are set, the warning array is left untouched.
 */
void x509_ctx_scratch(asn1_ctx *scratch, const asn1_ctx *like, span_t fallback);
/**
 * Runs fn over an extension's value (a cursor named "extnValue" over e->value) with a
 * scratch context like ctx, checks nothing is left over, and copies an error (not
 * the warnings: x509_exts_decode gave those already) into ctx.
 */
asn1_err x509_ext_with_value(const x509_ext *e, asn1_ctx *ctx, asn1_err (*fn)(der_t *c, void *arg),
                             void *arg) CK_WUR;
/** Copies scratch's error (if any) into ctx (first error wins there); returns its code. */
asn1_err x509_ctx_carry_error(asn1_ctx *ctx, const asn1_ctx *scratch, asn1_err r);

/** A cursor named `name` that reads what c reads (same bytes, c as parent): "rdns", ... */
static inline void der_alias(der_t *c, const char *name, der_t *out)
{
    *out = *c;
    out->parent = c;
    out->name = name;
    out->index = -1;
    out->count = 0;
}

/* ------------------------------------------------------------ text helpers */

/**
 * asn1_oid_to_text() without printf: the table's dotted text for known OIDs, a digit
 * loop for the others (falls back to asn1_oid_to_text for what it cannot do).
 */
asn1_err x509_oid_to_text(span_t oid, char *out, size_t n) CK_WUR;
/** "10.0.0.1" / RFC 5952 IPv6 text for 4 or 16 bytes; else lowercase hex. */
void x509_ip_text(const uint8_t *p, size_t n, buf_t *out);
/** The ASN.1 type name of a tag ("PrintableString", "INTEGER", "[0]"), no allocation for universal tags. */
const char *x509_tag_type_name(uint32_t tag, char *tmp, size_t n);
/** Describes a value that is not decoded as {"der": hex}. */
void sink_der(x509_sink *s, const char *key, const char *label, span_t der);
/** Describes any string element (decoded to UTF-8) or anything else as {"der": hex}. */
void sink_any_string(x509_sink *s, const char *key, const char *label, const asn1_elem *e);
/**
 * A string element e, just read from c, to the sink as UTF-8 under key: one that does
 * not decode is an error (ASN1_E_VALUE at e's offset, as field), a charset deviation
 * a warning.
 */
asn1_err x509_sink_string_elem(der_t *c, const asn1_elem *e, const char *field, x509_sink *s, const char *key,
                               const char *label) CK_WUR;
/**
 * A name as sink_name() describes it, for a name that is a value of something else
 * (a directoryName): in text one line, "label: <RFC 4514 form>".
 */
void x509_sink_name_as(x509_sink *s, const char *key, const char *label, const x509_name *n);
/** The attributes of one RelativeDistinguishedName (a SET OF AttributeTypeAndValue, validated) as a list. */
void sink_rdn_attrs(x509_sink *s, const char *key, const char *label, span_t set_body);
/** The json_t of a JSON backend sink (x509_sink_json), NULL for any other: for the
 *  printers that write their commonest shapes straight into the record. */
json_t *x509_sink_json_of(const x509_sink *s);
/** x509_oid_to_text() for an OID whose table id is already known (OID_UNKNOWN: looked up). */
asn1_err x509_oid_text_id(span_t oid, oid_id id, char *txt, size_t n);

/** An attribute of a name with its value as UTF-8 (utf8 NULL: not a string, or undecodable). */
typedef struct x509_attr_text {
    x509_attr a;
    const char *utf8;
    size_t utf8_len;
} x509_attr_text;

/**
 * A name walked once (name.c): its attributes in encoded order, each value decoded to
 * UTF-8 once into a scratch buffer, for every form that shows them (RFC 4514, one
 * line, the rdns list).  Up to 32 attributes live inside it; x509_name_view_done()
 * releases it (scratch discipline: views and scratch buffers are released in reverse).
 */
typedef struct x509_name_view {
    x509_attr_text *v;
    size_t n;
    buf_t *text;
    x509_attr_text small[32];
} x509_name_view;

void x509_name_view_init(x509_name_view *nv, const x509_name *n);
void x509_name_view_done(x509_name_view *nv);
/** x509_name_rfc4514() and x509_name_oneline() of the viewed name. */
void x509_name_view_rfc4514(const x509_name_view *nv, buf_t *out);
void x509_name_view_oneline(const x509_name_view *nv, buf_t *out);
/** Validates one RelativeDistinguishedName (the next element of c, tagged `tag`: ASN1_SET or [n] IMPLICIT). */
asn1_err x509_rdn_decode(der_t *c, uint32_t tag, const char *field, unsigned *nattr) CK_WUR;

/* ------------------------------------------------------------ decoders */

typedef asn1_err (*x509_ext_fn)(der_t *c, x509_sink *s, const char *key, const char *label);

/* GeneralName(s), ext_names.c */
asn1_err x509_gname_one(der_t *c, x509_sink *s, const char *key, const char *label, bool constraint) CK_WUR;
asn1_err x509_gnames_body(der_t *list, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_gnames(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_name_constraints(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;

/* policies, ext_policy.c */
asn1_err ext_policies(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_policy_mappings(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_policy_constraints(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_inhibit_any(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;

/* access, ext_access.c */
asn1_err ext_info_access(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_crldp(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_idp(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;

/* everything else, ext_misc.c */
asn1_err ext_key_usage(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_eku(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_basic_constraints(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_ski(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_aki(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_subject_dir_attrs(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_tls_feature(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_null(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_ms_template_name(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_ms_template(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_ms_ca_version(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_ns_cert_type(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_ia5(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_qc_statements(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_pkup(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_crl_number(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_reason_code(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_invalidity_date(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;
asn1_err ext_hold_instruction(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;

/* CT, ext_ct.c */
asn1_err ext_sct_list(der_t *c, x509_sink *s, const char *key, const char *label) CK_WUR;

/** ReasonFlags bit names (RFC 5280 5.3.1 order, bit 0 "unused"). */
extern const char *const x509_reason_flag_names[9];
/** CRLReason names by value (0..10, 7 = NULL: not used). */
/* x509_crl_reason_name(): declared in x509.h, defined in crl.c (lead: unified the two declarations) */
/** Reads a ReasonFlags-like BIT STRING element e (already read) and lists set bits. */
asn1_err x509_bits_list(der_t *c, const asn1_elem *e, const char *field, const char *const *names,
                        unsigned nnames, x509_sink *s, const char *key, const char *label) CK_WUR;

#endif /* CERTKIT_X509_EXT_IMPL_H */
