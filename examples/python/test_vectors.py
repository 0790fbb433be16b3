"""The shared vectors of the WebAssembly API through the C ABI.

crates/wasm/tests/vectors/*.json hold calls by JavaScript function name, with camelCase
arguments and their exact results or errors; crates/wasm/tests/vectors.rs runs them natively
and crates/wasm/js/test/vectors.test.mjs in Node. This test runs every case through
libweiquan, with the ctypes client of weiquan.py, so that the library, the C ABI and
WebAssembly are proven to give one answer (issue #16). docs/ffi.md ("The shared vectors")
states the same rules.

Comparison rules
----------------
1. Arguments: object keys are converted from camelCase to the C ABI's snake_case
   (``purchaseDate`` -> ``purchase_date``); values are kept. A key that is not camelCase
   is the JavaScript edge's own error (``key.not_camel_case``) and has no snake_case form:
   such a case must be in SKIP, and converting it fails the test otherwise.
2. Plain values cross as the C types of the function: dates as ``weiquan_date``, a division
   code as the number its digits write, a choice (``strict``, ``replacement``,
   ``adjustedWorkdays``) as its ``WEIQUAN_*`` constant; calendar options become the calendar
   handle they describe (``weiquan_calendar_with_csv``, ``_with_provisional``,
   ``_with_adjusted_workdays``, in that order, as WebAssembly applies them).
3. A result: the C ABI's JSON is converted to camelCase keys (the rule of
   crates/wasm/src/names.rs: an underscore before a lowercase letter goes; the JSON pointers
   under ``fact`` and ``missing_facts`` are converted the same way). A C struct (the
   identifier checks) is first written as the JSON documents write the same values: the
   normalised text ``normalized`` as ``value``, dates as YYYY-MM-DD, division codes as their
   six digits, 0 ("none") left out, enums by their snake_case names. Redaction offsets are
   converted from characters (the C ABI) to UTF-16 code units (JavaScript).
   Then every key the C result and the vector's result share must hold equal values (compared
   whole, nested values included), the shared keys must not be empty, and every key the vector
   has that the C result lacks must be listed for its function in ALLOWED_MISSING with the
   reason. Keys only the C ABI returns are not compared.
4. An error: the C ABI's code must equal the vector's, and its pointer the vector's after the
   camel -> snake conversion; the English and Chinese messages must be equal too (the C ABI
   reports them for every code). Where the C message names the argument first
   (ARGUMENT_PREFIX), that prefix is removed before comparing. When the C ABI lists field
   problems (``weiquan_last_error_details``), they must equal the vector's ``errors`` one by
   one (pointer converted, ``message_en``/``message_zh`` as ``messageEn``/``messageZh``).
   For a document that breaks rules (``complaint.invalid``, ``claim.invalid``) the C ABI
   reports the first problem's code instead (docs/ffi.md, convention 13): it is compared with
   the vector's first problem, and every problem through the details. For a file that breaks
   rules (FILE_CODES: ``calendar.invalid_csv``) the C ABI points into the file (/LINE/FIELD)
   and lists the file's problems, where WebAssembly points at the argument holding the file
   and repeats the error: the vector's pointer must begin the C ABI's, and each of the file's
   problems must be in the vector's messages. Where the argument is a document's text
   (TEXT_ARGUMENT), pointers point into it as written and are not converted.
5. One vector call made of several C calls (``caseDeadlines``: open the case, apply each event,
   read the report) reports a failure at the place of the failing call's input in the vector's
   argument (``/received_at``, ``/events/N``), joined to the C ABI's own pointer.
6. Every case is either run or listed in SKIP (by function, or by function and case name) with
   the reason; a case that is neither fails the test, and so does a SKIP or ALLOWED_MISSING
   entry that no vector needs. The test prints how many cases were run and skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import pathlib
import types
import unittest
from typing import Any, Callable, Optional

import weiquan

LIB = weiquan.Library()

VECTORS = pathlib.Path(__file__).resolve().parents[2] / "crates/wasm/tests/vectors"

CST = dt.timezone(dt.timedelta(hours=8))

# -- skipped cases, with the reason ---------------------------------------------------------

NO_C_FUNCTION = "no C function"
EDGE = ("the JavaScript edge's own argument error: the C signature takes this argument as a "
        "C type that cannot hold the value (the C ABI's own argument checks are tested by "
        "crates/ffi/tests/c)")
EDGE_OWN_CODE = ("the JavaScript edge's own argument error (its code is WebAssembly's); the C ABI "
                 "refuses the same value with its own code")
NOT_CAMEL = ("a key that is not camelCase: the JavaScript edge's own error (key.not_camel_case), "
             "which has no snake_case form")

# A case entry is the reason, or (reason, code) where the C ABI can be given the same input:
# the test then checks that it refuses it with that code, its own.
SKIP: dict[str, Any] = {
    # Whole functions.
    "codeLists": NO_C_FUNCTION + ": the vocabularies cross the C ABI as codes inside the JSON "
                 "documents and their JSON Schemas (weiquan_complaint_schema); their names are "
                 "a form's convenience",
    "divisions": NO_C_FUNCTION + ": a form's province/city/county lists; C callers resolve a "
                 "division with weiquan_router_resolve_division",
    "checkAmount": NO_C_FUNCTION + ": amounts cross the C ABI as decimal strings inside the JSON "
                   "documents (crates/ffi/missing_apis.txt, weiquan_complaint::Yuan)",
    # Single cases.
    "checkResidentId": {
        "not a string": EDGE + " (an integer where the text is a const char *)",
        "reference date not a date": (EDGE_OWN_CODE + " (2026-13-01 as a weiquan_date)",
                                      "ffi.invalid_argument"),
    },
    "addWorkingDays": {
        "not a date": (EDGE_OWN_CODE + " (2025-02-30 as a weiquan_date)", "ffi.invalid_argument"),
        "negative days": EDGE + " (-1 where the count is a uint32_t)",
        "unknown option": EDGE + " (an option the calendar handles have no constructor for)",
        "option with a snake_case name": NOT_CAMEL,
    },
    "caseDeadlines": {
        "received time without an offset": (EDGE_OWN_CODE + " (weiquan_case_open's received_at)",
                                            "ffi.invalid_argument"),
        "an unknown procedure": (EDGE_OWN_CODE + " (weiquan_case_open's selection_json, read as "
                                                 "JSON)", "json.syntax"),
    },
    "redactText": {
        "an unknown replacement": EDGE + " (no WEIQUAN_REDACT_* constant for blur; unknown "
                                         "constants are refused with ffi.invalid_argument, as "
                                         "crates/ffi/tests/c checks)",
    },
    "validateComplaint": {
        "every problem at once, with camelCase pointers": NOT_CAMEL,
    },
    "parseComplaint": {
        "parse an invalid complaint": NOT_CAMEL,
        "parse: only a key that is not camelCase": NOT_CAMEL,
    },
    "assessCompensation": {
        "a snake_case key": NOT_CAMEL,
    },
}

# Keys of the vector's result that the C ABI's result does not have, per function, with the
# reason: conveniences of the WebAssembly API.
ALLOWED_MISSING: dict[str, dict[str, str]] = {
    "caseDeadlines": {
        "procedureEn": "the English name of the procedure: the case report carries the Chinese "
                       "one and the citation (procedure_basis) with its English text",
        "stateEn": "the English name of the state: the case report carries the Chinese one",
    },
}

# The C functions whose message names the argument first; removed before comparing.
ARGUMENT_PREFIX = {
    "checkDivisionCode": "argument `code`: ",
}

# The codes the C ABI replaces by the first problem's (crates/ffi/src/error.rs FIRST_PROBLEM).
FIRST_PROBLEM = ("complaint.invalid", "claim.invalid")

# The codes of a file that breaks rules, whose problems the C ABI lists with pointers into the
# file (/LINE/FIELD, docs/ffi.md convention 13).
FILE_CODES = ("calendar.invalid_csv",)

# The functions whose argument is a document's text, not a camelCase object: pointers point
# into the document as written and are not converted.
TEXT_ARGUMENT = ("complaintFromDocument",)


# -- names ----------------------------------------------------------------------------------

def is_camel(key: str) -> bool:
    """crates/wasm/src/names.rs `is_camel`."""
    if not key or not ("a" <= key[0] <= "z"):
        return False
    previous = key[0]
    for i, c in enumerate(key[1:], start=1):
        following = key[i + 1] if i + 1 < len(key) else ""
        if c == "_":
            ok = previous.isascii() and previous.isalnum() and following.isascii() and following.isdigit()
        elif "A" <= c <= "Z":
            ok = not ("A" <= previous <= "Z")
        else:
            ok = c.isascii() and c.isalnum()
        if not ok:
            return False
        previous = c
    return True


def camel_to_snake(key: str) -> str:
    return "".join("_" + c.lower() if "A" <= c <= "Z" else c for c in key)


def snake_to_camel(key: str) -> str:
    out, i = [], 0
    while i < len(key):
        c = key[i]
        if c == "_" and i + 1 < len(key) and "a" <= key[i + 1] <= "z":
            out.append(key[i + 1].upper())
            i += 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _unescape(segment: str) -> str:
    return segment.replace("~1", "/").replace("~0", "~")


def _escape(segment: str) -> str:
    return segment.replace("~", "~0").replace("/", "~1")


def pointer_to_snake(pointer: str) -> str:
    return "/".join(_escape(camel_to_snake(_unescape(s))) for s in pointer.split("/"))


def pointer_to_camel(pointer: str) -> str:
    return "/".join(_escape(snake_to_camel(_unescape(s))) for s in pointer.split("/"))


def args_to_snake(value: Any, at: str = "") -> Any:
    """Rule 1: the vector's camelCase argument as the C ABI's snake_case JSON."""
    if isinstance(value, dict):
        out = {}
        for key, v in value.items():
            if not is_camel(key):
                raise ValueError(f"{at}/{key} is not camelCase: list the case in SKIP")
            out[camel_to_snake(key)] = args_to_snake(v, f"{at}/{key}")
        return out
    if isinstance(value, list):
        return [args_to_snake(v, f"{at}/{i}") for i, v in enumerate(value)]
    return value


POINTER_KEYS = ("fact", "missing_facts")


def result_to_camel(value: Any, pointers: bool = False) -> Any:
    """Rule 3: the C ABI's snake_case JSON with camelCase keys, as WebAssembly writes it."""
    if isinstance(value, dict):
        return {snake_to_camel(k): result_to_camel(v, k in POINTER_KEYS) for k, v in value.items()}
    if isinstance(value, list):
        return [result_to_camel(v, pointers) for v in value]
    if pointers and isinstance(value, str):
        return pointer_to_camel(value)
    return value


