"""A local SMTP server for development: every message is written to a folder as an .eml file
and summarised on the console. `make run` starts it when no mail server is configured; in
docker-compose, Mailpit plays this part."""

import hashlib
import itertools
import logging
import time
from email import message_from_bytes
from email.policy import default
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand


class _WriteToFolder:
    def __init__(self, folder: Path, stdout):
        self.folder = folder
        self.stdout = stdout

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content, policy=default)
        path = self._write_new_file(message.get("Message-ID", ""), envelope.content)
        self.stdout.write(f"mail to {', '.join(envelope.rcpt_tos)}: {message.get('Subject', '')} -> {path}")
        return "250 Message accepted for delivery"

    def _write_new_file(self, message_id: str, content: bytes) -> Path:
        """A new file for every message, never over an earlier one: a letter sent twice with
        the same Message-ID in the same second must show as two files (that is the bug a
        developer is looking for). The name sorts by arrival; "x" mode refuses an existing name."""
        digest = hashlib.sha256(message_id.encode()).hexdigest()[:8]
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for attempt in itertools.count():
            path = self.folder / f"{stamp}-{time.time_ns() % 10**9:09d}-{digest}-{attempt}.eml"
            try:
                with path.open("xb") as file:
                    file.write(content)
                return path
            except FileExistsError:
                continue


class Command(BaseCommand):
    help = "Run a local SMTP sink that writes each message to a folder (development only)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=settings.EMAIL_PORT)
        parser.add_argument("--folder", default=str(Path(settings.BASE_DIR) / "var" / "mail"))

    def handle(self, *args, host, port, folder, **options):
        from aiosmtpd.controller import Controller  # a development dependency

        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        controller = Controller(_WriteToFolder(folder, self.stdout), hostname=host, port=port)
        controller.start()
        self.stdout.write(f"mail sink on {host}:{port}, writing to {folder}")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            controller.stop()
