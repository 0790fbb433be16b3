"""Tests of the ctypes client (run by `cargo xtask ci` with WEIQUAN_LIB set)."""

import datetime as dt
import json
import pathlib
import threading
import unittest

import weiquan

LIB = weiquan.Library()

CLAIM = {
    "schema_version": 1,
    "purchase": {"kind": "food", "price_paid": "180.00", "purchase_date": "2025-04-10",
                 "receipt_date": "2025-04-12", "distance_sale": True},
    "request_date": "2025-04-15",
    "findings": {"food_standard_violated": True, "respondent_produced_or_knew": True,
                 "food_defect": "substantive", "fraud": True},
    "returns": {"exclusion": "perishable"},
}


# The shared assessment vectors of weiquan-compensation: the library, `weiquan assess` and
# WebAssembly check the same file.
HOLIDAYS = pathlib.Path(__file__).resolve().parents[2] / "crates/compensation/tests/vectors/holidays.json"


def projection(compact: dict) -> dict:
    """What the vectors compare, from the compact assessment."""
    remedies = []
    for r in compact["remedies"]:
        o = {"kind": r["kind"], "rule": r["rule"], "status": r["status"]}
        if "window" in r:
            o["window"] = {k: r["window"][k] for k in ("from", "last_day", "extension", "extended_to")
                           if k in r["window"]}
        if "operator_deadlines" in r:
            o["operator_deadlines"] = r["operator_deadlines"]
        remedies.append(o)
    return {"total": compact["total"], "flags": compact["flags"], "remedies": remedies}


def sample() -> str:
    return LIB.generate_complaints(1, 1)[0]


class Identifiers(unittest.TestCase):
    def test_resident_id(self):
        r = LIB.check_resident_id("11010519491231002x", dt.date(2025, 6, 1))
        self.assertEqual(r, {"normalized": "11010519491231002X", "birth_date": dt.date(1949, 12, 31),
                             "sex": "female", "region": 110105, "age": 75})

    def test_resident_id_checksum(self):
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.check_resident_id("110105194912310021", dt.date(2025, 6, 1))
        self.assertEqual(e.exception.status, "WEIQUAN_INVALID")
        self.assertEqual(e.exception.code, "resident_id.checksum")
        self.assertIn("校验码", e.exception.message_zh)

    def test_uscc_and_mobile(self):
        u = LIB.check_uscc("91110000600037341l", strict=True)
        self.assertEqual(u["normalized"], "91110000600037341L")
        self.assertEqual(u["division"], 110000)
        self.assertEqual(LIB.check_mobile("138 0013 8000"), "13800138000")
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.check_mobile("12")
        self.assertEqual(e.exception.code, "mobile.format")

    def test_invalid_utf8_and_nul(self):
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.check_mobile(b"1380013800\xff")
        self.assertEqual(e.exception.status, "WEIQUAN_INVALID_UTF8")
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.check_mobile(b"138\x0000138000")
        self.assertEqual(e.exception.code, "ffi.nul_byte")


class Redaction(unittest.TestCase):
    def test_text_and_spans(self):
        text = "我叫张伟，手机13800138000"
        self.assertEqual(LIB.redact(text), "我叫[姓名]，手机[手机号]")
        self.assertEqual(LIB.redact(text, "partial"), "我叫张*，手机138****8000")
        spans = LIB.redact_spans(text)
        self.assertEqual(spans["text"], LIB.redact(text))
        # Offsets in characters of the input: Python string indices.
        self.assertEqual([text[s["start"]:s["end"]] for s in spans["spans"]], ["张伟", "13800138000"])
        self.assertEqual(LIB.redact(text, kinds=0), text)
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.redact(text, kinds=0x200)  # the first bit no kind uses
        self.assertEqual(e.exception.status, "WEIQUAN_INVALID_ARGUMENT")


class Complaints(unittest.TestCase):
    def test_validate_round_trip(self):
        text = sample()
        self.assertEqual(LIB.validate_complaint(text), json.loads(text))

    def test_validation_errors_have_pointers(self):
        doc = json.loads(sample())
        doc["description"] = ""
        doc["purchase"]["quantity"] = 0
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.validate_complaint(doc)
        err = e.exception
        self.assertEqual(err.status, "WEIQUAN_INVALID")
        pointers = [d["pointer"] for d in err.details]
        self.assertIn("/description", pointers)
        self.assertIn("/purchase/quantity", pointers)
        self.assertEqual(err.pointer, pointers[0])

    def test_received_after_today_is_refused(self):
        text = sample()
        received = dt.date.fromisoformat(json.loads(text)["received_at"][:10])
        self.assertEqual(LIB.validate_complaint(text, today=received), json.loads(text))
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.validate_complaint(text, today=received - dt.timedelta(days=1))
        self.assertEqual((e.exception.code, e.exception.pointer), ("received_at.future", "/received_at"))

    def test_malformed_json(self):
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.validate_complaint("{")
        self.assertEqual((e.exception.status, e.exception.code), ("WEIQUAN_MALFORMED_JSON", "json.syntax"))

    def test_generator_is_deterministic(self):
        self.assertEqual(LIB.generate_complaints(9, 5), LIB.generate_complaints(9, 5))
        self.assertEqual(len(LIB.generate_complaints(9, 5)), 5)


