"""Structured calls through instructor, with tenacity retries of transient failures."""

from __future__ import annotations

import logging
import re
import threading
import time
from typing import Any

import httpx
import instructor
import openai
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from pydantic import BaseModel, ValidationError
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from summarizer.config import Settings
from summarizer.errors import InvalidOutputError, OutputTruncatedError, ProviderError
from summarizer.llm.base import Request, salvage
from summarizer.schemas import CallStats

log = logging.getLogger(__name__)

TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504, 529}


_END_RAW = re.compile(r"\{%([-+]?)(\s*endraw)")


def literal(content: str) -> str:
    """Message text as Jinja reads it: instructor renders every message as a Jinja template
    when a validation context is given, so article text with "{{ x }}" or "{% if %}" would be
    rendered (or fail the call). Inside a raw block it stays the text it is; a planted
    "{% endraw %}" cannot end the block."""
    return "{% raw %}" + _END_RAW.sub(r"{ %\1\2", content) + "{% endraw %}"


def _root_cause(exc: BaseException) -> BaseException:
    """instructor wraps API errors in InstructorRetryException; look through it."""
    while isinstance(exc, InstructorRetryException) and exc.__cause__ is not None:
        exc = exc.__cause__
    return exc


def is_transient(exc: BaseException) -> bool:
    """Connection errors, timeouts, 429 and 5xx are worth retrying; nothing else is."""
    exc = _root_cause(exc)
    if isinstance(exc, (openai.APIConnectionError, openai.APITimeoutError, httpx.TransportError)):
        return True
    status = getattr(exc, "status_code", None)
    return isinstance(status, int) and (status in TRANSIENT_STATUS or status >= 500)


class _Accounting:
    """Collects attempts and token usage from instructor's hooks for one call."""

    def __init__(self) -> None:
        self.attempts = 0
        self.prompt_tokens = 0
        self.completion_tokens = 0
        self.cached_tokens = 0

    def on_kwargs(self, *args: Any, **kwargs: Any) -> None:
        self.attempts += 1

    def on_response(self, response: Any) -> None:
        usage = getattr(response, "usage", None)
        if usage is None:
            return
        self.prompt_tokens += getattr(usage, "prompt_tokens", 0) or 0
        self.completion_tokens += getattr(usage, "completion_tokens", 0) or 0
        details = getattr(usage, "prompt_tokens_details", None)
        self.cached_tokens += getattr(details, "cached_tokens", 0) or 0


# instructor's hooks belong to the client, which concurrent calls share: each thread's
# call counts into its own _Accounting, found through this thread-local.
_current = threading.local()
_hook_lock = threading.Lock()


def _on_kwargs(*args: Any, **kwargs: Any) -> None:
    acct = getattr(_current, "acct", None)
    if acct is not None:
        acct.on_kwargs(*args, **kwargs)


def _on_response(response: Any) -> None:
    acct = getattr(_current, "acct", None)
    if acct is not None:
        acct.on_response(response)


def _hook(client: instructor.Instructor) -> None:
    """Register the dispatching hooks once per client."""
    with _hook_lock:
        if not getattr(client, "_summarizer_hooked", False):
            client.on("completion:kwargs", _on_kwargs)
            client.on("completion:response", _on_response)
            client._summarizer_hooked = True  # type: ignore[attr-defined]


