//go:build tools

// Package tools pins kubeconform (the manifest validator) for hack/build-kubeconform.sh.
// Never compiled (build constraint "tools"); it only keeps the dependency in go.mod/go.sum.
// A module of its own, so its dependencies never mix with the control plane's in hack/go.mod.
package tools

import (
	_ "github.com/yannh/kubeconform/cmd/kubeconform"
)
