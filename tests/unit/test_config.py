"""Unit tests of configuration parsing and environment resolution."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Literal
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from pytest_dbparity.config import (
    DEFAULT_MIGRATIONS_TABLE,
    FileConfig,
    parse_config,
    parse_rule,
)
from pytest_dbparity.environments import (
    Environment,
    check_distinct_targets,
    looks_like_dsn,
    resolve_environment,
)
from pytest_dbparity.errors import ConfigError
from pytest_dbparity.settings import Settings
from pytest_dbparity.severity import Rule, Severity
from pytest_dbparity.targets import Target, dsn_target

PATH = Path("conf/dbparity.yaml")

FULL = """\
environments:
  staging:
    label: Staging
    dsn_env: STAGING_DSN
  prod:
    label: Production
    dsn: "postgresql://app:${PROD_PASSWORD}@db.example.com:5432/app"
  local:
    dsn: "host=localhost dbname=${LOCAL_DB}"
schemas:
  include: [public, app]
  exclude: [scratch]
kinds: [function, table, column]
rules:
  - kind: row_count
    ignore: true
    reason: data differs by design
  - kind: function
    object: "public.debug_*"
    attribute: body
    severity: low
  - attribute: "-"
    change: missing_in_a
    severity: Critical
fail_on: medium
migrations:
  table: public.schema_migrations
row_counts:
  exact: [public.users, app.orders]
timeouts:
  connect: 5
  statement: 12.5
"""


@pytest.fixture(autouse=True)
def _no_libpq_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("PGHOST", "PGPORT", "PGDATABASE", "PGUSER", "PGPASSWORD"):
        monkeypatch.delenv(var, raising=False)


def config_error(text: str) -> str:
    with pytest.raises(ConfigError) as info:
        parse_config(text, PATH)
    return str(info.value)


# ------------------------------------------------------------------ parse_config


def test_parse_full_config() -> None:
    cfg = parse_config(FULL, PATH)
    assert cfg.path == PATH
    assert dict(cfg.environments) == {
        "staging": {"label": "Staging", "dsn_env": "STAGING_DSN"},
        "prod": {
            "label": "Production",
            "dsn": "postgresql://app:${PROD_PASSWORD}@db.example.com:5432/app",
        },
        "local": {"dsn": "host=localhost dbname=${LOCAL_DB}"},
    }
    assert cfg.include_schemas == ("public", "app")
    assert cfg.exclude_schemas == ("scratch",)
    # Kinds come back in the canonical order, whatever the file says.
    assert cfg.kinds == ("table", "column", "function")
    assert cfg.rules == (
        Rule(kind="row_count", ignore=True, reason="data differs by design"),
        Rule(
            kind="function",
            object="public.debug_*",
            attribute="body",
            severity=Severity.LOW,
        ),
        Rule(attribute="-", change="missing_in_a", severity=Severity.CRITICAL),
    )
    assert cfg.fail_on is Severity.MEDIUM
    assert cfg.migrations_table == "public.schema_migrations"
    assert cfg.exact_counts == ("public.users", "app.orders")
    assert cfg.connect_timeout == 5
    assert cfg.statement_timeout == 12.5


@pytest.mark.parametrize("text", ["", "# only a comment\n", "{}\n"])
def test_empty_config_gives_defaults(text: str) -> None:
    cfg = parse_config(text)
    assert cfg == FileConfig()
    assert cfg.include_schemas is None
    assert cfg.kinds is None
    assert cfg.migrations_table == DEFAULT_MIGRATIONS_TABLE


def test_migrations_table_can_be_switched_off() -> None:
    assert parse_config("migrations:\n  table: null\n").migrations_table is None


def test_single_strings_become_lists() -> None:
    cfg = parse_config("schemas:\n  include: public\nkinds: rls\n")
    assert cfg.include_schemas == ("public",)
    assert cfg.kinds == ("rls",)


def test_malformed_yaml_names_file_line_and_column() -> None:
    message = config_error(
        "kinds: [table, column]\nschemas:\n  include: [a, b\nrules: []\n"
    )
    assert message.startswith(f"{PATH}: ")
    assert re.search(r"line \d+, column \d+", message)
    assert "malformed YAML" in message


def test_malformed_yaml_points_at_the_problem() -> None:
    message = config_error("fail_on: high\nkinds: a: b\n")
    assert "line 2, column 9" in message  # the second colon


def test_malformed_yaml_without_path_still_says_where() -> None:
    with pytest.raises(ConfigError, match=r"line 1, column \d+"):
        parse_config("a: b: c\n")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "environments:\n"
            "  prod:\n    dsn_env: PROD_DSN\n"
            "  nonprod:\n    dsn_env: NONPROD_DSN\n"
            "  prod:\n    dsn_env: OTHER_DSN\n",
            "line 6: duplicate key 'prod' (first at line 2)",
        ),
        (
            "environments:\n  prod:\n    label: Prod\n"
            "    dsn_env: PROD_DSN\n    dsn_env: OTHER_DSN\n",
            "line 5: duplicate key 'dsn_env' (first at line 4)",
        ),
        (
            "schemas:\n  include: [public]\n  exclude: [x]\n  include: [app]\n",
            "line 4: duplicate key 'include' (first at line 2)",
        ),
        (
            "fail_on: high\nkinds: [table]\nfail_on: low\n",
            "line 3: duplicate key 'fail_on' (first at line 1)",
        ),
        (
            "rules:\n  - kind: table\n    severity: low\n"
            "  - kind: rls\n    ignore: true\n    reason: r\n    ignore: false\n",
            "line 7: duplicate key 'ignore' (first at line 5)",
        ),
        (
            "environments: {prod: {dsn_env: A}, prod: {dsn_env: B}}\n",
            "line 1: duplicate key 'prod' (first at line 1)",
        ),
    ],
    ids=["environment", "in-environment", "schemas", "top-level", "rule", "flow"],
)
def test_duplicate_key_names_key_and_lines(text: str, expected: str) -> None:
    assert config_error(text) == f"{PATH}: {expected}"


def test_duplicate_key_without_path() -> None:
    with pytest.raises(ConfigError) as info:
        parse_config("kinds: [table]\nkinds: [rls]\n")
    assert str(info.value) == (
        "configuration: line 2: duplicate key 'kinds' (first at line 1)"
    )


def test_keys_that_yaml_reads_as_one_are_duplicates() -> None:
    # PyYAML builds both as the key True: one of them would be lost.
    message = config_error("timeouts:\n  connect: 1\nyes: 1\ntrue: 2\n")
    assert message == f"{PATH}: line 4: duplicate key True (first at line 3)"


def test_merge_key_overrides_are_not_duplicates() -> None:
    """``<<: *anchor`` then a key of the anchor is YAML's way to override it."""
    cfg = parse_config(
        "rules:\n"
        "  - &base {kind: table, severity: low}\n"
        "  - &high\n    <<: *base\n    severity: high\n"
        "  - {<<: *high, kind: column}\n",
        PATH,
    )
    assert [(r.kind, r.severity) for r in cfg.rules] == [
        ("table", Severity.LOW),
        ("table", Severity.HIGH),
        ("column", Severity.HIGH),
    ]


