/*
 * crl_print.c - a decoded CRL described to an x509_sink (SPEC.md's `crldump --json`
 * schema) and as text for people, the revoked entries streamed from x509_crl_iter
 * straight into the output: no list is ever built, and the caller's flush callback
 * writes the buffer out as it grows, so a CRL with a million entries prints in
 * constant memory and linear time.
 *
 * Hot path (one entry): no printf, no allocation; times formatted by hand with the
 * date part cached (CRL entries come in runs of the same day); the JSON backend gets
 * a direct writer for the common entry shape (serial, date, reason, invalidity
 * date), everything else goes through the sink.
 */
#include "x509/ext_impl.h"
#include "x509/text_impl.h"

#include <string.h>

#define ENTRY_COL 30        /* value column of the entry lines in the text form */
#define FLUSH_EVERY 256     /* entries between calls of info->flush */

const char *const x509_crl_fields[] = {
    "type", "source", "index", "version", "signature_algorithm", "issuer", "this_update",
    "next_update", "expired", "crl_number", "delta_crl_indicator", "authority_key_id",
    "extensions", "revoked_count", "revoked", "signature_valid", "signature_issuer", "issuer_openssl",
    "fingerprints", "warnings", "pem", NULL,
};

bool x509_crl_expired(const x509_crl *crl, int64_t at)
{
    return crl->has_next_update && at > crl->next_update;
}

/* ------------------------------------------------------------------ times */

/* "YYYY-MM-DDTHH:MM:SSZ" (20 characters), the date part cached per day. */
typedef struct tcache {
    int64_t day;
    bool valid;
    char date[11];
} tcache;

static inline void two(char *o, unsigned v)
{
    o[0] = (char)('0' + v / 10 % 10);
    o[1] = (char)('0' + v % 10);
}

static void fmt_time(tcache *tc, int64_t t, char out[20])
{
    int64_t day = t / 86400, rem = t % 86400;
    if (rem < 0) {
        rem += 86400;
        day--;
    }
    if (!tc->valid || tc->day != day) {
        int64_t y;
        unsigned m, d;
        asn1_civil_from_days(day, &y, &m, &d);
        if (y < 0 || y > 9999) {        /* as asn1_time_rfc3339 */
            char tmp[32];
            asn1_time_rfc3339(t, tmp);
            memcpy(tc->date, tmp, 10);
        } else {
            unsigned yy = (unsigned)y;
            two(tc->date, yy / 100);
            two(tc->date + 2, yy % 100);
            tc->date[4] = '-';
            two(tc->date + 5, m);
            tc->date[7] = '-';
            two(tc->date + 8, d);
        }
        tc->day = day;
        tc->valid = true;
    }
    unsigned r = (unsigned)rem;
    memcpy(out, tc->date, 10);
    out[10] = 'T';
    two(out + 11, r / 3600);
    out[13] = ':';
    two(out + 14, r / 60 % 60);
    out[16] = ':';
    two(out + 17, r % 60);
    out[19] = 'Z';
}

/* --------------------------------------------------------------- entries */

/* An extension the entry fields already say (reason, invalidity date, issuer, hold). */
static bool ext_summarised(const x509_ext *x)
{
    if (x->malformed)
        return false;
    return x->id == OID_ce_cRLReasons || x->id == OID_ce_invalidityDate || x->id == OID_ce_certificateIssuer ||
           x->id == OID_ce_holdInstructionCode;
}

static bool entry_has_other_exts(const x509_crl_entry *e)
{
    for (unsigned i = 0; i < e->exts.n; i++)
        if (!ext_summarised(&e->exts.v[i]))
            return true;
    return false;
}

/* HoldInstructionCode ::= OBJECT IDENTIFIER, or an empty span when absent or malformed. */
static span_t hold_instruction(const x509_crl_entry *e, asn1_ctx *ctx)
{
    const x509_ext *x = x509_exts_find(&e->exts, OID_ce_holdInstructionCode);
    span_t oid = { NULL, 0 };
    if (!x || x->malformed)
        return oid;
    asn1_ctx sc;
    x509_ctx_scratch(&sc, ctx, x->value);
    der_t c;
    der_init_span(&c, &sc, x->value, "holdInstructionCode");
    if (der_read_oid(&c, NULL, &oid) != ASN1_OK) {
        oid.p = NULL;
        oid.len = 0;
    }
    return oid;
}

