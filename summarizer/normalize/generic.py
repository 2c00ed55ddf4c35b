"""Generic (non-designation) weapon words such as "drones", "Drohnen", "ракеты" in 8 languages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from summarizer.normalize._text import fold_char, fold_with_offsets, source_span
from summarizer.normalize.systems import Category


class GenericMention(BaseModel):
    """A generic weapon word found in text; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    label: str
    category: Category
    start: int
    end: int
    surface: str


# Arabic glues "and", "so", "with", "to", "like" and the article onto the noun: والصواريخ.
AR_PREFIX = "(?:[وفبلك]?ال|لل|[وفبلك])?"
_ARABIC_START = re.compile(r"[\u0600-\u06ff]")
_WORD_START = re.compile(r"(?<!\w)\w")


def word_starts(text: str) -> list[int]:
    """Offsets where a word begins; every pattern here starts on one."""
    return [m.start() for m in _WORD_START.finditer(text)]


def matches_at(pattern: re.Pattern[str], text: str, starts: list[int]) -> list[re.Match[str]]:
    """All matches of pattern beginning at the given word starts (possibly overlapping)."""
    # Trying only word starts is about twice as fast as finditer, whose leading lookbehind
    # defeats the regex engine's own first-character skipping.
    out = []
    for pos in starts:
        m = pattern.match(text, pos)
        if m is not None:
            out.append(m)
    return out


def fold_pattern(pattern: str) -> str:
    """Fold the literal characters of a regex the way text is folded, leaving escapes intact."""
    out: list[str] = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\" and i + 1 < len(pattern):
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(fold_char(ch))
        i += 1
    return "".join(out)


