"""Free text: its length distribution and a placeholder grammar from frequent phrases, never a real sentence.

The grammar strings together phrases (runs of two or three words of jieba's segmentation) that occur in at least
k different real texts, with
their frequencies as weights, between the real texts' 10th and 90th percentile lengths. That keeps the
vocabulary and the lengths, not the meaning: a user who needs meaningful text replaces the grammar with one
written for the column (docs/fit.md). A text that repeats a whole real text is impossible by construction only
when no single frequent phrase is itself a whole real text, so those are left out.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pandas as pd

PHRASES_KEPT = 60
PLAIN = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9]+$")   # words a grammar line can hold without escaping


def free_text(values: pd.Series, total: int, min_count: int) -> tuple[dict, str]:
    import jieba

    jieba.setLogLevel(60)
    texts = values.astype(str).tolist()
    whole = set(texts)
    rows_with = Counter()
    for text in texts:  # phrases: runs of two or three plain words, counted once per text
        words = jieba.lcut(text)
        rows_with.update({"".join(words[i:i + n]) for n in (2, 3) for i in range(len(words) - n + 1)
                          if all(PLAIN.match(w) for w in words[i:i + n])})
    frequent = [(w, c) for w, c in rows_with.most_common() if c >= min_count and w not in whole][:PHRASES_KEPT]
    lengths = np.array([len(t) for t in texts])
    low, high = (int(v) for v in np.percentile(lengths, [10, 90]))
    if not frequent:  # nothing common enough to keep: single frequent characters instead
        chars = Counter(c for t in texts for c in set(t) if PLAIN.match(c))
        frequent = [(c, n) for c, n in chars.most_common(PHRASES_KEPT) if n >= min_count] or [("文本", 1)]
    lines = ["text:"] + ["    " + "，".join(["<w>"] * k) for k in range(1, 6)]
    lines += ["w:"] + [f"    {c} | {w}" for w, c in frequent]
    field = {"type": "grammar", "text": "\n".join(lines) + "\n", "symbol": "text", "length": [max(low, 1), max(high, low + 1)]}
    missing = total - len(texts)
    if 0 < missing < total:
        field["null_rate"] = round(missing / total, 4)
    return field, (f"free text: {len(frequent)} phrases seen in {min_count}+ texts, lengths {low}-{high} "
                   "(10th-90th percentile); a placeholder grammar to replace with a real one")
