/*
 * fuzz_pfx.c - libFuzzer harness for the PKCS#12 reader (pkcs12/) and pfxsplit's
 * printers.
 *
 * Every input is read as a PFX with the fixed password "secret" (then absent and
 * empty), key-derivation iterations capped at 2048 so that one input costs at most
 * a few milliseconds (the cap is p12_opts.max_iter: counts above it are refused
 * before any work, which is itself under test).  On success the pairing of keys and
 * certificates (p12_split_build) and both --info printers run.  The input is also
 * tried as an EncryptedPrivateKeyInfo (p12_epki_decrypt).  Invariants (abort on
 * violation, so the fuzzer reports them):
 *   - p12_read fails if and only if f.err records an error;
 *   - every bag index a safe names lies inside the bag list; every pair's indices
 *     lie inside the split's lists;
 *   - a decrypted key is present only for a bag in state OK;
 *   - the --info JSON is one line, starting with '{', and valid JSON (fz_json_valid).
 * Build: make fuzz (clang -fsanitize=fuzzer,address,undefined).  Replay without
 * libFuzzer: fuzz/replay_main.c (make check replays fuzz/corpus/pfx/).
 */
#include "pkcs12/pkcs12.h"
#include "fuzz/fuzz_common.h"

#include <stdlib.h>
#include <string.h>

#define FUZZ_MAX_ITER 2048

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    p12_passwords pws = { { "secret", NULL, "" }, { P12_PW_GIVEN, P12_PW_ABSENT, P12_PW_EMPTY }, 3 };
    p12_opts o = { .max_iter = FUZZ_MAX_ITER, .max_nest = 4, .threads = (size & 1) ? 1 : 2 };
    p12_file f;
    asn1_err e = p12_read(&f, span_make(data, size), &pws, &o);
    if ((e != ASN1_OK) != (f.err.code != ASN1_OK))
        abort();
    for (unsigned i = 0; i < f.nsafes; i++)
        if (f.safes[i].first_bag + f.safes[i].nbags > f.nbags)
            abort();
    for (unsigned i = 0; i < f.nbags; i++) {
        const p12_bag *b = &f.bags[i];
        if (b->safe >= f.nsafes || (b->parent >= 0 && (unsigned)b->parent >= f.nbags))
            abort();
        if (b->type == P12_BAG_SHROUDED_KEY && b->key.len && b->state != P12_BAG_OK)
            abort();
    }
    p12_split s;
    memset(&s, 0, sizeof s);
    if (f.nbags && p12_split_build(&f, &s) == ASN1_OK) {
        for (unsigned i = 0; i < s.npairs; i++) {
            const p12_pair *p = &s.pairs[i];
            if ((p->key >= 0 && (unsigned)p->key >= s.nkeys) || (p->leaf >= 0 && (unsigned)p->leaf >= s.ncerts) ||
                p->nchain > p->nca)
                abort();
            for (unsigned k = 0; k < p->nca; k++)
                if (p->ca[k] >= s.ncerts)
                    abort();
        }
    }
    buf_t out = BUF_INIT;
    p12_info_text(&f, &s, &out);
    buf_reset(&out);
    p12_info_json(&f, &s, "fuzz", &out);
    const char *j = buf_cstr(&out);
    if (!out.oom && (j[0] != '{' || strchr(j, '\n') != j + out.len - 1))
        abort();
    fz_check_json_line(&out);   /* one valid JSON object (fuzz_common.h) */
    for (unsigned i = 0; i < f.nbags; i++) {
        buf_reset(&out);
        p12_print_bag_attrs(&f.bags[i], &out);
    }
    buf_free(&out);
    p12_split_free(&s);
    p12_free(&f);

    /* the same bytes as an encrypted PKCS#8 key */
    buf_t key = BUF_INIT;
    char why[ASN1_MSG_MAX];
    p12_alg alg;
    p12_pw_used used;
    asn1_err ke = p12_epki_decrypt(span_make(data, size), &pws, FUZZ_MAX_ITER, &key, &alg, &used, why, sizeof why);
    if (ke == ASN1_OK && (key.len == 0 || used.cand < 0))
        abort();
    buf_wipe_free(&key);
    return 0;
}