# label -> (category, alternatives). Alternatives are regexes over folded text (lower case, no
# accents, ı/İ -> i, ə -> e, ё -> е, й -> и, Arabic hamza seats and ta marbuta normalised); one
# starting with "=" is matched case-insensitively on the raw text instead, where an accent is
# the only clue (Spanish/Turkish "obús/obüs" is a howitzer, French "obus" a shell). Table order
# breaks ties between equally long matches, so specific labels come before broad ones.
_TABLE: list[tuple[str, Category, list[str]]] = [
    (
        "fighter jets",
        "aircraft",
        [
            r"fighter[- ](?:jets?|aircraft|planes?|bombers?)",
            r"jet fighters?",
            r"combat (?:aircraft|jets?|planes?)",
            r"warplanes?",
            r"savas uca[kg]\w*",
            r"qirici\w*",
            r"doyus teyyare\w*",
            r"kampfjets?",
            r"\w*kampfflugzeug\w*",
            r"\w*jagdflugzeug\w*",
            r"jagdbomber\w*",
            r"истребител\w*",
            r"боев\w* самолет\w*",
            r"avions? de (?:combat|chasse)",
            r"aviones? de combate",
            r"cazas(?: de combate)?",
            r"cazabombarderos?",
            r"طائر\w* (?:ال)?(?:مقاتل|حربي)\w*",
            r"مقاتل(?:ه|ات)",
        ],
    ),
    (
        "transport aircraft",
        "aircraft",
        [
            r"(?:military )?transport (?:aircraft|planes?|jets?)",
            r"airlifters?",
            r"cargo (?:aircraft|planes?)",
            r"(?:askeri )?nakliye uca[kg]\w*",
            r"\w*transportflugzeug\w*",
            r"transportmaschinen?",
            r"(?:военно-)?транспортн\w* самолет\w*",
            r"avions? de transport",
            r"aviones? de transporte",
            r"طائر\w* (?:ال)?نقل",
        ],
    ),
    (
        "air defence systems",
        "air_defence",
        [
            r"(?:air|missile)[- ]defen[cs]e(?: (?:missile )?(?:systems?|batter(?:y|ies)))?",
            r"anti-?aircraft (?:missiles?|systems?|guns?|weapons?|defen[cs]e)",
            r"surface-to-air missiles?(?: systems?)?",
            r"hava savunma\w*(?: (?:fuze )?sistem\w*)?",
            r"fuze savunma\w*(?: sistem\w*)?",
            r"hava hucumundan mudafie\w*(?: sistem\w*)?",
            r"\w*(?:luft|flug)abwehr\w*",
            r"\w*luftverteidigung\w*",
            r"\w*raketenabwehr\w*",
            r"пво",
            r"зрк",
            r"зрпк",
            r"систем\w* (?:противовоздушн\w* оборон\w*|пво)",
            r"противовоздушн\w* оборон\w*",
            r"зенитн\w* (?:ракетн\w* )?(?:комплекс|систем|установк)\w*",
            r"(?:systemes? de )?defense (?:sol-air|(?:anti-?)?aerienne)",
            r"(?:systemes?|batteries?|missiles?) (?:sol-air|antiaeriens?|antiaeriennes?)",
            r"(?:sistemas? de )?defensa (?:anti-?)?aerea",
            r"(?:sistemas?|baterias?|misiles?) (?:tierra-aire|antiaereos?|antiaereas?)",
            r"(?:منظوم\w* )?(?:ال)?دفاع (?:ال)?جوي\w*",
            r"صواريخ (?:ارض[- ]جو|مضاد\w* (?:لل)?طائرات)",
        ],
    ),
    (
        "drones",
        "drone",
        [
            r"drones?",
            r"uavs?",
            r"ucavs?",
            r"unmanned (?:combat )?(?:aerial|air) vehicles?",
            r"unmanned aircraft(?: systems?)?",
            r"loitering munitions?",
            r"s?iha(?:'[^\W\d_]+)?",
            r"insansiz hava arac\w*",
            r"pua(?:['-][^\W\d_]+)?",
            r"pilotsuz (?:ucan|ucus) aparat\w*",
            r"dron(?:lar|lari|larin|u|a)?",
            r"\w*drohnen?",
            r"беспилотник\w*",
            r"беспилотн\w* (?:летательн\w* )?аппарат\w*",
            r"дрон(?:ы|ов|ам|ами|ах|а|у|ом|е)?",
            r"бпла",
            r"бла",
            r"drones? kamikazes?",
            r"dron(?:es)?",
            r"طائر\w* (?:ال)?مسير\w*",
            r"طائر\w* (?:من )?(?:دون|بدون|بلا) طيار",
            r"مسيرات",
            r"درون\w*",
        ],
    ),
    (
        "armoured vehicles",
        "armoured_vehicle",
        [
            r"armou?red (?:vehicles?|personnel carriers?|cars?|fighting vehicles?|trucks?)",
            r"infantry fighting vehicles?",
            r"apcs?",
            r"ifvs?",
            r"zirhli (?:arac|personel tasiyici|muharebe arac)\w*",
            r"zirehli (?:texnika|masin|avtomobil|neqliyyat)\w*",
            r"\w*(?:schutzen|transport|rad|spah|berge|mannschaftstransport)panzer\w*",
            r"gepanzert\w* fahrzeug\w*",
            r"panzerfahrzeug\w*",
            r"\w*panzerwagen\w*",
            r"бронетехник\w*",
            r"бронемашин\w*",
            r"бронеавтомобил\w*",
            r"бтр(?:ы|ов)?",
            r"бмп",
            r"боев\w* машин\w* пехоты",
            r"vehicules? (?:blindes?|de combat d'infanterie)",
            r"blindes",
            r"vehiculos? blindados?",
            r"blindados",
            r"(?:(?:عربات?|عربه|مركبات?|مركبه|اليات?) )?(?:ال)?مدرع(?:ه|ات)",
        ],
    ),
    (
        "tanks",
        "armoured_vehicle",
        [
            r"main battle tanks?",
            # Not "think tank", "fuel tank", "anti-tank"; "tanker" never matches.
            r"(?<!think )(?<!fuel )(?<!water )(?<!oil )(?<!gas )(?<!storage )(?<!septic )"
            r"(?<!anti-)(?<!anti )tank(?:s|lar\w*|ler\w*|'[^\W\d_]+|i\w*|a)?",
            r"\w*kampfpanzer\w*",
            r"panzer(?:n|s)?",
            r"танк(?:и|ов|ам|ами|ах|а|у|ом|е)?",
            # French "char" alone is a chariot or a float: only military collocations count.
            r"chars? (?:d'assaut|de combat|de bataille|lourds?)",
            r"chars(?= (?:leclerc|leopard|abrams|challenger|merkava|t-?\d))",
            r"(?<=\d )chars",
            r"tanques?(?! de (?:combustible|agua|gasolina|almacenamiento))",
            r"دباب(?:ه|ات)",
        ],
    ),
    (
        "artillery",
        "artillery",
        [
            r"artillery(?: systems?| pieces?| guns?)?",
            r"howitzers?",
            r"(?:multiple[- ])?rocket launchers?",
            r"mlrs",
            r"topcu\w*",
            r"=ob[üú]s\w*",
            r"obuses",
            r"artilleriya\w*",
            r"haubitsa\w*",
            r"\w*artillerie\w*",
            r"\w*haubitze\w*",
            r"\w*raketenwerfer\w*",
            r"артиллери\w*",
            r"гаубиц\w*",
            r"рсзо",
            r"реактивн\w* систем\w* залпового огня",
            r"obusiers?",
            r"lance-roquettes?",
            r"artilleria",
            r"lanzacohetes",
            r"(?:ال)?مدفعي(?:ه)?",
            r"مدافع",
            r"هاوتزر",
            r"راجم(?:ه|ات) (?:ال)?صواريخ",
        ],
    ),
    (
        "missiles",
        "missile",
        [
            r"(?:anti-tank (?:guided )?)?missiles?(?: systems?)?",
            r"rockets?",
            r"fuze\w*(?: sistem\w*)?",
            r"roket\w*",
            r"raket(?:lar|ler)?\w*",
            r"\w*raketen?",
            r"\w*marschflugkorper\w*",
            r"\w*lenkflugkorper\w*",
            r"flugkorper\w*",
            r"ракет(?:а|ы|у|ой|е|ам|ами|ах)?",
            r"(?:крылат|баллистическ)\w* ракет\w*",
            r"misiles?",
            r"cohetes?",
            r"صاروخ\w*",
            r"صواريخ",
        ],
    ),
    (
        "helicopters",
        "helicopter",
        [
            r"helicopters?",
            r"choppers?",
            r"helikopter\w*",
            r"\w*hubschrauber\w*",
            r"вертолет\w*",
            r"helicopteres?",
            r"helicopteros?",
            r"(?:ال)?مروحي(?:ه|ات)",
            r"(?:طائر\w* )?(?:ال)?هليكوبتر",
        ],
    ),
    (
        "warships",
        "naval",
        [
            r"warships?",
            r"frigates?",
            r"corvettes?",
            r"submarines?",
            r"destroyers?",
            r"(?:naval|navy|patrol) (?:vessels?|ships?|boats?)",
            r"savas gemi\w*",
            r"firkateyn\w*",
            r"korvet\w*",
            r"denizalti\w*",
            r"sualti qayig\w*",
            r"herbi gemi\w*",
            r"\w*fregatten?",
            r"\w*korvetten?",
            r"u-boot\w*",
            r"\w*kriegsschiff\w*",
            r"фрегат\w*",
            r"корвет\w*",
            r"подводн\w* лодк\w*",
            r"субмарин\w*",
            r"военн\w* корабл\w*",
            r"fregates?",
            r"sous-marins?",
            r"(?:navires?|batiments?) de guerre",
            r"fragatas?",
            r"corbetas?",
            r"submarinos?",
            r"buques? de guerra",
            r"فرقاط(?:ه|ات)",
            r"غواص(?:ه|ات)",
            r"(?:سفينه|سفن) (?:ال)?حربي\w*",
            r"كورفيت\w*",
        ],
    ),
    (
        "ammunition",
        "munitions",
        [
            r"\w*munitions?",
            r"artillery shells?",
            r"muhimmat\w*",
            r"cephane\w*",
            r"sursat\w*",
            r"=obus",
            r"\w*granaten",
            r"боеприпас\w*",
            r"снаряд\w*",
            r"municion(?:es)?",
            r"proyectiles",
            r"ذخير(?:ه)?",
            r"ذخاير",
            r"قذائف",
        ],
    ),
    (
        "small arms",
        "small_arms",
        [
            r"(?:assault |sniper )?rifles?",
            r"small arms",
            r"machine[- ]guns?",
            r"firearms?",
            r"(?:piyade |makineli )?tufek\w*",
            r"tufeng\w*",
            r"\w*gewehre?",
            r"\w*gewehren",
            r"handfeuerwaffen",
            r"kleinwaffen",
            r"винтовк\w*",
            r"автомат(?:ы|ов|ами|ам|ах)",
            r"стрелков\w* оружи\w*",
            r"fusils?(?: d'assaut)?",
            r"armes legeres",
            r"fusiles",
            r"armas ligeras",
            r"ametralladoras?",
            r"بنادق",
            r"(?:ال)?بندقي(?:ه|ات)",
            r"رشاش(?:ات)?",
            r"اسلح\w* (?:ال)?خفيف\w*",
        ],
    ),
    (
        "radars",
        "electronic",
        [
            r"radar\w*",
            r"радар\w*",
            r"рлс",
            r"радиолокацион\w* станци\w*",
            r"رادار\w*",
        ],
    ),
    (
        "electronic warfare systems",
        "electronic",
        [
            r"electronic[- ]warfare(?: systems?)?",
            r"jammers?",
            r"ew systems?",
            r"elektronik harp(?: sistem\w*)?",
            r"elektron muharibe\w*",
            r"radioelektron mubarize\w*",
            r"elektronisch\w* (?:kampffuhrung|kriegsfuhrung)",
            r"storsender\w*",
            r"рэб",
            r"радиоэлектронн\w* борьб\w*",
            r"guerre electronique",
            r"brouilleurs?",
            r"guerra electronica",
            r"حرب\w* (?:ال)?الكتروني\w*",
        ],
    ),
    (
        "weapons",
        "other",
        [
            r"weapons?(?: systems?)?",
            r"weaponry",
            r"armaments?",
            r"arms(?= (?:sales?|deals?|deliveries|exports?|imports?|supplies|transfers?|embargo"
            r"|shipments?|packages?|purchases?|trade|supplier))",
            r"military (?:equipment|hardware)",
            # Not "silahlı" (armed), "silahsız" (unarmed) or "silahlanma" (arms race).
            r"silah(?!li|siz|lanm)\w*",
            r"askeri techizat\w*",
            r"herbi texnika\w*",
            r"\w*waffen?",
            r"waffenlieferung\w*",
            r"waffensystem\w*",
            r"rustungsgut\w*",
            r"оружи\w*",
            # "принят на вооружение" is a status phrase (adopted into service), not a weapon.
            r"(?<!на )вооружени\w*",
            r"armes?",
            r"armements?",
            r"armas?",
            r"armamentos?",
            r"اسلح\w*",
        ],
    ),
]


