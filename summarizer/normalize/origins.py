"""Where weapon systems are made: a strong check on a small model's supplier/recipient order."""

from __future__ import annotations

import re

# (pattern over the canonical designation, ISO code of the maker country). Joint or licensed
# systems (NASAMS, Eurofighter, Storm Shadow) are left out: they decide nothing. The JF-17 is
# built and exported by Pakistan (PAC Kamra), whatever China's share in its design.
_ORIGINS: tuple[tuple[str, str], ...] = (
    (r"^(Su|MiG|Mi|Ka|Yak|Tu|Il|An)-\d", "RU"),
    (
        r"^(S-300|S-350|S-400|S-500|Iskander|Pantsir|Tor|Buk|Kalibr|Kinzhal|Oreshnik|Kornet|"
        r"Igla|Verba|Krasnopol|Orlan|Lancet|Onyx|Oniks|Zircon|Bastion|Kh-\d)",
        "RU",
    ),
    (r"^(T-72|T-80|T-90|BMP|BTR|TOS-1|Msta|Smerch|Tornado-S|Uragan)", "RU"),
    (
        r"^(F-16|F-35|F-15|F/A-18|F-22|F-4|F-5|AH-64|Apache|UH-60|Black Hawk|CH-47|Chinook|"
        r"C-130|MQ-9|MQ-1|Reaper|Patriot|HIMARS|M142|M270|Abrams|M1A|Bradley|Stryker|Javelin|"
        r"Stinger|Tomahawk|AIM-|AGM-|ATACMS|THAAD|Harpoon|Switchblade|M777)",
        "US",
    ),
    (
        r"^(Rafale|Mirage|Caesar|CAESAR|Scorp[eè]ne|Exocet|SAMP/T|Mistral|Leclerc|Aster|"
        r"Gowind|FREMM)",
        "FR",
    ),
    (r"^(Leopard|IRIS-T|Taurus|Boxer|PzH|Puma|Marder|Gepard|Fuchs|Dingo|MEKO|Type 2\d\d)", "DE"),
    (
        r"^(Bayraktar|TB2|TB3|Ak[ıi]nc[ıi]|KAAN|H[üu]rjet|Anka|Aksungur|Altay|Atmaca|SOM|T129|"
        r"ATAK|Kirpi|Cobra|Hisar|Siper|Korkut|TRG|Tayfun|Kızılelma|Kizilelma)",
        "TR",
    ),
    (
        r"^(Arrow|Iron Dome|David's Sling|Barak|Hermes|Harop|Harpy|Spike|Merkava|Namer|"
        r"Heron|SkyStriker|Iron Beam|PULS)",
        "IL",
    ),
    (r"^(J-10|J-20|J-16|Wing Loong|CH-4|CH-5|HQ-9|HQ-16|VT-4|Type 0\d\d|PL-15|Z-10)", "CN"),
    (r"^(K9|K2|K239|Chunmoo|FA-50|T-50|KF-21|Cheongung|KSS)", "KR"),
    (r"^(Shahed|Mohajer|Fateh|Zolfaghar|Khorramshahr|Bavar)", "IR"),
    (r"^(Gripen|JAS 39|CV90|Carl-Gustaf|RBS|Archer)", "SE"),
    (
        r"^(A-50|P-800|RS-28|RS-24|Bulava|Avangard|Burevestnik|Tochka|Geran|T-14|Msta|2S\d|BM-\d)",
        "RU",
    ),
    (
        r"^(Krasukha|Repellent|Zhitel|AK-|FAB-|UMPK|Kilo-class|Admiral Gorshkov"
        r"|Project \d{4,5}|Karakurt)",
        "RU",
    ),
    (
        r"^(B-52|B-2 |E-7|MIM-23|JASSM|TOW|Hellfire|M1 Abrams|M2 Bradley|Arleigh|AN/TPY|M4 |JDAM|"
        r"GBU-|Excalibur)",
        "US",
    ),
    (r"^(T625|Gökbey|Bora|Kargu|T-155|Fırtına|TCG|MILGEM|KORAL|MPT-76)", "TR"),
    (r"^(Skynex|HK416|G36)", "DE"),
    (r"^(Crotale|Ground Master|GM ?200)", "FR"),
    (r"^(Fattah|Kheibar|Shahab)", "IR"),
    (r"^(Hwasong|KN-\d)", "KP"),
    (r"^(AHS Krab)", "PL"),
    (r"^(Bohdana)", "UA"),
    (r"^(Challenger|Brimstone)", "GB"),
    (r"^(BrahMos|Tejas|Akash|Pinaka|Dhruv)", "IN"),
    (r"^(JF-17)", "PK"),
    (r"^(C-390|KC-390)", "BR"),
    (r"^(C-17|P-8|KC-46|V-22|M113|M2 Bradley)", "US"),
    (r"^(Piorun)", "PL"),
    (r"^(Zuzana)", "SK"),
    (r"^(NSM)", "NO"),
    (r"^(AW149)", "IT"),
    (r"^(Ejder|İstif|Istif)", "TR"),
    (r"^(Avante)", "ES"),
    (r"^(VL MICA|MICA)", "FR"),
    (r"^(Lynx KF41)", "DE"),
)
_COMPILED = tuple((re.compile(p, re.IGNORECASE), code) for p, code in _ORIGINS)


