#!/usr/bin/env python3
"""Writes the crafted hostile-input files of tests/hostile/files/.

Run by a developer (NOT at test time):  python3 tests/hostile/gen.py
The files are committed; tests/hostile/cases.txt holds one expectation per case and
tests/cli/t_hostile.sh runs them.  Every file is built from a few valid seeds taken from
testdata/ (made there by the openssl command: testdata/gen-*.sh), then mutated with the
small DER toolkit below; nothing here needs a crypto library (the PKCS#12 MAC is computed
with hashlib/hmac from the RFC 7292 Appendix B KDF; mutated requests are signed again with
`openssl dgst` and an RSA key, which is deterministic).  The output is deterministic for
given seeds; when testdata/ is regenerated (new keys, new dates), running this again can
move offsets and lengths that cases.txt names: run tests/cli/t_hostile.sh and adjust.
At the end it lists the files that cases.txt does not use, and the reverse.

The large resource attacks (a 100 MB PEM line, a name of 100,000 RDNs, a 70 MiB DER file)
are not committed: tests/cli/t_hostile.sh makes them at test time.
"""
import base64
import hashlib
import hmac
import os
import sys

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
TD = os.path.join(TOP, "testdata")
OUT = os.path.join(TOP, "tests", "hostile", "files")

# ----------------------------------------------------------------- DER toolkit


def dlen(n):
    """The minimal DER length octets for n."""
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(tag, content):
    """tag: an int (one identifier octet) or bytes (any identifier octets)."""
    t = bytes([tag]) if isinstance(tag, int) else tag
    return t + dlen(len(content)) + content


def seq(*items):
    return tlv(0x30, b"".join(items))


def set_(*items):
    return tlv(0x31, b"".join(items))


def ctx(n, *items):  # [n] EXPLICIT (constructed, context class)
    return tlv(0xA0 | n, b"".join(items))


def integer(v):
    if v == 0:
        return tlv(0x02, b"\x00")
    n = (v.bit_length() + 8) // 8 if v > 0 else ((-v - 1).bit_length() + 8) // 8
    return tlv(0x02, v.to_bytes(n, "big", signed=True))


def octets(b):
    return tlv(0x04, b)


def bits(b, unused=0):
    return tlv(0x03, bytes([unused]) + b)


def null():
    return b"\x05\x00"


def oid(dotted):
    arcs = [int(a) for a in dotted.split(".")]
    body = bytearray()
    first = [arcs[0] * 40 + arcs[1]] + arcs[2:]
    for a in first:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        body += bytes(reversed(chunk))
    return tlv(0x06, bytes(body))


def utf8(s):
    return tlv(0x0C, s.encode())


def utctime(s):
    return tlv(0x17, s.encode())


def gentime(s):
    return tlv(0x18, s.encode())


class Node:
    """A parsed DER element: tag octets, and either children (constructed) or value."""

    def __init__(self, tag, value=None, children=None):
        self.tag = tag
        self.value = value
        self.children = children

    def enc(self):
        if self.children is not None:
            body = b"".join(c.enc() if isinstance(c, Node) else c for c in self.children)
            return self.tag + dlen(len(body)) + body
        return self.tag + dlen(len(self.value)) + self.value

    def __getitem__(self, i):
        return self.children[i]

    def __setitem__(self, i, v):
        self.children[i] = v if isinstance(v, Node) else parse(v)

    def copy(self):
        if self.children is not None:
            return Node(self.tag, children=[c.copy() if isinstance(c, Node) else c for c in self.children])
        return Node(self.tag, value=self.value)


class Raw(Node):
    """Bytes put in verbatim (broken on purpose)."""

    def __init__(self, data):
        super().__init__(b"", value=data)

    def enc(self):
        return self.value

    def copy(self):
        return Raw(self.value)


def read_header(b, i):
    t0 = i
    i += 1
    if b[t0] & 0x1F == 0x1F:
        while b[i] & 0x80:
            i += 1
        i += 1
    tag = b[t0:i]
    l0 = b[i]
    i += 1
    if l0 < 0x80:
        n = l0
    else:
        k = l0 & 0x7F
        n = int.from_bytes(b[i:i + k], "big")
        i += k
    return tag, n, i


def parse(b, deep=True):
    """Parses one DER element (the whole of b) into a Node tree."""
    tag, n, i = read_header(b, 0)
    assert i + n == len(b), "parse: trailing or short data"
    return _node(tag, b[i:i + n], deep)


def _node(tag, content, deep):
    if deep and tag[0] & 0x20:
        kids = []
        j = 0
        while j < len(content):
            t, n, k = read_header(content, j)
            kids.append(_node(t, content[k:k + n], deep))
            j = k + n
        return Node(tag, children=kids)
    return Node(tag, value=content)


def pem(label, der, width=64, headers=""):
    b = base64.b64encode(der).decode()
    lines = [b[i:i + width] for i in range(0, len(b), width)]
    return ("-----BEGIN %s-----\n%s%s\n-----END %s-----\n" % (label, headers, "\n".join(lines), label)).encode()


def unpem(path):
    text = open(path, "rb").read().decode()
    lines = text.splitlines()
    i = next(k for k, l in enumerate(lines) if l.startswith("-----BEGIN"))
    j = next(k for k, l in enumerate(lines) if k > i and l.startswith("-----END"))
    b64 = "".join(l for l in lines[i + 1:j] if ":" not in l and l.strip())
    return base64.b64decode(b64)


def seed(rel):
    p = os.path.join(TD, rel)
    data = open(p, "rb").read()
    return unpem(p) if data.startswith(b"-----") else data


def nest(n, inner=b""):
    """n nested SEQUENCEs around inner."""
    b = inner
    for _ in range(n):
        b = tlv(0x30, b)
    return b


# ------------------------------------------------------------ PKCS#12 helpers


