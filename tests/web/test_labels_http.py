"""The FDA label library over real HTTP: label pages, label search, and names it knows."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from immunoguide.labels.importer import import_part
from immunoguide.store.db import make_engine, migrate

PART1 = Path(__file__).resolve().parents[1] / "fixtures" / "openfda" / "drug-label-0001-of-0002.json.zip"
REVLIMID = "5fa97bf5-28a2-48f1-8955-f56012d296be"


@pytest.fixture(scope="module")
def library(server) -> None:  # noqa: ANN001
    engine = make_engine(server.database_url)
    migrate(engine)
    import_part(engine, PART1)
    engine.dispose()


def test_label_page_and_record(http: httpx.Client, library: None) -> None:
    page = http.get(f"/labels/{REVLIMID}")
    assert page.status_code == 200 and "Revlimid (lenalidomide)" in page.text
    assert 'href="/drugs/lenalidomide"' in page.text and 'id="boxed_warning"' in page.text and "<table" in page.text
    assert "<script" not in page.text.split("</header>")[1].split("<footer")[0]
    record = http.get(f"/api/v1/labels/{REVLIMID}").json()
    assert record["title"] == "Revlimid (lenalidomide)" and record["sections"][0]["field"] == "recent_major_changes" and record["sections"][-1]["field"] == "package_label_principal_display_panel"
    assert http.get("/api/v1/labels/nope").status_code == 404 and http.get("/labels/nope").status_code == 404


def test_label_search_api_and_second_tier_of_site_search(http: httpx.Client, library: None) -> None:
    body = http.get("/api/v1/labels", params={"q": "hepatotoxicity", "section": "boxed_warning", "limit": 3}).json()
    assert body["results"] and all(r["section"] == "boxed_warning" for r in body["results"])
    assert http.get("/api/v1/labels", params={"q": "x", "section": "Bad Section!"}).status_code == 422
    html = http.get("/search", params={"q": "lenalidomide"}).text
    assert html.index('href="/drugs/lenalidomide"') < html.index("In the FDA label library") < html.index(f'href="/labels/{REVLIMID}')


def test_a_known_medicine_without_rules_is_told_apart_from_a_non_medicine(http: httpx.Client, library: None) -> None:
    body = http.post("/api/v1/interactions", json={"medicines": ["Humira", "Clozaril", "zzqxv"]}).json()
    unknown = {u["input"]: u for u in body["unknown"]}
    assert unknown["Clozaril"]["label"]["url"].startswith("/labels/") and "has no rules for it" in unknown["Clozaril"]["message"]
    assert "label" not in unknown["zzqxv"] and "could not recognise" in unknown["zzqxv"]["message"]
    page = http.get("/tools/interactions", params=[("m", "Humira"), ("m", "Clozaril")]).text
    assert "Read its FDA label" in page
    # a misspelling of a medicine only the label library knows: "did you mean" from the library
    close = http.post("/api/v1/interactions", json={"medicines": ["Humira", "Clozaryl"]}).json()["unknown"][0]
    assert [s["name"] for s in close["label_suggestions"]] == ["Clozaril"] and close["label_suggestions"][0]["url"].startswith("/labels/")
    assert "In the FDA label library" in http.get("/tools/interactions", params=[("m", "Humira"), ("m", "Clozaryl")]).text


def test_label_change_watch(http: httpx.Client, server, library: None, tmp_path) -> None:  # noqa: ANN001
    """Lenalidomide cites Revlimid version 40 (20230324); import a version 41 with a changed boxed warning."""
    import json
    import zipfile

    from tests.conftest import run_cli

    env = {"IMMUNOGUIDE_DATABASE_URL": server.database_url}
    before = run_cli("review-status", "--all", "--json", env=env)
    assert before.returncode == 0, before.stderr
    status = {x["source"]: x for x in json.loads(before.stdout)["labels"]}
    assert status["fda-label-lenalidomide"]["status"] == "current"
    assert "The FDA label was updated" not in http.get("/drugs/lenalidomide").text

    with zipfile.ZipFile(PART1) as z:
        raw = next(r for r in json.loads(z.read(z.namelist()[0]))["results"] if r["set_id"] == REVLIMID)
    newer = {**raw, "id": "revlimid-v41", "version": "41", "effective_time": "20250601", "boxed_warning": ["A new boxed warning text."]}
    newer.pop("geriatric_use", None)
    part = tmp_path / "update.json"
    part.write_text(json.dumps({"meta": {}, "results": [newer]}))
    imported = run_cli("import-openfda", str(part), "--json", env=env)
    assert imported.returncode == 0 and json.loads(imported.stdout)["parts"][0]["updated"] == 1

    after = run_cli("review-status", "--json", env=env)
    assert after.returncode == 1
    (item,) = [x for x in json.loads(after.stdout)["labels"] if x["source"] == "fda-label-lenalidomide"]
    assert item["status"] == "newer" and item["current"] == {"version": 41, "effective_time": "20250601"}
    assert [s["field"] for s in item["changed_sections"]] == ["boxed_warning"]
    assert "geriatric_use" in [s["field"] for s in item["removed_sections"]] and "lenalidomide" in item["cited_by"]
    page = http.get("/drugs/lenalidomide").text
    assert "The FDA label was updated after this page was last reviewed" in page and f'href="/labels/{REVLIMID}"' in page
