"""PDF reader: page-aware text with the two-column header block in reading order,
tables as pipe rows, and OCR (Tesseract, Vietnamese) for scanned pages."""

from __future__ import annotations

import itertools
import logging
import re
import shutil
import subprocess
import tempfile
from collections import Counter
from io import BytesIO
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError

from pipeline.document import Format, RawText
from pipeline.errors import EmptyDocument, IngestError, ToolMissing
from pipeline.ingest.layout import render_table

log = logging.getLogger(__name__)

_MIN_CHARS_PER_PAGE = 80
_OCR_TIMEOUT_S = 120
_VIET = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)


def read_pdf(data: bytes, name: str, *, ocr: bool = True) -> RawText:
    """Text of a PDF, page by page; scanned or garbage text layers go through OCR."""
    # Readers accept the header anywhere in the first 1024 bytes; some producers prepend junk.
    head = data.find(b"%PDF", 0, 1024)
    if head < 0:
        raise IngestError(f"{name}: not a PDF file (no %PDF header)")
    repairs: list[str] = [f"skipped {head} bytes before the %PDF header"] if head else []
    data = data[head:]
    widgets = _widget_words(data, name)
    try:
        with pdfplumber.open(BytesIO(data)) as pdf:
            pages = [_page_lines(page, widgets.get(i, [])) for i, page in enumerate(pdf.pages)]
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise IngestError(f"{name}: PDF is encrypted; decrypt it first (qpdf --decrypt)") from err
    except (PDFSyntaxError, ValueError, KeyError, TypeError, AssertionError, RecursionError) as err:
        raise IngestError(f"{name}: corrupt or truncated PDF ({type(err).__name__}: {err})") from err
    except Exception as err:  # pdfminer raises bare Exceptions on many malformed files
        if type(err).__module__.startswith(("pdfminer", "pdfplumber", "pypdfium2")):
            raise IngestError(f"{name}: unreadable PDF ({type(err).__name__}: {err})") from err
        raise
    if _needs_ocr(pages):
        if not ocr:
            raise EmptyDocument(f"{name}: scanned PDF with no usable text layer and OCR is disabled")
        pages = _ocr(data, name)
        repairs.append("OCR (tesseract, vie) of a scanned PDF")
    pages = _drop_running_lines(pages)
    if sum(len(line) for page in pages for line in page) == 0:
        raise EmptyDocument(f"{name}: PDF holds no text")
    text_parts: list[str] = []
    page_starts: list[int] = []
    pos = 0
    for lines in pages:
        page_starts.append(pos)
        chunk = "\n".join(lines) + "\n\n"
        text_parts.append(chunk)
        pos += len(chunk)
    return RawText("".join(text_parts), Format.PDF, "pdf text layer", tuple(repairs), tuple(page_starts))


def _needs_ocr(pages: list[list[str]]) -> bool:
    chars = sum(len(line) for page in pages for line in page)
    if chars < _MIN_CHARS_PER_PAGE * max(len(pages), 1) * 0.5:
        return True
    text = " ".join(" ".join(page) for page in pages)
    letters = sum(1 for ch in text if ch.isalpha())
    # Vietnamese text has a marked letter in roughly every fourth syllable; a garbage
    # layer (wrong font maps) has almost none, or mostly symbols.
    return letters < 0.5 * len(text) or len(_VIET.findall(text)) < 0.02 * letters


