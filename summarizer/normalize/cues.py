"""Deal-status cues and supplier/recipient hints from grammar, for checking a model's reading."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from summarizer.normalize._text import TURKISH_SUFFIXES, fold, fold_with_offsets, source_span
from summarizer.normalize.countries import (
    Country,
    CountryMention,
    _tables,
    find_countries,
    resolve_country,
)
from summarizer.normalize.generic import (
    AR_PREFIX,
    find_generic_weapons,
    fold_pattern,
    matches_at,
    word_starts,
)


def _split(words: str) -> list[str]:
    # Word lists are written as one string so they stay readable in several scripts.
    return words.split()


Status = Literal["proposed", "negotiating", "agreed", "delivered", "deployed", "cancelled"]
Role = Literal["supplier", "recipient"]


class StatusCue(BaseModel):
    """A word or phrase signalling a deal's status; text[start:end] == surface."""

    model_config = ConfigDict(frozen=True)

    status: Status
    start: int
    end: int
    surface: str
    negated: bool


class RoleHint(BaseModel):
    """A grammatical clue that a country mention is the supplier or the recipient."""

    model_config = ConfigDict(frozen=True)

    country: Country
    role: Role
    surface: str
    start: int
    end: int
    marker: str


# Most decisive first: the order dominant_status() uses when several statuses are signalled.
PRIORITY: tuple[Status, ...] = (
    "cancelled",
    "deployed",
    "delivered",
    "agreed",
    "negotiating",
    "proposed",
)

