/*
 * pem.h - certkit's text and stream layer: base64, PEM armor (RFC 7468) and the
 * input iterator every tool reads its objects with.
 *
 *  - base64: table-driven encoder (a 4096-entry table turns 12 bits into two
 *    characters) and decoder (four 256-entry tables whose ORed entries give 24 bits
 *    and flag a bad character in the top bit), with an AVX2 path chosen at run time
 *    on x86-64 (a cpuid bit read once; no start-up work).
 *  - PEM: a reader that finds every block in a text (label, RFC 1421 headers, line
 *    numbers, byte range), lenient about whitespace, CRLF and a missing final
 *    newline, strict about BEGIN/END labels and bad base64; a writer in the strict
 *    RFC 7468 form (64 columns, LF).
 *  - input: opens a file or standard input, detects PEM / DER (one or concatenated,
 *    BER indefinite lengths too) / one base64 DER object per line, and yields the
 *    objects one at a time from a refillable buffer: memory grows with the largest
 *    object, not with the input.
 *
 * Like asn1/, this layer never prints, exits or aborts.
 */
#ifndef CERTKIT_PEM_H
#define CERTKIT_PEM_H

#include "asn1/asn1.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ----------------------------------------------------------------- base64 */

/** Characters of the base64 text for n bytes, without line breaks. */
static inline size_t b64_len(size_t n) { return (n + 2) / 3 * 4; }
/** Characters of an RFC 7468 body for n bytes: 64-column lines, each ending in LF. */
static inline size_t b64_lines_len(size_t n)
{
    size_t t = b64_len(n);
    return t + (t + 63) / 64;
}
/** Room the decoder needs for n characters of text (an upper bound of the output). */
static inline size_t b64_decoded_max(size_t n) { return n / 4 * 3 + 3; }

/** Encodes n bytes into b64_len(n) characters (no NUL). Returns the count written. */
size_t b64_encode(const uint8_t *in, size_t n, char *out);
/** Encodes n bytes as 64-column lines, each ending in LF: b64_lines_len(n) characters. */
size_t b64_encode_lines(const uint8_t *in, size_t n, char *out);

/**
 * Decodes base64 text.  Whitespace (SP, TAB, CR, LF, VT, FF) may appear anywhere
 * between characters.  '=' padding ends the data (only whitespace may follow); a
 * final quantum without its padding is accepted.  out needs b64_decoded_max(n) bytes.
 * On failure returns ASN1_E_VALUE with *errpos the offset in `in` of the offending
 * character (or n when the text ends too early) and *why a static reason.
 */
asn1_err b64_decode(const char *in, size_t n, uint8_t *out, size_t *outlen, size_t *errpos,
                    const char **why) CK_WUR;

/** True when the AVX2 paths are in use (for benchmarks and tests). */
bool b64_simd_active(void);
/** Turns the AVX2 paths off (true) or back on where the CPU has them (false); for tests. */
void b64_force_scalar(bool on);

/* ------------------------------------------------------------------- PEM */

#define PEM_LABEL_MAX 128

/** One PEM block as found in a text; every pointer borrows the text. */
typedef struct pem_block {
    const char *label;      /* between "-----BEGIN " and "-----" (not NUL-terminated) */
    size_t label_len;
    const char *headers;    /* RFC 1421 header lines (Proc-Type, DEK-Info...), raw; "" if none */
    size_t headers_len;
    const char *body;       /* the base64 lines, up to the END line */
    size_t body_len;
    size_t begin;           /* offset of "-----BEGIN" in the text */
    size_t end;             /* offset just past the END line and its line break */
    size_t line;            /* line number of the BEGIN line */
    size_t body_line;       /* line number of the first body line */
} pem_block;

/**
 * Offset of the next "-----BEGIN " that starts a line (after optional blanks) in
 * text[from..len), or len when there is none.  A "-----BEGIN" at text[0] counts as a
 * line start.
 */
size_t pem_find_begin(const char *text, size_t len, size_t from);

/**
 * Parses the block whose BEGIN line starts at text[0] (as pem_find_begin found it).
 * line0 is the line number of text[0]; b's line numbers and d's messages use it.
 *  - ASN1_OK: b is filled; the next block is searched from b->end.
 *  - ASN1_E_TRUNCATED (only when !eof): the block does not end inside text yet;
 *    read more and retry.
 *  - another code: a bad block (ASN1_E_MISSING: no END line); d->msg says what and where
 *    (d->offset is the offset in text of the problem), b->line is set and b->end is
 *    where to resume (just past the bad END line, at a BEGIN line that came before
 *    any END, or len).
 */
