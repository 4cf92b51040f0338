"""The JSON API and the plain HTTP endpoints, over real HTTP against a running server."""

from __future__ import annotations

import json
import re
import time
import xml.etree.ElementTree as ET

import httpx
import pytest

from tests.conftest import FIXTURE_CONTENT, run_cli, start_server


def test_healthz_reports_the_build(http: httpx.Client) -> None:
    r = http.get("/healthz")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok"
    build = body["build"]
    assert isinstance(build["id"], int)
    assert re.match(r"\d{4}-\d{2}-\d{2}T", build["built_at"])
    assert build["drugs"] >= 1 and build["articles"] >= 1


def test_drug_list_and_detail_carry_sources(http: httpx.Client) -> None:
    drugs = http.get("/api/v1/drugs").json()["drugs"]
    assert "pomalidomide" in [d["slug"] for d in drugs]
    pom = http.get("/api/v1/drugs/pomalidomide").json()
    assert pom["name"] == "Pomalidomide"
    myeloma = [r for r in pom["regimens"] if r["indication"] == "multiple-myeloma"][0]
    assert myeloma["dose"]["amount"] == 4 and myeloma["dose"]["unit"] == "mg"
    assert myeloma["cycle"] == {"days_on": 21, "length_days": 28}
    cited = {c["source"] for r in pom["regimens"] for c in r["sources"]}
    listed = {s["id"] for s in pom["sources"]}
    assert cited <= listed
    assert all(s["revised"] for s in pom["sources"])
    assert "pomalidomide-dosing-guide" in [a["slug"] for a in pom["articles"]]


@pytest.mark.parametrize("path", ["/api/v1/drugs/humira-pen", "/api/v1/articles/nothing-here", "/api/v1/topics/nope", "/api/v1/classes/zzz", "/api/v1/conditions/gout-x"])
def test_unknown_slugs_get_a_json_404(http: httpx.Client, path: str) -> None:
    r = http.get(path)
    assert r.status_code == 404
    assert r.headers["content-type"].startswith("application/json")
    assert "unknown" in r.json()["detail"]
    assert isinstance(r.json()["suggestions"], list)


def test_unknown_drug_404_suggests_the_right_one(http: httpx.Client) -> None:
    r = http.get("/api/v1/drugs/pomalidamide")
    assert r.status_code == 404
    assert r.json()["suggestions"][0]["slug"] == "pomalidomide"


def test_search_api(http: httpx.Client) -> None:
    body = http.get("/api/v1/search", params={"q": "pomalidamide"}).json()
    assert body["query"] == "pomalidamide"
    first = body["results"][0]
    assert (first["type"], first["slug"], first["url"]) == ("drug", "pomalidomide", "/drugs/pomalidomide")
    assert set(first) >= {"type", "slug", "title", "url", "score"}


@pytest.mark.parametrize("params", [{}, {"q": ""}, {"q": "x" * 201}, {"q": "pom", "limit": 0}, {"q": "pom", "limit": "many"}])
def test_bad_search_input_is_a_clear_422(http: httpx.Client, params: dict) -> None:
    r = http.get("/api/v1/search", params=params)
    assert r.status_code == 422
    body = r.json()
    assert body["detail"] == "invalid request"
    assert body["errors"][0]["field"] in ("q", "limit")


def test_articles_and_topic(http: httpx.Client) -> None:
    articles = http.get("/api/v1/articles").json()["articles"]
    dates = [a["date"] for a in articles]
    assert dates == sorted(dates, reverse=True)
    topic = http.get("/api/v1/topics/immunomodulatory-drugs").json()
    assert topic["title"] == "Immunomodulatory Drugs: What They Are and How They Help Autoimmune and Cancer Patients"
    assert topic["page"] == 1 and topic["pages"] >= 1
    assert [a["slug"] for a in topic["articles"]][: len(articles)] == [a["slug"] for a in articles if "immunomodulatory-drugs" in a["topics"]][:20]
    assert http.get("/api/v1/topics/immunomodulatory-drugs", params={"page": 0}).status_code == 422
    assert http.get("/api/v1/topics/immunomodulatory-drugs", params={"page": 999}).status_code == 404
    article = http.get("/api/v1/articles/pomalidomide-dosing-guide").json()
    assert article["date"] == "2025-10-17"
    assert article["sources"]


def test_openapi_and_docs(http: httpx.Client) -> None:
    spec = http.get("/openapi.json").json()
    for path in ("/api/v1/drugs", "/api/v1/drugs/{slug}", "/api/v1/articles", "/api/v1/topics/{slug}", "/api/v1/search"):
        assert path in spec["paths"]
    docs = http.get("/docs")
    assert docs.status_code == 200
    # Swagger UI is served from this site, so /docs works offline and under a strict CSP.
    assert "/static/swagger/swagger-ui-bundle.js" in docs.text and "cdn." not in docs.text
    assert http.get("/static/swagger/swagger-ui-bundle.js").status_code == 200


