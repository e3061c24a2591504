"""Recognisers of French formats: phones, e-mails, NIR, IBAN, plates, handles, dates of birth."""

from __future__ import annotations

import re

import phonenumbers
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.fr.stop_words import STOP_WORDS
from stdnum import iban
from stdnum.fr import nir

from anonymiser.config import Config
from anonymiser.names import french_word_counts
from anonymiser.recogniser import LANGUAGE, RegexRecognizer, make_result

# Metropolitan France and the overseas regions and collectivités with their own codes.
PHONE_REGIONS = ("FR", "GP", "MQ", "GF", "RE", "YT", "PM", "BL", "MF", "NC", "PF", "WF")
# A number as people write it: international (+33, 0033) or national (0 and 9 digits).
PHONE_SHAPE = re.compile(r"^(?:\+|00)\d|^0\d(?:\D*\d){8}$")
# A French number in its usual shape, taken even when not allocated (yet): 06 12 34 56 78.
FRENCH_SHAPE = re.compile(
    r"^(?:\+33[ .\-]?(?:\(0\)[ .\-]?)?|0033[ .\-]?|0)[1-9](?:[ .\-]?\d{2}){4}$"
)

MONTHS = (
    "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|"
    "novembre|décembre|decembre"
)
DATE = (
    rf"(?:\d{{1,2}}|1er)\s*[/.\-]\s*(?:\d{{1,2}})\s*[/.\-]\s*(?:\d{{4}}|\d{{2}})"
    rf"|(?:\d{{1,2}}|1er|premier)\s+(?:{MONTHS})\s+\d{{4}}"
)
BIRTH_CUE = (
    r"\b(?:n[ée]e?s?|né\(e\)|né·e|née\(s\)|naissance|ddn|d\.d\.n\.|date\s+de\s+naiss\w*)"
    r"(?:\s*[:,]?\s*(?:le|du|en|au|:)?\s*)"
)

PATTERNS = {
    "EMAIL": re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}\b"),
    "NIR": re.compile(
        r"(?<![\dA-Za-z])[12]\s?\d{2}\s?(?:0[1-9]|1[0-2]|[2-9]\d)\s?(?:\d{2}|2[AaBb])"
        r"\s?\d{3}\s?\d{3}(?:\s?\d{2})(?!\d)"
    ),
    "IBAN": re.compile(
        r"(?<![\w])(?i:[a-z]{2}\d{2})(?:\s?[A-Za-z0-9]{4}){2,7}(?:\s?[A-Za-z0-9]{1,3})?(?!\w)"
    ),
    "PLAQUE": re.compile(
        r"(?<![\w-])(?:[A-HJ-NP-TV-Z]{2}-\d{3}-[A-HJ-NP-TV-Z]{2}"
        r"|(?i:[a-hj-np-tv-z]{2}-\d{3}-[a-hj-np-tv-z]{2})"
        r"|[A-HJ-NP-TV-Z]{2}\s?\d{3}\s?[A-HJ-NP-TV-Z]{2})(?![\w-])"
    ),
    "PLAQUE_LOOSE": re.compile(
        r"(?<![\w-])(?i:[a-hj-np-tv-z]{2}[\s-]?\d{3}[\s-]?[a-hj-np-tv-z]{2})(?![\w-])"
    ),
    "PLAQUE_FNI": re.compile(
        r"(?<![\w-])\d{1,4}[\s-]?[A-Z]{1,3}[\s-]?(?:0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6])(?![\w-])"
    ),
    "PSEUDO": re.compile(r"(?<![\w.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?"),
    # A word with letters and a digit, "_" or an inner dot ("mimi75", "tony.b_33"): a
    # handle when the context says so (pseudo, compte, insta...).
    "HANDLE": re.compile(
        r"(?<![\w.@/])(?=(?:[\w.]*[A-Za-z]){3})(?=[\w.]*(?:\d|_|\w\.\w))"
        r"[A-Za-z0-9_][\w.]{1,28}[A-Za-z0-9_](?![\w@]|\.\w)"
    ),
    # A Discord tag ("Shadow#1234").
    "DISCORD": re.compile(r"(?<![\w#])[A-Za-z0-9_.]{2,32}#\d{4}(?!\d)"),
    # A profile's address ("instagram.com/sarah_b_off", "tiktok.com/@lenny").
    "PROFILE_URL": re.compile(
        r"(?i:(?:instagram|tiktok|facebook|fb|twitter|x|snapchat|youtube|twitch|threads)"
        r"\.com/(?:add/|@)?)(?P<value>[\w.]{2,30}[\w])"
    ),
    "DATE_NAISSANCE": re.compile(rf"{BIRTH_CUE}(?P<value>{DATE})", re.IGNORECASE),
}


# The handle after a cue: one word, maybe with an "@", dots, "#" or dashes inside.
HANDLE_AFTER_CUE = r"(?P<value>@?\w[\w.#-]{1,30}\w)(?![\w@]|:/)"


def _handle_cues(config: Config) -> str:
    return "(?i:" + "|".join(re.escape(cue) for cue in config.handle_cues) + ")"


