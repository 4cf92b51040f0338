"""Publishing is atomic on SQLite and PostgreSQL: readers see a whole build, failures keep the last good one."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from immunoguide.knowledge.load import load_content
from immunoguide.knowledge.snapshot import Knowledge
from immunoguide.store.db import make_engine
from immunoguide.store.publish import KEEP_BUILDS, load_published, publish, published_build_id
from immunoguide.store.schema import Build, Document
from tests.conftest import FIXTURE_CONTENT, run_cli


def test_empty_store_has_no_build(engine) -> None:  # noqa: ANN001
    assert published_build_id(engine) is None
    assert load_published(engine) is None


def test_round_trip_gives_back_the_same_knowledge(engine) -> None:  # noqa: ANN001
    knowledge = load_content(FIXTURE_CONTENT)
    info = publish(engine, knowledge)
    loaded_info, loaded = load_published(engine)
    assert loaded_info.id == info.id
    assert loaded_info.counts == knowledge.counts()
    assert loaded.content_hash() == knowledge.content_hash()
    assert loaded.drugs["pomalidomide"] == knowledge.drugs["pomalidomide"]
    assert loaded.drugs["pomalidomide"].regimens[0].cycle.days_on == 21


def test_new_build_replaces_old_and_old_builds_are_pruned(engine) -> None:  # noqa: ANN001
    knowledge = load_content(FIXTURE_CONTENT)
    ids = [publish(engine, knowledge).id for _ in range(KEEP_BUILDS + 2)]
    assert published_build_id(engine) == ids[-1]
    with engine.connect() as conn:
        kept = conn.execute(select(Build.id).order_by(Build.id)).scalars().all()
        orphans = conn.execute(select(func.count()).select_from(Document).where(Document.build_id.not_in(kept))).scalar_one()
    assert kept == ids[-KEEP_BUILDS:]
    assert orphans == 0


def test_failure_part_way_through_publishing_keeps_the_last_good_build(engine, monkeypatch) -> None:  # noqa: ANN001
    good = load_content(FIXTURE_CONTENT)
    first = publish(engine, good)

    original = Knowledge.documents

    def documents_then_crash(self: Knowledge):  # noqa: ANN202
        yield from original(self)[:3]
        raise RuntimeError("disk full")

    monkeypatch.setattr(Knowledge, "documents", documents_then_crash)
    with pytest.raises(RuntimeError, match="disk full"):
        publish(engine, good)
    monkeypatch.undo()

    info, loaded = load_published(engine)
    assert info.id == first.id
    assert loaded.counts() == good.counts()
    with engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(Build)).scalar_one() == 1
        assert conn.execute(select(func.count()).select_from(Document)).scalar_one() == sum(good.counts().values())


def test_readers_never_see_half_a_build(engine) -> None:  # noqa: ANN001
    """While builds of different sizes are published, every read is one whole build."""
    small = load_content(FIXTURE_CONTENT)
    publish(engine, small)
    big_articles = dict(small.articles)
    base = small.articles["older-article"]
    for i in range(300):
        slug = f"generated-{i:03d}"
        big_articles[slug] = base.model_copy(update={"slug": slug, "title": f"Generated {i}"})
    big = Knowledge(drugs=small.drugs, classes=small.classes, conditions=small.conditions, topics=small.topics, articles=big_articles, sources=small.sources)
    expected = {small.content_hash(): small.counts(), big.content_hash(): big.counts()}

    stop = threading.Event()
    seen: list[tuple[str, dict[str, int], dict[str, int]]] = []

    def reader() -> None:
        while not stop.is_set():
            loaded = load_published(engine)
            if loaded:
                info, knowledge = loaded
                seen.append((info.content_hash, info.counts, knowledge.counts()))

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for i in range(6):
            publish(engine, big if i % 2 == 0 else small)
    finally:
        stop.set()
        thread.join()
    assert seen, "the reader never ran"
    for content_hash, counts, actual in seen:
        assert counts == expected[content_hash] == actual


def test_cli_build_with_invalid_content_keeps_serving_the_last_good_build(database_url: str, content_copy: Path) -> None:
    env = {"IMMUNOGUIDE_DATABASE_URL": database_url}
    ok = run_cli("build", "--content", str(content_copy), "--json", env=env)
    assert ok.returncode == 0, ok.stderr
    path = content_copy / "drugs" / "pomalidomide.yaml"
    data = yaml.safe_load(path.read_text())
    data["regimens"][0]["dose"]["amount"] = -4
    path.write_text(yaml.safe_dump(data))

    bad = run_cli("build", "--content", str(content_copy), env=env)
    assert bad.returncode == 1
    assert "drugs/pomalidomide.yaml: regimens[0].dose.amount: must be > 0" in bad.stderr
    assert "nothing was published" in bad.stderr
    assert "Traceback" not in bad.stderr

    engine = make_engine(database_url)
    info, knowledge = load_published(engine)
    engine.dispose()
    assert knowledge.drugs["pomalidomide"].regimens[0].dose.amount == 4
