"""Recipes: one TOML file declares the six stages for a dataset (requirement, design, generation, checks,
augmentation, acceptance); `synth run recipe.toml -o OUT/` runs them. See docs/recipes.md.

Modules: `load` (TOML with file, line and key in errors), `expressions` (safe expressions over columns),
`schema` (a user schema compiled to a Domain), `manifest` (provenance), `pipeline` (the stages)."""
