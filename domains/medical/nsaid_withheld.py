"""A dysmenorrhoea plan without an oral NSAID says why.

An NSAID is the first line of primary dysmenorrhoea (原发性痛经临床诊治中国专家共识 2023; conditions.tsv first_line).
A patient with a condition that makes an oral NSAID one to avoid (interactions.NSAID_RISK: a stomach condition,
kidney or coronary disease, an SSRI's depression or anxiety, asthma; a healed ulcer of the past history too) gets
paracetamol instead (conditions.tsv prefers the NSAID within the step); an attending (issue 18, seed 73129) met
益母草颗粒 alone beside a chronic gastritis the plan never named. The plan names the reason.
"""

from __future__ import annotations

import numpy as np

from .interactions import NSAID_RISK, oral_nsaids

NSAID_FIRST = ("dysmenorrhoea",)
WITHHELD = "因{reason}，未予口服非甾体抗炎药，疼痛明显时可下腹部热敷。"


def plan_sentences(cat, case) -> list[tuple[int, str]]:
    """(record, sentence) for each NSAID_FIRST visit prescribed no oral NSAID and listing an NSAID_RISK condition
    (the first of them, in NSAID_RISK order, is named)."""
    primary = case["primary"].astype(np.int64)
    rows = np.flatnonzero(np.isin(primary, [cat.index[k] for k in NSAID_FIRST]))
    if not len(rows):
        return []
    nsaid = oral_nsaids(cat)
    risks = [cat.index[k] for k in NSAID_RISK]
    out = []
    for i, drugs, listed in zip(rows.tolist(), case["drugs"][rows].tolist(), case["listed"][rows].tolist()):
        if any(nsaid[d] for d in drugs):
            continue
        reason = next((cat.name[c] for c in risks if (int(listed) >> c) & 1), None)
        if reason is not None:
            out.append((i, WITHHELD.format(reason=reason)))
    return out