# -- the calls through the C ABI ------------------------------------------------------------

class Failure(Exception):
    """A C call failed; ``at`` is the place of its input in the vector's argument (rule 5)."""

    def __init__(self, error: weiquan.WeiquanError, at: str = ""):
        super().__init__(str(error))
        self.error = error
        self.at = at


def date(text: str) -> Any:
    """A YYYY-MM-DD argument as the fields of a ``weiquan_date`` (an impossible date such as
    2025-02-30 too: the C ABI is the one to refuse it)."""
    year, month, day = (int(part) for part in text.split("-"))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return types.SimpleNamespace(year=year, month=month, day=day)


def division_text(code: Optional[int]) -> Optional[str]:
    return None if code is None else f"{code:06d}"


def without_none(d: dict) -> dict:
    return {k: v for k, v in d.items() if v is not None}


def json_text(value: Any) -> str:
    """A JSON argument as its text (the client reads a Python str as JSON text already
    written: a string argument must be written as a JSON string)."""
    return json.dumps(value, ensure_ascii=False)


def today_cst() -> dt.date:
    """The day WebAssembly's validation checks `received_at` against (crates/wasm edge.rs)."""
    return dt.datetime.now(CST).date()


def calendar(options: Optional[dict]) -> weiquan.Calendar:
    """Rule 2: the calendar the options describe, applied in WebAssembly's order."""
    options = options or {}
    unknown = set(options) - {"holidays_csv", "provisional", "adjusted_workdays"}
    if unknown:
        raise ValueError(f"calendar options {unknown}: list the case in SKIP")
    cal = LIB.calendar()
    steps: list[Callable[[weiquan.Calendar], weiquan.Calendar]] = []
    if options.get("holidays_csv") is not None:
        steps.append(lambda c: c.with_csv(options["holidays_csv"]))
    if options.get("provisional"):
        steps.append(lambda c: c.with_provisional())
    if options.get("adjusted_workdays") is not None:
        steps.append(lambda c: c.with_adjusted_workdays(options["adjusted_workdays"]))
    for i, step in enumerate(steps):
        try:
            made = step(cal)
        except weiquan.WeiquanError as e:
            cal.close()
            # Only the CSV can fail: it is /holidays_csv of the options.
            raise Failure(e, "/holidays_csv" if i == 0 and "holidays_csv" in options else "")
        cal.close()
        cal = made
    return cal