static void entry_describe(const x509_crl_entry *e, x509_sink *s, asn1_ctx *ctx, tcache *tc)
{
    char ts[20];
    sink_obj(s, NULL, NULL);
    buf_t *b = x509_scratch_push();
    if (b) {
        asn1_int_hex(e->serial, b);
        sink_strn(s, "serial", "Serial", b->p ? b->p : "", b->len);
        x509_scratch_pop();
    }
    fmt_time(tc, e->date, ts);
    sink_strn(s, "date", "Date", ts, 20);
    const char *rn = x509_crl_reason_name(e->reason);
    if (rn)
        sink_str(s, "reason", "Reason", rn);
    else
        sink_null(s, "reason", "Reason");
    if (e->has_invalidity_date) {
        fmt_time(tc, e->invalidity_date, ts);
        sink_strn(s, "invalidity_date", "Invalidity date", ts, 20);
    } else {
        sink_null(s, "invalidity_date", "Invalidity date");
    }
    if (e->cert_issuer && !e->cert_issuer->malformed) {
        asn1_ctx sc;
        x509_ctx_scratch(&sc, ctx, e->cert_issuer->value);
        der_t c;
        der_init_span(&c, &sc, e->cert_issuer->value, "certificateIssuer");
        if (x509_general_names_describe(&c, s, "certificate_issuer", "Certificate issuer") != ASN1_OK)
            sink_null(s, "certificate_issuer", "Certificate issuer");
    } else {
        sink_null(s, "certificate_issuer", "Certificate issuer");
    }
    span_t hold = hold_instruction(e, ctx);
    if (hold.len)
        sink_oid(s, "hold_instruction", "Hold instruction", hold);
    if (entry_has_other_exts(e)) {
        sink_arr(s, "extensions", "Extensions");
        for (unsigned i = 0; i < e->exts.n; i++) {
            x509_ext_describe(&e->exts.v[i], s, ctx);
            asn1_ctx_clear_error(ctx);
        }
        sink_end_arr(s);
    }
    sink_end_obj(s);
}

void x509_crl_entry_describe(const x509_crl_entry *e, x509_sink *s, asn1_ctx *ctx)
{
    tcache tc = { 0, false, { 0 } };
    entry_describe(e, s, ctx, &tc);
}

/*
 * The JSON of the common entry shape, written directly:
 * {"serial":"…","date":"…","reason":…,"invalidity_date":…,"certificate_issuer":null}
 */
static void entry_json_fast(json_t *j, const x509_crl_entry *e, tcache *tc)
{
    static const char hx[] = "0123456789abcdef";
    json_raw(j, "", 0);                     /* the separator */
    buf_t *o = j->out;
    span_t v = e->serial;
    /* 13 + 2*len + 9 + 22 + 10 + 22 (reason) + 19 + 22 + 25 */
    if (!buf_reserve(o, 2 * v.len + 160))
        return;
    char *p = o->p + o->len;
    memcpy(p, "{\"serial\":\"", 11);
    p += 11;
    if (asn1_int_is_negative(v)) {
        buf_t *b = x509_scratch_push();
        if (b) {
            asn1_int_hex(v, b);
            if (b->len <= 2 * v.len + 1) {
                memcpy(p, b->p, b->len);
                p += b->len;
            }
            x509_scratch_pop();
        }
    } else {
        span_t m = asn1_int_magnitude(v);
        if (m.len == 0) {
            *p++ = '0';
        } else {
            size_t i = 0;
            if (m.p[0] < 16) {              /* no leading zero digit */
                *p++ = hx[m.p[0]];
                i = 1;
            }
            for (; i < m.len; i++) {
                *p++ = hx[m.p[i] >> 4];
                *p++ = hx[m.p[i] & 15];
            }
        }
    }
    memcpy(p, "\",\"date\":\"", 10);
    p += 10;
    fmt_time(tc, e->date, p);
    p += 20;
    memcpy(p, "\",\"reason\":", 11);
    p += 11;
    const char *rn = x509_crl_reason_name(e->reason);
    if (rn) {
        size_t l = strlen(rn);
        *p++ = '"';
        memcpy(p, rn, l);
        p += l;
        *p++ = '"';
    } else {
        memcpy(p, "null", 4);
        p += 4;
    }
    memcpy(p, ",\"invalidity_date\":", 19);
    p += 19;
    if (e->has_invalidity_date) {
        *p++ = '"';
        fmt_time(tc, e->invalidity_date, p);
        p += 20;
        *p++ = '"';
    } else {
        memcpy(p, "null", 4);
        p += 4;
    }
    memcpy(p, ",\"certificate_issuer\":null}", 27);
    p += 27;
    o->len = (size_t)(p - o->p);
}

