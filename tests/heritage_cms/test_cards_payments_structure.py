"""Who owns what in cards and payments, checked on the source so a shortcut cannot creep back:
no import cycle between their modules (not even one hidden inside a function), and only
``cards/ledger.py`` writes ledger entries or opens accounts."""

from __future__ import annotations

import ast
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ("heritage_cms/cards", "heritage_cms/payments")


def _sources() -> dict[str, Path]:
    """Module name → file, migrations left out (Django loads them, nothing imports them)."""
    modules = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).with_suffix("")
            if "migrations" in relative.parts:
                continue
            parts = relative.parts[:-1] if relative.name == "__init__" else relative.parts
            modules[".".join(parts)] = path
    return modules


def _imported(module: str, path: Path, node: ast.Import | ast.ImportFrom) -> list[str]:
    """The modules an import statement names (``from pkg import mod`` names ``pkg.mod``)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".")
        if path.name != "__init__.py":
            package = package[:-1]
        package = package[: len(package) - (node.level - 1)]
        base = ".".join(package + ([base] if base else []))
    return [base] + [f"{base}.{alias.name}" for alias in node.names]


def import_graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Every import between these modules, at module level or inside a function."""
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                graph[name] |= {
                    target
                    for target in _imported(name, path, node)
                    if target in modules and target != name
                }
    return graph


def function_local_imports(modules: dict[str, Path], root: Path = ROOT) -> list[str]:
    """Project imports inside a function, which is how a cycle hides (apps' ready() aside)."""
    found = []
    for name, path in modules.items():
        for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            if path.name == "apps.py" and function.name == "ready":
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.ImportFrom | ast.Import) and any(
                    target.startswith("heritage_cms") for target in _imported(name, path, node)
                ):
                    found.append(f"{path.relative_to(root)}:{node.lineno}")
    return found


def test_cards_and_payments_modules_import_each_other_without_a_cycle():
    TopologicalSorter(import_graph(_sources())).prepare()


def test_no_function_local_import_of_the_project_in_cards_or_payments():
    assert function_local_imports(_sources()) == []


def test_the_checks_see_a_cycle_and_a_hidden_import(tmp_path):
    """The two checks above can fail: a cycle made only by a function-local import."""
    package = tmp_path / "heritage_cms" / "payments"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "refunds.py").write_text("from .webhooks import current_card\n")
    (package / "webhooks.py").write_text("def f():\n    from .refunds import sync\n")
    modules = {
        "heritage_cms.payments.refunds": package / "refunds.py",
        "heritage_cms.payments.webhooks": package / "webhooks.py",
    }
    with pytest.raises(CycleError):
        TopologicalSorter(import_graph(modules)).prepare()
    assert function_local_imports(modules, tmp_path) == ["heritage_cms/payments/webhooks.py:2"]


# --- the ledger's one writer ---------------------------------------------------------------------
LEDGER = "heritage_cms/cards/ledger.py"
CREATES = {"create", "bulk_create", "get_or_create", "update_or_create"}
WRITES = CREATES | {"update", "bulk_update"}


def _root_name(node: ast.expr) -> str | None:
    """``LedgerEntry`` for ``LedgerEntry.objects.filter(…).update``: the name a chain starts at."""
    while isinstance(node, ast.Attribute | ast.Call):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def writes_of(
    model: str, source: str, filename: str, methods=WRITES, bulk_sql: bool = True
) -> list[str]:
    """Where ``source`` creates or changes ``model`` rows: through its manager (``methods``), by
    building an instance, or (``bulk_sql``) by handing the model to a bulk SQL helper."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        manager_write = (
            isinstance(func, ast.Attribute) and func.attr in methods and _root_name(func) == model
        )
        built = isinstance(func, ast.Name) and func.id == model
        handed_over = bulk_sql and any(
            isinstance(arg, ast.Name) and arg.id == model for arg in node.args
        )
        if manager_write or built or handed_over:
            found.append(f"{filename}:{node.lineno}")
    return found


def _project_sources():
    for path in sorted((ROOT / "heritage_cms").rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "migrations" not in relative.parts and str(relative) != LEDGER:
            yield str(relative), path.read_text(encoding="utf-8")


def test_only_the_ledger_writes_ledger_entries():
    writers = [
        hit for name, text in _project_sources() for hit in writes_of("LedgerEntry", text, name)
    ]
    assert writers == [], "post through heritage_cms.cards.ledger instead"


def test_only_the_ledger_opens_accounts():
    writers = [
        hit
        for name, text in _project_sources()
        for hit in writes_of("Account", text, name, methods=CREATES, bulk_sql=False)
    ]
    assert writers == [], "open accounts with heritage_cms.cards.ledger.account()"


@pytest.mark.parametrize(
    "line",
    [
        "LedgerEntry.objects.create(transfer=t, account=a, amount=1)",
        "LedgerEntry.objects.bulk_create(rows)",
        "LedgerEntry.objects.filter(pk=1).update(amount=2)",
        "LedgerEntry(transfer=t, account=a, amount=1).save()",
        "insert_rows(LedgerEntry, ['amount'], rows)",
    ],
)
def test_the_ledger_check_sees_a_write(line):
    assert writes_of("LedgerEntry", line, "x.py") == ["x.py:1"]


def test_the_account_check_sees_an_account_opened_elsewhere():
    opened = "Account.objects.get_or_create(name='revenue:x', defaults={})"
    assert writes_of("Account", opened, "x.py", methods=CREATES, bulk_sql=False) == ["x.py:1"]


def test_the_ledger_check_lets_reads_pass():
    reading = "LedgerEntry.objects.filter(account=a).aggregate(Sum('amount'))\nt.entries.all()"
    assert writes_of("LedgerEntry", reading, "x.py") == []
