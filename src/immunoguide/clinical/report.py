"""The "my medicines" report: one person's list through every tool, composed from sourced content.

It adds no clinical logic: interactions come from the checker, pregnancy notes
from the pregnancy tool, and monitoring, vaccines and red flags from each
immunomodulator's monograph.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..knowledge.model import Drug, citations_in
from ..knowledge.snapshot import Knowledge
from .dosing import DoseError, DosePatient, DoseRequest, calculate
from .interactions import CheckResult, InteractionChecker
from .pregnancy import Patient, Situation, assess

GENERAL_QUESTIONS = (
    "Is every medicine on this list still needed, and at this dose?",
    "Which blood tests do I need, how often, and who looks at the results?",
    "Which vaccines should I have before or during treatment, and which must I avoid?",
    "What should I do if I get a fever or an infection?",
)
INTERACTION_QUESTION = "Do the interactions on this list change any of my doses or tests?"
DOSE_QUESTION = "The label changes the dose of one of my medicines for someone like me: is my dose the right one?"


@dataclass(frozen=True)
class Report:
    check: CheckResult
    immunomodulators: tuple[Drug, ...]
    others: tuple[Drug, ...]
    pregnancy: dict[str, Any] | None
    questions: tuple[str, ...]
    #: Per immunomodulator: the dose calculator's answer for this person and the rest of the list.
    doses: dict[str, dict[str, Any]]


def build_report(
    knowledge: Knowledge, checker: InteractionChecker, names: list[str], patient: Patient | None = None, situation: Situation | None = None,
    body: DosePatient | None = None,
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
    doses: dict[str, dict[str, Any]] = {}
    for drug in immunomodulators:
        others_names = [d.slug for d in drugs if d.slug != drug.slug]
        try:
            answer = calculate(knowledge, checker, DoseRequest(drug=drug.slug, patient=body or DosePatient(), medicines=others_names))
        except DoseError:
            continue
        doses[drug.slug] = answer.as_json(knowledge)
        if answer.applied and DOSE_QUESTION not in questions:
            questions.insert(0, DOSE_QUESTION)
    questions += [q for q in GENERAL_QUESTIONS if q not in questions]
    return Report(check, immunomodulators, others, pregnancy, tuple(questions), doses)


def dose_lines(dose: dict[str, Any]) -> list[str]:
    """The dose note for one medicine in a report: what changes and why, in the report's words."""
    lines = []
    for a in dose["adjustments_applied"]:
        lines.append(f"{a['reason']}: {a['change']}")
    lines += [w for w in dose["warnings"] if not w.startswith(("No indication was given", "Kidney function was not given", "Liver function was not given"))]
    return lines


def as_markdown(report: Report, knowledge: Knowledge) -> str:
    """The report as Markdown, for the command line (and as the body of its HTML)."""
    answer = report.check.as_json(knowledge)
    out = ["# My medicines report", "", "It explains; it does not replace your care team's advice.", "", "## Your list", ""]
    out += [f"- {r['name']}" + (f" ({r['reading']})" if r["reading"] else "") for r in answer["resolved"]]
    out += [f"- Not checked: {u['message']}" for u in answer["unknown"]]
    out += ["", "## Interactions and alerts", ""]
    for f in answer["interactions"] + answer["alerts"]:
        out += [f"- **{f['severity'].capitalize()}: {' + '.join(f['names'])}.** {f['summary']}" + (f" Prescriber: {f['management']}" if f.get("management") else "")]
    if not answer["interactions"] and not answer["alerts"] and answer["message"]:
        out.append(answer["message"])
    for drug in report.immunomodulators:
        out += ["", f"## {drug.name}", ""]
        dose = report.doses.get(drug.slug)
        if dose and dose_lines(dose):
            regimen = f" (for {dose['regimen']['title']})" if dose["regimen"] else ""
            out += [f"### Dose notes{regimen}", ""] + [f"- {line}" for line in dose_lines(dose)] + [""]
        out += ["### Tests and check-ups", ""] + [f"- **{m.test}**: {m.when}." for m in drug.monitoring]
        out += ["", "### Vaccines", ""] + ([f"- {v.text}" for v in drug.vaccines] or [f"- Our sources give no specific vaccine advice for {drug.name}: ask before any vaccine, especially a live one."])
        out += ["", "### Get help now if", ""] + [f"- **{r.name}:** {r.symptoms} {r.action}" for r in drug.red_flags]
    if report.pregnancy:
        out += ["", "## Pregnancy and contraception", ""]
        for m in report.pregnancy["medicines"]:
            if m.get("status"):
                out.append(f"- **{m['name']}** ({m['status'].replace('-', ' ')}): {m['summary']}")
        out += ["", report.pregnancy["advice"]]
    out += ["", "## Questions for your doctor or pharmacist", ""] + [f"- {q}" for q in report.questions]
    cited = {}
    for drug in report.immunomodulators:
        for _, c in citations_in(drug):
            cited.setdefault((c.source, c.section), c)
    for f in report.check.findings:
        for c in f.rule.sources:
            cited.setdefault((c.source, c.section), c)
    sources = {}
    for c in cited.values():
        src = knowledge.sources[c.source]
        sources.setdefault(src.id, f"{src.title} ({src.publisher}, revised {src.revised})" + (f" {src.url}" if src.url else ""))
    out += ["", "## Sources", ""] + [f"- {s}" for s in sources.values()]
    return "\n".join(out) + "\n"
