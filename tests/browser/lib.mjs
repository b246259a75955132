// Shared helpers of the browser journeys (journey.mjs, revenue_journey.mjs): amounts, steps,
// navigation, screenshots, dates typed in the Buddhist Era, login with the forced password
// change, PDF downloads and the Chromium launch with a watchdog and a failure picture.
//
// Plain ESM for Node 18 and later: no newer APIs.

import { chromium } from 'playwright-core';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';

export const STEP_TIMEOUT_MS = 15000;       // any single wait for an element or a state
export const NAVIGATION_TIMEOUT_MS = 30000; // page loads, downloads

export class JourneyError extends Error {}

export function fail(message) {
  throw new JourneyError(message);
}

// "1,234.50" (or "-1,234.50") to integer satang; "" is zero. Anything else is a failure.
export function toSatang(text, what) {
  const trimmed = text.replace(/\s+/g, '');
  if (trimmed === '') return 0;
  const match = /^(-?)(\d{1,3}(?:,\d{3})*|\d+)\.(\d{2})$/.exec(trimmed);
  if (!match) fail(`${what}: cannot read amount "${text}"`);
  const baht = parseInt(match[2].replace(/,/g, ''), 10);
  const satang = baht * 100 + parseInt(match[3], 10);
  if (!Number.isSafeInteger(satang)) fail(`${what}: amount "${text}" is too large`);
  return match[1] === '-' ? -satang : satang;
}

