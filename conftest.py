"""Repository-level pytest setup.

Deliberately empty of fixtures and ``pytest_plugins``: the shipped parity tests live
beside this file, so any run that collects them (from any rootdir) loads it. The
test suite's own fixtures are in ``tests/conftest.py``.
"""
