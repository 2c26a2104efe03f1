"""Tasks printed as tables: real passages of the corpus, read as a table of the shapes they must give.

Each passage is cut from the corpus as printed: a list item per block of lines, blank lines
between them (in 泸溪's column blocks a blank line ends a cell). Expected rows are
(序号, start of the task text, leads, supports, 完成时限, uncertain).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from govdoc.extractors.tables import assign_units, join_wrapped, table_tasks
from govdoc.extractors.tasks import TaskRecord
from govdoc.pipeline.ingest import read_source
from govdoc.pipeline.normalise import normalise
from govdoc.pipeline.run import process
from govdoc.schemas.records import SourceText
from tests.test_pdf import CJK_FONT, make_pdf, text_lines, together

# 泸溪 附件4 清单 (luxi-gazette-2023-no2.txt 4971-5058): every column a block, the header after them.
LUXI_COLUMN_BLOCKS = "\n\n".join([
    "泸溪县打好优化发展环境持久仗重点任务责任清单",
    "任务一：实施办事效率提升行动，打造一流政务服务环境，让“办事不求人”成为常态",
    "1",
    "2",
    "3",
    "4",
    "深化“一\n"
    "网通办”\n"
    "打造“一\n"
    "件事一次\n"
    "办”升级",
    "版",
    "落实国办发〔2023〕32号文件部署要求，与省同步升\n"
    "级“互联网+政务服务”一体化平台，及时跟进并与省\n"
    "同步推进《湖南省深化“一网通办”打造“一件事一次\n"
    "办”升级版攻坚行动方案》（湘政办发〔2023〕50号）部\n"
    "署的个人、企业、项目三个全生命周期26个主题式、\n"
    "套餐式“一件事”在全县落地。2023年底前实现办\n"
    "证、就业、婚姻、“身后”、企业用工、员工保障、政策兑\n"
    "现、融资服务、招投标、用地审批等10个主题式、套餐\n"
    "式场景应用“一网通办”“一件事一次办”，持续打造",
    "“一件事一次办”升级版。",
    "以“湘易办”超级服务端为枢纽，打造全县移动政务\n"
    "服务体系，持续做好迭代、运营和推广工作，全力打\n"
    "造好“湘易办”泸溪旗舰店，加快基础设施建设，认真\n"
    "梳理自建移动应用系统现状，开启数据深度共享，做\n"
    "好个人全周期的办事和生活服务、企业全流程的惠\n"
    "企服务数据填充，推进各类平台顺畅对接，高频应用\n"
    "要按规范全量接入，打造好政策兑现、数字营商地图\n"
    "等惠企服务，深化电子证照场景应用，确保服务事项",
    "“走得通”“办得好”。",
    "2023年底前，用户数突破13万。",
    "升级扩容“湘易办”政务版，持续优化办文办会办事\n"
    "和即时通讯等基础功能，加快推进全县已建非涉密\n"
    "办公系统和高频办公应用规范接入，推动“湘易办”\n"
    "政务版全县范围广泛应用，尽早实现机关内部运行",
    "“一件事一次办”。",
    *["2023 年 9\n" "月底并持\n" "续推进"] * 2,
    "2023 年 9\n"
    "月底",
    "2023 年 9\n"
    "月底并持\n"
    "续推进",
    *["县 行 政 审\n" "批局"] * 4,
    *["县直有关单位"] * 4,
    "序号 工作任务 工作要求 完成时限 牵头单位 责任单位",
])

# The next page (5058-5234): 12 rows, 12 完成时限, 12 牵头单位, but three 责任单位 cells (merged).
LUXI_MERGED_CELLS = "\n\n".join([
    "序号 工作任务 工作要求 完成时限 牵头单位 责任单位",
    "加快“湘\n"
    "易办”推\n"
    "广应用\n"
    "5",
    "6",
    "7",
    "8",
    "9",
    "10",
    "11",
    "12",
    "13",
    "14",
    "15",
    "16",
    "推行异地代收代办和多地联办等业务模式，优化泸\n"
    "溪县政务服务旗舰店“跨省通办”服务专区服务功\n"
    "能。",
    "积极配合省与外省市联系对接，推进“湘易办”技术\n"
    "参数与外省政务APP技术参数相适配，探索打造政\n"
    "务APP联盟，实现一键登录、无感漫游，扩大服务范\n"
    "围，全面梳理高频事项上线APP联盟。",
    "动态调整政务服务事项清单，深入推进容缺受理和\n"
    "涉企经营许可事项告知承诺制，开展政务服务“红黄\n"
    "牌”和“差评”个案追查整改及责任追究。",
    "以企业群众的获得感和满意度作为主要评判标准，\n"
    "健全深化政务服务“好差评”机制，持续巩固评价、反\n"
    "馈、整改和监督全流程闭环。",
    "强化行政效能电子监察，深化“好差评”现场服务评\n"
    "价，有效引导企业群众参与。",
    "不断加强和规范全县各级政务服务中心建设管理，\n"
    "推进主题式、套餐式服务事项实现“一网通办”“一件\n"
    "事一次办”。",
    "进一步精简办事材料，实现政务服务事项、办事指南\n"
    "等在线上线下服务渠道同源发布、同步更新，做到线\n"
    "上线下无差别受理、同标准办理。",
    "推行“一窗办、一网办、一次办”，申请人可在一个窗\n"
    "口提交所有材料。实现“登录一个平台、填报一次信\n"
    "息、后台实时流转、即时回馈信息”的全流程网上办\n"
    "理服务，各部门不再重复采集数据和身份验证。",
    "加快推进泸溪县“互联网+政务服务”一体化平台建\n"
    "设，推动更多政务服务事项“网上办、掌上办”，实现",
    "“一网通办”“一件事一次办”，实现“全程网办”事项\n"
    "比例达到70%以上。",
    "编制政务数据共享清单，开展数据归集、资源编目、\n"
    "数据源头治理、共享对接工作，加强核心政务数据归\n"
    "集共享。",
    "整合汇集身份证、营业执照、驾驶证、不动产权证等\n"
    "高频电子证照库，逐步实现“一照通办”“一证通办”。",
    "开展“无证明城市”试点，以审批智能化、服务自助\n"
    "化、办事移动化为重点，推行“无证明”审批，实行“极\n"
    "简审批”。",
    *["2023 年 9\n" "月底并持\n" "续推进"] * 12,
    *["县 行 政 审\n" "批局"] * 12,
    "县直有关单位",
    "县公安局、\n"
    "县市场监督\n"
    "管理局、县\n"
    "自 然 资 源\n"
    "局、县交警\n"
    "大队等县直",
    "单位",
    "县直有关单位",
    "序号 工作任务 工作要求 完成时限 牵头单位 责任单位",
])

# 吉首 附件2 分解表 (jishou-liuzhang-2023-plan.txt 1359-1403): rows in reading order, columns
# separated by spaces where a line shows them.
JISHOU_ROW_WISE = "\n\n".join([
    "序号 工作内容 工作任务 牵头单位 配合单位",
    "5",
    "创新成果",
    "转化攻坚",
    "行动",
    "培育壮大",
    "科技型企",
    "业",
    "积极参加各类创新创业大赛和颠覆性技术大赛，建立“四科”科技型中小企业",
    "培育库，完善科技型企业梯度培育体系。力争科技型中小企业达 119 家，高新",
    "技术企业净增 4家以上，高新技术产业增加值增长 12%以上。提高规上工业企业",
    "研发机构、研发活动覆盖面，全年全社会研发经费投入增长 1.5 亿。",
    "市科工信局\n"
    "市发改局",
    "市税务局",
    "6\n"
    "持续加大财政投入，积极争取省财政企业科技创新政策支持，全面兑现科技型",
    "企业各项优惠政策。\n"
    "市科工信局 市财政局",
    "7 确保企业研发加计扣除及所得税减免应报尽报、政策应享尽享。 市税务局 市科工信局",
    "8 加快临规企业、潜力企业“小升规”；完成新增四上企业目标任务。 市统计局",
    "市发改局",
    "市科工信局",
    "市商务局",
])

# 凤凰 专报 附件1 监测表 (fenghuang-liuzhang-2023-report.txt 73-79): tab-separated cells.
FENGHUANG_TABS = "\n".join([
    "序号\t2023年度具体目标任务\t责任单位\t当前进展情况\t完成年度任务 之比\t备注",
    "1\t地区生产总值增长 7%\t县发改局\t1-3月,实现地区生产总值23.6亿元,同比增长5.2%。\t/\t低于预期",
    "2\t固定资产投资79.4亿元,增长 10% 。\t长 10%。 县发改局 1-3月,实现固定资产投资11.9亿元,同比增长0.9%。"
    "1-4月,预计实现固定资产投资16.6亿元,同比增长-0.86%。\t\t/\t低于预期",
    "3\t重点项目投资 90.5 亿元。\t县发改局\t1-4月,完成年计划投资的29%。\t29.00%\t进展有序",
    "4\t新增规模以上服务业企业2家。\t县发改局\t拟定重点跟踪培育企业2家。\t/\t进展有序",
    "5\t园区技工贸总收入突破15 亿元。\t县园区办 、凤凰产 业开发区 管委会\t1-3月,凤凰产业开发区技工贸总收入1.86亿元。"
    "\t12.40%\t未完成时序进度",
    "6\t园区亩均税收增长 20%。\t县园区办 、凤凰产 业开发区 管委会\t1-3月,凤凰产业开发区亩均税收0.37万元,"
    "同比增长30.07%。\t/\t符合预期",
])

REVIEW = ["县行政审批局"]
LOCAL = ["县直有关单位"]
SEPT = "2023年9月底并持续推进"
PARK = ["县园区办", "凤凰产业开发区管委会"]


@pytest.mark.parametrize("passage, rows", [
    pytest.param(LUXI_COLUMN_BLOCKS, [
        ("1", "落实国办发〔", REVIEW, LOCAL, SEPT, False),
        ("2", "以“湘易办”", REVIEW, LOCAL, SEPT, False),
        ("3", "2023年底", REVIEW, LOCAL, "2023年9月底", False),  # the column's 完成时限, not the text's
        ("4", "升级扩容“湘", REVIEW, LOCAL, SEPT, False),
    ], id="luxi-column-blocks"),
    pytest.param(LUXI_MERGED_CELLS, [
        (str(n), head, REVIEW, [], SEPT, True) for n, head in zip(range(5, 17), [
            "推行异地代收", "积极配合省与", "动态调整政务", "以企业群众的", "强化行政效能", "不断加强和规",
            "进一步精简办", "推行“一窗办", "加快推进泸溪", "编制政务数据", "整合汇集身份", "开展“无证明"])
    ], id="luxi-merged-cells"),
    pytest.param(JISHOU_ROW_WISE, [
        ("5", "积极参加各类", ["市科工信局"], ["市发改局", "市税务局"], None, True),  # no gap: 牵头 read, flagged
        ("6", "持续加大财政", ["市科工信局"], ["市财政局"], None, False),
        ("7", "确保企业研发", ["市税务局"], ["市科工信局"], None, False),
        ("8", "加快临规企业", ["市统计局"], ["市发改局", "市科工信局", "市商务局"], None, True),
    ], id="jishou-row-wise"),
    pytest.param(FENGHUANG_TABS, [
        ("1", "地区生产总值", ["县发改局"], [], None, False),
        ("2", "固定资产投资", [], [], None, False),  # its 责任单位 cell is garbled by the layout
        ("3", "重点项目投资", ["县发改局"], [], None, False),
        ("4", "新增规模以上", ["县发改局"], [], None, False),
        ("5", "园区技工贸总", PARK, [], None, False),
        ("6", "园区亩均税收", PARK, [], None, False),
    ], id="fenghuang-tab-separated"),
])
def test_table_shapes(passage: str, rows: list[tuple]) -> None:
    assert [_shape(record) for record in _records(passage)] == rows


def _source(text: str) -> SourceText:
    return SourceText("passage.txt", text, "text", "utf-8", hashlib.sha256(text.encode()).hexdigest())


def _records(text: str) -> list[TaskRecord]:
    norm = normalise(_source(text))
    return table_tasks(norm, 0, len(norm.lines), "附件", 2023)


def _shape(record: TaskRecord) -> tuple:
    deadline = record.deadline.raw if record.deadline else None
    return (record.item.number, record.item.text[:6], record.leads, record.supports, deadline, record.uncertain)


def test_merged_cells_say_why() -> None:
    reasons = {record.uncertain_reason for record in _records(LUXI_MERGED_CELLS)}
    assert reasons == {"责任单位: 3 entries for 12 rows"}


@pytest.mark.parametrize("lines, cell", [
    (["县市场监督", "管理局"], "县市场监督管理局"),  # a name wrapped by a narrow column
    (["县畜牧水产中心", "县林业局"], "县畜牧水产中心、县林业局"),  # one name a line
    (["县人社局、县科", "技工信局、县科", "协、团县委"], "县人社局、县科技工信局、县科协、团县委"),
    (["县公安局、", "县税务局、", "县公积金中", "心、县人社", "局、人行"], "县公安局、县税务局、县公积金中心、县人社局、人行"),
    (["县人行、县", "政府", "金融办"], "县人行、县政府金融办"),
])
def test_wrapped_unit_cells(lines: list[str], cell: str) -> None:
    assert join_wrapped(lines) == cell


@pytest.mark.parametrize("cell, leads, supports", [
    ("县林业局、县应急管理局、县公安局、各乡镇", ["县林业局"], ["县应急管理局", "县公安局", "各乡镇"]),
    ("县交警大队（牵头）、县交通运输局（牵头）、县财政局、各乡镇", ["县交警大队", "县交通运输局"], ["县财政局", "各乡镇"]),
])
def test_first_listed_is_lead_unless_marked(cell: str, leads: list[str], supports: list[str]) -> None:
    """责任单位 "(排第一为牵头单位)": the first unit leads, unless units are marked （牵头）."""
    assert assign_units(["lead_first"], [cell]) == (leads, supports)


def test_a_row_that_reads_as_an_outline_item_is_one_task() -> None:
    """A 清单 row whose text opens "1." and carries a note is also a prose task: the row is kept, once.
    (Built on 泸溪 附件2's first rows, with a note added to the first text.)"""
    text = "\n\n".join([
        "泸溪县打好经济增长主动仗实施方案", "泸溪县打好经济增长主动仗重点任务责任清单", "1", "2",
        "1.积极开展促消费活动。发放政府消费券。（县商务局牵头，县财政局配合）",
        "2.着力发展夜间经济。打造一个以上的“本地人常去、外地人必去”网红打卡地。",
        "县商务局", "县 农 业 农 村\n局", "序号 目标 主要任务 牵头单位",
    ])
    tasks = process(_source(text)).tasks
    assert [(t.task_no, t.names("lead"), t.names("support"), t.span.line) for t in tasks] == [
        ("1", ["县商务局"], [], 9), ("2", ["县农业农村局"], [], 11)]


TASK_GRID = [
    ["序号", "主要任务", "牵头单位", "配合单位", "完成时限"],
    ["1", "推进数字\n政府建设", "市政务\n服务局", "市大数据\n中心", "2024年\n6月底"],
    ["2", "建设Open\nData平台", "市经济和\n信息化局", "市发改委", "2024年\n9月底"],
    ["3", "实施城市\n更新行动", "市住房城乡\n建设局", "", "2024年\n12月底"],
]


NOTICE = ["吉首市人民政府办公室", "关于印发2024年重点工作任务分工的通知", "各乡镇人民政府、市直各单位：",
          "现将任务分工印发给你们，请认真贯彻落实。", "附件：2024年重点工作任务分工表"]
MERGED = ("SPAN", (3, 2), (3, 3))  # 市发改委 supports rows 2 and 3
RULES = ("GRID", (0, 0), (-1, -1), 0.5, "black")


@pytest.mark.parametrize("style, rows", [
    # pdfplumber's grid: the merged cell belongs to both rows (the grid says so), and the page's
    # text is not read a second time
    pytest.param([MERGED, RULES], [
        ("1", "推进数字政府建设", ["市政务服务局"], ["市大数据中心"], "2024-06-30", False),
        ("2", "建设Open Data平台", ["市经济和信息化局"], ["市发改委"], "2024-09-30", False),
        ("3", "实施城市更新行动", ["市住建局"], ["市发改委"], "2024-12-31", False),
    ], id="ruled-grid"),
    # no rules, no grid: the page's text, cell after cell, read row by row; nothing shows the
    # column gap between 牵头 and 配合, nor that row 3 shares row 2's 配合单位
    pytest.param([MERGED], [
        ("1", "推进数字政府建设", ["市政务服务局"], ["市大数据中心"], "2024-06-30", True),
        ("2", "建设OpenData平台", ["市经济和信息化局"], ["市发改委"], "2024-09-30", True),
        ("3", "实施城市更新行动", ["市住建局"], [], "2024-12-31", False),
    ], id="unruled-text"),
])
def test_pdf_task_table(tmp_path: Path, style: list[tuple], rows: list[tuple]) -> None:
    table_page = together(text_lines("2024年重点工作任务分工表"), _table(TASK_GRID, style))
    tasks = process(read_source(str(make_pdf(tmp_path, [text_lines(*NOTICE), table_page])))).tasks
    assert {t.span.page for t in tasks} == {2}
    assert [(t.task_no, t.text, t.names("lead"), t.names("support"), t.deadline, t.uncertain) for t in tasks] == rows


def _table(rows: list[list[str]], style: list[tuple]):
    from reportlab.platypus import Table, TableStyle

    def draw(canvas) -> None:
        table = Table(rows)
        table.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), CJK_FONT, 10.5), *style]))
        _, height = table.wrapOn(canvas, 450, 700)
        table.drawOn(canvas, 72, 720 - height)

    return draw
