"""History pieces that cannot both be true of one patient (a clinician read 拒奶 beside 纳可, 活动后气短 beside
无胸闷、气促, 睡眠可 beside a known insomnia, 患者发病以来 in a normal pregnancy). The rule reads this table; the
model avoids each pair at its cause (text.FLAG_WORDS, text.KNOWN_CONDITION_FLAGS, hpi.grammar's hpi.state)."""
from __future__ import annotations

import numpy as np

from .text import negated_terms

# (words the complaint or present illness states, phrases of the present illness that then claim the opposite)
STATED_THEN_CLAIMED = (
    (("拒奶", "拒食"), ("纳可", "食欲可", "饮食可")),
    (("失眠", "入睡困难", "早醒"), ("睡眠可", "睡眠尚可")),
    (("多食", "易饥", "食欲亢进"), ("纳差", "食欲减退", "进食减少")),
    (("食欲尚可", "食欲可", "纳可"), ("纳差", "食欲减退", "进食减少", "食欲差")),
)
# (words stated, whole terms a negation of the present illness must then not deny: 无夜间阵发性呼吸困难 may follow
# 胸闷气短, 无气促 may not)
STATED_THEN_DENIED = ((("气短", "气促", "气喘", "喘息", "憋气"),
                       ("气促", "气短", "胸闷", "呼吸困难", "胸闷气促", "胸闷气短")),)
# (a listed condition, phrases its present illness never uses)
CONDITION_CLAIMS = (("insomnia", ("睡眠可", "睡眠尚可")), ("early_pregnancy", ("发病以来",)))


def history_agrees_with_itself(columns, options) -> np.ndarray:
    """No present illness states one thing and claims its opposite (the tables above)."""
    from .checks import _column_has_any, _lists, _said_has_any, _text_has_any, parsed
    from .data import catalogue
    cat = catalogue()
    histories = _lists(columns, "present_illness")
    listed = parsed(columns).listed

    def raw_has_any(words) -> np.ndarray:
        # complaint + "，" + history holds a word exactly where one of the two does (no word holds "，"); the
        # complaints repeat, so they are scanned once per distinct text
        return _column_has_any(columns, "chief_complaint", words) | _text_has_any(columns, "present_illness", words)

    # Column-wise: every word list is read from the histories' shared scan (no pass of its own). A positive clause
    # is a piece of the raw text between clause marks, so only records whose raw complaint or history holds a
    # stated word need their positive clauses read.
    out = np.ones(len(histories), dtype=bool)
    for stated, claimed in STATED_THEN_CLAIMED:
        rows = np.flatnonzero(raw_has_any(stated))
        rows = rows[_text_has_any(columns, "present_illness", claimed)[rows]]
        out[rows[_said_has_any(columns, stated)[rows]]] = False
    for stated, denied in STATED_THEN_DENIED:
        rows = np.flatnonzero(raw_has_any(stated))
        told = _said_has_any(columns, stated)[rows]
        for i in rows[told].tolist():
            if any(t in denied for t in negated_terms(histories[i])):
                out[i] = False
    for key, claimed in CONDITION_CLAIMS:
        rows = np.flatnonzero(listed[:, cat.index[key]])
        out[rows[_text_has_any(columns, "present_illness", claimed)[rows]]] = False
    return out


def contact_not_denied(columns, options) -> np.ndarray:
    """No past history denies a contact with infection (否认传染病接触史) that the present illness states (接触感冒的同事后,
    托幼机构有类似病例; contact.py)."""
    from .checks import _text_has_any
    from .contact import CONTACT_DENIED, CONTACT_WORDS
    # contact_stated's answer (no contact word holds the line break it joins the texts with), read from the
    # histories' and past histories' shared scans instead of a regex pass of its own
    return ~(_text_has_any(columns, "present_illness", CONTACT_WORDS) &
             _text_has_any(columns, "past_history", (CONTACT_DENIED,)))
