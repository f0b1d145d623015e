/*
 * print.c - what pfxsplit shows of a PFX, into buffers (the library never prints):
 *   - openssl's "Bag Attributes" block (p12_print_bag_attrs), so `pfxsplit file.p12`
 *     reads like `openssl pkcs12 -nodes`;
 *   - the --info structure in text and in JSON (SPEC "pfxsplit --info --json"):
 *     the MAC, each safe's encryption and iterations, each bag with its type,
 *     attributes, subject and key summary.  Never a secret: no key material, no
 *     password, no derived value.
 */
#include "pkcs12/p12_impl.h"

#include <stdio.h>
#include <string.h>

/* ------------------------------------------------------------ attributes */

static void oid_text(span_t oid, buf_t *out)
{
    const char *n = oid_name(oid_lookup(oid));
    if (n)
        buf_puts(out, n);
    else
        asn1_oid_append(oid, out);
}

/* One attribute value as openssl shows it: strings as text, octets as "AB CD ", OIDs by name. */
static void attr_value(const asn1_elem *e, buf_t *out)
{
    if (asn1_is_string_tag(e->tag)) {
        const char *why = NULL, *dev = NULL;
        size_t mark = out->len;
        if (asn1_str_to_utf8(e->tag, e->body, out, &why, &dev) == ASN1_OK)
            return;
        out->len = mark;
    }
    switch (e->tag) {
    case ASN1_OCTET_STRING:
    case ASN1_BIT_STRING:
        for (size_t i = 0; i < e->body.len; i++)
            buf_printf(out, "%02X ", e->body.p[i]);
        return;
    case ASN1_OID:
        oid_text(e->body, out);
        return;
    case ASN1_INTEGER:
        asn1_int_hex(e->body, out);
        return;
    case ASN1_BOOLEAN:
        buf_puts(out, e->body.len == 1 && e->body.p[0] ? "TRUE" : "FALSE");
        return;
    default:
        buf_puts(out, "<");
        buf_hex(out, e->der.p, e->der.len, NULL);
        buf_puts(out, ">");
    }
}

static const char *attr_label(oid_id id)
{
    switch (id) {
    case OID_pkcs9_friendlyName: return "friendlyName";
    case OID_pkcs9_localKeyID: return "localKeyID";
    case OID_ms_cspName: return "Microsoft CSP Name";
    case OID_ms_localMachineKeyset: return "Microsoft Local Key set";
    case OID_oracle_trustedKeyUsage: return "Trusted key usage (Oracle)";
    default: return NULL;
    }
}

/* "    NAME: value" for each value of each attribute in a SET OF Attribute body. */
static void attr_lines(span_t set_body, buf_t *out)
{
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, set_body.p, set_body.len);
    der_t c;
    der_init(&c, &ctx, NULL);
    while (!der_empty(&c)) {
        der_t at, vals;
        span_t oid;
        if (der_enter(&c, ASN1_SEQUENCE, NULL, &at) != ASN1_OK || der_read_oid(&at, NULL, &oid) != ASN1_OK ||
            der_enter(&at, ASN1_SET, NULL, &vals) != ASN1_OK)
            return;
        const char *label = attr_label(oid_lookup(oid));
        while (!der_empty(&vals)) {
            asn1_elem e;
            if (der_next(&vals, NULL, &e) != ASN1_OK)
                break;
            buf_puts(out, "    ");
            if (label)
                buf_puts(out, label);
            else
                oid_text(oid, out);
            buf_puts(out, ": ");
            attr_value(&e, out);
            buf_putc(out, '\n');
        }
    }
}

