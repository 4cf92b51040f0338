"""Server-side render time of content pages, in process through the full ASGI stack (target ≤ 5 ms median for a drug page)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import ROOT, measure, report
from fastapi.testclient import TestClient

from immunoguide.config import Settings
from immunoguide.knowledge.load import load_content
from immunoguide.store.db import make_engine, migrate
from immunoguide.store.publish import publish
from immunoguide.web.app import create_app

PATHS = [
    "/drugs/pomalidomide",
    "/drugs/methotrexate",
    "/drugs/adalimumab",
    "/topics/immunomodulatory-drugs",
    "/articles/pomalidomide-dosing-guide",
    "/",
    "/search?q=humira",
    "/api/v1/drugs/pomalidomide",
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        publish(engine, load_content(ROOT / "content"))
        app = create_app(Settings(database_url=url, reload_seconds=3600), engine=engine)
        with TestClient(app) as client:
            for path in PATHS:
                assert client.get(path).status_code == 200, path
                report(f"GET {path}", measure(lambda p=path: client.get(p), repeat=300))
            etag = client.get("/drugs/pomalidomide").headers["etag"]
            report("GET /drugs/pomalidomide (If-None-Match: 304)", measure(lambda: client.get("/drugs/pomalidomide", headers={"If-None-Match": etag}), repeat=300))


if __name__ == "__main__":
    main()