def test_a_mapping_merged_before_it_is_built_is_checked_as_written() -> None:
    # PyYAML merges the inner mapping into c (a level up, so built first) before
    # it builds the inner mapping itself: its keys are checked as written, not
    # with the merged-in k next to its own.
    message = config_error("a: {b: &s {<<: {k: 1}, k: 2}}\nc: {<<: *s}\n")
    assert "duplicate" not in message
    assert "unknown key(s) a, c" in message


def test_top_level_must_be_a_mapping() -> None:
    assert "top level" in config_error("- a\n- b\n")


def test_unknown_top_level_key() -> None:
    message = config_error("enviroments: {}\n")
    assert "top level" in message
    assert "enviroments" in message
    assert "environments" in message  # the allowed keys are listed


def test_unknown_nested_key() -> None:
    message = config_error("schemas:\n  exclude: [a]\n  ignore: [b]\n")
    assert "schemas" in message
    assert "ignore" in message


def test_unknown_kind() -> None:
    message = config_error("kinds: [table, tabel]\n")
    assert "'tabel'" in message
    assert str(PATH) in message
    assert "column" in message  # known kinds are listed


def test_bad_severity_in_rule_lists_choices() -> None:
    message = config_error("rules:\n  - kind: table\n    severity: urgent\n")
    assert "rules[0].severity" in message
    assert "'urgent'" in message
    assert "info, low, medium, high, critical" in message


def test_bad_fail_on() -> None:
    message = config_error("fail_on: severe\n")
    assert "fail_on" in message
    assert "info, low, medium, high, critical" in message


def test_ignore_rule_without_reason() -> None:
    message = config_error(
        "rules:\n  - kind: table\n    severity: low\n"
        "  - kind: column\n    ignore: true\n"
    )
    assert "rules[1]" in message
    assert "reason" in message


def test_rule_without_selector() -> None:
    message = config_error("rules:\n  - severity: low\n")
    assert "rules[0]" in message
    assert "kind, object, attribute, change" in message


