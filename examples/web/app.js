// The consumer's page: everything is computed locally by the weiquan WebAssembly modules
// (built by `cargo xtask ci` into ./pkg). The form module loads with the page; the tools
// module (the calculator's) only when the consumer turns to the calculator.
// Chinese first; English with the button or ?lang=en.
// ?today=YYYY-MM-DD fixes the clock (for demonstrations and the browser test).
import * as weiquan from './pkg/weiquan.js';

const TEXT = {
  zh: {
    lang: 'English', valid: '投诉信息完整，可以提交。', invalid: (n) => `还有 ${n} 处需要填写或更正。`,
    bodyTitle: '处理部门', rule: '依据规则', basis: '法律依据', warnings: '提示',
    deadlinesTitle: '办理时限', due: '截止日期', status: '状态', kindCol: '事项',
    ifAccepted: (d) => `若于 ${d} 受理，之后的时限：`, pending: '未到期', met: '已按时完成', missed: '已逾期',
    provisional: '（按临时日历推算）', total: '建议合计', alternative: '（备选，不计入合计）',
    missing: '尚需认定的事实', none: '（无）', choose: '请选择',
  },
  en: {
    lang: '中文', valid: 'The complaint is complete and can be sent.', invalid: (n) => `${n} item(s) still to fill in or correct.`,
    bodyTitle: 'Handling body', rule: 'Rule', basis: 'Legal basis', warnings: 'Notes',
    deadlinesTitle: 'Time limits', due: 'Due', status: 'Status', kindCol: 'Step',
    ifAccepted: (d) => `If accepted on ${d}, the later time limits:`, pending: 'pending', met: 'met', missed: 'missed',
    provisional: ' (provisional calendar)', total: 'Proposed total', alternative: ' (alternative, not in the total)',
    missing: 'Facts still to establish', none: '(none)', choose: 'Choose…',
  },
};
const LABELS = {
  en: {
    title: 'Consumer complaint helper', lede: 'Fill in your complaint and see at once what to correct, which body will handle it, how long it may take, and what compensation the law allows. Everything is computed in your browser; nothing is uploaded.',
    complaint: 'Your complaint', consumer: 'About you', name: 'Name', residentId: 'Resident ID (optional)', mobile: 'Mobile', division: 'District or county',
    address: 'Address', business: 'The business', businessName: 'Business name', businessDivision: 'District of the business', uscc: 'Credit code (optional)',
    purchase: 'What you bought', item: 'Goods or service', category: 'Category', amountPaid: 'Amount paid (yuan)', purchaseDate: 'Purchase date',
    problemNature: 'Kind of problem', claimKind: 'What you ask for', claimAmount: 'Amount asked (yuan)', description: 'What happened',
    handling: 'Who handles it, and when', handlingHint: 'Once the complaint is complete, the body that will handle it and the time limits you can expect appear here.',
    calculator: 'Compensation calculator', kind: 'Kind of purchase', kindGoods: 'Goods', kindFood: 'Food', kindService: 'Service', pricePaid: 'Price paid (yuan)',
    fraud: 'The business committed fraud (false claims, inferior goods sold as better)', foodViolated: 'The food breaks a food-safety standard and the seller knew',
    footer: 'Based on the Consumer Rights Protection Law, the Food Safety Law and the SAMR complaint-handling rules; for reference only: the handling body decides.',
  },
};
/** Shijiazhuang's districts and counties (GB/T 2260). */
const DIVISIONS = [
  ['130102', '长安区', "Chang'an"], ['130104', '桥西区', 'Qiaoxi'], ['130105', '新华区', 'Xinhua'], ['130107', '井陉矿区', 'Jingxing Mining'],
  ['130108', '裕华区', 'Yuhua'], ['130109', '藁城区', 'Gaocheng'], ['130110', '鹿泉区', 'Luquan'], ['130111', '栾城区', 'Luancheng'],
  ['130121', '井陉县', 'Jingxing'], ['130123', '正定县', 'Zhengding'], ['130125', '行唐县', 'Xingtang'], ['130181', '辛集市', 'Xinji'],
];

const params = new URLSearchParams(location.search);
let lang = params.get('lang') === 'en' ? 'en' : 'zh';
const today = /^\d{4}-\d{2}-\d{2}$/.test(params.get('today') ?? '') ? params.get('today') : cstToday();
const receivedAt = params.has('today') ? `${today}T10:00:00+08:00` : cstNow();
const touched = new Set();
const originalText = new Map();
let lists;

function cstNow() {
  const t = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 19);
  return `${t}+08:00`;
}
function cstToday() {
  return cstNow().slice(0, 10);
}
const $ = (sel, root = document) => root.querySelector(sel);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
};
const t = () => TEXT[lang];
const msg = (e) => (lang === 'zh' ? e.messageZh : e.messageEn ?? e.message);
const name = (x) => (lang === 'zh' ? x.nameZh : x.nameEn);

