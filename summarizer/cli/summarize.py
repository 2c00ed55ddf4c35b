"""`summarizer summarize` and `summarizer schema`: the three typed summaries as JSON files."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from summarizer.cli.common import (
    ModelFlags,
    PathsArg,
    with_model_flags,
)
from summarizer.errors import ConfigError
from summarizer.terminal import inert

if TYPE_CHECKING:
    from summarizer.schemas import Summary

ALL_TASKS = ("brief", "transfers", "relations")


def register(app: typer.Typer) -> None:
    """Add the summarize and schema commands to the app."""
    app.command("summarize")(summarize)
    app.command("schema")(schema)


def parse_only(only: str | None) -> tuple[str, ...]:
    """'brief,transfers' → ('brief', 'transfers'), checked against the known tasks."""
    if not only:
        return ALL_TASKS
    tasks = tuple(dict.fromkeys(t.strip() for t in only.split(",") if t.strip()))
    unknown = [t for t in tasks if t not in ALL_TASKS]
    if unknown or not tasks:
        raise ConfigError(
            f"--only takes a comma-separated list of {', '.join(ALL_TASKS)}; got {only!r}"
        )
    return tasks


def output_name(summary: Summary, taken: set[str]) -> str:
    """<file stem>.json, made unique within one run by the article's hash."""
    stem = "stdin" if summary.source.path == "-" else Path(summary.source.path).stem
    name = f"{stem}.json"
    if name in taken:
        name = f"{stem}-{summary.source.sha256[:8]}.json"
    copy = 2
    while name in taken:  # the same text under the same stem twice: never overwrite
        name = f"{stem}-{summary.source.sha256[:8]}-{copy}.json"
        copy += 1
    taken.add(name)
    return name


@with_model_flags()
def summarize(
    paths: list[str] = PathsArg,
    out: Path = typer.Option(..., "--out", "-o", help="Directory for one JSON file per article."),
    only: str | None = typer.Option(
        None, "--only", help="Comma-separated tasks: brief,transfers,relations (default all)."
    ),
    flags: ModelFlags = ModelFlags(),  # --model, --api-base, --api-key, --timeout, --concurrency
) -> None:
    """Write the brief, arms transfers and relations of each article as DIR/<stem>.json."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from summarizer.cli.common import run_articles
    from summarizer.files import write_atomically

    tasks = parse_only(only)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigError(f"Cannot create output directory {out}: {exc.strerror}") from None
    table = Table("article", "language", "transfers", "pairs", "seconds")
    taken: set[str] = set()

    def emit(summary: Summary) -> None:
        name = output_name(summary, taken)
        # A crash never leaves half a file under the real name; a directory or an unwritable
        # place under that name is one line, with no temporary file left behind.
        write_atomically(out / name, (summary.to_json(indent=2) + "\n").encode("utf-8"))
        table.add_row(
            Text(inert(Path(summary.source.path).name, one_line=True)),
            summary.source.language,
            "-" if summary.arms_transfers is None else str(len(summary.arms_transfers)),
            "-" if summary.relations is None else str(len(summary.relations)),
            f"{summary.meta.seconds:.1f}",
        )

    try:
        run_articles(paths, flags, tasks, emit)
    finally:
        if table.row_count:
            Console(highlight=False).print(table)
            typer.echo(f"wrote {table.row_count} file(s) to {out}")


def schema(
    write: Path | None = typer.Option(
        None, "--write", help="Write the schema files into this directory instead of printing."
    ),
) -> None:
    """Print the JSON Schemas of the output contract and of what the model fills in."""
    import json

    from summarizer.schema_export import all_schemas

    schemas = all_schemas()
    if write is None:
        typer.echo(json.dumps(schemas, indent=2, ensure_ascii=False))
        return
    write.mkdir(parents=True, exist_ok=True)
    for name, body in schemas.items():
        (write / f"{name}.schema.json").write_text(
            json.dumps(body, indent=2, ensure_ascii=False) + "\n", "utf-8"
        )
        typer.echo(f"wrote {write / name}.schema.json")
