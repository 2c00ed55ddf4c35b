"""The grounded brief in code: which sentences are translated, and how a translation is judged."""

from __future__ import annotations

import pytest

from summarizer.briefs import (
    denied_spans,
    event_kind,
    event_sentences,
    headline_and_summary,
    is_noise,
    is_rumour,
    point_problem,
    repair_names,
    select_for_brief,
)
from summarizer.grounding import Sentence, split_sentences


def sentence(text: str) -> Sentence:
    return Sentence(1, text, 0, len(text))


# --------------------------------------------------------------------------- choosing sentences

ARTICLE = """Startseite > Politik > Verteidigung
Russland liefert Belarus zwei weitere S-400-Systeme
Von Anna Schmidt, Berlin
Russland liefert Belarus zwei weitere S-400-Systeme
Russland hat Belarus am 3. März zwei weitere S-400-Systeme übergeben, teilte das Ministerium in Minsk mit.
Die Lieferung war lange erwartet worden.
Der Vertrag hat einen Wert von 1,2 Milliarden Dollar.
Experten halten das für ein wichtiges Signal.
Polen kritisierte die Lieferung scharf.
Die Stimmung in Minsk ist gut.
Lukaschenko traf Putin am 5. März in Moskau.
Auch Iskander-Raketen sollen folgen.
"""
SENTENCES = split_sentences(ARTICLE)


def test_the_brief_translates_the_headline_the_lead_and_the_richest_sentences() -> None:
    assert [s.n for s in SENTENCES] == list(range(1, 13))
    selection = select_for_brief(SENTENCES, limit=4)
    # Breadcrumb (1), byline (3) and the repeated headline (4) are never chosen; after the
    # headline (2) and the lead (5) come the money (7) and the weapon (12), in article order.
    assert [s.n for s in selection.sentences] == [2, 5, 7, 12]
    assert selection.headline == 2
    wider = select_for_brief(SENTENCES)
    assert [s.n for s in wider.sentences] == [2, 5, 7, 9, 11, 12]


def test_without_a_headline_line_the_lead_comes_first() -> None:
    found = split_sentences(
        "Russland hat Belarus zwei S-400-Systeme übergeben. Die Lieferung war lange erwartet."
    )
    selection = select_for_brief(found)
    assert (selection.headline, [s.n for s in selection.sentences]) == (None, [1, 2])


def test_an_article_of_page_furniture_only_has_nothing_to_translate() -> None:
    found = split_sentences("Startseite > Politik > Verteidigung\nVon Anna Schmidt, Berlin\n")
    selection = select_for_brief(found)
    assert (selection.sentences, selection.headline) == ([], None)


@pytest.mark.parametrize(
    "text",
    [
        "Anasayfa > Savunma Sanayii",
        "Home > World > Europe > Russia hands Belarus missiles",
        "Wirtschaft | Rüstungsindustrie",
        "Economía · Defensa · Industria",
        "Von Hans Müller, Berlin",
        "Автор: Дмитрий Колесников, обозреватель отдела безопасности",
        "Par Jean Dupont",
        "Publié le 29 avril 2025 à 08h15",
        "18 декабря 2025, 08:40 · 5 мин. чтения",
        "Lesezeit: 4 Minuten",
        "Paylaş",
    ],
)
def test_page_furniture_is_noise(text: str) -> None:
    assert is_noise(sentence(text))


@pytest.mark.parametrize(
    "text",
    [
        "Russland hat zwei S-400-Systeme an Belarus geliefert.",
        "Sözleşmenin mali değeri açıklanmadı.",
        # sentences that begin like a byline
        "Par ailleurs, la France a livré douze Rafale à la Grèce en 2023.",
        "Por su parte, el Ministerio de Defensa anunció la compra de 24 aviones F-16.",
        "By 2030, India plans to field more than a hundred Rafale jets.",
        "Lukaschenko traf Putin am 5. März in Moskau.",
    ],
)
def test_news_sentences_are_not_noise(text: str) -> None:
    assert not is_noise(sentence(text))


