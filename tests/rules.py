"""Shared checks for the table-driven content tests."""

from __future__ import annotations

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.knowledge.model import Regimen
from immunoguide.knowledge.snapshot import Knowledge


def regimen(knowledge: Knowledge, slug: str, regimen_id: str) -> Regimen:
    """A drug's regimen by its id (StopIteration when the content lost it)."""
    return next(r for r in knowledge.drugs[slug].regimens if r.id == regimen_id)


def assert_one_rule(checker: InteractionChecker, a: str, b: str, rule_id: str, severity: str, action: str, must_say: str, label: str) -> None:
    """Two medicines as a person types them meet exactly one rule: this id, severity and action, with this in its management."""
    result = checker.check([a, b])
    assert not result.unknown, [r.query for r in result.unknown]
    findings = result.interactions + result.alerts
    assert len(findings) == 1, label
    rule = findings[0].rule
    assert (rule.id, rule.severity, rule.action) == (rule_id, severity, action), label
    assert must_say.lower() in rule.management.lower(), label
    assert rule.sources