def _page_lines(page: Any, extra_words: list[dict[str, Any]]) -> list[str]:
    """Lines of one page in reading order, wrapped lines joined; tables become pipe rows."""
    tables = page.find_tables()
    boxes = [t.bbox for t in tables]
    words = page.extract_words(keep_blank_chars=False, use_text_flow=False, x_tolerance=1.5, y_tolerance=3)
    words = [w for w in words + extra_words if not any(_inside(w, b) for b in boxes)]
    grouped = _group_lines(words)
    right = max((ws[-1]["x1"] for _, ws in grouped), default=page.width)
    left = min((ws[0]["x0"] for _, ws in grouped), default=0.0)
    items: list[tuple[float, list[str], bool]] = []
    for top, line_words in grouped:
        # a line that runs to the right margin was wrapped: the next line continues it
        full = line_words[-1]["x1"] > right - 0.12 * (right - left)
        items.append((top, [_split_columns(line_words, page.width)], full))
    for table, box in zip(tables, boxes, strict=True):
        rows = [[c or "" for c in row] for row in table.extract()]
        items.append((box[1], render_table(rows), False))
    items.sort(key=lambda item: item[0])
    lines: list[str] = []
    continues = False
    for _, texts, full in items:
        for text in texts:
            if (
                continues
                and lines
                and _COL_MARK not in text
                and _COL_MARK not in lines[-1]
                and not _ITEM.match(text)
            ):
                lines[-1] = f"{lines[-1]} {text}"
            else:
                lines.append(text)
        continues = full and len(texts) == 1
    return _header_in_reading_order(lines)


_ITEM = re.compile(
    r"^\s*(?:[-+•–]\s|[a-zđ]\)\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVX]{1,5}\.\s|Điều\s+\d|Chương\s+[IVX\d])"
)


def _widget_words(data: bytes, name: str) -> dict[int, list[dict[str, Any]]]:
    """Words drawn by form-field widgets, by page index.

    Documents signed in the e-government systems stamp their number and date
    ("Số: 142/QĐ-UBND") as a signature widget, outside the page content, so
    pdfplumber never sees them. pdfium flattens the widgets into the page; the
    characters that appear are the widget text.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    out: dict[int, list[dict[str, Any]]] = {}
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError:
        return out
    try:
        for i in range(len(doc)):
            page = doc[i]
            if not pdfium_c.FPDFPage_GetAnnotCount(page.raw):
                continue
            height = page.get_height()
            before = Counter(_pdfium_chars(page.get_textpage()))
            pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_NORMALDISPLAY)
            new: list[tuple[str, tuple[float, float, float, float]]] = []
            for key, box in _pdfium_chars(doc[i].get_textpage(), with_boxes=True):
                if before[key]:
                    before[key] -= 1
                else:
                    new.append((key[0], box))
            out[i] = _group_chars(new, height)
    except pdfium.PdfiumError as err:
        log.warning("%s: widget text skipped (%s)", name, err)
    finally:
        doc.close()
    return out


def _pdfium_chars(textpage: Any, with_boxes: bool = False) -> list[Any]:
    chars: list[Any] = []
    for k in range(textpage.count_chars()):
        ch = textpage.get_text_range(k, 1)
        if ch.strip():
            box = textpage.get_charbox(k)
            key = (ch, round(box[0]), round(box[1]))
            chars.append((key, box) if with_boxes else key)
    return chars


def _group_chars(
    chars: list[tuple[str, tuple[float, float, float, float]]], height: float
) -> list[dict[str, Any]]:
    """pdfplumber-style words from pdfium characters (bottom-left origin)."""
    words: list[dict[str, Any]] = []
    for ch, (x0, y0, x1, y1) in chars:
        top, bottom = height - y1, height - y0
        last = words[-1] if words else None
        if last and abs(last["top"] - top) < 3 and -1 <= x0 - last["x1"] < 4.5:
            last["text"] += ch
            last["x1"] = x1
        else:
            words.append({"text": ch, "x0": x0, "x1": x1, "top": top, "bottom": bottom})
    return words


def _inside(word: dict[str, Any], box: tuple[float, float, float, float]) -> bool:
    x = (float(word["x0"]) + float(word["x1"])) / 2
    y = (float(word["top"]) + float(word["bottom"])) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _group_lines(words: list[dict[str, Any]]) -> list[tuple[float, list[dict[str, Any]]]]:
    lines: list[tuple[float, list[dict[str, Any]]]] = []
    for w in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        if lines and abs(lines[-1][0] - w["top"]) <= 3:
            lines[-1][1].append(w)
        else:
            lines.append((w["top"], [w]))
    return [(top, sorted(ws, key=lambda w: w["x0"])) for top, ws in lines]


_COL_MARK = "\u0000"


def _split_columns(words: list[dict[str, Any]], width: float) -> str:
    """Join a line's words; a wide gap across the page middle marks two columns."""
    parts = [words[0]["text"]]
    for prev, cur in itertools.pairwise(words):
        gap = cur["x0"] - prev["x1"]
        if gap > max(20.0, 0.035 * width) and prev["x1"] < 0.62 * width and cur["x0"] > 0.38 * width:
            parts.append(_COL_MARK)
        parts.append(cur["text"])
    return " ".join(parts).replace(f" {_COL_MARK} ", _COL_MARK)


