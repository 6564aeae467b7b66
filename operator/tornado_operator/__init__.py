"""tornado-operator: Kubernetes operator for tornado sessions (iterative auto-fix loops for pathways)."""

__version__ = "0.1.0"

API_GROUP = "agenttesting.dev"
API_VERSION = "v1alpha1"
LABEL_PREFIX = "agenttesting.dev/"
