"""The offline backend (the default): deterministic, no network, no model, same answer every time.

Keyword / pattern routing and regex extraction (sim/routing.py), scripted callers only, a
rubric-only judge and the heuristic tone score (judge/rubric.py, judge/tone.py), and the
rule-based fixer (repair/plan.py).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Any

from tornado_operator.api.scenario import BlandToneConfig, LlmJudgeConfig, TestScenarioSpec
from tornado_operator.engine.judge.port import JudgeOutcome, ToneOutcome
from tornado_operator.engine.judge.rubric import rubric_judge
from tornado_operator.engine.ports import Backend
from tornado_operator.engine.repair.analysis import Analysis
from tornado_operator.engine.repair.model import PlannedFixes
from tornado_operator.engine.repair.plan import plan_fixes
from tornado_operator.engine.sim.compiled import CompiledGraph
from tornado_operator.engine.sim.conversation import Conversation
from tornado_operator.engine.sim.interpreter import simulate
from tornado_operator.engine.sim.offline_agent import OfflineAgent


class OfflineBackend(OfflineAgent):
    name = "offline"
    deterministic = True
    simulates = True

    def play(self, graph: CompiledGraph, scenario: TestScenarioSpec, *, scenario_id: str) -> Conversation:
        return simulate(graph, scenario, scenario_id=scenario_id, backend=self)

    def judge(self, config: LlmJudgeConfig, conversation: Conversation) -> JudgeOutcome:
        return rubric_judge(config, conversation)

    def tone(self, config: BlandToneConfig, conversation: Conversation) -> ToneOutcome | None:
        return None  # the heuristic of judge/tone.py

    def plan_fixes(self, graph: CompiledGraph, analyses: Sequence[Analysis]) -> PlannedFixes:
        return plan_fixes(graph, analyses)

    def scenario_scope(self, scenario_id: str) -> AbstractContextManager[None]:
        return contextlib.nullcontext()

    def take_report(self) -> dict[str, Any] | None:
        return None


def _is_a_backend(backend: OfflineBackend) -> Backend:
    return backend  # mypy checks that OfflineBackend implements the Backend protocol
