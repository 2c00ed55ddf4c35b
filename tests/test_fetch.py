"""Fetching pages and feeds over real HTTP from a loopback server (tests/web.py), no internet."""

from __future__ import annotations

import datetime
import hashlib
import re
import socket
import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from summarizer.articles import decode_bytes
from summarizer.config import FetchSettings
from summarizer.errors import FetchError, InputError
from summarizer.fetch import (
    FeedEntry,
    Fetched,
    feed_entries,
    fetch,
    is_url,
    open_client,
    page_article,
)
from summarizer.fetch_guard import address_refusal
from summarizer.prepare import prepare
from tests.web import WEB_DATA, Route, WebServer, redirect, web_server

# Nothing here may wait for a real timeout of 20 s.
pytestmark = pytest.mark.timeout(60)

LOCAL = FetchSettings(allow_private=True, timeout=5)
ALLOW = "(set allow_private = true in [fetch] to allow)"
TIME_HINT = "raise timeout in [fetch] (SUMMARIZER_FETCH_TIMEOUT) to wait longer"
SIZE_HINT = "raise max_bytes in [fetch] (SUMMARIZER_FETCH_MAX_BYTES) to fetch it"


@pytest.fixture
def server() -> Iterator[WebServer]:
    with web_server() as running:
        yield running


def failure(url: str, settings: FetchSettings = LOCAL, client: httpx.Client | None = None) -> str:
    """The one line a user sees when fetching url fails."""
    with pytest.raises(FetchError) as caught:
        fetch(url, settings, client)
    message = str(caught.value)
    assert "\n" not in message
    return message


# --------------------------------------------------------------------------- is_url


@pytest.mark.parametrize(
    "source",
    [
        "https://news.example/a",
        "http://127.0.0.1:8000/",
        "HTTPS://NEWS.EXAMPLE/",
        "ftp://news.example/file",
        "file:///etc/passwd",
        "  https://news.example/padded  ",
    ],
)
def test_urls_with_a_scheme_are_urls(source: str) -> None:
    assert is_url(source)


@pytest.mark.parametrize(
    "source",
    [
        "articles/story.html",
        "/tmp/news.txt",
        "-",
        "C:\\news\\story.txt",
        "C://news/story.txt",  # a drive letter, not a scheme
        "news.example/savunma",
        "mailto:redaksiyon@news.example",
        "",
    ],
)
def test_paths_are_not_urls(source: str) -> None:
    assert not is_url(source)


# --------------------------------------------------------------------------- pages


def test_page_becomes_an_article_hashed_by_its_main_text(server: WebServer) -> None:
    body = (WEB_DATA / "story_a.html").read_bytes()
    server.routes["/savunma/denizalti"] = Route(body=body, content_type="text/html; charset=UTF-8")
    url = server.url("/savunma/denizalti")

    fetched = fetch(url, LOCAL)
    article = page_article(fetched)

    assert fetched == Fetched(
        url=url, final_url=url, content_type="text/html", charset="utf-8", body=body
    )
    text = body.decode("utf-8")
    assert article.path == url
    assert article.text == text  # the raw HTML: prepare() extracts the text later
    assert article.encoding == "utf-8"
    assert article.size == len(body)
    main = prepare(text).text
    assert main.startswith("Deniz Kuvvetleri ilk milli denizaltıyı teslim aldı\n")
    assert article.sha256 == hashlib.sha256(main.encode("utf-8")).hexdigest()
    assert server.requests[0].headers["user-agent"] == LOCAL.user_agent


def test_same_story_with_other_ads_and_timestamps_has_the_same_hash(server: WebServer) -> None:
    server.routes["/a"] = Route.file("story_a.html")
    server.routes["/b"] = Route.file("story_b.html")
    server.routes["/other"] = Route.file("tr_cp1254_meta.html")

    a = page_article(fetch(server.url("/a"), LOCAL))
    b = page_article(fetch(server.url("/b"), LOCAL))
    other = page_article(fetch(server.url("/other"), LOCAL))

    assert a.text != b.text  # different banners, lists, byline times and tracking ids
    assert a.sha256 == b.sha256
    assert other.sha256 != a.sha256
    assert "indirim" not in prepare(a.text).text  # the inline ad is not part of the story


