"""A small Python client of libweiquan (the weiquan C ABI) using only ctypes.

Load the library from ``WEIQUAN_LIB`` (a path) or the system search path::

    import weiquan
    lib = weiquan.Library()                       # or Library("/path/to/libweiquan.so")
    normalised = lib.validate_complaint(text)     # dict, or raises weiquan.WeiquanError
    with lib.router() as router:
        decision = router.route(normalised)

Every failure raises :class:`WeiquanError` with the status name, the stable code, the English
and Chinese messages, the JSON pointer and every field problem, read from the library's
thread-local last error. Strings the library returns are copied and freed at once; handles
are freed by ``close()`` or by leaving a ``with`` block.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import datetime as _dt
import json
import os
from typing import Any, Optional

__all__ = ["Library", "WeiquanError", "Calendar", "Router", "Case", "Assessor"]

OK = 0
STATUS_NAMES = [
    "WEIQUAN_OK", "WEIQUAN_NULL_POINTER", "WEIQUAN_INVALID_UTF8", "WEIQUAN_TOO_LONG",
    "WEIQUAN_MALFORMED_JSON", "WEIQUAN_INVALID", "WEIQUAN_REJECTED", "WEIQUAN_OUT_OF_RANGE",
    "WEIQUAN_INVALID_HANDLE", "WEIQUAN_INVALID_ARGUMENT", "WEIQUAN_IO", "WEIQUAN_INTERNAL",
]


class WeiquanError(Exception):
    """A failed call: ``status`` (e.g. ``"WEIQUAN_INVALID"``), ``code`` (e.g.
    ``"mobile.format"``), ``message``, ``message_zh``, ``pointer`` and ``details`` (a list of
    ``{"pointer","code","value","message_en","message_zh"}``)."""

    def __init__(self, function: str, status: int, code: str, message: str, message_zh: str,
                 pointer: str, details: list):
        self.function = function
        self.status = STATUS_NAMES[status] if 0 <= status < len(STATUS_NAMES) else str(status)
        self.code = code
        self.message = message
        self.message_zh = message_zh
        self.pointer = pointer
        self.details = details
        super().__init__(f"{function}: {self.status} [{code}] {message}")


class Date(ctypes.Structure):
    _fields_ = [("year", ctypes.c_int32), ("month", ctypes.c_uint32), ("day", ctypes.c_uint32)]

    @classmethod
    def of(cls, d: _dt.date) -> "Date":
        return cls(d.year, d.month, d.day)

    def to_date(self) -> _dt.date:
        return _dt.date(self.year, self.month, self.day)


class ResidentIdC(ctypes.Structure):
    _fields_ = [("normalized", ctypes.c_char * 19), ("birth_date", Date), ("sex", ctypes.c_int),
                ("region", ctypes.c_uint32), ("age", ctypes.c_uint32)]


class UsccC(ctypes.Structure):
    _fields_ = [("normalized", ctypes.c_char * 19), ("registration_authority", ctypes.c_char),
                ("entity_type", ctypes.c_char), ("division", ctypes.c_uint32),
                ("org_code", ctypes.c_char * 10), ("org_code_check_ok", ctypes.c_bool)]


class MobileC(ctypes.Structure):
    _fields_ = [("normalized", ctypes.c_char * 12)]


class DivisionC(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint32), ("level", ctypes.c_int), ("province", ctypes.c_uint32),
                ("prefecture", ctypes.c_uint32), ("parent", ctypes.c_uint32)]


# weiquan_division_level, WEIQUAN_REDACT_*, WEIQUAN_PII_ALL and WEIQUAN_ADJUSTED_WORKDAYS_*
# of weiquan.h, by the names the JSON documents use.
DIVISION_LEVELS = {1: "province", 2: "prefecture", 3: "county"}
REDACT_REPLACEMENTS = {"label": 0, "mask": 1, "partial": 2}
PII_ALL = 0xFF
ADJUSTED_WORKDAYS = {"count": 0, "skip": 1}


_c_char_pp = ctypes.POINTER(ctypes.c_char_p)
_str_out = ctypes.POINTER(ctypes.c_void_p)
_size_p = ctypes.POINTER(ctypes.c_size_t)


def _bytes(text: Any) -> bytes:
    if isinstance(text, bytes):
        return text
    if isinstance(text, (dict, list)):
        text = json.dumps(text, ensure_ascii=False, separators=(",", ":"))
    return str(text).encode("utf-8")


class Library:
    """libweiquan, loaded once; thread-safe like the library itself."""

    def __init__(self, path: Optional[str] = None):
        path = path or os.environ.get("WEIQUAN_LIB") or ctypes.util.find_library("weiquan")
        if not path:
            raise OSError("libweiquan not found: set WEIQUAN_LIB or install it")
        self._lib = lib = ctypes.CDLL(path)
        lib.weiquan_abi_version.restype = ctypes.c_uint32
        lib.weiquan_abi_version.argtypes = []
        for name in ("message", "message_zh", "code", "pointer", "details"):
            f = getattr(lib, f"weiquan_last_error_{name}")
            f.restype = ctypes.c_int
            f.argtypes = [_c_char_pp, _size_p]
        lib.weiquan_string_free.restype = ctypes.c_int
        lib.weiquan_string_free.argtypes = [ctypes.c_void_p]

    # -- plumbing ---------------------------------------------------------------------------

    def abi_version(self) -> int:
        return self._lib.weiquan_abi_version()

    def handle_count(self) -> int:
        """How many handles are live in the library (all clients in the process together)."""
        out = ctypes.c_size_t()
        self._call("weiquan_handle_count", ctypes.byref(out))
        return out.value

    def _last(self, name: str) -> str:
        out = ctypes.c_char_p()
        n = ctypes.c_size_t()
        getattr(self._lib, f"weiquan_last_error_{name}")(ctypes.byref(out), ctypes.byref(n))
        return ctypes.string_at(out, n.value).decode("utf-8") if out.value is not None else ""

    def _call(self, name: str, *args) -> None:
        f = getattr(self._lib, name)
        f.restype = ctypes.c_int
        status = f(*args)
        if status != OK:
            raise WeiquanError(name, status, self._last("code"), self._last("message"),
                               self._last("message_zh"), self._last("pointer"),
                               json.loads(self._last("details")))

    def _string_call(self, name: str, *args) -> str:
        """Calls a function whose last two arguments are `char **out, size_t *out_len`."""
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        self._call(name, *args, ctypes.byref(out), ctypes.byref(n))
        try:
            return ctypes.string_at(out.value, n.value).decode("utf-8")
        finally:
            self._lib.weiquan_string_free(out)

    def _json_call(self, name: str, *args) -> Any:
        return json.loads(self._string_call(name, *args))

    @staticmethod
    def _text(text: Any):
        b = _bytes(text)
        return ctypes.c_char_p(b), ctypes.c_size_t(len(b))

    def _handle(self, kind: str, name: str, *args) -> ctypes.c_void_p:
        h = ctypes.c_void_p()
        self._call(name, *args, ctypes.byref(h))
        return h

    # -- identifiers ------------------------------------------------------------------------

    def check_resident_id(self, value: str, today: _dt.date) -> dict:
        out = ResidentIdC()
        self._call("weiquan_resident_id_check", *self._text(value), Date.of(today), ctypes.byref(out))
        return {"normalized": out.normalized.decode(), "birth_date": out.birth_date.to_date(),
                "sex": "male" if out.sex == 1 else "female", "region": out.region, "age": out.age}

    def check_uscc(self, value: str, strict: bool = False) -> dict:
        out = UsccC()
        self._call("weiquan_uscc_check", *self._text(value), ctypes.c_uint32(1 if strict else 0),
                   ctypes.byref(out))
        return {"normalized": out.normalized.decode(), "division": out.division or None,
                "registration_authority": out.registration_authority.decode(),
                "entity_type": out.entity_type.decode(), "org_code": out.org_code.decode(),
                "org_code_check_ok": bool(out.org_code_check_ok)}

    def check_mobile(self, value: str) -> str:
        out = MobileC()
        self._call("weiquan_mobile_check", *self._text(value), ctypes.byref(out))
        return out.normalized.decode()

    def check_division(self, code: int) -> dict:
        """The shape of a 6-digit division code: its level and ancestors (``None`` where the
        C struct has 0: no prefecture or parent above a province)."""
        out = DivisionC()
        self._call("weiquan_division_check", ctypes.c_uint32(code), ctypes.byref(out))
        return {"code": out.code, "level": DIVISION_LEVELS[out.level], "province": out.province,
                "prefecture": out.prefecture or None, "parent": out.parent or None}

    # -- redaction --------------------------------------------------------------------------

    def redact(self, text: str, replacement: str = "label", kinds: int = PII_ALL) -> str:
        """``text`` with personal data replaced (``replacement``: ``label``, ``mask`` or
        ``partial``; ``kinds``: a mask of the WEIQUAN_PII_* bits)."""
        return self._string_call("weiquan_redact_text", *self._text(text),
                                 ctypes.c_uint32(REDACT_REPLACEMENTS[replacement]),
                                 ctypes.c_uint32(kinds))

    def redact_spans(self, text: str, replacement: str = "label", kinds: int = PII_ALL) -> dict:
        """As :meth:`redact`, with where every item was: ``{"schema_version","text","spans"}``,
        offsets in characters of the input (Python string indices)."""
        return self._json_call("weiquan_redact_spans", *self._text(text),
                               ctypes.c_uint32(REDACT_REPLACEMENTS[replacement]),
                               ctypes.c_uint32(kinds))

    # -- complaints and claims --------------------------------------------------------------

    def validate_complaint(self, document: Any, today: Optional[_dt.date] = None) -> dict:
        """The complaint normalised (``weiquan validate``'s output line) as a dict; with
        ``today``, a complaint received after that day is refused (``received_at.future``)."""
        if today is None:
            return self._json_call("weiquan_complaint_validate", *self._text(document))
        return self._json_call("weiquan_complaint_validate_on", *self._text(document),
                               Date.of(today))

    def generate_complaints(self, seed: int, count: int, broken_per_mille: int = 0) -> list:
        text = self._string_call("weiquan_complaint_generate", ctypes.c_uint64(seed),
                                 ctypes.c_size_t(count), ctypes.c_uint32(broken_per_mille))
        return text.splitlines()

    def claim_from_complaint(self, complaint: Any) -> dict:
        return self._json_call("weiquan_claim_from_complaint", *self._text(complaint))

    # -- handles ----------------------------------------------------------------------------

    def calendar(self) -> "Calendar":
        return Calendar(self, self._handle("weiquan_calendar", "weiquan_calendar_new"))

    def router(self, toml: Optional[str] = None) -> "Router":
        if toml is None:
            return Router(self, self._handle("weiquan_router", "weiquan_router_new"))
        return Router(self, self._handle("weiquan_router", "weiquan_router_from_toml", *self._text(toml)))

    def open_case(self, complaint_id: str, received_at: str,
                  selection: Any = "market_regulation") -> "Case":
        return Case(self, self._handle("weiquan_case", "weiquan_case_open", *self._text(complaint_id),
                                       *self._text(received_at), *self._text(json.dumps(selection))))

    def replay_case(self, jsonl: str, calendar: Optional["Calendar"] = None) -> "Case":
        cal = calendar._h if calendar else None
        return Case(self, self._handle("weiquan_case", "weiquan_case_replay", *self._text(jsonl), cal))

    def replay_case_with(self, jsonl: str, key_hex: Optional[str] = None,
                         options: Optional[dict] = None,
                         calendar: Optional["Calendar"] = None) -> tuple:
        """Replays a log with `weiquan case replay`'s options: a keyed log (the key file's
        hexadecimal text), `{"as_of": "YYYY-MM-DD", "recover": True, "expect_head": HEX}`.
        Returns (case, report): the report has `entries`, `later`, `torn` and `head`."""
        cal = calendar._h if calendar else None
        key = self._text(key_hex) if key_hex is not None else (None, ctypes.c_size_t(0))
        opts = self._text(options) if options is not None else (None, ctypes.c_size_t(0))
        h = ctypes.c_void_p()
        out = ctypes.c_void_p()
        n = ctypes.c_size_t()
        self._call("weiquan_case_replay_with", *self._text(jsonl), cal, *key, *opts,
                   ctypes.byref(h), ctypes.byref(out), ctypes.byref(n))
        try:
            report = json.loads(ctypes.string_at(out.value, n.value).decode("utf-8"))
        finally:
            self._lib.weiquan_string_free(out)
        return Case(self, h), report

    def assessor(self, policy: Any = None, calendar: Optional["Calendar"] = None) -> "Assessor":
        p, n = self._text(policy) if policy is not None else (None, ctypes.c_size_t(0))
        cal = calendar._h if calendar else None
        return Assessor(self, self._handle("weiquan_assessor", "weiquan_assessor_new", p, n, cal))


class _Handle:
    _free = ""

    def __init__(self, lib: Library, handle: ctypes.c_void_p):
        self._lib = lib
        self._h = handle

    def close(self) -> None:
        if self._h is not None:
            h, self._h = self._h, None
            self._lib._call(self._free, h)

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


class Calendar(_Handle):
    """The working-day calendar (official holidays and 调休)."""

    _free = "weiquan_calendar_free"

    def _derived(self, name: str, *args) -> "Calendar":
        return Calendar(self._lib, self._lib._handle("weiquan_calendar", name, self._h, *args))

    def with_csv(self, csv: str) -> "Calendar":
        """A new calendar: this one with the years of a holiday notice CSV added."""
        return self._derived("weiquan_calendar_with_csv", *self._lib._text(csv))

    def with_provisional(self) -> "Calendar":
        """A new calendar answering years no notice covers, flagged provisional."""
        return self._derived("weiquan_calendar_with_provisional")

    def with_adjusted_workdays(self, policy: str) -> "Calendar":
        """A new calendar counting (``count``) or skipping (``skip``) adjusted working days."""
        return self._derived("weiquan_calendar_with_adjusted_workdays",
                             ctypes.c_uint32(ADJUSTED_WORKDAYS[policy]))

    def add_working_days_marked(self, start: _dt.date, n: int) -> tuple:
        """``(day, provisional)``: the n-th working day after ``start`` and whether the
        answer comes from the provisional calendar."""
        out = Date()
        provisional = ctypes.c_bool()
        self._lib._call("weiquan_calendar_add_working_days", self._h, Date.of(start),
                        ctypes.c_uint32(n), ctypes.byref(out), ctypes.byref(provisional))
        return out.to_date(), provisional.value

    def working_days_between_marked(self, a: _dt.date, b: _dt.date) -> tuple:
        """``(count, provisional)`` for the working days in (a, b]."""
        out = ctypes.c_uint32()
        provisional = ctypes.c_bool()
        self._lib._call("weiquan_calendar_working_days_between", self._h, Date.of(a), Date.of(b),
                        ctypes.byref(out), ctypes.byref(provisional))
        return out.value, provisional.value

    def add_working_days(self, start: _dt.date, n: int) -> _dt.date:
        out = Date()
        self._lib._call("weiquan_calendar_add_working_days", self._h, Date.of(start),
                        ctypes.c_uint32(n), ctypes.byref(out), None)
        return out.to_date()

    def is_working_day(self, d: _dt.date) -> bool:
        out = ctypes.c_bool()
        self._lib._call("weiquan_calendar_is_working_day", self._h, Date.of(d), ctypes.byref(out), None)
        return out.value

    def working_days_between(self, a: _dt.date, b: _dt.date) -> int:
        out = ctypes.c_uint32()
        self._lib._call("weiquan_calendar_working_days_between", self._h, Date.of(a), Date.of(b),
                        ctypes.byref(out), None)
        return out.value

    def day(self, d: _dt.date) -> dict:
        return self._lib._json_call("weiquan_calendar_day", self._h, Date.of(d))


class Router(_Handle):
    """A routing ruleset (the embedded Shijiazhuang one, or one loaded from TOML)."""

    _free = "weiquan_router_free"

    def route(self, complaint: Any, received_by: Optional[str] = None) -> dict:
        rb, rn = self._lib._text(received_by) if received_by is not None else (None, ctypes.c_size_t(0))
        return self._lib._json_call("weiquan_router_route", self._h, *self._lib._text(complaint), rb, rn)


class Case(_Handle):
    """One complaint's case (mutable; calls on it are serialised by the library)."""

    _free = "weiquan_case_free"

    def apply(self, event: Any, calendar: Optional[Calendar] = None) -> dict:
        cal = calendar._h if calendar else None
        return self._lib._json_call("weiquan_case_apply", self._h, cal, *self._lib._text(event))

    def state(self) -> str:
        out = ctypes.c_char_p()
        self._lib._call("weiquan_case_state", self._h, ctypes.byref(out), None)
        return out.value.decode()

    def deadlines(self, as_of: _dt.date) -> list:
        return self._lib._json_call("weiquan_case_deadlines", self._h, None, Date.of(as_of))

    def summary(self, as_of: _dt.date) -> dict:
        return self._lib._json_call("weiquan_case_summary", self._h, None, Date.of(as_of))

    def report(self, as_of: _dt.date) -> dict:
        return self._lib._json_call("weiquan_case_report", self._h, None, Date.of(as_of))

    def export_log(self) -> str:
        return self._lib._string_call("weiquan_case_export_log", self._h)

    def export_log_keyed(self, key_hex: str) -> str:
        """The log sealed with HMAC-SHA-256 under the key file's hexadecimal text."""
        return self._lib._string_call("weiquan_case_export_log_keyed", self._h,
                                      *self._lib._text(key_hex))


class Assessor(_Handle):
    """A compensation policy and calendar; assesses claim documents."""

    _free = "weiquan_assessor_free"

    def assess(self, claim: Any) -> dict:
        return self._lib._json_call("weiquan_assessor_assess", self._h, *self._lib._text(claim))

    def assess_compact(self, claim: Any) -> dict:
        """The compact assessment: the decision without the prose (docs/compensation.md)."""
        return self._lib._json_call("weiquan_assessor_assess_compact", self._h,
                                    *self._lib._text(claim))
