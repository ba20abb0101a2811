"""Forms of sibling plans the corpus shows rarely or not at all: chapters, colon
headings, tags written as sentences inside a line or over two lines, labels
beside a deadline, noise in headings and tags, Windows line ends, and the level
of a county, a city district and a county-level city.

Every expected value is worked out by reading the small hand-made text above it.
"""

from __future__ import annotations

import pytest

import integrity_toolkit as itk
from integrity_toolkit.units import government_level


def tasks_of(text: str) -> list[tuple[str, str, str | None]]:
    """(task id, heading, lead of its first clause) for every task."""
    plan = itk.parse_plan(text)
    return [(t.id, t.heading, t.clauses[0].lead) for t in plan.tasks]


def units_of(text: str, clause_id: str) -> list[tuple[str, str]]:
    clause = itk.parse_plan(text).clause(clause_id)
    return [(a.unit, a.role.value) for a in clause.assignments]


# --- 1. parts written 第一章 / 第一部分, headings ending in a colon ---------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # 第X章 are parts; 一、 under a chapter is a group, (一) a task
        (
            "第一章 总体要求\n坚持依法行政。\n第二章 主要任务\n一、加强监督\n"
            "(一)建立机制。做事。(市发改局负责)\n(二)健全制度。做事。(市财政局负责)\n"
            "第三章 保障措施\n一、加强领导。(市监察局负责)\n",
            [
                ("2.1.1", "建立机制", "市发改局"),
                ("2.1.2", "健全制度", "市财政局"),
                ("3.1", "加强领导", "市监察局"),
            ],
        ),
        # 第X部分 likewise; 1. under a group without (一) is its task
        (
            "第一部分 总体要求\n坚持依法行政。\n第二部分 重点任务\n一、加强监督\n"
            "1.建立机制。(市发改局负责)\n2.健全制度。(市财政局负责)\n",
            [("2.1.1", "建立机制", "市发改局"), ("2.1.2", "健全制度", "市财政局")],
        ),
        # chapters without 一、: (一) is the group, 1. the task
        (
            "第一部分 主要任务\n(一)加强监督\n1.建立机制。做事。(市发改局负责)\n"
            "第二部分 保障措施\n(一)加强领导。做事。(市财政局负责)\n",
            [("1.1.1", "建立机制", "市发改局"), ("2.1", "加强领导", "市财政局")],
        ),
        # 第X章 / 第X节: the section is the group and 一、 the task
        (
            "第三章 政务诚信建设\n第一节 规范行政履职行为\n"
            "一、建立机制。做事。(市发改局负责)\n二、健全制度。做事。(市财政局负责)\n",
            [("3.1.1", "建立机制", "市发改局"), ("3.1.2", "健全制度", "市财政局")],
        ),
        # a table of contents with dot leaders and page numbers is skipped
        (
            "某省人民政府\n2018年1月2日\n目 录\n第一章 总体要求……………(1)\n"
            "第二章 主要任务……………(3)\n第一章 总体要求\n坚持依法行政。\n"
            "第二章 主要任务\n一、建立机制。(省发改委负责)\n",
            [("2.1", "建立机制", "省发改委")],
        ),
        # headings ending in ":" or "：" keep no colon; text after it is the body
        (
            "一、主要任务:\n(一)加强政务诚信制度建设：\n1.建立机制。做事。(市发改局负责)\n"
            "(二)健全机制：完善机制。（市财政局负责）\n",
            [("1.1.1", "建立机制", "市发改局"), ("1.2", "健全机制", "市财政局")],
        ),
    ],
)
def test_parts_as_chapters_and_colon_headings_give_tasks(
    text: str, expected: list[tuple[str, str, str | None]]
) -> None:
    assert tasks_of(text) == expected


def test_part_and_group_headings_drop_their_final_colon() -> None:
    plan = itk.parse_plan(
        "第二部分 主要任务：\n一、主要任务:\n(一)加强政务诚信制度建设：\n"
        "1.建立机制。(市发改局负责)\n"
    )
    assert [p.heading for p in plan.parts] == ["主要任务"]
    assert [g.heading for g in plan.groups] == ["主要任务"]
    task = plan.task("2.1.1")  # (一) is the task; 1. stays in its text
    assert (task.label, task.heading) == ("第二部分一、(一)", "加强政务诚信制度建设")
    assert task.clauses[0].text == "1.建立机制。"


