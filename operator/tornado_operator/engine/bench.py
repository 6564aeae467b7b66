"""Engine benchmark: simulated caller turns per second on one core.

    python -m tornado_operator.engine.bench [--repeat N] [--scenarios 50] [--turns 50]

One iteration = 50 scenarios x 50 caller turns (the API's limits) against a 30-node
support pathway with keyword and regex edges, global nodes, variable extraction and
webhooks; a fifth of the scenarios fail so that analysis, fix planning and forking run too.
Prints figures (best and median of --repeat runs), not assertions. Goal: >= 10,000 turns/s,
i.e. a full iteration in under 0.25 s.
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.scenario import TestScenarioSpec
from tornado_operator.engine.iteration import run_iteration
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.interpreter import simulate

GOAL_TURNS_PER_SECOND = 10_000
DEPARTMENTS = ("billing", "booking", "repairs", "returns", "insurance", "payments")


def bench_graph() -> PathwayGraph:
    nodes: list[dict[str, Any]] = [
        {"id": "menu", "isStart": True, "text": "Hi {{name}}, thanks for calling. Which department do you need today?",
         "config": {"retryThreshold": 5, "fallbackNodeId": "desk"}},
        {"id": "desk", "type": "transfer", "transfer": {"target": "front-desk"}, "text": "Connecting you now."},
        {"id": "manager", "type": "transfer", "transfer": {"target": "manager"}, "text": "Sorry about that, a manager it is.",
         "isGlobal": True, "globalMatch": {"keywords": ["manager", "supervisor"], "patterns": [r"\bsomeone in charge\b"]}},
        {"id": "voicemail", "type": "end_call", "text": "Please call us back.", "isGlobal": True,
         "globalMatch": {"keywords": ["leave a message", "after the tone"]}},
    ]
    edges: list[dict[str, Any]] = []
    for dept in DEPARTMENTS:
        nodes += [
            {"id": f"{dept}-ask", "text": f"{dept.title()} here. What's your 8-digit account number?",
             "extractVars": [{"name": f"{dept}_account", "pattern": r"\b(\d{8})\b"}]},
            {"id": f"{dept}-detail", "text": f"Thanks, account {{{{{dept}_account}}}}. What day suits you?",
             "extractVars": [{"name": f"{dept}_day", "pattern": r"\b(monday|tuesday|wednesday|thursday|friday)\b"}]},
            {"id": f"{dept}-hook", "type": "webhook",
             "webhook": {"url": f"https://api.example/{dept}/{{{{{dept}_account}}}}", "body": {"day": f"{{{{{dept}_day}}}}"}}},
            {"id": f"{dept}-done", "text": f"Done: {dept} is booked for {{{{{dept}_day}}}}. Anything else?"},
        ]
        edges += [
            {"id": f"menu-{dept}", "source": "menu", "target": f"{dept}-ask", "match": {"keywords": [dept, f"{dept} please"]}},
            {"id": f"{dept}-acct", "source": f"{dept}-ask", "target": f"{dept}-detail", "match": {"patterns": [r"\b\d{8}\b"]}},
            {"id": f"{dept}-day", "source": f"{dept}-detail", "target": f"{dept}-hook",
             "match": {"patterns": [r"\b(mon|tues|wednes|thurs|fri)day\b"]}},
            {"id": f"{dept}-hooked", "source": f"{dept}-hook", "target": f"{dept}-done", "match": {"always": True}},
            {"id": f"{dept}-back", "source": f"{dept}-done", "target": "menu", "match": {"keywords": ["menu", "something else"]}},
        ]
    return PathwayGraph.model_validate({"nodes": nodes, "edges": edges})


def bench_scenarios(count: int, turns: int) -> list[tuple[str, TestScenarioSpec]]:
    out: list[tuple[str, TestScenarioSpec]] = []
    for index in range(count):
        dept = DEPARTMENTS[index % len(DEPARTMENTS)]
        failing = index % 5 == 4
        loop = [
            f"I'd like {dept} please",
            f"sure, my account is {10_000_000 + index}",
            "hmm, let me think" if not failing else f"my ticket is TK-{1000 + index}",
            "tuesday works for me",
            "no, back to the menu please",
        ]
        script = [loop[n % len(loop)] for n in range(turns)]
        assertions: list[dict[str, Any]] = [
            {"type": "NODE_REACHED", "config": {"nodeId": f"{dept}-done"}},
            {"type": "VARIABLE_EXTRACTED", "config": {"variableName": f"{dept}_account", "expectedValue": str(10_000_000 + index)}},
            {"type": "WEBHOOK_TRIGGERED", "config": {"url": f"/{dept}/"}},
            {"type": "REGEX_MATCH", "config": {"pattern": "booked for tuesday"}},
            {"type": "BLAND_TONE", "config": {"threshold": 0.3}, "isRequired": False},
            {"type": "LATENCY_BELOW", "config": {"maxMs": 2000, "aggregate": "p95"}},
        ]
        if failing:  # fixable failures: an extraction (config_change) and a phrase (prompt_edit)
            assertions += [
                {"type": "VARIABLE_EXTRACTED", "config": {"variableName": "ticket", "expectedValue": f"TK-{1000 + index}"}},
                {"type": "LLM_JUDGE", "config": {"prompt": "thanks?", "requiredPhrases": ["we value your call"]}},
            ]
        out.append(
            (
                f"bench-{index:02d}",
                TestScenarioSpec.model_validate(
                    {"pathwayId": "bench", "maxTurns": min(50, turns), "inputMessages": script,
                     "requestData": {"name": f"caller {index}"}, "assertions": assertions}
                ),
            )
        )
    return out


def _timed(fn: Any, repeat: int) -> list[float]:
    times: list[float] = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--scenarios", type=int, default=50)
    parser.add_argument("--turns", type=int, default=50)
    args = parser.parse_args(argv)

    graph = bench_graph()
    scenarios = bench_scenarios(args.scenarios, args.turns)
    compiled = CompiledGraph(graph)
    turns = sum(simulate(compiled, spec).turns for _, spec in scenarios)

    def simulate_all() -> None:
        for scenario_id, spec in scenarios:
            simulate(compiled, spec, scenario_id=scenario_id)

    last: list[Any] = []

    def iterate() -> None:
        last[:] = [run_iteration(graph=graph, version_number=1, scenarios=scenarios, iteration=1,
                                 max_iterations=5, previous=None, unfixable_ids=[])]

    simulate_all()  # warm-up
    iterate()
    sim = _timed(simulate_all, args.repeat)
    full = _timed(iterate, args.repeat)
    result = last[0]

    print("tornado engine benchmark (offline backend, one core)")
    print(f"  graph: {len(graph.nodes)} nodes, {len(graph.edges)} edges")
    print(f"  iteration: {len(scenarios)} scenarios, {turns} caller turns "
          f"({len(result.record.passed_ids)} pass, {len(result.record.failed_ids)} fail, "
          f"{len(result.record.fix_plan.fixes)} fix(es) planned)")
    for label, times in (("simulate only", sim), ("full iteration", full)):
        best, median = min(times), statistics.median(times)
        print(f"  {label:15s} best {best * 1000:7.1f} ms  median {median * 1000:7.1f} ms  "
              f"-> {turns / best:9,.0f} turns/s (best)  {turns / median:9,.0f} turns/s (median)")
    rate = turns / statistics.median(full)
    verdict = "met" if rate >= GOAL_TURNS_PER_SECOND else "NOT met"
    print(f"  goal >= {GOAL_TURNS_PER_SECOND:,} turns/s for a full iteration (median): {verdict}")
    print("  (full iteration = simulate + assertions + failure analysis + fix plan + forked graph + result model)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
