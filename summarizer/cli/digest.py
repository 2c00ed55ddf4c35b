"""`summarizer digest`: email every unsent summary once, now or on a cron schedule."""

from __future__ import annotations

import contextlib
import datetime as dt
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from summarizer.cli.common import (
    DbOpt,
    ModelFlags,
    with_model_flags,
)
from summarizer.errors import ConfigError, SummarizerError
from summarizer.terminal import inert

if TYPE_CHECKING:
    from summarizer.config import DigestSettings, SmtpSettings
    from summarizer.digest.deliver import DeliverOptions, Delivery


def register(app: typer.Typer) -> None:
    """Add the digest command to the app."""
    app.command("digest")(digest)


@dataclass(frozen=True)
class MailFlags:
    """The SMTP and addressing flags of one invocation (None = not given)."""

    host: str | None = None
    port: int | None = None
    tls: str | None = None
    user: str | None = None
    password: str | None = None
    sender: str | None = None
    recipients: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()

    def settings(self) -> tuple[SmtpSettings, DigestSettings]:
        """Flags over environment over the config file's [smtp] and [digest] tables."""
        from summarizer.config import (
            DIGEST_ENV,
            SMTP_ENV,
            DigestSettings,
            SmtpSettings,
            load_section,
        )

        smtp = load_section(
            SmtpSettings,
            "smtp",
            SMTP_ENV,
            {
                "host": self.host,
                "port": self.port,
                "tls": self.tls,
                "user": self.user,
                "password": self.password,
            },
        )
        digest = load_section(
            DigestSettings,
            "digest",
            DIGEST_ENV,
            {"from": self.sender, "to": list(self.recipients) or None},
        )
        from summarizer import redact

        if smtp.password is not None:
            redact.remember(smtp.password.get_secret_value())
        if self.feeds:
            digest = digest.model_copy(update={"feeds": [*digest.feeds, *self.feeds]})
        return smtp, digest


def describe(delivery: Delivery) -> str:
    """One line saying what a digest run did."""
    if delivery.status == "nothing":
        return "digest: nothing new since the last digest; no email sent"
    if delivery.status == "written":
        return f"digest: {delivery.articles} article(s) written to {delivery.path} (not sent)"
    line = (
        f"digest: sent {delivery.articles} article(s) to {', '.join(delivery.recipients)} "
        f"({delivery.message_id})"
    )
    if delivery.refused:
        line += f"; refused by the server: {', '.join(delivery.refused)}"
    return line


def deliver_once(db: Path | str, mail: MailFlags, options: DeliverOptions) -> Delivery:
    """One digest under the digest lock."""
    from summarizer.digest.deliver import deliver
    from summarizer.store import locked

    smtp, settings = mail.settings()
    with locked(db, "digest") as store:
        return deliver(store, smtp, settings, options)


def scheduled_job(
    db: Path | str, mail: MailFlags, model: ModelFlags, options: DeliverOptions
) -> None:
    """Ingest the configured feeds, then send the digest; errors are reported, not fatal."""
    from rich.console import Console

    from summarizer.cli.ingest import report_line, run_ingest
    from summarizer.store import locked

    _, settings = mail.settings()
    stamp = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    typer.echo(f"{stamp} scheduled run", err=True)
    if settings.feeds:
        try:
            with locked(db, "ingest") as store:
                console = Console(stderr=True, highlight=False)
                report = run_ingest(store, settings.feeds, model, force=False, console=console)
                shown = store.path
            typer.echo(report_line(report, shown))
        except SummarizerError as exc:
            typer.echo(
                f"error: ingest: {inert(str(exc), one_line=True)}", err=True
            )  # the digest still sends what exists
    try:
        typer.echo(describe(deliver_once(db, mail, options)))
    except SummarizerError as exc:
        typer.echo(f"error: digest: {inert(str(exc), one_line=True)}", err=True)


