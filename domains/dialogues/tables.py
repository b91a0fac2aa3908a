"""The dialogues domain as related tables: dialogues and their turns (`turn_no` from 1, in speaking order)."""

from __future__ import annotations

import pandas as pd

from synth.tables.spec import Column as C, ForeignKey, Table, Tables, explode, json_text

DIALOGUES = Table("dialogues", (
    C("dialogue_id", "id", doc="D + 10-digit record index"),
    C("sector", "text"),
    C("scenario", "text"),
    C("intent", "id"),
    C("company", "text"),
    C("product", "text"),
    C("date", "date"),
    C("slots", "json", doc="the ground truth: slot name -> value"),
    C("n_turns", "int"),
    C("outcome", "id"),
    C("satisfaction", "int", doc="1-5"),
    C("text", "text", doc="the conversation, one 客户：/客服： line per turn"),
), primary_key=("dialogue_id",), doc="customer-service conversations")

TURNS = Table("turns", (
    C("dialogue_id", "id"),
    C("turn_no", "int"),
    C("role", "id", doc="customer or agent"),
    C("act", "id", doc="the dialogue act"),
    C("text", "text"),
    C("slots_mentioned", "json", doc="slot name -> value said in this turn"),
    C("slots_requested", "json", doc="slot names asked for"),
    C("question", "id", nullable=True, doc="the kind of a follow-up question, none for other turns"),
    C("told", "json", doc="topics the turn tells (agent) or asks or complains about (customer)"),
), primary_key=("dialogue_id", "turn_no"), foreign_keys=(ForeignKey(("dialogue_id",), "dialogues", ("dialogue_id",)),),
    doc="the turns of each conversation")


def split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    dialogues = frame[[c.name for c in DIALOGUES.columns if c.name != "slots"]].copy()
    dialogues["slots"] = json_text(frame["slots"])
    turns = explode(frame["dialogue_id"], frame["turns"], {
        "role": "role", "act": "act", "text": "text", "slots_mentioned": "slots_mentioned",
        "slots_requested": "slots_requested", "question": "question", "told": "told"})
    turns = turns.rename(columns={"owner": "dialogue_id", "seq": "turn_no"})
    turns["slots_mentioned"] = json_text(turns["slots_mentioned"])
    turns["slots_requested"] = json_text(turns["slots_requested"])
    turns["told"] = json_text(turns["told"])
    turns["question"] = turns["question"].where(turns["question"].fillna("") != "", None)
    return {"dialogues": dialogues, "turns": turns}


TABLES = Tables("dialogues", (DIALOGUES, TURNS), split)
