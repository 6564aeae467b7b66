// Command argocd-health computes the Argo CD health of objects with Argo CD's own code:
//
//	argocd-health --kubeconfig FILE [--namespace argocd] < objects.json
//
// It reads the resource customizations from the argocd-cm ConfigMap of the cluster (Argo CD's
// util/settings SettingsManager, so the key names and resource.customizations.useOpenLibs.*
// are parsed exactly as Argo CD parses them), then evaluates each object of the JSON array on
// stdin with gitops-engine's health.GetResourceHealth and Argo CD's util/lua health overrides,
// the same calls the application controller makes. The Lua runs in gopher-lua with Argo CD's
// options (no standard libraries unless useOpenLibs is "true").
//
// The output is a JSON array with one {"status", "message", "error"} per object, in order.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/argoproj/argo-cd/v3/util/lua"
	"github.com/argoproj/argo-cd/v3/util/settings"
	"github.com/argoproj/gitops-engine/pkg/health"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"
)

type verdict struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

func main() {
	kubeconfig := flag.String("kubeconfig", "", "kubeconfig of the cluster whose argocd-cm holds the customizations")
	namespace := flag.String("namespace", "argocd", "namespace of argocd-cm")
	flag.Parse()
	if err := run(*kubeconfig, *namespace, os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "argocd-health:", err)
		os.Exit(2)
	}
}

func run(kubeconfig, namespace string, in io.Reader, out io.Writer) error {
	if kubeconfig == "" {
		return fmt.Errorf("--kubeconfig is required")
	}
	config, err := clientcmd.BuildConfigFromFlags("", kubeconfig)
	if err != nil {
		return fmt.Errorf("--kubeconfig: %w", err)
	}
	clientset, err := kubernetes.NewForConfig(config)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	manager := settings.NewSettingsManager(ctx, clientset, namespace)
	overrides, err := manager.GetResourceOverrides()
	if err != nil {
		return fmt.Errorf("reading the resource customizations of %s/argocd-cm: %w", namespace, err)
	}

	var objects []map[string]any
	if err := json.NewDecoder(in).Decode(&objects); err != nil {
		return fmt.Errorf("stdin: a JSON array of objects: %w", err)
	}
	verdicts := make([]verdict, 0, len(objects))
	for _, object := range objects {
		obj := &unstructured.Unstructured{Object: object}
		result, err := health.GetResourceHealth(obj, lua.ResourceHealthOverrides(overrides))
		v := verdict{}
		if result != nil {
			v.Status, v.Message = string(result.Status), result.Message
		}
		if err != nil {
			v.Error = err.Error()
		}
		verdicts = append(verdicts, v)
	}
	return json.NewEncoder(out).Encode(verdicts)
}
