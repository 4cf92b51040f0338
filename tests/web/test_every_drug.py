"""Every drug in the knowledge base through every page, API record and tool, over real HTTP.

A smoke test by construction: the list comes from the content, so a new monograph is
covered the moment it lands. Each tool must answer (200, or a 422 that names the field
when the drug's data cannot support the question); none may fail with a 500.
"""

from __future__ import annotations

import httpx
import pytest

from immunoguide.knowledge.load import load_content
from tests.conftest import CONTENT

KNOWLEDGE = load_content(CONTENT)
DRUGS = sorted(KNOWLEDGE.drugs)
IMMUNOMODULATORS = [d.slug for d in KNOWLEDGE.drugs_sorted("immunomodulator")]


def ok_or_named_422(r: httpx.Response) -> None:
    assert r.status_code in (200, 422), (r.status_code, r.text[:300])
    if r.status_code == 422:
        assert r.json()["errors"][0]["field"], r.text


@pytest.mark.parametrize("slug", DRUGS)
def test_drug_page_and_record(http: httpx.Client, slug: str) -> None:
    page = http.get(f"/drugs/{slug}")
    assert page.status_code == 200 and KNOWLEDGE.drugs[slug].name in page.text
    record = http.get(f"/api/v1/drugs/{slug}")
    assert record.status_code == 200 and record.json()["slug"] == slug
    check = http.post("/api/v1/interactions", json={"medicines": [KNOWLEDGE.drugs[slug].name, "warfarin", "Humira"]})
    assert check.status_code == 200 and check.json()["unknown"] == []


@pytest.mark.parametrize("slug", IMMUNOMODULATORS)
def test_every_tool_answers_for_every_immunomodulator(http: httpx.Client, slug: str) -> None:
    drug = KNOWLEDGE.drugs[slug]
    for regimen in {r.indication: r for r in drug.regimens}.values():
        dose = http.post("/api/v1/dose", json={"drug": slug, "indication": regimen.indication, "patient": {"age_years": 50, "weight_kg": 70, "height_cm": 170, "crcl_ml_min": 45, "child_pugh": "B"}, "medicines": ["ketoconazole"]})
        assert dose.status_code == 200, dose.text[:300]
        body = dose.json()
        assert body["recommended"] is not None or body["warnings"], "a missing dose always says why"
        ok_or_named_422(http.get("/api/v1/schedule", params={"drug": slug, "indication": regimen.indication, "start": "2026-12-01", "regimen": drug.regimens.index(regimen)}))
    for patient, situation in (("female", "planning"), ("male", "planning"), ("female", "breastfeeding")):
        preg = http.post("/api/v1/pregnancy", json={"medicines": [slug], "patient": patient, "situation": situation})
        assert preg.status_code == 200 and preg.json()["medicines"][0]["slug"] == slug
    other = "methotrexate" if slug != "methotrexate" else "adalimumab"
    assert http.get("/api/v1/compare", params={"drugs": f"{slug},{other}"}).status_code == 200
    for a, b in ((slug, other), (other, slug)):
        assert http.post("/api/v1/switch", json={"from": a, "to": b, "last_dose_date": "2026-12-01"}).status_code == 200
    for path in (f"/tools/dose?drug={slug}", f"/my-medicines?m={slug}&m=ibuprofen&crcl=40", f"/tools/switch?from={slug}&to={other}"):
        assert http.get(path).status_code == 200, path
