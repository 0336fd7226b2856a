"""Content pages: start, help pages, exit, health."""
