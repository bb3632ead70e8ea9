"""The words of hours phrases: CLDR's through Babel, and the small ones per language."""

import ast
from pathlib import Path

import pytest

from legalsite.contacts.hours import vocabulary
from legalsite.contacts.hours.tokens import tokenize
from sitetools.eval_hours import judge, load_cases

ROOT = Path(__file__).resolve().parents[1]
_CASES = {c["label"]: c for c in load_cases()}


def _imports_babel(path: Path) -> bool:
    tree = ast.parse(path.read_text("utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import) and any(
            a.name.split(".")[0] == "babel" for a in node.names
        ):
            return True
        if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == (
            "babel"
        ):
            return True
    return False


def test_babel_is_imported_by_one_module():
    importers = [
        str(p.relative_to(ROOT))
        for folder in ("plugins", "tools")
        for p in (ROOT / folder).rglob("*.py")
        if _imports_babel(p)
    ]
    assert importers == ["plugins/legalsite/contacts/hours/vocabulary.py"]


def test_every_locale_babel_ships_names_the_seven_days():
    for tag in vocabulary.known_locales():
        words = vocabulary.vocabulary_for(tag.replace("_", "-"))
        named = set(words.days.values()) | set(words.weak_days.values())
        assert named == set(range(7)), tag


@pytest.mark.parametrize(
    ("language", "word", "day"),
    [
        ("en", "monday", 0),
        ("en", "mondays", 0),  # plural, from CLDR's "Monday"
        ("de", "montags", 0),
        ("fr", "samedis", 5),
        ("es", "sábados", 5),
        ("cy", "dydd llun", 0),
        ("pt", "segunda-feira", 0),
        ("ja", "月曜日", 0),
    ],
)
def test_day_names_come_from_cldr(language, word, day):
    assert vocabulary.vocabulary_for(language).days[word] == day


@pytest.mark.parametrize(
    ("language", "word", "day"),
    [("de", "mi", 2), ("fr", "sam.", 5), ("nl", "vr", 4), ("cs", "pá", 4)],
)
def test_short_forms_are_days_only_in_context(language, word, day):
    words = vocabulary.vocabulary_for(language)
    assert words.weak_days[word] == day
    assert word not in words.days


def test_inflected_day_names_share_a_stem():
    # "od poniedziałku do piątku" (pl), "nuo pirmadienio iki penktadienio" (lt).
    assert vocabulary.vocabulary_for("pl").day_stems["piąt"] == 4
    assert vocabulary.vocabulary_for("lt").day_stems["pirmadien"] == 0


@pytest.mark.parametrize(
    ("language", "word", "kind"),
    [
        ("en", "noon", "noon"),
        ("de", "mitternacht", "midnight"),
        ("fr", "midi", "noon"),
        ("cy", "yb", "am"),
        ("sv", "em", "pm"),
        ("ja", "午後", "pm"),
    ],
)
def test_day_periods_come_from_cldr(language, word, kind):
    assert vocabulary.vocabulary_for(language).periods[word] == kind


def test_month_names_come_from_cldr():
    assert vocabulary.vocabulary_for("de").months["januar"] == 1
    assert vocabulary.vocabulary_for("fr").months["déc"] == 12


def test_an_unknown_language_reads_english():
    assert vocabulary.vocabulary_for("zz").days["friday"] == 4


# The small words of each language, each in a real case read exactly: the kinds
# its phrase uses must all be in the language's table.
CONNECTORS = {
    "en": ("cupid.com: Customer Support line Mon-Fri 3 p.m.-11 p.m, weekends 11 "
           "a.m.-7 p.m. Central Standard Time", {"between", "and", "range"}),
    "fr": ("Toulon shop: réponse Mo-Fr 9-19, Sa 10-18, hors fériés",
           {"from", "range", "and", "except"}),
    "de": ("Stadt Mannheim Corona-Hotline: Mo-Fr and Sa/So/Feiertage",
           {"range", "from", "and"}),
    "es": ("Dra. Laura Martínez (Saltillo): L-V 9-14 y 16-19, sábados 9-13",
           {"from", "range", "and", "closed"}),
    "it": ("FAQ: aperti L-V 9-19 orario continuato, sabato 9-13",
           {"from", "range", "and", "closed"}),
    "pt": ("Loja Online 0800 007 2611: seg-sex 8h-20h e sábado 9h-18h exceto feriados",
           {"range", "from", "and", "except"}),
    "nl": ("Driving school: klantenservice ma t/m za tussen 09:00 en 21:00",
           {"range", "between", "and"}),
    "cy": ("HMRC payment plan (cy): Dydd Llun i Ddydd Gwener 08:30 i 17:00, ar gau "
           "gwyliau banc", {"range", "closed", "and"}),
    "sv": ("eaztimate.com: telefon vardagar 09.00-11.00 samt 14.00-16.00",
           {"between", "range", "and"}),
    "da": ("Danish chatbot: åbent mandag-fredag 9-17, weekend 10-14", {"range"}),
    "pl": ("OSKP OLMED (Łęczna): pn-pt 7-19 oraz soboty 7-14",
           {"from", "range", "and"}),
    "cs": ("Contact: Dostupní v pracovní dny od 9:00 do 18:00", {"from", "range"}),
    "hu": ("Multilingual shop bot (hu): csapat hétfőtől péntekig 9-17", {"range"}),
    "ja": ("J-GLOW privacy desk: 受付時間 平日 10-18（土日祝・年末年始を除く）",
           {"range", "and", "except"}),
}  # fmt: skip


@pytest.mark.parametrize("language", sorted(CONNECTORS))
def test_small_words_read_real_cases(language):
    label, kinds = CONNECTORS[language]
    case = _CASES[label]
    assert case["lang"] == language
    text = case["text"]
    tokens = tokenize(text, 0, len(text), language=language, territory=None)
    # "excepted" is an "except" word that may also follow its days ("を除く").
    found = {"except" if t.kind == "excepted" else t.kind for t in tokens}
    assert kinds <= found
    (outcome,) = judge([case])
    assert outcome.outcome == "exact", (outcome.got, outcome.warnings)


def test_connectors_cover_eight_languages_at_least():
    assert len(CONNECTORS) >= 8
