"""Line patterns of page furniture: related-link lists, reader comments, subscription, promo,
newsletter, cookie, advertisement and share lines."""

from __future__ import annotations

import re

from summarizer.prepare.text import _key, _phrases, _words

_RELATED_PHRASES = _phrases(
    "Siehe auch", "Lesen Sie auch", "Lesen Sie mehr", "Mehr zum Thema", "Auch interessant",
    "Das könnte Sie auch interessieren", "Weitere Artikel", "Weitere Nachrichten",
    "İlginizi çekebilir", "Bunlar da ilginizi çekebilir", "İlgili haberler", "İlgili haber",
    "Benzer haberler", "Daha fazla haber", "Read more", "Read also", "Also read", "See also",
    "Related", "Related articles", "Related stories", "Related news", "Related content",
    "More on this", "More on this story", "You may also like", "Recommended",
    "См. также", "Смотрите также", "Читайте также", "По теме", "Читайте також",
    "Дивіться також", "Lire aussi", "Voir aussi", "À lire aussi", "A lire aussi",
    "Sur le même sujet", "Lea también", "Ver también", "Te puede interesar",
    "Noticias relacionadas", "Leggi anche", "Zobacz także", "Czytaj także",
    "اقرأ أيضا", "اقرأ أيضاً", "إقرأ أيضا", "إقرأ أيضاً", "اقرأ ايضا", "مواضيع ذات صلة",
    "أخبار ذات صلة",
)  # fmt: skip
_RELATED_HEAD = re.compile(rf"^(?:{_RELATED_PHRASES})\s*[:：.…»>-]*$")
_RELATED_INLINE = re.compile(rf"^(?:{_RELATED_PHRASES})\s*[:：»>-]\s*\S")
_RELATED_LINK_MAX = 250
_RELATED_MAX_LINKS = 15

_COMMENT_WORDS = _phrases(
    "Kommentare", "Leserkommentare", "Yorumlar", "Comments", "Reader comments",
    "Комментарии", "Комментариев", "Коментарі", "Commentaires", "Comentarios",
    "Comentários", "Commenti", "Komentarze", "التعليقات", "تعليقات", "Kommentar schreiben",
    "Yorum yap", "Yorum yaz", "Add a comment", "Leave a comment", "Post a comment",
    "Şərhlər", "Rəylər", "Réactions", "Reacciones", "Reaktionen", "Leserreaktionen",
    "Отзывы", "Обсуждение", "Reader reactions", "Okur yorumları",
)  # fmt: skip
_COMMENT_SINGULAR = _phrases("Kommentar", "Yorum", "Comment", "Комментарий", "Commentaire")
_COMMENT_HEAD = re.compile(
    rf"^(?:\d{{1,6}}\s+)?(?:{_COMMENT_WORDS})\s*(?:[·•|:-]\s*)?(?:\(\d{{1,6}}\)|\d{{1,6}})?\s*:?$"
    rf"|^\d{{1,6}}\s+(?:{_COMMENT_SINGULAR})$"
)
_DATEISH = r"[^()\n]{0,30}\d[^()\n]{0,30}"
_COMMENT_ENTRY = re.compile(
    # "Leser123 (30.01.2026): text"
    rf"^@?[\w.\-]{{2,40}}\s?\({_DATEISH}\)\s?:"
    # "Leser123 schrieb:" / "Max Muster schrieb am 30.01.2026:"
    r"|^@?[\w.\-]{2,40}(?: [\w.\-]{2,40})?\s(?:schrieb|schreibt|wrote|writes|yazdı|yazdi|"
    r"написал|написала|пишет|a écrit|escribió|scrive|ha scritto|napisał|napisała|كتب)"
    r"(?:\s[^\n:]{0,60})?:"
    # "user_1 · 2 hours ago"
    r"|^@?[\w.\-]{2,40}\s?[|·•–—-]\s?(?:\d{1,3}\s\w{3,12}\s(?:ago|önce|назад)|vor\s\d{1,3}\s\w+)",
    re.IGNORECASE,
)

