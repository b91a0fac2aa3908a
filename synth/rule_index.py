"""Which rules of a symbol can apply to an env, found without testing every one.

A symbol such as a review's verdict has a few hundred rules, most of them for one category (`@when category=...`)
and one sentiment: building its table for a new context tested them all, although a few dozen can apply. The index
picks the variables many rules test for membership (the pivots: the sentiment, the category) and keeps, per values
of them, the rules whose tests on them pass, in rule order. The caller still tests those rules in full.
"""

from __future__ import annotations

from collections import Counter
from typing import Mapping

MIN_RULES = 16        # fewer rules than this are simply all tested
MAX_PIVOTS = 3
MAX_VALUES = 1024     # pivot values remembered before the per-value lists are dropped and worked out again


class RuleIndex:
    __slots__ = ("rules", "pivots", "by_values")

    def __init__(self, rules: tuple):
        self.rules = rules   # (tests, variables, alternatives) per rule header: Symbol.rules
        self.pivots = _pivots(rules) if len(rules) >= MIN_RULES else ()
        self.by_values: dict = {}

    def candidates(self, env: Mapping[str, str]) -> tuple[int, ...] | range:
        """Indices, in order, of the rules whose tests on the pivots pass for `env` (every rule without pivots)."""
        if not self.pivots:
            return range(len(self.rules))
        key = tuple(map(env.get, self.pivots))
        found = self.by_values.get(key)
        if found is None:
            if len(self.by_values) >= MAX_VALUES:
                self.by_values.clear()
            at = dict(zip(self.pivots, key))
            found = self.by_values[key] = tuple(
                k for k, (tests, _, _) in enumerate(self.rules)
                if all((at[var] in values) != negated for var, negated, values in tests if var in at))
        return found

    def skips(self, found) -> bool:
        """Whether `found` (from `candidates`) leaves out some rule: it failed a test on a pivot."""
        return len(found) < len(self.rules)


def _pivots(rules: tuple) -> tuple[str, ...]:
    """The variables (at most MAX_PIVOTS) that at least a quarter of the rules test for membership (var=value,
    not var!=value), the most tested first."""
    counts = Counter(var for tests, _, _ in rules for var in {var for var, negated, _ in tests if not negated})
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))   # (by name on a tie: the same every run)
    return tuple(var for var, n in ranked[:MAX_PIVOTS] if n * 4 >= len(rules))
