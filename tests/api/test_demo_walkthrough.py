"""What the issue asks anyone to be able to run, on the demo data: create-token for a demo officer; the OpenAPI
document parses as 3.1; GET /api/v1/tasks with that token lists exactly the officer's tasks on the web; a POST
with a read token gets 403."""

import re

from tests.conftest import Browser
from tracker.services import demo


def test_the_demo_officers_token_walkthrough(app, client):
    runner = app.test_cli_runner()
    loaded = runner.invoke(args=["tracker", "demo-data", "--print-logins"])
    assert loaded.exit_code == 0, loaded.output
    password = re.search(r"Mật khẩu chung[^:]*:\s*(\S+)", loaded.output).group(1)
    officer = demo.officer_username("Phòng NV")
    made = runner.invoke(args=["tracker", "create-token", "--username", officer, "--scope", "read"])
    assert made.exit_code == 0, made.output
    headers = {"Authorization": f"Bearer {made.output.strip()}"}

    assert client.get("/api/v1/openapi.json").get_json()["openapi"] == "3.1.0"
    api_ids = {t["id"] for t in client.get("/api/v1/tasks?per_page=100", headers=headers).get_json()["items"]}
    web = Browser(app.test_client())
    assert web.login(officer, password).status_code == 302
    html = web.get("/nhiem-vu/").get_data(as_text=True)
    assert api_ids and api_ids == {int(i) for i in re.findall(r'href="/nhiem-vu/(\d+)"', html)}
    task_id = sorted(api_ids)[0]
    refused = client.post(f"/api/v1/tasks/{task_id}/progress", data={"progress": "50"}, headers=headers)
    assert refused.status_code == 403
