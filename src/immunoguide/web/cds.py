"""HTTP routes for CDS Hooks (`/cds-services`) and the FHIR views under `/api/v1/fhir`."""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Request, Response
from starlette.concurrency import run_in_threadpool

from ..interop.cds import SERVICES, CdsRequestInvalid, cards_for, parse_request
from ..interop.fhir import FhirInvalid, MedicationResolver, detected_issue, medications_in, validate
from .api import FastJSON, live_or_503

router = APIRouter()
CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Authorization, Content-Type", "Access-Control-Allow-Methods": "GET, POST, OPTIONS"}
FHIR_JSON = "application/fhir+json"


def _outcome(status: int, outcome: dict[str, Any]) -> Response:
    return Response(orjson.dumps(outcome), status_code=status, media_type=FHIR_JSON, headers=CORS)


async def _json_body(request: Request) -> Any:
    try:
        return orjson.loads(await request.body())
    except orjson.JSONDecodeError as exc:
        raise CdsRequestInvalid([{"location": "request", "diagnostics": f"the body is not JSON: {exc}"}]) from None


@router.get("/cds-services", tags=["CDS Hooks"])
def discovery() -> Response:
    """CDS Hooks discovery: the services and their prefetch templates."""
    return Response(orjson.dumps({"services": SERVICES}), media_type="application/json", headers=CORS)


@router.options("/cds-services/{service_id}", include_in_schema=False)
@router.options("/cds-services", include_in_schema=False)
def preflight(service_id: str = "") -> Response:
    return Response(status_code=204, headers=CORS)


@router.post("/cds-services/{service_id}", tags=["CDS Hooks"])
async def call_service(request: Request, service_id: str) -> Response:
    """A CDS Hooks call: cards for the interactions and alerts the draft orders (or the current list) raise."""
    live = live_or_503(request)
    try:
        ctx = parse_request(service_id, await _json_body(request))
    except LookupError:
        return _outcome(404, {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "not-found", "diagnostics": f"no CDS service '{service_id}'"}]})
    except (CdsRequestInvalid, FhirInvalid) as exc:
        return _outcome(400, exc.operation_outcome())
    resolver = MedicationResolver(live.knowledge, live.resolver, request.app.state.live.engine)
    # In a worker thread: fetching missing prefetch from the EHR's FHIR server must not hold up other requests.
    cards = await run_in_threadpool(cards_for, ctx, live.knowledge, live.checker, resolver)
    return Response(orjson.dumps({"cards": cards}), media_type="application/json", headers=CORS)


@router.post("/api/v1/fhir/check", tags=["FHIR"])
async def fhir_check(request: Request) -> Response:
    """Check a FHIR R4 Bundle, MedicationRequest, MedicationStatement or List: interactions and alerts.

    With `Accept: application/fhir+json` the findings come back as a Bundle of DetectedIssue resources."""
    live = live_or_503(request)
    try:
        resource = validate(await _json_body(request), "body")
    except (CdsRequestInvalid, FhirInvalid) as exc:
        return _outcome(400, exc.operation_outcome())
    resolver = MedicationResolver(live.knowledge, live.resolver, request.app.state.live.engine)
    meds = [resolver.resolve(c, r, draft=False) for c, r in medications_in(resource)]
    slugs = list(dict.fromkeys(m.slug for m in meds if m.slug))
    answer = live.checker.check(slugs).as_json(live.knowledge)
    findings = answer["interactions"] + answer["alerts"]
    patient = next((m.resource.get("subject", {}).get("reference") for m in meds if m.resource and m.resource.get("subject")), None)
    if FHIR_JSON in request.headers.get("accept", ""):
        issues = []
        for f in findings:
            involved = set(f.get("between") or f.get("medicines") or [])
            issues.append(detected_issue(f, patient, [m.resource_ref or m.label for m in meds if m.slug in involved]))
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": validate(i, "DetectedIssue")} for i in issues]}
        return Response(orjson.dumps(bundle), media_type=FHIR_JSON)
    return FastJSON({
        "medications": [{"label": m.label, "slug": m.slug, "resolved_by": m.via, "reference": m.resource_ref} for m in meds],
        "interactions": answer["interactions"], "alerts": answer["alerts"], "not_covered": answer["not_covered"],
        "unknown": [m.label for m in meds if m.slug is None],
    })


@router.get("/api/v1/fhir/MedicationKnowledge/{slug}", tags=["FHIR"])
def medication_knowledge(request: Request, slug: str) -> Response:
    """A drug as a FHIR R4 MedicationKnowledge: codes, names, classes, how it is given, and the monograph."""
    live = live_or_503(request)
    drug = live.knowledge.drugs.get(slug)
    if drug is None:
        return _outcome(404, {"resourceType": "OperationOutcome", "issue": [{"severity": "error", "code": "not-found", "diagnostics": f"no medicine '{slug}'"}]})
    from ..knowledge.wording import dose_text, frequency_text

    coding = [{"system": "http://www.nlm.nih.gov/research/umls/rxnorm", "code": drug.rxnorm, "display": drug.name}] if drug.rxnorm else []
    base = str(request.base_url).rstrip("/")
    resource = {
        "resourceType": "MedicationKnowledge",
        "id": drug.slug,
        "status": "active",
        "code": {"coding": coding, "text": drug.name} if coding else {"text": drug.name},
        "synonym": [b.name for b in drug.brands] + list(drug.synonyms),
        "productType": [{"text": live.knowledge.classes[c].name} for c in drug.classes],
        "monograph": [{"type": {"text": "ImmunoGuide monograph"}, "source": {"display": f"{base}/drugs/{drug.slug}"}}],
        "administrationGuidelines": [
            {"dosage": [{"type": {"text": r.title}, "dosage": [{"text": f"{dose_text(r.dose)} {r.route}, {frequency_text(r)}"}]}], "indicationCodeableConcept": {"text": live.knowledge.conditions[r.indication].name}}
            for r in drug.regimens
        ],
    }
    return Response(orjson.dumps(validate({k: v for k, v in resource.items() if v}, "MedicationKnowledge")), media_type=FHIR_JSON)