def test_charset_only_in_the_header(server: WebServer) -> None:
    server.routes["/ru"] = Route.file("ru_cp1251_no_meta.html", "text/html; charset=windows-1251")

    article = page_article(fetch(server.url("/ru"), LOCAL))

    assert article.encoding == "cp1251"
    assert "фрегат «Адмирал Головко» вошёл в состав Северного флота" in article.text


def test_the_header_charset_decides_where_guessing_would_fail(server: WebServer) -> None:
    body = (WEB_DATA / "ru_koi8r_no_meta.html").read_bytes()
    guessed, _ = decode_bytes(body, "koi8")
    assert "Адмирал" not in guessed  # without a label this page decodes wrongly
    server.routes["/ru"] = Route(body=body, content_type='text/html; charset="KOI8-R"')

    article = page_article(fetch(server.url("/ru"), LOCAL))

    assert article.encoding == "koi8-r"
    assert 'фрегат "Адмирал Головко" вошёл' in article.text


@pytest.mark.parametrize(
    ("name", "encoding", "phrase"),
    [
        ("tr_cp1254_meta.html", "cp1254", "Savunma Sanayii Başkanlığı'nın yürüttüğü"),
        ("ru_koi8r_meta.html", "koi8-r", 'фрегат "Адмирал Головко" вошёл'),  # http-equiv
    ],
)
def test_charset_only_in_meta(server: WebServer, name: str, encoding: str, phrase: str) -> None:
    server.routes["/page"] = Route.file(name, "text/html")

    article = page_article(fetch(server.url("/page"), LOCAL))

    assert article.encoding == encoding
    assert phrase in article.text


def test_a_wrong_header_charset_falls_back_to_the_bytes(server: WebServer) -> None:
    server.routes["/ru"] = Route.file("ru_cp1251_no_meta.html", "text/html; charset=utf-8")

    article = page_article(fetch(server.url("/ru"), LOCAL))

    assert article.encoding == "cp1251"
    assert "Адмирал Головко" in article.text


def test_a_page_without_article_text_is_refused(server: WebServer) -> None:
    server.routes["/consent"] = Route.file("no_text.html")
    url = server.url("/consent")

    with pytest.raises(FetchError) as caught:
        page_article(fetch(url, LOCAL))

    assert str(caught.value) == f"{url}: no article text found on the page"


def test_a_binary_page_is_refused(server: WebServer) -> None:
    server.routes["/bin"] = Route(
        body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", content_type="text/html"
    )
    url = server.url("/bin")

    with pytest.raises(FetchError) as caught:
        page_article(fetch(url, LOCAL))

    assert str(caught.value) == f"{url}: looks like a binary file (NUL bytes), not an article"
    assert isinstance(caught.value, InputError)  # ingest records it and goes on


# --------------------------------------------------------------------------- feeds

RSS_ENTRIES = [
    FeedEntry(
        url="https://news.example/savunma/denizalti",
        title="Deniz Kuvvetleri ilk milli denizaltıyı teslim aldı",
        published=datetime.date(2026, 3, 12),  # 01:30 +03:00: the publisher's day, not UTC's
    ),
    FeedEntry(
        url="{base}/savunma/hisar",
        title="ASELSAN'dan yeni hava savunma teslimatı",
        published=datetime.date(2026, 3, 11),
    ),
    FeedEntry(
        url="{base}/feeds/korvet?kaynak=rss",
        title="Yeni korvet denize indirildi",
        published=None,
    ),
    FeedEntry(
        url="https://news.example/savunma/iha",
        title="İHA ihracatında rekor",
        published=datetime.date(2026, 3, 10),
    ),
]


def expected(entries: list[FeedEntry], server: WebServer) -> list[FeedEntry]:
    return [FeedEntry(e.url.format(base=server.base_url), e.title, e.published) for e in entries]


