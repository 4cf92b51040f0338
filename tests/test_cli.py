"""The command line, run as a person would run it (a real process)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_CONTENT, run_cli


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return {"IMMUNOGUIDE_DATABASE_URL": f"sqlite:///{tmp_path / 'cli.db'}", "IMMUNOGUIDE_CONTENT_DIR": str(FIXTURE_CONTENT)}


def test_validate_ok(env: dict[str, str]) -> None:
    r = run_cli("validate", env=env)
    assert r.returncode == 0, r.stderr
    assert "content is valid: 2 drugs" in r.stdout


def test_validate_lists_every_error_and_exits_non_zero(content_copy: Path) -> None:
    (content_copy / "drugs" / "pomalidomide.yaml").write_text(
        (content_copy / "drugs" / "pomalidomide.yaml").read_text().replace("amount: 4", "amount: -4").replace("summary: A capsule", "summery: A capsule")
    )
    r = run_cli("validate", "--content", str(content_copy))
    assert r.returncode == 1
    lines = r.stderr.strip().splitlines()
    assert "content/drugs/pomalidomide.yaml: regimens[0].dose.amount: must be > 0" in lines
    assert "content/drugs/pomalidomide.yaml: summary: is required" in lines
    assert "content/drugs/pomalidomide.yaml: summery: is not a known field" in lines
    assert lines[-1] == "3 content error(s); nothing was published."


def test_build_then_search_and_show(env: dict[str, str]) -> None:
    built = run_cli("build", "--json", env=env)
    assert built.returncode == 0, built.stderr
    info = json.loads(built.stdout)
    assert info["drugs"] == 2 and info["articles"] == 2 and info["interactions"] == 1 and info["id"] == 1

    found = json.loads(run_cli("search", "pomalidamide", "--json", env=env).stdout)
    assert found["results"][0]["slug"] == "pomalidomide"
    text = run_cli("search", "imnovid", env=env)
    assert text.returncode == 0 and "Pomalidomide" in text.stdout

    shown = json.loads(run_cli("show", "pomalidomide", "--json", env=env).stdout)
    assert shown["type"] == "drug" and shown["regimens"][0]["cycle"] == {"days_on": 21, "length_days": 28}
    plain = run_cli("show", "pomalidomide", env=env).stdout
    assert "4 mg oral, once a day" in plain


def test_unknown_slug_and_no_match_are_clear(env: dict[str, str]) -> None:
    assert run_cli("build", env=env).returncode == 0
    r = run_cli("show", "pomalidamide", env=env)
    assert r.returncode == 1
    assert "unknown slug 'pomalidamide'" in r.stderr and "pomalidomide" in r.stderr
    nothing = run_cli("search", "zzqxv", env=env)
    assert nothing.returncode == 1 and "nothing matched" in nothing.stdout


def test_unreachable_database_is_a_clear_error(tmp_path: Path) -> None:
    r = run_cli("build", "--content", str(FIXTURE_CONTENT), env={"IMMUNOGUIDE_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    assert r.returncode == 1
    assert "cannot open the store" in r.stderr
    assert "Traceback" not in r.stderr


def test_bad_port_is_rejected() -> None:
    r = run_cli("serve", "--port", "0")
    assert r.returncode == 2
    assert "port" in r.stderr.lower()


def test_check_exit_codes(env: dict[str, str]) -> None:
    assert run_cli("build", env=env).returncode == 0
    major = run_cli("check", "Pomalyst", "fluvoxamin", env=env)
    assert major.returncode == 1, major.stderr
    assert "fluvoxamin: read as Fluvoxamine" in major.stdout and "MAJOR" in major.stdout
    assert "2.6 Dosage Modifications for Strong CYP1A2 Inhibitors" in major.stdout
    none = run_cli("check", "pomalidomide", env=env)
    assert none.returncode == 0 and "nothing to check" in none.stdout
    unknown = run_cli("check", "pomalidomide", "sertarline", env=env)
    assert unknown.returncode == 2 and "sertarline" in unknown.stdout and "not checked" in unknown.stdout
    as_json = json.loads(run_cli("check", "imnovid", "luvox", "--json", env=env).stdout)
    assert as_json["interactions"][0]["between"] == ["pomalidomide", "fluvoxamine"]
    assert as_json["interactions"][0]["sources"][0]["section"].startswith("2.6")


def test_calendar_writes_an_ics_and_explains_bad_input(env: dict[str, str], tmp_path: Path) -> None:
    assert run_cli("build", env=env).returncode == 0
    out = tmp_path / "pom.ics"
    r = run_cli("calendar", "imnovid", "--start", "2026-12-01", "--cycles", "2", "--tz", "Europe/London", "--out", str(out), env=env)
    assert r.returncode == 0, r.stderr
    assert "wrote 42 dose days" in r.stdout and out.read_text().count("BEGIN:VEVENT") == 44
    listing = run_cli("calendar", "pomalidomide", "--start", "2026-12-01", "--cycles", "1", "--json", env=env)
    assert len(json.loads(listing.stdout)["days"]) == 21
    for args, message in [
        (["--start", "2026-02-30"], "start: '2026-02-30' is not a date"),
        (["--start", "2026-12-01", "--tz", "Nowhere/City"], "tz: unknown time zone"),
        (["--start", "2026-12-01", "--cycles", "99"], "cycles: must be between 1 and 24"),
    ]:
        bad = run_cli("calendar", "pomalidomide", *args, env=env)
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr
    unknown = run_cli("calendar", "pomalidamid", "--start", "2026-12-01", env=env)
    assert unknown.returncode == 0  # a clear misspelling is read as pomalidomide


def test_dose_prints_the_labels_dose_and_exits_by_outcome(env: dict[str, str]) -> None:
    assert run_cli("build", env=env).returncode == 0
    r = run_cli("dose", "Pomalyst", "--dialysis", env=env)
    assert r.returncode == 0, r.stderr
    assert "Standard:    4 mg once a day" in r.stdout and "Recommended: 3 mg once a day" in r.stdout
    as_json = json.loads(run_cli("dose", "pomalidomide", "--dialysis", "--json", env=env).stdout)
    assert as_json["recommended"]["amount"] == 3 and as_json["adjustments_applied"][0]["sources"]
    computed = json.loads(run_cli("dose", "pomalidomide", "--age", "70", "--sex", "male", "--weight", "70", "--creatinine", "1.2 mg/dL", "--json", env=env).stdout)
    assert computed["calculated"]["crcl_ml_min"] == 56.7  # (140 − 70) × 70 / (72 × 1.2)
    for args, message in [
        (["--weight", "-3"], "patient.weight_kg: must be between 1 and 500 kg"),
        (["--creatinine", "0 mg/dL"], "patient.serum_creatinine.value"),
        (["--creatinine", "1.2 mmol/L"], "patient.serum_creatinine.unit"),
        (["--age", "400"], "patient.age_years: must be between 0 and 120 years"),
        (["--creatinine", "high"], "creatinine: 'high' is not a number"),
    ]:
        bad = run_cli("dose", "pomalidomide", *args, env=env)
        assert bad.returncode == 2 and message in bad.stderr, bad.stderr
        assert "Traceback" not in bad.stderr
    unknown = run_cli("dose", "zzqxv", env=env)
    assert unknown.returncode == 2 and "drug: unknown medicine 'zzqxv'" in unknown.stderr


def test_report_as_markdown_and_html(env: dict[str, str], tmp_path: Path) -> None:
    assert run_cli("build", env=env).returncode == 0
    md = run_cli("report", "Pomalyst", "fluvoxamine", "--dialysis", env=env)
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# My medicines report") and "**Major: Pomalidomide + Fluvoxamine.**" in md.stdout
    assert "### Dose notes" in md.stdout and "## Sources" in md.stdout
    out = tmp_path / "report.html"
    html = run_cli("report", "pomalidomide", "--format", "html", "--out", str(out), env=env)
    assert html.returncode == 0 and out.read_text().startswith("<!doctype html>") and "<h2>Questions for your doctor or pharmacist</h2>" in out.read_text()
    bad = run_cli("report", "pomalidomide", "--format", "pdf", "--weight", "-1", env=env)
    assert bad.returncode == 2 and "format: must be markdown or html" in bad.stderr and "weight_kg: must be between 1 and 500 kg" in bad.stderr
    unknown = run_cli("report", "pomalidomide", "zzqx", env=env)
    assert unknown.returncode == 2 and "zzqx" in unknown.stdout


def test_import_openfda_reports_counts_and_bad_parts(env: dict[str, str], tmp_path: Path) -> None:
    part = Path(__file__).parent / "fixtures" / "openfda" / "drug-label-0001-of-0002.json.zip"
    first = run_cli("import-openfda", str(part), "--json", env=env)
    assert first.returncode == 0, first.stderr
    counts = json.loads(first.stdout)["parts"][0]
    assert (counts["read"], counts["inserted"], counts["rejected"]) == (182, 182, 0)
    again = json.loads(run_cli("import-openfda", str(part), "--json", env=env).stdout)["parts"][0]
    assert (again["inserted"], again["unchanged"]) == (0, 182)
    broken = tmp_path / "broken.json.zip"
    broken.write_bytes(part.read_bytes()[:1000])
    bad = run_cli("import-openfda", str(broken), str(part), env=env)
    assert bad.returncode == 1 and "not a readable zip file" in bad.stderr and "unchanged 182" in bad.stdout
    missing = run_cli("import-openfda", str(tmp_path / "nope.json.zip"), env=env)
    assert missing.returncode == 2 and "no such file" in missing.stderr and "Traceback" not in missing.stderr
