// Browser journey of an LAO's administrator of users (R14), in the system Chromium.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node users_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
// (run by run_journey.sh; the administrator admin<ORG_ID> comes from the output of `klang demo`.)
//
// 1. The administrator logs in (one-time password, then a new one) and opens ผู้ใช้และสิทธิ์.
// 2. Invites a finance officer for the LAO's subordinate unit; the one-time password is shown once.
//    A bad username is refused in Thai and adds nobody.
// 3. The new user logs in, sets a password, works — and is refused the administration page.
// 4. The administrator changes the user's role, then disables them: the user's open session ends
//    at once and a new login is refused with the Thai message; the administrator cannot disable
//    themselves (no button on their own row).
// 5. The security audit trail lists the invitation, role change, disabling and refused login, from
//    where; filtered to today by dates typed วว/ดด/ปปปป in the Buddhist Era it still does; it
//    exports as CSV.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  errorsShown, expectPath, fail, loginWithOneTimePassword, navigate, newUserPage, pathOf,
  runJourney, screenshot as screenshotIn, step,
  demoUserOf, bangkokDay, typeDate, expectThaiDateFields,
} from './lib.mjs';

const args = process.argv.slice(2);
if (args.length !== 5 || !process.env.KLANG_DEMO_OUTPUT) {
  console.error('usage: KLANG_DEMO_OUTPUT=demo.txt node users_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER');
  process.exit(2);
}
const [baseArg, , , orgId, outDir] = args;
const base = baseArg.replace(/\/+$/, '');
const usersPath = `/orgs/${orgId}/users`;

const demoUser = (prefix) => demoUserOf(orgId, prefix);

const shot = (page, name) => screenshotIn(page, outDir, name);

function row(page, username) {
  return page.locator(`table#users tbody tr[data-username="${username}"]`);
}

