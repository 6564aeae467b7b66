#!/usr/bin/env bash
# Build the tools whose own code checks this project's integrations, from the Go modules
# pinned under hack/ecosystem/, into hack/bin/:
#
#   argocd-health   Argo CD v3.2.12's util/settings + util/lua + gitops-engine health (hack/ecosystem/argocd)
#   gitops-health   kstatus (sigs.k8s.io/cli-utils) and Flux's CEL health checks (hack/ecosystem/gitops)
#   promtool        Prometheus' promtool (hack/ecosystem/promtool)
#
# Usage: bash hack/build-ecosystem.sh [TOOL...]   (default: all three)
#
# Non-interactive and idempotent: a tool whose binary exists and whose stamp matches the hash
# of its module (go.mod, go.sum, *.go), this script and the Go version is not built again.
# Fails loudly (non-zero exit, message on stderr). Environment: ECOSYSTEM_BUILD_FORCE=1
# rebuilds; GOFLAGS, GOCACHE, GOMODCACHE, GOPROXY as usual.
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN_DIR="${HACK_DIR}/bin"
ALL_TOOLS=(argocd-health gitops-health promtool)

log() { printf '[build-ecosystem] %s\n' "$*" >&2; }
die() { printf '[build-ecosystem] ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "the Go toolchain ('go') is not on PATH; install Go >= 1.26 (see hack/README.md)"
mkdir -p "${BIN_DIR}"

if command -v flock >/dev/null 2>&1; then
    exec 9>"${BIN_DIR}/.ecosystem.lock"
    flock 9
fi

module_of() {
    case "$1" in
        argocd-health) echo argocd ;;
        gitops-health) echo gitops ;;
        promtool) echo promtool ;;
        *) die "unknown tool '$1' (known: ${ALL_TOOLS[*]})" ;;
    esac
}

# What `go build` builds in each module: the module's own command, or a pinned one.
package_of() {
    case "$1" in
        promtool) echo github.com/prometheus/prometheus/cmd/promtool ;;
        *) echo . ;;
    esac
}

stamp_key() {
    local dir="$1"
    {
        (cd "${dir}" && sha256sum go.mod go.sum ./*.go)
        sha256sum "${HACK_DIR}/build-ecosystem.sh"
        go env GOVERSION GOOS GOARCH
    } | sha256sum | cut -d' ' -f1
}

build() {
    local tool="$1" module dir target stamp key tmp start
    module="$(module_of "${tool}")"
    dir="${HACK_DIR}/ecosystem/${module}"
    target="${BIN_DIR}/${tool}"
    stamp="${BIN_DIR}/.${tool}.stamp"
    key="$(stamp_key "${dir}")"
    if [[ "${ECOSYSTEM_BUILD_FORCE:-0}" != "1" && -x "${target}" && -f "${stamp}" ]] \
        && [[ "$(head -n1 "${stamp}")" == "${key}" ]]; then
        log "hack/bin/${tool} is up to date ($(sed -n 2p "${stamp}")); nothing to build"
        return
    fi
    log "building ${tool} from hack/ecosystem/${module} with $(go env GOVERSION) (cold Go cache: several minutes)"
    start=$(date +%s)
    tmp="$(mktemp "${BIN_DIR}/.${tool}.XXXXXX")"
    (
        cd "${dir}"
        CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--mod=readonly}" \
            go build -trimpath -ldflags "-s -w" -o "${tmp}" "$(package_of "${tool}")"
    ) || { rm -f "${tmp}"; die "go build of ${tool} failed"; }
    chmod +x "${tmp}"
    mv -f "${tmp}" "${target}"
    local pins
    pins="$(cd "${dir}" && go list -m -f '{{.Path}} {{.Version}}' all 2>/dev/null \
        | grep -E '^(github.com/argoproj/argo-cd/v3|github.com/argoproj/gitops-engine|github.com/yuin/gopher-lua|sigs.k8s.io/cli-utils|github.com/fluxcd/pkg/runtime|github.com/fluxcd/kustomize-controller/api|github.com/google/cel-go|github.com/prometheus/prometheus) ' \
        | tr '\n' ',' | sed 's/,$//; s/,/, /g')"
    printf '%s\n%s; built in %ss\n' "${key}" "${pins}" "$(( $(date +%s) - start ))" > "${stamp}"
    log "done: hack/bin/${tool} (${pins})"
}

TOOLS=("$@")
[[ ${#TOOLS[@]} -gt 0 ]] || TOOLS=("${ALL_TOOLS[@]}")
for tool in "${TOOLS[@]}"; do
    build "${tool}"
done
