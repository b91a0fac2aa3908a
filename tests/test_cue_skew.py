"""benchmarks/cue_skew.py: the share of texts saying each cue and the positive share among them."""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))

from cue_skew import CUES, shares  # noqa: E402
from real_corpus import NEGATIVE, POSITIVE  # noqa: E402


def test_shares_count_texts_and_the_positive_share_among_them():
    pairs = [("这个很好！", POSITIVE), ("这本太差了。", NEGATIVE), ("太贵了", NEGATIVE), ("物流很快。", POSITIVE)]
    got = shares(pairs)
    assert got["这"] == (0.5, 0.5)
    assert got["太"] == (0.5, 0.0)
    assert got["很"] == (0.5, 1.0)
    assert got["了。"] == (0.25, 0.0)
    assert got["！"] == (0.25, 1.0)
    assert got["no final mark"] == (0.25, 0.0)     # 太贵了 ends without a mark
    assert got["吧"][0] == 0.0 and math.isnan(got["吧"][1])
    assert set(got) == set(CUES)
