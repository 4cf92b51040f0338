"""Shared fixtures: fresh stores (SQLite always, PostgreSQL when configured) and a live HTTP server."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import Engine, create_engine, text

ROOT = Path(__file__).resolve().parent.parent
CONTENT = Path(os.environ.get("IMMUNOGUIDE_TEST_CONTENT", ROOT / "content"))
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixtures" / "content"
PG_URL = os.environ.get("IMMUNOGUIDE_TEST_DATABASE_URL")

BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _pg_admin(sql: str) -> None:
    assert PG_URL
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text(sql))
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty store: a new SQLite file, or a new schema in the test PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    assert PG_URL
    schema = f"t_{uuid.uuid4().hex[:12]}"
    _pg_admin(f"CREATE SCHEMA {schema}")
    sep = "&" if "?" in PG_URL else "?"
    yield f"{PG_URL}{sep}options=-csearch_path%3D{schema}"
    _pg_admin(f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """A migrated, empty store on each database."""
    from immunoguide.store.db import make_engine, migrate

    e = make_engine(database_url)
    migrate(e)
    yield e
    e.dispose()


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture content, to break on purpose."""
    dest = tmp_path / "content"
    shutil.copytree(FIXTURE_CONTENT, dest)
    return dest


def run_cli(*args: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "immunoguide", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        cwd=cwd,
        timeout=120,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, base_url: str, database_url: str, process: subprocess.Popen[bytes], log: Path):
        self.base_url = base_url
        self.database_url = database_url
        self.process = process
        self.log = log


def start_server(database_url: str, content: Path | None, log: Path) -> Server:
    """Build `content` into the store (unless None) and start `immunoguide serve` on a free port."""
    env = {"IMMUNOGUIDE_DATABASE_URL": database_url, "IMMUNOGUIDE_RELOAD_SECONDS": "0.2"}
    if content is not None:
        built = run_cli("build", "--content", str(content), env=env)
        assert built.returncode == 0, built.stderr
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "immunoguide", "serve", "--port", str(port)],
        env={**os.environ, **env},
        cwd=ROOT,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code in (200, 503):
                return Server(base, database_url, process, log)
        except httpx.HTTPError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"server did not start: {log.read_text()}")


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The real service over real HTTP, serving the curated content from a fresh SQLite store."""
    tmp = tmp_path_factory.mktemp("server")
    srv = start_server(f"sqlite:///{tmp / 'store.db'}", CONTENT, tmp / "server.log")
    yield srv
    srv.process.terminate()
    srv.process.wait(timeout=10)


@pytest.fixture(scope="session")
def http(server: Server) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.base_url, timeout=10) as client:
        yield client