def test_security_and_cache_headers(http: httpx.Client) -> None:
    r = http.get("/drugs/pomalidomide")
    assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in r.headers["content-security-policy"]
    etag = r.headers["etag"]
    again = http.get("/drugs/pomalidomide", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""


def test_atom_feed_is_valid_atom(http: httpx.Client) -> None:
    r = http.get("/feed.atom")
    assert r.headers["content-type"].startswith("application/atom+xml")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(r.content)
    entries = feed.findall("a:entry", ns)
    assert entries
    titles = [e.find("a:title", ns).text for e in entries]
    assert "Pomalidomide Dosing Guide: How to Take It Safely" in titles
    for e in entries:
        assert e.find("a:link", ns).get("href").startswith("http://127.0.0.1")
        assert e.find("a:updated", ns).text.endswith("Z")


def test_sitemap_lists_every_page(http: httpx.Client) -> None:
    root = ET.fromstring(http.get("/sitemap.xml").content)
    locs = [e.text for e in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    drugs = http.get("/api/v1/drugs").json()["drugs"]
    for d in drugs:
        assert any(loc.endswith(f"/drugs/{d['slug']}") for loc in locs)
    assert any(loc.endswith("/topics/immunomodulatory-drugs") for loc in locs)


def _json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD"
    return json.loads(match.group(1))


def test_json_ld_on_drug_and_article_pages(http: httpx.Client) -> None:
    drug = _json_ld(http.get("/drugs/pomalidomide").text)
    assert drug["@type"] == "Drug" and drug["name"] == "Pomalidomide"
    assert "Pomalyst" in drug["alternateName"]
    article = _json_ld(http.get("/articles/pomalidomide-dosing-guide").text)
    assert "Article" in article["@type"] and "MedicalWebPage" in article["@type"]
    assert article["datePublished"] == "2025-10-17"


@pytest.mark.parametrize(
    "path",
    ["/drugs/not-a-drug", "/articles/zzz", "/topics/zzz", "/classes/zzz", "/conditions/zzz", "/nothing/here"],
)
def test_unknown_pages_get_a_helpful_404(http: httpx.Client, path: str) -> None:
    r = http.get(path)
    assert r.status_code == 404
    assert "text/html" in r.headers["content-type"]
    assert "Page not found" in r.text and "Search instead" in r.text


def test_404_page_suggests_near_misses(http: httpx.Client) -> None:
    r = http.get("/drugs/pomalidamide")
    assert r.status_code == 404
    assert "Did you mean" in r.text and 'href="/drugs/pomalidomide"' in r.text


@pytest.mark.parametrize(
    "path",
    [
        "/search?q=%00%ff", "/search?q=" + "a" * 5000, "/topics/immunomodulatory-drugs?page=-1", "/topics/immunomodulatory-drugs?page=abc",
        "/articles?page=1e9", "/drugs/%2e%2e%2f%2e%2e%2fetc", "/api/v1/search?q=%F0%9F%92%8A", "/api/v1/drugs/" + "x" * 3000,
    ],
)
def test_odd_input_never_gives_a_500(http: httpx.Client, path: str) -> None:
    r = http.get(path)
    assert r.status_code < 500, r.text[:300]


def test_script_in_markdown_is_not_rendered(http: httpx.Client) -> None:
    html = http.get("/topics/immunomodulatory-drugs").text
    assert "<script>alert" not in html


def test_server_picks_up_a_new_build_without_restart(database_url: str, tmp_path) -> None:  # noqa: ANN001
    """On SQLite and on PostgreSQL: a build published while the server runs is served within seconds."""
    srv = start_server(database_url, FIXTURE_CONTENT, tmp_path / "server.log")
    try:
        first = httpx.get(f"{srv.base_url}/healthz").json()["build"]["id"]
        rebuilt = run_cli("build", "--content", str(FIXTURE_CONTENT), env={"IMMUNOGUIDE_DATABASE_URL": srv.database_url})
        assert rebuilt.returncode == 0, rebuilt.stderr
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if httpx.get(f"{srv.base_url}/healthz").json()["build"]["id"] != first:
                break
            time.sleep(0.1)
        assert httpx.get(f"{srv.base_url}/healthz").json()["build"]["id"] == first + 1
        assert httpx.get(f"{srv.base_url}/drugs/pomalidomide").status_code == 200
    finally:
        srv.process.terminate()
        srv.process.wait(timeout=10)