def structured_call(
    client: instructor.Instructor,
    request: Request,
    *,
    model: str,
    where: str,
    retries: int,
    reasks: int,
    retry_wait: float,
    extra: dict[str, Any] | None = None,
) -> tuple[BaseModel, CallStats]:
    """One validated call; transient failures retried with backoff, validation re-asked."""
    acct = _Accounting()
    _hook(client)
    _current.acct = acct
    started = time.perf_counter()

    def _log_retry(state: RetryCallState) -> None:
        exc = state.outcome.exception() if state.outcome else None
        log.warning("%s: transient failure (%s), retrying", where, type(exc).__name__)

    retrying = Retrying(
        stop=stop_after_attempt(retries + 1),
        wait=wait_exponential_jitter(multiplier=retry_wait, max=30, jitter=retry_wait / 2),
        retry=retry_if_exception(is_transient),
        before_sleep=_log_retry,
        reraise=True,
    )
    try:
        result = retrying(
            client.chat.completions.create,
            model=model,
            messages=[{**m, "content": literal(m["content"])} for m in request.messages]
            if request.context
            else request.messages,
            response_model=request.response_model,
            max_tokens=request.max_tokens,
            temperature=request.temperature,
            max_retries=reasks,
            context=request.context,
            **(extra or {}),
        )
    except IncompleteOutputException:
        raise OutputTruncatedError(
            f"{where}: the {request.task} answer was cut off at max_tokens={request.max_tokens}; "
            "raise max_tokens for this task in prompts/tasks.toml or shorten the input"
        ) from None
    except InstructorRetryException as exc:
        cause = _root_cause(exc)
        if cause is not exc and not isinstance(cause, ValueError):
            raise _without_key(_provider_error(cause, where), extra) from None
        result = _salvage(exc, request)
        if result is None:
            raise InvalidOutputError(
                f"{where}: the {request.task} answer failed validation after "
                f"{exc.n_attempts} attempts: {describe_invalid(cause)}"
            ) from None
    except ProviderError:
        raise
    except Exception as exc:
        raise _without_key(_provider_error(exc, where), extra) from None
    finally:
        _current.acct = None
    stats = CallStats(
        task=request.task,
        attempts=max(acct.attempts, 1),
        prompt_tokens=acct.prompt_tokens,
        completion_tokens=acct.completion_tokens,
        cached_tokens=acct.cached_tokens,
        seconds=round(time.perf_counter() - started, 3),
    )
    return result, stats


def call_model(
    client: instructor.Instructor,
    request: Request,
    name: str,
    settings: Settings,
    extra: dict[str, Any],
) -> tuple[BaseModel, CallStats]:
    """structured_call with the retry and re-ask settings of a provider's Settings."""
    return structured_call(
        client,
        request,
        model=name,
        where=f"model {name}",
        retries=settings.retries,
        reasks=settings.reasks,
        retry_wait=settings.retry_wait,
        extra=extra,
    )


def _salvage(exc: InstructorRetryException, request: Request) -> BaseModel | None:
    """The last answer, validated leniently, if the task allows it (see base.salvage)."""
    try:
        message = exc.last_completion.choices[0].message  # type: ignore[union-attr]
        raw = message.content or message.tool_calls[0].function.arguments
    except (AttributeError, IndexError, TypeError):
        return None
    return salvage(request, raw)


def describe_invalid(exc: BaseException) -> str:
    """A validation failure as one short line: field and message, no pydantic boilerplate."""
    if isinstance(exc, ValidationError):
        parts = []
        for err in exc.errors()[:3]:
            where = ".".join(str(p) for p in err["loc"])
            parts.append(f"{where}: {err['msg']}" if where else err["msg"])
        return _first_line("; ".join(parts))
    return _first_line(str(exc))


def _first_line(text: str, limit: int = 300) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception and everything it was raised from (litellm re-wraps client errors)."""
    seen: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in seen:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _connection_failed(exc: BaseException) -> bool:
    return any(
        isinstance(e, (httpx.ConnectError, ConnectionError))
        or (isinstance(e, openai.APIConnectionError) and not isinstance(e, openai.APITimeoutError))
        or "Connection error" in str(e)
        for e in _chain(exc)
    )


def _without_key(error: ProviderError, extra: dict[str, Any] | None) -> ProviderError:
    """The error with the API key masked: some servers echo a rejected key in their message."""
    key = str((extra or {}).get("api_key") or "")
    if len(key) < 8 or key not in str(error):  # "none", the placeholder for local servers
        return error
    return type(error)(str(error).replace(key, "***"))


def _provider_error(exc: BaseException, where: str) -> ProviderError:
    """Turn a client exception into one line that says what to do about it."""
    if _connection_failed(exc):
        return ProviderError(f"{where}: cannot connect to the model server; is it running?")
    if isinstance(exc, (openai.APITimeoutError, httpx.TimeoutException)):
        return ProviderError(f"{where}: the model server timed out; raise --timeout or retry")
    if isinstance(exc, openai.AuthenticationError):
        return ProviderError(f"{where}: the API key was rejected; check the key for this provider")
    status = getattr(exc, "status_code", None)
    if status == 429:
        return ProviderError(f"{where}: rate limited (429) after retries; wait and run again")
    if isinstance(status, int):
        message = getattr(exc, "message", None) or str(exc)
        # litellm's Router appends a paragraph about fallbacks; the server's answer comes first.
        message = message.split("\n\nLiteLLM: model group", 1)[0]
        return ProviderError(f"{where}: server answered {status}: {_first_line(message)}")
    return ProviderError(f"{where}: {type(exc).__name__}: {_first_line(str(exc))}")
