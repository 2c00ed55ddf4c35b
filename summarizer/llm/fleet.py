"""A fleet of model servers behind one name: `--model fleet`, routed by litellm's Router.

The config file lists the servers:

    [fleet]
    cooldown = 30            # seconds a failing server is passed over while another can serve

    [[fleet.servers]]
    api_base = "http://gpu-1:8080/v1"
    model = "openai/qwen2.5-7b-instruct"
    weight = 2               # share of the calls when servers are equally free
    max_concurrency = 4      # calls this server takes at once (llama.cpp: its -np slots)

Each call goes through one litellm Router over the servers. The Router retries a failed
call at once on another server; call_model's retries back off between such rounds.
Which server takes a call is decided here (`Dispatcher`, litellm's custom routing strategy
hook), not by litellm: litellm enforces max_parallel_requests only on its async path and
answers 429 instead of waiting, and it never cools down a server that refuses connections.
"""

from __future__ import annotations

import itertools
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator

from summarizer.config import Settings, config_path, read_config_file
from summarizer.errors import ConfigError, ProviderError
from summarizer.llm.base import Capabilities, Request
from summarizer.llm.remote import LiteLLMProvider, import_litellm
from summarizer.schemas import CallStats

NAME = "fleet"
# The key, in the metadata of each Router call, that ties the Router's picks to the call.
TICKET = "summarizer_fleet_call"


class Deployment(BaseModel):
    """One model server: `[[fleet.servers]]` in the config file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_base: str
    model: str = Field(description="the litellm name, e.g. openai/qwen2.5-7b-instruct")
    weight: int = Field(default=1, ge=1, le=1000)
    max_concurrency: int = Field(default=1, ge=1, le=64)
    api_key: SecretStr | None = None

    @field_validator("api_base")
    @classmethod
    def _http_url(cls, value: str) -> str:
        parts = urlsplit(value.strip())
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ValueError(f"must be an http:// or https:// URL with a host, got {value!r}")
        return value.strip()

    @field_validator("model")
    @classmethod
    def _litellm_name(cls, value: str) -> str:
        if "/" not in value.strip():
            raise ValueError(
                f"must be a litellm name like openai/qwen2.5-7b-instruct, got {value!r}"
            )
        return value.strip()


class FleetSettings(BaseModel):
    """The `[fleet]` table: the servers, and how long a failing one is passed over."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    servers: list[Deployment] = Field(default_factory=list)
    cooldown: float = Field(default=30.0, ge=0, le=3600, allow_inf_nan=False)

    @property
    def capacity(self) -> int:
        """Calls the whole fleet takes at once."""
        return sum(server.max_concurrency for server in self.servers)


def load_fleet() -> FleetSettings:
    """The `[fleet]` table of the config file (empty when there is none); keys kept out of logs."""
    table = read_config_file().get(NAME, {})
    if not isinstance(table, dict):
        raise ConfigError(f"{config_path()}: [fleet] must be a table")
    try:
        fleet = FleetSettings.model_validate(table)
    except ValidationError as exc:
        raise ConfigError(f"{config_path()}: {describe_error(exc)}") from None
    remember_keys(fleet)
    return fleet


def remember_keys(fleet: FleetSettings) -> None:
    """Mask the servers' API keys in every log record and error line from now on."""
    from summarizer import redact

    for server in fleet.servers:
        if server.api_key is not None:
            redact.remember(server.api_key.get_secret_value())


def describe_error(exc: ValidationError) -> str:
    """The first problem in the [fleet] table, naming the table, the server and the key."""
    error = exc.errors()[0]
    loc = [str(part) for part in error["loc"]]
    known: type[BaseModel] = FleetSettings
    where, keys = "[fleet]", loc
    if len(loc) >= 2 and loc[0] == "servers" and loc[1].isdigit():
        known, where, keys = Deployment, f"[[fleet.servers]] #{int(loc[1]) + 1}", loc[2:]
    key = ".".join(keys)
    if error["type"] == "extra_forbidden":
        return f"{where}: unknown key {key!r}; known: {', '.join(known.model_fields)}"
    if error["type"] == "missing":
        return f"{where}: {key!r} is required"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{where}: bad {key!r}: {message}" if key else f"{where}: {message}"


