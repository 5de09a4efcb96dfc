"""From what a user has (plain text, an HTML page, the JSON of a policy-list API) to the plan's own lines.

`plan_text(raw)` reads the input, turns HTML into lines (table cells joined by " | "), normalises
half-width punctuation between Chinese characters, and cuts the hosting site's junk before the
document's header and everything after it that is not the plan (site footer, the next document).
"""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser

BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table", "section", "article",
              "title", "ul", "ol", "blockquote", "pre"}
SKIP_TAGS = {"script", "style", "head", "noscript", "template"}
JUNK = re.compile(r"主办[:：]|承办[:：]|版权所有|Copyright|微信二维码|扫一扫|网站地图|联系我们|ICP备|打印本页|关闭窗口|"
                  r"您当前的位置|当前位置[:：]|分享到|【字体|字号[:：]|上一篇|下一篇|^首页")
DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}〔\d{4}〕\d+号")
ISSUER = re.compile(r"^[\u4e00-\u9fff]{2,20}(人民政府|办公厅|委员会|政府|办公室)$")
SALUTATION = re.compile(r"^各[\u4e00-\u9fff]{0,6}[（(]")
WIDE_DIGITS = str.maketrans("０１２３４５６７８９％", "0123456789%")
HEADER_WORDS = re.compile(r"关于|通知|印发|方案|计划|意见|规划|办法|人民政府|办公厅")
TITLE_KEYS = ("title", "bt", "doctitle", "name", "标题")
NUMBER_KEYS = ("wh", "fwzh", "docno", "documentnumber", "document_number", "文号", "fileno", "zh")
DATE_KEYS = ("fwrq", "cwrq", "publishdate", "pubdate", "publish_date", "date", "成文日期", "发布日期")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skip += 1
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
        elif tag == "tr":
            self.parts.append(" |\n")
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line, table rows as `cell | cell |`.

    >>> html_to_text("<p>一、目标</p><table><tr><td>1</td><td>任务</td></tr></table><script>x</script>")
    '一、目标\\n1 | 任务 |'
    """
    parser = _Text()
    parser.feed(markup)
    parser.close()
    lines = []
    for line in "".join(parser.parts).replace("\xa0", " ").split("\n"):
        line = re.sub(r"[ \t]+", " ", line).strip()
        line = re.sub(r"^\|\s*", "", line)
        if line and line != "|":
            lines.append(line)
    return "\n".join(lines)


def looks_like_html(text: str) -> bool:
    return bool(re.search(r"<(p|div|br|table|td|span|html|body)\b[^>]*>", text[:20000], re.I))


def _strings(node, key=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _strings(v, str(k))
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v, key)
    elif isinstance(node, str):
        yield key, node


def _records(node):
    """Every mapping in the JSON, with its own string fields."""
    if isinstance(node, dict):
        yield node
        for v in node.values():
            yield from _records(v)
    elif isinstance(node, list):
        for v in node:
            yield from _records(v)


def json_to_text(data) -> str:
    """The text of the record holding the longest Chinese string: title, number and date first, then the body."""
    def cjk(s: str) -> int:
        return len(re.findall(r"[\u4e00-\u9fff]", s))

    best = max(_records(data), key=lambda r: max([cjk(v) for v in r.values() if isinstance(v, str)] or [0]),
               default={})
    fields = {str(k).lower(): v for k, v in best.items() if isinstance(v, str)}
    body_key = max(fields, key=lambda k: cjk(fields[k]), default=None)
    head = [fields[k] for keys in (TITLE_KEYS, NUMBER_KEYS, DATE_KEYS) for k in keys if k in fields and k != body_key]
    body = fields.get(body_key, "") if body_key else ""
    body = html_to_text(body) if looks_like_html(body) else html.unescape(body)
    return "\n".join([*head, body])


def normalise(text: str) -> str:
    """Half-width punctuation as full-width (a thousands comma stays), full-width digits as ASCII, no BOM,
    no carriage returns.

    >>> normalise("达1,500亿元,增长(可比价);其中:A"), normalise("２０２２年达到９０％")
    ('达1,500亿元，增长（可比价）；其中：A', '2022年达到90%')
    """
    for junk in ("\ufeff", "\ufffd"):  # a BOM; the replacement character of a scrape cut mid-character
        text = text.replace(junk, "")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\xa0", " ").translate(WIDE_DIGITS)
    text = re.sub(r",(?!\d{3})|(?<!\d),", "，", text)
    text = text.replace("(", "（").replace(")", "）").replace(";", "；")
    return re.sub(r"(?<![A-Za-z]):(?!//)", "：", text)


def to_text(raw: str | bytes) -> str:
    """Plain text from a plain-text, HTML or JSON input."""
    if isinstance(raw, bytes):
        raw = raw.decode("utf-8", errors="replace")
    stripped = raw.lstrip("\ufeff \n\t")
    if stripped[:1] in "{[":
        try:
            return json_to_text(json.loads(stripped))
        except ValueError:
            pass
    return html_to_text(raw) if looks_like_html(raw) else raw


def _start(lines: list[str]) -> int:
    """Index of the first line of the document: its issuer, title, number or salutation."""
    for i, line in enumerate(lines):
        text = line.strip()
        nxt = next((x.strip() for x in lines[i + 1:i + 4] if x.strip()), "")
        if ISSUER.match(text) and ("关于" in nxt or DOC_NUMBER.fullmatch(nxt)):
            return i
        if (text.startswith("关于") and "通知" in text) or DOC_NUMBER.fullmatch(text) or SALUTATION.match(text):
            return i
        if "印发" in text and "《" in text:
            return i
    return 0


def _end(lines: list[str], start: int) -> int:
    """Index after the plan's last line: before a second document's header, or the site's footer."""
    numbers = [i for i in range(start, len(lines)) if DOC_NUMBER.fullmatch(lines[i].strip())]
    end = len(lines)
    if len(numbers) > 1 or (numbers and numbers[0] > start + 40):
        cut = numbers[1] if len(numbers) > 1 and numbers[0] <= start + 40 else numbers[0]
        back, seen = cut, 0
        for j in range(cut - 1, start, -1):
            text = lines[j].strip()
            if not text:
                continue
            if seen >= 4 or not HEADER_WORDS.search(text) or len(text) > 60:
                break
            back, seen = j, seen + 1
        end = back
    while end > start and (not lines[end - 1].strip() or JUNK.search(lines[end - 1])):
        end -= 1
    return end


def plan_text(raw: str | bytes) -> str:
    """The plan's lines from any supported input: junk before and after cut, punctuation normalised."""
    lines = normalise(to_text(raw)).split("\n")
    start = _start(lines)
    lines = [line for line in lines[start:_end(lines, start)] if not JUNK.search(line)]
    return "\n".join(line.rstrip() for line in lines).strip("\n")
