"""Screenshot of a page of a running Odoo, logged in, with headless Chromium.

Usage: screenshot.py BASE_URL DB LOGIN PASSWORD PATH OUT.png [WIDTHxHEIGHT]

Logs in over HTTP, hands the session cookie to Chromium through the DevTools
protocol, opens PATH, waits for the page to settle and saves a PNG. Used to
refresh docs/screenshot.png from the demo database."""

import base64
import json
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookiejar import CookieJar

import websocket


def login(base, db, user, password):
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(f"{base}/web/login?db={db}", timeout=30).read().decode()
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"login": user, "password": password, "csrf_token": token, "db": db})
    opener.open(f"{base}/web/login", data.encode(), timeout=30).read()
    return next(c.value for c in jar if c.name == "session_id")


def main(base, db, user, password, path, out, size="1440x900"):
    width, height = size.split("x")
    session = login(base, db, user, password)
    profile = tempfile.mkdtemp()
    browser = subprocess.Popen(
        [
            "/usr/bin/chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--remote-debugging-port=9333",
            f"--window-size={width},{height}",
            f"--user-data-dir={profile}",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _attempt in range(50):
            try:
                tabs = json.load(urllib.request.urlopen("http://127.0.0.1:9333/json", timeout=2))
                break
            except OSError:
                time.sleep(0.2)
        page = next(t for t in tabs if t["type"] == "page")
        ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=60)
        ids = iter(range(1, 1000))

        def send(method, **params):
            msg_id = next(ids)
            ws.send(json.dumps({"id": msg_id, "method": method, "params": params}))
            while True:
                reply = json.loads(ws.recv())
                if reply.get("id") == msg_id:
                    return reply.get("result", {})

        send("Network.enable")
        host = urllib.parse.urlparse(base).hostname
        send("Network.setCookie", name="session_id", value=session, domain=host, path="/")
        send(
            "Emulation.setDeviceMetricsOverride",
            width=int(width),
            height=int(height),
            deviceScaleFactor=1,
            mobile=int(width) < 600,
        )
        send("Page.navigate", url=f"{base}{path}")
        time.sleep(15)
        shot = send("Page.captureScreenshot", format="png")
        with open(out, "wb") as handle:
            handle.write(base64.b64decode(shot["data"]))
    finally:
        browser.terminate()


if __name__ == "__main__":
    main(*sys.argv[1:])
