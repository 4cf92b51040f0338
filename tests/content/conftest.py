"""The curated content, loaded once for all the per-group fact checks."""

from __future__ import annotations

import pytest

from immunoguide.clinical.interactions import InteractionChecker
from immunoguide.clinical.names import NameResolver
from immunoguide.knowledge.load import load_content
from immunoguide.knowledge.snapshot import Knowledge
from tests.conftest import CONTENT


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    return load_content(CONTENT)


@pytest.fixture(scope="session")
def checker(knowledge: Knowledge) -> InteractionChecker:
    return InteractionChecker(knowledge, NameResolver(knowledge))
