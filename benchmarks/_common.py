"""Helpers for the benchmark scripts: timing loops and a printed summary."""

from __future__ import annotations

import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))


def measure(fn: Callable[[], object], *, repeat: int, warmup: int = 5) -> list[float]:
    """Wall-clock milliseconds of `repeat` calls, after `warmup` unmeasured ones."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return times


def report(name: str, times_ms: list[float]) -> dict[str, float]:
    ordered = sorted(times_ms)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    row = {"median_ms": statistics.median(ordered), "p99_ms": p99, "n": len(ordered)}
    print(f"{name:<48} median {row['median_ms']:8.3f} ms   p99 {p99:8.3f} ms   (n={len(ordered)})")
    return row


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_server(workers: int = 2) -> Iterator[str]:
    """A built store and a real uvicorn server on a free port; yields its base URL."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "IMMUNOGUIDE_DATABASE_URL": f"sqlite:///{tmp}/bench.db"}
        subprocess.run([sys.executable, "-m", "immunoguide", "build"], env=env, cwd=ROOT, check=True, capture_output=True)
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
            yield f"http://127.0.0.1:{port}"
        finally:
            server.terminate()
            server.wait(timeout=10)


WRK_SUMMARY = (
    "done = function(summary, latency, requests)\n"
    '  io.write(string.format("p50_us %d\\np99_us %d\\nnon2xx %d\\n", latency:percentile(50), latency:percentile(99), '
    "summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))\n"
    "end\n"
)


def have_wrk() -> bool:
    if shutil.which("wrk"):
        return True
    print("wrk not installed (apt-get install wrk): HTTP benchmark skipped")
    return False


def wrk(url: str, *, seconds: int, connections: int, setup: str = "") -> dict[str, float]:
    """Run wrk against `url` (a Lua `setup` can set method, headers and body); requests/s, p50, p99 ms, errors."""
    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "bench.lua"
        script.write_text(setup + WRK_SUMMARY)
        out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "-s", str(script), url], capture_output=True, text=True, check=True).stdout
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50_ms": int(re.search(r"p50_us (\d+)", out).group(1)) / 1000,
        "p99_ms": int(re.search(r"p99_us (\d+)", out).group(1)) / 1000,
        "errors": int(re.search(r"non2xx (\d+)", out).group(1)),
    }
