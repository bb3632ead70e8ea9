"""The words of hours phrases: CLDR's names through Babel (its only importer), and ours.

Day, month and day-period names come from CLDR for any locale Babel ships, as do
the names and abbreviations of time zones. What CLDR does not hold is written here,
per language and tested with real cases: the small words that join a phrase ("to",
"and", "from", "closed", "except"), the names of day sets ("weekdays") and holidays,
and the words that say whose hours they are ("our support team", "delivery").
This module only collects words; reading them is ``tokens`` and ``grammar``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from babel.localedata import locale_identifiers

# Monday first, as CLDR numbers them (0 = Monday).
WEEK = ("Mo", "Tu", "We", "Th", "Fr", "Sa", "Su")
HOLIDAYS = "PH"
_MON_FRI = WEEK[:5]
_WEEKEND = WEEK[5:]

# fmt: off
# --- the small words, per language ------------------------------------------------
# Each kind is a tuple of phrases; a space in a phrase matches any run of spaces.
# "range" joins two days or two times, "and" lists them, "from"/"between" lead in,
# "closed" and "except" turn days off, "filler" may sit inside a phrase unread,
# "hour" is a word for hours written with a time ("9 Uhr", "kl. 9", "dalle ore 9").
_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "range": (
            "to", "through", "thru", "till", "until", "til", "through to", "thru to",
            "and ending",
        ),
        "and": ("and", "as well as", "plus"),
        "from": ("from", "starting", "beginning"),
        "between": ("between",),
        # "There is no operator service on Saturdays, Sundays and public
        # holidays" (rz.uni-kiel.de): a service said not to run is closed.
        "closed": (
            "closed", "off", "no service", "no support", "no cover",
            "no operator service", "no phone service", "no telephone service",
            "no phone support", "no telephone support", "no phone cover",
            "no telephone cover",
        ),
        "break": ("closed for lunch", "lunch break", "lunch closure"),
        "except": (
            "except", "excepting", "excluding", "excl", "excl.", "except for",
            "other than", "apart from", "but not", "excludes", "exclude", "excluded",
            "not including", "with the exclusion of", "exclusion of", "exceptions",
            "exceptions would be", "exceptions are",
        ),
        "filler": (
            "on", "at", "the", "every", "each", "only", "open", "of", "also", "in",
            "days of", "when they", "when we", "when it", "close", "closes",
            "inclusive", "all", "normal", "regular", "usually", "generally", "then",
            "local time", "your local time", "local", "these", "following",
            "the following", "during", "during the hours of", "hours of", "u.s.", "us",
            "uk", "national", "federal", "statutory", "major", "easter sunday",
            "easter monday",
            "good friday", "christmas day", "boxing day", "new year's day",
            "thanksgiving day", "memorial day", "labor day", "labour day",
            "independence day", "whit monday",
        ),
        "hour": ("hours", "hrs", "hr", "h", "o'clock"),
        "including": ("including", "incl.", "inclusive of", "and including"),
    },
    "fr": {
        "range": ("à", "a", "au", "aux", "jusqu'à", "jusqu’à", "jusqu'au", "jusqu’au"),
        "and": ("et", "ainsi que"),
        "from": ("de", "du", "des", "dès", "depuis"),
        "between": ("entre",),
        "closed": ("fermé", "fermée", "fermés", "fermées", "fermeture"),
        "break": ("pause déjeuner", "pause méridienne"),
        "except": (
            "sauf", "hors", "excepté", "exceptés", "à l'exception des",
            "à l’exception des", "en dehors des",
        ),
        "filler": (
            "le", "la", "les", "l'", "l’", "en", "ouvert", "ouverte", "heure locale",
            "ouverts", "tous", "chaque", "uniquement", "seulement", "inclus",
        ),
        "hour": ("heures", "heure", "h"),
    },
    "de": {
        "range": ("bis", "bis zum", "bis einschließlich"),
        "and": ("und", "sowie", "u.", "&"),
        "from": ("von", "vom", "ab"),
        "between": ("zwischen",),
        "closed": ("geschlossen",),
        "break": ("mittagspause",),
        "except": ("außer", "ausser", "ausgenommen", "nicht an", "mit Ausnahme von"),
        "filler": (
            "am", "an", "den", "der", "die", "jeweils", "nur", "geöffnet",
            "durchgehend", "in der Zeit", "auch", "und an", "Ortszeit",
        ),
        "hour": ("Uhr", "Std.", "h"),
    },
    "es": {
        "range": ("a", "al", "hasta", "hasta las"),
        "and": ("y", "e"),
        "from": ("de", "del", "desde", "desde las", "de las"),
        "between": ("entre",),
        "closed": ("cerrado", "cerrados", "cerrada", "cerramos"),
        "except": (
            "excepto", "salvo", "menos", "exceptuando", "excluyendo", "excluidos",
        ),
        "filler": (
            "el", "la", "los", "las", "en", "horario", "abierto", "solo", "sólo",
            "únicamente", "continuo", "ininterrumpidamente", "hora local", "atiende",
            "atendemos", "permanece", "permanecemos", "permanecen", "estamos", "está",
        ),
        "hour": ("horas", "hrs", "hrs.", "hs", "h", "HH"),
    },
    "it": {
        "range": ("a", "al", "alle", "fino alle", "fino a"),
        "and": ("e", "ed"),
        "from": ("dal", "dalle", "da", "dalla", "dall'", "dall’"),
        "between": ("tra", "fra"),
        "closed": ("chiuso", "chiusi", "chiusa", "chiusura"),
        "except": ("escluso", "esclusi", "eccetto", "tranne"),
        "filler": (
            "il", "la", "lo", "i", "le", "di", "ore", "aperto", "aperti", "solo",
            "orario continuato", "con orario continuato", "tutti", "nei", "nel",
            "giorni", "siamo", "è", "sono",
        ),
        "hour": ("ore",),
    },
    "pt": {
        "range": ("a", "à", "às", "ás", "até", "ao"),
        "and": ("e",),
        "from": ("de", "das", "da", "desde"),
        "between": ("entre",),
        "closed": ("fechado", "fechada", "fechados"),
        "except": ("exceto", "excepto", "salvo", "menos", "exceto aos", "exceto em"),
        "filler": (
            "o", "os", "a", "as", "em", "nos", "no", "na", "aos", "aberto", "somente",
            "apenas",
        ),
        "hour": ("horas", "hs", "h"),
    },
    "nl": {
        "range": ("tot", "t/m", "tm", "tot en met", "tot/met"),
        "and": ("en",),
        "from": ("van", "vanaf"),
        "between": ("tussen",),
        "closed": ("gesloten",),
        "break": ("lunchpauze",),
        "except": ("behalve", "uitgezonderd", "met uitzondering van"),
        "filler": ("op", "de", "het", "om", "geopend", "alleen", "ook", "elke"),
        "hour": ("uur", "u"),
    },
    "cy": {
        "range": ("i", "tan"),
        "and": ("a", "ac", "&"),
        "from": ("o",),
        "between": ("rhwng",),
        "closed": ("ar gau",),
        "except": ("ac eithrio", "heblaw", "ond"),
        "filler": ("dydd", "ddydd", "yw", "ar", "bob", "y", "yr"),
        "hour": (),
    },
    "da": {
        "range": ("til", "-"),
        "and": ("og", "samt"),
        "from": ("fra",),
        "between": ("mellem",),
        "closed": ("lukket",),
        "except": ("undtagen", "dog ikke"),
        "filler": ("alle", "kl", "kl.", "klokken", "på", "om", "åbent", "hver"),
        "hour": ("kl.", "kl", "klokken"),
    },
    "nb": {
        "range": ("til",),
        "and": ("og", "samt"),
        "from": ("fra",),
        "between": ("mellom",),
        "closed": ("stengt", "lukket"),
        "except": ("unntatt", "utenom"),
        "filler": (
            "alle", "kl", "kl.", "klokken", "klokka", "på", "i", "åpent", "hver",
        ),
        "hour": ("kl.", "kl", "klokken", "klokka"),
    },
    "sv": {
        "range": ("till", "–"),
        "and": ("och", "samt"),
        "from": ("från",),
        "between": ("mellan",),
        "closed": ("stängt", "stängd"),
        "break": ("lunchstängt", "lunchstängd", "lunchstängning"),
        "except": ("utom", "förutom"),
        "filler": ("alla", "kl", "kl.", "klockan", "på", "öppet", "varje"),
        "hour": ("kl.", "kl", "klockan"),
    },
    "pl": {
        "range": ("do",),
        "and": ("oraz", "i", "a"),
        "from": ("od",),
        "between": ("między", "pomiędzy"),
        "closed": ("zamknięte", "nieczynne"),
        "except": ("oprócz", "z wyjątkiem", "poza"),
        "filler": (
            "w", "we", "godzinach", "w godzinach", "czynne", "czynny", "czynna", "jest",
            "tylko",
        ),
        "hour": ("godz.", "godz", "h"),
    },
    "cs": {
        "range": ("do", "až"),
        "and": ("a",),
        "from": ("od",),
        "between": ("mezi",),
        "closed": ("zavřeno",),
        "except": ("kromě", "mimo"),
        "filler": ("v", "ve", "otevřeno", "jen", "pouze"),
        "hour": ("hodin", "hod.", "hod", "h"),
    },
    "ja": {
        "range": ("〜", "～", "~", "から", "まで"),
        "and": ("・", "、"),
        "from": (),
        "between": (),
        "closed": ("休み", "定休日", "休業"),
        "except": ("を除く", "除く", "は除く"),
        "filler": ("受付時間", "営業時間", "対応時間", "は", "年末年始", "年末年始は"),
        "hour": ("時",),
    },
    "ro": {
        "range": ("până", "pana", "până la"),
        "and": ("și", "si"),
        "from": ("de", "de la"),
        "between": ("între",),
        "closed": ("închis",),
        "except": ("cu excepția",),
        "filler": ("în", "intre"),
        "hour": ("ora",),
    },
    "lt": {
        "range": ("iki",),
        "and": ("ir",),
        "from": ("nuo",),
        "between": (),
        "closed": ("nedirba",),
        "except": ("išskyrus",),
        "filler": (),
        "hour": ("val.",),
    },
    "uk": {
        "range": ("по", "до"),
        "and": ("і", "та"),
        "from": ("з", "від"),
        "between": (),
        "closed": ("вихідний",),
        "except": ("крім",),
        "filler": (),
        "hour": (),
    },
    "hu": {
        "range": (),
        "and": ("és",),
        "from": (),
        "between": (),
        "closed": ("zárva",),
        "except": ("kivéve",),
        "filler": (),
        "hour": ("óra", "órától", "óráig"),
    },
}
# Norwegian Nynorsk shares Bokmål's small words.
_WORDS["nn"] = _WORDS["nb"]

# Day sets and holidays: names for several days at once, which CLDR has not.
_DAY_SETS: dict[str, dict[tuple[str, ...], tuple[str, ...]]] = {
    "en": {
        WEEK: (
            "daily", "every day", "everyday", "each day", "7 days a week",
            "seven days a week", "7 days per week", "seven days per week", "7 days",
            "seven days", "365 days a year", "365 days per year", "all week",
            "every day of the week", "7 days a week, 365 days a year",
        ),
        _MON_FRI: (
            "weekdays", "week days", "weekday", "working days", "working day",
            "business days", "business day", "every weekday", "every working day",
            "the working week",
        ),
        _WEEKEND: ("weekends", "weekend", "the weekend", "week-ends"),
    },
    "fr": {
        WEEK: (
            "tous les jours", "7j/7", "7 j/7", "7 jours sur 7", "7 jours/7", "7j sur 7",
            "chaque jour",
        ),
        _MON_FRI: ("en semaine", "jours ouvrés", "jours ouvrables", "jours de semaine"),
        _WEEKEND: ("week-end", "week-ends", "weekend", "weekends", "fin de semaine"),
    },
    "de": {
        WEEK: ("täglich", "jeden Tag", "7 Tage die Woche", "sieben Tage die Woche"),
        _MON_FRI: (
            "werktags", "an Werktagen", "Werktage", "Werktagen", "wochentags",
            "an Wochentagen",
        ),
        _WEEKEND: ("Wochenende", "am Wochenende", "Wochenenden"),
        ("Su", HOLIDAYS): (
            "Sonn- und Feiertage", "Sonn- und Feiertagen", "sonn- und feiertags",
        ),
    },
    "es": {
        WEEK: (
            "todos los días", "todos los dias", "los 7 días", "diario",
            "los 365 días del año",
        ),
        _MON_FRI: (
            "días laborables", "dias laborables", "días hábiles", "dias habiles",
            "entre semana",
        ),
        _WEEKEND: ("fines de semana", "fin de semana"),
    },
    "it": {
        WEEK: ("tutti i giorni", "ogni giorno", "7 giorni su 7"),
        _MON_FRI: ("giorni feriali", "giorni lavorativi", "feriali"),
        _WEEKEND: ("fine settimana", "weekend"),
    },
    "pt": {
        WEEK: ("todos os dias", "diariamente", "todos os dias da semana"),
        _MON_FRI: ("dias úteis", "dias uteis", "em dias úteis", "nos dias úteis"),
        _WEEKEND: ("fins de semana", "fim de semana"),
    },
    "nl": {
        WEEK: ("dagelijks", "elke dag", "7 dagen per week", "iedere dag"),
        _MON_FRI: ("werkdagen", "op werkdagen", "doordeweeks"),
        _WEEKEND: ("weekend", "weekenden", "het weekend"),
    },
    "cy": {
        WEEK: ("bob dydd",),
        _MON_FRI: ("dyddiau'r wythnos", "dyddiau’r wythnos", "diwrnodau gwaith"),
        _WEEKEND: ("penwythnosau", "penwythnos", "benwythnosau", "benwythnos"),
    },
    "da": {
        WEEK: ("dagligt", "alle dage", "hver dag"),
        _MON_FRI: ("hverdage", "alle hverdage", "på hverdage"),
        _WEEKEND: ("weekend", "weekender", "weekenden"),
    },
    "nb": {
        WEEK: ("daglig", "alle dager", "hver dag"),
        _MON_FRI: (
            "hverdager", "på hverdager", "i hverdager", "alle hverdager", "kvardagar",
            "på kvardagar",
        ),
        _WEEKEND: ("helger", "helgen", "i helger", "i helgen", "helg"),
    },
    "sv": {
        WEEK: ("dagligen", "alla dagar", "varje dag"),
        _MON_FRI: ("vardagar", "på vardagar", "alla vardagar", "i vardagar"),
        _WEEKEND: ("helger", "helgen", "helgdagar"),
    },
    "pl": {
        WEEK: ("codziennie", "7 dni w tygodniu"),
        _MON_FRI: ("dni robocze", "w dni robocze", "dni powszednie"),
        _WEEKEND: ("weekendy", "w weekendy"),
    },
    "cs": {
        WEEK: ("denně", "každý den"),
        _MON_FRI: ("pracovní dny", "v pracovní dny", "všední dny"),
        _WEEKEND: ("víkend", "víkendy", "o víkendech"),
    },
    "ja": {
        WEEK: ("毎日", "年中無休"),
        _MON_FRI: ("平日",),
        _WEEKEND: ("土日",),
        (*_WEEKEND, HOLIDAYS): ("土日祝日", "土日祝"),
    },
}
_DAY_SETS["nn"] = _DAY_SETS["nb"]
_HOLIDAY_WORDS: dict[str, tuple[str, ...]] = {
    "en": (
        "public holidays", "public holiday", "bank holidays", "bank holiday",
        "holidays", "federal holidays", "national holidays", "statutory holidays",
        "legal holidays", "U.S. holidays", "US holidays", "major holidays",
        "public and bank holidays", "bank and public holidays",
        "statutory bank holidays", "statutory English bank holidays",
        "recognized holidays", "observed holidays", "state holidays",
    ),
    "fr": ("jours fériés", "jours feriés", "fériés", "jour férié"),
    "de": (
        "Feiertage", "Feiertagen", "gesetzliche Feiertage", "gesetzlichen Feiertagen",
        "Feiertags",
    ),
    "es": (
        "festivos", "días festivos", "dias festivos", "feriados", "festivos nacionales",
    ),
    "it": ("festivi", "giorni festivi", "festività"),
    "pt": ("feriados", "feriados nacionais"),
    "nl": ("feestdagen", "officiële feestdagen", "erkende feestdagen"),
    "cy": ("gwyliau banc", "gwyliau cyhoeddus", "gŵyl banc"),
    "da": ("helligdage",),
    "nb": ("helligdager", "helligdagar", "helgedager"),
    "sv": ("helgdagar", "röda dagar"),
    "pl": ("święta", "dni świąteczne", "dni wolne od pracy"),
    "cs": ("svátky", "státní svátky"),
    "ja": ("祝日", "祝"),
}
_HOLIDAY_WORDS["nn"] = _HOLIDAY_WORDS["nb"]
# Around the clock: every day, all day.
_ALL_TIME: dict[str, tuple[str, ...]] = {
    "en": (
        "24/7", "24x7", "24 x 7", "24/7/365", "24x7x365", "24 hours a day",
        "24 hours per day", "twenty-four hours a day", "around the clock",
        "round the clock", "24 hour service", "24-hour service",
    ),
    "fr": ("24h/24", "24 h/24", "24h sur 24", "24 heures sur 24", "24/24"),
    "de": ("rund um die Uhr", "24 Stunden am Tag", "24 Stunden täglich"),
    "es": ("las 24 horas", "24 horas al día", "24 horas del día"),
    "it": ("24 ore su 24", "24h su 24", "24h/24"),
    "pt": ("24 horas por dia", "24h por dia"),
    "nl": ("24 uur per dag", "24/7", "dag en nacht"),
    "da": ("døgnet rundt", "24 timer i døgnet"),
    "nb": ("døgnet rundt", "hele døgnet"),
    "sv": ("dygnet runt",),
    "pl": ("całą dobę", "24 godziny na dobę"),
    "cs": ("nonstop", "24 hodin denně"),
    "ja": ("24時間",),
}

# --- whose hours: the words that say it -------------------------------------------
# A phrase is published only when words like these say it is about reaching the
# site's people. "service" words name a way to reach them ("help desk",
# "Kundenservice"); "person" words say "we" ("our team", "nous"). "veto" words in
# its sentence say it is about something else (deliveries, tariffs, maintenance,
# other people's opening hours); "channel" words say around-the-clock is a
# machine's (e-mail, a web form, an online account).
_SERVICE: dict[str, tuple[str, ...]] = {
    "en": (
        "support", "supported", "help desk", "helpdesk", "help-desk", "help line",
        "helpline", "numbers", "grievance officer",
        "hotline", "customer service", "customer services", "customer care",
        "customer support", "client services", "call center", "call centre",
        "contact centre", "contact center", "contact us", "call us", "reach us",
        "phone", "phones", "telephone", "tel", "tel.", "lines", "line", "switchboard",
        "office", "offices", "office hours", "service desk", "reception",
        "representatives", "representative", "agents", "advisers", "advisors",
        "staffed", "manned", "enquiries", "inquiries", "member services",
        "member service", "operators", "live chat", "hours of operation",
        "business hours", "opening hours", "standard hours", "support hours",
        "service hours", "help center", "help centre", "the team", "team",
        "hours of coverage", "coverage hours", "respond to your calls",
        "answer your calls", "take your calls",
        # A service named for when it runs: "After hours Technical Support will
        # be available between the hours of 7:30PM (EST) and 7:30AM (EST)".
        "after hours support", "after-hours support", "after hours technical support",
        "after-hours technical support",
    ),
    "fr": (
        "service client", "service clients", "service clientèle", "support",
        "assistance", "joignable", "joignables", "accueil", "téléphone", "téléphonique",
        "contactez", "contacter", "appelez", "sav", "hotline", "standard",
        "horaires d'ouverture", "à votre écoute", "secrétariat", "service commercial",
        "notre équipe", "l'équipe", "nous joindre", "prise en charge",
        "service disponible", "service est disponible", "prise de rendez-vous",
        "prises de rendez-vous", "prendre rendez-vous",
    ),
    "de": (
        # "Erreichbarkeit" (etc-solutions.de): being reachable, as a noun.
        "kundenservice", "kundendienst", "support", "hotline", "erreichbar",
        "erreichbarkeit", "telefonisch", "telefon", "servicezeiten", "geschäftszeiten",
        "bürozeiten",
        "sprechzeiten", "öffnungszeiten", "team", "kontakt", "arbeitszeiten",
        "zur verfügung", "für sie da",
    ),
    "es": (
        "atención", "atencion", "atención al cliente", "servicio al cliente", "soporte",
        "teléfono", "telefono", "telefónica", "llamarnos", "contactarnos", "atendemos",
        "oficina", "horario de atención", "horarios de atención", "atiende", "chat",
    ),
    "it": (
        "servizio clienti", "assistenza", "supporto", "segreteria", "telefono",
        "numero verde", "ufficio", "orari ufficio", "raggiungerci", "contattarci",
        "consulente", "il nostro team",
    ),
    "pt": (
        "atendimento", "suporte", "equipe", "ouvidoria", "central", "ligue", "telefone",
        "contato", "horário de atendimento", "horário de funcionamento",
    ),
    "nl": (
        "klantenservice", "bereikbaar", "telefonisch", "spreken", "kantoor",
        "openingstijden",
    ),
    "cy": ("oriau agor", "ffôn", "ffonio", "ffoniwch", "teleffon", "ein horiau"),
    "da": ("telefontid", "kundeservice", "support", "supporten", "tlf", "kontakt"),
    "nb": (
        "kundeservice", "telefon", "åpningstider", "support", "vakttelefon", "kontakt",
    ),
    "sv": (
        "telefontider", "kundtjänst", "öppettider", "telefon", "telefonnummer",
        "support", "nå oss", "reception",
    ),
    "pl": (
        "biuro", "zespół", "pracujemy", "pomoc techniczna", "infolinia", "telefon",
        "stacja czynna",
    ),
    "cs": (
        "podpora", "dostupní", "zavolejte", "služba", "kontakt", "tým", "servis",
        "servisu", "objednávky",
    ),
    "ja": (
        "受付時間", "営業時間", "対応時間", "お問い合わせ", "問い合わせ", "電話", "tel",
        "窓口",
    ),
    "ro": ("echipa",),
    "lt": ("komanda",),
    "uk": ("команда",),
    "hu": ("csapat", "csapatunk", "elérhető", "elérhetők", "ügyfélszolgálat"),
}
_PERSON: dict[str, tuple[str, ...]] = {
    "en": (
        "we", "we're", "we are", "our", "us", "you can reach", "you may call", "call",
        "contact",
    ),
    "fr": ("nous", "notre", "nos"),
    "de": ("wir", "unser", "unsere", "unserer", "unseren"),
    "es": ("estamos", "nuestro", "nuestra", "nuestros", "nuestras"),
    "it": ("siamo", "nostro", "nostra", "puoi raggiungerci"),
    "pt": ("nossa", "nosso", "estamos"),
    "nl": ("we", "wij", "onze", "ons"),
    "cy": ("rydym",),
    "da": ("vi", "os"),
    "nb": ("vi", "oss"),
    "sv": ("vi", "oss"),
    "pl": ("nasz", "nasza"),
    "cs": ("jsme", "nás", "k nám"),
}
_VETO: dict[str, tuple[str, ...]] = {
    "en": (
        "visit us", "orders placed", "ship", "ships", "shipped",
        "shipping", "shipment", "dispatch", "dispatched", "delivery", "deliveries",
        "courier", "cut-off", "cutoff", "cut off", "peak", "off-peak", "off peak",
        "tariff", "tariffs", "rate", "rates", "charged", "charging", "billed", "fare",
        "fares", "within", "processing", "processed", "maintenance", "downtime",
        "outage", "offline", "servers", "server", "online access", "online banking",
        "web portal", "self-service", "automated", "banks", "banking", "museums",
        "museum", "post offices", "post office", "shops", "shopping", "stores",
        "restaurants", "restaurant", "pubs", "nightclubs", "government",
        "department stores", "retailers", "malls", "supermarkets", "festival", "gates",
        "ticket sales", "broadcast", "tune in", "episode", "replay", "workshop",
        "concert", "warehouse", "estimated", "arrive", "daytime", "evening", "quota",
        "travelcard", "emergency", "emergencies", "after-hours", "after hours",
        "out of hours", "answering service", "answer service", "answer phone",
        "answerphone", "voicemail", "respond", "response", "responses", "reply",
        "replies", "contractor", "shall", "deadline", "received by", "placed",
        "transfers", "wire", "wires", "fedwire", "neft", "trading", "market", "markets",
        "gym", "pool", "lessons", "menu", "lunch", "breakfast", "dinner", "served",
        "booking", "by appointment", "on request", "to arrange", "pickup", "pick-up",
        "drop-off", "parking", "typical", "typically", "work hours per week", "rfc",
        "curfew", "team members", "collaboration",
    ),
    "fr": (
        "commande", "commandes", "livraison", "livraisons", "expédition", "expédiées",
        "expédiés", "expédiée", "préparation", "délai", "délais", "musée",
        "déchetterie", "menu", "navette", "réservez", "billets", "transporteur",
        "transporteurs", "envoi", "tarif", "tarifs", "heures creuses", "rendez-vous",
        "dispo", "stock", "acheminement",
    ),
    "de": (
        "besuchen sie uns", "bestellung", "bestellungen", "bestellt", "versand",
        "versandt", "versendet", "lieferung", "lieferzeiten", "lieferzeit",
        "zustellung", "ausgeliefert", "tarif", "cent", "min.", "minute", "antwortzeit",
        "innerhalb", "binnen", "kundenzugang", "probe", "veranstaltung", "markt",
        "börse", "termin", "zulassungsstelle", "behörde",
    ),
    "es": (
        "pedido", "pedidos", "envío", "envíos", "enviados", "entrega", "entregas",
        "despacho", "despachado", "menú", "respuesta", "plazo", "plazos", "tarifa",
        "juntas", "veterinaria", "funciona", "abre", "disponible a mediodía",
    ),
    "it": (
        "ordini", "ordine", "consegna", "consegne", "spedizione", "entro", "portale",
        "aggiornato", "partenze", "sala", "istruttore", "lezioni", "collegamento",
        "carico", "modello", "l'ufficio in", "l\\'ufficio", "ricevimento pubblico",
        "ufficio diritto", "prenotazione",
    ),
    "pt": (
        "pedidos", "pedido", "enviados", "entrega", "entregas", "válido", "vacina",
        "resposta", "tempo médio", "primeira resposta",
    ),
    "nl": (
        "besteld", "bezorgd", "levering", "bezorging", "reactie", "administratie",
        "cursus", "cursusjaar",
    ),
    "cy": (),
    "da": (
        "timeprisen", "kr.", "bibliotek", "vagter", "standardvagter", "tilberedes",
        "tilgængelig alle hverdage", "herefter akut",
    ),
    "nb": (
        "leveres", "levering", "svartiden", "ventetid", "kveldstillegg",
        "svarer vi innen", "publiser", "oppdatering", "kr/time",
    ),
    "sv": ("lunchmenyn", "serveras", "boka", "körs", "mötesrum"),
    "pl": ("zamówienia", "realizowane", "wysyłka"),
    "cs": (
        "navštivte", "provoz", "oběd", "linka", "odpovídáme", "ozve se", "chat linky",
    ),
    "ja": ("発送", "返信", "お届け"),
}
# Words of other places' hours: said in the sentence before a phrase that does
# not say "we", they say whose it is ("Banks 9am-5pm ... Offices 8am-5pm").
_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "en": (
        "banks", "bank", "banking", "museums", "museum", "post offices", "post office",
        "shops", "shopping", "stores", "store", "restaurants", "restaurant", "pubs",
        "nightclubs", "government", "department stores", "retailers", "malls",
        "supermarkets", "typical", "typically", "supplier", "suppliers",
    ),
    "de": ("zulassungsstelle", "behörde", "termin"),
}
# Words that say what kind of service a line is, not whose: "Customer Support
# Line", "Technical Support", "Billing Hotline". A capitalised word before a
# service word that is none of these (nor a service word) names someone:
# "Physician Support Line", "Euna OpenBids office".
_GENERIC: dict[str, tuple[str, ...]] = {
    "en": (
        "the", "a", "an", "our", "your", "my", "this", "their", "for", "and", "of",
        "&", "customer", "customers", "client", "clients", "technical", "tech",
        "sales", "member", "members", "general", "main", "central", "head", "national",
        "local", "international", "free", "toll-free", "toll", "24-hour", "24/7",
        "live", "online", "premium", "priority", "standard", "enterprise", "product",
        "products", "account", "accounts", "billing", "business", "first", "second",
        "third", "level", "after", "regular", "normal", "front", "user",
        "users", "student", "students", "staff", "it", "hr", "corporate", "company",
        "service", "services", "support", "help", "desk", "line", "lines", "team",
        "office", "hours", "contact", "care", "center", "centre", "phone", "telephone",
        "call", "hotline", "helpline", "opening", "working", "operating",
    ),
}
# The "except" words that may also follow the days they except: "(holidays
# excluded)", "festivi esclusi", "Feiertage ausgenommen", "土日祝日を除く".
# Others only lead: in "Monday-Friday (except holidays)" the week is open.
_EXCEPT_AFTER: dict[str, tuple[str, ...]] = {
    "en": ("excluded", "excepted"),
    "fr": ("exclus", "exclues", "exceptés", "exceptées"),
    "de": ("ausgenommen",),
    "es": ("excluidos", "exceptuados"),
    "it": ("escluso", "esclusi"),
    "pt": ("excluídos",),
    "nl": ("uitgezonderd",),
    "da": ("undtagen",),
    "nb": ("unntatt",),
    "ja": ("を除く", "除く", "は除く"),
}
# Languages that say "from" with an ending on the day: "hétfőtől péntekig"
# (Monday-from Friday-until). The "until" ending needs no word: a day after
# "from" ends the range.
_FROM_SUFFIX: dict[str, tuple[str, ...]] = {"hu": ("tól", "től")}
# A heading that says a schedule is the page's own hours when it stands right
# before it: "Hours: Monday–Friday, 09:00–19:00 IST", "Horaires : ...". A word
# before it ("Bank hours:") makes it someone else's.
_LABEL: dict[str, tuple[str, ...]] = {
    "en": (
        "hours", "opening hours", "office hours", "business hours", "working hours",
        "hours of operation", "availability", "service hours", "support hours",
        "contact hours", "in person",
    ),
    "fr": ("horaires", "horaires d'ouverture", "heures d'ouverture", "disponibilité"),
    "de": ("öffnungszeiten", "erreichbarkeit", "servicezeiten", "geschäftszeiten"),
    "es": ("horario", "horarios", "horario de atención"),
    "it": ("orari", "orario", "orari di apertura"),
    "pt": ("horário", "horários", "horário de atendimento", "atendimento"),
    "nl": ("openingstijden", "bereikbaarheid"),
    "cy": ("oriau agor", "oriau"),
    "da": ("åbningstider", "telefontid"),
    "nb": ("åpningstider",),
    "sv": ("öppettider", "telefontider"),
    "pl": ("godziny otwarcia",),
    "cs": ("otevírací doba", "provozní doba"),
}
# A sentence that opens with these states hours as the page's own, the way a
# label does: "Los horarios son de Lunes a Viernes 9:30 a 6:30."
_HOURS_ARE: dict[str, tuple[str, ...]] = {
    "en": (
        "the hours are", "hours are", "opening hours are", "business hours are",
        "office hours are", "the opening hours are", "the business hours are",
        "the office hours are",
    ),
    "fr": ("les horaires sont", "nos horaires sont", "l'horaire est"),
    "de": ("die öffnungszeiten sind", "die geschäftszeiten sind"),
    "es": ("los horarios son", "el horario es", "el horario de atención es"),
    "it": ("gli orari sono", "l'orario è"),
    "pt": ("o horário é", "os horários são", "o horário de atendimento é"),
}
# Holidays said to vary are no days closed: "The times of operation may vary
# depending on ... the variation of Queensland public holidays from year to year."
_VARY: dict[str, tuple[str, ...]] = {
    "en": ("vary", "varies", "variation", "variations"),
    "fr": ("varient", "varie", "variation", "variations"),
    "de": ("variieren", "variiert", "unterschiedlich"),
    "es": ("varían", "varia", "varía", "variación"),
}
# Days open only by appointment, said right after them: "Monday to Friday
# 10:00 AM - 6:00 PM, and weekends by appointment." They have no hours to give.
_BY_APPOINTMENT: dict[str, tuple[str, ...]] = {
    "en": ("by appointment", "by appointment only", "by prior appointment"),
    "fr": ("sur rendez-vous", "uniquement sur rendez-vous", "sur rdv"),
    "de": ("nach Vereinbarung", "nach Terminvereinbarung", "nach Absprache"),
    "es": ("con cita previa", "previa cita", "solo con cita previa"),
    "it": ("su appuntamento", "previo appuntamento", "solo su appuntamento"),
    "pt": ("com marcação", "mediante agendamento", "com hora marcada"),
    "nl": ("op afspraak", "alleen op afspraak"),
}
_CHANNEL: dict[str, tuple[str, ...]] = {
    "en": (
        "email", "e-mail", "online", "website", "web site", "portal", "form", "digital",
        "channels", "access", "self-service", "knowledge base", "app", "account",
        "monitored", "whatsapp", "ticket", "tickets", "messages",
    ),
    "fr": ("en ligne", "e-mail", "email", "formulaire", "site"),
    "de": ("online", "e-mail", "formular", "kundenzugang", "portal"),
    "es": ("en línea", "whatsapp", "correo", "formulario", "web"),
    "it": ("modulo", "online", "e-mail", "ordini", "sistema automatizzato"),
    "pt": ("whatsapp", "online", "site", "e-mail"),
    "nl": ("gemeld", "pechhulp", "online", "e-mail"),
}
# Nynorsk says "we" as "me" or "vi"; its other words are Bokmål's.
_SERVICE["nn"] = _SERVICE["nb"]
_PERSON["nn"] = ("vi", "me", "oss")
_VETO["nn"] = _VETO["nb"]
# fmt: on


@dataclass(frozen=True)
class Vocabulary:
    """Every word the hours reader knows in one language (and English).

    Keys are folded with ``fold``. ``days`` are names that alone are a day
    ("Monday", "lundi"); ``weak_days`` are forms read as days only next to
    another day or a time ("Mo", "Di", "mar.", "sex"); ``words`` maps a small
    word to its kind ("range", "and", ...); ``day_sets`` maps a name to its days.
    """

    language: str
    days: Mapping[str, int]
    weak_days: Mapping[str, int]
    day_stems: Mapping[str, int]
    months: Mapping[str, int]
    periods: Mapping[str, str]
    words: Mapping[str, str]
    hour_words: frozenset[str]
    day_sets: Mapping[str, tuple[str, ...]]
    service: frozenset[str]
    person: frozenset[str]
    veto: frozenset[str]
    channel: frozenset[str]
    elsewhere: frozenset[str]
    labels: frozenset[str]
    hours_are: frozenset[str]
    vary: frozenset[str]
    by_appointment: frozenset[str]
    generic: frozenset[str]
    from_suffixes: tuple[str, ...]
    except_after: frozenset[str]


def fold(text: str) -> str:
    """The form words are compared in: case-folded, one kind of apostrophe and space.

    >>> fold("Jusqu’à  18H")
    "jusqu'à 18h"

    Lower case, not case-folded: "ß" must keep its one character, as the
    matches keep the text's positions.
    """
    text = unicodedata.normalize("NFC", text).lower()
    text = text.replace("’", "'").replace("ʼ", "'").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text.replace("\u202f", " "))


def base_language(language: str | None) -> str:
    """The language part of a tag: "pt-BR" -> "pt", None -> "en"."""
    if not language:
        return "en"
    return re.split(r"[-_]", language.strip())[0].lower() or "en"


@functools.cache
def vocabulary_for(language: str | None) -> Vocabulary:
    """The words of ``language`` (a BCP 47 tag or None) and of English.

    English is always read too: "Mo-Fr", "24/7" and "9 AM" appear in every
    language's pages. Any locale Babel ships can be asked for; an unknown one
    reads English only.

    >>> vocabulary_for("de").days["montag"], vocabulary_for("de").weak_days["mi"]
    (0, 2)
    """
    lang = base_language(language)
    locales = [_locale(tag) for tag in dict.fromkeys(("en", _tag(language)))]
    known = [loc for loc in locales if loc is not None]
    days: dict[str, int] = {}
    weak: dict[str, int] = {}
    stems: dict[str, int] = {}
    months: dict[str, int] = {}
    periods: dict[str, str] = {}
    for loc in known:
        _collect_days(loc, days, weak, stems)
        _collect_months(loc, months)
        _collect_periods(loc, periods)
    langs = dict.fromkeys(("en", lang))
    words: dict[str, str] = {}
    day_sets: dict[str, tuple[str, ...]] = {}
    for code in langs:
        for kind, phrases in _WORDS.get(code, {}).items():
            for phrase in phrases:
                words.setdefault(fold(phrase), kind)
        for set_days, phrases in _DAY_SETS.get(code, {}).items():
            for phrase in phrases:
                day_sets.setdefault(fold(phrase), set_days)
        for phrase in _HOLIDAY_WORDS.get(code, ()):
            day_sets.setdefault(fold(phrase), (HOLIDAYS,))
        for phrase in _ALL_TIME.get(code, ()):
            words.setdefault(fold(phrase), "alltime")
        for phrase in _EXCEPT_AFTER.get(code, ()):
            words.setdefault(fold(phrase), "except")

    def words_of(table: dict[str, tuple[str, ...]]) -> frozenset[str]:
        return frozenset(fold(w) for c in langs for w in table.get(c, ()))

    return Vocabulary(
        language=lang,
        days=days,
        weak_days={k: v for k, v in weak.items() if k not in days},
        day_stems=stems,
        months=months,
        periods=periods,
        words=words,
        day_sets=day_sets,
        hour_words=frozenset(
            fold(w) for c in langs for w in _WORDS.get(c, {}).get("hour", ())
        ),
        service=words_of(_SERVICE),
        person=words_of(_PERSON),
        veto=words_of(_VETO),
        channel=words_of(_CHANNEL),
        elsewhere=words_of(_ELSEWHERE),
        labels=words_of(_LABEL),
        hours_are=words_of(_HOURS_ARE),
        vary=words_of(_VARY),
        by_appointment=words_of(_BY_APPOINTMENT),
        generic=words_of(_GENERIC),
        from_suffixes=tuple(w for c in langs for w in _FROM_SUFFIX.get(c, ())),
        except_after=words_of(_EXCEPT_AFTER),
    )


def _tag(language: str | None) -> str:
    return (language or "en").strip().replace("-", "_")


def _locale(tag: str) -> Locale | None:
    try:
        return Locale.parse(tag)
    except (ValueError, UnknownLocaleError):
        try:
            return Locale.parse(base_language(tag))
        except (ValueError, UnknownLocaleError):
            return None


# Languages whose day names take an -s for plural or habit ("Mondays", "lundis",
# "sábados", "montags"): CLDR gives the singular only.
_PLURAL_S = frozenset({"en", "fr", "es", "pt", "ca", "de", "gl"})


def _collect_days(
    loc: Locale, days: dict[str, int], weak: dict[str, int], stems: dict[str, int]
) -> None:
    plural = loc.language in _PLURAL_S
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated", "short"):
            for index, name in loc.days[context][width].items():
                key = fold(name)
                # A long name is a day by itself; three letters ("mar") or
                # fewer only beside another day or a time. CJK names are short
                # but unmistakable ("月曜日").
                if width == "wide" and (len(key) > 3 or not key.isascii()):
                    days.setdefault(key, index)
                    if plural:
                        days.setdefault(key + "s", index)
                    # "poniedziałku", "piątku", "pirmadienio": inflected forms
                    # share all but the last letters of the name.
                    stem = key[:-2] if len(key) >= 6 else key[:-1]
                    if len(stem) >= 4:
                        stems.setdefault(stem, index)
                    # "Dydd Llun" is also written "Llun"; "segunda-feira" "segunda".
                    for part in (
                        re.split(r"[\s-]", key)[1:] + re.split(r"[\s-]", key)[:1]
                    ):
                        if len(part) > 3 and part not in ("dydd", "feira"):
                            weak.setdefault(part, index)
                else:
                    weak.setdefault(key, index)
                    weak.setdefault(key.rstrip("."), index)


def _collect_months(loc: Locale, months: dict[str, int]) -> None:
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for index, name in loc.months[context][width].items():
                key = fold(name).rstrip(".")
                if len(key) >= 3 and not key[0].isdigit():
                    months.setdefault(key, index)


def _collect_periods(loc: Locale, periods: dict[str, str]) -> None:
    for context in ("format", "stand-alone"):
        for width in ("wide", "abbreviated"):
            for kind, name in loc.day_periods[context].get(width, {}).items():
                if kind in ("am", "pm", "noon", "midnight"):
                    periods.setdefault(fold(name), kind)


# --- time zones as CLDR names them ------------------------------------------------


@dataclass(frozen=True)
class ZoneName:
    """A written zone name: the metazones it may mean and which season it names.

    ``season`` is "generic" ("PT", "Pacific Time"), "standard" ("PST") or
    "daylight" ("PDT"); ``homes`` are the territories of the locales that use
    the name (en -> US for "PST", en_AU -> AU for "AEST").
    """

    metazones: frozenset[str]
    season: str
    homes: frozenset[str]
    abbreviation: bool


@functools.cache
def zone_names(language: str | None, territory: str | None) -> Mapping[str, ZoneName]:
    """Zone names and abbreviations read on a page in ``language`` for ``territory``.

    From CLDR's metazone names (long and short) in English and the page's
    language, both generic and for the territory ("AEST" is in en_AU, "MEZ" in
    de, "BRT" in pt_BR); keys are folded except abbreviations, which are kept
    upper-case so "ET" is never the word "et".
    """
    tags = ["en", _tag(language)]
    if territory:
        tags += [f"en_{territory}", f"{base_language(language)}_{territory}"]
        tags += [f"{lang}_{territory}" for lang in _official_languages(territory)]
    return _zone_names_of(tuple(dict.fromkeys(tags)))


@functools.cache
def english_zone_names() -> Mapping[str, ZoneName]:
    """Zone names of every English locale ("GST" is en_AE's, "AEST" en_AU's).

    Read only when the page's own locales do not know an abbreviation: loading
    a hundred locales costs ~0.3 s.
    """
    tags = tuple(i for i in locale_identifiers() if i == "en" or i.startswith("en_"))
    return _zone_names_of(tags)


def _zone_names_of(tags: tuple[str, ...]) -> Mapping[str, ZoneName]:
    found: dict[str, dict] = {}
    for tag in tags:
        loc = _exact_locale(tag)
        if loc is None:
            continue
        home = _home_territory(loc)
        for metazone, names in loc.meta_zones.items():
            for width in ("long", "short"):
                for season, name in names.get(width, {}).items():
                    key = name if width == "short" else zone_key(name)
                    if width == "short" and not is_abbreviation(name):
                        continue
                    keys = [key]
                    if width == "long" and loc.language == "pl":
                        keys.append(_polish_genitive(key))
                    for each in keys:
                        entry = found.setdefault(
                            each,
                            {
                                "metazones": set(),
                                "season": season,
                                "homes": set(),
                                "abbreviation": width == "short",
                            },
                        )
                        entry["metazones"].add(metazone)
                        entry["homes"].add(home)
    # "9:00 am to 6:00 pm Eastern": English generic names without "Time", read
    # (by the grammar) only right after a time.
    for key, entry in list(found.items()):
        if (
            entry["season"] == "generic"
            and not entry["abbreviation"]
            and (key.endswith(" time"))
        ):
            stem = key[: -len(" time")]
            if " " not in stem:
                found.setdefault("bare:" + stem, {**entry, "season": "generic"})
    return {
        key: ZoneName(
            metazones=frozenset(e["metazones"]),
            season=e["season"],
            homes=frozenset(e["homes"]),
            abbreviation=e["abbreviation"],
        )
        for key, e in found.items()
    }


def _polish_genitive(name: str) -> str:
    """A Polish zone name in the genitive, as hours give it: "od 9:00 do 17:00
    czasu pacyficznego" (CLDR: "czas pacyficzny").

    >>> _polish_genitive("czas środkowoeuropejski letni")
    'czasu środkowoeuropejskiego letniego'
    """
    return " ".join(_polish_genitive_word(word) for word in name.split())


def _polish_genitive_word(word: str) -> str:
    if word == "czas":
        return "czasu"
    if word.endswith(("ki", "gi", "ni")):  # "środkowoeuropejski", "letni"
        return word + "ego"
    if word.endswith(("y", "i")):  # "pacyficzny"
        return word[:-1] + "ego"
    return word


def zone_key(name: str) -> str:
    """The form long zone names are compared in: "Summer" and "Daylight" alike.

    >>> zone_key("Australian Eastern Summer Time")
    'australian eastern daylight time'
    """
    return fold(name).replace("summer time", "daylight time")


def is_abbreviation(name: str) -> bool:
    """Tell whether a zone name is an abbreviation: 2-5 capitals ("PST", "SEČ")."""
    return 2 <= len(name) <= 5 and name.isalpha() and name.isupper()


def _exact_locale(tag: str) -> Locale | None:
    if tag.replace("_", "-") not in _known_locales():
        return None
    return Locale.parse(tag)


@functools.cache
def _known_locales() -> frozenset[str]:
    return frozenset(i.replace("_", "-") for i in locale_identifiers())


def _official_languages(territory: str) -> list[str]:
    languages = get_global("territory_languages").get(territory, {})
    return [
        lang
        for lang, info in languages.items()
        if info.get("official_status") in ("official", "de_facto_official")
    ]


def _home_territory(loc: Locale) -> str:
    if loc.territory:
        return loc.territory
    likely = get_global("likely_subtags").get(loc.language, "")
    return likely.rsplit("_", 1)[-1] if likely else ""


def known_locales() -> list[str]:
    """Every locale identifier Babel ships, for tests that read them all."""
    return sorted(locale_identifiers())


def metazone_of(zone: str) -> str | None:
    """The CLDR metazone a zone is in now ("America/Vancouver": "America_Pacific")."""
    return get_global("meta_zones").get(zone)


@functools.cache
def metazone_zones(metazone: str) -> tuple[str, ...]:
    """Every zone CLDR puts in ``metazone``, sorted."""
    return tuple(
        sorted(z for z, m in get_global("meta_zones").items() if m == metazone)
    )


def territory_of(zone: str) -> str | None:
    """The territory of a zone: "Europe/Paris" -> "FR"."""
    return get_global("zone_territories").get(zone)


@functools.cache
def alias_count(zone: str) -> int:
    """How many old names point at a zone ("US/Pacific"): how well known it is."""
    return sum(1 for target in get_global("zone_aliases").values() if target == zone)


@functools.cache
def primary_zones() -> tuple[str, ...]:
    """CLDR's main zone for each Windows zone: the zone a metazone is best known by."""
    aliases = get_global("zone_aliases")
    zones = get_global("windows_zone_mapping").values()
    return tuple(dict.fromkeys(aliases.get(zone, zone) for zone in zones))