void p12_print_bag_attrs(const p12_bag *b, buf_t *out)
{
    if (!b->attrs.present || b->attrs.n == 0) {
        buf_puts(out, "Bag Attributes: <No Attributes>\n");
        return;
    }
    buf_puts(out, "Bag Attributes\n");
    /* one line per value, in the order of the file, as openssl prints them */
    for (unsigned i = 0; i < b->attrs.n; i++) {
        const p12_attr *a = &b->attrs.v[i];
        const char *label = attr_label(a->id);
        asn1_ctx ctx;
        asn1_ctx_init(&ctx, a->values.p, a->values.len);
        der_t c;
        der_init(&c, &ctx, NULL);
        while (!der_empty(&c)) {
            asn1_elem e;
            if (der_next(&c, NULL, &e) != ASN1_OK)
                break;
            buf_puts(out, "    ");
            if (label)
                buf_puts(out, label);
            else
                oid_text(a->oid, out);
            buf_puts(out, ": ");
            attr_value(&e, out);
            buf_putc(out, '\n');
        }
        if (a->nvalues == 0) {
            buf_puts(out, "    ");
            if (label)
                buf_puts(out, label);
            else
                oid_text(a->oid, out);
            buf_puts(out, ": <no values>\n");
        }
    }
}

void p12_print_key_attrs(span_t attributes, buf_t *out)
{
    /* attributes [0] IMPLICIT Attributes: the whole TLV, or empty */
    if (attributes.len < 2) {
        buf_puts(out, "Key Attributes: <No Attributes>\n");
        return;
    }
    asn1_ctx ctx;
    asn1_ctx_init(&ctx, attributes.p, attributes.len);
    der_t c;
    der_init(&c, &ctx, NULL);
    asn1_elem e;
    if (der_next(&c, NULL, &e) != ASN1_OK || e.body.len == 0) {
        buf_puts(out, "Key Attributes: <No Attributes>\n");
        return;
    }
    buf_puts(out, "Key Attributes\n");
    attr_lines(e.body, out);
}

/* ------------------------------------------------------------------ text */

static void pw_text(const p12_file *f, const p12_pw_used *u, buf_t *out)
{
    if (u->cand < 0)
        return;
    buf_printf(out, " (password: %s", p12_pw_src_name(f->pws.src[u->cand]));
    if (u->form != P12_PWF_BMP && u->form != P12_PWF_UTF8 && u->form != P12_PWF_NONE)
        buf_printf(out, ", as %s", p12_pw_form_name(u->form));
    buf_putc(out, ')');
}

static void alg_line(const p12_alg *a, buf_t *out)
{
    p12_alg_describe(a, out);
    if (a->kind == P12_ALG_PBES2 || a->kind == P12_ALG_PKCS12_PBE || a->kind == P12_ALG_PBES1 ||
        a->kind == P12_ALG_PBMAC1) {
        if (a->kdf_id == OID_scrypt)
            buf_printf(out, ", N=%llu r=%llu p=%llu", (unsigned long long)a->iterations,
                       (unsigned long long)a->scrypt_r, (unsigned long long)a->scrypt_p);
        else
            buf_printf(out, ", %llu iteration%s", (unsigned long long)a->iterations, a->iterations == 1 ? "" : "s");
        buf_printf(out, ", salt %zu bytes", a->salt.len);
    }
}

static const char *safe_state_text(p12_safe_state st)
{
    switch (st) {
    case P12_SAFE_OK: return "opened";
    case P12_SAFE_WRONG_PASSWORD: return "wrong password";
    case P12_SAFE_UNSUPPORTED: return "unsupported";
    case P12_SAFE_MALFORMED: return "malformed";
    case P12_SAFE_NOT_TRIED: return "not opened";
    }
    return "?";
}

static const char *bag_state_name(p12_bag_state st)
{
    switch (st) {
    case P12_BAG_OK: return "ok";
    case P12_BAG_SKIPPED: return "skipped";
    case P12_BAG_WRONG_PASSWORD: return "wrong_password";
    case P12_BAG_UNSUPPORTED: return "unsupported";
    case P12_BAG_MALFORMED: return "malformed";
    case P12_BAG_NOT_TRIED: return "not_opened";
    }
    return "?";
}

static const p12_cert_item *cert_of_bag(const p12_split *s, unsigned bag)
{
    for (unsigned i = 0; s && i < s->ncerts; i++)
        if (s->certs[i].bag == bag)
            return &s->certs[i];
    return NULL;
}

