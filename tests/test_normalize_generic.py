"""Generic weapon words: labels, categories and offsets in eight languages; no false alarms."""

from __future__ import annotations

from typing import get_args

import pytest

from summarizer.normalize import Category, GenericMention, find_generic_weapons, resolve_generic


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Rusya’nın S-400 hava savunma sistemleri ile 'İskender' yüksek hassasiyetli füze sistemlerini daha önce Belarus’a sevk ettiğine dikkati çeken Lukaşenko",
            [("hava savunma sistemleri", "air defence systems"), ("füze sistemlerini", "missiles")],
        ),
        (
            "Baykar, Kuveyt'e SİHA'lar ve insansız hava araçları teslim etti.",
            [("SİHA'lar", "drones"), ("insansız hava araçları", "drones")],
        ),
        (
            "Türkiye'nin savaş uçakları, helikopterleri ve zırhlı araçları ihraç edildi.",
            [
                ("savaş uçakları", "fighter jets"),
                ("helikopterleri", "helicopters"),
                ("zırhlı araçları", "armoured vehicles"),
            ],
        ),
        (
            "Endonezya, 48 KAAN savaş uçağı için anlaşma imzaladı; tanklar ve obüsler de listede.",
            [("savaş uçağı", "fighter jets"), ("tanklar", "tanks"), ("obüsler", "artillery")],
        ),
        (
            "Deniz Kuvvetleri fırkateyn, korvet ve denizaltı projelerini sürdürüyor; mühimmat ve tüfek üretimi arttı.",
            [
                ("fırkateyn", "warships"),
                ("korvet", "warships"),
                ("denizaltı", "warships"),
                ("mühimmat", "ammunition"),
                ("tüfek", "small arms"),
            ],
        ),
        (
            "İHA'lar elektronik harp sistemleri ve radarlar ile korunuyor, silahlı kuvvetler ihaleye çıktı.",
            [
                ("İHA'lar", "drones"),
                ("elektronik harp sistemleri", "electronic warfare systems"),
                ("radarlar", "radars"),
            ],
        ),
        (
            "Die Türkei liefert Drohnen, Kampfpanzer und Schützenpanzer an Aserbaidschan.",
            [
                ("Drohnen", "drones"),
                ("Kampfpanzer", "tanks"),
                ("Schützenpanzer", "armoured vehicles"),
            ],
        ),
        (
            "Deutschland hat Marschflugkörper, Luftabwehrsysteme und Kampfjets zugesagt.",
            [
                ("Marschflugkörper", "missiles"),
                ("Luftabwehrsysteme", "air defence systems"),
                ("Kampfjets", "fighter jets"),
            ],
        ),
        (
            "Die Bundeswehr erhielt neue Hubschrauber, Fregatten, U-Boote, Panzerhaubitzen und Munition.",
            [
                ("Hubschrauber", "helicopters"),
                ("Fregatten", "warships"),
                ("U-Boote", "warships"),
                ("Panzerhaubitzen", "artillery"),
                ("Munition", "ammunition"),
            ],
        ),
        (
            "Russland liefert Waffen und Sturmgewehre; die Flugabwehr meldete Raketen.",
            [
                ("Waffen", "weapons"),
                ("Sturmgewehre", "small arms"),
                ("Flugabwehr", "air defence systems"),
                ("Raketen", "missiles"),
            ],
        ),
        (
            "Россия поставила беспилотники, ракеты, зенитный ракетный комплекс и системы ПВО.",
            [
                ("беспилотники", "drones"),
                ("ракеты", "missiles"),
                ("зенитный ракетный комплекс", "air defence systems"),
                ("системы ПВО", "air defence systems"),
            ],
        ),
        (
            "Минобороны получило истребители, вертолёты, танки, БТР и артиллерию.",
            [
                ("истребители", "fighter jets"),
                ("вертолёты", "helicopters"),
                ("танки", "tanks"),
                ("БТР", "armoured vehicles"),
                ("артиллерию", "artillery"),
            ],
        ),
        (
            "ВМФ получит фрегат, корвет и подводную лодку, а также боеприпасы и оружие.",
            [
                ("фрегат", "warships"),
                ("корвет", "warships"),
                ("подводную лодку", "warships"),
                ("боеприпасы", "ammunition"),
                ("оружие", "weapons"),
            ],
        ),
        (
            "Комплексы С-400 приняты на вооружение, БПЛА сбиты средствами РЭБ.",
            [("БПЛА", "drones"), ("РЭБ", "electronic warfare systems")],
        ),
        (
            "La France a livré des avions de combat, des chars d'assaut et des véhicules blindés.",
            [
                ("avions de combat", "fighter jets"),
                ("chars d'assaut", "tanks"),
                ("véhicules blindés", "armoured vehicles"),
            ],
        ),
        (
            "Paris fournit des drones, des missiles, des hélicoptères et des obus à l'Ukraine.",
            [
                ("drones", "drones"),
                ("missiles", "missiles"),
                ("hélicoptères", "helicopters"),
                ("obus", "ammunition"),
            ],
        ),
        (
            "Le char du carnaval et la défense aérienne, des frégates, des sous-marins, des armes.",
            [
                ("défense aérienne", "air defence systems"),
                ("frégates", "warships"),
                ("sous-marins", "warships"),
                ("armes", "weapons"),
            ],
        ),
        (
            "España vende aviones de combate, tanques, vehículos blindados y obuses.",
            [
                ("aviones de combate", "fighter jets"),
                ("tanques", "tanks"),
                ("vehículos blindados", "armoured vehicles"),
                ("obuses", "artillery"),
            ],
        ),
        (
            "Marruecos compró drones, misiles, helicópteros, fragatas y municiones.",
            [
                ("drones", "drones"),
                ("misiles", "missiles"),
                ("helicópteros", "helicopters"),
                ("fragatas", "warships"),
                ("municiones", "ammunition"),
            ],
        ),
        (
            "El tanque de combustible estaba lleno; la defensa antiaérea derribó cazas.",
            [("defensa antiaérea", "air defence systems"), ("cazas", "fighter jets")],
        ),
        (
            "سلمت روسيا الطائرات المسيّرة والصواريخ ومنظومات الدفاع الجوي إلى إيران",
            [
                ("الطائرات المسيّرة", "drones"),
                ("والصواريخ", "missiles"),
                ("ومنظومات الدفاع الجوي", "air defence systems"),
            ],
        ),
        (
            "تسلم الجيش دبابات ومدرعات ومدفعية وفرقاطة وغواصات",
            [
                ("دبابات", "tanks"),
                ("ومدرعات", "armoured vehicles"),
                ("ومدفعية", "artillery"),
                ("وفرقاطة", "warships"),
                ("وغواصات", "warships"),
            ],
        ),
        (
            "ذخيرة وبنادق وأسلحة ومروحيات وطائرات مقاتلة",
            [
                ("ذخيرة", "ammunition"),
                ("وبنادق", "small arms"),
                ("وأسلحة", "weapons"),
                ("ومروحيات", "helicopters"),
                ("وطائرات مقاتلة", "fighter jets"),
            ],
        ),
        (
            "Türkiyə Azərbaycana PUA-lar, pilotsuz uçan aparatlar və qırıcılar təhvil verdi.",
            [
                ("PUA-lar", "drones"),
                ("pilotsuz uçan aparatlar", "drones"),
                ("qırıcılar", "fighter jets"),
            ],
        ),
        (
            "Hava hücumundan müdafiə sistemləri, helikopterlər və silah alındı.",
            [
                ("Hava hücumundan müdafiə sistemləri", "air defence systems"),
                ("helikopterlər", "helicopters"),
                ("silah", "weapons"),
            ],
        ),
        (
            "The think tank said fuel tanks leaked; anti-tank missiles and main battle tanks arrived.",
            [("anti-tank missiles", "missiles"), ("main battle tanks", "tanks")],
        ),
        (
            "Fighter jets, air defence systems, artillery shells, howitzers, ammunition and assault rifles.",
            [
                ("Fighter jets", "fighter jets"),
                ("air defence systems", "air defence systems"),
                ("artillery shells", "ammunition"),
                ("howitzers", "artillery"),
                ("ammunition", "ammunition"),
                ("assault rifles", "small arms"),
            ],
        ),
        (
            "Radars, electronic warfare systems, weapons and unmanned aerial vehicles were listed.",
            [
                ("Radars", "radars"),
                ("electronic warfare systems", "electronic warfare systems"),
                ("weapons", "weapons"),
                ("unmanned aerial vehicles", "drones"),
            ],
        ),
        ("Tomorrow will be sunny with light winds and a high of 24 degrees.", []),
        ("Morgen wird es sonnig und trocken, Höchstwerte 24 Grad.", []),
        ("Завтра будет солнечно, температура до 24 градусов.", []),
        ("Demain, il fera beau et le char du carnaval défilera.", []),
        ("Mañana hará sol y temperaturas de hasta 24 grados.", []),
        ("الطقس غدا مشمس ودرجات الحرارة 24", []),
        ("Yarın hava güneşli olacak, sıcaklık 24 derece.", []),
        ("Sabah hava günəşli olacaq.", []),
    ],
)
def test_find_generic_weapons(text: str, expected: list[tuple[str, str]]) -> None:
    mentions = find_generic_weapons(text)
    assert [(m.surface, m.label) for m in mentions] == expected
    for m in mentions:
        assert text[m.start : m.end] == m.surface


