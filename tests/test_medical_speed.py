"""The medical domain's fast paths give what their plain definitions give (issue 18: speed with the same bytes).

Each fast helper is compared with the one-record-at-a-time definition it replaces, on a real batch and on the edge
cases the fast form could get wrong.
"""
from __future__ import annotations

import re

import numpy as np
import pytest

import synth
from synth.domains.medical.checks import _has_any
from synth.domains.medical.data import catalogue
from synth.domains.medical.model import condition_matrix, contraindicated, masks_of, row_keys
from synth.domains.medical.symptomatic import positive_text, positive_texts


@pytest.fixture(scope="module")
def batch():
    return synth.generate("medical", 3000, seed=8675)


WORD_LISTS = (
    ("肺",), ("精神",), ("发热", "咳嗽"), ("多食", "易饥"), ("拒奶", "拒食"), ("纳可", "食欲可", "饮食可"),
    ("气短", "气促", "气喘", "喘息", "憋气"), ("头痛", "咽痛", "酸痛", "胸痛", "肌肉痛", "咽喉痛"), ("无此词",), (),
)


@pytest.mark.parametrize("words", WORD_LISTS)
def test_has_any_is_any_substring(batch, words):
    for texts in (batch.present_illness.tolist(), batch.exam_findings.tolist(), ["", "发", "咳嗽发热", "无"]):
        expected = [any(w in t for w in words) if words else True for t in texts]   # the empty alternation matches
        assert _has_any(texts, words).tolist() == expected


def test_positive_texts_is_positive_text_of_each(batch):
    texts = [c + "，" + h for c, h in zip(batch.chief_complaint, batch.present_illness)]
    edge = ["无发热", "无发热，无咳嗽，咽痛", "咽痛；否认胸痛。未吐", "", "咽痛，无", "无,无;未", "咽痛"]
    for sample in (texts, edge, [""], []):
        assert positive_texts(sample) == [positive_text(t) for t in sample]
    assert sum(a != b for a, b in zip(positive_texts(texts), texts)) > 100     # it does drop clauses


def test_contraindications_per_condition_set_equal_the_product():
    cat = catalogue()
    rng = np.random.default_rng(3)
    listed = rng.random((2000, cat.n)) < 0.08
    listed[:500] = listed[500:1000]                       # repeated sets share one product
    expected = (listed.astype(np.float32) @ cat.contra_condition.T.astype(np.float32)) > 0.5
    assert expected.any()
    assert (contraindicated(cat, listed) == expected).all()


def test_row_keys_tell_rows_apart():
    cat = catalogue()
    masks = np.array([0, 1, 2, 3, 1 << (cat.n - 1), (1 << cat.n) - 1, 5, 5], dtype=np.int64)
    keys = row_keys(condition_matrix(masks, cat.n))
    assert len(set(keys[:-1].tolist())) == len(masks) - 1 and keys[-1] == keys[-2]


