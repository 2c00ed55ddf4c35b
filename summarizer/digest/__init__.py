"""The digest email: compose summaries into one message and send it over SMTP.

Jinja2 is imported only when a digest is rendered, so importing this package stays cheap.
"""

from __future__ import annotations

from summarizer.digest.compose import DigestItem, compose, render
from summarizer.digest.send import send

__all__ = ["DigestItem", "compose", "render", "send"]