@functools.cache
def namesake_zone(metazone: str) -> str | None:
    """The zone Windows files under the metazone's own English name, if any.

    "Pacific Standard Time" is CLDR's name for America_Pacific and Windows'
    name for America/Los_Angeles: the zone the metazone is named after.
    """
    names = Locale("en").meta_zones.get(metazone, {}).get("long", {})
    zone = get_global("windows_zone_mapping").get(names.get("standard", ""))
    return get_global("zone_aliases").get(zone, zone) if zone else None


@functools.cache
def zones_of(territory: str) -> tuple[str, ...]:
    """Every zone of a territory, with or without a metazone ("JO": Asia/Amman,
    which CLDR no longer files under Eastern European Time), sorted."""
    return tuple(
        sorted(z for z, t in get_global("zone_territories").items() if t == territory)
    )


def all_zones() -> Iterable[str]:
    """Every zone CLDR gives a metazone, sorted."""
    return sorted(get_global("meta_zones"))


def zone_label(zone: str, metazone: str | None, language: str | None) -> str:
    """The name readers know a zone by, in their language: CLDR's generic name.

    >>> zone_label("America/Los_Angeles", "America_Pacific", "en")
    'Pacific Time'
    """
    for tag in dict.fromkeys((_tag(language), base_language(language), "en")):
        loc = _locale(tag)
        if loc is None:
            continue
        names = loc.meta_zones.get(metazone, {}).get("long", {}) if metazone else {}
        for season in ("generic", "standard"):
            if names.get(season):
                return names[season]
        city = loc.time_zones.get(zone, {}).get("city")
        if city:
            return loc.zone_formats["region"] % city
    city = zone.rsplit("/", 1)[-1].replace("_", " ")
    loc = _locale(_tag(language)) or _locale("en")
    if loc is None or "/" not in zone or zone.startswith("Etc/"):
        return city
    # CLDR's fallback for a zone it names nowhere: the city of its identifier
    # in the region format ("Asia/Amman": "Amman Time").
    return loc.zone_formats["region"] % city


