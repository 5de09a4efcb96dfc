"""Sentence by sentence: what the drafting rules read from a target sentence, and that the written draft
validates. Each case is a tiny plan: a header (title 2023—2027, document number, date) and one passage."""

from __future__ import annotations

from decimal import Decimal

import pytest
import yaml

from dashboard import catalog
from dashboard.drafting.build import draft
from dashboard.drafting.clean import plan_text
from dashboard.drafting.quantities import quantities
from dashboard.drafting.writer import settle

HEADER = ("首页 > 政策文件 > 您当前的位置：首页\n重庆市人民政府\n"
          "关于印发重庆市摩托车产业高质量发展行动计划（2023—2027年）的通知\n渝府发〔2023〕5号\n各区县（自治县）人民政府，市政府各部门：\n现将《重庆市摩托车产业高质量发展行动计划（2023—2027年）》"
          "印发给你们，请认真贯彻执行。\n重庆市人民政府\n2023年3月1日\n")


def drafted(body: str):
    result = draft(HEADER + "二、发展目标\n" + body + "\n")
    text, problems = settle(result)
    assert problems == []
    catalog.parse(text, "draft.yaml")  # validates as written
    return result, yaml.safe_load(text)


def only(body: str) -> dict:
    result, data = drafted(body)
    assert len(data["indicators"]) == 1, data["indicators"]
    return data["indicators"][0]


def test_the_plan_block_comes_from_the_header_and_the_title_years():
    result, data = drafted("到2027年，摩托车产量达到200万辆。")
    (plan,) = data["plans"]
    assert plan["title"] == "重庆市摩托车产业高质量发展行动计划（2023—2027年）"
    assert (plan["document"], str(plan["issued"]), plan["base_year"], plan["target_year"]) == (
        "渝府发〔2023〕5号", "2023-03-01", 2022, 2027)
    assert plan["id"] == "plan-2023-5"


@pytest.mark.parametrize("text, value, unit", [
    ("1.8万亿元", "1.8", "万亿元"), ("两班", "2", "班"), ("百亿元", "100", "亿元"),
    ("3000万平方米", "3000", "万平方米"),
    ("8成", "8", "成"), ("1,500亿元", "1500", "亿元"), ("十五个", "15", "个"), ("5个工作日", "5", "工作日"),
    ("99.96%", "99.96", "%"), ("5公里/百平方公里", "5", "公里/百平方公里"),
])
def test_chinese_numbers_are_read_exactly_in_the_printed_unit(text, value, unit):
    (q,) = quantities(f"达到{text}")
    assert (q.value, q.unit) == (Decimal(value), unit)


@pytest.mark.parametrize("text", ["2022年底前", "5G基站", "IPv6", "第3项", "百亿级企业", "一批项目", "零部件", "30强"])
def test_things_that_are_not_quantities(text):
    assert quantities(text) == []


@pytest.mark.parametrize("sentence, direction, op, hold", [
    ("到2027年，产值达到500亿元。", "increase", None, None),
    ("到2027年，产值突破500亿元。", "increase", None, None),
    ("到2027年，产值超过500亿元。", "increase", ">", None),
    ("到2027年，产值达500亿元以上。", "increase", None, None),
    ("到2027年，产值达到500亿元左右。", "increase", "~", None),
    ("到2027年，单位能耗控制在0.5吨以内。", "decrease", None, None),
    ("到2027年，审批时间压减至5个工作日。", "decrease", None, None),
    ("到2027年，审批时间不超过5个工作日。", "decrease", None, None),
    ("到2027年，不良率降至2%。", "decrease", None, None),
    ("到2027年，优良天数稳定在300天以上。", "increase", None, True),
])
def test_direction_op_and_hold_come_from_the_verb(sentence, direction, op, hold):
    ind = only(sentence)
    assert (ind["direction"], ind["target"].get("op"), ind.get("hold")) == (direction, op, hold)
    assert ind["target"]["year"] == 2027


def test_a_share_target_and_its_declared_rate():
    ind = only("到2027年，数字经济增加值占比达到50%，年均增长7%。")
    assert (ind["kind"], ind["unit"], ind["target"]["value"]) == ("share", "%", 50)
    ind = only("到2027年，数字经济增加值达到5000亿元，年均增长7%。")
    assert ind["declared_rate"] == {"value": 7, "unit": "%", "basis": "nominal"}