def test_event_sentences_are_day_dated_and_name_a_country() -> None:
    found = split_sentences(
        "Erdoğan 12 Şubat 2025'te Endonezya'yı ziyaret etti. "
        "Hava güzeldi ve 12 Şubat'ta herkes sevindi. "
        "Endonezya ile Türkiye yakın ortak. "
        "Putin 2 Mart'ta Ankara'yı aradı."
    )
    # 2: no country; 3: no date; 4: a capital is not a country in article text.
    assert event_sentences(found, exclude=[]) == [1]
    assert event_sentences(found, exclude=[1]) == []


# --------------------------------------------------------------------------- judging a translation


@pytest.mark.parametrize(
    ("source", "english", "article"),
    [
        # a decimal comma written as a point is the same number
        (
            "La France a vendu des Rafale pour 6,6 milliards d'euros.",
            "France sold Rafale jets for 6.6 billion euros.",
            "",
        ),
        # "Paris" for France is fine when the article names France somewhere
        (
            "L'Élysée a confirmé la vente de Rafale à l'Inde.",
            "Paris confirmed the sale of Rafale jets to India.",
            "La France et l'Inde ont signé.",
        ),
        # a denial kept as a denial
        (
            "Лукашенко также опроверг сообщения о поставке зенитных систем С-500.",
            "Lukashenko also denied reports about the delivery of S-500 air defence systems.",
            "",
        ),
    ],
)
def test_a_faithful_translation_has_no_problem(source: str, english: str, article: str) -> None:
    assert point_problem(source, english, article) is None


@pytest.mark.parametrize(
    ("source", "english", "problem"),
    [
        ("Rusya S-400 teslim etti.", "Yes", "the translation is empty or too short"),
        (
            "Rusya, Belarus'a iki S-400 sistemi teslim etti.",
            "Rusya, Belarus'a iki S-400 sistemini daha önce teslim etmişti.",
            "the translation is not in English",
        ),
        (
            "Rusya, Belarus'a iki S-400 sistemi teslim etti.",
            "Russia delivered two S-400 systems to Belarus in 2024.",
            "the translation has numbers the sentence does not: 2024",
        ),
        (
            "L'Élysée a confirmé la vente de Rafale à l'Inde.",
            "The Élysée confirmed the sale of Rafale jets to India and Pakistan.",
            "the translation names countries the article does not: Pakistan",
        ),
        (
            "Rusya, Belarus'a iki S-400 sistemi teslim etti.",
            "Russia delivered two S-400 and Iskander systems to Belarus.",
            "the translation names systems the sentence does not: Iskander",
        ),
        (
            "Лукашенко также опроверг сообщения о поставке зенитных систем С-500.",
            "Lukashenko also confirmed reports about the delivery of S-500 air defence systems.",
            "the sentence denies or negates something and the translation does not",
        ),
    ],
)
def test_an_unfaithful_translation_is_named(source: str, english: str, problem: str) -> None:
    assert point_problem(source, english) == problem


@pytest.mark.parametrize(
    ("source", "english", "repaired"),
    [
        # one country in the sentence, another one in the translation: the sentence wins
        (
            "Mısır, KAAN programına katılmak istiyor.",
            "Syria wants to join the KAAN programme.",
            "Egypt wants to join the KAAN programme.",
        ),
        # the same for one system (Arabic letters read in code)
        (
            "Mısır'a ياك-130 uçakları teslim edildi.",
            "Su-35 jets were delivered to Egypt.",
            "Yak-130 jets were delivered to Egypt.",
        ),
        # two countries in the sentence: nothing to decide, the judge will see it
        ("Ürdün ve Mısır KAAN istiyor.", "Syria wants KAAN.", "Syria wants KAAN."),
        # the right country already there: nothing is replaced
        (
            "Mısır, KAAN programına katılmak istiyor.",
            "Egypt and Syria want KAAN.",
            "Egypt and Syria want KAAN.",
        ),
        (
            "Mısır'a Yak-130 ve Su-35 uçakları teslim edildi.",
            "F-16 jets were delivered to Egypt.",
            "F-16 jets were delivered to Egypt.",
        ),
    ],
)
def test_a_wrong_name_is_repaired_only_when_the_sentence_decides_it(
    source: str, english: str, repaired: str
) -> None:
    assert repair_names(source, english) == repaired


# --------------------------------------------------------------------------- rumours and denials