# Patterns run over folded text (see generic.fold_pattern), grouped by language family because
# Turkish and Azerbaijani negate inside the verb ("teslim etmedi") rather than with a word.
# Realised statuses list finite past/perfect forms only, never infinitives or futures, so
# "plans to deliver", "soll liefern" and "teslim edecek" never read as delivered.
_CUES: dict[Status, dict[str, list[str]]] = {
    "deployed": {
        "tr": [
            r"devreye (?:sok|al|gir|kon)\w*",
            r"devrede\b",  # "in service", as headlines put it
            r"goreve basla\w*",
            r"konuslandir\w*",
            r"muharebe gorev\w*",
            r"hizmete (?:gir|al|sok)(?!ecek|acak|ma[ksy]|me[ksy])\w*",
            r"envantere (?:gir|al|kat)(?!ecek|acak|ma[ksy]|me[ksy])\w*",
            r"doyus novbesine\w*",
            r"yerlesdir\w*",
            r"istismara (?:veril|verdi)\w*",
        ],
        "de": [
            r"in (?:den )?dienst (?:gestellt|genommen|ubernommen)",
            r"stationiert\w*",
            r"in betrieb genommen",
            r"(?:auf|in den) gefechtsdienst",
            r"einsatzbereit\w*",
        ],
        "ru": [
            r"(?:поставлен|заступил|заступи)\w* на (?:боевое )?дежурство",
            r"на боевом дежурстве",
            r"развернут\w*",
            r"развернул\w*",
            r"прин(?:ят|ял)\w* на вооружение",
            r"введен\w* в (?:строй|эксплуатацию)",
        ],
        "en": [
            r"deployed",
            r"(?:put|placed|entered|inducted) into service",
            r"entered service",
            r"commissioned",
            r"(?:on|assumed|took up) combat duty",
            r"(?:became|declared|is now|are now|went) operational",
            r"stationed",
            r"inducted",
        ],
        "fr": [
            r"deploye(?:e|s|es)?",
            r"mis(?:e|es)? en service",
            r"entre(?:e|s|es)? en service",
            r"en alerte de combat",
            r"stationne(?:e|s|es)?",
        ],
        "es": [
            r"desplegad[oa]s?",
            r"desplego",
            r"(?:puest[oa]s?|entro|entraron) en servicio",
            r"estacionad[oa]s?",
        ],
        "ar": [
            r"(?:تم |قام\w* ب)نشر\w*",
            r"نشر\w*(?= \w*(?:منظوم|صواريخ|بطاري|انظم|دفاع|طائرات|مسيرات))",
            r"دخل\w* (?:ال)?خدمه",
            r"(?:وضع\w* في )?(?:ال)?مناوب\w* (?:ال)?قتالي\w*",
        ],
    },
    "delivered": {
        "tr": [
            r"teslim (?:et|edil|al)(?!ecek|acak|me[ksy]i|ma[ksy]i|mek|mak)\w*",
            r"sevk (?:et|edil)(?!ecek|acak|me[ksy]i|mek)\w*",
            r"ulas(?:ti|tig|tir|mis|madi)\w*",
            r"gonder(?:di|dig|il|mis|medi|ib)\w*",
            r"tehvil (?:ver|al)(?!ecek|acak|me[ky]|ma[ky])\w*",
            r"catdiril\w*",
        ],
        "de": [
            r"\w*geliefert",
            r"lieferte[n]?",
            r"liefert",
            r"ubergeben",
            r"ubergab(?:en)?",
            r"erhalten",
            r"erhielt(?:en)?",
            r"bekommen",
            r"bekam(?:en)?",
            r"eingetroffen",
            r"uberstellt",
        ],
        "ru": [
            r"постав(?:ил|ила|или|ило|лен|лена|лены|лено)",
            r"передал[аио]?",
            r"переда(?:н|на|ны|но)",
            r"получил[аио]?",
            r"получен[аыо]?",
            r"отправил[аио]?",
            r"доставил[аио]?",
            r"доставлен[аыо]?",
            r"получивш(?:ая|ий|ие|ее|ую|ей|их|им)",
            r"прибыл[аио]?",
            r"церемони\w* передачи",
        ],
        "en": [
            r"delivered",
            r"handed over",
            r"received",
            r"supplied",
            r"shipped",
            r"transferred",
            r"provided",
            r"took delivery",
            r"arrived",
        ],
        "fr": [
            r"livre(?:e|s|es)?(?! sterling)",
            r"(?:a|ont|avait|avaient) (?:recu|remis|fourni|transfere|cede)\w*",
            r"recu(?:e|s|es)?",
            r"fourni(?:e|s|es)?",
            r"remis(?:e|es)?",
        ],
        "es": [
            r"entregad[oa]s?",
            r"entrego",
            r"entregaron",
            r"recibio",
            r"recibieron",
            r"recibid[oa]s?",
            r"suministr(?:o|aron|ad[oa]s?)",
            r"transfirio",
        ],
        "ar": [
            r"سلم(?:ت|وا)?",
            r"تسلم(?:ت|وا)?",
            r"(?:تم )?تسليم\w*",
            r"استلم\w*",
            r"زود(?:ت|وا)",
            r"وصل(?:ت|تا|وا)?",
        ],
    },
    "agreed": {
        "tr": [
            r"anlasma\w*",
            r"imzala(?!yacak|yacag|mayi|mak)\w*",
            r"sozlesme\w*",
            r"mutabakat\w*",
            r"muqavile\w*",
            r"sazis\w*",
            r"siparis\w*",
            r"satin al(?:di|dig|mis|ib|inib|inmis)\w*",
        ],
        "de": [
            r"unterzeichnet\w*",
            r"kauft",
            r"unterschrieben",
            r"unterschrieb(?:en)?",
            r"\w*vertrag\w*",
            r"\w*vertrage",
            r"\w*abkommen",
            r"vereinbart\w*",
            r"vereinbarung\w*",
            r"geeinigt",
            r"bestellt\w*",
            r"gekauft",
            r"kaufte[n]?",
        ],
        "ru": [
            r"подписал\w*",
            r"подписан\w*",
            r"контракт\w*",
            r"соглашени\w*",
            r"договор\w*",
            r"заказал\w*",
            r"(?:за)?купил[аио]?",
        ],
        "en": [
            r"signed",
            r"contracts?",
            r"(?<!deal )deals?(?! with)",
            r"agreements?",
            r"agreed",
            r"ordered",
            r"sold",
            r"bought",
            r"purchased",
        ],
        "fr": [
            r"signe(?:e|s|es)?(?! de)",
            r"contrats?",
            r"(?<!d')accords?",
            r"(?:a|ont) command\w*",
            r"vendu(?:e|s|es)?",
            r"(?:a|ont) achete\w*",
        ],
        "es": [
            r"firmo",
            r"firmaron",
            r"firmad[oa]s?",
            r"contratos?",
            r"acuerdos?",
            r"compro",
            r"compraron",
            r"adquirio",
            r"vendio",
        ],
        "ar": [
            r"وقع\w*(?= (?:\w+ ){0,3}?(?:ال)?(?:اتفاق|عقد|صفق|مذكر))",
            r"(?:تم )?توقيع\w*",
            r"اتفاق\w*",
            r"صفق\w*",
            r"عقود? (?:ال)?(?:شراء|توريد|تسليح)",
            r"اشتر(?:ت|ي)",
        ],
    },
    "negotiating": {
        "tr": [
            r"muzakere\w*",
            r"gorusme\w*",
            r"pazarlik\w*",
            r"danisiq\w*",
            r"muzakire\w*",
        ],
        "de": [r"verhandlung\w*", r"verhandel\w*", r"gesprache? uber"],
        "ru": [r"переговор\w*", r"обсужда\w*"],
        "en": [
            r"negotiat\w*",
            r"talks (?:on|over|about|with)",
            r"talks (?:are|were|have been) (?:continuing|ongoing|under ?way|progressing)",
            r"in talks",
            r"discuss(?:ed|ing|ions?)",
        ],
        "fr": [r"negociation\w*", r"negocie\w*", r"pourparlers", r"discussions?"],
        "es": [r"negociacion\w*", r"negocia(?:n|ndo|ron|do)?", r"conversaciones"],
        "ar": [r"مفاوضات", r"(?:ي|ت)?تفاوض\w*", r"محادثات"],
    },
    "proposed": {
        "tr": [
            r"teklif\w*",
            r"oner(?:di|mis|i|iyor|isi)\w*",
            r"hazir(?:iz|dir|dirlar|oldug)\w*",
            r"planl\w*",
            r"bekleniyor\w*",
            r"(?:teslim|sevk) ed(?:ecek|ilecek)\w*",
            r"(?:teslim|sevk) (?:etmeyi|edilmesi|etmesi)",
            r"(?:tehvil|teslim) (?:verecek|verilecek)\w*",
            r"satacak\w*",
            r"satin alacak\w*",
            r"niyyet\w*",
            r"planlasdir\w*",
        ],
        "de": [
            r"angeboten",
            r"\w*angebot\w*",
            r"bereit",
            r"plant(?:e|en)?(?= (?:die|den|das|dem|der|ein|eine|einen|weitere|auch|offenbar|zudem"
            r"|nun)\b)",
            r"geplant\w*",
            r"versprach(?:en)?",
            r"versprochen",
            r"bot(?:en)? (?:\S+ ){1,6}an\b",
            r"zugesagt",
            r"beabsichtig\w*",
            r"erwagt",
        ],
        "ru": [
            r"предложил\w*",
            r"предлага\w*",
            r"планиру\w*",
            r"готов[аоы]?",
            r"намерен\w*",
            r"пообещал\w*",
            r"(?:поставит|передаст|продаст|получит)",
            r"ожидается",
        ],
        "en": [
            r"offer(?:ed|s|ing)?",
            r"plans? to",
            r"planning to",
            r"ready to",
            r"willing to",
            r"propos(?:ed|al|es)",
            r"pledged",
            r"promised",
            r"intends? to",
            r"considering",
            r"expected to",
            r"will (?:deliver|supply|sell|send|provide|transfer|receive|buy|purchase|acquire)",
            r"wants? to (?:buy|acquire|purchase)",
            r"possible (?:foreign military )?sales?",
        ],
        "fr": [
            r"propose(?:e|s|es)?",
            r"proposition",
            r"prevoit",
            r"envisage\w*",
            r"prete?s? a",
            r"(?:a offert|offre de)",
            r"promis",
            r"livrera\w*",
            r"fournira\w*",
        ],
        "es": [
            r"ofrecio",
            r"ofrece\w*",
            r"oferta\w*",
            r"planea\w*",
            r"preve",
            r"propuso",
            r"propuesta",
            r"dispuest[oa]s? a",
            r"entregara\w*",
            r"suministrara\w*",
            r"prometio",
        ],
        "ar": [
            r"عرض(?:ت|وا)?(?! (?:ال)?عسكري)",
            r"(?:ت|ي)?خطط\w*",
            r"(?:ت|ي)عتزم",
            r"مستعد\w*",
            r"اقترح\w*",
            r"(?:س|سوف )(?:ت|ي)(?:سلم|زود)\w*",
            r"من (?:ال)?متوقع",
        ],
    },
    "cancelled": {
        "tr": [
            r"iptal\w*",
            r"vazgec\w*",
            r"feshe(?:t|d)\w*",
            r"askiya al\w*",
            r"legv\w*",
            r"imtina (?:etdi|etti|edib)\w*",
        ],
        "de": [
            r"storniert",
            r"annulliert",
            r"(?:auf)?gekundigt",
            r"abgesagt",
            r"gestoppt",
            r"auf eis gelegt",
            r"verzichtet\w*",
        ],
        "ru": [
            r"отменил\w*",
            r"отменен\w*",
            r"расторг\w*",
            r"отказал\w*",
            r"отказ от",
            r"заморозил\w*",
        ],
        "en": [
            r"cancel(?:l?ed|l?ing|lation|s)",
            r"scrapped",
            r"terminated",
            r"called off",
            r"pulled out of",
            r"withdrew from",
            r"suspended",
            r"backed out",
        ],
        "fr": [r"annule(?:e|s|es)?", r"annulation", r"renonce\w*", r"resilie\w*", r"suspendu\w*"],
        "es": [
            r"cancelad[oa]s?",
            r"cancelo",
            r"cancelacion",
            r"anulad[oa]s?",
            r"anulo",
            r"renuncio",
            r"suspendi\w*",
            r"rescindi\w*",
        ],
        "ar": [r"الغ(?:ي|ت|اء|وا)\w*", r"فسخ\w*", r"تراجع\w* عن"],
    },
}

