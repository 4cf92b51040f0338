"""The FastAPI application factory.

The app reads the published build from the store at start-up, then checks
every few seconds whether a newer build was published and swaps it in. Each
request reads one immutable `Live` snapshot, so a swap never shows a reader
half of two builds.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import time
import logging
from collections.abc import AsyncIterator
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from swagger_ui_bundle import swagger_ui_path

from ..clinical.interactions import InteractionChecker
from ..clinical.names import NameResolver
from ..config import Settings
from ..knowledge.search import SearchIndex
from ..knowledge.snapshot import Knowledge
from ..store.db import make_engine
from ..store.publish import BuildInfo, load_published, published_build_id

log = logging.getLogger("immunoguide")
STATIC = Path(__file__).parent / "static"


@dataclass(frozen=True)
class Live:
    """One published build, ready to serve."""

    info: BuildInfo
    knowledge: Knowledge
    search: SearchIndex
    resolver: NameResolver
    checker: InteractionChecker
    #: Rendered pages of this build by URL: a build never changes, so neither do its pages.
    pages: PageCache = field(default_factory=lambda: PageCache(2048))


class PageCache:
    """A small bounded LRU of rendered page bodies (thread-safe enough for dict operations)."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        body = self.items.get(key)
        if body is not None:
            self.items.move_to_end(key)
        return body

    def put(self, key: str, body: bytes) -> None:
        self.items[key] = body
        while len(self.items) > self.size:
            self.items.popitem(last=False)


def make_live(info: BuildInfo, knowledge: Knowledge) -> Live:
    resolver = NameResolver(knowledge)
    return Live(info, knowledge, SearchIndex(knowledge), resolver, InteractionChecker(knowledge, resolver))


class LiveBuild:
    """Holds the build being served and swaps in newer published builds."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.current: Live | None = None

    def refresh(self) -> bool:
        """Load the published build if it is not the one being served. Errors keep the current one."""
        try:
            build_id = published_build_id(self.engine)
            if build_id is None or (self.current and self.current.info.id == build_id):
                return False
            loaded = load_published(self.engine)
        except SQLAlchemyError as exc:
            log.warning("could not read the store; still serving the last good build: %s", exc)
            return False
        if loaded is None:
            return False
        self.current = make_live(*loaded)
        # The build is a large, long-lived object graph: move it out of the garbage
        # collector's way, so that full collections do not stall requests.
        gc.collect()
        gc.freeze()
        info = self.current.info
        log.info("serving build %s (%s)", info.id, ", ".join(f"{n} {k}" for k, n in info.counts.items()))
        return True


SECURITY_HEADERS = [
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"permissions-policy", b"interest-cohort=(), geolocation=(), camera=(), microphone=()"),
]
CSP = (
    b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    b"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
# Swagger UI at /docs is served from this site (swagger-ui-bundle); its start-up script is inline.
CSP_DOCS = b"default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self' 'unsafe-inline'"


access_log = logging.getLogger("immunoguide.access")


class SiteEdge:
    """Pure ASGI middleware for every response: security headers, and an access log line
    without query string or body. The tools carry medicine lists in their URLs, and a person's
    medicines are health data the service does not keep (uvicorn's own access log, which
    prints whole URLs, is switched off by `immunoguide serve`)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = CSP_DOCS if scope["path"] == "/docs" else CSP
        started = time.perf_counter()
        status = 500

        async def send_with_headers(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS, (b"content-security-policy", csp)]
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            access_log.info("%s %s %d %.1fms", scope["method"], scope["path"], status, (time.perf_counter() - started) * 1000)


def create_app(settings: Settings | None = None, engine: Engine | None = None) -> FastAPI:
    settings = settings or Settings()
    engine = engine or make_engine(settings.resolved_database_url())
    live = LiveBuild(engine)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        await asyncio.to_thread(live.refresh)
        if live.current is None:
            log.warning("no build is published yet: run `immunoguide build`")

        async def watch() -> None:
            while True:
                await asyncio.sleep(settings.reload_seconds)
                await asyncio.to_thread(live.refresh)

        task = asyncio.create_task(watch())
        try:
            yield
        finally:
            task.cancel()

    app = FastAPI(
        title="ImmunoGuide API",
        version="1",
        description="Sourced medicines information about immunomodulatory drugs. "
        "Every clinical statement carries its source (document, section, revision date).",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
    )
    app.state.live = live
    app.state.settings = settings
    app.add_middleware(SiteEdge)
    app.mount("/static/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="ImmunoGuide API",
            swagger_js_url="/static/swagger/swagger-ui-bundle.js",
            swagger_css_url="/static/swagger/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )

    from . import api, cds, pages  # noqa: PLC0415  (routes need the app's state)

    app.include_router(api.router)
    app.include_router(cds.router)
    app.include_router(pages.router)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        if request.url.path.startswith("/api/") or request.url.path == "/healthz":
            if exc.status_code == 400 and request.method == "POST":
                # FastAPI answers a body it cannot decode (not UTF-8, say) with 400; to callers it is
                # the same kind of mistake as malformed JSON, which is a 422.
                reason = "the request body could not be read as UTF-8 JSON"
                return JSONResponse({"detail": "invalid request", "errors": [{"field": "body", "reason": reason}]}, status_code=422)
            body = exc.detail if isinstance(exc.detail, dict) else {"detail": exc.detail}
            return JSONResponse(body, status_code=exc.status_code, headers=getattr(exc, "headers", None))
        return pages.error_page(request, exc.status_code, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError):  # noqa: ANN202
        problems = [
            {
                "field": ".".join(str(p) for p in err["loc"] if p not in ("query", "body", "path")),
                "reason": err["msg"].removeprefix("Value error, "),
            }
            for err in exc.errors()
        ]
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "invalid request", "errors": problems}, status_code=422)
        text = "; ".join(f"{p['field']}: {p['reason']}" for p in problems)
        return pages.error_page(request, 422, f"That request could not be read ({text}).")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):  # noqa: ANN202
        log.exception("unhandled error on %s", request.url.path)
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": "internal error"}, status_code=500)
        return pages.error_page(request, 500, "Something went wrong on our side.")

    return app
