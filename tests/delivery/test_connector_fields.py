"""Each connector declares exactly the profile fields it reads, and names its secret.

Settings -> Ticket systems shows one labelled box per declared field, so a key the
code reads but does not declare could only be set through the free "KEY = VALUE"
box, and a declared key the code never reads would be a box that does nothing.
The keys read are found in each connector module's source: every ``.get(key)``,
``[key]`` or ``key in`` on ``profile.fields`` or on a name bound from it.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest

from handoff.delivery.connector import Connector
from handoff.delivery.connectors import KINDS


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _reads_profile_fields(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Attribute) and n.attr == "fields"
               and ast.unparse(n.value) in {"profile", "self.profile"}
               for n in ast.walk(node))  # fmt: skip


def _constants(node: ast.AST, tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> set[str]:
    """The string keys an expression can be: literals, both arms of ``a if c else b``, or
    the loop variable over a literal tuple (inline or a module constant)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        return _constants(node.body, tree, parents) | _constants(node.orelse, tree, parents)
    if isinstance(node, ast.Name):
        scope: ast.AST | None = node
        while scope is not None:
            generators = getattr(scope, "generators", None) or (
                [scope] if isinstance(scope, ast.For) else [])  # fmt: skip
            for gen in generators:
                if isinstance(gen.target, ast.Name) and gen.target.id == node.id:
                    return _tuple_of_strings(gen.iter, tree)
            scope = parents.get(scope)
    raise AssertionError(f"cannot tell which profile field {ast.unparse(node)!r} reads")


def _tuple_of_strings(node: ast.AST, tree: ast.Module) -> set[str]:
    if isinstance(node, ast.Name):  # a module constant such as REQUIRED_FIELDS
        for stmt in tree.body:
            if isinstance(stmt, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == node.id for t in stmt.targets
            ):
                return _tuple_of_strings(stmt.value, tree)  # fmt: skip
    if isinstance(node, (ast.Tuple, ast.List)):
        values = [e.value for e in node.elts if isinstance(e, ast.Constant)]
        if len(values) == len(node.elts) and all(isinstance(v, str) for v in values):
            return {str(v) for v in values}
    raise AssertionError(f"cannot tell which profile fields {ast.unparse(node)!r} holds")


def _aliases(tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> dict[str, ast.AST]:
    """``fields`` / ``self.fields`` ... bound from ``profile.fields`` -> where they are valid."""
    aliases: dict[str, ast.AST] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and _reads_profile_fields(node.value):
            for target in node.targets:
                scope: ast.AST = tree
                if isinstance(target, ast.Name):  # a local: only in its function
                    scope = next(p for p in _ancestors(node, parents)
                                 if isinstance(p, ast.FunctionDef))  # fmt: skip
                aliases[ast.unparse(target)] = scope
    return aliases


def _keys_used(node: ast.AST, tree: ast.Module, parents: dict[ast.AST, ast.AST]) -> set[str]:
    """The keys read through one use of the profile's fields (or a name bound from them)."""
    parent = parents[node]
    if isinstance(parent, ast.Attribute) and parent.attr == "get":
        call = parents[parent]
        assert isinstance(call, ast.Call) and call.args, ast.unparse(call)
        return _constants(call.args[0], tree, parents)
    if isinstance(parent, ast.Subscript) and parent.value is node:
        return _constants(parent.slice, tree, parents)
    if isinstance(parent, ast.Compare) and node in parent.comparators:
        return _constants(parent.left, tree, parents)
    if isinstance(parent, ast.Attribute) and parent.attr == "items":
        assert _reads_profile_fields(parent), f"all of {ast.unparse(node)} read at once: which?"
        return set()  # the copy every connector makes: {k: v.strip() for k, v in ...}
    raise AssertionError(f"unrecognised use of the profile's fields: {ast.unparse(parent)}")


def fields_read(connector: type[Connector]) -> set[str]:
    """Every key the connector's module reads from a profile's fields (module doc)."""
    tree = ast.parse(Path(inspect.getfile(connector)).read_text(encoding="utf-8"))
    parents = _parents(tree)
    aliases = _aliases(tree, parents)
    found: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, (ast.Name, ast.Attribute)) or isinstance(node.ctx, ast.Store):
            continue
        text = ast.unparse(node)
        if text in aliases and aliases[text] not in _ancestors(node, parents):
            continue  # another function's local of the same name
        if text in {*aliases, "profile.fields", "self.profile.fields"}:
            found |= _keys_used(node, tree, parents)
    return found


def _ancestors(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> list[ast.AST]:
    found: list[ast.AST] = []
    parent = parents.get(node)
    while parent is not None:
        found.append(parent)
        parent = parents.get(parent)
    return found


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_read_is_declared_and_every_declared_field_is_read(kind: str) -> None:
    connector = KINDS[kind]
    declared = set(connector.profile_fields)
    read = fields_read(connector)
    assert read - declared == set(), f"{kind} reads fields it does not declare"
    assert declared - read == set(), f"{kind} declares fields it never reads"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_field_and_the_secret_have_a_label(kind: str) -> None:
    connector = KINDS[kind]
    assert "profile_fields" in vars(connector) and "secret_label" in vars(connector)
    assert all(key and label.strip() for key, label in connector.profile_fields.items())
    assert connector.secret_label.strip()


def test_the_scan_sees_every_way_the_connectors_read_fields() -> None:
    """The scanner itself: literal keys, both arms of an ``if``, loops over constants."""
    assert fields_read(KINDS["rt"]) == set()
    assert {"company_id", "public_key", "client_id", "codebase"} <= fields_read(
        KINDS["connectwise"]
    )
    assert {"note_publish", "reply_publish", "attachment_publish"} <= fields_read(KINDS["autotask"])
    assert {"smtp_host", "from", "to", "smtp_auth"} <= fields_read(KINDS["email"])
