"""The digest email's content: structure, transfer table, pair groups, links and escaping.

Inputs are real summaries (copies of the replay run's predictions) listed with their
source links in tests/data/digest/items.json.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from email.message import EmailMessage
from pathlib import Path

import pytest

from summarizer.digest import DigestItem, compose, render
from summarizer.digest.compose import safe_href
from summarizer.errors import ConfigError
from summarizer.schemas import Summary
from tests.smtp import parse

DATA = Path(__file__).parent / "data" / "digest"
NOW = dt.datetime(2026, 11, 24, 7, 30, tzinfo=dt.UTC)
SUBJECT = "Defence and foreign-policy digest"


def items(name: str) -> list[DigestItem]:
    """The named item set of items.json, summaries loaded from their files."""
    rows = json.loads((DATA / "items.json").read_text(encoding="utf-8"))[name]
    return [
        DigestItem(
            summary=Summary.model_validate_json((DATA / row["summary"]).read_text("utf-8")),
            link=row["link"],
            label=row["label"],
        )
        for row in rows
    ]


def parsed(message: EmailMessage) -> EmailMessage:
    """The message as a recipient sees it: serialised to bytes and parsed back."""
    return parse(message.as_bytes())


def parts(message: EmailMessage) -> tuple[str, str]:
    """(plain text, html) bodies, decoded."""
    plain = message.get_body(("plain",))
    html = message.get_body(("html",))
    assert plain is not None and html is not None
    return plain.get_content(), html.get_content()


def flat(text: str) -> str:
    """Whitespace collapsed, so wrapped plain text can be matched as one line."""
    return " ".join(text.split())


def section_titles(text: str) -> list[str]:
    """Headings of the plain-text part: lines underlined with dashes."""
    lines = text.splitlines()
    return [line for line, below in itertools.pairwise(lines) if line and below == "-" * len(line)]


def test_message_has_headers_and_two_utf8_alternatives() -> None:
    message = parsed(
        compose(
            items("digest")[:3],
            sender="Summarizer <digest@example.org>",
            recipients=["analyst@example.org", "Ayşe Yılmaz <ayse@example.com.tr>"],
            subject="Savunma özeti — Türkiye",
            now=NOW,
        )
    )

    assert (
        message["Subject"] == "Savunma özeti — Türkiye, 24 Nov 2026: 3 articles, 5 arms transfers"
    )
    assert message["From"] == "Summarizer <digest@example.org>"
    assert message["To"] == "analyst@example.org, Ayşe Yılmaz <ayse@example.com.tr>"
    assert message["Date"] == "Tue, 24 Nov 2026 07:30:00 +0000"
    assert re.fullmatch(r"<[^@<>\s]+@example\.org>", message["Message-ID"])
    assert message["MIME-Version"] == "1.0"
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert [p.get_content_charset() for p in message.iter_parts()] == ["utf-8", "utf-8"]
    text, html = parts(message)
    assert text.startswith("Savunma özeti — Türkiye, 24 Nov 2026\n")
    assert "<title>Savunma özeti — Türkiye, 24 Nov 2026</title>" in html


def test_message_bytes_are_seven_bit_with_crlf_lines() -> None:
    raw = compose(
        items("digest"),
        sender="digest@example.org",
        recipients=["a@example.org"],
        subject="Özet",
        now=NOW,
    ).as_bytes()

    raw.decode("ascii")  # headers encoded, bodies quoted-printable: any relay takes it
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    assert max(len(line) for line in raw.split(b"\r\n")) <= 998


def test_overview_line_counts_articles_languages_transfers_and_pairs() -> None:
    text, html = render(items("digest"), subject=SUBJECT, now=NOW)

    overview = (
        "8 articles in 4 languages (English, Russian, Spanish, Turkish), "
        "14 arms transfers, 19 country pairs."
    )
    assert text.splitlines()[:3] == [
        "Defence and foreign-policy digest, 24 Nov 2026",
        "==============================================",
        "",
    ]
    assert flat(text).startswith(f"{flat(text.splitlines()[0])} {'=' * 46} {overview}")
    assert f">{overview}</p>" in html


def test_transfer_table_lists_every_transfer_in_article_order() -> None:
    text, html = render(items("digest"), subject=SUBJECT, now=NOW)

    lines = [line for line in text.splitlines() if line.startswith("* ")]
    assert lines == [
        "* Indonesia → Türkiye: KAAN",
        "* Türkiye → Indonesia: KAAN",
        "* Türkiye → Indonesia: missiles",
        "* Türkiye → Egypt: KAAN",
        "* Russia → Belarus: Oreshnik",
        "* Russia → Belarus: S-400, Iskander",
        "* Spain → Israel: Spike (1680)",
        "* Spain → Israel: Spike (168)",
        "* Poland → United States: AH-64E Apache",
        "* United States → Poland: AH-64E Apache",
        "* United States → Poland: AH-64E Apache",
        "* Germany → Ukraine: IRIS-T SLM air defence systems",
        "* Argentina → Denmark: F-16 (6)",
        "* Argentina → Denmark: F-16 (18)",
    ]
    spike = text.index("* Spain → Israel: Spike (168)\n")
    assert text[spike:].splitlines()[1:3] == [
        "  status: cancelled | value: EUR 287.5 million | year: 2023",
        "  source: http://defensa.example.es/spike",
    ]
    table_html = html[html.index(">Arms transfers</h2>") :]
    rows = re.findall(r"<tr>(.*?)</tr>", table_html[: table_html.index("</table>")], flags=re.S)
    table = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, flags=re.S) for row in rows]
    assert table[0] == ["Supplier → recipient", "Systems", "Status", "Value", "Year", "Source"]
    assert len(table) == 15
    assert table[8][:5] == [
        "Spain → Israel",
        "Spike (168)",
        "cancelled",
        "EUR 287.5 million",
        "2023",
    ]
    assert table[10][:5] == [
        "United States → Poland",
        "AH-64E Apache",
        "proposed",
        "USD 10 billion",
        "—",
    ]
    assert table[8][5] == (
        '<a href="http://defensa.example.es/spike" style="color:#1f4e79;text-decoration:underline;'
        'word-break:break-all;">http://defensa.example.es/spike</a>'
    )
    assert (
        table[6][5]
        == '<span style="word-break:break-all;">evals/fixtures/seed_001/article.txt</span>'
    )


def test_articles_grouped_by_first_pair_largest_group_first() -> None:
    text, html = render(items("digest"), subject=SUBJECT, now=NOW)

    expected = [
        "Belarus – Russia",
        "Argentina – Denmark",
        "Indonesia – Türkiye",
        "Israel – Spain",
        "Poland – Ukraine",
        "Russia – Türkiye",
        "Other articles",
    ]
    assert section_titles(text) == ["Arms transfers", *expected]
    assert re.findall(r"<h2[^>]*>(.*?)</h2>", html) == ["Arms transfers", *expected]
    belarus = text[text.index("Belarus – Russia\n") : text.index("Argentina – Denmark\n")]
    assert [line for line in belarus.splitlines() if line.startswith("Source: ")] == [
        "Source: https://news.example.ru/world/oreshnik",
        "Source: evals/fixtures/seed_001/article.txt",
    ]
    other = text[text.index("Other articles\n") :]
    assert (
        "Real Madrid wins La Liga with a single shot from Valverde\nSpanish · published 2025-03-09\n"
        in other
    )


def test_article_shows_brief_language_date_tone_events_and_other_pairs() -> None:
    text, html = render(items("digest"), subject=SUBJECT, now=NOW)

    kaan = text[text.index("Indonesia – Türkiye\n") : text.index("Israel – Spain\n")]
    assert kaan.splitlines()[3:6] == [
        "Turkey and Indonesia signed a contract for 48 KAAN military aircraft",
        "Turkish · published 2025-06-11 · tone: cooperative",
        "Original title: Anasayfa > Savunma Sanayii",
    ]
    assert "- Turkey's Prime Minister Recep Tayyip Erdoğan signed the contract\n" in kaan
    roundup = flat(text[text.index("Poland – Ukraine\n") : text.index("Russia – Türkiye\n")])
    assert (
        "Events: - 2025-06-10 agreement (Poland – United States): On Tuesday, 10 June, "
        "Poland's Armament Agency signed a $10 billion contract"
    ) in roundup
    assert "- 2025-06-11 agreement: Germany handed over two more IRIS-T SLM" in roundup
    assert (
        "Also about: Poland – Romania (cooperative), Poland – United States (cooperative), "
        "Denmark – Germany (cooperative) Source: https://defence-weekly.example.com/"
    ) in roundup
    assert ">Also about: Poland – Romania (cooperative), Poland – United States" in html
    assert '<td style="' in html and ">2025-06-10</td>" in html
    assert "Turkish · published 2025-06-11 · tone: cooperative</p>" in html


def test_plain_text_lines_fit_a_mail_reader() -> None:
    text, _ = render(items("digest"), subject=SUBJECT, now=NOW)

    long_lines = [line for line in text.splitlines() if len(line) > 76 and " " in line.strip()]
    assert long_lines == []


def test_only_http_links_become_hrefs() -> None:
    _, html = render(items("digest"), subject=SUBJECT, now=NOW)

    hrefs = re.findall(r'href="([^"]*)"', html)
    assert sorted(set(hrefs)) == [
        "http://defensa.example.es/spike",
        "https://defence-weekly.example.com/procurement/2025-06-13",
        "https://news.example.ru/world/oreshnik",
        "https://www.example.com.tr/savunma/kaan-endonezya",
    ]
    assert '<span style="word-break:break-all;">evals/fixtures/seed_002/article.txt</span>' in html


def test_javascript_and_attribute_breaking_links_never_become_markup() -> None:
    text, html = render(items("hostile"), subject=SUBJECT, now=NOW)

    assert "javascript:" not in "".join(re.findall(r'href="([^"]*)"', html))
    assert '<span style="word-break:break-all;">javascript:alert(1)</span>' in html
    assert (
        re.findall(r'href="([^"]*)"', html)[0]
        == "https://evil.example/&#34;onmouseover=&#34;alert(1)"
    )
    assert 'onmouseover="' not in html
    assert "Source: javascript:alert(1)\n" in text


def test_markup_from_articles_is_escaped_in_html_and_literal_in_text() -> None:
    text, html = render(items("hostile"), subject=SUBJECT, now=NOW)

    assert "<script" not in html and "<b>" not in html
    assert "<style" not in html
    assert ">Russia deploys Oreshnik in Belarus &lt;script&gt;alert(1)&lt;/script&gt;</h3>" in html
    assert (
        "Original title: Breaking &lt;script&gt;alert(1)&lt;/script&gt; news &lt;b&gt;bold&lt;/b&gt;</p>"
        in html
    )
    assert "<li>A &lt;b&gt;bold&lt;/b&gt; key point about Oreshnik</li>" in html
    assert ">Oreshnik &lt;b&gt;bold&lt;/b&gt;</td>" in html
    assert (
        ">&lt;script&gt;alert(1)&lt;/script&gt; Russia and Belarus agreed on the deployment</td>"
        in html
    )
    assert "Russia deploys Oreshnik in Belarus <script>alert(1)</script>\n" in text
    assert "Original title: Breaking <script>alert(1)</script> news <b>bold</b>\n" in text
    assert "* Russia → Belarus: Oreshnik <b>bold</b>\n" in text
    assert "- 2025-12-18 agreement: <script>alert(1)</script> Russia and Belarus agreed on" in flat(
        text
    )


def test_empty_digest_says_nothing_new() -> None:
    message = parsed(
        compose(
            [], sender="digest@example.org", recipients=["a@example.org"], subject=SUBJECT, now=NOW
        )
    )
    text, html = parts(message)

    assert message["Subject"] == "Defence and foreign-policy digest, 24 Nov 2026: nothing new"
    assert text.splitlines()[:4] == [
        "Defence and foreign-policy digest, 24 Nov 2026",
        "==============================================",
        "",
        "Nothing new since the last digest.",
    ]
    assert ">Nothing new since the last digest.</p>" in html
    assert "Arms transfers" not in text + html


def test_article_without_brief_is_headed_by_its_title() -> None:
    item = items("digest")[0]
    bare = DigestItem(item.summary.model_copy(update={"brief": None}), item.link, item.label)

    text, _ = render([bare], subject=SUBJECT, now=NOW)

    kaan = text[text.index("Indonesia – Türkiye\n") :]
    assert kaan.splitlines()[3:5] == [
        "Anasayfa > Savunma Sanayii",
        "Turkish · published 2025-06-11 · tone: cooperative",
    ]


def test_subject_counts_are_singular_for_one() -> None:
    kaan = items("digest")[:1]
    one = kaan[0].summary.model_copy(
        update={"arms_transfers": kaan[0].summary.arms_transfers[:1]}  # type: ignore[index]
    )
    message = compose(
        [DigestItem(one, None, "a.txt")],
        sender="d@example.org",
        recipients=["a@example.org"],
        subject=SUBJECT,
        now=NOW,
    )

    assert (
        message["Subject"]
        == "Defence and foreign-policy digest, 24 Nov 2026: 1 article, 1 arms transfer"
    )


def test_header_injection_in_an_address_is_a_config_error() -> None:
    with pytest.raises(ConfigError) as caught:
        compose(
            [],
            sender="digest@example.org",
            recipients=["a@example.org\r\nBcc: everyone@example.org"],
            subject=SUBJECT,
            now=NOW,
        )

    assert str(caught.value).startswith(
        "Bad digest address for To: 'a@example.org\\r\\nBcc: everyone@example.org'"
    )
    assert str(caught.value).endswith(
        "check --from/--to, SUMMARIZER_DIGEST_FROM/SUMMARIZER_DIGEST_TO or [digest] in the config file"
    )


def test_a_subject_with_line_breaks_stays_one_header() -> None:
    message = parsed(
        compose(
            [],
            sender="d@example.org",
            recipients=["a@example.org"],
            subject="Digest\r\nBcc: x@example.org",
            now=NOW,
        )
    )

    assert message["Subject"] == "Digest Bcc: x@example.org, 24 Nov 2026: nothing new"
    assert message["Bcc"] is None


@pytest.mark.parametrize(
    ("link", "href"),
    [
        ("https://example.com/a?b=1#c", "https://example.com/a?b=1#c"),
        ("HTTP://EXAMPLE.COM/", "HTTP://EXAMPLE.COM/"),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        (" javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("https://", None),
        ("ftp://example.com/a", None),
        ("/home/analyst/article.txt", None),
        ("https://example.com/a b", None),
        ("https://[::1", None),
        (None, None),
    ],
)
def test_safe_href(link: str | None, href: str | None) -> None:
    assert safe_href(link) == href


def test_a_part_that_failed_is_marked_not_counted_as_none_found() -> None:
    item = items("digest")[0]
    meta = item.summary.meta.model_copy(update={"failed": ["transfers"]})
    broken = DigestItem(
        item.summary.model_copy(update={"arms_transfers": None, "meta": meta}),
        item.link,
        item.label,
    )

    text, html = render([broken], subject=SUBJECT, now=NOW)

    assert "1 article could not be read in full (marked below)." in flat(text)
    assert "Could not be read: transfers (tried again on the next run)." in text
    assert "Could not be read: transfers (tried again on the next run).</p>" in html
