"""The safety tools over real HTTP: name resolution and the interaction checker."""

from __future__ import annotations

import time

import httpx
import pytest


def test_the_issue_example(http: httpx.Client) -> None:
    r = http.post("/api/v1/interactions", json={"medicines": ["Revlimid", "warfarin", "sertarline"]})
    assert r.status_code == 200
    body = r.json()
    assert [(x["input"], x["slug"]) for x in body["resolved"]] == [("Revlimid", "lenalidomide"), ("warfarin", "warfarin"), ("sertarline", "sertraline")]
    assert body["resolved"][2]["matched_on"] == "fuzzy" and body["resolved"][2]["reading"] == "sertarline: read as Sertraline"
    assert body["unknown"] == []
    # warfarin + sertraline: two non-immunomodulators, outside ImmunoGuide's rules, and said so
    assert [n["medicines"] for n in body["not_covered"]] == [["warfarin", "sertraline"]]
    assert body["pairs_checked"] == 2
    ranks = ["contraindicated", "major", "moderate", "minor"]
    severities = [f["severity"] for f in body["interactions"]]
    assert severities == sorted(severities, key=ranks.index)
    for finding in body["interactions"] + body["alerts"]:
        assert finding["sources"], finding
        for src in finding["sources"]:
            assert src["title"] and src["section"] and src["date"]


@pytest.mark.parametrize(
    ("query", "slug", "matched_on"),
    [
        ("Humira", "adalimumab", "brand"), ("revlimid", "lenalidomide", "brand"), ("POMALYST", "pomalidomide", "brand"),
        ("Otrexup", "methotrexate", "brand"), ("Trexall", "methotrexate", "brand"), ("Imuran", "azathioprine", "brand"),
        ("CellCept", "mycophenolate-mofetil", "brand"), ("Xeljanz", "tofacitinib", "brand"), ("Gilenya", "fingolimod", "brand"),
        ("Plaquenil", "hydroxychloroquine", "brand"), ("Arava", "leflunomide", "brand"), ("Remicade", "infliximab", "brand"),
        ("Enbrel", "etanercept", "brand"), ("Thalomid", "thalidomide", "brand"), ("MTX", "methotrexate", "synonym"),
        ("HCQ", "hydroxychloroquine", "synonym"), ("  methotrexate ", "methotrexate", "generic"),
        ("sertarline", "sertraline", "fuzzy"), ("methotrexat", "methotrexate", "fuzzy"), ("adalimumub", "adalimumab", "fuzzy"),
    ],
)
def test_resolve(http: httpx.Client, query: str, slug: str, matched_on: str) -> None:
    body = http.get("/api/v1/resolve", params={"q": query}).json()
    assert body["query"] == query
    assert (body["match"]["slug"], body["match"]["matched_on"]) == (slug, matched_on)


def test_unresolvable_names_come_back_with_suggestions(http: httpx.Client) -> None:
    body = http.get("/api/v1/resolve", params={"q": "metho"}).json()
    assert body["match"] is None
    assert "methotrexate" in [s["slug"] for s in body["suggestions"]]
    answer = http.post("/api/v1/interactions", json={"medicines": ["metho", "Humira"]}).json()
    assert answer["unknown"][0]["input"] == "metho" and answer["unknown"][0]["suggestions"]
    assert "not checked" in answer["unknown"][0]["message"]


@pytest.mark.parametrize(
    "body",
    [
        {}, {"medicines": []}, {"medicines": "humira"}, {"medicines": [1, 2]}, {"medicines": ["x" * 121]},
        {"medicines": ["humira"] * 201}, {"medicines": ["humira"], "extra": True},
    ],
)
def test_bad_interaction_requests_are_422(http: httpx.Client, body: dict) -> None:
    r = http.post("/api/v1/interactions", json=body)
    assert r.status_code == 422
    assert r.json()["detail"] == "invalid request" and r.json()["errors"]


def test_ten_thousand_names_is_a_clear_422(http: httpx.Client) -> None:
    r = http.post("/api/v1/interactions", json={"medicines": [f"name{i}" for i in range(10_000)]})
    assert r.status_code == 422
    assert "at most 200" in r.text


@pytest.mark.parametrize("raw", [b"\xff\xfe\x00garbage", b"{not json", b'{"medicines": ["\xff"]}'])
def test_broken_bodies_are_422_not_500(http: httpx.Client, raw: bytes) -> None:
    r = http.post("/api/v1/interactions", content=raw, headers={"content-type": "application/json"})
    assert r.status_code == 422


