"""A notification server of the Desktop Notifications Specification for the end-to-end test,
on the test's private D-Bus session (tests/e2e/notify.mjs starts it).

It owns org.freedesktop.Notifications and records each Notify call as one JSON line in
DIR/notifications.jsonl (app name, summary, body, actions, the server id it answered). A user's
click is a file: when DIR/click-<id> appears, the server removes it and emits
ActionInvoked(id, "default"), as a desktop's server does when the notification itself is
clicked. DIR/ready appears once the name is owned.

Usage: python3 notification_server.py DIR
"""

import asyncio
import json
import sys
from pathlib import Path

from dbus_next import Variant
from dbus_next.aio import MessageBus
from dbus_next.constants import NameFlag, RequestNameReply
from dbus_next.service import ServiceInterface, method, signal

NAME = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"


class Notifications(ServiceInterface):
    def __init__(self, folder: Path):
        super().__init__(NAME)
        self.folder = folder
        self.last_id = 0

    @method()
    def Notify(self, app_name: "s", replaces_id: "u", app_icon: "s", summary: "s", body: "s", actions: "as", hints: "a{sv}", expire_timeout: "i") -> "u":  # noqa: F821
        self.last_id = replaces_id or self.last_id + 1
        record = {
            "id": self.last_id,
            "appName": app_name,
            "icon": app_icon,
            "summary": summary,
            "body": body,
            # The spec's flat list: identifier, label, identifier, label...
            "actions": [[actions[i], actions[i + 1]] for i in range(0, len(actions) - 1, 2)],
            "hints": sorted(hints),
            "expireTimeout": expire_timeout,
        }
        with open(self.folder / "notifications.jsonl", "a", encoding="utf-8") as out:
            out.write(json.dumps(record) + "\n")
        return self.last_id

    @method()
    def GetCapabilities(self) -> "as":  # noqa: F821
        return ["actions", "body"]

    @method()
    def GetServerInformation(self) -> "ssss":  # noqa: F821
        return ["quorum-e2e", "Quorum tests", "1.0", "1.2"]

    @method()
    def CloseNotification(self, id: "u"):  # noqa: F821
        # 3: closed by a call to CloseNotification.
        self.NotificationClosed(id, 3)

    @signal()
    def ActionInvoked(self, id, action_key) -> "us":  # noqa: F821
        return [id, action_key]

    @signal()
    def NotificationClosed(self, id, reason) -> "uu":  # noqa: F821
        return [id, reason]


async def main(folder: Path) -> None:
    bus = await MessageBus().connect()
    server = Notifications(folder)
    bus.export(PATH, server)
    reply = await bus.request_name(NAME, NameFlag.DO_NOT_QUEUE)
    if reply != RequestNameReply.PRIMARY_OWNER:
        sys.exit(f"notification server: {NAME} is already owned on this session bus ({reply})")
    (folder / "ready").write_text("ready\n")
    while True:
        for click in folder.glob("click-*"):
            click.unlink()
            server.ActionInvoked(int(click.name.removeprefix("click-")), "default")
        await asyncio.sleep(0.1)


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
