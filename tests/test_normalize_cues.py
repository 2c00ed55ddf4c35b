"""Status cues, negation, dominant status, supplier/recipient hints and orient() in 8 languages."""

from __future__ import annotations

import pytest

from summarizer.normalize import (
    RoleHint,
    StatusCue,
    direction_hints,
    dominant_status,
    find_status_cues,
    orient,
)

TURKISH_LUKASHENKO = (
    "Rusya’nın S-400 hava savunma sistemleri ile 'İskender' yüksek hassasiyetli füze sistemlerini "
    "daha önce Belarus’a sevk ettiğine dikkati çeken Lukaşenko, 'S-400 sistemlerini ve en önemlisi "
    "İskender sistemini bugün devreye soktuk' ifadelerini kullandı."
)


@pytest.mark.parametrize(
    ("sentence", "cues", "dominant"),
    [
        (
            "Rusya’nın S-400 hava savunma sistemleri ile 'İskender' yüksek hassasiyetli füze sistemlerini daha önce Belarus’a sevk ettiğine dikkati çeken Lukaşenko, 'S-400 sistemlerini ve en önemlisi İskender sistemini bugün devreye soktuk' ifadelerini kullandı.",
            [("delivered", "sevk ettiğine", False), ("deployed", "devreye soktuk", False)],
            "deployed",
        ),
        ("Türkiye, Azerbaycan'a SİHA teslim etmedi.", [("delivered", "teslim etmedi", True)], None),
        (
            "Baykar, Kuveyt'e 18 SİHA teslim etti.",
            [("delivered", "teslim etti", False)],
            "delivered",
        ),
        (
            "Endonezya, 48 KAAN savaş uçağı için Türkiye ile anlaşma imzaladı.",
            [("agreed", "anlaşma", False), ("agreed", "imzaladı", False)],
            "agreed",
        ),
        (
            "Türkiye, Katar'a fırkateyn satışı için müzakere yürütüyor.",
            [("negotiating", "müzakere", False)],
            "negotiating",
        ),
        ("Türkiye, Endonezya'ya KAAN teklif etti.", [("proposed", "teklif", False)], "proposed"),
        (
            "Pakistan, Türkiye'den korvet satın almayı planlıyor.",
            [("proposed", "planlıyor", False)],
            "proposed",
        ),
        (
            "İspanya, Türkiye ile yapılan sözleşmeyi iptal etti.",
            [("agreed", "sözleşmeyi", False), ("cancelled", "iptal", False)],
            "cancelled",
        ),
        (
            "S-400'ler Türkiye'ye teslim edilecek.",
            [("proposed", "teslim edilecek", False)],
            "proposed",
        ),
        ("Sistemler henüz teslim edilmedi.", [("delivered", "teslim edilmedi", True)], None),
        (
            "Hava savunma sistemleri Ankara'da konuşlandırıldı.",
            [("deployed", "konuşlandırıldı", False)],
            "deployed",
        ),
        (
            "Türkiyə Azərbaycana PUA-lar təhvil verdi.",
            [("delivered", "təhvil verdi", False)],
            "delivered",
        ),
        (
            "Azərbaycan Türkiyədən PUA-lar təhvil aldı.",
            [("delivered", "təhvil aldı", False)],
            "delivered",
        ),
        (
            "Azərbaycan İsraillə müqavilə imzaladı.",
            [("agreed", "müqavilə", False), ("agreed", "imzaladı", False)],
            "agreed",
        ),
        (
            "Rusiya Azərbaycanla danışıqlar aparır.",
            [("negotiating", "danışıqlar", False)],
            "negotiating",
        ),
        (
            "Sistemlər döyüş növbəsinə çıxarıldı.",
            [("deployed", "döyüş növbəsinə", False)],
            "deployed",
        ),
        (
            "Müqavilə ləğv edildi.",
            [("agreed", "Müqavilə", False), ("cancelled", "ləğv", False)],
            "cancelled",
        ),
        ("Silahlar hələ təhvil verilməyib.", [("delivered", "təhvil verilməyib", True)], None),
        (
            "Die Türkei liefert Drohnen an Aserbaidschan.",
            [("delivered", "liefert", False)],
            "delivered",
        ),
        (
            "Russland hat keine Su-35 an den Iran geliefert.",
            [("delivered", "geliefert", True)],
            None,
        ),
        (
            "Deutschland hat der Ukraine weitere Luftabwehrsysteme zugesagt.",
            [("proposed", "zugesagt", False)],
            "proposed",
        ),
        (
            "Die Patriot-Systeme wurden in Polen stationiert.",
            [("deployed", "stationiert", False)],
            "deployed",
        ),
        (
            "Die Bundesregierung hat den Vertrag über Kampfjets unterzeichnet.",
            [("agreed", "Vertrag", False), ("agreed", "unterzeichnet", False)],
            "agreed",
        ),
        (
            "Berlin und Riad verhandeln über Eurofighter.",
            [("negotiating", "verhandeln", False)],
            "negotiating",
        ),
        ("Die Schweiz hat den Kauf storniert.", [("cancelled", "storniert", False)], "cancelled"),
        (
            "Die Drohnen sollen bis 2025 an die Ukraine geliefert werden.",
            [("proposed", "geliefert", False)],
            "proposed",
        ),
        (
            "Die Flugabwehr wurde in Dienst gestellt.",
            [("deployed", "in Dienst gestellt", False)],
            "deployed",
        ),
        (
            "Россия поставила Индии три полка С-400.",
            [("delivered", "поставила", False)],
            "delivered",
        ),
        (
            "Индия отказалась от контракта.",
            [("cancelled", "отказалась", False), ("agreed", "контракта", False)],
            "cancelled",
        ),
        ("США передали Украине ракеты ATACMS.", [("delivered", "передали", False)], "delivered"),
        ("Россия не поставила Ирану Су-35.", [("delivered", "поставила", True)], None),
        (
            "Комплексы С-400 поставлены на боевое дежурство.",
            [("deployed", "поставлены на боевое дежурство", False)],
            "deployed",
        ),
        (
            "Россия и Индия подписали контракт на поставку фрегатов.",
            [("agreed", "подписали", False), ("agreed", "контракт", False)],
            "agreed",
        ),
        (
            "Стороны ведут переговоры о поставке истребителей.",
            [("negotiating", "переговоры", False)],
            "negotiating",
        ),
        ("Россия предложила Индонезии Су-35.", [("proposed", "предложила", False)], "proposed"),
        (
            "Россия поставила в Индию комплексы С-400.",
            [("delivered", "поставила", False)],
            "delivered",
        ),
        (
            "Белоруссия получила Су-30СМ2 из России.",
            [("delivered", "получила", False)],
            "delivered",
        ),
        ("No Su-35 has been delivered to Iran.", [("delivered", "delivered", True)], None),
        ("Russia delivered S-400 to India.", [("delivered", "delivered", False)], "delivered"),
        ("India received S-400 from Russia.", [("delivered", "received", False)], "delivered"),
        (
            "The S-400 will be delivered to India next year.",
            [("proposed", "delivered", False)],
            "proposed",
        ),
        ("Russia's delivery of S-400 to India was completed.", [], None),
        (
            "Iran plans to buy Su-35 fighter jets from Russia.",
            [("proposed", "plans to", False)],
            "proposed",
        ),
        (
            "Egypt signed a contract for 30 more Rafale jets.",
            [("agreed", "signed", False), ("agreed", "contract", False)],
            "agreed",
        ),
        (
            "The two countries are in talks on a submarine deal.",
            [("negotiating", "in talks", False), ("agreed", "deal", False)],
            "negotiating",
        ),
        (
            "Switzerland cancelled the purchase of the F-35.",
            [("cancelled", "cancelled", False)],
            "cancelled",
        ),
        (
            "The Patriot batteries were deployed in Poland.",
            [("deployed", "deployed", False)],
            "deployed",
        ),
        (
            "Russia has not deployed the S-400, but delivered the S-300.",
            [("deployed", "deployed", True), ("delivered", "delivered", False)],
            "delivered",
        ),
        (
            "Turkey offered Indonesia 48 KAAN fighters.",
            [("proposed", "offered", False)],
            "proposed",
        ),
        ("La France a livré 26 Rafale à l'Inde.", [("delivered", "livré", False)], "delivered"),
        ("La France n'a pas livré les Mistral à la Russie.", [("delivered", "livré", True)], None),
        (
            "Les drones livrés par la Turquie à l'Ukraine.",
            [("delivered", "livrés", False)],
            "delivered",
        ),
        (
            "L'Inde a signé un contrat pour 26 Rafale Marine.",
            [("agreed", "signé", False), ("agreed", "contrat", False)],
            "agreed",
        ),
        (
            "Paris et Athènes mènent des négociations sur des frégates.",
            [("negotiating", "négociations", False)],
            "negotiating",
        ),
        ("La Suisse a annulé la commande.", [("cancelled", "annulé", False)], "cancelled"),
        ("Les CAESAR ont été déployés en Arménie.", [("deployed", "déployés", False)], "deployed"),
        (
            "La France a proposé des Rafale à l'Ukraine.",
            [("proposed", "proposé", False)],
            "proposed",
        ),
        (
            "España firmó un contrato con Marruecos.",
            [("agreed", "firmó", False), ("agreed", "contrato", False)],
            "agreed",
        ),
        ("Turquía entregó drones a Ucrania.", [("delivered", "entregó", False)], "delivered"),
        ("España no entregó los tanques a Ucrania.", [("delivered", "entregó", True)], None),
        ("Rusia acusó a Ucrania de atacar.", [], None),
        (
            "Marruecos recibió los primeros F-16 de Estados Unidos.",
            [("delivered", "recibió", False)],
            "delivered",
        ),
        (
            "Colombia canceló la compra de los Gripen.",
            [("cancelled", "canceló", False)],
            "cancelled",
        ),
        (
            "Los Patriot fueron desplegados en Polonia.",
            [("deployed", "desplegados", False)],
            "deployed",
        ),
        (
            "Argentina negocia la compra de F-16 con Dinamarca.",
            [("negotiating", "negocia", False)],
            "negotiating",
        ),
        ("Brasil ofreció blindados a Argentina.", [("proposed", "ofreció", False)], "proposed"),
        ("سلمت روسيا منظومات إس-400 إلى الهند.", [("delivered", "سلمت", False)], "delivered"),
        ("لم تسلم روسيا طائرات سو-35 إلى إيران.", [("delivered", "تسلم", True)], None),
        ("وقعت مصر عقدا مع فرنسا لشراء طائرات رافال.", [("agreed", "وقعت", False)], "agreed"),
        (
            "تجري السعودية مفاوضات مع تركيا لشراء مسيرات.",
            [("negotiating", "مفاوضات", False)],
            "negotiating",
        ),
        ("تسلمت الجزائر غواصات من روسيا.", [("delivered", "تسلمت", False)], "delivered"),
        (
            "ألغت الكويت الصفقة.",
            [("cancelled", "ألغت", False), ("agreed", "الصفقة", False)],
            "cancelled",
        ),
        ("عرضت روسيا على مصر طائرات سو-35.", [("proposed", "عرضت", False)], "proposed"),
        ("تخطط مصر لشراء طائرات مقاتلة من الصين.", [("proposed", "تخطط", False)], "proposed"),
        ("Tomorrow will be sunny in Madrid with a high of 24 degrees.", [], None),
        ("Morgen wird es in Berlin sonnig, Höchstwerte 24 Grad.", [], None),
        ("Завтра в Москве будет солнечно, до 24 градусов.", [], None),
        ("Demain, il fera beau à Paris, jusqu'à 24 degrés.", [], None),
        ("Mañana hará sol en Madrid, hasta 24 grados.", [], None),
        ("الطقس غدا مشمس في القاهرة ودرجات الحرارة 24.", [], None),
        ("Yarın İstanbul'da hava güneşli olacak, sıcaklık 24 derece.", [], None),
        ("Sabah Bakıda hava günəşli olacaq.", [], None),
    ],
)
def test_status_cues(
    sentence: str, cues: list[tuple[str, str, bool]], dominant: str | None
) -> None:
    found = find_status_cues(sentence)
    assert [(c.status, c.surface, c.negated) for c in found] == cues
    for cue in found:
        assert sentence[cue.start : cue.end] == cue.surface
    assert dominant_status(sentence) == dominant


