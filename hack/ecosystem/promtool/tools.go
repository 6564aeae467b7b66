//go:build tools

// Package tools pins Prometheus' promtool (`promtool check metrics` lints the operator's
// /metrics) for hack/build-ecosystem.sh. Never compiled (build constraint "tools"); a module of
// its own so that its dependencies never mix with the other tools'.
package tools

import (
	_ "github.com/prometheus/prometheus/cmd/promtool"
)
