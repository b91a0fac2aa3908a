"""Builds synth's optional C accelerators; everything else about the package is in pyproject.toml.

Each accelerator does what a pure-Python function in synth already does, with the same output, only faster
(tests compare the two). They are optional: on a machine without a C compiler (or Python headers) the build
prints a warning and synth runs the Python code, so `pip install .` never fails for want of a compiler.
"""

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext


class BuildAccelerators(build_ext):
    """Compiler flags that keep floating point exact: no fused multiply-add, so a*b+c rounds twice in C as it
    does in Python and a grammar's choices (and so its texts) are the same bytes with and without C."""

    def build_extensions(self):
        if self.compiler.compiler_type == "msvc":
            flags = ["/O2", "/fp:precise"]
        else:
            flags = ["-O2", "-ffp-contract=off", "-fno-fast-math"]
        for extension in self.extensions:
            extension.extra_compile_args = flags
        super().build_extensions()


setup(
    ext_modules=[
        Extension("synth._render", ["synth/_render.c"], optional=True),
        Extension("synth._wordcut", ["synth/_wordcut.c"], depends=["synth/_clauses.h"], optional=True),
        Extension("synth._marks", ["synth/_marks.c"], depends=["synth/_clauses.h"], optional=True),
        Extension("synth._scan", ["synth/_scan.c"], optional=True),
        Extension("synth._columns", ["synth/_columns.c"], optional=True),
        Extension("synth._turnwalk", ["synth/_turnwalk.c"], optional=True),
    ],
    cmdclass={"build_ext": BuildAccelerators},
)
