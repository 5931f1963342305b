"""The README's Architecture section names real hops: every `file.py` `name` pair in it
is a file of the project that defines that function or class."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HOP = re.compile(r"`([\w/]+\.py)`\s+`(\w+)`")


def _section(text: str, title: str) -> str:
    start = text.index(f"## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _defined(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
    return {node.name for node in ast.walk(tree) if isinstance(node, kinds)}


def test_every_hop_in_the_architecture_section_exists() -> None:
    section = _section((ROOT / "README.md").read_text(), "Architecture")
    hops = HOP.findall(" ".join(section.split()))
    assert len(hops) >= 15, "the walk-throughs name fewer hops than expected"
    missing = [
        f"{file} {name}"
        for file, name in hops
        if not (ROOT / file).is_file() or name not in _defined(ROOT / file)
    ]
    assert missing == []
