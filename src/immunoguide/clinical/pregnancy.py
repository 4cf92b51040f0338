"""Pregnancy, breastfeeding and contraception for a medicine list, for either partner.

For a woman planning or in a pregnancy the drug's pregnancy entry applies, with
the contraception advice for women; for a man whose partner may become pregnant
the paternal entry and the advice for men; when breastfeeding, the lactation
entry. Durations keep the source's own unit. A medicine without sourced
information is reported as such, never skipped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from ..knowledge.model import Citation, Drug, citations_in
from ..knowledge.snapshot import Knowledge
from .names import NameResolver, Resolution

Patient = Literal["female", "male"]
Situation = Literal["planning", "pregnant", "breastfeeding"]

TALK_FIRST = "Talk to your specialist before you stop or change any medicine: stopping suddenly can cause a flare that is itself a risk."


class InvalidQuestion(ValueError):
    """A combination of patient and situation that the tool cannot answer."""


@dataclass(frozen=True)
class PregnancyAnswer:
    resolutions: tuple[Resolution, ...]
    items: tuple[dict[str, Any], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "medicines": list(self.items),
            "unknown": [
                {
                    "input": r.query,
                    "suggestions": [s.as_json() for s in r.suggestions],
                    "message": f"We could not recognise “{r.query.strip()[:120]}”, so it was not checked.",
                }
                for r in self.resolutions
                if r.match is None
            ],
            "advice": TALK_FIRST,
        }


def _duration(d: Any) -> dict[str, Any] | None:
    return {"value": d.value, "unit": d.unit} if d is not None else None


def _assess_one(drug: Drug, patient: Patient, situation: Situation, knowledge: Knowledge) -> dict[str, Any]:
    used: list[Any] = []
    if situation == "breastfeeding":
        info = drug.breastfeeding
        advice = None
    elif patient == "female":
        info = drug.pregnancy
        advice = drug.contraception.females if drug.contraception else None
    else:
        info = drug.paternal
        advice = drug.contraception.males if drug.contraception else None
    used += [info, advice]

    contraception = None
    # A woman who is already pregnant needs no contraception advice; a man whose partner is
    # pregnant may still need condoms (semen exposure with the thalidomide family).
    if advice is not None and not (patient == "female" and situation == "pregnant"):
        contraception = {
            "required": advice.required,
            "methods": list(advice.methods),
            "before_start": _duration(advice.before_start),
            "after_last_dose": _duration(advice.after_last_dose),
            "summary": advice.text,
        }
    programme = drug.contraception.programme_name if drug.contraception else None
    if programme and drug.contraception and drug.contraception.programme:
        used.append(drug.contraception.programme)
    if drug.washout and situation == "planning":
        used.append(drug.washout)

    if info is None:
        who = "breastfeeding" if situation == "breastfeeding" else ("fathers" if patient == "male" else "pregnancy")
        summary = f"ImmunoGuide has no sourced information on {drug.name} for {who}. Ask your specialist or pharmacist."
    else:
        summary = info.text
    cited: dict[tuple[str, str], Citation] = {}
    for part in used:
        for _, c in citations_in(part):
            cited.setdefault((c.source, c.section), c)
    return {
        "slug": drug.slug,
        "name": drug.name,
        "status": info.status if info else None,
        "summary": summary,
        "detail": info.detail if info else None,
        "guidelines": [
            {"status": g.status, "text": g.text, "sources": knowledge.cite(g.sources)}
            for g in (info.guidelines if info else [])
        ],
        "stop_before_conception": _duration(getattr(info, "stop_before_conception", None)) if situation == "planning" else None,
        "contraception": contraception,
        "programme": programme,
        "washout": drug.washout.text if drug.washout and situation == "planning" else None,
        "sources": knowledge.cite(cited.values()),
    }


def assess(knowledge: Knowledge, resolver: NameResolver, names: list[str], patient: Patient, situation: Situation) -> PregnancyAnswer:
    if patient == "male" and situation == "breastfeeding":
        raise InvalidQuestion("for patient 'male' the situation is 'planning' or 'pregnant' (his partner's pregnancy)")
    resolutions = tuple(resolver.resolve(n) for n in names)
    slugs = list(dict.fromkeys(r.match.slug for r in resolutions if r.match))
    items = tuple(_assess_one(knowledge.drugs[s], patient, situation, knowledge) for s in slugs)
    return PregnancyAnswer(resolutions, items)
