"""One checker per assertion type; judge/registry.py maps each AssertionType to its module's `check`."""
