"""The hub's layers, read from the code's own imports (no code is run).

Imports go one way, upward never: the base (showcase's base page classes and shared
helpers) imports no app; then the places (regions), products, events, the editors' side
(editorial), inquiries and the catalogue search; the home page, urls, settings glue and
demo sit on top in showcase. A page shows what the apps above it know through page
sections (showcase/base.py), not by importing them.

The same walk checks two habits that keep the code easy to follow: an import inside a
function says why on the line above or beside it, and no function runs past 80 lines
unless a "# Long: why" comment opens its body. `python tests/test_layers.py` prints the
import graph's figures.
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
APPS = ("showcase", "regions", "products", "events", "editorial", "inquiries", "search")
# showcase's modules that every app may import: they import no app themselves.
BASE = {
    "showcase.base",
    "showcase.params",
    "showcase.text",
    "showcase.page_cache",
    "showcase.structured_data",
    "showcase.translation",
    "showcase.db",
    "showcase.bulk",
    "showcase.search_index",
    "showcase.widgets",
}
# Lower ranks are imported by higher ones, never the reverse; equal ranks of different
# apps ignore each other.
RANKS = {
    "base": 0,
    "regions": 1,
    "products": 2,
    "events": 3,
    "editorial": 4,
    "inquiries": 5,
    "search": 5,
    "showcase": 6,
}
LONGEST_FUNCTION = 80


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def project_modules():
    """{module name: parsed file} of the apps' code, without migrations."""
    modules = {}
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                modules[module_name(path)] = (path, ast.parse(path.read_text(encoding="utf-8")))
    return modules


def imported_names(node, module, is_package):
    """The dotted names an import statement brings in (relative imports resolved)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        package = module.split(".") if is_package else module.split(".")[:-1]
        package = package[: len(package) - node.level + 1]
        base = ".".join(package + ([base] if base else []))
    return [f"{base}.{alias.name}" for alias in node.names] + [base]


def resolve(name, modules):
    """The project module `name` refers to (a module, or the module defining a name)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def import_edges(modules):
    """{module: {imported module: [line, …]}} for every import, in functions too."""
    edges = {}
    for module, (path, tree) in modules.items():
        found = edges.setdefault(module, {})
        for node in ast.walk(tree):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = imported_names(node, module, path.name == "__init__.py")
                # `from package import name` names the package only when no submodule is named.
                targets = {resolve(name, modules) for name in names} - {None, module}
                if isinstance(node, ast.ImportFrom) and len(targets) > 1:
                    targets.discard(resolve(names[-1], modules))
                for target in targets:
                    found.setdefault(target, []).append(node.lineno)
    return edges


def circles(edges):
    """Strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(module):
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for target in edges.get(module, {}):
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in on_stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10_000))
    for module in sorted(edges):
        if module not in index:
            visit(module)
    return groups


def layer(module):
    if module in BASE or module.startswith("showcase.settings"):
        return "base"
    return module.split(".")[0]


def upward_imports(edges):
    wrong = []
    for module, targets in edges.items():
        for target, lines in targets.items():
            mine, theirs = layer(module), layer(target)
            if mine != theirs and RANKS[theirs] >= RANKS[mine]:
                wrong.append(f"{module}:{lines[0]} imports {target} ({mine} → {theirs})")
    return wrong


def has_comment(lines, number):
    """A comment on line `number` (1-based) or on the line above it."""
    return any("#" in lines[at - 1] for at in (number - 1, number) if at >= 1)


def unexplained_function_imports(modules):
    found = []
    for module, (path, tree) in modules.items():
        lines = path.read_text(encoding="utf-8").splitlines()
        for function in ast.walk(tree):
            if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(function):
                if isinstance(node, ast.Import | ast.ImportFrom):
                    first = min(
                        n.lineno
                        for n in function.body
                        if isinstance(n, ast.Import | ast.ImportFrom)
                    )
                    # One comment may explain a block of imports at the top of a function.
                    if not (has_comment(lines, node.lineno) or has_comment(lines, first)):
                        found.append(f"{module}:{node.lineno} in {function.name}()")
    return found


def long_functions(paths):
    found = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        lines = text.splitlines()
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                start = node.body[0].lineno
                # "# Long: …" among the first lines of the body says why it is long.
                explained = any("# Long:" in line for line in lines[start - 2 : start + 2])
                if length > LONGEST_FUNCTION and not explained:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}: {length}")
    return found


def code_files():
    folders = (*APPS, "tests", "bench")
    return [
        path
        for folder in folders
        for path in sorted((ROOT / folder).rglob("*.py"))
        if "migrations" not in path.parts
    ]


def test_no_import_circle():
    assert circles(import_edges(project_modules())) == []


def test_the_circle_finder_finds_a_circle():
    edges = {"a": {"b": [1]}, "b": {"c": [1]}, "c": {"a": [1]}, "d": {"a": [1]}}
    assert circles(edges) == [["a", "b", "c"]]


def test_imports_go_one_way():
    assert upward_imports(import_edges(project_modules())) == []


def test_an_upward_import_is_found():
    edges = {"regions.models": {"products.models": [3]}, "products.models": {}}
    assert upward_imports(edges) == [
        "regions.models:3 imports products.models (regions → products)"
    ]


def test_the_base_imports_no_app():
    edges = import_edges(project_modules())
    for module in BASE:
        assert {layer(target) for target in edges[module]} <= {"base"}, module


def test_imports_inside_functions_say_why():
    assert unexplained_function_imports(project_modules()) == []


def test_functions_are_short_or_say_why():
    assert long_functions(code_files()) == []


if __name__ == "__main__":
    graph = import_edges(project_modules())
    print(f"{len(graph)} modules, {sum(len(t) for t in graph.values())} imports between them")
    print(f"circles: {circles(graph) or 'none'}")
    print(f"upward imports: {upward_imports(graph) or 'none'}")
    print(
        f"imports inside functions without a reason: {unexplained_function_imports(project_modules()) or 'none'}"
    )
    print(
        f"functions over {LONGEST_FUNCTION} lines without a reason: {long_functions(code_files()) or 'none'}"
    )
