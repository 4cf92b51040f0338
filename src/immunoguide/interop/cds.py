"""CDS Hooks 2.0 services over the clinical core: medication checks on order-select / order-sign, and a patient-view summary.

A request brings the draft orders (`context.draftOrders`, a FHIR Bundle) and,
in `prefetch`, the patient and their current medications. What prefetch lacks is
fetched from `fhirServer` (with `fhirAuthorization` when given); what still
cannot be had is said in a card, never silently skipped. One card per finding;
no findings, no cards.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import httpx

from ..clinical.interactions import InteractionChecker
from ..knowledge.snapshot import Knowledge
from .fhir import FhirInvalid, FhirMedication, MedicationResolver, medications_in, validate

PREFETCH_MEDICATIONS = {
    "medications": "MedicationRequest?patient={{context.patientId}}&status=active",
    "statements": "MedicationStatement?patient={{context.patientId}}&status=active",
}
LOINC = "http://loinc.org"
#: The newest serum creatinine (mg/dL or µmol/L) and body weight: with the patient's age and sex they give
#: a Cockcroft-Gault clearance for the label's kidney dose bands.
PREFETCH_DOSE = {
    "creatinine": "Observation?patient={{context.patientId}}&code=http://loinc.org|2160-0,http://loinc.org|14682-9&_sort=-date&_count=1",
    "weight": "Observation?patient={{context.patientId}}&code=http://loinc.org|29463-7&_sort=-date&_count=1",
}
SERVICES = [
    {
        "hook": "order-select", "id": "immunoguide-order-select", "title": "ImmunoGuide medication check",
        "description": "Checks the medicines being ordered against the patient's list: interactions, duplicate therapy, live vaccines, with immunomodulators.",
        "prefetch": {"patient": "Patient/{{context.patientId}}", **PREFETCH_MEDICATIONS, **PREFETCH_DOSE},
    },
    {
        "hook": "order-sign", "id": "immunoguide-order-sign", "title": "ImmunoGuide medication check at signing",
        "description": "The same checks as order-select, on the orders about to be signed.",
        "prefetch": {"patient": "Patient/{{context.patientId}}", **PREFETCH_MEDICATIONS, **PREFETCH_DOSE},
    },
    {
        "hook": "patient-view", "id": "immunoguide-patient-view", "title": "ImmunoGuide medication review",
        "description": "The immunomodulator-related issues in the patient's current medication list.",
        "prefetch": {"patient": "Patient/{{context.patientId}}", **PREFETCH_MEDICATIONS},
    },
]
INDICATOR = {"contraindicated": "critical", "major": "warning", "moderate": "info", "minor": "info"}
OVERRIDE_REASONS = [
    {"code": "benefit-outweighs-risk", "system": "https://immunoguide.example/cds/override-reason", "display": "Benefit outweighs the risk for this patient"},
    {"code": "already-managed", "system": "https://immunoguide.example/cds/override-reason", "display": "Already managed (dose adjusted or monitoring in place)"},
    {"code": "specialist-advice", "system": "https://immunoguide.example/cds/override-reason", "display": "On specialist advice"},
]


class CdsRequestInvalid(ValueError):
    def __init__(self, issues: list[dict[str, str]]):
        super().__init__("; ".join(i["diagnostics"] for i in issues))
        self.issues = issues

    def operation_outcome(self) -> dict[str, Any]:
        return FhirInvalid(self.issues).operation_outcome()


@dataclass(frozen=True)
class CdsContext:
    hook: str
    hook_instance: str
    patient_id: str | None
    draft: list[dict[str, Any]]
    prefetch: dict[str, Any]
    fhir_server: str | None
    token: str | None


def parse_request(service_id: str, body: Any) -> CdsContext:
    service = next((s for s in SERVICES if s["id"] == service_id), None)
    if service is None:
        raise LookupError(service_id)
    problems = []
    if not isinstance(body, dict):
        raise CdsRequestInvalid([{"location": "request", "diagnostics": "the request body must be a JSON object"}])
    for key in ("hook", "hookInstance", "context"):
        if key not in body:
            problems.append({"location": key, "diagnostics": f"{key} is required"})
    if problems:
        raise CdsRequestInvalid(problems)
    if body["hook"] != service["hook"]:
        raise CdsRequestInvalid([{"location": "hook", "diagnostics": f"service {service_id} answers {service['hook']}, not {body['hook']}"}])
    context = body["context"] if isinstance(body["context"], dict) else {}
    draft: list[dict[str, Any]] = []
    if body["hook"] in ("order-select", "order-sign"):
        orders = context.get("draftOrders")
        if not isinstance(orders, dict):
            raise CdsRequestInvalid([{"location": "context.draftOrders", "diagnostics": "draftOrders (a FHIR Bundle) is required for this hook"}])
        draft = [validate(orders, "context.draftOrders")]
    prefetch = {}
    for key, value in (body.get("prefetch") or {}).items():
        if value is not None:
            try:
                prefetch[key] = validate(value, f"prefetch.{key}")
            except FhirInvalid as exc:
                raise CdsRequestInvalid(exc.issues) from None
    auth = body.get("fhirAuthorization") or {}
    return CdsContext(body["hook"], str(body["hookInstance"]), context.get("patientId"), draft, prefetch, body.get("fhirServer"), auth.get("access_token"))


def _fetch(ctx: CdsContext, key: str, patient_id: str) -> tuple[dict[str, Any] | None, str | None]:
    """A prefetch template's resource from the FHIR server, or (None, why not)."""
    if not ctx.fhir_server:
        return None, "no fhirServer was given"
    template = next(s for s in SERVICES if s["hook"] == ctx.hook)["prefetch"][key]
    query = template.replace("{{context.patientId}}", patient_id)
    headers = {"Accept": "application/fhir+json"} | ({"Authorization": f"Bearer {ctx.token}"} if ctx.token else {})
    try:
        r = httpx.get(f"{ctx.fhir_server.rstrip('/')}/{query}", headers=headers, timeout=5)
        r.raise_for_status()
        return validate(r.json(), f"fhirServer {query}"), None
    except (httpx.HTTPError, ValueError, FhirInvalid) as exc:
        return None, f"the FHIR server did not answer {query} ({type(exc).__name__})"


