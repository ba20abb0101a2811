"""Sibling plans: other tag syntaxes, numbering, notices and web noise, on small
hand-made texts whose expected parse is worked out by reading them."""

from __future__ import annotations

import datetime as dt

import pytest

import integrity_toolkit as itk


def one_task(body: str) -> str:
    return f"二、主要任務\n(一)監督體系\n1.建立機制。{body}\n2.下一項。乙。\n"


def units_of(text: str, clause_id: str = "2.1.1") -> list[tuple[str, str]]:
    clause = itk.parse_plan(text).clause(clause_id)
    return [(a.unit, a.role.value) for a in clause.assignments]


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "(牽頭單位:省政府辦公廳、省發展改革委;配合單位:各市政府)",
            [
                ("省政府辦公廳", "lead"),
                ("省發展改革委", "lead"),
                ("各市政府", "collective"),
            ],
        ),
        ("(责任单位:市发改局)", [("市发改局", "lead")]),
        ("(责任单位:市发改局、市财政局)", [("市发改局", "lead"), ("市财政局", "co")]),
        (
            "(市发改局牵头,市财政局配合)",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        (
            "(市发改局牵头,市财政局参与)",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        (
            "(發展改革委、人民銀行牽頭負責,法制辦參加)",
            [("發展改革委", "lead"), ("人民銀行", "lead"), ("法制辦", "support")],
        ),
        (
            "(牵头单位:县发改局;责任单位:县财政局,各乡镇人民政府)",
            [
                ("县发改局", "lead"),
                ("县财政局", "support"),
                ("各乡镇人民政府", "collective"),
            ],
        ),
        # labels separated by a comma or a space instead of ;
        (
            "(牵头单位:县发改局,配合单位:县财政局)",
            [("县发改局", "lead"), ("县财政局", "support")],
        ),
        (
            "（牵头单位：县发改局　协办单位：县财政局）",
            [("县发改局", "lead"), ("县财政局", "support")],
        ),
        (
            "[市考核辦,各縣(市、區)人民政府按職責分工分別負責]",
            [("市考核辦", "lead"), ("各縣(市、區)人民政府", "collective")],
        ),
        ("〔责任单位:市发改局〕", [("市发改局", "lead")]),
        ("【责任单位:市发改局】", [("市发改局", "lead")]),
        (
            "(市发改局负责,市财政局、市直有关单位协助)",
            [
                ("市发改局", "lead"),
                ("市财政局", "support"),
                ("市直有关单位", "collective"),
            ],
        ),
        (
            "(市发改局牵头、市财政局配合)",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        ("(由市发改局负责)", [("市发改局", "lead")]),
        # the ratio sign ∶ and the small semicolon ﹔ as web copies write them
        (
            "（牵头单位∶市发改局﹔责任主体∶市财政局）",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
    ],
)
def test_tag_syntax_gives_units_and_roles(
    tag: str, expected: list[tuple[str, str]]
) -> None:
    assert units_of(one_task(f"加強工作。{tag}")) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "市发改局牵头,市财政局配合。",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        ("由市发改局牵头负责。", [("市发改局", "lead")]),
        (
            "市发改局、市财政局牵头,各部门参与",
            [("市发改局", "lead"), ("市财政局", "lead"), ("各部门", "collective")],
        ),
    ],
)
def test_unbracketed_lead_sentence_at_line_end_is_a_tag(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert units_of(one_task(f"加强工作。\n{sentence}")) == expected


def test_lead_word_inside_a_sentence_is_no_tag() -> None:
    text = one_task("由市发改局牵头,会同有关部门制定方案。")
    assert itk.parse_plan(text).clause("2.1.1").tag is None


def test_person_in_charge_is_recorded_as_a_person() -> None:
    text = one_task("加強工作。(唐杰同志負責,市監察局牽頭辦理,市編辦協助辦理)")
    clause = itk.parse_plan(text).clause("2.1.1")
    assert [p.name for p in clause.persons] == ["唐杰同志"]
    assert [(a.unit, a.role.value) for a in clause.assignments] == [
        ("市監察局", "lead"),
        ("市編辦", "support"),
    ]
    assert clause.to_dict()["persons"][0]["name"] == "唐杰同志"


def test_leader_label_names_a_person() -> None:
    text = one_task("加強工作。(牽頭領導:張三;牽頭單位:市發改局;配合單位:市財政局)")
    clause = itk.parse_plan(text).clause("2.1.1")
    assert [p.name for p in clause.persons] == ["張三"]
    assert [(a.unit, a.role.value) for a in clause.assignments] == [
        ("市發改局", "lead"),
        ("市財政局", "support"),
    ]


def test_tag_lines_after_a_task_are_one_tag() -> None:
    text = (
        "一、主要目标\n1.生产总值增长6%。\n\n牵头单位:区发改局\n\n"
        "责任单位:开发区,各街道\n2.投资增长15%。\n牵头单位:区财政局\n"
    )
    plan = itk.parse_plan(text)
    first = plan.clause("1.1")
    assert first.tag == "牵头单位:区发改局\n\n责任单位:开发区,各街道"
    assert [(a.unit, a.role.value) for a in first.assignments] == [
        ("区发改局", "lead"),
        ("开发区", "support"),
        ("各街道", "collective"),
    ]
    assert plan.clause("1.2").lead == "区财政局"


def test_block_tag_covers_the_untagged_tasks_above_it() -> None:
    text = (
        "一、任务\n(一)监督\n1.甲事。(市审计局负责)\n2.乙事。做乙。\n3.丙事。做丙。\n"
        "以上工作牵头单位:市发改局。责任单位:各区政府。\n(二)其他\n1.丁事。做丁。\n"
    )
    plan = itk.parse_plan(text)
    leads = {c.id: c.lead for c in plan.clauses()}
    assert leads == {
        "1.1.1": "市审计局",  # tagged itself: the block stops above it
        "1.1.2": "市发改局",
        "1.1.3": "市发改局",
        "1.2.1": None,  # another group
    }
    assert plan.clause("1.1.2").tag == "以上工作牵头单位:市发改局。责任单位:各区政府。"


def test_note_that_first_unit_leads_makes_the_others_support() -> None:
    note = "(注:排在第一位的为牵头单位,其他为配合单位。)\n"
    text = note + one_task("加强工作。(市发改局、市财政局负责)")
    assert units_of(text) == [("市发改局", "lead"), ("市财政局", "support")]


def test_without_a_note_a_plain_list_has_a_lead_and_co_units() -> None:
    assert units_of(one_task("加强工作。(市发改局、市财政局负责)")) == [
        ("市发改局", "lead"),
        ("市财政局", "co"),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # (1) numbering directly under a group makes tasks
        (
            "一、任务\n(一)监督\n(1)甲事。(市发改局负责)\n(2)乙事。(市财政局负责)\n",
            [("1.1.1", "甲事"), ("1.1.2", "乙事")],
        ),
        # circled numbers likewise
        (
            "一、任务\n(一)监督\n①甲事。(市发改局负责)\n②乙事。(市财政局负责)\n",
            [("1.1.1", "甲事"), ("1.1.2", "乙事")],
        ),
        # (1) under a numbered task stays in the task's text
        (
            "一、任务\n1.总事。\n(1)甲事。(市发改局负责)\n(2)乙事。(市财政局负责)\n",
            [("1.1", "总事")],
        ),
        # no part: groups and tasks under part 0
        ("(五)服务\n21.审批。(市监察局负责)\n", [("0.5.21", "审批")]),
        # heading on the same line as its text, 1、 numbering
        ("一、任务\n1、建立制度。做事。(市发改局负责)\n", [("1.1", "建立制度")]),
        # 一. and 1) numbering
        ("一.任务\n1)建立制度。做事。(市发改局负责)\n", [("1.1", "建立制度")]),
        # 一是…二是… at the start of lines under a group
        (
            "一、任务\n(一)监督\n一是甲事。(市发改局负责)\n二是乙事。(市财政局负责)\n",
            [("1.1.1", "甲事"), ("1.1.2", "乙事")],
        ),
        # the tag on the heading's line: the heading is what it governs
        ("一、任务\n1.加强领导(市发改局负责)\n", [("1.1", "加强领导")]),
        # a group numbered like a task before it in the same part keeps its own id
        (
            "一、任务\n1.甲。(市发改局负责)\n2.乙。(市财政局负责)\n(二)丙(各部门负责)\n",
            [("1.1", "甲"), ("1.2", "乙"), ("1.2#2", "丙")],
        ),
        # tasks without numbers: one task per group, one clause per tag
        (
            "一、任务\n(一)监督\n甲。(市发改局负责)\n乙。(市财政局负责)\n",
            [("1.1", "监督")],
        ),
    ],
)
def test_numbering_variants_give_tasks(
    text: str, expected: list[tuple[str, str]]
) -> None:
    plan = itk.parse_plan(text)
    assert [(t.id, t.heading) for t in plan.tasks] == expected


