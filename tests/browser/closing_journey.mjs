// Browser journey of a finance director closing a month (issue 15, periods), in the system Chromium.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node closing_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
// (run by run_journey.sh; the director head<ORG_ID> comes from the output of `klang demo`.)
//
// 1. The director logs in and opens ปิดบัญชี: twelve months of the fiscal year of last month.
// 2. Records a power cut in that year's October with paper documents still to enter, then tries to
//    close October: refused with the difference listed (the open paper outage), nothing closed.
// 3. Marks the paper documents entered and closes October: the page says so.
// 4. A voucher dated in October is refused in Thai, naming the month.
// 5. Reopens October with a reason and an approval reference: the history lists both.
// 6. Office supplies by general voucher: refused without a budget line (the field named), posted
//    with the line of ค่าวัสดุสำนักงาน, which the voucher shows.
// 7. The integrity page finds every register in agreement with the general ledger.
// 8. This month's รายงานรับ–จ่ายเงินประจำเดือน from the month's row: brought forward + receipts −
//    payments = carried forward on the screen, the supplies among the payments; its PDF is kept
//    beside the screenshots.
// Every date and time is typed as a Thai clerk writes it: วว/ดด/ปปปป in the Buddhist Era.
import fs from 'node:fs';
import path from 'node:path';
import {
  errorsShown, expectPath, fail, loginWithOneTimePassword, menuLink, navigate, newUserPage,
  runJourney, screenshot as screenshotIn, step, demoUserOf, STEP_TIMEOUT_MS, typeDate,
  expectThaiDateFields,
} from './lib.mjs';

