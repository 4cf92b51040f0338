"""Side-by-side comparison of monographs: every cell is read from a drug's own sourced content."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge.model import Citation, Drug, Regimen
from ..knowledge.snapshot import Knowledge
from ..knowledge.wording import frequency_text
from .names import NameResolver, Resolution

MIN_DRUGS, MAX_DRUGS = 2, 6

def _how_often(r: Regimen) -> str:
    text = frequency_text(r)
    if r.cycle:
        text += f", {r.cycle.days_on} of every {r.cycle.length_days} days"
    return text


@dataclass(frozen=True)
class Cell:
    value: str
    sources: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class Row:
    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Comparison:
    drugs: tuple[Drug, ...]
    rows: tuple[Row, ...]
    resolutions: tuple[Resolution, ...]

    def as_json(self, knowledge: Knowledge) -> dict[str, Any]:
        return {
            "drugs": [{"slug": d.slug, "name": d.name, "url": f"/drugs/{d.slug}"} for d in self.drugs],
            "rows": [
                {
                    "key": row.key,
                    "label": row.label,
                    "cells": [
                        {"drug": d.slug, "value": cell.value, "sources": knowledge.cite(cell.sources)}
                        for d, cell in zip(self.drugs, row.cells)
                    ],
                }
                for row in self.rows
            ],
            "unknown": [
                {"input": r.query, "suggestions": [s.as_json() for s in r.suggestions]} for r in self.resolutions if r.match is None
            ],
        }


def _cites(*groups: Any) -> tuple[Citation, ...]:
    seen: dict[tuple[str, str], Citation] = {}
    for group in groups:
        for c in group:
            seen.setdefault((c.source, c.section), c)
    return tuple(seen.values())


def _rows(drugs: list[Drug], k: Knowledge) -> list[Row]:
    def row(key: str, label: str, make) -> Row:  # noqa: ANN001
        return Row(key, label, tuple(make(d) for d in drugs))

    def regimens(d: Drug) -> Cell:
        ways = sorted({f"{r.route}, {_how_often(r)}" for r in d.regimens})
        return Cell("; ".join(ways), _cites(*(r.sources for r in d.regimens)))

    def listing(items: list[Any], name: str, limit: int = 6) -> Cell:
        shown = [getattr(i, name) for i in items[:limit]]
        more = f" and {len(items) - limit} more" if len(items) > limit else ""
        return Cell(", ".join(shown) + more if shown else "None listed", _cites(*(i.sources for i in items[:limit])))

    def status(info: Any) -> Cell:
        if info is None:
            return Cell("No sourced information")
        return Cell(f"{info.status.replace('-', ' ')}: {info.text}", _cites(info.sources))

    return [
        row("class", "Drug class", lambda d: Cell(", ".join(k.classes[c].name for c in d.classes) or "—")),
        row("how", "How it is taken, how often", regimens),
        row("conditions", "Used for", lambda d: Cell(", ".join(k.conditions[c].name for c in d.conditions))),
        row("onset", "How soon it works", lambda d: Cell(d.onset.text, _cites(d.onset.sources)) if d.onset else Cell("Not given by our sources")),
        row("boxed", "Boxed warnings", lambda d: Cell(str(len(d.boxed_warnings)) + (" (see the medicine page)" if d.boxed_warnings else ""), _cites(*(w.sources for w in d.boxed_warnings)))),
        row("common", "Common side effects", lambda d: listing([s for s in d.side_effects if s.frequency in ("very-common", "common")], "name")),
        row("serious", "Serious effects: get help", lambda d: listing(d.red_flags, "name")),
        row("monitoring", "Check-ups and tests", lambda d: listing(d.monitoring, "test", limit=5)),
        row("pregnancy", "Pregnancy", lambda d: status(d.pregnancy)),
        row("breastfeeding", "Breastfeeding", lambda d: status(d.breastfeeding)),
        row("interactions", "Key interactions", lambda d: Cell(", ".join(i.with_ for i in d.interactions[:5]), _cites(*(i.sources for i in d.interactions[:5])))),
        row("half_life", "How long it stays in the body", lambda d: Cell(d.half_life.text, _cites(d.half_life.sources)) if d.half_life else Cell("Not given by our sources")),
    ]


class CompareError(ValueError):
    pass


def compare(knowledge: Knowledge, resolver: NameResolver, names: list[str]) -> Comparison:
    resolutions = tuple(resolver.resolve(n) for n in names)
    slugs = list(dict.fromkeys(r.match.slug for r in resolutions if r.match))
    drugs = [knowledge.drugs[s] for s in slugs]
    others = [d.name for d in drugs if d.category != "immunomodulator"]
    if others:
        raise CompareError(f"comparisons are between immunomodulators; {', '.join(others)} has no monograph here")
    if not MIN_DRUGS <= len(drugs) <= MAX_DRUGS:
        raise CompareError(f"give {MIN_DRUGS} to {MAX_DRUGS} different medicines that ImmunoGuide knows (got {len(drugs)})")
    return Comparison(tuple(drugs), tuple(_rows(drugs, knowledge)), resolutions)
