"""The next request as cURL, Python and JavaScript, in the shape of the reference page's
examples. The key is never written: a placeholder stands in its place."""

from __future__ import annotations

import json
import pprint

PLACEHOLDER = "<token>"


def _shell_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def as_curl(url: str, body: bytes) -> str:
    return (
        "curl --request POST \\\n"
        f"  --url {url} \\\n"
        f"  --header 'Authorization: Bearer {PLACEHOLDER}' \\\n"
        "  --header 'Content-Type: application/json' \\\n"
        f"  --data {_shell_quote(body.decode('utf-8'))}"
    )


def as_python(url: str, body: bytes) -> str:
    payload = pprint.pformat(json.loads(body), width=88, sort_dicts=False)
    return (
        "import requests\n\n"
        f'url = "{url}"\n\n'
        f"payload = {payload}\n"
        "headers = {\n"
        f'    "Authorization": "Bearer {PLACEHOLDER}",\n'
        '    "Content-Type": "application/json"\n'
        "}\n\n"
        'response = requests.request("POST", url, json=payload, headers=headers)\n\n'
        "print(response.text)\n"
    )


def as_javascript(url: str, body: bytes) -> str:
    return (
        "const options = {\n"
        "  method: 'POST',\n"
        f"  headers: {{Authorization: 'Bearer {PLACEHOLDER}', "
        "'Content-Type': 'application/json'},\n"
        f"  body: {json.dumps(body.decode('utf-8'), ensure_ascii=False)}\n"
        "};\n\n"
        f"fetch('{url}', options)\n"
        "  .then(response => response.json())\n"
        "  .then(response => console.log(response))\n"
        "  .catch(err => console.error(err));\n"
    )
