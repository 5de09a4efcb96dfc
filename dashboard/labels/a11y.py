"""Labels for assistive technology: the page's language tag (screen readers pick their voice from it)."""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    "a11y.html_lang": ("zh-CN", "en"),
    "a11y.lang_frame": ("页面语言设置（无可见内容）", "Page language setting (nothing visible)"),
}
