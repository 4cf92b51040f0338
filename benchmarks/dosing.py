"""Dosing tools: dose calculation, a 12-cycle schedule and a switch plan in process; the report page over HTTP.

Targets (docs/performance.md): a dose calculation ≤ 1 ms median in process; the
"my medicines" report page with 32 clients ≥ 300 pages/s. The HTTP part needs `wrk`.
"""

from __future__ import annotations

import datetime as dt
import os
from urllib.parse import urlencode

from _common import ROOT, have_wrk, measure, report, running_server, wrk

from immunoguide.clinical.dosing import DoseRequest, calculate
from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.clinical.schedule import build, pick_regimen, to_ical
from immunoguide.clinical.switching import plan_switch
from immunoguide.knowledge.load import load_content

#: A realistic request: Cockcroft-Gault from creatinine, a Child-Pugh class, four other medicines.
DOSE = {
    "drug": "Revlimid", "indication": "multiple-myeloma", "regimen": "mm-dex",
    "patient": {"age_years": 72, "sex": "female", "weight_kg": 64, "height_cm": 162, "serum_creatinine": {"value": 1.6, "unit": "mg/dL"}, "child_pugh": "A"},
    "medicines": ["dexamethasone", "aspirin", "omeprazole", "sertraline"],
}
REPORT_QUERY = [("m", m) for m in ("Humira", "methotrexate", "folic acid", "ibuprofen", "omeprazole", "Xeljanz")] + [("crcl", "45"), ("patient", "female"), ("situation", "planning")]


def in_process() -> None:
    knowledge = load_content(os.environ.get("IMMUNOGUIDE_CONTENT_DIR", ROOT / "content"))
    checker = InteractionChecker(knowledge, NameResolver(knowledge))
    request = DoseRequest(**DOSE)
    report("dose: lenalidomide, CG + Child-Pugh + 4 medicines", measure(lambda: calculate(knowledge, checker, request), repeat=2000))
    report("  + JSON answer", measure(lambda: calculate(knowledge, checker, request).as_json(knowledge), repeat=2000))
    pom = knowledge.drugs["pomalidomide"]
    index, regimen = pick_regimen(pom, "multiple-myeloma", None)
    start = dt.date(2026, 12, 1)
    report("schedule: pomalidomide 12 cycles", measure(lambda: build(pom, index, regimen, start, cycles=12), repeat=500))
    schedule = build(pom, index, regimen, start, cycles=12)
    report("  + iCalendar (.ics) of 12 cycles", measure(lambda: to_ical(schedule, at=dt.time(8), tz="Europe/London", reminder_minutes=30), repeat=100))
    report("switch plan: adalimumab -> tofacitinib", measure(lambda: plan_switch(knowledge, checker, "Humira", "Xeljanz", start).as_json(knowledge), repeat=2000))


def over_http(seconds: int = 20, connections: int = 32, workers: int = 2) -> None:
    if not have_wrk():
        return
    with running_server(workers) as base:
        r = wrk(f"{base}/my-medicines?{urlencode(REPORT_QUERY)}", seconds=seconds, connections=connections)
    print(f"GET /my-medicines (6 medicines, kidney and pregnancy details), {connections} clients, {seconds} s, {workers} workers: "
          f"{r['rps']:,.0f} pages/s, p50 {r['p50_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, errors {r['errors']}")


if __name__ == "__main__":
    in_process()
    over_http(seconds=int(os.environ.get("BENCH_SECONDS", "20")))
