"""Country names, demonyms and inflected forms in several languages mapped to ISO 3166-1."""

from __future__ import annotations

import gettext
import re
from dataclasses import dataclass, field
from functools import lru_cache

import pycountry
from pydantic import BaseModel, ConfigDict

from summarizer.normalize._country_data import (
    AUTO_STOPLIST,
    BLOCKED_PHRASES,
    HAND_ALIASES,
    SHORT_NAMES,
)
from summarizer.normalize._text import TURKISH_SUFFIXES, fold, fold_with_offsets, source_span


class Country(BaseModel):
    """A country: ISO 3166-1 alpha-2 code and common English short name."""

    model_config = ConfigDict(frozen=True)

    code: str
    name: str


class CountryMention(BaseModel):
    """A country found in text; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    country: Country
    start: int
    end: int
    surface: str


# Languages whose pycountry catalogs feed the alias table, and the tag each one's names get.
_PYCOUNTRY_LANGS: dict[str, str] = {
    "tr": "tr",
    "az": "tr",
    "de": "de",
    "ru": "ru",
    "fr": "fr",
    "es": "es",
    "ar": "ar",
}


def _ru_forms(word: str) -> set[str]:
    # Decline a Russian country name from its nominative ending; good enough for names,
    # which are nearly all regular nouns.
    w = word
    if w.endswith("ия"):
        return {w[:-1] + e for e in ("я", "и", "ю", "ей", "ею", "е")}
    if w.endswith("а"):
        return {w[:-1] + e for e in ("а", "ы", "и", "е", "у", "ой", "ою")}
    if w.endswith("ь"):
        return {w[:-1] + e for e in ("ь", "и", "ью")}
    if w.endswith("й"):
        return {w[:-1] + e for e in ("й", "я", "ю", "ем", "е")}
    if w.endswith("ы"):
        return {w[:-1] + e for e in ("ы", "ов", "ам", "ами", "ах")}
    if w[-1:] in "оеиуэю":
        return {w}
    return {w + e for e in ("", "а", "у", "ом", "е")}


_RU_ADJ_ENDINGS = (
    "ий",
    "ый",
    "ая",
    "ое",
    "ие",
    "ые",
    "ого",
    "ому",
    "ой",
    "ую",
    "им",
    "ым",
    "ом",
    "их",
    "ых",
    "ими",
    "ыми",
    "ою",
)
_SUFFIXES: dict[str, frozenset[str]] = {
    "en": frozenset({""}),
    "adj": frozenset({"", "s"}),
    "tr": TURKISH_SUFFIXES,
    "de": frozenset({"", "s", "es"}),
    "dea": frozenset({"", "e", "en", "er", "es", "em"}),
    "ded": frozenset({"", "e", "en", "in", "innen", "n"}),
    "ru": frozenset({""}),
    "rux": frozenset({""}),
    "rua": frozenset(fold(e) for e in _RU_ADJ_ENDINGS),
    "fr": frozenset({""}),
    "fra": frozenset({"", "s"}),
    "es": frozenset({"", "s"}),
    "esa": frozenset({"", "s", "es"}),
    "ar": frozenset({""}),
    "ara": frozenset({"", "ه", "ين", "ون", "ان"}),
}
# Adjectives in German, Russian, French and Spanish are written lower-case; names are not.
_PROPER_TAGS = frozenset({"en", "adj", "tr", "de", "ded", "ru", "rux", "fr", "es"})

_ELISIONS = frozenset({"l", "d", "qu", "lorsqu", "jusqu", "puisqu", "j", "n", "s", "c", "m", "t"})
_ARTICLES = frozenset(
    {"the", "la", "le", "les", "el", "los", "las", "der", "die", "das", "den", "dem", "des", "of"}
)
_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_GAP = re.compile(r"[\s-]{1,3}")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_MIN_STEM = 3


@dataclass(frozen=True)
class _Entry:
    code: str  # "" for a blocked phrase
    suffixes: frozenset[str]
    proper: bool


@dataclass
class _Tables:
    stems: dict[str, list[_Entry]] = field(default_factory=dict)
    phrases: dict[str, _Entry] = field(default_factory=dict)
    first_words: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    max_words: int = 1
    exact: dict[str, str] = field(default_factory=dict)
    exact_re: re.Pattern[str] | None = None
    countries: dict[str, Country] = field(default_factory=dict)


def _key(alias: str) -> str:
    return " ".join(fold(alias).replace("-", " ").split())


def _add(
    tables: _Tables, alias: str, code: str, tag: str, *, hand: bool, owners: dict[str, set[str]]
) -> None:
    forms = _ru_forms(alias) if tag == "ru" and " " not in alias else {alias}
    suffixes = _SUFFIXES[tag]
    proper = tag in _PROPER_TAGS
    for form in forms:
        key = _key(form)
        if not key or (not hand and (len(key) < 4 or key in AUTO_STOPLIST)):
            continue
        owners.setdefault(key, set()).add(code)
        entry = _Entry(code, suffixes, proper)
        if " " in key:
            if hand or key not in tables.phrases:
                tables.phrases[key] = entry
            continue
        bucket = tables.stems.setdefault(key, [])
        if hand:
            bucket.insert(0, entry)
        else:
            bucket.append(entry)


def _auto_names(country: object) -> list[str]:
    names = []
    for attr in ("name", "common_name", "official_name"):
        value = getattr(country, attr, None)
        if value:
            names.append(value)
    return names


def _clean(name: str) -> str:
    # "Iran, Islamic Republic of" -> "Iran"; "Holy See (Vatican City State)" -> "Holy See".
    name = re.sub(r"\s*\(.*?\)", "", name)
    return re.split(r"[,،]", name)[0].strip()


@lru_cache(maxsize=1)
def _tables() -> _Tables:
    tables = _Tables()
    hand_owners: dict[str, set[str]] = {}
    auto_owners: dict[str, set[str]] = {}
    for c in pycountry.countries:
        name = SHORT_NAMES.get(c.alpha_2) or getattr(c, "common_name", None) or c.name
        tables.countries[c.alpha_2] = Country(code=c.alpha_2, name=name)

    for code, groups in HAND_ALIASES.items():
        for tag, aliases in groups.items():
            for alias in aliases.split("|"):
                if tag == "x":
                    tables.exact[alias] = code
                else:
                    _add(tables, alias, code, tag, hand=True, owners=hand_owners)

    auto = _Tables()
    for c in pycountry.countries:
        for raw in _auto_names(c):
            _add(auto, _clean(raw), c.alpha_2, "en", hand=False, owners=auto_owners)
    for lang, tag in _PYCOUNTRY_LANGS.items():
        try:
            catalog = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang])
        except OSError:
            continue
        for c in pycountry.countries:
            for raw in _auto_names(c):
                translated = catalog.gettext(raw)
                if translated == raw:
                    continue  # untranslated: already covered as English
                _add(auto, _clean(translated), c.alpha_2, tag, hand=False, owners=auto_owners)
    # Auto names shared by two countries ("Korea", "Congo") are dropped; hand aliases win.
    for key, entries in auto.stems.items():
        if len(auto_owners.get(key, ())) > 1 or key in hand_owners:
            continue
        tables.stems.setdefault(key, []).extend(entries)
    for key, entry in auto.phrases.items():
        if len(auto_owners.get(key, ())) > 1 or key in tables.phrases:
            continue
        tables.phrases[key] = entry

    tables.prefixes = {stem[:_MIN_STEM] for stem in tables.stems}
    for phrase in BLOCKED_PHRASES:
        tables.phrases[_key(phrase)] = _Entry("", frozenset({""}), False)
    for key in tables.phrases:
        words = key.split()
        tables.first_words.add(words[0])
        tables.max_words = max(tables.max_words, len(words))
    exact = sorted(tables.exact, key=len, reverse=True)
    tables.exact_re = re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(e) for e in exact) + r")(?:['’][^\W\d_]+)?(?!\w)"
    )
    return tables


@dataclass(frozen=True)
class _Tok:
    start: int  # folded offsets
    end: int
    base_start: int
    base: str
    has_tail: bool


def _tokens(folded: str) -> list[_Tok]:
    out = []
    for m in _TOKEN.finditer(folded):
        parts = m.group().split("'")
        base_start = m.start()
        if len(parts) > 1 and parts[0] in _ELISIONS:
            base_start += len(parts[0]) + 1
            parts = parts[1:]
        out.append(_Tok(m.start(), m.end(), base_start, parts[0], len(parts) > 1))
    return out


def _arabic_variants(word: str) -> list[str]:
    # Arabic writes "and", "in", "to", "the" as clitics glued to the noun: وروسيا, لروسيا.
    variants = [word]
    if len(word) > 3 and word[0] in "وفبلك":
        variants.append(word[1:])
    for v in list(variants):
        if v.startswith("لل") and len(v) > 3:
            variants.append("ال" + v[2:])
        if v.startswith("ال") and len(v) > 3:
            variants.append(v[2:])
    return variants


def _lookup_word(tables: _Tables, word: str, source_initial: str, strict_case: bool) -> str | None:
    candidates = _arabic_variants(word) if _ARABIC.match(word) else [word]
    for cand in candidates:
        if cand[:_MIN_STEM] not in tables.prefixes:
            continue
        for cut in range(len(cand), _MIN_STEM - 1, -1):
            entries = tables.stems.get(cand[:cut])
            if not entries:
                continue
            rest = cand[cut:]
            for e in entries:
                if rest in e.suffixes and not (
                    strict_case and e.proper and source_initial.islower()
                ):
                    return e.code
    return None


@dataclass(frozen=True)
class _Hit:
    code: str
    start: int  # source offsets
    end: int
    first_tok: int
    last_tok: int


def _scan(text: str, *, strict_case: bool) -> list[_Hit]:
    tables = _tables()
    hits: list[_Hit] = []
    taken = bytearray(len(text) + 1)  # source positions already claimed by an abbreviation
    assert tables.exact_re is not None
    for m in tables.exact_re.finditer(text):
        alias = re.split(r"['’]", m.group())[0]
        hits.append(_Hit(tables.exact[alias], m.start(), m.end(), -1, -1))
        taken[m.start() : m.end()] = b"\x01" * (m.end() - m.start())

    folded, offsets = fold_with_offsets(text)
    toks = _tokens(folded)
    i = 0
    n_toks = len(toks)
    while i < n_toks:
        tok = toks[i]
        src_start, src_end = source_span(offsets, tok.base_start, tok.end)
        if taken[src_start] or taken[src_end - 1]:
            i += 1
            continue
        initial = text[src_start]
        consumed = 0
        if tok.base in tables.first_words and not tok.has_tail:
            words = [tok.base]
            for j in range(i + 1, min(n_toks, i + tables.max_words)):
                prev, nxt = toks[j - 1], toks[j]
                if (
                    prev.has_tail
                    or nxt.base_start != nxt.start
                    or not _GAP.fullmatch(folded, prev.end, nxt.start)
                ):
                    break
                words.append(nxt.base)
            for n in range(len(words), 1, -1):
                entry = tables.phrases.get(" ".join(words[:n]))
                if entry is None:
                    continue
                if strict_case and entry.proper and initial.islower():
                    continue
                end = source_span(offsets, tok.base_start, toks[i + n - 1].end)[1]
                if entry.code:
                    hits.append(_Hit(entry.code, src_start, end, i, i + n - 1))
                consumed = n
                break
        if not consumed:
            code = _lookup_word(tables, tok.base, initial, strict_case)
            if code:
                hits.append(_Hit(code, src_start, src_end, i, i))
            consumed = 1
        i += consumed
    hits.sort(key=lambda h: h.start)
    return hits


def find_countries(text: str) -> list[CountryMention]:
    """Find every country name, demonym or adjective in free text, in order of appearance."""
    tables = _tables()
    return [
        CountryMention(
            country=tables.countries[h.code],
            start=h.start,
            end=h.end,
            surface=text[h.start : h.end],
        )
        for h in _scan(text, strict_case=True)
        if h.code in tables.countries
    ]


_QUOTES = "\"'“”«»„‘’‹›`´ \t\r\n."


def resolve_country(text: str) -> Country | None:
    """Map one country name, demonym, adjective or ISO code (any language) to a Country."""
    tables = _tables()
    s = text.strip(_QUOTES)
    if not s:
        return None
    if re.fullmatch(r"[A-Za-z]{2,3}", s):
        iso = (
            pycountry.countries.get(alpha_2=s.upper())
            if len(s) == 2
            else pycountry.countries.get(alpha_3=s.upper())
        )
        if iso is not None:
            return tables.countries.get(iso.alpha_2)
    for alias, code in tables.exact.items():
        if s.casefold() == alias.casefold():
            return tables.countries.get(code)
    toks = _tokens(fold(s))
    content = [k for k, t in enumerate(toks) if t.base not in _ARTICLES]
    if not content:
        return None
    hits = [h for h in _scan(s, strict_case=False) if h.first_tok >= 0]
    covered = {k for h in hits for k in range(h.first_tok, h.last_tok + 1)}
    # A compound such as "Rus-Türk" resolves to its first country.
    if hits and covered.issuperset(content):
        return tables.countries.get(hits[0].code)
    return None


def country_by_code(code: str) -> Country | None:
    """Look up a Country by ISO 3166-1 alpha-2 or alpha-3 code."""
    return resolve_country(code) if re.fullmatch(r"[A-Za-z]{2,3}", code.strip()) else None


# Seats of government that stand for their country when a model names a party by its capital
# ("supplier: Moscow"). Not used on article text, where a capital is often just a place.
_CAPITALS = {
    "RU": "moscow moskova moskau moscou moscu москва موسكو kremlin кремль الكرملين",
    "UA": "kyiv kiev kiew kijiw киев київ كييف",
    "TR": "ankara анкара أنقرة",
    "US": "washington vaşington vasington вашингтон واشنطن pentagon pentagone пентагон",
    "CN": "beijing pekin peking pékin pekín пекин بكين",
    "IR": "tehran tahran teheran téhéran teherán тегеран طهران",
    "DE": "berlin берлин برلين",
    "FR": "paris париж باريس elysee élysée",
    "GB": "london londra londres лондон لندن",
    "IN": "delhi new-delhi neu-delhi нью-дели نيودلهي",
    "BY": "minsk минск مينسك",
    "AZ": "baku bakü bakı баку باكو",
    "AM": "yerevan erivan eriwan erevan ереван يريفان",
    "PK": "islamabad исламабад إسلام-آباد",
    "EG": "cairo kahire kairo caire cairo каир القاهرة",
    "SA": "riyadh riyad эр-рияд الرياض",
    "IL": "jerusalem tel-aviv иерусалим القدس",
    "PL": "warsaw varşova warschau varsovie varsovia варшава وارسو",
    "SY": "damascus şam damaskus damas damasco дамаск دمشق",
    "ID": "jakarta cakarta джакарта جاكرتا",
    "DK": "copenhagen kopenhag kopenhagen copenhague copenhague копенгаген",
    "SE": "stockholm estocolmo стокгольм",
    "KR": "seoul сеул سيول",
    "JP": "tokyo токио طوكيو",
    "ES": "madrid мадрид مدريد",
    "IT": "rome roma rom рим روما",
    "KZ": "astana астана",
    "GR": "athens atina athen athènes atenas афины",
    "VN": "hanoi hanoï ханой هانوي",
    "DZ": "algiers alger argel cezayir алжир",
    "VE": "caracas каракас كاراكاس",
    "MM": "naypyidaw нейпьидо",
    "ML": "bamako бамако",
    "AE": "abu-dhabi abou-dabi абу-даби أبوظبي",
    "BR": "brasília brasilia бразилиа",
    "AR": "buenos-aires буэнос-айрес",
    "TH": "bangkok бангкок",
    "PH": "manila манила",
    "QA": "doha доха الدوحة",
    "IQ": "baghdad bagdat bagdad багдад بغداد",
    "JO": "amman амман عمان",
    "LB": "beirut beyrut beyrouth бейрут بيروت",
    "MA": "rabat рабат الرباط",
    "NG": "abuja абуджа",
    "ZA": "pretoria претория",
    "KP": "pyongyang pjöngjang pyongyang пхеньян بيونغ-يانغ",
    "TW": "taipei taipeh тайбэй",
    "UZ": "tashkent taşkent taschkent ташкент",
    "KG": "bishkek bişkek бишкек",
    "AF": "kabul кабул كابول",
    "RS": "belgrade belgrad belgrado белград",
    "RO": "bucharest bükreş bukarest bucarest бухарест",
    "HU": "budapest будапешт",
    "CZ": "prague prag praga прага",
    "FI": "helsinki хельсинки",
    "NO": "oslo осло",
    "GE": "tbilisi tiflis тбилиси",
    "CO": "bogotá bogota богота",
    "CA": "ottawa оттава",
    "AU": "canberra канберра",
    "LT": "vilnius вильнюс",
    "LV": "riga рига",
    "EE": "tallinn таллин",
    "MD": "chisinau kişinev chişinău кишинёв кишинев",
}
_CAPITAL_INDEX = {name: code for code, names in _CAPITALS.items() for name in names.split()}
# Russian puts a capital in other cases ("в Москве", "из Киева", "в Ханое"): compared by
# stem, one or two letters off either form.
_CYRILLIC_WORD = re.compile("[а-яё]")
_CAPITAL_STEMS = {
    name[: len(name) - cut]: code
    for name, code in _CAPITAL_INDEX.items()
    if _CYRILLIC_WORD.search(name)
    for cut in (0, 1, 2)
    if len(name) - cut >= 4
}


def resolve_capital(name: str) -> Country | None:
    """The country whose capital (or seat: Kremlin, Pentagon) a name is, in any listed spelling."""
    key = "-".join(name.casefold().replace("new ", "new-").split())
    code = _CAPITAL_INDEX.get(key) or _CAPITAL_INDEX.get(key.split("-")[-1])
    for cut in (1, 2):
        if code is None and _CYRILLIC_WORD.search(key) and len(key) - cut >= 4:
            code = _CAPITAL_STEMS.get(key[: len(key) - cut])
    return country_by_code(code) if code else None
