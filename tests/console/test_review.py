"""The review of the anonymised archive over HTTP: filters and search, one conversation,
corrections exported as NLU data, the CSV export, the dashboard, deletion, the audit log,
and who may see it."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable

import pytest
import yaml
from archive_samples import RAW_NAME, RAW_PHONE, Archive, Chat, paris
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from sqlalchemy import select
from staff_client import StaffClient

from archive.schema import conversations, situations, turns
from console.database import accounts, audit_log

MARCH = {"from": "2025-03-01", "to": "2025-03-31"}
Staff = Callable[[str], StaffClient]


def listed(html: str) -> list[int]:
    """The conversations of a page of the list, in order."""
    return [int(found) for found in re.findall(r'href="/review/conversations/(\d+)"', html)]


def figures(html: str, table_id: str) -> dict[str, int]:
    """The rows of a chart's table: label -> count."""
    table = html[html.index(f'id="{table_id}"') : html.index("</table>", html.index(table_id))]
    return {
        label: int(count)
        for label, count in re.findall(r'<th scope="row">([^<]*)</th><td>(\d+)</td>', table)
    }


def audited(archive: Archive, username: str) -> list[tuple[str, str | None]]:
    """(action, conversation) of the audit log for one account, oldest first."""
    with archive.engine.connect() as db:
        return [
            tuple(row)
            for row in db.execute(
                select(audit_log.c.action, audit_log.c.conversation_id)
                .join(accounts)
                .where(accounts.c.username == username)
                .order_by(audit_log.c.id)
            )
        ]


def test_the_list_shows_the_conversations_newest_first(analyst: StaffClient, march: dict[str, int]):
    page = analyst.get("/review", params=MARCH)
    assert page.status_code == 200
    assert listed(page.text) == [march[n] for n in ("harassment", "theft", "crisis", "domestic")]
    assert "4 conversations" in page.text
    assert "Cybercriminalité, Harcèlement (hors ligne)" in page.text
    assert "06/03/2025 à 00:30" in page.text  # 23:30 in UTC, the day before


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ({"situation": "cybercrime"}, ["harassment"]),
        ({"channel": "rest"}, ["theft"]),
        ({"crisis": "yes"}, ["crisis"]),
        ({"crisis": "no"}, ["harassment", "theft", "domestic"]),
        ({"handoff": "yes"}, ["harassment", "crisis"]),
        ({"fallback": "yes"}, ["theft"]),
        ({"fallback": "no", "handoff": "no"}, ["domestic"]),
        ({"q": "PORTEFEUILLE"}, ["theft"]),
        ({"q": "  devant   chez moi "}, ["harassment"]),
        ({"q": "<TÉLÉPHONE>"}, ["domestic"]),
        ({"q": "Léa"}, []),
        ({"q": "100%"}, []),
        ({"from": "2025-03-06", "to": "2025-03-06"}, ["theft", "crisis"]),
        ({"to": "2025-03-05"}, ["domestic"]),
    ],
)
def test_filters_and_search_find_the_right_conversations(
    analyst: StaffClient, march: dict[str, int], extra: dict[str, str], expected: list[str]
):
    page = analyst.get("/review", params={**MARCH, **extra})
    assert page.status_code == 200
    assert listed(page.text) == [march[name] for name in expected]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"from": "2025-02-30"}, "Date de début invalide"),
        ({"to": "hier"}, "Date de fin invalide"),
        ({"to": "9999-12-31"}, "choisissez-la entre 2000 et 2100"),
        ({"from": "2025-03-10", "to": "2025-03-01"}, "doit précéder"),
        ({"situation": "nope"}, "Situation inconnue"),
        ({"channel": "<script>"}, "Canal inconnu"),
        ({"crisis": "peut-être"}, "choisissez oui, non ou indifférent"),
        ({"q": "x" * 201}, "Recherche trop longue"),
        ({"page": "0"}, "Numéro de page invalide"),
    ],
)
def test_bad_filters_are_explained_in_french(
    analyst: StaffClient, params: dict[str, str], says: str
):
    paths = (
        ["/review"] if "page" in params else ["/review", "/review/dashboard", "/review/export.csv"]
    )
    for path in paths:
        reply = analyst.get(path, params=params)
        assert reply.status_code == 400
        assert "Filtre invalide" in reply.text
        assert says in reply.text


