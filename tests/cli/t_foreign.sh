# Files of formats certkit does not read (Java keystores, SSH and PuTTY keys, OpenPGP
# blocks, archives): every tool names the format and the command that converts it, in
# one line, with exit 1 -- instead of a DER or base64 error at offset 0.
. "$TOP/tests/cli/lib.sh"

F=$TMP/f
mkdir -p "$F"
# the first bytes of each format (the rest does not matter to the recognition)
printf '\376\355\376\355\000\000\000\002\000\000\000\001' > "$F/store.jks"
printf '\316\316\316\316\000\000\000\002\000\000\000\001' > "$F/store.jceks"
printf 'PuTTY-User-Key-File-3: ssh-ed25519\nEncryption: none\nComment: k\nPublic-Lines: 2\n' > "$F/key.ppk"
printf 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOf5Yx1x7w0Jm3g7tqQ5b8gkz3cF4VqK1m2n3o4p5q6r user@host\n' > "$F/id.pub"
printf -- '---- BEGIN SSH2 PUBLIC KEY ----\nComment: "k"\nAAAAC3NzaC1lZDI1NTE5AAAAIOf5Yx1x7w0Jm3g7tqQ5b8gkz3cF4VqK1m2n3o4p5q6r\n---- END SSH2 PUBLIC KEY ----\n' > "$F/id.ssh2"
{
    echo "-----BEGIN OPENSSH PRIVATE KEY-----"
    printf 'openssh-key-v1\000\000\000\000\004none\000\000\000\004none' | base64
    echo "-----END OPENSSH PRIVATE KEY-----"
} > "$F/id_ed25519"
{
    echo "-----BEGIN PGP PUBLIC KEY BLOCK-----"
    echo
    printf '\231\001\015\004' | base64
    echo "-----END PGP PUBLIC KEY BLOCK-----"
} > "$F/key.asc"
printf 'PK\003\004\024\000\000\000\010\000' > "$F/certs.zip"
gzip -c "$TD/sample/server.pem" > "$F/server.pem.gz"

# FILE REGEX TOOL...: each tool exits 1 with one line naming the format
check() {
    f=$1; re=$2; shift 2
    for t in "$@"; do
        "$BIN/$t" "$F/$f" > "$TMP/out" 2> "$TMP/err" < /dev/null
        rc=$?
        n="$t-$f"
        if [ $rc -ne 1 ]; then nok "$n" "exit $rc, wanted 1: $(head -c 300 "$TMP/err")"; continue; fi
        if [ "$(wc -l < "$TMP/err")" -ne 1 ]; then nok "$n" "not one line: $(head -c 400 "$TMP/err")"; continue; fi
        if ! grep -Eq -- "^$t: .*this is $re" "$TMP/err"; then nok "$n" "$(cat "$TMP/err")"; continue; fi
        if [ -s "$TMP/out" ]; then nok "$n" "wrote to standard output"; continue; fi
        ok "$n"
    done
}
ALL="certdump csrdump crldump asn1dump der2pem pem2der chaincat keyconv"
check store.jks 'a Java KeyStore \(JKS\).*keytool -importkeystore' $ALL pfxsplit
check store.jceks 'a Java JCEKS keystore.*-srcstoretype jceks' $ALL pfxsplit
check key.ppk 'a PuTTY private key.*puttygen' $ALL pfxsplit
check id.pub 'an OpenSSH public key.*ssh-keygen -e -m PKCS8' $ALL pfxsplit
check id.ssh2 'an SSH2 \(RFC 4716\) public key' $ALL
check id_ed25519 'an OpenSSH private key.*ssh-keygen -p -m PKCS8' certdump csrdump crldump keyconv
check key.asc 'an OpenPGP block' certdump keyconv
check certs.zip 'a ZIP archive' $ALL pfxsplit
check server.pem.gz 'gzip-compressed; zcat' $ALL pfxsplit

# keymatch: the key operand
"$BIN/keymatch" "$F/id_ed25519" "$TD/sample/server.pem" > /dev/null 2> "$TMP/err"
expect_eq keymatch-openssh-key-exit "$?" 1
expect_match keymatch-openssh-key-message "$TMP/err" 'this is an OpenSSH private key'

# a real DER file that starts like nothing foreign still reads, and a PEM stream with
# an OpenSSH key among certificates skips it with a warning and goes on
cat "$F/id_ed25519" "$TD/sample/server.pem" > "$F/mixed.pem"
"$BIN/certdump" -f subject.rfc4514 "$F/mixed.pem" > "$TMP/out" 2> "$TMP/err"
expect_eq mixed-exit "$?" 0
expect_match mixed-warning "$TMP/err" 'warning: skipped: this is an OpenSSH private key'
expect_match mixed-certificate "$TMP/out" 'CN=vcs.example.com'