@pytest.mark.parametrize(
    ("sentence", "hints"),
    [
        (
            "Rusya’nın S-400 hava savunma sistemleri ile 'İskender' yüksek hassasiyetli füze sistemlerini daha önce Belarus’a sevk ettiğine dikkati çeken Lukaşenko, 'S-400 sistemlerini ve en önemlisi İskender sistemini bugün devreye soktuk' ifadelerini kullandı.",
            [("RU", "supplier", "Rusya’nın"), ("BY", "recipient", "Belarus’a")],
        ),
        (
            "Türkiye, Azerbaycan'a SİHA teslim etmedi.",
            [("TR", "supplier", "Türkiye"), ("AZ", "recipient", "Azerbaycan'a")],
        ),
        ("Baykar, Kuveyt'e 18 SİHA teslim etti.", [("KW", "recipient", "Kuveyt'e")]),
        ("Endonezya, 48 KAAN savaş uçağı için Türkiye ile anlaşma imzaladı.", []),
        (
            "Türkiye, Katar'a fırkateyn satışı için müzakere yürütüyor.",
            [("QA", "recipient", "Katar'a")],
        ),
        (
            "Türkiye, Endonezya'ya KAAN teklif etti.",
            [("TR", "supplier", "Türkiye"), ("ID", "recipient", "Endonezya'ya")],
        ),
        (
            "Pakistan, Türkiye'den korvet satın almayı planlıyor.",
            [("PK", "recipient", "Pakistan"), ("TR", "supplier", "Türkiye'den")],
        ),
        ("İspanya, Türkiye ile yapılan sözleşmeyi iptal etti.", []),
        ("S-400'ler Türkiye'ye teslim edilecek.", [("TR", "recipient", "Türkiye'ye")]),
        ("Sistemler henüz teslim edilmedi.", []),
        ("Hava savunma sistemleri Ankara'da konuşlandırıldı.", []),
        (
            "Türkiyə Azərbaycana PUA-lar təhvil verdi.",
            [("TR", "supplier", "Türkiyə"), ("AZ", "recipient", "Azərbaycana")],
        ),
        (
            "Azərbaycan Türkiyədən PUA-lar təhvil aldı.",
            [("AZ", "recipient", "Azərbaycan"), ("TR", "supplier", "Türkiyədən")],
        ),
        ("Azərbaycan İsraillə müqavilə imzaladı.", []),
        ("Rusiya Azərbaycanla danışıqlar aparır.", []),
        ("Sistemlər döyüş növbəsinə çıxarıldı.", []),
        ("Müqavilə ləğv edildi.", []),
        ("Silahlar hələ təhvil verilməyib.", []),
        (
            "Die Türkei liefert Drohnen an Aserbaidschan.",
            [("TR", "supplier", "Türkei"), ("AZ", "recipient", "Aserbaidschan")],
        ),
        (
            "Russland hat keine Su-35 an den Iran geliefert.",
            [("RU", "supplier", "Russland"), ("IR", "recipient", "Iran")],
        ),
        ("Deutschland hat der Ukraine weitere Luftabwehrsysteme zugesagt.", []),
        ("Die Patriot-Systeme wurden in Polen stationiert.", []),
        ("Die Bundesregierung hat den Vertrag über Kampfjets unterzeichnet.", []),
        ("Berlin und Riad verhandeln über Eurofighter.", []),
        ("Die Schweiz hat den Kauf storniert.", []),
        (
            "Die Drohnen sollen bis 2025 an die Ukraine geliefert werden.",
            [("UA", "recipient", "Ukraine")],
        ),
        ("Die Flugabwehr wurde in Dienst gestellt.", []),
        (
            "Россия поставила Индии три полка С-400.",
            [("RU", "supplier", "Россия"), ("IN", "recipient", "Индии")],
        ),
        ("Индия отказалась от контракта.", []),
        (
            "США передали Украине ракеты ATACMS.",
            [("US", "supplier", "США"), ("UA", "recipient", "Украине")],
        ),
        (
            "Россия не поставила Ирану Су-35.",
            [("RU", "supplier", "Россия"), ("IR", "recipient", "Ирану")],
        ),
        ("Комплексы С-400 поставлены на боевое дежурство.", []),
        ("Россия и Индия подписали контракт на поставку фрегатов.", []),
        ("Стороны ведут переговоры о поставке истребителей.", []),
        (
            "Россия предложила Индонезии Су-35.",
            [("RU", "supplier", "Россия"), ("ID", "recipient", "Индонезии")],
        ),
        (
            "Россия поставила в Индию комплексы С-400.",
            [("RU", "supplier", "Россия"), ("IN", "recipient", "Индию")],
        ),
        (
            "Белоруссия получила Су-30СМ2 из России.",
            [("BY", "recipient", "Белоруссия"), ("RU", "supplier", "России")],
        ),
        ("No Su-35 has been delivered to Iran.", [("IR", "recipient", "Iran")]),
        (
            "Russia delivered S-400 to India.",
            [("RU", "supplier", "Russia"), ("IN", "recipient", "India")],
        ),
        (
            "India received S-400 from Russia.",
            [("IN", "recipient", "India"), ("RU", "supplier", "Russia")],
        ),
        ("The S-400 will be delivered to India next year.", [("IN", "recipient", "India")]),
        (
            "Russia's delivery of S-400 to India was completed.",
            [("RU", "supplier", "Russia's"), ("IN", "recipient", "India")],
        ),
        (
            "Iran plans to buy Su-35 fighter jets from Russia.",
            [("IR", "recipient", "Iran"), ("RU", "supplier", "Russia")],
        ),
        ("Egypt signed a contract for 30 more Rafale jets.", []),
        ("The two countries are in talks on a submarine deal.", []),
        ("Switzerland cancelled the purchase of the F-35.", []),
        ("The Patriot batteries were deployed in Poland.", []),
        (
            "Russia has not deployed the S-400, but delivered the S-300.",
            [("RU", "supplier", "Russia")],
        ),
        ("Turkey offered Indonesia 48 KAAN fighters.", [("TR", "supplier", "Turkey")]),
        (
            "La France a livré 26 Rafale à l'Inde.",
            [("FR", "supplier", "France"), ("IN", "recipient", "Inde")],
        ),
        (
            "La France n'a pas livré les Mistral à la Russie.",
            [("FR", "supplier", "France"), ("RU", "recipient", "Russie")],
        ),
        (
            "Les drones livrés par la Turquie à l'Ukraine.",
            [("TR", "supplier", "Turquie"), ("UA", "recipient", "Ukraine")],
        ),
        ("L'Inde a signé un contrat pour 26 Rafale Marine.", []),
        ("Paris et Athènes mènent des négociations sur des frégates.", []),
        ("La Suisse a annulé la commande.", []),
        ("Les CAESAR ont été déployés en Arménie.", []),
        (
            "La France a proposé des Rafale à l'Ukraine.",
            [("FR", "supplier", "France"), ("UA", "recipient", "Ukraine")],
        ),
        ("España firmó un contrato con Marruecos.", []),
        (
            "Turquía entregó drones a Ucrania.",
            [("TR", "supplier", "Turquía"), ("UA", "recipient", "Ucrania")],
        ),
        (
            "España no entregó los tanques a Ucrania.",
            [("ES", "supplier", "España"), ("UA", "recipient", "Ucrania")],
        ),
        ("Rusia acusó a Ucrania de atacar.", []),
        (
            "Marruecos recibió los primeros F-16 de Estados Unidos.",
            [("MA", "recipient", "Marruecos")],
        ),
        ("Colombia canceló la compra de los Gripen.", []),
        ("Los Patriot fueron desplegados en Polonia.", []),
        ("Argentina negocia la compra de F-16 con Dinamarca.", []),
        (
            "Brasil ofreció blindados a Argentina.",
            [("BR", "supplier", "Brasil"), ("AR", "recipient", "Argentina")],
        ),
        (
            "سلمت روسيا منظومات إس-400 إلى الهند.",
            [("RU", "supplier", "روسيا"), ("IN", "recipient", "الهند")],
        ),
        (
            "لم تسلم روسيا طائرات سو-35 إلى إيران.",
            [("RU", "supplier", "روسيا"), ("IR", "recipient", "إيران")],
        ),
        ("وقعت مصر عقدا مع فرنسا لشراء طائرات رافال.", []),
        ("تجري السعودية مفاوضات مع تركيا لشراء مسيرات.", []),
        (
            "تسلمت الجزائر غواصات من روسيا.",
            [("DZ", "recipient", "الجزائر"), ("RU", "supplier", "روسيا")],
        ),
        ("ألغت الكويت الصفقة.", []),
        ("عرضت روسيا على مصر طائرات سو-35.", [("RU", "supplier", "روسيا")]),
        ("تخطط مصر لشراء طائرات مقاتلة من الصين.", [("CN", "supplier", "الصين")]),
        ("Tomorrow will be sunny in Madrid with a high of 24 degrees.", []),
        ("Morgen wird es in Berlin sonnig, Höchstwerte 24 Grad.", []),
        ("Завтра в Москве будет солнечно, до 24 градусов.", []),
        ("Demain, il fera beau à Paris, jusqu'à 24 degrés.", []),
        ("Mañana hará sol en Madrid, hasta 24 grados.", []),
        ("الطقس غدا مشمس في القاهرة ودرجات الحرارة 24.", []),
        ("Yarın İstanbul'da hava güneşli olacak, sıcaklık 24 derece.", []),
        ("Sabah Bakıda hava günəşli olacaq.", []),
        (
            "Russia said Turkey delivered drones to Azerbaijan.",
            [("TR", "supplier", "Turkey"), ("AZ", "recipient", "Azerbaijan")],
        ),
        ("Lukashenko thanked Russia for the Iskander missiles.", []),
        ("The Russian army received Iranian drones.", [("RU", "recipient", "Russian")]),
        ("Die USA haben der Ukraine ATACMS geliefert.", [("US", "supplier", "USA")]),
        (
            "Israel bought artillery from the US, not from Germany.",
            [("IL", "recipient", "Israel"), ("US", "supplier", "US")],
        ),
        (
            "Rusya, Türkiye’nin Azerbaycan’a SİHA teslim ettiğini açıkladı.",
            [("TR", "supplier", "Türkiye’nin"), ("AZ", "recipient", "Azerbaycan’a")],
        ),
        (
            "Der Iran liefert Drohnen an Russland.",
            [("IR", "supplier", "Iran"), ("RU", "recipient", "Russland")],
        ),
        ("An Iranian drone was shot down over Ukraine.", []),
        (
            "Drones from Iran were delivered to Russia.",
            [("IR", "supplier", "Iran"), ("RU", "recipient", "Russia")],
        ),
    ],
)
def test_direction_hints(sentence: str, hints: list[tuple[str, str, str]]) -> None:
    found = direction_hints(sentence)
    assert [(h.country.code, h.role, h.surface) for h in found] == hints
    for hint in found:
        assert sentence[hint.start : hint.end] == hint.surface


