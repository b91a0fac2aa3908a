"""Exports for training chat models and intent classifiers.

- `--format openai`: JSONL of `{"messages": [{"role": "system"|"user"|"assistant", "content": ...}]}`; the
  customer is the user and the agent the assistant; a system message only if `--set system_prompt=...` is given
  (`auto` writes one naming the company the customer writes to).
- `--format sharegpt`: JSONL of `{"conversations": [{"from": "human"|"gpt", "value": ...}]}` (a system prompt,
  when set, is the top-level `"system"` key, as ShareGPT-style loaders read it).
- `--format intents`: JSONL of `{"text": the first customer turn, "label": intent, "scenario": ...}`, and one more
  line for a second matter the customer raises (its `ask_other` turn, labelled with the second intent).

The conventions trainers enforce hold by construction and `conversation_messages` makes sure of them: the
conversation starts with the user, roles strictly alternate (consecutive turns by one speaker are merged into one
message, joined by a newline), and the last message is the assistant's (a dialogue always opens with the customer
and closes with the agent; anything before the first user turn or after the last assistant turn is dropped).
"""

from __future__ import annotations

import json
from functools import partial

import pandas as pd

from synth.writers import EncodedWriter

from .catalogue import scenario_of

ROLE = {"customer": "user", "agent": "assistant"}
SHAREGPT = {"user": "human", "assistant": "gpt"}


def conversation_messages(turns: list[dict]) -> list[dict]:
    """[{role: user|assistant, content}] from a dialogue's turns, under the trainers' conventions."""
    messages: list[dict] = []
    for turn in turns:
        role = ROLE[turn["role"]]
        if messages and messages[-1]["role"] == role:
            messages[-1]["content"] += "\n" + turn["text"]
        else:
            messages.append({"role": role, "content": turn["text"]})
    while messages and messages[0]["role"] != "user":
        messages.pop(0)
    while messages and messages[-1]["role"] != "assistant":
        messages.pop()
    return messages


def system_text(prompt: str, company: str) -> str:
    if prompt == "auto":
        return f"你是{company}的在线客服，请礼貌、准确地帮助客户解决问题。"
    return prompt


def _lines(objects) -> bytes:
    return "".join(json.dumps(o, ensure_ascii=False, separators=(",", ":")) + "\n" for o in objects).encode("utf-8")


def openai_bytes(frame: pd.DataFrame, system: str = "") -> bytes:
    out = []
    companies = frame["company"] if "company" in frame.columns else [""] * len(frame)
    for turns, company in zip(frame["turns"], companies):
        messages = conversation_messages(turns)
        if system:
            messages.insert(0, {"role": "system", "content": system_text(system, company)})
        out.append({"messages": messages})
    return _lines(out)


def sharegpt_bytes(frame: pd.DataFrame, system: str = "") -> bytes:
    out = []
    companies = frame["company"] if "company" in frame.columns else [""] * len(frame)
    for turns, company in zip(frame["turns"], companies):
        record = {"conversations": [{"from": SHAREGPT[m["role"]], "value": m["content"]}
                                    for m in conversation_messages(turns)]}
        if system:
            record["system"] = system_text(system, company)
        out.append(record)
    return _lines(out)


def intent_bytes(frame: pd.DataFrame) -> bytes:
    out = []
    for turns, intent, scenario in zip(frame["turns"], frame["intent"], frame["scenario"]):
        first = next((t["text"] for t in turns if t["role"] == "customer"), "")
        out.append({"text": first, "label": intent, "scenario": scenario})
        # A second matter raised later is an example of its own intent too.
        other = next((t for t in turns if t["act"] == "ask_other"), None)
        if other is not None:
            out.append({"text": other["text"], "label": other["question"],
                        "scenario": scenario_of(other["question"])})
    return _lines(out)


class _Configurable(EncodedWriter):
    """A writer whose encoder takes the request's system_prompt option (`configured`, called by `synth generate`)."""

    @classmethod
    def configured(cls, options: dict):
        prompt = options.get("system_prompt", "")
        return type(cls.__name__, (cls,), {"encode": staticmethod(partial(cls.encode, system=prompt))})


class OpenAIWriter(_Configurable):
    encode = staticmethod(openai_bytes)


class ShareGPTWriter(_Configurable):
    encode = staticmethod(sharegpt_bytes)


class IntentWriter(EncodedWriter):
    encode = staticmethod(intent_bytes)