def check_resident_id(value: str, today: str) -> dict:
    r = LIB.check_resident_id(value, date(today))
    return {"value": r["normalized"], "birth_date": r["birth_date"].isoformat(), "sex": r["sex"],
            "region": division_text(r["region"]), "age": r["age"]}


def check_uscc(value: str, strict: Optional[bool]) -> dict:
    r = LIB.check_uscc(value, strict=bool(strict))
    return without_none({
        "value": r["normalized"], "registration_authority": r["registration_authority"],
        "entity_type": r["entity_type"], "division": division_text(r["division"]),
        "org_code": r["org_code"], "org_code_check_ok": r["org_code_check_ok"]})


def check_mobile(value: str) -> dict:
    return {"value": LIB.check_mobile(value)}


def check_division_code(value: str) -> dict:
    if not (value.isascii() and value.isdigit()):
        raise ValueError(f"{value!r} is no number: list the case in SKIP")
    r = LIB.check_division(int(value))
    return without_none({"value": division_text(r["code"]), "level": r["level"],
                         "province": division_text(r["province"]),
                         "prefecture": division_text(r["prefecture"]),
                         "parent": division_text(r["parent"])})


def add_working_days(start: str, days: int, options: Optional[dict]) -> dict:
    with calendar(options) as cal:
        day, provisional = cal.add_working_days_marked(date(start), days)
    return {"date": day.isoformat(), "provisional": provisional}


