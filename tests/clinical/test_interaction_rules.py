"""How the checker chooses and reports rules, on a small synthetic knowledge base.

These test the mechanism (specificity, one finding per pair, ordering, alerts,
nothing dropped); the clinical content of the real rules is tested against
its label sections in test_interactions_content.py.
"""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.knowledge.model import Drug, DrugClass, InteractionRule, Source
from immunoguide.knowledge.snapshot import Knowledge

CITE = [{"source": "src", "section": "7 Drug Interactions"}]


def drug(slug: str, classes: tuple[str, ...] = (), props: tuple[str, ...] = (), brands: tuple[str, ...] = ()) -> Drug:
    return Drug.model_validate(
        {
            "slug": slug, "name": slug.replace("-", " ").title(), "category": "other", "classes": list(classes),
            "properties": list(props), "brands": [{"name": b} for b in brands], "summary": "A test medicine.",
            "reviewed": "2026-11-25", "reviewer": "test", "sources": CITE,
        }
    )


def rule(rule_id: str, a: dict, b: dict, severity: str, kind: str = "interaction") -> InteractionRule:
    return InteractionRule.model_validate(
        {
            "id": rule_id, "kind": kind, "between": [a, b], "severity": severity, "action": "monitor",
            "mechanism": "m", "summary": f"summary of {rule_id}", "management": "manage", "sources": CITE,
        }
    )


@pytest.fixture(scope="module")
def checker() -> InteractionChecker:
    drugs = [
        drug("alpha", classes=("tnf",), props=("immunosuppressant",), brands=("Alphabrand",)),
        drug("beta", classes=("tnf",), props=("immunosuppressant",)),
        drug("gamma", classes=("ssri",), props=("serotonergic", "strong-cyp3a4-inhibitor")),
        drug("delta", classes=("ssri",), props=("serotonergic",)),
        drug("live-jab", props=("live-vaccine",)),
        drug("plain"),
    ]
    classes = {c: DrugClass.model_validate({"slug": c, "name": c, "summary": "s", "description": [{"text": "t", "sources": CITE}], "reviewed": "2026-11-25"}) for c in ("tnf", "ssri")}
    rules = [
        rule("alpha-gamma", {"drug": "alpha"}, {"drug": "gamma"}, "minor"),
        rule("alpha-ssri", {"drug": "alpha"}, {"class": "ssri"}, "moderate"),
        rule("alpha-strong", {"drug": "alpha"}, {"property": "strong-cyp3a4-inhibitor"}, "major"),
        rule("tnf-tnf", {"class": "tnf"}, {"class": "tnf"}, "major", kind="duplicate-therapy"),
        rule("live-immuno", {"property": "live-vaccine"}, {"property": "immunosuppressant"}, "major", kind="live-vaccine"),
        rule("beta-delta", {"drug": "beta"}, {"drug": "delta"}, "contraindicated"),
    ]
    k = Knowledge(
        drugs={d.slug: d for d in drugs}, classes=classes, conditions={}, topics={}, articles={},
        sources={"src": Source.model_validate({"id": "src", "title": "T", "publisher": "P", "kind": "other", "revised": "2024"})},
        interactions={r.id: r for r in rules},
    )
    return InteractionChecker(k, NameResolver(k))


def test_the_most_specific_rule_wins_even_when_less_severe(checker: InteractionChecker) -> None:
    # alpha + gamma matches drug-drug (minor), drug-class (moderate) and drug-property (major): drug-drug wins.
    assert checker.pair("alpha", "gamma").rule.id == "alpha-gamma"
    # alpha + delta: no drug-drug rule; the class rule beats nothing else.
    assert checker.pair("alpha", "delta").rule.id == "alpha-ssri"


def test_a_pair_is_reported_once_whatever_the_order(checker: InteractionChecker) -> None:
    for names in (["alpha", "gamma"], ["gamma", "alpha"], ["Gamma", "ALPHA", " alpha "]):
        result = checker.check(names)
        assert [f.rule.id for f in result.interactions] == ["alpha-gamma"]
        assert result.interactions[0].between == ("alpha", "gamma")  # the rule's order