# Words (folded) that negate a cue a few words later: English, German, Russian, French,
# Spanish, Arabic, Turkish/Azerbaijani (which mostly negate with a verb suffix, below).
_NEGATORS = frozenset(
    _split("""no not never neither nor nicht kein keine keinen keinem keiner keines nie niemals
    не ни нет никогда pas jamais aucun aucune ne nunca ningun ninguno ninguna jamas tampoco
    لم لا لن ليس ليست عدم hic hec""")
)
# Negators that follow the cue: "lieferte nicht", "ne livre pas", "teslim edildi değil".
_POST_NEGATORS = frozenset(_split("nicht pas jamais degil deyil yok yoktur yoxdur"))
# A negation does not reach across these: "did not sign a contract but delivered drones".
_CONTRAST = frozenset(
    _split("but aber sondern doch но однако mais pero sino ama fakat ancak lakin amma لكن بل")
)
# Modal/future words that turn "delivered"/"geliefert"/"livrés" into a plan: "will be
# delivered", "sollen geliefert", "будут поставлены", "seront livrés", "سيتم تسليم".
_MODALS = frozenset(
    _split("""be will would could might shall should must soll sollen sollte sollten wollen
    будет будут должен должна должны должно может могут sera seront devrait devraient doit
    doivent pourrait pourraient etre seran debe deben debera deberan podria podrian ser
    سوف سيتم ستتم""")
)
_TR_NEG_SUFFIX = re.compile(r"m[ae](?:di|dig|mis|yecek|yacak|yib|z)")
_NEG_WINDOW = 6
_MODAL_WINDOW = 4
_WORD = re.compile(r"\w+(?:'t(?!\w))?|[.,;:!?،؛]")
_BOUNDARY = frozenset(".,;:!?،؛")
# Agreement nouns, which name a deal without saying it has been concluded (folded forms).
_AGREEMENT_NOUN = re.compile(
    fold_pattern(
        r"(?:ال)?(?:contracts?|deals?|agreements?|\w*vertrag\w*|\w*vertrage|\w*abkommen"
        r"|vereinbarung\w*|контракт\w*|соглашени\w*|договор\w*|contrats?|accords?|contratos?"
        r"|acuerdos?|anlasma\w*|sozlesme\w*|mutabakat\w*|muqavile\w*|sazis\w*|siparis\w*"
        r"|[وف]?(?:ال)?(?:اتفاق\w*|صفق\w*))"
    )
)
_REALISED: frozenset[Status] = frozenset({"deployed", "delivered", "agreed", "cancelled"})


