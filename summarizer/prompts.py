"""Prompts are data: Jinja2 files in prompts/, listed in prompts/tasks.toml, versioned by hash."""

from __future__ import annotations

import hashlib
import os
import re
import tomllib
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel, Field, ValidationError

from summarizer.errors import ConfigError
from summarizer.templating import environment

Message = dict[str, str]


class TaskSpec(BaseModel):
    """One task's prompt file and call settings."""

    template: str
    max_tokens: int = Field(gt=0, le=8192)
    temperature: float = Field(ge=0, le=2)
    variables: list[str] = Field(default_factory=list)
    # False: the task text stands alone (the brief's sentences are given in it); a small
    # model shown the whole numbered article as well mixes neighbouring sentences up.
    with_article: bool = True


class Manifest(BaseModel):
    """prompts/tasks.toml: the shared templates and every task."""

    system: str
    article: str
    tasks: dict[str, TaskSpec]


def prompts_dir() -> Path:
    """The prompts directory: $SUMMARIZER_PROMPTS_DIR or the repository's prompts/."""
    env = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    return Path(env) if env else Path(__file__).resolve().parent.parent / "prompts"


class PromptSet:
    """Loaded, checked prompt templates and their version hash."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        manifest_path = directory / "tasks.toml"
        try:
            raw = tomllib.loads(manifest_path.read_text(encoding="utf-8"))
            self.manifest = Manifest(**raw)
        except FileNotFoundError:
            raise ConfigError(
                f"No prompts at {manifest_path}: set SUMMARIZER_PROMPTS_DIR to the prompts folder"
            ) from None
        except (tomllib.TOMLDecodeError, ValidationError) as exc:
            raise ConfigError(f"{manifest_path}: invalid prompt manifest: {exc}") from None
        self._env = environment(directory, html=False)
        names = [self.manifest.system, self.manifest.article]
        names += [t.template for t in self.manifest.tasks.values()]
        digest = hashlib.sha256()
        for name in ["tasks.toml", *sorted(set(names))]:
            path = directory / name
            if not path.is_file():
                raise ConfigError(f"{manifest_path} names {name}, which does not exist")
            digest.update(name.encode() + b"\0" + path.read_bytes() + b"\0")
        self.version = digest.hexdigest()[:12]

    def task(self, name: str) -> TaskSpec:
        """The spec of one task, or a ConfigError naming the known tasks."""
        try:
            return self.manifest.tasks[name]
        except KeyError:
            known = ", ".join(sorted(self.manifest.tasks))
            raise ConfigError(f"No prompt for task {name!r} (known: {known})") from None

    def render(self, name: str, **variables: Any) -> str:
        """Render one template file; a missing variable is an error naming the file."""
        try:
            return self._env.get_template(name).render(**variables).strip()
        except jinja2.UndefinedError as exc:
            raise ConfigError(f"{self.directory / name}: {exc.message}") from None
        except jinja2.TemplateError as exc:
            raise ConfigError(f"{self.directory / name}: {exc}") from None

    @property
    def system_text(self) -> str:
        """The rendered system prompt (validators check the model does not recite it)."""
        return self.render(self.manifest.system)

    def messages(
        self, task: str, article: str, *, published: str | None = None, **variables: Any
    ) -> list[Message]:
        """System prompt, then the article, then the task: the article prefix is shared."""
        spec = self.task(task)
        missing = [v for v in spec.variables if v not in variables]
        if missing:
            raise ConfigError(f"{self.directory / spec.template}: missing variables {missing}")
        body = self.render(spec.template, **variables)
        if spec.with_article:
            head = self.render(
                self.manifest.article, article=defuse_delimiters(article), published=published
            )
            body = f"{head}\n\n{body}"
        return [
            {"role": "system", "content": self.render(self.manifest.system)},
            {"role": "user", "content": body},
        ]


_DELIMITER = re.compile(r"<(\s*/?\s*(?:article|sentences)\b[^<>]*)>", re.IGNORECASE)


def defuse_delimiters(article: str) -> str:
    """Article text cannot open or close the <article> or <sentences> block: tags become ‹…›."""
    return _DELIMITER.sub(r"‹\1›", article)


@lru_cache(maxsize=4)
def load_prompts(directory: Path | None = None) -> PromptSet:
    """The prompt set of a directory (default: prompts_dir()), loaded once."""
    return PromptSet(directory or prompts_dir())
