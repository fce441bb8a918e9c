"""Assemble the OpenAPI document from openapi.yaml and the per-area files in paths/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent


def load_document() -> dict[str, Any]:
    document = yaml.safe_load((HERE / "openapi.yaml").read_text(encoding="utf-8"))
    paths: dict[str, Any] = {}
    for area in sorted((HERE / "paths").glob("*.yaml")):
        for path, operations in (yaml.safe_load(area.read_text(encoding="utf-8")) or {}).items():
            if path in paths:
                duplicated = sorted(set(paths[path]) & set(operations))
                if duplicated:
                    raise ValueError(f"{area.name}: {path} {duplicated} is already described elsewhere")
                paths[path].update(operations)
            else:
                paths[path] = dict(operations)
    document["paths"] = paths
    return document
