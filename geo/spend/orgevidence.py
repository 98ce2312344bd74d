"""Positive evidence that a supplier name belongs to an organisation, and which rule found it."""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from functools import cache

# A known-organisation index (Companies House / Charity Commission names or numbers, built by
# geo.spend.companies-style modules): either a set of keys (normalised with org_key / number_key)
# or a callable that answers for a raw name or number.
KnownOrganisations = Collection[str] | Callable[[str], bool]


@dataclass(frozen=True)
class Decision:
    """Whether a name may be shown in public mode, and the rule that decided it (for the preview)."""

    show: bool
    rule: str  # short stable key, e.g. "legal form", "sole trader (T/A)", "no evidence"
    evidence: str = ""  # the words or number that decided it, e.g. "LTD", "company 03350709"


# Markers councils put in place of a personal name (Transparency Code guidance lets them withhold
# individuals' names); Trafford 2024-25 writes "Redacted" on 34,612 rows.
# Asterisks mark a redaction only on their own ("****") or around a marker word ("*** REDACTED
# ***"): "**bold** Services Ltd" is Markdown in a company's name, escaped for display, not a marker.
SOURCE_MARKER = re.compile(
    r"^[\s*]*(redacted|x{3,}|withheld|personal (data|information)|name withheld|"
    r"private individual|individuals?|sole trader|not disclosed|data protection|gdpr)\b|"
    r"^[\s*]*\*[\s*]*$",
    re.IGNORECASE,
)

# "Name T/A Business", "trading as", "C/O": a person trading under a name, or a person's address.
SOLE_TRADER = re.compile(r"(?<![a-z])(t\s*/\s*as?|t\.a\.|trading\s+as|c\s*/\s*o)(?![a-z])", re.I)

# Ledgers cut names at 30–35 characters: "Askews and Holts Library Services L", "D TEC INTERNATIONAL LT".
_TRUNCATED_FORM = re.compile(r"\s(l|lt|li|lim|limi|limit|limite|ltd\w*)\.?$", re.IGNORECASE)

# A title anywhere marks a person ("Dr KS Varma & Mr SR Hollis"), unless a legal form follows.
# "Our Lady" is a dedication ("Our Lady of the Rosary RC Primary"), not a titled person.
TITLE = re.compile(
    r"(?<![\w'’])(mr|mrs|ms|miss|mx|dr|prof|professor|rev|revd|reverend|sir|dame|"
    r"(?<!\bour\s)lady|(?<!\bour\s)lord|master|messrs|mstr)\.?(?![\w'’])",
    re.IGNORECASE,
)

# Incorporated or registered legal forms: the name is a registered body, whoever runs it.
LEGAL_FORM = re.compile(
    r"(?<![\w])(ltd|limited|plc|p\.l\.c|llp|l\.l\.p|cic|c\.i\.c|cio|llc|inc|incorporated|corp|"
    r"corporation|gmbh|s\.a\.r\.l|pty|unlimited|cyf|cyfyngedig|"
    r"&\s*co|and\s+co|company)\.?(?![\w])",
    re.IGNORECASE,
)


def is_source_marker(name: str) -> bool:
    """A council's own stand-in for a withheld name ("Redacted", "REDACTED PERSONAL DATA",
    "Individual"), not a body whose name starts with such a word: "Individual Entertainment Ltd"
    and "Individuals Matter CIC" carry a registered form (exports walk: both were withheld, and
    left out of the register template, as if they were markers)."""
    text = " ".join(str(name).split())
    return bool(SOURCE_MARKER.match(text)) and not LEGAL_FORM.search(text)


_FIRM = re.compile(r"(&\s*co|and\s+co)\.?", re.IGNORECASE)  # a firm's style, not a registered form

