"""Own-words labels: what a figure measures when the indicator catalogue does not know it.

A plan sets many targets no catalogue lists ("劳动争议仲裁结案率达到80%以上", "新建村组停车场25个",
"建设1家以上省级绿色园区"). Such a figure is labelled by the words of its own clause: the noun
phrase before it, stripped of the verbs and qualifiers around it ("劳动争议仲裁结案率"), or,
when nothing but a verb stands before it, the noun right after it ("省级绿色园区"). A figure
that qualifies a noun ("单体投资超过2亿元的产业项目", "50户以上大团寨") is no target, and a clause
whose words do not make a label (too short, too long, only verbs) gives none.
"""
from __future__ import annotations

import regex

CLAUSE = regex.compile(r"[，,；;。：:、（）()“”\"\s]")  # where a clause, and so a label, begins or ends
LEAD = regex.compile(
    r"(?:力争|争取|确保|全年|年内|今年|全[县市州省区]|计划|累计|新增|完成|实现|建设|建成|新建|打造|培育|开展|推动|推进|"
    r"加快|组织|布局|形成|引进|培养|支持|对|使|让|将|把|在|以|为|有|已|并|及|和|其中|每年|每季度|共|达到|达|"
    r"确定|启动|争创|创建|新培育|新引进|再|修建|新修|购买|购置|配备|举办|召开|设立|申报|认定|招引|签约|落地|落实|筹建|"
    r"净增|以上|以下|的|逐步|进一步|\d{4}年[底内]?|到\d{4}年底?|开工改造|开工建设|完成改造|全部|所有)+"
)
VERB_END = regex.compile(LEAD.pattern + "$")  # a clause that ends in a verb: its object is still to come
TAIL = regex.compile(r"(?:达到?|为|突破|超过|高于|不低于|不少于|至少|增长|增加|提高到?|提升到?|稳定在|保持在|应|要|共计?|"
                     r"累计|总计|约|的|在|占|分别|均|以上|及以上|全年|恢复到?|控制在?|降低?[至到为]?|压缩[至到为]?|"
                     r"压减[至到为]?|缩短[至到为]?|不超过|不高于|低于|可)+$")
# "2亿元的产业项目", "10亿级企业", "90个工作日", "在96%基础上": the figure qualifies what follows
MODIFIER_AFTER = regex.compile(r"(?:以上|以下|左右)?(?:的|级|工作日|小时|月|天|基础上)")
NOUN_AFTER = regex.compile(r"(?:以上|左右)?的?[“\"]?(?!以[上下内]|左右)(\p{Han}{2,16})[”\"]?(?=$|[，,；;。、（(])")
HAN = regex.compile(r"\p{Han}")
DIGIT = regex.compile(r"\d")
_QUALIFIER = regex.compile(r"(?:以上|以下|左右|以内)?")  # what may follow a figure before its clause ends
MIN_HAN, MAX_HAN = 2, 20


def bare_before(text: str, start: int, floor: int = 0) -> bool:
    """Whether only verbs and qualifiers stand before a figure in its clause ("建设10个…"), so that what it
    counts may follow it; "农村公路提质改造28公里路域环境整治…" names its own subject first."""
    before = TAIL.sub("", text[_clause_start(text, start, floor):start])
    return not before or bool(VERB_END.search(before))


def own_label(text: str, start: int, end: int, floor: int = 0) -> tuple[int, str] | None:
    """(label start, label) for the figure text[start:end], from its clause after `floor`; None if none fits."""
    if MODIFIER_AFTER.match(text, end):
        return None
    clause = _clause_start(text, start, floor)
    if floor and clause == floor:  # "500万元以上的项目降到1.2%": the words after a figure belong to it
        return None
    lead = LEAD.match(text, clause, start)
    at = lead.end() if lead else clause
    label = TAIL.sub("", text[at:start])
    if label:  # "高层公共建筑4类重点对象": a figure inside a phrase is no target of it ("100%覆盖" is: a rate of doing)
        inside = text[end - 1] != "%" and HAN.match(text, end + len(_QUALIFIER.match(text, end)[0]))
        return (at, label) if _fits(label) and not inside else None
    after = NOUN_AFTER.match(text, end)
    return (start, after.group(1)) if after and _fits(after.group(1)) else None


def _clause_start(text: str, start: int, floor: int) -> int:
    """Where the clause holding text[start] begins: after its last boundary, and not before `floor`."""
    return max([floor, *(m.end() for m in CLAUSE.finditer(text, floor, start))])


def _fits(label: str) -> bool:
    """Long enough to say something, short enough to be a name; no figure in it, no open list ("商务等")."""
    return MIN_HAN <= len(HAN.findall(label)) <= MAX_HAN and not DIGIT.search(label) and not label.endswith("等")
