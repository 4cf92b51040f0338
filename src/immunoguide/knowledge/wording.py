"""Regimens in words: one place for how a dose, a frequency and a cycle are said."""

from __future__ import annotations

from .model import Dose, Regimen


def _num(x: float) -> str:
    return f"{x:g}"


def dose_text(dose: Dose) -> str:
    unit = dose.unit.replace("m2", "m²")
    amount = _num(dose.amount) if dose.amount_max is None else f"{_num(dose.amount)}–{_num(dose.amount_max)}"
    text = f"{amount} {unit}"
    if dose.max_amount is not None and dose.max_unit is not None and (dose.max_amount, dose.max_unit) != (dose.amount_max or dose.amount, dose.unit):
        text += f" (no more than {_num(dose.max_amount)} {dose.max_unit.replace('m2', 'm²')})"
    return text


_FREQUENCY = {
    "once-daily": "once a day",
    "twice-daily": "twice a day",
    "three-times-daily": "three times a day",
    "once-weekly": "once a week, on the same day each week",
    "three-times-weekly": "three times a week, at least 48 hours apart",
    "single-dose": "as a single dose",
}


def frequency_text(regimen: Regimen) -> str:
    return frequency_words(regimen.frequency, regimen.interval)


def frequency_words(frequency: str, interval: int | None = None) -> str:
    if frequency == "every-n-days":
        return "every day" if interval == 1 else ("every other day" if interval == 2 else f"every {interval} days")
    if frequency == "every-n-weeks":
        return "every week" if interval == 1 else f"every {interval} weeks"
    if frequency == "every-n-months":
        return "once a month" if interval == 1 else f"every {interval} months"
    return _FREQUENCY[frequency]


def cycle_text(regimen: Regimen) -> str | None:
    c = regimen.cycle
    if c is None:
        return None
    off = c.length_days - c.days_on
    rest = f", then {off} days off" if off else ""
    return f"Days 1–{c.days_on} of each {c.length_days}-day cycle ({c.days_on} days on{rest})"