def test_rule_without_severity_or_ignore() -> None:
    message = config_error("rules:\n  - kind: table\n")
    assert "rules[0]" in message
    assert "severity" in message


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"kind": "tabel", "severity": "low"}, "r.kind"),
        ({"kind": "table", "change": "added", "severity": "low"}, "r.change"),
        ({"kind": "table", "ignore": "yes", "reason": "x"}, "r.ignore"),
        ({"kind": "table", "severity": 3}, "r.severity"),
        ({"kind": "table", "severity": "low", "extra": 1}, "extra"),
        (["kind", "table"], "expected a mapping"),
    ],
)
def test_parse_rule_errors(raw: object, fragment: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(fragment)):
        parse_rule(raw, PATH, "r")


def test_parse_rule_accepts_kind_globs() -> None:
    rule = parse_rule({"kind": "c*", "severity": "high"}, None, "r")
    assert rule == Rule(kind="c*", severity=Severity.HIGH)


def test_rules_must_be_a_list() -> None:
    assert "rules" in config_error("rules:\n  kind: table\n")


def test_env_with_both_dsn_and_dsn_env() -> None:
    message = config_error(
        "environments:\n  staging:\n    dsn: host=x\n    dsn_env: STAGING_DSN\n"
    )
    assert "environments.staging" in message
    assert "exactly one" in message


def test_env_with_neither_dsn_nor_dsn_env() -> None:
    message = config_error("environments:\n  staging:\n    label: Staging\n")
    assert "environments.staging" in message


def test_env_value_must_be_a_string() -> None:
    message = config_error("environments:\n  staging:\n    dsn_env: [A, B]\n")
    assert "environments.staging.dsn_env" in message


@pytest.mark.parametrize("value", ["17", "'17'", "18"])
def test_a_migrations_environment_may_name_its_major(
    value: str, tmp_path: Path
) -> None:
    (tmp_path / "migrations").mkdir()
    cfg = parse_config(
        f"environments:\n  branch:\n    migrations: migrations\n    major: {value}\n",
        tmp_path / "dbparity.yaml",
    )
    assert cfg.environments["branch"]["major"] == value.strip("'")
    env = resolve_environment("branch", cfg, option="--env-b", environ={})
    assert env.source == "migrations"
    assert env.major == int(value.strip("'"))
    other = parse_config(
        "environments:\n  main:\n    migrations: migrations\n",
        tmp_path / "dbparity.yaml",
    )
    assert (
        resolve_environment("main", other, option="--env-a", environ={}).major is None
    )


@pytest.mark.parametrize(
    "value", ["13", "0", "-17", "seventeen", "17.2", "true", "[17]"]
)
def test_a_major_is_a_postgresql_major_version(value: str) -> None:
    message = config_error(
        f"environments:\n  branch:\n    migrations: m\n    major: {value}\n"
    )
    assert message == (
        f"{PATH}: environments.branch.major: expected a PostgreSQL major version, "
        "14 or newer (e.g. 17)"
    )


@pytest.mark.parametrize("source", ["dsn_env: A", "snapshot: prod.json"])
def test_only_a_migrations_environment_has_a_major(source: str) -> None:
    message = config_error(f"environments:\n  prod:\n    {source}\n    major: 17\n")
    assert message == (
        f"{PATH}: environments.prod.major: only a 'migrations' environment has one"
    )


@pytest.mark.parametrize("value", ["0", "-1", "soon", "[1]"])
def test_timeouts_must_be_positive_numbers(value: str) -> None:
    message = config_error(f"timeouts:\n  connect: {value}\n")
    assert "timeouts.connect" in message


def test_boolean_timeout_is_rejected() -> None:
    with pytest.raises(ConfigError, match=r"timeouts\.connect"):
        parse_config("timeouts:\n  connect: true\n", PATH)


def test_migrations_table_must_be_a_string() -> None:
    assert "migrations.table" in config_error("migrations:\n  table: [a]\n")


MALFORMED_NAMES = [
    "",
    "a.b.c",
    "s.",
    ".t",
    "s..t",
    '"s.t',
    's."t',
    's"x.t',
    '"".t',
]


def yaml_string(text: str) -> str:
    return json.dumps(text)  # a JSON string is a YAML string


@pytest.mark.parametrize("name", MALFORMED_NAMES)
def test_malformed_migrations_table_is_rejected(name: str) -> None:
    message = config_error(f"migrations:\n  table: {yaml_string(name)}\n")
    assert message.startswith(f"{PATH}: migrations.table: ")


@pytest.mark.parametrize("name", MALFORMED_NAMES)
def test_malformed_exact_row_count_table_is_rejected(name: str) -> None:
    message = config_error(
        f"row_counts:\n  exact: [public.users, {yaml_string(name)}]\n"
    )
    assert message.startswith(f"{PATH}: row_counts.exact: ")


def test_malformed_name_error_without_path_names_the_key() -> None:
    with pytest.raises(ConfigError, match=r"migrations\.table"):
        parse_config("migrations:\n  table: a.b.c\n")
    with pytest.raises(ConfigError, match=r"row_counts\.exact"):
        parse_config("row_counts:\n  exact: a.b.c\n")


