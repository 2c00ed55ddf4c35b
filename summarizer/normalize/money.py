"""Money amounts and plain quantities with local separators, multiplier words and currencies."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict, Field

from summarizer.normalize._text import TURKISH_SUFFIXES, fold, fold_with_offsets, source_span


class Money(BaseModel):
    """An amount of money in one ISO 4217 currency."""

    model_config = ConfigDict(frozen=True)

    amount: float
    currency: str = Field(pattern=r"^[A-Z]{3}$")


class MoneyMention(BaseModel):
    """An amount of money found in text; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    money: Money
    start: int
    end: int
    surface: str


# Multiplier words (folded) -> (factor, English?). English words decide the separator
# convention: "1,500 million" is 1500 million, "1,5 milyar" is 1.5 milliard.
_MULTIPLIERS: dict[str, tuple[float, bool]] = {}
for _words, _factor, _english in (
    ("thousand|thousands|k", 1e3, True),
    ("bin|tausend|tsd|тыс|тысяч|тысячи|тысяча|mille|mil|min|الف|الاف", 1e3, False),
    ("million|millions|mn|mln|m|mm", 1e6, True),
    (
        "milyon|mio|millionen|million|миллион|миллиона|миллионов|millon|millones|مليون|ملايين|млн",
        1e6,
        False,
    ),
    ("billion|billions|bn|b|bln", 1e9, True),
    (
        "milyar|milyard|mrd|milliarde|milliarden|milliard|milliards|млрд|миллиард|миллиарда"
        "|миллиардов|mil millones|مليار|مليارات",
        1e9,
        False,
    ),
    ("trillion|trillions|tn", 1e12, True),
    ("trilyon|billionen|триллион|триллиона|триллионов|billon|billones|تريليون", 1e12, False),
):
    for _w in _words.split("|"):
        _MULTIPLIERS.setdefault(fold(_w), (_factor, _english))
# "million" is also French/German; listing it English first keeps it English (dot decimal).

# Turkish/Azerbaijani multiplier and currency words take case suffixes and "-lık" ("worth").
_TR_MONEY_SUFFIXES = TURKISH_SUFFIXES | {
    pre + s for pre in ("lik", "luk", "lig", "lug") for s in TURKISH_SUFFIXES
}
_TR_WORDS = frozenset({"bin", "milyon", "milyar", "milyard", "trilyon", "min"})
_RU_ENDINGS = frozenset(
    fold(e) for e in ("", "а", "ов", "ы", "ам", "ами", "ах", "е", "у", "ом", "я", "ей", "и", "ь")
)

# Currency words after an amount: folded stem -> (ISO code, suffix class).
_CURRENCY_WORDS: dict[str, tuple[str, str]] = {}
for _code, _spec in {
    "USD": "dollar:en|dolar:tr|dolares:x|доллар:ru|دولار:x|دولارات:x|us-dollar:en|usd:x",
    "EUR": "euro:en|avro:tr|евро:x|يورو:x|eur:x",
    "GBP": "sterling:x|sterlin:tr|pound sterling:x|pounds sterling:x|pfund sterling:x"
    "|фунтов стерлингов:x|фунта стерлингов:x|фунт стерлингов:x|gbp:x",
    "TRY": "tl:tr|lira:tr|liras:x|турецких лир:x|турецкой лиры:x|try:x",
    "RUB": "ruble:en|rouble:en|rubel:x|rubl:tr|рубл:ru|руб:x|روبل:x|rub:x",
    "AZN": "manat:tr|манат:ru|azn:x",
    "CNY": "yuan:x|юан:ru|cny:x",
    "JPY": "yen:x|иен:x|йен:x|jpy:x",
    "UAH": "hryvnia:en|hryvnias:x|hryvnya:en|grivna:en|гривн:ru|гривен:x|uah:x",
    "INR": "rupee:en|rupi:tr|inr:x",
    "ILS": "shekel:en|sekel:tr|ils:x",
    "SAR": "riyal:en|sar:x",
    "IRR": "rial:en|irr:x",
    "AED": "dirham:en|aed:x",
    "CHF": "franken:x|swiss franc:en|chf:x",
    "BYN": "byn:x",
    "KZT": "tenge:x|kzt:x",
    "CAD": "cad:x",
    "AUD": "aud:x",
}.items():
    for _item in _spec.split("|"):
        _word, _cls = _item.rsplit(":", 1)
        _CURRENCY_WORDS[fold(_word)] = (_code, _cls)