# Words only organisations carry: public bodies, institutions, clubs, groups. Curated from the
# names in Trafford 2024-25, Manchester and Calderdale 2021-22: each word was checked not to occur
# in those files as part of a person's name. A person trading as "X Services" is caught earlier
# by T/A, a title, or has to be accepted (the issue lists SERVICES as evidence).
ORG_WORDS = (
    "council", "councils", "nhs", "trust", "trustees", "university", "college", "school",
    "schools", "academy", "academies", "association", "society", "club", "group", "services",
    "service", "foundation", "charity", "charities", "hospital", "hospice", "authority",
    "borough", "department", "ministry", "agency", "commission", "police", "constabulary",
    "fire and rescue", "fire & rescue", "federation", "institute", "institution", "union",
    "holdings", "partnership", "international", "centre", "center", "nursery", "nurseries",
    "pre-school", "preschool", "playgroup", "housing", "homes", "network", "alliance", "forum",
    "cooperative", "co-operative", "co-op", "board", "committee", "office", "building society",
    "insurance", "assurance", "museum", "library", "libraries", "laboratories", "diocese",
    "parish", "mosque", "synagogue", "gurdwara", "cathedral", "ministries", "fellowship",
    "tabernacle", "primary", "infant school", "junior school", "high school", "grammar school",
    "sixth form", "c of e", "catholic", "methodist", "baptist", "anglican", "pentecostal",
    "convent", "tribunal", "registry", "inspectorate", "ombudsman", "regulator",
    "combined authority", "mbc", "icb", "ccg", "scouts", "girlguiding", "cadets", "league",
    "salvation army", "samaritans", "barnardo's", "barnardos", "mencap", "age uk",
    "citizens advice", "(uk)", "uk", "gb", "europe", "solicitors", "chambers", "healthcare",
    "health care", "care home", "care homes", "nursing home", "rest home", "residential home",
    "retirement home", "retirment home", "hotel", "ymca", "ywca", "healthwatch", "unison",
    "unite", "gmb", "pensions", "fuels", "water business",
)  # fmt: skip
# Words that are also surnames ("Charlotte Church", "Shirley Temple"): evidence only with an
# institutional word beside them, or when they are not the name's last word ("Church Road Surgery").
AMBIGUOUS_WORDS = ("church", "chapel", "temple", "court", "abbey", "priory", "mission")
_AMBIGUOUS = re.compile(r"(?<![\w'’])(" + "|".join(AMBIGUOUS_WORDS) + r")(?![\w'’])", re.I)
_INSTITUTIONAL = re.compile(
    r"(?<![\w'’])(st|saint|holy|the|of|parish|crown|county|magistrates|united|reformed|sikh|"
    r"hindu|christ|christian|evangelical|free|community|trinity|all saints)\.?(?![\w'’])",
    re.IGNORECASE,
)
_ORG_WORD = re.compile(
    r"(?<![\w'’])("
    + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ORG_WORDS)
    + r")(?![\w'’])",
    re.IGNORECASE,
)

# Public bodies and services named without a form word: central government, regulators, courts.
PUBLIC_BODY = re.compile(
    r"^(h\.?\s?m\.?\s(revenue|courts|land|prison|passport|treasury|government|coastguard|"
    r"inspectorate|customs)|her majesty'?s|his majesty'?s|hmrc|hmcts|dwp|dvla|dvsa|dfe|dhsc|defra|mhclg|dluhc|"
    r"ofsted|ofgem|ofwat|ofcom|cqc|care quality|environment agency|natural england|"
    r"historic england|land registry|companies house|met office|ordnance survey|"
    r"planning inspectorate|cabinet office|home office|foreign|treasury|crown commercial|"
    r"crown prosecution|legal aid|disclosure and barring|transport for|network rail|"
    r"highways england|national highways|homes england|sport england|arts council|"
    r"information commissioner|electoral commission|valuation office|the pensions regulator|"
    r"greater manchester|west yorkshire|metropolitan|royal mail|post office|bbc|tv licensing|"
    r"national grid|northern powergrid|electricity north west|united utilities|yorkshire water|"
    r"cadent|openreach|british telecom|gmca|dclg|dept\.? (of|for))\b|"
    r"(?<!\w)(m\.?\s?b\.?\s?c\.?|metropolitan bo\w*)(?!\w)",
    re.IGNORECASE,
)

# Well-known organisations whose names carry no form word. Matched at the start of the name, so
# "John Lewis" covers "John Lewis Partnership" but not a person called "Tim Lewisham".
WELL_KNOWN = (
    "john lewis", "grant thornton", "clifford chance", "arnold clark", "british gas", "npower",
    "e.on", "edf energy", "scottish power", "octopus energy", "british telecom", "vodafone",
    "virgin media", "tesco", "sainsbury's", "sainsburys", "asda", "morrisons", "aldi", "lidl",
    "waitrose", "marks & spencer", "marks and spencer", "argos", "currys", "superdrug",
    "screwfix", "toolstation", "travis perkins", "wickes", "b&q", "jewson", "howdens", "amazon",
    "google", "microsoft", "capita", "serco", "sodexo", "veolia", "biffa", "amey",
    "balfour beatty", "morgan sindall", "willmott dixon", "galliford try", "engie", "mitie",
    "deloitte", "kpmg", "pricewaterhousecoopers", "pwc", "ernst & young", "mazars",
    "addleshaw goddard", "dla piper", "eversheds", "pinsent masons", "hill dickinson",
    "browne jacobson", "weightmans", "bevan brittan", "trowers & hamlins", "stagecoach",
    "arriva", "firstgroup", "first bus", "national express", "northern trains", "transpennine",
    "avanti west coast", "trainline", "premier inn", "travelodge", "holiday inn", "ikea",
    "dunelm", "halfords", "kwik fit", "specsavers", "barclays", "natwest", "hsbc", "santander",
    "nationwide building", "allpay", "paypal", "mastercard", "american express", "zurich",
    "aviva", "royal london", "legal & general", "rspca", "rspb", "nspcc", "oxfam",
    "action for children", "st john ambulance", "british red cross", "macmillan",
    "marie curie", "turning point", "change grow live", "the children's society",
    "childrens society", "adobe", "ricoh", "konica minolta", "xerox", "bunzl", "lyreco",
    "costco", "bidfood", "nisbets", "mcdonalds", "starbucks", "manchester airport",
    "manchester city football", "manchester united football", "everyone active",
    "places for people", "jigsaw homes", "one manchester", "great places", "together housing",
    "speedy hire", "hss hire", "city electrical factors", "rexel", "wolseley", "plumb center",
    "totalenergies", "ringway", "aggregate industries", "thyssenkrupp", "civica", "idox",
    "liquidlogic", "softcat", "computacenter", "jisc", "michael page", "daisy corporate services",
    "kier", "nacro", "refugee action", "family action", "centrepoint", "age concern",
    "leonard cheshire", "prudential", "gazprom", "aecom", "kcom", "ee / orange", "humankind",
    "making space", "turner & townsend", "bruntwood", "liberata", "fieldfisher", "sense",
    "autism initiatives", "macintyre", "home-start", "booking.com",
)  # fmt: skip