def _alternation(alts: list[str]) -> str:
    parts = [(AR_PREFIX if re.search(r"[\u0600-\u06ff]", a) else "") + a for a in alts]
    parts.sort(key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


@lru_cache(maxsize=1)
def _cue_patterns() -> list[tuple[Status, re.Pattern[str]]]:
    out = []
    for status, langs in _CUES.items():
        groups = [
            f"(?P<{lang}>{_alternation([fold_pattern(a) for a in alts])})"
            for lang, alts in langs.items()
        ]
        out.append((status, re.compile("|".join(groups))))
    return out


@dataclass(frozen=True)
class _Word:
    text: str
    start: int  # folded offsets
    end: int


def _words(folded: str) -> list[_Word]:
    return [_Word(m.group(), m.start(), m.end()) for m in _WORD.finditer(folded)]


def _is_negator(word: str) -> bool:
    return word in _NEGATORS or word.endswith("n't")


def _negated(words: list[_Word], first: int, last: int, lang: str, surface: str) -> bool:
    if lang == "tr":
        tail = surface.split()[-1] if surface.split() else surface
        if _TR_NEG_SUFFIX.search(tail):
            return True
    for k in range(first - 1, max(-1, first - 1 - _NEG_WINDOW), -1):
        w = words[k].text
        if w in _BOUNDARY or w in _CONTRAST:
            break
        if _is_negator(w):
            return True
    for k in range(last + 1, min(len(words), last + 3)):
        w = words[k].text
        if w in _BOUNDARY:
            break
        if w in _POST_NEGATORS:
            return True
    return False


def _modal(words: list[_Word], first: int, last: int) -> bool:
    for k in range(first - 1, max(-1, first - 1 - _MODAL_WINDOW), -1):
        w = words[k].text
        if w in _BOUNDARY or w in _CONTRAST:
            break
        if w in _MODALS:
            return True
    # German future/modal passive puts the auxiliary after the participle: "geliefert werden".
    return last + 1 < len(words) and words[last + 1].text == "werden"


def _word_index(words: list[_Word], pos: int) -> int:
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].end <= pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def find_status_cues(sentence: str) -> list[StatusCue]:
    """Find words signalling a deal's status (offered, signed, delivered...), with negation."""
    folded, offsets = fold_with_offsets(sentence)
    hits: list[tuple[int, int, int, Status, str]] = []
    starts = word_starts(folded)
    for rank, (status, pattern) in enumerate(_cue_patterns()):
        for m in matches_at(pattern, folded, starts):
            hits.append((m.start(), -(m.end() - m.start()), rank, status, m.lastgroup or ""))
    hits.sort()
    words = _words(folded)
    out: list[StatusCue] = []
    last_end = 0
    for fstart, neg_len, _, status, lang in hits:
        fend = fstart - neg_len
        if fstart < last_end:
            continue
        last_end = fend
        first = _word_index(words, fstart)
        last = max(first, _word_index(words, fend - 1))
        if status in _REALISED and _modal(words, first, last):
            if status == "cancelled":
                continue  # "could be cancelled" says nothing about the deal itself
            status = "proposed"
        start, end = source_span(offsets, fstart, fend)
        out.append(
            StatusCue(
                status=status,
                start=start,
                end=end,
                surface=sentence[start:end],
                negated=_negated(words, first, last, lang, folded[fstart:fend]),
            )
        )
    return out


def dominant_status(sentence: str) -> Status | None:
    """The single status the sentence asserts, by priority; None if absent or contradictory.

    Rule: ignore negated cues; among the rest take the first status in PRIORITY (cancelled >
    deployed > delivered > agreed > negotiating > proposed), with two exceptions:
    - an agreement noun alone ("deal", "Vertrag", "контракт", "sözleşme") does not make
      "agreed" when a negotiating or proposed cue is present: "talks on a submarine deal"
      is about a deal not yet made;
    - if the winning status is also negated elsewhere in the sentence ("delivered the S-300
      but not the S-400") the sentence is mixed and None is returned rather than a guess.
    """
    cues = find_status_cues(sentence)
    positive = {c.status for c in cues if not c.negated}
    negative = {c.status for c in cues if c.negated}
    if "agreed" in positive and positive & {"negotiating", "proposed"}:
        agreed = [c for c in cues if c.status == "agreed" and not c.negated]
        if all(_AGREEMENT_NOUN.fullmatch(fold(c.surface)) for c in agreed):
            positive.discard("agreed")
    for status in PRIORITY:
        if status in positive:
            return None if status in negative else status
    return None


# ---------------------------------------------------------------------------------------------
# Direction hints


