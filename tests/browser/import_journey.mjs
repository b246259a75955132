// Browser journey of a finance officer bringing the taxpayer register into Klang from a
// spreadsheet (issue 18), in the system Chromium.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node import_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
// (run by run_journey.sh; the finance officer finance<ORG_ID> comes from the output of `klang demo`.
// The sample workbook is data/samples/taxpayers.xlsx under KLANG_RESOURCES, else under the
// repository this script is in.)
//
// 1. The finance officer logs in (one-time password, then a new one), opens นำเข้าข้อมูล from the
//    menu: the kinds they may import are links, the others say they may not; no import yet.
// 2. Opens the taxpayer import and checks a bad CSV the journey writes (UTF-8 with BOM, as Excel's
//    "CSV UTF-8" saves it): an unknown kind "สมาคม", an id number twice, an address missing. The
//    server answers 422 and lists each problem in Thai at the row Excel shows; there is no import
//    button, and none of the file's names reach the register.
// 3. Checks data/samples/taxpayers.xlsx (four taxpayers, four properties): no problem, every row
//    shown. The same file is checked in a second tab too. Imports it from the first tab, pressing
//    the button twice (one import is sent): eight entries; the four taxpayers are on the register, a property on its owner's page. The second
//    tab's now stale import button writes nothing and says the file was imported before; a third
//    check of the file says the same and offers no button; the register is unchanged.
// 4. The history on นำเข้าข้อมูล lists the one import, นำเข้าครบแล้ว, by the finance officer.
// Screenshots of every step are left in OUTPUT_FOLDER.
//
// Plain ESM for Node 18 and later: no newer APIs.

import { writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  STEP_TIMEOUT_MS, NAVIGATION_TIMEOUT_MS, fail, step, expectPath, navigate, menuLink,
  newUserPage, loginWithOneTimePassword, runJourney, screenshot as screenshotIn, demoUserOf,
} from './lib.mjs';

const args = process.argv.slice(2);
if (args.length !== 5 || !process.env.KLANG_DEMO_OUTPUT) {
  console.error('usage: KLANG_DEMO_OUTPUT=demo.txt node import_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
  process.exit(2);
}
const [baseArg, , , orgId, outDir] = args;
const base = baseArg.replace(/\/+$/, '');
const importsPath = `/orgs/${orgId}/imports`;
const taxpayerImportPath = `${importsPath}/taxpayers`;
const registerPath = `/orgs/${orgId}/revenue/taxpayers`;

const here = path.dirname(fileURLToPath(import.meta.url));
const resources = process.env.KLANG_RESOURCES || path.resolve(here, '../..');
const sampleFile = path.join(resources, 'data/samples/taxpayers.xlsx');

const shot = (page, name) => screenshotIn(page, outDir, name);

// The bad file, rows numbered as Excel shows them (the heading is row 1). Names and id numbers
// are the journey's own: neither the demo nor the sample workbook has them.
const BAD_ROWS = [
  ['ประเภท', 'ชื่อ', 'เลขประจำตัว', 'ที่อยู่', 'โทรศัพท์'],
  ['บุคคลธรรมดา', 'นายวีระพงษ์ ทองมานำเข้า', '3409900711236', '18 หมู่ 2 ต.บ้านนา อ.เมือง จ.ขอนแก่น', '081-555-0101'],
  ['สมาคม', 'สมาคมผู้ปลูกข้าวบ้านนานำเข้า', '0993000456781', '5 หมู่ 4 ต.บ้านนา อ.เมือง จ.ขอนแก่น', ''],
  ['บุคคลธรรมดา', 'นางบุญมี แสงทองนำเข้า', '3409900711236', '22 หมู่ 2 ต.บ้านนา อ.เมือง จ.ขอนแก่น', ''],
  ['นิติบุคคล', 'บริษัท ข้าวหอมบ้านนานำเข้า จำกัด', '0405561007788', '', '043-222-333'],
];
// What the server must say about it: row, code, and words of the column and of the message.
const BAD_PROBLEMS = [
  { row: 3, code: 'import.taxpayer_kind', column: 'ประเภท', words: 'บุคคลธรรมดา หรือ นิติบุคคล' },
  { row: 4, code: 'import.duplicate_id', column: 'เลขประจำตัว', words: 'ซ้ำกับแถวที่ 2' },
  { row: 5, code: 'revenue.required', column: 'ที่อยู่', words: 'ที่อยู่' },
];

// The sample workbook's taxpayers (data/samples/make_samples.py) and one owner's property.
const SAMPLE_TAXPAYERS = [
  { name: 'นายสมชาย ใจดี', idNo: '3400100234561' },
  { name: 'นางสาวมาลี ศรีสุข', idNo: '1409900123457' },
  { name: 'ห้างหุ้นส่วนจำกัด ขอนแก่นวัสดุ', idNo: '0403551000123' },
  { name: 'บริษัท นาทองการเกษตร จำกัด', idNo: '0405560004567' },
];
const SAMPLE_ROWS = 8;      // four taxpayers and four properties
const SAMPLE_ENTRIES = 8;   // each one entry
const SAMPLE_PROPERTY = { owner: 'นายสมชาย ใจดี', idNo: '3400100234561', description: 'โฉนดเลขที่ 12345' };

function csvLine(cells) {
  return cells.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',');
}