# Institutions often named after a person ("Mary Hare School",
# "Luther King House Educational Trust"): ending in one of these words overrules the person veto
# ("Liam Doe School Improvement" does not end in one).
_NAMED_INSTITUTION = re.compile(
    r"(?<![\w'’])(foundation|trust|centre|center|memorial|hospice|church|academy|college|"
    r"university|school|nursery|club|board|nhs|council|society|association|nursing home|"
    r"care home|residential home|rest home)\W*$",
    re.IGNORECASE,
)
# Only these endings overrule a title: none of them is a common surname ("Dr Jo Chambers").
_TITLED_INSTITUTION = re.compile(
    r"(?<![\w'’])(school|college|academy|university|trust|foundation|hospice|nhs)\W*$", re.I
)
_INITIALS = re.compile(r"^(?:[A-Z]\.?\s+){1,3}[A-Za-z]")

# Forename lists of the locales most common among UK suppliers' owners, from Faker (MIT). Used
# only to withhold MORE (a forename before a business word); never as evidence to show a name.
_FORENAME_LOCALES = (
    "en_GB", "en_US", "en_IE", "en_IN", "en_NZ", "ga_IE", "fr_FR", "de_DE", "es_ES", "it_IT",
    "pl_PL", "pt_PT", "nl_NL", "ro_RO", "lt_LT", "hu_HU", "cs_CZ", "el_GR", "tr_TR", "ar_AA",
    "fa_IR", "hi_IN", "bn_BD", "ne_NP", "yo_NG", "zu_ZA", "tw_GH", "zh_CN", "vi_VN", "ko_KR",
)  # fmt: skip


@cache
def forenames() -> frozenset[str]:
    """Lower-case forenames (ASCII spellings) pooled from Faker's person providers."""
    names: set[str] = set()
    for locale in _FORENAME_LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in ("first_names", "first_names_male", "first_names_female"):
            values = getattr(provider, attr, ())
            names.update(n.lower() for n in values if n.isascii() and n.isalpha())
    return frozenset(names)


def _person_prefix(text: str) -> str:
    """'Stephen Hadley …' or 'J A …': the name opens like a person's; '' otherwise."""
    m = _INITIALS.match(text)
    if m:
        return m.group(0)[:-1].strip()
    tokens = text.split()
    if (
        len(tokens) >= 3
        and tokens[0].lower() in forenames()
        and tokens[1][:1].isupper()
        and not _ORG_WORD.fullmatch(tokens[1])
    ):
        return " ".join(tokens[:2])
    return ""


def org_key(name: str) -> str:
    """Lower-case, accents folded, punctuation to spaces, one space: the key known-name sets use."""
    text = unicodedata.normalize("NFKD", str(name).replace("’", "'")).lower()
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w&']+", " ", text)
    return " ".join(text.split())


_WELL_KNOWN_KEYS = sorted({org_key(n) for n in WELL_KNOWN}, key=len, reverse=True)
_WELL_KNOWN = re.compile(
    r"^(the\s+)?(" + "|".join(re.escape(k) for k in _WELL_KNOWN_KEYS) + r")(\s|$)"
)


