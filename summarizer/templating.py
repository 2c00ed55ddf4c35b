"""The one way Jinja2 environments are made: sandboxed, strict about undefined names.

Prompts, the digest email and the evaluation report all render through `environment`, so a
template can never reach Python internals and a misspelt variable is an error, not an empty
string. Jinja2 is imported on first use, so importing this module costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment


def environment(
    templates: Path,
    *,
    html: bool,
    trim: bool = False,
    keep_trailing_newline: bool = False,
    finalize: Callable[[Any], Any] | None = None,
    filters: Mapping[str, Callable[..., Any]] | None = None,
) -> SandboxedEnvironment:
    """A sandboxed environment loading the templates of a directory.

    html: autoescape every value (for HTML output); trim: drop the newline after a block tag
    and the whitespace before one (trim_blocks, lstrip_blocks); finalize: applied to every
    printed value; filters: added to Jinja2's own.
    """
    from jinja2 import FileSystemLoader, StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=FileSystemLoader(str(templates)),
        undefined=StrictUndefined,
        autoescape=html,
        finalize=finalize,
        trim_blocks=trim,
        lstrip_blocks=trim,
        keep_trailing_newline=keep_trailing_newline,
    )
    env.filters.update(filters or {})
    return env
