// Browser journey of a revenue day: a collector and a finance officer of the demo อบต., each in
// their own browser session, in the system Chromium via playwright-core.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node revenue_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
// (USERNAME and ONE_TIME_PASSWORD, the demo clerk's, are not used: the collector's and the
// finance officer's come from the output of `klang demo` in KLANG_DEMO_OUTPUT.)
//
// 1. The finance officer logs in (forced password change) and notes the day's figures on the
//    daily financial status report and the trial balance before the day's work.
// 2. The collector logs in, issues 20 receipts from book 001 (cash, cheque, transfer, QR; one
//    with two lines; revenue and a contract guarantee), is refused one with a zero amount (HTTP
//    422, Thai message, the book's next number unchanged), cancels one with a reason, sees the
//    receipts not yet remitted flagged, downloads a receipt PDF, and remits the rest on one
//    ใบนำส่งเงิน. Every date is typed วว/ดด/ปปปป in the Buddhist Era; one receipt is entered from
//    the keyboard: an amount in Thai digits, Enter down the lines and past the last one (a line
//    is added), Ctrl+Enter to issue it.
// 3. The finance officer summarises the slip (ใบสำคัญสรุปใบนำส่งเงิน + ใบผ่านรายการรับ), deposits the
//    cash and cheques in the bank, and checks the daily report's figures and the trial balance
//    moved by exactly the hand-computed amounts below; downloads the daily report PDF.
// Screenshots of every step and the PDFs are left in OUTPUT_FOLDER.
//
// Plain ESM for Node 18 and later: no newer APIs.

import { readFileSync } from 'node:fs';
import {
  STEP_TIMEOUT_MS, fail, toSatang, formatSatang, step, pathOf, expectPath, navigate, menuLink,
  errorsShown, readTrialBalanceRow, newUserPage, loginWithOneTimePassword, runJourney,
  screenshot as screenshotIn, downloadPdf as downloadPdfIn,
  demoUserOf, bangkokDay, thaiLongDate, typeDate, expectThaiDateFields,
} from './lib.mjs';

const JOURNEY_TIMEOUT_MS = 360000;  // the whole journey (ctest allows 400 s)

// The day's receipts. Item codes from data/revenue_items.csv: 414001 ค่าน้ำประปา (4104010),
// 413001 ค่าเช่าหรือค่าบริการสถานที่ (4103010), 411003 อากรการฆ่าสัตว์ (4101030), 415001 รายได้
// เบ็ดเตล็ด (4105010), 901001 เงินประกันสัญญา (2103020, deposits held). Receipt 11 is cancelled.
const RECEIPTS = [
  { means: 'cash', lines: [['414001', '120.00']] },
  { means: 'cash', lines: [['414001', '85.50']] },
  { means: 'cash', lines: [['413001', '1500.00'], ['415001', '20.00']] },
  { means: 'cash', lines: [['411003', '30.00']] },
  { means: 'cash', lines: [['414001', '240.25']] },
  { means: 'cash', lines: [['901001', '5000.00']] },
  { means: 'cash', lines: [['413001', '750.00']] },
  { means: 'cash', lines: [['414001', '64.75']] },
  { means: 'cash', lines: [['411003', '60.00']] },
  { means: 'cash', lines: [['414001', '99.50']] },
  { means: 'cash', lines: [['413001', '300.00']], cancel: 'เขียนชื่อผู้ชำระผิด' },
  { means: 'cash', lines: [['414001', '150.00']] },
  { means: 'cheque', reference: 'ธ.ออมสิน 1234567', lines: [['901001', '12000.00']] },
  { means: 'cheque', reference: 'ธ.กรุงไทย 7654321', lines: [['413001', '3000.00']] },
  { means: 'cheque', reference: 'ธ.ก.ส. 1112223', lines: [['414001', '1020.00']] },
  { means: 'cheque', reference: 'ธ.กรุงเทพ 9998887', lines: [['413001', '2400.00']] },
  { means: 'transfer', reference: 'TRF-20261122-01', lines: [['413001', '4500.00']] },
  { means: 'transfer', reference: 'TRF-20261122-02', lines: [['414001', '310.00']] },
  { means: 'qr', reference: 'QR-0045', lines: [['414001', '45.00']] },
  { means: 'qr', reference: 'QR-0090', lines: [['411003', '90.00']] },
];

