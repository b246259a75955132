// Browser journey of a budget year's spending: the people of the demo อบต., each in their own
// browser session, in the system Chromium via playwright-core.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node spending_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
// (USERNAME and ONE_TIME_PASSWORD, the demo clerk's, are not used: every actor's comes from the
// output of `klang demo` in KLANG_DEMO_OUTPUT.)
//
// The demo's annual budget is in force. Then:
//  1. the head of finance transfers 15,000.00 from ค่าไฟฟ้า to ค่าวัสดุสำนักงาน (executive's power);
//  2. the procurement officer reports a purchase of 48,150.00 and the chief executive approves it;
//     the officer places the order (one instalment, committing the budget) and records the
//     inspection;
//  3. the accountant sets the debt (Dr ค่าวัสดุ 5103030 / Cr เจ้าหนี้ 2101010, 48,150.00);
//  4. the division clerk prepares the ฎีกา with 1 % withholding on the pre-VAT 45,000.00 (450.00);
//     the accountant lodges and checks it, the head of finance certifies it, the chief executive
//     approves it; the finance officer pays by cheque: Dr 2101010 48,150.00 / Cr bank 47,700.00 /
//     Cr ภาษีหัก ณ ที่จ่าย 2103010 450.00;
//  5. a second ฎีกา against the same line for 3,150.00 more than is left (250,000.00 + 15,000.00,
//     less the demo's purchases and this one) is refused with the Thai message naming the line and
//     the shortfall 3,150.00, and writes nothing;
//  6. the budget register, the daily financial status report and the trial balance show exactly
//     the hand-computed figures; the ฎีกา cover, the debt-setting and payment vouchers and the
//     cheque report are downloaded as PDFs.
// Every date on the way is typed วว/ดด/ปปปป in the Buddhist Era, as the clerks write it.
// Screenshots of every step and the PDFs are left in OUTPUT_FOLDER.
//
// Plain ESM for Node 18 and later: no newer APIs.

import { readFileSync } from 'node:fs';
import {
  STEP_TIMEOUT_MS, fail, toSatang, formatSatang, step, pathOf, expectPath, navigate, menuLink,
  errorsShown, readTrialBalanceRow, newUserPage, loginWithOneTimePassword, runJourney,
  screenshot as screenshotIn, downloadPdf as downloadPdfIn,
  demoUserOf, bangkokDay, typeDate, expectThaiDateFields,
} from './lib.mjs';

const JOURNEY_TIMEOUT_MS = 360000;  // the whole journey (ctest allows 400 s)

const TRANSFER = 1500000;      // 15,000.00 from ค่าไฟฟ้า to ค่าวัสดุสำนักงาน
const PURCHASE = 4815000;      // 48,150.00 (45,000.00 + 7 % VAT 3,150.00)
const WITHHOLDING = 45000;     // 1 % of 45,000.00
const NET = PURCHASE - WITHHOLDING;  // 47,700.00
const SHORTFALL = 315000;      // the ฎีกา that overdraws asks 3,150.00 more than is available
const SUPPLIES_BEFORE = 25000000;    // the demo budget's ค่าวัสดุสำนักงาน, 250,000.00
const ELECTRICITY_BEFORE = 15000000; // ค่าไฟฟ้า, 150,000.00
const EXPECT = {
  // The demo's days already spent some of the line on supplies (general vouchers naming it):
  // `spentBefore`, read from the register before the day.
  supplies: (spentBefore) => ({ appropriation: SUPPLIES_BEFORE + TRANSFER, committed: 0,
                                spent: spentBefore + PURCHASE,
                                available: SUPPLIES_BEFORE + TRANSFER - spentBefore - PURCHASE }),
  electricity: { appropriation: ELECTRICITY_BEFORE - TRANSFER, available: ELECTRICITY_BEFORE - TRANSFER },
  // Trial-balance deltas (debit − credit) of the day's spending.
  accounts: { '5103030': PURCHASE, '2101010': 0, '1102010': -NET, '2103010': -WITHHOLDING },
};