def test_html_in_names_is_reported_not_executed(http: httpx.Client) -> None:
    answer = http.post("/api/v1/interactions", json={"medicines": ["<script>alert(1)</script>", "Humira"]}).json()
    assert answer["unknown"][0]["input"] == "<script>alert(1)</script>"
    page = http.get("/tools/interactions", params=[("m", "<script>alert(1)</script>"), ("m", "Humira")]).text
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_interaction_page_is_shareable_and_works_without_javascript(http: httpx.Client) -> None:
    r = http.get("/tools/interactions", params=[("m", "revlimid"), ("m", "warfarin")])
    assert r.status_code == 200
    assert 'value="revlimid"' in r.text and 'value="warfarin"' in r.text
    assert "All pairs at a glance" in r.text
    empty = http.get("/tools/interactions")
    assert empty.status_code == 200 and "Check interactions" in empty.text and "Results" not in empty.text


def test_calculators_over_http(http: httpx.Client) -> None:
    r = http.post("/api/v1/calculators/crcl", json={"age_years": 60, "sex": "female", "weight_kg": 72, "serum_creatinine": {"value": 88.4, "unit": "umol/L"}})
    assert r.status_code == 200
    assert (r.json()["crcl_ml_min"], r.json()["formula"]) == (68.0, "Cockcroft-Gault")
    assert r.json()["source"]["title"].startswith("Cockcroft DW")
    cp = http.post("/api/v1/calculators/child-pugh", json={"bilirubin": {"value": 2.5, "unit": "mg/dL"}, "albumin": {"value": 3.0, "unit": "g/dL"}, "inr": 1.5, "ascites": "mild", "encephalopathy": "none"}).json()
    assert (cp["score"], cp["class"]) == (8, "B")
    bsa = http.post("/api/v1/calculators/bsa", json={"weight_kg": 80, "height_cm": 180}).json()
    assert (bsa["bsa_m2"], bsa["formula"]) == (2.0, "Mosteller")


@pytest.mark.parametrize(
    ("path", "body", "field", "reason"),
    [
        ("crcl", {"age_years": 400, "sex": "male", "weight_kg": 70, "serum_creatinine": {"value": 1, "unit": "mg/dL"}}, "age_years", "must be between 18 and 120 years"),
        ("crcl", {"age_years": 40, "sex": "male", "weight_kg": -1, "serum_creatinine": {"value": 1, "unit": "mg/dL"}}, "weight_kg", "must be between 1 and 500 kg"),
        ("crcl", {"age_years": 40, "sex": "male", "weight_kg": 70, "serum_creatinine": {"value": 0, "unit": "mg/dL"}}, "serum_creatinine.value", "greater than 0"),
        ("bsa", {"weight_kg": 70, "height_cm": 999}, "height_cm", "must be between 50 and 272 cm"),
    ],
)
def test_impossible_calculator_input_is_a_422_naming_field_and_range(http: httpx.Client, path: str, body: dict, field: str, reason: str) -> None:
    r = http.post(f"/api/v1/calculators/{path}", json=body)
    assert r.status_code == 422
    errors = {e["field"]: e["reason"] for e in r.json()["errors"]}
    assert reason in errors[field], errors


def test_schedule_api_and_ics(http: httpx.Client) -> None:
    params = {"drug": "Pomalyst", "indication": "multiple-myeloma", "start": "2026-12-01", "cycles": 1}
    body = http.get("/api/v1/schedule", params=params).json()
    # 21 pomalidomide days, and day 22: dexamethasone only (Pomalyst 2.2: dexamethasone days 1, 8, 15, 22)
    assert body["drug"] == "pomalidomide" and len(body["days"]) == 22 and len(body["rest_days"]) == 7
    dex = {"medicine": "Dexamethasone", "amount": None, "amount_max": None, "unit": None, "companion": True, "as_prescribed": True}
    assert body["days"][0] == {"date": "2026-12-01", "cycle": 1, "day_of_cycle": 1, "doses": [{"medicine": "Pomalidomide", "amount": 4.0, "amount_max": None, "unit": "mg"}, dex]}
    assert body["days"][21] == {"date": "2026-12-22", "cycle": 1, "day_of_cycle": 22, "doses": [dex]}
    assert body["companions"] and body["sources"]
    ics = http.get("/api/v1/schedule.ics", params={**params, "time": "09:30", "tz": "America/New_York", "reminder": 10})
    assert ics.status_code == 200 and ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.count("BEGIN:VEVENT") == 21 + 4 + 1 and "TZID=America/New_York" in ics.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"drug": "xyzzy", "start": "2026-12-01"}, "drug"),
        ({"drug": "warfarin", "start": "2026-12-01"}, "drug"),
        ({"drug": "pomalidomide", "start": "2026-02-30"}, "start"),
        ({"drug": "pomalidomide", "indication": "gout", "start": "2026-12-01"}, "indication"),
        ({"drug": "pomalidomide", "indication": "multiple-myeloma", "start": "2026-12-01", "cycles": 0}, "cycles"),
        ({"drug": "lenalidomide", "indication": "multiple-myeloma", "start": "2026-12-01"}, "regimen"),
        ({"drug": "methotrexate", "indication": "rheumatoid-arthritis", "start": "2026-12-01", "weekday": "someday"}, "weekday"),
    ],
)
def test_schedule_bad_input_is_a_422(http: httpx.Client, params: dict, field: str) -> None:
    r = http.get("/api/v1/schedule", params=params)
    assert r.status_code == 422
    assert field in {e["field"] for e in r.json()["errors"]}


