"""The openFDA importer over the real sample, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from immunoguide.labels import importer
from immunoguide.labels.importer import ImportFailed, import_part, parse_record
from immunoguide.labels.query import get_label, labels_named, search_labels
from immunoguide.labels.sections import SHOWN_LAST
from immunoguide.store.db import make_engine
from immunoguide.store.schema import Label, LabelName, LabelSection

PART1 = Path(__file__).resolve().parents[1] / "fixtures" / "openfda" / "drug-label-0001-of-0002.json.zip"
REVLIMID = "5fa97bf5-28a2-48f1-8955-f56012d296be"


@pytest.fixture(scope="module")
def sample_records() -> list[dict]:
    with zipfile.ZipFile(PART1) as z:
        return json.loads(z.read(z.namelist()[0]))["results"]


def counts(engine) -> tuple[int, int, int]:  # noqa: ANN001
    with engine.connect() as c:
        return tuple(c.execute(select(func.count()).select_from(t)).scalar_one() for t in (Label, LabelSection, LabelName))  # type: ignore[return-value]


def write_part(path: Path, records: list) -> Path:
    path.write_text(json.dumps({"meta": {"results": {"total": len(records)}}, "results": records}))
    return path


def test_import_maps_fields_and_is_idempotent(engine, sample_records) -> None:  # noqa: ANN001
    first = import_part(engine, PART1)
    assert (first.read, first.inserted, first.updated, first.unchanged, first.rejected) == (182, 182, 0, 0, 0)
    before = counts(engine)
    label = get_label(engine, REVLIMID)
    raw = next(r for r in sample_records if r["set_id"] == REVLIMID)
    assert (label["version"], label["effective_time"], label["id"]) == (int(raw["version"]), raw["effective_time"], raw["id"])
    # every section and its _table twin, in the record's order
    expected = [k for k in raw if k not in ("id", "set_id", "version", "effective_time", "openfda")]
    with engine.connect() as c:
        stored = [f for (f,) in c.execute(select(LabelSection.field).where(LabelSection.set_id == REVLIMID).order_by(LabelSection.position))]
    assert stored == expected and "dosage_and_administration_table" in stored
    assert label["names"]["brand"] == ["Revlimid"] and "lenalidomide" in [n.lower() for n in label["names"]["generic"]]
    shown = [f for f in expected if not f.endswith("_table")]
    assert label["names"]["rxcui"] and [s["field"] for s in label["sections"]] == [f for f in shown if f not in SHOWN_LAST] + [f for f in shown if f in SHOWN_LAST]
    again = import_part(engine, PART1)
    assert (again.inserted, again.updated, again.unchanged) == (0, 0, 182) and counts(engine) == before


def test_newer_version_replaces_and_older_is_ignored(engine, sample_records, tmp_path: Path) -> None:  # noqa: ANN001
    raw = next(r for r in sample_records if r["set_id"] == REVLIMID)
    write_part(tmp_path / "a.json", [raw])
    assert import_part(engine, tmp_path / "a.json").inserted == 1
    newer = {**raw, "id": "new-version-id", "version": str(int(raw["version"]) + 1), "effective_time": "20250101", "boxed_warning": ["A changed boxed warning."]}
    older = {**raw, "id": "old-version-id", "version": str(int(raw["version"]) - 1), "effective_time": "20200101"}
    result = import_part(engine, write_part(tmp_path / "b.json", [newer, older]))
    assert (result.updated, result.unchanged) == (1, 1)
    label = get_label(engine, REVLIMID)
    assert label["version"] == int(raw["version"]) + 1 and label["id"] == "new-version-id"
    assert next(s for s in label["sections"] if s["field"] == "boxed_warning")["text"] == "A changed boxed warning."
    assert [v["version"] for v in label["versions_seen"]] == [int(raw["version"]) + 1, int(raw["version"])]
    assert search_labels(engine, "changed boxed warning", section="boxed_warning")[0].set_id == REVLIMID


def test_bad_records_are_rejected_with_position_and_reason(engine, sample_records, tmp_path: Path) -> None:  # noqa: ANN001
    good = sample_records[:2]
    bad = [
        {**good[0], "set_id": ""},
        {**good[0], "set_id": "x-1", "version": "two"},
        {**good[0], "set_id": "x-2", "effective_time": "2023-01-01"},
        "not a label",
        {**good[0], "set_id": "x-3", "boxed_warning": [1, 2]},
    ]
    result = import_part(engine, write_part(tmp_path / "mixed.json", [good[0], *bad, good[1]]))
    assert (result.read, result.inserted, result.rejected) == (7, 2, 5)
    reasons = {r["position"]: r["reason"] for r in result.rejections}
    assert reasons == {
        1: "set_id is missing or empty", 2: "version is not a whole number: 'two'", 3: "effective_time is not YYYYMMDD: '2023-01-01'",
        4: "not a JSON object", 5: "section boxed_warning is not a list of strings",
    }


def test_truncated_zip_and_broken_json_write_nothing(engine, tmp_path: Path) -> None:  # noqa: ANN001
    cut = tmp_path / "cut.json.zip"
    cut.write_bytes(PART1.read_bytes()[: PART1.stat().st_size // 2])
    with pytest.raises(ImportFailed, match="not a readable zip"):
        import_part(engine, cut)
    with zipfile.ZipFile(PART1) as z:
        data = z.read(z.namelist()[0])
    broken = tmp_path / "broken.json"
    broken.write_bytes(data[: len(data) * 3 // 4])  # the file stops in the middle of a record
    with pytest.raises(ImportFailed, match="nothing from this part was written"):
        import_part(engine, broken)
    assert counts(engine) == (0, 0, 0)


def test_an_interrupted_part_is_rolled_back_and_can_be_run_again(engine, sample_records, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    first = write_part(tmp_path / "first.json", sample_records[:5])
    import_part(engine, first)
    monkeypatch.setattr(importer, "BATCH", 50)  # progress after every 50 records, inside the part's transaction

    def stop(result) -> None:  # noqa: ANN001
        if result.read >= 100:
            raise KeyboardInterrupt  # Ctrl-C half-way through the part

    with pytest.raises(KeyboardInterrupt):
        import_part(engine, PART1, progress=stop)
    assert counts(engine)[0] == 5  # the earlier part stays, nothing of the interrupted one
    again = import_part(engine, PART1)
    assert again.inserted == 177 and again.unchanged == 5


def test_search_names_and_an_empty_library(engine, tmp_path: Path) -> None:  # noqa: ANN001
    assert search_labels(engine, "lenalidomide") == [] and get_label(engine, REVLIMID) is None
    import_part(engine, PART1)
    hits = search_labels(engine, "lenalidomide REMS")
    assert hits[0].set_id == REVLIMID and "[" in hits[0].snippet
    only = search_labels(engine, "hepatotoxicity", section="boxed_warning", limit=5)
    assert only and all(h.field == "boxed_warning" for h in only)
    search_labels(engine, '") OR NOT (" * NEAR(')  # user text never reaches the FTS syntax: no error
    assert [x["set_id"] for x in labels_named(engine, "  REVLIMID ")] == [REVLIMID]
    empty = make_engine(f"sqlite:///{tmp_path / 'never-migrated.db'}")
    assert search_labels(empty, "x") == [] and get_label(empty, "x") is None and labels_named(empty, "x") == []


def test_parse_record_keeps_only_sections() -> None:
    r = parse_record({"set_id": "s", "id": "i", "version": "3", "effective_time": "20240101", "openfda": {"brand_name": ["B"]}, "boxed_warning": ["  W  ", ""], "x": []})
    assert r.sections == (("boxed_warning", "W"),) and r.key == (3, "20240101") and r.title == "B"


def test_did_you_mean_from_label_names(engine) -> None:  # noqa: ANN001
    from immunoguide.labels.query import suggest_label_names

    import_part(engine, PART1)
    assert [s["name"] for s in suggest_label_names(engine, "Revlimidd")] == ["Revlimid"]
    assert suggest_label_names(engine, "lenalidomid")[0]["name"].lower() == "lenalidomide"
    assert suggest_label_names(engine, "zzqxv") == [] and suggest_label_names(engine, "rev") == []
    # a misspelt first letter: pg_trgm finds it; SQLite's first-letters range cannot
    expected = ["Revlimid"] if engine.dialect.name == "postgresql" else []
    assert [s["name"] for s in suggest_label_names(engine, "Ravlimid")][:1] == expected
