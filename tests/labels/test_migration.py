"""A label library imported before migration 0003 keeps its labels and its search after the upgrade."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text

from immunoguide.labels.importer import import_part, parse_record
from immunoguide.labels.query import get_label, search_labels
from immunoguide.store.db import MIGRATIONS, make_engine, migrate

PART1 = Path(__file__).resolve().parents[1] / "fixtures" / "openfda" / "drug-label-0001-of-0002.json.zip"


def test_sqlite_store_from_0002_is_upgraded_with_its_search(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
    record = parse_record({
        "set_id": "old-set", "id": "old-id", "version": "2", "effective_time": "20200101", "openfda": {"brand_name": ["Oldbrand"]},
        "boxed_warning": ["Serious hepatotoxicity was reported."], "boxed_warning_table": ["<table></table>"], "indications_and_usage": ["Used for gout."],
    })
    with engine.begin() as conn:  # what the 0002 importer wrote: sections keyed by (set_id, position), the FTS table with its own copy
        conn.execute(text(
            "INSERT INTO labels VALUES ('old-set', 'old-id', 2, '20200101', 'Oldbrand', '', '', '{}', '{}', '2026-01-01 00:00:00.000000')"
        ))
        for position, (field, body) in enumerate(record.sections):
            conn.execute(text("INSERT INTO label_sections VALUES ('old-set', :p, :f, :t)"), {"p": position, "f": field, "t": body})
            if not field.endswith("_table"):
                conn.execute(text("INSERT INTO label_fts(text, field, set_id) VALUES (:t, :f, 'old-set')"), {"f": field, "t": body})
    migrate(engine)
    hits = search_labels(engine, "hepatotoxicity", section="boxed_warning")
    assert [(h.set_id, h.field) for h in hits] == [("old-set", "boxed_warning")] and "[hepatotoxicity]" in hits[0].snippet.lower()
    assert search_labels(engine, "table") == []  # table twins are still kept out of the index
    assert [s["field"] for s in get_label(engine, "old-set")["sections"]] == ["boxed_warning", "indications_and_usage"]
    import_part(engine, PART1)  # the new importer goes on from the migrated store
    with engine.connect() as conn:
        assert conn.execute(text("SELECT count(*) FROM label_sections WHERE id IS NULL")).scalar() == 0
        conn.execute(text("INSERT INTO label_fts(label_fts, rank) VALUES ('integrity-check', 1)"))  # raises if index and sections disagree
    assert search_labels(engine, "lenalidomide")[0].set_id != "old-set"
    engine.dispose()
