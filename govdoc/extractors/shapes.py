"""Shapes of monitoring-table text shared by the target and progress readers."""
from __future__ import annotations

import regex

# A 责任单位 cell: "州发改委", "州发改委（州园区办）", "人民银行湘西州中心支行".
RESPONSIBLE = regex.compile(
    r"(?:[州县市][\p{Han}]{1,8}?|人民银行[\p{Han}\n]{2,10}?)(?:局|委|办|院|支队|中心|室|支行)(?:[（(][\p{Han}]{2,10}[）)])?"
)
RESPONSIBLE_END = regex.compile("(?:" + RESPONSIBLE.pattern + ")$")
# A row number opening a row: "17" alone, or glued to its text: "17第一产业增长5%…".
ROW_NUMBER = regex.compile(r"^(\d{1,3})(?=$|\p{Han})")