// Hand-computed from the table above (receipt 11, 300.00 cash, is cancelled and counts nowhere):
//   cash     120.00 + 85.50 + 1,520.00 + 30.00 + 240.25 + 5,000.00 + 750.00 + 64.75 + 60.00
//            + 99.50 + 150.00                                       =  8,120.00
//   cheque   12,000.00 + 3,000.00 + 1,020.00 + 2,400.00               = 18,420.00
//   transfer and QR  4,500.00 + 310.00 + 45.00 + 90.00                =  4,945.00
//   total                                                             = 31,485.00
// by account: 4104010 water 2,135.00; 4103010 rent 12,150.00; 4101030 slaughter 180.00;
// 4105010 miscellaneous 20.00; 2103020 contract guarantees 17,000.00 (sum 31,485.00).
const EXPECT = {
  cashAndCheque: 2654000,  // cash received on the daily report, and deposited
  transferAndQr: 494500,
  total: 3148500,
  accounts: {
    '4104010': -213500,  // credit balances are negative nets
    '4103010': -1215000,
    '4101030': -18000,
    '4105010': -2000,
    '2103020': -1700000,
    '1101010': 0,        // cash in and deposited the same day
    '1102010': 3148500,  // bank: transfers and QR, plus the deposit
  },
};
const DEPOSIT_TEXT = '26540.00';
// Receipt 3's first line, typed in Thai digits with the comma; the server reads 1,500.00.
const THAI_AMOUNT = { typed: '๑,๕๐๐.๐๐', read: '1,500.00' };
const TODAY = bangkokDay();

function usage() {
  console.error('usage: KLANG_DEMO_OUTPUT=demo.txt node revenue_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
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
const revenuePath = `${orgPath}/revenue`;

const demoUser = (prefix) => demoUserOf(orgId, prefix);

function screenshot(page, name) {
  return screenshotIn(page, outDir, name);
}

function downloadPdf(page, link, fileName) {
  return downloadPdfIn(page, link, outDir, fileName);
}

function sumLines(receipt) {
  return receipt.lines.reduce((sum, [, amount]) => sum + toSatang(amount, 'receipt line'), 0);
}

// The table's own arithmetic must agree with the hand-computed figures, or the test is wrong.
function checkTable() {
  const valid = RECEIPTS.filter((receipt) => !receipt.cancel);
  const byMeans = (means) => valid.filter((receipt) => means.includes(receipt.means))
    .reduce((sum, receipt) => sum + sumLines(receipt), 0);
  if (RECEIPTS.length !== 20) fail(`the journey should issue 20 receipts, the table has ${RECEIPTS.length}`);
  if (byMeans(['cash', 'cheque']) !== EXPECT.cashAndCheque) fail('table: cash and cheque total is not 26,540.00');
  if (byMeans(['transfer', 'qr']) !== EXPECT.transferAndQr) fail('table: transfer and QR total is not 4,945.00');
  if (toSatang(DEPOSIT_TEXT, 'deposit') !== EXPECT.cashAndCheque) fail('table: deposit differs from cash and cheques');
}

async function goto(page, url, what) {
  const response = await page.goto(`${base}${url}`);
  if (!response || response.status() !== 200) fail(`${what}: GET ${url} ended with HTTP ${response && response.status()}`);
}

// Figures of the daily financial status report for today, in satang, by data-figure name.
async function readDailyStatus(page) {
  await goto(page, `${revenuePath}/daily`, 'daily report');
  const cells = await page.locator('#daily-status [data-figure]').evaluateAll((nodes) =>
    nodes.map((node) => [node.getAttribute('data-figure'), node.textContent.trim()]));
  if (cells.length < 8) fail(`the daily report shows ${cells.length} figures, expected 8`);
  const figures = {};
  for (const [name, text] of cells) figures[name] = toSatang(text, `daily report ${name}`);
  // The report's own arithmetic (no other cash payments on the demo's day: cash goes to the bank).
  const otherOut = figures.cash_brought_forward + figures.cash_received - figures.cash_deposited -
                   figures.cash_carried_forward;
  if (otherOut < 0) fail(`daily report: cash carried forward exceeds what came in (${formatSatang(otherOut)})`);
  if (figures.bank_brought_forward + figures.bank_deposits - figures.bank_payments !== figures.bank_carried_forward) {
    fail('daily report: bank brought forward + deposits - payments is not bank carried forward');
  }
  return figures;
}

async function readTrialBalance(page) {
  await navigate(page, () => menuLink(page, 'งบทดลอง').click({ timeout: STEP_TIMEOUT_MS }), 'open the trial balance');
  expectPath(page, `${orgPath}/trial-balance`, 'trial balance');
  const rows = {};
  for (const account of Object.keys(EXPECT.accounts)) rows[account] = await readTrialBalanceRow(page, account);
  return rows;
}

async function nextNumberOfBook(page) {
  await goto(page, revenuePath, 'revenue home');
  const text = await page.locator('main li', { hasText: 'เล่มที่ 001' }).first().innerText();
  const match = /เลขที่ถัดไป (\d+)/.exec(text);
  if (!match) fail(`revenue home does not show the next number of book 001: "${text}"`);
  return parseInt(match[1], 10);
}

async function fillReceipt(page, index, receipt) {
  await typeDate(page.locator('#receipt-form'), 'date', TODAY);
  await page.locator('input[name=payer_name]').fill(`ผู้ชำระทดสอบ ${index + 1}`);
  await page.locator('input[name=payer_address]').fill(`${index + 1} หมู่ 3 ตำบลบ้านนา`);
  const rows = page.locator('#receipt-form tr.line');
  for (const [line, [item, amount]] of receipt.lines.entries()) {
    const row = rows.nth(line);
    const chosen = await row.locator('select[name=item]').selectOption(item);
    if (chosen.length !== 1 || chosen[0] !== item) fail(`revenue item ${item} is not offered on the receipt form`);
    await row.locator('input[name=amount]').fill(amount);
  }
  await page.locator('select[name=means]').selectOption(receipt.means);
  await page.locator('input[name=means_reference]').fill(receipt.reference || '');
}

// The element that has the keyboard: its line on the receipt form (-1 outside) and its name.
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const lines = Array.from(document.querySelectorAll('#receipt-form tr.line'));
    return { line: lines.indexOf(element.closest('tr.line')), name: element.getAttribute('name') };
  });
}

