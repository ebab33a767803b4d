"""A local SMTP server for development: every message is written to a folder as an .eml file
and summarised on the console. `make run` starts it when no mail server is configured; in
docker-compose, Mailpit plays this part."""

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
        stamp = time.strftime("%Y%m%d-%H%M%S")
        name = f"{stamp}-{abs(hash(message.get('Message-ID', ''))) % 10**8:08d}.eml"
        (self.folder / name).write_bytes(envelope.content)
        self.stdout.write(
            f"mail to {', '.join(envelope.rcpt_tos)}: {message.get('Subject', '')} -> {self.folder / name}"
        )
        return "250 Message accepted for delivery"


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