function writeBadFile() {
  const file = path.join(outDir, 'ผู้เสียภาษี-มีปัญหา.csv');
  writeFileSync(file, '\uFEFF' + BAD_ROWS.map(csvLine).join('\r\n') + '\r\n', 'utf8');
  return file;
}

// The rows of the register its search finds for `words`, as [name, kind, id number, address, owed].
async function registerRows(page, words) {
  await page.goto(`${base}${registerPath}?q=${encodeURIComponent(words)}`);
  expectPath(page, registerPath, `the register searched for ${words}`);
  return page.locator('main table.grid tbody tr').evaluateAll((rows) =>
    rows.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
}

// How many taxpayers the register holds (the page lists them all while under its limit).
async function registerCount(page) {
  await page.goto(`${base}${registerPath}`);
  expectPath(page, registerPath, 'the register');
  if (await page.locator('main .notice.cut').count() !== 0) fail('the register is cut at its limit: cannot count it');
  return page.locator('main table.grid tbody tr').count();
}

// Chooses `file` on the import form and presses `button` (ตรวจไฟล์, or the preview's
// นำเข้าข้อมูล); waits for the server's answer and for the preview it puts on the page.
// Returns the answer's HTTP status.
async function sendFile(page, action, what) {
  const [response] = await Promise.all([
    page.waitForResponse((answer) => answer.request().method() === 'POST' &&
                         new URL(answer.url()).pathname.startsWith(`${taxpayerImportPath}/`),
                         { timeout: NAVIGATION_TIMEOUT_MS }),
    action(),
  ]);
  const type = response.headers()['content-type'] || '';
  if (!type.startsWith('text/html')) {
    fail(`${what}: the server answered ${response.status()} ${type}: ${(await response.text()).slice(0, 300)}`);
  }
  await page.locator('#import-preview #preview').waitFor({ state: 'visible', timeout: STEP_TIMEOUT_MS });
  const status = (await page.locator('#import-form .klang-upload-status').textContent() || '').trim();
  if (status) fail(`${what}: the form still says "${status}"`);
  return response.status();
}

async function checkFile(page, file, what) {
  await page.locator('#import-form input[type=file]').setInputFiles(file);
  if (await page.locator('#import-preview #preview').count() !== 0) fail(`${what}: a new file left the old preview`);
  // The file chosen is named in the form's own words (the browser's input, in English, is hidden).
  const chosen = (await page.locator('#import-form .klang-file-name').innerText()).trim();
  if (!chosen.startsWith(`${path.basename(file)} (`) || !/ [KM]B\)$/.test(chosen)) fail(`${what}: the form shows "${chosen}" as the file chosen`);
  if (await page.locator('#import-form input[type=file]').isVisible() &&
      (await page.locator('#import-form input[type=file]').boundingBox()).width > 2) {
    fail(`${what}: the browser's own file input (in English) is shown`);
  }
  return sendFile(page, () => page.locator('#import-form').getByRole('button', { name: 'ตรวจไฟล์' }).click(), what);
}

