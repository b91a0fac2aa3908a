"""The `reviews` domain: labelled Chinese product, place and work reviews written by text grammars.

Every review is planned, then written, then labelled from what was written:

1. *Plan* (per record, from its own draws): the category's item kind (`kind`: a phone or earbuds, a hotpot place
   or a café), the aspects to discuss (`require` first, then others by the category's weights, `aspects_per_review`
   in all), and each aspect's polarity. A positive review praises every aspect; a negative one criticises every
   aspect. With probability `mixed_rate` (default 0.15) a review is *mixed*: a positive review carries one mild
   complaint (虽然…但是 / 不过 / 就是…) and a negative one a grudging concession (虽然…还行，但…); the overall label
   stays true because the verdict and all other aspects carry it. About MILD_RATE (0.3) of the other aspects are
   said mildly in the review's own direction (屏幕还不错 in a positive review, 发热有点大 in a negative one), as
   real reviews are, so a mild word does not teach a model the opposite label. Neutral reviews (only when asked) pair a
   mild praise with a mild complaint and end on a lukewarm verdict. The rating follows the sentiment (positive 4-5,
   mixed positive always 4 (no full marks after a complaint), mild positive mostly 4; negative 1-2; neutral 3) and the text may mention it (给四星).
2. *Write*: the grammar in `domains/reviews/grammars/*.grammar` renders the skeleton `review` (opening, the aspect clauses,
   details, a comparison, a personal verdict, a closing, in several registers: short and blunt, narrative,
   colloquial; product, place and book reviews may also be bare, only what was good or bad) aiming at a length drawn from the `length` range, skewed to the short end as
   real reviews are (plan.LENGTH_SKEW); length is met by choosing clauses,
   never by cutting. The grammar's format is documented in `synth.grammar`.
3. *Label*: `aspects` and `aspect_sentiments` are read from the captured aspect clauses (`<^clause.pos>` etc.) in
   text order, so they say what the text says. Consistency rules (rating vs sentiment, required aspects present,
   length in range and equal to len(text), aspect polarities agreeing with the overall label) make the engine
   regenerate the rare record that misses.

The token structure of every review is available without re-segmenting: `generate_with_trace` returns the same
rows with `segments` (a list of `(text, kind, tag)`: kinds text, slot, number, sentiment, negation, aspect; see
`synth.grammar.segments`) and `clauses` (`(aspect, polarity, start, end)`), so augmenters can protect slot values,
numbers, sentiment words, negations and aspect terms. `render_review` renders one review from given choices.
"""


from .catalogue import Category, categories, category_names, clause_polarity, grammar
from .fields import DOMAIN, TRACED, generate_with_trace
from .plan import Plan, make_plan, make_plans, plan_items
from .render import Review, clause_spans, labels, render_review

__all__ = ["DOMAIN", "TRACED", "generate_with_trace", "Category", "categories", "category_names", "clause_polarity",
           "grammar", "Plan", "make_plan", "make_plans", "plan_items", "Review", "clause_spans", "labels",
           "render_review"]