static const p12_key_item *key_of_bag(const p12_split *s, unsigned bag, int *index)
{
    for (unsigned i = 0; s && i < s->nkeys; i++)
        if (s->keys[i].bag == bag) {
            if (index)
                *index = (int)i;
            return &s->keys[i];
        }
    return NULL;
}

static void key_summary_text(const ck_privkey *k, buf_t *out)
{
    buf_puts(out, ck_privkey_alg_name(k));
    if (k->bits)
        buf_printf(out, " %zu bits", k->bits);
    if (k->type == CK_KEY_EC && ck_curve_name(k->curve))
        buf_printf(out, " (%s)", ck_curve_name(k->curve));
}

static void bag_text(const p12_file *f, const p12_split *s, unsigned bi, unsigned num, buf_t *out)
{
    const p12_bag *b = &f->bags[bi];
    unsigned ind = 2 + 2 * b->depth;
    buf_printf(out, "%*sBag %u: %s", (int)ind, "", num, p12_bag_type_name(b->type));
    if (b->type == P12_BAG_CERT || b->type == P12_BAG_CRL || b->type == P12_BAG_SECRET) {
        buf_puts(out, " (");
        oid_text(b->type_oid, out);
        buf_putc(out, ')');
    } else if (b->type == P12_BAG_OTHER) {
        buf_puts(out, " (");
        asn1_oid_append(b->bag_oid, out);
        buf_putc(out, ')');
    }
    if (b->type == P12_BAG_SHROUDED_KEY) {
        buf_puts(out, ", ");
        alg_line(&b->alg, out);
        buf_printf(out, ": %s", b->state == P12_BAG_OK ? "decrypted" : bag_state_name(b->state));
        pw_text(f, &b->pw, out);
    }
    buf_putc(out, '\n');
    ind += 2;
    if (b->attrs.friendly_name)
        buf_printf(out, "%*sfriendlyName: %s\n", (int)ind, "", b->attrs.friendly_name);
    if (b->attrs.has_local_key_id) {
        buf_printf(out, "%*slocalKeyID: ", (int)ind, "");
        buf_hex(out, b->attrs.local_key_id.p, b->attrs.local_key_id.len, ":");
        buf_putc(out, '\n');
    }
    if (b->attrs.csp_name)
        buf_printf(out, "%*sMicrosoft CSP name: %s\n", (int)ind, "", b->attrs.csp_name);
    if (b->attrs.trusted_usage) {
        buf_printf(out, "%*strusted key usage (Oracle): ", (int)ind, "");
        if (b->attrs.trusted_usage_oid.len)
            oid_text(b->attrs.trusted_usage_oid, out);
        buf_putc(out, '\n');
    }
    for (unsigned i = 0; i < b->attrs.n; i++) {
        oid_id id = b->attrs.v[i].id;
        if (id == OID_pkcs9_friendlyName || id == OID_pkcs9_localKeyID || id == OID_ms_cspName ||
            id == OID_oracle_trustedKeyUsage)
            continue;
        buf_printf(out, "%*sattribute ", (int)ind, "");
        oid_text(b->attrs.v[i].oid, out);
        buf_printf(out, ": %u value%s\n", b->attrs.v[i].nvalues, b->attrs.v[i].nvalues == 1 ? "" : "s");
    }
    const p12_cert_item *c = cert_of_bag(s, bi);
    if (c && c->ok) {
        buf_printf(out, "%*ssubject: ", (int)ind, "");
        x509_name_rfc4514(&c->cert.subject, out);
        buf_printf(out, "\n%*sissuer: ", (int)ind, "");
        x509_name_rfc4514(&c->cert.issuer, out);
        char t[32];
        asn1_time_rfc3339(c->cert.not_after, t);
        buf_printf(out, "\n%*snot after: %s\n", (int)ind, "", t);
        buf_printf(out, "%*skey: %s", (int)ind, "", ck_key_type_name(c->cert.pubkey.type));
        if (ck_pubkey_bits(&c->cert.pubkey))
            buf_printf(out, " %zu bits", ck_pubkey_bits(&c->cert.pubkey));
        if (c->is_ca)
            buf_puts(out, ", CA");
        buf_putc(out, '\n');
    } else if (c) {
        buf_printf(out, "%*scertificate does not decode: %s\n", (int)ind, "", c->problem);
    }
    int ki = -1;
    const p12_key_item *k = key_of_bag(s, bi, &ki);
    if (k && k->ok) {
        buf_printf(out, "%*skey: ", (int)ind, "");
        key_summary_text(&k->key, out);
        for (unsigned p = 0; s && p < s->npairs; p++)
            if (s->pairs[p].key == ki && s->pairs[p].leaf >= 0) {
                const p12_cert_item *lc = &s->certs[s->pairs[p].leaf];
                unsigned lb = lc->bag;
                buf_printf(out, ", leaf: safe %u bag %u (by %s)", f->bags[lb].safe + 1, f->bags[lb].index + 1,
                           p12_leaf_how_name(s->pairs[p].how));
            }
        buf_putc(out, '\n');
    } else if (k) {
        buf_printf(out, "%*skey does not decode: %s\n", (int)ind, "", k->problem);
    }
    if (b->problem[0] && b->state != P12_BAG_OK)
        buf_printf(out, "%*s%s\n", (int)ind, "", b->problem);
}