def test_lukashenko_sentence() -> None:
    cues = find_status_cues(TURKISH_LUKASHENKO)
    assert [(c.status, c.surface, c.negated) for c in cues] == [
        ("delivered", "sevk ettiğine", False),
        ("deployed", "devreye soktuk", False),
    ]
    assert dominant_status(TURKISH_LUKASHENKO) == "deployed"
    hints = direction_hints(TURKISH_LUKASHENKO)
    assert [(h.country.code, h.role, h.marker) for h in hints] == [
        ("RU", "supplier", "genitive"),
        ("BY", "recipient", "dative"),
    ]
    assert isinstance(hints[0], RoleHint)
    assert isinstance(cues[0], StatusCue)


@pytest.mark.parametrize(
    ("supplier", "recipient", "sentence", "expected"),
    [
        # The model's order agrees with the grammar: keep it.
        ("RU", "IN", "Россия поставила Индии три полка С-400.", ("RU", "IN", False)),
        ("TR", "AZ", "Die Türkei liefert Drohnen an Aserbaidschan.", ("TR", "AZ", False)),
        ("FR", "IN", "La France a livré 26 Rafale à l'Inde.", ("FR", "IN", False)),
        ("RU", "BY", TURKISH_LUKASHENKO, ("RU", "BY", False)),
        # Reversed by the model: swap.
        ("IN", "RU", "Россия поставила Индии три полка С-400.", ("RU", "IN", True)),
        ("AZ", "TR", "Die Türkei liefert Drohnen an Aserbaidschan.", ("TR", "AZ", True)),
        ("IN", "FR", "La France a livré 26 Rafale à l'Inde.", ("FR", "IN", True)),
        ("BY", "RU", TURKISH_LUKASHENKO, ("RU", "BY", True)),
        ("AZ", "TR", "Türkiyə Azərbaycana PUA-lar təhvil verdi.", ("TR", "AZ", True)),
        ("IR", "RU", "Россия не поставила Ирану Су-35.", ("RU", "IR", True)),
        ("IN", "RU", "سلمت روسيا منظومات إس-400 إلى الهند.", ("RU", "IN", True)),
        ("UA", "TR", "Turquía entregó drones a Ucrania.", ("TR", "UA", True)),
        # Only the recipient is hinted, and it supports the model: keep.
        ("RU", "IR", "No Su-35 has been delivered to Iran.", ("RU", "IR", False)),
        # Only one side hinted and it contradicts: swap.
        ("IR", "RU", "No Su-35 has been delivered to Iran.", ("RU", "IR", True)),
        # No hints at all: keep whatever the model said.
        ("ES", "MA", "España firmó un contrato con Marruecos.", ("ES", "MA", False)),
        ("MA", "ES", "España firmó un contrato con Marruecos.", ("MA", "ES", False)),
        # Neither code mentioned: keep.
        ("US", "PL", "Russia delivered S-400 to India.", ("US", "PL", False)),
        # Same country twice: nothing to orient.
        ("RU", "RU", "Russia delivered S-400 to India.", ("RU", "RU", False)),
    ],
)
def test_orient(
    supplier: str, recipient: str, sentence: str, expected: tuple[str, str, bool]
) -> None:
    assert orient(supplier, recipient, sentence) == expected