def run_schedule(every: str, job: Any, *, run_now: bool, max_runs: int | None) -> None:
    """Run `job` on a cron schedule until interrupted (or after max_runs runs)."""
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    try:
        trigger = CronTrigger.from_crontab(every)
    except ValueError as exc:
        raise ConfigError(
            f"--every {every!r} is not a cron schedule ({exc}); use five fields, "
            "e.g. '0 7 * * *' for 07:00 every day"
        ) from None
    scheduler = BlockingScheduler()
    runs = {"n": 0}

    def after(event: Any) -> None:
        runs["n"] += 1
        if max_runs is not None and runs["n"] >= max_runs:
            scheduler.shutdown(wait=False)
            return
        job_obj = scheduler.get_job("digest")
        if job_obj is not None and job_obj.next_run_time:
            typer.echo(f"next run at {job_obj.next_run_time.isoformat()}", err=True)

    scheduler.add_listener(after, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
    first = dt.datetime.now().astimezone() if run_now else None
    scheduler.add_job(
        job,
        trigger,
        id="digest",
        max_instances=1,  # a slow run is never overlapped by the next one in this process
        coalesce=True,  # after a sleep or a long run, missed runs collapse into one
        misfire_grace_time=3600,
        **({"next_run_time": first} if first else {}),
    )

    def stop(signum: int, frame: Any) -> None:
        scheduler.shutdown(wait=False)

    signal.signal(signal.SIGTERM, stop)
    if first is None:
        next_time = trigger.get_next_fire_time(None, dt.datetime.now().astimezone())
        typer.echo(f"scheduled {every!r}; next run at {next_time.isoformat()}", err=True)
    with contextlib.suppress(KeyboardInterrupt):
        scheduler.start()
    typer.echo("scheduler stopped", err=True)


@with_model_flags(concurrency=False)
def digest(
    db: str | None = DbOpt,
    dry_run: bool = typer.Option(
        False, "--dry-run", help="Write the message to --out instead of sending; marks nothing."
    ),
    out: Path | None = typer.Option(None, "--out", "-o", help="The .eml file for --dry-run."),
    send_empty: bool = typer.Option(
        False, "--send-empty", help="Send a short 'nothing new' email when nothing is new."
    ),
    every: str | None = typer.Option(
        None,
        "--every",
        help="Run on this cron schedule (e.g. '0 7 * * *'): ingest the configured feeds, "
        "then send the digest. Runs until stopped.",
    ),
    run_now: bool = typer.Option(False, "--run-now", help="With --every: also run at start."),
    max_runs: int | None = typer.Option(None, "--max-runs", hidden=True, min=1),
    feed: list[str] = typer.Option(
        [], "--feed", help="Feed or page to ingest on each scheduled run (adds to [digest] feeds)."
    ),
    smtp_host: str | None = typer.Option(None, "--smtp-host", help="SMTP server host."),
    smtp_port: int | None = typer.Option(None, "--smtp-port", help="SMTP server port."),
    smtp_tls: str | None = typer.Option(
        None, "--smtp-tls", help="none, starttls (default) or ssl.", show_default=False
    ),
    smtp_user: str | None = typer.Option(None, "--smtp-user", help="SMTP login user."),
    smtp_password: str | None = typer.Option(
        None,
        "--smtp-password",
        help="SMTP password (prefer SUMMARIZER_SMTP_PASSWORD).",
        show_default=False,
    ),
    sender: str | None = typer.Option(None, "--from", help="Sender address."),
    to: list[str] = typer.Option([], "--to", help="Recipient address (repeat for several)."),
    flags: ModelFlags = ModelFlags(),  # --model, --api-base, --api-key, --timeout
) -> None:
    """Email every summary not yet sent, once; mark them sent only when the server accepts."""
    from summarizer.config import store_path
    from summarizer.digest.deliver import DeliverOptions

    path = store_path(db)
    mail = MailFlags(
        smtp_host, smtp_port, smtp_tls, smtp_user, smtp_password, sender, tuple(to), tuple(feed)
    )
    mail.settings()  # bad settings fail now, not at 07:00
    if dry_run and out is None:
        raise ConfigError("--dry-run needs --out FILE.eml to write the message to")
    options = DeliverOptions(dry_run=dry_run, out=out, send_empty=send_empty)
    if every is None:
        typer.echo(describe(deliver_once(path, mail, options)))
        return
    run_schedule(
        every,
        lambda: scheduled_job(path, mail, flags, options),
        run_now=run_now,
        max_runs=max_runs,
    )
