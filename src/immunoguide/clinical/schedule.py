"""Dated dose schedules from a regimen (cycles such as 21 days on / 7 off, weekly, every N weeks) and iCalendar.

A regimen with a loading phase is laid out from its dated loading doses
(infliximab at weeks 0, 2 and 6, then every 8 weeks from week 14). One whose
loading phase is described only in words is refused with a clear reason: a
calendar that silently left the loading doses out would give a person starting
treatment the wrong dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Alarm, Calendar, Event

from ..knowledge.model import Drug, Regimen
from ..knowledge.wording import dose_text

DOSES_PER_DAY = {"once-daily": 1, "twice-daily": 2, "three-times-daily": 3}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
MAX_CYCLES = 24
MAX_WEEKS = 104


class ScheduleError(ValueError):
    """A schedule that cannot be laid out, with the field at fault."""

    def __init__(self, field: str, reason: str):
        super().__init__(reason)
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class DoseDay:
    date: dt.date
    cycle: int | None
    day_of_cycle: int | None
    times: int  # doses on this day
    amount: float | None = None  # a loading dose's own amount; None: the regimen's dose
    unit: str | None = None

    @property
    def loading(self) -> bool:
        return self.amount is not None


@dataclass(frozen=True)
class CompanionDay:
    """A day a companion medicine is taken, as the regimen's source fixes it (the amount is as prescribed)."""

    date: dt.date
    name: str
    cycle: int | None
    day_of_cycle: int | None


@dataclass(frozen=True)
class Schedule:
    drug: Drug
    regimen_index: int
    regimen: Regimen
    days: tuple[DoseDay, ...]
    rest_days: tuple[dt.date, ...]
    rest_starts: tuple[tuple[int, dt.date], ...] = field(default=())
    companion_days: tuple[CompanionDay, ...] = field(default=())

    def companions_on(self, date: dt.date) -> list[str]:
        return [c.name for c in self.companion_days if c.date == date]

    def dose_label(self, day: DoseDay | None = None) -> str:
        if day is not None and day.loading:
            return f"{day.amount:g} {(day.unit or '').replace('m2', 'm²')} (starting dose)"
        return dose_text(self.regimen.dose)

    def _days_json(self) -> list[dict[str, Any]]:
        """Dose days of the main medicine with any companion doses on them, and companion-only days (e.g. day 22)."""
        r = self.regimen
        out: dict[dt.date, dict[str, Any]] = {}
        for d in self.days:
            main = (
                {"medicine": self.drug.name, "amount": d.amount, "amount_max": None, "unit": d.unit, "loading": True}
                if d.loading
                else {"medicine": self.drug.name, "amount": r.dose.amount, "amount_max": r.dose.amount_max, "unit": r.dose.unit}
            )
            out[d.date] = {"date": d.date.isoformat(), "cycle": d.cycle, "day_of_cycle": d.day_of_cycle, "doses": [main] * d.times}
        for c in self.companion_days:
            day = out.setdefault(c.date, {"date": c.date.isoformat(), "cycle": c.cycle, "day_of_cycle": c.day_of_cycle, "doses": []})
            day["doses"].append({"medicine": c.name, "amount": None, "amount_max": None, "unit": None, "companion": True, "as_prescribed": True})
        return [out[date] for date in sorted(out)]

    def as_json(self) -> dict[str, Any]:
        r = self.regimen
        return {
            "drug": self.drug.slug,
            "name": self.drug.name,
            "regimen": {"index": self.regimen_index, "title": r.title, "indication": r.indication, "frequency": r.frequency, "interval": r.interval,
                        "cycle": r.cycle.model_dump() if r.cycle else None},
            "days": self._days_json(),
            "rest_days": [d.isoformat() for d in self.rest_days],
            "companions": [{"name": c.name, "text": c.text, "on_calendar": bool(c.cycle_days or c.days_after_dose)} for c in r.companions],
            "notes": _notes(r),
            "sources": [c.model_dump() for c in r.sources],
        }


