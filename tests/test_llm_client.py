"""The provider layer over real HTTP: retries, re-asks, truncation, dead servers, keys."""

from __future__ import annotations

import json
import socket

import pytest

from summarizer.config import load_settings
from summarizer.drafts import TransfersDraft, check_transfers
from summarizer.errors import ConfigError, InvalidOutputError, OutputTruncatedError, ProviderError
from summarizer.grounding import split_sentences
from summarizer.llm import Request, get_provider
from summarizer.llm.embedded import ServerProvider
from summarizer.schemas import Brief
from summarizer.validation import ValidationContext, validation_context
from tests.servers import Reply, chat_server

GOOD = json.dumps(
    {
        "headline": "Belarus puts S-400 on duty",
        "summary": "Belarus said it has put the Russian S-400 air defence systems into service.",
        "key_points": ["Russia sent S-400 systems to Belarus."],
    }
)


def request() -> Request:
    return Request(
        task="brief",
        messages=[{"role": "user", "content": "Summarise."}],
        response_model=Brief,
        max_tokens=200,
    )


def provider(base_url: str, **overrides: object) -> ServerProvider:
    return ServerProvider("test", load_settings(retry_wait=0.01, **overrides), base_url=base_url)


def test_transient_errors_are_retried_with_backoff() -> None:
    with chat_server([Reply(503), Reply(429), Reply(content=GOOD)]) as (url, script):
        result, stats = provider(url).generate(request())
    assert isinstance(result, Brief)
    assert result.headline == "Belarus puts S-400 on duty"
    assert len(script.requests) == 3
    assert stats.attempts == 3
    assert stats.prompt_tokens == 100


def test_rate_limit_that_never_ends_is_one_clear_error() -> None:
    with chat_server([Reply(429)]) as (url, script), pytest.raises(ProviderError) as err:
        provider(url, retries=2).generate(request())
    assert str(err.value) == "model test: rate limited (429) after retries; wait and run again"
    assert len(script.requests) == 3


def test_invalid_answer_is_reasked_with_the_error() -> None:
    bad = json.dumps({"headline": "Hi", "summary": "short", "key_points": []})
    with chat_server([Reply(content=bad), Reply(content=GOOD)]) as (url, script):
        result, stats = provider(url).generate(request())
    assert result.summary.startswith("Belarus said")
    assert stats.attempts == 2
    reask = script.requests[1]["messages"][-1]["content"]
    assert "headline" in reask and "key_points" in reask  # the validation errors went back


def test_garbage_that_never_validates_fails_after_the_reasks() -> None:
    with (
        chat_server([Reply(content="this is not json at all")]) as (url, script),
        pytest.raises(InvalidOutputError, match="failed validation after 2 attempts"),
    ):
        provider(url).generate(request())
    assert len(script.requests) == 2


def test_output_cut_off_by_max_tokens_is_reported_not_retried() -> None:
    with (
        chat_server([Reply(content=GOOD[:40], finish_reason="length")]) as (url, script),
        pytest.raises(OutputTruncatedError, match="cut off at max_tokens=200"),
    ):
        provider(url).generate(request())
    assert len(script.requests) == 1


def test_server_error_body_is_summarised_in_one_line() -> None:
    with chat_server([Reply(400)]) as (url, _), pytest.raises(ProviderError) as err:
        provider(url).generate(request())
    assert str(err.value).startswith("model test: server answered 400:")
    assert "\n" not in str(err.value)


def test_dead_server_is_one_clear_error() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ProviderError) as err:
        provider(f"http://127.0.0.1:{port}/v1", retries=1).generate(request())
    assert str(err.value) == "model test: cannot connect to the model server; is it running?"


def test_remote_provider_without_key_names_the_variable() -> None:
    with pytest.raises(ConfigError) as err:
        get_provider(load_settings(model="openai/gpt-4o-mini"))
    assert str(err.value) == (
        "No API key for openai/gpt-4o-mini: set OPENAI_API_KEY or pass --api-key"
    )


