"""The curated content itself: complete, sourced, and as the foundation issue requires."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from immunoguide.knowledge.load import load_content
from immunoguide.knowledge.model import citations_in
from immunoguide.knowledge.snapshot import Knowledge
from tests.conftest import CONTENT

REQUIRED_DRUGS = [
    "pomalidomide", "lenalidomide", "thalidomide", "methotrexate", "cyclophosphamide", "azathioprine",
    "mycophenolate-mofetil", "hydroxychloroquine", "leflunomide", "adalimumab", "infliximab", "etanercept",
    "tofacitinib", "fingolimod",
]
REQUIRED_CONDITIONS = [
    "rheumatoid-arthritis", "systemic-lupus-erythematosus", "multiple-sclerosis", "plaque-psoriasis",
    "crohns-disease", "ulcerative-colitis", "ankylosing-spondylitis", "multiple-myeloma",
]
REQUIRED_CLASSES = ["tnf-inhibitors", "jak-inhibitors", "imids", "antimetabolites", "s1p-receptor-modulators"]
HUB = "immunomodulatory-drugs"


@pytest.fixture(scope="module")
def k() -> Knowledge:
    return load_content(CONTENT)


def test_required_drugs_classes_and_conditions_exist(k: Knowledge) -> None:
    assert set(REQUIRED_DRUGS) <= set(k.drugs)
    assert set(REQUIRED_CONDITIONS) <= set(k.conditions)
    assert set(REQUIRED_CLASSES) <= set(k.classes)


@pytest.mark.parametrize("slug", REQUIRED_DRUGS)
def test_each_monograph_is_complete_and_sourced(k: Knowledge, slug: str) -> None:
    d = k.drugs[slug]
    assert d.label_source in k.sources and k.sources[d.label_source].kind in ("fda-label", "ema-smpc", "uk-smpc")
    assert d.brands and d.classes and d.conditions
    assert d.regimens and d.how_to_take and d.side_effects and d.red_flags and d.monitoring
    assert d.pregnancy and d.breastfeeding and d.contraception and d.interactions
    assert len(d.questions_for_your_doctor) >= 3
    # every clinical statement cites a known source
    for path, citation in citations_in(d):
        assert citation.source in k.sources, path
    # every drug is reachable from a class and a condition page
    assert all(d in k.drugs_by_class[c] for c in d.classes)
    assert all(d in k.drugs_by_condition[c] for c in d.conditions)


def test_hub_and_articles(k: Knowledge) -> None:
    hub = k.topics[HUB]
    assert hub.title == "Immunomodulatory Drugs: What They Are and How They Help Autoimmune and Cancer Patients"
    for word in ("cyclophosphamide", "methotrexate", "biologic", "TNF", "lupus", "multiple sclerosis", "pregnan", "switch"):
        assert word.lower() in hub.body.lower(), word
    articles = k.articles_by_topic[HUB]
    assert len(articles) >= 8
    pom = k.articles["pomalidomide-dosing-guide"]
    assert pom.title == "Pomalidomide Dosing Guide: How to Take It Safely"
    assert pom.date == dt.date(2025, 10, 17)


@pytest.mark.parametrize("slug", sorted(p.stem for p in (CONTENT / "articles").glob("*.md")))
def test_articles_are_real_guides(k: Knowledge, slug: str) -> None:
    a = k.articles[slug]
    words = len(re.findall(r"[A-Za-z0-9'’-]+", a.body))
    assert words >= 600, f"{slug} has {words} words"
    assert len(a.sources) >= 2
    assert a.date <= dt.date.today() and a.reviewed >= a.date
    assert a.drugs, "an article names the medicines it covers"
    assert "# " + a.title not in a.body


def test_every_source_is_cited_somewhere(k: Knowledge) -> None:
    cited: set[str] = set()
    for kind in ("drug", "class", "condition", "topic", "article", "interaction"):
        for item in k.collection(kind).values():
            cited.update(c.source for _, c in citations_in(item))
    cited.update(d.label_source for d in k.drugs.values() if d.label_source)
    assert set(k.sources) - cited == set()