def test_quoted_names_are_accepted_and_kept_as_written() -> None:
    cfg = parse_config(
        "migrations:\n"
        '  table: \'"Ops"."schema.migrations"\'\n'
        "row_counts:\n"
        '  exact: [\'"My Schema"."a.b"\', \'Users\', \'"x""y".t\']\n',
        PATH,
    )
    assert cfg.migrations_table == '"Ops"."schema.migrations"'
    assert cfg.exact_counts == ('"My Schema"."a.b"', "Users", '"x""y".t')


def test_schema_lists_must_hold_strings() -> None:
    assert "schemas.exclude" in config_error("schemas:\n  exclude: [a, 1]\n")


# ------------------------------------------------------------------ resolve


@pytest.fixture
def cfg() -> FileConfig:
    return parse_config(FULL, PATH)


def test_resolve_named_environment_from_dsn_env(cfg: FileConfig) -> None:
    dsn = "postgresql://app:pw1@staging.example.com:5432/app"
    env = resolve_environment(
        "staging", cfg, option="--env-a", environ={"STAGING_DSN": dsn}
    )
    assert env.name == "staging"
    assert env.label == "Staging"
    assert env.dsn == dsn
    assert env.password == "pw1"
    assert env.describe() == "staging (Staging) at staging.example.com:5432/app"


def test_resolve_named_environment_substitutes_variables(cfg: FileConfig) -> None:
    env = resolve_environment(
        "prod", cfg, option="--env-b", environ={"PROD_PASSWORD": "s3cr3t"}
    )
    assert env.dsn == "postgresql://app:s3cr3t@db.example.com:5432/app"
    assert env.password == "s3cr3t"
    assert env.label == "Production"
    assert "s3cr3t" not in env.describe()
    assert "s3cr3t" not in repr(env)


def test_label_defaults_to_name(cfg: FileConfig) -> None:
    env = resolve_environment(
        "local", cfg, option="--env-a", environ={"LOCAL_DB": "app"}
    )
    assert env.label == "local"
    assert env.dsn == "host=localhost dbname=app"
    assert env.describe() == "local at localhost/app"


def test_missing_dsn_env_variable(cfg: FileConfig) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment("staging", cfg, option="--env-a", environ={})
    message = str(info.value)
    assert "STAGING_DSN" in message
    assert "Staging" in message


def test_empty_dsn_env_variable_counts_as_missing(cfg: FileConfig) -> None:
    with pytest.raises(ConfigError, match="STAGING_DSN"):
        resolve_environment(
            "staging", cfg, option="--env-a", environ={"STAGING_DSN": ""}
        )


def test_missing_variable_inside_dsn(cfg: FileConfig) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment("prod", cfg, option="--env-b", environ={"OTHER": "x"})
    message = str(info.value)
    assert "PROD_PASSWORD" in message
    assert "Production" in message


EMPTY_VARS = parse_config(
    "environments:\n"
    "  whole:\n    label: Staging\n    dsn_env: STAGING_DSN\n"
    "  inside:\n    label: Staging\n    dsn: '${STAGING_DSN}'\n"
    "  part:\n    label: Staging\n"
    "    dsn: 'postgresql://app:${PW}@db.example.com/${DB}'\n"
    "  blank:\n    label: Staging\n    dsn: '  '\n",
    PATH,
)


@pytest.mark.parametrize("value", ["", "  ", "\t\n"])
@pytest.mark.parametrize("name", ["whole", "inside"])
def test_empty_variable_stops_with_one_message(name: str, value: str) -> None:
    """``dsn_env: VAR`` and ``dsn: "${VAR}"`` with VAR empty: libpq would connect
    to its defaults, so both stop, in the same words."""
    with pytest.raises(ConfigError) as info:
        resolve_environment(
            name, EMPTY_VARS, option="--env-a", environ={"STAGING_DSN": value}
        )
    assert str(info.value) == (
        f"environment {name!r} (Staging): environment variable STAGING_DSN is not "
        "set or empty; export it to build the DSN of Staging"
    )


@pytest.mark.parametrize("name", ["whole", "inside"])
def test_unset_variable_gives_the_same_message(name: str) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment(name, EMPTY_VARS, option="--env-a", environ={})
    assert str(info.value).endswith(
        "environment variable STAGING_DSN is not set or empty; "
        "export it to build the DSN of Staging"
    )


def test_every_empty_or_missing_variable_inside_dsn_is_named() -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment("part", EMPTY_VARS, option="--env-a", environ={"PW": ""})
    assert str(info.value) == (
        "environment 'part' (Staging): environment variables PW, DB are not set "
        "or empty; export them to build the DSN of Staging"
    )


