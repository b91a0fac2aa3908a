"""The `persons` domain: coherent Chinese identities that pass real validators and describe nobody.

Coherence: the ID number encodes the birthplace division, birth date and sex; the name fits sex and birth
decade; the home address is a real province/city/district chain, usually the birthplace (a documented migration
rate moves some people, mostly to big cities). Building blocks are plain functions so other domains (medical)
reuse the same identities.
"""


from .data import Divisions, divisions
from .fields import DOMAIN
from .identity import (build_addresses, concat_strings, mask_names, mask_phones, sample_age_sex, sample_birth_dates,
                       sample_birth_divisions, sample_home_divisions, sample_id_numbers, sample_names, sample_phones,
                       sex_of_cell, write_addresses)
from . import rules  # noqa: F401  (importing it declares the rules on DOMAIN)

__all__ = ["DOMAIN", "Divisions", "divisions", "build_addresses", "concat_strings", "mask_names", "mask_phones",
           "sample_age_sex", "sample_birth_dates", "sample_birth_divisions", "sample_home_divisions",
           "sample_id_numbers", "sample_names", "sample_phones", "sex_of_cell", "write_addresses"]