def _card(summary: str, detail: str, indicator: str, ctx: CdsContext, key: str, source: dict[str, Any] | None = None, **extra: Any) -> dict[str, Any]:
    card = {
        "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"immunoguide:{ctx.hook_instance}:{key}")),
        "summary": summary if len(summary) <= 140 else summary[:139] + "…",
        "detail": detail,
        "indicator": indicator,
        "source": {"label": "ImmunoGuide", **({"url": source["url"]} if source and source.get("url") else {}),
                   **({"topic": {"code": source["id"], "display": f"{source['title']}, {source['section']}"}} if source else {})},
    }
    return card | extra


def cards_for(ctx: CdsContext, knowledge: Knowledge, checker: InteractionChecker, resolver: MedicationResolver) -> list[dict[str, Any]]:
    current: list[dict[str, Any]] = list(ctx.prefetch.get(k) for k in PREFETCH_MEDICATIONS if ctx.prefetch.get(k))
    unchecked: list[str] = []
    if ctx.patient_id and not any(k in ctx.prefetch for k in PREFETCH_MEDICATIONS):
        for key in PREFETCH_MEDICATIONS:
            fetched, why = _fetch(ctx, key, ctx.patient_id)
            if fetched is not None:
                current.append(fetched)
            elif why:
                unchecked.append(why)
    meds: list[FhirMedication] = []
    for resource in ctx.draft:
        meds += [resolver.resolve(c, r, draft=True) for c, r in medications_in(resource)]
    for resource in current:
        meds += [resolver.resolve(c, r, draft=False) for c, r in medications_in(resource)]
    known = [m for m in meds if m.slug]
    slugs = list(dict.fromkeys(m.slug for m in known if m.slug))
    drafted = {m.slug for m in known if m.draft}
    cards: list[dict[str, Any]] = []
    if len(slugs) >= 2:
        answer = checker.check(slugs).as_json(knowledge)
        for f in answer["interactions"] + answer["alerts"]:
            involved = set(f.get("between") or f.get("medicines") or [])
            if ctx.hook != "patient-view" and not involved & drafted:
                continue  # an issue between existing medicines is the patient-view service's business
            names = " + ".join(f["names"])
            detail = f"**{f['severity'].capitalize()}** ({f.get('action') or f['kind']}). {f['summary']}"
            if f.get("management"):
                detail += f"\n\n**For the prescriber:** {f['management']}"
            if f.get("mechanism"):
                detail += f"\n\n*Mechanism:* {f['mechanism']}"
            detail += "\n\nSources: " + "; ".join(f"{s['title']}, {s['section']} ({s['date']})" for s in f["sources"])
            extra: dict[str, Any] = {"overrideReasons": OVERRIDE_REASONS} if f["severity"] in ("contraindicated", "major") else {}
            if f.get("action") == "avoid" and ctx.hook != "patient-view":
                extra["selectionBehavior"] = "at-most-one"
                extra["suggestions"] = [
                    {"label": f"Remove the new order for {m.label}", "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ctx.hook_instance}:remove:{m.resource_ref}")),
                     "actions": [{"type": "delete", "description": f"Remove the draft order for {m.label}", "resource": m.resource_ref}]}
                    for m in known if m.draft and m.slug in involved and m.resource_ref
                ]
                if not extra["suggestions"]:
                    del extra["suggestions"], extra["selectionBehavior"]
            cards.append(_card(f"{f['severity'].capitalize()}: {names}: {f['summary']}", detail, INDICATOR[f["severity"]], ctx, f.get("rule") or names,
                               (f["sources"] or [None])[0], **extra))
    if ctx.hook != "patient-view":
        cards += _dose_cards(ctx, knowledge, checker, [m for m in known if m.draft], slugs)
        cards += _pregnancy_cards(ctx, knowledge, [m for m in known if m.draft])
    unknown = [m.label for m in meds if m.slug is None]
    if unknown:
        cards.append(_card(
            f"Not checked by ImmunoGuide: {', '.join(unknown)[:90]}",
            "These medications could not be matched to a medicine ImmunoGuide knows (by RxNorm code or name), so they were not checked for interactions: "
            + ", ".join(f"*{u}*" for u in unknown) + ".", "info", ctx, "unknown:" + "|".join(unknown)))
    if unchecked:
        cards.append(_card("ImmunoGuide could not see the current medication list", "Only the new orders were checked: " + "; ".join(unchecked) + ".", "info", ctx, "unchecked"))
    return cards