// Presses the preview's นำเข้าข้อมูล (twice in a row when `double`, as a hurried clerk does: the
// second press must send nothing). Returns the answer's HTTP status.
async function importChecked(page, what, double = false) {
  const button = page.locator('#import-preview').getByRole('button', { name: 'นำเข้าข้อมูล', exact: true });
  if (await button.count() !== 1) fail(`${what}: no นำเข้าข้อมูล button on the preview`);
  let sent = 0;
  const count = (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === `${taxpayerImportPath}/commit`) sent += 1;
  };
  page.on('request', count);
  // On this machine the answer could come back between the two presses; a real office network is
  // slower: hold the answer back a moment.
  const slow = `${base}${taxpayerImportPath}/commit**`;
  const hold = async (route) => { await new Promise((resolve) => setTimeout(resolve, 700)); await route.continue(); };
  if (double) await page.route(slow, hold);
  const press = async () => {
    await button.click();
    // The second press lands wherever the button is then (`force`: even when it is disabled).
    if (double) await button.click({ force: true, timeout: STEP_TIMEOUT_MS });
  };
  const status = await sendFile(page, press, what);
  if (double) await page.unroute(slow, hold);
  page.off('request', count);
  if (sent !== 1) fail(`${what}: ${sent} imports were sent`);
  return status;
}

async function openTaxpayerImport(page) {
  await page.goto(`${base}${taxpayerImportPath}`);
  expectPath(page, taxpayerImportPath, 'the taxpayer import');
  await page.locator('#import-form input[type=file]').waitFor({ state: 'attached', timeout: STEP_TIMEOUT_MS });
  const chosen = (await page.locator('#import-form .klang-file-name').innerText()).trim();
  if (chosen !== 'ยังไม่ได้เลือกไฟล์') fail(`the new import form shows "${chosen}" as the file chosen`);
}

// Cells of each row of a table of the preview, with the row's data attributes.
async function tableRows(page, selector) {
  return page.locator(`#import-preview ${selector} tbody tr`).evaluateAll((rows) => rows.map((tr) => ({
    row: Number(tr.getAttribute('data-row')),
    code: tr.getAttribute('data-code'),
    marked: tr.classList.contains('error'),
    cells: Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim()),
  })));
}

// Nothing wider than the window: a table or a long word pushing the page sideways.
async function expectNoOverflow(page, what) {
  const wide = await page.evaluate(() => {
    const limit = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > limit) out.push(`the page is ${document.documentElement.scrollWidth}px wide`);
    for (const element of document.querySelectorAll('main *')) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.right > limit + 1) out.push(`${element.tagName.toLowerCase()}${element.id ? '#' + element.id : ''} ends at ${Math.round(box.right)}px`);
    }
    return out.slice(0, 5);
  });
  if (wide.length) fail(`${what}: wider than the window (${wide.join('; ')})`);
}

