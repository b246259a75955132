// Browser journey of a finance clerk through Klang, in the system Chromium via playwright-core.
//
// Usage: node journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
//
// Logs in with a one-time password, is forced to change it, reads the cash balance on the
// trial balance, posts a balanced general voucher through the htmx form from the keyboard (the
// date typed วว/ดด/ปปปป in the Buddhist Era and moved through the calendar, 31/02/2569 refused
// beside the field without posting, an amount in Thai digits, Enter moving down the lines and
// adding one, Ctrl+Enter saving), is refused an unbalanced one (HTTP 422, Thai message, nothing
// stored), checks that cash rose by exactly the posted amount, filters the trial balance by
// dates typed in the Buddhist Era, and downloads the voucher and trial-balance PDFs. Screenshots
// of every step and the PDFs are left in OUTPUT_FOLDER. Exits 0 and prints "browser journey
// passed" when all hold.
//
// Plain ESM for Node 18 and later: no newer APIs.

import { randomBytes } from 'node:crypto';
import {
  STEP_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, fail, formatSatang, toSatang, step, pathOf, expectPath, navigate, menuLink, errorsShown,
  readTrialBalanceRow, newUserPage, loginWithOneTimePassword, runJourney,
  screenshot as screenshotIn, downloadPdf as downloadPdfIn,
  THAI_MONTHS, thaiDate, thaiDigits, thaiLongDate, bangkokDay, dateField, dateValue, typeDate,
  expectThaiDateFields,
} from './lib.mjs';

const JOURNEY_TIMEOUT_MS = 240000;   // the whole journey (ctest allows 300 s)

const CASH = '1101010';     // เงินสด
const REVENUE = '4102010';
const AMOUNT_TEXT = '1,234.50';
const AMOUNT_THAI = '๑,๒๓๔.๕๐';  // the same amount in Thai digits, as some clerks type it
const AMOUNT_PLAIN = '1234.50';   // and without the comma
const AMOUNT_SATANG = 123450;
// A date that does not exist: refused beside the field, never posted as another date.
const NO_SUCH_DATE = '31/02/2569';

// The voucher is dated yesterday (Bangkok), typed 04/12/2569 the day after 4 December 2569; on the
// first of a month, today, so that it stays in this month and this fiscal year.
const VOUCHER_DAY = bangkokDay().endsWith('-01') ? bangkokDay() : bangkokDay(-1);

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

// The element that has the keyboard, described by the line it is in and its name.
async function focused(page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    const line = element.closest('#lines tr.line');
    return {
      line: line ? Array.from(document.querySelectorAll('#lines tr.line')).indexOf(line) : -1,
      name: element.getAttribute('name') || element.getAttribute('data-klang-name') || element.tagName,
    };
  });
}

// "ธันวาคม 2569": the month and BE year the open calendar shows.
async function calendarTitle(page) {
  return (await page.locator('.klang-cal .klang-cal-title').innerText()).replace(/\s+/g, ' ').trim();
}

async function calendarYear(page) {
  return Number(await page.locator('.klang-cal .klang-cal-year').innerText());
}