def _newest_quantity(resource: dict[str, Any] | None) -> dict[str, Any] | None:
    entries = [e.get("resource", {}) for e in (resource or {}).get("entry", [])] if (resource or {}).get("resourceType") == "Bundle" else [resource or {}]
    observations = sorted((o for o in entries if o.get("resourceType") == "Observation" and o.get("valueQuantity")),
                          key=lambda o: o.get("effectiveDateTime", ""), reverse=True)
    return observations[0]["valueQuantity"] if observations else None


def _patient_facts(ctx: CdsContext) -> dict[str, Any]:
    """Age, sex, weight and creatinine from prefetch, in the dose calculator's terms (what is missing stays out)."""
    import datetime as dt

    facts: dict[str, Any] = {}
    patient = ctx.prefetch.get("patient") or {}
    if patient.get("gender") in ("female", "male"):
        facts["sex"] = patient["gender"]
    if patient.get("birthDate"):
        born = dt.date.fromisoformat(patient["birthDate"][:10]) if len(patient["birthDate"]) >= 10 else None
        if born:
            today = dt.date.today()
            facts["age_years"] = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    weight = _newest_quantity(ctx.prefetch.get("weight"))
    if weight and str(weight.get("unit", weight.get("code", ""))).lower() in ("kg", "kilogram"):
        facts["weight_kg"] = weight["value"]
    creatinine = _newest_quantity(ctx.prefetch.get("creatinine"))
    if creatinine:
        unit = str(creatinine.get("code") or creatinine.get("unit") or "").replace("µ", "u").replace("μ", "u")
        unit = {"mg/dl": "mg/dL", "umol/l": "umol/L"}.get(unit.lower())
        if unit:
            facts["serum_creatinine"] = {"value": creatinine["value"], "unit": unit}
    return facts