def test_variables_inside_dsn_set_and_not_empty_are_used() -> None:
    env = resolve_environment(
        "part", EMPTY_VARS, option="--env-a", environ={"PW": "pw", "DB": "app"}
    )
    assert env.dsn == "postgresql://app:pw@db.example.com/app"


def test_blank_dsn_stops() -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment("blank", EMPTY_VARS, option="--env-a", environ={})
    assert str(info.value) == (
        "environment 'blank' (Staging): its 'dsn' is empty; give the DSN, or "
        "'dsn_env: VAR' naming the environment variable that holds it"
    )


def test_unknown_environment_lists_known_names(cfg: FileConfig) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment("prdo", cfg, option="--env-b", environ={})
    message = str(info.value)
    assert "--env-b" in message
    assert "'prdo'" in message
    assert "local, prod, staging" in message
    assert str(PATH) in message


def test_unknown_environment_without_config() -> None:
    with pytest.raises(ConfigError, match="none"):
        resolve_environment("prod", FileConfig(), option="--env-a", environ={})


def test_url_dsn_accepted_directly() -> None:
    dsn = "postgresql://me:pw@db.example.com:5433/app"
    env = resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    assert env.dsn == dsn
    assert env.password == "pw"
    assert "db.example.com" in env.label
    assert "app" in env.label
    assert "pw" not in env.label
    assert "pw" not in env.describe()
    assert "db.example.com:5433/app" in env.describe()


def test_keyword_dsn_accepted_directly() -> None:
    dsn = "host=localhost dbname=app user=me password=hunter2"
    env = resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    assert env.dsn == dsn
    assert env.password == "hunter2"
    assert "localhost" in env.label
    assert "hunter2" not in env.label
    assert "hunter2" not in env.describe()


def test_config_name_wins_over_dsn_look() -> None:
    cfg = parse_config("environments:\n  a=b:\n    dsn_env: X\n")
    env = resolve_environment("a=b", cfg, option="--env-a", environ={"X": "host=h"})
    assert env.name == "a=b"
    assert env.dsn == "host=h"


@pytest.mark.parametrize(
    "dsn",
    [
        "postgresql://app:hunter2@db.example.com:5432/app?bogus_option=1",
        "host=db.example.com password=hunter2 bogus_option=1",
        "host=db.example.com password='hunter2",
        "postgresql://app:hunter2@[::1/app",
    ],
)
def test_malformed_dsn_error_hides_password(dsn: str) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    message = str(info.value)
    assert "--env-a" in message
    assert "hunter2" not in message


@pytest.mark.parametrize(
    "dsn",
    [
        "postgresql:/app:hunter2@db.example.com/app",
        "app:hunter2@db.example.com:5432/app",
    ],
)
def test_dsn_typo_error_hides_password(dsn: str) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    assert "hunter2" not in str(info.value)


def test_malformed_dsn_from_config_hides_password(cfg: FileConfig) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment(
            "staging",
            cfg,
            option="--env-a",
            environ={"STAGING_DSN": "host=h password=hunter2 nonsense=1"},
        )
    message = str(info.value)
    assert "Staging" in message
    assert "hunter2" not in message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("postgresql://u@h/db", True),
        ("postgres://h", True),
        ("host=localhost dbname=app", True),
        ("dbname=app", True),
        ("staging", False),
        ("prod-eu", False),
        ("", False),
    ],
)
def test_looks_like_dsn(value: str, expected: bool) -> None:
    assert looks_like_dsn(value) is expected


# ------------------------------------------------------------------ Environment


def test_describe_defaults_without_host_or_db() -> None:
    env = Environment(name="x", label="x", dsn="user=me password=pw")
    text = env.describe()
    assert "default host" in text
    assert "default database" in text
    assert "pw" not in text


def test_describe_uses_libpq_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGHOST", "envhost")
    monkeypatch.setenv("PGDATABASE", "envdb")
    env = Environment(name="x", label="X", dsn="")
    assert env.describe() == "x (X) at envhost/envdb"


def test_password_absent() -> None:
    assert Environment(name="x", label="x", dsn="host=h").password is None
    assert Environment(name="x", label="x", dsn="host=h password=''").password is None
    assert Environment(name="x", label="x", dsn="host='unterminated").password is None


def test_settings_secrets_collects_passwords() -> None:
    a = Environment(name="a", label="a", dsn="host=h password=one")
    b = Environment(name="b", label="b", dsn="host=h")
    assert Settings(env_a=a, env_b=b).secrets == ("one",)
    c = Environment(name="c", label="c", dsn="postgresql://u:two@h/db")
    assert Settings(env_a=a, env_b=c).secrets == ("one", "two")
    assert Settings(env_a=b, env_b=None).secrets == ()