_CODES = frozenset(k for k, (_c, cls) in _CURRENCY_WORDS.items() if re.fullmatch(r"[a-z]{3}", k))
_CURRENCY_SUFFIXES: dict[str, frozenset[str]] = {
    "en": frozenset({"", "s", "es"}),
    "tr": _TR_MONEY_SUFFIXES,
    "ru": _RU_ENDINGS,
    "x": frozenset({""}),
}
# Symbols may stand before or after the amount.
_SYMBOLS: dict[str, str] = {
    "us$": "USD",
    "a$": "AUD",
    "c$": "CAD",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₺": "TRY",
    "₽": "RUB",
    "₼": "AZN",
    "₴": "UAH",
    "₹": "INR",
    "₪": "ILS",
}
# Words qualifying a currency word ("ABD doları", "Canadian dollars").
_QUALIFIERS: dict[str, dict[str, str]] = {
    "abd": {},
    "us": {},
    "amerikan": {},
    "american": {},
    "американских": {},
    "turk": {},
    "turkish": {},
    "canadian": {"USD": "CAD"},
    "kanada": {"USD": "CAD"},
    "australian": {"USD": "AUD"},
    "avustralya": {"USD": "AUD"},
    "belarusian": {"RUB": "BYN"},
    "белорусских": {"RUB": "BYN"},
    "saudi": {},
    "iranian": {"SAR": "IRR"},
}

_NUM = (
    r"(?<![\d.,])(?:\d{1,3}(?:(?:[.,]|\s(?=\d{3}(?!\d)))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    r"(?![.,]?\d)"
)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    mult = rf"(?P<mult>{_alt(list(_MULTIPLIERS))})(?P<ms>[^\W\d_]*)(?P<mdot>\.)?"
    cur_words = _alt(list(_CURRENCY_WORDS) + list(_SYMBOLS))
    quals = _alt(list(_QUALIFIERS))
    prefix = re.compile(
        rf"(?<![^\W\d_])(?P<pre>{_alt(list(_SYMBOLS))}|{_alt(list(_CODES))})"
        rf"\s?(?P<num>{_NUM})(?:(?P<msp>\s?){mult})?"
    )
    suffix = re.compile(
        rf"(?P<num>{_NUM})(?:(?P<msp>\s?){mult})?\s*(?:(?:de|of)\s+|d')?"
        rf"(?:(?P<qual>{quals})[\s-])?(?P<cur>{cur_words})(?P<cs>[^\W\d_]*)"
    )
    number = re.compile(rf"(?P<num>{_NUM}|(?P<word>[^\W\d_]+))(?:(?P<msp>\s?){mult})?")
    return prefix, suffix, number


def _to_float(raw: str, *, decimal_comma: bool | None) -> float | None:
    s = re.sub(r"\s", "", raw)
    commas, dots = s.count(","), s.count(".")
    if commas and dots:
        dec = "," if s.rfind(",") > s.rfind(".") else "."
        s = s.replace("." if dec == "," else ",", "").replace(dec, ".")
    elif commas + dots == 1:
        sep = "," if commas else "."
        head, tail = s.split(sep)
        if len(tail) == 3 and head != "0":
            # "1,500"/"1.500": thousands unless the context says the separator is a decimal.
            is_decimal = decimal_comma == (sep == ",") if decimal_comma is not None else False
        else:
            is_decimal = True
        s = head + ("." if is_decimal else "") + tail
    elif commas > 1 or dots > 1:
        s = s.replace(",", "").replace(".", "")
    try:
        return float(s)
    except ValueError:
        return None


def _multiplier(m: re.Match[str]) -> tuple[float, bool | None] | None:
    """Factor and English-ness of the matched multiplier; None if the match is not one."""
    word = m["mult"]
    if word is None:
        return 1.0, None
    suffix = m["ms"]
    if suffix and not (word in _TR_WORDS and suffix.lstrip("'") in _TR_MONEY_SUFFIXES):
        return None
    factor, english = _MULTIPLIERS[word]
    # Single letters ("300m", "2bn") only count glued to the number.
    if len(word) <= 2 and m["msp"]:
        return None
    return factor, english


def _amount(m: re.Match[str], mult: tuple[float, bool | None], symbol_first: bool) -> float | None:
    factor, english = mult
    if english is None and symbol_first:
        english = True
    decimal_comma = None if english is None or factor == 1.0 else not english
    value = _to_float(m["num"], decimal_comma=decimal_comma)
    return None if value is None else value * factor


def _currency_after(m: re.Match[str], source: str) -> str | None:
    word, suffix = m["cur"], m["cs"]
    if word in _SYMBOLS:
        code = _SYMBOLS[word] if not suffix else None
    else:
        code, cls = _CURRENCY_WORDS[word]
        if suffix.lstrip("'") not in _CURRENCY_SUFFIXES[cls]:
            return None
        if word in _CODES and not source.isupper():
            return None  # "try", "rub", "sar" are words unless written as codes
    if code and m["qual"]:
        code = _QUALIFIERS[m["qual"]].get(code, code)
    return code


