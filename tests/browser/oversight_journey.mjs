// Browser journey of a provincial office's supervision (issue 17), in the system Chromium.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node oversight_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
// (run by run_journey.sh with KLANG_JOURNEY_OVERSIGHT=1, which adds `klang demo --oversight`: the
// office's trained staff kru<P> and the DLA officer dla<D> come from its output.)
//
// 1. The provincial officer logs in and opens การกำกับดูแล: every LAO and unit of the province with
//    its standing; the counts add up to the rows.
// 2. Filters to "ต้องการความช่วยเหลือ": only those rows remain, among them หนองแวง (open outage,
//    paper pending) and ดอนหัน (budget never approved), each with its reasons.
// 3. Opens ดอนหัน (read-only status), then its problem, and records advice: the note is listed and
//    the problem is "ให้คำแนะนำแล้ว".
// 4. The problem register refuses a day after today beside its date field, in Thai.
// 5. A report for a future month is refused in Thai; this month is chosen by typing its Thai name
//    and BE year in the month field; its report is submitted with its meeting (the date typed
//    วว/ดด/ปปปป), attendees and obstacles; its PDF is kept beside the screenshots.
// 6. The DLA officer sees the province's counts and, for this month, that the province submitted,
//    and reads the report.
import {
  downloadPdf, errorsShown, fail, loginWithOneTimePassword, navigate, newUserPage, runJourney,
  screenshot as screenshotIn, step, STEP_TIMEOUT_MS, THAI_MONTHS, bangkokDay, thaiDate, dateField,
  dateValue, typeDate, expectThaiDateFields,
} from './lib.mjs';
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
if (args.length !== 5 || !process.env.KLANG_DEMO_OUTPUT) {
  console.error('usage: KLANG_DEMO_OUTPUT=demo.txt node oversight_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
  process.exit(2);
}
const [baseArg, , , , outDir] = args;
const base = baseArg.replace(/\/+$/, '');
const shot = (page, name) => screenshotIn(page, outDir, name);

// The users `klang demo --oversight` printed: "<org>\t<name>\tuser <login> one-time password <pw>".
function demoUser(prefix) {
  for (const line of readFileSync(process.env.KLANG_DEMO_OUTPUT, 'utf8').split('\n')) {
    const fields = line.split('\t');
    const match = fields.length === 3 && /^user (\S+) one-time password (\S+)$/.exec(fields[2]);
    if (match && match[1] === `${prefix}${fields[0]}`) return { org: fields[0], username: match[1], password: match[2] };
  }
  fail(`no user ${prefix}<org> in the output of klang demo --oversight`);
}

const bangkok = new Date(Date.now() + 7 * 3600 * 1000);
const thisMonth = `${bangkok.getUTCFullYear()}-${String(bangkok.getUTCMonth() + 1).padStart(2, '0')}`;
const today = bangkok.toISOString().slice(0, 10);
// "ธันวาคม 2569": this month as a Thai officer may type it in the month field.
const thisMonthInThai = `${THAI_MONTHS[bangkok.getUTCMonth()]} ${bangkok.getUTCFullYear() + 543}`;

async function rowsOf(page) {
  return page.locator('table#currency tbody tr[data-org]').evaluateAll((rows) => rows.map((row) => ({
    org: row.dataset.org, standing: row.dataset.standing, text: row.innerText,
  })));
}

await runJourney('oversight journey', outDir, 240000, async (browser) => {
  const problems = [];
  const officer = demoUser('kru');
  const province = officer.org;
  const overview = `/orgs/${province}/oversight`;

  step('the provincial officer logs in and opens การกำกับดูแล');
  const page = await newUserPage(browser, problems);
  await page.goto(`${base}/login`);
  await loginWithOneTimePassword(page, officer.username, officer.password);
  await page.goto(`${base}/orgs/${province}`);
  await navigate(page, () => page.getByRole('link', { name: /สถานะการบันทึกบัญชีของหน่วยงานในสังกัด/ }).click(), 'open oversight');
  if (new URL(page.url()).pathname !== overview) fail(`the link went to ${page.url()}`);
  const all = await rowsOf(page);
  if (all.length < 5) fail(`the table lists ${all.length} organisations, expected at least 5`);
  const counted = {};
  for (const row of all) counted[row.standing] = (counted[row.standing] || 0) + 1;
  for (const standing of ['current', 'behind', 'help']) {
    const shown = Number(await page.locator(`#counts [data-count=${standing}]`).innerText());
    if (shown !== (counted[standing] || 0)) fail(`the count of ${standing} says ${shown}, the rows ${counted[standing] || 0}`);
  }
  const behind = all.find((row) => row.text.includes('โนนสูง'));
  if (!behind || behind.standing !== 'behind' || !behind.text.includes('10 วัน')) {
    fail(`โนนสูง is not shown 10 days behind: ${JSON.stringify(behind)}`);
  }
  await shot(page, '01-province-table.png');

  step('filter to "needs help"');
  await page.locator('#filters select[name=status]').selectOption('help');
  await navigate(page, () => page.locator('#filters').getByRole('button', { name: 'แสดง' }).click(), 'filter');
  const helpRows = await rowsOf(page);
  if (helpRows.length === 0 || helpRows.some((row) => row.standing !== 'help')) {
    fail(`the filter shows ${JSON.stringify(helpRows.map((row) => row.standing))}`);
  }
  const outage = helpRows.find((row) => row.text.includes('หนองแวง'));
  const budget = helpRows.find((row) => row.text.includes('ดอนหัน'));
  if (!outage || !outage.text.includes('ขาดการติดต่อ') || !outage.text.includes('เอกสารที่จัดทำด้วยมือ')) {
    fail(`หนองแวง does not show its outage and paper: ${outage && outage.text}`);
  }
  if (!budget || !budget.text.includes('งบประมาณ')) fail(`ดอนหัน does not show its budget: ${budget && budget.text}`);
  await shot(page, '02-needs-help.png');

  step('open ดอนหัน and advise on its problem');
  await navigate(page, () => page.locator(`tr[data-org="${budget.org}"] td a`).first().click(), 'open ดอนหัน');
  await page.locator(`section[data-org="${budget.org}"][data-standing=help]`).waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(() => fail('the LAO page does not show its standing'));
  await shot(page, '03-lao-status.png');
  await navigate(page, () => page.locator('table#problems tbody tr[data-problem] a').first().click(), 'open the problem');
  await page.locator('form#note select[name=kind]').selectOption('advice');
  await page.locator('form#note textarea[name=text]').fill('เสนอสภาในสมัยวิสามัญ แล้วบันทึกการอนุมัติในระบบตามคู่มือ');
  await navigate(page, () => page.locator('form#note').getByRole('button', { name: 'บันทึก' }).click(), 'record advice');
  await page.locator('table#notes tr[data-kind=advice]', { hasText: 'สมัยวิสามัญ' }).first().waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async () => fail(`the advice is not listed: ${await errorsShown(page)}`));
  if (await page.locator('#state').getAttribute('data-state') !== 'advised') fail('the problem is not shown advised');
  await shot(page, '04-advice.png');

  step('the problem register refuses a day after today beside the date found');
  await page.goto(`${base}${overview}/problems`);
  const raise = page.locator('form#raise');
  if (await raise.count() !== 1) fail('the province officer is offered no form to raise a problem');
  await expectThaiDateFields(page, 'problem register');
  const found = dateField(raise, 'date');
  await found.fill('');
  await found.pressSequentially(thaiDate(bangkokDay(1)));
  await found.press('Tab');
  const tooLate = (await raise.locator('.klang-date-error').innerText()).trim();
  if (tooLate !== `วันที่ต้องไม่หลัง ${thaiDate(today)}`) fail(`tomorrow in the problem register's date shows "${tooLate}"`);
  if (await dateValue(raise, 'date').inputValue() === bangkokDay(1)) fail('tomorrow would be posted as the date found');
  await shot(page, '05-problem-date-too-late.png');
  await typeDate(raise, 'date', today);

  step(`a future month is refused; this month, typed "${thisMonthInThai}", gets its report submitted`);
  await page.goto(`${base}${overview}/reports?month=2099-01`);
  if (!(await page.locator('p.error').innerText()).includes('เดือนข้างหน้า')) fail('a future month is not refused in Thai');
  await expectThaiDateFields(page, 'reports of a future month');
  const filters = page.locator('form.filters');
  await typeDate(filters, 'month', thisMonth, thisMonthInThai);
  if (await dateField(filters, 'month').inputValue() !== thaiDate(thisMonth)) {
    fail(`"${thisMonthInThai}" is shown as "${await dateField(filters, 'month').inputValue()}", expected ${thaiDate(thisMonth)}`);
  }
  // The month's calendar: twelve Thai months of a BE year; PageDown moves a year; Escape keeps the month.
  await dateField(filters, 'month').press('Alt+ArrowDown');
  const year = page.locator('.klang-cal .klang-cal-year');
  await year.waitFor({ timeout: STEP_TIMEOUT_MS }).catch(() => fail('Alt+ArrowDown in the month field opens no calendar'));
  const beYear = bangkok.getUTCFullYear() + 543;
  if (Number(await year.innerText()) !== beYear) fail(`the month calendar opens at ${await year.innerText()}, expected ${beYear}`);
  const months = await page.locator('.klang-cal .klang-cal-day').allInnerTexts();
  if (months.join(' ') !== THAI_MONTHS.join(' ')) fail(`the month calendar offers ${months.join(' ')}`);
  await shot(page, '06-month-calendar.png');
  await page.keyboard.press('PageDown');
  if (Number(await year.innerText()) !== beYear + 1) fail(`PageDown moved the month calendar to ${await year.innerText()}`);
  await page.keyboard.press('Escape');
  if (await dateValue(filters, 'month').inputValue() !== thisMonth) fail('Escape in the month calendar changed the month');
  await navigate(page, () => filters.getByRole('button', { name: 'แสดง' }).click(), 'show this month');
  if (new URL(page.url()).searchParams.get('month') !== thisMonth) fail(`this month was asked for as ${page.url()}`);
  await expectThaiDateFields(page, 'this month\'s report form');
  const form = page.locator('form#submit-report');
  await typeDate(form, 'meeting_on', today);
  await form.locator('textarea[name=attendees]').fill('นางสาวกานดา ศรีสุข\nนายวิทยา พลเยี่ยม\nครู ก ของ อบต.บ้านนา');
  await form.locator('textarea[name=obstacles]').fill('อปท. บางแห่งยังไม่ได้รับความเห็นชอบงบประมาณจากสภา');
  await form.locator('textarea[name=needs]').fill('อบรมการบันทึกเอกสารที่จัดทำด้วยมือหลังระบบขัดข้อง');
  await shot(page, '07-report-form.png');
  await navigate(page, () => form.getByRole('button', { name: 'ส่งรายงานถึง สถ.' }).click(), 'submit the report');
  await page.locator('#submitted').waitFor({ timeout: STEP_TIMEOUT_MS })
    .catch(async () => fail(`the report was not submitted: ${await errorsShown(page)}`));
  const reportText = await page.locator('table#report').innerText();
  if (!reportText.includes('นายวิทยา พลเยี่ยม') || !reportText.includes('ต้องการความช่วยเหลือ')) {
    fail(`the report does not show its attendees and counts: ${reportText}`);
  }
  await shot(page, '08-report.png');
  await downloadPdf(page, page.getByRole('link', { name: 'PDF' }).first(), outDir, 'monthly-report.pdf');
  // The same month again is refused, nothing written.
  await page.goto(`${base}${overview}/reports?month=${thisMonth}`);
  if (await page.locator('form#submit-report').count() !== 0) fail('a second report of the month is offered');

  step('the DLA officer sees the province and its submission');
  const dla = demoUser('dla');
  const dlaPage = await newUserPage(browser, problems);
  await dlaPage.goto(`${base}/login`);
  await loginWithOneTimePassword(dlaPage, dla.username, dla.password);
  await dlaPage.goto(`${base}/orgs/${dla.org}/oversight`);
  const provinceRow = dlaPage.locator(`table#provinces tr[data-org="${province}"]`);
  if (!(await provinceRow.innerText()).includes(String(all.length))) fail('the DLA does not see the province\'s total');
  await shot(dlaPage, '09-dla-provinces.png');
  await dlaPage.goto(`${base}/orgs/${dla.org}/oversight/reports?month=${thisMonth}`);
  const submitted = dlaPage.locator(`table#submissions tr[data-org="${province}"]`);
  if (await submitted.getAttribute('data-submitted') !== 'true') fail('the DLA does not see the submission');
  await navigate(dlaPage, () => submitted.getByRole('link', { name: 'ส่งแล้ว' }).click(), 'read the report');
  if (!(await dlaPage.locator('table#report').innerText()).includes('สมัยวิสามัญ') &&
      !(await dlaPage.locator('table#report-problems').innerText()).includes('สมัยวิสามัญ')) {
    fail('the DLA does not read the advice in the report');
  }
  await shot(dlaPage, '10-dla-report.png');
  if (problems.length > 0) fail(problems.join('\n'));
});
