"""The plan: every object of the comparison seen from the source and the target,
what the script will drop, create or re-create, and the steps planned so far.

Decisions that other objects depend on are taken up front (``prepare``): a table
that is re-created takes its columns, constraints, indexes, triggers, policies and
grants with it, so those are planned as new; a dropped table takes its children
with it, so those need no statement of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from pytest_dbparity.core.identifiers import qualify, split_name
from pytest_dbparity.core.objects import CatalogObject
from pytest_dbparity.findings import Comparison, Finding
from pytest_dbparity.fixsql._phases import COMMENT, NOT_RECONCILED, OWNER, Phase
from pytest_dbparity.fixsql._script import Step
from pytest_dbparity.fixsql._sql import (
    Sql,
    ident,
    is_downgrade,
    keeps_data,
    lit,
    raw,
    referenced_names,
    render,
    requalify,
    view_column_names,
)
from pytest_dbparity.kinds.column import Column
from pytest_dbparity.kinds.constraint import Constraint
from pytest_dbparity.kinds.extension import Extension
from pytest_dbparity.kinds.function import Function
from pytest_dbparity.kinds.index import Index
from pytest_dbparity.kinds.policy import Policy
from pytest_dbparity.kinds.privilege import Privilege
from pytest_dbparity.kinds.sequence import Sequence
from pytest_dbparity.kinds.table import Table
from pytest_dbparity.kinds.type import Type
from pytest_dbparity.kinds.view import View

Direction = Literal["a-to-b", "b-to-a"]
FindingKey = tuple[str, str, str, "str | None"]
ObjKey = tuple[str, str]

T = TypeVar("T", bound=CatalogObject)

#: Function attributes that only a new CREATE (after a DROP) can change.
SIGNATURE = frozenset({"arguments", "result", "function_type"})


def finding_key(f: Finding) -> FindingKey:
    return (f.kind, f.object, f.change, f.attribute)


def narrow(obj: CatalogObject | None, cls: type[T]) -> T | None:
    """*obj* as the model *cls*, checked (None stays None)."""
    if obj is None:
        return None
    assert isinstance(obj, cls), f"expected {cls.__name__}, got {type(obj).__name__}"
    return obj


@dataclass(frozen=True, slots=True)
class Item:
    """One paired object, source and target side, with its findings to fix."""

    kind: str
    key: str
    src: CatalogObject | None
    tgt: CatalogObject | None
    findings: tuple[Finding, ...]  # not accepted: to fix
    skipped: tuple[Finding, ...]  # accepted by a rule or an approved snapshot

    @property
    def attributes(self) -> frozenset[str]:
        return frozenset(f.attribute for f in self.findings if f.attribute)

    def about(self, *attributes: str) -> tuple[Finding, ...]:
        """Findings of these attributes (``"grants["`` matches every grantee)."""
        return tuple(
            f
            for f in self.findings
            if f.attribute is not None
            and any(
                f.attribute == a or (a.endswith("[") and f.attribute.startswith(a))
                for a in attributes
            )
        )


def relation_of(obj: CatalogObject) -> tuple[str, str] | None:
    """``(schema, name)`` of the table or view *obj* is or belongs to."""
    if isinstance(obj, (Table, View)):
        return (obj.schema, obj.name)
    if isinstance(obj, Privilege):
        if obj.schema is None or obj.object_type in (
            "function",
            "procedure",
            "sequence",
        ):
            return None
        return (obj.schema, obj.name)
    schema, table = getattr(obj, "schema", None), getattr(obj, "table", None)
    if isinstance(schema, str) and isinstance(table, str):
        return (schema, table)
    return None


def parents_of(obj: CatalogObject) -> list[ObjKey]:
    """``(kind, key)`` of every object whose removal takes *obj* with it."""
    out: list[ObjKey] = []
    if isinstance(obj, Privilege):
        parent = obj.parent
        assert parent is not None
        out.append(parent)
    rel = relation_of(obj)
    if rel is not None and not isinstance(obj, (Table, View)):
        key = qualify(*rel)
        out += [("table", key), ("view", key)]
    if isinstance(obj, Privilege) and obj.column is not None:
        assert obj.schema is not None
        out.append(("column", qualify(obj.schema, obj.name, obj.column)))
    if isinstance(obj, Sequence) and obj.owned_by is not None:
        try:
            parts = split_name(obj.owned_by)
        except ValueError:  # the catalog quotes it: not expected
            parts = []
        if len(parts) == 3:
            out += [("column", qualify(*parts)), ("table", qualify(*parts[:2]))]
    return out


class Plan:
    """What the script does, built kind by kind by the planners."""

    def __init__(
        self,
        comparison: Comparison,
        *,
        direction: Direction,
        allow_destructive: bool,
        accepted: Collection[tuple[str, str]],
    ) -> None:
        if direction not in ("a-to-b", "b-to-a"):
            raise ValueError(f"direction must be a-to-b or b-to-a, not {direction!r}")
        self.comparison = comparison
        self.direction: Direction = direction
        self.allow_destructive = allow_destructive
        a_first = direction == "a-to-b"
        self.source_letter, self.target_letter = ("A", "B") if a_first else ("B", "A")
        self.source_env = comparison.env_a if a_first else comparison.env_b
        self.target_env = comparison.env_b if a_first else comparison.env_a
        approved = set(accepted)
        self.items: dict[str, tuple[Item, ...]] = {}
        for kind in comparison.kinds:
            found: list[Item] = []
            for result in comparison.of(kind):
                pair = result.diff.pair
                src, tgt = (pair.a, pair.b) if a_first else (pair.b, pair.a)
                whole = (kind, result.key) in approved
                todo = tuple(f for f in result.findings if not (whole or f.accepted))
                done = tuple(f for f in result.findings if whole or f.accepted)
                found.append(Item(kind, result.key, src, tgt, todo, done))
            self.items[kind] = tuple(found)
        self.src_index: dict[ObjKey, Item] = {}
        self.tgt_index: dict[ObjKey, Item] = {}
        self.children: dict[ObjKey, list[Item]] = defaultdict(list)
        for kind_name, kind_items in self.items.items():
            for item in kind_items:
                if item.src is not None:
                    self.src_index[(kind_name, item.src.key)] = item
                if item.tgt is not None:
                    self.tgt_index[(kind_name, item.tgt.key)] = item
                    for parent in parents_of(item.tgt):
                        self.children[parent].append(item)
        self.steps: list[Step] = []
        self.covered: set[FindingKey] = set()
        #: Objects the script creates (source key) or drops (target key); drops
        #: that are written commented out count too.
        self.created: set[ObjKey] = set()
        self.dropped: set[ObjKey] = set()
        #: Target objects the script drops and creates anew (executed statements
        #: only): their children are planned as new.
        self.reset: set[ObjKey] = set()
        self.reset_columns: set[tuple[str, str, str]] = set()
        #: Why a reset object is re-created: its key -> the items whose change
        #: needs it out of the way (a column whose type changes, say).
        self.because: dict[ObjKey, list[Item]] = defaultdict(list)
        #: Columns whose type changes: key -> why the change is destructive (None:
        #: it is not).
        self.retype: dict[str, str | None] = {}
        #: Source tables whose creation needs a destructive statement first (a
        #: partition of a table re-created as partitioned): key -> why.
        self.pending: dict[ObjKey, str] = {}
        #: Enum labels the script adds (as SQL literals).
        self.new_labels: set[str] = set()
        #: Schema moves of extensions: (from, to).
        self.moves: set[tuple[str, str]] = set()
        self._seq = 0
        self.prepare()

    # ------------------------------------------------------------ decisions

    def of(self, kind: str) -> tuple[Item, ...]:
        return self.items.get(kind, ())

    def prepare(self) -> None:
        top = ("schema", "extension", "type", "sequence", "table", "view", "function")
        for kind in (*top, "column"):
            for item in self.of(kind):
                if not item.findings:
                    continue
                if item.src is not None and item.tgt is None:
                    self.created.add((kind, item.src.key))
                elif item.src is None and item.tgt is not None:
                    self.dropped.add((kind, item.tgt.key))
        for item in self.of("table"):
            src, tgt = narrow(item.src, Table), narrow(item.tgt, Table)
            if src and tgt and self.table_needs_recreate(item) and self.allow:
                self.reset.add(("table", tgt.key))
        self._reset_partitions()
        self._pending_partitions()
        for item in self.of("view"):
            if (
                item.src is not None
                and item.tgt is not None
                and self.view_recreate(item)
            ):
                self.reset.add(("view", item.tgt.key))
        for item in self.of("function"):
            if item.src is not None and item.tgt is not None and self.fn_recreate(item):
                self.reset.add(("function", item.tgt.key))
        for item in self.of("type"):
            if item.src and item.tgt and self.type_needs_recreate(item) and self.allow:
                self.reset.add(("type", item.tgt.key))
        for item in self.of("extension"):
            ext_src = narrow(item.src, Extension)
            ext_tgt = narrow(item.tgt, Extension)
            if ext_src is None or ext_tgt is None or "schema" not in item.attributes:
                continue
            if self.allow or not self.extension_downgrade(item):
                self.moves.add((ext_tgt.schema, ext_src.schema))
        self._prepare_columns()

    @property
    def allow(self) -> bool:
        """Whether destructive statements run (else they are commented out)."""
        return self.allow_destructive

    def table_needs_recreate(self, item: Item) -> bool:
        """A table whose type or partition key changes (foreign tables aside:
        dbparity does not read what re-creating one needs)."""
        src, tgt = narrow(item.src, Table), narrow(item.tgt, Table)
        if src is None or tgt is None or "foreign" in (src.table_type, tgt.table_type):
            return False
        return bool(item.attributes & {"table_type", "partition_key"})

    def _reset_partitions(self) -> None:
        """Partitions of a re-created table go with it: re-create them too."""
        while True:
            more = set()
            for item in self.of("table"):
                tgt = narrow(item.tgt, Table)
                if tgt is None or tgt.partition_of is None:
                    continue
                key = ("table", tgt.key)
                if key in self.reset or key in self.dropped:
                    continue
                if ("table", tgt.partition_of) in self.reset and item.src is not None:
                    more.add(key)
            if not more:
                return
            self.reset |= more

    def view_recreate(self, item: Item) -> bool:
        """A view that CREATE OR REPLACE cannot change: materialized (or becoming
        so), or whose columns are not the old ones plus some at the end."""
        src, tgt = narrow(item.src, View), narrow(item.tgt, View)
        assert src is not None
        assert tgt is not None
        if "materialized" in item.attributes:
            return True
        if "definition" not in item.attributes:
            return False
        if src.materialized or tgt.materialized:
            return True
        new, old = view_column_names(src.definition), view_column_names(tgt.definition)
        return new is None or old is None or new[: len(old)] != old

    def fn_recreate(self, item: Item) -> bool:
        """A function whose arguments, result type or kind change: CREATE OR
        REPLACE cannot, so the old one is dropped first."""
        src, tgt = narrow(item.src, Function), narrow(item.tgt, Function)
        assert src is not None
        assert tgt is not None
        if not item.findings:
            return False
        changed = src.identity_arguments != tgt.identity_arguments
        return changed or bool(item.attributes & SIGNATURE)

    def type_needs_recreate(self, item: Item) -> bool:
        """A type no ALTER changes: another kind, a domain's or range's base
        type, a composite's attributes."""
        src, tgt = narrow(item.src, Type), narrow(item.tgt, Type)
        assert src is not None
        assert tgt is not None
        if src.type_type != tgt.type_type:
            return bool(item.findings)
        if src.type_type == "domain":
            return "base_type" in item.attributes
        if src.type_type == "composite":
            return "attributes" in item.attributes
        if src.type_type == "range":
            return "base_type" in item.attributes
        return False

    def extension_downgrade(self, item: Item) -> bool:
        src, tgt = narrow(item.src, Extension), narrow(item.tgt, Extension)
        assert src is not None
        assert tgt is not None
        return "version" in item.attributes and is_downgrade(src.version, tgt.version)

    def column_recreate(self, item: Item) -> bool:
        """A column whose generation expression PostgreSQL cannot change in place
        (before PostgreSQL 17): it is dropped and added again."""
        src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
        assert src is not None
        assert tgt is not None
        return "generated" in item.attributes and src.generated is not None

    def _pending_partitions(self) -> None:
        """Partitions to create under a table that becomes partitioned only by a
        destructive re-creation, which is written commented out."""
        while True:
            more: dict[ObjKey, str] = {}
            for item in self.of("table"):
                src = narrow(item.src, Table)
                if src is None or item.tgt is not None or src.partition_of is None:
                    continue
                key = ("table", src.key)
                if key in self.pending:
                    continue
                parent = self.src_index.get(("table", src.partition_of))
                if parent is None:
                    continue
                if (
                    parent.tgt is not None
                    and self.table_needs_recreate(parent)
                    and not self.allow
                ) or ("table", src.partition_of) in self.pending:
                    more[key] = (
                        f"its parent {src.partition_of} becomes partitioned only "
                        "through a destructive statement above"
                    )
            if not more:
                return
            self.pending.update(more)
            self.created -= set(more)

    def _prepare_columns(self) -> None:
        """Columns PostgreSQL cannot change while something uses them: what
        uses them is dropped first and created again after the change."""
        for item in self.of("column"):
            src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
            if src is None or tgt is None or self.gone(tgt):
                continue
            if self.column_recreate(item) and self.allow:
                self.reset_columns.add((tgt.schema, tgt.table, tgt.name))
        for item in self.of("column"):
            src, tgt = narrow(item.src, Column), narrow(item.tgt, Column)
            if tgt is None or self.gone(tgt):
                continue
            if src is None:  # dropped: only when destructive statements are allowed
                if item.findings and self.allow and not self.taken_by_parent(item):
                    self._make_room(item, self._users(tgt))
                continue
            retyped = "type" in item.attributes and not self.moved_type(src, tgt)
            if not retyped and "collation" not in item.attributes:
                continue
            users = self._users(tgt)
            reasons = []
            if retyped and not keeps_data(tgt.type, src.type):
                reasons.append(
                    f"converting {tgt.type} to {src.type} may fail or lose data"
                )
            generated = [u.tgt for u in users if isinstance(u.tgt, Column)]
            if generated:
                names = ", ".join(c.name for c in generated)
                reasons.append(
                    f"generated columns use it ({names}): they are dropped and added "
                    "again around the change"
                )
            gone_views = [u for u in users if u.kind == "view" and u.src is None]
            if gone_views:
                reasons.append(
                    "views use it that only a destructive statement drops: "
                    + ", ".join(u.key for u in gone_views)
                )
            reason = "; ".join(reasons) or None
            self.retype[item.key] = reason
            if reason is None or self.allow:
                self._make_room(item, users)

    def _users(self, col: Column) -> list[Item]:
        """Target objects that use the target column *col*: generated columns,
        views, policies and triggers (judged by the names their SQL mentions)."""
        out: list[Item] = []
        for item in self.of("column"):
            other = narrow(item.tgt, Column)
            if (
                other is not None
                and other.generated is not None
                and (other.schema, other.table) == (col.schema, col.table)
                and other.name != col.name
                and col.name in referenced_names(other.generated)
            ):
                out.append(item)
        wanted = {col.schema, col.table, col.name}
        for item in self.of("view"):
            view = narrow(item.tgt, View)
            if view is not None and wanted <= referenced_names(view.definition):
                out.append(item)
        for kind in ("policy", "trigger"):
            for item in self.of(kind):
                obj = item.tgt
                if obj is None or relation_of(obj) != (col.schema, col.table):
                    continue
                if isinstance(obj, Policy):
                    text = f"{obj.using or ''} {obj.with_check or ''}"
                else:
                    text = getattr(obj, "definition", "")
                if col.name in referenced_names(text):
                    out.append(item)
        return out

    def _make_room(self, item: Item, users: list[Item]) -> None:
        """Drop *users* before *item*'s change and create them again after."""
        for user in users:
            obj = user.tgt
            assert obj is not None
            if user.src is None or self.gone(obj):
                continue  # dropped anyway, or already re-created
            if isinstance(obj, Column):
                self.reset_columns.add((obj.schema, obj.table, obj.name))
            else:
                self.reset.add((obj.kind, obj.key))
            self.because[(obj.kind, obj.key)].append(item)

    def moved_type(self, src: Column, tgt: Column) -> bool:
        """Whether the column's type differs only by the schema of an extension
        the script moves (so the move changes the column too)."""
        return any(requalify(tgt.type, a, b) == src.type for a, b in self.moves)

    # ------------------------------------------------------- object status

    def source_columns(self, schema: str, table: str) -> list[tuple[Item, Column]]:
        out = []
        for item in self.of("column"):
            col = narrow(item.src, Column)
            if col is not None and col.schema == schema and col.table == table:
                out.append((item, col))
        return out

    def gone_because(self, obj: CatalogObject) -> list[ObjKey]:
        """The re-created objects whose drop takes the target object *obj*."""
        out = [k for k in [(obj.kind, obj.key), *parents_of(obj)] if k in self.reset]
        if not self.reset_columns:
            return out
        columns: list[tuple[str, str, str]] = []
        if isinstance(obj, Column):
            columns = [(obj.schema, obj.table, obj.name)]
        elif isinstance(obj, Privilege) and obj.column is not None:
            assert obj.schema is not None
            columns = [(obj.schema, obj.name, obj.column)]
        elif isinstance(obj, Constraint):
            columns = [(obj.schema, obj.table, c) for c in obj.columns]
        elif isinstance(obj, Index):
            names = referenced_names(obj.definition + " " + (obj.predicate or ""))
            columns = [(obj.schema, obj.table, c) for c in sorted(names)]
        out += [("column", qualify(*c)) for c in columns if c in self.reset_columns]
        return out

    def reset_itself(self, obj: CatalogObject) -> bool:
        """Whether the target object *obj* is re-created for its own sake (so
        its own DROP is needed), not only taken by its parent's."""
        return (obj.kind, obj.key) in self.reset and not any(
            p in self.reset for p in parents_of(obj)
        )

    def gone(self, obj: CatalogObject) -> bool:
        """Whether the target object *obj* is dropped by an executed statement
        before its part of the script runs (so it is planned as missing)."""
        return bool(self.gone_because(obj))

    def target(self, item: Item) -> CatalogObject | None:
        """The target object as the script's part for it will find it."""
        if item.tgt is None or self.gone(item.tgt):
            return None
        return item.tgt

    def taken_by_parent(self, item: Item) -> bool:
        """A target-only object that goes with its dropped or re-created parent;
        the parent's statement lists its findings."""
        if item.src is not None or item.tgt is None:
            return False
        if self.gone(item.tgt):
            return True
        return any(p in self.dropped for p in parents_of(item.tgt))

    def missing_parent(self, obj: CatalogObject) -> str | None:
        """For a source object to create: why it cannot be, when its parent is
        missing in the target and the script does not create it (its difference
        is accepted, or only a destructive statement creates it)."""
        for kind, key in parents_of(obj):
            parent = self.src_index.get((kind, key))
            if parent is None:
                continue
            if (kind, key) in self.pending:
                return f"{kind} {key} is created only by a destructive statement"
            if parent.tgt is None and (kind, key) not in self.created:
                return f"{kind} {key} is not created"
        schema = getattr(obj, "schema", None)
        if isinstance(obj, (Extension, Privilege)) or not isinstance(schema, str):
            return None
        return self.schema_not_created(schema)

    def schema_not_created(self, schema: str) -> str | None:
        """``schema <name>`` when the target lacks the schema and the script does
        not create it (its difference is accepted); else None."""
        item = self.src_index.get(("schema", qualify(schema)))
        if item is not None and item.tgt is None and not item.findings:
            return f"schema {qualify(schema)} is not created"
        return None

    def orphans(self, obj: CatalogObject) -> tuple[Finding, ...]:
        """Findings of target-only children of the target object *obj*."""
        out: list[Finding] = []
        for child in self.children.get((obj.kind, obj.key), []):
            if child.src is None:
                out += child.findings
        return tuple(out)

    # ---------------------------------------------------------------- steps

    def add(
        self,
        phase: Phase,
        key: str,
        statement: str | None,
        findings: Iterable[Finding] = (),
        *,
        notes: Iterable[str] = (),
        destructive: str | None = None,
        sub: int = 0,
    ) -> None:
        unique: dict[FindingKey, Finding] = {}
        for f in findings:
            unique.setdefault(finding_key(f), f)
        found = tuple(unique.values())
        self._seq += 1
        self.steps.append(
            Step(
                phase=phase,
                order=(sub, key, self._seq),
                statement=statement,
                findings=found,
                notes=tuple(notes),
                destructive=destructive,
            )
        )
        self.covered.update(finding_key(f) for f in found)

    def set_owner(
        self,
        what: str,
        name: Sql,
        owner: str | None,
        key: str,
        findings: Iterable[Finding] = (),
    ) -> None:
        """``ALTER <what> <name> OWNER TO <owner>``; *what* is this package's own
        keyword (TABLE, VIEW, FUNCTION, ...)."""
        if owner is None:
            return
        statement = render(f"ALTER {what} {{}} OWNER TO {{}}", name, ident(owner))
        self.add(OWNER, key, statement, findings)

    def set_comment(
        self,
        what: str,
        name: Sql,
        comment: str | None,
        key: str,
        findings: Iterable[Finding] = (),
    ) -> None:
        """``COMMENT ON <what> <name> IS ...``; *what* is this package's own."""
        value = raw("NULL") if comment is None else lit(comment)
        statement = render(f"COMMENT ON {what} {{}} IS {{}}", name, value)
        self.add(COMMENT, key, statement, findings)

    def relation_new(self, schema: str, name: str) -> bool:
        """Whether the script creates (or re-creates) this table or view."""
        key = qualify(schema, name)
        return any(
            (kind, key) in self.created or (kind, key) in self.reset
            for kind in ("table", "view")
        )

    def not_reconciled(self, item: Item, reason: str, *, key: str = "") -> None:
        """Name findings no statement can fix, with the reason."""
        self.add(
            NOT_RECONCILED,
            key or f"{item.kind} {item.key}",
            None,
            item.findings,
            notes=[f"why: {reason}"],
        )

    def cause(self, item: Item) -> tuple[Finding, ...]:
        """The findings a step for *item* serves: its own, or for an object
        re-created because its parent is, the parent's."""
        if item.findings:
            return item.findings
        out: list[Finding] = []
        for key in self.gone_because(item.tgt) if item.tgt is not None else []:
            for other in self.because.get(key, ()):
                out += other.findings
            owner = self.tgt_index.get(key)
            if owner is not None and owner is not item:
                out += self.cause(owner)
        if not out and item.src is not None:
            for parent in parents_of(item.src):
                owner = self.src_index.get(parent)
                if owner is not None and owner is not item:
                    out += owner.findings
        unique: dict[FindingKey, Finding] = {}
        for f in out:
            unique.setdefault(finding_key(f), f)
        return tuple(unique.values())

    def restore_note(self, item: Item) -> list[str]:
        """A note for an object that only goes with its re-created parent."""
        if item.findings or item.tgt is None or not self.gone(item.tgt):
            return []
        return [
            f"re-creates {item.kind} {item.key} as in the source: it goes with "
            "what is dropped and created again above"
        ]

    def recreate_note(self, item: Item) -> list[str]:
        """A note when re-creating an object also undoes accepted differences."""
        if not item.skipped:
            return []
        names = sorted({f.attribute or "(object)" for f in item.skipped})
        return [
            "note: re-created from the source, so its accepted differences go too: "
            + ", ".join(names)
        ]