def p12_kdf(hname, pw_bmp, salt, ident, iters, n):
    """RFC 7292 Appendix B.2."""
    h = hashlib.new(hname)
    u, v = h.digest_size, h.block_size
    D = bytes([ident]) * v

    def fill(x):
        if not x:
            return b""
        k = v * ((len(x) + v - 1) // v)
        return (x * (k // len(x) + 1))[:k]

    I = bytearray(fill(salt) + fill(pw_bmp))
    out = b""
    while len(out) < n:
        A = D + bytes(I)
        for _ in range(iters):
            A = hashlib.new(hname, A).digest()
        out += A
        B = int.from_bytes((A * (v // u + 1))[:v], "big")
        for j in range(0, len(I), v):
            x = (int.from_bytes(I[j:j + v], "big") + B + 1) % (1 << (8 * v))
            I[j:j + v] = x.to_bytes(v, "big")
    return out[:n]


def bmp(pw):
    return pw.encode("utf-16-be") + b"\x00\x00"


P12_PASS = "hostile"
OID_DATA = "1.2.840.113549.1.7.1"
OID_SHA256 = "2.16.840.1.101.3.4.2.1"
OID_SHA1 = "1.3.14.3.2.26"


def p12_content_info_data(inner):
    return seq(oid(OID_DATA), ctx(0, octets(inner)))


def p12_macdata(auth_octets, iters=2048, hname="sha256", salt=b"hostile-salt", digest=None, iters_der=None):
    hoid = OID_SHA256 if hname == "sha256" else OID_SHA1
    if digest is None:
        key = p12_kdf(hname, bmp(P12_PASS), salt, 3, iters, hashlib.new(hname).digest_size)
        digest = hmac.new(key, auth_octets, hname).digest()
    return seq(seq(seq(oid(hoid), null()), octets(digest)), octets(salt),
               iters_der if iters_der is not None else integer(iters))


def safe_contents(*bags):
    return seq(*bags)


def bag(bag_oid, value, attrs=None):
    items = [oid(bag_oid), ctx(0, value)]
    if attrs is not None:
        items.append(set_(*attrs))
    return seq(*items)


OID_KEYBAG = "1.2.840.113549.1.12.10.1.1"
OID_SHROUDED = "1.2.840.113549.1.12.10.1.2"
OID_CERTBAG = "1.2.840.113549.1.12.10.1.3"
OID_SAFEBAG = "1.2.840.113549.1.12.10.1.6"
OID_X509CERT = "1.2.840.113549.1.9.22.1"


def certbag(cert_der):
    return bag(OID_CERTBAG, seq(oid(OID_X509CERT), ctx(0, octets(cert_der))))


def pbes2_params(iters, salt=b"saltsalt", iv=b"\x00" * 16, prf="1.2.840.113549.2.9",
                 cipher="2.16.840.1.101.3.4.1.42", iters_der=None):
    kdf = seq(oid("1.2.840.113549.1.5.12"),
              seq(octets(salt), iters_der if iters_der is not None else integer(iters), seq(oid(prf), null())))
    return seq(oid("1.2.840.113549.1.5.13"), seq(kdf, seq(oid(cipher), octets(iv))))


def epki(iters, ct=b"\x00" * 32, **kw):
    return seq(pbes2_params(iters, **kw), octets(ct))


# --------------------------------------------------------------------- output

written = []


def put(name, data):
    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, Node):
        data = data.enc()
    with open(os.path.join(OUT, name), "wb") as f:
        f.write(data)
    written.append(name)


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        os.unlink(os.path.join(OUT, f))
    gen_der()
    gen_pem()
    gen_cert()
    gen_csr()
    gen_crl()
    gen_keys()
    gen_encrypted()
    gen_pkcs7()
    gen_pkcs12()
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in written)
    cases = os.path.join(TOP, "tests", "hostile", "cases.txt")
    used = set()
    if os.path.exists(cases):
        for line in open(cases):
            if line.strip() and not line.startswith("#"):
                used.add(line.split("|", 1)[0])
    unused = [f for f in written if f not in used]
    missing = [f for f in used if f not in written and not f.startswith("@")]
    print("gen.py: %d files, %d bytes in %s" % (len(written), total, OUT))
    if unused:
        print("gen.py: not in cases.txt: " + " ".join(sorted(unused)))
    if missing:
        print("gen.py: in cases.txt but not written: " + " ".join(sorted(missing)))
    assert total < 2 * 1024 * 1024


# ------------------------------------------------------------------ the cases

def gen_der():
    put("der-empty.der", b"")
    put("der-one-byte.der", b"\x30")
    put("der-trunc-length.der", b"\x30\x82\x01")
    put("der-len-past-end.der", b"\x30\x10\x02\x01\x00")
    put("der-len-84ffffffff.der", b"\x30\x84\xff\xff\xff\xff\x02\x01\x00")
    put("der-len-88.der", b"\x30\x88\xff\xff\xff\xff\xff\xff\xff\xff\x02\x01\x00")
    put("der-len-64mib.der", b"\x30\x84\x04\x00\x00\x01" + b"\x02\x01\x00")
    put("der-len-reserved-ff.der", b"\x30\xff\x02\x01\x00")
    put("der-inner-len-past-parent.der", b"\x30\x05\x30\x10\x02\x01\x00")
    put("der-nonminimal-len.der", b"\x30\x81\x03\x02\x01\x05")
    put("der-nonminimal-len-long.der", b"\x30\x84\x00\x00\x00\x03\x02\x01\x05")
    put("der-indefinite.der", b"\x30\x80\x02\x01\x05\x00\x00")
    put("der-nest-64.der", nest(64))
    put("der-nest-65.der", nest(65))
    put("der-nest-10000.der", nest(10000))
    put("der-nest-10000-indef.der", b"\x30\x80" * 10000 + b"\x00\x00" * 10000)
    put("der-garbage-inside.der", b"\x30\x05\x02\x01\x05\xff\xff")
    put("der-garbage-after.der", seq(integer(5)) + b"\xde\xad\xbe\xef")
    put("der-oid-arc-overflow.der", tlv(0x06, b"\x2a" + b"\x8f" + b"\xff" * 9 + b"\x7f"))
    put("der-oid-nonminimal-arc.der", tlv(0x06, b"\x2a\x80\x86\x48"))
    put("der-oid-empty.der", b"\x06\x00")
    put("der-oid-unterminated.der", tlv(0x06, b"\x2a\x86"))
    put("der-bitstring-8-unused.der", b"\x03\x02\x08\x00")
    put("der-bitstring-empty-unused.der", b"\x03\x01\x03")
    put("der-bitstring-no-octets.der", b"\x03\x00")
    put("der-utctime-month13.der", utctime("261301000000Z"))
    put("der-utctime-feb30.der", utctime("260230000000Z"))
    put("der-utctime-hour24.der", utctime("260101240000Z"))
    put("der-utctime-no-z.der", utctime("2601010000000"))
    put("der-gentime-garbage.der", gentime("2026AB01000000Z"))
    put("der-int-empty.der", b"\x02\x00")
    put("der-int-nonminimal.der", b"\x02\x02\x00\x05")
    put("der-bool-01.der", b"\x01\x01\x01")
    put("der-bool-long.der", b"\x01\x02\xff\xff")
    put("der-null-content.der", b"\x05\x01\x00")
    put("der-tag-highform-low.der", b"\x1f\x05\x00")            # NULL in high-tag form
    put("der-tag-highform-pad.der", b"\x1f\x80\x05\x00")        # leading 0x80 in tag number
    put("der-tag-overflow.der", b"\x1f" + b"\xff" * 10 + b"\x7f\x00")
    put("der-tag-truncated.der", b"\x3f\x81")
    put("der-eoc-in-der.der", seq(b"\x00\x00"))
    put("der-constructed-int.der", b"\x22\x03\x02\x01\x05")
    put("der-set-unsorted.der", set_(integer(2), integer(1)))
    put("der-utf8-invalid.der", tlv(0x0C, b"ok\xc3\x28\xff"))
    put("der-bmp-odd.der", tlv(0x1E, b"\x00A\x00"))


def gen_pem():
    cert = seed("sample/server.pem")
    good = pem("CERTIFICATE", cert)
    lines = good.decode().split("\n")
    put("pem-begin-no-end.pem", "\n".join(lines[:-2]) + "\n")
    put("pem-end-no-begin.pem", "\n".join(lines[1:]))
    put("pem-label-mismatch.pem", good.decode().replace("END CERTIFICATE", "END X509 CRL"))
    bad = list(lines)
    bad[3] = bad[3][:10] + "*" + bad[3][11:]
    put("pem-bad-b64-char.pem", "\n".join(bad))
    bad = list(lines)
    bad[2] = bad[2][:20] + "=" + bad[2][21:]
    put("pem-pad-in-middle.pem", "\n".join(bad))
    bad = list(lines)
    bad[5] = bad[5][:-1]
    put("pem-b64-short-line.pem", "\n".join(bad))
    put("pem-header-garbage.pem", pem("CERTIFICATE", cert, headers="Proc-Type: 4,ENCRYPTED\nDEK-Info: \x01\x02garbage\n\n"))
    put("pem-header-no-colon.pem", pem("CERTIFICATE", cert, headers="this is not a header line at all: no\nXXXXXXXXXXXX\n\n"))
    put("pem-empty-body.pem", "-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----\n")
    put("pem-body-truncated-der.pem", pem("CERTIFICATE", cert[:300]))
    put("pem-begin-four-dashes.pem", good.decode().replace("-----BEGIN CERTIFICATE-----", "-----BEGIN CERTIFICATE----"))
    put("pem-nul-in-body.pem", good.decode().replace(lines[4], lines[4][:8] + "\x00" + lines[4][9:]))
    put("pem-second-block-bad.pem", good + pem("CERTIFICATE", cert[:-40]))
    put("pem-label-empty.pem", good.decode().replace("CERTIFICATE", ""))
    put("pem-label-long.pem", good.decode().replace("CERTIFICATE", "X" * 5000))
    put("pem-nested-begin.pem", "\n".join(lines[:3] + lines))
    put("pem-too-much-padding.pem", pem("CERTIFICATE", cert).decode().replace("\n-----END", "===\n-----END", 1))
    b = base64.b64encode(cert).decode()
    put("b64-line-bad.txt", b + "\n" + b[:100] + "!" + b[101:] + "\n")
    put("b64-line-truncated-der.txt", base64.b64encode(cert[:500]).decode() + "\n")


def cert_seed():
    return parse(seed("sample/server.pem"))


def gen_cert():
    c = seed("sample/server.pem")
    # truncations: inside the outer header, inside tbsCertificate, at the end of tbs, in the signature
    put("cert-trunc-header.der", c[:3])
    put("cert-trunc-mid-tbs.der", c[:400])
    put("cert-trunc-after-tbs.der", c[:4 + 4 + 847])
    put("cert-trunc-last-byte.der", c[:-1])
    # indefinite length in a certificate
    t = cert_seed()
    put("cert-indefinite.der", b"\x30\x80" + b"".join(x.enc() for x in t.children) + b"\x00\x00")
    # length of the outer SEQUENCE past the end
    put("cert-outer-len-long.der", b"\x30\x82" + (len(c) - 4 + 10).to_bytes(2, "big") + c[4:])
    # trailing garbage inside tbsCertificate and after the certificate
    t = cert_seed()
    t[0].children.append(Raw(b"\x05\x00"))
    put("cert-tbs-trailing.der", t)
    t = cert_seed()
    t.children.append(Raw(b"\x05\x00"))
    put("cert-outer-trailing.der", t)
    put("cert-file-trailing.der", c + b"\x00\x00\x00")
    # wrong types at each field of tbsCertificate
    def mut(name, i, new):
        t = cert_seed()
        t[0][i] = new
        put(name, t)
    mut("cert-version-octets.der", 0, ctx(0, octets(b"\x02")))
    mut("cert-version-5.der", 0, ctx(0, integer(5)))
    mut("cert-version-huge.der", 0, ctx(0, integer(2 ** 70)))
    mut("cert-serial-octets.der", 1, octets(b"\x30\x03\xab"))
    mut("cert-serial-empty.der", 1, b"\x02\x00")
    mut("cert-sigalg-int.der", 2, integer(7))
    mut("cert-issuer-octets.der", 3, octets(b"CN=x"))
    mut("cert-validity-int.der", 4, integer(1))
    mut("cert-subject-set.der", 5, set_())
    mut("cert-spki-null.der", 6, null())
    # validity dates
    def val(name, nb, na=None):
        t = cert_seed()
        t[0][4] = seq(nb, na or utctime("290301110344Z"))
        put(name, t)
    val("cert-notbefore-month13.der", utctime("261327110344Z"))
    val("cert-notbefore-feb30.der", utctime("270230110344Z"))
    val("cert-notbefore-hour24.der", utctime("261127240000Z"))
    val("cert-notbefore-gentime-bad.der", gentime("20261127110344"))
    val("cert-notbefore-octets.der", octets(b"261127110344Z"))
    # names
    t = cert_seed()
    t[0][5].children.append(set_())
    put("cert-subject-empty-rdn.der", t)
    t = cert_seed()
    t[0][5][2][0][1] = integer(5)
    put("cert-subject-value-int.der", t)
    t = cert_seed()
    t[0][5][2][0][0] = tlv(0x06, b"\x55\x04" + b"\xff" * 10 + b"\x03")
    put("cert-subject-oid-overflow.der", t)
    t = cert_seed()
    t[0][5][2][0][1] = tlv(0x0C, b"vcs\xff\xfe.example.com")
    put("cert-subject-bad-utf8.der", t)
    t = cert_seed()
    t[0][5][2][0][1] = tlv(0x1E, b"\x00v\x00c\x00")
    put("cert-subject-bmp-odd.der", t)
    # extensions
    def exts():
        t = cert_seed()
        return t, t[0][7][0]          # [3] { SEQUENCE OF Extension }
    t, e = exts()
    e.children.append(e[0].copy())
    put("cert-ext-duplicate.der", t)
    t, e = exts()
    e[0] = seq(oid("2.5.29.19"), octets(b"\x30\x03\x01\x01"))   # basicConstraints truncated
    put("cert-ext-bc-malformed.der", t)
    t, e = exts()
    e[3] = seq(oid("2.5.29.17"), octets(seq(tlv(0x87, b"\x0a\x00\x00\x01\x02"))))  # SAN IP of 5 bytes
    put("cert-ext-san-ip-5.der", t)
    t, e = exts()
    e[3] = seq(oid("2.5.29.17"), octets(b"\x30\x05\x82\x10abc"))  # SAN dNSName past its end
    put("cert-ext-san-truncated.der", t)
    t, e = exts()
    e[1] = seq(oid("2.5.29.15"), tlv(0x01, b"\xff"), octets(bits(b"\xa0", unused=8)))  # keyUsage 8 unused bits
    put("cert-ext-ku-8-unused.der", t)
    t, e = exts()
    e[0] = seq(oid("2.5.29.19"), integer(1))          # extnValue not an OCTET STRING
    put("cert-ext-value-not-octets.der", t)
    t, e = exts()
    e[1] = seq(oid("2.5.29.15"), tlv(0x01, b"\x01"), octets(bits(b"\xa0", unused=5)))  # critical = 01
    put("cert-ext-critical-01.der", t)
    t, e = exts()
    e.children.append(parse(seq(oid("1.2.3.4.5.6.7"), tlv(0x01, b"\xff"), octets(b"\x05\x00"))))
    put("cert-ext-unknown-critical.der", t)
    t, e = exts()
    e.children.append(parse(seq(oid("1.2.3.4.5.6.8"), octets(nest(65)))))
    put("cert-ext-nest-65.der", t)
    t, e = exts()
    e.children.append(parse(seq(oid("1.2.3.4.5.6.8"), octets(nest(3000)))))
    put("cert-ext-nest-3000.der", t)
    t = cert_seed()
    t[0][7] = ctx(3, octets(b"\x00"))                 # [3] holds no SEQUENCE
    put("cert-ext-wrapper-octets.der", t)
    t = cert_seed()
    t[0][7] = ctx(3, seq())                           # empty extensions
    put("cert-ext-empty.der", t)
    t, e = exts()
    e[2] = seq(oid("2.5.29.37"), octets(seq(tlv(0x06, b""))))    # EKU with an empty OID
    put("cert-ext-eku-empty-oid.der", t)
    # v1 with extensions
    t = cert_seed()
    del t[0].children[0]
    put("cert-v1-with-ext.der", t)
    # signature
    t = cert_seed()
    t[2] = Node(b"\x03", value=b"\x08" + t[2].value[1:])
    put("cert-sig-8-unused.der", t)
    t = cert_seed()
    t[2] = octets(t[2].value[1:])
    put("cert-sig-octets.der", t)
    t = cert_seed()
    del t.children[2]
    put("cert-no-signature.der", t)
    t = cert_seed()
    t[1] = octets(b"x")
    put("cert-outer-sigalg-octets.der", t)
    t = cert_seed()
    t[0].children.insert(7, parse(tlv(0x81, b"\x09\xff")))   # issuerUniqueID, 9 unused bits
    put("cert-issueruid-bad.der", t)
    # DER rule breaks (warnings; --strict makes them errors)
    t = cert_seed()
    t[0][1] = tlv(0x02, b"\x00\x00\x30\x03\xab\xcd\xef")
    put("cert-serial-nonminimal.der", t)
    t = cert_seed()
    t[0][1] = integer(-5)
    put("cert-serial-negative.der", t)
    enc = t.enc()
    # a non-minimal length on the outer SEQUENCE: 30 83 00 03 a8 instead of 30 82 03 a8
    put("cert-len-nonminimal.der", b"\x30\x83\x00" + c[2:])
    # a CRL given to certdump
    put("cert-is-a-crl.der", seed("crl/v2.der"))


def resign(node, keyrel="keys/rsa2048.pkcs8.pem"):
    """Signs node[0] again (sha256WithRSAEncryption, deterministic) so that the only fault
    of a mutated request is the one the case is about."""
    import subprocess
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", os.path.join(TD, keyrel)],
                         input=node[0].enc(), capture_output=True, check=True).stdout
    node[2] = bits(sig)
    return node


def gen_csr():
    c = parse(seed("keys/rsa2048.csr"))
    put("csr-trunc.der", c.enc()[:100])
    t = c.copy()
    sig = bytearray(t[2].value)
    sig[-5] ^= 0x01
    t[2] = Node(b"\x03", value=bytes(sig))
    put("csr-bad-signature.der", t)
    put("csr-bad-signature.pem", pem("CERTIFICATE REQUEST", t.enc()))
    t = c.copy()
    t[0][0] = integer(7)
    put("csr-version-7.der", resign(t))
    t = c.copy()
    t[0][1] = octets(b"CN=x")
    put("csr-subject-octets.der", resign(t))
    t = c.copy()
    t[0][2] = seq(seq(oid("1.2.840.113549.1.1.1"), null()), bits(b"\x30\x06\x02\x01\x00\x02\x01\x03"))
    put("csr-spki-rsa-modulus-zero.der", resign(t))
    t = c.copy()
    t[0][3] = seq()          # attributes as SEQUENCE, not [0]
    put("csr-attrs-not-ctx0.der", resign(t))
    t = c.copy()
    t[0][3] = ctx(0, seq(oid("1.2.840.113549.1.9.14"), set_()))    # extensionRequest with empty SET
    put("csr-extreq-empty-set.der", resign(t))
    t = c.copy()
    t[0][3] = ctx(0, seq(oid("1.2.840.113549.1.9.14"), set_(seq(seq(oid("2.5.29.19"), octets(b"\x30\x03\x01\x01"))))))
    put("csr-extreq-bc-malformed.der", resign(t))
    t = c.copy()
    ext = seq(oid("2.5.29.15"), octets(bits(b"\xa0", unused=5)))
    t[0][3] = ctx(0, seq(oid("1.2.840.113549.1.9.14"), set_(seq(ext, ext))))
    put("csr-extreq-duplicate.der", resign(t))
    t = c.copy()
    t[0][3] = ctx(0, seq(oid("1.2.840.113549.1.9.7"), set_(tlv(0x0C, b"pw\xff"))))   # challengePassword
    put("csr-challenge-bad-utf8.der", resign(t))
    t = c.copy()
    t[0].children.append(Raw(b"\x00"))
    put("csr-tbs-trailing.der", resign(t))
    t = c.copy()
    t[1] = seq(oid("1.2.840.113549.1.1.11"), null())
    t[2] = bits(b"")
    put("csr-sig-empty.der", t)
    put("csr-is-a-cert.der", seed("keys/p256.crt"))
    gen_csr_keys()


def gen_csr_keys():
    """Hostile public keys in a request: csrdump verifies the self-signature with them,
    so each reaches the verification code (libtomcrypt/libtommath/libsodium) directly."""
    base = parse(seed("keys/rsa2048.csr"))
    ec_alg = seq(oid("1.2.840.10045.4.3.2"))
    ec_sig = bits(seq(integer(2 ** 255 + 12345), integer(2 ** 254 + 777)))
    p256 = parse(seed("keys/p256.csr"))
    pub = p256[0][2][1].value[1:]                  # 04 || X || Y

    def with_key(name, spki, alg=None, sig=None):
        t = base.copy()
        t[0][2] = spki
        if alg is not None:
            t[1] = alg
        if sig is not None:
            t[2] = sig
        put(name, t)

    def rsa_spki(n, e):
        return seq(seq(oid("1.2.840.113549.1.1.1"), null()), bits(seq(integer(n), integer(e))))
    n2048 = int.from_bytes(parse(parse(seed("keys/rsa2048.pub.der"))[1].value[1:])[0].value, "big")
    with_key("csr-key-rsa-even-modulus.der", rsa_spki(n2048 + 1, 65537))
    with_key("csr-key-rsa-exponent-1.der", rsa_spki(n2048, 1))
    with_key("csr-key-rsa-exponent-0.der", rsa_spki(n2048, 0))
    with_key("csr-key-rsa-exponent-huge.der", rsa_spki(n2048, 2 ** 4000 + 1))
    with_key("csr-key-rsa-modulus-16k.der", rsa_spki(2 ** 16400 + 1, 65537))
    with_key("csr-key-rsa-negative-modulus.der", rsa_spki(-n2048, 65537))
    ec_spki = lambda point, curve="1.2.840.10045.3.1.7": seq(seq(oid("1.2.840.10045.2.1"), oid(curve)), bits(point))
    off = bytearray(pub)
    off[-1] ^= 0x01
    with_key("csr-key-ec-off-curve.der", ec_spki(bytes(off)), seq(oid("1.2.840.10045.4.3.2")), ec_sig)
    with_key("csr-key-ec-infinity.der", ec_spki(b"\x00"), ec_alg, ec_sig)
    with_key("csr-key-ec-compressed-bad-x.der", ec_spki(b"\x02" + b"\xff" * 32), ec_alg, ec_sig)
    with_key("csr-key-ec-x-over-p.der", ec_spki(b"\x04" + b"\xff" * 64), ec_alg, ec_sig)
    with_key("csr-key-ec-unknown-curve.der", ec_spki(bytes(pub), "1.2.840.10045.3.1.99"), ec_alg, ec_sig)
    with_key("csr-key-ec-sig-not-der.der", ec_spki(bytes(pub)), ec_alg, bits(b"\x30\x84\xff\xff\xff\xff"))
    with_key("csr-key-ec-sig-zero.der", ec_spki(bytes(pub)), ec_alg, bits(seq(integer(0), integer(0))))
    with_key("csr-key-ec-sig-huge.der", ec_spki(bytes(pub)), ec_alg, bits(seq(integer(2 ** 600), integer(2 ** 600))))
    dsa_alg = seq(oid("2.16.840.1.101.3.4.3.2"))
    dsa_sig = bits(seq(integer(5), integer(7)))
    dsa_spki = lambda p, q, g, y: seq(seq(oid("1.2.840.10040.4.1"), seq(integer(p), integer(q), integer(g))),
                                     bits(integer(y)))
    with_key("csr-key-dsa-zero-params.der", dsa_spki(0, 0, 0, 0), dsa_alg, dsa_sig)
    with_key("csr-key-dsa-q-one.der", dsa_spki(2 ** 2047 + 1, 1, 2, 3), dsa_alg, dsa_sig)
    ed_alg = seq(oid("1.3.101.112"))
    ed_spki = lambda k: seq(seq(oid("1.3.101.112")), bits(k))
    with_key("csr-key-ed25519-31.der", ed_spki(b"\x01" * 31), ed_alg, bits(b"\x00" * 64))
    with_key("csr-key-ed25519-sig-63.der", ed_spki(b"\x01" * 32), ed_alg, bits(b"\x00" * 63))
    pss = lambda params: seq(oid("1.2.840.113549.1.1.10"), params)
    sha256 = seq(oid(OID_SHA256), null())
    mgf = seq(oid("1.2.840.113549.1.1.8"), sha256)
    with_key("csr-key-pss-salt-huge.der", base[0][2], pss(seq(ctx(0, sha256), ctx(1, mgf), ctx(2, integer(100000)))))
    with_key("csr-key-pss-hash-unknown.der", base[0][2], pss(seq(ctx(0, seq(oid("1.2.3.4"))), ctx(1, mgf))))
    with_key("csr-key-pss-mgf-garbage.der", base[0][2], pss(seq(ctx(0, sha256), ctx(1, octets(b"x")))))
    with_key("csr-key-pss-trailer-2.der", base[0][2], pss(seq(ctx(0, sha256), ctx(1, mgf), ctx(3, integer(2)))))
    with_key("csr-key-rsa-sig-long.der", base[0][2], None, bits(b"\x01" * 512))


def gen_crl():
    c = parse(seed("crl/v2.der"))
    raw = c.enc()
    put("crl-trunc.der", raw[:200])
    # a CRL claiming 2^32 entries: revokedCertificates with a 4 GiB length
    t = c.copy()
    tbs = t[0]
    rev_i = 5
    entry = tbs[rev_i][4].enc()          # the last entry (no extensions)
    tbs[rev_i] = Raw(b"\x30\x84\xff\xff\xff\xff" + entry)
    put("crl-2pow32-entries.der", t)
    # an entry with a bad date
    t = c.copy()
    t[0][rev_i][4][1] = utctime("250231000000Z")
    put("crl-entry-date-feb31.der", t)
    t = c.copy()
    t[0][rev_i][4][1] = utctime("251301000000Z")
    put("crl-entry-date-month13.der", t)
    t = c.copy()
    t[0][rev_i][4][0] = octets(b"\x10\x01")
    put("crl-entry-serial-octets.der", t)
    t = c.copy()
    t[0][rev_i][0].children.append(Raw(b"\x05\x00"))
    put("crl-entry-trailing.der", t)
    t = c.copy()
    e0 = t[0][rev_i][0][2]             # crlEntryExtensions
    e0.children.append(e0[0].copy())
    put("crl-entry-ext-duplicate.der", t)
    t = c.copy()
    t[0][rev_i][0][2][0] = seq(oid("2.5.29.21"), octets(tlv(0x0A, b"\x0b")))   # reasonCode 11
    put("crl-entry-reason-11.der", t)
    t = c.copy()
    t[0][rev_i][0][2][0] = seq(oid("2.5.29.21"), octets(tlv(0x0A, b"")))
    put("crl-entry-reason-empty.der", t)
    t = c.copy()
    t[0][3] = integer(20250301)
    put("crl-thisupdate-int.der", t)
    t = c.copy()
    t[0][4] = utctime("350230000000Z")
    put("crl-nextupdate-feb30.der", t)
    t = c.copy()
    t[0][0] = integer(5)
    put("crl-version-5.der", t)
    t = c.copy()
    t[0][rev_i] = seq(octets(b"x"))
    put("crl-revoked-wrong-type.der", t)
    t = c.copy()
    ext = t[0][6][0]
    ext.children.append(ext[1].copy())
    put("crl-ext-duplicate.der", t)
    t = c.copy()
    t[0][6][0][1] = seq(oid("2.5.29.20"), octets(tlv(0x02, b"")))   # CRL number: empty INTEGER
    put("crl-number-empty.der", t)
    t = c.copy()
    sig = bytearray(t[2].value)
    sig[-3] ^= 0x40
    t[2] = Node(b"\x03", value=bytes(sig))
    put("crl-bad-signature.der", t)


def gen_keys():
    rsa = parse(seed("keys/rsa2048.trad.der"))
    t = rsa.copy()
    t[0] = integer(5)
    put("key-rsa-version-5.der", t)
    t = rsa.copy()
    t.children = t.children[:3]
    put("key-rsa-missing-fields.der", t)
    t = rsa.copy()
    t[3] = b"\x02\x00"
    put("key-rsa-empty-d.der", t)
    t = rsa.copy()
    t.children.append(parse(integer(1)))
    put("key-rsa-extra-field.der", t)
    t = rsa.copy()
    t[1] = integer(0)
    put("key-rsa-modulus-zero.der", t)
    put("key-rsa-label-ec.pem", pem("EC PRIVATE KEY", rsa.enc()))
    t = rsa.copy()
    put("key-rsa-trunc.pem", pem("RSA PRIVATE KEY", t.enc()[:600]))
    ec = parse(seed("keys/p256.trad.der"))
    t = ec.copy()
    t[2] = ctx(0, oid("1.2.840.10045.3.1.99"))
    put("key-ec-unknown-curve.der", t)
    t = ec.copy()
    pub = bytearray(t[3][0].value)
    pub[-1] ^= 0x01
    t[3] = ctx(1, tlv(0x03, bytes(pub)))
    put("key-ec-point-off-curve.der", t)
    t = ec.copy()
    t[1] = octets(b"\x00" * 32)
    del t.children[3]
    put("key-ec-scalar-zero.der", t)
    t = ec.copy()
    t[1] = octets(b"\xff" * 32)
    del t.children[3]
    put("key-ec-scalar-over-order.der", t)
    t = ec.copy()
    t[0] = integer(2)
    put("key-ec-version-2.der", t)
    t = ec.copy()
    t[1] = octets(b"\x01" * 20)
    del t.children[3]
    put("key-ec-scalar-short.der", t)
    t = ec.copy()
    t[3] = ctx(1, tlv(0x03, b"\x00\x04\x01\x02"))
    put("key-ec-point-short.der", t)
    t = ec.copy()
    t[2] = ctx(0, seq(integer(1)))          # explicit parameters, garbage
    put("key-ec-explicit-garbage.der", t)
    p8 = parse(seed("keys/p256.pkcs8.der"))
    t = p8.copy()
    t[2] = octets(b"\x30\x82\xff\xff garbage")
    put("key-p8-garbage-inside.der", t)
    t = p8.copy()
    t[2] = octets(b"")
    put("key-p8-empty-key.der", t)
    t = p8.copy()
    t[1] = seq(oid("1.2.3.4.5.6.7.8.9"))
    put("key-p8-unknown-alg.der", t)
    t = p8.copy()
    t[0] = integer(9)
    put("key-p8-version-9.der", t)
    t = p8.copy()
    t.children.append(parse(octets(b"x")))
    put("key-p8-trailing-field.der", t)
    ed = parse(seed("keys/ed25519.pkcs8.der"))
    t = ed.copy()
    t[2] = octets(octets(b"\x01" * 31))
    put("key-ed25519-seed-31.der", t)
    t = ed.copy()
    t[2] = octets(b"\x01" * 32)          # the seed without its inner OCTET STRING
    put("key-ed25519-no-inner.der", t)
    dsa = parse(seed("keys/dsa.trad.der"))
    t = dsa.copy()
    t.children = t.children[:4]
    put("key-dsa-missing-fields.der", t)
    spki = parse(seed("keys/rsa2048.pub.der"))
    t = spki.copy()
    t[1] = bits(b"\x30\x05\x02\x01")
    put("key-spki-rsa-garbage.der", t)


def gen_encrypted():
    put("epk-iter-2pow31.der", epki(2 ** 31 - 1))
    # scrypt (RFC 7914) asking for 128 GiB (N = 2^30, r = 1) and for N*r*p = 2^40 work
    def scrypt_epki(n, r, p):
        kdf = seq(oid("1.3.6.1.4.1.11591.4.11"), seq(octets(b"saltsalt"), integer(n), integer(r), integer(p)))
        alg = seq(oid("1.2.840.113549.1.5.13"), seq(kdf, seq(oid("2.16.840.1.101.3.4.1.42"), octets(b"\x00" * 16))))
        return seq(alg, octets(b"\x00" * 32))
    put("epk-scrypt-128gib.der", scrypt_epki(2 ** 30, 1, 1))
    put("epk-scrypt-work.der", scrypt_epki(2 ** 14, 8, 2 ** 23))
    put("epk-scrypt-n-not-pow2.der", scrypt_epki(1000, 8, 1))
    put("epk-iter-2pow31.pem", pem("ENCRYPTED PRIVATE KEY", epki(2 ** 31 - 1)))
    put("epk-iter-zero.der", epki(0))
    put("epk-iter-negative.der", epki(-1))
    put("epk-iter-huge-int.der", epki(0, iters_der=integer(2 ** 80)))
    put("epk-unknown-cipher.der", epki(2048, cipher="1.2.3.4.5.6"))
    put("epk-iv-short.der", epki(2048, iv=b"\x00" * 7))
    put("epk-ct-not-blocks.der", epki(2048, ct=b"\x00" * 33))
    put("epk-ct-empty.der", epki(2048, ct=b""))
    put("epk-salt-empty.der", epki(2048, salt=b""))
    put("epk-params-garbage.der", seq(seq(oid("1.2.840.113549.1.5.13"), octets(b"garbage")), octets(b"\x00" * 16)))
    e = parse(seed("keyconv/rsa.p8-aes256-sha256.der"))
    e[1] = octets(e[1].value[:-16])
    put("epk-real-trunc-ct.der", e)
    e = parse(seed("keyconv/rsa.p8-aes256-sha256.der"))
    put("epk-real-wrong-pass.der", e)
    legacy = open(os.path.join(TD, "keyconv/rsa.legacy-aes256.pem")).read()
    put("legacy-dek-bad-iv.pem", legacy.replace(legacy.split("DEK-Info: AES-256-CBC,")[1][:32], "XYZ"))
    put("legacy-dek-unknown-cipher.pem", legacy.replace("AES-256-CBC", "FOO-999-CBC"))
    put("legacy-no-dek.pem", "\n".join(l for l in legacy.split("\n") if not l.startswith("DEK-Info")))
    put("legacy-dek-binary.pem", legacy.replace(legacy.split("DEK-Info: ")[1].split("\n")[0], "\x01\x02\x7f\x00junk"))
    put("legacy-body-trunc.pem", "\n".join(legacy.split("\n")[:5] + legacy.split("\n")[-2:]))


def gen_pkcs7():
    p = parse(seed("certdump/bundle.p7b.der"))
    raw = p.enc()
    put("p7-trunc.der", raw[:700])
    sd = p[1][0]                   # SignedData
    ci = [i for i, x in enumerate(sd.children) if x.tag == b"\xa0"][0]
    t = p.copy()
    t[1][0][ci] = ctx(0, seq(integer(1), octets(b"garbage")))
    put("p7-garbage-cert.der", t)
    put("p7-garbage-cert.pem", pem("PKCS7", t.enc()))
    t = p.copy()
    t[1][0][ci].children.append(Raw(b"\x30\x84\x7f\xff\xff\xff"))
    put("p7-cert-len-huge.der", t)
    t = p.copy()
    t[1][0][ci].children.insert(0, parse(octets(b"not a cert")))
    put("p7-cert-not-seq.der", t)
    t = p.copy()
    t[0] = oid("1.2.840.113549.1.7.3")         # envelopedData
    put("p7-enveloped.der", t)
    t = p.copy()
    t[1][0][0] = integer(99)
    put("p7-version-99.der", t)
    t = p.copy()
    t[1] = ctx(0, octets(b"x"))
    put("p7-content-octets.der", t)


def p12_seed_bags():
    key = seed("keys/p256.pkcs8.der")
    cert = seed("keys/p256.crt")
    return key, cert


def gen_pkcs12():
    key, cert = p12_seed_bags()
    sc = safe_contents(bag(OID_KEYBAG, key), certbag(cert))
    good_auth = seq(p12_content_info_data(sc))

    def build(auth=good_auth, version=3, macdata=None, mac_iters=2048, nomac=False):
        parts = [integer(version), p12_content_info_data(auth)]
        if macdata is not None:
            parts.append(macdata)
        elif not nomac:
            parts.append(p12_macdata(auth, iters=mac_iters))
        return seq(*parts)

    good = build()
    put("p12-seed-good.p12", good)
    put("p12-mac-billion.p12", build(macdata=p12_macdata(good_auth, iters=1, digest=b"\x00" * 32,
                                                         iters_der=integer(1000000000))))
    put("p12-mac-2pow31.p12", build(macdata=p12_macdata(good_auth, iters=1, digest=b"\x00" * 32,
                                                        iters_der=integer(2 ** 31 - 1))))
    put("p12-mac-iter-huge-int.p12", build(macdata=p12_macdata(good_auth, iters=1, digest=b"\x00" * 32,
                                                               iters_der=integer(2 ** 100))))
    put("p12-mac-iter-negative.p12", build(macdata=p12_macdata(good_auth, iters=1, digest=b"\x00" * 32,
                                                               iters_der=integer(-5))))
    put("p12-version-2.p12", build(version=2))
    put("p12-trunc.p12", good[:len(good) // 2])
    put("p12-trunc-header.p12", good[:3])
    # the authSafe is envelopedData (public-key mode)
    env = seq(integer(3), seq(oid("1.2.840.113549.1.7.3"), ctx(0, seq(integer(0), set_(), seq(oid(OID_DATA))))))
    put("p12-enveloped.p12", env)
    # an authenticated safe whose ContentInfo is envelopedData
    auth = seq(seq(oid("1.2.840.113549.1.7.3"), ctx(0, seq(integer(0), set_(), seq(oid(OID_DATA))))))
    put("p12-safe-enveloped.p12", build(auth=auth))
    # a shrouded key bag asking 2^31-1 PBKDF2 iterations
    auth = seq(p12_content_info_data(safe_contents(bag(OID_SHROUDED, epki(2 ** 31 - 1)), certbag(cert))))
    put("p12-shrouded-iter-2pow31.p12", build(auth=auth))
    # garbage where the key and the certificate should be
    auth = seq(p12_content_info_data(safe_contents(bag(OID_KEYBAG, seq(integer(0), octets(b"garbage"))))))
    put("p12-keybag-garbage.p12", build(auth=auth))
    auth = seq(p12_content_info_data(safe_contents(certbag(b"\x30\x03\x02\x01\x00"))))
    put("p12-certbag-garbage.p12", build(auth=auth))
    auth = seq(p12_content_info_data(safe_contents(bag(OID_CERTBAG, seq(oid(OID_X509CERT), ctx(0, integer(5)))))))
    put("p12-certbag-not-octets.p12", build(auth=auth))
    auth = seq(p12_content_info_data(b"\x30\x05\x02\x01\x00\xff\xff"))
    put("p12-safecontents-trailing.p12", build(auth=auth))
    auth = seq(p12_content_info_data(safe_contents(seq(oid(OID_KEYBAG)))))
    put("p12-bag-no-value.p12", build(auth=auth))
    # nested safeContentsBags, 70 deep
    inner = bag(OID_KEYBAG, key)
    for _ in range(70):
        inner = bag(OID_SAFEBAG, seq(inner))
    auth = seq(p12_content_info_data(safe_contents(inner)))
    put("p12-safebag-nest-70.p12", build(auth=auth))
    # the authSafe content is no OCTET STRING
    put("p12-authsafe-int.p12", seq(integer(3), seq(oid(OID_DATA), ctx(0, integer(5)))))
    # MAC: digest of the wrong length, salt missing
    put("p12-mac-digest-short.p12", build(macdata=seq(seq(seq(oid(OID_SHA256), null()), octets(b"\x01\x02")),
                                                      octets(b"salt"), integer(2048))))
    put("p12-mac-no-salt.p12", build(macdata=seq(seq(seq(oid(OID_SHA256), null()), octets(b"\x00" * 32)))))
    put("p12-mac-unknown-hash.p12", build(macdata=seq(seq(seq(oid("1.2.3.4.5"), null()), octets(b"\x00" * 32)),
                                                      octets(b"salt"), integer(2048))))
    # an encryptedData safe with an unknown algorithm
    encd = seq(oid("1.2.840.113549.1.7.6"),
               ctx(0, seq(integer(0), seq(oid(OID_DATA), seq(oid("1.2.3.4.5.6"), null()),
                                          tlv(0x80, b"\x00" * 16)))))
    put("p12-encrypted-unknown-alg.p12", build(auth=seq(encd)))
    # BER: 10,000 nested indefinite-length constructed OCTET STRINGs as the authSafe content
    deep = b"\x24\x80" * 10000 + b"\x04\x01\x00" + b"\x00\x00" * 10000
    put("p12-ber-deep-octets.p12", b"\x30\x80" + integer(3) + b"\x30\x80" + oid(OID_DATA) + b"\xa0\x80" +
        deep + b"\x00\x00" + b"\x00\x00" + b"\x00\x00")


if __name__ == "__main__":
    main()