// Receipt 3 from the keyboard: the first line's amount in Thai digits, Enter from line to line
// and past the last, where a fifth line appears for the second item; Ctrl+Enter issues it.
async function fillReceiptByKeyboard(page, index, receipt) {
  const [[firstItem], [secondItem, secondAmount]] = receipt.lines;
  if (toSatang(THAI_AMOUNT.read, 'Thai amount') !== toSatang(receipt.lines[0][1], 'receipt 3 line 1')) {
    fail('the table: receipt 3\'s first line is not the amount typed in Thai digits');
  }
  if ((await focused(page)).name !== 'book') fail(`the receipt form starts with the keyboard in ${JSON.stringify(await focused(page))}, not the book`);
  await typeDate(page.locator('#receipt-form'), 'date', TODAY);
  await page.locator('input[name=payer_name]').fill(`ผู้ชำระทดสอบ ${index + 1}`);
  await page.locator('input[name=payer_address]').fill(`${index + 1} หมู่ 3 ตำบลบ้านนา`);
  const rows = page.locator('#receipt-form tr.line');
  if (await rows.count() !== 4) fail(`the receipt form starts with ${await rows.count()} lines, expected 4`);
  await rows.nth(0).locator('select[name=item]').selectOption(firstItem);
  await rows.nth(0).locator('input[name=amount]').pressSequentially(THAI_AMOUNT.typed);
  const echo = (await rows.nth(0).locator('.klang-amount-echo').innerText()).trim();
  if (echo !== `= ${THAI_AMOUNT.read} บาท`) fail(`beside ${THAI_AMOUNT.typed} the form shows "${echo}"`);
  // Enter in each line's amount goes down a line; past the fourth a fifth is added.
  for (let line = 0; line < 4; line += 1) {
    await rows.nth(line).locator('input[name=amount]').press('Enter');
    const now = await focused(page);
    if (now.line !== line + 1 || now.name !== 'item') fail(`Enter in line ${line + 1}'s amount went to ${JSON.stringify(now)}`);
  }
  expectPath(page, `${revenuePath}/receipts/new`, 'after Enter in the amounts');
  if (await rows.count() !== 5) fail(`Enter in the last amount left ${await rows.count()} lines, expected 5`);
  await rows.nth(4).locator('select[name=item]').selectOption(secondItem);
  await rows.nth(4).locator('input[name=amount]').fill(secondAmount);
  await page.locator('select[name=means]').selectOption(receipt.means);
  await screenshot(page, '03-receipt-form.png');
}

