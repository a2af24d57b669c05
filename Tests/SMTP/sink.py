"""A local SMTP sink for Consort's tests: every message received is written to its own file
in SPOOL (never overwritten, so that a message delivered twice is two files).

    python sink.py HOST PORT SPOOL
"""
import asyncio
import os
import sys
import uuid

from aiosmtpd.controller import Controller


class Spool:
    def __init__(self, folder):
        self.folder = folder

    async def handle_DATA(self, server, session, envelope):
        name = os.path.join(self.folder, f"{uuid.uuid4().hex}.eml")
        with open(name + ".part", "wb") as out:
            out.write(b"X-Envelope-To: " + ",".join(envelope.rcpt_tos).encode() + b"\r\n")
            out.write(envelope.original_content or envelope.content)
        os.rename(name + ".part", name)
        return "250 Message accepted"


def main():
    host, port, folder = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    os.makedirs(folder, exist_ok=True)
    controller = Controller(Spool(folder), hostname=host, port=port)
    controller.start()
    print(f"SMTP sink on {host}:{port}, spooling to {folder}", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