def working_days_between(a: str, b: str, options: Optional[dict]) -> dict:
    with calendar(options) as cal:
        days, provisional = cal.working_days_between_marked(date(a), date(b))
    return {"days": days, "provisional": provisional}


def calendar_day(day: str, options: Optional[dict]) -> dict:
    with calendar(options) as cal:
        return cal.day(date(day))


def case_deadlines(query: dict) -> dict:
    selection = query.get("procedure", "market_regulation")
    case = LIB.open_case("preview", query["received_at"], selection)
    with case:
        for i, event in enumerate(query.get("events", [])):
            try:
                case.apply(event)
            except weiquan.WeiquanError as e:
                raise Failure(e, f"/events/{i}")
        as_of = date(query["as_of"]) if "as_of" in query else today_cst()
        return case.report(as_of)


def redact_text(text: str, options: Optional[dict]) -> dict:
    r = LIB.redact_spans(text, (options or {}).get("replacement", "label"))
    # Character offsets (the C ABI) to UTF-16 code units (JavaScript).
    units = [0]
    for c in text:
        units.append(units[-1] + (2 if ord(c) > 0xFFFF else 1))
    for span in r["spans"]:
        span["start"], span["end"] = units[span["start"]], units[span["end"]]
    return r


def validate_complaint(draft: Any) -> dict:
    """WebAssembly's {valid, errors, complaint, document}, from weiquan_complaint_validate_on:
    the normalised document on success, the field problems (details) on failure."""
    try:
        document = LIB._string_call("weiquan_complaint_validate_on", *LIB._text(json_text(draft)),
                                    weiquan.Date.of(today_cst()))
    except weiquan.WeiquanError as e:
        if e.status != "WEIQUAN_INVALID":
            raise
        return {"valid": False, "errors": [dict(d, pointer=pointer_to_camel(d["pointer"]))
                                           for d in e.details]}
    return {"valid": True, "errors": [], "complaint": json.loads(document), "document": document}


def parse_complaint(draft: Any) -> dict:
    return LIB.validate_complaint(json_text(draft), today=today_cst())


def complaint_from_document(text: str) -> dict:
    return LIB.validate_complaint(text)


ROUTER = None
ASSESSOR = None


def route_complaint(complaint: Any, options: Optional[dict]) -> dict:
    return ROUTER.route(json_text(complaint), (options or {}).get("received_by"))


def assess_compensation(claim: Any) -> dict:
    return ASSESSOR.assess(json_text(claim))


RUN: dict[str, Callable[..., dict]] = {
    "checkResidentId": check_resident_id,
    "checkUscc": check_uscc,
    "checkMobile": check_mobile,
    "checkDivisionCode": check_division_code,
    "addWorkingDays": add_working_days,
    "workingDaysBetween": working_days_between,
    "calendarDay": calendar_day,
    "caseDeadlines": case_deadlines,
    "redactText": redact_text,
    "validateComplaint": validate_complaint,
    "parseComplaint": parse_complaint,
    "complaintFromDocument": complaint_from_document,
    "routeComplaint": route_complaint,
    "assessCompensation": assess_compensation,
}


# -- comparison -----------------------------------------------------------------------------

