"""Streaming import of openFDA drug-label bulk files into the store.

A part (`drug-label-0001-of-0013.json.zip`, or the `.json` inside it) is read
record by record with ijson, never whole, so memory stays flat whatever the part's
size. Reading runs in a child process that unzips, parses and checks the records
and hands them over in batches, while this process writes them: the two cores of
a small machine share the work. Each part is one transaction: a crash, Ctrl-C, a truncated zip or broken
JSON leaves the store as it was before that part, and the import can simply be
run again. Labels are keyed by `set_id`; a record replaces the stored one only
when its (version, effective_time) is newer, so re-importing a part changes
nothing. A record that is not a label (no set_id, a version that is not a
number...) is rejected with its position and reason, and the rest of the part
goes on.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import multiprocessing
import queue as queues
import re
import resource
import signal
import time
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson
import orjson
from sqlalchemy import Connection, Engine, delete, insert, select, text

from ..store.schema import Label, LabelName, LabelSection, LabelVersion
from .sections import SEARCH_ORDER, SEQUENCE_MASK, id_range, section_id

#: Fields of a record that are not label sections.
META_FIELDS = frozenset({"id", "set_id", "version", "effective_time", "openfda"})
#: openFDA name fields → the kind they are stored as.
NAME_FIELDS = {
    "brand_name": "brand", "generic_name": "generic", "substance_name": "substance",
    "rxcui": "rxcui", "pharm_class_epc": "class", "route": "route",
}
BATCH = 200
#: Batches parsed ahead of the writer at most (bounds the reader's memory).
QUEUE_BATCHES = 4
EFFECTIVE_TIME = re.compile(r"^\d{8}$")


class ImportFailed(Exception):
    """A part that could not be read to the end; nothing of it was written."""

    def __init__(self, path: Path, reason: str):
        super().__init__(f"{path.name}: {reason}")
        self.path, self.reason = path, reason


@dataclass
class PartResult:
    path: str
    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejections: list[dict[str, Any]] = field(default_factory=list)
    json_bytes: int = 0
    seconds: float = 0.0
    reader_peak_rss_mb: float = 0.0

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path, "read": self.read, "inserted": self.inserted, "updated": self.updated,
            "unchanged": self.unchanged, "rejected": self.rejected, "rejections": self.rejections[:100],
            "json_mb": round(self.json_bytes / 1e6, 1), "seconds": round(self.seconds, 2),
        }


@dataclass(frozen=True)
class LabelRecord:
    """One validated label record, ready to store."""

    set_id: str
    label_id: str
    version: int
    effective_time: str
    openfda: dict[str, Any]
    sections: tuple[tuple[str, str], ...]  # (field, text) in label order; a field's strings joined
    section_hashes: dict[str, str]  # field → short hash of its text: what the label-change watch compares

    @property
    def key(self) -> tuple[int, str]:
        return (self.version, self.effective_time)

    def names(self) -> list[tuple[str, str, str]]:
        out: dict[tuple[str, str], str] = {}
        for source, kind in NAME_FIELDS.items():
            for value in self.openfda.get(source) or []:
                if isinstance(value, str) and value.strip():
                    norm = normalise(value)[:255]
                    out.setdefault((kind, norm), value.strip())
        return [(kind, norm, value) for (kind, norm), value in out.items()]

    @property
    def title(self) -> str:
        brands = self.openfda.get("brand_name") or []
        generics = self.openfda.get("generic_name") or []
        if brands and generics:
            return f"{brands[0]} ({generics[0].lower()})"
        return (brands or generics or [f"Label {self.set_id}"])[0]


def normalise(name: str) -> str:
    return " ".join(name.lower().split())


def parse_record(raw: Any) -> LabelRecord:
    """Check one raw openFDA record; raise ValueError with the reason when it is not a usable label."""
    if not isinstance(raw, dict):
        raise ValueError("not a JSON object")
    for key in ("set_id", "id"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise ValueError(f"{key} is missing or empty")
    try:
        version = int(str(raw.get("version", "")).strip())
    except ValueError:
        raise ValueError(f"version is not a whole number: {str(raw.get('version'))[:40]!r}") from None
    if version < 1:
        raise ValueError(f"version must be 1 or more, got {version}")
    effective = str(raw.get("effective_time", "")).strip()
    if not EFFECTIVE_TIME.match(effective):
        raise ValueError(f"effective_time is not YYYYMMDD: {effective[:40]!r}")
    openfda = raw.get("openfda") or {}
    if not isinstance(openfda, dict):
        raise ValueError("openfda is not an object")
    sections = []
    for key, value in raw.items():
        if key in META_FIELDS:
            continue
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"section {key} is not a list of strings")
        body = "\n\n".join(v.strip() for v in value if v.strip())
        if body:
            sections.append((key[:80], body))
    if not sections:
        raise ValueError("the record has no label sections")
    hashes = {f: hashlib.sha1(t.encode()).hexdigest()[:16] for f, t in sections}
    return LabelRecord(raw["set_id"].strip(), raw["id"].strip(), version, effective, openfda, tuple(sections), hashes)


class _CountingReader:
    """A binary stream wrapper that counts the bytes read (for MB/s and progress)."""

    def __init__(self, stream: IO[bytes]):
        self.stream, self.count = stream, 0

    def read(self, n: int = -1) -> bytes:
        data = self.stream.read(n)
        self.count += len(data)
        return data


def _open(path: Path) -> tuple[IO[bytes], zipfile.ZipFile | None]:
    if path.suffix == ".zip":
        try:
            archive = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as exc:
            raise ImportFailed(path, f"not a readable zip file (truncated or damaged?): {exc}") from None
        names = [n for n in archive.namelist() if n.endswith(".json")]
        if len(names) != 1:
            archive.close()
            raise ImportFailed(path, f"expected one .json file in the zip, found {len(names)}")
        return archive.open(names[0]), archive
    try:
        return path.open("rb"), None
    except OSError as exc:
        raise ImportFailed(path, f"cannot be read: {exc.strerror}") from None


def records(stream: IO[bytes]) -> Iterator[Any]:
    """The `results` items of a bulk file, one at a time."""
    return ijson.items(stream, "results.item", use_float=True)


def _read_part(path: Path, out: Any, batch_size: int) -> None:
    """The reader process: unzip, parse and check the part's records and send them in batches.

    Messages: ("batch", records, rejections, read, json_bytes) ... then ("done", peak_rss_mb),
    or ("failed", reason) when the part cannot be read to the end. It never touches the store."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the writer decides, and stops this one
    try:
        stream, archive = _open(path)
    except ImportFailed as exc:
        out.put(("failed", exc.reason))
        return
    counted = _CountingReader(stream)
    read, batch, rejections = 0, [], []
    try:
        for position, raw in enumerate(records(counted)):
            read += 1
            try:
                batch.append(parse_record(raw))
            except ValueError as exc:
                rejections.append({"position": position, "reason": str(exc)})
            if read % batch_size == 0:
                out.put(("batch", batch, rejections, read, counted.count))
                batch, rejections = [], []
        out.put(("batch", batch, rejections, read, counted.count))
        out.put(("done", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
    except (ijson.JSONError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as exc:
        out.put(("failed", f"the file ends or breaks after record {read}: {exc}; nothing from this part was written"))
    finally:
        stream.close()
        if archive is not None:
            archive.close()


def _context() -> Any:
    """fork where there is one: the reader starts at once and does not re-run the caller's main module."""
    return multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")


def _batches(path: Path, out: Any, reader: Any, result: PartResult) -> Iterator[list[LabelRecord]]:
    """The reader's batches in order; ImportFailed when it reports a broken part or stops without a word."""
    while True:
        try:
            message = out.get(timeout=1.0)
        except queues.Empty:
            if not reader.is_alive():
                raise ImportFailed(path, f"the reading process stopped unexpectedly (exit code {reader.exitcode}); nothing from this part was written") from None
            continue
        if message[0] == "failed":
            raise ImportFailed(path, message[1])
        if message[0] == "done":
            result.reader_peak_rss_mb = message[1]
            return
        _, batch, rejections, result.read, result.json_bytes = message
        result.rejected += len(rejections)
        result.rejections += rejections
        yield batch


def import_part(engine: Engine, path: Path, progress: Callable[[PartResult], None] | None = None) -> PartResult:
    """Import one part in one transaction; raise ImportFailed (with nothing written) if it cannot be read whole."""
    started = time.perf_counter()
    result = PartResult(str(path))
    ctx = _context()
    out = ctx.Queue(maxsize=QUEUE_BATCHES)
    reader = ctx.Process(target=_read_part, args=(path, out, BATCH), daemon=True, name="openfda-reader")
    reader.start()
    try:
        with engine.begin() as conn:
            for batch in _batches(path, out, reader, result):
                write_records(conn, batch, result)
                if progress:
                    progress(result)
    finally:
        if reader.is_alive():
            reader.kill()
        reader.join()
        out.close()
        out.join_thread()
    if engine.dialect.name == "postgresql":  # fresh statistics, or the planner reads every row's tsvector to filter a search
        with engine.begin() as conn:
            conn.execute(text("ANALYZE labels, label_sections, label_names"))
    result.seconds = time.perf_counter() - started
    if progress:
        progress(result)
    return result


def write_records(conn: Connection, batch: list[LabelRecord], result: PartResult) -> None:
    """Store the new and newer labels of a batch (with their sections, names, search index rows and version history)."""
    parsed: dict[str, LabelRecord] = {}
    for record in batch:
        seen = parsed.get(record.set_id)
        if seen is None or record.key > seen.key:
            if seen is not None:
                result.unchanged += 1  # an older copy of the same label earlier in this batch
            parsed[record.set_id] = record
        else:
            result.unchanged += 1
    if not parsed:
        return
    stored = {
        row.set_id: row
        for row in conn.execute(select(Label.set_id, Label.version, Label.effective_time).where(Label.set_id.in_(list(parsed))))
    }
    new: list[LabelRecord] = []
    replaced: list[str] = []
    for set_id, record in parsed.items():
        old = stored.get(set_id)
        if old is None:
            result.inserted += 1
        elif record.key > (old.version, old.effective_time):
            result.updated += 1
            replaced.append(set_id)
        else:
            result.unchanged += 1
            continue
        new.append(record)
    if not new:
        return
    sqlite = conn.dialect.name == "sqlite"
    if replaced:
        if sqlite:  # an external-content index forgets a row only when told the text it indexed
            conn.execute(
                text("INSERT INTO label_fts(label_fts, rowid, text, field) SELECT 'delete', id, text, field "
                     "FROM label_search_text WHERE set_id IN (SELECT value FROM json_each(:ids))"),
                {"ids": orjson.dumps(replaced).decode()},
            )
        conn.execute(delete(LabelSection).where(LabelSection.set_id.in_(replaced)))
        conn.execute(delete(LabelName).where(LabelName.set_id.in_(replaced)))
        conn.execute(delete(Label).where(Label.set_id.in_(replaced)))
    now = dt.datetime.now(dt.timezone.utc)
    conn.execute(insert(Label), [
        {
            "set_id": r.set_id, "label_id": r.label_id, "version": r.version, "effective_time": r.effective_time, "title": r.title[:500],
            "generic_names": ", ".join(r.openfda.get("generic_name") or [])[:1000], "manufacturer": ", ".join(r.openfda.get("manufacturer_name") or [])[:500],
            "openfda": r.openfda, "section_hashes": r.section_hashes, "imported_at": now,
        }
        for r in new
    ])
    sequence = _next_sequence(conn)
    sections = [(r.set_id, i, f, t) for r in new for i, (f, t) in enumerate(r.sections)]
    # in id order: each field's id range grows at its end, and the search index takes rows in rowid order
    # (FTS5 flushes its pending terms whenever a smaller rowid arrives)
    rows = sorted((section_id(f, sequence + n), s, i, f, t) for n, (s, i, f, t) in enumerate(sections))
    _bulk_insert(conn, "label_sections", ("id", "set_id", "position", "field", "text"), rows)
    _bulk_insert(conn, "label_names", ("set_id", "kind", "norm", "value"), [(r.set_id, k, n, v) for r in new for k, n, v in r.names()])
    if sqlite:  # index the sections just written, read back inside SQLite (the text is not passed in twice)
        conn.execute(
            text("INSERT INTO label_fts(rowid, text, field) SELECT id, text, field FROM label_search_text "
                 "WHERE id IN (SELECT value FROM json_each(:ids)) ORDER BY id"),
            {"ids": orjson.dumps([row[0] for row in rows]).decode()},
        )
    versions = {(row.set_id, row.version) for row in conn.execute(select(LabelVersion.set_id, LabelVersion.version).where(LabelVersion.set_id.in_([r.set_id for r in new])))}
    history = [
        {"set_id": r.set_id, "version": r.version, "label_id": r.label_id, "effective_time": r.effective_time, "section_hashes": r.section_hashes, "seen_at": now}
        for r in new if (r.set_id, r.version) not in versions
    ]
    if history:
        conn.execute(insert(LabelVersion), history)


def _next_sequence(conn: Connection) -> int:
    """The next section sequence number: one past the highest in any field's id range (an index seek per range)."""
    ranges = " UNION ALL ".join(f"SELECT max(id) AS top FROM label_sections WHERE id BETWEEN {lo} AND {hi}" for lo, hi in map(id_range, SEARCH_ORDER))
    return (conn.execute(text(f"SELECT max(top & {SEQUENCE_MASK}) FROM ({ranges}) AS ranges")).scalar() or 0) + 1


def _bulk_insert(conn: Connection, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
    """Many rows straight to the driver: COPY on PostgreSQL, executemany on SQLite (no per-row SQLAlchemy work)."""
    if not rows:
        return
    if conn.dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    else:
        conn.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})", rows)


def paths_of(inputs: list[Path]) -> list[Path]:
    """The parts to import, in order: files as given, and the .json/.json.zip files of folders."""
    out: list[Path] = []
    for p in inputs:
        if p.is_dir():
            out += sorted(x for x in p.iterdir() if x.name.endswith((".json.zip", ".json")))
        else:
            out.append(p)
    return out
