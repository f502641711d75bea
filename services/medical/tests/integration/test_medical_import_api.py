"""Importing the civil-affairs list: all or nothing, valid rows only, re-import changes nothing,
UTF-8 and GB18030, CSV and JSON, and the command line with its progress."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import httpx
import orjson

from medical.importer.cli import run

from .conftest import Api, P, resident_id

HEADER = "身份证号,姓名,类别,认定日期,退出日期,渐退期起始日期,县区代码,家庭年收入\n"


def csv_rows(rows: list[tuple[str, ...]]) -> str:
    return HEADER + "".join(",".join(r) + "\n" for r in rows)


async def post(api: Api, data: bytes, ctype: str = "text/csv", **params: Any) -> httpx.Response:
    return await api.client.post(
        f"{P}/imports",
        content=data,
        params={k: str(v).lower() if isinstance(v, bool) else v for k, v in params.items()},
        headers={**api.write, "Content-Type": ctype},
    )


async def lookup(api: Api, rid: str) -> dict[str, Any] | None:
    r = await api.client.post(f"{P}/persons/lookup", json={"resident_id": rid}, headers=api.read)
    return dict(r.json()) if r.status_code == 200 else None


async def test_all_or_nothing_then_valid_rows_only(api: Api) -> None:
    a, b = resident_id(), resident_id()
    text = csv_rows(
        [
            (a, "张三", "低保", "2021-06-01", "", "", "330302", "18000.00"),
            (a, "张三", "因病致贫", "2021-06-01", "", "", "330302", ""),
            (b, "李四", "特困", "2020/01/05", "", "", "330303", ""),
            ("330302199001011230", "王五", "低保", "2021-06-01", "", "", "", ""),  # bad check digit
            (resident_id(), "赵六", "贫困", "2021-06-01", "", "", "", ""),  # unknown category
            (resident_id(), "钱七", "低保", "2021-06-01", "2021-01-01", "", "", ""),  # exit first
        ]
    )
    rejected = await post(api, text.encode())
    assert rejected.status_code == 422
    problem = rejected.json()
    assert problem["code"] == "import-rejected"
    report = problem["report"]
    assert (report["rows_total"], report["rows_invalid"], report["rows_valid"]) == (6, 3, 3)
    assert [(e["row"], e["field"]) for e in report["errors"]] == [
        (5, "resident_id"),
        (6, "category"),
        (7, None),
    ]
    assert "MED-GROUPS" in report["errors"][2]["detail"]
    assert await lookup(api, a) is None  # nothing changed

    applied = await post(api, text.encode(), valid_rows_only=True, filename="名单.csv")
    assert applied.status_code == 201, applied.text
    out = applied.json()
    assert out["status"] == "applied"
    assert (out["persons_created"], out["records_created"], out["rows_invalid"]) == (2, 3, 3)
    assert out["encoding"] == "utf-8"
    person = await lookup(api, a)
    assert person is not None
    assert {r["category"] for r in person["records"]} == {"dibao", "illness_poverty"}
    assert person["household_income"] == "18000.00"
    assert person["source"] == f"import:{out['batch_id']}"
    batch = await api.client.get(f"{P}/imports/{out['batch_id']}", headers=api.read)
    assert batch.json()["errors"] == out["errors"]
    log = await api.client.get(
        f"{P}/audit", params={"action": "import.apply"}, headers=api.headers("audit:read")
    )
    assert log.json()["items"][0]["after"]["records_created"] == 3


async def test_re_importing_changes_nothing(api: Api) -> None:
    a, b = resident_id(), resident_id()
    rows = [
        (a, "张三", "dibao", "2021-06-01", "", "", "330302", ""),
        (b, "李四", "dibian", "2020-03-15", "", "2022-07-01", "330302", ""),
    ]
    data = csv_rows(rows).encode()
    first = (await post(api, data)).json()
    assert first["status"] == "applied"
    before = await lookup(api, b)

    again = await post(api, data)
    assert again.status_code == 200
    assert again.json()["status"] == "already_imported"
    assert again.json()["original_batch_id"] == first["batch_id"]
    # The same rows in another file (JSON, other order): nothing to change, nothing stored.
    as_json = [
        {
            "resident_id": r[0],
            "name": r[1],
            "category": r[2],
            "recognised_on": r[3],
            "gradual_exit_from": r[5] or None,
            "county": r[6],
        }
        for r in reversed(rows)
    ]
    same = await post(api, orjson.dumps(as_json), "application/json")
    assert same.status_code == 200, same.text
    assert same.json()["status"] == "no_changes"
    assert same.json()["batch_id"] is None
    assert same.json()["records_unchanged"] == 2
    assert await lookup(api, b) == before
    listed = await api.client.get(f"{P}/imports", headers=api.read)
    assert [i["batch_id"] for i in listed.json()["items"]] == [first["batch_id"]]

    # A later list with an exit day updates the recognition.
    exits = csv_rows([(b, "李四", "dibian", "2020-03-15", "2023-01-01", "2022-07-01", "", "")])
    changed = (await post(api, exits.encode())).json()
    assert (changed["records_updated"], changed["records_created"]) == (1, 0)
    after = await lookup(api, b)
    assert after is not None
    assert after["records"][0]["exited_on"] == "2023-01-01"
    assert after["records"][0]["version"] == 2


async def test_gb18030_and_dry_run(api: Api) -> None:
    rid = resident_id()
    text = csv_rows([(rid, "欧阳娜娜", "低保边缘", "2021年6月1日", "", "", "330304", "")])
    data = text.encode("gb18030")
    dry = await post(api, data, "application/octet-stream", dry_run=True)
    assert dry.status_code == 200
    assert (dry.json()["status"], dry.json()["encoding"]) == ("dry_run", "gb18030")
    assert await lookup(api, rid) is None
    done = await post(api, data, "application/octet-stream")
    assert done.status_code == 201
    person = await lookup(api, rid)
    assert person is not None
    assert person["name"] == "欧阳娜娜"
    assert person["records"][0]["category"] == "dibian"
    unreadable = await post(api, b"\xff\xfe\x00garbage", "application/octet-stream", format="json")
    assert unreadable.status_code == 422
    assert unreadable.json()["code"] == "import-unreadable"


async def test_the_command_line_shows_progress_and_imports(api: Api, tmp_path: Path) -> None:
    ids = [resident_id(birth="19950505") for _ in range(900)]
    path = tmp_path / "名单.csv"
    path.write_text(
        csv_rows([(rid, "", "dibao", "2021-06-01", "", "", "330302", "") for rid in ids]),
        encoding="utf-8",
    )
    transport = httpx.ASGITransport(app=api.app)
    token = api.write["Authorization"].removeprefix("Bearer ")
    out, err = io.StringIO(), io.StringIO()
    args = [str(path), "--url", "http://medical", "--token", token]
    assert await run(args, transport=transport, out=out, err=err) == 0
    answer = json.loads(out.getvalue())
    assert (answer["status"], answer["records_created"]) == ("applied", 900)
    assert "900 rows (csv, utf-8): 0 invalid" in err.getvalue()
    assert "uploaded" in err.getvalue()
    assert await lookup(api, ids[-1]) is not None

    out2 = io.StringIO()
    assert await run(args, transport=transport, out=out2, err=io.StringIO()) == 0
    # The key comes from the file's hash: running the command again replays the first answer.
    assert json.loads(out2.getvalue())["batch_id"] == answer["batch_id"]

    bad = tmp_path / "bad.csv"
    bad.write_text(csv_rows([("123", "", "dibao", "2021-06-01", "", "", "", "")]))
    err3 = io.StringIO()
    code = await run([str(bad), "--url", "http://medical", "--token", token], transport=transport,
                     out=io.StringIO(), err=err3)  # fmt: skip
    assert code == 1
    assert "nothing was imported" in err3.getvalue()
