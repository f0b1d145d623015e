# bash completion for the certkit tools.  Installed as one file per tool name
# (symlinks) under share/bash-completion/completions by `make install`.
_certkit_opts() {
    case $1 in
    der2pem)   echo "-l --label -i --inform -o --output --strict -h --help -V --version" ;;
    pem2der)   echo "-l --label -n -i --inform -o --output -h --help -V --version" ;;
    asn1dump)  echo "--strict -i --inform -o --output --json -h --help -V --version" ;;
    certdump)  echo "--json --pem -f --fields --at --check-expiry --first --strict -i --inform -o --output -h --help -V --version" ;;
    csrdump)   echo "--json --pem -f --fields --show-secrets --strict -i --inform -o --output -h --help -V --version" ;;
    crldump)   echo "--json --pem -f --fields --at --issuer --cert --no-entries --strict -i --inform -o --output -h --help -V --version" ;;
    chaincat)  echo "--roots --leaf --root-first --no-root --ca-file --tree --comments --json --outform --at -i --inform -o --output -h --help -V --version" ;;
    pfxsplit)  echo "--pass --pass-out -k -c -a --key-format --encrypt-key --outform --info --json --max-iter -o --output -h --help -V --version" ;;
    keyconv)   echo "--pass --pass-out --to --encrypt --iter --pubout --outform -o --output -h --help -V --version" ;;
    keymatch)  echo "--pass --json -h --help -V --version" ;;
    certcheck) echo "--cert --key --ca --crl --name --cluster --peer --peer-address --mutual --warn-days --pfx --pass --at --json -q --quiet -h --help -V --version" ;;
    esac
}
_certkit() {
    local cur prev
    cur=${COMP_WORDS[COMP_CWORD]}
    prev=${COMP_WORDS[COMP_CWORD-1]}
    case $prev in
    -i|--inform) COMPREPLY=($(compgen -W "pem der b64" -- "$cur")); return ;;
    --outform) COMPREPLY=($(compgen -W "pem der" -- "$cur")); return ;;
    --key-format|--to) COMPREPLY=($(compgen -W "pkcs8 pkcs1 sec1 traditional" -- "$cur")); return ;;
    --pass|--pass-out) COMPREPLY=($(compgen -W "pass: env: file: fd: stdin" -- "$cur")); compopt -o nospace; return ;;
    -f|--fields|--at|--name|--cluster|--peer|--peer-address|--warn-days|--check-expiry|-n|-l|--label|--iter|--max-iter) return ;;
    esac
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(_certkit_opts "${COMP_WORDS[0]##*/}")" -- "$cur"))
    else
        COMPREPLY=($(compgen -f -- "$cur"))
    fi
}
complete -o filenames -F _certkit der2pem pem2der asn1dump certdump csrdump crldump chaincat pfxsplit keyconv keymatch certcheck
