"""Reconciling SQL: a script that makes the target environment match the source.

``generate_fix_sql`` is pure: it reads a :class:`~pytest_dbparity.findings.Comparison`
and returns the text of a script; nothing here connects to a database, and the
tool never runs the script (a person reviews it and runs it on the target).

* ``a-to-b``: A is the source of truth, the script runs on B; ``b-to-a`` the
  reverse.
* Every difference that is not accepted (by a rule, or by an approved snapshot
  passed in *accepted*) gets a statement preceded by comments naming the findings
  it resolves, or a note saying why no statement can resolve it. An approved
  difference is one like the others (approval means known, not gone): passed in
  *approvals*, its statements are preceded by ``-- approved on <date>: <reason>``;
  only ``--dbparity-exclude-approved`` puts it in *accepted*.
* Statements that may lose data or objects are written commented out unless
  *allow_destructive* is set.
* Statements come in dependency order (drops first, in reverse order), in one
  transaction; foreign keys it adds NOT VALID are validated after it commits,
  each in a transaction of its own behind a check for orphan rows.

The engine here is generic: each kind's planning is in its folder
(``kinds/<kind>/fix.py``, see ``_kinds``), and the script's sections come from
the registry (``_phases``).
"""

from __future__ import annotations

from collections.abc import Collection

from pytest_dbparity.approvals import EXCLUDE_APPROVED, Approvals
from pytest_dbparity.findings import Comparison
from pytest_dbparity.fixsql._kinds import fixes
from pytest_dbparity.fixsql._phases import (
    DATA,
    ENUM_VALUE,
    NOT_RECONCILED,
    VALIDATION,
)
from pytest_dbparity.fixsql._plan import Direction, Plan, finding_key
from pytest_dbparity.fixsql._script import (
    DESTRUCTIVE_PREFIX,
    Said,
    Step,
    one_line,
    render_steps,
)
from pytest_dbparity.kinds.registry import REGISTRY, kinds_where

__all__ = ["DESTRUCTIVE_PREFIX", "SCHEMA_KINDS", "Direction", "generate_fix_sql"]

#: Kinds whose differences the script reconciles with DDL; the others are data.
SCHEMA_KINDS: tuple[str, ...] = kinds_where(data=False)


def generate_fix_sql(
    comparison: Comparison,
    *,
    direction: Direction,
    allow_destructive: bool = False,
    accepted: Collection[tuple[str, str]] = (),
    approvals: Approvals | None = None,
) -> str:
    """The SQL script that makes the target match the source for every difference
    in *comparison* that is not accepted.

    *accepted* holds ``(kind, key)`` of objects whose difference is approved (by a
    snapshot) and left out; findings a rule accepts are skipped too. *approvals*
    marks the statements of approved objects that are not left out.
    """
    plan = Plan(
        comparison,
        direction=direction,
        allow_destructive=allow_destructive,
        accepted=accepted,
    )
    for _, fix in fixes():
        if fix.plan is not None:
            fix.plan(plan)
    _plan_data(plan)
    for items in plan.items.values():
        for item in items:
            left = [f for f in item.findings if finding_key(f) not in plan.covered]
            if left:
                plan.add(
                    NOT_RECONCILED,
                    f"{item.kind} {item.key}",
                    None,
                    left,
                    notes=["why: no statement is planned for this"],
                )
    return _script(plan, approvals or {})


def _plan_data(plan: Plan) -> None:
    """A note for each kind that is data, not schema (no statement)."""
    for spec in REGISTRY:
        if not spec.data:
            continue
        kind, note = spec.name, spec.data_note or f"{spec.plural} are data"
        found = [f for item in plan.of(kind) for f in item.findings]
        if found:
            plan.add(DATA, kind, None, found, notes=[note])


def _env(letter: str, name: str, label: str) -> str:
    text = f'{letter}, environment "{name}"'
    if label and label != name:
        text += f" ({label})"
    return one_line(text)


