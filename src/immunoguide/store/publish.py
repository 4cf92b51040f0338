"""Publish a compiled knowledge build, and read the published one back.

Publishing is one transaction: the build's documents are written and the
`published` pointer is moved before a single commit. A reader therefore sees
the old build or the new one, never a mix, and a failure part-way (or a
content error before it) leaves the last good build serving.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from ..knowledge.snapshot import Knowledge
from .schema import Build, Document, Published

BATCH = 500
KEEP_BUILDS = 3


@dataclass(frozen=True)
class BuildInfo:
    id: int
    built_at: dt.datetime
    content_hash: str
    counts: dict[str, int]

    def as_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "built_at": self.built_at.isoformat(),
            "content_hash": self.content_hash,
            **self.counts,
        }


def _title(payload: dict[str, Any]) -> str:
    return str(payload.get("name") or payload.get("title") or payload.get("id") or "")


def publish(engine: Engine, knowledge: Knowledge) -> BuildInfo:
    """Write `knowledge` as a new build and make it the published one, atomically."""
    now = dt.datetime.now(dt.timezone.utc)
    counts = knowledge.counts()
    with Session(engine) as session, session.begin():
        build = Build(built_at=now, content_hash=knowledge.content_hash(), counts=counts)
        session.add(build)
        session.flush()
        rows = (
            {"build_id": build.id, "kind": kind, "key": key, "title": _title(payload), "payload": payload}
            for kind, key, payload in knowledge.documents()
        )
        while batch := list(islice(rows, BATCH)):
            session.execute(insert(Document), batch)
        pointer = session.get(Published, 1, with_for_update=True)
        if pointer is None:
            session.add(Published(id=1, build_id=build.id, published_at=now))
        else:
            pointer.build_id = build.id
            pointer.published_at = now
        session.flush()
        keep = select(Build.id).order_by(Build.id.desc()).limit(KEEP_BUILDS).scalar_subquery()
        old = select(Build.id).where(Build.id.not_in(keep))
        session.execute(delete(Document).where(Document.build_id.in_(old)))
        session.execute(delete(Build).where(Build.id.in_(old)))
        info = BuildInfo(build.id, now, build.content_hash, counts)
    return info


def published_build_id(engine: Engine) -> int | None:
    with engine.connect() as conn:
        return conn.execute(select(Published.build_id).where(Published.id == 1)).scalar_one_or_none()


def load_published(engine: Engine) -> tuple[BuildInfo, Knowledge] | None:
    """The published build and its knowledge, read in one statement (so never half of one)."""
    stmt = (
        select(Build.id, Build.built_at, Build.content_hash, Build.counts, Document.kind, Document.key, Document.payload)
        .select_from(Published)
        .join(Build, Build.id == Published.build_id)
        .join(Document, Document.build_id == Build.id)
        .where(Published.id == 1)
    )
    with engine.connect() as conn:
        rows = conn.execute(stmt).all()
    if not rows:
        return None
    first = rows[0]
    built_at = first.built_at if first.built_at.tzinfo else first.built_at.replace(tzinfo=dt.timezone.utc)
    info = BuildInfo(first.id, built_at, first.content_hash, dict(first.counts))
    return info, Knowledge.from_documents([(r.kind, r.key, r.payload) for r in rows])