def test_page_opening_inside_a_task_keeps_its_tag() -> None:
    text = "的相关工作。(市发改局负责)\n3.乙事。(市财政局负责)\n"
    plan = itk.parse_plan(text)
    assert [(t.id, c.text, c.lead) for t in plan.tasks for c in t.clauses] == [
        ("0", "的相关工作。", "市发改局"),
        ("0.3", "乙事。", "市财政局"),
    ]


def test_table_of_contents_gives_no_tasks() -> None:
    text = (
        "某市人民政府\n2017年1月26日\n目 录\n一、总体思路\n(一)指导思想\n二、政务诚信\n"
    )
    plan = itk.parse_plan(text + "某市人民政府关于印发某规划的通知\n")
    assert plan.tasks == () and plan.document.date == dt.date(2017, 1, 26)


@pytest.mark.parametrize(
    ("text", "cut"),
    [
        ("一、任务\n1.甲。(市发改局负责)\n2.乙事要做,并且", True),
        ("一、任务\n1.甲。(市发改局负责)\n2.乙事要做。", False),
        ("一、任务\n1.甲。(市发改局负责)", False),
        # a tag cut off by the end of the text is no tag and is not repaired
        ("一、任务\n1.甲。(市发改局负责)\n2.乙。(牵头单位:市财政局", True),
    ],
)
def test_cut_off_text_warns_once(text: str, cut: bool) -> None:
    plan = itk.parse_plan(text)
    kinds = [r.kind for r in plan.repairs]
    assert kinds.count("truncated") == int(cut)
    assert "tag_unclosed" not in kinds


