// Browser journey of a finance clerk through Klang, in the system Chromium via playwright-core.
//
// Usage: node journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
//
// Logs in with a one-time password, is forced to change it, reads the cash balance on the
// trial balance, posts a balanced general voucher through the htmx form, is refused an
// unbalanced one (HTTP 422, Thai message, nothing stored), checks that cash rose by exactly the
// posted amount, and downloads the voucher and trial-balance PDFs. Screenshots of every step and
// the PDFs are left in OUTPUT_FOLDER. Exits 0 and prints "browser journey passed" when all hold.
//
// Plain ESM for Node 18 and later: no newer APIs.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

const STEP_TIMEOUT_MS = 15000;       // any single wait for an element or a state
const NAVIGATION_TIMEOUT_MS = 30000; // page loads, downloads
const JOURNEY_TIMEOUT_MS = 240000;   // the whole journey (ctest allows 300 s)

const CASH = '1101010';     // เงินสด
const REVENUE = '4102010';
const AMOUNT_TEXT = '1,250.50';
const AMOUNT_SATANG = 125050;

class JourneyError extends Error {}

function fail(message) {
  throw new JourneyError(message);
}

function usage() {
  console.error('usage: node journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length !== 5 || args.some((value) => !value)) usage();
const [baseArg, username, oneTimePassword, orgId, outDir] = args;
const base = baseArg.replace(/\/+$/, '');
if (!/^\d+$/.test(orgId)) {
  console.error(`FAIL: organisation id must be a number, got "${orgId}"`);
  process.exit(2);
}
const orgPath = `/orgs/${orgId}`;

// "1,234.50" (or "-1,234.50") to integer satang; "" is zero. Anything else is a failure.
function toSatang(text, what) {
  const trimmed = text.replace(/\s+/g, '');
  if (trimmed === '') return 0;
  const match = /^(-?)(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$/.exec(trimmed);
  if (!match) fail(`${what}: cannot read amount "${text}"`);
  const baht = parseInt(match[2].replace(/,/g, ''), 10);
  const satang = baht * 100 + parseInt(match[3], 10);
  if (!Number.isSafeInteger(satang)) fail(`${what}: amount "${text}" is too large`);
  return match[1] === '-' ? -satang : satang;
}

function formatSatang(satang) {
  const sign = satang < 0 ? '-' : '';
  const magnitude = Math.abs(satang);
  const baht = String(Math.floor(magnitude / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${baht}.${String(magnitude % 100).padStart(2, '0')}`;
}

let currentStep = 'start';
function step(name) {
  currentStep = name;
  console.log(`== ${name}`);
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

function expectPath(page, expected, what) {
  const actual = pathOf(page);
  const ok = expected instanceof RegExp ? expected.test(actual) : actual === expected;
  if (!ok) fail(`${what}: expected to be at ${expected}, but the browser is at ${page.url()}`);
}

async function screenshot(page, name) {
  await page.screenshot({ path: path.join(outDir, name), fullPage: true, timeout: NAVIGATION_TIMEOUT_MS });
  console.log(`   screenshot ${name}`);
}

// Waits for the navigation that `action` starts and returns its main-document response.
async function navigate(page, action, what) {
  const [response] = await Promise.all([
    page.waitForNavigation({ timeout: NAVIGATION_TIMEOUT_MS, waitUntil: 'load' }),
    action(),
  ]);
  if (!response) fail(`${what}: no page was loaded`);
  return response;
}

function menuLink(page, name) {
  return page.locator('nav.org .menu').getByRole('link', { name, exact: true });
}

// Closing debit and credit of one account on the trial balance page now shown.
async function readTrialBalanceRow(page, account) {
  const table = page.locator('table#trial-balance');
  await table.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const row = rows.find((cells) => cells[0] === account);
  if (!row) return { found: false, debit: 0, credit: 0 };
  if (row.length !== 8) fail(`trial balance row ${account} has ${row.length} cells, expected 8`);
  return {
    found: true,
    name: row[1],
    debit: toSatang(row[6], `closing debit of ${account}`),
    credit: toSatang(row[7], `closing credit of ${account}`),
  };
}

async function openTrialBalance(page) {
  await navigate(page, () => menuLink(page, 'งบทดลอง').click({ timeout: STEP_TIMEOUT_MS }),
                 'open the trial balance');
  expectPath(page, `${orgPath}/trial-balance`, 'trial balance');
}

async function openVoucherForm(page) {
  await navigate(page, () => menuLink(page, 'บันทึกใบผ่านรายการ').click({ timeout: STEP_TIMEOUT_MS }),
                 'open the voucher form');
  expectPath(page, `${orgPath}/vouchers/new`, 'voucher form');
  // htmx drives the live totals and the extra lines; it is loaded with `defer`.
  await page.waitForFunction(() => typeof window.htmx === 'object', null, { timeout: STEP_TIMEOUT_MS });
  const lines = await page.locator('#lines tr.line').count();
  if (lines < 2) fail(`the voucher form shows ${lines} line(s), expected at least 2`);
}

async function fillLine(page, index, account, debit, credit) {
  const line = page.locator('#lines tr.line').nth(index);
  const chosen = await line.locator('select[name=account]').selectOption(account, { timeout: STEP_TIMEOUT_MS });
  if (chosen.length !== 1 || chosen[0] !== account) fail(`account ${account} is not offered in line ${index + 1}`);
  await line.locator('input[name=debit]').fill(debit, { timeout: STEP_TIMEOUT_MS });
  await line.locator('input[name=credit]').fill(credit, { timeout: STEP_TIMEOUT_MS });
}

// First page of the voucher register: sequence numbers and descriptions.
async function readVoucherList(page) {
  await navigate(page, () => menuLink(page, 'ทะเบียนใบผ่านรายการ').click({ timeout: STEP_TIMEOUT_MS }),
                 'open the voucher register');
  expectPath(page, `${orgPath}/vouchers`, 'voucher register');
  return page.locator('main table.grid tbody tr').evaluateAll((trs) =>
    trs.map((tr) => {
      const cells = Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim());
      return { seq: cells[0], number: cells[1], description: cells[4] };
    }));
}

async function readEntryCount(page) {
  await navigate(page, () => menuLink(page, 'หน้าหลัก').click({ timeout: STEP_TIMEOUT_MS }),
                 'open the organisation page');
  expectPath(page, orgPath, 'organisation page');
  const text = await page.locator('main p strong').first().textContent({ timeout: STEP_TIMEOUT_MS });
  return parseInt(text.replace(/,/g, ''), 10);
}

async function downloadPdf(page, link, fileName) {
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: NAVIGATION_TIMEOUT_MS }),
    link.click({ timeout: STEP_TIMEOUT_MS }),
  ]);
  const problem = await download.failure();
  if (problem) fail(`download of ${fileName} failed: ${problem}`);
  const saved = path.join(outDir, fileName);
  await download.saveAs(saved);
  const bytes = readFileSync(saved);
  if (bytes.length < 8 || bytes.subarray(0, 5).toString('latin1') !== '%PDF-') {
    fail(`${fileName} (suggested name "${download.suggestedFilename()}") is not a PDF: ` +
         `starts with ${JSON.stringify(bytes.subarray(0, 16).toString('latin1'))}`);
  }
  console.log(`   saved ${fileName} (${bytes.length} bytes, offered as "${download.suggestedFilename()}")`);
  return bytes;
}

async function journey(browser) {
  const context = await browser.newContext({
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);

  // Problems the clerk would not see but we must: script errors and server errors.
  const problems = [];
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx page (the refused voucher) is logged as a failed resource load; that is expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) {
      problems.push(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`);
    }
  });

  step('open / without a session: redirected to the login page');
  const first = await page.goto(`${base}/`, { timeout: NAVIGATION_TIMEOUT_MS });
  if (!first || first.status() !== 200) fail(`GET / ended with HTTP ${first && first.status()}`);
  expectPath(page, '/login', 'GET / without a session');
  await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await screenshot(page, '01-login.png');

  step(`log in as ${username} with the one-time password: forced to change it`);
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill(oneTimePassword);
  await navigate(page, () => page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click(), 'log in');
  if (pathOf(page) === '/login') {
    const error = await page.locator('.error').allTextContents();
    fail(`login refused: ${error.join(' ') || '(no message shown)'}`);
  }
  expectPath(page, '/password', 'after logging in with a one-time password');
  await page.getByText('กรุณาตั้งรหัสผ่านใหม่ก่อนเริ่มใช้งาน').waitFor({ timeout: STEP_TIMEOUT_MS });
  await screenshot(page, '02-password.png');

  step('set a new password: land on the organisation page');
  const newPassword = `Journey-${randomBytes(6).toString('hex')}-ok`;
  await page.getByLabel('รหัสผ่านปัจจุบัน').fill(oneTimePassword);
  await page.getByLabel('รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)').fill(newPassword);
  await page.getByLabel('ยืนยันรหัสผ่านใหม่').fill(newPassword);
  await navigate(page, () => page.getByRole('button', { name: 'บันทึกรหัสผ่าน' }).click(), 'change password');
  if (pathOf(page) === '/password') {
    const error = await page.locator('.error').allTextContents();
    fail(`new password refused: ${error.join(' ') || '(no message shown)'}`);
  }
  expectPath(page, orgPath, 'after changing the password');
  await page.locator('main h1').waitFor({ timeout: STEP_TIMEOUT_MS });
  const orgTitle = (await page.locator('main h1').textContent()).trim();
  console.log(`   organisation: ${orgTitle}`);
  await screenshot(page, '03-org.png');

  step(`read the closing balance of ${CASH} on the trial balance`);
  await openTrialBalance(page);
  const before = await readTrialBalanceRow(page, CASH);
  console.log(`   ${CASH} ${before.found ? before.name : '(no row yet)'}: closing debit ` +
              `${formatSatang(before.debit)}, credit ${formatSatang(before.credit)}`);

  step('fill a balanced voucher: live totals say ยอดดุล');
  await openVoucherForm(page);
  const description = `ทดสอบเส้นทางผู้ใช้ รับเงินค่าธรรมเนียม ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('คำอธิบายรายการ').fill(description);
  await fillLine(page, 0, CASH, AMOUNT_TEXT, '');
  await fillLine(page, 1, REVENUE, '', AMOUNT_TEXT);
  const balance = page.locator('#balance');
  await page.locator('#balance.ok', { hasText: 'ยอดดุล' }).waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async () => {
      const shown = (await balance.innerText()).replace(/\s+/g, ' ').trim();
      const hint = /รวมเดบิต 0\.00 · รวมเครดิต 0\.00/.test(shown)
        ? ' (the server summed none of the typed amounts sent by htmx in the query string of GET .../vouchers/balance)'
        : '';
      fail(`live balance box does not show ยอดดุล: "${shown}"${hint}`);
    });
  const balanceText = (await balance.innerText()).replace(/\s+/g, ' ').trim();
  if ((balanceText.match(/1,250\.50/g) || []).length !== 2) {
    fail(`live balance box should show ${AMOUNT_TEXT} for both totals: "${balanceText}"`);
  }
  console.log(`   balance box: ${balanceText}`);

  step('add a line with "+ เพิ่มบรรทัด"');
  const linesBefore = await page.locator('#lines tr.line').count();
  if (linesBefore !== 4) fail(`the new voucher form should start with 4 lines, it has ${linesBefore}`);
  await page.getByRole('button', { name: '+ เพิ่มบรรทัด' }).click();
  await page.waitForFunction(() => document.querySelectorAll('#lines tr.line').length === 5, null,
                             { timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('no 5th line appeared after clicking "+ เพิ่มบรรทัด"'));
  const fifth = page.locator('#lines tr.line').nth(4);
  for (const selector of ['select[name=account]', 'input[name=debit]', 'input[name=credit]']) {
    if ((await fifth.locator(selector).count()) !== 1) fail(`the 5th line has no ${selector}`);
  }
  await screenshot(page, '04-voucher-form.png');

  step('save the voucher: its page says บันทึกเรียบร้อยแล้ว and shows the number บท.');
  const saved = await navigate(page, () => page.getByRole('button', { name: 'บันทึกรายการ' }).click(),
                               'save the voucher');
  if (pathOf(page) === `${orgPath}/vouchers`) {
    const error = await page.locator('.error').allTextContents();
    fail(`the balanced voucher was refused (HTTP ${saved.status()}): ${error.join(' ')}`);
  }
  expectPath(page, new RegExp(`^${orgPath}/vouchers/\\d+$`), 'after saving the voucher');
  await page.locator('.notice', { hasText: 'บันทึกเรียบร้อยแล้ว' }).waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('the voucher page does not say บันทึกเรียบร้อยแล้ว'));
  const heading = (await page.locator('main h1').textContent()).trim();
  const number = /บท\.\s*\d+\/\d{4}/.exec(heading);
  if (!number) fail(`the voucher heading has no number บท. N/YYYY: "${heading}"`);
  const voucherText = await page.locator('main').innerText();
  if (!voucherText.includes(description)) fail('the voucher page does not show the description');
  if (!voucherText.includes(AMOUNT_TEXT)) fail(`the voucher page does not show ${AMOUNT_TEXT}`);
  console.log(`   saved: ${heading} at ${pathOf(page)}`);
  await screenshot(page, '05-voucher.png');
  await downloadPdf(page, page.getByRole('link', { name: 'พิมพ์ (PDF)' }), 'voucher.pdf');

  step('try an unbalanced voucher: refused with HTTP 422 and a Thai message');
  const listBefore = await readVoucherList(page);
  const entriesBefore = await readEntryCount(page);
  await openVoucherForm(page);
  const badDescription = `ทดสอบยอดไม่ดุล ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('คำอธิบายรายการ').fill(badDescription);
  await fillLine(page, 0, CASH, '100.00', '');
  await fillLine(page, 1, REVENUE, '', '90.00');
  await page.locator('#balance.bad', { hasText: 'ผลต่าง 10.00' }).waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async () => fail(`live balance box does not show the difference 10.00: "${(await balance.innerText()).trim()}"`));
  const refused = await navigate(page, () => page.getByRole('button', { name: 'บันทึกรายการ' }).click(),
                                 'save the unbalanced voucher');
  if (refused.status() !== 422) {
    fail(`the unbalanced voucher got HTTP ${refused.status()} (expected 422) at ${page.url()}`);
  }
  const alert = page.locator('main .error[role=alert]');
  await alert.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(() => fail('no error message shown for the unbalanced voucher'));
  const alertText = (await alert.innerText()).trim();
  if (!/ยอดเดบิต.*ไม่เท่ากับยอดเครดิต/.test(alertText)) {
    fail(`unexpected error message for the unbalanced voucher: "${alertText}"`);
  }
  console.log(`   message: ${alertText}`);
  // The refused form shows its totals again, so the clerk sees the difference to correct.
  await page.locator('#balance.bad', { hasText: 'ผลต่าง 10.00' }).waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async () => fail(`the refused form's balance box does not show the difference 10.00: "${(await balance.innerText()).trim()}"`));
  // What the clerk typed must still be there to correct.
  if ((await page.getByLabel('คำอธิบายรายการ').inputValue()) !== badDescription) {
    fail('the refused form lost the description');
  }
  await screenshot(page, '06-error.png');
  const listAfter = await readVoucherList(page);
  if (listAfter.some((row) => row.description === badDescription)) {
    fail('the refused voucher appears in the voucher register');
  }
  if (JSON.stringify(listAfter) !== JSON.stringify(listBefore)) {
    fail('the voucher register changed after a refused voucher');
  }
  const entriesAfter = await readEntryCount(page);
  if (entriesAfter !== entriesBefore) {
    fail(`the ledger went from ${entriesBefore} to ${entriesAfter} entries after a refused voucher`);
  }

  step(`trial balance: ${CASH} closing debit rose by exactly ${AMOUNT_TEXT}`);
  await openTrialBalance(page);
  const after = await readTrialBalanceRow(page, CASH);
  if (!after.found) fail(`no row for ${CASH} on the trial balance after posting to it`);
  console.log(`   ${CASH} ${after.name}: closing debit ${formatSatang(after.debit)}, credit ${formatSatang(after.credit)}`);
  const netRise = (after.debit - after.credit) - (before.debit - before.credit);
  if (netRise !== AMOUNT_SATANG) {
    fail(`${CASH} balance moved by ${formatSatang(netRise)}, expected ${AMOUNT_TEXT}`);
  }
  if (before.credit === 0 && after.credit === 0 && after.debit - before.debit !== AMOUNT_SATANG) {
    fail(`${CASH} closing debit went from ${formatSatang(before.debit)} to ${formatSatang(after.debit)}`);
  }
  await screenshot(page, '07-trial-balance.png');
  await downloadPdf(page, page.getByRole('link', { name: 'PDF', exact: true }), 'trial-balance.pdf');

  if (problems.length > 0) fail(`problems seen during the journey:\n  ${problems.join('\n  ')}`);
  await context.close();
}

