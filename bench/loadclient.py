"""A small, real Streamlit session client (Streamlit 1.67 websocket protocol), for load and isolation tests."""

# It does what the browser does, minus rendering:
#
# 1. ``GET /`` (an nginx proxy in front answers with its route cookie) and ``GET /_stcore/health``
#    (Streamlit sets the ``_streamlit_xsrf`` cookie there), keeping every cookie in a small jar.
# 2. Opens ``ws://host:port/_stcore/stream`` with those cookies, an ``Origin`` header and the
#    subprotocols the browser offers: ``["streamlit", <xsrf token>]`` (the server selects the first;
#    the second is only used to validate auth cookies).
# 3. Sends ``BackMsg.rerun_script`` with a ``ClientState`` (query string, page name / page script hash,
#    every widget value the client holds, the hashes of cacheable messages it has kept) and reads
#    ``ForwardMsg``s until ``script_finished``. Elements (``delta.new_element``) are kept by delta path,
#    so after a run ``session.elements`` is the page as the browser would show it; ``ref_hash``
#    messages are resolved from the client-side message cache, as the frontend does.
#
# Widget values are sent the way the 1.67 frontend sends them: multiselect / select_slider as
# ``string_array_value`` of the *formatted* option labels, selectbox / radio / text_input as
# ``string_value`` (formatted label), checkbox / toggle as ``bool_value``, buttons as a one-shot
# ``trigger_value``, file_uploader as ``file_uploader_state_value`` after a PUT to
# ``/_stcore/upload_file/<session>/<file id>`` (with the ``X-Xsrftoken`` header = the xsrf cookie).
#
# Everything here talks to the URL it is given; the benchmarks and tests only ever give it loopback
# URLs. Every wait has a timeout.

from __future__ import annotations

import asyncio
import contextlib
import os
import queue
import random
import re
import signal
import socket
import subprocess
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Common_pb2 import FileUploaderState
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import connect as ws_connect

ROUTE_COOKIE = "spendgeo_route"
XSRF_COOKIE = "_streamlit_xsrf"
ID_PREFIX = "$$ID-"
# Element types that carry a widget id.
WIDGET_TYPES = frozenset(
    {
        "button",
        "checkbox",
        "date_input",
        "download_button",
        "file_uploader",
        "multiselect",
        "number_input",
        "radio",
        "selectbox",
        "slider",
        "text_area",
        "text_input",
        "time_input",
        "deck_gl_json_chart",
        "vega_lite_chart",
        "dataframe",
        "button_group",
        "color_picker",
    }
)
# Keep a cached message this many runs after it was last used (the frontend ages its cache too).
CACHE_MAX_AGE_RUNS = 2


# A backslash before Markdown punctuation: how md_escape marks a user string's literal characters.
_MD_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!<>|~:$&])")


class SessionError(RuntimeError):
    """A protocol-level failure (HTTP error, closed socket, timeout, unexpected message)."""


# --- minimal async HTTP/1.1 (loopback; Connection: close) --------------------------------------------


@dataclass
class HttpResponse:
    status: int
    headers: list[tuple[str, str]]
    body: bytes

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    def headers_all(self, name: str) -> list[str]:
        name = name.lower()
        return [v for k, v in self.headers if k.lower() == name]


