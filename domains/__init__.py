"""Domain modules. Each module `X.py` here defines `DOMAIN`, a `synth.schema.Domain` named `X`."""
