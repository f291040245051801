"""``make loadtest``: gunicorn (deploy/gunicorn.conf.py) on PostgreSQL and Redis under a locust crowd, three runs:

1. one instance, 4 workers, at rising numbers of users: the highest sustained requests per second with p95 under
   500 ms, errors, lost writes;
2. two instances (two ports, 2 workers each) on the same PostgreSQL and Redis, every request sent to either one:
   sessions, CSRF tokens and the login rate limit hold across them;
3. one instance while PostgreSQL is stopped for a few seconds mid-load: what users get during the outage, how
   fast the app recovers by itself, and that nothing accepted is lost.

Writes the figures into BENCHMARKS.md (its "Load test" section). Needs root for ``pg_ctlcluster`` (the failure
run) and a local Redis; uses a PostgreSQL cluster of its own (15/loadtest on port 5433, made on first use).
Every request goes to 127.0.0.1 only, and each run stops by itself.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from loadtest import analyse, report, seed
from loadtest.servers import ROOT, Cluster, Gunicorn

SECRET = "load-test-secret-key-not-for-production-0123456789"


def prepare(cluster: Cluster, work: Path, sizes: dict) -> tuple[str, Path, Path]:
    url = cluster.fresh_database("tracker_loadtest")
    uploads = work / "evidence"
    uploads.mkdir(parents=True, exist_ok=True)
    from flask_migrate import upgrade

    from tracker import create_app
    from tracker.extensions import db

    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url, "UPLOAD_FOLDER": str(uploads),
                                     "SECRET_KEY": SECRET})
    with app.app_context():
        upgrade()
        data = seed.seed(**sizes)
        db.engine.dispose()
    accounts = work / "accounts.json"
    seed.write_accounts(accounts, data)
    return url, uploads, accounts


def app_env(url: str, uploads: Path, work: Path, redis_url: str) -> dict:
    return {"TRACKER_ENV": "production", "SECRET_KEY": SECRET, "DATABASE_URL": url, "UPLOAD_FOLDER": str(uploads),
            "TRACKER_INSTANCE_DIR": str(work / "instance"), "RATELIMIT_STORAGE_URI": redis_url,
            "SESSION_COOKIE_SECURE": "0", "LOG_FORMAT": "text"}


def run_locust(hosts: list[str], users: int, seconds: int, accounts: Path, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "LOADTEST_HOSTS": ",".join(hosts), "LOADTEST_ACCOUNTS": str(accounts),
           "LOADTEST_OUT": str(out)}
    subprocess.run([sys.executable, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
                    "-u", str(users), "-r", str(max(1, users // 4)), "-t", f"{seconds}s", "--stop-timeout", "10",
                    "--only-summary", "--host", hosts[0]], env=env, cwd=ROOT, check=False,
                   stdout=(out / "locust.out").open("w"), stderr=subprocess.STDOUT)


def prelogin(base: str, accounts: Path) -> float:
    """Log every account in once, before the runs, and keep its session cookie for the locust users.

    A login costs a deliberate ~0.4 s of CPU (scrypt); 60 people logging in at the same second would measure the
    login storm, not the day's work. The cookies stay valid for every run (and on both instances: same key).
    """
    import re
    from concurrent.futures import ThreadPoolExecutor

    import requests

    data = json.loads(accounts.read_text(encoding="utf-8"))
    names = [n for group in data["accounts"].values() for n in group]

    def one(indexed):
        index, name = indexed
        session = requests.Session()
        session.headers["X-Forwarded-For"] = f"10.97.{index // 250}.{index % 250 + 1}"
        html = session.get(base + "/dang-nhap", timeout=60).text
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
        response = session.post(base + "/dang-nhap", data={"csrf_token": token, "username": name,
                                                           "password": data["password"]},
                                timeout=120, allow_redirects=False)
        assert response.status_code == 302, (name, response.status_code)
        return name, session.cookies.get("session")

    started = time.time()
    with ThreadPoolExecutor(max_workers=4) as pool:
        data["cookies"] = dict(pool.map(one, enumerate(names)))
    seed.write_accounts(accounts, data)
    return time.time() - started


def measured(out: Path, warmup: float, tail: float = 2.0) -> analyse.Window:
    """The steady part of a run: after the warm-up and after the last of the opening logins."""
    entries = analyse.read_jsonl(out / "requests.jsonl")
    first = min(e["t"] for e in entries)
    logins = [e["t"] for e in entries if e["name"] == "/dang-nhap [POST]" and e["t"] < first + 60]
    start = max([first + warmup, *logins])
    end = max(e["t"] for e in entries) - tail
    return analyse.window(entries, start, end)


# The pair's per-address login limit, below the database's own per-address room (4 × LOGIN_MAX_FAILURES = 20
# free failures), so the probe reaches the count kept in Redis before the one kept in the database.
PAIR_LOGIN_LIMIT = "10 per 15 minutes"


def login_limits_across(hosts: list[str], redis_url: str, db_url: str) -> dict:
    """Wrong logins from one address, alternating between the instances, until the first 429, twice.

    ``address``: a new unknown name each time, so no name's count grows and the per-address limit
    (Flask-Limiter, ``PAIR_LOGIN_LIMIT``, counted in Redis) refuses. ``name``: the same name each time, so the
    waits per name and address (counted in the database) refuse first. Both counts are emptied between the two,
    or the first probe's failures would count against the second.
    """
    import re

    import redis
    import requests
    import sqlalchemy as sa

    def probe(name_of) -> dict:
        session = requests.Session()
        html = session.get(hosts[0] + "/dang-nhap", timeout=10).text
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
        refused_at, per_host = None, {h: 0 for h in hosts}
        for attempt in range(1, 80):
            host = hosts[attempt % len(hosts)]
            response = session.post(host + "/dang-nhap", timeout=10, allow_redirects=False,
                                    data={"csrf_token": token, "username": name_of(attempt),
                                          "password": "sai mật khẩu"}, headers={"Referer": host + "/"})
            if response.status_code == 429:
                refused_at = attempt
                break
            per_host[host] += 1
        return {"refused_at": refused_at, "per_host": list(per_host.values())}

    def forget() -> None:
        redis.Redis.from_url(redis_url).flushdb()
        engine = sa.create_engine(db_url)
        with engine.begin() as conn:
            conn.execute(sa.text("DELETE FROM login_throttle"))
        engine.dispose()

    forget()
    address = probe(lambda attempt: f"khong.co.ai.{attempt}")
    forget()
    name = probe(lambda attempt: "khong.co.ai")
    return {"address": address, "name": name, "address_limit": PAIR_LOGIN_LIMIT}


class OutageProbe(threading.Thread):
    """A logged-in leader opening the dashboard twice a second through the run, keeping what they saw."""

    def __init__(self, base: str, seconds: float, accounts: Path):
        super().__init__(daemon=True)
        self.base, self.seconds, self.seen = base, seconds, []
        import re

        import requests

        data = json.loads(accounts.read_text(encoding="utf-8"))
        self.session = requests.Session()
        self.session.headers["X-Forwarded-For"] = "10.98.0.1"
        html = self.session.get(base + "/dang-nhap", timeout=10).text
        token = re.search(r'<meta name="csrf-token" content="([^"]+)"', html).group(1)
        self.session.post(base + "/dang-nhap", data={"csrf_token": token, "username": data["accounts"]["leader"][-1],
                                                     "password": data["password"]}, timeout=30)

    def run(self):
        end = time.time() + self.seconds
        while time.time() < end:
            started = time.time()
            try:
                response = self.session.get(self.base + "/tong-quan", timeout=10, allow_redirects=False,
                                            headers={"Accept": "text/html"})
                self.seen.append((started, response.status_code, response.text, response.headers.get("Retry-After")))
            except OSError as exc:
                self.seen.append((started, 0, str(exc), None))
            time.sleep(0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", default="15,30,60", help="users at each step of run 1")
    parser.add_argument("--seconds", type=int, default=70, help="length of each load step")
    parser.add_argument("--redis", default=os.environ.get("LOADTEST_REDIS", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--cluster", default=os.environ.get("LOADTEST_PG_CLUSTER", "15/loadtest/5433"))
    parser.add_argument("--output", default=str(ROOT / "BENCHMARKS.md"))
    parser.add_argument("--keep", action="store_true", help="keep the work folder and database")
    args = parser.parse_args()
    version, name, port = args.cluster.split("/")
    cluster = Cluster(version, name, int(port))
    cluster.ensure()
    import redis

    redis.Redis.from_url(args.redis).flushdb()  # this run's own Redis database only
    work = Path(tempfile.mkdtemp(prefix="tracker-loadtest-"))
    sizes = {"officers_per_agency": 4, "coordinators": 10, "leaders": 10, "tasks_per_agency": 60}
    results: dict = {"started": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "sizes": sizes,
                     "load_before": os.getloadavg()[0]}
    url, uploads, accounts = prepare(cluster, work, sizes)
    env = app_env(url, uploads, work, args.redis)
    try:
        # 1. One instance, 4 workers, rising load.
        single = Gunicorn(env, work, 4, "single").start()
        logins = len([n for group in json.loads(accounts.read_text())["accounts"].values() for n in group])
        results["prelogin"] = {"accounts": logins, "seconds": round(prelogin(single.base, accounts), 1)}
        results["steps"] = []
        for users in (int(u) for u in args.steps.split(",")):
            out = work / f"single-{users}"
            run_locust([single.base], users, args.seconds, accounts, out)
            results["steps"].append({"users": users, "window": measured(out, warmup=15).__dict__,
                                     "writes": analyse.read_jsonl(out / "writes.jsonl")})
            print(f"step {users} users: {results['steps'][-1]['window']['requests']} requests", flush=True)
        single.stop()
        all_writes = [w for step in results["steps"] for w in step["writes"]]
        results["single_check"] = analyse.check_writes(url, all_writes, uploads).__dict__

        # 2. Two instances, every request to either.
        redis.Redis.from_url(args.redis).flushdb()
        pair_env = {**env, "RATELIMIT_LOGIN": PAIR_LOGIN_LIMIT}
        pair = [Gunicorn(pair_env, work, 2, "a").start(), Gunicorn(pair_env, work, 2, "b").start()]
        out = work / "pair"
        users = int(args.steps.split(",")[1])
        run_locust([g.base for g in pair], users, args.seconds, accounts, out)
        writes = analyse.read_jsonl(out / "writes.jsonl")
        results["pair"] = {"users": users, "window": measured(out, warmup=15).__dict__,
                           "check": analyse.check_writes(url, writes, uploads).__dict__,
                           "login_limit": login_limits_across([g.base for g in pair], args.redis, url),
                           "hosts": [g.base for g in pair]}
        for g in pair:
            g.stop()

        # 3. PostgreSQL stopped for a while mid-load.
        redis.Redis.from_url(args.redis).flushdb()
        single = Gunicorn(env, work, 4, "failure").start()
        out = work / "failure"
        probe = OutageProbe(single.base, 70, accounts)
        probe.start()
        locust = threading.Thread(target=run_locust, args=([single.base], users, 75, accounts, out))
        locust.start()
        time.sleep(25)
        down = time.time()
        cluster.ctl("stop", "-m", "fast")
        time.sleep(8)
        cluster.ctl("start")
        up = time.time()
        locust.join()
        probe.join()
        single.stop()
        entries = analyse.read_jsonl(out / "requests.jsonl")
        writes = analyse.read_jsonl(out / "writes.jsonl")
        results["failure"] = report.outage_figures(entries, probe.seen, down, up)
        results["failure"]["users"] = users
        results["failure"]["check"] = analyse.check_writes(url, writes, uploads).__dict__
        results["load_after"] = os.getloadavg()[0]
        (work / "results.json").write_text(json.dumps(results, default=str, indent=1), encoding="utf-8")
        report.write(Path(args.output), results)
        print(f"Figures written to {args.output}; raw results in {work / 'results.json'}")
    finally:
        for g in list(locals().get("pair", [])) + [locals().get("single")]:
            if g is not None:
                g.stop()
        if not args.keep:
            cluster.drop_database("tracker_loadtest")
            shutil.rmtree(work / "evidence", ignore_errors=True)


if __name__ == "__main__":
    main()