asn1_err pem_parse(const char *text, size_t len, bool eof, size_t line0, pem_block *b,
                   asn1_diag *d) CK_WUR;

/**
 * Decodes a block's body, appending the bytes to out.  A bad character is reported
 * with its line and column ("line 37: invalid base64 character '*'"), d->offset its
 * offset relative to the block's body.  ASN1_E_NOMEM when out could not grow.
 */
asn1_err pem_decode(const pem_block *b, buf_t *out, asn1_diag *d) CK_WUR;

/** Walks every block of a text held whole in memory. */
typedef struct pem_reader {
    const char *text;
    size_t len;
    size_t pos;             /* where the next search starts */
    size_t line;            /* line number at pos */
    unsigned block;         /* blocks seen so far (the last one's 1-based number) */
} pem_reader;

void pem_reader_init(pem_reader *r, const char *text, size_t len);
/**
 * The next block: ASN1_OK, ASN1_E_NOTFOUND when no block is left, or the error of a
 * bad block (d filled; b->line set); call again to go on with the next block.
 */
asn1_err pem_reader_next(pem_reader *r, pem_block *b, asn1_diag *d) CK_WUR;

/**
 * A binary object handed over as text, for the tools that read one whole binary file
 * (pfxsplit): the first PEM block of text (any label), or, with no BEGIN line, the
 * whole text as base64 (wrapped or not).  ASN1_OK with the bytes appended to out;
 * ASN1_E_NOTFOUND when text is not such text (empty, DER already, other characters);
 * another code with d filled for bad armor or bad base64.
 */
asn1_err pem_text_object(const char *text, size_t len, buf_t *out, asn1_diag *d) CK_WUR;

/**
 * Appends one block in strict RFC 7468 form: "-----BEGIN label-----", the header
 * lines (trailing blanks and CRs dropped, each ending in LF, then an empty line)
 * when headers_len > 0, the base64 in 64-column lines, "-----END label-----", LF.
 */
void pem_write(buf_t *out, const char *label, size_t label_len, const char *headers,
               size_t headers_len, const uint8_t *der, size_t n);
/** Bytes pem_write appends for a label of label_len, no headers, and n bytes of DER. */
size_t pem_write_len(size_t label_len, size_t n);

/**
 * The RFC 7468 label for a legacy alias ("X509 CERTIFICATE" -> "CERTIFICATE",
 * "NEW CERTIFICATE REQUEST" -> "CERTIFICATE REQUEST", "CRL" -> "X509 CRL",
 * "PKCS #7 SIGNED DATA" -> "PKCS7"), or NULL when label is not an alias.
 */
const char *pem_label_alias(const char *label, size_t len);

/**
 * Finds header `name` (case-insensitive) in a block's header text; *val and *vlen give
 * its value without surrounding blanks (continuation lines included as written).
 */
bool pem_header_get(const char *headers, size_t headers_len, const char *name,
                    const char **val, size_t *vlen);

/** Number of '\n' bytes in text[0..n) (word at a time). */
size_t text_count_nl(const void *text, size_t n);

/* ------------------------------------------------------------------ input */

typedef enum in_form {
    IN_FORM_AUTO = 0,
    IN_FORM_PEM,            /* PEM blocks, any text around them */
    IN_FORM_DER,            /* one DER/BER element, or several concatenated SEQUENCEs */
    IN_FORM_B64,            /* one base64 DER object per line (CT dumps) */
} in_form;

/** Parses "pem", "der", "b64" (also "base64"); false for anything else. */
bool in_form_parse(const char *s, in_form *f);
const char *in_form_name(in_form f);

/**
 * Names a well-known file format that is none of certkit's (a Java keystore, an SSH or
 * PuTTY key, an OpenPGP block, an archive) from the first bytes p[0..n) of a file or
 * from a PEM label, with the command that converts it: "a Java KeyStore (JKS); ...".
 * NULL when the bytes or the label are not one of them.
 */
const char *input_foreign(const uint8_t *p, size_t n);
const char *pem_label_foreign(const char *label);

