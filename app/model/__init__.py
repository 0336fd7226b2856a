"""The typed application: what a person has told us, independent of web forms, pages and storage.

Layers (docs/architecture.md): ``app.domain`` (pure rules) ← this package ← forms, journey, summary, delivery.
"""
