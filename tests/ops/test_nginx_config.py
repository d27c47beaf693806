"""deploy/nginx rendered by ops.nginx for the production shape (what make run-prod starts) is a valid nginx config
(`nginx -t`) that sends socket.io to one instance per client, the rest to every instance, and does not publish
/metrics. Behaviour through a running nginx: tests/e2e/test_edge.py and test_production_shape.py."""
from __future__ import annotations

import re
import subprocess

import pytest

from ops.nginx import binary, prepare, values_from_env

ENV = {"RASA_HOST": "127.0.0.1", "RASA_PORTS": "5005 5006", "INBOX_HOST": "127.0.0.1", "INBOX_PORT": "8000",
       "VOORDEUR_NGINX_PUBLIC_LISTEN": "127.0.0.1:8080", "VOORDEUR_NGINX_INBOX_LISTEN": "127.0.0.1:8081"}


@pytest.fixture
def site(tmp_path):
    conf = prepare(tmp_path, values_from_env(ENV, tmp_path))
    return conf, (tmp_path / "voordeur.conf").read_text()


def upstream(text: str, name: str) -> str:
    return re.search(r"upstream %s \{(.*?)\}" % name, text, re.S).group(1)


def test_the_rendered_production_config_passes_nginx_t(site, tmp_path):
    conf, _ = site
    nginx = binary()
    if nginx is None:
        pytest.skip("nginx is not installed (make setup installs it)")
    out = subprocess.run([nginx, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stderr


def test_both_rasa_instances_are_in_both_upstreams_and_socketio_is_sticky_per_client(site):
    _, text = site
    for name in ("voordeur_rasa", "voordeur_rasa_socketio"):
        assert re.findall(r"server (\S+)", upstream(text, name)) == ["127.0.0.1:5005", "127.0.0.1:5006"]
    assert "hash $remote_addr consistent;" in upstream(text, "voordeur_rasa_socketio")
    assert "hash" not in upstream(text, "voordeur_rasa")
    socketio = re.search(r"location /socket.io/ \{(.*?)\n    \}", text, re.S).group(1)
    assert "proxy_pass http://voordeur_rasa_socketio;" in socketio


def test_metrics_are_not_published_on_either_server(site):
    _, text = site
    public, inbox = text.split("\nserver {")[1:3]
    assert "location / {\n        return 404;" in public  # the public server publishes only its three paths
    assert re.search(r"location \^~ /metrics \{\s*return 404;", inbox)


def test_a_missing_listen_address_is_named():
    with pytest.raises(KeyError, match="VOORDEUR_NGINX_INBOX_LISTEN"):
        values_from_env({k: v for k, v in ENV.items() if k != "VOORDEUR_NGINX_INBOX_LISTEN"}, None)
