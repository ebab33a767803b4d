"""The design's rules about the code itself (docs: DESIGN.md, "Layout"), read from the source with `ast`:
the dependency direction between the apps (`conduct -> casework`, `notifications -> casework`,
`conduct -> notifications`; never the other way), the layering inside conduct (`conduct.cases` is
the bottom feature: the others build on it, never the reverse), and no module past 500 lines.

Every import counts: at module level, inside a function or under `if TYPE_CHECKING`, absolute or
relative, and `importlib.import_module("...")` with a literal name. Migrations are left out: they
are history, frozen as written."""

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("casework", "notifications", "conduct")
MAX_LINES = 500


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # the dotted name imported, e.g. "conduct.duty.services"

    def __str__(self):
        return f"{self.path.relative_to(ROOT)}:{self.line} imports {self.module}"


def source_files(app: str) -> list[Path]:
    """Every .py file of an app, its migrations excepted."""
    return sorted(path for path in (ROOT / app).rglob("*.py") if "migrations" not in path.relative_to(ROOT).parts)


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _absolute(path: Path, node: ast.ImportFrom) -> str:
    """The module an ImportFrom names, relative imports resolved against the file's package."""
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package.pop()  # a module's package is its parent; a package's __init__ is the package itself
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def imports(path: Path) -> Iterator[Import]:
    """Every module a file imports. `from a import b` yields both `a` and `a.b`, since b may be a
    module (`from conduct import duty` imports conduct.duty)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = _absolute(path, node)
            yield Import(path, node.lineno, module)
            for alias in node.names:
                if alias.name != "*":
                    yield Import(path, node.lineno, f"{module}.{alias.name}")
        elif (
            isinstance(node, ast.Call)
            and getattr(node.func, "attr", getattr(node.func, "id", None)) in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            yield Import(path, node.lineno, node.args[0].value)


def is_within(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def offending_imports(package: str, forbidden: tuple[str, ...]) -> list[str]:
    """file:line for each import, anywhere in the package, of a forbidden package; one line per
    file:line, naming the deepest module imported there."""
    deepest: dict[tuple[Path, int], Import] = {}
    for path in source_files(package.split(".")[0]):
        if not is_within(module_name(path), package):
            continue
        for found in imports(path):
            if any(is_within(found.module, name) for name in forbidden):
                current = deepest.get((path, found.line))
                if current is None or len(found.module) > len(current.module):
                    deepest[(path, found.line)] = found
    return [str(found) for _, found in sorted(deepest.items())]


def _message(rule: str, offenders: list[str]) -> str:
    return f"{rule}; {len(offenders)} offending import(s):\n  " + "\n  ".join(offenders)


def test_the_sources_are_found():
    """Guards the tests below against passing on an empty file list."""
    for app in APPS:
        files = source_files(app)
        assert ROOT / app / "models" / "__init__.py" in files or ROOT / app / "models.py" in files, app
        assert not [path for path in files if "migrations" in path.parts]


def test_casework_imports_neither_conduct_nor_notifications():
    offenders = offending_imports("casework", ("conduct", "notifications"))
    assert not offenders, _message(
        "casework is the bottom layer: it may not import conduct or notifications", offenders
    )


def test_notifications_does_not_import_conduct():
    offenders = offending_imports("notifications", ("conduct",))
    assert not offenders, _message("notifications may not import conduct", offenders)


def test_conduct_cases_imports_no_other_conduct_feature():
    features = ("conduct.duty", "conduct.referrals", "conduct.access_reviews", "conduct.oversight")
    offenders = offending_imports("conduct.cases", features)
    assert not offenders, _message(f"conduct.cases may not import {', '.join(features)}", offenders)


def test_no_module_is_over_500_lines():
    too_long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for app in APPS
        for path in source_files(app)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert not too_long, f"modules over {MAX_LINES} lines (split them by concept):\n  " + "\n  ".join(too_long)


def test_relative_imports_are_resolved():
    """The resolver the rules rely on: relative imports name the module they import."""
    path = ROOT / "casework" / "deadlines.py"
    tree = ast.parse("from .models import Deadline\nfrom . import calendar\n")
    first, second = tree.body
    assert _absolute(path, first) == "casework.models"
    assert _absolute(path, second) == "casework"
    package = ROOT / "casework" / "models" / "__init__.py"
    (third,) = ast.parse("from .cases import Case\n").body
    assert _absolute(package, third) == "casework.models.cases"