void p12_info_text(const p12_file *f, const p12_split *s, buf_t *out)
{
    buf_printf(out, "PKCS#12 (PFX) version %lld, %zu bytes%s\n", (long long)f->version, f->consumed,
               f->was_ber ? " (BER: indefinite lengths or constructed strings)" : "");
    if (f->trailing)
        buf_printf(out, "  %zu bytes after the PFX (ignored)\n", f->trailing);
    if (!f->mac.present) {
        buf_puts(out, "MAC: none: no integrity check in this file\n");
    } else {
        buf_puts(out, "MAC: ");
        p12_alg_describe(&f->mac.alg, out);
        if (f->mac.alg.kind == P12_ALG_PBMAC1) {
            buf_printf(out, ", %llu iterations, salt %zu bytes, key %llu bytes",
                       (unsigned long long)f->mac.alg.iterations, f->mac.alg.salt.len,
                       (unsigned long long)f->mac.alg.keylen);
        } else {
            buf_printf(out, ", %llu iteration%s, salt %zu bytes", (unsigned long long)f->mac.iterations,
                       f->mac.iterations == 1 ? "" : "s", f->mac.salt.len);
        }
        buf_printf(out, ": %s", f->mac.state == P12_MAC_VALID ? "valid" : p12_mac_state_msg(f->mac.state));
        pw_text(f, &f->mac.pw, out);
        buf_putc(out, '\n');
        if (f->mac.problem[0])
            buf_printf(out, "  %s\n", f->mac.problem);
    }
    for (unsigned i = 0; i < f->nsafes; i++) {
        const p12_safe *sf = &f->safes[i];
        buf_printf(out, "Safe %u: ", i + 1);
        switch (sf->type) {
        case P12_SAFE_DATA:
            buf_puts(out, "data (not encrypted)");
            break;
        case P12_SAFE_ENCRYPTED:
            buf_puts(out, "encryptedData, ");
            alg_line(&sf->alg, out);
            buf_printf(out, ": %s", sf->state == P12_SAFE_OK ? "decrypted" : safe_state_text(sf->state));
            pw_text(f, &sf->pw, out);
            break;
        case P12_SAFE_ENVELOPED:
            buf_puts(out, "envelopedData (public-key encrypted): not supported");
            break;
        default:
            buf_puts(out, "content type ");
            oid_text(sf->content_type, out);
            buf_puts(out, ": not supported");
        }
        buf_putc(out, '\n');
        if (sf->problem[0] && sf->state != P12_SAFE_OK)
            buf_printf(out, "  %s\n", sf->problem);
        unsigned num = 0;
        for (unsigned b = 0; b < f->nbags; b++)
            if (f->bags[b].safe == i)
                bag_text(f, s, b, ++num, out);
    }
    if (f->pw.cand >= 0)
        buf_printf(out, "Password: %s\n", p12_pw_src_name(f->pws.src[f->pw.cand]));
}