def details_to_camel(details: list, convert_pointers: bool = True) -> list:
    """The C ABI's field problems in the vector's `errors` form."""
    return [result_to_camel(dict(d, pointer=pointer_to_camel(d["pointer"])
                                 if convert_pointers else d["pointer"])) for d in details]


def compare_result(function: str, got: dict, expected: dict) -> list[str]:
    got = result_to_camel(got)
    problems = []
    shared = set(got) & set(expected)
    if not shared:
        problems.append(f"no key in common: C {sorted(got)}, vector {sorted(expected)}")
    for key in sorted(shared):
        if got[key] != expected[key]:
            problems.append(f"{key}: C {json.dumps(got[key], ensure_ascii=False)[:600]}\n"
                            f"   vector {json.dumps(expected[key], ensure_ascii=False)[:600]}")
    allowed = ALLOWED_MISSING.get(function, {})
    for key in sorted(set(expected) - set(got)):
        if key not in allowed:
            problems.append(f"{key}: in the vector, not in the C result")
    return problems


def compare_error(function: str, failure: Failure, expected: dict) -> list[str]:
    e = failure.error
    problems = []
    pointer = failure.at + e.pointer
    message = e.message
    prefix = ARGUMENT_PREFIX.get(function)
    if prefix and message.startswith(prefix):
        message = message[len(prefix):]
    code, want_pointer = expected["code"], pointer_to_snake(expected["pointer"])
    if function in TEXT_ARGUMENT:
        want_pointer = expected["pointer"]
    if code in FILE_CODES:
        # The vector points at the argument that holds the file, the C ABI into the file; each
        # of the file's problems is in the vector's messages.
        if pointer.startswith(want_pointer + "/"):
            want_pointer = pointer
        if not e.details:
            problems.append("no problems of the file in the details")
        for d in e.details:
            if d["message_en"] not in expected["message"] or d["message_zh"] not in expected["messageZh"]:
                problems.append(f"the file's problem {d} is not in the vector's messages")
    if code in FIRST_PROBLEM:
        if not e.details:
            problems.append("no problems of the document in the details")
        first = expected["errors"][0]
        code, want_pointer = first["code"], pointer_to_snake(first["pointer"])
        if function in TEXT_ARGUMENT:
            want_pointer = first["pointer"]
    if e.code != code:
        problems.append(f"code: C {e.code}, vector {code} ({expected['code']})")
    if pointer != want_pointer:
        problems.append(f"pointer: C {pointer!r}, vector {want_pointer!r}")
    if message != expected["message"]:
        problems.append(f"message: C {message!r}\n   vector {expected['message']!r}")
    if e.message_zh != expected["messageZh"]:
        problems.append(f"messageZh: C {e.message_zh!r}\n   vector {expected['messageZh']!r}")
    if e.details and code not in FILE_CODES:
        got = details_to_camel(e.details, function not in TEXT_ARGUMENT)
        if failure.at:
            got = [dict(d, pointer=pointer_to_camel(failure.at) + d["pointer"]) for d in got]
        if got != expected["errors"]:
            problems.append(f"errors: C {json.dumps(got, ensure_ascii=False)[:900]}\n"
                            f"   vector {json.dumps(expected['errors'], ensure_ascii=False)[:900]}")
    return problems


def skip_entry(function: str, name: str) -> Optional[tuple[str, Optional[str]]]:
    """(reason, the C ABI's own code for the same input or None), or None: not skipped."""
    entry = SKIP.get(function)
    if isinstance(entry, dict):
        entry = entry.get(name)
    if entry is None:
        return None
    return (entry, None) if isinstance(entry, str) else entry


def run_case(function: str, args: list) -> tuple[str, Any]:
    """("result", the C ABI's result) or ("error", Failure)."""
    try:
        return "result", RUN[function](*args)
    except Failure as f:
        return "error", f
    except weiquan.WeiquanError as e:
        return "error", Failure(e)


def load_cases() -> list[tuple[str, dict]]:
    files = sorted(VECTORS.glob("*.json"))
    return [(f.name, case) for f in files
            for case in json.loads(f.read_text(encoding="utf-8"))["cases"]]