await runJourney('import journey', outDir, 240000, async (browser) => {
  const problems = [];
  if (!existsSync(sampleFile)) fail(`no sample workbook at ${sampleFile} (set KLANG_RESOURCES)`);
  const badFile = writeBadFile();
  const officer = demoUserOf(orgId, 'finance');

  step('the finance officer logs in and opens นำเข้าข้อมูล from the menu');
  const page = await newUserPage(browser, problems);
  await page.goto(`${base}/login`);
  await loginWithOneTimePassword(page, officer.username, officer.password);
  await page.goto(`${base}/orgs/${orgId}`);
  await navigate(page, () => menuLink(page, 'นำเข้าข้อมูล').click(), 'open นำเข้าข้อมูล');
  expectPath(page, importsPath, 'นำเข้าข้อมูล');
  const kinds = page.locator('main ul.card li');
  for (const name of ['ทะเบียนผู้ชำระภาษีและทรัพย์สิน', 'ใบเสร็จรับเงินที่จัดทำด้วยมือระหว่างระบบขัดข้อง']) {
    if (await kinds.getByRole('link', { name, exact: true }).count() !== 1) fail(`นำเข้าข้อมูล does not offer ${name}`);
  }
  for (const name of ['ยอดยกมาจากงบทดลอง e-LAAS', 'ร่างงบประมาณรายจ่ายจากแผ่นงานประมาณการรายจ่าย']) {
    const item = kinds.filter({ hasText: name });
    if (await item.getByRole('link').count() !== 0) fail(`a finance officer is offered ${name}`);
    if (!(await item.innerText()).includes('ท่านไม่มีสิทธิ์')) fail(`${name} does not say the officer may not import it`);
  }
  if (!(await page.locator('main').innerText()).includes('ยังไม่เคยนำเข้าข้อมูล')) fail('the history is not empty before any import');
  await expectNoOverflow(page, 'นำเข้าข้อมูล');
  await shot(page, '01-imports-home.png');

  step('opens the taxpayer import: the columns are listed and a sample offered');
  await navigate(page, () => kinds.getByRole('link', { name: 'ทะเบียนผู้ชำระภาษีและทรัพย์สิน' }).click(),
                 'open the taxpayer import');
  expectPath(page, taxpayerImportPath, 'the taxpayer import');
  const heading = (await page.locator('main h1').innerText()).trim();
  if (heading !== 'นำเข้าทะเบียนผู้ชำระภาษีและทรัพย์สิน') fail(`the taxpayer import is headed "${heading}"`);
  const formats = await page.locator('main .card').first().innerText();
  for (const words of ['เลขประจำตัว* (13 หลัก)', 'ที่อยู่*', 'แผ่นงาน ทรัพย์สิน (ถ้ามี)']) {
    if (!formats.includes(words)) fail(`the file's columns do not mention "${words}": ${formats.slice(0, 300)}`);
  }
  if (await page.getByRole('link', { name: 'ดาวน์โหลดไฟล์ตัวอย่าง' }).count() !== 1) fail('no sample file offered');
  await page.locator('#import-form').getByRole('button', { name: 'ตรวจไฟล์' }).click();
  const noFile = (await page.locator('#import-form .klang-upload-status').innerText()).trim();
  if (noFile !== 'กรุณาเลือกไฟล์') fail(`ตรวจไฟล์ without a file says "${noFile}"`);
  await expectNoOverflow(page, 'the taxpayer import');
  await shot(page, '02-taxpayer-import.png');

  step('a bad file: each problem in Thai at its row, no import button, nothing written');
  for (const cells of BAD_ROWS.slice(1)) {
    for (const words of [cells[1], cells[2]]) {
      if ((await registerRows(page, words)).length !== 0) fail(`${words} is on the register before the import`);
    }
  }
  const before = await registerCount(page);
  await openTaxpayerImport(page);
  const badStatus = await checkFile(page, badFile, 'check the bad file');
  if (badStatus !== 422) fail(`the check of a bad file answered ${badStatus}, expected 422`);
  const count = (await page.locator('#import-problems-count').innerText()).trim();
  if (!count.includes(`พบปัญหา ${BAD_PROBLEMS.length} รายการ`) || !count.includes('ยังไม่ได้บันทึกข้อมูลใด ๆ')) {
    fail(`the problems are counted as "${count}"`);
  }
  const listed = await tableRows(page, '#import-problems');
  console.log(`   problems: ${listed.map((one) => `${one.row} ${one.code} ${one.cells.join(' | ')}`).join('\n             ')}`);
  if (listed.length !== BAD_PROBLEMS.length) fail(`${listed.length} problems listed, expected ${BAD_PROBLEMS.length}`);
  BAD_PROBLEMS.forEach((expected, index) => {
    const got = listed[index];
    if (got.row !== expected.row || got.code !== expected.code) {
      fail(`problem ${index + 1}: row ${got.row} ${got.code}, expected row ${expected.row} ${expected.code}`);
    }
    const [where, column, message] = got.cells;
    if (where !== `แถวที่ ${expected.row}`) fail(`problem at row ${expected.row} is placed at "${where}"`);
    if (!column.includes(expected.column)) fail(`problem at row ${expected.row} names the column "${column}"`);
    if (!message.includes(expected.words) || /[A-Za-z]/.test(message)) {
      fail(`problem at row ${expected.row} says "${message}"`);
    }
  });
  const badLines = await tableRows(page, '#import-lines');
  if (badLines.length !== BAD_ROWS.length - 1) fail(`${badLines.length} rows read from the bad file, expected ${BAD_ROWS.length - 1}`);
  const marked = badLines.filter((line) => line.marked).map((line) => Number(line.cells[0]));
  if (marked.join() !== BAD_PROBLEMS.map((one) => one.row).join()) fail(`rows marked as bad: ${marked}`);
  if (await page.locator('#import-preview').getByRole('button').count() !== 0) fail('a file with problems can be imported');
  const read = await page.locator('#import-preview').innerText();
  if (!read.includes('ผู้เสียภาษี-มีปัญหา.csv')) fail('the preview does not name the file');
  await expectNoOverflow(page, 'the bad file\'s preview');
  await shot(page, '03-bad-file.png');
  for (const cells of BAD_ROWS.slice(1)) {
    for (const words of [cells[1], cells[2]]) {
      if ((await registerRows(page, words)).length !== 0) fail(`${words} reached the register from a bad file`);
    }
  }
  if (await registerCount(page) !== before) fail('the register changed after a bad file');

  step('the sample workbook: no problem, every row shown, checked in a second tab too');
  await openTaxpayerImport(page);
  const sampleStatus = await checkFile(page, sampleFile, 'check the sample workbook');
  if (sampleStatus !== 200) fail(`the check of the sample answered ${sampleStatus}`);
  const clean = await page.locator('#import-preview').innerText();
  if (!clean.includes('ไม่พบปัญหา')) fail(`the sample's preview: ${clean.slice(0, 300)}`);
  if (!clean.includes('ผู้เสียภาษีใหม่ 4 ราย') || !clean.includes('ทรัพย์สิน 4 รายการ')) fail(`the sample's summary: ${clean.slice(0, 300)}`);
  if (await page.locator('#import-problems').count() !== 0) fail('a clean file lists problems');
  const sampleLines = await tableRows(page, '#import-lines');
  if (sampleLines.length !== SAMPLE_ROWS || sampleLines.some((line) => line.marked)) {
    fail(`the sample's rows: ${JSON.stringify(sampleLines)}`);
  }
  for (const taxpayer of SAMPLE_TAXPAYERS) {
    if (!sampleLines.some((line) => line.cells.includes(taxpayer.name) && line.cells.includes(taxpayer.idNo))) {
      fail(`the preview does not show ${taxpayer.name} ${taxpayer.idNo}`);
    }
  }
  await expectNoOverflow(page, 'the sample\'s preview');
  await shot(page, '04-sample-checked.png');

  const tab = await page.context().newPage();
  tab.on('pageerror', (error) => problems.push(`script error on ${tab.url()}: ${error.message}`));
  await openTaxpayerImport(tab);
  if (await checkFile(tab, sampleFile, 'check the sample in a second tab') !== 200) fail('the second tab\'s check failed');

  step('imports it: eight entries, the taxpayers on the register, a property on its owner\'s page');
  const importStatus = await importChecked(page, 'import the sample (pressed twice)', true);
  if (importStatus !== 201) fail(`the import answered ${importStatus}, expected 201`);
  const done = (await page.locator('#import-done').innerText()).trim();
  if (!done.includes(`บันทึก ${SAMPLE_ENTRIES} รายการ`)) fail(`after the import: "${done}"`);
  if (await page.locator('#import-preview').getByRole('button').count() !== 0) fail('an import button is left after the import');
  await expectNoOverflow(page, 'after the import');
  await shot(page, '05-imported.png');
  for (const taxpayer of SAMPLE_TAXPAYERS) {
    const rows = await registerRows(page, taxpayer.idNo);
    if (rows.length !== 1 || rows[0][0] !== taxpayer.name || rows[0][2] !== taxpayer.idNo) fail(`the register for ${taxpayer.name}: ${JSON.stringify(rows)}`);
  }
  const afterImport = await registerCount(page);
  if (afterImport !== before + SAMPLE_TAXPAYERS.length) fail(`the register holds ${afterImport}, expected ${before} + ${SAMPLE_TAXPAYERS.length}`);
  await registerRows(page, SAMPLE_PROPERTY.idNo);
  await shot(page, '06-register.png');
  await navigate(page, () => page.locator('main table.grid').getByRole('link', { name: SAMPLE_PROPERTY.owner }).click(),
                 'open the owner\'s page');
  if (!(await page.locator('main').innerText()).includes(SAMPLE_PROPERTY.description)) {
    fail(`${SAMPLE_PROPERTY.owner}'s page does not list ${SAMPLE_PROPERTY.description}`);
  }
  await shot(page, '07-owner.png');

  step('the second tab\'s stale button and a new check: imported before, nothing written again');
  const againStatus = await importChecked(tab, 'import again from the second tab');
  const again = (await tab.locator('#import-done').innerText()).trim();
  console.log(`   import again: HTTP ${againStatus}: ${again}`);
  if (!again.includes('ไม่ได้บันทึกซ้ำ') || again.includes(`บันทึก ${SAMPLE_ENTRIES} รายการ`)) {
    fail(`importing the same file again says "${again}"`);
  }
  await shot(tab, '08-imported-again.png');
  await tab.close();
  await openTaxpayerImport(page);
  if (await checkFile(page, sampleFile, 'check the sample again') !== 200) fail('the third check failed');
  const before2 = await page.locator('#import-preview').innerText();
  if (!before2.includes('นำเข้าครบแล้ว') || !before2.includes('ไม่บันทึกซ้ำ')) fail(`the check of a file imported before: ${before2.slice(0, 400)}`);
  if (await page.locator('#import-preview').getByRole('button').count() !== 0) fail('a file imported in full is offered for import again');
  await expectNoOverflow(page, 'a file imported before');
  await shot(page, '09-checked-again.png');
  if (await registerCount(page) !== afterImport) fail('importing the same file again changed the register');

  step('the history lists the import as นำเข้าครบแล้ว');
  await page.goto(`${base}/orgs/${orgId}`);
  await navigate(page, () => menuLink(page, 'นำเข้าข้อมูล').click(), 'open นำเข้าข้อมูล again');
  const history = await page.locator('table#imports tbody tr').evaluateAll((rows) =>
    rows.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent.trim())));
  console.log(`   history: ${JSON.stringify(history)}`);
  if (history.length !== 1) fail(`${history.length} imports in the history, expected 1`);
  const [when, kind, fileName, rows, entries, state, by] = history[0];
  if (kind !== 'ทะเบียนผู้ชำระภาษีและทรัพย์สิน' || fileName !== 'taxpayers.xlsx' || rows !== String(SAMPLE_ROWS) ||
      entries !== String(SAMPLE_ENTRIES) || state !== 'นำเข้าครบแล้ว' || !by || !/[๐-๙0-9]{4}/.test(when)) {
    fail(`the history's line: ${JSON.stringify(history[0])}`);
  }
  const marks = await page.locator('table#imports tbody tr').first().evaluate((tr) => [tr.dataset.kind, tr.dataset.state]);
  if (marks.join() !== 'taxpayers,done') fail(`the history's line is marked ${marks}`);
  await expectNoOverflow(page, 'the history');
  await shot(page, '10-history.png');

  if (problems.length) fail(`problems seen:\n  ${problems.join('\n  ')}`);
});
