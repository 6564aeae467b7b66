"""Run `tornado operator` under cProfile, every thread included, and dump the merged stats.

    python hack/bench/profile_operator.py OUT.prof operator --health-port ...

`python -m cProfile` sees only the main thread, where kopf's event loop runs; the reconciles
run in asyncio.to_thread workers, so each new thread gets its own profiler here (through
threading.setprofile) and all of them are merged into OUT.prof at exit (SIGTERM included:
kopf stops gracefully and main() returns).

Times are each thread's CPU time (time.thread_time), not wall time: on a shared 2-core
machine a thread's wall time mostly counts its waits (for the API server, for the GIL, for a
core), which made a wall-time profile say little about what costs CPU. BENCH_PROFILE_CLOCK=wall
gives the wall-time profile. Read it with
`python -c "import pstats; pstats.Stats('bench-results/operator.prof').sort_stats('cumulative').print_stats(40)"`.
"""

from __future__ import annotations

import cProfile
import os
import pstats
import sys
import threading
import time
from typing import Any

PROFILES: list[cProfile.Profile] = []
TIMER = time.perf_counter if os.environ.get("BENCH_PROFILE_CLOCK") == "wall" else time.thread_time
LOCK = threading.Lock()


def _thread_bootstrap(frame: Any, event: str, arg: Any) -> None:
    # Called once in each new thread (threading.setprofile); replace ourselves with a profiler.
    profile = cProfile.Profile(TIMER)
    with LOCK:
        PROFILES.append(profile)
    profile.enable()


def main() -> int:
    out, argv = sys.argv[1], sys.argv[2:]
    from tornado_operator.cli.main import main as tornado_main

    threading.setprofile(_thread_bootstrap)
    main_profile = cProfile.Profile(TIMER)
    main_profile.enable()
    try:
        code = tornado_main(argv)
    finally:
        main_profile.disable()
        threading.setprofile(None)  # type: ignore[arg-type]
        stats = pstats.Stats(main_profile)
        with LOCK:
            others = list(PROFILES)
        for profile in others:
            try:
                stats.add(profile)
            except (TypeError, ValueError):  # a thread that never ran Python code
                continue
        stats.dump_stats(out)
        print(f"profile of {1 + len(others)} threads written to {out}", file=sys.stderr)
    return code


if __name__ == "__main__":
    sys.exit(main())
