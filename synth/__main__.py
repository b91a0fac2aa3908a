"""`python -m synth`: the same command as `synth`."""

from .cli import entry

entry()