export function formatSatang(satang) {
  const sign = satang < 0 ? '-' : '';
  const magnitude = Math.abs(satang);
  const baht = String(Math.floor(magnitude / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${baht}.${String(magnitude % 100).padStart(2, '0')}`;
}

let currentStep = 'start';
export function step(name) {
  currentStep = name;
  console.log(`== ${name}`);
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

export function expectPath(page, expected, what) {
  const actual = pathOf(page);
  const ok = expected instanceof RegExp ? expected.test(actual) : actual === expected;
  if (!ok) fail(`${what}: expected to be at ${expected}, but the browser is at ${page.url()}`);
}

export async function screenshot(page, outDir, name) {
  await page.screenshot({ path: path.join(outDir, name), fullPage: true, timeout: NAVIGATION_TIMEOUT_MS });
  console.log(`   screenshot ${name}`);
}

// Waits for the navigation that `action` starts and returns its main-document response.
export async function navigate(page, action, what) {
  const [response] = await Promise.all([
    page.waitForNavigation({ timeout: NAVIGATION_TIMEOUT_MS, waitUntil: 'load' }),
    action(),
  ]);
  if (!response) fail(`${what}: no page was loaded`);
  return response;
}

export function menuLink(page, name) {
  return page.locator('nav.org .menu').getByRole('link', { name, exact: true });
}

// ---- Dates as a Thai clerk types them (web/static/klang-date.js) ----

// "2026-12-04" → "04/12/2569", "2026-12" → "12/2569", "2026-12-04T09:30" → "04/12/2569 09:30":
// day/month/year in the Buddhist Era (CE + 543), as on paper.
export function thaiDate(iso) {
  const match = /^(\d{4})-(\d{2})(?:-(\d{2}))?(?:T(\d{2}:\d{2}))?$/.exec(iso);
  if (!match) fail(`thaiDate: "${iso}" is not an ISO date`);
  const monthYear = `${match[2]}/${Number(match[1]) + 543}`;
  const date = match[3] ? `${match[3]}/${monthYear}` : monthYear;
  return match[4] ? `${date} ${match[4]}` : date;
}

export const THAI_MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
                            'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];

// "2026-12-04" → "4 ธันวาคม 2569", as the server writes a document's date.
export function thaiLongDate(iso) {
  const [year, month, day] = iso.split('-').map(Number);
  return `${day} ${THAI_MONTHS[month - 1]} ${year + 543}`;
}

// The same text in Thai digits: "04/12/2569" → "๐๔/๑๒/๒๕๖๙".
export function thaiDigits(text) {
  return text.replace(/[0-9]/g, (digit) => String.fromCharCode(0x0E50 + Number(digit)));
}

// Today in Bangkok as "YYYY-MM-DD", and the day `days` from it.
export function bangkokDay(days = 0) {
  return new Date(Date.now() + 7 * 3600 * 1000 + days * 86400 * 1000).toISOString().slice(0, 10);
}

// The text field a clerk types into for the date field named `name` (klang-date.js moves the
// name to a hidden field holding the ISO value), within `scope`: a page or a locator.
export function dateField(scope, name) {
  return scope.locator(`input[data-klang-name="${name}"]`).first();
}

// The hidden field the form submits for that date field: ISO, under the original name.
export function dateValue(scope, name) {
  return dateField(scope, name).locator('xpath=..').locator(`input[type=hidden][name="${name}"]`);
}

// Types `iso` into the date field `name` key by key the way a clerk writes it (04/12/2569, or
// `typed` when given, e.g. in Thai digits), leaves the field with Tab, and checks that no error
// is shown and that the form will submit `iso`.
export async function typeDate(scope, name, iso, typed) {
  const field = dateField(scope, name);
  const text = typed || thaiDate(iso);
  await field.fill('', { timeout: STEP_TIMEOUT_MS });
  await field.pressSequentially(text, { timeout: STEP_TIMEOUT_MS });
  await field.press('Tab');
  const error = (await field.locator('xpath=../following-sibling::span[contains(@class, "klang-date-error")]')
    .textContent()) || '';
  if (error.trim()) fail(`date field ${name}: typing "${text}" shows the error "${error.trim()}"`);
  const submitted = await dateValue(scope, name).inputValue();
  if (submitted !== iso) fail(`date field ${name}: typing "${text}" submits "${submitted}", expected "${iso}"`);
}

// Every date field of the page now shown is the Thai one: no browser date input (which shows
// mm/dd/yyyy CE), every value shown in the Buddhist Era and submitted as ISO. Returns how many.
export async function expectThaiDateFields(page, what) {
  const fields = await page.evaluate(() => {
    const native = document.querySelectorAll('input[type=date], input[type=month], input[type=datetime-local]').length;
    const shown = Array.from(document.querySelectorAll('input[data-klang-date]'), (input) => {
      const hidden = input.parentElement.querySelector('input[type=hidden][data-klang-date-value]');
      return { kind: input.dataset.klangDate, text: input.value, named: input.hasAttribute('name'),
               iso: hidden ? hidden.value : null };
    });
    return { native, shown };
  });
  if (fields.native) fail(`${what}: ${fields.native} browser date input(s) still on the page`);
  const shape = {
    date: [/^\d{2}\/\d{2}\/\d{4}$/, /^\d{4}-\d{2}-\d{2}$/],
    month: [/^\d{2}\/\d{4}$/, /^\d{4}-\d{2}$/],
    datetime: [/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/],
  };
  for (const field of fields.shown) {
    const [text, iso] = shape[field.kind] || [];
    if (!text) fail(`${what}: a date field of unknown kind "${field.kind}"`);
    if (field.named || field.iso === null) fail(`${what}: a date field was not enhanced: ${JSON.stringify(field)}`);
    if (field.text !== '' && !text.test(field.text)) fail(`${what}: a date field shows "${field.text}", not วว/ดด/ปปปป (พ.ศ.)`);
    if (field.iso !== '' && !iso.test(field.iso)) fail(`${what}: a date field submits "${field.iso}", not ISO`);
    if (field.text !== '' && thaiDate(field.iso) !== field.text) fail(`${what}: a date field shows "${field.text}" but submits "${field.iso}"`);
  }
  return fields.shown.length;
}

// Texts of the error boxes on the page now shown, for failure messages.
export async function errorsShown(page) {
  const errors = await page.locator('.error').allTextContents();
  return errors.map((text) => text.trim()).join(' ') || '(no message shown)';
}

// Closing debit and credit of one account on the trial balance page now shown.
export async function readTrialBalanceRow(page, account) {
  const table = page.locator('table#trial-balance');
  await table.waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const rows = await table.locator('tbody tr').evaluateAll((trs) =>
    trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  const row = rows.find((cells) => cells[0] === account);
  if (!row) return { found: false, debit: 0, credit: 0, net: 0 };
  if (row.length !== 8) fail(`trial balance row ${account} has ${row.length} cells, expected 8`);
  const debit = toSatang(row[6], `closing debit of ${account}`);
  const credit = toSatang(row[7], `closing credit of ${account}`);
  return { found: true, name: row[1], debit, credit, net: debit - credit };
}

// A new browser context (its own cookies) whose page records what the user would not see but
// we must: script errors, console errors and server errors.
export async function newUserPage(browser, problems) {
  const context = await browser.newContext({
    locale: 'th-TH',
    timezoneId: 'Asia/Bangkok',
    acceptDownloads: true,
    viewport: { width: 1280, height: 900 },
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  page.on('pageerror', (error) => problems.push(`script error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    // A 4xx page (a refused document) is logged as a failed resource load; that is expected.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) {
      problems.push(`console error on ${page.url()}: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 500) {
      problems.push(`HTTP ${response.status()} from ${response.request().method()} ${response.url()}`);
    }
  });
  return page;
}

// Logs in on the page now showing the login form with a one-time password; the user is sent to
// /password and must set a new one. Returns the new password; the browser is then wherever the
// server sends a user after the change.
export async function loginWithOneTimePassword(page, username, oneTimePassword, beforeChange) {
  await page.getByLabel('ชื่อผู้ใช้').fill(username);
  await page.getByLabel('รหัสผ่าน').fill(oneTimePassword);
  await navigate(page, () => page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click(), `log in as ${username}`);
  if (pathOf(page) === '/login') fail(`login of ${username} refused: ${await errorsShown(page)}`);
  expectPath(page, '/password', `after ${username} logged in with a one-time password`);
  await page.getByText('กรุณาตั้งรหัสผ่านใหม่ก่อนเริ่มใช้งาน').waitFor({ timeout: STEP_TIMEOUT_MS });
  if (beforeChange) await beforeChange();
  const newPassword = `Journey-${randomBytes(6).toString('hex')}-ok`;
  await page.getByLabel('รหัสผ่านปัจจุบัน').fill(oneTimePassword);
  await page.getByLabel('รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)').fill(newPassword);
  await page.getByLabel('ยืนยันรหัสผ่านใหม่').fill(newPassword);
  await navigate(page, () => page.getByRole('button', { name: 'บันทึกรหัสผ่าน' }).click(),
                 `${username} changes the password`);
  if (pathOf(page) === '/password') fail(`new password of ${username} refused: ${await errorsShown(page)}`);
  return newPassword;
}

// Clicks `link`, saves the download in outDir as fileName and checks that it is a PDF.
export async function downloadPdf(page, link, outDir, fileName) {
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

// Runs `journey(browser)` in the system Chromium under a watchdog; on failure leaves
// failure.png and failure.html of the last page open in outDir. Sets the process exit code.
export async function runJourney(name, outDir, timeoutMs, journey) {
  mkdirSync(outDir, { recursive: true });
  const watchdog = setTimeout(() => {
    console.error(`FAIL: the ${name} took longer than ${timeoutMs / 1000} s (step: ${currentStep})`);
    process.exit(1);
  }, timeoutMs);
  watchdog.unref();

  let browser;
  let code = 1;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-quic', '--no-first-run',
             '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      timeout: NAVIGATION_TIMEOUT_MS,
    });
    await journey(browser);
    console.log(`${name} passed`);
    code = 0;
  } catch (error) {
    const message = error instanceof JourneyError ? error.message : (error && error.stack) || String(error);
    console.error(`FAIL (step: ${currentStep}): ${message}`);
    try {
      const pages = browser ? browser.contexts().flatMap((context) => context.pages()) : [];
      const last = pages[pages.length - 1];
      if (last) {
        await last.screenshot({ path: path.join(outDir, 'failure.png'), fullPage: true, timeout: 10000 });
        writeFileSync(path.join(outDir, 'failure.html'), await last.content());
        console.error(`   at ${last.url()}; see failure.png and failure.html in ${outDir}`);
      }
    } catch (ignored) {
      // The browser may be gone; the message above is what matters.
    }
  } finally {
    if (browser) await browser.close().catch(() => {});
  }
  process.exitCode = code;
}

// A demo user of organisation `orgId` named `${prefix}${orgId}`, with their one-time password,
// from the "<org>\t<name>\tuser <login> one-time password <password>" lines of `klang demo`
// (the file KLANG_DEMO_OUTPUT names; run_journey.sh sets it).
export function demoUserOf(orgId, prefix) {
  const text = readFileSync(process.env.KLANG_DEMO_OUTPUT, 'utf8');
  for (const line of text.split('\n')) {
    const fields = line.split('\t');
    const match = fields.length === 3 && /^user (\S+) one-time password (\S+)$/.exec(fields[2]);
    if (match && fields[0] === orgId && match[1] === `${prefix}${orgId}`) {
      return { username: match[1], password: match[2] };
    }
  }
  fail(`no user ${prefix}${orgId} in the output of klang demo`);
}
