#!/usr/bin/env bash
# WordNet's database, the lexicon of the offline engine's label routing
# (operator/tornado_operator/engine/sim/wordnet.py). A no-op when it is there already:
# $WNSEARCHDIR when set, else /usr/share/wordnet (Debian's wordnet-base package).
set -euo pipefail
dir="${WNSEARCHDIR:-/usr/share/wordnet}"
if [[ -f "$dir/index.noun" && -f "$dir/data.noun" ]]; then
    exit 0
fi
if [[ -n "${WNSEARCHDIR:-}" ]]; then
    echo "WNSEARCHDIR=$WNSEARCHDIR has no WordNet database (index.noun, data.noun)" >&2
    exit 1
fi
if ! command -v apt-get > /dev/null; then
    echo "label routing needs WordNet 3.0's database in /usr/share/wordnet (Debian/Ubuntu: wordnet-base);" \
         "install it with your package manager or set WNSEARCHDIR to a directory that has it" >&2
    exit 1
fi
sudo=""
if [[ "$(id -u)" != 0 ]]; then
    if ! command -v sudo > /dev/null; then
        echo "installing wordnet-base needs root: run 'apt-get install wordnet-base' as root" >&2
        exit 1
    fi
    sudo="sudo"
fi
echo "installing wordnet-base (WordNet 3.0, for label routing)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get install --yes --no-install-recommends wordnet-base > /dev/null \
    || { $sudo apt-get update > /dev/null && $sudo apt-get install --yes --no-install-recommends wordnet-base > /dev/null; }
test -f /usr/share/wordnet/index.noun
