"""Connecting a command to the cluster: the kubeconfig (or in-cluster config) and its namespace."""

from __future__ import annotations

import argparse
from typing import Any


class NoCluster(Exception):
    """No kubeconfig or in-cluster config to connect with."""


def connect(args: argparse.Namespace) -> tuple[Any, str]:
    """(Kube, namespace): --kubeconfig, else in-cluster or the current kubeconfig; the namespace
    is --namespace, else the kubeconfig context's, else default."""
    from kubernetes import config

    from tornado_operator.controller.kube import Kube, load_config

    namespace = getattr(args, "namespace", None)
    kubeconfig = getattr(args, "kubeconfig", None)
    try:
        if kubeconfig:
            config.load_kube_config(config_file=kubeconfig)
        else:
            load_config()
        if namespace is None:
            try:
                _contexts, current = config.list_kube_config_contexts(config_file=kubeconfig)
                namespace = (current or {}).get("context", {}).get("namespace")
            except config.ConfigException:
                namespace = None  # in a pod: no kubeconfig contexts
    except config.ConfigException as exc:
        raise NoCluster(f"no cluster to read from ({exc})") from None
    return Kube(), namespace or "default"
