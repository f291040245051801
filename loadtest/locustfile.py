"""Who uses the tracker, and how: officers report progress with a file, leaders read, coordinators approve.

Driven by loadtest/run.py (``make loadtest``), which sets:
  LOADTEST_HOSTS     base URLs, comma-separated; EVERY request picks one at random, so a session, a CSRF token
                     or a rate limit made on one instance must hold on the other
  LOADTEST_ACCOUNTS  the JSON file loadtest/seed.py wrote (usernames by role, password)
  LOADTEST_OUT       a folder: requests.jsonl (every request) and writes.jsonl (every accepted write)

Each simulated person sends a distinct X-Forwarded-For, as nginx would for distinct clients (a header only:
no traffic goes anywhere but the local instances), so per-address limits apply per person.
"""

import itertools
import json
import os
import random
import re
import threading
import time
import uuid
from pathlib import Path

from locust import HttpUser, between, events, task

HOSTS = [h.strip().rstrip("/") for h in os.environ.get("LOADTEST_HOSTS", "http://127.0.0.1:8000").split(",")]
ACCOUNTS = json.loads(Path(os.environ["LOADTEST_ACCOUNTS"]).read_text(encoding="utf-8"))
OUT = Path(os.environ.get("LOADTEST_OUT", "."))
_lock = threading.Lock()
_requests = (OUT / "requests.jsonl").open("a", encoding="utf-8")
_writes = (OUT / "writes.jsonl").open("a", encoding="utf-8")
_names = {role: itertools.cycle(names) for role, names in ACCOUNTS["accounts"].items()}
_client_numbers = itertools.count(1)

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
TASK_LINK = re.compile(r'href="/nhiem-vu/(\d+)"')
PDF = (b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> "
       b"endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n") + b"%" + b"x" * 40_000 + b"\n"


@events.request.add_listener
def _log_request(request_type, name, response_time, response_length, response=None, exception=None, context=None,
                 **kwargs):
    status = getattr(response, "status_code", 0) if response is not None else 0
    host = (context or {}).get("host", "")
    # A logged-in page answered with the login form: the session was not recognised (lost across instances?).
    to_login = (status == 302 and "/dang-nhap" in response.headers.get("Location", "")
                and not name.startswith("/dang-nhap"))
    with _lock:
        _requests.write(json.dumps({"t": time.time(), "name": name, "method": request_type, "ms": response_time,
                                    "status": status, "host": host, "to_login": to_login}) + "\n")


def _record_write(kind: str, task_id: int, marker: str, host: str, token_host: str) -> None:
    with _lock:
        _writes.write(json.dumps({"t": time.time(), "kind": kind, "task": task_id, "marker": marker, "host": host,
                                  "token_host": token_host}) + "\n")
        _writes.flush()


