"""CDS Hooks and FHIR over real HTTP, with request payloads in the shape of the CDS Hooks 2.0
specification's examples and HL7's FHIR R4 MedicationRequest examples."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"


def med_request(id_: str, *, code: str | None = None, display: str | None = None, status: str = "draft") -> dict:
    coding = [{"system": RXNORM, **({"code": code} if code else {}), **({"display": display} if display else {})}]
    return {
        "resourceType": "MedicationRequest", "id": id_, "status": status, "intent": "order",
        "medicationCodeableConcept": {"coding": coding, "text": display} if display else {"coding": coding},
        "subject": {"reference": "Patient/example"},
        "dosageInstruction": [{"text": "as directed"}],
    }


def bundle(*resources: dict) -> dict:
    return {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]}


def hook_request(hook: str, draft: list[dict], current: list[dict] | None, **extra: object) -> dict:
    body: dict = {
        "hookInstance": "d1577c69-dfbe-44ad-ba6d-3e05e953b2ea", "hook": hook, "fhirServer": None,
        "context": {"userId": "Practitioner/example", "patientId": "example"},
    }
    if hook != "patient-view":
        body["context"]["draftOrders"] = bundle(*draft)
    if current is not None:
        body["prefetch"] = {"patient": {"resourceType": "Patient", "id": "example", "gender": "female", "birthDate": "1960-05-01"},
                            "medications": bundle(*current)}
    body.update(extra)
    return body


def test_discovery_lists_the_services_with_prefetch(http: httpx.Client) -> None:
    r = http.get("/cds-services")
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    services = {s["id"]: s for s in r.json()["services"]}
    assert {s["hook"] for s in services.values()} == {"order-select", "order-sign", "patient-view"}
    assert services["immunoguide-order-select"]["prefetch"]["medications"] == "MedicationRequest?patient={{context.patientId}}&status=active"


def test_pomalidomide_ordered_for_a_patient_on_fluvoxamine(http: httpx.Client) -> None:
    body = hook_request("order-select", [med_request("pom", display="Pomalyst 4 MG Oral Capsule")], [med_request("fluv", display="fluvoxamine maleate 100 MG Oral Tablet", status="active")])
    cards = http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"]
    (card,) = cards
    assert card["indicator"] == "warning" and len(card["summary"]) <= 140 and card["summary"].startswith("Major: Pomalidomide + Fluvoxamine")
    assert card["source"]["label"] == "ImmunoGuide" and card["source"]["topic"]["display"].startswith("POMALYST")
    assert "2 mg" in card["detail"] and card["overrideReasons"]
    assert card["suggestions"][0]["actions"] == [{"type": "delete", "description": "Remove the draft order for Pomalyst 4 MG Oral Capsule", "resource": "MedicationRequest/pom"}]


def test_methotrexate_with_trimethoprim_sulfamethoxazole_by_rxnorm_code(http: httpx.Client) -> None:
    body = hook_request("order-sign", [med_request("smx", display="sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet")], [med_request("mtx", code="6851", status="active")])
    (card,) = http.post("/cds-services/immunoguide-order-sign", json=body).json()["cards"]
    assert "Methotrexate + Trimethoprim-sulfamethoxazole" in card["summary"] and card["indicator"] in ("critical", "warning")


def test_live_vaccine_ordered_for_a_patient_on_adalimumab(http: httpx.Client) -> None:
    body = hook_request("order-select", [med_request("mmr", display="measles mumps rubella vaccine")], [med_request("ada", code="327361", status="active")])
    cards = http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"]
    assert any("MMR vaccine" in c["summary"] and c["indicator"] in ("critical", "warning") for c in cards), cards


def test_warfarin_with_an_nsaid_is_outside_what_immunoguide_checks(http: httpx.Client) -> None:
    body = hook_request("order-select", [med_request("ibu", code="5640")], [med_request("war", code="11289", status="active")])
    assert http.post("/cds-services/immunoguide-order-select", json=body).json() == {"cards": []}


def test_unresolvable_medications_are_listed_never_dropped(http: httpx.Client) -> None:
    body = hook_request("order-select", [med_request("x", display="Zzqx 5 MG Tablet")], [])
    (card,) = http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"]
    assert card["indicator"] == "info" and "Zzqx 5 MG Tablet" in card["detail"]


def test_patient_view_reports_issues_in_the_current_list(http: httpx.Client) -> None:
    body = hook_request("patient-view", [], [med_request("mtx", code="6851", status="active"), med_request("ibu", code="5640", status="active")])
    cards = http.post("/cds-services/immunoguide-patient-view", json=body).json()["cards"]
    assert [c["summary"].split(":")[1].strip() for c in cards] == ["Methotrexate + Ibuprofen"]


class _FhirServer(BaseHTTPRequestHandler):
    """A small FHIR server of the test's own: one patient on fluvoxamine, behind a bearer token."""

    requests: list[tuple[str, str | None]] = []

    def do_GET(self) -> None:  # noqa: N802
        type(self).requests.append((self.path, self.headers.get("Authorization")))
        if self.headers.get("Authorization") != "Bearer secret-token":
            self.send_response(401)
            self.end_headers()
            return
        if self.path.startswith("/MedicationRequest?patient=example"):
            payload = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": med_request("fluv", display="Luvox", status="active")}]}
        else:
            payload = {"resourceType": "Bundle", "type": "searchset", "entry": []}
        data = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fhir_server():  # noqa: ANN201
    server = ThreadingHTTPServer(("127.0.0.1", 0), _FhirServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    _FhirServer.requests = []
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_missing_prefetch_is_fetched_from_the_fhir_server_with_the_token(http: httpx.Client, fhir_server: str) -> None:
    body = hook_request("order-select", [med_request("pom", display="Pomalyst")], None, fhirServer=fhir_server,
                        fhirAuthorization={"access_token": "secret-token", "token_type": "Bearer", "expires_in": 300, "scope": "patient/*.read", "subject": "cds-service"})
    cards = http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"]
    assert [c["indicator"] for c in cards] == ["warning"] and "Fluvoxamine" in cards[0]["summary"]
    assert ("/MedicationRequest?patient=example&status=active", "Bearer secret-token") in _FhirServer.requests
    without = hook_request("order-select", [med_request("pom", display="Pomalyst")], None)
    (card,) = http.post("/cds-services/immunoguide-order-select", json=without).json()["cards"]
    assert card["summary"] == "ImmunoGuide could not see the current medication list" and "no fhirServer" in card["detail"]


@pytest.mark.parametrize(
    ("path", "content", "status", "says"),
    [
        ("/cds-services/immunoguide-order-select", b"{not json", 400, "not JSON"),
        ("/cds-services/immunoguide-order-select", json.dumps({"hook": "order-select", "hookInstance": "x", "context": {"draftOrders": {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": {"resourceType": "MedicationRequest", "id": "a"}}]}}}).encode(), 400, "Field required"),
        ("/cds-services/immunoguide-order-select", json.dumps({"hook": "patient-view", "hookInstance": "x", "context": {}}).encode(), 400, "answers order-select"),
        ("/cds-services/nope", json.dumps({"hook": "order-select"}).encode(), 404, "no CDS service"),
    ],
)
def test_malformed_requests_get_an_operation_outcome(http: httpx.Client, path: str, content: bytes, status: int, says: str) -> None:
    r = http.post(path, content=content, headers={"Content-Type": "application/json"})
    assert r.status_code == status
    outcome = r.json()
    assert outcome["resourceType"] == "OperationOutcome" and says in json.dumps(outcome)


def test_fhir_check_json_and_detected_issues(http: httpx.Client) -> None:
    payload = bundle(med_request("mtx", code="6851", status="active"), med_request("smx", display="Bactrim DS", status="active"))
    answer = http.post("/api/v1/fhir/check", json=payload).json()
    assert [(m["slug"], m["resolved_by"]) for m in answer["medications"]] == [("methotrexate", "rxnorm"), ("trimethoprim-sulfamethoxazole", "name")]
    assert answer["interactions"]
    issues = http.post("/api/v1/fhir/check", json=payload, headers={"Accept": "application/fhir+json"})
    assert issues.headers["content-type"].startswith("application/fhir+json")
    (entry,) = issues.json()["entry"]
    issue = entry["resource"]
    assert issue["resourceType"] == "DetectedIssue" and issue["severity"] == "high" and {i["reference"] for i in issue["implicated"]} == {"MedicationRequest/mtx", "MedicationRequest/smx"}
    assert http.post("/api/v1/fhir/check", json={"resourceType": "Nope"}).status_code == 400


def test_medication_knowledge(http: httpx.Client) -> None:
    r = http.get("/api/v1/fhir/MedicationKnowledge/adalimumab")
    body = r.json()
    assert r.status_code == 200 and body["resourceType"] == "MedicationKnowledge"
    assert body["code"]["coding"][0] == {"system": RXNORM, "code": "327361", "display": "Adalimumab"} and "Humira" in body["synonym"]
    assert http.get("/api/v1/fhir/MedicationKnowledge/nope").status_code == 404


def test_a_dose_card_from_kidney_function_in_prefetch(http: httpx.Client) -> None:
    # Revlimid 2.6: CLcr below 30 mL/min, not on dialysis, myeloma with dexamethasone: 15 mg every 48 hours.
    # Cockcroft-Gault: (140 − 70) × 70 / (72 × 2.5) = 27.2 mL/min for a man of 70 weighing 70 kg.
    body = hook_request("order-select", [med_request("len", display="Revlimid 25 MG Oral Capsule")], [])
    body["prefetch"]["patient"] = {"resourceType": "Patient", "id": "example", "gender": "male", "birthDate": f"{__import__('datetime').date.today().year - 70}-01-01"}
    body["prefetch"]["creatinine"] = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
        "resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "2160-0"}]},
        "subject": {"reference": "Patient/example"}, "effectiveDateTime": "2026-11-20",
        "valueQuantity": {"value": 2.5, "unit": "mg/dL", "system": "http://unitsofmeasure.org", "code": "mg/dL"}}}]}
    body["prefetch"]["weight"] = {"resourceType": "Bundle", "type": "searchset", "entry": [{"resource": {
        "resourceType": "Observation", "status": "final", "code": {"coding": [{"system": "http://loinc.org", "code": "29463-7"}]},
        "subject": {"reference": "Patient/example"}, "valueQuantity": {"value": 70, "unit": "kg", "system": "http://unitsofmeasure.org", "code": "kg"}}}]}
    (card,) = http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"]
    assert card["indicator"] == "warning" and card["summary"].startswith("Dose: Lenalidomide 15 mg every other day")
    assert "27.2 mL/min" in card["detail"]
    action = card["suggestions"][0]["actions"][0]
    assert action["type"] == "update" and action["resource"]["id"] == "len" and action["resource"]["dosageInstruction"][0]["text"].startswith("15 mg every other day")


def test_a_pregnancy_card_for_a_woman_of_reproductive_age(http: httpx.Client) -> None:
    body = hook_request("order-select", [med_request("thal", display="Thalomid 50 MG Oral Capsule")], [])
    body["prefetch"]["patient"] = {"resourceType": "Patient", "id": "example", "gender": "female", "birthDate": "1995-03-02"}
    cards = http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"]
    (card,) = [c for c in cards if "pregnancy" in c["summary"]]
    assert card["indicator"] == "warning" and "REMS" in card["summary"] and card["source"]["topic"]["display"].startswith("THALOMID")
    body["prefetch"]["patient"]["gender"] = "male"
    assert not [c for c in http.post("/cds-services/immunoguide-order-select", json=body).json()["cards"] if "pregnancy" in c["summary"]]