function usage() {
  console.error('usage: KLANG_DEMO_OUTPUT=demo.txt node spending_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 5 || args.some((value) => !value) || !process.env.KLANG_DEMO_OUTPUT) usage();
const [baseArg, , , orgId, outDir] = args;
const base = baseArg.replace(/\/+$/, '');
if (!/^\d+$/.test(orgId)) {
  console.error(`FAIL: organisation id must be a number, got "${orgId}"`);
  process.exit(2);
}
const orgPath = `/orgs/${orgId}`;
const budgetPath = `${orgPath}/budget`;
const spendPath = `${orgPath}/expenditure`;

const demoUser = (prefix) => demoUserOf(orgId, prefix);
const TODAY = bangkokDay();

const screenshot = (page, name) => screenshotIn(page, outDir, name);
const downloadPdf = (page, link, fileName) => downloadPdfIn(page, link, outDir, fileName);

async function goto(page, url, what) {
  const response = await page.goto(`${base}${url}`);
  if (!response || response.status() !== 200) fail(`${what}: GET ${url} ended with HTTP ${response && response.status()}`);
}

async function login(browser, problems, prefix) {
  const page = await newUserPage(browser, problems);
  const user = demoUser(prefix);
  await goto(page, '/login', `login page for ${user.username}`);
  await loginWithOneTimePassword(page, user.username, user.password);
  return page;
}

// Chooses the option of `select` whose text contains `text`.
async function chooseContaining(select, text, what) {
  const options = await select.locator('option').evaluateAll((nodes) =>
    nodes.map((node) => ({ value: node.value, text: node.textContent })));
  const found = options.find((option) => option.text.includes(text));
  if (!found) fail(`${what}: no option containing "${text}"`);
  await select.selectOption(found.value);
}

// The form holding the button named `name`.
function formOf(page, name) {
  return page.locator('form', { has: page.getByRole('button', { name }) });
}

// Submits `form`'s button and expects to land on a page under `expected`.
async function submit(page, button, expected, what) {
  await navigate(page, () => button.click(), what);
  if (!expected.test(pathOf(page))) fail(`${what}: refused — ${await errorsShown(page)} (at ${page.url()})`);
}

// The budget register row of the line whose item is `item`, in satang.
async function registerRow(page, item) {
  await goto(page, `${budgetPath}/lines`, 'budget register');
  const rows = await page.locator('#budget-register tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const row = rows.find((cells) => cells[2] === item);
  if (!row) fail(`budget register has no line "${item}"`);
  const amount = (index, name) => toSatang(row[index], `${item} ${name}`);
  return { appropriation: amount(6, 'appropriation'), committed: amount(7, 'committed'),
           spent: amount(8, 'spent'), available: amount(9, 'available') };
}

async function dailyFigures(page) {
  await goto(page, `${orgPath}/revenue/daily`, 'daily report');
  const cells = await page.locator('#daily-status [data-figure]').evaluateAll((nodes) =>
    nodes.map((node) => [node.getAttribute('data-figure'), node.textContent.trim()]));
  const figures = {};
  for (const [name, text] of cells) figures[name] = toSatang(text, `daily report ${name}`);
  figures.cheques = parseInt(await page.locator('[data-cheques=count]').innerText(), 10);
  figures.cheques_amount = toSatang(await page.locator('[data-cheques=amount]').innerText(), 'uncollected cheques');
  return figures;
}

async function trialBalance(page) {
  await navigate(page, () => menuLink(page, 'งบทดลอง').click({ timeout: STEP_TIMEOUT_MS }), 'open the trial balance');
  expectPath(page, `${orgPath}/trial-balance`, 'trial balance');
  const rows = {};
  for (const account of Object.keys(EXPECT.accounts)) rows[account] = (await readTrialBalanceRow(page, account)).net;
  return rows;
}

async function claimCount(page) {
  await goto(page, `${spendPath}/claims`, 'ฎีกา register');
  return page.locator('#claims tbody tr').count();
}

async function claimStep(page, claimUrl, button, expectedState, shot) {
  await goto(page, claimUrl, 'the ฎีกา');
  await expectThaiDateFields(page, `the ฎีกา before "${button}"`);
  await typeDate(formOf(page, button), 'date', TODAY);
  await submit(page, page.getByRole('button', { name: button }), /\/claims\/\d+$/, button);
  const state = (await page.locator('#claim-state').innerText()).trim();
  if (!state.includes(expectedState)) fail(`after "${button}" the ฎีกา is "${state}", expected "${expectedState}"`);
  await screenshot(page, shot);
}

await runJourney('spending journey', outDir, JOURNEY_TIMEOUT_MS, async (browser) => {
  const problems = [];

  step('the finance officer notes the daily report and trial balance before the day');
  const finance = await login(browser, problems, 'finance');
  const dailyBefore = await dailyFigures(finance);
  const tbBefore = await trialBalance(finance);

  step('the head of finance sees the budget in force and transfers 15,000.00 to office supplies');
  const head = await login(browser, problems, 'head');
  await goto(head, budgetPath, 'budget home');
  await screenshot(head, '01-budget-home.png');
  const suppliesBefore = await registerRow(head, 'ค่าวัสดุสำนักงาน');
  if (suppliesBefore.appropriation !== SUPPLIES_BEFORE) fail(`office supplies start at ${formatSatang(suppliesBefore.appropriation)}`);
  await goto(head, `${budgetPath}/transfers/new`, 'transfer form');
  await chooseContaining(head.locator('tr.from select[name=from_line]').first(), 'ค่าไฟฟ้า', 'โอนลด');
  await head.locator('tr.from input[name=from_amount]').first().fill(formatSatang(TRANSFER));
  await chooseContaining(head.locator('tr.to select[name=to_line]').first(), 'ค่าวัสดุสำนักงาน', 'โอนเพิ่ม');
  await head.locator('tr.to input[name=to_amount]').first().fill(formatSatang(TRANSFER));
  await head.locator('#transfer-form input[name=reason]').fill('ค่าวัสดุสำนักงานไม่พอจ่ายถึงสิ้นปีงบประมาณ');
  await head.locator('#transfer-form input[name=approval_ref]').fill('คำสั่ง อบต. ที่ 45/2570');
  await expectThaiDateFields(head, 'transfer form');
  await typeDate(head.locator('#transfer-form'), 'approved_on', TODAY);
  await typeDate(head.locator('#transfer-form'), 'date', TODAY);
  await screenshot(head, '02-transfer-form.png');
  await submit(head, head.getByRole('button', { name: 'บันทึกการโอน' }), /\/changes\/\d+$/, 'record the transfer');
  await screenshot(head, '03-transfer.png');
  const electricity = await registerRow(head, 'ค่าไฟฟ้า');
  if (electricity.appropriation !== EXPECT.electricity.appropriation) {
    fail(`ค่าไฟฟ้า after the transfer: ${formatSatang(electricity.appropriation)}, expected ${formatSatang(EXPECT.electricity.appropriation)}`);
  }

  step('the procurement officer reports a purchase; the chief executive approves it');
  const procure = await login(browser, problems, 'procure');
  await goto(procure, `${spendPath}/requests/new`, 'request form');
  await chooseContaining(procure.locator('#request-form select[name=line]'), 'ค่าวัสดุสำนักงาน', 'budget line');
  await procure.locator('#request-form input[name=subject]').fill('จัดซื้อวัสดุสำนักงาน ไตรมาสที่ 1');
  await procure.locator('#request-form input[name=reason]').fill('เพื่อใช้ในการปฏิบัติงานของสำนักปลัด');
  await procure.locator('#request-form input[name=amount]').fill(formatSatang(PURCHASE));
  await expectThaiDateFields(procure, 'request form');
  await typeDate(procure.locator('#request-form'), 'date', TODAY);
  await submit(procure, procure.getByRole('button', { name: 'บันทึกรายงานขอซื้อขอจ้าง' }), /\/requests\/\d+$/, 'report the purchase');
  const requestUrl = pathOf(procure);
  const mayor = await login(browser, problems, 'mayor');
  await goto(mayor, requestUrl, 'the request');
  await typeDate(formOf(mayor, 'อนุมัติ'), 'date', TODAY);
  await submit(mayor, mayor.getByRole('button', { name: 'อนุมัติ' }), /\/requests\/\d+$/, 'approve the request');
  await screenshot(mayor, '04-request-approved.png');

  step('the procurement officer places the order and records the inspection');
  await goto(procure, requestUrl, 'the approved request');
  await navigate(procure, () => procure.getByRole('link', { name: 'จัดทำใบสั่งซื้อ/สั่งจ้างหรือสัญญา' }).click(), 'order form');
  await procure.locator('#order-form input[name=vendor_name]').fill('ห้างหุ้นส่วนจำกัด บ้านนาพาณิชย์');
  await procure.locator('#order-form input[name=vendor_tax_id]').fill('0403550001234');
  await procure.locator('#order-form input[name=contract_no]').fill('ใบสั่งซื้อเลขที่ 12/2570');
  await procure.locator('#order-form input[name=egp_project_no]').fill('67019123456');
  await procure.locator('#order-form input[name=instalment_amount]').first().fill(formatSatang(PURCHASE));
  await expectThaiDateFields(procure, 'order form');
  await typeDate(procure.locator('#order-form'), 'date', TODAY);
  await typeDate(procure.locator('#order-form'), 'instalment_due', TODAY);
  await submit(procure, procure.getByRole('button', { name: 'บันทึกใบสั่ง/สัญญา (ก่อหนี้ผูกพัน)' }), /\/orders\/\d+$/, 'place the order');
  const orderUrl = pathOf(procure);
  const committed = await registerRow(head, 'ค่าวัสดุสำนักงาน');
  if (committed.committed !== PURCHASE) fail(`the order committed ${formatSatang(committed.committed)}, expected ${formatSatang(PURCHASE)}`);
  await goto(procure, orderUrl, 'the order');
  await procure.locator('textarea[name=committee]').fill('นายสมศักดิ์ ตรวจดี\nนางสาวสมหญิง รับพัสดุ\nนายสมหมาย ถูกต้อง');
  await expectThaiDateFields(procure, 'order page');
  await typeDate(formOf(procure, 'ตรวจรับงวดที่ 1'), 'date', TODAY);
  await submit(procure, procure.getByRole('button', { name: 'ตรวจรับงวดที่ 1' }), /\/orders\/\d+$/, 'inspect instalment 1');
  await screenshot(procure, '05-order-inspected.png');

  step('the accountant sets the debt');
  const clerk = await login(browser, problems, 'clerk');
  await goto(clerk, orderUrl, 'the order');
  await typeDate(formOf(clerk, 'ตั้งหนี้'), 'date', TODAY);
  await submit(clerk, clerk.getByRole('button', { name: 'ตั้งหนี้' }), /\/debts\/\d+$/, 'set the debt');
  const debtUrl = pathOf(clerk);
  const debtLines = await clerk.locator('#debt-lines tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const debit = debtLines.find((cells) => cells[0] === '5103030');
  const credit = debtLines.find((cells) => cells[0] === '2101010');
  if (!debit || toSatang(debit[2], 'debt debit') !== PURCHASE) fail('the debt-setting voucher does not debit 5103030 with 48,150.00');
  if (!credit || toSatang(credit[3], 'debt credit') !== PURCHASE) fail('the debt-setting voucher does not credit 2101010 with 48,150.00');
  await screenshot(clerk, '06-debt.png');
  await downloadPdf(clerk, clerk.getByRole('link', { name: 'พิมพ์ PDF' }), 'debt-voucher.pdf');

  step('the division clerk prepares the ฎีกา; it goes through every approval');
  const office = await login(browser, problems, 'office');
  const debtId = debtUrl.split('/').pop();
  await goto(office, `${spendPath}/claims/new?kind=debt&debt=${debtId}`, 'ฎีกา form');
  await office.locator('#claim-form select[name=division]').selectOption('office');
  await office.locator('#claim-form input[name=payee_name]').fill('ห้างหุ้นส่วนจำกัด บ้านนาพาณิชย์');
  await office.locator('#claim-form input[name=payee_tax_id]').fill('0403550001234');
  await office.locator('#claim-form input[name=description]').fill('ค่าวัสดุสำนักงาน ตามใบสั่งซื้อเลขที่ 12/2570');
  await office.locator('#claim-form select[name=deduction_kind]').first().selectOption('wht');
  await office.locator('#claim-form input[name=deduction_amount]').first().fill(formatSatang(WITHHOLDING));
  await office.locator('#claim-form textarea[name=attachments]').fill('ใบส่งของ/ใบแจ้งหนี้\nใบตรวจรับพัสดุ');
  await expectThaiDateFields(office, 'ฎีกา form');
  await typeDate(office.locator('#claim-form'), 'date', TODAY);
  await screenshot(office, '07-claim-form.png');
  await submit(office, office.getByRole('button', { name: 'บันทึกฎีกา' }), /\/claims\/\d+$/, 'prepare the ฎีกา');
  const claimUrl = pathOf(office);
  await claimStep(clerk, claimUrl, 'กองคลังรับฎีกา', 'รับแล้ว', '08-claim-lodged.png');
  await claimStep(clerk, claimUrl, 'ตรวจฎีกาแล้ว', 'ตรวจแล้ว', '09-claim-checked.png');
  await claimStep(head, claimUrl, 'รับรองความถูกต้อง', 'รับรองแล้ว', '10-claim-certified.png');
  await claimStep(mayor, claimUrl, 'อนุมัติฎีกา', 'อนุมัติแล้ว', '11-claim-approved.png');
  await downloadPdf(mayor, mayor.getByRole('link', { name: 'พิมพ์ปกฎีกา' }), 'claim-cover.pdf');

  step('the finance officer pays by cheque');
  await goto(finance, claimUrl, 'the approved ฎีกา');
  await finance.locator('#pay-form select[name=means]').selectOption('cheque');
  await finance.locator('#pay-form input[name=cheque_no]').fill('00481234');
  await typeDate(finance.locator('#pay-form'), 'date', TODAY);
  await submit(finance, finance.getByRole('button', { name: 'จ่ายเงิน' }), /\/payments\/\d+$/, 'pay the ฎีกา');
  const paymentLines = await finance.locator('#payment-lines tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const line = (account, column) => {
    const row = paymentLines.find((cells) => cells[0] === account);
    return row ? toSatang(row[column], `payment ${account}`) : 0;
  };
  if (line('2101010', 2) !== PURCHASE || line('1102010', 3) !== NET || line('2103010', 3) !== WITHHOLDING) {
    fail(`the payment voucher's lines are not Dr 2101010 48,150.00 / Cr 1102010 47,700.00 / Cr 2103010 450.00: ${JSON.stringify(paymentLines)}`);
  }
  await screenshot(finance, '12-payment-voucher.png');
  await downloadPdf(finance, finance.getByRole('link', { name: 'พิมพ์ PDF' }), 'payment-voucher.pdf');
  await goto(finance, `${spendPath}/payments`, 'payments');
  await downloadPdf(finance, finance.getByRole('link', { name: 'PDF' }).first(), 'cheque-report.pdf');

  step('a second ฎีกา that would overdraw the line is refused and writes nothing');
  const claimsBefore = await claimCount(office);
  await goto(office, `${spendPath}/claims/new?kind=budget`, 'ฎีกา form');
  await office.locator('#claim-form select[name=kind]').selectOption('budget');
  await chooseContaining(office.locator('#claim-form select[name=line]'), 'ค่าวัสดุสำนักงาน', 'budget line');
  await office.locator('#claim-form input[name=payee_name]').fill('ร้านบ้านนาเครื่องเขียน');
  await office.locator('#claim-form input[name=description]').fill('ค่าวัสดุสำนักงานเพิ่มเติม');
  const overdraw = EXPECT.supplies(suppliesBefore.spent).available + SHORTFALL;
  await office.locator('#claim-form input[name=amount]').fill(formatSatang(overdraw));
  const refused = await navigate(office, () => office.getByRole('button', { name: 'บันทึกฎีกา' }).click(), 'the overdrawing ฎีกา');
  if (refused.status() !== 422) fail(`the overdrawing ฎีกา answered HTTP ${refused.status()}, expected 422`);
  const message = await errorsShown(office);
  if (!message.includes('ค่าวัสดุสำนักงาน') || !message.includes(`ขาดอีก ${formatSatang(SHORTFALL)} บาท`)) {
    fail(`the refusal does not name the line and the shortfall 3,150.00: "${message}"`);
  }
  if ((await office.locator('#claim-form input[name=payee_name]').inputValue()) !== 'ร้านบ้านนาเครื่องเขียน') {
    fail('the refused form did not keep what was typed');
  }
  await screenshot(office, '13-overdraw-refused.png');
  if ((await claimCount(office)) !== claimsBefore) fail('the refused ฎีกา was written');

  step('the budget register, daily report and trial balance show the hand-computed figures');
  const supplies = await registerRow(head, 'ค่าวัสดุสำนักงาน');
  const expectSupplies = EXPECT.supplies(suppliesBefore.spent);
  for (const key of Object.keys(expectSupplies)) {
    if (supplies[key] !== expectSupplies[key]) {
      fail(`budget register ค่าวัสดุสำนักงาน ${key}: ${formatSatang(supplies[key])}, expected ${formatSatang(expectSupplies[key])}`);
    }
  }
  await screenshot(head, '14-budget-register.png');
  const dailyAfter = await dailyFigures(finance);
  if (dailyAfter.bank_payments - dailyBefore.bank_payments !== NET) {
    fail(`daily report bank payments moved by ${formatSatang(dailyAfter.bank_payments - dailyBefore.bank_payments)}, expected 47,700.00`);
  }
  if (dailyAfter.cheques - dailyBefore.cheques !== 1 || dailyAfter.cheques_amount - dailyBefore.cheques_amount !== NET) {
    fail('the daily report does not count the uncollected cheque of 47,700.00');
  }
  await screenshot(finance, '15-daily-report.png');
  const tbAfter = await trialBalance(finance);
  for (const [account, delta] of Object.entries(EXPECT.accounts)) {
    if (tbAfter[account] - tbBefore[account] !== delta) {
      fail(`trial balance ${account} moved by ${formatSatang(tbAfter[account] - tbBefore[account])}, expected ${formatSatang(delta)}`);
    }
  }
  await screenshot(finance, '16-trial-balance.png');
  if (problems.length > 0) fail(`problems seen in the browser:\n${problems.join('\n')}`);
});
