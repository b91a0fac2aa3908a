"""The `dialogues` domain: Chinese customer-service dialogues built in four inspectable steps.

A record is first a plan (`model.make_plan`): the intent of one of twenty scenarios in four sectors (e-commerce
after-sales, telecom, banking, delivery), the slot values that are the ground truth (order numbers in the shop's
format, tracking numbers in the courier's shape, masked phones, card tails, dates, amounts), the facts a real
conversation brings up (a fault's symptom and fixes, a delay's reason, the policy that applies), the outcome, and
the act sequence from the intent's policy (`model.policy_acts`, a small state machine with branches: an identifier
given unasked, a fix that fails, an impatient customer, a push-back, an escalation).

Then it is written in four steps (`stages`): skeleton, fill, detail, polish; `--set stage=...` outputs any of them.
Labels come from the plan and the grammar trace: `slots_mentioned` lists the slot segments the renderer placed.
Rules (`rules`) state the coherence contract; `--format openai|sharegpt|intents` export for training (`export`).
"""

from .catalogue import INTENTS
from .fields import DOMAIN
from . import rules  # noqa: F401  (importing it declares the rules on DOMAIN)
from .export import IntentWriter, OpenAIWriter, ShareGPTWriter
from .model import Plan, make_plan, policy_acts
from .stages import build, detail, fill, polish, skeleton

DOMAIN.extra_formats["openai"] = OpenAIWriter
DOMAIN.extra_formats["sharegpt"] = ShareGPTWriter
DOMAIN.extra_formats["intents"] = IntentWriter

__all__ = ["DOMAIN", "INTENTS", "Plan", "make_plan", "policy_acts", "build", "skeleton", "fill", "detail", "polish"]