def test_orient_keeps_model_spelling() -> None:
    assert orient("ind", "Russia", "Россия поставила Индии три полка С-400.") == (
        "Russia",
        "ind",
        True,
    )


@pytest.mark.parametrize(
    "sentence",
    [
        "Tomorrow will be sunny in Madrid with a high of 24 degrees.",
        "Morgen wird es in Berlin sonnig, Höchstwerte 24 Grad.",
        "Завтра в Москве будет солнечно, до 24 градусов.",
        "Demain, il fera beau à Paris, jusqu'à 24 degrés.",
        "Mañana hará sol en Madrid, hasta 24 grados.",
        "الطقس غدا مشمس في القاهرة ودرجات الحرارة 24.",
        "Yarın İstanbul'da hava güneşli olacak, sıcaklık 24 derece.",
        "Sabah Bakıda hava günəşli olacaq.",
        "",
    ],
)
def test_weather_has_no_cues_or_hints(sentence: str) -> None:
    assert find_status_cues(sentence) == []
    assert dominant_status(sentence) is None
    assert direction_hints(sentence) == []


def test_buying_from_a_country_in_spanish_and_french_makes_it_the_supplier() -> None:
    from summarizer.normalize import direction_hints

    spanish = "Los seis F-16 que la Argentina compró a Dinamarca aterrizaron en Río Cuarto."
    assert {(h.country.code, h.role) for h in direction_hints(spanish)} == {
        ("AR", "recipient"),
        ("DK", "supplier"),
    }
    french = "Les canons Caesar livrés à l'Arménie sont arrivés."
    assert ("AM", "recipient") in {(h.country.code, h.role) for h in direction_hints(french)}