@pytest.mark.parametrize(
    ("front", "issuer", "number", "date", "title"),
    [
        (
            "粤府〔2014〕45号\n广东省人民政府关于印发广东省社会信用体系\n\n"
            "建设规划的通知\n各市:\n广东省人民政府\n2014年7月30日\n",
            "广东省人民政府",
            "粤府〔2014〕45号",
            dt.date(2014, 7, 30),
            "广东省社会信用体系建设规划",
        ),
        (
            "滬府發[2017]92號\n上海市人民政府印發《關於加強政務誠信的實施意見》的通知\n"
            "上海市人民政府\n二〇一七年十二月二十日\n",
            "上海市人民政府",
            "滬府發〔2017〕92號",
            dt.date(2017, 12, 20),
            "關於加強政務誠信的實施意見",
        ),
        (
            "吉政辦發(2017)75號\n吉林省人民政府辦公廳關於轉發某方案的通知\n"
            "吉林省人民政府辦公廳\n2017-11-15\n",
            "吉林省人民政府辦公廳",
            "吉政辦發〔2017〕75號",
            dt.date(2017, 11, 15),
            "某方案",
        ),
        (
            "某县人民政府\n2019年3月5日(此件公开发布)\n",
            "某县人民政府",
            None,
            dt.date(2019, 3, 5),
            None,
        ),
        (
            "豫政〔2018〕第3号\n河南省人民政府关于加强政务诚信建设的意见\n",
            "河南省人民政府",
            "豫政〔2018〕3号",
            None,
            "河南省人民政府关于加强政务诚信建设的意见",
        ),
    ],
)
def test_notice_metadata_of_any_issuer(
    front: str, issuer: str, number: str, date: dt.date | None, title: str
) -> None:
    plan = itk.parse_plan(front + one_task("甲。(市发改局负责)"))
    doc = plan.document
    assert (doc.issuer, doc.doc_number, doc.date, doc.plan_title) == (
        issuer,
        number,
        date,
        title,
    )


def test_cited_numbers_with_and_without_titles() -> None:
    text = (
        "为贯彻《国务院关于加强政务诚信建设的指导意见》(国发〔2016〕76号)和"
        "粤府〔2017〕140号文件精神,制定本方案。\n" + one_task("甲。(市发改局负责)")
    )
    cited = [(c.doc_number, c.title) for c in itk.parse_plan(text).document.cited]
    assert cited == [
        ("国发〔2016〕76号", "国务院关于加强政务诚信建设的指导意见"),
        ("粤府〔2017〕140号", None),
    ]


def test_masked_years_in_cited_numbers_are_kept() -> None:
    text = "为落实《甲意见》(国发〔20XX〕76号)和乙(粤府〔X〕1号)。\n" + one_task(
        "甲。(市发改局负责)"
    )
    cited = [c.doc_number for c in itk.parse_plan(text).document.cited]
    assert cited == ["国发〔20XX〕76号", "粤府〔X〕1号"]


def test_pinyin_glosses_are_read_through_and_spans_stay_in_the_source() -> None:
    text = one_task("加強工作。(發(fā)展改革委、人民銀行牽頭負(fù)責(zé))")
    plan = itk.parse_plan(text)
    clause = plan.clause("2.1.1")
    first = clause.assignments[0]
    assert (first.unit, first.normalised, first.role.value) == (
        "發(fā)展改革委",
        "发展改革委",
        "lead",
    )
    assert text[first.span.start : first.span.end] == first.unit
    assert "pinyin_gloss" in {c.kind for c in plan.changes}


def test_site_chrome_before_the_title_is_dropped_and_recorded() -> None:
    text = "您当前位置:首页 > 政策法规\n分享到:\n" + one_task("甲。(市发改局负责)")
    plan = itk.parse_plan(text)
    chrome = [c.as_written for c in plan.changes if c.kind == "site_chrome"]
    assert chrome == ["您当前位置:首页 > 政策法规\n", "分享到:\n"]
    assert plan.clause("2.1.1").tag_span.line == 5  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("国务院", "national"),
        ("国家发展改革委", "national"),
        ("民政部", "national"),
        ("廣東省人民政府", "provincial"),
        ("省發展改革委", "provincial"),
        ("重庆市人民政府", "provincial"),
        ("泉州市人民政府", "prefecture"),
        ("市監察局", "prefecture"),
        ("佛山市高明區人民政府辦公室", "district"),
        ("县委组织部", "county"),
        ("某县人民政府", "county"),
        ("人民银行", None),
    ],
)
def test_government_level_read_from_the_name(name: str, level: str | None) -> None:
    from integrity_toolkit.units import government_level

    assert government_level(name) == level