def test_condition_masks_and_matrices_are_the_bit_sums():
    cat = catalogue()
    rng = np.random.default_rng(5)
    matrix = rng.random((500, cat.n)) < 0.2
    masks = (matrix.astype(np.int64) * cat.bit[None, :]).sum(axis=1)
    assert (masks_of(matrix, cat) == masks).all()
    assert (condition_matrix(masks, cat.n) == matrix).all()
    assert (masks_of(matrix.astype(np.int8) * 3 // 3, cat) == masks).all()      # a non-boolean 0/1 matrix too


def test_relief_facts_are_the_formatted_draws():
    from synth.domains.medical.sections import HOME_ANTIPYRETICS, relief_facts
    rng = np.random.default_rng(11)
    edges = np.concatenate([np.arange(4000) / 4000, np.nextafter(np.arange(1, 4001) / 4000, 0)])
    u = np.concatenate([rng.random(50_000), edges])
    drug = (u * len(HOME_ANTIPYRETICS)).astype(np.int64)
    rest = u * len(HOME_ANTIPYRETICS) - drug
    low = 37.0 + np.floor(rest * 9) / 10
    hours = 4 + (rest * 90).astype(np.int64) % 5
    expected = [(HOME_ANTIPYRETICS[d], f"{t:.1f}", str(h)) for d, t, h in zip(drug.tolist(), low.tolist(),
                                                                              hours.tolist())]
    assert relief_facts(u) == expected
    assert len(set(expected)) == 4 * 9 * 5          # every combination met


@pytest.mark.parametrize("values", [
    [36.5, 37.25, 0.0, 120.05, 36.5, 1e-3, 99.95],
    [],
])
def test_decimals_are_each_values_one_decimal_string(batch, values):
    from synth.domains.medical.sections import decimals
    for column in (values, batch.height_cm.to_numpy(), batch.bmi.tolist(), batch.temperature.to_numpy()):
        assert decimals(column) == [f"{v:.1f}" for v in np.asarray(column, dtype=float).tolist()]


def test_diagnosis_groups_are_the_records_written_alike():
    from synth.domains.medical import DOMAIN
    from synth.domains.medical.data import diagnosis_groups, primary_labels, visit_diagnoses
    from synth.engine import compute_blocks, make_request
    columns = compute_blocks(make_request(DOMAIN, 8675, 0, 3000, None, {}), 0, 3)
    case, ids = columns["_case"], columns["_ids"]
    written = [(tuple(visit_diagnoses(row, t)), own) for row, t, own in
               zip(ids, case["treated"].tolist(), primary_labels(catalogue(), case))]
    groups, first = diagnosis_groups(catalogue(), case)
    assert sorted(first.tolist()) == first.tolist() and groups[first].tolist() == list(range(len(first)))
    by_group = {}
    for g, w in zip(groups.tolist(), written):
        assert by_group.setdefault(g, w) == w            # one writing per group (a writing may have several)
    assert 30 < len(set(by_group.values())) <= len(by_group) < len(case) // 2
    # the columns built from the groups are the per-record writings
    table = [{"code": str(c), "name": str(n)} for c, n in zip(catalogue().code, catalogue().name)]
    expected = [[table[c] for c in w] if own is None else [{"code": own[0], "name": own[1]}] + [table[c] for c in w[1:]]
                for w, own in written]
    assert columns["diagnoses"].tolist() == expected
    assert len({id(d) for row in columns["diagnoses"] for d in row}) == sum(map(len, expected))   # no shared dicts
    notes = columns["note"].tolist()
    for note, w, own in zip(notes, (w for w, _ in written), (o for _, o in written)):
        names = [f"{catalogue().name[c]}（{catalogue().code[c]}）" for c in w]
        if own is not None:
            names[0] = f"{own[1]}（{own[0]}）"
        assert "\n诊断：" + "；".join(f"{k}. {x}" for k, x in enumerate(names, 1)) + "\n处理：" in note


def test_past_operations_are_the_per_record_draws():
    from synth.domains.medical.surgeries import REMOVED_ORGAN, past_operations, surgery_table
    phrases, low, high, ago, cumulative = surgery_table()
    keys = catalogue().keys
    rng = np.random.default_rng(21)
    n = 60_000
    age, sex = rng.integers(0, 125, n), rng.integers(0, 2, n)
    u_which, u_years, primary = rng.random(n), rng.random(n), rng.integers(0, catalogue().n, n)
    primary[:3000] = catalogue().index["tonsillitis"]
    expected = []
    for a, s, uw, uy, p in zip(np.minimum(age, 120).tolist(), sex.tolist(), u_which.tolist(), u_years.tolist(),
                               primary.tolist()):
        r = int((uw >= cumulative[s, a]).sum())
        if r == len(phrases):
            expected.append("")
            continue
        longest, shortest = min(a - low[r], ago[r]), max(1, a - high[r])
        text = phrases[r].replace("{years}", str(shortest + min(int(uy * (longest - shortest + 1)),
                                                                 longest - shortest)))
        removed = any(w in text and keys[p] in ks for w, ks in REMOVED_ORGAN.items())
        expected.append("" if removed else text)
    got = past_operations(age, sex, u_which, u_years, primary)
    assert got == expected
    assert sum(x != "" for x in expected) > n // 10
    plain = past_operations(age, sex, u_which, u_years)       # no visit's reason: nothing removed
    assert any("扁桃体切除" in x for x in plain[:3000]) and not any("扁桃体切除" in x for x in got[:3000])


def test_row_tuples_are_each_rows_kept_entries():
    from synth.domains.medical.model import row_tuples
    rng = np.random.default_rng(34)
    for width in (0, 1, 3, 5, 8):
        table = rng.integers(-1, 136, (3000, width))
        count = rng.integers(0, width + 1, 3000)
        for keep in (rng.random((3000, width)) < 0.6, np.arange(width)[None, :] < count[:, None]):
            expected = [tuple(d for d, k in zip(row, kept) if k) for row, kept in zip(table.tolist(), keep.tolist())]
            got = row_tuples(table, keep)
            assert got.dtype == object and got.shape == (3000,)
            assert got.tolist() == expected and all(type(x) is tuple for x in got)
def test_denials_cut_in_one_pass_as_one_at_a_time():
    """positive_texts finds a denial by its first character and looks back for the clause mark: 否 without 认, a
    denial at a text's start, after each mark, twice running and at the end are cut as positive_text cuts them."""
    edge = ["否发热，否认", "，否认，否", "未无否认", "否认发热；否咳嗽。无痰", "咳嗽，无", "无，未，否认", "发热,无痰;未吐",
            "高热无寒战", "否", "认", "，，无发热"]
    assert positive_texts(edge) == [positive_text(t) for t in edge]
    assert positive_texts(edge)[0] == "否发热，"                          # 否 alone denies nothing


def test_symptom_details_told_row_by_row_as_one_at_a_time(batch):
    """present_illness_fits groups the records by symptom row (_tells_rows); each verdict is _tells' of its
    record, for rows with {a-b} numbers and plain ones, told or not."""
    from synth.domains.medical.checks import _tells, _tells_rows
    details = catalogue().symptom_detail
    rng = np.random.default_rng(11)
    rows = rng.integers(0, len(details), size=len(batch)).tolist()
    # every other record tells its row's detail (its numbers drawn), the others keep a real history
    told = [re.sub(r"\{(\d+)-\d+\}", r"\1", str(details[r])) if k % 2 else h
            for k, (r, h) in enumerate(zip(rows, batch.present_illness.tolist()))]
    expected = [_tells(str(details[r]), t) for r, t in zip(rows, told)]
    assert 0 < sum(expected) < len(expected)
    assert any(e and "{" in str(details[r]) for r, e in zip(rows, expected))     # a numbered detail is found
    assert _tells_rows(np.array(rows), told).tolist() == expected
    assert _tells_rows(np.zeros(0, dtype=np.int64), []).tolist() == []


def test_ranked_draws_are_the_draw_of_each_cells_rank():
    from synth.domains.medical.model import ranked_draws
    rng = np.random.default_rng(35)
    for density in (0.0, 0.05, 0.5, 1.0):       # 1.0: ranks past the last draw take the last one
        rows = rng.random((500, 46)) < density
        u = rng.random((500, 12))
        got = ranked_draws(rows, u)
        expected = np.ones(rows.shape)
        for i, row in enumerate(rows.tolist()):
            rank = 0
            for j, cell in enumerate(row):
                if cell:
                    expected[i, j] = u[i, min(rank, 11)]
                    rank += 1
        assert (got == expected).all()


def test_first_rows_number_keys_in_order_of_first_appearance():
    from synth.domains.medical.model import first_rows
    keys = np.array([7, 3, 7, 9, 3, 3, 1 << 62, 9], dtype=np.uint64)
    inverse, first = first_rows(keys)
    assert inverse.tolist() == [0, 1, 0, 2, 1, 1, 3, 2] and first.tolist() == [0, 1, 3, 6]
    empty = first_rows(np.zeros(0, dtype=np.uint64))
    assert empty[0].tolist() == [] and empty[1].tolist() == []


def test_numbered_is_the_joined_numbered_items():
    from synth.domains.medical.sections import _PREFIXES, _numbered
    for items in ([], ["阿莫西林胶囊 0.5g 口服 每日三次"], ["a%s{b}", "50%", "c"], [str(k) for k in range(45)]):
        assert _numbered(items) == "；".join(f"{k}. {x}" for k, x in zip(range(1, len(_PREFIXES) + 1), items))


def test_follow_up_situations_read_the_drugs_for_the_visits_reason():
    from synth.domains.medical.adult_followup import LIFESTYLE, situations
    from synth.domains.medical.model import CASE_DTYPE
    cat = catalogue()
    rng = np.random.default_rng(36)
    case = np.zeros(400, dtype=CASE_DTYPE)
    case["primary"] = rng.choice(np.flatnonzero(cat.chronic), 400)
    case["drugs"] = [tuple(rng.integers(0, len(cat.drug_name), rng.integers(0, 4)).tolist()) for _ in range(400)]
    treats = [any(cat.indication[d, p] for d in drugs) for drugs, p in zip(case["drugs"], case["primary"].tolist())]
    assert 0 < sum(treats) < len(treats)
    assert [s == LIFESTYLE for s in situations(cat, case).tolist()] == [not t for t in treats]


@pytest.fixture(scope="module")
def hidden_columns():
    from synth.domains.medical import DOMAIN
    from synth.engine import compute_blocks, make_request
    return compute_blocks(make_request(DOMAIN, 4242, 0, 3000, None, {}), 0, 3)


def test_prescription_line_ids_are_the_per_record_lines(hidden_columns):
    """Lines worked out once per group of records reading the same inputs are each record's own lines."""
    from synth.domains.medical import prescriptions, start_doses
    from synth.domains.medical.fields import _age, _sex, pressor_free
    from synth.domains.medical.growth import age_in_months
    c, cat = hidden_columns, catalogue()
    case, cell, codes = c["_case"], c["_age_sex"], c["_lines"]["line"]
    drugs = pressor_free(cat, case, cell, c["sbp"], c["dbp"])
    age, sex, months = _age(cell).tolist(), _sex(cell).tolist(), age_in_months(c["_birth"], c["_visit"]).tolist()
    flags = [x.tolist() for x in prescriptions._per_drug(cat)]
    begun = start_doses.started(cat, case).any(axis=1).tolist()
    checked = 0
    for r, row in enumerate(codes.tolist()):
        own = [prescriptions.LINE_DICTS[x] for x in row if x >= 0]
        assert [d["name"] for d in own] == [str(cat.drug_name[d]) for d in drugs[r]]
        if begun[r] and age[r] >= 14:       # a start line replaces the label's (test_medical_start_doses)
            continue
        lines = prescriptions._lines_of(cat, flags, drugs[r], age[r], sex[r], float(c["weight_kg"][r]), months[r],
                                        bool(case["dehydrated"][r]), int(case["primary"][r]), bool(case["hp"][r]))
        assert [(d["dose"], d["frequency"]) for d in own] == [(x[1], x[2]) for x in lines]
        checked += 1
    assert checked > 2500
    medications = c["medications"].tolist()
    assert medications == [[prescriptions.LINE_DICTS[x] for x in row if x >= 0] for row in codes.tolist()]
    assert len({id(d) for row in medications for d in row}) == sum(map(len, medications))   # no shared dicts


def test_plans_written_per_group_are_the_per_record_plans(hidden_columns):
    """The plan written once per group of records alike (with the line ids) is each record's plan as written
    record by record from its medications' dicts, on every path (reviewed and raised pressures drawn here)."""
    from synth.domains.medical import sections
    c = hidden_columns
    rng = np.random.default_rng(77)
    n = len(c["_case"])
    u, reviewed = rng.random((n, 2)), rng.random(n) < 0.3
    high = (np.asarray(c["sbp"]) >= 140) | (np.asarray(c["dbp"]) >= 90) | (rng.random(n) < 0.2)
    args = (c["_case"], c["_ids"], np.asarray(c["age"]), c["medications"], u, high, reviewed, c["bmi"])
    grouped = sections.plans(*args, codes=c["_lines"]["line"])
    assert grouped == sections.plans(*args)
    assert len(set(grouped)) < 0.7 * n        # records share plans: the groups are exercised


def _effect_cases(cat, rng):
    """Condition matrices of whole blocks' sizes (a multiple of four rows, as every batch is)."""
    listed = rng.random((5000, cat.n)) < 0.12
    listed[:2000] = listed[2000:4000]                    # repeated sets share one product
    yield listed
    # one to three distinct sets of many records: BLAS multiplies a lone row or the last one to three rows of a
    # matrix by another kernel, whose last bit may differ (temperature's sums do for a few per cent of sets)
    for k in range(60):
        sets = rng.random((1 + k % 3, cat.n)) < 0.3
        yield sets[rng.integers(0, len(sets), 40)]


def test_effects_per_distinct_condition_set_are_the_whole_matrix_product():
    from synth.domains.medical.model import effect
    cat = catalogue()
    rng = np.random.default_rng(41)
    for listed in _effect_cases(cat, rng):
        z = rng.standard_normal(len(listed))
        for measure in cat.effect_mean:
            for exclude in ((), (cat.hypertension,)):
                mean, sd = cat.effect_mean[measure].copy(), cat.effect_sd[measure].copy()
                for c in exclude:
                    mean[c] = sd[c] = 0.0
                weights = listed.astype(float)
                expected = weights @ mean + np.sqrt(weights @ (sd ** 2)) * z
                assert effect(cat, measure, listed, z, exclude).tobytes() == expected.tobytes(), measure
