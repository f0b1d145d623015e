/*
 * fuzz_pem.c - libFuzzer harness for base64, the PEM reader and the input iterator.
 *
 * For every input (invariants abort, so the fuzzer reports them):
 *   - b64_decode: the scalar and AVX2 paths give the same result, length and error
 *     position; the output fits b64_decoded_max; what decodes re-encodes and decodes
 *     back to the same bytes;
 *   - the PEM reader: every block lies inside the text and after the previous one,
 *     the walk ends; each block that decodes is re-armored by pem_write and read back
 *     to the same label and bytes;
 *   - ber_frame: a frame never claims more bytes than given;
 *   - the input iterator over the bytes as a file (memfd, read size from the first
 *     byte) and as a pipe (read size 1..7), in every form: it ends, never fails
 *     fatally, every object and position lies inside the input, messages are one
 *     line, and the objects and problems it yields (bytes, labels, headers, positions,
 *     messages) are the same whatever the read size and the kind of descriptor.
 * Build: make fuzz.  Replay without libFuzzer: fuzz/replay_main.c.
 */
#include "pem/pem.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

static void check_b64(const uint8_t *data, size_t size)
{
    size_t cap = b64_decoded_max(size);
    uint8_t *a = malloc(cap + 1), *b = malloc(cap + 1);
    size_t la = 0, lb = 0, ea = 0, eb = 0;
    const char *wa = NULL, *wb = NULL;
    b64_force_scalar(true);
    asn1_err ra = b64_decode((const char *)data, size, a, &la, &ea, &wa);
    b64_force_scalar(false);
    asn1_err rb = b64_decode((const char *)data, size, b, &lb, &eb, &wb);
    if (ra != rb)
        abort();
    if (ra == ASN1_OK) {
        if (la != lb || la > cap || memcmp(a, b, la) != 0)
            abort();
        char *t = malloc(b64_lines_len(la) + 1);
        size_t tl = b64_encode_lines(a, la, t);
        size_t l2, e2;
        const char *w2;
        if (b64_decode(t, tl, b, &l2, &e2, &w2) != ASN1_OK || l2 != la || memcmp(a, b, la) != 0)
            abort();
        free(t);
    } else if (ea != eb || ea > size || wa == NULL) {
        abort();
    }
    free(a);
    free(b);
}

static void check_pem(const uint8_t *data, size_t size)
{
    pem_reader r;
    pem_block blk;
    asn1_diag d;
    size_t last = 0;
    unsigned guard = 0;
    pem_reader_init(&r, (const char *)data, size);
    for (;;) {
        asn1_err e = pem_reader_next(&r, &blk, &d);
        if (e == ASN1_E_NOTFOUND)
            break;
        if (++guard > size + 1 || blk.begin < last || blk.end <= blk.begin || blk.end > size ||
            r.pos != blk.end)
            abort();
        last = blk.end;
        if (e != ASN1_OK)
            continue;
        buf_t der = BUF_INIT, txt = BUF_INIT;
        if (pem_decode(&blk, &der, &d) == ASN1_OK) {
            pem_write(&txt, blk.label, blk.label_len, blk.headers, blk.headers_len,
                      (const uint8_t *)der.p, der.len);
            pem_reader r2;
            pem_block b2;
            buf_t der2 = BUF_INIT;
            pem_reader_init(&r2, txt.p, txt.len);
            if (pem_reader_next(&r2, &b2, &d) != ASN1_OK || pem_decode(&b2, &der2, &d) != ASN1_OK ||
                b2.label_len != blk.label_len || memcmp(b2.label, blk.label, blk.label_len) != 0 ||
                der2.len != der.len || (der.len && memcmp(der2.p, der.p, der.len) != 0))
                abort();
            buf_free(&der2);
        }
        buf_free(&der);
        buf_free(&txt);
    }
}

/* FNV-1a over the events an iterator yields, to compare two runs. */
static void mix(uint64_t *h, const void *p, size_t n)
{
    const uint8_t *b = p;
    for (size_t i = 0; i < n; i++)
        *h = (*h ^ b[i]) * 0x100000001b3ull;
}

static void mix_pos(uint64_t *h, const in_pos *p)
{
    uint64_t v[5] = { (uint64_t)p->form, p->index, p->block, p->line, p->offset };
    mix(h, v, sizeof v);
}

