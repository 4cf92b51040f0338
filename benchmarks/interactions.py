"""Interaction check: in process (20 medicines incl. name resolution) and over HTTP (32 clients).

Targets: in process ≤ 1 ms median; POST /api/v1/interactions with 32 concurrent
clients ≥ 1,500 req/s, p99 ≤ 25 ms, no errors. The HTTP part needs `wrk`
(Debian package `wrk`); without it, that part is skipped with a note.
"""

from __future__ import annotations

import json
import os

from _common import ROOT, have_wrk, measure, report, running_server, wrk

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.knowledge.load import load_content

# Twenty names as people type them: brands, generics, an abbreviation, misspellings, an unknown one.
MEDICINES = [
    "Revlimid", "warfarin", "sertarline", "Humira", "methotrexate", "folic acid", "omeprazole", "ibuprofen",
    "Xeljanz", "ketoconazole", "Imuran", "allopurinol", "prednisone", "MTX", "Plaquenil", "citalopram",
    "aspirin", "clarithromycin", "flu jab", "not-a-medicine",
]


def in_process() -> None:
    knowledge = load_content(os.environ.get("IMMUNOGUIDE_CONTENT_DIR", ROOT / "content"))
    checker = InteractionChecker(knowledge, NameResolver(knowledge))
    report("check 20 medicines, first call (cold pair cache)", measure(lambda: InteractionChecker(knowledge, NameResolver(knowledge)).check(MEDICINES), repeat=20, warmup=0))
    report("check 20 medicines incl. name resolution", measure(lambda: checker.check(MEDICINES), repeat=2000))
    report("  + JSON answer", measure(lambda: checker.check(MEDICINES).as_json(knowledge), repeat=2000))


def over_http(seconds: int = 20, connections: int = 32, workers: int = 2) -> None:
    if not have_wrk():
        return
    with running_server(workers) as base:
        body = json.dumps({"medicines": MEDICINES})
        setup = f'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = {json.dumps(body)}\n'
        r = wrk(f"{base}/api/v1/interactions", seconds=seconds, connections=connections, setup=setup)
    print(f"POST /api/v1/interactions, {connections} clients, {seconds} s, {workers} workers: {r['rps']:,.0f} req/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, errors {r['errors']}")


if __name__ == "__main__":
    in_process()
    over_http(seconds=int(os.environ.get("BENCH_SECONDS", "20")))