def handle_cue_pattern(config: Config) -> re.Pattern[str]:
    """A handle cue, up to three words, a link, then one word: "son insta c'est x",
    "Pseudo : xXangelXx", "un compte tiktok qui s'appelle lefou2banlieue"."""
    links = "|".join(
        re.escape(link).replace(r"\ ", r"[ \t]+").replace("'", "['\N{RIGHT SINGLE QUOTATION MARK}]")
        for link in sorted(config.handle_links, key=len, reverse=True)
    )
    words = r"(?:[ \t]+[\w'\N{RIGHT SINGLE QUOTATION MARK}-]+){0,3}?"
    return re.compile(
        rf"(?<!\w){_handle_cues(config)}(?!\w){words}[ \t]*(?<!\w)(?i:{links})(?!\w)"
        rf"[ \t]*[«\"']?[ \t]*{HANDLE_AFTER_CUE}"
    )


def handle_after_platform_pattern(config: Config) -> re.Pattern[str]:
    """A handle cue, another one, then one word: "pseudo Twitch KevNguyenLive", "compte
    insta : lenny.off"."""
    cues = _handle_cues(config)
    return re.compile(rf"(?<!\w){cues}[ \t]+{cues}(?!\w)[ \t]*:?[ \t]*{HANDLE_AFTER_CUE}")


def _is_dotted_handle(value: str) -> bool:
    """A dot inside and a digit in the last part ("julie.vnt59"), unlike a site or a file
    ("leboncoin.fr", "photo.jpg")."""
    *_, last = value.split(".")
    return "." in value and any(char.isdigit() for char in last)


def _valid_nir(value: str) -> bool:
    return nir.is_valid(value.replace(" ", "").upper())


def _valid_iban(value: str) -> bool:
    return iban.is_valid(value.upper())


class PhoneRecognizer(EntityRecognizer):
    """French numbers in every format, overseas included, checked with `phonenumbers`."""

    def __init__(self, context: list[str]) -> None:
        super().__init__(
            supported_entities=["TELEPHONE"],
            name="phone",
            supported_language=LANGUAGE,
            context=context,
        )

    def load(self) -> None:
        """Nothing to load: `phonenumbers` carries its metadata."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        results = []
        for match in phonenumbers.PhoneNumberMatcher(
            text, "FR", leniency=phonenumbers.Leniency.POSSIBLE
        ):
            raw = match.raw_string
            if "/" in raw or not PHONE_SHAPE.search(raw.replace("(0)", "")):
                continue
            if FRENCH_SHAPE.match(raw) or any(_is_valid(raw, region) for region in PHONE_REGIONS):
                results.append(make_result(self.name, "TELEPHONE", match.start, match.end, 0.9))
        return results


def _is_valid(raw: str, region: str) -> bool:
    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(raw, region))
    except phonenumbers.NumberParseException:
        return False


def _has_underscore(value: str) -> bool:
    return "_" in value


def format_recognisers(config: Config) -> list[EntityRecognizer]:
    """The recognisers that need no language model."""
    context = config.context

    def is_handle(value: str) -> bool:
        """No French word, no number alone, no platform ("Instagram")."""
        word = value.lstrip("@")
        return (
            not word.isdigit()
            and word not in config.not_names
            and word.lower() not in STOP_WORDS
            and word.lower() not in french_word_counts()
        )

    return [
        PhoneRecognizer(list(context["TELEPHONE"])),
        RegexRecognizer("email", "EMAIL", PATTERNS["EMAIL"], 0.95),
        RegexRecognizer("nir", "NIR", PATTERNS["NIR"], 0.95, context["NIR"], validate=_valid_nir),
        RegexRecognizer(
            "iban", "IBAN", PATTERNS["IBAN"], 0.95, context["IBAN"], validate=_valid_iban
        ),
        RegexRecognizer("plate", "PLAQUE", PATTERNS["PLAQUE"], 0.85, context["PLAQUE"]),
        RegexRecognizer("plate_loose", "PLAQUE", PATTERNS["PLAQUE_LOOSE"], 0.3, context["PLAQUE"]),
        RegexRecognizer("plate_fni", "PLAQUE", PATTERNS["PLAQUE_FNI"], 0.3, context["PLAQUE"]),
        RegexRecognizer("handle", "PSEUDO", PATTERNS["PSEUDO"], 0.85, context["PSEUDO"]),
        RegexRecognizer("handle_word", "PSEUDO", PATTERNS["HANDLE"], 0.3, context["PSEUDO"]),
        RegexRecognizer(
            "handle_underscore", "PSEUDO", PATTERNS["HANDLE"], 0.6, validate=_has_underscore
        ),
        RegexRecognizer("handle_discord", "PSEUDO", PATTERNS["DISCORD"], 0.85),
        RegexRecognizer("handle_url", "PSEUDO", PATTERNS["PROFILE_URL"], 0.9),
        RegexRecognizer(
            "handle_cue", "PSEUDO", handle_cue_pattern(config), 0.8, validate=is_handle
        ),
        RegexRecognizer(
            "handle_platform",
            "PSEUDO",
            handle_after_platform_pattern(config),
            0.8,
            validate=is_handle,
        ),
        RegexRecognizer(
            "handle_dotted", "PSEUDO", PATTERNS["HANDLE"], 0.6, validate=_is_dotted_handle
        ),
        RegexRecognizer("birth_date", "DATE_NAISSANCE", PATTERNS["DATE_NAISSANCE"], 0.9),
    ]
