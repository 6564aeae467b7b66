"""`PYTHONPATH=hack python -m bench` (the same as `python hack/bench/run.py`)."""

from __future__ import annotations

import sys

from bench.run import main

sys.exit(main())