/* Walks the entries into the sink (the "revoked" list's items). */
static void describe_entries(const x509_crl *crl, x509_sink *s, const x509_crl_info *info)
{
    asn1_ctx sc;
    x509_ctx_scratch(&sc, info->ctx, crl->der);
    x509_crl_iter it;
    x509_crl_iter_init(&it, &sc, crl);
    it.release = info->release;
    it.release_arg = info->release_arg;
    static _Thread_local x509_crl_entry e;  /* its 64 extension slots are large: off the stack */
    tcache tc = { 0, false, { 0 } };
    json_t *j = x509_sink_json_of(s);
    bool fast = j != NULL;
    uint64_t n = 0;
    while (x509_crl_next(&it, &e) == ASN1_OK) {
        if (fast && e.exts.n == 0)
            entry_json_fast(j, &e, &tc);
        else if (fast && !e.cert_issuer && !entry_has_other_exts(&e) &&
                 !x509_exts_find(&e.exts, OID_ce_holdInstructionCode))
            entry_json_fast(j, &e, &tc);
        else
            entry_describe(&e, s, &sc, &tc);
        if (++n % FLUSH_EVERY == 0 && info->flush)
            info->flush(info->flush_arg);
    }
}

/* ----------------------------------------------------------- fingerprints */

/* SHA-1 and SHA-256 of the whole DER in one pass, in cache-sized pieces, releasing behind. */
static bool crl_fingerprints(const x509_crl *crl, const x509_crl_info *info, uint8_t sha1[20], uint8_t sha256[32])
{
    ck_hash_ctx h1, h256;
    if (ck_hash_init(&h1, CK_HASH_SHA1) != ASN1_OK || ck_hash_init(&h256, CK_HASH_SHA256) != ASN1_OK)
        return false;
    const size_t piece = 256u << 10;
    for (size_t off = 0; off < crl->der.len; off += piece) {
        size_t k = crl->der.len - off < piece ? crl->der.len - off : piece;
        ck_hash_update(&h1, crl->der.p + off, k);
        ck_hash_update(&h256, crl->der.p + off, k);
        if (info->release)
            info->release(info->release_arg, crl->der.p + off + k);
    }
    bool ok = ck_hash_final(&h1, sha1) == ASN1_OK;
    return ck_hash_final(&h256, sha256) == ASN1_OK && ok;
}

/* --------------------------------------------------------------- the walk */

static void put_int_dec(x509_sink *s, const char *key, const char *label, span_t v)
{
    char num[400];
    size_t dl = x509_int_dec_small(v, num, sizeof num);
    if (dl) {
        sink_strn(s, key, label, num, dl);
        return;
    }
    buf_t tmp = BUF_INIT;
    if (asn1_int_dec(v, &tmp) == ASN1_OK)
        sink_strn(s, key, label, tmp.p ? tmp.p : "", tmp.len);
    else
        sink_null(s, key, label);
    buf_free(&tmp);
}