def test_the_list_has_pages_that_keep_the_filters(analyst: StaffClient, archive: Archive):
    chats = [
        Chat(paris(2024, 1, 10, 9, minute)).user("bonjour", "greet", 0.99) for minute in range(53)
    ]
    ids = archive.add(*chats)
    january = {"from": "2024-01-10", "to": "2024-01-10"}
    first = analyst.get("/review", params=january).text
    assert listed(first) == ids[::-1][:50]
    assert "Page 1 sur 2" in first
    assert 'href="?from=2024-01-10&amp;to=2024-01-10&amp;page=2"' in first
    second = analyst.get("/review", params={**january, "page": "2"}).text
    assert listed(second) == ids[::-1][50:]


def test_a_conversation_shows_only_redacted_text(analyst: StaffClient, march: dict[str, int]):
    page = analyst.get(f"/review/conversations/{march['domestic']}").text
    assert "rappelez-moi au &lt;TÉLÉPHONE&gt;" in page
    assert "Je m&#39;appelle &lt;PERSONNE&gt;" in page
    assert "Intention reconnue : domestic_violence (confiance 91\u00a0%)" in page
    assert "fv69-villeurbanne" in page
    for raw in (RAW_NAME, "Léa", "Martin", RAW_PHONE, RAW_PHONE.replace(" ", "")):
        assert raw not in page
    # Neither in the list, the search results nor the export.
    assert RAW_NAME not in analyst.get("/review", params=MARCH).text
    assert RAW_PHONE not in analyst.get("/review/export.csv", params=MARCH).text
    # A counsellor's message is redacted too; the bot's is kept as it is.
    crisis = analyst.get(f"/review/conversations/{march['crisis']}").text
    assert "Conseiller ou conseillère" in crisis
    assert "Appelez le 3114, jour et nuit, gratuitement." in crisis


def test_an_unknown_conversation_is_a_french_404(analyst: StaffClient):
    reply = analyst.get("/review/conversations/999999")
    assert reply.status_code == 404
    assert "pas, ou plus, dans l&#39;archive" in reply.text


def test_corrected_intents_are_exported_as_rasa_nlu_data(staff: Staff, archive: Archive):
    (conversation_id,) = archive.add(
        Chat(paris(2024, 2, 1, 18, 0))
        .user('il a dit : "tu vas voir" #peur\net il me suit - partout', "greet", 0.41)
        .bot("Je n'ai pas bien compris.")
        .user("ya un mec qui me suit", "nlu_fallback", 0.2)
    )
    first, second = archive.user_turns(conversation_id)
    ana = staff("ana")
    done = ana.post(f"/review/turns/{first}/intent", {"intent": "harassment"})
    assert done.status_code == 303
    assert done.headers["Location"] == f"/review/conversations/{conversation_id}#tour-{first}"
    assert ana.post(f"/review/turns/{second}/intent", {"intent": "harassment"}).status_code == 303
    page = ana.get(f"/review/conversations/{conversation_id}").text
    assert page.count("corrigée en harassment") == 2

    export = ana.get("/review/corrections.yml")
    assert export.status_code == 200
    assert export.headers["Content-Disposition"].startswith('attachment; filename="corrections')
    assert export.headers["Content-Disposition"].endswith('.yml"')
    parsed = yaml.safe_load(export.text)
    assert parsed["version"] == "3.1"
    examples = RasaYAMLReader().reads(export.text).training_examples
    harassment = {e.get("text") for e in examples if e.get("intent") == "harassment"}
    assert {'il a dit : "tu vas voir" #peur et il me suit - partout', "ya un mec qui me suit"} <= (
        harassment
    )

    assert ana.post(f"/review/turns/{first}/intent", {"intent": ""}).status_code == 303
    examples = RasaYAMLReader().reads(ana.get("/review/corrections.yml").text).training_examples
    texts = {e.get("text") for e in examples}
    assert "ya un mec qui me suit" in texts
    assert not any("tu vas voir" in text for text in texts)


def test_only_a_persons_message_gets_a_known_intent(staff: Staff, march: dict[str, int]):
    ana = staff("ana")
    with_bot = ana.get(f"/review/conversations/{march['theft']}").text
    turn_ids = [int(i) for i in re.findall(r'id="tour-(\d+)"', with_bot)]
    user_turns = [int(i) for i in re.findall(r'action="/review/turns/(\d+)/intent"', with_bot)]
    (bot_turn, *_) = sorted(set(turn_ids) - set(user_turns))
    cases = [
        (bot_turn, "greet", "Seuls les messages des personnes"),
        (user_turns[0], "made_up", "Intention inconnue"),
        (999999, "greet", "n&#39;existe pas"),
    ]
    for turn_id, intent, says in cases:
        reply = ana.post(f"/review/turns/{turn_id}/intent", {"intent": intent})
        assert reply.status_code == 400
        assert says in reply.text
    refused = ana.post(
        f"/review/turns/{user_turns[0]}/intent", {"intent": "greet", "csrf_token": ""}
    )
    assert refused.status_code == 403
    assert "corrigée en" not in ana.get(f"/review/conversations/{march['theft']}").text


