"""Weapon-system gazetteer: resolution across scripts and spellings, scanning, designations."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import get_args

import pytest

from summarizer.normalize import (
    Category,
    all_systems,
    article_names_system,
    find_designations,
    find_systems,
    resolve_system,
)

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


@pytest.mark.parametrize(
    ("text", "name", "category"),
    [
        ("S-400", "S-400", "air_defence"),
        ("С-400", "S-400", "air_defence"),
        ("S400", "S-400", "air_defence"),
        ("s 400", "S-400", "air_defence"),
        ("Триумф", "S-400", "air_defence"),
        ("S-400 Triumf", "S-400", "air_defence"),
        ("S-300", "S-300", "air_defence"),
        ("S-300PMU2", "S-300", "air_defence"),
        ("İskender", "Iskander", "missile"),
        ("Iskender", "Iskander", "missile"),
        ("Искандер", "Iskander", "missile"),
        ("Искандеры", "Iskander", "missile"),
        ("9M723", "Iskander", "missile"),
        ("Су-35", "Su-35", "aircraft"),
        ("Су-35С", "Su-35", "aircraft"),
        ("Su-35S", "Su-35", "aircraft"),
        ("Su-57", "Su-57", "aircraft"),
        ("Su-30SM", "Su-30", "aircraft"),
        ("МиГ-29", "MiG-29", "aircraft"),
        ("F-16V", "F-16", "aircraft"),
        ("F-35", "F-35", "aircraft"),
        ("F/A-18", "F/A-18", "aircraft"),
        ("Bayraktar TB2", "Bayraktar TB2", "drone"),
        ("Bayraktar ТB2", "Bayraktar TB2", "drone"),
        ("TB-2", "Bayraktar TB2", "drone"),
        ("TB3", "Bayraktar TB3", "drone"),
        ("Bayraktar Akıncı", "Bayraktar Akinci", "drone"),
        ("AKINCI", "Bayraktar Akinci", "drone"),
        ("Patriot", "Patriot", "air_defence"),
        ("Patriot PAC-3", "Patriot", "air_defence"),
        ("HIMARS", "HIMARS", "artillery"),
        ("Leopard 2", "Leopard 2", "armoured_vehicle"),
        ("Leopard-2A6", "Leopard 2", "armoured_vehicle"),
        ("T-90M", "T-90", "armoured_vehicle"),
        ("Pantsir-S1", "Pantsir-S1", "air_defence"),
        ("Панцирь-С1", "Pantsir-S1", "air_defence"),
        ("Tor-M2", "Tor-M2", "air_defence"),
        ("Kalibr", "Kalibr", "missile"),
        ("Кинжал", "Kinzhal", "missile"),
        ("Mi-17", "Mi-17", "helicopter"),
        ("Mi-171Sh", "Mi-17", "helicopter"),
        ("Kornet", "Kornet", "missile"),
        ("Anka", "Anka", "drone"),
        ("Hürjet", "Hürjet", "aircraft"),
        ("KAAN", "KAAN", "aircraft"),
        ("J-10C", "J-10C", "aircraft"),
        ("J-10CE", "J-10C", "aircraft"),
        ("Rafale", "Rafale", "aircraft"),
        ("Eurofighter Typhoon", "Eurofighter Typhoon", "aircraft"),
        ("IRIS-T SLM", "IRIS-T", "air_defence"),
        ("NASAMS", "NASAMS", "air_defence"),
        ("Stinger", "Stinger", "air_defence"),
        ("Javelin", "Javelin", "missile"),
        ("Caesar", "Caesar", "artillery"),
        ("K9 Thunder", "K9 Thunder", "artillery"),
        ("Shahed-136", "Shahed-136", "drone"),
        ("Герань-2", "Geran-2", "drone"),
        ("Iron Dome", "Iron Dome", "air_defence"),
        ("Barak-8", "Barak-8", "air_defence"),
        ("Hermes 900", "Hermes 900", "drone"),
        ("Harop", "Harop", "drone"),
        ("Kh-101", "Kh-101", "missile"),
        ("Х-101", "Kh-101", "missile"),
        ("Lancet", "Lancet", "drone"),
    ],
)
def test_resolve_system(text: str, name: str, category: str) -> None:
    system = resolve_system(text)
    assert system is not None
    assert (system.name, system.category) == (name, category)


@pytest.mark.parametrize("text", ["Leopard", "Tornado", "Typhoon", "Kh-555", "", "weather"])
def test_resolve_system_unknown(text: str) -> None:
    assert resolve_system(text) is None


def test_gazetteer_size_and_categories() -> None:
    systems = all_systems()
    assert len(systems) >= 80
    assert len({s.name for s in systems}) == len(systems)
    assert {s.category for s in systems} <= set(get_args(Category))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            'Rusya’nın S-400 hava savunma sistemleri ile "İskender" füzeleri',
            [("S-400", "S-400"), ("Iskander", "İskender")],
        ),
        ("F-16 ve S-400", [("F-16", "F-16"), ("S-400", "S-400")]),
        ("Leopard 2A6 und Patriots", [("Leopard 2", "Leopard 2A6"), ("Patriot", "Patriots")]),
        ("ракеты «Искандер-М» и С-300", [("Iskander", "Искандер-М"), ("S-300", "С-300")]),
        ("Su-35S and Su-57 jets", [("Su-35", "Su-35S"), ("Su-57", "Su-57")]),
        (
            "Bayraktar TB2 ve Akıncı İHA'ları",
            [("Bayraktar TB2", "Bayraktar TB2"), ("Bayraktar Akinci", "Akıncı")],
        ),
        ("a true patriot and a javelin throw", []),
        ("Kaan Yılmaz ve KAAN", [("KAAN", "KAAN")]),
    ],
)
def test_find_systems(text: str, expected: list[tuple[str, str]]) -> None:
    found = find_systems(text)
    assert [(m.system.name, m.surface) for m in found] == expected
    for m in found:
        assert text[m.start : m.end] == m.surface


def test_weather_report_has_no_systems() -> None:
    text = (
        "Wetterbericht: Am Donnerstag ziehen Gewitter und ein Tornado über Bayern, 30 Grad. "
        "Weather: a tornado warning, typhoon season, a storm with thunder and hail. "
        "Hava durumu: Fırtına ve kasırga uyarısı, sıcaklık 25 derece. "
        "Météo: rafales de vent et mistral. Погода: гроза, ураган, +25 градусов."
    )
    assert find_systems(text) == []
    assert find_designations(text) == []


def test_seed_001_s400_and_iskander() -> None:
    text = (SEEDS / "001_915c504d3d01d421.txt").read_text(encoding="utf-8")
    found = find_systems(text)
    assert Counter(m.system.name for m in found) == {"S-400": 6, "Iskander": 6}
    for m in found:
        assert text[m.start : m.end] == m.surface
    assert article_names_system(text, "S-400")
    assert article_names_system(text, "С-400 Триумф")
    assert article_names_system(text, "Iskander-M")
    assert not article_names_system(text, "S-300")


def test_seed_003_f16() -> None:
    text = (SEEDS / "003_76069af4566144ff.txt").read_text(encoding="utf-8")
    assert [m.system.name for m in find_systems(text)] == ["F-16"]


@pytest.mark.parametrize(
    ("article", "designation", "expected"),
    [
        ("Удар ракетами Х-101 и Калибр", "Kh-101", True),
        ("the Kh-555 cruise missile", "Kh-555", True),
        ("the Kh-55 cruise missile", "Kh-555", False),
        ("ракеты 9М723 комплекса", "9M723", True),
        ("Su-35S fighters", "Su-35", True),
        ("S-300 batteries", "S-400", False),
        ("a new Zircon launch", "Tsirkon", True),
        ("nothing here", "Kh-101", False),
    ],
)
def test_article_names_system(article: str, designation: str, expected: bool) -> None:
    assert article_names_system(article, designation) is expected


def test_find_designations() -> None:
    text = "Kh-101 ve 9M723 füzeleri, A400M uçağı ile Bayraktar TB2."
    found = find_designations(text)
    assert [(d.surface, d.key, d.system.name if d.system else None) for d in found] == [
        ("Kh-101", "kh101", "Kh-101"),
        ("9M723", "9m723", "Iskander"),
        ("A400M", "a400m", "A400M"),
        ("TB2", "tb2", "Bayraktar TB2"),
    ]
    for d in found:
        assert text[d.start : d.end] == d.surface
