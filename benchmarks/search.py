"""Search latency over the curated names, and over a synthetic 300,000-name list (RxNorm scale)."""

from __future__ import annotations

import random
import string

from _common import ROOT, measure, report

from immunoguide.knowledge.load import load_content
from immunoguide.knowledge.search import SearchIndex

QUERIES = ["humira", "methotrexat", "pomalidamide", "revlimid", "crohns disease", "pregnancy", "hydroxy", "zzqxv"]


def main() -> None:
    knowledge = load_content(ROOT / "content")
    index = SearchIndex(knowledge)
    times: list[float] = []
    for q in QUERIES:
        times += measure(lambda q=q: index.search(q), repeat=200)
    report("search, curated content (mixed queries)", times)

    # Scale: the same index code with 300,000 generated extra names (as the label library will bring).
    rng = random.Random(7)
    extra = ["".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 14))) for _ in range(300_000)]
    big = SearchIndex(knowledge)
    big._names.extend(extra)  # noqa: SLF001 - benchmark-only widening of the name list
    big._name_owner.extend([0] * len(extra))  # noqa: SLF001
    big._sorted = sorted((n, i) for i, n in enumerate(big._names))  # noqa: SLF001
    times = []
    for q in QUERIES[:4]:
        times += measure(lambda q=q: big.search(q), repeat=20, warmup=2)
    report("search, +300,000 names", times)


if __name__ == "__main__":
    main()
