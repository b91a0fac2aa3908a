"""Rows per second for a nine-field person schema: synth vs Faker (zh_CN) vs Mimesis (zh), in one process run.

Schema: name, sex, age, ID number, phone, address, city, birth date and one numeric field. synth makes its
whole persons record (14 fields, a superset). Run by hand:

    pip install '.[bench]' && python benchmarks/bench_persons.py [--rows 200000] [--workers 2]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time

import synth


def rate(label: str, rows: int, make) -> float:
    make(min(rows, 2000))  # warm up: load tables, import lazily imported modules
    started = time.perf_counter()
    make(rows)
    seconds = time.perf_counter() - started
    print(f"{label:<28}{rows:>9} rows {seconds:8.2f} s {rows / seconds:>12,.0f} rows/s")
    return rows / seconds


def synth_rows(n: int, workers: int = 1):
    return synth.generate("persons", n, seed=1, workers=workers)


def faker_rows(n: int):
    from faker import Faker

    fake = Faker("zh_CN")
    Faker.seed(1)
    as_of = dt.date(2025, 1, 1)
    out = []
    for _ in range(n):
        birth = fake.date_of_birth(minimum_age=18, maximum_age=80)
        out.append((fake.name(), random.choice("男女"), (as_of - birth).days // 365, fake.ssn(), fake.phone_number(),
                    fake.address(), fake.city(), birth.isoformat(), fake.random_int(0, 100)))
    return out


def mimesis_rows(n: int):
    from mimesis import Address, Datetime, Person
    from mimesis.locales import Locale

    person, address, when = Person(Locale.ZH, seed=1), Address(Locale.ZH, seed=1), Datetime(Locale.ZH, seed=1)
    out = []
    for _ in range(n):
        birth = when.date(start=1945, end=2006)
        # Mimesis has no Chinese ID-card provider: an 18-digit mask is the closest it offers.
        out.append((person.full_name(), person.sex(), 2025 - birth.year, person.identifier(mask="#################"),
                    person.telephone(), address.address(), address.city(), birth.isoformat(), person.weight()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--peer-rows", type=int, default=20_000, help="rows for the slower peers")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()

    ours = rate("synth (1 core)", args.rows, synth_rows)
    ours_parallel = rate(f"synth ({args.workers} workers)", args.rows, lambda n: synth_rows(n, args.workers))
    faker = rate("Faker zh_CN", args.peer_rows, faker_rows)
    try:
        mimesis = rate("Mimesis zh", args.peer_rows, mimesis_rows)
    except ImportError:
        mimesis = None
        print("Mimesis is not installed: pip install '.[bench]'")
    print(f"\nsynth / Faker:   {ours / faker:6.1f}x on one core, {ours_parallel / faker:6.1f}x with {args.workers} workers")
    if mimesis:
        print(f"synth / Mimesis: {ours / mimesis:6.1f}x on one core, {ours_parallel / mimesis:6.1f}x with {args.workers} workers")


if __name__ == "__main__":
    main()
