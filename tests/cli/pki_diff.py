#!/usr/bin/env python3
"""Differential tests of csrdump and crldump against the openssl command.

usage: pki_diff.py csr|crl BIN CORPUS_OR_DIR [--expect FILE]

csr: every request (MANIFEST.tsv kind csr): the self-signature (openssl req -verify)
     and the subject (openssl req -subject -nameopt RFC2253,utf8 vs -f subject_openssl).
crl: every CRL (kinds crl and chain-crls; each CRL of a multi-CRL file): issuer
     (-nameopt RFC2253,utf8 vs issuer_openssl), lastUpdate, nextUpdate, CRL number,
     the revoked count and every entry's serial, revocation date, reason and
     invalidity date (parsed from `openssl crl -text -noout -dateopt iso_8601`); and
     the signature (openssl crl -CAfile) where the issuer is at hand: the CA blocks
     of bssl's crltest files, chains/*/roots.pem + intermediates.pem.
Both: the malformed ones (kinds malformed-csr, malformed-crl) must exit 0, 1 or 3,
never crash, and an exit 1 comes with an error line.

Prints "ok NAME" / "not ok NAME: why" per check, then "# summary: ..." lines.
Known disagreements are listed in --expect FILE (tab-separated: check name, what
ours says, what openssl says, why); a listed disagreement that happens exactly as
listed is "ok ... # expected", one that changes is "not ok".
With a directory instead of a corpus (no MANIFEST.tsv): every *.csr/*.der/*.pem
(csr) or *.crl/*.der/*.pem (crl) in it.
"""
import base64, json, os, re, subprocess, sys, tempfile

mode, BIN, ROOT = sys.argv[1], sys.argv[2], sys.argv[3]
EXPECT = {}
if '--expect' in sys.argv:
    with open(sys.argv[sys.argv.index('--expect') + 1], encoding='utf-8') as f:
        for line in f:
            if line.strip() and not line.startswith('#'):
                parts = line.rstrip('\n').split('\t')
                EXPECT[parts[0]] = (parts[1], parts[2])
TMP = tempfile.mkdtemp()
counts = {'ok': 0, 'expected': 0, 'bad': 0}
stats = {}


def stat(k, n=1):
    stats[k] = stats.get(k, 0) + n


def run(cmd):
    p = subprocess.run(cmd, capture_output=True)
    return p.returncode, p.stdout.decode('utf-8', 'replace'), p.stderr.decode('utf-8', 'replace')


def errline(err):
    """The last message line without the tool and file name (stable across paths)."""
    lines = [l for l in err.strip().split('\n') if l and 'warning:' not in l] or ['']
    return re.sub(r'^[a-z]+: .*?: (block \d+: )?(?=offset|this|signature|[a-z])', '', lines[-1])[:200]


def check(name, ours, theirs):
    ours, theirs = str(ours), str(theirs)
    if ours == theirs:
        counts['ok'] += 1
        print('ok ' + name)
    elif name in EXPECT and EXPECT[name] == (ours, theirs):
        counts['expected'] += 1
        print('ok %s # expected disagreement: ours [%s] openssl [%s]' % (name, ours, theirs))
    else:
        counts['bad'] += 1
        print('not ok %s: ours [%s] openssl [%s]' % (name, ours[:300], theirs[:300]))


def manifest():
    rows = []
    with open(os.path.join(ROOT, 'MANIFEST.tsv'), encoding='utf-8') as f:
        head = f.readline().rstrip('\n').split('\t')
        for line in f:
            rows.append(dict(zip(head, line.rstrip('\n').split('\t'))))
    return rows


PEM_RE = re.compile(rb'-----BEGIN ([A-Z0-9 #]+)-----\r?\n(.*?)-----END \1-----', re.S)


def pem_blocks(data):
    out = []
    for m in PEM_RE.finditer(data):
        body = m.group(2)
        if b':' in body.split(b'\n', 1)[0]:      # RFC 1421 headers
            body = body.split(b'\n\n', 1)[-1] if b'\n\n' in body else body
        try:
            out.append((m.group(1).decode(), base64.b64decode(re.sub(rb'\s+', b'', body))))
        except Exception:
            out.append((m.group(1).decode(), None))
    return out


