"""Text helpers for matching agency names: lookup keys, flexible form regexes, capitals, spacing.

A name is matched against the text itself: `flex` turns a gazetteer form into a regex that
allows any spacing, dash or comma style and the old tone placement ("Uỷ" for "Ủy"), and `form_key`
is the lookup key a matched form is read back with.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from extractors.vnkeys import OLD_TONES

NEW_TONES = {new: old for old, new in OLD_TONES.items()}
OLD_TONE_RE = re.compile("|".join(OLD_TONES))
NEW_TONE_RE = re.compile("|".join(NEW_TONES))
_NOT_WORD = re.compile(r"[\W_]+")
LINE_SPACE = r"[^\S\n]+"  # spaces inside one line


def rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """Compile `pattern`, each plain space in it standing for spaces within one line."""
    return re.compile(pattern.replace(" ", LINE_SPACE), flags)


@lru_cache(maxsize=8192)
def form_key(s: str) -> str:
    """Lookup key: lower case, modern tones, letters and digits only ("Uỷ ban MTTQ" -> "ủybanmttq")."""
    s = unicodedata.normalize("NFC", s).lower()
    return _NOT_WORD.sub("", OLD_TONE_RE.sub(lambda m: OLD_TONES[m.group()], s))


def flex(form: str) -> str:
    """A regex for `form` that allows any spacing, dash or comma style and old tone placement."""
    out: list[str] = []
    i = 0
    while i < len(form):
        ch = form[i]
        pair = form[i : i + 2].lower()
        if ch in "-–,":
            while out and out[-1] == LINE_SPACE:
                out.pop()
            out.append(r"[^\S\n]*[,\-–][^\S\n]*" if ch == "," else r"[^\S\n]*[-–—][^\S\n]*")
            i += 1
            while i < len(form) and form[i] == " ":
                i += 1
            continue
        if ch == " ":
            out.append(LINE_SPACE)
        elif ch == "&":
            out.append(r"[^\S\n]*&[^\S\n]*")
        elif pair in NEW_TONES and (i + 2 >= len(form) or not form[i + 2].isalpha()):
            old = NEW_TONES[pair] if form[i].islower() else NEW_TONES[pair].capitalize()
            out.append(f"(?:{re.escape(form[i : i + 2])}|{re.escape(old)})")
            i += 2
            continue
        else:
            out.append(re.escape(ch))
        i += 1
    return "".join(out)


def alternation(forms: list[str]) -> str:
    """One regex for any of `forms`, longest first, ending at a word boundary."""
    uniq = sorted(set(forms), key=lambda f: (-len(f), f))
    return "(?:" + "|".join(flex(f) for f in uniq) + r")(?!\w)"


def is_cap(word: str) -> bool:
    return word[:1].isupper() or word[:1].isdigit()


def all_caps(s: str) -> bool:
    letters = [c for c in s if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def title(s: str) -> str:
    """ "NGÃI GIAO" -> "Ngãi Giao"; mixed-case words stay as written."""
    return " ".join(w[0] + w[1:].lower() if all_caps(w) else w for w in s.split())


def skip_space(text: str, pos: int, newline: bool = False) -> int:
    """The first non-space at or after `pos`; one line break is crossed only when `newline`."""
    n = len(text)
    crossed = False
    while pos < n and text[pos].isspace():
        if text[pos] == "\n":
            if not newline or crossed:
                return pos
            crossed = True
        pos += 1
    return pos