# ------------------------------------------------------------------ targets


def live(name: str, dsn: str, *, from_dsn: bool = False) -> Environment:
    return Environment(name=name, label=name, dsn=dsn, from_dsn=from_dsn)


@pytest.mark.parametrize(
    ("dsn_a", "dsn_b", "environ"),
    [
        ("postgresql://app@db.example.com/app", "host=db.example.com dbname=app", {}),
        ("host=DB.Example.COM dbname=app", "host=db.example.com dbname=app", {}),
        ("host=h port=5432 dbname=app", "host=h dbname=app", {}),
        ("host=h port=' 05432' dbname=app", "host=h port=5432 dbname=app", {}),
        ("postgresql://[::1]/app", "host=0:0:0:0:0:0:0:1 dbname=app", {}),
        ("postgresql:///app", "host='' port='' dbname=app", {}),
        ("host=/tmp/ dbname=app", "postgresql://%2Ftmp/app", {}),
        ("dbname=app", "host=envhost dbname=app", {"PGHOST": "envhost"}),
        ("dbname=app", "port=6543 dbname=app", {"PGPORT": "6543"}),
        ("host=h", "host=h dbname=envdb", {"PGDATABASE": "envdb"}),
        ("host=h user=carl", "host=h dbname=carl", {}),  # dbname defaults to user
        ("host=h", "host=h dbname=carl", {"PGUSER": "carl"}),
        ("hostaddr=10.0.0.1 host=name dbname=a", "host=10.0.0.1 dbname=a", {}),
        ("host=h1,h2 port=5433 dbname=a", "host=h1,h2 port=5433,5433 dbname=a", {}),
        ("service=prod password=x", "service=prod", {}),
        ("dbname=a", "service=prod dbname=a", {"PGSERVICE": "prod"}),
    ],
)
def test_spellings_of_one_target(
    dsn_a: str, dsn_b: str, environ: dict[str, str]
) -> None:
    a, b = dsn_target(dsn_a, environ), dsn_target(dsn_b, environ)
    assert a is not None
    assert a == b


@pytest.mark.parametrize(
    ("dsn_a", "dsn_b", "environ"),
    [
        ("host=h dbname=app", "host=h dbname=App", {}),  # names are case-sensitive
        ("host=h dbname=app", "host=h port=5433 dbname=app", {}),
        ("host=h dbname=app", "host=h2 dbname=app", {}),
        # One machine, but maybe not one server: localhost may resolve to ::1,
        # and two servers can listen on 127.0.0.1 and ::1; the check after
        # reading finds the same server.
        ("host=localhost dbname=a", "host=127.0.0.1 dbname=a", {}),
        ("host=localhost dbname=a", "dbname=a", {}),
        ("host=h1,h2 dbname=a", "host=h2,h1 dbname=a", {}),
        ("host=h1,h2 dbname=a", "host=h1 dbname=a", {}),
        ("host=h user=a", "host=h user=b", {}),  # two users' own databases
        # An explicit setting, even empty, wins over its variable (as in libpq).
        ("host='' dbname=a", "dbname=a", {"PGHOST": "envhost"}),
        ("host=h user=''", "host=h", {"PGUSER": "nobody-like-this"}),
        ("service=prod", "service=nonprod", {}),
        ("service=prod dbname=a", "service=prod dbname=b", {}),
        ("service=prod", "host=h dbname=a", {}),
    ],
)
def test_different_targets(dsn_a: str, dsn_b: str, environ: dict[str, str]) -> None:
    assert dsn_target(dsn_a, environ) != dsn_target(dsn_b, environ)


def test_dsn_target_without_host_port_or_database_is_libpqs_default() -> None:
    target = dsn_target("user=carl", {})
    assert target == Target(servers=(("", "5432"),), dbname="carl")
    assert str(target) == "local socket:5432/carl"


def test_dsn_target_of_mismatched_lists_is_unknown() -> None:
    assert dsn_target("host=a,b port=1,2,3", {}) is None
    assert dsn_target("host=a,b hostaddr=10.0.0.1", {}) is None
    assert dsn_target("host='unterminated", {}) is None


def test_target_text_never_shows_the_password() -> None:
    url = "postgresql://app:hunter2@[::1]:6543,db2/app"
    assert str(dsn_target(url, {})) == "[::1]:6543,db2:5432/app"
    service = dsn_target("service=prod user=me password=hunter2 dbname=x", {})
    assert str(service) == "service prod dbname=x"


