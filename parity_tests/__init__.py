"""The parity tests pytest-dbparity ships: one module per object kind.

Each test takes ``parity`` (one object of one kind, both environments) and is
parametrized over every object by the plugin; the test id is the object's key.

One kind per module keeps each kind's approved snapshots in a folder of their own,
so selecting some kinds (``--dbparity-kinds``) never makes the others look stale.
"""
