"""Escape user-supplied strings (supplier names, headers, search terms) before Streamlit Markdown renders them."""

from __future__ import annotations

import html
import re

# Every character CommonMark / GitHub-flavoured Markdown (and Streamlit's extensions) gives a
# meaning: emphasis * _ ~, code `, links and images [ ] ( ) !, headings #, quotes >, lists + - .,
# tables |, escapes \, math $, emoji/icon shortcodes : and Streamlit's colour directives { }.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~$:])")
# GFM autolink literals ("www.evil.example", "https://…", "a@b.example") become links even
# without brackets: remark finds them in the parsed TEXT, after escapes and character references
# are decoded (seen in Chromium against Streamlit's renderer). An invisible WORD JOINER after the
# scheme, "www" or "@" breaks the pattern and reads the same.
_AUTOLINK = re.compile(r"(?i)\b(https?|ftps?|mailto|xmpp|javascript|data|www)(?=\\?[:.])|@")
WORD_JOINER = "\u2060"
# Line breaks would start new blocks (headings, lists, tables); a caption is one line.
_BREAKS = re.compile(r"[\r\n\u2028\u2029\x0b\x0c]+")
# Control characters and bidi overrides can hide or reorder text on screen ("Trojan Source").
_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def md_escape(text: object) -> str:
    """`text` as literal Markdown: no links, images, HTML, emphasis, headings or directives.

    HTML is entity-escaped first (`<script>` shows as text even where Streamlit allows HTML),
    then every Markdown punctuation character is backslash-escaped, autolink schemes are broken
    and line breaks become spaces. None → "".
    """
    if text is None:
        return ""
    s = _INVISIBLE.sub("", str(text))
    s = _BREAKS.sub(" ", s)
    # quote=False: a numeric entity (&#x27;) would have its "#" escaped below and show literally;
    # quotes are harmless outside an HTML attribute, and Streamlit Markdown allows no raw HTML here.
    s = html.escape(s, quote=False)
    s = _MARKDOWN.sub(r"\\\1", s)
    return _AUTOLINK.sub(lambda m: m.group(0) + WORD_JOINER, s)
