"""Object kinds: one folder each, gathered in one registry.

A kind's folder holds everything the plugin knows about it: its model, its catalog
query (``*.sql`` beside the module, per server major where they differ), its
default severity rules, its names, how an object is described, and what the report
and the fix script do with it. ``registry.REGISTRY`` lists the kinds in the order
they are read, compared and reported; every table that lists kinds elsewhere is
derived from it.

``names`` holds only the kind names (imported by the inert plugin at every pytest
start); ``registry`` imports every kind.
"""
