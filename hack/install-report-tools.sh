#!/usr/bin/env bash
# Install what `tornado report` and its tests use beyond Python:
#   * Graphviz (`dot`, Debian package graphviz): lays out the pathway graph of the HTML report;
#   * Chromium (Debian package chromium): the browser test opens the report and parses Mermaid;
#   * hack/browser/node_modules (npm ci of hack/browser/package-lock.json): playwright-core to
#     drive that Chromium, and Mermaid's own bundle to parse the Markdown report's diagram.
#
# Non-interactive and idempotent: each part is skipped when present (the npm part when its
# stamp matches the lock file and the Node.js version). Installing Debian packages needs root
# (as on CI); otherwise the script says what to install and fails.
#
# Environment: REPORT_TOOLS_FORCE=1 reinstalls the npm part.
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BROWSER_DIR="${HACK_DIR}/browser"
STAMP="${BROWSER_DIR}/node_modules/.tornado-stamp"

log() { printf '[report-tools] %s\n' "$*" >&2; }
die() { printf '[report-tools] ERROR: %s\n' "$*" >&2; exit 1; }

mkdir -p "${BROWSER_DIR}"
if command -v flock >/dev/null 2>&1; then
    exec 9>"${BROWSER_DIR}/.install.lock"
    flock 9
fi

missing=()
command -v dot >/dev/null 2>&1 || missing+=(graphviz)
[[ -x "${CHROMIUM:-/usr/bin/chromium}" ]] || missing+=(chromium)
if ((${#missing[@]})); then
    if [[ "$(id -u)" != "0" ]] || ! command -v apt-get >/dev/null 2>&1; then
        die "missing Debian package(s) ${missing[*]}: install them (as root: apt-get install ${missing[*]})"
    fi
    log "installing ${missing[*]} with apt-get"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq || die "apt-get update failed"
    apt-get install -y -qq "${missing[@]}" fonts-liberation >/dev/null \
        || die "apt-get install ${missing[*]} failed"
fi
command -v dot >/dev/null 2>&1 || die "graphviz is installed but dot is not on PATH"
dot -V >/dev/null 2>&1 || die "dot does not run: $(dot -V 2>&1 | tail -1)"

command -v npm >/dev/null 2>&1 || die "npm (Node.js) is not on PATH"
key="$( { sha256sum "${BROWSER_DIR}/package.json" "${BROWSER_DIR}/package-lock.json" "${HACK_DIR}/install-report-tools.sh"; node --version; } | sha256sum | cut -d' ' -f1)"
if [[ "${REPORT_TOOLS_FORCE:-0}" != "1" && -f "${STAMP}" && "$(cat "${STAMP}")" == "${key}" ]]; then
    log "hack/browser/node_modules is up to date; nothing to install"
    exit 0
fi
log "npm ci in hack/browser (playwright-core, mermaid)"
(cd "${BROWSER_DIR}" && npm ci --no-audit --no-fund --loglevel=error >&2) || die "npm ci in hack/browser failed"
printf '%s\n' "${key}" > "${STAMP}"
log "done"