# Verbs whose grammatical subject gives the goods (supply) or gets them (acquire); tense does
# not matter for direction, so infinitives and futures are listed too. Passive forms are not.
_SUPPLY = [
    r"deliver(?:s|ed|ing)?",
    r"suppl(?:y|ies|ied|ying)",
    r"s(?:old|ells?|elling)",
    r"hand(?:s|ed)? over",
    r"ship(?:s|ped)?",
    r"export(?:s|ed)?",
    r"transferr?(?:s|ed)?",
    r"offer(?:s|ed)?",
    r"provide[sd]?",
    r"sen(?:t|ds?)",
    r"liefer(?:t|te|ten|n)",
    r"geliefert",
    r"verkauf(?:t|te|ten|en)",
    r"verkauft",
    r"exportier(?:t|te|ten|en)",
    r"ubergab(?:en)?",
    r"ubergeben",
    r"bietet",
    r"bot",
    r"angeboten",
    r"schickt(?:e|en)?",
    r"geschickt",
    r"постав(?:ил|ила|или|ило|ляет|ляют|ит|ят|лять|ить)",
    r"передал[аио]?",
    r"переда(?:ет|ют|ст|дут|ть)",
    r"продал[аио]?",
    r"прода(?:ет|ют|ст|ть)",
    r"отправил[аио]?",
    r"экспортир\w*",
    r"предложил[аио]?",
    r"предлагает",
    r"livr(?:e|ent|era|eront|ait|er|ee|es|ees)",
    r"fourni(?:t|ra|ssent)?",
    r"vend(?:u|ent|ra)?",
    r"exporte\w*",
    r"transfere\w*",
    r"cede(?:s|es)?",
    r"propose",
    r"offert",
    r"entreg(?:o|a|an|ara|aron|ado|ar)",
    r"suministr(?:o|a|an|ara|aron|ado|ar)",
    r"vend(?:io|e|en|era|ieron|ido|er)",
    r"export(?:o|a|an|aron)",
    r"transfirio",
    r"ofrec(?:io|e|en|ieron)",
    r"envi(?:o|a|an|aron)",
    r"سلمت",
    r"سلم",
    r"ستسلم",
    r"(?<=لم )(?:ت|ي)سلم",
    r"زود(?:ت)?",
    r"تزود",
    r"باع(?:ت)?",
    r"عرض(?:ت)?",
    r"ارسل(?:ت)?",
    r"teslim e(?:t|d)(?!il)\w*",
    r"sevk e(?:t|d)(?!il)\w*",
    r"sat(?:ti|tig|acak|ar|iyor|mis)\w*",
    r"gonder(?:di|dig|ecek|iyor|mis|ib)\w*",
    r"ihrac e(?:t|d)(?!il)\w*",
    r"teklif e(?:t|d)(?!il)\w*",
    r"tehvil ver(?!il)\w*",
    r"satdi\w*",
    r"ixrac e(?:t|d)(?!il)\w*",
]
_ACQUIRE = [
    r"receive[sd]?",
    r"b(?:ought|uys?)",
    r"purchased",
    r"acquire[sd]?",
    r"order(?:s|ed)",
    r"import(?:s|ed)",
    r"took delivery",
    r"obtained",
    r"procure[sd]?",
    r"erhielt(?:en)?",
    r"erhalt",
    r"kauft(?:e|en)?",
    r"gekauft",
    r"bestellt(?:e|en)?",
    r"importiert(?:e|en)?",
    r"bekam(?:en)?",
    r"bekommt",
    r"beschafft(?:e|en)?",
    r"получил[аио]?",
    r"получает",
    r"получит",
    r"купил[аио]?",
    r"покупает",
    r"закупил[аио]?",
    r"закупает",
    r"приобрел[аио]?",
    r"приобретает",
    r"заказал[аио]?",
    r"импортир\w*",
    r"a recu",
    r"ont recu",
    r"recoit",
    r"achet\w*",
    r"acquis",
    r"acquiert",
    r"(?:a|ont) command\w*",
    r"importe",
    r"recibi(?:o|eron)",
    r"recibe",
    r"compr(?:o|aron)",
    r"adquiri(?:o|eron)",
    r"adquiere",
    r"import(?:o|aron)",
    r"تسلمت",
    r"استلم(?:ت)?",
    r"تلقت",
    r"تلقي",
    r"اشترت",
    r"اشتري",
    r"حصلت",
    r"teslim al\w*",
    r"satin al(?:di|dig|mis|acak|iyor|ir|mayi|maya)\w*",
    r"ithal e(?:t|d)\w*",
    r"tehvil al\w*",
    r"elde et\w*",
]
# Auxiliaries that make the next participle passive: its subject is the goods, not a country.
_PASSIVE_AUX = frozenset(
    _split("""was were been being is are wurde wurden worden werden ete est sont fue fueron sido
    son""")
)
_DE_PASSIVE = frozenset(_split("wurde wurden werden worden wird"))
_SUBJECT_WINDOW = 12
# Prepositions that give no direction but do rule a mention out as a sentence subject.
_OTHER_PREPOSITIONS = frozenset(
    _split("in en with mit avec con с со في مع de of del du des в во у для к по на ile")
)
# Articles between a preposition and a name ("an den Iran", "à l'Inde", "to the UAE"). Not
# "a"/"an"/"al": those are prepositions in Spanish, French (à) and German.
_ARTICLES = frozenset(_split("the der die das den dem des la le les l el los las"))

_EN_HINT = frozenset(_split("the of and is has have with from by that its their were to"))
_DE_HINT = frozenset(
    _split(
        "der die das den dem und hat nicht ist wurde wurden mit von fur nach auf ein eine keine"
        " sich auch liefert"
    )
)
_ES_HINT = frozenset(_split("el los las del y con para una al fue por sus su segun entre"))
_TR_HINT = frozenset(_split("ve ile icin olarak uzere bir bu ise dedi"))
_TR_LETTERS = re.compile(r"[şğıİəƏŞĞ]")
# A capitalised name with an apostrophised case suffix: "Endonezya'ya", "Katar’a".
_TR_CASE = re.compile(r"[A-ZÇŞİÖÜ]\w+['’](?:y?[ae]|n[ae]|[dt][ae]n?|n?[ıiuü]n|n[dt][ae]n)(?!\w)")
# ñ, ¿, ¡ and a stressed final ó ("entregó", "firmó") occur in Spanish, not French.
_ES_LETTERS = re.compile(r"[ñ¿¡]|\wó(?!\w)")


