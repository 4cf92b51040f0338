"""The "my medicines" report: one person's list through every tool, composed from sourced content.

It adds no clinical logic: interactions come from the checker, pregnancy notes
from the pregnancy tool, and monitoring, vaccines and red flags from each
immunomodulator's monograph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge.model import Drug
from ..knowledge.snapshot import Knowledge
from .interactions import CheckResult, InteractionChecker
from .pregnancy import Patient, Situation, assess

GENERAL_QUESTIONS = (
    "Is every medicine on this list still needed, and at this dose?",
    "Which blood tests do I need, how often, and who looks at the results?",
    "Which vaccines should I have before or during treatment, and which must I avoid?",
    "What should I do if I get a fever or an infection?",
)
INTERACTION_QUESTION = "Do the interactions on this list change any of my doses or tests?"


@dataclass(frozen=True)
class Report:
    check: CheckResult
    immunomodulators: tuple[Drug, ...]
    others: tuple[Drug, ...]
    pregnancy: dict[str, Any] | None
    questions: tuple[str, ...]


def build_report(
    knowledge: Knowledge, checker: InteractionChecker, names: list[str], patient: Patient | None = None, situation: Situation | None = None
) -> Report:
    check = checker.check(names)
    drugs = [knowledge.drugs[s] for s in check.medicines]
    immunomodulators = tuple(d for d in drugs if d.category == "immunomodulator")
    others = tuple(d for d in drugs if d.category != "immunomodulator")
    pregnancy = None
    if patient and situation and not (patient == "male" and situation == "breastfeeding"):
        pregnancy = assess(knowledge, checker.resolver, names, patient, situation).as_json()
    questions: list[str] = []
    if check.interactions or check.alerts:
        questions.append(INTERACTION_QUESTION)
    for drug in immunomodulators:
        questions += [q for q in drug.questions_for_your_doctor if q not in questions]
    questions += [q for q in GENERAL_QUESTIONS if q not in questions]
    return Report(check, immunomodulators, others, pregnancy, tuple(questions))