def test_colon_after_heading_starts_the_clause_text() -> None:
    plan = itk.parse_plan("一、任务\n(二)健全机制：完善机制。（市财政局负责）\n")
    assert plan.clause("1.2").text == "完善机制。"


# --- 2. a 牽頭 sentence inside a line; block-scoped sentences ---------------------


def test_lead_sentence_inside_a_line_is_a_tag_of_the_text_before_it() -> None:
    text = (
        "一、任务\n1.建立机制。加强监督。由市发展改革委牵头，市财政局、市监察局配合。"
        "完善考核。(市审计局负责)\n"
    )
    plan = itk.parse_plan(text)
    first, second = plan.task("1.1").clauses
    assert (first.text, first.tag) == (
        "加强监督。",
        "由市发展改革委牵头，市财政局、市监察局配合",
    )
    assert [(a.unit, a.role.value) for a in first.assignments] == [
        ("市发展改革委", "lead"),
        ("市财政局", "support"),
        ("市监察局", "support"),
    ]
    assert (second.text, second.lead) == ("完善考核。", "市审计局")


def test_lead_sentence_inside_a_line_leaves_the_next_sentence_untagged() -> None:
    plan = itk.parse_plan("一、任务\n2.乙事。做乙。市財政局牽頭負責。繼續做。\n")
    first, rest = plan.task("1.2").clauses
    assert (first.text, first.tag) == ("做乙。", "市財政局牽頭負責")
    assert first.lead == "市財政局"
    assert (rest.text, rest.tag) == ("繼續做。", None)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        (
            "市发改局牵头,海关、各县(市、区)配合。继续做。",
            [("市发改局", "lead"), ("海关", "support"), ("各县(市、区)", "collective")],
        ),
        (
            "由市发改局牵头负责,各银行业金融机构、供电公司配合。",
            [
                ("市发改局", "lead"),
                ("各银行业金融机构", "collective"),
                ("供电公司", "support"),
            ],
        ),
    ],
)
def test_lead_sentence_naming_units_of_any_kind_is_a_tag(
    sentence: str, expected: list[tuple[str, str]]
) -> None:
    assert units_of(f"一、任务\n1.甲事。做甲。{sentence}\n", "1.1") == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "由市发改局牵头,会同有关部门制定方案。继续做。",  # 牵头 then an action
        "建立由市发改局牵头的联席会议制度。继续做。",  # 牵头 inside a phrase
        "各地要建立政府主要领导牵头,相关部门参与。继续做。",  # people, not units
        "政府主要领导牵头,相关部门参与。",  # likewise at the end of a line
    ],
)
def test_lead_word_in_running_text_is_no_tag(sentence: str) -> None:
    plan = itk.parse_plan(f"一、任务\n1.甲事。{sentence}\n")
    assert [c.tag for c in plan.task("1.1").clauses] == [None]


def test_block_sentence_with_fullwidth_semicolon_covers_the_tasks_above() -> None:
    text = (
        "一、任务\n(一)监督\n1.甲事。做甲。\n2.乙事。做乙。\n"
        "以上工作牵头单位：市发改局；责任单位：各区政府、市财政局。\n"
    )
    plan = itk.parse_plan(text)
    want = [("市发改局", "lead"), ("各区政府", "collective"), ("市财政局", "support")]
    assert units_of(text, "1.1.1") == want
    assert units_of(text, "1.1.2") == want
    assert plan.clause("1.1.1").tag == plan.clause("1.1.2").tag


