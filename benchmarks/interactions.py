"""Interaction check: in process (20 medicines incl. name resolution) and over HTTP (32 clients).

Targets: in process ≤ 1 ms median; POST /api/v1/interactions with 32 concurrent
clients ≥ 1,500 req/s, p99 ≤ 25 ms, no errors. The HTTP part needs `wrk`
(Debian package `wrk`); without it, that part is skipped with a note.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, measure, report

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def over_http(seconds: int = 20, connections: int = 32, workers: int = 2) -> None:
    if not shutil.which("wrk"):
        print("wrk not installed (apt-get install wrk): HTTP benchmark skipped")
        return
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "IMMUNOGUIDE_DATABASE_URL": f"sqlite:///{tmp}/bench.db"}
        cli = [sys.executable, "-m", "immunoguide"]
        subprocess.run([*cli, "build"], env=env, cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "immunoguide.web.main:app", "--port", str(port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
            env=env, cwd=ROOT,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            time.sleep(1.0)
            script = Path(tmp) / "post.lua"
            body = json.dumps({"medicines": MEDICINES})
            script.write_text(
                'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
                f"wrk.body = {json.dumps(body)}\n"
                "done = function(summary, latency, requests)\n"
                '  io.write(string.format("p50_us %d\\np99_us %d\\nnon2xx %d\\n", latency:percentile(50), latency:percentile(99), summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\n'
                "end\n"
            )
            out = subprocess.run(
                ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), f"http://127.0.0.1:{port}/api/v1/interactions"],
                capture_output=True, text=True, check=True,
            ).stdout
        finally:
            server.terminate()
            server.wait(timeout=10)
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = int(re.search(r"p50_us (\d+)", out).group(1)) / 1000
    p99 = int(re.search(r"p99_us (\d+)", out).group(1)) / 1000
    errors = int(re.search(r"non2xx (\d+)", out).group(1))
    print(f"POST /api/v1/interactions, {connections} clients, {seconds} s, {workers} workers: {rps:,.0f} req/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms, errors {errors}")


if __name__ == "__main__":
    in_process()
    over_http(seconds=int(os.environ.get("BENCH_SECONDS", "20")))