class SharedVectors(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        global ROUTER, ASSESSOR
        ROUTER = LIB.router()
        # No calendar handle: the official calendar, as WebAssembly and `weiquan assess` use.
        ASSESSOR = LIB.assessor()

    @classmethod
    def tearDownClass(cls):
        ROUTER.close()
        ASSESSOR.close()

    def test_every_vector_through_the_c_abi(self):
        cases = load_cases()
        self.assertGreaterEqual(len(cases), 95)
        handles = LIB.handle_count()
        counts: dict[str, list[int]] = {}
        failures = []
        used_skips, used_missing = set(), set()
        for file, case in cases:
            function, name = case["function"], case["name"]
            count = counts.setdefault(function, [0, 0, 0])
            skip = skip_entry(function, name)
            if skip is not None:
                used_skips.add((function, name) if isinstance(SKIP[function], dict) else function)
                count[1] += 1
                if skip[0] == NOT_CAMEL:
                    try:
                        args_to_snake(case["args"])
                        failures.append(f"{file} / {name}: skipped for a key that is not "
                                        "camelCase, but every key is")
                    except ValueError:
                        pass
                own_code = skip[1]
                if own_code is not None:
                    count[2] += 1
                    outcome, got = run_case(function, args_to_snake(case["args"]))
                    code = got.error.code if outcome == "error" else None
                    if code != own_code:
                        failures.append(f"{file} / {name}: the C ABI should refuse it with "
                                        f"{own_code}, gave {outcome} {code or got}")
                continue
            if function not in RUN:
                failures.append(f"{file} / {name}: {function} is neither run nor in SKIP")
                continue
            count[0] += 1
            outcome, got = run_case(function, args_to_snake(case["args"]))
            expected_kind = "result" if "result" in case else "error"
            if outcome != expected_kind:
                detail = got if outcome == "result" else f"[{got.error.code}] {got.error}"
                failures.append(f"{file} / {name}: expected {expected_kind}, C gave {outcome}: "
                                f"{str(detail)[:400]}")
                continue
            if outcome == "result":
                problems = compare_result(function, got, case["result"])
                used_missing |= {(function, k) for k in set(case["result"])
                                 - set(result_to_camel(got))}
            else:
                problems = compare_error(function, got, case["error"])
            failures.extend(f"{file} / {name}: {p}" for p in problems)
        run = sum(c[0] for c in counts.values())
        skipped = sum(c[1] for c in counts.values())
        refused = sum(c[2] for c in counts.values())
        print(f"\nshared vectors through the C ABI: {run} run, {skipped} skipped of "
              f"{len(cases)} ({refused} of the skipped refused by the C ABI with its own code)")
        for function, (r, s, own) in sorted(counts.items()):
            print(f"  {function}: {r} run, {s} skipped" + (f" ({own} refused)" if own else ""))
        listed = {f for f, e in SKIP.items() if isinstance(e, str)} | {
            (f, n) for f, e in SKIP.items() if isinstance(e, dict) for n in e}
        for unused in sorted(listed - used_skips, key=str):
            failures.append(f"SKIP lists {unused}, which no vector is")
        for function, keys in ALLOWED_MISSING.items():
            for key in keys:
                if (function, key) not in used_missing:
                    failures.append(f"ALLOWED_MISSING lists {function}.{key}, missing from no result")
        self.assertEqual(run + skipped, len(cases))
        self.assertEqual(LIB.handle_count(), handles, "a handle was left live")
        self.assertEqual(failures, [], "\n" + "\n".join(failures))


class Rules(unittest.TestCase):
    """The conversions the comparison rests on."""

    def test_names(self):
        self.assertEqual(camel_to_snake("orgCodeCheckOk"), "org_code_check_ok")
        self.assertEqual(snake_to_camel("org_code_check_ok"), "orgCodeCheckOk")
        self.assertEqual(snake_to_camel("fsl_2015_148_2"), "fsl_2015_148_2")
        self.assertTrue(is_camel("fsl_2015_148_2"))
        self.assertFalse(is_camel("price_paid"))
        self.assertEqual(pointer_to_snake("/purchase/pricePaid"), "/purchase/price_paid")
        self.assertEqual(pointer_to_camel("/events/0/amount_recovered"), "/events/0/amountRecovered")
        self.assertEqual(pointer_to_snake(""), "")
        with self.assertRaises(ValueError):
            args_to_snake({"purchase": {"price_paid": "1"}})

    def test_a_difference_is_found(self):
        self.assertEqual(compare_result("checkMobile", {"value": "1"}, {"value": "1"}), [])
        self.assertTrue(compare_result("checkMobile", {"value": "1"}, {"value": "2"}))
        self.assertTrue(compare_result("checkMobile", {"other": "1"}, {"value": "1"}))
        self.assertTrue(compare_result("checkMobile", {"value": "1"}, {"value": "1", "age": 3}))


if __name__ == "__main__":
    unittest.main()
