"""Verification: every fix is tried on a scratch copy of the graph before it is kept.

Candidates are tried one at a time in priority order, each option of a candidate in its
order, against the graph as changed by the fixes kept before it; the whole scenario set
(held-out scenarios included) is simulated again for each try. An option is kept when

* it changes the graph, and the result is not a graph this session has already tested
  (a flip-flop between two versions),
* no scenario that passes now fails with it (held-out scenarios included: a fix that breaks
  one is rejected like any other regression), nor, for a new keyword, does a failing scenario
  it is not aimed at fail an assertion it passed, fail more or score lower with it, and
* at least one of the scenarios it is aimed at gets better: passes, or fails fewer
  assertions, or scores higher (`Standing.key`).

A candidate whose every option fails is rejected with the reasons, for the iteration's
report. A fixable failure that no kept fix made better gets no fix this iteration (the loop
then lists it unfixable). On a deterministic backend this makes the passed set of version
N+1 contain the passed set of version N.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field

from pydantic import ValidationError

from tornado_operator.api.pathway import PathwayGraph
from tornado_operator.api.session import Fix
from tornado_operator.engine.repair.apply import apply_option
from tornado_operator.engine.repair.model import Candidate, graph_digest

_TAKES_TURNS = frozenset(["add_keywords", "add_global_keywords"])  # patches that can take another caller's turn


@dataclass(frozen=True, slots=True)
class Standing:
    """How one scenario did on one graph."""

    passed: bool
    score: float
    failed: int = 0  # failed assertions
    unmatched: int = 0  # caller turns that nothing matched
    signature: str | None = None
    held: frozenset[str] = frozenset()  # the ids of the assertions it passes

    def key(self) -> tuple[bool, int, float]:
        """Better is: passes; else fails fewer assertions; else scores higher. (Fewer unmatched
        turns alone is not better: a fix must change an outcome the scenario checks.)"""
        return (self.passed, -self.failed, round(self.score, 6))


Simulate = Callable[[PathwayGraph], Mapping[str, Standing]]


@dataclass(frozen=True, slots=True)
class Rejected:
    description: str
    target_node: str
    scenario_ids: list[str]
    reason: str


@dataclass(slots=True)
class Verification:
    fixes: list[Fix] = field(default_factory=list)
    graph: PathwayGraph | None = None  # the graph with every kept fix (None: nothing kept)
    standings: dict[str, Standing] = field(default_factory=dict)  # on that graph
    rejected: list[Rejected] = field(default_factory=list)
    no_fix_ids: list[str] = field(default_factory=list)
    simulations: int = 0


def verify(
    graph: PathwayGraph,
    candidates: Sequence[Candidate],
    baseline: Mapping[str, Standing],
    simulate: Simulate,
    *,
    fixable_ids: Sequence[str],
    seen_digests: Collection[str] = (),
    max_simulations: int = 400,
) -> Verification:
    """Keep the candidates that verify; see the module docstring."""
    current_graph = graph
    current = dict(baseline)
    seen = {*seen_digests, graph_digest(graph)}
    out = Verification(standings=dict(baseline))
    for candidate in candidates:
        targets = [scenario_id for scenario_id in candidate.scenario_ids if scenario_id in current and not current[scenario_id].passed]
        if not targets:
            continue  # an earlier fix already made its scenarios pass
        reasons: list[str] = []
        kept = False
        for option in candidate.options:
            if out.simulations >= max_simulations:
                reasons.append(f"not tried: the iteration's budget of {max_simulations} verification runs is spent")
                break
            try:
                trial = apply_option(current_graph, option)
            except (ValidationError, ValueError, KeyError, StopIteration) as exc:
                reasons.append(f"does not apply: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}")
                continue
            digest = graph_digest(trial)
            if digest == graph_digest(current_graph):
                reasons.append("changes nothing")
                continue
            if digest in seen:
                reasons.append("would recreate a version this session already tested (flip-flop)")
                continue
            result = simulate(trial)
            out.simulations += 1
            broken = sorted(s for s, standing in current.items() if standing.passed and not result[s].passed)
            if broken:
                reasons.append(f"{option.description!r} makes passing scenario(s) fail: {', '.join(broken)}")
                continue
            # a new keyword that makes a failing scenario it is not aimed at fail an assertion it
            # passed (the stacker a trouble caller names, taken as a keyword, sending a new-belt
            # caller who names it too down the trouble path: the quote it got is lost, whatever else
            # it gains): a caller's turn taken, a regression of its own though the scenario failed
            # before (other kinds of fix may trade one failure for another on the way to both fixed)
            hurt = [] if not any(patch.op in _TAKES_TURNS for patch in option.patches) else sorted(
                s for s, standing in current.items()
                if not standing.passed and s not in targets and (result[s].key() < standing.key() or standing.held - result[s].held))
            if hurt:
                reasons.append(f"{option.description!r} takes from failing scenario(s) what they passed: {', '.join(hurt)}")
                continue
            improved = [s for s in targets if result[s].key() > current[s].key()]
            if not improved:
                reasons.append(f"{option.description!r} does not make {', '.join(targets)} better")
                continue
            helped = sorted(s for s in fixable_ids if s in result and result[s].key() > current[s].key())
            out.fixes.append(
                Fix(
                    id=f"fix-{len(out.fixes) + 1:03d}",
                    target_node=candidate.target_node,
                    description=option.description,
                    type=candidate.type,
                    scenario_ids=helped,
                )
            )
            current_graph, current = trial, dict(result)
            seen.add(digest)
            kept = True
            break
        if not kept:
            out.rejected.append(
                Rejected(
                    description=candidate.options[0].description if candidate.options else "",
                    target_node=candidate.target_node,
                    scenario_ids=list(candidate.scenario_ids),
                    reason="; ".join(dict.fromkeys(reasons)) or "no option",
                )
            )
    out.graph = current_graph if out.fixes else None
    out.standings = current
    out.no_fix_ids = [
        s for s in fixable_ids if s in current and not current[s].passed and current[s].key() <= baseline[s].key()
    ]
    return out