def _notes(r: Regimen) -> list[str]:
    notes = ["These dates follow the regimen in the label. Your team may change them: follow the dates they give you."]
    if r.dose.unit in ("mg/kg", "mg/m2", "g/m2"):
        notes.append("This dose depends on your weight or body size: your prescription gives the amount in mg.")
    if any(c.cycle_days or c.days_after_dose for c in r.companions):
        notes.append("Medicines taken alongside are placed on the days their source gives; take the amount your team prescribes.")
    if any(not (c.cycle_days or c.days_after_dose) for c in r.companions):
        notes.append("Some medicines taken alongside are listed but not placed on the calendar: take them as your team prescribes.")
    return notes


def pick_regimen(drug: Drug, indication: str | None, index: int | None) -> tuple[int, Regimen]:
    """The regimen asked for: by its index in the monograph, or the only one for the indication."""
    if index is not None:
        if not 0 <= index < len(drug.regimens):
            raise ScheduleError("regimen", f"must be between 0 and {len(drug.regimens) - 1} for {drug.name}")
        return index, drug.regimens[index]
    matches = [(i, r) for i, r in enumerate(drug.regimens) if indication in (None, r.indication)]
    if not matches:
        known = sorted({r.indication for r in drug.regimens})
        raise ScheduleError("indication", f"{drug.name} has no regimen for '{indication}'; known: {', '.join(known)}")
    if len(matches) > 1:
        options = "; ".join(f"{i}: {r.title} ({r.population})" for i, r in matches)
        raise ScheduleError("regimen", f"{drug.name} has {len(matches)} regimens here; choose one with regimen=N ({options})")
    return matches[0]


def build(drug: Drug, regimen_index: int, regimen: Regimen, start: dt.date, *, cycles: int = 3, weeks: int = 12, weekday: str | None = None) -> Schedule:
    if regimen.loading and not regimen.loading_doses:
        raise ScheduleError(
            "regimen",
            f"this regimen starts with a loading phase ({regimen.loading.rstrip('.')}). The calendar does not lay out loading doses yet: "
            "ask your team for those dates.",
        )
    if not 1 <= cycles <= MAX_CYCLES:
        raise ScheduleError("cycles", f"must be between 1 and {MAX_CYCLES}")
    if not 1 <= weeks <= MAX_WEEKS:
        raise ScheduleError("weeks", f"must be between 1 and {MAX_WEEKS}")
    times = DOSES_PER_DAY.get(regimen.frequency, 1)
    days: list[DoseDay] = []
    rest: list[dt.date] = []
    rest_starts: list[tuple[int, dt.date]] = []
    if regimen.cycle is not None:
        c = regimen.cycle
        if regimen.frequency not in DOSES_PER_DAY:
            raise ScheduleError("regimen", "cycles are laid out only for daily doses")
        for n in range(cycles):
            for d in range(c.length_days):
                date = start + dt.timedelta(days=n * c.length_days + d)
                if d < c.days_on:
                    days.append(DoseDay(date, n + 1, d + 1, times))
                else:
                    if d == c.days_on:
                        rest_starts.append((n + 1, date))
                    rest.append(date)
        companions = [
            CompanionDay(start + dt.timedelta(days=n * c.length_days + day - 1), comp.name, n + 1, day)
            for n in range(cycles) for comp in regimen.companions for day in comp.cycle_days if day <= c.length_days
        ]
        return Schedule(drug, regimen_index, regimen, tuple(days), tuple(rest), tuple(rest_starts), _sorted(companions + _after_doses(regimen, days)))

    horizon = start + dt.timedelta(weeks=weeks)
    for dose in regimen.loading_doses:
        days.append(DoseDay(start + dt.timedelta(days=dose.day - 1), None, None, 1, dose.amount, dose.unit))
    if regimen.maintenance_from_day is not None:
        start = start + dt.timedelta(days=regimen.maintenance_from_day - 1)
    first = start
    if regimen.frequency == "once-weekly" and weekday is not None:
        if weekday not in WEEKDAYS:
            raise ScheduleError("weekday", f"must be one of {', '.join(WEEKDAYS)}")
        first = start + dt.timedelta(days=(WEEKDAYS.index(weekday) - start.weekday()) % 7)
    if regimen.frequency == "single-dose":
        days.append(DoseDay(first, None, None, 1))
    else:
        n = 0
        while (date := next_dose(regimen, first, n)) < horizon:
            days.append(DoseDay(date, None, None, times))
            n += 1
    return Schedule(drug, regimen_index, regimen, tuple(days), (), (), _sorted(_after_doses(regimen, days)))


