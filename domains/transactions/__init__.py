"""The `transactions` domain: Chinese card and payment streams with labelled fraud and money-laundering patterns.

The entity is the account: each account's window of transactions is planned first (salary, rent, utilities,
spending by category, travel, fraud and laundering patterns it takes part in), then written down (merchant names,
statement lines, risk flags). Records are the accounts' transactions one after another (`order=account`), made
per chunk of accounts by the domain's producer (`synth.schema.Domain.rows`). See docs/transactions.md.
"""

from .fields import DOMAIN
from . import rules  # noqa: F401  (importing it declares the rules on DOMAIN)
from .edges import EdgesWriter
from .stats import dataset_findings

DOMAIN.extra_formats["edges"] = EdgesWriter
DOMAIN.dataset_checks.append(dataset_findings)

__all__ = ["DOMAIN"]
