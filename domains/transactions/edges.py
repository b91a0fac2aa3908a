"""`--format edges`: the transfers between accounts as a CSV edge list for graph-based AML tools.

One line per outgoing transfer (转账转出): source (the sender's account_id), target (the receiver's account_id when
it is in the dataset, else `EXT:` and the payee's masked card tail from the statement line), amount, timestamp,
label (fraud_type, empty for legitimate transfers) and pattern_id. Each transfer between two accounts of the
dataset appears once, from the sender's side.
"""

import io

import pandas as pd

from synth.writers import EncodedWriter

EDGE_COLUMNS = ["source", "target", "amount", "timestamp", "label", "pattern_id"]


def edge_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[frame["txn_type"] == "转账转出"]
    tails = out["description"].str.extract(r"尾号(\d{4})", expand=False).fillna("0000")
    target = out["counterparty_account"].where(out["counterparty_account"] != "", "EXT:" + tails)
    return pd.DataFrame({"source": out["account_id"].to_numpy(), "target": target.to_numpy(),
                         "amount": out["amount"].to_numpy(), "timestamp": out["timestamp"].to_numpy(),
                         "label": out["fraud_type"].replace("none", "").to_numpy(), "pattern_id": out["pattern_id"].to_numpy()})


def edges_bytes(frame: pd.DataFrame) -> bytes:
    buffer = io.StringIO()
    edge_frame(frame).to_csv(buffer, index=False, header=False, lineterminator="\n")
    return buffer.getvalue().encode("utf-8")


class EdgesWriter(EncodedWriter):
    encode = staticmethod(edges_bytes)

    def header(self) -> bytes:
        return (",".join(EDGE_COLUMNS) + "\n").encode("utf-8")