def add_months(date: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, or the month's last day when it is shorter."""
    month0 = date.month - 1 + months
    year, month = date.year + month0 // 12, month0 % 12 + 1
    return dt.date(year, month, min(date.day, calendar.monthrange(year, month)[1]))


def next_dose(regimen: Regimen, first: dt.date, n: int) -> dt.date:
    """The date of the n-th regular dose (n = 0 is `first`) of a regimen without cycles."""
    f, interval = regimen.frequency, regimen.interval or 1
    if f in DOSES_PER_DAY:
        return first + dt.timedelta(days=n)
    if f == "once-weekly":
        return first + dt.timedelta(weeks=n)
    if f == "three-times-weekly":  # days 0, 2 and 4 of each week: at least 48 hours apart
        return first + dt.timedelta(weeks=n // 3, days=2 * (n % 3))
    if f == "every-n-days":
        return first + dt.timedelta(days=interval * n)
    if f == "every-n-weeks":
        return first + dt.timedelta(weeks=interval * n)
    if f == "every-n-months":
        return add_months(first, interval * n)
    raise ValueError(f"{f} has no next dose")


def _after_doses(regimen: Regimen, days: list[DoseDay]) -> list[CompanionDay]:
    return [
        CompanionDay(d.date + dt.timedelta(days=after), comp.name, None, None)
        for comp in regimen.companions for after in comp.days_after_dose for d in days
    ]


def _sorted(days: list[CompanionDay]) -> tuple[CompanionDay, ...]:
    return tuple(sorted(days, key=lambda c: (c.date, c.name)))


def _slug(name: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


def to_ical(schedule: Schedule, *, at: dt.time, tz: str, reminder_minutes: int | None, now: dt.datetime | None = None) -> bytes:
    """RFC 5545 calendar: one event per dose day (stable UIDs), rest-period starts as all-day events."""
    zone = ZoneInfo(tz)
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc)
    drug, regimen = schedule.drug, schedule.regimen
    cal = Calendar()
    cal.add("prodid", "-//ImmunoGuide//Dose calendar//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{drug.name}: {regimen.title}")
    uid_base = f"{drug.slug}-{schedule.regimen_index}"
    for day in schedule.days:
        event = Event()
        where = f" (cycle {day.cycle}, day {day.day_of_cycle})" if day.cycle else ""
        times = "" if day.times == 1 else f", {day.times} times today"
        event.add("uid", f"{uid_base}-{day.date:%Y%m%d}@immunoguide")
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.combine(day.date, at, tzinfo=zone))
        event.add("duration", dt.timedelta(minutes=15))
        event.add("summary", f"{drug.name} {schedule.dose_label(day)}{times}{where}")
        event.add("description", f"{regimen.title}. Take it as your team prescribed. Generated by ImmunoGuide; check the dates with your team.")
        event.add("transp", "TRANSPARENT")
        if reminder_minutes is not None:
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"Time for {drug.name}")
            alarm.add("trigger", dt.timedelta(minutes=-reminder_minutes))
            event.add_component(alarm)
        cal.add_component(event)
    for c in schedule.companion_days:
        event = Event()
        event.add("uid", f"{uid_base}-{_slug(c.name)}-{c.date:%Y%m%d}@immunoguide")
        event.add("dtstamp", stamp)
        event.add("dtstart", dt.datetime.combine(c.date, at, tzinfo=zone))
        event.add("duration", dt.timedelta(minutes=15))
        event.add("summary", f"{c.name} (as prescribed, with {drug.name})")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    for cycle, date in schedule.rest_starts:
        event = Event()
        off = regimen.cycle.length_days - regimen.cycle.days_on if regimen.cycle else 0
        event.add("uid", f"{uid_base}-rest-{date:%Y%m%d}@immunoguide")
        event.add("dtstamp", stamp)
        event.add("dtstart", date)
        event.add("dtend", date + dt.timedelta(days=1))
        event.add("summary", f"{drug.name}: rest days start (cycle {cycle}), no doses for {off} days")
        event.add("transp", "TRANSPARENT")
        cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()