def test_interim_and_final_targets_of_one_measure_go_together():
    ind = only("到2025年，摩托车产量达到150万辆，到2027年超过200万辆。")
    assert ind["name"] == "摩托车产量"
    assert ind["targets"] == [{"year": 2025, "value": 150}, {"year": 2027, "value": 200, "op": ">"}]


@pytest.mark.parametrize("sentence, baseline", [
    ("到2027年，审批时间由12个工作日压减至7个工作日。", {"year": 2022, "value": 12}),
    ("到2027年，审批时间从30个工作日减少至14个工作日。", {"year": 2022, "value": 30}),
    ("到2027年，产量由2022年的100万辆提高到200万辆。", {"year": 2022, "value": 100}),
    ("2022年为100万辆，到2027年产量达到200万辆。", {"year": 2022, "value": 100}),
])
def test_a_baseline_printed_in_the_sentence(sentence, baseline):
    ind = only(sentence)
    assert ind["baseline"] == baseline
    assert ind["direction"] == ("decrease" if baseline["value"] > ind["target"]["value"] else "increase")


def test_doubling_needs_and_takes_the_printed_baseline():
    ind = only("2022年为100亿元，到2027年产值翻一番。")
    assert (ind["baseline"], ind["target"]) == ({"year": 2022, "value": 100}, {"year": 2027, "factor": 2})
    result, data = drafted("到2027年，产值较2020年翻一番。")
    assert data["indicators"] is None or data["indicators"] == []
    assert [u.reason for u in result.unparsed] == ["unparsed.factor"]


def test_a_milestone_with_its_month_and_an_inline_lead_department():
    ind = only("2023年9月底前实现全市企业名称自主申报（市市场监管局牵头）。")
    assert ind["kind"] == "milestone"
    assert ind["target"] == {"year": 2023, "month": 9}
    assert "direction" not in ind and "unit" not in ind
    assert ind["owner"] == "市市场监管局"


def test_every_entry_quotes_its_sentence_and_guesses_are_marked():
    result, _ = drafted("到2027年，建成20个市级电子商务产业园区。")
    text, _ = settle(result)
    assert "source: \"二 发展目标 “到2027年，建成20个市级电子商务产业园区。”\"" in text
    assert "# CHECK: 名称由句子推断" in text


def test_target_like_sentences_that_are_not_read_are_listed_at_the_end():
    result, data = drafted("支柱产业增速高于服务业增速2个百分点以上。到2030年，产值达到900亿元。")
    assert data["indicators"] in (None, [])
    text, _ = settle(result)
    tail = text.split("# 以下语句含有看似目标的数字", 1)[1]
    assert "支柱产业增速高于服务业增速2个百分点以上" in tail and "相对目标" in tail
    assert "到2030年，产值达到900亿元" in tail and "目标年不在规划期内" in tail


def test_site_junk_and_a_following_document_are_cut():
    text = plan_text(HEADER + "二、发展目标\n到2027年，产值达到500亿元。\n\n重庆市人民政府关于印发\n另一个方案的通知\n"
                     "渝府发〔2023〕6号\n到2027年，另一个指标达到9个。\n主办：某网站 版权所有\n")
    assert text.startswith("重庆市人民政府\n关于印发")
    assert "另一个指标" not in text and "版权所有" not in text and "您当前的位置" not in text


def test_html_and_json_inputs_give_the_same_lines_as_text():
    body = "<html><body><div>首页</div><p>重庆市人民政府</p><p>关于印发某某方案的通知</p><p>渝府发〔2023〕5号</p>" \
           "<table><tr><td>序号</td><td>任务</td><td>牵头单位</td></tr><tr><td>1</td><td>2023年底前建成平台。</td>" \
           "<td>市大数据发展局</td></tr></table></body></html>"
    from_html = draft(body)
    import json
    from_json = draft(json.dumps({"data": {"list": [{"title": "某某方案", "content": body}]}}, ensure_ascii=False))
    for result in (from_html, from_json):
        (entry,) = result.entries
        assert (entry.head.kind, entry.head.year, entry.head.owner) == ("milestone", 2023, ("市大数据发展局",))
        assert entry.head.section == "第1项"


def test_a_baseline_in_another_unit_is_kept_and_marked():
    result, data = drafted("到2027年，审批时间由20日缩减至10个工作日。")
    (ind,) = data["indicators"]
    assert (ind["baseline"]["value"], ind["unit"]) == (20, "工作日")
    assert "check.baseline_unit" in result.entries[0].head.checks


