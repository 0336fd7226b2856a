"""Development tools: the local server with its SMTP sink. Not part of the installed package (pyproject)."""
