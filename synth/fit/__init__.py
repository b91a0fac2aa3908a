"""Fit a recipe to a real table (`synth fit real.csv -o recipe.toml`, `synth.fit(frame)`), and measure how
private and how faithful a synthetic table is against the real one (synth.fit.privacy, synth.fit.fidelity).
See docs/fit.md."""

from .model import Fitted, fit

__all__ = ["Fitted", "fit"]
