// The consumer's page: everything is computed on the device by the weiquan WebAssembly
// modules (built by `cargo xtask ci` into ./pkg). The form module loads with the page; the
// follow module (deadlines) when a complaint is complete; the tools module (the calculator's)
// when the consumer turns to the calculator. A service worker (sw.js) keeps every file, so
// after the first visit the page starts without a network.
// Chinese first; English with the button or ?lang=en. Consumers see plain words: the texts
// below, not the library's codes, rule ids or source marks (those are for staff).
// ?today=YYYY-MM-DD fixes the clock (for demonstrations and the browser test).

const TEXT = {
  zh: {
    lang: 'English', valid: '投诉信息完整。', invalid: (n) => `还有 ${n} 处需要填写或更正。`,
    summaryTitle: (n) => `还有 ${n} 处需要填写或更正，点击可跳到该处：`,
    bodyTitle: '将由这个部门处理', basis: '依据', deadlinesTitle: '办理时限', due: '截止日期', status: '状态',
    kindCol: '事项', ifAccepted: (d) => `如果 ${d} 受理，之后的时限：`, pending: '未到期', met: '已按时完成', missed: '已逾期',
    provisional: '（按临时日历推算）', total: '依法可以主张', yuan: '元', alternative: '（另一种算法，不计入合计）',
    missing: '还需要处理部门认定的情况', choose: '请选择', loadFailed: '页面没有加载成功。请检查网络后刷新页面；如果仍不行，请拨打 12315。',
    offline: '现在没有网络。已填写的内容保存在本机，可以继续填写和计算。', online: '网络已恢复。',
    toolsFailed: '计算器需要先联网下载一次（约 230 KB），请连上网络后再试。', draftCleared: '草稿已清除。',
    calcWarn: '以上为依法计算的参考金额，实际以处理部门或法院认定为准。',
  },
  en: {
    lang: '中文', valid: 'The complaint is complete.', invalid: (n) => `${n} item(s) still to fill in or correct.`,
    summaryTitle: (n) => `${n} item(s) to fill in or correct; select one to go to it:`,
    bodyTitle: 'The body that will handle it', basis: 'Legal basis', deadlinesTitle: 'Time limits', due: 'Due', status: 'Status',
    kindCol: 'Step', ifAccepted: (d) => `If accepted on ${d}, the later time limits:`, pending: 'pending', met: 'met', missed: 'missed',
    provisional: ' (provisional calendar)', total: 'You may claim', yuan: 'yuan', alternative: ' (alternative, not in the total)',
    missing: 'Facts the handling body must still establish', choose: 'Choose…', loadFailed: 'The page did not load. Check the network and reload; if it still fails, call 12315.',
    offline: 'No network now. What you entered is kept on this device; you can go on filling in and calculating.', online: 'Back online.',
    toolsFailed: 'The calculator must be downloaded once (about 230 KB): connect to the network and try again.', draftCleared: 'The draft was cleared.',
    calcWarn: 'Amounts computed from the law for reference; the handling body or a court decides.',
  },
};
const LABELS = {
  en: {
    title: 'Consumer complaint helper', lede: 'Fill in your complaint and see at once what to correct, which body will handle it, how long it may take, and what compensation the law allows. Everything is computed on your phone or computer.',
    large: 'Large text', loading: 'Loading… the first visit downloads about 200 KB; later visits need no network.',
    complaint: 'Your complaint', requiredHint: 'Items marked * are required. What you enter stays on this device and can be cleared at any time.',
    consumer: 'About you', name: 'Name', residentId: 'Resident ID (optional)', mobile: 'Mobile', province: 'Province', city: 'City', division: 'District or county',
    address: 'Address', forWhom: 'Who the complaint is for (optional; helps us give priority)', elderly: 'The consumer is 60 or older (a relative may fill this in)',
    minor: 'The consumer is a minor (a guardian fills this in under their own name)',
    business: 'The business', businessName: 'Business name', businessDivision: 'District or county of the business', uscc: 'Credit code (optional, on the business licence)',
    purchase: 'What you bought', item: 'Goods or service bought', category: 'Category', amountPaid: 'Amount paid (yuan)', purchaseDate: 'Purchase date',
    problemNature: 'What went wrong', claimKind: 'What you want the business to do', claimAmount: 'Amount asked (yuan, optional)', description: 'What happened',
    check: 'Check the complaint', clear: 'Clear the draft',
    handling: 'Who handles it, and when', handlingHint: 'Once the complaint is complete, the body that will handle it and the time limits you can expect appear here.',
    calculator: 'Compensation calculator', kind: 'You bought', kindGoods: 'Goods', kindFood: 'Food', kindService: 'A service', pricePaid: 'Price paid (yuan)',
    whatHappened: 'What happened (tick what applies)', foodDefect: 'Where the problem is', chooseOne: 'Choose…',
    foodItself: 'In the food itself (expired, spoiled, over a limit…)', labelOnly: 'Only in the label or instructions', fraud: 'The business deceived me (false claims, inferior or fake goods)',
    foodViolated: 'The food breaks a food-safety standard (expired, spoiled, failed a test)', sellerKnew: 'The seller made it, or knew it was unsafe and sold it anyway (e.g. expired food)',
    footer: 'Based on the Consumer Rights Protection Law, the Food Safety Law and the SAMR complaint-handling rules; for reference only: the handling body decides.',
  },
};
/** What a consumer reads for a problem, by code: plain words, never a code or a field path.
 * A mistyped ID is never told its "correct" check digit: that would make a wrong number pass. */