/* ------------------------------------------------------------------ JSON */

static void json_oid(json_t *j, const char *key, span_t oid)
{
    buf_t t = BUF_INIT;
    json_key(j, key);
    json_obj_begin(j);
    asn1_oid_append(oid, &t);
    json_kstr(j, "oid", buf_cstr(&t));
    const char *n = oid_name(oid_lookup(oid));
    if (n)
        json_kstr(j, "name", n);
    json_obj_end(j);
    buf_free(&t);
}

static void json_alg(json_t *j, const char *key, const p12_alg *a)
{
    buf_t t = BUF_INIT;
    json_key(j, key);
    json_obj_begin(j);
    asn1_oid_append(a->oid, &t);
    json_kstr(j, "oid", buf_cstr(&t));
    if (oid_name(a->id))
        json_kstr(j, "name", oid_name(a->id));
    buf_reset(&t);
    p12_alg_describe(a, &t);
    json_kstr(j, "description", buf_cstr(&t));
    if (a->kind == P12_ALG_PBES2 || a->kind == P12_ALG_PBMAC1) {
        json_key(j, "params");
        json_obj_begin(j);
        if (a->kdf_oid.len)
            json_oid(j, "kdf", a->kdf_oid);
        if (a->kdf_id == OID_pbkdf2)
            json_kstr(j, "prf", a->prf_oid.len && oid_name(a->prf_id) ? oid_name(a->prf_id) : "hmacWithSHA1");
        json_kint(j, "salt_len", (int64_t)a->salt.len);
        json_kint(j, "iterations", (int64_t)a->iterations);
        if (a->has_keylen)
            json_kint(j, "key_len", (int64_t)a->keylen);
        if (a->enc_oid.len)
            json_oid(j, a->kind == P12_ALG_PBES2 ? "cipher" : "mac", a->enc_oid);
        if (a->has_rc2_version)
            json_kint(j, "rc2_parameter_version", a->rc2_version);
        json_obj_end(j);
    } else if (a->kind == P12_ALG_PKCS12_PBE || a->kind == P12_ALG_PBES1) {
        json_key(j, "params");
        json_obj_begin(j);
        json_kint(j, "salt_len", (int64_t)a->salt.len);
        json_kint(j, "iterations", (int64_t)a->iterations);
        json_kstr(j, "cipher", p12_alg_cipher_name(a));
        json_obj_end(j);
    }
    if (a->unsupported)
        json_kstr(j, "unsupported", a->unsupported);
    json_obj_end(j);
    buf_free(&t);
}

static void json_pw(json_t *j, const p12_file *f, const p12_pw_used *u)
{
    json_key(j, "password");
    if (u->cand < 0) {
        json_null(j);
        return;
    }
    json_obj_begin(j);
    json_kstr(j, "source", p12_pw_src_name(f->pws.src[u->cand]));
    json_kstr(j, "form", p12_pw_form_name(u->form));
    json_obj_end(j);
}

static void json_bag(json_t *j, const p12_file *f, const p12_split *s, unsigned bi);

static void json_bags_of(json_t *j, const p12_file *f, const p12_split *s, unsigned safe, int parent)
{
    json_key(j, "bags");
    json_arr_begin(j);
    for (unsigned b = 0; b < f->nbags; b++)
        if (f->bags[b].safe == safe && f->bags[b].parent == parent)
            json_bag(j, f, s, b);
    json_arr_end(j);
}

