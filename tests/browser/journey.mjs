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

import { randomBytes } from 'node:crypto';
import {
  STEP_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, fail, formatSatang, step, pathOf, expectPath, navigate, menuLink, errorsShown,
  readTrialBalanceRow, newUserPage, loginWithOneTimePassword, runJourney,
  screenshot as screenshotIn, downloadPdf as downloadPdfIn,
} from './lib.mjs';

const JOURNEY_TIMEOUT_MS = 240000;   // the whole journey (ctest allows 300 s)

const CASH = '1101010';     // เงินสด
const REVENUE = '4102010';
const AMOUNT_TEXT = '1,250.50';
const AMOUNT_SATANG = 125050;

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

async function screenshot(page, name) {
  await screenshotIn(page, outDir, name);
}

async function downloadPdf(page, link, fileName) {
  return downloadPdfIn(page, link, outDir, fileName);
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

async function journey(browser) {
  // Problems the clerk would not see but we must: script errors and server errors.
  const problems = [];
  const page = await newUserPage(browser, problems);

  step('open / without a session: redirected to the login page');
  const first = await page.goto(`${base}/`, { timeout: NAVIGATION_TIMEOUT_MS });
  if (!first || first.status() !== 200) fail(`GET / ended with HTTP ${first && first.status()}`);
  expectPath(page, '/login', 'GET / without a session');
  await page.getByRole('heading', { name: 'เข้าสู่ระบบ' }).waitFor({ timeout: STEP_TIMEOUT_MS });
  await screenshot(page, '01-login.png');

  step(`log in as ${username} with the one-time password: forced to change it, then land on the organisation page`);
  await loginWithOneTimePassword(page, username, oneTimePassword,
                                 () => screenshot(page, '02-password.png'));
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
    fail(`the balanced voucher was refused (HTTP ${saved.status()}): ${await errorsShown(page)}`);
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
  await page.context().close();
}

await runJourney('browser journey', outDir, JOURNEY_TIMEOUT_MS, journey);
