"""The tornado loop: pure decisions (decide) and status bookkeeping (status). No Kubernetes."""