@dataclass(frozen=True)
class _Verb:
    start: int  # word index
    kind: Literal["supply", "acquire"]
    passive: bool


@lru_cache(maxsize=1)
def _verb_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    def build(alts: list[str]) -> re.Pattern[str]:
        parts = [(r"[وف]?" if _ARABIC.search(a) else "") + fold_pattern(a) for a in alts]
        parts.sort(key=len, reverse=True)
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")

    return build(_SUPPLY), build(_ACQUIRE)


def is_agreement_noun(surface: str) -> bool:
    """A cue that only names a deal ("contract", "sözleşme", "صفقة"), saying nothing of its step."""
    return bool(_AGREEMENT_NOUN.fullmatch(fold(surface)))


def names_transfer_verb(sentence: str) -> bool:
    """Whether the sentence has a verb of giving or getting weapons (sell, deliver, buy...)."""
    folded, _ = fold_with_offsets(sentence)
    starts = word_starts(folded)
    supply, acquire = _verb_patterns()
    return any(True for p in (supply, acquire) for _ in matches_at(p, folded, starts))


def _passive(texts: list[str], k: int) -> bool:
    """Whether the verb at word k is passive, so its subject is the goods, not a country."""
    if k > 0 and texts[k - 1] in _PASSIVE_AUX:
        return True
    if k + 1 < len(texts) and texts[k + 1] in {"werden", "worden"}:
        return True
    if texts[k].startswith("ge") or texts[k] in {"ubergeben", "angeboten"}:
        # German verb-final participle: "Drohnen wurden an Kiew geliefert".
        for j in range(k - 1, max(-1, k - 11), -1):
            if texts[j] in _BOUNDARY:
                break
            if texts[j] in _DE_PASSIVE:
                return True
    return False


def _languages(words: list[str], sentence: str) -> set[str]:
    langs = set()
    ws = set(words)
    if ws & _EN_HINT:
        langs.add("en")
    if ws & _DE_HINT:
        langs.add("de")
    if ws & _ES_HINT:
        langs.add("es")
    if _ES_LETTERS.search(sentence):
        langs.add("es")
    if _TR_LETTERS.search(sentence) or ws & _TR_HINT or _TR_CASE.search(sentence):
        langs.add("tr")
    return langs


_DATIVE = frozenset({"a", "e", "ya", "ye", "na", "ne"})
_ABLATIVE = frozenset({"dan", "den", "tan", "ten", "ndan", "nden"})
_GENITIVE = frozenset({"in", "nin", "un", "nun"})


def _stem_rest(word: str) -> tuple[str, bool] | None:
    """Split a folded word into a known country stem and its ending; flag Turkish stems."""
    stems = _tables().stems
    for cut in range(len(word), 2, -1):
        entries = stems.get(word[:cut])
        if entries:
            rest = word[cut:]
            turkish = any(e.suffixes == TURKISH_SUFFIXES for e in entries)
            return rest, turkish
    return None


def _case(mention: CountryMention, langs: set[str]) -> str:
    """Grammatical case read off the mention itself: dat, abl, gen, poss, degen or ""."""
    folded = fold(mention.surface)
    if "'" in folded:
        suffix = folded.rsplit("'", 1)[1]
        if suffix == "s" and "tr" not in langs:
            return "poss"
        if suffix in _DATIVE:
            return "dat"
        if suffix in _ABLATIVE:
            return "abl"
        if suffix in _GENITIVE:
            return "gen"
        return "other"
    last = folded.split()[-1] if folded.split() else folded
    split = _stem_rest(last)
    if split is None:
        return ""
    rest, turkish = split
    if not rest:
        return ""
    if turkish and "tr" in langs:
        if rest in _DATIVE:
            return "dat"
        if rest in _ABLATIVE:
            return "abl"
        if rest in _GENITIVE:
            return "gen"
        return "other"
    if rest in {"s", "es"} and "de" in langs:
        return "degen"  # "Russlands": a German genitive, owner not direction
    return ""


# Russian nominative endings (folded: й -> и) for names that can be a sentence subject.
_RU_NOMINATIVE = re.compile(r"(?:ия|ея|ина|ша|ка|ль|ан|аи|ак|ет|усь|ал|ур|ам)$")
_RU_DATIVE = re.compile(r"(?:ии|е|у|ю)$")
_RU_ACCUSATIVE = re.compile(r"(?:ию|ю|у|[бвгджзклмнпрстфхцчшщ]|аи)$")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_RU_INSTRUMENTAL = re.compile(r"(?:ей|ои|ом|ем)$")
_RU_TRANSFER = re.compile(r"(?:постав|передал|переда|продал|прода|отправ|экспорт|предлож)")


# Countries that take "der" in the German nominative; for the rest "der" marks dative/genitive.
_DE_MASCULINE = frozenset(_split("iran irak libanon sudan jemen tschad niger kongo oman"))
# Verbs after which "for X" is the reason, not the destination: "thanked Russia for ...".
_NOT_DESTINATION = frozenset(
    _split(
        "thanked thanks thank asked asks blamed blames criticized criticised praised responsible"
        " dankte dankt bat kritisierte agradecio pidio"
    )
)
_FROM = frozenset(_split("from aus von из от desde"))
_TO = frozenset(_split("to nach الي"))
_FOR = frozenset(_split("for fur para"))
_BY = frozenset(_split("by par por"))
_SUPPLIED_FR = frozenset(_split("livres livrees fournis vendus"))


