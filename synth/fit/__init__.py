"""Fit a recipe to a real table (`synth fit real.csv -o recipe.toml`, `synth.fit(frame)`), and measure how
private and how faithful a synthetic table is against the real one (synth.fit.privacy, synth.fit.fidelity).
See docs/fit.md."""

import sys
import types

from .model import Fitted, fit


class _CallableModule(types.ModuleType):
    """`synth.fit(frame)` must work even after `import synth.fit.privacy` has bound the name `synth.fit` to this
    package: calling the package calls `fit`."""

    def __call__(self, *args, **kwargs) -> Fitted:
        return fit(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
__all__ = ["Fitted", "fit"]
