"""Provenance: how a dataset was made, written beside it and read back by `synth check` and `synth sample`.

A JSONL or CSV file `x.jsonl` gets the sidecar `x.jsonl.synth.json`; a Parquet file carries the same JSON in its
schema metadata under the key `synth`; a `synth run` folder has `manifest.json`, which lists its files. The
manifest says: the synth version, the domain (a name, or a recipe schema's spec and hash), the options as given,
seed, as_of, start and count, and counts per stage.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from ..output import AtomicOutput

PROVENANCE_COLUMNS = ("_source", "_seed", "_index", "_augmented_from", "_round")
SIDECAR_SUFFIX = ".synth.json"
PARQUET_KEY = b"synth"


def version() -> str:
    from .. import __version__

    return __version__


def sidecar_path(path: str | Path) -> Path:
    path = Path(path)
    return path.with_name(path.name + SIDECAR_SUFFIX)


def describe_domain(domain) -> dict[str, Any]:
    """The domain as a manifest records it: a registered name, or a recipe schema's self-contained spec."""
    if domain.portable is not None:
        spec = domain.portable[1][0]
        return {"domain": domain.name, "schema": json.loads(spec),
                "schema_sha256": hashlib.sha256(spec.encode("utf-8")).hexdigest()}
    return {"domain": domain.name}


def generation_manifest(domain, options: dict, seed: int, as_of, start: int, n: int, report: dict,
                        fmt: str) -> dict[str, Any]:
    return {"synth_version": version(), **describe_domain(domain), "options": jsonable(options), "seed": seed,
            "as_of": str(as_of), "start": start, "count": n, "format": fmt, "generation": report}


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def manifest_bytes(manifest: dict) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def write_sidecar(path: str | Path, manifest: dict) -> None:
    with AtomicOutput(sidecar_path(path)) as handle:
        handle.write(manifest_bytes(manifest))


def read_provenance(path: str | Path) -> tuple[dict | None, str | None]:
    """(manifest, where it was found) for a data file, or (None, None)."""
    path = Path(path)
    sidecar = sidecar_path(path)
    if sidecar.is_file():
        return _load(sidecar), str(sidecar)
    if path.suffix.lower() == ".parquet" and path.is_file():
        try:
            import pyarrow.parquet as pq

            metadata = pq.read_schema(path).metadata or {}
        except Exception:  # not a Parquet file: the reader will say so
            metadata = {}
        if PARQUET_KEY in metadata:
            try:
                return json.loads(metadata[PARQUET_KEY].decode("utf-8")), f"{path} (Parquet metadata)"
            except ValueError:
                return None, None
    for folder in (path.parent, path.parent.parent):
        manifest_file = folder / "manifest.json"
        if manifest_file.is_file():
            manifest = _load(manifest_file)
            relative = str(path.resolve().relative_to(folder.resolve())) if path.exists() else None
            for entry in (manifest or {}).get("files", []):
                if entry.get("path") == relative:
                    return {**manifest, **entry}, str(manifest_file)
    return None, None


def _load(path: Path) -> dict | None:
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def domain_of(manifest: dict):
    """The Domain a manifest names: a registered one, or a recipe schema rebuilt from its spec."""
    from ..registry import get_domain
    from .schema import domain_from_spec_text, spec_text

    if manifest.get("schema"):
        return domain_from_spec_text(spec_text(manifest["schema"]))
    return get_domain(manifest["domain"])
