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
            live = app.state.live.current
            etag = client.get("/drugs/pomalidomide").headers["etag"]
            # The 304 answer does no rendering: its time is the in-process client and routing overhead.
            overhead = report("GET /drugs/pomalidomide answered 304 (overhead only)", measure(lambda: client.get("/drugs/pomalidomide", headers={"If-None-Match": etag}), repeat=300))
            for path in PATHS:
                assert client.get(path).status_code == 200, path

                def cold(p: str = path) -> None:
                    live.pages.items.clear()  # force a fresh render every time
                    client.get(p)

                row = report(f"GET {path} (rendered)", measure(cold, repeat=300))
                print(f"{'':<48} ≈ {row['median_ms'] - overhead['median_ms']:.3f} ms server-side render")
                report(f"GET {path} (cached page)", measure(lambda p=path: client.get(p), repeat=300))


if __name__ == "__main__":
    main()