def number_key(value: object) -> str | None:
    """A company number (8 characters, 'SC123456' or '03350709') or charity number (6–7 digits,
    '1089464' or '1089464-1'), normalised; None for blanks, 'N/A', zeros and other junk."""
    if value is None or (isinstance(value, float) and value != value):
        return None
    text = re.sub(r"\s+", "", str(value)).upper()
    if text.endswith(".0"):  # a number read as float by a spreadsheet
        text = text[:-2]
    if re.fullmatch(r"[A-Z]{2}\d{6}", text):
        return text
    if re.fullmatch(r"\d{1,8}", text) and int(text) > 0:
        return text.zfill(8) if len(text) != 7 and len(text) != 6 else text
    if re.fullmatch(r"\d{6,7}-\d{1,2}", text):
        return text
    return None


def _known(name: str, numbers: tuple[str, ...], known: KnownOrganisations | None) -> str:
    if known is None:
        return ""
    if callable(known):
        hits = [n for n in (name, *numbers) if known(n)]
    else:
        hits = [n for n in (org_key(name), *numbers) if n in known]
    return hits[0] if hits else ""


def _opens_like_person(text: str) -> bool:
    """'Jane Smith', 'J Smith', 'Jane Smith Plumbing': a forename or initials first."""
    tokens = text.split()
    return bool(_INITIALS.match(text) or (tokens and tokens[0].lower() in forenames()))


def decide(
    name: object,
    numbers: tuple[str, ...] = (),
    known: KnownOrganisations | None = None,
    org_purpose: str = "",
) -> Decision:
    """May `name` be shown publicly? Only with positive evidence that it is an organisation.

    `numbers` are valid company/charity numbers from the row (see number_key); `org_purpose` is a
    purpose only an organisation can be paid, found on most of the name's rows
    (geo.spend.orgpurpose). Order matters: the source's own marker, then the signs of a person
    (T/A, C/O, a title) unless a legal form shows a registered body, then each kind of evidence;
    anything else is redacted as unverified.
    """
    if not isinstance(name, str) or not name.strip():
        return Decision(False, "no name")
    text = " ".join(name.split())
    if is_source_marker(text):
        return Decision(False, "source redaction marker", text)
    legal = LEGAL_FORM.search(text) or (len(text) >= 30 and _TRUNCATED_FORM.search(text))
    sole = SOLE_TRADER.search(text)
    if sole:
        # "Praledean Ltd T/A Ken Fosters", "Abbey Multi Academy Trust T/A Lightcliffe Academy":
        # an organisation trading under another name. Otherwise the trader is a person.
        before = decide(text[: sole.start()].strip(" -,("), numbers, known)
        if before.show:
            return before
        # Not "Jane Doe T/A Property Base Ltd" either: a person trading under a company-like
        # name is still a person (labelled so in the Trafford sample), so a form after T/A is no
        # evidence ("One Medicare T/A One Primary Care LLP" stays withheld, whatever One
        # Medicare is, until its own name or a number says so).
        return Decision(False, "sole trader (T/A or C/O)", sole.group(0))
    title = TITLE.search(text)
    if title and not legal and not _TITLED_INSTITUTION.search(text):
        # "Sir John Deane's College", "Lady Lane Park School" keep their names; a titled person
        # does not end in an institution word.
        return Decision(False, "personal title", title.group(0))
    firm_only = legal and all(
        _FIRM.fullmatch(m.group(0).strip()) for m in LEGAL_FORM.finditer(text)
    )
    if firm_only and _person_prefix(text):
        # "Jane Smith & Co": "& Co" is a firm's style, not a registered form, and a person's name
        # before it is how a sole practitioner trades. A registered body has its own form.
        return Decision(False, "person's name with a business word", _person_prefix(text))
    if legal:
        return Decision(True, "legal form", legal.group(0).strip())
    if numbers:
        return Decision(True, "company or charity number", numbers[0])
    hit = _known(text, numbers, known)
    if hit:
        return Decision(True, "organisation index", hit)
    body = PUBLIC_BODY.search(text)
    if body:
        return Decision(True, "public body", body.group(0).strip())
    m = _WELL_KNOWN.match(org_key(text))
    if m:
        return Decision(True, "well-known organisation", m.group(2))
    word = _ORG_WORD.search(text)
    amb = _AMBIGUOUS.search(text)
    if amb and not (text[amb.end() :].strip() or _INSTITUTIONAL.search(text)):
        amb = None
    hit_word = word or amb
    if not hit_word:
        if org_purpose and not _opens_like_person(text):
            # "The Orchards" paid a school budget share: a school, though its name has no form word.
            return Decision(True, "organisation-only payment", org_purpose)
        return Decision(False, "no evidence")
    person = _person_prefix(text)
    if person and not _NAMED_INSTITUTION.search(text):
        # "Stephen Hadley Piano Services", "J A Doe Print Services": a person's name with a
        # business word is how sole traders name themselves, not evidence of an organisation.
        return Decision(False, "person's name with a business word", person)
    return Decision(True, "organisation word", hit_word.group(0))
