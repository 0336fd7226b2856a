"""WSGI entry point: ``gunicorn wsgi:app``. Configuration comes from ``VRR_*`` environment variables."""

from app import create_app

app = create_app()