const PLAIN = {
  zh: {
    'field.required': '请填写此项。', 'mobile.format': '手机号应为 11 位数字，以 1 开头。',
    'resident_id.checksum': '身份证号码有误，请对照身份证逐位核对。', 'resident_id.length': '身份证号码应为 18 位。',
    'resident_id.charset': '身份证号码只能包含数字，最后一位可以是 X。', 'resident_id.region': '身份证号码有误，请对照身份证逐位核对。',
    'resident_id.birth_date': '身份证号码有误，请对照身份证逐位核对。', 'uscc.checksum': '信用代码有误，请对照营业执照逐位核对。',
    'uscc.length': '信用代码应为 18 位，见营业执照。', 'amount.syntax': '请填写金额，例如 128.50。', 'amount.negative': '金额不能是负数。',
    'amount.too_precise': '金额最多到分（两位小数）。', 'amount.too_large': '金额太大，请核对。',
  },
  en: {
    'field.required': 'Please fill this in.', 'mobile.format': 'A mobile number has 11 digits and starts with 1.',
    'resident_id.checksum': 'The ID number is wrong: check it digit by digit against the card.', 'resident_id.length': 'An ID number has 18 characters.',
    'resident_id.charset': 'An ID number has digits only; the last may be X.', 'resident_id.region': 'The ID number is wrong: check it digit by digit against the card.',
    'resident_id.birth_date': 'The ID number is wrong: check it digit by digit against the card.', 'uscc.checksum': 'The credit code is wrong: check it against the business licence.',
    'uscc.length': 'A credit code has 18 characters (see the business licence).', 'amount.syntax': 'Enter an amount, e.g. 128.50.', 'amount.negative': 'An amount cannot be negative.',
    'amount.too_precise': 'Amounts go to the fen (two decimals).', 'amount.too_large': 'The amount is too large: please check it.',
  },
};
/** The facts an assessment may still need, as questions a consumer understands. */
const FACTS = {
  zh: { food_defect: '问题出在食品本身还是只在标签', label_flaw: '标签问题的具体情形', quality_defect: '商品或服务是否有质量问题',
    proven_losses: '能证明的损失金额', knowingly_defective_causing_harm: '商家是否明知有缺陷并造成严重人身损害', seller_knew: '卖家是否明知商品有问题', fraud: '商家是否存在欺诈', respondent_produced_or_knew: '卖家是否为生产者或明知不合格',
    food_standard_violated: '食品是否不符合食品安全标准', harm: '是否造成人身伤害', price_paid: '实际付款金额', losses: '损失金额' },
  en: { food_defect: 'whether the problem is in the food itself or only in its label', label_flaw: 'what exactly is wrong with the label',
    quality_defect: 'whether the goods or service are defective', proven_losses: 'the losses you can prove',
    knowingly_defective_causing_harm: 'whether the business knew of a defect that seriously hurt someone', seller_knew: 'whether the seller knew of the defect', fraud: 'whether the business deceived you', respondent_produced_or_knew: 'whether the seller made it or knew it was unsafe',
    food_standard_violated: 'whether the food breaks a food-safety standard', harm: 'whether anyone was hurt', price_paid: 'the price actually paid', losses: 'the losses' },
};

