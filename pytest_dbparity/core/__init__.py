"""The generic engine's building blocks: identifiers, catalog objects, scope.

Nothing here knows a particular object kind; the kinds (``pytest_dbparity.kinds``)
build on these pieces.
"""
