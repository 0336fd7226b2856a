"""Extensions, created unbound here and bound to an app in ``create_app``; and the rate limits on forms."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any, TypeVar, cast

from flask import current_app, session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf import CSRFProtect
from govuk_frontend_wtf.main import WTFormsHelpers

babel = Babel()
compress = Compress()
csrf = CSRFProtect()
# The client's address: the socket's, or the one the trusted proxies put in X-Forwarded-For (ProxyFix in
# create_app rewrites remote_addr only when VRR_TRUSTED_PROXIES says how many proxies to trust).
limiter = Limiter(key_func=get_remote_address, default_limits=[])
wtforms_helpers = WTFormsHelpers()

View = TypeVar("View", bound=Callable[..., Any])


def _draft_token() -> str | None:
    from app.submission.drafts import SESSION_KEY

    token = session.get(SESSION_KEY)
    return token if isinstance(token, str) and token else None


def draft_key() -> str:
    """One person's form: a hash of their draft token (the token itself is a credential: never stored)."""
    token = _draft_token() or ""
    return "draft:" + hashlib.sha256(f"ratelimit:{token}".encode()).hexdigest()[:32]


def _no_draft() -> bool:
    """A POST without a draft (the first answer, or a stale page) is counted by the per-address limit alone."""
    return _draft_token() is None


def _settings() -> Any:
    return current_app.config["VRR_SETTINGS"]


def limit_form_posts(view: View) -> View:
    """Every form POST: limited per draft (one person), and more generously per client address."""
    per_draft = limiter.limit(
        lambda: _settings().ratelimit_post, key_func=draft_key, methods=["POST"], exempt_when=_no_draft
    )
    per_address = limiter.limit(lambda: _settings().ratelimit_post_per_address, methods=["POST"])
    return cast(View, per_address(per_draft(view)))


def limit_submissions(view: View) -> View:
    """Sending a request (each sends email to the force): per draft, and per client address."""
    per_draft = limiter.limit(
        lambda: _settings().ratelimit_submit, key_func=draft_key, methods=["POST"], exempt_when=_no_draft
    )
    per_address = limiter.limit(lambda: _settings().ratelimit_submit_per_address, methods=["POST"])
    return cast(View, per_address(per_draft(view)))