def test_the_csv_export_has_one_safe_row_per_conversation(
    analyst: StaffClient, march: dict[str, int], archive: Archive
):
    reply = analyst.get("/review/export.csv", params=MARCH)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert reply.headers["Content-Disposition"].startswith('attachment; filename="conversations')
    rows = list(csv.reader(io.StringIO(reply.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["id", "canal", "début", "dernier message"]
    by_id = {int(row[0]): row for row in rows[1:]}
    assert list(by_id) == [march[n] for n in ("harassment", "theft", "crisis", "domestic")]
    assert by_id[march["domestic"]][1:] == [
        "socketio",
        "2025-03-03T10:15:00+01:00",
        "2025-03-03T10:15:35+01:00",
        "domestic_violence",
        "non",
        "non",
        "0",
        "69",
        "fv69-villeurbanne",
        "6",
    ]
    assert by_id[march["crisis"]][2] == "2025-03-06T00:30:00+01:00"
    assert by_id[march["harassment"]][4:8] == ["cybercrime harassment", "non", "oui", "0"]

    # A cell that a spreadsheet would run as a formula is made inert.
    (odd,) = archive.add(Chat(paris(2024, 3, 1, 9, 0), channel="=1+1").user("allo", "greet"))
    day = {"from": "2024-03-01", "to": "2024-03-01"}
    exported = analyst.get("/review/export.csv", params=day).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(exported), delimiter=";"))[1][:2] == [str(odd), "'=1+1"]


def test_the_dashboard_counts_what_the_filters_select(analyst: StaffClient, march: dict[str, int]):
    reply = analyst.get("/review/dashboard", params=MARCH)
    assert reply.status_code == 200
    page = reply.text
    key_figures = re.findall(r"<li><strong>([^<]+)</strong> ([^<]+)</li>", page)
    assert key_figures == [
        ("4", "conversations"),
        ("1", "avec un message de crise"),
        ("50\u00a0%", "passées à un conseiller"),
        ("25\u00a0%", "avec au moins un message incompris"),
    ]
    days = figures(page, "jours-chiffres")
    assert len(days) == 31
    assert {day: n for day, n in days.items() if n} == {"03/03": 1, "06/03": 2, "10/03": 1}
    hours = figures(page, "heures-chiffres")
    assert len(hours) == 24
    assert {hour: n for hour, n in hours.items() if n} == {"0 h": 1, "10 h": 1, "14 h": 2}
    assert figures(page, "situations-chiffres") == {
        "Cybercriminalité": 1,
        "Harcèlement (hors ligne)": 1,
        "Vol, cambriolage, dégradations": 1,
        "Violences conjugales et intrafamiliales": 1,
        "Non reconnue": 1,
    }
    assert figures(page, "departements-chiffres") == {"Non indiqué": 2, "69": 1, "75": 1}
    assert page.count('<svg class="chart-') == 4
    assert page.count('role="img"') == 4

    crisis_only = analyst.get("/review/dashboard", params={**MARCH, "crisis": "yes"}).text
    assert re.findall(r"<li><strong>([^<]+)</strong>", crisis_only) == [
        "1",
        "1",
        "100\u00a0%",
        "0\u00a0%",
    ]
    assert figures(crisis_only, "heures-chiffres")["0 h"] == 1

    # A century is drawn day by day only where there are conversations.
    century = analyst.get("/review/dashboard", params={"from": "2000-01-01", "to": "2100-12-31"})
    assert century.status_code == 200
    assert 31 <= len(figures(century.text, "jours-chiffres")) < 1000


def test_a_conversation_is_deleted_on_request_after_a_confirmation(staff: Staff, archive: Archive):
    (conversation_id,) = archive.add(
        Chat(paris(2024, 4, 2, 11, 0))
        .user("je veux que vous effaciez tout", "ask_privacy")
        .situation("harassment")
    )
    ana = staff("ana")
    confirm = ana.get(f"/review/conversations/{conversation_id}/delete")
    assert confirm.status_code == 200
    assert "Supprimer définitivement" in confirm.text
    assert ana.get(f"/review/conversations/{conversation_id}").status_code == 200  # not yet

    done = ana.post(f"/review/conversations/{conversation_id}/delete")
    assert done.status_code == 303
    assert done.headers["Location"] == f"/review?deleted={conversation_id}"
    assert (
        f"La conversation n° {conversation_id} a été supprimée."
        in ana.get(done.headers["Location"]).text
    )
    assert ana.get(f"/review/conversations/{conversation_id}").status_code == 404
    with archive.engine.connect() as db:
        for table in (turns, situations):
            rows = db.execute(select(table).where(table.c.conversation_id == conversation_id))
            assert rows.all() == []
        kept = db.execute(select(conversations).where(conversations.c.id == conversation_id))
        assert kept.all() == []
    assert ana.post(f"/review/conversations/{conversation_id}/delete").status_code == 404
    assert audited(archive, "ana")[-1] == ("review_delete", str(conversation_id))


def test_readings_corrections_and_exports_are_audited_without_any_text(
    staff: Staff, archive: Archive, march: dict[str, int]
):
    ana = staff("ana")
    before = len(audited(archive, "ana"))
    conversation_id = march["theft"]
    turn_id = archive.user_turns(conversation_id)[0]
    ana.get(f"/review/conversations/{conversation_id}")
    ana.post(f"/review/turns/{turn_id}/intent", {"intent": ""})
    ana.get("/review/export.csv", params={**MARCH, "q": "portefeuille"})
    ana.get("/review/corrections.yml")
    ana.get("/review", params={"q": "portefeuille"})  # a search is not logged
    ana.get("/review/dashboard")
    assert audited(archive, "ana")[before:] == [
        ("review_view", str(conversation_id)),
        ("review_correct", str(conversation_id)),
        ("export_csv", None),
        ("export_nlu", None),
    ]

    adele = staff("adele")
    log = adele.get("/admin/audit", params={"action": "review_correct"})
    assert log.status_code == 200
    assert "Intention corrigée" in log.text
    assert "Ana (ana)" in log.text
    assert str(conversation_id) in log.text
    assert "Connexion" not in log.text.split("<tbody>")[1]
    with archive.engine.connect() as db:
        ana_id = db.execute(select(accounts.c.id).where(accounts.c.username == "ana")).scalar()
    mine = adele.get("/admin/audit", params={"account": str(ana_id)}).text
    assert "Adèle (adele)" not in mine.split("<tbody>")[1]
    assert "Export CSV des conversations" in mine
    for bad in ({"account": "999999"}, {"action": "hack"}, {"page": "x"}):
        refused = adele.get("/admin/audit", params=bad)
        assert refused.status_code == 400
        assert "Filtre invalide" in refused.text


@pytest.mark.parametrize(
    "path",
    [
        "/review",
        "/review/dashboard",
        "/review/export.csv",
        "/review/corrections.yml",
        "/review/conversations/1",
        "/review/conversations/1/delete",
    ],
)
def test_counsellors_do_not_reach_the_review(staff: Staff, path: str):
    reply = staff("camille").get(path)
    assert reply.status_code == 403
    assert "réservée" in reply.text


def test_counsellors_cannot_correct_or_delete(
    staff: Staff, analyst: StaffClient, march: dict[str, int], archive: Archive
):
    camille = staff("camille")
    turn_id = archive.user_turns(march["domestic"])[0]
    assert camille.post(f"/review/turns/{turn_id}/intent", {"intent": "deny"}).status_code == 403
    assert camille.post(f"/review/conversations/{march['domestic']}/delete").status_code == 403
    page = analyst.get(f"/review/conversations/{march['domestic']}")
    assert "corrigée en deny" not in page.text


def test_only_admins_see_the_audit_log(staff: Staff):
    for name in ("ana", "camille"):
        assert staff(name).get("/admin/audit").status_code == 403


def test_admins_review_too_and_see_every_link(staff: Staff, analyst: StaffClient):
    adele = staff("adele")
    assert adele.get("/review").status_code == 200
    home = adele.get("/queue").text
    for link in ("/queue", "/review", "/review/dashboard", "/admin/accounts", "/admin/audit"):
        assert f'href="{link}"' in home
    ana_home = analyst.get("/review").text
    assert 'href="/review/dashboard"' in ana_home
    assert 'href="/admin/audit"' not in ana_home