def find_money(text: str) -> list[MoneyMention]:
    """Find all amounts of money in text, with currency resolved to ISO 4217."""
    folded, offsets = fold_with_offsets(text)
    prefix, suffix, _ = _patterns()
    hits: list[tuple[int, int, Money]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= hs or he <= s for hs, he, _ in hits)

    for m in prefix.finditer(folded):
        pre = m["pre"]
        src = text[slice(*source_span(offsets, m.start("pre"), m.end("pre")))]
        if pre in _CODES and not src.isupper():
            continue
        mult = _multiplier(m)
        if mult is None:
            # Keep the amount, drop the bogus multiplier ("$5 mit" is just $5).
            end = m.end("num")
            amount = _to_float(m["num"], decimal_comma=False)
        else:
            end = m.end()
            amount = _amount(m, mult, symbol_first=True)
        code = _SYMBOLS.get(pre) or pre.upper()
        if amount is not None and free(m.start(), end):
            hits.append((m.start(), end, Money(amount=amount, currency=code)))
    for m in suffix.finditer(folded):
        mult = _multiplier(m)
        if mult is None:
            continue
        src = text[slice(*source_span(offsets, m.start("cur"), m.end("cur")))]
        code = _currency_after(m, src)
        amount = _amount(m, mult, symbol_first=False)
        if code and amount is not None and free(m.start(), m.end()):
            hits.append((m.start(), m.end(), Money(amount=amount, currency=code)))
    hits.sort(key=lambda h: h[0])
    out = []
    for s, e, money in hits:
        start, end = source_span(offsets, s, e)
        out.append(MoneyMention(money=money, start=start, end=end, surface=text[start:end]))
    return out


def parse_money(text: str) -> Money | None:
    """Parse the first amount of money in text; None if there is none."""
    found = find_money(text)
    return found[0].money if found else None


# Cardinal number words; words that are also common function words ("on", "un", "ein") are
# left out, and vague ones ("dozens", "onlarca", "Dutzende") are absent on purpose.
_NUMBER_WORDS: dict[str, int] = {}
for _value, _spec in enumerate(
    [
        "",
        "one|bir|eins|один|одна|uno",
        "two|iki|zwei|два|две|deux|dos",
        "three|üç|drei|три|trois|tres",
        "four|dört|dörd|vier|четыре|quatre|cuatro",
        "five|beş|fünf|пять|cinq|cinco",
        "six|altı|sechs|шесть|seis",
        "seven|yedi|yeddi|sieben|семь|siete",
        "eight|sekiz|səkkiz|acht|восемь|huit|ocho",
        "nine|dokuz|doqquz|neun|девять|neuf|nueve",
        "ten|zehn|десять|dix|diez",
        "eleven|elf|onbir|once",
        "twelve|zwölf|dozen|oniki|douze|doce",
    ]
):
    for _w in _spec.split("|"):
        if _w:
            _NUMBER_WORDS[fold(_w)] = _value
for _w, _value in {
    "twenty": 20,
    "yirmi": 20,
    "zwanzig": 20,
    "thirty": 30,
    "otuz": 30,
    "fifty": 50,
    "elli": 50,
    "hundred": 100,
    "yüz": 100,
    "hundert": 100,
    "сто": 100,
    "cent": 100,
    "cien": 100,
}.items():
    _NUMBER_WORDS[fold(_w)] = _value


# Oblique and feminine forms a count takes in a sentence ("двух фрегатов", "اثنين").
for _w, _value in {
    "двух": 2, "двум": 2, "трех": 3, "трёх": 3, "четырех": 4, "четырёх": 4, "пяти": 5,
    "шести": 6, "семи": 7, "восьми": 8, "девяти": 9, "десяти": 10, "двенадцать": 12,
    "двенадцати": 12, "dreißig": 30, "trente": 30, "treinta": 30, "cinquante": 50,
    "cincuenta": 50, "اثنين": 2, "اثنان": 2, "ثلاث": 3, "ثلاثة": 3, "أربع": 4, "أربعة": 4,
    "خمس": 5, "خمسة": 5, "ست": 6, "ستة": 6, "سبع": 7, "سبعة": 7, "ثماني": 8, "ثمانية": 8,
    "تسع": 9, "تسعة": 9, "عشر": 10, "عشرة": 10, "dos": 2, "deux": 2,
}.items():  # fmt: skip
    _NUMBER_WORDS[fold(_w)] = _value

_DIGITS = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,\u00a0 ]\d{3})+(?![\d])|\d+")
_WORD = re.compile(r"[^\W\d_]+")


def numbers_in(text: str) -> set[int]:
    """Whole numbers a text states, in digits ("1.680", "48") or in words ("zwei", "двух")."""
    found = {int(re.sub(r"\D", "", m.group())) for m in _DIGITS.finditer(text)}
    found |= {_NUMBER_WORDS[w] for w in _WORD.findall(fold(text)) if w in _NUMBER_WORDS}
    return found


def parse_number(text: str, *, decimal_comma: bool | None = None) -> float | None:
    """Parse a plain quantity ("1,5 Milliarden", "2.500", "iki", "zwei") into a float."""
    _, _, number = _patterns()
    for m in number.finditer(fold(text)):
        word = m["word"]
        if word is not None and word not in _NUMBER_WORDS:
            continue
        factor, english = _multiplier(m) or (1.0, None)
        if word is not None:
            return _NUMBER_WORDS[word] * factor
        dc = decimal_comma
        if dc is None and english is not None and factor != 1.0:
            dc = not english
        value = _to_float(m["num"], decimal_comma=dc)
        return None if value is None else value * factor
    return None
