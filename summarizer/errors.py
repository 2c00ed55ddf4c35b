"""The one exception tree: the CLI turns any of these into a single line and a non-zero exit."""

from __future__ import annotations


class SummarizerError(Exception):
    """Root of every error the summarizer reports to a user."""

    exit_code = 1


class InputError(SummarizerError):
    """An article could not be read: missing, empty, binary, undecodable or too large."""

    exit_code = 2


class ConfigError(SummarizerError):
    """Settings are missing or wrong: unknown model, missing API key, bad config file."""

    exit_code = 3


class ModelAssetError(SummarizerError):
    """The embedded model's files are missing or corrupt and cannot be rebuilt."""

    exit_code = 4


class ProviderError(SummarizerError):
    """The model could not be reached or kept failing after the retries."""

    exit_code = 5


class AnswerError(SummarizerError):
    """The model answered, but not usably for this article: the article's part fails and a
    batch goes on (a ProviderError, the model out of reach, stops the batch)."""

    exit_code = 5


class OutputTruncatedError(AnswerError):
    """The model's answer was cut off by max_tokens; retrying the same call would repeat it."""


class InvalidOutputError(AnswerError):
    """The model's answer never passed validation, even after re-asking with the errors."""


class FetchError(InputError):
    """A page or feed could not be fetched: refused address, timeout, too large, wrong type."""


class DeliveryError(SummarizerError):
    """The digest email was not accepted: server down, refused, authentication failed."""

    exit_code = 7


class StoreError(SummarizerError):
    """The store could not be opened or written: locked, corrupt, disk full."""

    exit_code = 8


class BusyError(SummarizerError):
    """Another summarizer run holds the store's lock."""

    exit_code = 9


class Interrupted(SummarizerError):
    """Ctrl-C or SIGTERM stopped a batch; what was finished is kept."""

    exit_code = 130
