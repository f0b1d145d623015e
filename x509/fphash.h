/*
 * fphash.h - SHA-1 and SHA-256 of the same bytes in one pass (fingerprints), fed in
 * pieces: with the x86 SHA extensions when the CPU has them (1-2 GB/s, about ten
 * times libtomcrypt's portable code, which is the fallback).  A CRL of a million
 * entries is 46 MB: its fingerprints must not cost more than decoding it.
 * Internal to x509/.
 */
#ifndef CERTKIT_X509_FPHASH_H
#define CERTKIT_X509_FPHASH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct ck_fp {
    uint32_t s1[5];
    uint32_t s256[8];
    uint64_t len;           /* bytes fed */
    uint8_t buf[64];        /* a partial block */
    size_t nbuf;
    bool ni;                /* the SHA extensions are in use */
    void *ltc;              /* libtomcrypt states (fallback), owned */
} ck_fp;

/** Starts both hashes.  False when memory for the fallback could not be had. */
bool ck_fp_init(ck_fp *f);
void ck_fp_update(ck_fp *f, const uint8_t *p, size_t n);
/** Ends both hashes (and frees the fallback state). */
void ck_fp_final(ck_fp *f, uint8_t sha1[20], uint8_t sha256[32]);
/** True when the x86 SHA extensions are used (for tests and benchmarks). */
bool ck_fp_accelerated(void);

#endif /* CERTKIT_X509_FPHASH_H */
