#!/usr/bin/env bash
# Build the pinned Kubernetes control plane (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler, kubectl) from the Go modules pinned in hack/go.mod into hack/bin/.
#
# Non-interactive; safe to run again: when hack/bin holds every binary and its stamp matches
# the hash of go.mod, go.sum, tools.go, this script and the Go version, nothing is built.
# Fails loudly (non-zero exit, message on stderr) when the build fails.
#
# Environment:
#   K8S_BUILD_FORCE=1   rebuild even when the stamp matches
#   GOFLAGS, GOCACHE, GOMODCACHE, GOPROXY   honoured as usual (-mod=mod is added unless GOFLAGS sets -mod)
set -euo pipefail

HACK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN_DIR="${HACK_DIR}/bin"
STAMP="${BIN_DIR}/.stamp"
BINARIES=(etcd kube-apiserver kube-controller-manager kube-scheduler kubectl)

log() { printf '[build-k8s] %s\n' "$*" >&2; }
die() { printf '[build-k8s] ERROR: %s\n' "$*" >&2; exit 1; }

command -v go >/dev/null 2>&1 || die "the Go toolchain ('go') is not on PATH; install Go >= 1.26 (see hack/README.md)"

cd "${HACK_DIR}"
mkdir -p "${BIN_DIR}"

# One build at a time (make test and make cluster-up may race).
if command -v flock >/dev/null 2>&1; then
    exec 9>"${BIN_DIR}/.lock"
    flock 9
fi

stamp_key() {
    {
        sha256sum go.mod go.sum tools.go build-k8s.sh
        go env GOVERSION GOOS GOARCH
    } | sha256sum | cut -d' ' -f1
}

all_present() {
    local b
    for b in "${BINARIES[@]}"; do
        [[ -x "${BIN_DIR}/${b}" ]] || return 1
    done
}

KEY="$(stamp_key)"
if [[ "${K8S_BUILD_FORCE:-0}" != "1" ]] && all_present && [[ -f "${STAMP}" ]] \
    && [[ "$(head -n1 "${STAMP}")" == "${KEY}" ]]; then
    log "hack/bin is up to date ($(sed -n 2p "${STAMP}")); nothing to build"
    exit 0
fi

export CGO_ENABLED=0
if [[ "${GOFLAGS:-}" != *-mod=* ]]; then
    export GOFLAGS="${GOFLAGS:+${GOFLAGS} }-mod=mod"
fi

K8S_VERSION="$(go list -m -f '{{.Version}}' k8s.io/kubernetes)" \
    || die "cannot resolve k8s.io/kubernetes from hack/go.mod"
ETCD_VERSION="$(go list -m -f '{{.Version}}' go.etcd.io/etcd/server/v3)" \
    || die "cannot resolve go.etcd.io/etcd/server/v3 from hack/go.mod"
[[ "${K8S_VERSION}" =~ ^v([0-9]+)\.([0-9]+)\.([0-9]+) ]] || die "unexpected Kubernetes version '${K8S_VERSION}'"
K8S_MAJOR="${BASH_REMATCH[1]}"
K8S_MINOR="${BASH_REMATCH[2]}"
BUILD_DATE="$(date -u +'%Y-%m-%dT%H:%M:%SZ')"

# The same variables Kubernetes' own hack/lib/version.sh stamps, for both version packages.
LDFLAGS="-s -w"
for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    LDFLAGS+=" -X '${pkg}.gitVersion=${K8S_VERSION}'"
    LDFLAGS+=" -X '${pkg}.gitMajor=${K8S_MAJOR}'"
    LDFLAGS+=" -X '${pkg}.gitMinor=${K8S_MINOR}'"
    LDFLAGS+=" -X '${pkg}.gitCommit='"
    LDFLAGS+=" -X '${pkg}.gitTreeState=archive'"
    LDFLAGS+=" -X '${pkg}.buildDate=${BUILD_DATE}'"
done

log "building Kubernetes ${K8S_VERSION} and etcd ${ETCD_VERSION} with $(go env GOVERSION) into ${BIN_DIR}"
log "(the first build compiles ~3,000 packages: about 5-6 minutes on 2 cores with a cold Go cache)"
START=$(date +%s)

TMP_OUT="$(mktemp -d "${BIN_DIR}/.build.XXXXXX")"
trap 'rm -rf "${TMP_OUT}"' EXIT

log "downloading modules"
go mod download || die "go mod download failed"

log "building kube-apiserver kube-controller-manager kube-scheduler kubectl"
go build -trimpath -ldflags "${LDFLAGS}" -o "${TMP_OUT}/" \
    k8s.io/kubernetes/cmd/kube-apiserver \
    k8s.io/kubernetes/cmd/kube-controller-manager \
    k8s.io/kubernetes/cmd/kube-scheduler \
    k8s.io/kubernetes/cmd/kubectl \
    || die "go build of the Kubernetes binaries failed"

log "building etcd"
go build -trimpath -ldflags "-s -w" -o "${TMP_OUT}/etcd" go.etcd.io/etcd/server/v3 \
    || die "go build of etcd failed"

for b in "${BINARIES[@]}"; do
    [[ -x "${TMP_OUT}/${b}" ]] || die "build produced no ${b}"
    mv -f "${TMP_OUT}/${b}" "${BIN_DIR}/${b}"
done

"${BIN_DIR}/kubectl" version --client >/dev/null || die "the built kubectl does not run"
"${BIN_DIR}/etcd" --version >/dev/null || die "the built etcd does not run"

ELAPSED=$(( $(date +%s) - START ))
# The key is computed again: GOFLAGS=-mod=mod may have tidied go.mod/go.sum during the build.
printf '%s\nkubernetes %s, etcd %s, built %s in %ss\n' \
    "$(stamp_key)" "${K8S_VERSION}" "${ETCD_VERSION}" "${BUILD_DATE}" "${ELAPSED}" > "${STAMP}"
log "done in ${ELAPSED}s: ${BINARIES[*]}"
