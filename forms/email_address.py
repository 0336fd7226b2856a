"""Email addresses we can really send to: checked when typed, and put into every header the same way.

An address is accepted only when it survives a header round trip: built from ``email.headerregistry.Address``,
written with the SMTP policy, parsed back, and found to be the same single address. That refuses RFC 2047
encoded words in the part before the @ (``=?utf-8?q?a=40b.example=2C_c?=@example.com`` would otherwise come
back as two addresses), and anything else that a header would change, split or refuse to write.
"""

from __future__ import annotations

from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import SMTP, default

from email_validator import EmailNotValidError, validate_email


class UnsendableAddress(ValueError):
    """``reason``: "format", "encoded_word" or "non_ascii_local_part". Never holds the address itself."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def header_address(addr_spec: str) -> Address:
    """The address for a header, or ``UnsendableAddress`` when the header would not carry it unchanged."""
    try:
        address = Address(addr_spec=addr_spec)
        message = EmailMessage(policy=SMTP)
        message["To"] = address
        parsed = BytesParser(policy=default).parsebytes(message.as_bytes(), headersonly=True)
        header = parsed["To"]
        round_trip = [a.addr_spec for a in header.addresses]
        defects = header.defects
    except (ValueError, MessageError, UnicodeError) as exc:  # header defects are ValueErrors
        raise UnsendableAddress("format") from exc
    if defects or round_trip != [addr_spec] or not addr_spec.isascii():
        raise UnsendableAddress("format")
    return address


def sendable_address(text: str) -> str:
    """The address as we will send to it, its domain in ASCII (punycode); or ``UnsendableAddress``.

    Addresses with letters outside ASCII before the @ need SMTPUTF8 from every mail server on the way;
    we refuse them, and the form says what to do instead.
    """
    local_part = text.rpartition("@")[0]
    if "=?" in local_part:
        raise UnsendableAddress("encoded_word")
    try:
        result = validate_email(text, check_deliverability=False)
    except EmailNotValidError as exc:
        raise UnsendableAddress("format") from exc
    if result.ascii_email is None:
        raise UnsendableAddress("non_ascii_local_part")
    header_address(result.ascii_email)
    return str(result.ascii_email)
