"""Relational views of the domains: related tables with keys (`spec`), written as files or SQL (`files`, `sql`)
or loaded into SQLite, DuckDB or PostgreSQL (`load`). `synth generate DOMAIN --tables` is the command (`command`).
"""