function fillSelects() {
  for (const s of document.querySelectorAll('select.divisions')) {
    const v = s.value;
    s.replaceChildren(el('option', { value: '' }, t().choose),
      ...DIVISIONS.map(([code, zh, en]) => el('option', { value: code }, lang === 'zh' ? zh : en)));
    s.value = v;
  }
  const fill = (id, items) => {
    const s = $(id);
    const v = s.value;
    s.replaceChildren(el('option', { value: '' }, t().choose), ...items.map((x) => el('option', { value: x.code }, name(x))));
    s.value = v;
  };
  fill('#categories', lists.categories);
  fill('#natures', lists.problemNatures);
  fill('#claimKinds', lists.claimKinds);
}

function translate() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  for (const node of document.querySelectorAll('[data-i18n]')) {
    const key = node.dataset.i18n;
    if (!originalText.has(node)) originalText.set(node, node.textContent);
    node.textContent = lang === 'zh' ? originalText.get(node) : LABELS.en[key] ?? originalText.get(node);
  }
  $('#lang').textContent = t().lang;
  fillSelects();
  update();
  assess();
}

/** The complaint draft from the form: only what the consumer filled in. */
function draft() {
  const f = $('#form');
  const v = (n) => f.elements[n].value.trim();
  const opt = (x) => (x === '' ? undefined : x);
  const claim = { kind: opt(v('claim.kind')), amount: opt(v('claim.amount')) };
  return {
    schemaVersion: 1,
    id: `WEB-${today.replaceAll('-', '')}-0001`,
    receivedAt,
    channel: 'web_12315',
    consumer: {
      name: v('consumer.name'), residentId: opt(v('consumer.residentId')), mobile: v('consumer.mobile'),
      division: opt(v('consumer.division')), address: v('consumer.address'),
    },
    business: { name: v('business.name'), division: opt(v('business.division')), uscc: opt(v('business.uscc')) },
    purchase: {
      item: v('purchase.item'), category: opt(v('purchase.category')), amountPaid: opt(v('purchase.amountPaid')),
      quantity: 1, purchaseDate: opt(v('purchase.purchaseDate')),
    },
    problemNature: opt(v('problemNature')),
    description: v('description'),
    claims: [claim],
  };
}

function showFieldErrors(form, errors, always) {
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  const unplaced = [];
  for (const field of form.querySelectorAll('[data-pointer]')) field.removeAttribute('aria-invalid');
  for (const e of errors) {
    const field = form.querySelector(`[data-pointer="${e.pointer}"]`);
    if (field && (always || touched.has(field.name))) {
      field.setAttribute('aria-invalid', 'true');
      field.closest('label').append(el('span', { class: 'field-error', 'data-code': e.code }, msg(e)));
    } else if (!field && always) {
      unplaced.push(e);
    }
  }
  return unplaced;
}

function update() {
  const d = draft();
  const check = weiquan.validateComplaint(d);
  const status = $('#form-status');
  const unplaced = showFieldErrors($('#form'), check.errors, false);
  $('#other-errors').replaceChildren(...unplaced.map((e) => el('li', {}, `${e.pointer}: ${msg(e)}`)));
  status.className = `status ${check.valid ? 'ok' : 'bad'}`;
  status.textContent = check.valid ? t().valid : t().invalid(check.errors.length);
  if (check.valid) {
    showBody(check.complaint);
    showDeadlines();
  } else {
    $('#body').hidden = true;
    $('#deadlines').hidden = true;
  }
}

function showBody(complaint) {
  const box = $('#body');
  try {
    const r = weiquan.routeComplaint(complaint);
    const basis = r.basis.map((b) => el('li', {}, lang === 'zh' ? b.textZh : b.textEn));
    const warnings = r.warnings.map((w) => el('li', {}, msg(w)));
    box.replaceChildren(...[
      el('h3', {}, t().bodyTitle),
      el('div', { class: 'body-name', id: 'body-name' }, lang === 'zh' ? r.body.name : r.body.nameEn),
      el('div', { class: 'muted' }, `${t().rule}: ${r.rule}`),
      el('div', { class: 'muted' }, `${t().basis}:`), el('ul', {}, ...basis),
      warnings.length ? el('div', { class: 'muted' }, `${t().warnings}:`) : null,
      warnings.length ? el('ul', {}, ...warnings) : null,
    ].filter(Boolean));
  } catch (e) {
    box.replaceChildren(el('p', { class: 'errors' }, lang === 'zh' ? e.messageZh : e.message));
  }
  box.hidden = false;
}

function deadlineRows(list) {
  return list.map((d) => el('tr', {},
    el('td', {}, lang === 'zh' ? d.nameZh : d.nameEn),
    el('td', { class: 'due' }, d.due + (d.provisional ? t().provisional : '')),
    el('td', {}, t()[d.status]),
    el('td', { class: 'muted' }, lang === 'zh' ? d.basisZh : d.basisEn)));
}