def _script(plan: Plan, approvals: Approvals) -> str:
    steps = plan.steps
    statements = [s for s in steps if s.statement is not None]
    destructive = [s for s in statements if s.destructive is not None]
    open_ = {
        (f.kind, f.object, f.change, f.attribute)
        for s in steps
        if s.phase == NOT_RECONCILED
        for f in s.findings
    }
    items = [i for kind_items in plan.items.values() for i in kind_items]
    todo = sum(len(i.findings) for i in items)
    marked = sum(len(i.findings) for i in items if (i.kind, i.key) in approvals)
    ignored = sum(f.accepted for i in items for f in i.skipped)
    left_out = sum(not f.accepted for i in items for f in i.skipped)
    notes = {k: one_line(a.note(": ")) for k, a in approvals.items()}
    said = Said()  # one numbering of repeated comments for the whole script
    src, tgt = plan.source_env, plan.target_env
    lines = [
        "-- Reconciling SQL generated by pytest-dbparity.",
        f"-- Direction {plan.direction}: make {plan.target_letter} match "
        f"{plan.source_letter}.",
        "-- Source (the truth): " + _env(plan.source_letter, src.name, src.label) + ".",
        "-- Target (run this script there): "
        + _env(plan.target_letter, tgt.name, tgt.label)
        + ".",
        "-- Review before running; the tool never runs this script.",
    ]
    if plan.allow_destructive:
        lines.append(
            "-- Destructive statements are INCLUDED (--dbparity-allow-destructive): "
            "they drop objects or may lose data."
        )
    else:
        lines.append(
            "-- Destructive statements are commented out; rerun with "
            "--dbparity-allow-destructive to include them."
        )
    lines += [
        f"-- Findings to fix: {todo}"
        + (f" ({marked} approved in snapshots, marked so)" if marked else "")
        + f"; ignored by rules: {ignored}; not reconciled: {len(open_)}.",
        f"-- Statements: {len(statements)}, destructive: {len(destructive)}"
        + ("" if plan.allow_destructive else " (commented out)")
        + ".",
    ]
    if left_out:
        lines.append(
            f"-- Left out: {left_out} finding(s) approved in snapshots "
            f"({EXCLUDE_APPROVED}); this script does not make the target match."
        )
    late = [s for s in steps if s.phase == VALIDATION]
    steps = [s for s in steps if s.phase != VALIDATION]
    early = [s for s in steps if s.phase == ENUM_VALUE]
    body = [s for s in steps if s.phase != ENUM_VALUE]
    if early and _uses_new_labels(plan, body):
        lines += [
            "",
            "-- New enum labels come first, in a transaction of their own: PostgreSQL",
            "-- lets a statement use a new label only once it is committed, and some",
            "-- statements below use them (IF NOT EXISTS: rerunning is harmless).",
            "BEGIN;",
            *render_steps(
                early,
                allow_destructive=plan.allow_destructive,
                approved=notes,
                said=said,
            ),
            "",
            "COMMIT;",
        ]
    else:
        body = steps
    lines += [
        "",
        "BEGIN;",
        "",
        "-- Function bodies are checked when called, not when created (as pg_dump",
        "-- does), so functions and what they use may come in any order.",
        "SET LOCAL check_function_bodies = off;",
    ]
    if not steps and not late:
        lines += ["", "-- Nothing to reconcile."]
    lines += render_steps(
        body, allow_destructive=plan.allow_destructive, approved=notes, said=said
    )
    lines += ["", "COMMIT;"]
    if late:
        lines += [
            "",
            f"-- ==== {VALIDATION.title} ====",
            "-- The foreign keys above were added NOT VALID (new rows are checked,",
            "-- the rows already there are not, so adding them scans nothing).",
            "-- Each is validated in a transaction of its own, after the main one has",
            "-- committed. Its DO block first counts the orphan rows (rows whose key",
            "-- no row of the referenced table holds): with any, it stops with their",
            "-- number and a query that lists them, the transaction rolls back and the",
            "-- key stays NOT VALID (still checking new rows); fix them and run that",
            "-- part again. With none, it says so and VALIDATE runs. psql -v",
            "-- ON_ERROR_STOP=1 stops at the first key with orphans; without it, the",
            "-- other keys' transactions still run.",
        ]
        lines += render_steps(
            late,
            allow_destructive=plan.allow_destructive,
            approved=notes,
            transaction_per_key=True,
            titles=False,
            said=said,
        )
    lines.append("")
    if said.numbers:  # said once: where the header can say so, once rendered
        at = next(i for i, ln in enumerate(lines) if ln.startswith("-- Statements: "))
        lines.insert(
            at + 1,
            "-- A comment repeated in a section is written once, numbered [n]; the "
            'steps after it say "[n] above".',
        )
    return "\n".join(lines)


def _uses_new_labels(plan: Plan, steps: list[Step]) -> bool:
    """Whether a statement that runs mentions an enum label the script adds."""
    return any(
        label in step.statement
        for step in steps
        if step.statement is not None
        and (step.destructive is None or plan.allow_destructive)
        for label in plan.new_labels
    )
