"""Bank cards: Luhn check digits, numbers under the shipped BINs, masking, and the validator's BIN check."""

from __future__ import annotations

import numpy as np

from synth import cards, validators
from synth.randomness import BlockRandom, stream_key


def test_luhn_check_digit_matches_published_test_numbers():
    # Test numbers the card networks publish: each is its first digits plus the Luhn digit.
    for number in ("4111111111111111", "5555555555554444", "6011111111111117", "378282246310005"):
        assert cards.luhn_check_digit(number[:-1]) == number[-1]
        assert cards.luhn_valid(number)
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert not cards.luhn_valid(wrong)


def test_sampled_cards_pass_the_validator_and_keep_their_bins_length():
    numbers, rows = cards.sample_card_numbers(BlockRandom(stream_key(1, "test", "cards"), 0, 2))
    table = cards.bin_table()
    assert len(numbers) == 2048
    assert validators.bank_card(numbers, known_bin=True).ok.all()
    assert all(n.startswith(table.bin[r]) and len(n) == table.length[r] for n, r in zip(numbers, rows))
    assert len(set(rows.tolist())) > 40 and len(set(numbers.tolist())) == len(numbers)
    debit, _ = cards.sample_card_numbers(BlockRandom(stream_key(1, "test", "cards"), 0, 1), kind="debit")
    assert {cards.issuer(n)["kind"] for n in debit} == {"debit"}


def test_known_bin_check_refuses_foreign_bins_and_wrong_lengths():
    visa = "4111111111111111"
    short_icbc = "622202" + "123456789"          # ICBC's 622202 cards have 19 digits, this one 16
    short_icbc += cards.luhn_check_digit(short_icbc)
    v = validators.bank_card([visa, short_icbc], known_bin=True)
    assert v.reason.tolist() == ["BIN not in the shipped table", "length differs from the BIN's"]
    assert validators.bank_card([visa, short_icbc]).ok.all()   # without the option both are fine


def test_masking_and_grouping_keep_first_and_last_four():
    number = cards.card_number(0, 1234567890123)
    assert cards.mask(number) == f"{number[:4]} **** **** {number[-4:]}"
    assert cards.group(number).replace(" ", "") == number
    assert all(len(g) == 4 for g in cards.group(number).split()[:-1])
    assert cards.issuer(cards.group(number))["bin"] == number[:6]
    assert cards.issuer("4111111111111111") is None
    assert np.all([cards.luhn_valid(cards.card_number(r, 0)) for r in range(len(cards.bin_table().bin))])