async function main() {
  mkdirSync(outDir, { recursive: true });
  const watchdog = setTimeout(() => {
    console.error(`FAIL: the browser journey took longer than ${JOURNEY_TIMEOUT_MS / 1000} s (step: ${currentStep})`);
    process.exit(1);
  }, JOURNEY_TIMEOUT_MS);
  watchdog.unref();

  let browser;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: NAVIGATION_TIMEOUT_MS,
    });
    await journey(browser);
    console.log('browser journey passed');
    return 0;
  } catch (error) {
    const message = error instanceof JourneyError ? error.message : (error && error.stack) || String(error);
    console.error(`FAIL (step: ${currentStep}): ${message}`);
    // Leave a picture of where it went wrong.
    try {
      const contexts = browser ? browser.contexts() : [];
      const pages = contexts.length > 0 ? contexts[0].pages() : [];
      if (pages.length > 0) {
        await pages[0].screenshot({ path: path.join(outDir, 'failure.png'), fullPage: true, timeout: 10000 });
        writeFileSync(path.join(outDir, 'failure.html'), await pages[0].content());
        console.error(`   at ${pages[0].url()}; see failure.png and failure.html in ${outDir}`);
      }
    } catch (ignored) {
      // The browser may be gone; the message above is what matters.
    }
    return 1;
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
}

main().then((code) => { process.exitCode = code; });