async function collectorDay(page) {
  const collector = demoUser('collector');
  step(`collector ${collector.username} logs in with the one-time password and sets a new one`);
  await goto(page, '/login', 'login page');
  await loginWithOneTimePassword(page, collector.username, collector.password);
  await navigate(page, () => menuLink(page, 'รายได้และการเงิน').click(), 'open the revenue menu');
  expectPath(page, revenuePath, 'revenue home');
  const firstNumber = await nextNumberOfBook(page);
  console.log(`   book 001: next number ${firstNumber}`);
  await screenshot(page, '02-collector-home.png');

  const issued = [];
  for (const [index, receipt] of RECEIPTS.entries()) {
    step(`receipt ${index + 1}/20: ${receipt.means} ${formatSatang(sumLines(receipt))}`);
    await goto(page, `${revenuePath}/receipts/new`, 'receipt form');
    const number = await page.locator('#receipt-form input[name=number]').inputValue();
    if (parseInt(number, 10) !== firstNumber + index) {
      fail(`the receipt form offers number ${number}, expected ${firstNumber + index}`);
    }
    if (index === 0) await expectThaiDateFields(page, 'receipt form');
    const keyboard = index === 2;
    if (keyboard) await fillReceiptByKeyboard(page, index, receipt);
    else await fillReceipt(page, index, receipt);
    const response = await navigate(page, keyboard
      ? () => page.locator('#receipt-form input[name=amount]').nth(4).press('Control+Enter')
      : () => page.getByRole('button', { name: 'บันทึกและออกใบเสร็จ' }).click(), `issue receipt ${index + 1}`);
    if (!/\/receipts\/\d+$/.test(pathOf(page))) {
      fail(`receipt ${index + 1} was refused (HTTP ${response.status()}): ${await errorsShown(page)}`);
    }
    await page.getByRole('status').filter({ hasText: 'บันทึกแล้ว' }).waitFor()
      .catch(() => fail(`the page of receipt ${index + 1} does not say บันทึกแล้ว`));
    const heading = (await page.locator('main h1').innerText()).trim();
    if (heading !== `ใบเสร็จรับเงิน เล่มที่ 001 เลขที่ ${firstNumber + index}`) {
      fail(`receipt ${index + 1} heading is "${heading}"`);
    }
    const total = await page.locator('main table.grid tfoot th.num').innerText();
    if (toSatang(total, `total of receipt ${index + 1}`) !== sumLines(receipt)) {
      fail(`receipt ${index + 1} total shows ${total}, expected ${formatSatang(sumLines(receipt))}`);
    }
    const dated = (await page.locator('main tr', { has: page.locator('th', { hasText: 'วันที่' }) }).first().innerText()).trim();
    if (!dated.includes(thaiLongDate(TODAY))) fail(`receipt ${index + 1} shows "${dated}", expected ${thaiLongDate(TODAY)}`);
    issued.push({ path: pathOf(page), receipt });
    if (index === 2) {
      const lines = await page.locator('main table.grid tbody tr').allInnerTexts();
      if (!lines.some((text) => text.includes(THAI_AMOUNT.read))) fail(`receipt 3 does not show the line typed ${THAI_AMOUNT.typed} as ${THAI_AMOUNT.read}: ${lines.join(' | ')}`);
      await screenshot(page, '04-receipt.png');
      await downloadPdf(page, page.getByRole('link', { name: 'พิมพ์ใบเสร็จ (PDF)' }), 'receipt.pdf');
    }
    if (index === 9) {
      step('a receipt with a zero amount is refused with a Thai message and uses no number');
      await goto(page, `${revenuePath}/receipts/new`, 'receipt form');
      await fillReceipt(page, 99, { means: 'cash', lines: [['414001', '0.00']] });
      const refused = await navigate(page, () => page.getByRole('button', { name: 'บันทึกและออกใบเสร็จ' }).click(),
                                     'issue a receipt of 0.00');
      if (refused.status() !== 422) fail(`a receipt of 0.00 got HTTP ${refused.status()}, expected 422`);
      const alert = page.locator('main p.error[role=alert]');
      await alert.waitFor().catch(() => fail('no error message for a receipt of 0.00'));
      const message = (await alert.innerText()).trim();
      if (!/[\u0E00-\u0E7F]/.test(message)) fail(`the error for a receipt of 0.00 is not in Thai: "${message}"`);
      console.log(`   message: ${message}`);
      if ((await page.locator('input[name=payer_name]').inputValue()) !== 'ผู้ชำระทดสอบ 100') {
        fail('the refused receipt form lost the payer name');
      }
      const firstLine = page.locator('#receipt-form tr.line').first();
      if ((await firstLine.locator('select[name=item]').inputValue()) !== '414001' ||
          (await firstLine.locator('input[name=amount]').inputValue()) !== '0.00') {
        fail('the refused receipt form lost the line typed (item 414001, amount 0.00)');
      }
      await screenshot(page, '05-receipt-refused.png');
      const next = await nextNumberOfBook(page);
      if (next !== firstNumber + index + 1) fail(`after the refused receipt the book's next number is ${next}, expected ${firstNumber + index + 1}`);
    }
  }

  step('cancel receipt 11 with a reason: it keeps its number and is marked cancelled');
  const cancelled = issued[10];
  await goto(page, cancelled.path, 'receipt 11');
  await page.locator('input[name=reason]').fill(cancelled.receipt.cancel);
  await navigate(page, () => page.getByRole('button', { name: 'ยกเลิกใบเสร็จ' }).click(), 'cancel receipt 11');
  expectPath(page, cancelled.path, 'after cancelling receipt 11');
  const status = (await page.locator('main p.error[role=alert]').first().innerText()).trim();
  if (!/ยกเลิก/.test(status)) fail(`cancelled receipt 11 does not say it is cancelled: "${status}"`);
  console.log(`   receipt 11: ${status}`);
  await screenshot(page, '06-receipt-cancelled.png');
  if (await nextNumberOfBook(page) !== firstNumber + 20) fail('the book\'s next number is not 20 past the first');

  step('receipts not yet remitted are flagged: 19 receipts, 31,485.00');
  await goto(page, revenuePath, 'revenue home');
  const flag = (await page.locator('main p.error[role=alert]').first().innerText()).trim();
  if (!flag.includes('19 ฉบับ') || !flag.includes(formatSatang(EXPECT.total))) {
    fail(`the revenue home should flag 19 receipts of ${formatSatang(EXPECT.total)} not remitted: "${flag}"`);
  }

  step('remit the 19 valid receipts on one ใบนำส่งเงิน');
  await goto(page, `${revenuePath}/remittances`, 'remittances');
  const boxes = page.locator('#remit-form input[name=receipts]');
  if (await boxes.count() !== 19) fail(`the remittance form lists ${await boxes.count()} receipts, expected 19 (the cancelled one not among them)`);
  const formTotal = await page.locator('#remit-form tfoot th.num').innerText();
  if (toSatang(formTotal, 'remittance form total') !== EXPECT.total) fail(`the remittance form totals ${formTotal}`);
  await page.locator('#remit-form input[name=received_by]').fill('เจ้าหน้าที่การเงิน');
  await expectThaiDateFields(page, 'remittance form');
  await typeDate(page.locator('#remit-form'), 'date', TODAY);
  await screenshot(page, '07-remittance-form.png');
  await navigate(page, () => page.getByRole('button', { name: 'จัดทำใบนำส่งเงิน' }).click(), 'remit');
  if (!/\/remittances\/\d+$/.test(pathOf(page))) fail(`the remittance was refused: ${await errorsShown(page)}`);
  const foot = (await page.locator('main table.grid tfoot tr').innerText()).replace(/\s+/g, ' ');
  for (const expected of [`เงินสด ${formatSatang(8120_00)}`, `เช็ค ${formatSatang(18420_00)}`,
                          `โอน/QR ${formatSatang(EXPECT.transferAndQr)}`, formatSatang(EXPECT.total)]) {
    if (!foot.includes(expected)) fail(`the remittance does not show "${expected}": "${foot}"`);
  }
  const ranges = await page.locator('main table.narrow').innerText();
  if (!ranges.includes('(19 ฉบับ)')) fail(`the remittance does not list 19 receipts: "${ranges}"`);
  await screenshot(page, '08-remittance.png');
  await downloadPdf(page, page.getByRole('link', { name: 'พิมพ์ใบนำส่งเงิน (PDF)' }), 'remittance.pdf');
  await goto(page, revenuePath, 'revenue home');
  if (await page.locator('main p.error[role=alert]').count() !== 0) fail('receipts are still flagged as not remitted after the remittance');
}