@functools.cache
def place_names(language: str | None) -> Mapping[str, str]:
    """Cities and countries that name a zone: {"paris": "Europe/Paris", ...}.

    CLDR's exemplar cities and territory names in the language and in English,
    for "heure de Paris", "hora de Colombia", "horário de São Paulo". A
    territory names a zone only when it has one.
    """
    names: dict[str, str] = {}
    zones_by_territory: dict[str, list[str]] = {}
    for zone, territory in get_global("zone_territories").items():
        if zone in get_global("meta_zones"):
            zones_by_territory.setdefault(territory, []).append(zone)
    for tag in dict.fromkeys(("en", _tag(language))):
        loc = _locale(tag)
        if loc is None:
            continue
        for zone, info in loc.time_zones.items():
            if info.get("city"):
                names.setdefault(fold(info["city"]), zone)
        for zone in get_global("meta_zones"):
            city = zone.rsplit("/", 1)[-1].replace("_", " ")
            names.setdefault(fold(city), zone)
        for territory, name in loc.territories.items():
            zones = zones_by_territory.get(territory, [])
            if len(zones) == 1:
                names.setdefault(fold(name), zones[0])
    # Old zone names name places too ("US/Arizona", "Australia/Queensland"); a
    # place two of them share ("Eastern": US and Canada) names neither.
    by_place: dict[str, set[str]] = {}
    for alias, zone in get_global("zone_aliases").items():
        if "/" in alias:
            place = fold(alias.rsplit("/", 1)[-1].replace("_", " "))
            by_place.setdefault(place, set()).add(zone)
    for place, zones in sorted(by_place.items()):
        if len(zones) == 1:
            names.setdefault(place, next(iter(zones)))
    for alias, territory in _TERRITORY_ALIASES.items():
        zones = zones_by_territory.get(territory, [])
        if len(zones) == 1:
            names.setdefault(alias, zones[0])
    return names


