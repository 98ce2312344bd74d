"""Presentation scenes: named views saved into the link (scenes=…, scene=i), pure and never raising."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from urllib.parse import parse_qsl, quote, unquote, urlencode

from ui.views import FRAME_PARAMS, VIEWS

# Link form: scenes=<name>~<page>~<page params, urlencoded>|… with each part percent-quoted, so a
# "~" or "|" inside a name or a value never splits a scene. The browser quotes the whole value once
# more in the URL. Limits keep a mangled or hostile link cheap: 24 scenes, 6,000 characters.
MAX_SCENES = 24
MAX_SCENES_TEXT = 6000
MAX_NAME = 60
PAGES: tuple[str, ...] = tuple(VIEWS)  # url paths of the pages a scene can show


@dataclass(frozen=True)
class Scene:
    """One saved view: a name, the page's url path and its own URL params (no frame params)."""

    name: str
    page: str
    params: tuple[tuple[str, str], ...] = ()

    def query(self) -> dict[str, str]:
        return dict(self.params)

    def encode(self) -> str:
        body = urlencode(self.params)
        # quote() leaves "~" alone (an unreserved URL character): escape it by hand.
        return "~".join(quote(p, safe="").replace("~", "%7E") for p in (self.name, self.page, body))


def _text(params: Mapping[str, object], key: str, limit: int) -> str | None:
    try:
        value = params.get(key)  # type: ignore[union-attr]
    except Exception:  # noqa: BLE001 — a misbehaving mapping is just "absent"
        return None
    if isinstance(value, list | tuple):
        value = value[-1] if value else None
    return value if isinstance(value, str) and len(value) <= limit else None


def clean_name(name: object) -> str:
    """A scene name as shown: printable, single-line, at most MAX_NAME characters."""
    text = " ".join("".join(c for c in str(name or "") if c.isprintable()).split())
    return text[:MAX_NAME]


def page_params(params: Mapping[str, str]) -> tuple[tuple[str, str], ...]:
    """A page's own params from a full URL (frame params dropped), in a stable order."""
    return tuple(
        sorted(
            (str(k), str(v))
            for k, v in params.items()
            if k not in FRAME_PARAMS and isinstance(v, str) and v != ""
        )
    )


def _decode(piece: str) -> Scene | None:
    parts = piece.split("~")
    if len(parts) != 3:
        return None
    name, page, body = (unquote(p) for p in parts)
    name = clean_name(name)
    if not name or page not in PAGES:
        return None
    try:
        pairs = parse_qsl(body, keep_blank_values=False, max_num_fields=64)
    except ValueError:
        return None
    return Scene(name, page, page_params(dict(pairs)))


@dataclass(frozen=True)
class Scenes:
    """The saved scenes of a link and which one is on screen (None: none chosen yet)."""

    items: tuple[Scene, ...] = ()
    current: int | None = None

    @classmethod
    def from_params(cls, params: Mapping[str, object]) -> Scenes:
        """The scenes a link carries; never raises (unreadable scenes are skipped)."""
        text = _text(params, "scenes", MAX_SCENES_TEXT) or ""
        items: list[Scene] = []
        for piece in text.split("|"):
            scene = _decode(piece) if piece else None
            if scene and all(s.name != scene.name for s in items):
                items.append(scene)
            if len(items) >= MAX_SCENES:
                break
        idx = (_text(params, "scene", 4) or "").strip()
        current = int(idx) if idx.isascii() and idx.isdigit() else None
        if current is not None and not 0 <= current < len(items):
            current = None
        return cls(tuple(items), current)

    @staticmethod
    def link_problems(params: Mapping[str, object]) -> tuple[str, ...]:
        """What of a link's scenes could not be used, one sentence each (none for a good link).

        Why: a chat client that cuts a long link, or a hand-edited scene=99, left the bar saying
        "1 scene" or showing no scene with no word of why (workshop walk)."""
        raw = params.get("scenes") if hasattr(params, "get") else None
        text = raw[-1] if isinstance(raw, list | tuple) and raw else raw
        out: list[str] = []
        if isinstance(text, str) and text:
            if len(text) > MAX_SCENES_TEXT:
                out.append(
                    f"The link's scenes are longer than {MAX_SCENES_TEXT:,} characters, so none "
                    "could be read; save the scenes again."
                )
            else:
                pieces = [p for p in text.split("|") if p]
                read = [s for s in map(_decode, pieces) if s]
                unread = len(pieces) - len(read)
                if unread:
                    out.append(
                        f"{unread} of the link's {len(pieces)} scenes could not be read (the link "
                        "may have been cut short when it was shared); the others are kept."
                    )
                if len(read) > MAX_SCENES:
                    out.append(
                        f"The link has {len(read)} scenes; only the first {MAX_SCENES} are kept."
                    )
        n = len(Scenes.from_params(params).items)
        idx = (_text(params, "scene", 4) or "").strip()
        if idx and (not (idx.isascii() and idx.isdigit()) or int(idx) >= n):
            have = f"it has {n} scene{'' if n == 1 else 's'}" if n else "it has no scenes"
            out.append(
                f"The link asks for scene {idx[:4]!r}, but {have}: pick one with ◀ ▶ or the "
                "Scenes list."
            )
        return tuple(out)

    def to_params(self) -> dict[str, str]:
        if not self.items:
            return {}
        out = {"scenes": "|".join(s.encode() for s in self.items)}
        if self.current is not None:
            out["scene"] = str(self.current)
        return out

    def save(self, name: object, page: str, params: Mapping[str, str]) -> Scenes:
        """Add (or replace, by name) a scene and make it the current one; unusable input changes nothing."""
        label = clean_name(name)
        if not label or page not in PAGES:
            return self
        scene = Scene(label, page, page_params(params))
        items = [s for s in self.items if s.name != label]
        at = next((i for i, s in enumerate(self.items) if s.name == label), len(items))
        items.insert(at, scene)
        items = items[:MAX_SCENES]
        candidate = Scenes(tuple(items), min(at, len(items) - 1))
        # Never let a save make the link unreadable: past the size cap, the scene is not added.
        return candidate if len(candidate.to_params()["scenes"]) <= MAX_SCENES_TEXT else self

    def remove(self, index: int) -> Scenes:
        if not 0 <= index < len(self.items):
            return self
        items = self.items[:index] + self.items[index + 1 :]
        current = self.current
        if current is not None and (current >= len(items) or current > index):
            current = current - 1 if current > 0 else None
        return Scenes(items, current if items else None)

    def step(self, delta: int) -> Scenes:
        """The next (+1) or previous (-1) scene, wrapping round; from no scene, the first or last."""
        if not self.items:
            return self
        if self.current is None:
            return replace(self, current=0 if delta >= 0 else len(self.items) - 1)
        return replace(self, current=(self.current + delta) % len(self.items))

    def shown(self) -> Scene | None:
        return self.items[self.current] if self.current is not None else None
