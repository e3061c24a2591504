"""The resources file: validation, opening hours, and rendering into the bot's texts."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from resources import default_catalog, describe_reopening, load_catalog, render_text

PARIS = ZoneInfo("Europe/Paris")
# 2026-11-29 is a Sunday, 2026-11-30 a Monday.
SUNDAY = datetime(2026, 11, 29, tzinfo=PARIS)
MONDAY = datetime(2026, 11, 30, tzinfo=PARIS)


def at(day: datetime, hour: int, minute: int = 0) -> datetime:
    return day.replace(hour=hour, minute=minute)


def test_the_shipped_file_has_every_number_of_the_spec():
    catalog = default_catalog()
    numbers = {
        resource["number"] for resource in catalog.resources.values() if "number" in resource.texts
    }
    assert {"17", "112", "114", "15", "18", "3114", "116 006", "3919", "119", "3018"} <= numbers
    assert "0 800 05 95 95" in numbers
    helpline = catalog["victims_helpline"]
    assert helpline["email"] == "victimes@france-victimes.fr"
    assert helpline["abroad"] == "+33 1 80 52 33 76"
    assert all(resource.source and resource.checked for resource in catalog.resources.values())


@pytest.mark.parametrize(
    ("moment", "is_open"),
    [
        (at(MONDAY, 8, 59), False),
        (at(MONDAY, 9, 0), True),
        (at(MONDAY, 18, 59), True),
        (at(MONDAY, 19, 0), False),
        (at(SUNDAY, 9, 0), True),  # the 116 006 is open 7 days a week
        (at(SUNDAY, 23, 30), False),
    ],
)
def test_the_116_006_is_open_from_9_to_19_every_day(moment, is_open):
    assert default_catalog()["victims_helpline"].is_open(moment) is is_open


def test_a_weekday_line_is_closed_on_sunday_and_reopens_on_monday():
    rape_helpline = default_catalog()["rape_helpline"]
    assert not rape_helpline.is_open(at(SUNDAY, 12))
    assert rape_helpline.is_open(at(MONDAY, 12))
    reopening = rape_helpline.hours.next_opening(at(SUNDAY, 12))
    assert reopening == at(MONDAY, 10)
    assert describe_reopening(at(SUNDAY, 12), reopening) == "demain à 10 h"


def test_reopening_is_said_in_plain_french():
    hours = default_catalog()["victims_helpline"].hours
    assert (
        describe_reopening(at(MONDAY, 7), hours.next_opening(at(MONDAY, 7))) == "aujourd'hui à 9 h"
    )
    assert describe_reopening(at(MONDAY, 20), hours.next_opening(at(MONDAY, 20))) == "demain à 9 h"
    friday = datetime(2026, 12, 4, 20, tzinfo=PARIS)
    rape_helpline = default_catalog()["rape_helpline"]
    assert describe_reopening(friday, rape_helpline.hours.next_opening(friday)) == "lundi à 10 h"


def test_lines_open_day_and_night_never_close():
    police = default_catalog()["police"]
    assert police.is_open(at(SUNDAY, 3)) and police.hours.next_opening(at(SUNDAY, 3)) is None


def test_placeholders_are_rendered_from_the_catalogue():
    text = "Appelez le {{ police.number }} ou le {{victims_helpline.number}} ({reopens})."
    assert render_text(text, default_catalog()) == "Appelez le 17 ou le 116 006 ({reopens})."


def test_an_unknown_placeholder_is_an_error_not_a_blank():
    with pytest.raises(KeyError, match="nope"):
        render_text("{{ nope.number }}", default_catalog())
    with pytest.raises(KeyError, match="fax"):
        render_text("{{ police.fax }}", default_catalog())


BROKEN_FILES = {
    "no number nor url": "helplines:\n- {id: x, name: X, for: y, source: s, checked: '2026'}\n",
    "bad number": (
        "helplines:\n- {id: x, name: X, for: y, source: s, checked: '2026', number: abc}\n"
    ),
    "missing source": "helplines:\n- {id: x, name: X, for: y, checked: '2026', number: '17'}\n",
    "bad hours": (
        "helplines:\n- {id: x, name: X, for: y, source: s, checked: '2026', number: '17',"
        " hours: [{days: [mon], open: '19:00', close: '09:00'}], hours_text: t}\n"
    ),
    "hours without text": (
        "helplines:\n- {id: x, name: X, for: y, source: s, checked: '2026', number: '17',"
        " hours: [{days: [mon], open: '09:00', close: '19:00'}]}\n"
    ),
    "duplicate id": (
        "helplines:\n- {id: x, name: X, for: y, source: s, checked: '2026', number: '17'}\n"
        "- {id: x, name: X, for: y, source: s, checked: '2026', number: '18'}\n"
    ),
}


@pytest.mark.parametrize("problem", sorted(BROKEN_FILES))
def test_a_broken_resources_file_is_refused_with_a_clear_reason(problem, tmp_path: Path):
    path = tmp_path / "resources.yml"
    path.write_text(BROKEN_FILES[problem], encoding="utf-8")
    with pytest.raises(ValueError, match="resources.yml"):
        load_catalog(path)
