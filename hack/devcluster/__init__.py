"""A real Kubernetes control plane on loopback for tests and development.

Built from the modules pinned in hack/go.mod (``make k8s-bins``), started by
``ControlPlane`` (tests) or ``python -m devcluster up`` (development); pods run as local
processes through the node agent (``devcluster.node_agent``). See hack/README.md.
"""

from .controlplane import (
    DEFAULT_STATE_DIR,
    HACK_DIR,
    REPO_ROOT,
    ClusterError,
    ControlPlane,
    ExternalCluster,
    KubeClusterBase,
    bin_dir,
    check_binaries,
    pinned_etcd_version,
    pinned_kubernetes_version,
    read_pod_log,
    running_state,
    stop_from_state,
)

__all__ = [
    "DEFAULT_STATE_DIR",
    "HACK_DIR",
    "REPO_ROOT",
    "ClusterError",
    "ControlPlane",
    "ExternalCluster",
    "KubeClusterBase",
    "bin_dir",
    "check_binaries",
    "pinned_etcd_version",
    "pinned_kubernetes_version",
    "read_pod_log",
    "running_state",
    "stop_from_state",
]
