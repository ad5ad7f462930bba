"""Approved differences as syrupy snapshots: YAML serializer and extension."""
