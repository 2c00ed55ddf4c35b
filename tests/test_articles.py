"""Reading article files: encodings, bad files, directories."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.articles import decode_bytes, iter_paths, read_article
from summarizer.errors import InputError

TURKISH = "Rusya'nın S-400 sistemleri Belarus'a ulaştı; Lukaşenko ağır silahların teslim edildiğini söyledi."
GERMAN = "Die Türkei liefert Drohnen an Aserbaidschan; Präsident Alijew äußerte sich zufrieden über größere Lieferungen."
RUSSIAN = "Россия поставила Белоруссии зенитные ракетные комплексы С-400, сообщил президент."


@pytest.mark.parametrize(
    ("text", "encoding", "expected"),
    [
        (TURKISH, "utf-8", "utf-8"),
        (TURKISH, "cp1254", "cp1254"),
        (GERMAN, "cp1252", "cp1254"),  # cp1254 and cp1252 agree on every German letter
        (RUSSIAN, "cp1251", "cp1251"),
        (TURKISH, "utf-8-sig", "utf-8-sig"),
        (GERMAN, "utf-16", "utf-16"),
    ],
)
def test_decodes_the_encodings_news_sites_use(text: str, encoding: str, expected: str) -> None:
    decoded, used = decode_bytes(text.encode(encoding), "a.txt")
    assert decoded == text
    assert used == expected


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "a.txt: file is empty"),
        (b"   \n\t \n", "a.txt: file is empty"),
        (
            b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
            "a.txt: looks like a binary file (NUL bytes), not an article",
        ),
        (
            bytes(range(1, 32)) * 40,
            "a.txt: looks like a binary file (control characters), not an article",
        ),
        (b"1234 5678 -- 42", "a.txt: holds no letters, not an article"),
    ],
)
def test_bad_files_get_one_clear_line(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as err:
        decode_bytes(data, "a.txt")
    assert str(err.value) == message


def test_missing_file_and_directory_errors(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_article(str(tmp_path / "nope.txt"))
    with pytest.raises(InputError, match="is a directory"):
        read_article(str(tmp_path))


def test_oversized_file_is_refused_with_the_setting_to_change(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Wort " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match=r"larger than 100 bytes.*SUMMARIZER_MAX_INPUT_BYTES"):
        read_article(str(big), max_bytes=100)


def test_article_records_hash_size_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "tr.txt"
    path.write_bytes(TURKISH.encode("cp1254"))
    article = read_article(str(path))
    assert article.text == TURKISH
    assert article.encoding == "cp1254"
    assert article.size == len(TURKISH.encode("cp1254"))
    assert len(article.sha256) == 64


def test_directories_expand_to_sorted_article_files(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("b", encoding="utf-8")
    (tmp_path / "a.html").write_text("a", encoding="utf-8")
    (tmp_path / "notes.bin").write_bytes(b"\x00")
    assert list(iter_paths([str(tmp_path), "-"])) == [
        str(tmp_path / "a.html"),
        str(tmp_path / "b.txt"),
        "-",
    ]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="directory holds no article files"):
        list(iter_paths([str(empty)]))