class Person(HttpUser):
    abstract = True
    host = HOSTS[0]
    wait_time = between(0.3, 1.5)
    role = "officer"

    def on_start(self):
        number = next(_client_numbers)
        self.client.headers["X-Forwarded-For"] = f"10.77.{number // 250}.{number % 250 + 1}"
        self.username = next(_names[self.role])
        cookie = ACCOUNTS.get("cookies", {}).get(self.username)
        if cookie:
            # Logged in before the run (loadtest/__main__.py prelogin): the same session cookie a browser keeps.
            # Keyed as the server's own Set-Cookie will be (host, path), so its updates replace it, not add a second.
            for base in HOSTS:
                self.client.cookies.set("session", cookie, domain=base.split("//")[1].split(":")[0], path="/")
        self.logged_in = bool(cookie)
        if not self.logged_in:
            self.login()

    # Every request goes to a random instance; ``name`` groups it in the figures.
    def get(self, path: str, name: str):
        base = random.choice(HOSTS)
        return base, self.client.get(base + path, name=name, context={"host": base}, allow_redirects=False)

    def post(self, path: str, data: dict, name: str, files=None, base: str | None = None):
        base = base or random.choice(HOSTS)
        return base, self.client.post(base + path, data=data, files=files, name=name, context={"host": base},
                                      allow_redirects=False, headers={"Referer": base + "/"})

    def page(self, path: str, name: str) -> tuple[str, str | None]:
        base, response = self.get(path, name)
        if response.status_code == 302 and "/dang-nhap" in response.headers.get("Location", ""):
            self.logged_in = False
        return base, (response.text if response.status_code == 200 else None)

    def login(self):
        base, html = self.page("/dang-nhap", "/dang-nhap [form]")
        token = CSRF.search(html or "")
        if not token:
            return
        _b, response = self.post("/dang-nhap", {"csrf_token": token.group(1), "username": self.username,
                                                "password": ACCOUNTS["password"]}, "/dang-nhap [POST]")
        self.logged_in = response.status_code == 302

    def ensure_login(self) -> bool:
        if not self.logged_in:
            self.login()
        return self.logged_in

    def task_ids(self, path: str, name: str) -> list[int]:
        _b, html = self.page(path, name)
        return [int(i) for i in TASK_LINK.findall(html or "")]

    def act(self, task_id: int, kind: str, fields: dict, with_file: bool = False) -> None:
        """Open the task page (token and version there), then post ``kind`` — often to the other instance."""
        token_host, html = self.page(f"/nhiem-vu/{task_id}", "/nhiem-vu/<id>")
        token = CSRF.search(html or "")
        version = re.search(rf'name="{kind}-version" type="hidden" value="(\d+)"', html or "") or re.search(
            rf'name="{kind}-version" value="(\d+)"', html or "")
        if not token or not version:
            return  # the action is not offered now (someone else acted first): nothing to post
        marker = f"LT-{uuid.uuid4().hex[:16]}"
        data = {"csrf_token": token.group(1), f"{kind}-version": version.group(1), **fields}
        data = {k: (v.replace("{marker}", marker) if isinstance(v, str) else v) for k, v in data.items()}
        files = [(f"{kind}-files", (f"minh-chung-{marker}.pdf", PDF, "application/pdf"))] if with_file else None
        base, response = self.post(f"/nhiem-vu/{task_id}/{ACTION_PATHS[kind]}", data, f"/nhiem-vu/<id>/{kind}",
                                   files=files)
        if response.status_code == 302 and "/dang-nhap" not in response.headers.get("Location", ""):
            _record_write(kind, task_id, marker, base, token_host)


ACTION_PATHS = {"progress": "tien-do", "submit": "bao-cao-hoan-thanh", "approve": "duyet"}


class Officer(Person):
    """Cán bộ: reads their list, reports progress with a PDF; now and then reports completion."""

    role = "officer"
    weight = 5

    @task(6)
    def report_progress(self):
        if not self.ensure_login():
            return
        ids = self.task_ids("/nhiem-vu/?status=in_progress", "/nhiem-vu/ [mine]")
        if ids:
            self.act(random.choice(ids), "progress",
                     {"progress-progress": str(random.randint(10, 95)), "progress-note": "Tải thử {marker}"},
                     with_file=True)

    @task(1)
    def report_completion(self):
        if not self.ensure_login():
            return
        ids = self.task_ids("/nhiem-vu/?status=in_progress", "/nhiem-vu/ [mine]")
        if ids:
            self.act(random.choice(ids), "submit", {"submit-note": "Đã hoàn thành {marker}"}, with_file=True)

    @task(3)
    def read(self):
        if self.ensure_login():
            self.page("/", "/ [home]")


LEADER_LISTS = ["/nhiem-vu/", "/nhiem-vu/?status=open", "/nhiem-vu/?status=submitted", "/nhiem-vu/?page=2"]


class Leader(Person):
    """Lãnh đạo: the dashboard, the report, lists, a task."""

    role = "leader"
    weight = 3

    @task(3)
    def dashboard(self):
        if self.ensure_login():
            self.page("/tong-quan", "/tong-quan")

    @task(2)
    def report(self):
        if self.ensure_login():
            self.page("/bao-cao/", "/bao-cao/")

    @task(3)
    def lists(self):
        if self.ensure_login():
            ids = self.task_ids(random.choice(LEADER_LISTS), "/nhiem-vu/ [list]")
            if ids:
                self.page(f"/nhiem-vu/{random.choice(ids)}", "/nhiem-vu/<id>")


class Coordinator(Person):
    """Đầu mối: the waiting-for-approval list, approves one."""

    role = "coordinator"
    weight = 2

    @task(3)
    def approve(self):
        if not self.ensure_login():
            return
        ids = self.task_ids("/nhiem-vu/cho-duyet", "/nhiem-vu/cho-duyet")
        if ids:
            self.act(random.choice(ids[:20]), "approve", {"approve-note": "Đồng ý {marker}"})

    @task(1)
    def lists(self):
        if self.ensure_login():
            self.page("/nhiem-vu/", "/nhiem-vu/ [list]")