def test_a_verb_of_giving_or_getting_counts_as_a_step_of_a_deal() -> None:
    from summarizer.normalize.direction import names_transfer_verb

    assert names_transfer_verb("Türkiye, Endonezya'ya KAAN satacak.")
    assert names_transfer_verb("Argentina bought F-16 jets from Denmark.")
    assert not names_transfer_verb("We also count on Taurus.")


def test_a_bought_participle_names_the_seller_without_a_verb_of_giving() -> None:
    headline = "Llegaron al país los primeros seis F-16 comprados a Dinamarca"
    assert [(h.country.code, h.role) for h in direction_hints(headline)] == [("DK", "supplier")]
    # "importante" is no buying word: Spanish "a" before a person or country stays neutral.
    assert direction_hints("Es importante a Dinamarca.") == []


@pytest.mark.parametrize(
    ("sentence", "status"),
    [
        ("مروحيتين من طراز مي-28 وصلتا إلى إيران في يناير 2025.", "delivered"),
        ("Индия, получившая три комплекта С-400, ждёт остальные.", "delivered"),
        ("В Нейпьидо состоялась церемония передачи ВВС Мьянмы двух Су-30СМЕ.", "delivered"),
        ("L'armée de Terre a cédé à l'Ukraine 30 Caesar en 2022.", "delivered"),
        ("The State Department approved a possible Foreign Military Sale to Denmark.", "proposed"),
        ("Azərbaycan Pakistandan JF-17 qırıcıları satın alıb.", "agreed"),
        ("Türkiye Endonezya'ya 48 KAAN satacak.", "proposed"),
        ("Berlin bot Kiew weitere IRIS-T-Systeme an.", "proposed"),
        ("Polen kauft 96 Apache-Hubschrauber.", "agreed"),
        ("Les Caesar sont entrés en service en Arménie.", "deployed"),
        ("Talks are continuing on the Rafale order.", "negotiating"),
    ],
)
def test_more_ways_of_saying_a_step(sentence: str, status: str) -> None:
    assert dominant_status(sentence) == status
