"""``casebook documents [CASE_FILE | --seed N] --out DIR``: write the five model documents.

Writes ``<kind>.docx`` (and with ``--html`` also ``<kind>.html``, personal data masked) and
prints the paths, or with ``--json`` a list of ``{"kind", "title", "docx", "missing"}``.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from casebook.commands import print_json
from casebook.io import InputFileError, read_data, validate_file


def _cmd_documents(args: argparse.Namespace) -> int:
    # python-docx and the document builders are imported only when documents are made.
    from casebook.documents.builders import build_all
    from casebook.documents.casefile import JudicialCaseFile, make_judicial_case
    from casebook.documents.render import doc_html, save_docx, write_atomic

    if args.case_file is not None:
        case = validate_file(JudicialCaseFile, read_data(args.case_file), args.case_file)
    else:
        case = make_judicial_case(args.seed)
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise InputFileError(f"参数 --out：{out} 是一个已有的文件，不是文件夹；请指定一个文件夹")
    blocked = next((p for p in out.parents if p.exists() and not p.is_dir()), None)
    if blocked is not None:
        raise InputFileError(f"参数 --out：{blocked} 是一个已有的文件，不能在它下面建文件夹")
    try:
        docs = build_all(case)
        masked = build_all(case, masked=True) if args.html else {}
    except ValueError as exc:
        raise InputFileError(f"{args.case_file or 'synthetic case'}: {exc}") from None
    records = []
    for kind, doc in docs.items():
        targets = [out / f"{kind}.docx"] + ([out / f"{kind}.html"] if args.html else [])
        for target in targets:
            if target.is_dir():
                raise InputFileError(f"参数 --out：{target} 是一个文件夹，无法写入同名文件")
        try:
            path = save_docx(doc, targets[0])
            record = {"kind": kind, "title": doc.title, "docx": str(path), "missing": doc.missing()}
            if args.html:
                write_atomic(targets[1], doc_html(masked[kind]).encode("utf-8"))
                record["html"] = str(targets[1])
        except OSError as exc:
            raise InputFileError(
                f"参数 --out：无法写入 {exc.filename or out}（{exc.strerror or exc}）"
            ) from None
        records.append(record)
    if args.json:
        print_json(records)
    else:
        for r in records:
            print(f"{r['title']}：{r['docx']}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("documents", help="生成司法催收文书范本（.docx）")
    parser.add_argument(
        "case_file", nargs="?", metavar="CASE_FILE", help="司法案件文件（YAML/JSON）"
    )
    parser.add_argument(
        "--seed", type=int, default=1, help="合成案件的随机种子（不给 CASE_FILE 时使用）"
    )
    parser.add_argument("--out", required=True, metavar="DIR", help="输出文件夹")
    parser.add_argument("--html", action="store_true", help="同时输出脱敏的 HTML")
    parser.add_argument("--json", action="store_true", help="输出 JSON")
    parser.set_defaults(func=_cmd_documents)
