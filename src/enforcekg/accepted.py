"""Findings a supervisor has accepted or deferred, read from a YAML file (``audit --accepted FILE``).

A rectification list is checked off one finding at a time (逐一销号).  Some findings are not going to be
fixed now: the risk is accepted (已接受风险) or the fix is deferred (暂缓整改), with a reason, the person
who approved it and an expiry date.  Such findings are reported separately and are not counted as open;
from the expiry date on they are open again.  The file looks like this::

    # 已接受风险或暂缓整改的问题
    accepted:
      - id: EKG001-dbf983e21a      # 问题编号, as printed by enforcekg audit
        kind: 暂缓                  # 接受 (accepted, default) or 暂缓 (deferred)
        reason: 待省级目录修订后统一调整
        approver: 张某（市司法局）
        expires: 2024-06-30         # open again on this date

A top-level list of entries is accepted too.  Keys may be written in Chinese (问题编号, 类型, 理由,
批准人, 到期日).  Every problem in the file is collected and reported with its place (file and entry
number); :func:`load_acceptances` raises :class:`AcceptanceFileError` if there is any.

>>> a = Acceptance("EKG001-8a3c0f5f37", "deferred", "待省级目录修订", "张某", "2024-06-30", "a.yaml", 1)
>>> a.active("2024-06-29"), a.active("2024-06-30")
(True, False)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .findings import Finding
from .values import parse_date

#: kind -> (status label zh, status label en)
KINDS: dict[str, tuple[str, str]] = {
    "accepted": ("已接受风险", "risk accepted"),
    "deferred": ("暂缓整改", "deferred"),
}
_KIND_WORDS = {
    "accepted": "accepted", "accept": "accepted", "接受": "accepted", "已接受": "accepted", "接受风险": "accepted",
    "已接受风险": "accepted", "deferred": "deferred", "defer": "deferred", "暂缓": "deferred", "暂缓整改": "deferred",
}
#: field -> accepted key spellings
KEYS: dict[str, tuple[str, ...]] = {  # English key, Chinese key, other spellings
    "id": ("id", "问题编号", "编号"),
    "kind": ("kind", "类型", "状态", "status"),
    "reason": ("reason", "理由", "原因"),
    "approver": ("approver", "批准人", "审批人", "approved_by"),
    "expires": ("expires", "到期日", "有效期至", "expiry"),
}
REQUIRED = ("id", "reason", "approver", "expires")
FINDING_ID = re.compile(r"^EKG\d{3}-[0-9a-f]{10}$")


@dataclass(frozen=True)
class Acceptance:
    """One entry of an acceptance file."""

    id: str
    kind: str  # "accepted" or "deferred"
    reason: str
    approver: str
    expires: str  # ISO date: the finding is open again from this date on
    file: str
    entry: int  # 1-based position in the file

    def active(self, on: str) -> bool:
        """Whether the acceptance still holds on the ISO date ``on`` (it lapses on its expiry date)."""
        return on < self.expires

    def status(self, lang: str = "zh") -> str:
        zh, en = KINDS[self.kind]
        return en if lang == "en" else zh

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "reason": self.reason, "approver": self.approver,
                "expires": self.expires, "file": self.file, "entry": self.entry}


@dataclass(frozen=True)
class FileIssue:
    """A located problem in an acceptance file (an error, or a warning about an unknown id)."""

    file: str
    entry: int | None
    zh: str
    en: str

    def message(self, lang: str = "zh") -> str:
        if lang == "en":
            return f"{self.file}" + (f", entry {self.entry}" if self.entry else "") + f": {self.en}"
        return f"{self.file}" + (f" 第{self.entry}条" if self.entry else "") + f"：{self.zh}"


class AcceptanceFileError(Exception):
    """The acceptance file cannot be used; ``issues`` says where and why."""

    def __init__(self, issues: list[FileIssue]) -> None:
        super().__init__("; ".join(i.message("en") for i in issues))
        self.issues = issues


@dataclass(frozen=True)
class AcceptedFinding:
    """A finding taken off the open list by an acceptance."""

    finding: Finding
    acceptance: Acceptance

    def as_dict(self) -> dict[str, Any]:
        return {**self.finding.as_dict(), "acceptance": self.acceptance.as_dict()}


@dataclass
class Partition:
    """Findings split by an acceptance file as of a date."""

    open: list[Finding]
    accepted: list[AcceptedFinding]
    expired: dict[str, Acceptance]  # finding id -> lapsed acceptance (the finding is open again)
    unknown: list[Acceptance]  # entries naming no finding of this audit


def _yaml_loader():
    """A safe YAML loader that leaves dates as text, so a bad date is reported, not raised."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.yaml_implicit_resolvers = {
        first: [r for r in resolvers if r[0] != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def load_acceptances(path: Path) -> list[Acceptance]:
    """Read and check an acceptance file; raise :class:`AcceptanceFileError` listing every problem."""
    import yaml

    name = str(path)
    try:
        raw = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=_yaml_loader())
    except OSError as exc:
        raise AcceptanceFileError([FileIssue(name, None, f"无法读取文件：{exc.strerror or exc}", f"cannot read the file: {exc.strerror or exc}")]) from None
    except UnicodeDecodeError:
        raise AcceptanceFileError([FileIssue(name, None, "文件不是 UTF-8 编码", "the file is not UTF-8")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"（第{mark.line + 1}行）" if mark else ""
        where_en = f" (line {mark.line + 1})" if mark else ""
        raise AcceptanceFileError([FileIssue(name, None, f"不是有效的 YAML{where}：{getattr(exc, 'problem', exc)}",
                                             f"not valid YAML{where_en}: {getattr(exc, 'problem', exc)}")]) from None
    entries = raw.get("accepted", raw.get("已接受")) if isinstance(raw, dict) else raw
    if raw is None or entries is None:
        entries = []
    if not isinstance(entries, list):
        raise AcceptanceFileError([FileIssue(name, None, "应为问题清单：accepted: 下列出各条（id、reason、approver、expires）",
                                             "expected a list of entries under 'accepted:' (id, reason, approver, expires)")])
    issues: list[FileIssue] = []
    out: list[Acceptance] = []
    first_entry: dict[str, int] = {}
    for n, item in enumerate(entries, start=1):
        acc = _entry(item, name, n, issues)
        if acc is None:
            continue
        if acc.id in first_entry:
            issues.append(FileIssue(name, n, f"问题编号 {acc.id} 与第 {first_entry[acc.id]} 条重复",
                                    f"finding id {acc.id} repeats entry {first_entry[acc.id]}"))
            continue
        first_entry[acc.id] = n
        out.append(acc)
    if issues:
        raise AcceptanceFileError(issues)
    return out


def _entry(item: Any, file: str, n: int, issues: list[FileIssue]) -> Acceptance | None:
    """Check one entry; add its problems to ``issues`` and return it if it is usable."""
    if not isinstance(item, dict):
        issues.append(FileIssue(file, n, "应为键值对（id、reason、approver、expires）", "expected a mapping (id, reason, approver, expires)"))
        return None
    values: dict[str, str] = {}
    known = {k: field for field, spellings in KEYS.items() for k in spellings}
    before = len(issues)
    for key, value in item.items():
        field = known.get(str(key).strip().lower()) or known.get(str(key).strip())
        if field is None:
            issues.append(FileIssue(file, n, f"未知的键“{key}”（可用：{'、'.join(s[1] for s in KEYS.values())}）",
                                    f"unknown key '{key}' (known: {', '.join(s[0] for s in KEYS.values())})"))
        elif value is not None and str(value).strip():
            values[field] = str(value).strip()
    for field in REQUIRED:
        if field not in values:
            issues.append(FileIssue(file, n, f"缺少“{field}”（{KEYS[field][1]}）", f"'{field}' is missing"))
    fid = values.get("id")
    if fid and not FINDING_ID.match(fid):
        issues.append(FileIssue(file, n, f"问题编号“{fid}”格式不对，应如 EKG001-8a3c0f5f37", f"finding id '{fid}' is malformed; expected e.g. EKG001-8a3c0f5f37"))
    kind = _KIND_WORDS.get(values.get("kind", "accepted").lower())
    if kind is None:
        issues.append(FileIssue(file, n, f"类型“{values['kind']}”应为 接受 或 暂缓", f"kind '{values['kind']}' must be accepted or deferred"))
    expires = None
    if "expires" in values:
        expires, ok = parse_date(values["expires"])
        if not ok or expires is None:
            issues.append(FileIssue(file, n, f"到期日“{values['expires']}”无法识别，应为 YYYY-MM-DD", f"cannot read expiry date '{values['expires']}'; use YYYY-MM-DD"))
    if len(issues) > before:
        return None
    return Acceptance(fid, kind, values["reason"], values["approver"], expires, file, n)


def partition(findings: Iterable[Finding], acceptances: Iterable[Acceptance], as_of: str) -> Partition:
    """Split findings into open and accepted as of ``as_of``; note lapsed and unknown entries."""
    by_id = {a.id: a for a in acceptances}
    part = Partition([], [], {}, [])
    seen = set()
    for f in findings:
        acc = by_id.get(f.id)
        seen.add(f.id)
        if acc is None:
            part.open.append(f)
        elif acc.active(as_of):
            part.accepted.append(AcceptedFinding(f, acc))
        else:
            part.open.append(f)
            part.expired[f.id] = acc
    part.unknown = [a for a in by_id.values() if a.id not in seen]
    return part


def unknown_issue(acc: Acceptance, rules_run: Iterable[str]) -> FileIssue:
    """The warning for an entry whose id this audit did not produce."""
    rule = acc.id.split("-")[0]
    if rule not in set(rules_run):
        return FileIssue(acc.file, acc.entry, f"问题编号 {acc.id}：本次未运行规则 {rule}，无法核对", f"finding id {acc.id}: rule {rule} was not run, cannot be matched")
    return FileIssue(acc.file, acc.entry, f"问题编号 {acc.id} 不在本次审计结果中（可能已整改，或编号有误）",
                     f"finding id {acc.id} is not among this audit's findings (fixed already, or a wrong id)")
