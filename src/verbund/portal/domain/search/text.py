"""One normal form for indexed text and queries, so that SQLite and PostgreSQL see the same words.

Both databases get text that is already folded here (lower case, German umlauts as ae/oe/ue, ß as
ss, other accents dropped, everything that is not a letter or digit a space). Their tokenizers
(FTS5's unicode61 and trigram, PostgreSQL's `simple` parser and pg_trgm) then agree on what a word
is, and "Würzburg", "Wuerzburg" and "WÜRZBURG" are one word on both.
"""

import re
import unicodedata

MIN_WORD = 3
"""Shorter query words are ignored: a trigram needs three letters, and SQLite's trigram index finds
nothing for fewer, so matching them on one database only would make the two differ."""
MAX_WORDS = 8
"""At most this many words of a query are used (a pasted paragraph is not a query)."""

_FOLD = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"}
)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalise(text: str) -> str:
    """Folded text: lower case ASCII letters and digits separated by single spaces."""
    text = (text or "").casefold().translate(_FOLD)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", text).strip()


def query_words(query: str) -> list[str]:
    """The words of a query that take part in matching, in order and without repeats."""
    words: list[str] = []
    for word in normalise(query[:500]).split():
        if len(word) >= MIN_WORD and word not in words:
            words.append(word)
    return words[:MAX_WORDS]


def join(*parts: str) -> str:
    """Several texts as one normalised document."""
    return " ".join(p for p in (normalise(part) for part in parts) if p)
