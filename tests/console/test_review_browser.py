"""The review of the archive in a real Chromium, as an analyst: the filter form, a
conversation and its corrections, deletion, the downloads and the dashboard's charts."""

from __future__ import annotations

import re

from archive_samples import Archive, Chat, paris
from console_testing import sign_in_with_the_keyboard
from playwright.sync_api import Page, expect


def test_an_analyst_filters_and_searches_the_archive(page: Page, march: dict[str, int]):
    sign_in_with_the_keyboard(page, "ana")
    expect(page.get_by_role("heading", name="Conversations archivées")).to_be_visible()
    page.get_by_label("Du").fill("2025-03-01")
    page.get_by_label("Au").fill("2025-03-31")
    page.get_by_label("Situation").select_option(label="Cybercriminalité")
    page.get_by_role("button", name="Filtrer").click()
    expect(page).to_have_url(re.compile(r"situation=cybercrime"))
    rows = page.locator("table.conversations tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"n° {march['harassment']}")
    expect(page.get_by_label("Situation")).to_have_value("cybercrime")  # kept on the page

    page.get_by_role("link", name="Effacer les filtres").click()
    page.get_by_label("Rechercher dans les messages").fill("portefeuille")
    page.keyboard.press("Enter")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"n° {march['theft']}")
    expect(rows.first).to_contain_text("API REST")


def test_an_analyst_corrects_an_intent_downloads_it_and_deletes_a_conversation(
    page: Page, archive: Archive
):
    (conversation_id,) = archive.add(
        Chat(paris(2024, 5, 6, 20, 0)).user("il me suit partout", "greet", 0.38)
    )
    sign_in_with_the_keyboard(page, "ana")
    expect(page.get_by_role("heading", name="Conversations archivées")).to_be_visible()
    page.goto(page.url.replace("/review", f"/review/conversations/{conversation_id}"))
    turn = page.locator("li.msg-user")
    expect(turn).to_contain_text("Intention reconnue : greet (confiance 38\u00a0%)")
    turn.get_by_label("Bonne intention").select_option("harassment")
    turn.get_by_role("button", name="Enregistrer").click()
    expect(turn).to_contain_text("corrigée en harassment")
    expect(turn.get_by_label("Bonne intention")).to_have_value("harassment")

    page.get_by_role("link", name="Retour aux conversations").click()
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Télécharger les intentions corrigées")).click()
    assert download.value.suggested_filename.endswith(".yml")
    assert "- il me suit partout" in download.value.path().read_text(encoding="utf-8")

    page.go_back()
    expect(page.get_by_role("heading", name=f"Conversation n° {conversation_id}")).to_be_visible()
    page.get_by_role("link", name="Supprimer cette conversation").click()
    expect(
        page.get_by_role("heading", name=f"Supprimer la conversation n° {conversation_id} ?")
    ).to_be_visible()
    page.get_by_role("button", name="Supprimer définitivement").click()
    expect(page.locator("p[role=status]")).to_have_text(
        f"La conversation n° {conversation_id} a été supprimée."
    )


def test_the_dashboard_draws_accessible_charts(page: Page, march: dict[str, int]):
    sign_in_with_the_keyboard(page, "ana")
    page.get_by_role("link", name="Tableau de bord", exact=True).click()
    page.get_by_label("Du").fill("2025-03-01")
    page.get_by_label("Au").fill("2025-03-31")
    page.get_by_role("button", name="Filtrer").click()
    figures = page.get_by_role("list", name="Chiffres clés")
    expect(figures).to_contain_text("4 conversations")
    expect(figures).to_contain_text("50\u00a0% passées à un conseiller")
    per_day = page.get_by_role("img", name="Conversations par jour")
    expect(per_day).to_be_visible()
    expect(per_day.locator("rect.bar")).to_have_count(31)
    assert per_day.bounding_box()["width"] > 300
    hours = page.get_by_role("img", name=re.compile("Heures d'affluence"))
    expect(hours.locator("rect.bar")).to_have_count(24)
    expect(page.get_by_role("img", name=re.compile("par situation"))).to_be_visible()
    # The figures are there in words too.
    page.get_by_text("Les chiffres").first.click()
    expect(page.get_by_role("row", name="06/03 2")).to_be_visible()
