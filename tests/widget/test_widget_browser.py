"""The widget in a real Chromium, on the real running assistant: what a person sees and does."""

from __future__ import annotations

import json

from helpers import post_bot_event
from playwright.sync_api import Browser, Page, expect
from widget_browser import DESKTOP, NEUTRAL_URL, answer_neutral_site
from widget_page import bot_messages, message_box, say, wait_until_answered

from launcher.stack import Stack

VILLEURBANNE = {"latitude": 45.7719, "longitude": 4.8902}


def test_a_conversation_with_buttons_and_nothing_from_elsewhere(browser: Browser, stack: Stack):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(stack.demo_url)
    answers = say(page, "bonjour")
    assert "assistant automatique" in answers[0]
    choice = page.get_by_role("button", name="Violences dans le couple ou la famille")
    choice.click()
    wait_until_answered(page)
    # The title is shown, not the payload; the choices go once answered.
    expect(page.locator(".fv-msg-user").last).to_have_text(
        "Vous :Violences dans le couple ou la famille"
    )
    expect(page.get_by_text("/domestic_violence")).to_have_count(0)
    assert "3919" in " ".join(bot_messages(page).all_inner_texts())
    assert all(url.startswith(stack.rasa_url) for url in requested), requested
    assert context.cookies() == []
    context.close()


def test_crisis_numbers_are_large_call_and_sms_links(page: Page):
    say(page, "aidez moi il est derrière la porte il va me tuer")
    urgent = page.locator(".fv-urgent-link")
    hrefs = [urgent.nth(i).get_attribute("href") for i in range(urgent.count())]
    assert {"tel:17", "tel:112", "sms:114"} <= set(hrefs)
    expect(page.get_by_role("link", name="Appeler le 17").first).to_be_visible()
    expect(page.get_by_role("link", name="SMS au 114").first).to_be_visible()


def test_reception_sites_are_cards_with_a_phone_link_and_an_opt_in_map(page: Page):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    say(page, "je cherche une association à Villeurbanne")
    cards = page.locator(".fv-site")
    expect(cards.first).to_be_visible()
    first = cards.first
    assert first.locator(".fv-site-name").inner_text()
    assert first.locator(".fv-site-phone").get_attribute("href").startswith("tel:")
    assert "km" in first.locator(".fv-site-distance").inner_text()
    map_link = first.get_by_role("link", name="sur une carte")
    assert map_link.get_attribute("href").startswith("https://www.openstreetmap.org/?mlat=")
    assert map_link.get_attribute("rel") == "noopener noreferrer"
    assert not [url for url in requested if "openstreetmap" in url]


def test_sharing_the_position_finds_the_nearest_sites(browser: Browser, stack: Stack):
    context = browser.new_context(
        viewport=DESKTOP, locale="fr-FR", geolocation=VILLEURBANNE, permissions=["geolocation"]
    )
    page = context.new_page()
    page.goto(stack.demo_url)
    page.get_by_role("button", name="Partager ma position").click()
    wait_until_answered(page)
    expect(page.locator(".fv-msg-user").last).to_contain_text("J'ai partagé ma position.")
    expect(page.locator(".fv-site").first).to_be_visible()
    context.close()


def test_declining_to_share_the_position_is_fine(page: Page):
    page.get_by_role("button", name="Partager ma position").click()
    expect(page.get_by_text("votre position n'a pas été partagée")).to_be_visible()


def test_html_and_script_are_shown_as_text(page: Page):
    attack = '<script>window.hacked = 1</script><img src=x onerror="window.hacked = 2">'
    say(page, attack)
    expect(page.locator(".fv-msg-user").last).to_contain_text(attack)
    assert page.evaluate("window.hacked") is None
    assert page.locator(".fv-log img, .fv-log script").count() == 0


def test_handoff_statuses_are_shown_clearly(page: Page, stack: Stack):
    say(page, "bonjour")
    state = json.loads(page.evaluate("sessionStorage.getItem('france-victimes-chat')"))
    sender = state["token"].split(".")[0]
    for status, shown in [
        ("queued", "Vous êtes en attente"),
        ("connected", "Vous êtes maintenant en relation avec un conseiller"),
    ]:
        post_bot_event(
            stack,
            sender,
            {"event": "bot", "text": "", "data": {"custom": {"type": "handoff", "status": status}}},
        )
        expect(page.locator(f".fv-handoff-{status}")).to_contain_text(shown)
    expect(page.locator(".fv-status")).to_have_text("Conseiller ou conseillère en ligne")