def origin_of(designation: str) -> str | None:
    """ISO code of the country that makes the system, when one country clearly does."""
    for pattern, code in _COMPILED:
        if pattern.search(designation.strip()):
            return code
    return None


# Arms makers and state exporters whose home country is not in doubt: a model that names the
# maker ("supplier: Saab") means its country. Joint ventures (MBDA, Airbus, KNDS, Eurofighter)
# are left out: they name no one country.
_COMPANIES: tuple[tuple[str, str], ...] = (
    ("Saab|Kockums|Bofors", "SE"),
    (
        "Baykar|Aselsan|Roketsan|TUSAŞ|TUSAS|Turkish Aerospace|TAI|STM|FNSS|Otokar|MKE|"
        "Havelsan|BMC|Makine ve Kimya",
        "TR",
    ),
    ("Dassault(?: Aviation)?|Naval Group|Thales|Safran|Nexter|KNDS France|Arquus", "FR"),
    (
        "Rheinmetall|Krauss-Maffei Wegmann|KMW|Diehl(?: Defence)?|Hensoldt|TKMS|"
        "ThyssenKrupp Marine Systems|Heckler & Koch|KNDS Deutschland",
        "DE",
    ),
    (
        "Lockheed(?: Martin)?|Boeing|Raytheon|RTX|Northrop(?: Grumman)?|General Dynamics|"
        "General Atomics|L3Harris|Sikorsky|Textron|Oshkosh|AeroVironment|Anduril",
        "US",
    ),
    ("BAE Systems|Babcock", "GB"),
    ("Leonardo|Fincantieri|Iveco Defence", "IT"),
    ("Navantia|Indra|Santa B[áa]rbara Sistemas", "ES"),
    (
        "Rafael|Elbit(?: Systems)?|Israel Aerospace Industries|IAI|IMI Systems|"
        "Israel Military Industries",
        "IL",
    ),
    (
        "Hanwha(?: Aerospace)?|Korea Aerospace Industries|KAI|Hyundai Rotem|LIG Nex1|"
        "Hyundai Heavy Industries",
        "KR",
    ),
    (
        "Rosoboronexport|Rostec|Almaz-Antey|Sukhoi|Kalashnikov|Uralvagonzavod|"
        "Рособоронэкспорт|Ростех|Алмаз-Антей|Сухой|Калашников|Уралвагонзавод",
        "RU",
    ),
    ("NORINCO|AVIC|CATIC|Poly Technologies", "CN"),
    ("Ukroboronprom|Ukrainian Defense Industry|Укроборонпром", "UA"),
    ("Embraer|Avibras", "BR"),
    ("Kongsberg", "NO"),
    ("Patria", "FI"),
    ("Hindustan Aeronautics|HAL|Bharat Dynamics|Mazagon Dock", "IN"),
    ("Denel", "ZA"),
    ("Pakistan Aeronautical Complex|PAC Kamra", "PK"),
    ("Czechoslovak Group|CSG", "CZ"),
    ("Polska Grupa Zbrojeniowa|PGZ|Huta Stalowa Wola", "PL"),
    ("Mitsubishi Heavy Industries", "JP"),
    ("ST Engineering", "SG"),
    ("EDGE Group|EDGE", "AE"),
)
_COMPANY_PATTERNS = tuple(
    (re.compile(rf"(?<!\w)(?:{names})(?!\w)"), code) for names, code in _COMPANIES
)


def company_country(name: str) -> str | None:
    """ISO code of the home country of an arms maker the name is ("Saab", "Baykar A.Ş.")."""
    for pattern, code in _COMPANY_PATTERNS:
        if pattern.match(name.strip()):
            return code
    return None


def companies_named(text: str) -> set[str]:
    """Home countries of the arms makers a text names."""
    return {code for pattern, code in _COMPANY_PATTERNS if pattern.search(text)}