def _dose_cards(ctx: CdsContext, knowledge: Knowledge, checker: InteractionChecker, drafted: list[FhirMedication], slugs: list[str]) -> list[dict[str, Any]]:
    """A card for each drafted immunomodulator whose label changes the dose for this patient (kidneys, other medicines)."""
    from pydantic import ValidationError

    from ..clinical.dosing import DoseError, DoseRequest, calculate

    facts = _patient_facts(ctx)
    cards = []
    for med in drafted:
        drug = knowledge.drugs[med.slug or ""]
        if drug.category != "immunomodulator" or not drug.regimens:
            continue
        try:
            request = DoseRequest(drug=drug.slug, patient=facts, medicines=[s for s in slugs if s != drug.slug])
            answer = calculate(knowledge, checker, request).as_json(knowledge)
        except (DoseError, ValidationError):
            continue
        changes = [a for a in answer["adjustments_applied"] if a["kind"] != "interaction"]  # interactions have their own cards
        if not changes:
            continue
        reasons = "; ".join(a["reason"] for a in changes)
        recommended = answer["recommended"]
        regimen = answer["regimen"]["title"] if answer["regimen"] else drug.name
        detail = (f"For **{regimen}** the label's usual dose is {answer['standard']['schedule']}." if answer["standard"] else "") + "\n\n"
        detail += "\n".join(f"- **{a['reason']}**: {a['change']}" for a in changes)
        if answer["calculated"].get("crcl_ml_min"):
            detail += f"\n\nCreatinine clearance {answer['calculated']['crcl_ml_min']} mL/min ({answer['calculated']['crcl_from']})."
        detail += "\n\n" + "\n".join(f"- {w}" for w in answer["warnings"])
        detail += "\n\nSources: " + "; ".join(f"{s['title']}, {s['section']} ({s['date']})" for a in changes for s in a["sources"])
        extra: dict[str, Any] = {"overrideReasons": OVERRIDE_REASONS}
        if recommended and med.resource and med.resource_ref:
            updated = {**med.resource, "dosageInstruction": [{"text": recommended["schedule"]}]}
            extra["suggestions"] = [{
                "label": f"Use the label's dose: {recommended['schedule']}"[:140],
                "uuid": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{ctx.hook_instance}:dose:{med.resource_ref}")),
                "actions": [{"type": "update", "description": f"Set the dose of {med.label} to {recommended['schedule']}", "resource": updated}],
            }]
        summary = f"Dose: {drug.name} {recommended['schedule'] if recommended else 'has no label dose here'} ({reasons})"
        cards.append(_card(summary, detail, "warning", ctx, f"dose:{med.resource_ref or drug.slug}", changes[0]["sources"][0] if changes[0]["sources"] else None, **extra))
    return cards


#: Ages at which the pregnancy card is shown for a female patient (a plain screen; the label's own words decide).
REPRODUCTIVE_AGES = range(12, 56)


def _pregnancy_cards(ctx: CdsContext, knowledge: Knowledge, drafted: list[FhirMedication]) -> list[dict[str, Any]]:
    """For a female patient of reproductive age: drafted medicines the label contraindicates in pregnancy."""
    facts = _patient_facts(ctx)
    if facts.get("sex") != "female" or facts.get("age_years") not in REPRODUCTIVE_AGES:
        return []
    cards = []
    for med in drafted:
        drug = knowledge.drugs[med.slug or ""]
        if drug.pregnancy is None or drug.pregnancy.status != "contraindicated":
            continue
        contraception = drug.contraception.females if drug.contraception and drug.contraception.females else None
        programme = drug.contraception.programme_name if drug.contraception else None
        detail = f"**Pregnancy: contraindicated.** {drug.pregnancy.text}"
        if contraception:
            detail += f"\n\n**Contraception:** {contraception.text}"
        if programme:
            detail += f"\n\nPrescribing requires the **{programme}**."
        sources = knowledge.cite(drug.pregnancy.sources)
        detail += "\n\nSources: " + "; ".join(f"{s['title']}, {s['section']} ({s['date']})" for s in sources)
        summary = f"{drug.name} is contraindicated in pregnancy: confirm pregnancy testing and contraception" + (f" ({programme})" if programme else "")
        cards.append(_card(summary, detail, "warning", ctx, f"pregnancy:{drug.slug}", sources[0] if sources else None, overrideReasons=OVERRIDE_REASONS))
    return cards