def test_rss_feed_entries(server: WebServer) -> None:
    # Relative links resolve against the feed's URL; the duplicate, the fragment-only variant,
    # the javascript: link and the item without a link are left out.
    server.routes["/feeds/savunma.xml"] = Route.file("rss.xml", "application/rss+xml")

    fetched = fetch(server.url("/feeds/savunma.xml"), LOCAL)

    assert fetched.content_type == "application/rss+xml"
    assert feed_entries(fetched, 100) == expected(RSS_ENTRIES, server)


def test_max_items_counts_distinct_entries(server: WebServer) -> None:
    server.routes["/feeds/savunma.xml"] = Route.file("rss.xml", "application/rss+xml")

    fetched = fetch(server.url("/feeds/savunma.xml"), LOCAL)

    assert feed_entries(fetched, 3) == expected(RSS_ENTRIES[:3], server)
    assert feed_entries(fetched, 1) == expected(RSS_ENTRIES[:1], server)


def test_links_resolve_against_the_url_after_redirects(server: WebServer) -> None:
    server.routes["/rss"] = redirect("/feeds/savunma.xml", status=301)
    server.routes["/feeds/savunma.xml"] = Route.file("rss.xml", "application/rss+xml")

    entries = feed_entries(fetch(server.url("/rss"), LOCAL), 100)

    assert entries is not None
    assert entries[2].url == server.url("/feeds/korvet?kaynak=rss")


def test_atom_feed_entries(server: WebServer) -> None:
    server.routes["/oborona/atom"] = Route.file("atom.xml", "application/atom+xml")

    entries = feed_entries(fetch(server.url("/oborona/atom"), LOCAL), 100)

    assert entries == [
        FeedEntry(
            url=server.url("/oborona/golovko"),  # the alternate link, not the enclosure
            title="Фрегат «Адмирал Головко» вошёл в состав флота",
            published=datetime.date(2026, 3, 11),
        ),
        FeedEntry(
            url="https://news.example/oborona/pvo",
            title="Учения ПВО в Калининградской области",
            published=datetime.date(2026, 3, 10),  # only <updated>
        ),
    ]


@pytest.mark.parametrize(
    ("content_type", "seen_as"),
    [
        (None, "application/xml"),
        ("text/xml; charset=utf-8", "text/xml"),
        ("text/html", "text/html"),
    ],
)
def test_feeds_are_recognised_whatever_the_server_calls_them(
    server: WebServer, content_type: str | None, seen_as: str
) -> None:
    server.routes["/feeds/savunma.xml"] = Route.file("rss.xml", content_type)

    fetched = fetch(server.url("/feeds/savunma.xml"), LOCAL)

    assert fetched.content_type == seen_as
    assert feed_entries(fetched, 100) == expected(RSS_ENTRIES, server)


@pytest.mark.parametrize(
    ("name", "content_type"),
    [("story_a.html", "text/html"), ("sitemap.xml", "application/xml"), ("story_a.html", None)],
)
def test_a_page_is_not_a_feed(server: WebServer, name: str, content_type: str | None) -> None:
    server.routes["/page"] = Route.file(name, content_type)

    assert feed_entries(fetch(server.url("/page"), LOCAL), 100) is None


# --------------------------------------------------------------------------- HTTP failures


