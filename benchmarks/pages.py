"""Server-side time of content pages (target: drug page ≤ 5 ms median).

Two figures per page: the handler alone, called in process with a real
Starlette request (rendering forced by clearing the build's page cache), and
the whole ASGI stack through Starlette's in-process test client with the page
cache warm. The 304 line shows the test client's own overhead, for comparison.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import ROOT, measure, report
from fastapi.testclient import TestClient
from starlette.requests import Request

from immunoguide.config import Settings
from immunoguide.knowledge.load import load_content
from immunoguide.store.db import make_engine, migrate
from immunoguide.store.publish import publish
from immunoguide.web import pages
from immunoguide.web.app import create_app

PAGES = {
    "/drugs/pomalidomide": (pages.drug_page, {"slug": "pomalidomide"}),
    "/drugs/methotrexate": (pages.drug_page, {"slug": "methotrexate"}),
    "/drugs/adalimumab": (pages.drug_page, {"slug": "adalimumab"}),
    "/topics/immunomodulatory-drugs": (pages.topic_page, {"slug": "immunomodulatory-drugs"}),
    "/articles/pomalidomide-dosing-guide": (pages.article_page, {"slug": "pomalidomide-dosing-guide"}),
    "/": (pages.home, {}),
    "/search?q=humira": (pages.search_page, {}),
}


def handler_call(app, target: str):  # noqa: ANN001, ANN201
    """A zero-argument callable that runs the page handler for `target` directly, with a real request."""
    path, _, query = target.partition("?")
    scope = {
        "type": "http", "app": app, "router": app.router, "method": "GET", "path": path, "raw_path": path.encode(),
        "root_path": "", "query_string": query.encode(), "headers": [(b"host", b"127.0.0.1:8000")],
        "scheme": "http", "server": ("127.0.0.1", 8000), "client": ("127.0.0.1", 1),
    }
    handler, params = PAGES[target]
    return lambda: handler(Request(scope), **params)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        publish(engine, load_content(ROOT / "content"))
        app = create_app(Settings(database_url=url, reload_seconds=3600), engine=engine)
        with TestClient(app) as client:
            live = app.state.live.current
            for path in PAGES:
                call = handler_call(app, path)
                assert call().status_code == 200, path

                def cold(call=call) -> None:  # noqa: ANN001
                    live.pages.items.clear()
                    call()

                report(f"handler {path} (rendered)", measure(cold, repeat=300))
            print()
            etag = client.get("/drugs/pomalidomide").headers["etag"]
            report("stack GET /drugs/pomalidomide → 304", measure(lambda: client.get("/drugs/pomalidomide", headers={"If-None-Match": etag}), repeat=300))
            for path in ["/drugs/pomalidomide", "/api/v1/drugs/pomalidomide", "/api/v1/search?q=humira"]:
                report(f"stack GET {path}", measure(lambda p=path: client.get(p), repeat=300))


if __name__ == "__main__":
    main()