def _header_in_reading_order(lines: list[str]) -> list[str]:
    """Put the left column of the leading two-column block before the right one.

    Official documents open with the issuer (left) beside the national motto (right),
    then the number beside the place and date; read column by column they make sense.
    """
    left: list[str] = []
    right: list[str] = []
    i = 0
    while i < len(lines) and i < 12:
        line = lines[i]
        if _COL_MARK in line:
            a, _, b = line.partition(_COL_MARK)
            left.append(a.strip())
            right.append(b.replace(_COL_MARK, " ").strip())
        elif left and len(line) < 60 and any(_COL_MARK in ln for ln in lines[i + 1 : i + 3]):
            # a lone short line inside the block (more two-column lines follow): assign by content
            (right if re.search(r"Độc lập|Hạnh phúc|ngày .* tháng|^-+$", line) else left).append(line)
        else:
            break
        i += 1
    rest = [ln.replace(_COL_MARK, " | ") for ln in lines[i:]]
    if not left:
        return rest
    return [ln for ln in left if ln] + [ln for ln in right if ln] + rest


_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+)?\d{1,4}(?:\s*/\s*\d{1,4})?(?:\s*-)?\s*$", re.IGNORECASE)


def _drop_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Remove page numbers and headers/footers repeated at the same place on many pages."""
    if not pages:
        return pages

    def key(line: str) -> str:
        return re.sub(r"\d+", "#", line.strip().lower())

    edge_counts: dict[str, int] = {}
    for lines in pages:
        for line in {key(ln) for ln in lines[:2] + lines[-2:]}:
            edge_counts[line] = edge_counts.get(line, 0) + 1
    repeated = {k for k, n in edge_counts.items() if len(pages) >= 3 and n >= max(3, len(pages) // 2)}
    out = []
    for lines in pages:
        kept = list(lines)
        for idx in (0, 1, -1, -2):
            if not kept:
                break
            j = idx if idx >= 0 else len(kept) + idx
            if 0 <= j < len(kept) and (_PAGE_NUMBER.match(kept[j]) or key(kept[j]) in repeated):
                kept[j] = ""
        out.append([ln for ln in kept if ln])
    return out


def _ocr(data: bytes, name: str) -> list[list[str]]:
    if not shutil.which("tesseract"):
        raise ToolMissing(
            f"{name}: scanned PDF with no usable text layer; OCR needs tesseract with the Vietnamese model "
            "(apt-get install tesseract-ocr tesseract-ocr-vie)"
        )
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, check=False).stdout
    if "vie" not in langs.split():
        raise ToolMissing(f"{name}: tesseract lacks the Vietnamese model (apt-get install tesseract-ocr-vie)")
    pages: list[list[str]] = []
    with pdfplumber.open(BytesIO(data)) as pdf, tempfile.TemporaryDirectory() as tmp:
        for i, page in enumerate(pdf.pages):
            image = Path(tmp) / f"p{i}.png"
            page.to_image(resolution=200).save(str(image))
            try:
                proc = subprocess.run(
                    ["tesseract", str(image), "-", "-l", "vie", "--psm", "4"],
                    capture_output=True,
                    timeout=_OCR_TIMEOUT_S,
                    check=False,
                )
            except subprocess.TimeoutExpired as err:
                raise IngestError(f"{name}: OCR of page {i + 1} timed out") from err
            if proc.returncode != 0:
                raise IngestError(f"{name}: OCR failed on page {i + 1}: {proc.stderr.decode()[:200]}")
            log.info("%s: OCR page %d/%d", name, i + 1, len(pdf.pages))
            pages.append(
                [ln.strip() for ln in proc.stdout.decode("utf-8", "replace").split("\n") if ln.strip()]
            )
    return pages
