/*
 * password.c - the forms a PKCS#12 password takes.  RFC 7292 B.1: the PKCS#12 KDF
 * takes a BMPString with a terminating zero (absent: zero octets; "": 00 00);
 * PBES1/PBES2/PBMAC1 take octets, UTF-8 as OpenSSL and Windows write them.  Real
 * files also need: ISO-8859-1 octets for PBES2 (Java keystores), the BMPString
 * fed to PBKDF1/PBKDF2 (NSS 3.21), and each UTF-8 byte as one BMP character for the
 * PKCS#12 KDF (OpenSSL before 1.1).  Alternates are tried only after the standard
 * form fails, and a form that yields the standard bytes is not tried twice.
 */
#include "pkcs12/p12_impl.h"

#include <string.h>

const char *p12_pw_src_name(p12_pw_src s)
{
    switch (s) {
    case P12_PW_GIVEN: return "given";
    case P12_PW_EMPTY: return "empty";
    case P12_PW_ABSENT: return "absent";
    }
    return "?";
}

const char *p12_pw_form_name(p12_pw_form f)
{
    switch (f) {
    case P12_PWF_NONE: return "none";
    case P12_PWF_BMP: return "BMPString (RFC 7292)";
    case P12_PWF_UTF8: return "UTF-8";
    case P12_PWF_LATIN1: return "ISO-8859-1 (Java keystore quirk)";
    case P12_PWF_BMP_PBES2: return "BMPString fed to PBKDF (NSS 3.21 quirk)";
    case P12_PWF_BMP_BYTES: return "one BMP character per byte (OpenSSL before 1.1)";
    }
    return "?";
}

unsigned p12__pw_order(const p12_passwords *pws, int prefer, int order[3])
{
    unsigned no = 0;
    if (prefer >= 0 && (unsigned)prefer < pws->n)
        order[no++] = prefer;
    for (unsigned i = 0; i < pws->n && no < 3; i++)
        if ((int)i != prefer)
            order[no++] = (int)i;
    return no;
}

unsigned p12__pw_forms(p12_pw_family fam, p12_pw_form out[4])
{
    switch (fam) {
    case P12_FAM_PKCS12:
        out[0] = P12_PWF_BMP;
        out[1] = P12_PWF_BMP_BYTES;
        return 2;
    case P12_FAM_PBKDF1:
        out[0] = P12_PWF_UTF8;
        out[1] = P12_PWF_LATIN1;
        out[2] = P12_PWF_BMP_PBES2;
        return 3;
    case P12_FAM_PBKDF2:
        out[0] = P12_PWF_UTF8;
        out[1] = P12_PWF_LATIN1;
        out[2] = P12_PWF_BMP_PBES2;
        return 3;
    }
    return 0;
}

static bool has_high(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x80)
            return true;
    return false;
}

/* UTF-8 to ISO-8859-1; false when a code point is above U+00FF or the UTF-8 is bad. */
static bool to_latin1(const char *s, buf_t *out)
{
    const uint8_t *p = (const uint8_t *)s;
    while (*p) {
        if (p[0] < 0x80) {
            buf_putc(out, (char)p[0]);
            p++;
        } else if ((p[0] == 0xc2 || p[0] == 0xc3) && (p[1] & 0xc0) == 0x80) {
            buf_putc(out, (char)(((p[0] & 0x1f) << 6) | (p[1] & 0x3f)));
            p += 2;
        } else {
            return false;
        }
    }
    return !out->oom;
}

/* Each byte b as the code point U+00bb, in UTF-8: what OpenSSL < 1.1 turned into a BMPString. */
static void bytes_as_latin1_utf8(const char *s, buf_t *out)
{
    for (const uint8_t *p = (const uint8_t *)s; *p; p++) {
        if (*p < 0x80) {
            buf_putc(out, (char)*p);
        } else {
            buf_putc(out, (char)(0xc0 | (*p >> 6)));
            buf_putc(out, (char)(0x80 | (*p & 0x3f)));
        }
    }
}

asn1_err p12__pw_make(const char *pw, p12_pw_family fam, p12_pw_form form, p12_pw_bytes *out, bool *ok)
{
    memset(out, 0, sizeof *out);
    *ok = false;
    switch (form) {
    case P12_PWF_BMP:
        if (fam != P12_FAM_PKCS12)
            return ASN1_OK;
        out->utf8 = pw;
        break;
    case P12_PWF_BMP_BYTES:
        if (fam != P12_FAM_PKCS12 || !pw || !has_high(pw))
            return ASN1_OK;
        bytes_as_latin1_utf8(pw, &out->text);
        buf_cstr(&out->text);
        if (out->text.oom)
            return ASN1_E_NOMEM;
        out->utf8 = out->text.p;
        break;
    case P12_PWF_UTF8:
        if (pw)
            buf_puts(&out->bytes, pw);
        break;
    case P12_PWF_LATIN1:
        if (!pw || !has_high(pw))
            return ASN1_OK;
        if (!to_latin1(pw, &out->bytes)) {
            p12__pw_wipe(out);
            return ASN1_OK;
        }
        break;
    case P12_PWF_BMP_PBES2:
        if (fam == P12_FAM_PKCS12 || !pw)
            return ASN1_OK;
        TRY(pkcs12_pass_bmp(pw, &out->bytes));
        break;
    default:
        return ASN1_OK;
    }
    if (out->bytes.oom || out->text.oom) {
        p12__pw_wipe(out);
        return ASN1_E_NOMEM;
    }
    *ok = true;
    return ASN1_OK;
}

void p12__pw_wipe(p12_pw_bytes *b)
{
    buf_wipe_free(&b->text);
    buf_wipe_free(&b->bytes);
    b->utf8 = NULL;
}
