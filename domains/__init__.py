"""The domains that ship with synth, one package each: `synth.domains.X` exposes `DOMAIN`, the domain named X.

How to add one: docs/domains.md. Other packages register theirs through the `synth.domains` entry-point group
(see `synth.registry`).
"""
