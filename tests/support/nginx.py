"""A private nginx (Debian's package) in front of a server under test, as an operator deploys it.

`nginx -c DIR/nginx.conf -p DIR` with `daemon off;`, its pid, logs and temp paths inside DIR,
listening on a free 127.0.0.1 port and proxying (websockets included) to `upstream_port`. No
system service is touched. Recipe: /work/shared/TESTING.md, "Real servers for deployment tests".
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from tests.support.servers import Server, free_port

NO_NGINX = "no `nginx` on PATH: apt-get install -y nginx (scripts/dev test installs it)"

# What Streamlit's deployment docs put in front of it.
STREAMLIT_DOCS_HEADERS: Mapping[str, str] = {
    "Host": "$host",
    "X-Real-IP": "$remote_addr",
    "X-Forwarded-For": "$proxy_add_x_forwarded_for",
    "X-Forwarded-Proto": "$scheme",
}


def nginx_path() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None
    )


def nginx_conf(folder: Path, port: int, upstream_port: int, headers: Mapping[str, str]) -> str:
    """An nginx.conf proxying 127.0.0.1:`port` to 127.0.0.1:`upstream_port` and setting
    `headers` (name: nginx value) on the way; websocket upgrades pass through."""
    temp = {
        kind: folder / f"{kind}_temp"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    }
    for path in temp.values():
        path.mkdir(parents=True, exist_ok=True)
    set_headers = "".join(
        f"            proxy_set_header {name} {value};\n" for name, value in headers.items()
    )
    return f"""
daemon off;
worker_processes 1;
pid {folder / "nginx.pid"};
error_log {folder / "error.log"} info;
events {{ worker_connections 64; }}
http {{
    access_log {folder / "access.log"};
    client_body_temp_path {temp["client_body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream_port};
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection "upgrade";
            proxy_read_timeout 86400;
{set_headers}        }}
    }}
}}
"""


@contextmanager
def nginx(folder: Path, upstream_port: int, headers: Mapping[str, str]) -> Iterator[Server]:
    """nginx proxying to `upstream_port` until the block ends; yields it as a `Server` (its URL
    is the proxy's), ready once a request through it reaches a healthy Streamlit."""
    executable = nginx_path()
    if executable is None:
        raise RuntimeError(NO_NGINX)
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(folder, port, upstream_port, headers))
    log_path = folder / "nginx.out.log"
    log_file = log_path.open("w")
    process = subprocess.Popen(
        [executable, "-c", str(conf), "-p", str(folder)],
        stdout=log_file,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    server = Server("nginx", f"http://127.0.0.1:{port}", process, log_path, log_file)
    try:
        server.wait_ready("/_stcore/health", accept=lambda body: body.strip() == "ok")
        yield server
    finally:
        server.stop()