def test_quick_exit_leaves_no_trace(browser: Browser, stack: Stack):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    page = context.new_page()
    answer_neutral_site(page)
    page.goto(stack.demo_url)
    say(page, "mon mari me frappe")
    length = page.evaluate("history.length")
    page.get_by_role("button", name="Quitter rapidement").click()
    page.wait_for_url(NEUTRAL_URL)
    assert page.evaluate("history.length") == length
    assert page.evaluate("sessionStorage.length + localStorage.length") == 0
    assert context.cookies() == []
    page.go_back()
    assert "/demo" not in page.url
    context.close()


def test_escape_three_times_is_the_quick_exit(page: Page):
    say(page, "bonjour")
    page.keyboard.press("Escape")
    page.keyboard.press("Escape")
    assert "/demo" in page.url  # twice is not enough
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL_URL)
    assert page.evaluate("sessionStorage.length") == 0


def test_clearing_the_conversation(page: Page):
    say(page, "bonjour je m'appelle Camille")
    page.get_by_role("button", name="Effacer la conversation").click()
    expect(page.get_by_text("La conversation a été effacée")).to_be_visible()
    assert "Camille" not in page.evaluate("JSON.stringify(sessionStorage)")
    expect(page.locator(".fv-msg-user")).to_have_count(0)
    expect(page.get_by_text("Connexion en cours")).to_be_hidden()
    expect(page.get_by_role("status")).to_have_text("")  # no false alarm about the connection
    assert say(page, "bonjour")  # a new conversation


def test_the_conversation_survives_a_page_change_in_the_same_tab(page: Page):
    say(page, "on m'a volé mon sac")
    shown = bot_messages(page).all_inner_texts()
    page.reload()
    expect(bot_messages(page)).to_have_count(len(shown))
    wait_until_answered(page)
    page.wait_for_timeout(500)  # time for any replay: there must be none
    assert bot_messages(page).all_inner_texts() == shown


def test_keyboard_only(page: Page):
    page.locator("body").focus()
    focused = []
    for _ in range(30):
        page.keyboard.press("Tab")
        name = page.evaluate(
            "() => { let e = document.activeElement; while (e && e.shadowRoot && "
            "e.shadowRoot.activeElement) e = e.shadowRoot.activeElement; "
            "return e.getAttribute('aria-label') || e.id || e.textContent }"
        )
        focused.append(name)
        if name == "fv-input":
            break
    assert "Quitter rapidement" in focused and "Effacer la conversation" in focused
    assert focused[-1] == "fv-input"
    outline = message_box(page).evaluate("e => getComputedStyle(e).outlineStyle")
    assert outline == "solid"  # the focus is visible
    page.keyboard.type("bonjour")
    page.keyboard.press("Enter")
    wait_until_answered(page)
    page.keyboard.press("Shift+Tab")  # from the message box back to the last choice
    choice = page.locator(".fv-choice:focus")
    expect(choice).to_have_count(1)
    title = choice.inner_text()
    page.keyboard.press("Enter")
    expect(page.locator(".fv-msg-user").last).to_have_text(f"Vous :{title}")
    expect(message_box(page)).to_be_focused()


def test_a_session_id_planted_in_the_tab_is_replaced_by_the_servers(browser: Browser, stack: Stack):
    context = browser.new_context(viewport=DESKTOP, locale="fr-FR")
    planted = {"token": "chosen-by-someone-else", "transcript": [], "outbox": []}
    context.add_init_script(
        f"sessionStorage.setItem('france-victimes-chat', {json.dumps(json.dumps(planted))})"
    )
    page = context.new_page()
    page.goto(stack.demo_url)
    say(page, "bonjour")
    token = json.loads(page.evaluate("sessionStorage.getItem('france-victimes-chat')"))["token"]
    sender, signature = token.split(".")
    assert token != planted["token"] and len(sender) == len(signature) == 32
    context.close()
