"""Lines that address the model rather than the reader: planted instructions.

No news sentence needs these phrases; a line with one is set aside like a reader comment.
"""

from __future__ import annotations

import itertools
import re

from summarizer.prepare.sentences import _sentence_starts

_TO_THE_MODEL = re.compile(
    # English: a command to drop instructions (at the start, after a colon, or "and ..."),
    # notes addressed to AI tools, the system prompt, operator/model instructions.
    r"(?:^|[:.!;\[(]\s*|\band\s+)(?:please\s+)?(?:ignore|disregard|forget)\s+(?:all\s+|any\s+)?"
    r"(?:the\s+|your\s+)?(?:previous|prior|above|earlier)\s+(?:instructions|prompts?)\b"
    r"|\bsystem\s+prompts?\b"
    r"|\b(?:note|message)s?\s+(?:to|for)\s+(?:the\s+)?(?:ai|llms?|language\s+models?"
    r"|automated\s+\w+(?:\s+tools?)?|chatbots?)\b"
    r"|\bai\s+(?:assistants?|models?|systems?)\s*:"
    r"|\bnew\s+instructions?\s+(?:from|for)\s+the\s+(?:operator|model|ai|assistant)\b"
    r"|\bwhen\s+you\s+summari[sz]e\b"
    r"|</?\s*article\s*>"
    # German, Russian, Turkish equivalents.
    r"|(?:vergiss|vergessen\s+sie|ignoriere|ignorieren\s+sie)\s+(?:\w+\s+){0,2}"
    r"(?:bisherigen|vorherigen|früheren)\s+anweisungen"
    r"|\banweisung\s+an\s+(?:das|die|den)\s+(?:sprachmodell|ki|modell)\b"
    r"|игнорируйте\s+(?:\w+\s+){0,2}(?:предыдущие|прежние)\s+инструкц"
    r"|(?:примечание|указание|инструкция)\s+для\s+(?:нейросет|ии\b|ассистент|чат-?бот)"
    r"|системн\w+\s+промпт"
    r"|talimatları\s+(?:yok\s+say|görmezden\s+gel|unut)"
    r"|yapay\s+zek[aâ]\s+(?:modellerine|modeline|asistanına|için)\s+not"
    r"|\bsistem\s+istem(?:i|ini|inizi)\b",
    re.IGNORECASE,
)
# "SYSTEM:" / "ASSISTANT:" opening a line, in capitals: a chat-transcript role, not the
# "System: S-400" of a fact box.
_ROLE_LINE = re.compile(r"^\W*(?:SYSTEM|ASSISTANT)\s*:")


def addresses_the_model(line: str) -> bool:
    """Whether a line speaks to an AI model (a planted instruction), not to the reader."""
    return bool(_TO_THE_MODEL.search(line) or _ROLE_LINE.search(line))


def _without_instructions(line: str) -> str:
    """The line without its sentences that address the model."""
    cuts = [0, *_sentence_starts(line), len(line)]
    parts = [line[a:b] for a, b in itertools.pairwise(cuts) if line[a:b].strip()]
    return " ".join(p.strip() for p in parts if not addresses_the_model(p))