def test_two_names_for_one_database_are_refused() -> None:
    a = live("prod", "postgresql://app:s3cr3t@DB.example.com:5432/app")
    b = live("nonprod", "host=db.example.com dbname=app user=other password=pw")
    with pytest.raises(ConfigError) as info:
        check_distinct_targets(a, b, environ={})
    assert str(info.value) == (
        "--env-a 'prod' and --env-b 'nonprod' are the same database "
        "(db.example.com:5432/app): it would be compared with itself; give two "
        "databases, or --dbparity-allow-same-target to compare what two roles "
        "see in one"
    )
    assert "s3cr3t" not in str(info.value)


def test_a_name_and_a_dsn_for_one_database_are_refused() -> None:
    a = live("prod", "host=h port=5433 dbname=app")
    b = live("h:5433/app", "postgresql://h:5433/app", from_dsn=True)
    with pytest.raises(ConfigError, match=r"^--env-a 'prod' and --env-b 'h:5433"):
        check_distinct_targets(a, b, environ={})


def test_libpq_variables_make_two_dsns_one_database() -> None:
    a = live("a", "dbname=app", from_dsn=True)
    b = live("b", "host=envhost dbname=app", from_dsn=True)
    check_distinct_targets(a, b, environ={})  # local socket vs envhost
    with pytest.raises(ConfigError, match=r"\(envhost:5432/app\)"):
        check_distinct_targets(a, b, environ={"PGHOST": "envhost"})


def test_different_databases_pass_the_check() -> None:
    a = live("prod", "host=h dbname=app")
    b = live("nonprod", "host=h dbname=app_staging")
    check_distinct_targets(a, b, environ={})


@pytest.mark.parametrize("source", ["snapshot", "migrations"])
def test_saved_catalogs_and_migrations_are_never_the_same_target(
    source: Literal["snapshot", "migrations"],
) -> None:
    path = Path("x")
    a = Environment(name="a", label="a", dsn="", source=source, path=path)
    b = Environment(name="b", label="b", dsn="", source=source, path=path)
    assert a.target({}) is None
    check_distinct_targets(a, b, environ={})
    check_distinct_targets(a, live("c", ""), environ={})


def test_settings_do_not_allow_the_same_target_by_default() -> None:
    env = live("a", "host=h")
    assert Settings(env_a=env, env_b=env).allow_same_target is False


passwords = st.text(
    alphabet=st.characters(exclude_categories=["Cs"], exclude_characters="\x00"),
    min_size=1,
    max_size=16,
).map(lambda s: "Pw" + s)


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    password=passwords,
    user=st.sampled_from(["app", "postgres.abcdef", "me"]),
    name=st.sampled_from(["staging", "prod"]),
    label=st.sampled_from(["staging", "Production EU"]),
    from_dsn=st.booleans(),
)
def test_describe_never_contains_the_password(
    password: str, user: str, name: str, label: str, from_dsn: bool
) -> None:
    dsn = f"postgresql://{user}:{quote(password, safe='')}@db.example.com:6543/app"
    env = Environment(name=name, label=label, dsn=dsn, from_dsn=from_dsn)
    assert env.password == password
    text = env.describe()
    assert "db.example.com:6543/app" in text
    assert password not in text
    assert quote(password, safe="") not in text
    assert password not in repr(env)


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=passwords)
def test_resolved_url_never_shows_the_password(password: str) -> None:
    assume("'" not in password and "\\" not in password)
    dsn = f"postgresql://app:{quote(password, safe='')}@db.example.com/app"
    env = resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    assert password not in env.label
    assert password not in env.name
    assert password not in env.describe()


# ------------------------------------------------------- odd values (issue 16)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "3000000"])
def test_timeouts_must_be_finite_and_in_range(value: str) -> None:
    message = config_error(f"timeouts:\n  statement: {value}\n")
    assert "timeouts.statement" in message
    assert "expected a positive number of seconds, at most 2147483" in message


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e300"])
def test_seconds_options_refuse_nan_inf_and_huge(value: str) -> None:
    from pytest_dbparity.options import _seconds

    with pytest.raises(ConfigError) as info:
        _seconds(value, "statement-timeout")
    assert str(info.value) == (
        f"--dbparity-statement-timeout: {value!r}; give a number of seconds more "
        "than 0 and at most 2147483"
    )


@pytest.mark.parametrize(
    ("dsn", "named"),
    [
        ("host=db.example.com dbnme=app password=s3cr3t", "'dbnme'"),
        ("host = db  sslmod = require password='s3 cr=3t'", "'sslmod'"),
        ("postgresql://app:s3cr3t@db.example.com/app?sslmod=require", "'sslmod'"),
        ("postgresql://app:s3cr3t@db/app?sslmode=require&tmeout=3", "'tmeout'"),
    ],
)
def test_unknown_dsn_parameter_is_named_without_values(dsn: str, named: str) -> None:
    with pytest.raises(ConfigError) as info:
        resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    message = str(info.value)
    assert message == (
        f"--env-a: the DSN has unknown parameter(s) {named} (not libpq connection "
        "options; check the spelling)"
    )
    assert "s3" not in message
    assert "require" not in message


