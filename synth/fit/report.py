"""Privacy and fidelity of a recipe against the real table, by making a look-alike from it in memory."""

from __future__ import annotations

import pandas as pd

from ..quality.report import Finding
from .features import pair
from .fidelity import fidelity_findings
from .privacy import privacy_findings


def sample_recipe(text: str, path: str, n: int | None = None) -> pd.DataFrame:
    """The records `synth run` would make from a recipe (its seed, as_of and rules; failing records dropped)."""
    from ..api import stream
    from ..recipes.load import parse_recipe
    from ..recipes.pipeline import plan

    recipe_plan = plan(parse_recipe(text, path))
    batches = stream(recipe_plan.domain, n or recipe_plan.count, seed=recipe_plan.seed, as_of=recipe_plan.as_of,
                     _drop_failures=True)
    return pd.concat(list(batches), ignore_index=True)


def compare(synthetic: pd.DataFrame, real: pd.DataFrame, quasi=None, target=None, source="the real table",
            seed: int = 0) -> list[Finding]:
    p = pair(real, synthetic, source)
    return privacy_findings(p, quasi, seed) + fidelity_findings(p, target, seed)


def measure_recipe(text: str, path: str, real: pd.DataFrame, quasi=None, target=None) -> list[Finding]:
    return compare(sample_recipe(text, path, len(real)), real, quasi, target)
