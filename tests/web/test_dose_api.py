"""The dose calculator over real HTTP: the API, the page and their answers to bad input."""

from __future__ import annotations

import httpx
import pytest


def test_the_issue_example(http: httpx.Client) -> None:
    body = {
        "drug": "pomalidomide", "indication": "multiple-myeloma",
        "patient": {"age_years": 70, "sex": "female", "weight_kg": 60, "height_cm": 160, "serum_creatinine": {"value": 1.1, "unit": "mg/dL"}, "child_pugh": "B"},
        "medicines": ["sertraline"],
    }
    r = http.post("/api/v1/dose", json=body)
    assert r.status_code == 200
    d = r.json()
    assert (d["drug"], d["indication"]) == ("pomalidomide", "multiple-myeloma")
    assert (d["standard"]["amount"], d["standard"]["unit"], d["standard"]["frequency"]) == (4, "mg", "once-daily")
    assert "days 1–21 of each 28-day cycle" in d["standard"]["schedule"]
    assert d["recommended"]["amount"] == 3  # Pomalyst 2.8: Child-Pugh A or B → 3 mg
    (rule,) = d["adjustments_applied"]
    assert rule["reason"].startswith("Mild or moderate liver impairment") and rule["sources"][0]["section"].startswith("2.8")
    # (140 − 70) × 60 / (72 × 1.1) × 0.85 = 45.1 mL/min; BSA √(160 × 60 / 3600) = 1.63 m²
    assert d["calculated"] == {"crcl_ml_min": 45.1, "crcl_from": "Cockcroft-Gault", "child_pugh_score": None, "child_pugh_class": "B", "bsa_m2": 1.63}
    assert d["unknown"] == [] and d["sources"]


def test_child_pugh_from_its_components(http: httpx.Client) -> None:
    parts = {"bilirubin": {"value": 2.5, "unit": "mg/dL"}, "albumin": {"value": 3.0, "unit": "g/dL"}, "inr": 1.8, "ascites": "mild", "encephalopathy": "none"}
    d = http.post("/api/v1/dose", json={"drug": "Xeljanz", "regimen": "ra", "patient": {"child_pugh": parts}}).json()
    assert (d["calculated"]["child_pugh_score"], d["calculated"]["child_pugh_class"]) == (9, "B")
    assert (d["recommended"]["amount"], d["recommended"]["frequency"]) == (5, "once-daily")


def test_avoid_means_no_recommended_dose(http: httpx.Client) -> None:
    d = http.post("/api/v1/dose", json={"drug": "Pomalyst", "indication": "multiple-myeloma", "medicines": ["fluvoxamine", "qqqzz"]}).json()
    assert d["recommended"] is None
    assert d["adjustments_applied"][0]["if_unavoidable"]["amount"] == 2
    assert any("avoid" in w for w in d["warnings"])
    assert [u["input"] for u in d["unknown"]] == ["qqqzz"]


@pytest.mark.parametrize(
    ("patient", "field", "says"),
    [
        ({"weight_kg": -70}, "patient.weight_kg", "between 1 and 500"),
        ({"age_years": 400}, "patient.age_years", "between 0 and 120"),
        ({"serum_creatinine": {"value": 0, "unit": "mg/dL"}}, "patient.serum_creatinine.value", "greater than 0"),
        ({"serum_creatinine": {"value": 1, "unit": "mmol/L"}}, "patient.serum_creatinine.unit", "mg/dL"),
        ({"crcl_ml_min": -5}, "patient.crcl_ml_min", "between 1 and 250"),
    ],
)
def test_impossible_values_get_a_422_naming_the_field(http: httpx.Client, patient: dict, field: str, says: str) -> None:
    r = http.post("/api/v1/dose", json={"drug": "pomalidomide", "patient": patient})
    assert r.status_code == 422
    (error,) = r.json()["errors"]
    assert error["field"] == field and says in error["reason"]


def test_unknown_drug_gets_suggestions(http: httpx.Client) -> None:
    r = http.post("/api/v1/dose", json={"drug": "pomalidomid xyz"})
    assert r.status_code == 422
    body = r.json()
    assert body["errors"][0]["field"] == "drug"
    assert "pomalidomide" in [s["slug"] for s in body["suggestions"]]


def test_dose_page_without_javascript_shows_dose_and_sources(http: httpx.Client) -> None:
    r = http.get("/tools/dose", params=[("drug", "Revlimid"), ("indication", "multiple-myeloma"), ("regimen", "mm-maintenance"), ("crcl", "45"), ("dialysis", "no")])
    assert r.status_code == 200 and r.headers["cache-control"] == "private, no-store"
    assert "5 mg once a day" in r.text and "2.6 Recommended Dosage for Patients with Renal Impairment" in r.text
    bad = http.get("/tools/dose", params={"drug": "Revlimid", "weight": "-3"})
    assert bad.status_code == 422 and "Weight: must be between 1 and 500 kg" in bad.text


def test_switch_api_the_issue_example(http: httpx.Client) -> None:
    r = http.post("/api/v1/switch", json={"from": "adalimumab", "to": "tofacitinib", "last_dose_date": "2026-12-01"})
    assert r.status_code == 200
    d = r.json()
    assert (d["from"]["slug"], d["to"]["slug"], d["basis"], d["start_date"]) == ("adalimumab", "tofacitinib", "general", "2026-12-15")
    assert d["overlap_warning"] and d["monitoring"] and d["sources"]
    assert [e["date"] for e in d["plan"]] == sorted(e["date"] for e in d["plan"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"from": "humira", "to": "xeljanz", "last_dose_date": "2026-02-30"}, "last_dose_date"),
        ({"from": "humira", "to": "zzqx", "last_dose_date": "2026-12-01"}, "to"),
        ({"from": "humira", "last_dose_date": "2026-12-01"}, "to"),
    ],
)
def test_switch_api_bad_input(http: httpx.Client, body: dict, field: str) -> None:
    r = http.post("/api/v1/switch", json=body)
    assert r.status_code == 422
    assert r.json()["errors"][0]["field"] == field


def test_switch_page_shows_a_timeline(http: httpx.Client) -> None:
    r = http.get("/tools/switch", params={"from": "Arava", "to": "methotrexate", "last": "2026-12-01"})
    assert r.status_code == 200 and "private" in r.headers["cache-control"]
    assert '<ol class="timeline">' in r.text and "13 Dec 2026" in r.text and "cholestyramine" in r.text
