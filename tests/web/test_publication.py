"""Publication behaviour that needs its own server: pagination past 20 articles, an empty store."""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from tests.conftest import start_server


def add_articles(content: Path, n: int) -> None:
    template = (content / "articles" / "older-article.md").read_text()
    for i in range(n):
        text = template.replace("slug: older-article", f"slug: generated-{i:02d}")
        text = text.replace('title: "Blood clots and myeloma medicines"', f'title: "Generated guide {i:02d}"')
        text = text.replace("date: 2025-03-02", f"date: 2024-01-{i + 1:02d}")
        (content / "articles" / f"generated-{i:02d}.md").write_text(text)


def test_hub_paginates_past_twenty_articles(content_copy: Path, tmp_path: Path) -> None:
    add_articles(content_copy, 23)  # 25 articles in all
    srv = start_server(f"sqlite:///{tmp_path / 's.db'}", content_copy, tmp_path / "log")
    try:
        first = httpx.get(f"{srv.base_url}/topics/immunomodulatory-drugs").text
        second = httpx.get(f"{srv.base_url}/topics/immunomodulatory-drugs", params={"page": 2}).text
        count = lambda html: len(re.findall(r'class="article-card"', html))  # noqa: E731
        assert (count(first), count(second)) == (20, 5)
        assert "Page 1 of 2" in first and 'href="/topics/immunomodulatory-drugs?page=2"' in first
        assert 'href="/topics/immunomodulatory-drugs?page=1"' in second
        # newest first across pages: the oldest generated article is last on page 2
        assert second.rstrip().rfind("Generated guide 00") > second.find("Generated guide 04")
        api = httpx.get(f"{srv.base_url}/api/v1/topics/immunomodulatory-drugs", params={"page": 2}).json()
        assert api["pages"] == 2 and len(api["articles"]) == 5
        assert httpx.get(f"{srv.base_url}/topics/immunomodulatory-drugs", params={"page": 3}).status_code == 404
    finally:
        srv.process.terminate()
        srv.process.wait(timeout=10)


def test_a_server_with_no_build_says_so(tmp_path: Path) -> None:
    srv = start_server(f"sqlite:///{tmp_path / 'empty.db'}", None, tmp_path / "log")
    try:
        health = httpx.get(f"{srv.base_url}/healthz")
        assert health.status_code == 503 and health.json()["status"] == "no-build"
        page = httpx.get(f"{srv.base_url}/drugs/pomalidomide")
        assert page.status_code == 503 and "immunoguide build" in page.text
        api = httpx.get(f"{srv.base_url}/api/v1/drugs")
        assert api.status_code == 503 and "hint" in api.json()
    finally:
        srv.process.terminate()
        srv.process.wait(timeout=10)