@functools.cache
def own_clock(language: str | None) -> tuple[str, str] | None:
    """The language's own name and the clock of its home country, if it has one.

    "ora italiana", "heure française": a page names its country's clock with
    the adjective of its own language, which CLDR gives as the language's
    name ("italiano", "français"). Only the page's language is read so: an
    English page's "Portuguese time" could be Portugal's or Brazil's.
    """
    loc = _locale(_tag(language))
    if loc is None:
        return None
    name = loc.languages.get(loc.language)
    zones = [
        zone
        for zone, territory in get_global("zone_territories").items()
        if territory == _home_territory(loc) and zone in get_global("meta_zones")
    ]
    if not name or len(zones) != 1:
        return None
    return fold(name), zones[0]


def names_own_clock(word: str, language: str | None) -> str | None:
    """The zone ``word`` names as the language's adjective ("italiana"), else None.

    The adjective takes the endings of gender and case: "italiano" gives
    "italian-a", "français" "français-e", "Französisch" "französisch-er".
    """
    own = own_clock(language)
    if own is None:
        return None
    name, zone = own
    stem = name[:-1] if name[-1:] in "aeiou" else name
    word = fold(word)
    if len(stem) >= 4 and word.startswith(stem) and len(word) - len(stem) <= 2:
        return zone
    return None


# Short names CLDR keeps as alternatives that Babel does not ship.
_TERRITORY_ALIASES = {"uk": "GB", "u.k.": "GB"}
