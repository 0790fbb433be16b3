// WeiquanDemo.java: calling libweiquan from Java through JNA (Debian: libjna-java).
//
//   javac -cp /usr/share/java/jna.jar WeiquanDemo.java
//   java -cp .:/usr/share/java/jna.jar -Djna.library.path=/path/to/lib WeiquanDemo
//
// size_t is mapped to long (64-bit platforms); handles and library strings are Pointers;
// every `char *` result is copied and handed back to weiquan_string_free. The ABI's `bool` is
// C's one-byte bool: a `bool *` is a ByteByReference and a `bool` struct field a `byte`, never
// a Java `boolean`, which JNA passes as a four-byte int (docs/ffi.md, "bool").

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;

public class WeiquanDemo {
    /** The C struct weiquan_date, passed by value. */
    @Structure.FieldOrder({"year", "month", "day"})
    public static class Date extends Structure {
        public int year;
        public int month;
        public int day;

        public Date() {}

        public Date(int year, int month, int day) {
            this.year = year;
            this.month = month;
            this.day = day;
        }

        public static class ByValue extends Date implements Structure.ByValue {
            public ByValue(int year, int month, int day) {
                super(year, month, day);
            }
        }

        @Override
        public String toString() {
            return String.format("%04d-%02d-%02d", year, month, day);
        }
    }

    /** The C struct weiquan_calendar_info: its `bool provisional` is a one-byte `byte`. */
    @Structure.FieldOrder({"firstYear", "lastYear", "provisional", "provisionalFirstYear",
                           "provisionalLastYear", "adjustedWorkdays"})
    public static class CalendarInfo extends Structure {
        public int firstYear;
        public int lastYear;
        public byte provisional;
        public int provisionalFirstYear;
        public int provisionalLastYear;
        public int adjustedWorkdays;
    }

    /** The functions this demo uses, declared as in weiquan.h. */
    public interface Weiquan extends Library {
        Weiquan LIB = Native.load("weiquan", Weiquan.class);

        int weiquan_abi_version();
        int weiquan_string_free(Pointer s);
        int weiquan_status_name(int status, PointerByReference out);
        int weiquan_last_error_code(PointerByReference out, LongByReference outLen);
        int weiquan_last_error_message(PointerByReference out, LongByReference outLen);
        int weiquan_last_error_pointer(PointerByReference out, LongByReference outLen);
        int weiquan_complaint_generate(long seed, long count, int brokenPerMille, PointerByReference out, LongByReference outLen);
        int weiquan_complaint_validate(byte[] json, long len, PointerByReference out, LongByReference outLen);
        int weiquan_router_new(PointerByReference out);
        int weiquan_router_route(Pointer router, byte[] json, long len, byte[] receivedBy, long receivedByLen, PointerByReference out, LongByReference outLen);
        int weiquan_router_free(Pointer router);
        int weiquan_calendar_new(PointerByReference out);
        int weiquan_calendar_add_working_days(Pointer cal, Date.ByValue start, int n, Date out, Pointer outProvisional);
        int weiquan_calendar_free(Pointer cal);
        int weiquan_calendar_with_provisional(Pointer cal, PointerByReference out);
        int weiquan_calendar_info_get(Pointer cal, CalendarInfo out);
        int weiquan_calendar_is_working_day(Pointer cal, Date.ByValue date, ByteByReference outWorking, ByteByReference outProvisional);
        int weiquan_assessor_new(byte[] policy, long len, Pointer cal, PointerByReference out);
        int weiquan_assessor_assess(Pointer assessor, byte[] json, long len, PointerByReference out, LongByReference outLen);
        int weiquan_assessor_free(Pointer assessor);
    }

    static final Weiquan W = Weiquan.LIB;

    /** A failed call, with the library's last error. */
    static class WeiquanException extends RuntimeException {
        final String status;
        final String code;
        final String pointer;

        WeiquanException(String function, int status) {
            this(function, statusName(status), lastError("code"), lastError("message"), lastError("pointer"));
        }

        private WeiquanException(String function, String status, String code, String message, String pointer) {
            super(function + ": " + status + " [" + code + "] " + message);
            this.status = status;
            this.code = code;
            this.pointer = pointer;
        }
    }

    static String statusName(int status) {
        PointerByReference out = new PointerByReference();
        return W.weiquan_status_name(status, out) == 0 ? out.getValue().getString(0, "UTF-8") : "?";
    }

    static String lastError(String field) {
        PointerByReference out = new PointerByReference();
        LongByReference len = new LongByReference();
        switch (field) {
            case "code": W.weiquan_last_error_code(out, len); break;
            case "pointer": W.weiquan_last_error_pointer(out, len); break;
            default: W.weiquan_last_error_message(out, len); break;
        }
        // Borrowed: copied now, never freed.
        return new String(out.getValue().getByteArray(0, (int) len.getValue()), StandardCharsets.UTF_8);
    }

    static void check(String function, int status) {
        if (status != 0) throw new WeiquanException(function, status);
    }