// The month `months` from the ISO day's, as the calendar titles it.
function monthTitle(iso, months) {
  const [year, month] = iso.split('-').map(Number);
  const index = year * 12 + month - 1 + months;
  return `${THAI_MONTHS[index % 12]} ${Math.floor(index / 12) + 543}`;
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

  step('the voucher form shows dates in the Buddhist Era and starts at the date');
  await openVoucherForm(page);
  const dateFields = await expectThaiDateFields(page, 'voucher form');
  const shownToday = await dateField(page, 'date').inputValue();
  if (shownToday !== thaiDate(bangkokDay())) fail(`the new voucher shows the date "${shownToday}", expected ${thaiDate(bangkokDay())}`);
  // Keyboard first: the cursor starts in the form's first field, not in the menu above it.
  const start = await focused(page);
  if (start.name !== 'date') fail(`the voucher form starts with the keyboard in ${JSON.stringify(start)}, not the date`);
  console.log(`   ${dateFields} date field(s), showing ${shownToday}; the keyboard starts in the date`);

  step(`type the date as a clerk writes it: ${thaiDate(VOUCHER_DAY)} lands as ${VOUCHER_DAY}`);
  const description = `ทดสอบเส้นทางผู้ใช้ รับเงินค่าธรรมเนียม ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('คำอธิบายรายการ').fill(description);
  await typeDate(page, 'date', VOUCHER_DAY);
  console.log(`   typed ${thaiDate(VOUCHER_DAY)}, the form will post date=${await dateValue(page, 'date').inputValue()}`);

  step('the calendar: Thai month names, BE years, moved by the keyboard alone');
  const field = dateField(page, 'date');
  await field.focus();
  await field.press('Alt+ArrowDown');
  const calendar = page.locator('.klang-cal[role=dialog]');
  await calendar.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(() => fail('Alt+ArrowDown in the date field opens no calendar'));
  if (await calendarTitle(page) !== monthTitle(VOUCHER_DAY, 0)) {
    fail(`the calendar opens at "${await calendarTitle(page)}", expected "${monthTitle(VOUCHER_DAY, 0)}"`);
  }
  const beYear = await calendarYear(page);
  await screenshot(page, '04-calendar.png');
  await page.keyboard.press('Shift+PageDown');
  if (await calendarYear(page) !== beYear + 1) fail(`Shift+PageDown moved the calendar from ${beYear} to ${await calendarYear(page)}`);
  if (await calendarTitle(page) !== monthTitle(VOUCHER_DAY, 12)) fail(`after Shift+PageDown the calendar shows "${await calendarTitle(page)}"`);
  console.log(`   Shift+PageDown: ${monthTitle(VOUCHER_DAY, 0)} → ${await calendarTitle(page)}`);
  await page.keyboard.press('Shift+PageUp');
  await page.keyboard.press('PageDown');
  if (await calendarTitle(page) !== monthTitle(VOUCHER_DAY, 1)) fail(`PageDown shows "${await calendarTitle(page)}", expected "${monthTitle(VOUCHER_DAY, 1)}"`);
  await page.keyboard.press('PageUp');
  // Arrow keys move the day: one day on and back, then Enter picks it.
  await page.keyboard.press('ArrowRight');
  const dayAfter = new Date(Date.parse(`${VOUCHER_DAY}T00:00:00Z`) + 86400000).toISOString().slice(0, 10);
  const highlighted = await page.locator('.klang-cal .klang-cal-day.current').getAttribute('aria-label');
  if (!highlighted.endsWith(thaiLongDate(dayAfter))) fail(`ArrowRight highlights "${highlighted}", expected ${thaiLongDate(dayAfter)}`);
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('Enter');
  if (await calendar.count() !== 0) fail('Enter in the calendar leaves it open');
  if ((await field.inputValue()) !== thaiDate(VOUCHER_DAY) || (await dateValue(page, 'date').inputValue()) !== VOUCHER_DAY) {
    fail(`after picking in the calendar the field shows "${await field.inputValue()}" and posts "${await dateValue(page, 'date').inputValue()}"`);
  }
  if ((await focused(page)).name !== 'date') fail('after picking a date the keyboard is not back in the date field');
  // Escape closes without changing anything.
  await field.press('Alt+ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Escape');
  if (await calendar.count() !== 0) fail('Escape leaves the calendar open');
  if ((await dateValue(page, 'date').inputValue()) !== VOUCHER_DAY) fail('Escape in the calendar changed the date');

  step(`${NO_SUCH_DATE} is refused beside the field in Thai, and the form is not posted`);
  const posts = [];
  const onRequest = (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === `${orgPath}/vouchers`) posts.push(request.url());
  };
  page.on('request', onRequest);
  await field.fill('');
  await field.pressSequentially(NO_SUCH_DATE);
  await field.press('Tab');
  const dateError = page.locator('.klang-date-error').first();
  const errorText = (await dateError.innerText()).trim();
  if (!errorText.includes('ไม่มีวันที่ 31 กุมภาพันธ์ 2569')) fail(`${NO_SUCH_DATE} shows "${errorText}" beside the field`);
  await page.getByRole('button', { name: 'บันทึกรายการ' }).click();
  await field.press('Control+Enter');
  await page.waitForTimeout(800);
  expectPath(page, `${orgPath}/vouchers/new`, `after trying to save with ${NO_SUCH_DATE}`);
  if (posts.length !== 0) fail(`the form was posted with ${NO_SUCH_DATE}: ${posts.join(', ')}`);
  const heldBack = await dateValue(page, 'date').inputValue();
  if (/^\d{4}-\d{2}-\d{2}$/.test(heldBack)) fail(`with ${NO_SUCH_DATE} typed the form would post the date ${heldBack}`);
  if (await page.locator('.klang-date-text[aria-invalid=true]').count() !== 1) fail('the date field is not marked invalid');
  console.log(`   beside the field: ${errorText}`);
  await screenshot(page, '05-date-error.png');
  page.off('request', onRequest);
  await typeDate(page, 'date', VOUCHER_DAY);
  if ((await dateError.innerText()).trim() !== '') fail('the date error stays after a good date is typed');

  step(`fill a balanced voucher, ${AMOUNT_THAI} in Thai digits: live totals say ยอดดุล of ${AMOUNT_TEXT}`);
  await fillLine(page, 0, CASH, AMOUNT_THAI, '');
  await fillLine(page, 1, REVENUE, '', AMOUNT_PLAIN);
  // The typed text is sent as it is; beside it, how the server reads it.
  const echo = (await page.locator('#lines tr.line').nth(0).locator('.klang-amount-echo').innerText()).trim();
  if (echo !== `= ${AMOUNT_TEXT} บาท`) fail(`beside ${AMOUNT_THAI} the form shows "${echo}", expected "= ${AMOUNT_TEXT} บาท"`);
  if ((await page.locator('#lines tr.line').nth(0).locator('input[name=debit]').inputValue()) !== AMOUNT_THAI) {
    fail(`the amount typed as ${AMOUNT_THAI} was rewritten in the field`);
  }
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
  if ((balanceText.match(/1,234\.50/g) || []).length !== 2) {
    fail(`live balance box should show ${AMOUNT_TEXT} for both totals: "${balanceText}"`);
  }
  console.log(`   balance box: ${balanceText}`);

  step('Enter in a line\'s last amount goes down to the next line, and at the last line adds one');
  await page.locator('#lines tr.line').nth(0).locator('input[name=credit]').press('Enter');
  const down = await focused(page);
  if (down.line !== 1 || down.name !== 'account') fail(`Enter in line 1's credit went to ${JSON.stringify(down)}, not line 2's account`);
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
  await fifth.locator('input[name=credit]').press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('#lines tr.line').length === 6, null,
                             { timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('Enter in the last line\'s credit added no 6th line'));
  await page.waitForFunction(() => document.activeElement === document.querySelectorAll('#lines tr.line')[5].querySelector('select'),
                             null, { timeout: STEP_TIMEOUT_MS })
    .catch(async () => fail(`after the 6th line was added the keyboard is in ${JSON.stringify(await focused(page))}`));
  expectPath(page, `${orgPath}/vouchers/new`, 'after Enter in the last line');
  await screenshot(page, '06-voucher-form.png');

  step('save the voucher with Ctrl+Enter: its page says บันทึกเรียบร้อยแล้ว, the number บท. and the date typed');
  const saved = await navigate(page, () => page.keyboard.press('Control+Enter'), 'save the voucher');
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
  const amounts = await page.locator('main table.grid tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const cashLine = amounts.find((cells) => cells[0] === CASH);
  if (!cashLine || cashLine[2] !== AMOUNT_TEXT) fail(`the cash line typed as ${AMOUNT_THAI} shows ${JSON.stringify(cashLine)}, expected debit ${AMOUNT_TEXT}`);
  const shownDate = (await page.locator('dl.facts dt', { hasText: 'วันที่' }).locator('xpath=following-sibling::dd[1]').innerText()).trim();
  if (shownDate !== thaiLongDate(VOUCHER_DAY)) fail(`the voucher typed ${thaiDate(VOUCHER_DAY)} shows the date "${shownDate}", expected ${thaiLongDate(VOUCHER_DAY)}`);
  console.log(`   saved: ${heading} at ${pathOf(page)}, dated ${shownDate}`);
  await expectThaiDateFields(page, 'voucher page (reversal form)');
  await screenshot(page, '07-voucher.png');
  await downloadPdf(page, page.getByRole('link', { name: 'พิมพ์ (PDF)' }), 'voucher.pdf');

  step('try an unbalanced voucher: refused with HTTP 422 and a Thai message');
  const listBefore = await readVoucherList(page);
  const entriesBefore = await readEntryCount(page);
  await openVoucherForm(page);
  const badDescription = `ทดสอบยอดไม่ดุล ${randomBytes(3).toString('hex')}`;
  await page.getByLabel('คำอธิบายรายการ').fill(badDescription);
  await typeDate(page, 'date', VOUCHER_DAY, thaiDigits(thaiDate(VOUCHER_DAY)));
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
  if ((await dateField(page, 'date').inputValue()) !== thaiDate(VOUCHER_DAY)) {
    fail(`the refused form shows the date "${await dateField(page, 'date').inputValue()}", expected ${thaiDate(VOUCHER_DAY)}`);
  }
  await screenshot(page, '08-error.png');
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
  await screenshot(page, '09-trial-balance.png');
  await downloadPdf(page, page.getByRole('link', { name: 'PDF', exact: true }), 'trial-balance.pdf');

  step(`the trial balance of ${thaiDate(VOUCHER_DAY)} alone, the dates typed in the Buddhist Era`);
  await expectThaiDateFields(page, 'trial balance');
  await typeDate(page, 'from', VOUCHER_DAY);
  await typeDate(page, 'to', VOUCHER_DAY);
  await navigate(page, () => page.getByRole('button', { name: 'แสดง' }).click(), 'show the trial balance of one day');
  const query = new URL(page.url()).searchParams;
  if (query.get('from') !== VOUCHER_DAY || query.get('to') !== VOUCHER_DAY) fail(`the trial balance was asked for ${page.url()}`);
  const period = await page.locator('main p').first().innerText();
  if (!period.includes(`ตั้งแต่วันที่ ${thaiLongDate(VOUCHER_DAY)} ถึงวันที่ ${thaiLongDate(VOUCHER_DAY)}`)) fail(`the trial balance's period reads "${period}"`);
  if ((await dateField(page, 'from').inputValue()) !== thaiDate(VOUCHER_DAY)) fail('the trial balance does not show its from-date in the Buddhist Era');
  // The voucher is among the day's movements (columns 5 and 6: debit and credit in the period).
  const cashRow = await page.locator('table#trial-balance tbody tr').evaluateAll((trs, account) => {
    const row = trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim()))
      .find((cells) => cells[0] === account);
    return row || null;
  }, CASH);
  if (!cashRow) fail(`no row for ${CASH} on the trial balance of ${VOUCHER_DAY}`);
  const dayDebit = toSatang(cashRow[4], `${CASH} debit on ${VOUCHER_DAY}`);
  if (dayDebit < AMOUNT_SATANG) fail(`${CASH} on ${VOUCHER_DAY} alone moved by debit ${formatSatang(dayDebit)}, less than the voucher's ${AMOUNT_TEXT}`);
  await screenshot(page, '10-trial-balance-day.png');

  if (problems.length > 0) fail(`problems seen during the journey:\n  ${problems.join('\n  ')}`);
  await page.context().close();
}

await runJourney('browser journey', outDir, JOURNEY_TIMEOUT_MS, journey);
