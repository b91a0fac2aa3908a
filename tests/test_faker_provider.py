"""synth.faker.Provider: coherent records and corrected drop-ins, reproducible through Faker's own seeding."""

from __future__ import annotations

import datetime as dt

import pytest
from faker import Faker

import synth
import synth.faker
from synth import cards, validators


@pytest.fixture
def fake():
    fake = Faker("zh_CN")
    fake.add_provider(synth.faker.Provider)
    return fake


def draw_everything(fake) -> list:
    return [fake.ssn(), fake.person(), fake.bank_card(), fake.review(), fake.address(), fake.phone_number(),
            fake.name()]


def test_faker_seed_reproduces_every_method(fake):
    Faker.seed(0)
    first = draw_everything(fake)
    Faker.seed(0)
    assert draw_everything(fake) == first
    Faker.seed(1)
    assert draw_everything(fake) != first
    fake.seed_instance(5)
    again = draw_everything(fake)
    fake.seed_instance(5)
    assert draw_everything(fake) == again


def test_a_person_is_coherent_and_is_a_synth_record(fake):
    fake.seed_instance(3)
    people = [fake.person() for _ in range(200)]
    check = validators.resident_id([p["id_number"] for p in people], birth_date=[p["birth_date"] for p in people],
                                   sex=[p["sex"] for p in people],
                                   birth_province=[p["birth_province"] for p in people],
                                   birth_city=[p["birth_city"] for p in people],
                                   birth_district=[p["birth_district"] for p in people], as_of=dt.date(2025, 1, 1))
    assert check.ok.all(), check.reasons()
    assert validators.residence_chain([p["province"] for p in people], [p["city"] for p in people],
                                      [p["district"] for p in people]).ok.all()
    index = int(people[0]["person_id"][1:])
    assert people[0] == synth.generate("persons", index + 1, seed=0).iloc[[index]].to_dict("records")[0]
    assert len({p["person_id"] for p in people}) > 150      # drawn from a pool of 4,096, not one person
    older = fake.person(age=(60, 70), mask=True)
    assert 60 <= older["age"] <= 70 and "*" in older["name"]


def test_ssn_is_valid_real_and_relative_to_as_of_not_today(fake):
    fake.seed_instance(7)
    numbers = [fake.ssn(min_age=20, max_age=30, gender="F") for _ in range(3000)]
    as_of = synth.faker.Provider.as_of
    assert as_of == synth.DEFAULT_AS_OF
    check = validators.resident_id(numbers, as_of=as_of, sex=["女"] * len(numbers))
    assert check.ok.all(), check.reasons()     # real county code, real date, even sequence, MOD 11-2 check
    ages = [as_of.year - int(n[6:10]) - ((as_of.month, as_of.day) < (int(n[10:12]), int(n[12:14]))) for n in numbers]
    assert min(ages) == 20 and max(ages) == 30
    assert {n[-1] for n in numbers} >= set("0123456789X")
    assert all(fake.ssn(area_code="110105").startswith("110105") for _ in range(20))
    assert all(int(fake.ssn(gender="M")[16]) % 2 == 1 for _ in range(50))

    class Earlier(synth.faker.Provider):
        as_of = dt.date(2000, 1, 1)

    other = Faker("zh_CN")
    other.add_provider(Earlier)
    other.seed_instance(7)
    earlier = [other.ssn(min_age=20, max_age=30, gender="F") for _ in range(50)]
    assert all(1969 <= int(n[6:10]) <= 1979 for n in earlier)      # moved with as_of, by exactly its 25 years
    with pytest.raises(ValueError, match="F or M"):
        fake.ssn(gender="X")


def test_bank_cards_have_real_bins_lengths_and_luhn_digits(fake):
    fake.seed_instance(2)
    numbers = [fake.bank_card() for _ in range(500)]
    assert validators.bank_card(numbers, known_bin=True).ok.all()
    assert len({cards.issuer(n)["bank_code"] for n in numbers}) >= 10
    assert {cards.issuer(fake.bank_card(kind="debit"))["kind"] for _ in range(50)} == {"debit"}
    masked = fake.bank_card(masked=True)
    assert masked[:2] == "62" and masked[4:15] == " **** **** " and masked[-4:].isdigit()


def test_reviews_carry_their_labels_and_drop_ins_are_coherent(fake):
    fake.seed_instance(4)
    review = fake.review(category="hotel", sentiment="negative:1.0")
    assert review["category"] == "hotel" and review["sentiment"] == "negative" and review["rating"] <= 2
    assert set(review["aspects"]) == set(review["aspect_sentiments"]) and len(review["text"]) == review["length"]
    assert {"plot", "acting"} <= set(fake.review(category="movie", require=["plot", "acting"])["aspects"])
    people = synth.generate("persons", synth.faker.Provider.pool_size, seed=0)
    assert fake.address() in set(people.address)
    phone = fake.phone_number()
    assert validators.mobile_phone([phone], allow_masked=False).ok.all() and phone in set(people.phone)


def test_synth_faker_does_not_shadow_the_faker_package():
    import faker

    assert hasattr(faker, "Faker") and "synth" not in faker.__file__.split("site-packages")[-1]
    assert synth.faker.BaseProvider.__module__.startswith("faker.")