# --- 3. brackets, label lines, separators, nested parentheses -------------------


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        (
            "(市发改局牵头,各县(市、区)人民政府配合)",
            [("市发改局", "lead"), ("各县(市、区)人民政府", "collective")],
        ),
        (
            "（市发改局牵头，各县（市、区）政府配合）",
            [("市发改局", "lead"), ("各县（市、区）政府", "collective")],
        ),
        (
            "[牵头单位:市发改局;配合单位:各县(市、区)政府]",
            [("市发改局", "lead"), ("各县(市、区)政府", "collective")],
        ),
        (
            "【牵头单位：市发改局；配合单位：市财政局】",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        (
            "〔牵头单位:市发改局﹔责任单位:市财政局,各县(市、区)政府〕",
            [
                ("市发改局", "lead"),
                ("市财政局", "support"),
                ("各县(市、区)政府", "collective"),
            ],
        ),
        # mixed full-width and ASCII punctuation in one tag
        (
            "（牵头单位:市发改局；配合单位：市财政局、市审计局)",
            [("市发改局", "lead"), ("市财政局", "support"), ("市审计局", "support")],
        ),
        (
            "（市发改局、市财政局分别负责）",
            [("市发改局", "lead"), ("市财政局", "co")],
        ),
        (
            "(市发改局,各县(市、区)政府按职责分工负责)",
            [("市发改局", "lead"), ("各县(市、区)政府", "collective")],
        ),
        # 牵头责任单位 / 配合责任单位 as labels
        (
            "(牵头责任单位:市发改局;配合责任单位:市财政局)",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        # role words inside a labelled slot; 等 (and others) is not in the name
        (
            "(责任单位:市发改局牵头,市财政局等配合)",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        (
            "（市发改局负责牵头，会同市财政局负责）",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
        # a full stop between two labels inside the brackets
        (
            "(牵头单位:市发改局。配合单位:市财政局)",
            [("市发改局", "lead"), ("市财政局", "support")],
        ),
    ],
)
def test_bracket_and_separator_variants_give_units_and_roles(
    tag: str, expected: list[tuple[str, str]]
) -> None:
    assert units_of(f"一、任务\n1.甲事。做甲。{tag}\n", "1.1") == expected


def test_label_lines_with_fullwidth_colons_and_semicolons_are_one_tag() -> None:
    text = (
        "一、任务\n1.甲事。做甲。\n牵头单位：市发改局；\n配合单位：市财政局；"
        "各县（市、区）政府\n2.乙事。做乙。\n"
    )
    assert units_of(text, "1.1") == [
        ("市发改局", "lead"),
        ("市财政局", "support"),
        ("各县（市、区）政府", "collective"),
    ]


@pytest.mark.parametrize(
    ("body", "tag"),
    [
        # labels right after a heading's colon
        (
            "建立机制：牵头单位：市发改局；配合单位：市财政局。",
            "牵头单位：市发改局；配合单位：市财政局。",
        ),
        # a bracketed tag broken over two lines
        (
            "建立机制。做事。（牵头单位：市发改局\n配合单位：市财政局）",
            "（牵头单位：市发改局\n配合单位：市财政局）",
        ),
        # a deadline after the units, in the brackets or on the line
        (
            "建立机制。做事。（牵头单位：市发改局；配合单位：市财政局；完成时限：2018年底）",
            "（牵头单位：市发改局；配合单位：市财政局；完成时限：2018年底）",
        ),
        (
            "建立机制。做事。\n"
            "牵头单位：市发改局 配合单位：市财政局 完成时限：2018年底",
            "牵头单位：市发改局 配合单位：市财政局 完成时限：2018年底",
        ),
    ],
)
def test_label_tags_after_colons_over_lines_and_before_deadlines(
    body: str, tag: str
) -> None:
    plan = itk.parse_plan(f"一、任务\n1.{body}\n2.乙事。做乙。\n")
    clause = plan.clause("1.1")
    assert clause.tag == tag
    assert [(a.unit, a.role.value) for a in clause.assignments] == [
        ("市发改局", "lead"),
        ("市财政局", "support"),
    ]


# --- 4. noise in headings and tags; the sentence after a tag ------------------


def test_garbled_heading_gives_no_units() -> None:
    text = (
        "一、總體要求\n ?。ㄒ唬┲笇枷?/span> \n"
        "以習近平新時代中國特色社會主義思想為指導。\n"
        "二、主要任務\n1.建立機制。做事。(市發展改革委牽頭,市財政局配合)\n"
    )
    plan = itk.parse_plan(text)
    clauses = plan.clauses()
    found = [(c.id, a.unit, a.role.value) for c in clauses for a in c.assignments]
    assert found == [
        ("2.1", "市發展改革委", "lead"),
        ("2.1", "市財政局", "support"),
    ]


def test_garbled_text_before_a_lead_sentence_is_no_unit() -> None:
    text = "一、任务\n1.甲事。?。ㄒ唬┲笇枷市发改局牵头,市财政局配合。\n"
    plan = itk.parse_plan(text)
    assert [a.unit for c in plan.clauses() for a in c.assignments] == []


def test_gloss_whose_bracket_was_lost_does_not_close_the_tag() -> None:
    """18-style: a mis-decoded character ate the ( of its gloss (銀?xíng))."""
    tag = "(發(fā)展改革委、人民銀?xíng)牽頭負(fù)責(zé),法制辦參加)"
    clause = itk.parse_plan(f"一、任務\n2、建立制度。做事。{tag}\n").clause("1.2")
    assert clause.tag == tag
    assert [(a.normalised, a.role.value) for a in clause.assignments] == [
        ("发展改革委", "lead"),
        ("人民银?", "lead"),
        ("法制办", "support"),
    ]


@pytest.mark.parametrize(
    ("line", "tag", "rest"),
    [
        (
            "牵头单位:市发改局。责任单位:市财政局。2018年底前完成。",
            "牵头单位:市发改局。责任单位:市财政局。",
            "2018年底前完成。",
        ),
        (
            "牵头单位：市发改局；责任单位：市财政局。逐年推进。",
            "牵头单位：市发改局；责任单位：市财政局。",
            "逐年推进。",
        ),
    ],
)
def test_label_tag_does_not_swallow_the_sentence_after_it(
    line: str, tag: str, rest: str
) -> None:
    plan = itk.parse_plan(f"一、任务\n1.甲事。做甲。{line}\n")
    first, second = plan.task("1.1").clauses
    assert (first.text, first.tag) == ("做甲。", tag)
    assert [(a.unit, a.role.value) for a in first.assignments] == [
        ("市发改局", "lead"),
        ("市财政局", "support"),
    ]
    assert (second.text, second.tag) == (rest, None)


def test_windows_line_ends_leave_tags_and_repairs_as_they_are() -> None:
    """An unclosed tag ends at its line end, \\r\\n as well as \\n."""
    text = "一、任务\r\n1.甲事。做甲。(市发改局负责\r\n2.乙事。做乙。(市财政局负责)\r\n"
    plan = itk.parse_plan(text)
    assert [(c.id, c.lead) for c in plan.clauses()] == [
        ("1.1", "市发改局"),
        ("1.2", "市财政局"),
    ]
    assert [r.kind for r in plan.repairs] == ["tag_unclosed"]
    assert {c.kind for c in plan.changes} == {"line_end"}


# --- 5. level of government: county, city district, county-level city ---------


@pytest.mark.parametrize(
    ("name", "level"),
    [
        ("武城县人民政府", "county"),
        ("县发改局", "county"),
        ("某自治县人民政府", "county"),
        ("某旗人民政府", "county"),
        ("泉州市晋江市人民政府", "county"),  # a city named under its city
        ("上海市松江区人民政府", "district"),
        ("佛山市高明區人民政府辦公室", "district"),
        ("鞍山市立山区人民政府", "district"),
        ("立山区人民政府", "district"),
        ("区发改局", "district"),
        ("浦东新区人民政府", "district"),
        ("晋江市人民政府", "prefecture"),  # alone, its name cannot tell
        ("江门市人民政府", "prefecture"),
        ("省发展改革委", "provincial"),
    ],
)
def test_government_level_tells_county_from_district(name: str, level: str) -> None:
    assert government_level(name) == level


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("1.甲。(縣發改局、縣財政局負責)", "county"),
        ("1.甲。(區發改局、區財政局負責)", "district"),
        ("1.甲。(牵头单位:区发改局;责任单位:县财政局、区审计局)", "district"),
    ],
)
def test_plan_level_of_a_page_without_issuer(text: str, level: str) -> None:
    from integrity_toolkit.batch import plan_level

    assert plan_level(itk.parse_plan(text)) == level
