"""Reminder e-mails through a real SMTP server, configured by OVERBLIK_SMTP_URL.

    smtp://relay.internal:25                       plain SMTP
    smtp+starttls://user:pass@smtp.example.dk:587  STARTTLS, then login
    smtps://user:pass@smtp.example.dk:465          TLS from the start
    ...?from=overblik@kommune.dk                   the sender

The texts are the interface's (dashboard.texts.reminders), Danish first, then English.
"""

from __future__ import annotations

import datetime as dt
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import parse_qs, unquote, urlsplit

from sqlalchemy.orm import Session

from dashboard.i18n import t
from queries import audit
from queries.reminders import Reminder, due_reminders, record_sent


class MailError(RuntimeError):
    """Mail cannot be sent at all (no or a bad OVERBLIK_SMTP_URL, no server); says why."""


@dataclass(frozen=True)
class SmtpSettings:
    scheme: str
    host: str
    port: int
    username: str | None
    password: str | None
    sender: str


def smtp_settings(url: str) -> SmtpSettings:
    """Read OVERBLIK_SMTP_URL; raises MailError naming what is wrong."""
    if not url:
        raise MailError("OVERBLIK_SMTP_URL er ikke sat (is not set), e.g. smtp://relay:25")
    parts = urlsplit(url)
    defaults = {"smtp": 25, "smtp+starttls": 587, "smtps": 465}
    if parts.scheme not in defaults or not parts.hostname:
        raise MailError(f"OVERBLIK_SMTP_URL skal begynde med smtp://, smtp+starttls:// eller "
                        f"smtps:// og have en vært (got scheme '{parts.scheme}')")
    sender = parse_qs(parts.query).get("from", ["overblik@localhost"])[0]
    return SmtpSettings(parts.scheme, parts.hostname, parts.port or defaults[parts.scheme],
                        unquote(parts.username) if parts.username else None,
                        unquote(parts.password) if parts.password else None, sender)


def compose(reminder: Reminder, sender: str) -> EmailMessage:
    """One reminder in both languages: which quarter, what is missing, the deadline."""
    msg = EmailMessage()
    msg["From"], msg["To"] = sender, reminder.address
    msg["Subject"] = t(f"reminder.subject_{reminder.stage}", "da",
                       quarter=reminder.quarter_label, due=reminder.due.isoformat())
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    body = []
    for lang in ("da", "en"):
        kinds = ", ".join(t(f"kind.{k}", lang) for k in reminder.kinds)
        body.append(t(f"reminder.body_{reminder.stage}", lang, partner=reminder.partner_name,
                      quarter=reminder.quarter_label, due=reminder.due.isoformat(),
                      kinds=kinds))
    msg.set_content("\n\n----\n\n".join(body) + "\n")
    return msg


def _connect(s: SmtpSettings) -> smtplib.SMTP:
    try:
        if s.scheme == "smtps":
            server: smtplib.SMTP = smtplib.SMTP_SSL(s.host, s.port, timeout=30,
                                                    context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(s.host, s.port, timeout=30)
            if s.scheme == "smtp+starttls":
                server.starttls(context=ssl.create_default_context())
        if s.username:
            server.login(s.username, s.password or "")
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"kan ikke forbinde til SMTP-serveren {s.host}:{s.port} ({exc})") from exc
    return server


def send_reminders(session: Session, today: dt.date, *, dry_run: bool, smtp_url: str,
                   actor: str) -> list[Reminder]:
    """Send today's reminders once each (recorded in the caller's transaction and audited);
    returns those sent, or with dry_run those that would be. Partners without a contact
    address are skipped and audited, so the administrator can add one."""
    due = due_reminders(session, today)
    reachable = [r for r in due if r.address]
    for r in due:
        if not r.address and not dry_run:
            audit.record(session, actor, "reminder_no_address", partner=r.partner,
                         quarter=r.quarter_label)
    if dry_run or not reachable:
        return reachable
    settings = smtp_settings(smtp_url)
    server = _connect(settings)
    sent = []
    try:
        for r in reachable:
            try:
                server.send_message(compose(r, settings.sender))
            except smtplib.SMTPException as exc:
                audit.record(session, actor, "reminder_failed", partner=r.partner,
                             quarter=r.quarter_label, error=str(exc)[:200])
                continue
            record_sent(session, r)
            audit.record(session, actor, "reminder_sent", partner=r.partner,
                         quarter=r.quarter_label, stage=r.stage, address=r.address)
            sent.append(r)
    finally:
        try:
            server.quit()
        except smtplib.SMTPException:
            pass
    return sent
