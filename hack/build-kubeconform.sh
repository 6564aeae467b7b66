#!/usr/bin/env bash
# Build kubeconform (the Kubernetes manifest validator) from the Go module pinned in
# hack/kubeconform/ into hack/bin/kubeconform.
#
# Non-interactive and idempotent: when hack/bin/kubeconform exists and its stamp matches the
# hash of go.mod, go.sum, tools.go, this script and the Go version, nothing is built.
# kubeconform downloads JSON schemas at run time by default; the tests never let it: they
# generate the schemas from the API server's OpenAPI (tests/integration/test_manifests.py).
#
# Environment: KUBECONFORM_BUILD_FORCE=1 rebuilds; GOFLAGS, GOCACHE, GOMODCACHE, GOPROXY as usual.
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MODULE_DIR="${HACK_DIR}/kubeconform"
BIN_DIR="${HACK_DIR}/bin"
TARGET="${BIN_DIR}/kubeconform"
STAMP="${BIN_DIR}/.kubeconform.stamp"

log() { printf '[build-kubeconform] %s\n' "$*" >&2; }
die() { printf '[build-kubeconform] ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "the Go toolchain ('go') is not on PATH"
mkdir -p "${BIN_DIR}"
cd "${MODULE_DIR}"

if command -v flock >/dev/null 2>&1; then
    exec 9>"${BIN_DIR}/.kubeconform.lock"
    flock 9
fi

stamp_key() {
    {
        sha256sum go.mod go.sum tools.go "${HACK_DIR}/build-kubeconform.sh"
        go env GOVERSION GOOS GOARCH
    } | sha256sum | cut -d' ' -f1
}

KEY="$(stamp_key)"
if [[ "${KUBECONFORM_BUILD_FORCE:-0}" != "1" && -x "${TARGET}" && -f "${STAMP}" ]] \
    && [[ "$(head -n1 "${STAMP}")" == "${KEY}" ]]; then
    log "hack/bin/kubeconform is up to date ($(sed -n 2p "${STAMP}")); nothing to build"
    exit 0
fi

VERSION="$(go list -m -f '{{.Version}}' github.com/yannh/kubeconform)" \
    || die "cannot resolve github.com/yannh/kubeconform from hack/kubeconform/go.mod"
log "building kubeconform ${VERSION} with $(go env GOVERSION)"
TMP="$(mktemp "${BIN_DIR}/.kubeconform.XXXXXX")"
trap 'rm -f "${TMP}"' EXIT
CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--mod=readonly}" \
    go build -trimpath -ldflags "-s -w -X main.version=${VERSION}" -o "${TMP}" \
    github.com/yannh/kubeconform/cmd/kubeconform \
    || die "go build of kubeconform failed"
chmod +x "${TMP}"
mv -f "${TMP}" "${TARGET}"
"${TARGET}" -v >/dev/null || die "the built kubeconform does not run"
printf '%s\nkubeconform %s\n' "$(stamp_key)" "${VERSION}" > "${STAMP}"
log "done: ${TARGET}"
