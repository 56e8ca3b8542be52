"""Screening free text for Finnish personal identity codes (henkilötunnus, DOMAIN.md §5).

A code is refused when it has a real date, a valid century sign (`+`; `-`, `Y`, `X`, `W`,
`V`, `U`; `A`–`F`) and the right check character; temporary codes (individual numbers
900–999) count too. The code found is never returned or logged: callers learn only
that one is there.
"""

from __future__ import annotations

import re

from stdnum.fi import hetu

# Candidates: six digits, a century sign, three digits and a check character, not glued
# to other letters or digits (so a longer number is not mistaken for a code).
_CANDIDATE = re.compile(
    r"(?<![0-9A-Za-z])(\d{6}[-+ABCDEFYXWVUabcdefyxwvu]\d{3}[0-9A-Ya-y])(?![0-9A-Za-z])"
)


def contains_identity_code(text: str | None) -> bool:
    """Whether `text` holds a valid Finnish personal identity code anywhere in it."""
    if not text:
        return False
    return any(
        hetu.is_valid(candidate, allow_temporary=True) for candidate in _CANDIDATE.findall(text)
    )


MASK = "******-****"


def masked(text: str) -> str:
    """`text` with every valid identity code in it replaced by MASK (for messages that
    repeat a name or value from a file, so that a code never reaches a report or a log)."""
    return _CANDIDATE.sub(
        lambda found: MASK if hetu.is_valid(found.group(1), allow_temporary=True) else found[0],
        text,
    )