    /** Copies a library string and frees it. */
    static String take(PointerByReference out, LongByReference len) {
        Pointer p = out.getValue();
        try {
            return new String(p.getByteArray(0, (int) len.getValue()), StandardCharsets.UTF_8);
        } finally {
            check("weiquan_string_free", W.weiquan_string_free(p));
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void expect(boolean ok, String what) {
        if (!ok) throw new AssertionError(what);
    }

    public static void main(String[] args) {
        System.out.println("libweiquan ABI " + W.weiquan_abi_version());

        PointerByReference out = new PointerByReference();
        LongByReference len = new LongByReference();
        check("weiquan_complaint_generate", W.weiquan_complaint_generate(1, 1, 0, out, len));
        String complaint = take(out, len).trim();

        byte[] c = utf8(complaint);
        check("weiquan_complaint_validate", W.weiquan_complaint_validate(c, c.length, out, len));
        String normalised = take(out, len);
        expect(normalised.equals(complaint), "a generated complaint is already normalised");

        // A validation error: status, code and JSON pointer.
        byte[] broken = utf8(complaint.replaceFirst("\"mobile\":\"1", "\"mobile\":\"0"));
        try {
            check("weiquan_complaint_validate", W.weiquan_complaint_validate(broken, broken.length, out, len));
            throw new AssertionError("the broken complaint was accepted");
        } catch (WeiquanException e) {
            System.out.println("rejected as expected: " + e.getMessage());
            expect(e.status.equals("WEIQUAN_INVALID") && e.code.equals("mobile.format"), "status and code");
            expect(e.pointer.equals("/consumer/mobile"), "pointer");
        }

        PointerByReference h = new PointerByReference();
        check("weiquan_router_new", W.weiquan_router_new(h));
        Pointer router = h.getValue();
        try {
            check("weiquan_router_route", W.weiquan_router_route(router, c, c.length, null, 0, out, len));
            String decision = take(out, len);
            System.out.println("routing decision: " + decision.substring(0, Math.min(160, decision.length())) + "...");
            expect(decision.contains("\"body\""), "a body was chosen");
        } finally {
            check("weiquan_router_free", W.weiquan_router_free(router));
        }
        // The freed handle is detected, not dereferenced.
        int again = W.weiquan_router_free(router);
        expect(statusName(again).equals("WEIQUAN_INVALID_HANDLE"), "double free detected");

        check("weiquan_calendar_new", W.weiquan_calendar_new(h));
        Pointer cal = h.getValue();
        Date due = new Date();
        check("weiquan_calendar_add_working_days",
              W.weiquan_calendar_add_working_days(cal, new Date.ByValue(2025, 1, 24), 7, due, null));
        System.out.println("7 working days after 2025-01-24: " + due);
        expect(due.toString().equals("2025-02-10"), "Spring Festival and the working Sunday");

        // `bool *` out-parameters: one byte each.
        ByteByReference working = new ByteByReference((byte) 7);
        ByteByReference provisional = new ByteByReference((byte) 7);
        check("weiquan_calendar_is_working_day",
              W.weiquan_calendar_is_working_day(cal, new Date.ByValue(2025, 1, 26), working, provisional));
        expect(working.getValue() == 1 && provisional.getValue() == 0, "Sunday 2025-01-26 is an adjusted working day");
        check("weiquan_calendar_is_working_day",
              W.weiquan_calendar_is_working_day(cal, new Date.ByValue(2025, 1, 29), working, null));
        expect(working.getValue() == 0, "2025-01-29 is the Spring Festival");

        // A `bool` struct field, and the int fields after it at the C offsets.
        check("weiquan_calendar_with_provisional", W.weiquan_calendar_with_provisional(cal, h));
        Pointer wide = h.getValue();
        CalendarInfo info = new CalendarInfo();
        check("weiquan_calendar_info_get", W.weiquan_calendar_info_get(cal, info));
        expect(info.provisional == 0 && info.firstYear <= 2025 && info.lastYear >= 2025, "official years only");
        check("weiquan_calendar_info_get", W.weiquan_calendar_info_get(wide, info));
        expect(info.provisional == 1 && info.provisionalFirstYear <= info.provisionalLastYear
               && info.adjustedWorkdays == 0, "provisional years: " + info);
        check("weiquan_calendar_free", W.weiquan_calendar_free(wide));

        check("weiquan_assessor_new", W.weiquan_assessor_new(null, 0, cal, h));
        Pointer assessor = h.getValue();
        check("weiquan_calendar_free", W.weiquan_calendar_free(cal));
        String claim = "{\"schema_version\":1,\"purchase\":{\"kind\":\"food\",\"price_paid\":\"180.00\","
                + "\"purchase_date\":\"2025-04-10\",\"receipt_date\":\"2025-04-12\",\"distance_sale\":true},"
                + "\"request_date\":\"2025-04-15\",\"findings\":{\"food_standard_violated\":true,"
                + "\"respondent_produced_or_knew\":true,\"food_defect\":\"substantive\",\"fraud\":true},"
                + "\"returns\":{\"exclusion\":\"perishable\"}}";
        byte[] cl = utf8(claim);
        check("weiquan_assessor_assess", W.weiquan_assessor_assess(assessor, cl, cl.length, out, len));
        String assessment = take(out, len);
        expect(assessment.contains("10 × 180.00 = 1,800.00"), "ten times the price under the Food Safety Law");
        System.out.println("assessment: " + assessment.substring(0, Math.min(160, assessment.length())) + "...");
        check("weiquan_assessor_free", W.weiquan_assessor_free(assessor));
        System.out.println("WeiquanDemo: all checks passed");
    }
}
