"""Word-level diffs with a bounded cost.

``difflib.SequenceMatcher`` without its junk heuristic (which would treat a sentence's frequent
words as noise) searches for each longest match by walking, for every word of one sequence,
every position of that word in the other, and does so again for each block it finds: a sentence
of one word repeated against another costs the cube of its length (1,000 words: 6 CPU-seconds;
a scores file's 400,000-character sentence of one token, far longer).

:func:`opcodes` gives difflib's opcodes unchanged whenever that walk is short, which it is for
any text written as prose: the walk's length is the number of pairs of equal words, one from
each sequence (``_equal_pairs``), and two sentences of prose have a few dozen. Past
``MAX_EQUAL_PAIRS`` the common words at the start and at the end are ``equal`` runs, and what
differs between them is diffed by difflib if its walk is short enough, else reported as one
replacement: a page that repeats a word hundreds of times is described coarsely, quickly.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

#: Pairs of equal words (one from each sequence) up to which difflib runs as it is. Of the 4,177
#: word diffs that scoring the dev pages, data/eval and 400 WMT translations makes, the most any
#: has is 119. At the bound, difflib's worst case (one word repeated against the same word
#: alternating with another) takes about 0.1 CPU-second.
MAX_EQUAL_PAIRS = 40_000

Opcode = tuple[str, int, int, int, int]


def _equal_pairs(a: Sequence[str], b: Sequence[str]) -> int:
    """How many (i, j) have a[i] == b[j]: the length of difflib's walk for one longest match."""
    cb = Counter(b)
    return sum(cb[w] * n for w, n in Counter(a).items())


def opcodes(a: Sequence[str], b: Sequence[str], max_pairs: int = MAX_EQUAL_PAIRS) -> list[Opcode]:
    """``SequenceMatcher(None, a, b, autojunk=False).get_opcodes()``, bounded (see the module)."""
    if _equal_pairs(a, b) <= max_pairs:
        return difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    n = min(len(a), len(b))
    head = 0
    while head < n and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < n - head and a[len(a) - 1 - tail] == b[len(b) - 1 - tail]:
        tail += 1
    a_end, b_end = len(a) - tail, len(b) - tail
    out: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    mid_a, mid_b = a[head:a_end], b[head:b_end]
    if mid_a and mid_b and _equal_pairs(mid_a, mid_b) <= max_pairs:
        out += [(op, i1 + head, i2 + head, j1 + head, j2 + head)
                for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, mid_a, mid_b, autojunk=False).get_opcodes()]
    elif mid_a or mid_b:
        out.append(("replace" if mid_a and mid_b else "delete" if mid_a else "insert", head, a_end, head, b_end))
    if tail:
        out.append(("equal", a_end, len(a), b_end, len(b)))
    return out