def write(name, data):
    p = os.path.join(TMP, name)
    with open(p, 'wb') as f:
        f.write(data)
    return p


def to_pem(label, der):
    b = base64.b64encode(der).decode()
    return ('-----BEGIN %s-----\n' % label + '\n'.join(b[i:i + 64] for i in range(0, len(b), 64)) +
            '\n-----END %s-----\n' % label).encode()


def norm_serial(s):
    s = s.strip().lower().replace(':', '')
    neg = s.startswith('-')
    s = s.lstrip('-').lstrip('0') or '0'
    return ('-' if neg else '') + s


MONTHS = {m: i + 1 for i, m in enumerate('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split())}


def iso(t):
    """openssl's times as RFC 3339: "-dateopt iso_8601" ("2025-03-01 00:00:00Z", "1-01-01 ...")
    and the rfc_822 form its -text uses for entries ("Mar  1 00:00:00 2025 GMT")."""
    if not t:
        return t
    t = t.strip()
    m = re.match(r'^(-?\d+)-(\d\d)-(\d\d) (\d\d):(\d\d):(\d\d)(?:\.\d+)?Z$', t)
    if m:
        y, mo, d, hh, mi, ss = m.groups()
        return '%04d-%s-%sT%s:%s:%sZ' % (int(y), mo, d, hh, mi, ss)
    m = re.match(r'^([A-Z][a-z]{2}) +(\d+) (\d\d):(\d\d):(\d\d)(?:\.\d+)? (-?\d+) GMT$', t)
    if m:
        mon, d, hh, mi, ss, y = m.groups()
        return '%04d-%02d-%02dT%s:%s:%sZ' % (int(y), MONTHS[mon], int(d), hh, mi, ss)
    return t


REASONS = {
    'Unspecified': 'unspecified', 'Key Compromise': 'keyCompromise', 'CA Compromise': 'cACompromise',
    'Affiliation Changed': 'affiliationChanged', 'Superseded': 'superseded',
    'Cessation Of Operation': 'cessationOfOperation', 'Certificate Hold': 'certificateHold',
    'Remove From CRL': 'removeFromCRL', 'Privilege Withdrawn': 'privilegeWithdrawn',
    'AA Compromise': 'aACompromise',
}


def openssl_entries(text):
    """The revoked entries of `openssl crl -text -noout -dateopt iso_8601`."""
    entries = []
    lines = text.split('\n')
    i = 0
    while i < len(lines) and not lines[i].startswith('Revoked Certificates:') and \
            not lines[i].startswith('No Revoked Certificates.'):
        i += 1
    cur = None
    ext = None
    for line in lines[i + 1:]:
        if line.startswith('    Signature Algorithm:'):
            break
        m = re.match(r'^    Serial Number: (\S+)', line)
        if m:
            cur = {'serial': norm_serial(m.group(1)), 'date': None, 'reason': None, 'invalidity_date': None}
            entries.append(cur)
            ext = None
            continue
        if cur is None:
            continue
        m = re.match(r'^        Revocation Date: (.*)$', line)
        if m:
            cur['date'] = iso(m.group(1))
            continue
        m = re.match(r'^            (\S.*?):\s*(critical)?\s*$', line)
        if m:
            ext = m.group(1)
            continue
        m = re.match(r'^                (\S.*)$', line)
        if m and ext:
            v = m.group(1).strip()
            if ext == 'X509v3 CRL Reason Code':
                cur['reason'] = REASONS.get(v, v)
            elif ext == 'Invalidity Date':
                cur['invalidity_date'] = iso(v)
    return entries


# ======================================================================= CSR
def csr_files():
    if os.path.exists(os.path.join(ROOT, 'MANIFEST.tsv')):
        rows = manifest()
        return ([(r['path'], r['encoding']) for r in rows if r['kind'] == 'csr'],
                [r['path'] for r in rows if r['kind'] == 'malformed-csr'])
    fs = sorted(f for f in os.listdir(ROOT) if f.endswith(('.csr', '.der', '.pem')))
    return ([(f, 'DER' if f.endswith('.der') else 'PEM') for f in fs if not f.startswith('truncated')],
            [f for f in fs if f.startswith('truncated')])


def csr_main():
    good, bad = csr_files()
    for path, enc in good:
        full = os.path.join(ROOT, path)
        data = open(full, 'rb').read()
        if enc == 'DER':
            ders = [data]
        else:
            ders = [d for l, d in pem_blocks(data) if 'REQUEST' in l and d]
        rc, out, err = run([os.path.join(BIN, 'csrdump'), '--json', full])
        lines = [json.loads(l) for l in out.splitlines() if l.strip()]
        rc2, sel, _ = run([os.path.join(BIN, 'csrdump'), '-f', 'subject_openssl', full])
        subs = sel.splitlines()
        stat('csr files')
        for i, der in enumerate(ders):
            stat('csr requests')
            tag = '%s[%d]' % (path, i)
            f = write('req.der', der)
            orc, oout, oerr = run(['openssl', 'req', '-inform', 'DER', '-in', f, '-verify', '-noout'])
            ov = 'true' if 'verify OK' in oout + oerr else ('unloadable' if 'unable to load' in (oout + oerr).lower() or 'Could not' in oout + oerr else 'false')
            if i >= len(lines):
                check('csr-decodes ' + tag, 'error: ' + errline(err), ov)
                continue
            j = lines[i]
            ours = {True: 'true', False: 'false', None: 'cannot:' + j.get('signature_status', '')}[j['signature_valid']]
            check('csr-signature ' + tag, ours, ov)
            stat('csr signatures compared')
            orc, oout, oerr = run(['openssl', 'req', '-inform', 'DER', '-in', f, '-noout', '-subject',
                                   '-nameopt', 'RFC2253,utf8'])
            if orc == 0:
                check('csr-subject ' + tag, subs[i] if i < len(subs) else '', oout.strip()[len('subject='):])
        # exit code: 3 exactly when some signature is invalid
        want = 3 if any(l['signature_valid'] is False for l in lines) else rc
        check('csr-exit ' + path, rc, want)
    malformed(bad, 'csrdump')


def malformed(paths, tool):
    for path in paths:
        full = os.path.join(ROOT, path)
        rc, out, err = run([os.path.join(BIN, tool), '--json', full])
        stat('malformed %s files' % tool)
        stat('malformed %s exit %d' % (tool, rc))
        ok = rc in (0, 1, 3) and (rc != 1 or re.search(r'^%s: ' % tool, err, re.M) is not None)
        check('malformed-no-crash ' + path, 'ok' if ok else 'rc=%d err=%s' % (rc, err[:200]), 'ok')


# ======================================================================= CRL
def crl_files():
    if os.path.exists(os.path.join(ROOT, 'MANIFEST.tsv')):
        rows = manifest()
        return ([(r['path'], r['encoding']) for r in rows if r['kind'] in ('crl', 'chain-crls')],
                [r['path'] for r in rows if r['kind'] == 'malformed-crl'])
    fs = sorted(f for f in os.listdir(ROOT) if f.endswith(('.crl', '.der', '.pem')))
    return ([(f, 'DER' if f.endswith('.der') else 'PEM') for f in fs if not f.startswith('truncated')],
            [f for f in fs if f.startswith('truncated')])


def ca_file_for(path, data):
    """A CAfile for the CRLs of path, when the issuer is at hand."""
    certs = [d for l, d in pem_blocks(data) if l in ('CA CERTIFICATE',) and d]
    if certs:
        return write('ca.pem', b''.join(to_pem('CERTIFICATE', d) for d in certs))
    d = os.path.dirname(os.path.join(ROOT, path))
    if os.path.basename(path) == 'crls.pem':
        blob = b''
        for f in ('roots.pem', 'intermediates.pem'):
            p = os.path.join(d, f)
            if os.path.exists(p):
                blob += open(p, 'rb').read()
        if blob:
            return write('ca.pem', blob)
    if not os.path.exists(os.path.join(ROOT, 'MANIFEST.tsv')):
        # fixture directory: the CAs of testdata/crl
        p = os.path.join(ROOT, 'cas.pem')
        if os.path.exists(p):
            return p
    return None


def crl_main():
    good, bad = crl_files()
    for path, enc in good:
        full = os.path.join(ROOT, path)
        data = open(full, 'rb').read()
        if enc == 'DER':
            ders = [data]
        else:
            ders = [d for l, d in pem_blocks(data) if l in ('X509 CRL', 'CRL') and d]
        rc, out, err = run([os.path.join(BIN, 'crldump'), '--json', full])
        lines = [json.loads(l) for l in out.splitlines() if l.strip()]
        lines = [l for l in lines if l.get('type') == 'crl']
        _, sel, _ = run([os.path.join(BIN, 'crldump'), '-f', 'issuer_openssl', full])
        issuers = sel.splitlines()
        ca = ca_file_for(path, data)
        stat('crl files')
        for i, der in enumerate(ders):
            stat('crls')
            tag = '%s[%d]' % (path, i)
            f = write('crl.der', der)
            orc, otext, oerr = run(['openssl', 'crl', '-inform', 'DER', '-in', f, '-noout', '-text',
                                    '-dateopt', 'iso_8601'])
            if i >= len(lines):
                check('crl-decodes ' + tag, 'error: ' + errline(err),
                      'openssl ok' if orc == 0 else 'openssl error')
                continue
            j = lines[i]
            if orc != 0:
                check('crl-decodes ' + tag, 'decoded', 'openssl error: ' + oerr.strip().split('\n')[0][:150])
                continue
            _, o2, _ = run(['openssl', 'crl', '-inform', 'DER', '-in', f, '-noout', '-issuer', '-nameopt',
                            'RFC2253,utf8', '-lastupdate', '-nextupdate', '-crlnumber', '-dateopt', 'iso_8601'])
            kv = dict(l.split('=', 1) for l in o2.splitlines() if '=' in l)
            check('crl-issuer ' + tag, issuers[i] if i < len(issuers) else '', kv.get('issuer', ''))
            check('crl-this-update ' + tag, j['this_update'], iso(kv.get('lastUpdate')))
            nu = kv.get('nextUpdate', 'NONE')
            check('crl-next-update ' + tag, j['next_update'] or 'NONE', 'NONE' if nu == 'NONE' else iso(nu))
            cn = kv.get('crlNumber', '<NONE>')
            if cn.startswith('0x-'):
                theirs = '-' + str(int(cn[3:], 16))
            elif cn.startswith('0x'):
                theirs = str(int(cn, 16))
            else:
                theirs = None
            check('crl-number ' + tag, j['crl_number'], theirs)
            ents = openssl_entries(otext)
            check('crl-revoked-count ' + tag, j['revoked_count'], len(ents))
            mine = [{'serial': e['serial'], 'date': e['date'], 'reason': e['reason'],
                     'invalidity_date': e['invalidity_date']} for e in j.get('revoked', [])]
            bad_entries = [(k, a, b) for k, (a, b) in enumerate(zip(mine, ents)) if a != b]
            stat('crl entries compared', min(len(mine), len(ents)))
            check('crl-entries ' + tag, bad_entries[:1] if bad_entries else 'same', 'same')
            if ca:
                orc, oout, oerr = run(['openssl', 'crl', '-inform', 'DER', '-in', f, '-CAfile', ca, '-noout'])
                txt = oout + oerr
                theirs = 'true' if 'verify OK' in txt else ('no-issuer' if 'issuer certificate' in txt else 'false')
                rc3, sv, e3 = run([os.path.join(BIN, 'crldump'), '--issuer', ca, '--no-entries', '-f',
                                   'signature_valid', f])
                sv = sv.strip()
                ours = sv if sv in ('true', 'false') else ('no-issuer' if 'holds no certificate' in e3 else 'cannot: ' + errline(e3))
                check('crl-signature ' + tag, ours, theirs)
                check('crl-signature-exit ' + tag, rc3 if ours != 'true' else rc3, 0 if ours == 'true' else 3)
                stat('crl signatures compared')
    malformed(bad, 'crldump')


(csr_main if mode == 'csr' else crl_main)()
for k in sorted(stats):
    print('# summary: %s: %d' % (k, stats[k]))
print('# summary: checks: %d agree, %d expected disagreements, %d disagree' %
      (counts['ok'], counts['expected'], counts['bad']))
