"""`synth run recipe.toml -o OUT/`: the six stages of a recipe, writing a dataset folder with its manifest.

`--dry-run` prints the plan and what each stage will do, and writes nothing. `--accumulate OUT/` adds a round to
a folder made before (its earlier rounds and real records are never touched). Exit 0 when the acceptance gates
pass, 1 when one fails (named on stderr; the round is written and marked as not accepted), 2 for a mistake in
the recipe (one sentence naming its file, line and key; nothing written).
"""

from __future__ import annotations

import sys

from ..errors import SynthError


def add_parser(sub) -> None:
    p = sub.add_parser("run", help="run a recipe's six stages and write a dataset folder with a manifest")
    p.add_argument("recipe", help="the recipe (.toml)")
    p.add_argument("-o", "--output", help="the dataset folder to create (it must not exist)")
    p.add_argument("--accumulate", metavar="OUT", help="add a round to this existing dataset folder")
    p.add_argument("--dry-run", action="store_true", help="print the plan and what each stage will do")


def run(args) -> int:
    from ..recipes.load import read_recipe
    from ..recipes.pipeline import describe_plan, plan, run_round

    recipe_plan = plan(read_recipe(args.recipe))
    if args.dry_run:
        print(describe_plan(recipe_plan))
        return 0
    if bool(args.output) == bool(args.accumulate):
        raise SynthError("Give either -o OUT (a new dataset folder) or --accumulate OUT (add a round to one).")
    code, summary = run_round(recipe_plan, args.accumulate or args.output, accumulate=bool(args.accumulate))
    print(f"synth: {summary}", file=sys.stderr)
    return code
