"""openFDA label import at scale: labels/s, MB/s of JSON and peak memory, streaming vs the obvious importer.

Generates bulk-shaped parts (20,000 labels each, zipped) from the real sample:
one label in four is a full sample label, the rest shortened copies (the first
sections, cut), which brings the average near the real bulk's 6-7 KB zipped per
label. Every label gets its own set_id, id, version and brand name. Each size is
imported into a fresh SQLite store (and PostgreSQL when BENCH_PG_URL is set) by a
separate process, so peak RSS is that import's own (the writer's, and its
reading process's alongside). The obvious importer
(`json.load` of the whole part, then the same inserts) runs on the first part for
comparison.

    python benchmarks/import_openfda.py            # 10,000 and 100,000 labels
    BENCH_SIZES=260000 python benchmarks/import_openfda.py
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from _common import ROOT  # also puts src/ on the path

SAMPLE = ROOT / "tests" / "fixtures" / "openfda" / "drug-label-0001-of-0002.json.zip"
PART_SIZE = 20_000


def sample_records() -> list[dict]:
    with zipfile.ZipFile(SAMPLE) as z:
        return json.loads(z.read(z.namelist()[0]))["results"]


def shortened(record: dict, rng: random.Random) -> dict:
    keep = {k: record[k] for k in ("id", "set_id", "version", "effective_time", "openfda") if k in record}
    sections = [k for k in record if k not in keep and not k.endswith("_table")]
    for k in sections[: rng.randint(3, 6)]:
        keep[k] = [" ".join(record[k])[: rng.randint(600, 2600)]]
    return keep


def generate(n: int, folder: Path, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    records = sample_records()
    short = [shortened(r, rng) for r in records]
    parts = []
    for p in range(0, n, PART_SIZE):
        path = folder / f"drug-label-{p // PART_SIZE + 1:04d}-of-{(n + PART_SIZE - 1) // PART_SIZE:04d}.json.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z, z.open(path.name.removesuffix(".zip"), "w") as out:
            out.write(b'{"meta": {"generated": true}, "results": [')
            for i in range(p, min(n, p + PART_SIZE)):
                base = rng.choice(records) if rng.random() < 0.25 else rng.choice(short)
                label = dict(base)
                label["set_id"] = f"bench-{i:07d}"
                label["id"] = f"bench-{i:07d}-v"
                label["version"] = str(rng.randint(1, 60))
                openfda = dict(label.get("openfda") or {})
                openfda["brand_name"] = [f"{(openfda.get('brand_name') or ['Label'])[0]} {i}"]
                label["openfda"] = openfda
                if i > p:
                    out.write(b",")
                out.write(json.dumps(label).encode())
            out.write(b"]}")
        parts.append(path)
    return parts


CHILD = """
import resource, sys, time, json
from pathlib import Path
sys.path.insert(0, {src!r})
from immunoguide.store.db import make_engine, migrate
from immunoguide.labels.importer import import_part, parse_record, write_records, PartResult
engine = make_engine({url!r}); migrate(engine)
start = time.perf_counter(); read = 0; mb = 0.0; reader_rss = 0.0
for p in {parts!r}:
    if {naive!r}:
        import zipfile
        with zipfile.ZipFile(p) as z:
            data = z.read(z.namelist()[0])
        records = json.loads(data)["results"]
        mb += len(data) / 1e6
        with engine.begin() as conn:
            write_records(conn, [parse_record(r) for r in records], PartResult(p))
        read += len(records)
    else:
        r = import_part(engine, Path(p)); read += r.read; mb += r.json_bytes / 1e6; reader_rss = max(reader_rss, r.reader_peak_rss_mb)
seconds = time.perf_counter() - start
print(json.dumps({{"labels": read, "seconds": seconds, "mb": mb, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "reader_rss_mb": reader_rss}}))
"""


def run_import(url: str, parts: list[Path], naive: bool = False) -> dict:
    code = CHILD.format(src=str(ROOT / "src"), url=url, parts=[str(p) for p in parts], naive=naive)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def fresh_pg_schema(url: str, schema: str) -> str:
    """An empty schema in the benchmark database, so every run imports into an empty library."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    return f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"


def line(name: str, r: dict) -> None:
    print(f"{name:<58} {r['labels']:>8,} labels {r['seconds']:7.1f} s  {r['labels'] / r['seconds']:7,.0f} labels/s  "
          f"{r['mb'] / r['seconds']:6.1f} MB/s JSON  peak RSS {r['peak_rss_mb']:6.0f} MB (reader {r['reader_rss_mb']:4.0f} MB)")


QUERIES = ["hepatotoxicity", "CYP3A4 inhibitors", "neutropenia", "lactation", "QT prolongation", "serotonin syndrome", "live vaccines",
           "renal impairment", "embryo-fetal toxicity", "anaphylaxis", "warfarin", "grapefruit juice", "tuberculosis", "pancreatitis"]


def query_latency(url: str) -> None:
    """Label full-text search and name lookup against the imported store: median and p99 over many queries."""
    from _common import measure, report

    from immunoguide.labels.query import labels_named, search_labels, suggest_label_names
    from immunoguide.store.db import make_engine

    engine = make_engine(url)
    queries = iter(QUERIES * 100)
    report("  label full-text search, 10 results", measure(lambda: search_labels(engine, next(queries), limit=10), repeat=200))
    sections = iter(QUERIES * 100)
    report("  the same within drug_interactions", measure(lambda: search_labels(engine, next(sections), section="drug_interactions", limit=10), repeat=200))
    names = iter([f"Revlimid {i}" for i in range(0, 10_000, 7)] * 3)
    report("  label by exact brand name", measure(lambda: labels_named(engine, next(names)), repeat=500))
    typos = iter([f"{w[:-2]}{w[-1]}" for w in ("Revlimid", "Xeljanz", "Stelara", "Kesimpta", "Mayzent", "Clozaril", "Qelbree", "Tarceva")] * 100)
    report("  'did you mean' from label names (a misspelt brand)", measure(lambda: suggest_label_names(engine, next(typos)), repeat=400))
    engine.dispose()


def main() -> None:
    sizes = [int(s) for s in os.environ.get("BENCH_SIZES", "10000,100000").split(",")]
    pg = os.environ.get("BENCH_PG_URL")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            folder = Path(tmp) / str(n)
            folder.mkdir()
            t = time.perf_counter()
            parts = generate(n, folder)
            zipped = sum(p.stat().st_size for p in parts) / 1e6
            print(f"\n{n:,} labels in {len(parts)} part(s), {zipped:,.0f} MB zipped ({zipped * 1e3 / n:.1f} KB a label), generated in {time.perf_counter() - t:.0f} s")
            line("streaming import, SQLite", run_import(f"sqlite:///{folder}/store.db", parts))
            query_latency(f"sqlite:///{folder}/store.db")
            if pg:
                pg_url = fresh_pg_schema(pg, f"bench_{n}")
                line("streaming import, PostgreSQL", run_import(pg_url, parts))
                query_latency(pg_url)
            if n == sizes[0]:
                line("obvious importer (json.load a whole part), SQLite, 1 part", run_import(f"sqlite:///{folder}/naive.db", parts[:1], naive=True))
                line("streaming import, SQLite, the same 1 part", run_import(f"sqlite:///{folder}/one.db", parts[:1]))


if __name__ == "__main__":
    main()