void x509_crl_describe(const x509_crl *crl, x509_sink *s, const x509_crl_info *info)
{
    asn1_ctx sc;
    asn1_ctx *ctx = info->ctx;
    if (!ctx) {
        x509_ctx_scratch(&sc, NULL, crl->der);
        ctx = &sc;
    }
    sink_str(s, "type", "Type", "crl");
    x509_sink_source(s, info->source, info->index);
    sink_num(s, "version", "Version", crl->version);
    sink_alg(s, "signature_algorithm", "Signature algorithm", &crl->sig_alg);
    sink_name(s, "issuer", "Issuer", &crl->issuer);
    sink_time(s, "this_update", "This update", crl->this_update);
    if (crl->has_next_update)
        sink_time(s, "next_update", "Next update", crl->next_update);
    else
        sink_null(s, "next_update", "Next update");
    sink_bool(s, "expired", "Expired", x509_crl_expired(crl, info->at));
    if (crl->crl_number.len)
        put_int_dec(s, "crl_number", "CRL number", crl->crl_number);
    else
        sink_null(s, "crl_number", "CRL number");
    if (crl->delta_base.len)
        put_int_dec(s, "delta_crl_indicator", "Delta CRL indicator", crl->delta_base);
    else
        sink_null(s, "delta_crl_indicator", "Delta CRL indicator");
    if (crl->aki.len)
        sink_hex(s, "authority_key_id", "Authority key ID", crl->aki.p, crl->aki.len);
    else
        sink_null(s, "authority_key_id", "Authority key ID");

    sink_arr(s, "extensions", "Extensions");
    for (unsigned i = 0; i < crl->exts.n; i++) {
        x509_ext_describe(&crl->exts.v[i], s, ctx);
        asn1_ctx_clear_error(ctx);
    }
    sink_end_arr(s);

    sink_num(s, "revoked_count", "Revoked count", (int64_t)crl->revoked_count);
    if (!info->no_entries) {
        sink_arr(s, "revoked", "Revoked");
        describe_entries(crl, s, info);
        sink_end_arr(s);
    }

    if (info->sig_checked && (info->sig == CK_VERIFY_VALID || info->sig == CK_VERIFY_INVALID))
        sink_bool(s, "signature_valid", "Signature valid", info->sig == CK_VERIFY_VALID);
    else
        sink_null(s, "signature_valid", "Signature valid");
    if (info->sig_checked && info->sig_issuer) {
        buf_t tmp = BUF_INIT;
        x509_name_rfc4514(info->sig_issuer, &tmp);
        sink_strn(s, "signature_issuer", "Signature issuer", tmp.p ? tmp.p : "", tmp.len);
        buf_free(&tmp);
    } else {
        sink_null(s, "signature_issuer", "Signature issuer");
    }
    if (info->openssl_names)
        x509_sink_openssl_name(s, "issuer_openssl", "Issuer (openssl)", &crl->issuer);

    x509_fingerprints fp;
    fp.ok = crl_fingerprints(crl, info, fp.sha1, fp.sha256);
    x509_sink_fingerprints(s, &fp);
    x509_sink_warnings(s, info->ctx);
    if (info->pem)
        x509_sink_pem(s, "X509 CRL", crl->der);
}

/* ------------------------------------------------------------------ text */

static void text_int(buf_t *b, span_t v)
{
    char num[400];
    size_t dl = x509_int_dec_small(v, num, sizeof num);
    if (dl)
        buf_put(b, num, dl);
    else if (asn1_int_dec(v, b) != ASN1_OK)
        buf_puts(b, "?");
    if (v.len <= 20 && !asn1_int_is_negative(v)) {
        span_t m = asn1_int_magnitude(v);
        buf_put(b, " (0x", 4);
        if (m.len)
            buf_hex(b, m.p, m.len, NULL);
        else
            buf_putc(b, '0');
        buf_putc(b, ')');
    }
}

static void text_serial(buf_t *b, span_t sv)
{
    if (asn1_int_is_negative(sv)) {
        buf_puts(b, "(negative) ");
        x509_hex_colon(b, sv.p, sv.len, false);
        return;
    }
    span_t m = asn1_int_magnitude(sv);
    if (m.len == 0)
        buf_puts(b, "00");
    else
        x509_hex_colon(b, m.p, m.len, false);
}

