"""FHIR R4 in and out: medications from resources, and findings as DetectedIssue resources.

Only an adapter: medicines are read from MedicationRequest, MedicationStatement,
Medication, List and Bundle resources (validated with fhir.resources, R4B) and
resolved to the knowledge base by RxNorm code (the curated ingredient codes,
then product codes known to the FDA label library), then by the coding's display
or the concept's text. The checks themselves are the clinical core's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.exc import OperationalError, ProgrammingError

from ..clinical.names import NameResolver
from ..knowledge.snapshot import Knowledge
from ..store.schema import Label, LabelName

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
MEDICATION_TYPES = ("MedicationRequest", "MedicationStatement", "MedicationAdministration", "MedicationDispense")


class FhirInvalid(ValueError):
    """A resource that is not valid FHIR R4; `issues` are OperationOutcome-style (location, diagnostics)."""

    def __init__(self, issues: list[dict[str, str]]):
        super().__init__("; ".join(f"{i['location']}: {i['diagnostics']}" for i in issues))
        self.issues = issues

    def operation_outcome(self) -> dict[str, Any]:
        return {
            "resourceType": "OperationOutcome",
            "issue": [{"severity": "error", "code": "invalid", "diagnostics": i["diagnostics"], "expression": [i["location"]]} for i in self.issues],
        }


def validate(resource: Any, where: str = "resource") -> dict[str, Any]:
    """Validate one FHIR resource (any type fhir.resources knows) and return it as plain JSON."""
    from fhir.resources.R4B import get_fhir_model_class

    if not isinstance(resource, dict) or not isinstance(resource.get("resourceType"), str):
        raise FhirInvalid([{"location": where, "diagnostics": "not a FHIR resource (no resourceType)"}])
    try:
        model = get_fhir_model_class(resource["resourceType"])
    except (KeyError, ValueError):
        raise FhirInvalid([{"location": f"{where}.resourceType", "diagnostics": f"unknown FHIR resource type {resource['resourceType']!r}"}]) from None
    try:
        return model.model_validate(resource).model_dump(mode="json", exclude_none=True)
    except ValidationError as exc:
        raise FhirInvalid([
            {"location": ".".join([where, *(str(p) for p in e["loc"] if not str(p).startswith("function"))]), "diagnostics": e["msg"]}
            for e in exc.errors()[:20]
        ]) from None


@dataclass(frozen=True)
class FhirMedication:
    """One medication found in the FHIR input, and what it resolved to (slug None: not resolved)."""

    label: str  # how the EHR named it (display, text or code)
    slug: str | None
    via: str  # rxnorm | label-library | name | none
    resource_ref: str | None  # e.g. MedicationRequest/123
    resource: dict[str, Any] | None  # the request itself, for suggestions
    draft: bool = False  # part of the orders being written (not the existing list)


def _concepts(resource: dict[str, Any], contained: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    if "medicationCodeableConcept" in resource:
        return resource["medicationCodeableConcept"]
    ref = (resource.get("medicationReference") or {}).get("reference", "")
    if ref.startswith("#") and ref[1:] in contained:
        return contained[ref[1:]].get("code")
    if ref in contained:
        return contained[ref].get("code")
    return None


def medications_in(resource: dict[str, Any], *, draft: bool = False) -> list[tuple[dict[str, Any] | None, dict[str, Any]]]:
    """(codeable concept, the resource carrying it) for every medication in a resource, Bundle or List."""
    kind = resource.get("resourceType")
    if kind == "Bundle":
        out = []
        entries = [e.get("resource") for e in resource.get("entry", []) if e.get("resource")]
        medications = {f"Medication/{r.get('id')}": r for r in entries if r.get("resourceType") == "Medication"}
        for r in entries:
            if r.get("resourceType") in MEDICATION_TYPES:
                contained = {c.get("id"): c for c in r.get("contained", []) if c.get("resourceType") == "Medication"} | medications
                out.append((_concepts(r, contained), r))
            elif r.get("resourceType") in ("Bundle", "List"):
                out += medications_in(r, draft=draft)
        return out
    if kind == "List":
        return [(None, {"resourceType": "List", "item": e.get("item")}) for e in resource.get("entry", []) if e.get("item", {}).get("display")]
    if kind in MEDICATION_TYPES:
        contained = {c.get("id"): c for c in resource.get("contained", []) if c.get("resourceType") == "Medication"}
        return [(_concepts(resource, contained), resource)]
    if kind == "Medication":
        return [(resource.get("code"), resource)]
    return []


class MedicationResolver:
    """FHIR codings to ImmunoGuide drugs: curated RxNorm ingredient codes, label-library product codes, then names."""

    def __init__(self, knowledge: Knowledge, names: NameResolver, engine: Engine | None):
        self.names, self.engine = names, engine
        self.by_rxcui = {d.rxnorm: d.slug for d in knowledge.drugs.values() if d.rxnorm}

    def _via_label_library(self, code: str) -> str | None:
        if self.engine is None:
            return None
        try:
            with self.engine.connect() as conn:
                generic = conn.execute(
                    select(Label.generic_names).join(LabelName, LabelName.set_id == Label.set_id).where(LabelName.kind == "rxcui", LabelName.norm == code).limit(1)
                ).scalar()
        except (OperationalError, ProgrammingError):
            return None
        if not generic:
            return None
        found = self.names.resolve(generic.split(",")[0])
        return found.match.slug if found.match else None

    def resolve(self, concept: dict[str, Any] | None, carrier: dict[str, Any], *, draft: bool) -> FhirMedication:
        ref = f"{carrier.get('resourceType')}/{carrier['id']}" if carrier.get("id") else None
        codings = (concept or {}).get("coding", [])
        texts = [c.get("display") for c in codings if c.get("display")] + [(concept or {}).get("text")] + [(carrier.get("item") or {}).get("display")]
        label = next((t for t in texts if t), None) or next((f"{c.get('system', '')}|{c.get('code', '')}" for c in codings), "an unnamed medication")
        for coding in codings:
            if coding.get("system") == RXNORM and coding.get("code"):
                code = str(coding["code"])
                if code in self.by_rxcui:
                    return FhirMedication(label, self.by_rxcui[code], "rxnorm", ref, carrier, draft)
                slug = self._via_label_library(code)
                if slug:
                    return FhirMedication(label, slug, "label-library", ref, carrier, draft)
        for t in texts:
            for candidate in name_candidates(t) if t else ():
                found = self.names.resolve(candidate)
                if found.match:
                    return FhirMedication(label, found.match.slug, "name", ref, carrier, draft)
        return FhirMedication(label, None, "none", ref, carrier, draft)


#: Words of an RxNorm-style product name that are not the medicine's name: dose forms and units.
_FORM_WORDS = {
    "oral", "tablet", "tablets", "capsule", "capsules", "solution", "suspension", "injection", "injectable", "injector", "pen", "auto-injector",
    "prefilled", "syringe", "delayed", "extended", "release", "chewable", "topical", "cream", "kit", "vial", "mg", "ml", "mcg", "unt", "hr",
    "actuat", "intravenous", "subcutaneous", "for", "product", "pack", "disintegrating", "film", "coated", "powder", "granules",
}


def name_candidates(text: str) -> list[str]:
    """The name as written, then without strengths and dose forms ("fluvoxamine maleate 100 MG Oral Tablet" →
    "fluvoxamine maleate", "fluvoxamine"), combinations joined with "and"."""
    words = [w for w in text.replace("/", " / ").replace(",", " ").split() if not any(ch.isdigit() for ch in w) and w.lower().strip("[]()") not in _FORM_WORDS]
    cleaned = " ".join(words).replace(" / ", " and ").strip(" /")
    out = [text, cleaned]
    if " and " not in cleaned and words:
        out.append(words[0].strip("[]()"))
    return [c for c in dict.fromkeys(out) if c]


def detected_issue(finding: dict[str, Any], patient_ref: str | None, implicated: list[str]) -> dict[str, Any]:
    """An interaction or alert as a FHIR R4 DetectedIssue."""
    severity = {"contraindicated": "high", "major": "high", "moderate": "moderate", "minor": "low"}[finding["severity"]]
    issue: dict[str, Any] = {
        "resourceType": "DetectedIssue",
        "status": "final",
        "code": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "DRG", "display": "Drug Interaction Alert"}], "text": finding.get("rule") or finding["kind"]},
        "severity": severity,
        "identifiedDateTime": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "author": {"display": "ImmunoGuide"},
        "implicated": [{"reference": r} if "/" in r else {"display": r} for r in implicated],
        "detail": finding["summary"],
        "mitigation": [{"action": {"text": finding["management"]}}] if finding.get("management") else [],
        "reference": (finding.get("sources") or [{}])[0].get("url") or None,
    }
    if patient_ref:
        issue["patient"] = {"reference": patient_ref}
    return {k: v for k, v in issue.items() if v not in (None, [])}
