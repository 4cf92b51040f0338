"""Run every benchmark script in turn."""

import runpy
from pathlib import Path

for name in ("build", "pages", "search", "interactions", "dosing"):
    print(f"\n== {name} ==")
    runpy.run_path(str(Path(__file__).parent / f"{name}.py"), run_name="__main__")