/* The common entry (serial, date, reason, invalidity date) written directly. */
static bool text_entry_fast(buf_t *b, const x509_crl_entry *e, tcache *tc)
{
    static const char hx[] = "0123456789abcdef";
    static const char l_serial[] = "        Serial Number:        ";
    static const char l_date[] = "            Revocation Date:  ";
    static const char l_reason[] = "            Reason:           ";
    static const char l_inv[] = "            Invalidity Date:  ";
    for (unsigned i = 0; i < e->exts.n; i++) {
        oid_id id = e->exts.v[i].id;
        if (e->exts.v[i].malformed || (id != OID_ce_cRLReasons && id != OID_ce_invalidityDate))
            return false;
    }
    span_t m = asn1_int_magnitude(e->serial);
    if (asn1_int_is_negative(e->serial) || !buf_reserve(b, 3 * m.len + 200))
        return false;
    char *o = b->p + b->len;
    memcpy(o, l_serial, sizeof l_serial - 1);
    o += sizeof l_serial - 1;
    if (m.len == 0) {
        *o++ = '0';
        *o++ = '0';
    }
    for (size_t i = 0; i < m.len; i++) {
        if (i)
            *o++ = ':';
        *o++ = hx[m.p[i] >> 4];
        *o++ = hx[m.p[i] & 15];
    }
    *o++ = '\n';
    memcpy(o, l_date, sizeof l_date - 1);
    o += sizeof l_date - 1;
    fmt_time(tc, e->date, o);
    o += 20;
    *o++ = '\n';
    const char *rn = x509_crl_reason_name(e->reason);
    if (rn) {
        size_t l = strlen(rn);
        memcpy(o, l_reason, sizeof l_reason - 1);
        o += sizeof l_reason - 1;
        memcpy(o, rn, l);
        o += l;
        *o++ = '\n';
    }
    if (e->has_invalidity_date) {
        memcpy(o, l_inv, sizeof l_inv - 1);
        o += sizeof l_inv - 1;
        fmt_time(tc, e->invalidity_date, o);
        o += 20;
        *o++ = '\n';
    }
    b->len = (size_t)(o - b->p);
    return true;
}

static void text_entry(buf_t *b, const x509_crl_entry *e, asn1_ctx *ctx, tcache *tc)
{
    if (text_entry_fast(b, e, tc))
        return;
    char ts[20];
    x509_txt_label_col(b, 8, "Serial Number", ENTRY_COL);
    text_serial(b, e->serial);
    buf_putc(b, '\n');
    x509_txt_label_col(b, 12, "Revocation Date", ENTRY_COL);
    fmt_time(tc, e->date, ts);
    buf_put(b, ts, 20);
    buf_putc(b, '\n');
    if (e->exts.n == 0)
        return;
    const char *rn = x509_crl_reason_name(e->reason);
    if (rn) {
        x509_txt_label_col(b, 12, "Reason", ENTRY_COL);
        buf_puts(b, rn);
        buf_putc(b, '\n');
    }
    if (e->has_invalidity_date) {
        x509_txt_label_col(b, 12, "Invalidity Date", ENTRY_COL);
        fmt_time(tc, e->invalidity_date, ts);
        buf_put(b, ts, 20);
        buf_putc(b, '\n');
    }
    span_t hold = hold_instruction(e, ctx);
    if (hold.len) {
        x509_txt_label_col(b, 12, "Hold Instruction", ENTRY_COL);
        x509_txt_oid_named(b, hold);
        buf_putc(b, '\n');
    }
    if (e->cert_issuer && !e->cert_issuer->malformed) {
        asn1_ctx sc;
        x509_ctx_scratch(&sc, ctx, e->cert_issuer->value);
        der_t c;
        der_init_span(&c, &sc, e->cert_issuer->value, "certificateIssuer");
        x509_sink text;
        x509_text_state st;
        x509_sink_text(&text, &st, b, 12);
        if (x509_general_names_describe(&c, &text, "certificate_issuer", "Certificate Issuer") != ASN1_OK)
            asn1_ctx_clear_error(&sc);
    }
    for (unsigned i = 0; i < e->exts.n; i++)
        if (!ext_summarised(&e->exts.v[i]))
            x509_txt_extension(b, 12, &e->exts.v[i], ctx);
}

