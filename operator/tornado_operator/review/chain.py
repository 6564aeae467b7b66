"""Which fixes lie between two versions: the provenance of the versions on the way from one to
the other (each fork's parentVersion), as `FixRef`s for review/diff.py.

From the newer version, parents are followed until the older one is reached (by number, or by
content for a graph that is not a numbered version, such as a Pathway manifest). When neither
descends from the other, the fixes on both branches down to their common ancestor count.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from tornado_operator.api.pathway import FixNote, PathwayGraph, PathwayVersionSpec
from tornado_operator.review.diff import FixRef

# The descriptions of a version's fixes when its provenance has only their ids (versions
# written before provenance.fixes existed): (session name, iteration) -> fix notes.
DescribeFixes = Callable[[str, int], list[FixNote]]


def fix_refs(version: PathwayVersionSpec, describe: DescribeFixes | None = None) -> list[FixRef]:
    """The fixes that made `version` (none for a snapshot of an edit)."""
    provenance = version.provenance
    if provenance.source != "tornado-fix":
        return []
    notes = list(provenance.fixes)
    if not notes and provenance.fix_ids and describe is not None and provenance.session_name and provenance.iteration:
        described = {note.id: note for note in describe(provenance.session_name, provenance.iteration)}
        notes = [described.get(fix_id, FixNote(id=fix_id)) for fix_id in provenance.fix_ids]
    if not notes:
        notes = [FixNote(id=fix_id) for fix_id in provenance.fix_ids]
    return [
        FixRef(
            id=note.id,
            version=version.version_number,
            iteration=provenance.iteration,
            session=provenance.session_name,
            type=note.type,
            target_node=note.target_node,
            description=note.description,
        )
        for note in notes
    ]


def _ancestry(start: PathwayVersionSpec, versions: Mapping[int, PathwayVersionSpec]) -> list[PathwayVersionSpec]:
    """`start`, its parent, its parent's parent, ... as far as the versions known go."""
    chain = [start]
    seen = {start.version_number}
    while chain[-1].parent_version is not None and chain[-1].parent_version in versions:
        parent = versions[chain[-1].parent_version]
        if parent.version_number in seen:
            break
        seen.add(parent.version_number)
        chain.append(parent)
    return chain


def fixes_between(
    before: PathwayGraph | PathwayVersionSpec,
    after: PathwayGraph | PathwayVersionSpec,
    versions: Mapping[int, PathwayVersionSpec],
    describe: DescribeFixes | None = None,
) -> list[FixRef]:
    """The fixes that lead from `before` to `after`, oldest version first (see the module's doc)."""

    def reaches(chain: list[PathwayVersionSpec], target: PathwayGraph | PathwayVersionSpec) -> int | None:
        for index, version in enumerate(chain):
            if isinstance(target, PathwayVersionSpec):
                if version.version_number == target.version_number:
                    return index
            elif version.graph() == target.graph():
                return index
        return None

    after_chain = _ancestry(after, versions) if isinstance(after, PathwayVersionSpec) else []
    before_chain = _ancestry(before, versions) if isinstance(before, PathwayVersionSpec) else []
    on_path: list[PathwayVersionSpec]
    found = reaches(after_chain, before)
    if found is not None:
        on_path = after_chain[:found]
    elif (found := reaches(before_chain, after)) is not None:
        on_path = before_chain[:found]
    else:  # two branches: the fixes on both, down to their common ancestor
        index_in_before = {version.version_number: index for index, version in enumerate(before_chain)}
        common = next((i for i, version in enumerate(after_chain) if version.version_number in index_in_before), None)
        if common is None:
            on_path = [*after_chain, *before_chain]
        else:
            on_path = [*after_chain[:common], *before_chain[: index_in_before[after_chain[common].version_number]]]
    ordered = sorted({version.version_number: version for version in on_path}.values(), key=lambda v: v.version_number)
    return [ref for version in ordered for ref in fix_refs(version, describe)]