def fleet_concurrency(settings: Settings) -> int:
    """Articles in flight for `--model fleet`: the setting, else two per server slot, so a
    server never idles while an article is prepared or checked between its calls (the extra
    articles wait for a slot; no server gets more than its max_concurrency)."""
    return settings.concurrency or min(64, 2 * max(load_fleet().capacity, 1))


# ------------------------------------------------------------------------------- dispatching


@dataclass
class _Server:
    """A server's routing state: its Router deployment, its slots and its health."""

    deployment: dict[str, Any]
    weight: int
    limit: int
    in_use: int = 0
    credit: int = 0  # smooth weighted round robin among equally free servers
    failed_until: float = 0.0

    @property
    def id(self) -> str:
        return str(self.deployment["model_info"]["id"])


@dataclass
class _Call:
    """One Router call: the server whose slot it holds, and the servers it already tried."""

    held: _Server | None = None
    tried: set[str] = field(default_factory=set)


class Dispatcher:
    """litellm's custom routing strategy for the fleet, holding each server's slots.

    Router.set_custom_routing_strategy installs `get_available_deployment`, which the Router
    calls in the calling thread before every attempt of a call. A pick waits until a server
    has a free slot and takes it; the slot is held until the Router's next attempt of the same
    call (the previous one failed, so that server is passed over for `cooldown` seconds) or
    until the call returns (`end`). So a server never has more than max_concurrency calls in
    flight, whichever threads make them and whatever happens in between.
    """

    def __init__(self, servers: list[_Server], cooldown: float) -> None:
        self._servers = servers
        self._cooldown = cooldown
        self._calls: dict[int, _Call] = {}
        self._tickets = itertools.count(1)
        self._cond = threading.Condition()

    def begin(self) -> int:
        """A ticket for one Router call; pass it in the call's metadata under TICKET."""
        with self._cond:
            ticket = next(self._tickets)
            self._calls[ticket] = _Call()
            return ticket

    def end(self, ticket: int, *, failed: bool) -> None:
        """The call is over: free its slot and note whether its server failed it."""
        with self._cond:
            call = self._calls.pop(ticket)
            if call.held is not None:
                self._release(call.held, failed=failed)

    def in_use(self) -> dict[str, int]:
        """Slots taken per server (by deployment id)."""
        with self._cond:
            return {server.id: server.in_use for server in self._servers}

    def get_available_deployment(
        self,
        model: str,
        messages: list[dict[str, str]] | None = None,
        input: str | list[Any] | None = None,
        specific_deployment: bool | None = False,
        request_kwargs: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """The Router deployment for the next attempt of a call, its slot taken (may wait)."""
        metadata = (request_kwargs or {}).get("metadata") or {}
        if TICKET not in metadata:
            raise ValueError("fleet: a Router call without a dispatch ticket")
        with self._cond:
            call = self._calls[metadata[TICKET]]
            if call.held is not None:  # the Router is retrying: the last attempt failed
                call.tried.add(call.held.id)
                self._release(call.held, failed=True)
                call.held = None
            server = self._choose(call)
            while server is None:
                # Woken when a slot frees; the timeout notices a cooldown running out.
                self._cond.wait(timeout=0.5)
                server = self._choose(call)
            server.in_use += 1
            call.held = server
            return server.deployment

    async def async_get_available_deployment(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """Not used: the fleet calls the Router's sync path only, where the slots wait."""
        raise NotImplementedError("the fleet dispatches synchronous Router calls only")

    def _choose(self, call: _Call) -> _Server | None:
        """The least loaded server with a free slot among the best candidates, or None."""
        now = time.monotonic()
        fresh = [s for s in self._servers if s.id not in call.tried]
        # Healthy untried servers; else any untried; else any (every one failed this call).
        pool = [s for s in fresh if s.failed_until <= now] or fresh or self._servers
        free = [s for s in pool if s.in_use < s.limit]
        if not free:
            return None
        load = min(s.in_use / s.limit for s in free)
        tied = [s for s in free if s.in_use / s.limit == load]
        for server in tied:
            server.credit += server.weight
        best = max(tied, key=lambda s: s.credit)
        best.credit -= sum(s.weight for s in tied)
        return best

    def _release(self, server: _Server, *, failed: bool) -> None:
        if server.in_use <= 0:
            raise RuntimeError(f"fleet: slot of {server.id} released twice")
        server.in_use -= 1
        server.failed_until = time.monotonic() + self._cooldown if failed else 0.0
        self._cond.notify_all()


# --------------------------------------------------------------------------------- provider


def _id(number: int) -> str:
    """The Router deployment id of the server listed at `number` (fleet-1, fleet-2, ...)."""
    return f"{NAME}-{number + 1}"


class FleetProvider(LiteLLMProvider):
    """Calls spread over the `[fleet]` servers through one litellm Router."""

    def __init__(self, name: str, settings: Settings, fleet: FleetSettings | None = None) -> None:
        super().__init__(name, settings)
        self.fleet = fleet if fleet is not None else load_fleet()
        if not self.fleet.servers:
            raise ConfigError(
                f"--model fleet needs servers: add [[fleet.servers]] entries with api_base "
                f"and model to {config_path()}"
            )
        self.capabilities = Capabilities(needs_key=False)
        remember_keys(self.fleet)
        self.dispatcher: Dispatcher | None = None
        self._router: Any = None

    def _build_client(self) -> Any:
        import instructor

        litellm = import_litellm()
        self._router = litellm.Router(
            model_list=[self._deployment(n, s) for n, s in enumerate(self.fleet.servers)],
            # An attempt that fails moves at once to the next server; call_model's retries
            # back off and start another round once every server has failed the call.
            num_retries=len(self.fleet.servers) - 1,
            retry_after=0,
            # Health is the Dispatcher's: litellm's cooldowns skip refused connections and,
            # with every server cooling, would refuse to retry at all.
            disable_cooldowns=True,
        )
        by_id = {d["model_info"]["id"]: d for d in self._router.model_list}
        servers = [
            _Server(deployment=by_id[_id(n)], weight=s.weight, limit=s.max_concurrency)
            for n, s in enumerate(self.fleet.servers)
        ]
        self.dispatcher = Dispatcher(servers, self.fleet.cooldown)
        self._router.set_custom_routing_strategy(self.dispatcher)
        # Local OpenAI-compatible servers: the schema goes in response_format.
        return instructor.from_litellm(self._complete, mode=instructor.Mode.JSON_SCHEMA)

    def _deployment(self, number: int, server: Deployment) -> dict[str, Any]:
        key = server.api_key or self.settings.api_key
        return {
            "model_name": NAME,
            "litellm_params": {
                "model": server.model,
                "api_base": server.api_base,
                "api_key": key.get_secret_value() if key is not None else "none",
                # litellm's own weighting and limit, unused on the sync path the fleet takes
                # (the Dispatcher does both): kept so the Router's view of the fleet is whole.
                "weight": server.weight,
                "max_parallel_requests": server.max_concurrency,
            },
            "model_info": {"id": _id(number)},
        }

    def _complete(self, **kwargs: Any) -> Any:
        """One Router call under a dispatch ticket, its server's slot freed when it returns."""
        from summarizer.llm.client import is_transient

        assert self.dispatcher is not None
        ticket = self.dispatcher.begin()
        failed = True
        try:
            response = self._router.completion(**kwargs, metadata={TICKET: ticket})
            failed = False
            return response
        except Exception as exc:
            failed = is_transient(exc)
            raise
        finally:
            self.dispatcher.end(ticket, failed=failed)

    def _call_extra(self) -> dict[str, Any]:
        return {"timeout": self.settings.timeout}

    def generate(self, request: Request) -> tuple[Any, CallStats]:
        """One schema-constrained call on whichever server the Dispatcher picks."""
        from summarizer import redact

        try:
            return super().generate(request)
        except ProviderError as exc:
            # Some servers echo a rejected key; the servers' keys are in redact's list.
            masked = redact.mask(str(exc))
            if masked == str(exc):
                raise
            raise type(exc)(masked) from None

    def close(self) -> None:
        """Unhook the Router from litellm's global callback lists."""
        with self._lock:
            if self._router is not None:
                self._router.discard()
                self._router = None
                self._client = None