def _preposition_role(
    prev: str, prev2: str, prev_raw: str, skipped: list[str], langs: set[str], transfer: bool
) -> tuple[Role, str] | None:
    """Role given by the preposition before a country name, or None if it gives none."""
    supplier = (
        prev in _FROM
        or (prev == "de" and prev2 in {"provenance", "procedentes"})
        or (prev == "من" and transfer)
        or (prev in _BY and (_verb_patterns()[0].fullmatch(prev2) or prev2 in _SUPPLIED_FR))
    )
    if prev2 in _NEGATORS:
        return None  # "not from Germany"
    if supplier:
        return "supplier", prev
    if prev in _TO or (prev in _FOR and transfer and prev2 not in _NOT_DESTINATION):
        return "recipient", prev
    # "an" is German only if the sentence is not English ("an Iranian drone").
    if prev == "an" and "de" in langs and "en" not in langs:
        return "recipient", prev
    if prev == "in" and skipped and skipped[-1] in {"die", "den"} and "de" in langs:
        return "recipient", "in " + skipped[-1]
    # "compró a Dinamarca", "comprados a Dinamarca", "achetés à la Suède": bought from, not
    # sent to; the buying word is itself the transfer.
    if prev_raw in {"à", "au", "aux", "a", "al"} and _BUY_BEFORE_A.match(prev2):
        return "supplier", f"{prev2} {prev_raw}"
    if not transfer:
        return None
    # French à/au/aux and Spanish a/al, only where something changes hands: Spanish also puts
    # "a" before any personal object ("acusó a Ucrania").
    if prev_raw in {"à", "au", "aux"}:
        return "recipient", prev_raw
    if prev_raw in {"a", "al"} and "es" in langs and "en" not in langs:
        return "recipient", prev_raw
    return None


_BUY_BEFORE_A = re.compile(
    r"(?:compr|adquir|achet|acqui)\w*$|import(?:o|aron|ad[oa]s?|e|es|ee|ees)$"
)


# Auxiliaries, modals and negations that may sit between a subject and its verb.
_AUX = frozenset(
    _split(
        "has have had will would hat haben hatte hatten wird werden a ont avait va vont ha han"
        " habia van не n already yet also bereits schon auch уже также ya deja tambien"
    )
)
_ADJACENT = 2  # other words allowed between subject and verb ("army", "plans to")


def _subject(
    items: list[_Mention], texts: list[str], verb: _Verb, langs: set[str]
) -> _Mention | None:
    """The country that is the grammatical subject of verb, if one clearly is."""
    before = [
        item
        for item in items
        if item.last < verb.start
        and verb.start - item.last <= _SUBJECT_WINDOW
        and not any(texts[j] in {";", ":"} for j in range(item.last + 1, verb.start))
    ]
    unmarked = [item for item in before if not item.marked]
    if not unmarked:
        return None
    subject = unmarked[-1]
    between = [item for item in items if subject.last < item.first < verb.start]
    # SVO with at most an adverb or auxiliary in between: "Russia (has) delivered".
    gap = [w for w in texts[subject.last + 1 : verb.start] if w not in _AUX and not _is_negator(w)]
    if len(gap) <= _ADJACENT and not between:
        return subject
    # Anything else in between must be a marked object ("an den Iran", "Belarus'a"), never a
    # genitive owner, which starts an embedded clause: "Rusya, Türkiye'nin ... teslim ettiğini".
    if any(not item.marked or item.case == "gen" for item in between):
        return None
    after = texts[subject.last + 1] if subject.last + 1 < len(texts) else ""
    # German verb-second with a participle at the end ("Russland hat ... geliefert"), or
    # Turkish/Azerbaijani verb-final order ("Türkiye Azerbaycan'a ... teslim etti").
    if after in _AUX or "tr" in langs:
        return subject
    return None


@dataclass
class _Mention:
    mention: CountryMention
    first: int  # word index of the mention's first word
    last: int
    case: str
    marked: bool = False  # carries a preposition or case that rules it out as a subject