@pytest.mark.parametrize(
    ("status", "line"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
def test_http_errors(server: WebServer, status: int, line: str) -> None:
    server.routes["/x"] = Route(body=b"<html><body>error</body></html>", status=status)
    url = server.url("/x")

    assert failure(url) == f"{url}: {line}"


def test_unknown_path_is_a_404_from_the_helper(server: WebServer) -> None:
    url = server.url("/missing")

    assert failure(url) == f"{url}: HTTP 404 Not Found"


def test_unsupported_content_type(server: WebServer) -> None:
    server.routes["/logo.png"] = Route(body=b"\x89PNG\r\n\x1a\n", content_type="image/png")
    url = server.url("/logo.png")

    assert failure(url) == (
        f"{url}: unsupported content type image/png (expected an HTML page or an RSS/Atom feed)"
    )


def test_empty_body(server: WebServer) -> None:
    server.routes["/empty"] = Route(body=b"  \r\n")
    url = server.url("/empty")

    assert failure(url) == f"{url}: the server sent an empty body"


def test_binary_body_without_content_type(server: WebServer) -> None:
    server.routes["/blob"] = Route(body=b"\x1f\x8b\x08\x00\x00\x00\x00\x00", content_type=None)
    url = server.url("/blob")

    assert failure(url) == f"{url}: no content type, and the body is not HTML, a feed or text"


def test_nothing_listening() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"

    assert re.fullmatch(rf"{re.escape(url)}: cannot connect \(.+\)", failure(url))


# --------------------------------------------------------------------------- redirects


def test_relative_redirects_are_followed(server: WebServer) -> None:
    server.routes["/old/story"] = redirect("../new/story?id=7", status=301)
    server.routes["/new/story?id=7"] = redirect("/final", status=307)
    server.routes["/final"] = Route.file("story_a.html")
    url = server.url("/old/story")

    fetched = fetch(url, LOCAL)

    assert (fetched.url, fetched.final_url) == (url, server.url("/final"))
    assert page_article(fetched).path == server.url("/final")
    assert [r.path for r in server.requests] == ["/old/story", "/new/story?id=7", "/final"]


def test_redirect_loop(server: WebServer) -> None:
    server.routes["/a"] = redirect("/b")
    server.routes["/b"] = redirect(server.url("/a"))
    url = server.url("/a")

    assert failure(url) == f"{url}: redirect loop at {url}"


def test_too_many_redirects(server: WebServer) -> None:
    for n in range(1, 5):
        server.routes[f"/r{n}"] = redirect(f"/r{n + 1}")
    url = server.url("/r1")

    message = failure(url, LOCAL.model_copy(update={"max_redirects": 2}))

    assert (
        message == f"{url}: more than 2 redirects (raise max_redirects in [fetch] to follow more)"
    )
    assert [r.path for r in server.requests] == ["/r1", "/r2", "/r3"]


def test_redirect_without_location(server: WebServer) -> None:
    server.routes["/moved"] = Route(status=302, content_type=None)
    url = server.url("/moved")

    assert failure(url) == f"{url}: HTTP 302 redirect without a Location header"


@pytest.mark.parametrize("target", ["file:///etc/passwd", "ftp://news.example/pub/x.html"])
def test_redirect_to_another_scheme_is_refused(server: WebServer, target: str) -> None:
    server.routes["/go"] = redirect(target)
    url = server.url("/go")

    assert failure(url) == f"{url}: redirected to {target}: only http and https URLs are fetched"


@pytest.mark.parametrize(
    "url", ["ftp://news.example/pub/x.html", "file:///etc/passwd", "gopher://news.example/"]
)
def test_other_schemes_are_refused(url: str) -> None:
    assert failure(url) == f"{url}: only http and https URLs are fetched"


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://[::1/", "not a valid URL (Invalid IPv6 URL)"),
        ("http://news.example:99999/", "not a valid URL (Port out of range 0-65535)"),
        ("http:///story.html", "the URL names no host"),
        ("http://news..example/", "not a valid host name"),
        ("http://" + "a" * 64 + ".example/", "not a valid host name"),
    ],
)
@pytest.mark.parametrize("allow_private", [False, True])  # checked by us, or by httpx
def test_malformed_urls(url: str, reason: str, allow_private: bool) -> None:
    settings = LOCAL.model_copy(update={"allow_private": allow_private})

    assert failure(url, settings) == f"{url}: {reason}"


# --------------------------------------------------------------------------- addresses


def test_default_settings_refuse_the_loopback_server(server: WebServer) -> None:
    server.routes["/"] = Route.file("story_a.html")
    url = server.url("/")

    assert failure(url, FetchSettings()) == f"{url}: refused: loopback address 127.0.0.1 {ALLOW}"
    assert server.requests == []  # refused before connecting


@pytest.mark.parametrize("host", ["localhost", "2130706433", "0x7f.1"])  # names and odd spellings
def test_hosts_are_judged_by_what_they_resolve_to(server: WebServer, host: str) -> None:
    url = f"http://{host}:{server.base_url.rsplit(':', 1)[1]}/"

    message = failure(url, FetchSettings())

    assert re.fullmatch(
        rf"{re.escape(url)}: refused: loopback address (127\.0\.0\.1|::1) {re.escape(ALLOW)}",
        message,
    )
    assert server.requests == []