@dataclass(frozen=True)
class _Compiled:
    label: str
    category: Category
    rank: int
    folded: re.Pattern[str] | None
    raw: re.Pattern[str] | None


def _alternation(alts: list[str]) -> str:
    parts = []
    for alt in alts:
        prefix = AR_PREFIX if _ARABIC_START.search(alt) else ""
        parts.append(prefix + alt)
    # Regex alternation is first-match, not longest-match: try longer phrasings first.
    parts.sort(key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


@lru_cache(maxsize=1)
def _compiled() -> list[_Compiled]:
    out = []
    for rank, (label, category, alts) in enumerate(_TABLE):
        folded_alts = [fold_pattern(a) for a in alts if not a.startswith("=")]
        raw_alts = [a[1:] for a in alts if a.startswith("=")]
        out.append(
            _Compiled(
                label,
                category,
                rank,
                re.compile(_alternation(folded_alts)) if folded_alts else None,
                re.compile(_alternation(raw_alts), re.IGNORECASE) if raw_alts else None,
            )
        )
    return out


def find_generic_weapons(text: str) -> list[GenericMention]:
    """Find generic weapon words (drones, Raketen, танки...) in text, in order of appearance."""
    folded, offsets = fold_with_offsets(text)
    folded_starts = word_starts(folded)
    raw_starts: list[int] | None = None
    hits: list[tuple[int, int, int, _Compiled]] = []
    for entry in _compiled():
        if entry.folded is not None:
            for m in matches_at(entry.folded, folded, folded_starts):
                start, end = source_span(offsets, m.start(), m.end())
                hits.append((start, -(end - start), entry.rank, entry))
        if entry.raw is not None:
            if raw_starts is None:
                raw_starts = word_starts(text)
            for m in matches_at(entry.raw, text, raw_starts):
                hits.append((m.start(), -(m.end() - m.start()), entry.rank, entry))
    hits.sort(key=lambda h: (h[0], h[1], h[2]))
    out: list[GenericMention] = []
    last_end = 0
    # Leftmost-longest: "Schützenpanzer" beats "Panzer", "air defence systems" beats "systems".
    for start, neg_len, _, entry in hits:
        if start < last_end:
            continue
        end = start - neg_len
        out.append(
            GenericMention(
                label=entry.label,
                category=entry.category,
                start=start,
                end=end,
                surface=text[start:end],
            )
        )
        last_end = end
    return out


_FILLER = re.compile(
    r"(?:the|a|an|some|several|many|new|more|modern|military|armed|attack|combat|kamikaze"
    r"|heavy|light|long-range|short-range|ballistic|cruise|unmanned|die|der|den|des|les|le|la"
    r"|los|las|el|un|une|unos|unas|des|de|\d+|[^\w\s]+)",
    re.IGNORECASE,
)


def resolve_generic(text: str) -> GenericMention | None:
    """Map one generic weapon phrase ("drones", "Drohnen", "fighter jets") to its label."""
    mentions = find_generic_weapons(text)
    if len(mentions) != 1:
        return None
    m = mentions[0]
    # Whatever is left around the phrase must be articles, numbers or bland modifiers.
    rest = (text[: m.start] + " " + text[m.end :]).split()
    if any(not _FILLER.fullmatch(word) for word in rest):
        return None
    return GenericMention(label=m.label, category=m.category, start=0, end=len(text), surface=text)