def test_class_rule_matches_two_different_members_as_an_alert(checker: InteractionChecker) -> None:
    result = checker.check(["alpha", "beta"])
    assert [f.rule.id for f in result.alerts] == ["tnf-tnf"]
    assert result.interactions == ()


def test_property_rule_for_live_vaccines(checker: InteractionChecker) -> None:
    result = checker.check(["live jab", "beta"])
    assert [(f.rule.kind, f.between) for f in result.alerts] == [("live-vaccine", ("live-jab", "beta"))]


def test_findings_are_sorted_most_severe_first(checker: InteractionChecker) -> None:
    result = checker.check(["alpha", "delta", "beta", "gamma"])
    severities = [f.rule.severity for f in result.interactions]
    assert severities == sorted(severities, key=["contraindicated", "major", "moderate", "minor"].index)
    assert severities[0] == "contraindicated"
    # all six pairs are accounted for: four answered by rules, two outside the rules
    assert result.pairs_checked == 4
    assert set(result.not_covered) == {("delta", "gamma"), ("beta", "gamma")}


def test_pairs_outside_the_rules_are_said_to_be_unchecked(checker: InteractionChecker) -> None:
    answer = checker.check(["plain", "delta"]).as_json(checker.knowledge)
    assert answer["interactions"] == [] and answer["alerts"] == []
    assert answer["pairs_checked"] == 0 and answer["not_covered"][0]["medicines"] == ["plain", "delta"]
    assert "could not check" in answer["message"]
    assert "nothing to check" in checker.check(["plain"]).as_json(checker.knowledge)["message"]


def test_unknown_names_and_repeats_are_kept(checker: InteractionChecker) -> None:
    result = checker.check(["Alphabrand", "alpha", "zzz-unknown", "plain"])
    answer = result.as_json(checker.knowledge)
    assert [r["input"] for r in answer["resolved"]] == ["Alphabrand", "alpha", "plain"]
    assert [u["input"] for u in answer["unknown"]] == ["zzz-unknown"]
    assert "not checked" in answer["unknown"][0]["message"]
    same = [a for a in answer["alerts"] if a["kind"] == "same-medicine"]
    assert same and same[0]["medicines"] == ["alpha"]
    # alpha + plain: a repeat is one medicine, and two non-immunomodulators without a rule
    # are reported as not covered rather than counted as checked
    assert result.pairs_checked == 0 and result.not_covered == (("alpha", "plain"),)
    assert "did not check" in answer["not_covered"][0]["message"]


# --------------------------------------------------------------------------- properties (hypothesis)

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

KNOWN = ["alpha", "Alphabrand", "beta", "gamma", "delta", "live jab", "plain"]
names_strategy = st.lists(st.one_of(st.sampled_from(KNOWN), st.text(max_size=40)), max_size=12)


def findings(result) -> set[tuple[str, tuple[str, str]]]:  # noqa: ANN001
    return {(f.rule.id, f.between) for f in result.interactions + result.alerts}


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=names_strategy, data=st.data())
def test_order_case_and_whitespace_do_not_change_the_answer(checker: InteractionChecker, names: list[str], data) -> None:  # noqa: ANN001
    shuffled = data.draw(st.permutations(names))
    noisy = [f"  {n.upper()}\t" if n in KNOWN else n for n in shuffled]
    a, b = checker.check(names), checker.check(noisy)
    assert findings(a) == findings(b)
    assert set(a.medicines) == set(b.medicines)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=names_strategy)
def test_no_name_is_ever_lost(checker: InteractionChecker, names: list[str]) -> None:
    answer = checker.check(names).as_json(checker.knowledge)
    assert len(answer["resolved"]) + len(answer["unknown"]) == len(names)
    assert sorted([r["input"] for r in answer["resolved"]] + [u["input"] for u in answer["unknown"]]) == sorted(names)


@settings(max_examples=200)
@given(text=st.text(max_size=300))
def test_any_text_resolves_or_is_unknown(checker: InteractionChecker, text: str) -> None:
    resolution = checker.resolver.resolve(text)
    assert resolution.query == text
    assert resolution.match is None or resolution.match.slug in checker.knowledge.drugs