const params = new URLSearchParams(location.search);
let lang = params.get('lang') === 'en' ? 'en' : 'zh';
const today = /^\d{4}-\d{2}-\d{2}$/.test(params.get('today') ?? '') ? params.get('today') : cstToday();
const receivedAt = params.has('today') ? `${today}T10:00:00+08:00` : cstNow();
const DRAFT_KEY = 'weiquan.draft.v1';
const touched = new Set();
const originalText = new Map();
let weiquan;
let lists;
let showAll = false;

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
const plain = (e) => PLAIN[lang][e.code] ?? (lang === 'zh' ? e.messageZh : e.messageEn ?? e.message);
const name = (x) => (lang === 'zh' ? x.nameZh : x.nameEn);

// -- divisions: province → city → county from the router's own registry --------------------

const DEFAULT_DIVISION = { province: '130000', city: '130100' };
const divisionCache = new Map();
function divisionsOf(parent) {
  if (!divisionCache.has(parent)) divisionCache.set(parent, weiquan.divisions(parent));
  return divisionCache.get(parent);
}
function options(select, items, value) {
  select.replaceChildren(el('option', { value: '' }, t().choose), ...items.map((d) => el('option', { value: d.code }, d.name)));
  select.value = items.some((d) => d.code === value) ? value : '';
}
/** Fills one province/city/county group; `county` chooses the lists that contain it. */
function fillDivision(group, county) {
  const [province, city, countySelect] = ['.province', '.city', '.county'].map((c) => $(c, group));
  const p = county ? `${county.slice(0, 2)}0000` : province.value || DEFAULT_DIVISION.province;
  const c = county ? `${county.slice(0, 4)}00` : city.value || (p === DEFAULT_DIVISION.province ? DEFAULT_DIVISION.city : '');
  options(province, weiquan.divisions(), p);
  const cities = divisionsOf(p);
  options(city, cities, c);
  // A municipality's districts hang directly below the province in some lists.
  const counties = city.value ? divisionsOf(city.value) : cities.filter((d) => d.kind !== 'prefecture');
  options(countySelect, counties, county ?? countySelect.value);
}
function wireDivision(group) {
  $('.province', group).addEventListener('change', () => {
    $('.city', group).value = '';
    $('.county', group).value = '';
    fillDivision(group);
  });
  $('.city', group).addEventListener('change', () => {
    $('.county', group).value = '';
    fillDivision(group);
  });
}

function fillSelects() {
  for (const group of document.querySelectorAll('.division')) fillDivision(group, $('.county', group).value || undefined);
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
  $('#lang').lang = lang === 'zh' ? 'en' : 'zh';
  if (!weiquan) return;
  fillSelects();
  update();
  assess();
}

// -- the complaint --------------------------------------------------------------------------

