"""Switch plans: dates from the old medicine's dosing interval, or from its label's stopping advice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.clinical.switching import SwitchError, plan_switch
from immunoguide.knowledge.load import load_content
from tests.conftest import CONTENT

KNOWLEDGE = load_content(CONTENT)
CHECKER = InteractionChecker(KNOWLEDGE, NameResolver(KNOWLEDGE))
LAST = dt.date(2026, 12, 1)


def plan(a: str, b: str, last: dt.date = LAST) -> dict:
    return plan_switch(KNOWLEDGE, CHECKER, a, b, last).as_json(KNOWLEDGE)


@pytest.mark.parametrize(
    ("old", "new", "start", "basis"),
    [
        ("Humira", "Xeljanz", "2026-12-15", "general"),  # adalimumab every 2 weeks (Humira 2.1)
        ("Enbrel", "Humira", "2026-12-08", "general"),  # etanercept 50 mg once weekly (Enbrel 2.1)
        ("Remicade", "etanercept", "2027-01-26", "general"),  # infliximab every 8 weeks for Crohn's maintenance (Remicade 2.1)
        ("Xeljanz", "Humira", "2026-12-02", "general"),  # tofacitinib twice daily
        ("methotrexate", "leflunomide", "2026-12-08", "general"),  # methotrexate once weekly
        ("Arava", "methotrexate", "2026-12-13", "specific"),  # Arava 5.3: cholestyramine for 11 days, then the next medicine
        ("Gilenya", "Humira", "2026-12-02", "specific"),  # Gilenya 5.13: effects last up to 2 months (a note, not a delay)
    ],
)
def test_start_dates(old: str, new: str, start: str, basis: str) -> None:
    p = plan(old, new)
    assert (p["start_date"], p["basis"]) == (start, basis)
    first = [e for e in p["plan"] if e["event"].startswith("First dose")]
    assert [e["date"] for e in first] == [start]
    assert p["sources"] and p["monitoring"] and p["flare_signs"]


def test_two_biologics_or_a_biologic_and_a_jak_inhibitor_never_overlap() -> None:
    for old, new in [("adalimumab", "tofacitinib"), ("tofacitinib", "infliximab"), ("etanercept", "adalimumab")]:
        p = plan(old, new)
        assert p["overlap_warning"] and p["start_date"] > p["last_dose_date"]
    assert plan("methotrexate", "adalimumab")["overlap_warning"] is None


def test_fingolimod_lasting_effect_is_dated() -> None:
    p = plan("fingolimod", "adalimumab")
    assert any(e["date"] == "2027-01-30" and "worn off" in e["event"] for e in p["plan"])  # 60 days after the last dose
    assert any(s["section"].startswith("5.13") for s in p["sources"])


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_plan_is_in_date_order_and_starts_after_the_last_dose(last: dt.date) -> None:
    p = plan("infliximab", "tofacitinib", last)
    dates = [e["date"] for e in p["plan"]]
    assert dates == sorted(dates) and p["start_date"] == (last + dt.timedelta(weeks=8)).isoformat()


@pytest.mark.parametrize(("old", "new", "field"), [("zzqx", "humira", "from"), ("humira", "warfarin", "to"), ("Humira", "adalimumab", "to")])
def test_bad_requests_name_the_field(old: str, new: str, field: str) -> None:
    with pytest.raises(SwitchError) as exc:
        plan(old, new)
    assert exc.value.field == field
