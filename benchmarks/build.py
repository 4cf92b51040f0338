"""`immunoguide build` of the curated content: validate + compile + publish (target ≤ 3 s)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import ROOT, measure, report

from immunoguide.knowledge.load import load_content
from immunoguide.store.db import make_engine, migrate
from immunoguide.store.publish import publish


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.db'}")
        migrate(engine)
        content = ROOT / "content"
        report("load + validate content/", measure(lambda: load_content(content), repeat=10, warmup=1))
        knowledge = load_content(content)
        report("publish to SQLite", measure(lambda: publish(engine, knowledge), repeat=10, warmup=1))
        report("build (load + validate + publish)", measure(lambda: publish(engine, load_content(content)), repeat=10, warmup=1))


if __name__ == "__main__":
    main()
