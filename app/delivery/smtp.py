"""Sending one message over SMTP: plain, STARTTLS or SSL, with optional authentication."""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage

from app.config import Settings


def send(message: EmailMessage, settings: Settings) -> None:
    """Send or raise. Any exception means "not sent": the outbox will try again later."""
    context = ssl.create_default_context(cafile=settings.smtp_ca_file)  # certificates are always verified
    smtp: smtplib.SMTP
    if settings.smtp_security == "ssl":
        smtp = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout, context=context)
    else:
        smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout)
    with smtp:
        if settings.smtp_security == "starttls":
            smtp.starttls(context=context)
        if settings.smtp_username and settings.smtp_password:
            smtp.login(settings.smtp_username, settings.smtp_password)
        smtp.send_message(message)
