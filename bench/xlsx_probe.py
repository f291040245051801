"""One XLSX export in a fresh process, so its peak memory is the export's and nothing else's.

Run by ``bench`` as ``python -m bench.xlsx_probe DATABASE_URL APPRAISAL_ID USERNAME PASSWORD``; prints one
JSON line: seconds, bytes, resident memory before the request and the peak during it (MB).
"""

import json
import resource
import sys
import time


def _rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def _peak_mb() -> float:
    """The process's resident high-water mark since the last reset (VmHWM)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(url: str, appraisal_id: str, username: str, password: str) -> None:
    from bench.__main__ import make_app
    from bench.measure import logged_in

    app = make_app(url)
    with app.app_context():
        client = logged_in(app, username, password)
        client.get("/healthz")
        # Logging in hashed a password with scrypt (128 MB at the production cost): forget that peak, so the
        # figure below is the export's (Linux resets the high-water mark on writing 5 to clear_refs).
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
        before = _rss_mb()
        start = time.perf_counter()
        response = client.get(f"/bao-cao/xuat?format=xlsx&appraisal={appraisal_id}")
        seconds = time.perf_counter() - start
        assert response.status_code == 200
        peak = _peak_mb()
        print(json.dumps({"seconds": seconds, "bytes": len(response.data), "rss_before_mb": before,
                          "peak_rss_mb": peak}))


if __name__ == "__main__":
    main(*sys.argv[1:5])