@pytest.mark.parametrize(("extra", "field"), [({"tz": "Mars/Base"}, "tz"), ({"time": "25:00"}, "time"), ({"reminder": -5}, "reminder")])
def test_ics_bad_input_is_a_422(http: httpx.Client, extra: dict, field: str) -> None:
    r = http.get("/api/v1/schedule.ics", params={"drug": "pomalidomide", "indication": "multiple-myeloma", "start": "2026-12-01", **extra})
    assert r.status_code == 422 and field in {e["field"] for e in r.json()["errors"]}


def test_compare(http: httpx.Client) -> None:
    body = http.get("/api/v1/compare", params={"drugs": "Humira, Remicade ,enbrel"}).json()
    assert [d["slug"] for d in body["drugs"]] == ["adalimumab", "infliximab", "etanercept"]
    rows = {r["key"]: r for r in body["rows"]}
    assert {"class", "how", "pregnancy", "breastfeeding", "common", "serious", "monitoring", "interactions"} <= set(rows)
    how = [c["value"] for c in rows["how"]["cells"]]
    assert "intravenous" in how[1] and "subcutaneous" in how[0] and "subcutaneous" in how[2]
    assert all(c["sources"] for c in rows["pregnancy"]["cells"])  # each cell with its source
    page = http.get("/compare", params={"drugs": "adalimumab,infliximab"})
    assert page.status_code == 200 and "Compare medicines" in page.text and "<th scope=\"row\">Pregnancy</th>" in page.text


@pytest.mark.parametrize("drugs", ["humira", "humira,humira", "humira,warfarin", ",".join(["humira", "remicade", "enbrel", "xeljanz", "imuran", "arava", "plaquenil"])])
def test_compare_needs_two_to_six_immunomodulators(http: httpx.Client, drugs: str) -> None:
    r = http.get("/api/v1/compare", params={"drugs": drugs})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "drugs"


def test_logs_carry_no_medicine_names(http: httpx.Client, server) -> None:  # noqa: ANN001
    http.get("/tools/interactions", params=[("m", "zzsecretdrug"), ("m", "Humira")])
    http.post("/api/v1/interactions", json={"medicines": ["zzsecretdrug2", "Humira"]})
    time.sleep(0.3)
    log = server.log.read_text()
    assert "GET /tools/interactions 200" in log
    assert "zzsecretdrug" not in log


def test_my_medicines_report(http: httpx.Client) -> None:
    params = [("m", "humira"), ("m", "methotrexate"), ("m", "ibuprofen"), ("m", "zzz"), ("patient", "female"), ("situation", "planning")]
    html = http.get("/my-medicines", params=params).text
    for part in ("Your medicines report", "Methotrexate + Ibuprofen", "Tests and check-ups", "Get help now if", "Pregnancy and contraception",
                 "Questions for your doctor or pharmacist", "Do the interactions on this list change any of my doses or tests?", "“zzz”"):
        assert part in html, part
    assert 'id="sources-h"' in html


def test_my_medicines_report_gives_dose_notes_from_kidney_function(http: httpx.Client) -> None:
    params = [("m", "Xeljanz"), ("m", "ketoconazole"), ("crcl", "40")]
    html = http.get("/my-medicines", params=params).text
    assert "Dose notes" in html and "Moderate kidney impairment (creatinine clearance 30 to 50 mL/min)" in html
    assert "is my dose the right one?" in html
    bad = http.get("/my-medicines", params=[("m", "Xeljanz"), ("weight", "-2")])
    assert bad.status_code == 422 and "Weight: must be between 1 and 500 kg" in bad.text


@pytest.mark.parametrize("path", ["/tools/interactions?m=humira", "/tools/dose?drug=humira", "/tools/switch?from=humira&to=xeljanz", "/tools/pregnancy?m=humira", "/tools/calendar?drug=pomalyst&start=2026-12-01", "/my-medicines?m=humira", "/search?q=humira"])
def test_personal_pages_are_never_cached(http: httpx.Client, path: str) -> None:
    r = http.get(path)
    assert r.status_code == 200
    assert r.headers["cache-control"] == "private, no-store" and "etag" not in r.headers