async function financeDay(page, before) {
  step('finance officer: summarise the remittance slip and post the receipt voucher');
  await goto(page, `${revenuePath}/summaries`, 'summaries');
  const pending = page.locator('#summary-form input[name=remittance]');
  if (await pending.count() !== 1) fail(`${await pending.count()} remittance slips wait for the summary, expected 1`);
  const pendingTotal = await page.locator('#summary-form tfoot th.num').innerText();
  if (toSatang(pendingTotal, 'pending total') !== EXPECT.total) fail(`the slips waiting total ${pendingTotal}`);
  await expectThaiDateFields(page, 'summary form');
  await typeDate(page.locator('#summary-form'), 'date', TODAY);
  await screenshot(page, '09-summary-form.png');
  await navigate(page, () => page.getByRole('button', { name: 'สรุปและผ่านรายการรับ' }).click(), 'summarise');
  if (!/\/summaries\/\d+$/.test(pathOf(page))) fail(`the summary was refused: ${await errorsShown(page)}`);
  const saved = (await page.getByRole('status').innerText()).trim();
  if (!saved.includes('ใบผ่านรายการรับ')) fail(`the summary page does not name its receipt voucher: "${saved}"`);
  console.log(`   ${(await page.locator('main h1').innerText()).trim()} · ${saved}`);
  // The voucher: Dr cash 26,540.00, Dr bank 4,945.00, Cr revenue and deposits held.
  const voucher = await page.locator('main table.grid').nth(1).locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const debitOf = (account) => voucher.filter((cells) => cells[0].startsWith(account))
    .reduce((sum, cells) => sum + toSatang(cells[1], `debit ${account}`) - toSatang(cells[2], `credit ${account}`), 0);
  if (debitOf('1101010') !== EXPECT.cashAndCheque) fail(`the receipt voucher debits cash ${formatSatang(debitOf('1101010'))}, expected 26,540.00`);
  if (debitOf('1102010') !== EXPECT.transferAndQr) fail(`the receipt voucher debits the bank ${formatSatang(debitOf('1102010'))}, expected 4,945.00`);
  for (const [account, net] of Object.entries(EXPECT.accounts)) {
    if (account.startsWith('11')) continue;
    if (debitOf(account) !== net) fail(`the receipt voucher nets ${formatSatang(debitOf(account))} on ${account}, expected ${formatSatang(net)}`);
  }
  await screenshot(page, '10-summary.png');
  await downloadPdf(page, page.getByRole('link', { name: /^พิมพ์ใบผ่านรายการรับ/ }), 'receipt-voucher.pdf');

  step(`deposit the day's cash and cheques, ${DEPOSIT_TEXT}, in the bank`);
  await goto(page, `${revenuePath}/bank`, 'bank');
  await expectThaiDateFields(page, 'bank page');
  await typeDate(page.locator('#deposit-form'), 'date', TODAY);
  await page.locator('#deposit-form input[name=amount]').fill(DEPOSIT_TEXT);
  await page.locator('#deposit-form input[name=reference]').fill('ใบนำฝาก 0012345');
  await navigate(page, () => page.getByRole('button', { name: 'บันทึกการนำฝาก' }).click(), 'deposit');
  if (!/\/bank\/documents\/\d+$/.test(pathOf(page))) fail(`the deposit was refused: ${await errorsShown(page)}`);
  const deposited = await page.locator('main').innerText();
  if (!deposited.includes(formatSatang(EXPECT.cashAndCheque))) fail('the deposit document does not show 26,540.00');
  await screenshot(page, '11-deposit.png');

  step('the daily financial status report moved by exactly the hand-computed amounts');
  const after = await readDailyStatus(page);
  const moved = (name) => after[name] - before.daily[name];
  const expectations = {
    cash_brought_forward: 0,
    cash_received: EXPECT.cashAndCheque,
    cash_deposited: EXPECT.cashAndCheque,
    cash_carried_forward: 0,
    bank_brought_forward: 0,
    bank_deposits: EXPECT.cashAndCheque + EXPECT.transferAndQr,
    bank_payments: 0,
    bank_carried_forward: EXPECT.total,
  };
  for (const [name, expected] of Object.entries(expectations)) {
    console.log(`   ${name}: ${formatSatang(before.daily[name])} -> ${formatSatang(after[name])}`);
    if (moved(name) !== expected) fail(`daily report ${name} moved by ${formatSatang(moved(name))}, expected ${formatSatang(expected)}`);
  }
  if (await page.locator('main p.error[role=alert]').count() !== 0) fail('the daily report still flags receipts not remitted');
  // The report of a day chosen by typing it in the Buddhist Era: the same figures.
  await typeDate(page.locator('main form[method=get]'), 'date', TODAY);
  await navigate(page, () => page.getByRole('button', { name: 'แสดง' }).click(), 'show the daily report of today');
  if (new URL(page.url()).searchParams.get('date') !== TODAY) fail(`the daily report was asked for ${page.url()}`);
  await expectThaiDateFields(page, 'daily report');
  await screenshot(page, '12-daily.png');
  await downloadPdf(page, page.getByRole('link', { name: 'พิมพ์ (PDF)' }), 'daily.pdf');

  step('the trial balance moved by exactly the same amounts, and the bank figure agrees with it');
  await goto(page, orgPath, 'organisation page');
  const trial = await readTrialBalance(page);
  for (const [account, expected] of Object.entries(EXPECT.accounts)) {
    const movedBy = trial[account].net - before.trial[account].net;
    console.log(`   ${account} ${trial[account].name || ''}: ${formatSatang(before.trial[account].net)} -> ${formatSatang(trial[account].net)}`);
    if (movedBy !== expected) fail(`trial balance ${account} moved by ${formatSatang(movedBy)}, expected ${formatSatang(expected)}`);
  }
  if (trial['1101010'].net !== after.cash_carried_forward) {
    fail(`cash on the trial balance ${formatSatang(trial['1101010'].net)} differs from the daily report's ${formatSatang(after.cash_carried_forward)}`);
  }
  if (trial['1102010'].net !== after.bank_carried_forward) {
    fail(`bank on the trial balance ${formatSatang(trial['1102010'].net)} differs from the daily report's ${formatSatang(after.bank_carried_forward)}`);
  }
  await screenshot(page, '13-trial-balance.png');
}

async function journey(browser) {
  checkTable();
  const problems = [];

  const finance = await newUserPage(browser, problems);
  const officer = demoUser('finance');
  step(`finance officer ${officer.username} logs in and notes the day's figures before the work`);
  await goto(finance, '/login', 'login page');
  await loginWithOneTimePassword(finance, officer.username, officer.password);
  const before = { daily: await readDailyStatus(finance) };
  await screenshot(finance, '01-daily-before.png');
  await goto(finance, orgPath, 'organisation page');
  before.trial = await readTrialBalance(finance);

  const collector = await newUserPage(browser, problems);
  await collectorDay(collector);
  await collector.context().close();

  await financeDay(finance, before);
  await finance.context().close();
  if (problems.length > 0) fail(`problems seen during the journey:\n  ${problems.join('\n  ')}`);
}

await runJourney('revenue journey', outDir, JOURNEY_TIMEOUT_MS, journey);