_SUBSCRIBE_PHRASES = _phrases(
    "Abonnieren Sie", "Jetzt abonnieren", "Abo abschließen", "Subscribe to our",
    "Subscribe now", "Subscribe for", "Sign up for our", "Sign up to our",
    "Подписывайтесь", "Подпишитесь на", "Abonnez-vous", "Inscrivez-vous",
    "Suscríbete", "Suscríbase", "Iscriviti", "Zapisz się", "اشترك في", "اشترك الآن",
    "kanalımıza abone", "bültenimize", "Abone olun",
)  # fmt: skip
_PROMO_PHRASES = _phrases(
    "Unsere Nachrichtensender", "Folgen Sie uns", "Follow us on", "Bizi takip edin",
    "Наши новостные каналы", "Мы в соцсетях", "Suivez-nous", "Síguenos",
)  # fmt: skip
_PROMO = re.compile(_PROMO_PHRASES)
_SUBSCRIBE = re.compile(_SUBSCRIBE_PHRASES + r"|^abone ol\b")
_NEWSLETTER = re.compile(r"newsletter|bülten|рассылк")
_SIGNUP = re.compile(r"anmeld|abonn|bestell|sign up|subscri|kayıt|abone|подпис|inscri|suscri|email")
_COOKIE = re.compile(r"cookie|çerez|куки")
_COOKIE_ACT = re.compile(
    r"akzept|zustimm|verwende|nutzen|einverstanden|accept|agree|\buse|consent|settings|"
    r"einstellung|kabul|kullan|политик|использ|accepter|utilis|acept|utiliz|privacy|datenschutz"
)
_AD_LABEL = re.compile(
    r"^(?:anzeige|werbung|advertisement|sponsored|reklam|реклама|publicité|publicidad)$"
)
_LONE_NUMBER = re.compile(r"^[+-]?\d{1,6}$")
_SHARE_VERBS = _words(
    "share teilen paylaş paylas поделиться partager compartir condividi udostępnij مشاركة شارك "
    "tweet tweeten drucken print yazdır yazdir"
)
_SHARE_NETS = _words(
    "facebook twitter x whatsapp telegram e-mail email mail linkedin vk вконтакте "
    "одноклассники pinterest reddit xing threads bluesky messenger flipboard tumblr viber"
)
_SHARE_FILLER = _words(
    "on auf via sur en in per ile по в this article artikel diesen den haber haberi bu "
    "статьей статью cet este artículo link kopieren copy url seite sayfa"
)
_TOKEN = re.compile(r"[\w-]+")


def _is_share_line(key: str) -> bool:
    if len(key) > 120:
        return False
    tokens = [t.split("'")[0] for t in _TOKEN.findall(key.replace("’", "'"))]
    tokens = [t for t in tokens if t]
    if not tokens or len(tokens) > 12:
        return False
    vocab = _SHARE_VERBS | _SHARE_NETS | _SHARE_FILLER
    if not all(t in vocab for t in tokens):
        return False
    nets = sum(t in _SHARE_NETS for t in tokens)
    return any(t in _SHARE_VERBS for t in tokens) or nets >= 2


def _boilerplate_label(line: str) -> str | None:
    """Return why a single line is boilerplate, or None if it may be article text."""
    if len(line) > 400:
        return None
    key = _key(line)
    if _RELATED_INLINE.match(key) and len(line) <= 300:
        return "related link"
    if len(line) <= 250 and _SUBSCRIBE.search(key):
        return "subscription blurb"
    if len(line) <= 120 and _PROMO.search(key):
        return "channel promo"
    if _NEWSLETTER.search(key) and (len(line) <= 40 or (len(line) <= 250 and _SIGNUP.search(key))):
        return "newsletter blurb"
    if _COOKIE.search(key) and _COOKIE_ACT.search(key):
        return "cookie notice"
    if _AD_LABEL.match(key):
        return "advertisement label"
    if _is_share_line(key):
        return "social share line"
    return None


def _split_comments(lines: list[str], first_body: int) -> tuple[int, str] | None:
    """Find where a reader-comment section starts; return (line index, label)."""
    for i in range(first_body + 1, len(lines)):
        line = lines[i]
        if len(line) <= 60 and _COMMENT_HEAD.match(_key(line)):
            count = re.search(r"\d+", line)
            entries = sum(1 for rest in lines[i + 1 :] if _COMMENT_ENTRY.match(rest))
            n = int(count[0]) if count else entries
            return i, f"comments ({n})" if n else "comments"
    # No heading: a trailing run of "user (date): text" lines that outweighs the rest.
    entry = [bool(_COMMENT_ENTRY.match(line)) for line in lines]
    nonblank = [bool(line) for line in lines]
    entries_after = nonblank_after = 0
    best: int | None = None
    best_entries = 0
    for i in range(len(lines) - 1, first_body, -1):
        entries_after += entry[i]
        nonblank_after += nonblank[i]
        if entry[i] and entries_after >= 2 and entries_after * 3 >= nonblank_after:
            best, best_entries = i, entries_after
    if best is not None:
        return best, f"comments ({best_entries})"
    return None