@pytest.mark.parametrize(
    ("text", "rumour"),
    [
        ("According to media reports, Germany may send Taurus missiles.", True),
        ("Berichten zufolge liefert Deutschland Taurus.", True),
        ("По данным СМИ, Россия поставит Су-35.", True),
        ("Basında çıkan haberlere göre Türkiye F-35 alacak.", True),
        ("Selon la presse, la France livrera des Rafale.", True),
        ("Según medios, España venderá F-18.", True),
        ("Germany delivered Patriot systems.", False),
        ("Türkiye, Endonezya'ya 48 KAAN satacak.", False),
    ],
)
def test_rumours_are_recognised(text: str, rumour: bool) -> None:
    assert is_rumour(text) is rumour


def test_a_denial_covers_its_clause_between_but_or_confirms() -> None:
    text = "Lukashenko denied reports of S-500 deliveries, but confirmed the Oreshnik deployment."
    [(start, end)] = denied_spans(text)
    assert text[start:end] == "Lukashenko denied reports of S-500 deliveries, "
    russian = "Лукашенко опроверг сообщения о поставке С-500."
    [(start, end)] = denied_spans(russian)
    assert russian[start:end] == russian
    # Verb-final: the denied clause stands before "yalanladı".
    turkish = "Bakanlık, Rusya'nın Türkiye'ye ikinci S-400 bataryasını teslim ettiğini yalanladı."
    [(start, end)] = denied_spans(turkish)
    assert turkish[start:end] == turkish
    confirmed = "Moskova Su-35 teslimatını yalanladı ancak Mi-28 teslimatını doğruladı."
    [(start, end)] = denied_spans(confirmed)
    assert "Su-35" in confirmed[start:end] and "Mi-28" not in confirmed[start:end]
    assert denied_spans("Russia delivered S-400 systems.") == []


# --------------------------------------------------------------------------- the brief's text


def test_headline_and_summary_are_cut_at_word_boundaries() -> None:
    points = [
        f"Point number {word} is a fairly long sentence with many words in it to fill space."
        for word in ("one", "two", "three", "four", "five", "six")
    ]
    headline, summary = headline_and_summary(None, points)
    # No headline sentence: the first point heads the brief and is not repeated below.
    assert headline == points[0].rstrip(".")
    assert summary == " ".join(points[1:5])  # points until the summary is long enough
    long_headline, short = headline_and_summary("word " * 60, ["First point.", "Second point"])
    assert len(long_headline) <= 160 and long_headline.endswith("word…")
    assert short == "First point. Second point."  # sentence case and a closing full stop


@pytest.mark.parametrize(
    ("english", "kind"),
    [
        ("Putin called Erdoğan.", "call"),
        ("Erdoğan visited Jakarta.", "visit"),
        ("The two signed a memorandum.", "agreement"),
        ("They held talks.", "talks"),
        ("They met in Minsk.", "meeting"),
        ("Joint exercises began.", "exercise"),
        ("Russia delivered jets.", "delivery"),
        ("The EU imposed sanctions.", "sanction"),
        ("He said so.", "statement"),
        ("It rained.", "other"),
        (None, "other"),
    ],
)
def test_the_kind_of_an_event_is_read_from_its_translation(english: str | None, kind: str) -> None:
    assert event_kind(english) == kind


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("Lukaşenko ve Putin Minsk'te bir araya geldi.", "Lukashenko and Putin met in Minsk."),
        ("В 2024 году Россия поставила 12 Су-35.", "In 2024 Russia delivered 12 Su-35 jets."),
    ],
)
def test_short_english_lines_full_of_names_are_english(source: str, english: str) -> None:
    # Language identification reads these as Finnish and Danish; they are still English.
    assert point_problem(source, english) is None


@pytest.mark.parametrize(
    "english",
    ["Lukaşenko ve Putin Minsk'te bir araya geldi.", "Лукашенко и Путин встретились в Минске."],
)
def test_an_untranslated_or_other_script_line_is_not_english(english: str) -> None:
    source = "Lukaşenko ve Putin Minsk'te bir araya geldi."
    assert point_problem(source, english) == "the translation is not in English"


def test_system_variants_survive_the_english_names() -> None:
    from summarizer.hints import canonical_systems

    assert canonical_systems("Belarus got Su-30SM2 jets") == "Belarus got Su-30SM2 jets"
    assert canonical_systems("İskender systems") == "Iskander systems"
