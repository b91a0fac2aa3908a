"""The `medical` domain: Chinese outpatient visit records that hang together, masked by default, FHIR-exportable.

One record is one outpatient visit of one synthetic patient. The identity is built exactly as in `persons` (the
ID number encodes a real county code, the birth date and the sex), the clinical content follows published
Chinese epidemiology (lexicons/medical/README.md), and the text comes from the grammars in
`domains/medical/grammars/*.grammar`.

How a record is made (each step a field; hidden fields start with `_`):

- `_age_sex`, `_visit`, `_birth`: age and sex from the 2020 census pyramid; the visit within the last
  `visit_window_days` before `as_of`; a birth date giving that age on the visit day (infants are at least 4 weeks
  old on the visit day).
- `_chronic`: the chronic conditions the person has, by age- and sex-specific prevalence, clustered with the
  tabulated comorbidity odds ratios (Gaussian copula, `data`).
- `_case`: the visit — primary diagnosis, which conditions are known (hypertension and diabetes only for the
  published awareness share), the prescription, blood-pressure and glucose states, the complaint's symptom
  (`model.plan_visits`).
- vitals, drawn from age- and sex-specific distributions, shifted by the diagnoses, inside the region the case
  requires (undiagnosed or uncontrolled hypertension at or above 140/90, everyone else below; likewise glucose
  7.0 mmol/L and fever 37.3 ℃).
- text sections and the note (`text`).

Coherence is built in; the rules below state it as a checkable contract (`synth describe medical`), and the
engine checks every record against them.
"""

from .fields import DOMAIN
from .rules import EXTRA_CHECKS, verify

__all__ = ["DOMAIN", "EXTRA_CHECKS", "verify"]
