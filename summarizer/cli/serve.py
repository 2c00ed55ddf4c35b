"""`summarizer serve`: the JSON API and the web desk over the store, run by uvicorn."""

from __future__ import annotations

import contextlib
import os

import typer

from summarizer.cli.common import DbOpt, ModelFlags, with_model_flags


def register(app: typer.Typer) -> None:
    """Add the serve command to the app."""
    app.command("serve")(serve)


@with_model_flags(concurrency=False)
def serve(
    db: str | None = DbOpt,
    host: str = typer.Option(
        "127.0.0.1",
        "--host",
        help="Address to listen on; any but loopback needs SUMMARIZER_API_TOKEN.",
    ),
    port: int = typer.Option(8000, "--port", min=0, max=65535, help="Port to listen on."),
    flags: ModelFlags = ModelFlags(),  # the model POSTed articles are summarised with
) -> None:
    """Serve the API (/api, /openapi.json) and the web desk; no model loads until a POSTed
    article needs one."""
    from summarizer.config import store_path
    from summarizer.store_backend import shown
    from summarizer.web.app import TOKEN_ENV, bind, check_binding, create_app, url_of

    token = os.environ.get(TOKEN_ENV) or None
    check_binding(host, token)  # before anything is opened or bound
    path = store_path(db)
    settings = flags.settings()  # a bad setting stops the start, not the first POST
    app = create_app(path, token=token, settings=settings, host=host)
    sock = bind(host, port)
    url = url_of(sock)
    writes = "writes need the token" if token else "writes from this machine only"
    typer.echo(
        f"serving {url}/ (API {url}/api/docs, OpenAPI {url}/openapi.json; {writes}); "
        f"store {shown(path)}; model {settings.model}; Ctrl-C to stop",
        err=True,
    )
    from summarizer.web.app import serve as run

    with contextlib.suppress(KeyboardInterrupt):  # uvicorn shuts down, then passes Ctrl-C on
        run(app, sock)
    typer.echo("stopped", err=True)