def test_litellm_reaches_an_openai_compatible_server_with_a_base_url() -> None:
    with chat_server([Reply(500), Reply(content=GOOD)]) as (url, script):
        remote = get_provider(
            load_settings(model="openai/my-vllm-model", api_base=url, retry_wait=0.01)
        )
        result, stats = remote.generate(request())
    assert isinstance(result, Brief)
    assert stats.attempts == 2
    assert script.requests[-1]["model"] == "my-vllm-model"
    assert script.requests[-1]["response_format"]["type"] == "json_schema"


def _transfers_request(text: str) -> tuple[Request, ValidationContext]:
    sentences = {s.n: s for s in split_sentences(text)}
    context = validation_context(sentences, text)
    req = Request(
        task="transfers",
        messages=[{"role": "user", "content": "List transfers."}],
        response_model=TransfersDraft,
        max_tokens=300,
        context=context,
    )
    return req, context


TEXT = "Russland hat S-400 an Belarus geliefert. Das Wetter war gut."
GOOD_ITEM = {
    "sentence": 1,
    "supplier": "Russia",
    "recipient": "Belarus",
    "systems": ["S-400"],
    "status": "delivered",
}
BAD_ITEM = {
    "sentence": 2,
    "supplier": "Russia",
    "recipient": "Belarus",
    "systems": ["Su-35"],
    "status": "delivered",
}
BAD_WHY = "item 1: the article never names 'Su-35'; list only systems the article names"


def test_unsupported_items_beside_good_ones_are_dropped_and_counted() -> None:
    req, context = _transfers_request(TEXT)
    answer = json.dumps({"transfers": [GOOD_ITEM, BAD_ITEM]})
    with chat_server([Reply(content=answer)]) as (url, _):
        result, stats = provider(url).generate(req)
    assert stats.attempts == 1  # something usable: no costly re-ask
    # The validator only judged; code keeps what the text supports and says why not the rest.
    checked = check_transfers(result.transfers, context)
    assert [t.systems for t in checked.kept] == [["S-400"]]
    assert checked.problems == [BAD_WHY.replace("item 1", "item 2")]


def test_an_answer_with_nothing_supported_is_reasked_then_dropped() -> None:
    req, context = _transfers_request(TEXT)
    bad = json.dumps({"transfers": [BAD_ITEM]})
    with chat_server([Reply(content=bad)]) as (url, script):
        result, stats = provider(url).generate(req)
    assert stats.attempts == 2  # asked, re-asked with the reason, then salvaged
    assert "the article never names 'Su-35'" in script.requests[1]["messages"][-1]["content"]
    checked = check_transfers(result.transfers, context)
    assert (checked.kept, checked.problems) == ([], [BAD_WHY])


def test_a_fixed_answer_after_the_reask_is_kept_whole() -> None:
    req, context = _transfers_request(TEXT)
    replies = [
        Reply(content=json.dumps({"transfers": [BAD_ITEM]})),
        Reply(content=json.dumps({"transfers": [GOOD_ITEM]})),
    ]
    with chat_server(replies) as (url, _):
        result, stats = provider(url).generate(req)
    assert [t.systems for t in result.transfers] == [["S-400"]]
    assert stats.attempts == 2
    assert check_transfers(result.transfers, context).problems == []


@pytest.mark.parametrize(
    "planted",
    [
        "{{ article }}",
        "{% if x %}",
        "{%- endraw %} {{ 7 * 7 }}",
        "{# a comment #}",
    ],
)
def test_article_text_in_a_message_reaches_the_model_verbatim(planted: str) -> None:
    """instructor renders messages as Jinja templates when a validation context is given;
    article text must not be rendered (nor fail the call, nor pull in context values)."""
    content = f"<article>\n[1] Russia sent S-400 systems to Belarus. {planted}\n</article>"
    asked = Request(
        task="brief",
        messages=[{"role": "user", "content": content}],
        response_model=Brief,
        max_tokens=200,
        context=validation_context({}, "SECRET CONTEXT VALUE"),
    )
    with chat_server([Reply(content=GOOD)]) as (url, script):
        result, _stats = provider(url).generate(asked)
    assert isinstance(result, Brief)
    sent = script.requests[0]["messages"][-1]["content"]
    assert "SECRET CONTEXT VALUE" not in sent
    if "endraw" in planted:
        # The one defused form: a planted end of the raw block cannot close it.
        assert sent == content.replace("{%- endraw", "{ %- endraw")
    else:
        assert sent == content
