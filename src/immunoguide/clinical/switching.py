"""Switching from one immunomodulator to another: a dated plan to talk through with the specialist.

Where the old medicine's label says something about stopping it (a washout
procedure, effects that last for weeks), the plan follows it and is marked
`specific`. Otherwise the plan is `general`: the new medicine starts when the
next dose of the old one would have been due, which is how specialists usually
avoid both a gap (and a flare) and an overlap. Two biologics, or a biologic and
a JAK inhibitor, are never planned to overlap.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from ..knowledge.model import Drug, Regimen
from ..knowledge.snapshot import Knowledge
from ..knowledge.wording import dose_text, frequency_text
from .interactions import InteractionChecker
from .schedule import next_dose

#: Classes that are never taken together with each other (or with themselves).
NEVER_TOGETHER = frozenset({"biologics", "tnf-inhibitors", "jak-inhibitors"})
FLARE_SIGNS = (
    "Your usual symptoms coming back or getting worse (for example joint pain, swelling or morning stiffness; bowel symptoms; skin patches; new neurological symptoms).",
    "A fever, or signs of an infection, in the weeks around the change.",
    "Any side effect of the new medicine that worries you.",
)
GUIDANCE = "This is a general plan to discuss with your specialist, who knows your condition and may choose different dates."


class SwitchError(ValueError):
    def __init__(self, field: str, reason: str, **extra: Any):
        super().__init__(f"{field}: {reason}")
        self.field, self.reason, self.extra = field, reason, extra


def next_due(regimen: Regimen, last_dose: dt.date) -> dt.date:
    """When the next regular dose after `last_dose` would have been due (the next day for a single dose)."""
    if regimen.frequency == "single-dose":
        return last_dose + dt.timedelta(days=1)
    return next_dose(regimen, last_dose, 1)


def _regimen(drug: Drug, indication: str | None) -> Regimen:
    for r in drug.regimens:
        if indication in (None, r.indication):
            return r
    return drug.regimens[0]


@dataclass(frozen=True)
class SwitchPlan:
    from_drug: Drug
    to_drug: Drug
    last_dose: dt.date
    start_new: dt.date
    basis: str
    events: tuple[tuple[dt.date, str, str], ...]
    overlap_warning: str | None
    overlap_sources: tuple[Any, ...]
    notes: tuple[str, ...]

    def as_json(self, knowledge: Knowledge) -> dict[str, Any]:
        switching = self.from_drug.switching
        cited: list[Any] = list(self.overlap_sources)
        washout = None
        if switching is not None:
            cited += switching.sources
            washout = {"text": switching.text, "detail": switching.detail, "days": switching.washout_days, "sources": knowledge.cite(switching.sources)}
        elif self.from_drug.washout is not None:
            cited += self.from_drug.washout.sources
            washout = {"text": self.from_drug.washout.text, "detail": self.from_drug.washout.detail, "days": None, "sources": knowledge.cite(self.from_drug.washout.sources)}
        for m in self.to_drug.monitoring:
            cited += m.sources
        return {
            "from": {"slug": self.from_drug.slug, "name": self.from_drug.name},
            "to": {"slug": self.to_drug.slug, "name": self.to_drug.name},
            "last_dose_date": self.last_dose.isoformat(),
            "start_date": self.start_new.isoformat(),
            "basis": self.basis,
            "plan": [{"date": d.isoformat(), "event": e, "detail": x} for d, e, x in self.events],
            "washout": washout,
            "overlap_warning": self.overlap_warning,
            "monitoring": [{"test": m.test, "when": m.when, "why": m.why, "sources": knowledge.cite(m.sources)} for m in self.to_drug.monitoring],
            "flare_signs": list(FLARE_SIGNS),
            "notes": list(self.notes),
            "sources": knowledge.cite({(c.source, c.section): c for c in cited}.values()),
        }


def _never_together(a: Drug, b: Drug) -> bool:
    return bool(NEVER_TOGETHER & set(a.classes)) and bool(NEVER_TOGETHER & set(b.classes))


def plan_switch(knowledge: Knowledge, checker: InteractionChecker, from_name: str, to_name: str, last_dose: dt.date, indication: str | None = None) -> SwitchPlan:
    drugs = []
    for field, name in (("from", from_name), ("to", to_name)):
        found = checker.resolver.resolve(name)
        if found.match is None:
            raise SwitchError(field, f"unknown medicine '{name.strip()[:120]}'", suggestions=[s.as_json() for s in found.suggestions])
        drug = knowledge.drugs[found.match.slug]
        if drug.category != "immunomodulator" or not drug.regimens:
            raise SwitchError(field, f"{drug.name} is not one of the immunomodulators ImmunoGuide plans switches for")
        drugs.append(drug)
    old, new = drugs
    if old.slug == new.slug:
        raise SwitchError("to", f"{from_name} and {to_name} are the same medicine ({old.name})")

    old_regimen, new_regimen = _regimen(old, indication), _regimen(new, indication)
    due = next_due(old_regimen, last_dose)
    events: list[tuple[dt.date, str, str]] = [
        (last_dose, f"Last dose of {old.name}", f"Your usual {old.name} dose: {dose_text(old_regimen.dose)}, {frequency_text(old_regimen)}."),
    ]
    notes: list[str] = []
    basis = "general"
    start = due
    switching = old.switching
    if switching is not None:
        basis = "specific"
        if switching.washout_days:
            first = last_dose + dt.timedelta(days=1)
            end = first + dt.timedelta(days=switching.washout_days - 1)
            events.append((first, f"Washout of {old.name} starts, if your specialist advises it", switching.text))
            events.append((end, "Last day of the washout", switching.detail or switching.text))
            start = max(start, end + dt.timedelta(days=1))
        if switching.lasting_days:
            until = last_dose + dt.timedelta(days=switching.lasting_days)
            events.append((until, f"{old.name}'s effects have usually worn off by about now", switching.text))
            notes.append(f"Between {last_dose.isoformat()} and {until.isoformat()} {old.name} may still be acting: your specialist decides whether {new.name} starts sooner.")
    if new_regimen.loading:
        start_detail = f"{new.name} starts with a starting (loading) phase: {new_regimen.loading}"
    else:
        start_detail = f"{new.name}: {dose_text(new_regimen.dose)}, {frequency_text(new_regimen)} ({new_regimen.title})."
    when = "the day the next dose of " + old.name + " would have been due" if start == due else "after the washout"
    events.append((start, f"First dose of {new.name} ({when})", start_detail))
    events.append((start + dt.timedelta(weeks=4), "Check-in with your team", "Tell them how you are: any flare signs, infections or side effects since the change."))
    events.sort(key=lambda e: e[0])

    overlap, overlap_sources = None, ()
    if _never_together(old, new):
        cites = [c for d, other in ((old, new), (new, old)) for a in d.adjustments if a.action in ("not-recommended", "avoid")
                 and any(p.key in other.match_keys for p in a.with_any) for c in a.sources]
        finding = checker.pair(old.slug, new.slug)
        if finding is not None:
            cites += finding.rule.sources
        overlap = f"Do not take {old.name} and {new.name} at the same time: two biologics, or a biologic and a JAK inhibitor, together raise the risk of serious infections. The plan starts {new.name} only after {old.name}'s dosing interval has passed."
        overlap_sources = tuple(cites)
    notes.append(GUIDANCE if basis == "general" else "Your specialist may still choose different dates.")
    return SwitchPlan(old, new, last_dose, start, basis, tuple(events), overlap, overlap_sources, tuple(notes))
