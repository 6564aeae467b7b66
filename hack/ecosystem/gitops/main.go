// Command gitops-health computes what kstatus and Flux make of objects, with their own code:
//
//	gitops-health kstatus < objects.json
//	gitops-health flux KUSTOMIZATION.yaml < objects.json
//
// objects.json is a JSON array of Kubernetes objects. The output is a JSON array with one
// {"status", "message", "error"} per object, in order.
//
// kstatus is sigs.k8s.io/cli-utils' status.Compute (what kpt, Config Sync and most
// "wait for ready" tools use). flux is the health check kustomize-controller runs for an
// object whose kind has spec.healthCheckExprs: fluxcd/pkg/runtime's cel.NewStatusReader,
// read from the Kustomization documents of KUSTOMIZATION.yaml (the first one that has
// healthCheckExprs), evaluated through the same generic status reader Flux uses.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	kustomizev1 "github.com/fluxcd/kustomize-controller/api/v1"
	"github.com/fluxcd/pkg/apis/kustomize"
	fluxcel "github.com/fluxcd/pkg/runtime/cel"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	utilyaml "k8s.io/apimachinery/pkg/util/yaml"
	"sigs.k8s.io/cli-utils/pkg/kstatus/status"
)

type verdict struct {
	Status  string `json:"status"`
	Message string `json:"message"`
	Error   string `json:"error,omitempty"`
}

func main() {
	if err := run(os.Args[1:], os.Stdin, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "gitops-health:", err)
		os.Exit(2)
	}
}

func run(args []string, in io.Reader, out io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: gitops-health kstatus | flux KUSTOMIZATION.yaml (objects as a JSON array on stdin)")
	}
	objects, err := readObjects(in)
	if err != nil {
		return err
	}
	var evaluate func(*unstructured.Unstructured) verdict
	switch args[0] {
	case "kstatus":
		evaluate = kstatus
	case "flux":
		if len(args) != 2 {
			return errors.New("usage: gitops-health flux KUSTOMIZATION.yaml")
		}
		evaluate, err = fluxEvaluator(args[1])
		if err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown subcommand %q", args[0])
	}
	verdicts := make([]verdict, 0, len(objects))
	for _, obj := range objects {
		verdicts = append(verdicts, evaluate(obj))
	}
	return json.NewEncoder(out).Encode(verdicts)
}

func readObjects(in io.Reader) ([]*unstructured.Unstructured, error) {
	var raw []map[string]any
	decoder := json.NewDecoder(in)
	// Numbers as int64/float64 the way client-go's unstructured decoding gives them.
	decoder.UseNumber()
	if err := decoder.Decode(&raw); err != nil {
		return nil, fmt.Errorf("stdin: a JSON array of objects: %w", err)
	}
	objects := make([]*unstructured.Unstructured, 0, len(raw))
	for i, item := range raw {
		data, err := json.Marshal(item)
		if err != nil {
			return nil, err
		}
		obj := &unstructured.Unstructured{}
		if err := obj.UnmarshalJSON(data); err != nil {
			return nil, fmt.Errorf("stdin[%d]: %w", i, err)
		}
		objects = append(objects, obj)
	}
	return objects, nil
}

func kstatus(obj *unstructured.Unstructured) verdict {
	result, err := status.Compute(obj)
	if err != nil {
		return verdict{Status: "Error", Error: err.Error()}
	}
	return verdict{Status: result.Status.String(), Message: result.Message}
}

func fluxEvaluator(path string) (func(*unstructured.Unstructured) verdict, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	decoder := utilyaml.NewYAMLOrJSONDecoder(bytes.NewReader(data), 4096)
	var checks []kustomize.CustomHealthCheck
	for {
		var doc kustomizev1.Kustomization
		if err := decoder.Decode(&doc); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if doc.Kind == "Kustomization" && len(doc.Spec.HealthCheckExprs) > 0 {
			checks = doc.Spec.HealthCheckExprs
			break
		}
	}
	if checks == nil {
		return nil, fmt.Errorf("%s: no Kustomization with spec.healthCheckExprs", path)
	}
	newReader, err := fluxcel.NewStatusReader(checks)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	reader := newReader(nil)
	return func(obj *unstructured.Unstructured) verdict {
		result, err := reader.ReadStatusForObject(context.Background(), nil, obj)
		if err != nil {
			return verdict{Status: "Error", Error: err.Error()}
		}
		v := verdict{Status: result.Status.String(), Message: result.Message}
		if result.Error != nil {
			v.Error = result.Error.Error()
		}
		return v
	}, nil
}
