"""Countries named by their leaders: "Putin ve Erdoğan telefonda görüştü" is Russia and Türkiye.

News of bilateral relations names presidents and ministers more often than countries. The
table holds heads of state and government and foreign and defence ministers in office in
2024–2026 (and long-serving spokesmen), as surnames in Latin, Cyrillic and Arabic script;
a surname shared by many people ("Sánchez", "Katz", "Hasanov") is left out or given with its
first name. Latin and Cyrillic names must be capitalised and may carry a case ending
("Putin'i", "Путина", "Erdoğan'a"); Arabic ones may carry a one-letter prefix (و, ل, ب).
"""

from __future__ import annotations

import re
from functools import lru_cache

from summarizer.normalize._text import ARABIC

LEADERS: dict[str, tuple[str, ...]] = {
    "RU": ("Putin", "Путин", "بوتين", "Lavrov", "Lawrow", "Лавров", "لافروف", "Belousov",
           "Belousow", "Белоусов", "بيلوسوف", "Peskov", "Peskow", "Песков", "بيسكوف",
           "Mishustin", "Мишустин", "Shoigu", "Schoigu", "Şoygu", "Шойгу", "شويغو"),
    "TR": ("Erdoğan", "Erdogan", "Ərdoğan", "Эрдоган", "أردوغان", "اردوغان", "Hakan Fidan",
           "Fidan", "Фидан", "فيدان", "Yaşar Güler", "Гюлер"),
    "BY": ("Lukashenko", "Lukaschenko", "Loukachenko", "Lukaşenko", "Lukașenko", "Lukaşenka",
           "Лукашенко", "لوكاشينكو", "Khrenin", "Chrenin", "Хренин"),
    "UA": ("Zelensky", "Zelenskyy", "Zelenskiy", "Selenskyj", "Zelenski", "Zelenskiy",
           "Zelenskyi", "Зеленский", "Зеленський", "زيلينسكي", "Shmyhal", "Schmyhal",
           "Chmyhal", "Шмыгаль", "Шмигаль", "Sybiha", "Сибига", "Сибіга", "Umerov",
           "Умеров"),
    "US": ("Trump", "Трамп", "ترامب", "Biden", "Байден", "بايدن", "Rubio", "Рубио", "روبيو",
           "Hegseth", "Хегсет", "هيغسيث", "Blinken", "Блинкен", "بلينكن"),
    "DE": ("Scholz", "Шольц", "شولتس", "Merz", "Мерц", "ميرتس", "Pistorius", "Писториус",
           "بيستوريوس", "Wadephul", "Вадефуль", "Baerbock", "Бербок", "بيربوك", "Steinmeier",
           "Штайнмайер"),
    "FR": ("Macron", "Makron", "Макрон", "ماكرون", "Lecornu", "Лекорню", "Barrot", "Bayrou"),
    "GB": ("Starmer", "Стармер", "ستارمر", "Lammy", "Healey"),
    "EG": ("Sisi", "Sissi", "el-Sisi", "Сиси", "السيسي", "Abdelatty", "عبد العاطي"),
    "IR": ("Pezeshkian", "Pezeshkiyan", "Pezeşkiyan", "Peseschkian", "Пезешкиан", "بزشكيان",
           "Araghchi", "Araqchi", "Arakçi", "Araktschi", "Аракчи", "عراقجي", "Khamenei",
           "Hamaney", "Chamenei", "Хаменеи", "خامنئي"),
    "IL": ("Netanyahu", "Netanjahu", "Netanyahou", "Нетаньяху", "نتنياهو", "Herzog"),
    "AZ": ("Aliyev", "Əliyev", "Alijew", "Aliev", "Алиев", "علييف", "Bayramov", "Байрамов"),
    "AM": ("Pashinyan", "Paşinyan", "Paschinjan", "Pachinian", "Пашинян", "باشينيان",
           "Papikyan", "Папикян", "Mirzoyan", "Мирзоян"),
    "IN": ("Modi", "Моди", "مودي", "Jaishankar", "Джайшанкар", "Rajnath Singh",
           "Раджнат Сингх", "Doval", "Довал"),
    "CN": ("Xi Jinping", "Си Цзиньпин", "شي جين بينغ", "Wang Yi", "Ван И"),
    "PK": ("Shehbaz", "Shahbaz", "Şahbaz", "Шахбаз", "شهباز", "Asim Munir"),
    "KZ": ("Tokayev", "Tokajew", "Tokaïev", "Токаев", "توكاييف"),
    "ID": ("Prabowo", "Прабово", "برابوو"),
    "SY": ("al-Sharaa", "al-Scharaa", "Шараа", "الشرع"),
    "PL": ("Tusk", "Туск", "توسك", "Nawrocki", "Навроцкий", "Kosiniak-Kamysz"),
    "HU": ("Orbán", "Orban", "Орбан", "أوربان"),
    "IT": ("Meloni", "Мелони", "ميلوني"),
    "VE": ("Maduro", "Мадуро", "مادورو", "Padrino"),
    "KP": ("Kim Jong Un", "Kim Jong-un", "Ким Чен Ын"),
    "JP": ("Ishiba", "Исиба", "Takaichi", "Такаити"),
}  # fmt: skip


@lru_cache(maxsize=1)
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for code, names in LEADERS.items():
        latin = [re.escape(n) for n in names if not ARABIC.search(n)]
        arabic = [re.escape(n) for n in names if ARABIC.search(n)]
        parts = []
        if latin:  # capitalised as written; a case ending may follow ("Putin'i", "Путина")
            parts.append(rf"(?<![\w-])(?:{'|'.join(latin)})(?:['’]?\w{{0,5}})?(?![\w-])")
        if arabic:
            parts.append(rf"(?<!\w)[وفلب]?(?:{'|'.join(arabic)})(?!\w)")
        out.append((code, re.compile("|".join(parts))))
    return out


def leaders_named(text: str) -> set[str]:
    """ISO codes of the countries whose leaders or ministers the text names by name."""
    return {code for code, pattern in _patterns() if pattern.search(text)}