def test_names_keep_their_first_characters_and_each_quantity_its_own_subject():
    _, data = drafted("2023年底前将使用范围扩大到全市所有区县。到2027年，实现市级90%以上、区县级70%以上事项网上申办。")
    names = [i["name"] for i in data["indicators"]]
    assert names[0] == "使用范围扩大到全市所有区县"
    assert names[1:] == ["市级", "区县级"]


def test_a_milestone_after_a_target_takes_the_sentence_deadline_but_a_general_aim_does_not():
    result, data = drafted("2023年底前将一般登记压缩至3个工作日，抵押注销登记实现立等可取。"
                           "到2027年，检验检测机构达700家，基本建成国家检验检测集聚区。")
    kinds = [(i["kind"], i["target"]["year"]) for i in data["indicators"]]
    assert kinds == [("level", 2023), ("milestone", 2023), ("level", 2027)]
    assert "check.year_inherited" in result.entries[1].head.checks


def test_each_thing_broken_through_is_a_milestone():
    _, data = drafted("到2027年，实现“全国文化企业30强”和本土文化企业上市零突破，力争国家制造业创新中心实现突破。")
    assert [(i["name"], i["kind"], i["target"]) for i in data["indicators"]] == [
        ("全国文化企业30强", "milestone", {"year": 2027}), ("本土文化企业上市", "milestone", {"year": 2027}),
        ("国家制造业创新中心", "milestone", {"year": 2027})]


def test_an_html_indicator_table_gives_baseline_interim_and_final_targets():
    table = ("<p>专栏1 主要指标</p><table><tr><td>序号</td><td>指标</td><td>单位</td><td>2022年</td><td>2025年</td>"
             "<td>2027年</td></tr>"
             "<tr><td>1</td><td>摩托车产量</td><td>万辆</td><td>100</td><td>150</td><td>200</td></tr>"
             "<tr><td>2</td><td>出口占比</td><td>%</td><td>30</td><td>35</td><td>40</td></tr></table>")
    result = draft(f"<html><body>{HEADER.replace(chr(10), '<br>')}{table}</body></html>")
    text, problems = settle(result)
    assert problems == []
    first, second = yaml.safe_load(text)["indicators"]
    assert (first["name"], first["unit"], first["baseline"], first["targets"]) == (
        "摩托车产量", "万辆", {"year": 2022, "value": 100},
        [{"year": 2025, "value": 150}, {"year": 2027, "value": 200}])
    assert (second["kind"], second["source"]) == ("share", "专栏1 第2项 “2 出口占比 % 30 35 40”")


@pytest.mark.parametrize("sentence, expected", [
    ("到2027年，分别压减高、低压客户办电环节至4个（申请受理、装表接电）、3个（申请受理）。",
     [("高、低压客户办电环节", 4, "decrease"), ("高、低压客户办电环节", 3, "decrease")]),
    ("到2027年，将获得用气流程由9个减少为客户提出用气需求、委托设计、设计审查备案、委托施工及通气5个阶段。",
     [("获得用气流程", 5, "decrease")]),
    ("到2027年，将企业开办流程简化为办理营业执照、申领发票、员工参保登记3个环节。",
     [("企业开办流程", 3, "decrease")]),
])
def test_cuts_written_around_their_measure(sentence, expected):
    _, data = drafted(sentence)
    assert [(i["name"], i["target"]["value"], i["direction"]) for i in data["indicators"]] == expected


def test_a_real_rate_in_an_indicator_table_gets_a_growth_indicator_beside_the_level():
    cells = "\n".join(["专栏1 主要指标", "序号", "指标名称", "单位", "2022年", "基数", "2027年", "目标", "年均增速",
                       "1",
                       "摩托车产业增加值", "亿元", "100", "150", "8%", "注：增加值增长为可比价增速"])
    result, data = drafted(cells)
    level, growth = data["indicators"]
    assert (level["baseline"], level["declared_rate"]) == ({"year": 2022, "value": 100},
                                                           {"value": 8, "unit": "%", "basis": "real"})
    assert (growth["kind"], growth["baseline"], growth["target"], growth["tracks"]) == (
        "growth", {"year": 2022}, {"year": 2027, "value": 8}, level["id"])
