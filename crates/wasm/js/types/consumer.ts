// Type-checked (never run) by test/types.test.mjs against the package's generated
// declarations: a consumer's code compiles, and the `@ts-expect-error` lines prove the
// declarations are precise enough to reject mistakes (were they `any`, tsc would report the
// directives as unused).
import {
  addWorkingDays,
  assessCompensation,
  caseDeadlines,
  checkResidentId,
  checkUscc,
  codeLists,
  complaintFromDocument,
  memoryBytes,
  parseComplaint,
  redactText,
  routeComplaint,
  validateComplaint,
  type Complaint,
  type ComplaintCheck,
  type Assessment,
  type CaseDeadlines,
  type ComplaintDraft,
  type FieldError,
  type ResidentIdInfo,
  type WeiquanError,
} from 'weiquan';

const draft: ComplaintDraft = { consumer: { mobile: '12345' }, purchase: { amountPaid: '1.5' } };
const check: ComplaintCheck = validateComplaint(draft);
const firstPointer: string | undefined = check.errors[0]?.pointer;
const messages: string[] = check.errors.map((e: FieldError) => `${e.pointer}: ${e.messageZh} / ${e.messageEn}`);
if (check.valid && check.complaint && check.document) {
  const c: Complaint = check.complaint;
  const paid: string = c.purchase.amountPaid;
  const role: 'in_platform' | 'platform_operator' | 'own_site' | undefined = c.business.online?.role;
  const sent: string = check.document;
  void [paid, role, sent];
}
const sample: Complaint = complaintFromDocument(check.document ?? '{}');
const again: Complaint = parseComplaint(sample);
const id: ResidentIdInfo = checkResidentId('11010519491231002X', '2026-03-01');
const sex: 'male' | 'female' = id.sex;
const ok: boolean = checkUscc('91110000600037341L', true).orgCodeCheckOk;
const categories: string[] = codeLists().categories.map((c) => c.nameZh);
const bytes: number = memoryBytes();

const due: string = addWorkingDays('2025-01-24', 7, { adjustedWorkdays: 'skip' }).date;
const a: Assessment = assessCompensation({
  schemaVersion: 1, requestDate: '2026-03-01', findings: { fraud: true },
  purchase: { kind: 'goods', pricePaid: '899.00', purchaseDate: '2026-02-01' },
});
const computation: string[] = a.items.flatMap((i) => i.steps.map((s) => s.text));
const limits: CaseDeadlines = caseDeadlines({
  receivedAt: '2024-05-10T09:30:00+08:00',
  events: [{ at: '2024-05-14T10:00:00+08:00', actor: 'handler', event: 'accepted' }],
});
const dueDates: string[] = limits.deadlines.map((d) => d.due);
const bodyName: string = routeComplaint(sample).body.name;
const spans: number[] = redactText('电话13800138000', { replacement: 'partial' }).spans.map((s) => s.start);

try {
  checkResidentId('123');
} catch (err) {
  const e = err as WeiquanError;
  const code: string = e.code;
  const pointer: string = e.pointer;
  const all: FieldError[] = e.errors;
  void [code, pointer, all, e.message, e.messageZh];
}

// @ts-expect-error: a complaint's amount is a string of yuan, not a number
validateComplaint({ purchase: { amountPaid: 12.5 } });
// @ts-expect-error: field names are camelCase
validateComplaint({ purchase: { amount_paid: '12.50' } });
// @ts-expect-error: an unknown channel code
validateComplaint({ channel: 'fax' });
// @ts-expect-error: the reference date is a string
checkResidentId('11010519491231002X', new Date());
// @ts-expect-error: an unknown replacement
redactText('x', { replacement: 'blur' });
// @ts-expect-error: an unknown procedure
caseDeadlines({ receivedAt: '2024-05-10T09:30:00+08:00', procedure: 'court' });
// @ts-expect-error: results are typed
const wrong: number = checkResidentId('11010519491231002X').birthDate;

void [firstPointer, messages, again, sex, ok, categories, bytes, wrong, due, computation, dueDates, bodyName, spans];