// The follow module (a filed complaint's deadlines), loaded once when a complaint first
// becomes valid: filing alone needs only the form module.
let follow = null;
function loadFollow() {
  follow ??= weiquan.initFollow().catch((e) => {
    follow = null;
    throw e;
  });
  return follow;
}

async function showDeadlines() {
  const box = $('#deadlines');
  try {
    await loadFollow();
    const now = weiquan.caseDeadlines({ receivedAt, asOf: today });
    const head = () => el('tr', {}, el('th', {}, t().kindCol), el('th', {}, t().due), el('th', {}, t().status), el('th', {}, t().basis));
    const children = [el('h3', {}, `${t().deadlinesTitle} · ${lang === 'zh' ? now.procedureZh : now.procedureEn}`),
      el('table', { id: 'deadlines-now' }, head(), ...deadlineRows(now.deadlines))];
    const acceptance = now.deadlines.find((d) => d.kind === 'acceptance_decision');
    if (acceptance) {
      // What the consumer can expect next: the limits that start when the body accepts.
      const later = weiquan.caseDeadlines({
        receivedAt, asOf: acceptance.due,
        events: [{ at: `${acceptance.due}T10:00:00+08:00`, actor: 'handler', event: 'accepted' }],
      });
      const next = later.deadlines.filter((d) => d.kind !== 'acceptance_decision');
      if (next.length) {
        children.push(el('p', { class: 'muted' }, t().ifAccepted(acceptance.due)), el('table', {}, head(), ...deadlineRows(next)));
      }
    }
    box.replaceChildren(...children);
  } catch (e) {
    box.replaceChildren(el('p', { class: 'errors' }, lang === 'zh' ? e.messageZh : e.message));
  }
  box.hidden = false;
}

// The tools module, loaded once when the calculator is first used.
let tools = null;
function loadTools() {
  tools ??= weiquan.initTools().catch((e) => {
    tools = null;
    $('#calc-errors').replaceChildren(el('li', {}, String(e)));
    throw e;
  });
  return tools;
}

function assess() {
  const f = $('#calc');
  const price = f.elements.pricePaid.value.trim();
  const out = $('#assessment');
  const errors = $('#calc-errors');
  if (price === '') {
    out.hidden = true;
    errors.replaceChildren();
    return;
  }
  if (!weiquan.isLoaded('tools')) {
    loadTools().then(assess, () => {});
    return;
  }
  const foodViolated = f.elements.foodStandardViolated.checked;
  const claim = {
    schemaVersion: 1,
    purchase: { kind: f.elements.kind.value, pricePaid: price, purchaseDate: f.elements.purchaseDate.value || today },
    requestDate: today,
    findings: {
      fraud: f.elements.fraud.checked,
      ...(foodViolated ? { foodStandardViolated: true, respondentProducedOrKnew: true } : {}),
    },
  };
  try {
    const a = weiquan.assessCompensation(claim);
    showFieldErrors(f, [], true);
    errors.replaceChildren();
    const items = a.items.map((item) => el('tr', {},
      el('td', {}, (lang === 'zh' ? item.kind.zh : item.kind.en) + (item.proposed ? '' : t().alternative)),
      el('td', { class: 'amount' }, item.amount),
      el('td', {}, el('div', { class: 'muted' }, item.citations.map((c) => (lang === 'zh' ? c.textZh : c.textEn)).join('; ')),
        item.steps.length ? el('ul', { class: 'steps' }, ...item.steps.map((s) => el('li', {}, `${lang === 'zh' ? s.label.zh : s.label.en}: ${s.text}`))) : null)));
    const missing = a.missingFacts.map((m) => m.fact);
    out.replaceChildren(
      el('div', {}, `${t().total}: `, el('span', { class: 'total', id: 'total' }, a.total), lang === 'zh' ? ' 元' : ' yuan'),
      el('p', {}, lang === 'zh' ? a.summaryZh : a.summaryEn),
      el('table', {}, ...items),
      el('p', { class: 'muted' }, `${t().missing}: ${missing.length ? [...new Set(missing)].join(', ') : t().none}`),
    );
    out.hidden = false;
  } catch (e) {
    out.hidden = true;
    const unplaced = showFieldErrors(f, e.errors ?? [], true);
    errors.replaceChildren(...unplaced.map((x) => el('li', {}, msg(x))));
  }
}

await weiquan.initForm();
lists = weiquan.codeLists();
$('#calc').elements.purchaseDate.value = today;
$('#form').addEventListener('input', (ev) => {
  if (ev.target.name) touched.add(ev.target.name);
  update();
});
// Loading starts as soon as the consumer turns to the calculator, before the first figure.
$('#calc').addEventListener('focusin', () => loadTools().catch(() => {}));
$('#calc').addEventListener('input', assess);
$('#lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  translate();
});
translate();
document.body.dataset.ready = 'true';