static void json_bag(json_t *j, const p12_file *f, const p12_split *s, unsigned bi)
{
    const p12_bag *b = &f->bags[bi];
    json_obj_begin(j);
    json_kstr(j, "type", p12_bag_type_name(b->type));
    if (b->type == P12_BAG_OTHER)
        json_oid(j, "bag_id", b->bag_oid);
    if (b->type == P12_BAG_CERT || b->type == P12_BAG_CRL || b->type == P12_BAG_SECRET)
        json_oid(j, b->type == P12_BAG_CERT ? "cert_type" : b->type == P12_BAG_CRL ? "crl_type" : "secret_type",
                 b->type_oid);
    if (b->attrs.friendly_name)
        json_kstr(j, "friendly_name", b->attrs.friendly_name);
    else
        json_knull(j, "friendly_name");
    if (b->attrs.has_local_key_id)
        json_khex(j, "local_key_id", b->attrs.local_key_id.p, b->attrs.local_key_id.len);
    else
        json_knull(j, "local_key_id");
    if (b->attrs.csp_name)
        json_kstr(j, "ms_csp_name", b->attrs.csp_name);
    if (b->attrs.trusted_usage) {
        if (b->attrs.trusted_usage_oid.len)
            json_oid(j, "trusted_key_usage", b->attrs.trusted_usage_oid);
        else
            json_knull(j, "trusted_key_usage");
    }
    json_key(j, "attributes");
    json_arr_begin(j);
    for (unsigned i = 0; i < b->attrs.n; i++) {
        json_obj_begin(j);
        buf_t t = BUF_INIT;
        asn1_oid_append(b->attrs.v[i].oid, &t);
        json_kstr(j, "oid", buf_cstr(&t));
        if (oid_name(b->attrs.v[i].id))
            json_kstr(j, "name", oid_name(b->attrs.v[i].id));
        json_kint(j, "values", b->attrs.v[i].nvalues);
        buf_free(&t);
        json_obj_end(j);
    }
    json_arr_end(j);
    if (b->type == P12_BAG_SHROUDED_KEY) {
        json_alg(j, "encryption", &b->alg);
        json_kint(j, "iterations", (int64_t)b->alg.iterations);
        json_pw(j, f, &b->pw);
    }
    json_kstr(j, "state", bag_state_name(b->state));
    if (b->problem[0] && b->state != P12_BAG_OK)
        json_kstr(j, "problem", b->problem);
    x509_sink sink;
    x509_sink_json(&sink, j);
    const p12_cert_item *c = cert_of_bag(s, bi);
    if (c && c->ok) {
        sink_name(&sink, "subject", NULL, &c->cert.subject);
        sink_name(&sink, "issuer", NULL, &c->cert.issuer);
        buf_t t = BUF_INIT;
        asn1_int_hex(c->cert.serial, &t);
        json_kstr(j, "serial", buf_cstr(&t));
        buf_free(&t);
        sink_time(&sink, "not_after", NULL, c->cert.not_after);
        json_kbool(j, "ca", c->is_ca);
        sink_pubkey(&sink, "key", NULL, &c->cert.pubkey);
    } else if (b->type == P12_BAG_CERT) {
        json_knull(j, "subject");
    }
    int ki = -1;
    const p12_key_item *k = key_of_bag(s, bi, &ki);
    if (k && k->ok) {
        const ck_pubkey *pub = ck_privkey_public(&k->key);
        if (pub) {
            sink_pubkey(&sink, "key", NULL, pub);
        } else {
            json_key(j, "key");
            json_obj_begin(j);
            json_kstr(j, "algorithm", ck_privkey_alg_name(&k->key));
            if (k->key.bits)
                json_kint(j, "bits", (int64_t)k->key.bits);
            json_obj_end(j);
        }
        for (unsigned p = 0; p < s->npairs; p++)
            if (s->pairs[p].key == ki) {
                json_key(j, "leaf");
                if (s->pairs[p].leaf < 0) {
                    json_null(j);
                } else {
                    const p12_bag *lb = &f->bags[s->certs[s->pairs[p].leaf].bag];
                    json_obj_begin(j);
                    json_kint(j, "safe", lb->safe);
                    json_kint(j, "bag", lb->index);
                    json_kstr(j, "matched_by", p12_leaf_how_name(s->pairs[p].how));
                    json_obj_end(j);
                }
            }
    } else if (b->type == P12_BAG_KEY || b->type == P12_BAG_SHROUDED_KEY) {
        json_knull(j, "key");
    }
    if (b->type == P12_BAG_SAFE_CONTENTS)
        json_bags_of(j, f, s, b->safe, (int)bi);
    json_obj_end(j);
}