const args = process.argv.slice(2);
if (args.length !== 5 || !process.env.KLANG_DEMO_OUTPUT) {
  console.error('usage: KLANG_DEMO_OUTPUT=demo.txt node closing_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
  process.exit(2);
}
const [baseArg, , , orgId, outDir] = args;
const base = baseArg.replace(/\/+$/, '');
const closingPath = `/orgs/${orgId}/closing`;
const shot = (page, name) => screenshotIn(page, outDir, name);

// October of the fiscal year that holds last month (Bangkok time), as "YYYY-MM".
const bangkok = new Date(Date.now() + 7 * 3600 * 1000);
const lastMonth = new Date(Date.UTC(bangkok.getUTCFullYear(), bangkok.getUTCMonth(), 0));
const octoberYear = lastMonth.getUTCMonth() >= 9 ? lastMonth.getUTCFullYear() : lastMonth.getUTCFullYear() - 1;
const october = `${octoberYear}-10`;
const fiscalYear = octoberYear + 1 + 543;
// This month (Bangkok time), as "YYYY-MM": the supplies voucher below is dated today.
const thisMonth = `${bangkok.getUTCFullYear()}-${String(bangkok.getUTCMonth() + 1).padStart(2, '0')}`;
const thisFiscalYear = bangkok.getUTCFullYear() + (bangkok.getUTCMonth() >= 9 ? 1 : 0) + 543;

function monthRow(page, month) {
  return page.locator(`table#months tbody tr[data-month="${month}"]`);
}

await runJourney('closing journey', outDir, 240000, async (browser) => {
  const problems = [];
  const director = demoUserOf(orgId, 'head');

  step('the finance director logs in and opens ปิดบัญชี');
  const page = await newUserPage(browser, problems);
  await page.goto(`${base}/login`);
  await loginWithOneTimePassword(page, director.username, director.password);
  await navigate(page, () => menuLink(page, 'ปิดบัญชี').click(), 'open the closing page');
  expectPath(page, closingPath, 'closing page');
  await page.goto(`${base}${closingPath}?fy=${fiscalYear}`);
  const rows = await page.locator('table#months tbody tr').count();
  if (rows !== 12) fail(`the closing page lists ${rows} months, expected 12`);
  if (await monthRow(page, october).getByRole('button', { name: 'ปิดบัญชีเดือนนี้' }).count() !== 1) {
    fail(`October (${october}) offers no close button`);
  }
  await shot(page, '01-months.png');

  step('a power cut in October with paper documents still to enter');
  await page.goto(`${base}/orgs/${orgId}/continuity`);
  const declare = page.locator('form#declare-outage');
  await declare.locator('select[name=cause_code]').selectOption('power');
  await declare.locator('input[name=cause_th]').fill('ไฟฟ้าดับทั้งตำบล');
  await expectThaiDateFields(page, 'continuity page');
  await typeDate(declare, 'started_at', `${october}-15T09:00`);
  await typeDate(declare, 'ended_at', `${october}-15T16:00`);
  await navigate(page, () => declare.getByRole('button', { name: 'บันทึก' }).click(), 'record the outage');
  const outagePath = new URL(page.url()).pathname;
  if (!/\/continuity\/outages\/\d+$/.test(outagePath)) {
    fail(`recording the outage did not show it: ${page.url()} ${await errorsShown(page)}`);
  }

  step('closing October is refused with the difference listed');
  await page.goto(`${base}${closingPath}?fy=${fiscalYear}`);
  const refused = await navigate(page, () => monthRow(page, october).getByRole('button', { name: 'ปิดบัญชีเดือนนี้' }).click(),
                                 'close October');
  if (refused.status() !== 422) fail(`closing with an open paper outage got HTTP ${refused.status()}`);
  const difference = page.locator('table#differences tbody tr[data-check="continuity.paper_open"]');
  await difference.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(() => fail('the open paper outage is not listed'));
  if (!(await page.locator('.error').innerText()).includes('ไม่ได้')) fail('no Thai refusal shown');
  await shot(page, '02-refused-with-differences.png');

  step('the paper documents are entered; October closes');
  await page.goto(`${base}${outagePath}`);
  await navigate(page, () => page.getByRole('button', { name: 'บันทึกเอกสารกระดาษครบแล้ว' }).click(),
                 'mark paper entered');
  await page.goto(`${base}${closingPath}?fy=${fiscalYear}`);
  await navigate(page, () => monthRow(page, october).getByRole('button', { name: 'ปิดบัญชีเดือนนี้' }).click(),
                 'close October again');
  await page.getByText('ปิดบัญชีเดือนเรียบร้อยแล้ว').waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async () => fail(`October did not close: ${await errorsShown(page)}`));
  if (!(await monthRow(page, october).innerText()).includes('ปิดบัญชีแล้ว')) fail('October is not shown closed');
  await shot(page, '03-closed.png');

  step('a voucher dated in October is refused, naming the month');
  await page.goto(`${base}/orgs/${orgId}/vouchers/new`);
  await typeDate(page, 'date', `${october}-20`);
  await page.getByLabel('คำอธิบายรายการ').fill('รับเงินย้อนหลังในเดือนที่ปิดแล้ว');
  const lines = page.locator('#lines tr.line');
  await lines.nth(0).locator('select[name=account]').selectOption('1101010');
  await lines.nth(0).locator('input[name=debit]').fill('10.00');
  await lines.nth(1).locator('select[name=account]').selectOption('4102010');
  await lines.nth(1).locator('input[name=credit]').fill('10.00');
  const late = await navigate(page, () => page.getByRole('button', { name: 'บันทึกรายการ' }).click(), 'save');
  if (late.status() !== 422) fail(`a voucher in a closed month got HTTP ${late.status()}`);
  const message = await errorsShown(page);
  if (!message.includes('ตุลาคม') || !message.includes('ปิดบัญชีแล้ว')) fail(`unexpected message: ${message}`);
  await shot(page, '04-voucher-refused.png');

  step('October is reopened with a reason and an approval reference');
  await page.goto(`${base}${closingPath}?fy=${fiscalYear}`);
  const row = monthRow(page, october);
  await row.locator('summary').click();
  await row.locator('textarea[name=reason]').fill('บันทึกค่าธรรมเนียมที่ได้รับไม่ครบ');
  await row.locator('input[name=approval_ref]').fill('ที่ ขก 0023/1 ลว. 3 พ.ย.');
  await navigate(page, () => row.getByRole('button', { name: /^เปิดงวดบัญชี/ }).click(), 'reopen October');
  if (!(await monthRow(page, october).innerText()).includes('เปิดงวดบัญชีแล้ว')) fail('October is not shown reopened');
  const history = await page.locator('table#acts').innerText();
  for (const expected of ['บันทึกค่าธรรมเนียมที่ได้รับไม่ครบ', 'ที่ ขก 0023/1 ลว. 3 พ.ย.', 'เปิดงวดบัญชี']) {
    if (!history.includes(expected)) fail(`the history does not show "${expected}"`);
  }
  await shot(page, '05-reopened.png');

  step('office supplies by general voucher: refused without a budget line, posted with one');
  await page.goto(`${base}/orgs/${orgId}/vouchers/new`);
  await page.getByLabel('คำอธิบายรายการ').fill('ซื้อวัสดุสำนักงาน (ใบเสร็จร้านค้า)');
  const supplyLines = page.locator('#lines tr.line');
  await supplyLines.nth(0).locator('select[name=account]').selectOption('5103030');
  await supplyLines.nth(0).locator('input[name=debit]').fill('321.50');
  await supplyLines.nth(1).locator('select[name=account]').selectOption('1101010');
  await supplyLines.nth(1).locator('input[name=credit]').fill('321.50');
  const unnamed = await navigate(page, () => page.getByRole('button', { name: 'บันทึกรายการ' }).click(), 'save');
  if (unnamed.status() !== 422) fail(`a voucher on ค่าวัสดุ without a budget line got HTTP ${unnamed.status()}`);
  const refusal = await errorsShown(page);
  if (!refusal.includes('รายการงบประมาณ')) fail(`unexpected message: ${refusal}`);
  if ((await page.locator('p.error').getAttribute('data-field')) !== 'lines[0].budget_line') fail('the refusal names no budget_line field');
  await shot(page, '06-voucher-needs-budget-line.png');
  const budgetSelect = page.locator('#lines tr.line').nth(0).locator('select[name=budget_line]');
  const supplyOption = await budgetSelect.locator('option', { hasText: 'ค่าวัสดุสำนักงาน' }).first().getAttribute('value');
  if (!supplyOption) fail('the form offers no budget line ค่าวัสดุสำนักงาน');
  await budgetSelect.selectOption(supplyOption);
  await navigate(page, () => page.getByRole('button', { name: 'บันทึกรายการ' }).click(), 'save with the budget line');
  if (!/\/vouchers\/\d+$/.test(new URL(page.url()).pathname)) fail(`the voucher with its line was not posted: ${page.url()}`);
  if (!(await page.locator('table.grid').innerText()).includes(`รายการงบประมาณที่ ${supplyOption}`)) fail('the voucher does not show its budget line');
  await shot(page, '07-voucher-with-budget-line.png');

  step('the integrity page finds every register in agreement with the general ledger');
  await page.goto(`${base}/orgs/${orgId}/integrity`);
  const integrity = await page.locator('main').innerText();
  if (!integrity.includes('ทะเบียนทุกเล่มที่ตรวจตรงกับบัญชีแยกประเภท')) fail(`the integrity page does not say the registers agree: ${integrity.slice(0, 400)}`);
  await shot(page, '08-integrity.png');

  step("this month's receipts-payments report: cash brought forward + receipts − payments = carried forward, and its PDF");
  await page.goto(`${base}${closingPath}?fy=${thisFiscalYear}`);
  await navigate(page, () => monthRow(page, thisMonth).getByRole('link', { name: 'รับ–จ่ายเงิน' }).click(), 'open the report');
  const report = page.locator('table#statement');
  const figure = async (name) => {
    const cells = await report.locator('tr.total', { hasText: name }).first().locator('td.num').allInnerTexts();
    return cells.map((text) => Math.round(Number(text.replace(/,/g, '') || '0') * 100));
  };
  const [, broughtMonth] = await figure('รวมยอดยกมา');
  const [, receiptsMonth] = await figure('รวมรายรับทั้งสิ้น');
  const [, paymentsMonth] = await figure('รวมรายจ่ายทั้งสิ้น');
  const [, carriedMonth] = await figure('รวมยอดยกไป');
  if (broughtMonth + receiptsMonth - paymentsMonth !== carriedMonth) {
    fail(`the report does not tie: ${broughtMonth} + ${receiptsMonth} − ${paymentsMonth} ≠ ${carriedMonth}`);
  }
  const [, supplies] = await figure('รวมงบดำเนินงาน');
  if (supplies < 32150) fail(`this month's งบดำเนินงาน (${supplies} satang) leaves out the supplies of 321.50 posted above`);
  await shot(page, '09-receipts-payments.png');
  const pdfHref = await page.getByRole('link', { name: 'PDF' }).getAttribute('href');
  const pdf = await page.request.get(`${base}${pdfHref}`);
  if (pdf.status() !== 200 || !(await pdf.body()).subarray(0, 5).equals(Buffer.from('%PDF-'))) {
    fail(`the report's PDF: HTTP ${pdf.status()}`);
  }
  fs.writeFileSync(path.join(outDir, '09-receipts-payments.pdf'), await pdf.body());
  if (problems.length) fail(`problems seen:\n  ${problems.join("\n  ")}`);
});
