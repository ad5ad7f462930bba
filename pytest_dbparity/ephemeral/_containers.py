"""Throwaway servers in a Docker container, through testcontainers."""

from __future__ import annotations

import contextlib
import gc
import importlib
import secrets
import warnings
from typing import Any

from pytest_dbparity.ephemeral.errors import ProviderError

DEFAULT_MAJOR = 15
#: Docker answers within this many seconds, or counts as absent.
PROBE_TIMEOUT = 5


def docker_available() -> bool:
    """Whether a Docker engine answers ``ping`` (``docker.from_env()``).

    Quiet: no exception and no ResourceWarning escapes (docker-py leaves a socket
    behind when no engine listens; it is collected here, under the filter).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        warnings.simplefilter("ignore", DeprecationWarning)
        answers = False
        try:
            docker = importlib.import_module("docker")
            client = docker.from_env(timeout=PROBE_TIMEOUT)
            try:
                answers = bool(client.ping())
            finally:
                client.close()
        except Exception:
            answers = False
        gc.collect()
    return answers


def testcontainers_installed() -> bool:
    try:
        _container_class()
    except ImportError:
        return False
    return True


def _container_class() -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            module = importlib.import_module("testcontainers.community.postgres")
        except ImportError:  # testcontainers < 4.10
            module = importlib.import_module("testcontainers.postgres")
    return module.PostgresContainer


def default_image(major: int | None) -> str:
    return f"postgres:{major or DEFAULT_MAJOR}"


class Container:
    """One ``PostgresContainer``: ``start()`` it, ``destroy()`` it (idempotent)."""

    def __init__(self, image: str, *, superuser: str = "postgres") -> None:
        self.image = image
        #: The bootstrap superuser (the image's ``POSTGRES_USER``).
        self.superuser = superuser
        self._container: Any = None
        self._destroyed = False

    def start(self) -> str:
        """Start the container; returns the superuser's DSN (a URL with password)."""
        try:
            cls = _container_class()
        except ImportError as exc:
            raise ProviderError(
                "a Docker engine answers, but testcontainers is not installed: "
                "pip install 'pytest-dbparity[containers]'"
            ) from exc
        container = cls(
            self.image,
            username=self.superuser,
            password=secrets.token_hex(16),
            dbname="postgres",
            driver=None,
        )
        # Durability is of no use to a throwaway server; speed is.
        container.with_command(
            "postgres -c fsync=off -c full_page_writes=off -c synchronous_commit=off"
        )
        self._container = container
        try:
            container.start()
            return str(container.get_connection_url())
        except Exception as exc:
            raise ProviderError(
                f"testcontainers could not start {self.image}: "
                f"{type(exc).__name__}: {exc}"
            ) from exc

    def destroy(self) -> None:
        if self._destroyed:
            return
        container, self._container = self._container, None
        if container is not None:
            with contextlib.suppress(Exception):
                container.stop()
        self._destroyed = True