/** The complaint draft from the form: only what the consumer filled in. */
function draft() {
  const f = $('#form');
  const v = (n) => f.elements[n].value.trim();
  const opt = (x) => (x === '' ? undefined : x);
  const claim = { kind: opt(v('claim.kind')), amount: opt(v('claim.amount')) };
  const groups = [f.elements['group.elderly'].checked ? 'elderly' : null, f.elements['group.minor'].checked ? 'minor' : null].filter(Boolean);
  return {
    schemaVersion: 1,
    id: `WEB-${today.replaceAll('-', '')}-0001`,
    receivedAt,
    channel: 'web_12315',
    consumer: {
      name: v('consumer.name'), residentId: opt(v('consumer.residentId')), mobile: v('consumer.mobile'),
      division: opt(v('consumer.division')), address: v('consumer.address'), ...(groups.length ? { groups } : {}),
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

/** Marks the fields with problems; returns the problems shown (placed or not). */
function showFieldErrors(form, errors, always) {
  for (const node of form.querySelectorAll('.field-error')) node.remove();
  for (const field of form.querySelectorAll('[data-pointer]')) {
    field.removeAttribute('aria-invalid');
    field.removeAttribute('aria-describedby');
  }
  const shown = [];
  for (const e of errors) {
    const field = form.querySelector(`[data-pointer="${e.pointer}"]`);
    if (!always && !(field && touched.has(field.name))) continue;
    shown.push({ e, field });
    if (field && !field.hasAttribute('aria-invalid')) {
      const id = `err-${field.name.replaceAll('.', '-')}`;
      field.setAttribute('aria-invalid', 'true');
      field.setAttribute('aria-describedby', id);
      field.closest('label').append(el('span', { class: 'field-error', id, 'data-code': e.code }, plain(e)));
    }
  }
  return shown;
}

/** The error summary: every problem, each a link to its field; its count is the list's. */
function showSummary(shown) {
  const box = $('#summary');
  if (!shown.length) {
    box.hidden = true;
    return;
  }
  const items = shown.map(({ e, field }) => {
    const label = field?.closest('label')?.querySelector('[data-i18n]')?.textContent ?? '';
    if (!field) return el('li', {}, plain(e));
    const a = el('a', { href: `#${field.id || (field.id = `f-${field.name.replaceAll('.', '-')}`)}` }, `${label}：${plain(e)}`);
    a.addEventListener('click', (ev) => {
      ev.preventDefault();
      field.focus();
    });
    return el('li', {}, a);
  });
  box.replaceChildren(el('h3', {}, t().summaryTitle(shown.length)), el('ul', {}, ...items));
  box.hidden = false;
}

function update() {
  const d = draft();
  const check = weiquan.validateComplaint(d);
  const status = $('#form-status');
  const shown = showFieldErrors($('#form'), check.errors, showAll);
  if (showAll) showSummary(shown);
  status.className = `status ${check.valid ? 'ok' : 'bad'}`;
  status.textContent = check.valid ? t().valid : showAll ? t().invalid(shown.length) : '';
  if (check.valid) {
    $('#summary').hidden = true;
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
    // The laws by name, once each: the consumer needs the body and why, not rule ids.
    const basis = [...new Set(r.basis.map((b) => (lang === 'zh' ? b.textZh : b.textEn)))];
    box.replaceChildren(
      el('h3', {}, t().bodyTitle),
      el('div', { class: 'body-name', id: 'body-name' }, lang === 'zh' ? r.body.name : r.body.nameEn),
      el('p', { class: 'muted' }, `${t().basis}：${basis.join('；')}`),
    );
  } catch (e) {
    box.replaceChildren(el('p', { class: 'errors' }, plain(e)));
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
    box.replaceChildren(el('p', { class: 'errors' }, e?.code ? plain(e) : t().toolsFailed));
  }
  box.hidden = false;
}

// -- the calculator -------------------------------------------------------------------------

let tools = null;
function loadTools() {
  tools ??= weiquan.initTools().catch((e) => {
    tools = null;
    $('#calc-errors').replaceChildren(el('li', {}, t().toolsFailed));
    throw e;
  });
  return tools;
}

function factText(pointer) {
  const key = pointer.split('/').pop().replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  return FACTS[lang][key] ?? null;
}

function assess() {
  const f = $('#calc');
  const kind = f.elements.kind.value;
  f.classList.toggle('food', kind === 'food');
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
  const food = kind === 'food';
  const claim = {
    schemaVersion: 1,
    purchase: { kind, pricePaid: price, purchaseDate: f.elements.purchaseDate.value || today },
    requestDate: today,
    // A ticked box is a fact; an unticked one is not a "no": it is left out, so that the
    // engine lists it among the facts still to establish instead of presuming it false.
    findings: {
      ...(f.elements.fraud.checked ? { fraud: true } : {}),
      ...(food && f.elements.foodStandardViolated.checked ? { foodStandardViolated: true } : {}),
      ...(food && f.elements.sellerKnew.checked ? { respondentProducedOrKnew: true } : {}),
      ...(food && f.elements.foodDefect.value ? { foodDefect: f.elements.foodDefect.value } : {}),
    },
  };
  try {
    const a = weiquan.assessCompensation(claim);
    showFieldErrors(f, [], true);
    errors.replaceChildren();
    const items = a.items.map((item) => el('tr', {},
      el('td', {}, (lang === 'zh' ? item.kind.zh : item.kind.en) + (item.proposed ? '' : t().alternative)),
      el('td', { class: 'amount' }, item.amount),
      el('td', {}, el('div', { class: 'muted' }, item.citations.map((c) => (lang === 'zh' ? c.textZh : c.textEn)).join('；')),
        item.steps.length ? el('ul', { class: 'steps' }, ...item.steps.map((s) => el('li', {}, `${lang === 'zh' ? s.label.zh : s.label.en}：${s.text}`))) : null)));
    const missing = [...new Set(a.missingFacts.map((m) => factText(m.fact)).filter(Boolean))];
    out.replaceChildren(
      el('div', {}, `${t().total}：`, el('span', { class: 'total', id: 'total' }, a.total), ` ${t().yuan}`),
      el('p', {}, lang === 'zh' ? a.summaryZh : a.summaryEn),
      el('table', {}, ...items),
      missing.length ? el('p', { class: 'muted', id: 'missing' }, `${t().missing}：${missing.join('；')}`) : null,
      el('p', { class: 'muted' }, t().calcWarn),
    );
    out.hidden = false;
  } catch (e) {
    out.hidden = true;
    const shown = showFieldErrors(f, e.errors ?? [], true);
    errors.replaceChildren(...shown.filter((s) => !s.field).map((s) => el('li', {}, plain(s.e))));
  }
}

// -- the draft, kept on this device -----------------------------------------------------------

function saveDraft() {
  const f = $('#form');
  const values = {};
  for (const e of f.elements) {
    if (!e.name) continue;
    values[e.name] = e.type === 'checkbox' ? e.checked : e.value;
  }
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(values));
  } catch {
    // Storage full or disabled: the form still works, the draft is not kept.
  }
}
function restoreDraft() {
  let values;
  try {
    values = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? 'null');
  } catch {
    values = null;
  }
  if (!values) return;
  const f = $('#form');
  for (const group of document.querySelectorAll('.division')) {
    const county = values[$('.county', group).name];
    if (county) fillDivision(group, county);
  }
  for (const [k, v] of Object.entries(values)) {
    const e = f.elements[k];
    if (!e) continue;
    if (e.type === 'checkbox') e.checked = Boolean(v);
    else e.value = v;
    if (v) touched.add(k);
  }
}

