"""summarizer: structured English summaries of foreign-language defence and foreign-policy news."""

__version__ = "0.1.0"