@pytest.mark.parametrize(
    ("dsn", "split"),
    [
        # An unterminated quote: "x" would be part of the password.
        ("host=db password='s3cr3t x=y", "host=db password='s3cr3t' x=y"),
        ("host=db s3cr3t", "host=db s3cr3t=1"),
        ("postgresql://app@db/app?s3cr3t", "postgresql://app@db/app?s3cr3t=1"),
    ],
)
def test_unknown_dsn_parameter_is_named_only_when_the_dsn_splits(
    dsn: str, split: str
) -> None:
    """A DSN that does not split into key=value pairs names no key: what looks
    like one may be part of a value."""
    from pytest_dbparity.environments import unknown_dsn_keys

    assert unknown_dsn_keys(dsn) == []
    assert unknown_dsn_keys(split) in (["'x'"], ["'s3cr3t'"])
    with pytest.raises(ConfigError) as info:
        resolve_environment(dsn, FileConfig(), option="--env-a", environ={})
    assert str(info.value) == (
        "--env-a: the DSN is not a valid libpq URL or keyword string"
    )


def test_unknown_key_that_is_not_a_name_is_not_shown() -> None:
    from pytest_dbparity.environments import unknown_dsn_keys

    assert unknown_dsn_keys("host=db p@ss=1 dbnme=x") == [
        "(a parameter, name not shown)",
        "'dbnme'",
    ]
    assert unknown_dsn_keys("host=db dbname=x") == []


# ------------------------------------------------------------ output locations


def test_output_location_checks(tmp_path: Path) -> None:
    from pytest_dbparity.writing import check_location

    blocker = tmp_path / "afile"
    blocker.write_text("")
    check_location("--dbparity-json", tmp_path / "new" / "deeper" / "out.json")
    check_location("snapshots in", tmp_path / "snaps", folder=True)
    for path, folder, reason in (
        (blocker / "out.json", False, f"{blocker} is not a folder"),
        (blocker / "a" / "out.json", False, f"{blocker} is not a folder"),
        (tmp_path, False, "it is a folder; give a file name"),
        (blocker, True, "it is not a folder"),
    ):
        with pytest.raises(ConfigError) as info:
            check_location("--dbparity-json", path, folder=folder)
        assert str(info.value) == f"cannot write --dbparity-json {path}: {reason}"


def test_failure_lines_name_each_output_and_count_snapshots() -> None:
    from pytest_dbparity.writing import SNAPSHOT_FILE, failure, failure_lines

    error = NotADirectoryError(20, "Not a directory", "/x/y.json")
    failures = [
        failure("--dbparity-json", "/x/y.json", error),
        failure(SNAPSHOT_FILE, "snapshots/a.yaml", error),
        failure(SNAPSHOT_FILE, "snapshots/b.yaml", error),
    ]
    assert failure_lines(failures) == [
        "dbparity: cannot write --dbparity-json /x/y.json: [Errno 20] Not a directory",
        "dbparity: cannot write snapshot file snapshots/a.yaml: [Errno 20] Not a "
        "directory (and 1 more snapshot file(s))",
    ]


def test_data_section() -> None:
    cfg = parse_config(
        "data:\n"
        '  tables: ["public.plans", "public.categories*"]\n'
        '  exclude_columns: ["*.updated_at"]\n'
        '  sensitive_columns: ["public.*.api_key"]\n'
        "  keys: {public.plans: [code, region]}\n"
        "  row_limit: 5000\n"
        "  time_budget: 2.5\n"
        "  max_keys: 3\n"
        "  platform: false\n"
    )
    assert cfg.data.tables == ("public.plans", "public.categories*")
    assert cfg.data.exclude_columns == ("*.updated_at",)
    assert cfg.data.sensitive_columns == ("public.*.api_key",)
    assert cfg.data.keys == {"public.plans": ("code", "region")}
    assert (cfg.data.row_limit, cfg.data.time_budget, cfg.data.max_keys) == (
        5000,
        2.5,
        3,
    )
    assert cfg.data.platform is False
    assert parse_config("").data.tables == ()


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("data:\n  tabels: [a.b]\n", "data"),
        ("data:\n  row_limit: 0\n", "data.row_limit"),
        ("data:\n  row_limit: 1.5\n", "data.row_limit"),
        ("data:\n  time_budget: .nan\n", "data.time_budget"),
        ("data:\n  platform: maybe\n", "data.platform"),
        ("data:\n  keys: {a.b.c: [x]}\n", "data.keys"),
    ],
)
def test_bad_data_section_names_the_key(text: str, where: str) -> None:
    with pytest.raises(ConfigError, match=re.escape(f": {where}")):
        parse_config(text, PATH)