void x509_crl_text(const x509_crl *crl, buf_t *b, const x509_crl_info *info)
{
    asn1_ctx *ctx = info->ctx;
    asn1_ctx sc;
    x509_ctx_scratch(&sc, ctx, crl->der);
    if (!ctx)
        ctx = &sc;
    x509_txt_intro(b, "Certificate Revocation List", info->source, info->index, crl->version,
                   (uint64_t)(crl->version - 1));
    x509_txt_alg(b, 4, "Signature Algorithm", &crl->tbs_sig_alg);
    x509_txt_name(b, 4, "Issuer", &crl->issuer);

    x509_txt_label(b, 4, "This Update");
    x509_txt_time(b, crl->this_update);
    if (info->at >= crl->this_update) {
        buf_puts(b, " (");
        x509_txt_days(b, info->at - crl->this_update);
        buf_puts(b, " ago)\n");
    } else {
        buf_puts(b, " (in the future: in ");
        x509_txt_days(b, crl->this_update - info->at);
        buf_puts(b, ")\n");
    }
    x509_txt_label(b, 4, "Next Update");
    if (crl->has_next_update) {
        x509_txt_time(b, crl->next_update);
        if (x509_crl_expired(crl, info->at)) {
            buf_puts(b, " (EXPIRED ");
            x509_txt_days(b, info->at - crl->next_update);
            buf_puts(b, " ago: every certificate of its CA counts as revoked)\n");
        } else {
            buf_puts(b, " (in ");
            x509_txt_days(b, crl->next_update - info->at);
            buf_puts(b, ")\n");
        }
    } else {
        buf_puts(b, "none\n");
    }
    if (crl->crl_number.len) {
        x509_txt_label(b, 4, "CRL Number");
        text_int(b, crl->crl_number);
        buf_putc(b, '\n');
    }
    if (crl->delta_base.len) {
        x509_txt_label(b, 4, "Delta CRL of base");
        text_int(b, crl->delta_base);
        buf_putc(b, '\n');
    }
    if (crl->exts.present) {
        x509_txt_heading(b, 4, "Extensions");
        for (unsigned i = 0; i < crl->exts.n; i++)
            x509_txt_extension(b, 8, &crl->exts.v[i], ctx);
    }

    x509_txt_label(b, 4, "Revoked Certificates");
    if (crl->revoked_count == 0) {
        buf_puts(b, "none\n");
    } else {
        buf_u64(b, crl->revoked_count);
        buf_putc(b, '\n');
        if (!info->no_entries) {
            x509_crl_iter it;
            x509_crl_iter_init(&it, &sc, crl);
            it.release = info->release;
            it.release_arg = info->release_arg;
            static _Thread_local x509_crl_entry e;
            tcache tc = { 0, false, { 0 } };
            uint64_t n = 0;
            while (x509_crl_next(&it, &e) == ASN1_OK) {
                text_entry(b, &e, &sc, &tc);
                if (++n % FLUSH_EVERY == 0 && info->flush)
                    info->flush(info->flush_arg);
            }
        }
    }

    if (!span_eq(crl->sig_alg.der, crl->tbs_sig_alg.der))
        x509_txt_alg(b, 4, "Outer Signature Algorithm", &crl->sig_alg);
    x509_txt_heading(b, 4, "Signature Value");
    x509_txt_dump(b, 8, crl->sig.p, crl->sig.len, 18);
    if (info->sig_checked) {
        x509_txt_label(b, 4, "Signature");
        switch (info->sig) {
        case CK_VERIFY_VALID:
            buf_puts(b, "valid");
            break;
        case CK_VERIFY_INVALID:
            buf_puts(b, "INVALID");
            break;
        case CK_VERIFY_UNSUPPORTED:
            buf_puts(b, "cannot verify: unsupported algorithm");
            break;
        default:
            buf_puts(b, "cannot verify: error");
            break;
        }
        if (info->sig_issuer) {
            buf_puts(b, " (issuer ");
            x509_name_rfc4514(info->sig_issuer, b);
            buf_putc(b, ')');
        }
        if (info->sig != CK_VERIFY_VALID && info->sig_detail && info->sig_detail[0]) {
            buf_puts(b, ": ");
            buf_puts(b, info->sig_detail);
        }
        buf_putc(b, '\n');
    }
    uint8_t h1[20], h256[32];
    if (crl_fingerprints(crl, info, h1, h256))
        x509_txt_fingerprint_lines(b, 4, h1, h256);
    x509_txt_warnings(b, 4, info->ctx);
}