void p12_info_json(const p12_file *f, const p12_split *s, const char *source, buf_t *out)
{
    json_t j;
    json_init(&j, out);
    json_obj_begin(&j);
    json_kstr(&j, "type", "pkcs12");
    if (source)
        json_kstr(&j, "source", source);
    json_kint(&j, "version", f->version);
    json_kbool(&j, "ber", f->was_ber);
    json_kint(&j, "trailing_bytes", (int64_t)f->trailing);
    json_key(&j, "mac");
    if (!f->mac.present) {
        json_null(&j);
    } else {
        json_obj_begin(&j);
        json_alg(&j, "algorithm", &f->mac.alg);
        json_kint(&j, "iterations", (int64_t)(f->mac.alg.kind == P12_ALG_PBMAC1 ? f->mac.alg.iterations
                                                                                 : f->mac.iterations));
        json_kint(&j, "salt_len", (int64_t)(f->mac.alg.kind == P12_ALG_PBMAC1 ? f->mac.alg.salt.len
                                                                               : f->mac.salt.len));
        json_key(&j, "valid");
        if (f->mac.state == P12_MAC_VALID)
            json_bool(&j, true);
        else if (f->mac.state == P12_MAC_MISMATCH)
            json_bool(&j, false);
        else
            json_null(&j);
        const char *st = f->mac.state == P12_MAC_VALID ? "valid" : f->mac.state == P12_MAC_MISMATCH ? "mismatch"
                       : f->mac.state == P12_MAC_UNSUPPORTED ? "unsupported" : "not_checked";
        json_kstr(&j, "state", st);
        if (f->mac.problem[0])
            json_kstr(&j, "problem", f->mac.problem);
        json_pw(&j, f, &f->mac.pw);
        json_obj_end(&j);
    }
    json_key(&j, "safes");
    json_arr_begin(&j);
    for (unsigned i = 0; i < f->nsafes; i++) {
        const p12_safe *sf = &f->safes[i];
        json_obj_begin(&j);
        json_kstr(&j, "content_type", sf->type == P12_SAFE_DATA ? "data" : sf->type == P12_SAFE_ENCRYPTED
                                       ? "encryptedData" : sf->type == P12_SAFE_ENVELOPED ? "envelopedData" : "other");
        if (sf->type == P12_SAFE_ENCRYPTED) {
            json_alg(&j, "encryption", &sf->alg);
            json_kint(&j, "iterations", (int64_t)sf->alg.iterations);
        } else {
            json_knull(&j, "encryption");
            json_knull(&j, "iterations");
        }
        json_kstr(&j, "state", sf->state == P12_SAFE_OK ? "ok" : sf->state == P12_SAFE_WRONG_PASSWORD
                                ? "wrong_password" : sf->state == P12_SAFE_UNSUPPORTED ? "unsupported"
                                : sf->state == P12_SAFE_MALFORMED ? "malformed" : "not_opened");
        if (sf->problem[0] && sf->state != P12_SAFE_OK)
            json_kstr(&j, "problem", sf->problem);
        if (sf->type == P12_SAFE_ENCRYPTED)
            json_pw(&j, f, &sf->pw);
        json_bags_of(&j, f, s, i, -1);
        json_obj_end(&j);
    }
    json_arr_end(&j);
    json_pw(&j, f, &f->pw);
    json_key(&j, "warnings");
    json_arr_begin(&j);
    for (unsigned i = 0; i < f->nnotes; i++) {
        buf_t t = BUF_INIT;
        buf_printf(&t, "%s%s%s", f->notes[i].d.path, f->notes[i].d.path[0] ? ": " : "", f->notes[i].d.msg);
        json_str(&j, buf_cstr(&t));
        buf_free(&t);
    }
    json_arr_end(&j);
    if (f->err.code != ASN1_OK) {
        json_key(&j, "error");
        json_obj_begin(&j);
        json_kint(&j, "offset", (int64_t)f->err.offset);
        json_kstr(&j, "path", f->err.path);
        json_kstr(&j, "message", f->err.msg);
        json_obj_end(&j);
    }
    json_obj_end(&j);
    buf_putc(out, '\n');
}
