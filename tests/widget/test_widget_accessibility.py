"""Accessibility (RGAA 4.1 / WCAG 2.1 AA): an axe-core audit, phone size, zoom, motion."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from widget_browser import DESKTOP, PHONE
from widget_page import message_box, say

from launcher.stack import Stack

AXE = Path(__file__).resolve().parents[2] / "widget" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]


def open_demo(browser: Browser, stack: Stack, **context: object) -> Page:
    # The demo page's CSP allows only its own scripts: let the test inject axe-core.
    page = browser.new_context(locale="fr-FR", bypass_csp=True, **context).new_page()
    page.goto(stack.demo_url)
    expect(page.get_by_text("Connexion en cours")).to_be_hidden()
    return page


def audit(page: Page) -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length})))",
        WCAG_AA,
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_no_serious_or_critical_axe_violation(browser: Browser, stack: Stack, viewport):
    page = open_demo(browser, stack, viewport=viewport)
    say(page, "bonjour")  # buttons
    say(page, "il me menace de me tuer")  # crisis numbers
    say(page, "je cherche une association à Villeurbanne")  # site cards
    violations = audit(page)
    print(f"axe-core on {viewport}: {dict(Counter(v['impact'] for v in violations))}", violations)
    assert not [v for v in violations if v["impact"] in ("serious", "critical")], violations
    page.get_by_role("button", name="Réduire la fenêtre").click()
    closed = audit(page)
    assert not [v for v in closed if v["impact"] in ("serious", "critical")], closed
    page.context.close()


def test_a_phone_sized_screen_gets_the_whole_screen_without_sideways_scrolling(
    browser: Browser, stack: Stack
):
    page = open_demo(browser, stack, viewport=PHONE, is_mobile=True, has_touch=True)
    say(page, "je cherche une association à Villeurbanne")
    panel = page.locator(".fv-panel").bounding_box()
    assert panel and (panel["width"], panel["height"]) == (PHONE["width"], PHONE["height"])
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(page.get_by_role("button", name="Quitter rapidement")).to_be_in_viewport()
    page.context.close()


def test_zoom_to_200_percent_keeps_everything_usable(browser: Browser, stack: Stack):
    # 200 % zoom on a 1280 x 800 screen is a 640 x 400 CSS viewport at twice the density.
    viewport = {"width": DESKTOP["width"] // 2, "height": DESKTOP["height"] // 2}
    page = open_demo(browser, stack, viewport=viewport, device_scale_factor=2)
    say(page, "bonjour")
    for name in ("Quitter rapidement", "Envoyer", "Partager ma position"):
        expect(page.get_by_role("button", name=name)).to_be_in_viewport()
    expect(message_box(page)).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    page.context.close()


def test_reduced_motion_stops_the_typing_animation(browser: Browser, stack: Stack):
    page = open_demo(browser, stack, viewport=DESKTOP, reduced_motion="reduce")
    dots = page.locator(".fv-dots span").first
    assert dots.evaluate("e => getComputedStyle(e).animationName") == "none"
    page.context.close()


def test_the_conversation_is_announced_and_every_control_is_labelled(page: Page):
    log = page.get_by_role("log", name="Conversation")
    expect(log).to_have_attribute("aria-live", "polite")
    expect(page.get_by_role("status")).to_have_count(1)  # the connection's state
    expect(page.get_by_role("heading", name="Aide aux victimes")).to_be_visible()
    say(page, "bonjour")
    expect(log).to_contain_text("Assistant :")