def _dechunk(data: bytes) -> bytes:
    out = bytearray()
    while data:
        line, _, rest = data.partition(b"\r\n")
        size = int(line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            break
        out += rest[:size]
        data = rest[size + 2 :]
    return bytes(out)


async def http_request(
    url: str,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes = b"",
    timeout: float = 30.0,
) -> HttpResponse:
    """One HTTP/1.1 request over a fresh TCP connection (http:// only)."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise SessionError(f"only http:// URLs are supported, not {url}")
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    hdrs = {"Host": parts.netloc, "Connection": "close", "User-Agent": "spendgeo-loadclient"}
    hdrs.update(headers or {})
    if body or method in ("PUT", "POST"):
        hdrs["Content-Length"] = str(len(body))
    head = f"{method} {path} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in hdrs.items())

    async def _do() -> HttpResponse:
        reader, writer = await asyncio.open_connection(host, port)
        try:
            writer.write(head.encode("latin-1") + b"\r\n" + body)
            await writer.drain()
            raw = await reader.read(-1)
        finally:
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
        header_blob, _, payload = raw.partition(b"\r\n\r\n")
        lines = header_blob.decode("latin-1").split("\r\n")
        if not lines or not lines[0].startswith("HTTP/"):
            raise SessionError(f"{method} {url}: no HTTP response")
        status = int(lines[0].split()[1])
        resp_headers = [
            (k.strip(), v.strip()) for k, _, v in (ln.partition(":") for ln in lines[1:]) if k
        ]
        resp = HttpResponse(status, resp_headers, payload)
        if (resp.header("transfer-encoding") or "").lower() == "chunked":
            resp.body = _dechunk(payload)
        return resp

    try:
        return await asyncio.wait_for(_do(), timeout)
    except TimeoutError as exc:
        raise SessionError(f"{method} {url}: timed out after {timeout:.0f}s") from exc
    except OSError as exc:
        raise SessionError(f"{method} {url}: {exc}") from exc


# --- run results ------------------------------------------------------------------------------------


@dataclass
class Widget:
    id: str
    kind: str
    label: str
    proto: Any
    path: tuple[int, ...]

    @property
    def key(self) -> str | None:
        """The user key of a keyed widget (ids are ``$$ID-<hash>-<key>``)."""
        if self.id.startswith(ID_PREFIX):
            parts = self.id.split("-", 2)
            if len(parts) == 3 and parts[2] != "None":
                return parts[2]
        return None

    @property
    def options(self) -> list[str]:
        return list(getattr(self.proto, "options", []))


@dataclass
class RunResult:
    seconds: float
    status: str
    errors: list[str]
    messages: int
    bytes: int


@dataclass
class _Cached:
    msg: ForwardMsg
    last_run: int


@dataclass
class StreamlitSession:
    """One viewer: a websocket session against a Streamlit app (through a proxy or not)."""

    base_url: str
    page: str = ""  # url_pathname of the page (e.g. "spend_map"); "" = the default page
    query_string: str = ""
    timeout: float = 180.0
    cookies: dict[str, str] = field(default_factory=dict)
    session_id: str = ""
    page_script_hash: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # url_pathname -> page_script_hash
    elements: dict[tuple[int, ...], Any] = field(default_factory=dict)
    blocks: dict[tuple[int, ...], Any] = field(default_factory=dict)
    widget_states: dict[str, WidgetState] = field(default_factory=dict)
    runs: int = 0
    _ws: Any = None
    _cache: dict[str, _Cached] = field(default_factory=dict)
    _triggers: set[str] = field(default_factory=set)
    _pending: list[ForwardMsg] = field(default_factory=list)
    _file_urls: dict[str, Any] = field(default_factory=dict)
    _bytes: int = 0

    # -- connection ------------------------------------------------------------------------------

    @property
    def origin(self) -> str:
        p = urlsplit(self.base_url)
        return f"{p.scheme}://{p.netloc}"

    @property
    def route(self) -> str | None:
        return self.cookies.get(ROUTE_COOKIE)

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _take_cookies(self, resp: HttpResponse) -> None:
        for raw in resp.headers_all("set-cookie"):
            jar = SimpleCookie()
            try:
                jar.load(raw)
            except Exception:  # e.g. the unquoted xsrf value with '|'
                name, _, rest = raw.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0].strip()
                continue
            for name, morsel in jar.items():
                self.cookies[name] = morsel.value

    async def get(self, path: str) -> HttpResponse:
        resp = await http_request(
            self.origin + path, headers={"Cookie": self._cookie_header()} if self.cookies else None
        )
        self._take_cookies(resp)
        return resp

    async def connect(self) -> None:
        """Load the page shell (route cookie), the health check (xsrf cookie), open the websocket."""
        page = await self.get(
            "/" + self.page + (f"?{self.query_string}" if self.query_string else "")
        )
        if page.status != 200:
            raise SessionError(f"GET / answered {page.status}")
        health = await self.get("/_stcore/health")
        if health.status != 200:
            raise SessionError(f"GET /_stcore/health answered {health.status}")
        ws_url = "ws" + self.origin[len("http") :] + "/_stcore/stream"
        protocols = ["streamlit"]
        if XSRF_COOKIE in self.cookies:
            protocols.append(self.cookies[XSRF_COOKIE])
        try:
            self._ws = await asyncio.wait_for(
                ws_connect(
                    ws_url,
                    additional_headers={"Cookie": self._cookie_header(), "Origin": self.origin},
                    subprotocols=protocols,  # type: ignore[arg-type]
                    max_size=None,
                    open_timeout=30,
                    ping_interval=20,
                    ping_timeout=60,
                ),
                40,
            )
        except (OSError, TimeoutError) as exc:
            raise SessionError(f"websocket {ws_url}: {exc}") from exc
        except Exception as exc:  # websockets' InvalidStatus / InvalidHandshake
            raise SessionError(f"websocket {ws_url}: {exc!r}") from exc

    async def close(self) -> None:
        if self._ws is not None:
            with contextlib.suppress(Exception):  # closing is best effort
                await asyncio.wait_for(self._ws.close(), 10)
            self._ws = None

    async def __aenter__(self) -> StreamlitSession:
        await self.connect()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # -- messages --------------------------------------------------------------------------------

    async def _send(self, back: BackMsg) -> None:
        if self._ws is None:
            raise SessionError("not connected")
        await self._ws.send(back.SerializeToString())

    async def _recv(self, deadline: float) -> ForwardMsg:
        if self._pending:
            return self._pending.pop(0)
        left = deadline - time.monotonic()
        if left <= 0:
            raise SessionError(f"no script_finished within {self.timeout:.0f}s")
        try:
            data = await asyncio.wait_for(self._ws.recv(), left)
        except TimeoutError as exc:
            raise SessionError(f"no script_finished within {self.timeout:.0f}s") from exc
        except Exception as exc:  # ConnectionClosed and friends
            raise SessionError(f"websocket closed: {exc!r}") from exc
        msg = ForwardMsg()
        msg.ParseFromString(data)
        self._bytes += len(data)
        return msg

    def _client_state(self, fragment_id: str = "") -> ClientState:
        cs = ClientState()
        cs.query_string = self.query_string
        cs.page_script_hash = self.page_script_hash or self.pages.get(self.page, "")
        cs.page_name = self.page
        if fragment_id:
            cs.fragment_id = fragment_id
        for ws in self.widget_states.values():
            cs.widget_states.widgets.append(ws)
        cs.cached_message_hashes.extend(sorted(self._cache))
        return cs

    def _resolve(self, msg: ForwardMsg) -> ForwardMsg:
        """Replace a ref_hash message by the cached message it names (keeping its metadata)."""
        if msg.WhichOneof("type") != "ref_hash":
            if msg.metadata.cacheable and msg.hash:
                self._cache[msg.hash] = _Cached(msg, self.runs)
            return msg
        cached = self._cache.get(msg.ref_hash)
        if cached is None:
            raise SessionError(
                f"server referenced a message this client never cached: {msg.ref_hash}"
            )
        cached.last_run = self.runs
        full = ForwardMsg()
        full.CopyFrom(cached.msg)
        full.metadata.CopyFrom(msg.metadata)
        return full

    async def rerun(self, page: str | None = None, fragment_id: str = "") -> RunResult:
        """Send rerun_script with the current client state; read until the run has finished."""
        if page is not None and page != self.page:
            self.page = page
            self.page_script_hash = ""
        back = BackMsg()
        back.rerun_script.CopyFrom(self._client_state(fragment_id))
        self._bytes = 0
        t0 = time.monotonic()
        deadline = t0 + self.timeout
        await self._send(back)
        # Triggers (buttons) are one-shot: the browser resets them after sending.
        for wid in self._triggers:
            self.widget_states.pop(wid, None)
        self._triggers.clear()
        errors: list[str] = []
        n = 0
        new_elements: dict[tuple[int, ...], Any] = {}
        new_blocks: dict[tuple[int, ...], Any] = {}
        started = False
        while True:
            msg = self._resolve(await self._recv(deadline))
            n += 1
            kind = msg.WhichOneof("type")
            if kind == "new_session":
                started = True
                new_elements, new_blocks = {}, {}
                ns = msg.new_session
                if ns.initialize.session_id:
                    self.session_id = ns.initialize.session_id
                self.page_script_hash = ns.page_script_hash
                for p in ns.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
            elif kind == "navigation":
                for p in msg.navigation.app_pages:
                    self.pages[p.url_pathname] = p.page_script_hash
                if msg.navigation.page_script_hash:
                    self.page_script_hash = msg.navigation.page_script_hash
            elif kind == "delta":
                path = tuple(msg.metadata.delta_path)
                d = msg.delta
                which = d.WhichOneof("type")
                if which == "new_element":
                    new_elements[path] = d.new_element
                    et = d.new_element.WhichOneof("type")
                    if et == "exception":
                        ex = d.new_element.exception
                        errors.append(f"exception {ex.type}: {ex.message}")
                    elif et == "alert" and d.new_element.alert.format == 1:  # Alert.ERROR
                        errors.append(f"st.error: {d.new_element.alert.body}")
                elif which == "add_block":
                    new_blocks[path] = d.add_block
            elif kind == "page_info_changed":
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                errors.append(f"page not found: {msg.page_not_found.page_name!r}")
            elif kind == "session_event":
                ev = msg.session_event.WhichOneof("type")
                if ev == "script_compilation_exception":
                    ex = msg.session_event.script_compilation_exception
                    errors.append(f"compile error {ex.type}: {ex.message}")
                elif ev == "script_changed_on_disk":
                    pass
            elif kind == "file_urls_response":
                self._file_urls[msg.file_urls_response.response_id] = msg.file_urls_response
            elif kind == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished)
                if msg.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # st.rerun() or a newer request: the next run follows
                if not started and msg.script_finished != ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    continue  # a finish from a run before ours
                self.runs += 1
                self.elements, self.blocks = new_elements, new_blocks
                self._age_cache()
                # Like the frontend, forget the values of widgets that are no longer on the page.
                live = {w.id for w in self.widgets()}
                for wid in [w for w in self.widget_states if w not in live]:
                    del self.widget_states[wid]
                if msg.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
                    errors.append("script finished with a compile error")
                return RunResult(time.monotonic() - t0, status, errors, n, self._bytes)

    def _age_cache(self) -> None:
        for h in [h for h, c in self._cache.items() if self.runs - c.last_run > CACHE_MAX_AGE_RUNS]:
            del self._cache[h]

    # -- reading the page ------------------------------------------------------------------------

    def ordered(self) -> list[tuple[tuple[int, ...], Any]]:
        return sorted(self.elements.items())

    def widgets(self) -> list[Widget]:
        out = []
        for path, el in self.ordered():
            kind = el.WhichOneof("type")
            if kind in WIDGET_TYPES:
                proto = getattr(el, kind)
                wid = getattr(proto, "id", "")
                if wid:
                    out.append(Widget(wid, kind, getattr(proto, "label", ""), proto, path))
        return out

    def widget(self, key: str) -> Widget:
        """The widget with this user key (or this id, or this label)."""
        ws = self.widgets()
        for match in (
            lambda w: w.key == key,
            lambda w: w.id == key,
            lambda w: w.label == key,
        ):
            found = [w for w in ws if match(w)]
            if found:
                return found[0]
        raise KeyError(f"no widget {key!r} on the page; have {[w.key or w.label for w in ws]}")

    def metrics(self) -> dict[str, str]:
        """{label: value} of every st.metric on the page."""
        return {
            el.metric.label: el.metric.body
            for _, el in self.ordered()
            if el.WhichOneof("type") == "metric"
        }

    def texts(self) -> list[str]:
        """Markdown / caption / heading / alert / code bodies, in page order, as a viewer reads them.

        User strings reach Markdown escaped (geo.present.text.md_escape: "spend\\.csv"); the
        backslashes are undone here, as the browser's Markdown renderer does.
        """
        out = []
        for _, el in self.ordered():
            kind = el.WhichOneof("type")
            if kind in ("markdown", "heading", "alert"):
                out.append(_MD_ESCAPE.sub(r"\1", getattr(el, kind).body))
            elif kind == "text":
                out.append(el.text.body)
            elif kind == "code":
                out.append(el.code.code_text)
        return out

    def errors(self) -> list[str]:
        out = []
        for _, el in self.ordered():
            kind = el.WhichOneof("type")
            if kind == "exception":
                out.append(f"{el.exception.type}: {el.exception.message}")
            elif kind == "alert" and el.alert.format == 1:
                out.append(el.alert.body)
        return out

    # -- changing widgets ------------------------------------------------------------------------

    def set_value(self, key: str, value: Any) -> Widget:
        """Set a widget's value as the frontend would (labels, not Python values, for choices)."""
        w = self.widget(key)
        ws = WidgetState(id=w.id)
        if w.kind in ("multiselect",) or (w.kind == "slider" and w.options):
            labels = [value] if isinstance(value, str) else list(value)
            unknown = [v for v in labels if w.options and v not in w.options]
            if unknown and not getattr(w.proto, "accept_new_options", False):
                raise ValueError(f"{key}: {unknown} not among the options")
            ws.string_array_value.data.extend(labels)
        elif w.kind in ("selectbox", "radio"):
            if value not in w.options:
                raise ValueError(f"{key}: {value!r} not among the options {w.options[:5]}…")
            ws.string_value = value
        elif w.kind in ("text_input", "text_area"):
            ws.string_value = str(value)
        elif w.kind == "checkbox":
            ws.bool_value = bool(value)
        elif w.kind == "number_input":
            ws.double_value = float(value)
        elif w.kind == "date_input":
            ws.string_array_value.data.extend(v.strftime("%Y/%m/%d") for v in value)
        elif w.kind == "file_uploader":
            if not isinstance(value, FileUploaderState):
                raise TypeError("use upload_file() for file uploaders")
            ws.file_uploader_state_value.CopyFrom(value)
        else:
            raise TypeError(f"setting a {w.kind} is not supported")
        self.widget_states[w.id] = ws
        return w

    def click(self, key: str) -> Widget:
        w = self.widget(key)
        self.widget_states[w.id] = WidgetState(id=w.id, trigger_value=True)
        self._triggers.add(w.id)
        return w

    async def upload_file(
        self, key: str, filename: str, data: bytes, content_type: str = "text/csv"
    ):
        """Upload one file as the frontend does and set the uploader's widget state (rerun after)."""
        w = self.widget(key)
        req_id = uuid.uuid4().hex
        back = BackMsg()
        back.file_urls_request.request_id = req_id
        back.file_urls_request.file_names.append(filename)
        back.file_urls_request.session_id = self.session_id
        await self._send(back)
        deadline = time.monotonic() + 30
        early: list[ForwardMsg] = []
        while req_id not in self._file_urls:
            msg = await self._recv(deadline)
            if msg.WhichOneof("type") == "file_urls_response":
                self._file_urls[msg.file_urls_response.response_id] = msg.file_urls_response
            else:
                early.append(msg)
        self._pending = early + self._pending
        resp = self._file_urls.pop(req_id)
        if resp.error_msg or not resp.file_urls:
            raise SessionError(f"file_urls_request failed: {resp.error_msg!r}")
        urls = resp.file_urls[0]
        boundary = "----spendgeo" + uuid.uuid4().hex
        body = (
            (
                f"--{boundary}\r\n"
                f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
                f"Content-Type: {content_type}\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        upload_url = urls.upload_url if urls.upload_url.startswith("/") else "/" + urls.upload_url
        headers = {
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Cookie": self._cookie_header(),
            "Origin": self.origin,
        }
        if XSRF_COOKIE in self.cookies:
            headers["X-Xsrftoken"] = self.cookies[XSRF_COOKIE]
        put = await http_request(self.origin + upload_url, "PUT", headers, body, timeout=60)
        if put.status not in (200, 204):
            raise SessionError(f"PUT {upload_url} answered {put.status}: {put.body[:200]!r}")
        state = FileUploaderState()
        info = state.uploaded_file_info.add()
        info.file_id = urls.file_id
        info.name = filename
        info.size = len(data)
        info.file_urls.CopyFrom(urls)
        return self.set_value(w.id, state)


# --- the deployment: deploy/serve.sh, replica metrics, nginx access log, memory ---------------------

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_port_run(n: int, tries: int = 200) -> int:
    """First of n consecutive free loopback ports (for the replicas serve.sh numbers upwards)."""
    rng = random.Random()
    for _ in range(tries):
        base = rng.randrange(20000, 60000 - n)
        ok = True
        for port in range(base, base + n):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port))
                except OSError:
                    ok = False
                    break
        if ok:
            return base
    raise RuntimeError(f"no run of {n} free ports found")


@dataclass
class Deployment:
    """deploy/serve.sh N replicas + nginx on loopback, started in its own process group."""

    replicas: int = 2
    proxy_port: int = 0
    first_port: int = 0
    start_timeout: float = 240.0
    proc: subprocess.Popen | None = None
    pids: list[int] = field(default_factory=list)
    ports: list[int] = field(default_factory=list)
    prefix: Path | None = None
    output: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    def start(self) -> Deployment:
        self.proxy_port = self.proxy_port or free_port()
        self.first_port = self.first_port or free_port_run(self.replicas)
        env = {**os.environ, "SPENDGEO_FIRST_PORT": str(self.first_port)}
        self.proc = subprocess.Popen(
            ["bash", str(ROOT / "deploy" / "serve.sh"), str(self.replicas), str(self.proxy_port)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        lines: queue.Queue[str | None] = queue.Queue()

        def pump() -> None:
            assert self.proc is not None and self.proc.stdout is not None
            for line in self.proc.stdout:
                lines.put(line.rstrip("\n"))
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + self.start_timeout
        try:
            while self.prefix is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise RuntimeError("deploy/serve.sh did not become ready in time")
                try:
                    line = lines.get(timeout=left)
                except queue.Empty:
                    continue
                if line is None:
                    raise RuntimeError("deploy/serve.sh exited:\n" + "\n".join(self.output))
                self.output.append(line)
                key, _, value = line.partition("=")
                if key == "SPENDGEO_PIDS":
                    self.pids = [int(p) for p in value.split()]
                elif key == "SPENDGEO_PORTS":
                    self.ports = [int(p) for p in value.split()]
                elif key == "SPENDGEO_NGINX_PREFIX":
                    self.prefix = Path(value)
        except BaseException:
            self.stop()
            raise
        return self

    def stop(self, timeout: float = 40.0) -> int | None:
        """SIGTERM serve.sh (it stops nginx and the replicas); kill the group if it hangs."""
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        # Anything left in serve.sh's process group (it should be empty by now).
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        return self.proc.returncode

    def __enter__(self) -> Deployment:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def access_log(self) -> list[dict[str, str]]:
        return read_access_log(self.prefix / "access.log") if self.prefix else []


_LOG_RE = re.compile(
    r'"(?P<method>\S+) (?P<path>\S+) [^"]*" (?P<status>\d+) \d+ route=(?P<route>\S+) '
    r"upstream=(?P<upstream>\S+)"
)


def read_access_log(path: Path) -> list[dict[str, str]]:
    """Requests from the nginx access log (log_format spendgeo in deploy/nginx.conf.template)."""
    if not path.exists():
        return []
    return [m.groupdict() for m in map(_LOG_RE.search, path.read_text().splitlines()) if m]


def replica_metrics(port: int, timeout: float = 10.0) -> dict[str, float]:
    """Streamlit's /_stcore/metrics of one replica (direct, loopback): connects, active sessions."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/metrics", timeout=timeout) as r:
        text = r.read().decode()
    out: dict[str, float] = {}
    for line in text.splitlines():
        if line.startswith('session_events_total{type="connect"}'):
            out["connects"] = float(line.split()[-1])
        elif line.startswith("active_sessions "):
            out["active_sessions"] = float(line.split()[-1])
    return out


def proc_memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak RSS) of a process, in kB, from /proc (empty if it is gone)."""
    out = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(("VmRSS:", "VmHWM:")):
                out[line.split(":")[0]] = int(line.split()[1])
    except OSError:
        pass
    return out


def run_sync(coro):
    """asyncio.run(coro), in a worker thread: pytest may already hold an event loop in this thread
    (Playwright's sync API keeps one running for the browser fixtures)."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
