"""Dose schedules and iCalendar: exact dose days for any start date, and calendars that parse back."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar

from immunoguide.clinical.schedule import ScheduleError, build, pick_regimen, to_ical
from immunoguide.knowledge.load import load_content
from tests.conftest import CONTENT

K = load_content(CONTENT)
starts = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2032, 12, 31))


def schedule_for(slug: str, indication: str, start: dt.date, **kw):  # noqa: ANN003, ANN201
    drug = K.drugs[slug]
    index, regimen = pick_regimen(drug, indication, kw.pop("regimen", None))
    return build(drug, index, regimen, start, **kw)


@given(start=starts, cycles=st.integers(1, 6))
def test_pomalidomide_21_on_7_off_for_any_start(start: dt.date, cycles: int) -> None:
    s = schedule_for("pomalidomide", "multiple-myeloma", start, cycles=cycles)
    assert len(s.days) == 21 * cycles and len(s.rest_days) == 7 * cycles  # Pomalyst 2.1: days 1–21 of 28
    every_day = sorted([d.date for d in s.days] + list(s.rest_days))
    assert every_day == [start + dt.timedelta(days=i) for i in range(28 * cycles)]  # no gap, no repeat
    for d in s.days:
        assert d.date == start + dt.timedelta(days=(d.cycle - 1) * 28 + d.day_of_cycle - 1)
        assert 1 <= d.day_of_cycle <= 21
    assert [c for c, _ in s.rest_starts] == list(range(1, cycles + 1))


@given(start=starts, weekday=st.sampled_from(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]), weeks=st.integers(1, 52))
def test_weekly_methotrexate_falls_on_one_weekday(start: dt.date, weekday: str, weeks: int) -> None:
    s = schedule_for("methotrexate", "rheumatoid-arthritis", start, weekday=weekday, weeks=weeks)
    dates = [d.date for d in s.days]
    assert {d.strftime("%A").lower() for d in dates} == {weekday}
    assert all((b - a).days == 7 for a, b in zip(dates, dates[1:]))
    assert dates[0] >= start and (dates[0] - start).days < 7


def test_twice_daily_and_every_two_weeks() -> None:
    tofa = schedule_for("tofacitinib", None, dt.date(2026, 3, 28), regimen=0, weeks=1)
    assert [d.times for d in tofa.days] == [2] * 7
    ada = schedule_for("adalimumab", None, dt.date(2026, 1, 1), regimen=0, weeks=6)
    assert [d.date.isoformat() for d in ada.days] == ["2026-01-01", "2026-01-15", "2026-01-29"]


def test_loading_phases_in_words_only_are_refused_not_left_out() -> None:
    drug = K.drugs["leflunomide"]
    index, regimen = next((i, r) for i, r in enumerate(drug.regimens) if r.loading and not r.loading_doses)
    with pytest.raises(ScheduleError, match="loading phase") as info:
        build(drug, index, regimen, dt.date(2026, 1, 1))
    assert info.value.field == "regimen"


@pytest.mark.parametrize(
    ("slug", "regimen", "weeks", "expected"),
    [
        # Remicade 2.1: 5 mg/kg at weeks 0, 2 and 6, then every 8 weeks (week 14, 22, ...)
        ("infliximab", 0, 31, [("2026-01-05", 5.0), ("2026-01-19", 5.0), ("2026-02-16", 5.0), ("2026-04-13", None), ("2026-06-08", None), ("2026-08-03", None)]),
        # Remicade 2.4: ankylosing spondylitis, then every 6 weeks (week 12, 18, ...)
        ("infliximab", 5, 19, [("2026-01-05", 5.0), ("2026-01-19", 5.0), ("2026-02-16", 5.0), ("2026-03-30", None), ("2026-05-11", None)]),
        # Humira Crohn's disease: 160 mg day 1, 80 mg day 15, then 40 mg every other week from day 29
        ("adalimumab", 4, 9, [("2026-01-05", 160.0), ("2026-01-19", 80.0), ("2026-02-02", None), ("2026-02-16", None), ("2026-03-02", None)]),
        # Humira psoriasis: 80 mg, then 40 mg every other week starting one week later
        ("adalimumab", 10, 5, [("2026-01-05", 80.0), ("2026-01-12", None), ("2026-01-26", None)]),
    ],
)
def test_loading_doses_then_maintenance(slug: str, regimen: int, weeks: int, expected: list) -> None:
    s = schedule_for(slug, None, dt.date(2026, 1, 5), regimen=regimen, weeks=weeks)
    assert [(d.date.isoformat(), d.amount) for d in s.days] == expected


def test_an_ambiguous_indication_lists_the_choices() -> None:
    with pytest.raises(ScheduleError, match="choose one with regimen=N") as info:
        pick_regimen(K.drugs["lenalidomide"], "multiple-myeloma", None)
    assert "0:" in info.value.reason


def test_ical_parses_back_with_stable_uids_and_the_time_zone() -> None:
    s = schedule_for("pomalidomide", "multiple-myeloma", dt.date(2027, 3, 20), cycles=2)  # crosses the UK clock change
    raw = to_ical(s, at=dt.time(8, 0), tz="Europe/London", reminder_minutes=15)
    cal = Calendar.from_ical(raw)
    events = [c for c in cal.walk("VEVENT")]
    doses = [e for e in events if str(e["SUMMARY"]).startswith("Pomalidomide") and "rest days" not in str(e["SUMMARY"])]
    dexamethasone = [e for e in events if str(e["SUMMARY"]).startswith("Dexamethasone")]
    assert len(doses) == 42 and len(dexamethasone) == 8 and len(events) == 42 + 8 + 2
    assert all(e.decoded("DTSTART").hour == 8 and str(e.decoded("DTSTART").tzinfo) == "Europe/London" for e in doses)
    offsets = {e.decoded("DTSTART").utcoffset() for e in doses}
    assert offsets == {dt.timedelta(0), dt.timedelta(hours=1)}  # GMT and BST: the dose stays at 08:00 local
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert cal.walk("VTIMEZONE") and all(e.walk("VALARM") for e in doses)
    again = Calendar.from_ical(to_ical(s, at=dt.time(8, 0), tz="Europe/London", reminder_minutes=None))
    assert sorted(str(e["UID"]) for e in again.walk("VEVENT")) == sorted(str(e["UID"]) for e in events)
    assert "Pomalidomide 4 mg (cycle 1, day 1)" in str(doses[0]["SUMMARY"])


@given(start=starts, cycles=st.integers(1, 6))
def test_dexamethasone_days_with_pomalidomide(start: dt.date, cycles: int) -> None:
    # Pomalyst 2.2 / 14.1: dexamethasone on days 1, 8, 15 and 22 of each 28-day cycle; day 22 is a pomalidomide rest day.
    s = schedule_for("pomalidomide", "multiple-myeloma", start, cycles=cycles)
    dex = [(c.cycle, c.day_of_cycle) for c in s.companion_days if c.name == "Dexamethasone"]
    assert dex == [(n, d) for n in range(1, cycles + 1) for d in (1, 8, 15, 22)]
    days = {d["date"]: d for d in s.as_json()["days"]}
    day22 = (start + dt.timedelta(days=21)).isoformat()
    assert [x["medicine"] for x in days[day22]["doses"]] == ["Dexamethasone"] and day22 in s.as_json()["rest_days"]
    assert [x["medicine"] for x in days[start.isoformat()]["doses"]] == ["Pomalidomide", "Dexamethasone"]


@given(start=starts, weeks=st.integers(1, 26))
def test_folic_acid_the_day_after_weekly_methotrexate(start: dt.date, weeks: int) -> None:
    s = schedule_for("methotrexate", "rheumatoid-arthritis", start, weekday="friday", weeks=weeks)
    folic = [c.date for c in s.companion_days if c.name == "Folic acid"]
    assert folic == [d.date + dt.timedelta(days=1) for d in s.days]
    assert {d.strftime("%A") for d in folic} == {"Saturday"}


def _regimen(frequency: str, interval: int | None = None):  # noqa: ANN202
    from immunoguide.knowledge.model import Regimen

    return Regimen(indication="multiple-sclerosis", title="t", dose={"amount": 20, "unit": "mg"}, route="subcutaneous", frequency=frequency,
                   interval=interval, text="t", sources=[{"source": "s", "section": "2"}])


@given(start=starts, weeks=st.integers(1, 52))
def test_three_times_weekly_is_48_hours_apart_three_times_a_week(start: dt.date, weeks: int) -> None:
    s = build(K.drugs["methotrexate"], 0, _regimen("three-times-weekly"), start, weeks=weeks)
    dates = [d.date for d in s.days]
    assert len(dates) == 3 * weeks and all((b - a).days in (2, 3) for a, b in zip(dates, dates[1:]))
    assert all(sum(1 for d in dates if 0 <= (d - start).days - 7 * w < 7) == 3 for w in range(weeks))


@pytest.mark.parametrize(
    ("start", "interval", "expected"),
    [
        (dt.date(2027, 1, 31), 1, [dt.date(2027, 1, 31), dt.date(2027, 2, 28), dt.date(2027, 3, 31), dt.date(2027, 4, 30)]),
        (dt.date(2027, 8, 31), 6, [dt.date(2027, 8, 31), dt.date(2028, 2, 29), dt.date(2028, 8, 31)]),  # leap year
    ],
)
def test_every_n_months_keeps_the_day_of_the_month(start: dt.date, interval: int, expected: list[dt.date]) -> None:
    s = build(K.drugs["methotrexate"], 0, _regimen("every-n-months", interval), start, weeks={1: 15, 6: 60}[interval])
    assert [d.date for d in s.days] == expected