function showNetwork() {
  const box = $('#network');
  box.hidden = navigator.onLine;
  box.textContent = navigator.onLine ? '' : t().offline;
}

// -- start ----------------------------------------------------------------------------------

$('#large').addEventListener('click', () => {
  const on = document.documentElement.classList.toggle('large');
  $('#large').setAttribute('aria-pressed', String(on));
  try {
    localStorage.setItem('weiquan.large', on ? '1' : '');
  } catch {
    // Not kept: the mode still applies to this visit.
  }
});
try {
  if (localStorage.getItem('weiquan.large')) {
    document.documentElement.classList.add('large');
    $('#large').setAttribute('aria-pressed', 'true');
  }
} catch {
  // No storage: normal size.
}
$('#lang').addEventListener('click', () => {
  lang = lang === 'zh' ? 'en' : 'zh';
  translate();
});
translate();
addEventListener('online', showNetwork);
addEventListener('offline', showNetwork);
showNetwork();
if ('serviceWorker' in navigator && !params.has('nosw')) {
  navigator.serviceWorker.register('sw.js').catch(() => {});
}

try {
  weiquan = await import('./pkg/weiquan.js');
  await weiquan.initForm();
} catch {
  weiquan = undefined;
  $('#loading').replaceChildren(el('span', { class: 'errors' }, t().loadFailed));
  document.body.dataset.ready = 'failed';
}
if (weiquan) {
  lists = weiquan.codeLists();
  $('#calc').elements.purchaseDate.value = today;
  for (const group of document.querySelectorAll('.division')) wireDivision(group);
  fillSelects();
  restoreDraft();
  $('#form').addEventListener('input', (ev) => {
    if (ev.target.name) touched.add(ev.target.name);
    saveDraft();
    update();
  });
  $('#form').addEventListener('change', () => {
    saveDraft();
    update();
  });
  $('#form').addEventListener('submit', (ev) => {
    ev.preventDefault();
    showAll = true;
    update();
    if (!$('#summary').hidden) $('#summary').focus();
  });
  $('#clear').addEventListener('click', () => {
    try {
      localStorage.removeItem(DRAFT_KEY);
    } catch {
      // Nothing was kept.
    }
    $('#form').reset();
    touched.clear();
    showAll = false;
    fillSelects();
    update();
    $('#form-status').textContent = t().draftCleared;
  });
  // Loading starts as soon as the consumer turns to the calculator, before the first figure.
  $('#calc').addEventListener('focusin', () => loadTools().catch(() => {}));
  $('#calc').addEventListener('input', assess);
  $('#calc').addEventListener('change', assess);
  translate();
  $('#loading').hidden = true;
  document.body.dataset.ready = 'true';
}
