"""Generate a synthetic county-sized dataset in the enforcekg format (for benchmarks only).

Sizes scale with ``factor``: factor 1 is about 60 units, 20 townships, 3,000 list items and 2,000
delegations/exercises — a large county.  Bases cite real instruments so the citation parser does real work.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

BASES = [
    "《中华人民共和国水法》第六十五条第一款",
    "《中华人民共和国森林法》第五十七条第三款、第七十六条",
    "【法律】《土地管理法》（2019年修正）第七十八条；【行政法规】《土地管理法实施条例》第五十七条",
    "湘政办发〔2019〕55号",
    "《城市市容和环境卫生管理条例》第三十四条、第三十六条",
    "《中华人民共和国城乡规划法》第六十五条",
]
CATEGORIES = ["行政处罚"] * 6 + ["行政许可", "行政检查", "行政强制措施", "行政确认"]


def _write(path: Path, header: list[str], rows: list[list[object]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def generate(folder: Path, factor: int = 1, seed: int = 7) -> Path:
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "dataset.yaml").write_text("name: synth\naudit_date: 2023-12-31\nprovince: 湖南省\n", encoding="utf-8")
    n_dept, n_town = 40 * factor, 20 * factor
    _write(folder / "jurisdictions.csv", ["区划编码", "区划名称", "层级", "上级区划"],
           [["hn", "湖南省", "省", ""], ["c", "合成县", "县", "hn"]]
           + [[f"t{i}", f"合成{i}镇", "乡", "c"] for i in range(n_town)])
    subjects = [[f"d{i}", f"合成县第{i}局", "政府部门", "c"] for i in range(n_dept)]
    subjects += [[f"z{i}", f"合成{i}镇人民政府", "乡镇人民政府", f"t{i}"] for i in range(n_town)]
    _write(folder / "subjects.csv", ["主体编码", "主体名称", "主体类型", "所属区划"], subjects)
    bodies = []
    for i in range(n_town):
        bodies += [[f"b{i}", f"合成{i}镇综合行政执法大队", "综合行政执法大队", f"z{i}"],
                   [f"s{i}", f"合成{i}镇村镇建设服务站", "站办所", f"z{i}"]]
    _write(folder / "bodies.csv", ["机构编码", "机构名称", "机构类型", "所属主体"], bodies)
    powers = []
    for i in range(n_dept):
        for j in range(75):
            powers.append([f"P{i}-{j}", f"合成事项{i}-{j}", rnd.choice(CATEGORIES), rnd.choice(BASES), f"合成县第{i}局", ""])
    for i in range(n_town):
        for j in range(30):
            powers.append([f"T{i}-{j}", f"乡镇事项{i}-{j}", "行政处罚", rnd.choice(BASES), f"合成{i}镇人民政府",
                           rnd.choice([f"合成{i}镇综合行政执法大队", f"合成{i}镇村镇建设服务站"])])
    _write(folder / "powers.csv", ["事项编码", "事项名称", "职权类型", "实施依据", "实施主体", "承办机构"], powers)
    letters, delegations = [], []
    for k in range(40 * factor):
        d, t = rnd.randrange(n_dept), rnd.randrange(n_town)
        no = f"合成委托〔2022〕{k}号"
        letters.append([no, f"合成县第{d}局", f"合成{t}镇人民政府", "2022-03-01", "2022-03-01", "2025-02-28",
                        rnd.choice(["是", "否"]), "是", rnd.choice(["", "双方共同负责", f"合成县第{d}局"]), "", "", ""])
        for j in rnd.sample(range(75), 25):
            delegations.append([f"D{k}-{j}", f"P{d}-{j}", f"合成县第{d}局", f"合成{t}镇人民政府", "委托",
                                rnd.choice(BASES + [""]), no, f"合成{t}镇村镇建设服务站"])
    _write(folder / "letters.csv", ["委托书编号", "委托单位", "受委托单位", "签订日期", "委托期限起", "委托期限止", "是否公布",
                                     "是否备案", "文书审批", "档案管理", "监督", "执法名义"], letters)
    _write(folder / "delegations.csv", ["委托编号", "事项编码", "委托单位", "受委托单位", "赋权方式", "委托依据", "委托书编号", "承办机构"],
           delegations)
    _write(folder / "adjustments.csv", ["调整编号", "调整类型", "原主体", "承接主体", "事项", "生效日期"],
           [[f"X{i}", "划转", f"合成县第{i}局", f"合成县第{i + 1}局", f"P{i}-0；P{i}-1", "2023-07-13"] for i in range(0, n_dept - 1, 4)])
    _write(folder / "staffing.csv", ["单位", "持证执法人员", "法制审核人员"],
           [[s[1], rnd.randrange(5, 80), rnd.randrange(0, 5)] for s in subjects])
    return folder
