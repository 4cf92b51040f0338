"""Label-change watch: which curated pages cite an FDA label version older than the one imported.

A source that records the openFDA label it was read from (`fda_label: {set_id,
version, effective_time}`) is compared with the newest imported version of that
set. When the import is newer, the sections that changed are listed by comparing
the per-section hashes kept for every version the importer has seen; if the cited
version was never imported, the answer says the comparison is not possible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..knowledge.model import citations_in
from ..knowledge.snapshot import Knowledge
from ..store.schema import Label, LabelVersion
from .sections import section_title


@dataclass(frozen=True)
class LabelReview:
    source_id: str
    set_id: str
    cited_version: int
    cited_effective: str
    status: str  # current | newer | older | not-imported
    current_version: int | None
    current_effective: str | None
    changed: tuple[str, ...] | None  # None: the cited version was never imported, so no section diff
    added: tuple[str, ...]
    removed: tuple[str, ...]
    cited_by: tuple[str, ...]  # drug slugs whose pages cite this source

    def as_json(self) -> dict[str, Any]:
        return {
            "source": self.source_id, "set_id": self.set_id, "status": self.status,
            "cited": {"version": self.cited_version, "effective_time": self.cited_effective},
            "current": {"version": self.current_version, "effective_time": self.current_effective} if self.current_version else None,
            "changed_sections": [{"field": f, "title": section_title(f)} for f in self.changed] if self.changed is not None else None,
            "added_sections": [{"field": f, "title": section_title(f)} for f in self.added],
            "removed_sections": [{"field": f, "title": section_title(f)} for f in self.removed],
            "cited_by": list(self.cited_by),
            "url": f"/labels/{self.set_id}" if self.current_version else None,
        }


def _citers(knowledge: Knowledge) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for drug in knowledge.drugs.values():
        for source in {c.source for _, c in citations_in(drug)} | ({drug.label_source} if drug.label_source else set()):
            out.setdefault(source, []).append(drug.slug)
    return out


def review_status(knowledge: Knowledge, engine: Engine) -> list[LabelReview]:
    cited = [s for s in knowledge.sources.values() if s.fda_label is not None]
    citers = _citers(knowledge)
    try:
        with engine.connect() as conn:
            set_ids = [s.fda_label.set_id for s in cited]  # type: ignore[union-attr]
            current = {r.set_id: r for r in conn.execute(select(Label.set_id, Label.version, Label.effective_time, Label.section_hashes).where(Label.set_id.in_(set_ids)))}
            seen = {(r.set_id, r.version): r.section_hashes for r in conn.execute(select(LabelVersion.set_id, LabelVersion.version, LabelVersion.section_hashes).where(LabelVersion.set_id.in_(set_ids)))}
    except (OperationalError, ProgrammingError):
        current, seen = {}, {}
    out = []
    for source in sorted(cited, key=lambda s: s.id):
        ref = source.fda_label
        assert ref is not None
        row = current.get(ref.set_id)
        changed: tuple[str, ...] | None = None
        added: tuple[str, ...] = ()
        removed: tuple[str, ...] = ()
        if row is None:
            status = "not-imported"
        elif (row.version, row.effective_time) > (ref.version, ref.effective_time):
            status = "newer"
            old = seen.get((ref.set_id, ref.version))
            if old is not None:
                new = row.section_hashes
                changed = tuple(f for f in new if f in old and old[f] != new[f])
                added = tuple(f for f in new if f not in old)
                removed = tuple(f for f in old if f not in new)
        elif (row.version, row.effective_time) < (ref.version, ref.effective_time):
            status = "older"
        else:
            status = "current"
        out.append(LabelReview(
            source.id, ref.set_id, ref.version, ref.effective_time, status,
            row.version if row else None, row.effective_time if row else None, changed, added, removed,
            tuple(sorted(citers.get(source.id, []))),
        ))
    return out


def label_update_for(knowledge: Knowledge, engine: Engine, slug: str) -> dict[str, Any] | None:
    """For a drug page: the newer imported version of the label the page follows, if there is one."""
    drug = knowledge.drugs[slug]
    source = knowledge.sources.get(drug.label_source or "")
    if source is None or source.fda_label is None:
        return None
    ref = source.fda_label
    try:
        with engine.connect() as conn:
            row = conn.execute(select(Label.version, Label.effective_time).where(Label.set_id == ref.set_id)).first()
    except (OperationalError, ProgrammingError):
        return None
    if row is None or (row.version, row.effective_time) <= (ref.version, ref.effective_time):
        return None
    return {"set_id": ref.set_id, "cited_version": ref.version, "version": row.version, "effective_time": row.effective_time, "url": f"/labels/{ref.set_id}"}
