"""Settings from ``VRR_*`` environment variables, and force profiles from TOML files.

``VRR_ENV`` must name the environment (development, test or production): an unset or mistyped value would
otherwise run with the published development keys. ``make run`` names development itself. In production the
app refuses to start with a missing or default secret key, and with rate limits kept in one process's memory
unless that is explicitly allowed.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ROOT = Path(__file__).resolve().parent.parent
FORCES_DIR = Path(__file__).resolve().parent / "forces"
DEV_SECRET_KEY = "dev-only-secret-key-do-not-use-in-production"  # noqa: S105 - a known, refused default
DEV_DATA_KEY = "ZGV2LW9ubHktZGF0YS1rZXktZG8tbm90LXVzZS0xMjM="  # Fernet key (32 bytes), dev only
# Exact, lower-case names: "Production" or "prod" is refused rather than guessed at.
ENVIRONMENTS = ("development", "test", "production")


class ConfigError(RuntimeError):
    """Raised at start-up when the configuration is unsafe or incomplete."""


@dataclass(frozen=True)
class ForceProfile:
    code: str
    name: str
    nation: Literal["england", "wales"]
    mailbox: str
    phone: str
    postal_address: tuple[str, ...]
    email: str
    privacy_notice_url: str
    complaints_url: str
    neutral_exit_url: str
    districts: tuple[str, ...]
    attach_pdf_to_applicant_email: bool = False
    # The force's own identity (issue 17): a police service is not GOV.UK, so no crown, Open Government Licence
    # mark or Crown copyright unless a profile asks for them. app/web/brand.py reads these.
    brand_colour: str = "#1d3c6e"  # header background and brand accents; tests/unit/test_brand.py checks contrast
    logo_svg: Path | None = None  # an SVG drawn for the header, resolved beside the profile file
    logo_alt: str = ""  # the logo's text alternative; the force's name when empty
    ownership_line: str = ""  # the footer's ownership line ("© West Yorkshire Police"); "© <name>" when empty
    dpo_email: str = ""  # the data protection officer's contact, for the privacy notice
    dpo_postal_address: tuple[str, ...] = ()
    show_crown: bool = False
    show_open_government_licence: bool = False
    # Issue 20: signed links in the force's email and staff PDF to record progress, the reminders, and the
    # person's progress page. A force that tracks requests in its own system turns them off.
    progress_links: bool = True
    # The biggest email the force's mailbox takes: a request whose files would make a bigger one is sent as
    # several emails, "1 of N" (app/domain/email_parts.py).
    mailbox_limit_mb: int = 20


def load_force(path: Path) -> ForceProfile:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    try:
        nation = data["nation"]
        if nation not in ("england", "wales"):
            raise ConfigError(f"{path.name}: nation must be 'england' or 'wales'")
        return ForceProfile(
            code=str(data["code"]).upper(),
            name=data["name"],
            nation=nation,
            mailbox=data["mailbox"],
            phone=data["phone"],
            postal_address=tuple(data["postal_address"]),
            email=data["email"],
            privacy_notice_url=data["privacy_notice_url"],
            complaints_url=data["complaints_url"],
            neutral_exit_url=data["neutral_exit_url"],
            districts=tuple(data["districts"]),
            attach_pdf_to_applicant_email=bool(data.get("attach_pdf_to_applicant_email", False)),
            **_brand(path, data),
            progress_links=bool(data.get("progress_links", True)),
            mailbox_limit_mb=int(data.get("mailbox_limit_mb", 20)),
        )
    except KeyError as exc:
        raise ConfigError(f"{path.name}: missing setting {exc.args[0]!r}") from exc


HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def _brand(path: Path, data: dict[str, Any]) -> dict[str, Any]:
    """The brand settings of a profile: optional, with checks an operator can act on."""
    brand: dict[str, Any] = {}
    colour = data.get("brand_colour")
    if colour is not None:
        if not isinstance(colour, str) or not HEX_COLOUR.match(colour):
            raise ConfigError(f'{path.name}: brand_colour must be a colour like "#1d3c6e"')
        brand["brand_colour"] = colour.lower()
    logo = data.get("logo_svg")
    if logo:
        logo_path = (path.parent / str(logo)).resolve()
        if logo_path.suffix.lower() != ".svg" or not logo_path.is_file():
            raise ConfigError(f"{path.name}: logo_svg {logo!r} is not an SVG file beside the profile")
        brand["logo_svg"] = logo_path
    for key in ("logo_alt", "ownership_line", "dpo_email"):
        if key in data:
            brand[key] = str(data[key])
    if "dpo_postal_address" in data:
        brand["dpo_postal_address"] = tuple(str(line) for line in data["dpo_postal_address"])
    for key in ("show_crown", "show_open_government_licence"):
        brand[key] = bool(data.get(key, False))
    return brand


def shipped_forces() -> dict[str, ForceProfile]:
    """Every profile shipped in ``app/forces``, keyed by file stem (``west-yorkshire``)."""
    return {p.stem: load_force(p) for p in sorted(FORCES_DIR.glob("*.toml"))}


@dataclass(frozen=True)
class Settings:
    env: str = "development"
    secret_key: str = DEV_SECRET_KEY
    data_keys: tuple[str, ...] = (DEV_DATA_KEY,)
    force: str = "west-yorkshire"
    force_file: str | None = None
    database_url: str = field(default_factory=lambda: f"sqlite:///{ROOT / 'instance' / 'vrr.sqlite3'}")
    smtp_host: str = "127.0.0.1"
    smtp_port: int = 8025
    smtp_security: Literal["plain", "starttls", "ssl"] = "plain"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_timeout: float = 10.0
    smtp_ca_file: str | None = None
    mail_from: str = "no-reply@vrr.example.org"
    public_url: str = "http://127.0.0.1:5000"  # the service's address, for links in emails (saved answers)
    port: int = 5000
    draft_idle_minutes: int = 60
    saved_days: int = 28  # saved answers (issue 16) are deleted this many days after they were saved
    # Longer than the review itself (30 working days, about 6 weeks): the force's progress links and the
    # person's progress page work only while the request's details are kept.
    retention_days: int = 60
    undelivered_retention_days: int = 14
    ratelimit_storage_url: str = "memory://"
    allow_memory_ratelimits: bool = False
    ratelimit_post: str = "30 per minute"  # per draft (one person's form)
    ratelimit_submit: str = "5 per minute"  # per draft
    # Per client address: generous, so that many people behind one address (an advice centre, a mobile
    # network's shared address) are not locked out, while one address cannot flood the service.
    ratelimit_post_per_address: str = "300 per minute"
    ratelimit_submit_per_address: str = "20 per minute;100 per hour"
    trusted_proxies: int = 0
    min_seconds_on_page: float = 2.0
    max_content_length: int = 256 * 1024
    feedback_url: str = "mailto:vrr-feedback@example.org"
    run_worker: bool = True
    pdf_timeout_seconds: float = 20.0
    # Uploaded documents (app/uploads): limits per file, per request to the police, and the virus scanner.
    upload_max_file_bytes: int = 10 * 1024 * 1024
    upload_max_files: int = 10
    upload_max_request_bytes: int = 20 * 1024 * 1024
    # How many uploads one process checks, encrypts and stores at once: each holds its file in memory then.
    upload_concurrency: int = 1
    clamd_socket: str = "/var/run/clamav/clamd.ctl"  # Debian's clamav-daemon
    clamd_timeout: float = 30.0
    # The address people reach the service at, for links in emails and PDFs (no trailing slash).

    @property
    def production(self) -> bool:
        return self.env == "production"

    def force_profile(self) -> ForceProfile:
        if self.force_file:
            return load_force(Path(self.force_file))
        forces = shipped_forces()
        if self.force not in forces:
            raise ConfigError(
                f"VRR_FORCE={self.force!r} is not a shipped force profile; choose one of {sorted(forces)}"
            )
        return forces[self.force]

    def check(self) -> None:
        """Refuse unsafe or mistyped settings, with a reason a person can act on."""
        if self.env not in ENVIRONMENTS:
            raise ConfigError(f"VRR_ENV={self.env!r} is not allowed: set it to one of {', '.join(ENVIRONMENTS)}.")
        if self.smtp_security not in ("plain", "starttls", "ssl"):
            raise ConfigError(f"VRR_SMTP_SECURITY={self.smtp_security!r} must be plain, starttls or ssl.")
        if self.undelivered_retention_days < 1:  # 0 would purge requests before the worker could send them
            raise ConfigError("VRR_UNDELIVERED_RETENTION_DAYS must be at least 1.")
        if self.saved_days < 1:  # saved answers must last long enough to open the link
            raise ConfigError("VRR_SAVED_DAYS must be at least 1.")
        if min(self.upload_max_file_bytes, self.upload_max_files, self.upload_concurrency) < 1:
            raise ConfigError("VRR_UPLOAD_MAX_FILE_BYTES, _MAX_FILES and _CONCURRENCY must be at least 1.")
        if self.trusted_proxies < 0:
            raise ConfigError("VRR_TRUSTED_PROXIES must be 0 (no proxy in front) or the number of proxies.")
        if not self.production:
            return
        if self.smtp_username and self.smtp_security == "plain":
            raise ConfigError(
                "VRR_SMTP_USERNAME is set but VRR_SMTP_SECURITY is plain: the password would cross the network "
                "unencrypted. Use starttls or ssl."
            )
        if not self.secret_key or self.secret_key == DEV_SECRET_KEY or len(self.secret_key) < 32:
            raise ConfigError(
                "VRR_SECRET_KEY must be set to a random value of at least 32 characters in production "
                "(for example: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
            )
        if not self.data_keys or DEV_DATA_KEY in self.data_keys:
            raise ConfigError(
                "VRR_DATA_KEYS must be set in production to one or more Fernet keys, newest first "
                "(python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())')."
            )
        if not self.public_url.startswith("https://"):
            raise ConfigError(
                "VRR_PUBLIC_URL must be the service's public https:// address in production: the links in emails "
                "and the staff PDF start with it."
            )
        if self.ratelimit_storage_url.startswith("memory://") and not self.allow_memory_ratelimits:
            raise ConfigError(
                "VRR_RATELIMIT_STORAGE_URL is memory://: every gunicorn worker and instance would keep its own "
                "counts, multiplying each rate limit by their number. Set it to a shared store "
                "(redis://host:6379/0), or set VRR_ALLOW_MEMORY_RATELIMITS=1 if one process serves everything."
            )


_BOOL_TRUE = {"1", "true", "yes", "on"}


def settings_from_env(environ: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if environ is None else environ
    defaults = Settings()

    def get(name: str, default: str) -> str:
        return env.get(f"VRR_{name}", default)

    def number(name: str, default: int) -> int:
        value = get(name, str(default))
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"VRR_{name}={value!r} must be a whole number.") from None

    environment = env.get("VRR_ENV")
    if environment not in ENVIRONMENTS:
        # Unset is refused too: the development keys are published, so they are used only when asked for.
        shown = "unset" if environment is None else repr(environment)
        raise ConfigError(f"VRR_ENV is {shown}: set it to one of {', '.join(ENVIRONMENTS)} (lower case).")
    keys = get("DATA_KEYS", "")
    return Settings(
        env=environment,
        secret_key=get("SECRET_KEY", defaults.secret_key),
        data_keys=tuple(k.strip() for k in keys.split(",") if k.strip()) or defaults.data_keys,
        force=get("FORCE", defaults.force),
        force_file=env.get("VRR_FORCE_FILE") or None,
        database_url=get("DATABASE_URL", defaults.database_url),
        smtp_host=get("SMTP_HOST", defaults.smtp_host),
        smtp_port=int(get("SMTP_PORT", str(defaults.smtp_port))),
        smtp_security=get("SMTP_SECURITY", defaults.smtp_security),  # type: ignore[arg-type]
        smtp_username=env.get("VRR_SMTP_USERNAME") or None,
        smtp_password=env.get("VRR_SMTP_PASSWORD") or None,
        smtp_timeout=float(get("SMTP_TIMEOUT", str(defaults.smtp_timeout))),
        smtp_ca_file=env.get("VRR_SMTP_CA_FILE") or None,
        mail_from=get("MAIL_FROM", defaults.mail_from),
        public_url=get("PUBLIC_URL", defaults.public_url).rstrip("/"),
        port=int(get("PORT", str(defaults.port))),
        draft_idle_minutes=int(get("DRAFT_IDLE_MINUTES", str(defaults.draft_idle_minutes))),
        saved_days=number("SAVED_DAYS", defaults.saved_days),
        retention_days=int(get("RETENTION_DAYS", str(defaults.retention_days))),
        undelivered_retention_days=int(get("UNDELIVERED_RETENTION_DAYS", str(defaults.undelivered_retention_days))),
        ratelimit_storage_url=get("RATELIMIT_STORAGE_URL", defaults.ratelimit_storage_url),
        allow_memory_ratelimits=get("ALLOW_MEMORY_RATELIMITS", "0").lower() in _BOOL_TRUE,
        ratelimit_post=get("RATELIMIT_POST", defaults.ratelimit_post),
        ratelimit_submit=get("RATELIMIT_SUBMIT", defaults.ratelimit_submit),
        ratelimit_post_per_address=get("RATELIMIT_POST_PER_ADDRESS", defaults.ratelimit_post_per_address),
        ratelimit_submit_per_address=get("RATELIMIT_SUBMIT_PER_ADDRESS", defaults.ratelimit_submit_per_address),
        trusted_proxies=number("TRUSTED_PROXIES", defaults.trusted_proxies),
        min_seconds_on_page=float(get("MIN_SECONDS_ON_PAGE", str(defaults.min_seconds_on_page))),
        max_content_length=int(get("MAX_CONTENT_LENGTH", str(defaults.max_content_length))),
        feedback_url=get("FEEDBACK_URL", defaults.feedback_url),
        run_worker=get("RUN_WORKER", "1").lower() in _BOOL_TRUE,
        pdf_timeout_seconds=float(get("PDF_TIMEOUT_SECONDS", str(defaults.pdf_timeout_seconds))),
        upload_max_file_bytes=number("UPLOAD_MAX_FILE_BYTES", defaults.upload_max_file_bytes),
        upload_max_files=number("UPLOAD_MAX_FILES", defaults.upload_max_files),
        upload_max_request_bytes=number("UPLOAD_MAX_REQUEST_BYTES", defaults.upload_max_request_bytes),
        upload_concurrency=number("UPLOAD_CONCURRENCY", defaults.upload_concurrency),
        clamd_socket=get("CLAMD_SOCKET", defaults.clamd_socket),
        clamd_timeout=float(get("CLAMD_TIMEOUT", str(defaults.clamd_timeout))),
    )
