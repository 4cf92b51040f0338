"""Real-browser tests: Debian's chromium driven by Playwright, with axe-core accessibility checks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import httpx
import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.conftest import Server

pytestmark = pytest.mark.e2e

CHROMIUM = os.environ.get("IMMUNOGUIDE_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"chromium not found at {CHROMIUM}: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(base_url=server.base_url, viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.console_errors = errors  # a test that expects an error (a 404 page) clears it
    yield page
    context.close()
    assert not errors, f"console errors: {errors}"


def assert_accessible(page: Page) -> None:
    results = Axe().run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}" for v in serious)


PAGES = ["/", "/tools", "/drugs", "/drugs/pomalidomide", "/drugs/warfarin", "/tools/interactions", "/tools/interactions?m=revlimid&m=warfarin&m=sertarline&m=nonsense", "/tools/pregnancy", "/tools/pregnancy?m=revlimid&m=humira&m=zzz&patient=male&situation=planning", "/tools/calendar", "/tools/calendar?drug=pomalyst&start=2026-12-01&cycles=2", "/tools/dose", "/tools/switch", "/tools/switch?from=humira&to=xeljanz&last=2026-12-01", "/tools/dose?drug=pomalyst&indication=multiple-myeloma&child_pugh=B&m=fluvoxamine&m=zzz", "/tools/dose?drug=revlimid&age=70&sex=female&weight=60&scr=1.4&scr_unit=mg%2FdL", "/compare?drugs=adalimumab,infliximab,etanercept", "/my-medicines", "/my-medicines?m=humira&m=methotrexate&m=ibuprofen&patient=female&situation=planning", "/topics/immunomodulatory-drugs", "/articles/pomalidomide-dosing-guide", "/search?q=humira", "/conditions/multiple-myeloma", "/classes/imids", "/drugs/no-such-drug"]


@pytest.mark.parametrize("path", PAGES)
def test_pages_have_no_serious_accessibility_violations(page: Page, path: str) -> None:
    response = page.goto(path)
    expect(page.locator("h1")).to_have_count(1)
    if path == "/drugs/no-such-drug":
        assert response.status == 404
        page.console_errors.clear()
    else:
        assert response.status == 200
    assert_accessible(page)


def test_hub_lists_articles_and_view_details_leads_to_the_article(page: Page) -> None:
    page.goto("/topics/immunomodulatory-drugs")
    expect(page.locator("h1")).to_have_text("Immunomodulatory Drugs: What They Are and How They Help Autoimmune and Cancer Patients")
    card = page.locator(".article-card").filter(has_text="Pomalidomide Dosing Guide: How to Take It Safely")
    expect(card.locator("time")).to_have_text("17 Oct 2025")
    card.get_by_role("link", name="View details: Pomalidomide Dosing Guide: How to Take It Safely").click()
    page.wait_for_url("**/articles/pomalidomide-dosing-guide")
    expect(page.locator("h1")).to_have_text("Pomalidomide Dosing Guide: How to Take It Safely")
    page.get_by_role("link", name="Pomalidomide", exact=True).first.click()
    expect(page.locator("h1")).to_have_text("Pomalidomide")


def test_articles_on_the_hub_are_newest_first(page: Page) -> None:
    page.goto("/topics/immunomodulatory-drugs")
    dates = page.locator(".article-card time").evaluate_all("els => els.map(e => e.getAttribute('datetime'))")
    assert dates and dates == sorted(dates, reverse=True)


def test_search_from_home_by_brand_name_with_the_keyboard(page: Page) -> None:
    page.goto("/")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.get_by_label("Search a medicine, brand or condition").fill("revlimid")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=revlimid")
    first = page.locator(".results li").first
    expect(first).to_contain_text("Lenalidomide")


def test_drug_page_shows_sources_review_date_and_help_box(page: Page) -> None:
    page.goto("/drugs/pomalidomide")
    expect(page.get_by_role("heading", name="Get help now")).to_be_visible()
    expect(page.locator(".reviewed")).to_contain_text("Last reviewed")
    expect(page.locator("#sources-h")).to_be_visible()
    first_ref = page.locator("sup.refs a").first
    target = first_ref.get_attribute("href")
    expect(page.locator(target)).to_contain_text("Revised")


def test_readable_on_a_phone_without_sideways_scrolling(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.base_url, viewport={"width": 375, "height": 740}, is_mobile=True, java_script_enabled=False)
    page = context.new_page()
    paths = ["/", "/drugs", "/topics/immunomodulatory-drugs", "/tools/calendar?drug=pomalyst&start=2026-12-01", "/tools/interactions?m=revlimid&m=warfarin&m=humira", "/tools/pregnancy?m=revlimid", "/my-medicines?m=humira&m=methotrexate&m=ibuprofen&patient=female&situation=planning"]
    paths += [d["url"] for d in httpx.get(f"{server.base_url}/api/v1/drugs").json()["drugs"]]
    paths += [a["url"] for a in httpx.get(f"{server.base_url}/api/v1/articles").json()["articles"]]
    for path in paths:
        page.goto(path)
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} scrolls sideways by {overflow}px"
    context.close()


def test_api_docs_render_offline(page: Page) -> None:
    page.goto("/docs")
    expect(page.locator(".opblock-summary-path").filter(has_text="/api/v1/drugs/{slug}").first).to_be_visible()


def test_interaction_checker_form_without_javascript(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tools/interactions")
    page.get_by_label("Medicine 1", exact=True).fill("Pomalyst")
    page.get_by_label("Medicine 2", exact=True).fill("fluvoxamin")
    page.get_by_label("Medicine 3", exact=True).fill("sertarline")
    page.get_by_role("button", name="Add another medicine").click()
    expect(page.get_by_label("Medicine 4", exact=True)).to_be_visible()
    page.get_by_label("Medicine 4", exact=True).fill("bananas123")
    page.get_by_role("button", name="Check interactions").click()
    expect(page.locator(".readings")).to_contain_text("fluvoxamin: read as Fluvoxamine")
    expect(page.get_by_role("alert")).to_contain_text("bananas123")
    expect(page.locator(".unknown").filter(has_text="Not checked by ImmunoGuide")).to_contain_text("Fluvoxamine + Sertraline")
    finding = page.locator(".finding").filter(has_text="Pomalidomide + Fluvoxamine")
    expect(finding).to_contain_text("What this means for you")
    expect(finding).to_contain_text("What your prescriber may do")
    expect(page.locator("table.matrix")).to_be_visible()
    assert "m=Pomalyst" in page.url  # the result is a shareable address
    context.close()


def test_dose_calculator_by_keyboard_without_javascript(browser: Browser, server: Server) -> None:
    context = browser.new_context(base_url=server.base_url, java_script_enabled=False)
    page = context.new_page()
    page.goto("/tools/dose")
    page.get_by_label("Medicine", exact=True).fill("Xeljanz")
    page.get_by_label("What it is for").select_option(label="Rheumatoid arthritis")
    page.get_by_label("Or creatinine clearance (mL/min)").fill("40")
    page.get_by_label("Medicine 1", exact=True).fill("ketoconazole")
    page.get_by_label("Medicine 1", exact=True).press("Enter")
    expect(page.locator(".dose-result")).to_contain_text("5 mg once a day")
    expect(page.get_by_role("heading", name="What changes the dose")).to_be_visible()
    expect(page.locator(".finding").first).to_contain_text("Source:")
    context.close()


def test_calendar_page_download_link_gives_the_ics(page: Page, server: Server) -> None:
    page.goto("/tools/calendar?drug=pomalyst&start=2026-12-01&cycles=1")
    expect(page.locator("table.month caption").first).to_have_text("December 2026")
    expect(page.locator("td.cal-dose")).to_have_count(21)
    href = page.get_by_role("link", name="Download for your calendar app (.ics)").get_attribute("href")
    ics = httpx.get(server.base_url + href)
    assert ics.status_code == 200 and ics.text.count("BEGIN:VEVENT") == 21 + 4 + 1
