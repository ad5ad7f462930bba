"""The plan: every object of the comparison seen from the source and the target,
what the script will drop, create or re-create, and the steps planned so far.

Decisions that other objects depend on are taken up front (``prepare``, with each
kind's ``decide`` and ``make_room``): a table that is re-created takes its
columns, constraints, indexes, triggers, policies and grants with it, so those are
planned as new; a dropped table takes its children with it, so those need no
statement of their own.

The plan knows no kind: what it needs of one (what an object belongs to, stands
on, needs) comes from the kind's ``fix.py`` (``_kinds``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Literal, TypeVar

from pytest_dbparity.core.identifiers import qualify
from pytest_dbparity.core.objects import CatalogObject, is_copy
from pytest_dbparity.findings import Comparison, Finding
from pytest_dbparity.fixsql._kinds import (
    ObjKey,
    columns_of,
    fix_of,
    fixes,
    parents_of,
    relation_kinds,
)
from pytest_dbparity.fixsql._phases import COMMENT, NOT_RECONCILED, OWNER, Phase
from pytest_dbparity.fixsql._script import Step
from pytest_dbparity.fixsql._sql import Sql, compose, ident, lit, raw

Direction = Literal["a-to-b", "b-to-a"]
FindingKey = tuple[str, str, str, "str | None"]

T = TypeVar("T", bound=CatalogObject)


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
        #: Items of a partition's copies of its parent's objects present on one
        #: side only (``CatalogObject.follows_parent``): no kind plans them;
        #: CREATE TABLE ... PARTITION OF and ATTACH PARTITION make the source's,
        #: DETACH PARTITION takes the target's or leaves them (``copies_on``).
        self.copies: dict[ObjKey, Item] = {}
        for kind_items in self.items.values():
            for item in kind_items:
                if is_copy(item.src) and item.tgt is None:
                    self.copies[(item.kind, item.key)] = item
                elif is_copy(item.tgt) and item.src is None:
                    self.copies[(item.kind, item.key)] = item
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
        #: Target columns the script drops and adds again: what stands on them
        #: (``KindFix.columns``) goes with them.
        self.reset_columns: set[ObjKey] = set()
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
        """The items of *kind* its planner plans (partitions' copies of their
        parents' objects aside: see ``copies``)."""
        items = self.items.get(kind, ())
        if not self.copies:
            return items
        return tuple(i for i in items if (i.kind, i.key) not in self.copies)

    def copies_on(self, schema: str, table: str, side: str) -> list[Item]:
        """The held-out copies (``copies``) on table *schema.table* of the
        ``src`` or ``tgt`` side."""
        out = []
        for item in self.copies.values():
            obj = item.src if side == "src" else item.tgt
            if obj is not None and (
                getattr(obj, "schema", None),
                getattr(obj, "table", None),
            ) == (schema, table):
                out.append(item)
        return out

    def prepare(self) -> None:
        """Decisions planning depends on: what the script creates and drops, then
        each kind's (``KindFix.decide``, ``KindFix.make_room``)."""
        for kind, items in self.items.items():
            for item in items:
                if not item.findings:
                    continue
                if item.src is not None and item.tgt is None:
                    self.created.add((kind, item.src.key))
                elif item.src is None and item.tgt is not None:
                    self.dropped.add((kind, item.tgt.key))
        for _, fix in fixes():
            if fix.decide is not None:
                fix.decide(self)
        for _, fix in fixes():
            if fix.make_room is not None:
                fix.make_room(self)

    @property
    def allow(self) -> bool:
        """Whether destructive statements run (else they are commented out)."""
        return self.allow_destructive

    def gone_because(self, obj: CatalogObject) -> list[ObjKey]:
        """The re-created objects whose drop takes the target object *obj*."""
        out = [k for k in [(obj.kind, obj.key), *parents_of(obj)] if k in self.reset]
        if not self.reset_columns:
            return out
        out += [c for c in columns_of(obj) if c in self.reset_columns]
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
        if not fix_of(obj.kind).needs_schema or not isinstance(schema, str):
            return None
        return self.schema_not_created(schema)

    def schema_not_created(self, schema: str) -> str | None:
        """``schema <name>`` when the target lacks the schema and the script does
        not create it (its difference is accepted); else None."""
        from pytest_dbparity.kinds.registry import kinds_where

        for kind in kinds_where(namespace=True):  # the kind whose objects are schemas
            item = self.src_index.get((kind, qualify(schema)))
            if item is not None and item.tgt is None and not item.findings:
                return f"{kind} {qualify(schema)} is not created"
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
        statement = compose(f"ALTER {what} {{}} OWNER TO {{}}", name, ident(owner))
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
        statement = compose(f"COMMENT ON {what} {{}} IS {{}}", name, value)
        self.add(COMMENT, key, statement, findings)

    def relation_new(self, schema: str, name: str) -> bool:
        """Whether the script creates (or re-creates) this table or view."""
        key = qualify(schema, name)
        return any(
            (kind, key) in self.created or (kind, key) in self.reset
            for kind in relation_kinds()
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
