"""Every public page type is valid HTML: the W3C Nu HTML checker (vnu.jar) reports no error."""

import json
import subprocess

from tests.browser.pages import page_type_paths


def nu_errors(vnu_command: list[str], files: list) -> list[dict]:
    result = subprocess.run(
        [*vnu_command, "--format", "json", "--stdout", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stdout)["messages"]
    return [m for m in messages if m["type"] in {"error", "non-document-error"}]


def test_every_page_type_passes_the_nu_html_checker(client, demo_content, vnu_command, tmp_path):
    files = []
    for name, path in page_type_paths().items():
        response = client.get(path)
        assert response.status_code == (404 if name == "not-found" else 200), (name, path)
        file = tmp_path / f"{name}.html"
        file.write_bytes(response.content)
        files.append(file)
    errors = nu_errors(vnu_command, files)
    assert not errors, "\n".join(
        f"{e['url'].rsplit('/', 1)[-1]}:{e.get('lastLine')}: {e['message']} [{e.get('extract')}]"
        for e in errors
    )