/** What input_next returns. */
typedef enum in_status {
    IN_OBJECT = 0,          /* an object: see in->obj */
    IN_END,                 /* no more objects */
    IN_BAD,                 /* a bad object or block: in->err; call again for the next */
    IN_WARN,                /* a deviation that does not stop reading (e.g. trailing bytes): in->err */
    IN_FATAL,               /* reading failed (I/O, memory): in->err, in->sys_errno; stop */
} in_status;

/** Where an object (or a problem) is in its source. */
typedef struct in_pos {
    in_form form;           /* the encoding it was read from */
    size_t index;           /* 0-based object number in this source */
    size_t block;           /* 1-based PEM block number, 0 when not PEM */
    size_t line;            /* 1-based line (PEM BEGIN line, base64 line, or the problem's line); 0 for DER */
    uint64_t offset;        /* byte offset in the source (DER start, BEGIN line, base64 line) */
} in_pos;

/** One object, valid until the next input_next() or input_close(). */
typedef struct in_obj {
    span_t der;             /* the DER (or BER) bytes */
    const char *label;      /* PEM label as written, NUL-terminated; "" when not PEM */
    const char *headers;    /* raw PEM header lines; "" when none */
    size_t headers_len;
    in_pos pos;
} in_obj;

/** A problem met while reading; the message is one line without the file name. */
typedef struct in_error {
    asn1_diag d;            /* code and msg; d.offset is pos.offset */
    in_pos pos;             /* pos.line != 0: a text problem at that line */
} in_error;

typedef struct input {
    /* source */
    int fd;
    bool own_fd;
    const char *name;       /* as given; "-" for standard input */
    in_form forced;         /* IN_FORM_AUTO: detect */
    in_form form;           /* detected or forced, once known */
    size_t max_object;      /* ASN1_DEFAULT_MAX_OBJECT unless changed */
    size_t read_size;       /* bytes asked of each read(2) */
    unsigned max_depth;     /* for indefinite-length BER framing */
    /* the refillable window: buf[start..end) holds file bytes from file_off + start */
    uint8_t *buf;
    size_t cap, start, end;
    uint64_t file_off;      /* file offset of buf[0] */
    size_t line;            /* line number at buf[start] (text forms) */
    bool eof;
    bool midline;           /* PEM: buf[start] is inside a line already skipped */
    bool done;
    bool started;
    /* state */
    size_t index;           /* objects yielded */
    size_t blocks;          /* PEM blocks met */
    size_t skip;            /* DER: bytes of an over-limit element still to discard */
    buf_t dec;              /* decoded bytes of a PEM block / base64 line */
    char label[PEM_LABEL_MAX + 1];
    in_obj obj;
    in_error err;
    int sys_errno;          /* errno of an IN_FATAL I/O failure */
    const char *foreign;    /* input_foreign() of the first bytes, when detected */
} input_t;

/**
 * Opens path for reading ("-" or NULL: standard input, which is not closed).
 * Returns 0, or an errno value (nothing to close then).
 */
int input_open(input_t *in, const char *path, in_form forced);
/** Reads from an open descriptor (not closed by input_close). */
void input_open_fd(input_t *in, int fd, const char *name, in_form forced);
/** Bytes asked of each read(2) (default 1 MiB); tests use tiny sizes. */
void input_set_read_size(input_t *in, size_t n);
/** The largest object accepted (default 64 MiB). */
void input_set_max_object(input_t *in, size_t n);
/** Next object or problem; see in_status. */
in_status input_next(input_t *in);
/** Frees the buffers and closes the descriptor if input_open opened it. */
void input_close(input_t *in);

/**
 * Frames one DER/BER element at the start of p[0..n): its total size, header
 * included (indefinite lengths are followed to their end-of-contents, depth-limited).
 * ASN1_OK with *total; ASN1_E_TRUNCATED when n bytes are not enough (*total is then a
 * lower bound of the size, or 0 if unknown); ASN1_E_BAD_TAG / ASN1_E_BAD_LENGTH /
 * ASN1_E_DEPTH / ASN1_E_LIMIT (over 2^62) with *why set.
 */
asn1_err ber_frame(const uint8_t *p, size_t n, unsigned max_depth, uint64_t *total,
                   const char **why) CK_WUR;

#endif /* CERTKIT_PEM_H */