def direction_hints(sentence: str) -> list[RoleHint]:
    """Grammatical clues (cases, prepositions, subjects of supply verbs) for each country."""
    mentions = find_countries(sentence)
    if not mentions:
        return []
    folded, offsets = fold_with_offsets(sentence)
    words = _words(folded)
    texts = [w.text for w in words]
    langs = _languages(texts, sentence)
    # Raw (unfolded) lower-case words, for the French "à" that folding merges with "a".
    raw = [sentence[offsets[w.start] : offsets[w.end - 1] + 1].lower() for w in words]

    verbs: list[_Verb] = []
    supply_re, acquire_re = _verb_patterns()
    starts = word_starts(folded)
    for kind, pattern in (("supply", supply_re), ("acquire", acquire_re)):
        for match in matches_at(pattern, folded, starts):
            k = _word_index(words, match.start())
            verbs.append(_Verb(k, kind, _passive(texts, k)))  # type: ignore[arg-type]
    verbs.sort(key=lambda v: v.start)
    transfer_context = bool(verbs) or bool(find_status_cues(sentence))
    if not transfer_context:
        transfer_context = bool(find_generic_weapons(sentence))

    inv: dict[int, int] = {}
    for folded_pos, source_pos in enumerate(offsets[:-1]):
        inv.setdefault(source_pos, folded_pos)
    items: list[_Mention] = []
    for m in mentions:
        fstart = inv.get(m.start, 0)
        first = _word_index(words, fstart)
        last = max(first, _word_index(words, inv.get(m.end - 1, fstart)))
        items.append(_Mention(m, first, last, _case(m, langs)))

    hints: list[RoleHint] = []

    def add(item: _Mention, role: Role, marker: str) -> None:
        m = item.mention
        hints.append(
            RoleHint(
                country=m.country,
                role=role,
                surface=m.surface,
                start=m.start,
                end=m.end,
                marker=marker,
            )
        )
        item.marked = True

    for item in items:
        mention = item.mention
        case = item.case
        if case in {"dat", "abl", "gen", "poss", "degen", "other"}:
            item.marked = True
        if case == "dat":
            add(item, "recipient", "dative")
            continue
        if case == "abl":
            add(item, "supplier", "ablative")
            continue
        # Look back past articles to the governing preposition.
        k = item.first - 1
        skipped: list[str] = []
        while k >= 0 and texts[k] in _ARTICLES and len(skipped) < 2:
            skipped.append(texts[k])
            k -= 1
        prev = texts[k] if k >= 0 else ""
        prev_raw = raw[k] if k >= 0 else ""
        prev2 = texts[k - 1] if k >= 1 else ""
        found = _preposition_role(prev, prev2, prev_raw, skipped, langs, transfer_context)
        role: Role | None = found[0] if found else None
        marker = found[1] if found else ""
        surface = fold(mention.surface)
        if role is None and _CYRILLIC.search(mention.surface):
            if prev in {"в", "во"}:
                item.marked = True
                if _RU_ACCUSATIVE.search(surface) and _RU_TRANSFER.search(folded):
                    role, marker = "recipient", prev  # "поставила в Индию"
            elif prev.startswith(("поставлен", "передан", "продан")) and _RU_INSTRUMENTAL.search(
                surface
            ):
                role, marker = "supplier", prev  # instrumental agent: "поставленные Россией"
            elif (
                _RU_TRANSFER.match(prev)
                and not mention.surface.isupper()
                and _RU_DATIVE.search(surface)
            ):
                role, marker = "recipient", prev  # dative object: "поставила Индии"
        if role is not None:
            add(item, role, marker)
            continue
        if prev in _OTHER_PREPOSITIONS:
            item.marked = True  # some other preposition: not a subject either
        elif skipped and skipped[-1] in {"dem", "den"} and "de" in langs:
            item.marked = True  # German dative: "den USA", "dem Iran"
        elif skipped and skipped[-1] == "der" and "de" in langs and surface not in _DE_MASCULINE:
            item.marked = True  # "der Ukraine" is dative or genitive; only "der Iran" is a subject
        # Turkish "X tarafından" (by X).
        after = texts[item.last + 1] if item.last + 1 < len(texts) else ""
        if after == "tarafindan":
            add(item, "supplier", after)

    # Genitive/possessive owners ("Rusya'nın ... Belarus'a", "Russia's ... to Belarus") are
    # suppliers only when another country is the recipient and nobody else is the supplier.
    recipients = {h.country.code for h in hints if h.role == "recipient"}
    suppliers = {h.country.code for h in hints if h.role == "supplier"}
    for item in items:
        if item.case in {"gen", "poss"} and not suppliers:
            code = item.mention.country.code
            if recipients - {code}:
                add(item, "supplier", "genitive" if item.case == "gen" else "'s")

    # Subjects of supply/acquire verbs: the nearest unmarked country before the verb, with no
    # other unmarked country in between (Arabic puts the verb first: "سلمت روسيا").
    used: set[int] = set()
    for verb in verbs:
        if verb.passive:
            continue
        chosen = _subject(items, texts, verb, langs)
        if chosen is None and _ARABIC.search(folded):
            # Arabic is verb-first: "سلمت روسيا ..." (Russia delivered).
            for item in items:
                if 0 < item.first - verb.start <= 2 and not item.marked:
                    chosen = item
                    break
        if chosen is None or id(chosen) in used:
            continue
        subject = chosen.mention
        if _CYRILLIC.search(subject.surface) and not (
            subject.surface.isupper() or _RU_NOMINATIVE.search(fold(subject.surface))
        ):
            continue
        used.add(id(chosen))
        add(
            chosen,
            "supplier" if verb.kind == "supply" else "recipient",
            "subject of " + texts[verb.start],
        )
    hints.sort(key=lambda h: (h.start, h.role))
    return hints


def _code(value: str) -> str:
    country = resolve_country(value)
    return country.code if country is not None else value.strip().upper()


def direction_verdict(supplier: str, recipient: str, sentence: str) -> str | None:
    """What the sentence's grammar says of supplier → recipient (ISO codes): "supports",
    "contradicts" (only on a clear contradiction), or None when it says nothing."""
    roles: dict[str, set[str]] = {}
    for hint in direction_hints(sentence):
        roles.setdefault(hint.country.code, set()).add(hint.role)
    sup_roles, rec_roles = roles.get(supplier, set()), roles.get(recipient, set())
    supports = "supplier" in sup_roles or "recipient" in rec_roles
    contradicts = sup_roles == {"recipient"} or rec_roles == {"supplier"}
    if contradicts and not supports:
        return "contradicts"
    return "supports" if supports else None


def orient(supplier: str, recipient: str, sentence: str) -> tuple[str, str, bool]:
    """Check a model's supplier/recipient against the hints; swap only on clear contradiction."""
    sup, rec = _code(supplier), _code(recipient)
    if sup != rec and direction_verdict(sup, rec, sentence) == "contradicts":
        return recipient, supplier, True
    return supplier, recipient, False