@pytest.mark.parametrize(
    ("text", "label", "category"),
    [
        ("drones", "drones", "drone"),
        ("Drohnen", "drones", "drone"),
        ("İHA", "drones", "drone"),
        ("SİHA'lar", "drones", "drone"),
        ("insansız hava aracı", "drones", "drone"),
        ("беспилотники", "drones", "drone"),
        ("дроны", "drones", "drone"),
        ("БПЛА", "drones", "drone"),
        ("drones kamikazes", "drones", "drone"),
        ("dron", "drones", "drone"),
        ("طائرات مسيّرة", "drones", "drone"),
        ("PUA", "drones", "drone"),
        ("pilotsuz uçan aparat", "drones", "drone"),
        ("missiles", "missiles", "missile"),
        ("füze", "missiles", "missile"),
        ("Raketen", "missiles", "missile"),
        ("Marschflugkörper", "missiles", "missile"),
        ("ракеты", "missiles", "missile"),
        ("misiles", "missiles", "missile"),
        ("صواريخ", "missiles", "missile"),
        ("raket", "missiles", "missile"),
        ("air defence systems", "air defence systems", "air_defence"),
        ("hava savunma sistemi", "air defence systems", "air_defence"),
        ("Luftabwehrsystem", "air defence systems", "air_defence"),
        ("Flugabwehr", "air defence systems", "air_defence"),
        ("ПВО", "air defence systems", "air_defence"),
        ("зенитный ракетный комплекс", "air defence systems", "air_defence"),
        ("ЗРК", "air defence systems", "air_defence"),
        ("défense antiaérienne", "air defence systems", "air_defence"),
        ("defensa aérea", "air defence systems", "air_defence"),
        ("دفاع جوي", "air defence systems", "air_defence"),
        ("hava hücumundan müdafiə", "air defence systems", "air_defence"),
        ("fighter jets", "fighter jets", "aircraft"),
        ("savaş uçağı", "fighter jets", "aircraft"),
        ("Kampfjets", "fighter jets", "aircraft"),
        ("Kampfflugzeuge", "fighter jets", "aircraft"),
        ("истребители", "fighter jets", "aircraft"),
        ("avions de combat", "fighter jets", "aircraft"),
        ("aviones de combate", "fighter jets", "aircraft"),
        ("cazas", "fighter jets", "aircraft"),
        ("طائرات مقاتلة", "fighter jets", "aircraft"),
        ("qırıcı", "fighter jets", "aircraft"),
        ("transport aircraft", "transport aircraft", "aircraft"),
        ("Transportflugzeug", "transport aircraft", "aircraft"),
        ("helicopters", "helicopters", "helicopter"),
        ("Hubschrauber", "helicopters", "helicopter"),
        ("вертолёт", "helicopters", "helicopter"),
        ("вертолет", "helicopters", "helicopter"),
        ("hélicoptère", "helicopters", "helicopter"),
        ("helicóptero", "helicopters", "helicopter"),
        ("مروحية", "helicopters", "helicopter"),
        ("helikopter", "helicopters", "helicopter"),
        ("tank", "tanks", "armoured_vehicle"),
        ("Panzer", "tanks", "armoured_vehicle"),
        ("танк", "tanks", "armoured_vehicle"),
        ("chars d'assaut", "tanks", "armoured_vehicle"),
        ("tanque", "tanks", "armoured_vehicle"),
        ("Schützenpanzer", "armoured vehicles", "armoured_vehicle"),
        ("gepanzerte Fahrzeuge", "armoured vehicles", "armoured_vehicle"),
        ("zırhlı araç", "armoured vehicles", "armoured_vehicle"),
        ("бронетехника", "armoured vehicles", "armoured_vehicle"),
        ("бронемашина", "armoured vehicles", "armoured_vehicle"),
        ("БМП", "armoured vehicles", "armoured_vehicle"),
        ("véhicule blindé", "armoured vehicles", "armoured_vehicle"),
        ("vehículo blindado", "armoured vehicles", "armoured_vehicle"),
        ("مدرعات", "armoured vehicles", "armoured_vehicle"),
        ("topçu", "artillery", "artillery"),
        ("obüs", "artillery", "artillery"),
        ("Artillerie", "artillery", "artillery"),
        ("Haubitze", "artillery", "artillery"),
        ("артиллерия", "artillery", "artillery"),
        ("гаубица", "artillery", "artillery"),
        ("obusier", "artillery", "artillery"),
        ("artillería", "artillery", "artillery"),
        ("obús", "artillery", "artillery"),
        ("مدفعية", "artillery", "artillery"),
        ("savaş gemisi", "warships", "naval"),
        ("fırkateyn", "warships", "naval"),
        ("Fregatte", "warships", "naval"),
        ("Korvette", "warships", "naval"),
        ("U-Boot", "warships", "naval"),
        ("Kriegsschiff", "warships", "naval"),
        ("подводная лодка", "warships", "naval"),
        ("frégate", "warships", "naval"),
        ("submarino", "warships", "naval"),
        ("corbeta", "warships", "naval"),
        ("فرقاطة", "warships", "naval"),
        ("غواصة", "warships", "naval"),
        ("mühimmat", "ammunition", "munitions"),
        ("cephane", "ammunition", "munitions"),
        ("Munition", "ammunition", "munitions"),
        ("боеприпасы", "ammunition", "munitions"),
        ("снаряды", "ammunition", "munitions"),
        ("munitions", "ammunition", "munitions"),
        ("munición", "ammunition", "munitions"),
        ("ذخيرة", "ammunition", "munitions"),
        ("tüfek", "small arms", "small_arms"),
        ("Gewehre", "small arms", "small_arms"),
        ("Sturmgewehr", "small arms", "small_arms"),
        ("винтовки", "small arms", "small_arms"),
        ("автоматы", "small arms", "small_arms"),
        ("fusils", "small arms", "small_arms"),
        ("fusiles", "small arms", "small_arms"),
        ("بنادق", "small arms", "small_arms"),
        ("radar", "radars", "electronic"),
        ("РЛС", "radars", "electronic"),
        ("радар", "radars", "electronic"),
        ("elektronik harp", "electronic warfare systems", "electronic"),
        ("РЭБ", "electronic warfare systems", "electronic"),
        ("guerre électronique", "electronic warfare systems", "electronic"),
        ("guerra electrónica", "electronic warfare systems", "electronic"),
        ("silah", "weapons", "other"),
        ("Waffen", "weapons", "other"),
        ("оружие", "weapons", "other"),
        ("вооружение", "weapons", "other"),
        ("armes", "weapons", "other"),
        ("armement", "weapons", "other"),
        ("armas", "weapons", "other"),
        ("أسلحة", "weapons", "other"),
        ("the attack drones", "drones", "drone"),
        ("  Drohnen ", "drones", "drone"),
    ],
)
def test_resolve_generic(text: str, label: str, category: str) -> None:
    got = resolve_generic(text)
    assert got == GenericMention(
        label=label, category=category, start=0, end=len(text), surface=text
    )


@pytest.mark.parametrize(
    "text",
    ["", "sunny", "Bayraktar TB2", "S-400", "Russia", "drones and missiles", "char", "think tank"],
)
def test_resolve_generic_rejects(text: str) -> None:
    assert resolve_generic(text) is None


def test_categories_are_known() -> None:
    allowed = set(get_args(Category))
    text = " ; ".join(
        [
            "drones",
            "missiles",
            "Luftabwehr",
            "Kampfjets",
            "transport aircraft",
            "helicopters",
            "tanks",
            "Schützenpanzer",
            "howitzers",
            "frigates",
            "ammunition",
            "rifles",
            "radars",
            "РЭБ",
            "weapons",
        ]
    )
    mentions = find_generic_weapons(text)
    assert len(mentions) == 15
    assert {m.category for m in mentions} <= allowed
