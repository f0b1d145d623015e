#!/usr/bin/env python3
"""Writes a large CRL for the crldump benchmark, as DER, with the standard library only.

usage: mkcrl.py N TBS_OUT [ISSUER_CN]        writes the TBSCertList
       mkcrl.py wrap TBS SIG OUT             wraps it with a sha256WithRSAEncryption signature

The TBS is signed outside (openssl dgst -sha256 -sign key.pem), so the CRL is
properly signed by a throwaway CA.  Entries look like a real CA's: 16-byte random
serials (a fixed seed: the same file every time), revocation dates spread over two
years in increasing order, a reasonCode on 60% of the entries and an invalidityDate
on 10%.  Serials 01, 02 and 03 (the certificates bench/crldump.sh looks up) are
placed at the start, the middle and the end.
"""
import random, sys

def L(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, 'big')
    return bytes([0x80 | len(b)]) + b
def tlv(tag, body): return bytes([tag]) + L(len(body)) + body
def seq(*p): return tlv(0x30, b''.join(p))
def integer(v):
    n = max(1, (v.bit_length() + 8) // 8)
    return tlv(0x02, v.to_bytes(n, 'big'))
def utc(t):
    import time
    return tlv(0x17, time.strftime('%y%m%d%H%M%SZ', time.gmtime(t)).encode())
def gen(t):
    import time
    return tlv(0x18, time.strftime('%Y%m%d%H%M%SZ', time.gmtime(t)).encode())
SHA256RSA = seq(tlv(0x06, bytes.fromhex('2a864886f70d01010b')), tlv(0x05, b''))
REASON = bytes.fromhex('0603551d15')          # OID 2.5.29.21
INVAL = bytes.fromhex('0603551d18')           # OID 2.5.29.24

def main():
    if sys.argv[1] == 'wrap':
        tbs = open(sys.argv[2], 'rb').read()
        sig = open(sys.argv[3], 'rb').read()
        open(sys.argv[4], 'wb').write(seq(tbs, SHA256RSA, tlv(0x03, b'\x00' + sig)))
        return
    n = int(sys.argv[1])
    cn = sys.argv[3] if len(sys.argv) > 3 else 'Bench CA'
    rnd = random.Random(20261127)
    t0 = 1700000000
    step = 2 * 365 * 86400 // max(n, 1)
    special = {0: 1, n // 2: 2, n - 1: 3}
    reasons = [0, 1, 3, 4, 5]
    parts = []
    for i in range(n):
        s = special.get(i)
        serial = s if s else rnd.getrandbits(127) | (1 << 120)
        t = t0 + i * step + rnd.randrange(max(step, 1))
        body = integer(serial) + utc(t)
        u = rnd.random()
        if u < 0.1:     # keyCompromise with an invalidity date
            body += seq(seq(REASON + tlv(0x04, tlv(0x0a, b'\x01'))), seq(INVAL + tlv(0x04, gen(t - 86400))))
        elif u < 0.6:
            body += seq(seq(REASON + tlv(0x04, tlv(0x0a, bytes([reasons[i % 5]])))))
        parts.append(seq(body))
    revoked = b''.join(parts)
    issuer = seq(tlv(0x31, seq(tlv(0x06, bytes.fromhex('550403')), tlv(0x0c, cn.encode()))))
    crlnum = seq(tlv(0x06, bytes.fromhex('551d14')), tlv(0x04, integer(42)))
    tbs = seq(integer(1), SHA256RSA, issuer, utc(t0 + 2 * 365 * 86400), utc(t0 + 10 * 365 * 86400),
              tlv(0x30, revoked), tlv(0xa0, seq(crlnum)))
    open(sys.argv[2], 'wb').write(tbs)

main()
