"""The transactions domain as related tables: customers, accounts, cards, merchants, transactions.

Each account has one holder and one card (the model's entity is the account), so a customer, an account and a
card share the account's index: C000000007 holds A000000007 with card K000000007. A shop (M + 9 digits) is one
merchant wherever it appears, with its city; an online platform (P + 3 digits) has no city of its own (a
delivery or ride platform's payment is placed where the customer was; an online shop's, game's or booking
site's payment has no place at all). ATM withdrawals have no merchant; the branch is `atm_branch`.
A transfer's `counterparty_account` is an account of the dataset, possibly one the run did not reach, so it is
not a foreign key.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from synth.tables.spec import Column as C, ForeignKey, Table, Tables, empty_as_null, json_text

CUSTOMERS = Table("customers", (
    C("customer_id", "id", doc="C + the account's 9-digit index"),
    C("name", "text", doc="the account holder (masked 张*明 by default)"),
    C("home_province", "text"),
    C("home_city", "text"),
), primary_key=("customer_id",), entity=True, doc="account holders")

ACCOUNTS = Table("accounts", (
    C("account_id", "id", doc="A + 9-digit account index"),
    C("customer_id", "id"),
    C("bank", "text", doc="issuing bank"),
    C("account_type", "text", doc="借记卡 or 信用卡 account"),
    C("credit_limit", "money", nullable=True, doc="CNY, credit accounts only"),
), primary_key=("account_id",), foreign_keys=(ForeignKey(("customer_id",), "customers", ("customer_id",)),),
    entity=True, doc="one per customer")

CARDS = Table("cards", (
    C("card_id", "id", doc="K + the account's 9-digit index"),
    C("account_id", "id"),
    C("customer_id", "id", doc="the card holder: the account's customer"),
    C("card_number", "id", doc="UnionPay number with a real BIN and Luhn digit; masked 6222 **** **** 1234 by default"),
    C("card_type", "text", doc="借记卡 or 信用卡"),
), primary_key=("card_id",), foreign_keys=(ForeignKey(("account_id",), "accounts", ("account_id",)),
                                           ForeignKey(("customer_id",), "customers", ("customer_id",))),
    entity=True, doc="the account's card")

MERCHANTS = Table("merchants", (
    C("merchant_id", "id", doc="M + 9 digits for shops, P + 3 digits for online platforms"),
    C("name", "text"),
    C("kind", "text", doc="shop or platform"),
    C("mcc", "id", doc="ISO 18245 merchant category code"),
    C("category", "text"),
    C("province", "text", nullable=True, doc="a shop's province; none for a platform"),
    C("city", "text", nullable=True, doc="a shop's city; none for a platform"),
), primary_key=("merchant_id",), entity=True, doc="shops and online platforms paid by the customers")

TRANSACTIONS = Table("transactions", (
    C("txn_id", "id", doc="T + 12-digit record index"),
    C("account_id", "id"),
    C("card_id", "id"),
    C("merchant_id", "id", nullable=True, doc="none for transfers, cash, salaries and other rows without a merchant"),
    C("timestamp", "timestamp", doc="local time; strictly increasing per account"),
    C("amount", "money", doc="CNY, always positive (the direction is in txn_type)"),
    C("channel", "text"),
    C("txn_type", "text"),
    C("province", "text", nullable=True,
      doc="where the payment happened (the shop's, or where the customer was); none for an online shop, game or "
          "booking site, which has no place"),
    C("city", "text", nullable=True),
    C("lat", "float", nullable=True),
    C("lon", "float", nullable=True),
    C("distance_from_home_km", "float", nullable=True),
    C("atm_branch", "text", nullable=True, doc="the bank branch of an ATM withdrawal"),
    C("balance_before", "money"),
    C("balance_after", "money"),
    C("counterparty_account", "id", nullable=True, doc="the other account of a transfer inside the dataset"),
    C("device_id", "id", nullable=True),
    C("description", "text", doc="the bank statement line"),
    C("risk_flags", "json", doc="rule features that fire on this row"),
    C("is_fraud", "bool"),
    C("is_laundering", "bool"),
    C("fraud_type", "text", doc="none for legitimate rows"),
    C("pattern_id", "id", nullable=True),
), primary_key=("txn_id",), foreign_keys=(ForeignKey(("account_id",), "accounts", ("account_id",)),
                                          ForeignKey(("card_id",), "cards", ("card_id",)),
                                          ForeignKey(("merchant_id",), "merchants", ("merchant_id",))),
    doc="one row per transaction")


def _same_index(account_ids: pd.Series, prefix: str) -> pd.Series:
    return prefix + account_ids.str.slice(1)


def split(frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    account = frame["account_id"].astype(object)
    customer = _same_index(account, "C")
    card = _same_index(account, "K")
    credit = frame["card_type"].to_numpy() == "信用卡"
    customers = pd.DataFrame({"customer_id": customer, "name": frame["customer_name"],
                              "home_province": frame["home_province"], "home_city": frame["home_city"]})
    accounts = pd.DataFrame({"account_id": account, "customer_id": customer, "bank": frame["bank"],
                             "account_type": frame["card_type"],
                             "credit_limit": np.where(credit, frame["credit_limit"].to_numpy(), np.nan)})
    cards = pd.DataFrame({"card_id": card, "account_id": account, "customer_id": customer,
                          "card_number": frame["card_number"], "card_type": frame["card_type"]})
    merchant = frame["merchant_id"].astype(object)
    has_merchant = (merchant != "").to_numpy()
    shop = merchant.str.startswith("M").to_numpy()
    paid = frame[has_merchant]
    merchants = pd.DataFrame({
        "merchant_id": paid["merchant_id"], "name": paid["merchant_name"],
        "kind": np.where(shop[has_merchant], "shop", "platform"), "mcc": paid["mcc"],
        "category": paid["merchant_category"],
        "province": paid["province"].where(shop[has_merchant], None),
        "city": paid["city"].where(shop[has_merchant], None)})
    atm = frame["mcc"].to_numpy() == "6011"
    transactions = pd.DataFrame({
        "txn_id": frame["txn_id"], "account_id": account, "card_id": card,
        "merchant_id": empty_as_null(merchant), **{c: frame[c] for c in ("timestamp", "amount", "channel", "txn_type")},
        "province": empty_as_null(frame["province"]), "city": empty_as_null(frame["city"]),
        **{c: frame[c] for c in ("lat", "lon", "distance_from_home_km")},
        "atm_branch": frame["merchant_name"].astype(object).where(atm & ~has_merchant, None),
        **{c: frame[c] for c in ("balance_before", "balance_after")},
        "counterparty_account": empty_as_null(frame["counterparty_account"]),
        "device_id": empty_as_null(frame["device_id"]), "description": frame["description"],
        "risk_flags": json_text(frame["risk_flags"]),
        **{c: frame[c] for c in ("is_fraud", "is_laundering", "fraud_type")},
        "pattern_id": empty_as_null(frame["pattern_id"])})
    return {"customers": customers, "accounts": accounts, "cards": cards, "merchants": merchants,
            "transactions": transactions}


TABLES = Tables("transactions", (CUSTOMERS, ACCOUNTS, CARDS, MERCHANTS, TRANSACTIONS), split)