def public_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make news.example resolve to a public address without asking real DNS."""
    real = socket.getaddrinfo

    def fake(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        if host == "news.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", 80))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", fake)


def scripted_client(replies: dict[str, httpx.Response], seen: list[str]) -> httpx.Client:
    """A client whose transport answers by URL: the first hop needs a public host name."""

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return replies[str(request.url)]

    return httpx.Client(transport=httpx.MockTransport(answer), follow_redirects=False)


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("http://127.0.0.1:8080/admin", "loopback address 127.0.0.1"),
        ("http://10.0.0.5/metadata", "private-network address 10.0.0.5"),
        ("http://169.254.169.254/latest/meta-data/", "link-local address 169.254.169.254"),
        ("http://[::ffff:127.0.0.1]/", "loopback address ::ffff:127.0.0.1"),
    ],
)
def test_redirect_from_a_public_host_to_a_private_one_is_refused(
    monkeypatch: pytest.MonkeyPatch, target: str, reason: str
) -> None:
    public_dns(monkeypatch)
    seen: list[str] = []
    replies = {"http://news.example/a": httpx.Response(302, headers={"Location": target})}
    url = "http://news.example/a"

    with scripted_client(replies, seen) as client:
        message = failure(url, FetchSettings(), client)

    assert message == f"{url}: redirected to {target}: refused: {reason} {ALLOW}"
    assert seen == [url]  # the private address was never asked


def test_redirect_between_public_hosts_is_followed(monkeypatch: pytest.MonkeyPatch) -> None:
    public_dns(monkeypatch)
    seen: list[str] = []
    page = (WEB_DATA / "story_a.html").read_bytes()
    replies = {
        "http://news.example/a": httpx.Response(301, headers={"Location": "/b"}),
        "http://news.example/b": httpx.Response(
            200, headers={"Content-Type": "text/html"}, content=page
        ),
    }

    with scripted_client(replies, seen) as client:
        fetched = fetch("http://news.example/a", FetchSettings(), client)

    assert fetched.final_url == "http://news.example/b"
    assert fetched.body == page


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback address"),
        ("127.8.9.10", "loopback address"),
        ("::1", "loopback address"),
        ("10.1.2.3", "private-network address"),
        ("172.16.0.1", "private-network address"),
        ("172.31.255.254", "private-network address"),
        ("192.168.1.1", "private-network address"),
        ("fc00::1", "private-network address"),
        ("169.254.169.254", "link-local address"),
        ("fe80::1%eth0", "link-local address"),
        ("0.0.0.0", "unspecified address"),
        ("::", "unspecified address"),
        ("224.0.0.1", "multicast address"),
        ("ff02::1", "multicast address"),
        ("240.0.0.1", "reserved address"),
        ("100.64.0.1", "non-public address"),
        ("::ffff:127.0.0.1", "loopback address"),
        ("::ffff:10.0.0.1", "private-network address"),
        ("2002:7f00:1::1", "loopback address"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", "private-network address"),  # NAT64 around 10.0.0.1
        ("93.184.216.34", None),
        ("::ffff:93.184.216.34", None),
        ("64:ff9b::5db8:d822", None),  # NAT64 around 93.184.216.34
        ("2606:2800:220:1:248:1893:25c8:1946", None),
        ("8.8.8.8", None),
    ],
)
def test_address_refusal(address: str, reason: str | None) -> None:
    assert address_refusal(address) == reason


# --------------------------------------------------------------------------- limits


def test_size_cap_by_content_length(server: WebServer) -> None:
    # The header claims more than the cap; the body never comes. Reading it would time out.
    server.routes["/huge"] = Route(body=b"<html>", headers={"Content-Length": "10000000"})
    url = server.url("/huge")

    assert failure(url, LOCAL.model_copy(update={"timeout": 2})) == (
        f"{url}: larger than 5,000,000 bytes; {SIZE_HINT}"
    )


def test_size_cap_while_streaming_without_content_length(server: WebServer) -> None:
    server.routes["/stream"] = Route(body=b"<p>" + b"x" * 50_000, chunk_size=1000)
    url = server.url("/stream")

    message = failure(url, LOCAL.model_copy(update={"max_bytes": 10_000}))

    assert message == f"{url}: larger than 10,000 bytes; {SIZE_HINT}"


def test_the_cap_allows_a_body_of_exactly_max_bytes(server: WebServer) -> None:
    body = b"<p>" + b"x" * 9_997
    server.routes["/stream"] = Route(body=body, chunk_size=999)

    fetched = fetch(server.url("/stream"), LOCAL.model_copy(update={"max_bytes": 10_000}))

    assert fetched.body == body


def test_slow_server_times_out(server: WebServer) -> None:
    server.routes["/slow"] = Route.file("story_a.html", delay=10)
    url = server.url("/slow")

    started = time.monotonic()
    message = failure(url, LOCAL.model_copy(update={"timeout": 0.5}))

    assert message == f"{url}: timed out after 0.5 s; {TIME_HINT}"
    assert time.monotonic() - started < 3


def test_trickling_server_hits_the_overall_deadline(server: WebServer) -> None:
    # One byte every 0.1 s never trips the 0.5 s read timeout, but would take 20 s in all.
    server.routes["/drip"] = Route(body=b"<p>" + b"x" * 200, chunk_size=1, trickle=0.1)
    url = server.url("/drip")

    started = time.monotonic()
    message = failure(url, LOCAL.model_copy(update={"timeout": 0.5}))

    assert message == f"{url}: took longer than 1 s in total; {TIME_HINT}"
    assert time.monotonic() - started < 3


def test_a_shared_client_is_reused_and_left_open(server: WebServer) -> None:
    server.routes["/a"] = Route.file("story_a.html")
    server.routes["/b"] = Route.file("story_b.html")

    with open_client(LOCAL) as client:
        fetch(server.url("/a"), LOCAL, client)
        fetch(server.url("/b"), LOCAL, client)
        assert not client.is_closed

    assert [r.headers["user-agent"] for r in server.requests] == [LOCAL.user_agent] * 2


def test_a_name_that_rebinds_to_loopback_after_the_check_is_never_reached(
    server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    port = int(server.base_url.rsplit(":", 1)[1])
    asked: list[str] = []
    real = socket.getaddrinfo

    def rebinding(host: str, *args: Any, **kwargs: Any) -> list[Any]:
        # A resolver test double: public to the first question, loopback to any later one.
        if host == "rebind.example":
            asked.append(host)
            address = "93.184.216.34" if len(asked) == 1 else "127.0.0.1"
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    message = failure(f"http://rebind.example:{port}/page.html", FetchSettings(timeout=2))
    assert message.startswith(f"http://rebind.example:{port}/page.html: ")
    assert server.requests == []  # the loopback server never saw the request
    assert asked == ["rebind.example"]  # resolved once, by the check; connected to that answer


def test_every_redirect_hop_connects_to_the_address_it_was_checked_at(
    server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    # allow_private off: a hop to a host that was never checked cannot connect at all.
    from summarizer.fetch import open_client

    with (
        open_client(FetchSettings(timeout=2)) as client,
        pytest.raises(httpx.ConnectError, match="not checked"),
    ):
        client.get(server.url("/page.html"))
    assert server.requests == []


def test_a_fetched_page_is_prepared_once_for_its_hash_and_its_summary(
    server: WebServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.pipeline import Summarizer
    from summarizer.prepare import core
    from summarizer.prompts import load_prompts
    from tests.fakes import FakeProvider

    calls: list[int] = []
    real = core.prepare

    def counted(raw: str, **kwargs: Any) -> Any:
        calls.append(len(raw))
        return real(raw, **kwargs)

    monkeypatch.setattr(core, "prepare", counted)
    # A page no other test fetched, so no earlier preparation of it is remembered.
    body = (WEB_DATA / "story_a.html").read_text("utf-8").replace("</body>", "<p>once</p></body>")
    server.routes["/once"] = Route(body=body.encode(), content_type="text/html; charset=UTF-8")
    article = page_article(fetch(server.url("/once"), LOCAL))
    summary = Summarizer(FakeProvider(), load_prompts()).summarize(article)
    assert summary.source.title and len(calls) == 1