await runJourney('users journey', outDir, 240000, async (browser) => {
  const problems = [];
  const admin = demoUser('admin');

  step('the administrator logs in and opens ผู้ใช้และสิทธิ์');
  const page = await newUserPage(browser, problems);
  await page.goto(`${base}/login`);
  await loginWithOneTimePassword(page, admin.username, admin.password);
  await navigate(page, () => page.locator('nav.user').getByRole('link', { name: 'ผู้ใช้และสิทธิ์' }).click(),
                 'open the users page');
  expectPath(page, usersPath, 'users page');
  const ownRow = row(page, admin.username);
  if (await ownRow.count() !== 1) fail('the administrator is not listed');
  if (await ownRow.getByRole('button', { name: 'ระงับการใช้งาน' }).count() !== 0) {
    fail('the administrator could disable themselves');
  }
  await expectThaiDateFields(page, 'users page');
  await shot(page, '01-users.png');

  step('a bad username is refused in Thai and adds nobody');
  const form = page.locator('form#invite-user');
  // The browser's own pattern check would stop the form; the server must refuse it too.
  await form.locator('input[name=username]').evaluate((input) => input.removeAttribute('pattern'));
  await form.locator('input[name=username]').fill('Somchai Jaidee');
  await form.locator('input[name=display_name]').fill('สมชาย ใจดี');
  await navigate(page, () => form.getByRole('button', { name: 'เพิ่มผู้ใช้' }).click(), 'invite with a bad username');
  const refusal = await page.locator('#users-error').innerText();
  if (!refusal.includes('ชื่อผู้ใช้ต้องเป็นอักษรอังกฤษตัวเล็ก')) fail(`refusal: "${refusal}"`);
  if (await page.locator('input[name=display_name]').inputValue() !== 'สมชาย ใจดี') fail('the form lost what was typed');
  if (await row(page, 'Somchai Jaidee').count() !== 0) fail('a user was added anyway');

  step('the administrator invites a finance officer for the subordinate unit');
  await form.locator('input[name=username]').fill('somchai.j');
  const units = await form.locator('select[name=org_id] option').allInnerTexts();
  if (units.length < 2) fail(`the unit is not offered: ${units}`);
  await form.locator('select[name=org_id]').selectOption({ index: 1 });
  await form.locator('select[name=role]').selectOption('finance_officer');
  await navigate(page, () => form.getByRole('button', { name: 'เพิ่มผู้ใช้' }).click(), 'invite the user');
  const oneTime = (await page.locator('#one-time-password').innerText()).trim();
  if (!/^[0-9a-f]{16}$/.test(oneTime)) fail(`one-time password shown: "${oneTime}"`);
  await shot(page, '02-invited.png');

  step('the new user logs in, sets a password and is refused the administration page');
  const clerk = await newUserPage(browser, problems);
  await clerk.goto(`${base}/login`);
  const clerkPassword = await loginWithOneTimePassword(clerk, 'somchai.j', oneTime);
  await clerk.goto(`${base}${usersPath}`);
  const denied = await clerk.locator('main').innerText();
  if (!denied.includes('ท่านไม่มีสิทธิ์')) fail(`the new user reached the users page: ${denied.slice(0, 200)}`);
  await shot(clerk, '03-clerk-refused.png');

  step('the administrator changes the role, then disables the user: their session ends');
  await page.goto(`${base}${usersPath}`);
  const clerkRow = row(page, 'somchai.j');
  await clerkRow.locator('select[name=role]').selectOption('accountant');
  await navigate(page, () => clerkRow.getByRole('button', { name: 'เปลี่ยนบทบาท' }).click(), 'change the role');
  expectPath(page, usersPath, 'after the role change');
  if (!(await row(page, 'somchai.j').locator('select[name=role] option[selected]').innerText()).includes('นักวิชาการเงินและบัญชี')) {
    fail('the role did not change');
  }
  await navigate(page, () => row(page, 'somchai.j').getByRole('button', { name: 'ระงับการใช้งาน' }).click(), 'disable the user');
  if (!(await row(page, 'somchai.j').innerText()).includes('ระงับการใช้งาน')) fail('not shown as disabled');
  await shot(page, '04-disabled.png');
  await clerk.goto(`${base}/orgs/${orgId}`);
  expectPath(clerk, '/login', 'the disabled user’s next page');
  await clerk.getByLabel('ชื่อผู้ใช้').fill('somchai.j');
  await clerk.getByLabel('รหัสผ่าน').fill(clerkPassword);
  await navigate(clerk, () => clerk.getByRole('button', { name: 'เข้าสู่ระบบ' }).click(), 'log in while disabled');
  const message = await errorsShown(clerk);
  if (pathOf(clerk) !== '/login') fail('a disabled user logged in');
  if (!message.includes('บัญชีนี้ถูกระงับการใช้งาน')) fail(`login refusal: "${message}"`);
  await shot(clerk, '05-login-refused.png');
  console.log(`   login refused: ${message}`);

  step('the security audit trail shows it all and exports as CSV');
  await navigate(page, () => page.getByRole('link', { name: 'ทะเบียนเหตุการณ์ด้านความปลอดภัย' }).click(), 'open the audit trail');
  await expectThaiDateFields(page, 'audit trail');
  const today = bangkokDay();
  await typeDate(page.locator('#events-filter'), 'from', today);
  await typeDate(page.locator('#events-filter'), 'to', today);
  await navigate(page, () => page.locator('#events-filter').getByRole('button', { name: 'แสดง' }).click(), 'show today');
  const asked = new URL(page.url()).searchParams;
  if (asked.get('from') !== today || asked.get('to') !== today) fail(`the audit trail was asked for ${page.url()}`);
  const events = await page.locator('table#events tbody tr').evaluateAll(
    (rows) => rows.map((one) => one.getAttribute('data-event')));
  for (const expected of ['user_invited', 'role_changed', 'user_disabled', 'login_refused_disabled',
                          'login', 'password_changed']) {
    if (!events.includes(expected)) fail(`the audit trail lacks ${expected}: ${events}`);
  }
  const roleLine = await page.locator('table#events tbody tr[data-event=role_changed]').first().innerText();
  if (!roleLine.includes('finance_officer → accountant') || !roleLine.includes(admin.username) ||
      !roleLine.includes('127.0.0.1')) {
    fail(`role change line: ${roleLine}`);
  }
  await shot(page, '06-audit-trail.png');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'CSV' }).click(),
  ]);
  const saved = path.join(outDir, 'security-events.csv');
  await download.saveAs(saved);
  const csv = readFileSync(saved, 'utf8');
  if (!csv.includes('somchai.j') || !csv.includes('เปลี่ยนบทบาท')) fail(`CSV: ${csv.slice(0, 300)}`);
  console.log(`   saved security-events.csv (${csv.split('\n').length - 1} lines)`);

  if (problems.length) fail(`problems seen:\n  ${problems.join('\n  ')}`);
});
