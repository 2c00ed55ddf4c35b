"""Reading articles: paths to decoded text, with every way a file can be bad named clearly."""

from __future__ import annotations

import hashlib
import re
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from summarizer.errors import InputError

ARTICLE_SUFFIXES = {".txt", ".text", ".md", ".html", ".htm", ".xhtml"}

# Encodings news sites actually use, tried after UTF-8 fails; the best-scoring decode wins.
FALLBACK_ENCODINGS = ("cp1254", "cp1252", "cp1251", "koi8_r", "iso8859_9", "cp1256", "cp1250")

# Latin letters that are plausible in cp1252 text but almost always mean cp1254 (Turkish)
# bytes decoded with the wrong table.
_CP1254_TELLTALES = set("ÐðÝýÞþ")
_WORD = re.compile(r"[^\W\d_]+")
# One well-formed multi-byte UTF-8 character: without one there is no UTF-8 line to keep.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_ASCII = bytes(range(128))


class Article(BaseModel):
    """One article as read from its source, before any preparation."""

    path: str
    text: str
    sha256: str
    encoding: str
    size: int


def iter_paths(inputs: list[str]) -> Iterator[str]:
    """Expand directories into their article files (sorted); keep files and '-' as given."""
    for item in inputs:
        p = Path(item)
        if item != "-" and p.is_dir():
            found = sorted(
                f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in ARTICLE_SUFFIXES
            )
            if not found:
                raise InputError(f"{item}: directory holds no article files (.txt, .html, .md)")
            yield from (str(f) for f in found)
        else:
            yield item


def read_article(path: str, *, max_bytes: int = 2_000_000) -> Article:
    """Read one article from a file path or '-' (stdin) and decode it."""
    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory")
        try:
            with p.open("rb") as fh:
                data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
    if len(data) > max_bytes:
        raise InputError(
            f"{path}: larger than {max_bytes:,} bytes; raise max_input_bytes "
            "(SUMMARIZER_MAX_INPUT_BYTES) to read it"
        )
    text, encoding = decode_bytes(data, path)
    return Article(
        path=path,
        text=text,
        sha256=hashlib.sha256(data).hexdigest(),
        encoding=encoding,
        size=len(data),
    )


def decode_bytes(data: bytes, name: str) -> tuple[str, str]:
    """Decode article bytes: BOMs, UTF-8, then the best of the usual news-site code pages."""
    if not data.strip():
        raise InputError(f"{name}: file is empty")
    for bom, enc in (
        (b"\xef\xbb\xbf", "utf-8-sig"),
        (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(enc), name), enc
            except UnicodeDecodeError as exc:
                raise InputError(f"{name}: has a {enc} byte-order mark but is not {enc}") from exc
    if b"\x00" in data[:4096]:
        raise InputError(f"{name}: looks like a binary file (NUL bytes), not an article")
    try:
        return _checked(data.decode("utf-8"), name), "utf-8"
    except UnicodeDecodeError:
        pass
    # A legacy page with UTF-8 lines pasted in (a template, a quote): decoding the whole file
    # with one code page would garble the UTF-8 half, so each line keeps its own encoding.
    lines = data.splitlines(keepends=True) if _UTF8_SEQUENCE.search(data) else [data]
    utf8 = [_utf8_line(line) for line in lines]
    mixed = any(text is not None and not text.isascii() for text in utf8)
    legacy = b"".join(line for line, text in zip(lines, utf8, strict=True) if text is None)
    best = _best_fallback(legacy if mixed else data)
    if mixed and (best is None or best[0] <= 0):
        # No code-page lines after all: UTF-8 with a few corrupt bytes, which are replaced.
        return _checked(data.decode("utf-8", "replace"), name), "utf-8"
    if best is None or best[0] <= 0:
        raise InputError(
            f"{name}: cannot decode as UTF-8 or {', '.join(FALLBACK_ENCODINGS)}; "
            "convert it to UTF-8 (e.g. iconv -f <encoding> -t utf-8)"
        )
    _score, text, enc = best
    if mixed:
        # The fallback code pages are single-byte, so line by line equals the whole decode.
        parts = zip(lines, utf8, strict=True)
        text = "".join(t if t is not None else line.decode(enc) for line, t in parts)
        enc = f"utf-8+{enc}"
    return _checked(text, name), enc


def _utf8_line(line: bytes) -> str | None:
    """The line as UTF-8, corrupt bytes replaced if the rest is UTF-8; None if it is not."""
    try:
        return line.decode("utf-8")
    except UnicodeDecodeError:
        pass
    non_ascii = len(line.translate(None, _ASCII))
    in_sequences = sum(map(len, _UTF8_SEQUENCE.findall(line)))
    return line.decode("utf-8", "replace") if in_sequences * 2 > non_ascii else None


def _best_fallback(data: bytes) -> tuple[float, str, str] | None:
    """The most plausible decode of data among the fallback code pages, with its score."""
    best: tuple[float, str, str] | None = None
    for enc in FALLBACK_ENCODINGS:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = _plausibility(text)
        if best is None or score > best[0]:
            best = (score, text, enc)
    return best


def _checked(text: str, name: str) -> str:
    """Reject decoded text that is mostly control characters (a binary file)."""
    sample = text[:20000]
    controls = sum(1 for ch in sample if unicodedata.category(ch) == "Cc" and ch not in "\n\r\t\f")
    if controls > max(8, len(sample) // 100):
        raise InputError(f"{name}: looks like a binary file (control characters), not an article")
    if not any(ch.isalpha() for ch in sample):
        raise InputError(f"{name}: holds no letters, not an article")
    return text


def _plausibility(text: str) -> float:
    """Score how much a decode looks like natural language: single-script, few odd letters."""
    score = 0.0
    for word in _WORD.findall(text[:50000]):
        scripts = {_script(ch) for ch in word}
        non_ascii = sum(1 for ch in word if ord(ch) > 127)
        if len(scripts) > 1:
            score -= len(word)
        elif "LATIN" in scripts and len(word) > 2 and non_ascii * 2 > len(word):
            score -= len(word)  # "Ïðåçèäåíò" is cp1251 read as cp1252
        else:
            score += len(word)
        score -= 3 * sum(1 for ch in word if ch in _CP1254_TELLTALES)
    return score


def _script(ch: str) -> str:
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:
        return "UNKNOWN"