class Handles(unittest.TestCase):
    def test_calendar(self):
        with LIB.calendar() as cal:
            self.assertEqual(cal.add_working_days(dt.date(2025, 1, 24), 7), dt.date(2025, 2, 10))
            self.assertEqual(cal.working_days_between(dt.date(2025, 1, 24), dt.date(2025, 2, 10)), 7)
            self.assertFalse(cal.is_working_day(dt.date(2025, 1, 28)))
            self.assertEqual(cal.day(dt.date(2025, 1, 29))["kind"], "holiday")
            with self.assertRaises(weiquan.WeiquanError) as e:
                cal.is_working_day(dt.date(2027, 3, 1))
            self.assertEqual((e.exception.status, e.exception.code),
                             ("WEIQUAN_OUT_OF_RANGE", "calendar.out_of_coverage"))

    def test_double_free_is_detected(self):
        cal = LIB.calendar()
        handle = cal._h
        cal.close()
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB._call("weiquan_calendar_free", handle)
        self.assertEqual(e.exception.status, "WEIQUAN_INVALID_HANDLE")

    def test_route(self):
        with LIB.router() as router:
            decision = router.route(sample())
            self.assertEqual(decision["schema_version"], 2)
            # Citations in weiquan-law's form: a registry id, both texts, the mark as a word.
            self.assertTrue(decision["basis"])
            for basis in decision["basis"]:
                self.assertLessEqual({"instrument", "reliability", "text_zh", "text_en"}, set(basis))
                self.assertIn(basis["reliability"], ("verified", "secondary", "unverified"))
                self.assertTrue(basis["text_zh"].startswith("《"))
            self.assertEqual(decision, router.route(sample()))
            with self.assertRaises(weiquan.WeiquanError) as e:
                router.route(sample(), received_by="no.such.body")
            self.assertEqual(e.exception.code, "routing.unknown_body")

    def test_bad_ruleset(self):
        with self.assertRaises(weiquan.WeiquanError) as e:
            LIB.router("not = [toml")
        self.assertEqual(e.exception.code, "routing.ruleset_invalid")

    def test_case_lifecycle_and_replay(self):
        with LIB.open_case("SJZ-2024-000123", "2024-05-10T09:30:00+08:00") as case:
            t = case.apply({"at": "2024-05-14T10:00:00+08:00", "actor": "handler", "event": "accepted"})
            self.assertEqual((t["from"], t["to"], t["seq"]), ("received", "accepted", 2))
            with self.assertRaises(weiquan.WeiquanError) as e:
                case.apply({"at": "2024-05-14T11:00:00+08:00", "actor": "handler", "event": "closed"})
            self.assertEqual((e.exception.status, e.exception.code),
                             ("WEIQUAN_REJECTED", "caseflow.illegal_transition"))
            self.assertEqual(case.state(), "accepted")
            kinds = [d["kind"] for d in case.deadlines(dt.date(2024, 5, 20))]
            self.assertIn("mediation_period", kinds)
            log = case.export_log()
            with LIB.replay_case(log) as copy:
                self.assertEqual(copy.export_log(), log)
                self.assertEqual(copy.report(dt.date(2024, 5, 20)), case.report(dt.date(2024, 5, 20)))
            # As of a day before the acceptance; a head kept elsewhere; a torn tail recovered.
            copy, report = LIB.replay_case_with(log, options={"as_of": "2024-05-12"})
            with copy:
                self.assertEqual(copy.state(), "received")
            self.assertEqual((report["entries"], report["later"], report["torn"]), (2, 1, None))
            wrong = ("1" if report["head"][0] == "0" else "0") + report["head"][1:]
            with self.assertRaises(weiquan.WeiquanError) as e:
                LIB.replay_case_with(log, options={"expect_head": wrong})
            self.assertEqual(e.exception.code, "caseflow.log.head_mismatch")
            copy, report = LIB.replay_case_with(log[:-15], options={"recover": True})
            copy.close()
            self.assertEqual(report["entries"], 1)
            self.assertEqual(report["torn"]["valid_bytes"], len(log.splitlines(True)[0].encode()))
            key = "ab" * 32
            keyed = case.export_log_keyed(key)
            copy, report = LIB.replay_case_with(keyed, key_hex=key)
            with copy:
                self.assertEqual(copy.state(), "accepted")
            with self.assertRaises(weiquan.WeiquanError) as e:
                LIB.replay_case_with(keyed)
            self.assertEqual(e.exception.code, "caseflow.log.key_required")

    def test_assess(self):
        with LIB.calendar() as cal, LIB.assessor(calendar=cal) as a:
            result = a.assess(CLAIM)
            self.assertEqual(result["schema_version"], 1)
            self.assertEqual(result, a.assess(CLAIM))
            claim = LIB.claim_from_complaint(sample())
            self.assertEqual(claim["schema_version"], 1)
            a.assess(claim)
            bad = dict(CLAIM, purchase=dict(CLAIM["purchase"], price_paid="-1"))
            with self.assertRaises(weiquan.WeiquanError) as e:
                a.assess(bad)
            self.assertEqual(e.exception.status, "WEIQUAN_INVALID")
            self.assertTrue(e.exception.pointer.startswith("/purchase"))

    def test_shared_holiday_vectors(self):
        """An assessor made without a calendar counts with the official one, as `weiquan assess`
        and WebAssembly do; one given the official calendar's handle gives the same."""
        cases = json.loads(HOLIDAYS.read_text(encoding="utf-8"))["cases"]
        self.assertTrue(cases)
        with LIB.assessor() as default, LIB.calendar() as cal, LIB.assessor(calendar=cal) as official:
            for case in cases:
                with self.subTest(case["name"]):
                    self.assertEqual(projection(default.assess_compact(case["claim"])), case["expect"])
                    self.assertEqual(official.assess(case["claim"]), default.assess(case["claim"]))

    def test_assess_compact(self):
        with LIB.assessor() as a:
            compact = a.assess_compact(CLAIM)
            full = a.assess(CLAIM)
            self.assertEqual(compact["schema_version"], 1)
            self.assertEqual(compact["form"], "compact")
            self.assertEqual(compact["total"], "1980.00")
            self.assertEqual(compact["total"], full["total"])
            self.assertEqual(compact["missing_facts"], full["missing_facts"])
            food = [i for i in compact["items"] if i["kind"] == "food_punitive"][0]
            self.assertEqual(food["amount"], "1800.00")
            self.assertTrue(food["proposed"])
            self.assertEqual(food["steps"], [
                {"label": "price_multiple", "calc": "10 × 180.00 = 1,800.00",
                 "param": "fsl_2015_148_2_price_multiplier"},
                {"label": "minimum", "calc": "max(1,800.00, 1,000.00) = 1,800.00",
                 "param": "fsl_2015_148_2_minimum"},
            ])
            self.assertEqual(compact["applied"], ["fsl_2015_148_2"])
            self.assertEqual(compact["offered"], ["crpl_2013_55_1"])
            self.assertEqual(compact["not_applied"]["dal_2019_144_3"], "not_drug")
            # Every rule of the catalogue, once.
            rules = compact["applied"] + compact["offered"] + list(compact["not_applied"])
            self.assertEqual(sorted(rules), sorted(c["rule"] for c in full["considered"]))
            self.assertLess(len(json.dumps(compact)) * 8, len(json.dumps(full)))
            self.assertEqual(compact, a.assess_compact(CLAIM))
            bad = dict(CLAIM, purchase=dict(CLAIM["purchase"], price_paid="-1"))
            with self.assertRaises(weiquan.WeiquanError) as e:
                a.assess_compact(bad)
            self.assertEqual(e.exception.status, "WEIQUAN_INVALID")
            self.assertEqual(e.exception.pointer, "/purchase/price_paid")
            with self.assertRaises(weiquan.WeiquanError) as e:
                a.assess_compact("{")
            self.assertEqual(e.exception.status, "WEIQUAN_MALFORMED_JSON")

    def test_threads_share_a_router(self):
        text = sample()
        errors = []
        with LIB.router() as router:
            expected = router.route(text)

            def work():
                for _ in range(20):
                    if router.route(text) != expected:
                        errors.append("different decision")

            threads = [threading.Thread(target=work) for _ in range(4)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        self.assertEqual(errors, [])


class Version(unittest.TestCase):
    def test_abi_version(self):
        self.assertEqual(LIB.abi_version() // 1_000_000, 0)
        self.assertGreater(LIB.abi_version(), 0)


if __name__ == "__main__":
    unittest.main()