/* Walks every object of fd in one form with one read size; returns the event hash. */
static uint64_t iterate(int fd, const char *name, in_form form, size_t read_size, size_t size, unsigned *nevents)
{
    uint64_t h = 0xcbf29ce484222325ull;
    input_t in;
    input_open_fd(&in, fd, name, form);
    input_set_read_size(&in, read_size);
    input_set_max_object(&in, 4096);
    unsigned guard = 0;
    in_status st;
    *nevents = 0;
    while ((st = input_next(&in)) != IN_END) {
        FZ_ASSERT(st != IN_FATAL);
        FZ_ASSERT(++guard <= 2 * size + 4);
        uint8_t s8 = (uint8_t)st;
        mix(&h, &s8, 1);
        if (st == IN_OBJECT) {
            FZ_ASSERT(in.obj.der.len <= size && in.obj.der.len <= 4096);
            FZ_ASSERT(in.obj.pos.offset < size);
            FZ_ASSERT(in.obj.label != NULL && in.obj.headers != NULL);
            mix(&h, in.obj.der.p, in.obj.der.len);
            mix(&h, in.obj.label, strlen(in.obj.label) + 1);
            mix(&h, in.obj.headers, in.obj.headers_len);
            mix_pos(&h, &in.obj.pos);
        } else {
            FZ_ASSERT(in.err.pos.offset <= size);
            FZ_ASSERT(in.err.d.code != ASN1_OK || st == IN_WARN);
            FZ_ASSERT(memchr(in.err.d.msg, 0, sizeof in.err.d.msg) != NULL);
            FZ_ASSERT(memchr(in.err.d.msg, '\n', strlen(in.err.d.msg)) == NULL);
            uint32_t code = (uint32_t)in.err.d.code;
            mix(&h, &code, sizeof code);
            mix(&h, in.err.d.msg, strlen(in.err.d.msg));
            mix_pos(&h, &in.err.pos);
        }
        (*nevents)++;
    }
    /* after the end, the end again */
    FZ_ASSERT(input_next(&in) == IN_END);
    input_close(&in);
    return h;
}

/*
 * The input iterator over the bytes as a file (memfd, read size from the first byte)
 * and as a pipe (read size 1..7 from the last byte), in every form: it ends, never
 * fails fatally, every object and position lies inside the input, and the events do
 * not depend on the read size or on the kind of descriptor.
 */
static void check_input(const uint8_t *data, size_t size)
{
    int fd = memfd_create("fuzz", 0);
    if (fd < 0)
        return;
    if (size && write(fd, data, size) != (ssize_t)size) {
        close(fd);
        return;
    }
    size_t rs_file = size ? (size_t)(data[0] % 64) + 1 : 1;
    size_t rs_pipe = size ? (size_t)(data[size - 1] % 7) + 1 : 1;
    for (int form = IN_FORM_AUTO; form <= IN_FORM_B64; form++) {
        lseek(fd, 0, SEEK_SET);
        unsigned n1 = 0, n2 = 0;
        uint64_t h1 = iterate(fd, "fuzz", (in_form)form, rs_file, size, &n1);
        if (size > 60000)
            continue;   /* a pipe holds 64 KiB: write it all, then read */
        int p[2];
        if (pipe(p) != 0)
            continue;
        if (size && write(p[1], data, size) != (ssize_t)size) {
            close(p[0]);
            close(p[1]);
            continue;
        }
        close(p[1]);
        uint64_t h2 = iterate(p[0], "-", (in_form)form, rs_pipe, size, &n2);
        close(p[0]);
        FZ_ASSERT(n1 == n2);
        FZ_ASSERT(h1 == h2);
    }
    close(fd);
}

/* pem_text_object (pfxsplit's PEM / base64 input) and input_foreign: what decodes is
 * no longer than its text, a failure other than "not text" says why. */
static void check_text_object(const uint8_t *data, size_t size)
{
    buf_t out = BUF_INIT;
    asn1_diag d;
    asn1_err e = pem_text_object((const char *)data, size, &out, &d);
    if (e == ASN1_OK && out.len > size)
        abort();
    if (e != ASN1_OK && e != ASN1_E_NOTFOUND && e != ASN1_E_NOMEM && d.msg[0] == '\0')
        abort();
    buf_free(&out);
    const char *f = input_foreign(data, size);
    if (f && f[0] == '\0')
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    check_text_object(data, size);
    check_b64(data, size);
    check_pem(data, size);
    uint64_t total;
    const char *why;
    if (ber_frame(data, size, 64, &total, &why) == ASN1_OK && total > size)
        abort();
    check_input(data, size);
    return 0;
}
