// Enrolment as the letters describe it (R14), in the system Chromium, against a real OpenID
// Connect provider process (tests/support/oidc_provider.py, standing in for ThaID) and a real SMTP
// server process that keeps the mail (tests/support/smtp_capture.py); run_journey.sh starts both
// on 127.0.0.1 when KLANG_JOURNEY_SIGN_IN=1 and gives their places in KLANG_OIDC_ISSUER and
// KLANG_MAIL_DIR.
//
// Usage: KLANG_DEMO_OUTPUT=demo.txt node enrolment_journey.mjs BASE_URL USERNAME ONE_TIME_PASSWORD ORG_ID OUTPUT_FOLDER
//
// 1. The LAO's administrator invites an accountant with her national ID.
// 2. She opens the login page, follows "เข้าใช้งานครั้งแรก…", proves who she is at the provider,
//    gives her e-mail, reads the OTP from the mail actually sent, types a wrong one first (told the
//    tries left), then the right one; a weak password is refused in Thai; a good one opens her
//    session in her organisation. Later she logs in with that password.
// 3. The audit trail shows oidc_verified, otp_sent, otp_failed, otp_used and enrolled.
// 3b. The administrator turns on an authenticator app (QR code and secret shown); the next login
//     asks for its code after the password: a wrong code is refused with the tries left, the
//     app's code lets them in.
// 4. Negative cases over HTTP (no browser): the callback without a state, with a state from
//    another browser, replayed; a wrong PKCE verifier (the challenge changed on the way, and a
//    stolen code redeemed with another verifier); an unknown person; and the provider signing
//    with the wrong key, or giving a wrong issuer, audience, nonce or an expired token — each
//    refused with its code, and no enrolment cookie given.
import { readdirSync, readFileSync } from 'node:fs';
import { createHash, createHmac, randomBytes } from 'node:crypto';
import path from 'node:path';
import {
  errorsShown, expectPath, fail, loginWithOneTimePassword, navigate, newUserPage, pathOf,
  runJourney, screenshot as screenshotIn, step, demoUserOf,
} from './lib.mjs';

const args = process.argv.slice(2);
const { KLANG_OIDC_ISSUER: issuer, KLANG_MAIL_DIR: mailDir } = process.env;
if (args.length !== 5 || !process.env.KLANG_DEMO_OUTPUT || !issuer || !mailDir) {
  console.error('usage: KLANG_JOURNEY_SIGN_IN=1 run_journey.sh klang enrolment_journey.mjs');
  process.exit(2);
}
const [baseArg, , , orgId, outDir] = args;
const base = baseArg.replace(/\/+$/, '');
const shot = (page, name) => screenshotIn(page, outDir, name);
const NATIONAL_ID = '1101700203450';
const UNKNOWN_ID = '3100600445139';  // a valid number nobody was invited with
const EMAIL = 'somsri.k@example.go.th';

// --- RFC 6238 TOTP, as an authenticator app computes it ----------------------------------------
function totpAt(base32, seconds) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of base32.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(seconds / 30)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  const value = (mac.readUInt32BE(offset) & 0x7fffffff) % 1000000;
  return String(value).padStart(6, '0');
}

// --- mail ---------------------------------------------------------------------------------------
function mails() {
  let names = [];
  try { names = readdirSync(mailDir).filter((name) => name.endsWith('.eml')).sort(); } catch { /* none yet */ }
  return names.map((name) => readFileSync(path.join(mailDir, name), 'latin1'));
}
function bodyOf(raw) {
  const split = raw.indexOf('\r\n\r\n') >= 0 ? raw.indexOf('\r\n\r\n') + 4 : raw.indexOf('\n\n') + 2;
  const headers = raw.slice(0, split);
  const body = raw.slice(split);
  if (/content-transfer-encoding:\s*base64/i.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return Buffer.from(body, 'latin1').toString('utf8');
}
async function waitForMail(count, to) {
  for (let i = 0; i < 100; i += 1) {
    const all = mails();
    if (all.length >= count) {
      const raw = all[count - 1];
      if (!raw.includes(`X-Envelope-To: ${to}`)) fail(`mail ${count} went to the wrong address:\n${raw.slice(0, 300)}`);
      const body = bodyOf(raw);
      const match = /คือ ([0-9]{6})/.exec(body);
      if (!match) fail(`no OTP in the mail:\n${body}`);
      return { otp: match[1], body, raw };
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  fail(`mail ${count} did not arrive in ${mailDir}`);
}

// --- HTTP without a browser --------------------------------------------------------------------
function cookiesOf(response) {
  const header = response.headers.get('set-cookie') || '';
  const jar = {};
  for (const one of header.split(/,(?=\s*[A-Za-z0-9_]+=)/)) {
    const [pair] = one.trim().split(';');
    const eq = pair.indexOf('=');
    if (eq > 0) jar[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return jar;
}
async function get(url, cookie = '') {
  return fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}
// Klang's /enrol/start: the provider URL (with state, nonce, challenge) and the state cookie.
async function startFlow() {
  const response = await get(`${base}/enrol/start`);
  if (response.status !== 303 && response.status !== 302) fail(`/enrol/start answered ${response.status}`);
  const location = response.headers.get('location');
  if (!location.startsWith(`${issuer}/authorize?`)) fail(`/enrol/start sent the browser to ${location}`);
  const stateCookie = cookiesOf(response).klang_oidc_state;
  if (!stateCookie) fail('no state cookie');
  return { url: new URL(location), cookie: `klang_oidc_state=${stateCookie}` };
}
// The person signs in at the provider; returns Klang's callback URL with code and state.
async function approve(authorizeUrl, pid) {
  const form = new URLSearchParams(authorizeUrl.searchParams);
  form.set('pid', pid);
  form.set('name', 'ผู้ทดสอบ');
  form.set('decision', 'allow');
  const response = await fetch(`${issuer}/authorize`, { method: 'POST', body: form, redirect: 'manual' });
  if (response.status !== 302) fail(`provider /authorize answered ${response.status}`);
  return response.headers.get('location');
}
async function callback(url, cookie) {
  const response = await get(url, cookie);
  const text = await response.text();
  const code = /data-code="([^"]*)"/.exec(text);
  const enrol = cookiesOf(response).klang_enrol;
  return { status: response.status, code: code ? code[1] : '', enrolled: !!enrol, cookie: `klang_enrol=${enrol}`, text };
}
async function expectRefused(what, result, status, code) {
  if (result.status !== status || result.code !== code || result.enrolled) {
    fail(`${what}: expected ${status} ${code} and no enrolment, got ${result.status} "${result.code}"` +
         `${result.enrolled ? ' with an enrolment cookie' : ''}`);
  }
  console.log(`   refused as expected: ${what} → ${status} ${code}`);
}
async function providerMode(mode) {
  const response = await fetch(`${issuer}/_mode`, { method: 'POST', body: new URLSearchParams({ mode }) });
  if (response.status !== 200) fail(`provider refused mode ${mode}`);
}

await runJourney('enrolment journey', outDir, 240000, async (browser) => {
  const problems = [];
  const admin = demoUserOf(orgId, 'admin');

  step('the administrator invites an accountant with her national ID');
  const page = await newUserPage(browser, problems);
  await page.goto(`${base}/login`);
  const adminPassword = await loginWithOneTimePassword(page, admin.username, admin.password);
  await page.goto(`${base}/orgs/${orgId}/users`);
  const form = page.locator('form#invite-user');
  await form.locator('input[name=username]').fill('somsri.k');
  await form.locator('input[name=display_name]').fill('สมศรี กล้าหาญ');
  await form.locator('input[name=national_id]').fill(NATIONAL_ID);
  await form.locator('select[name=role]').selectOption('accountant');
  await navigate(page, () => form.getByRole('button', { name: 'เพิ่มผู้ใช้' }).click(), 'invite');
  if (await page.locator('#one-time-password').count() !== 1) fail(`invitation refused: ${await errorsShown(page)}`);
  await shot(page, '01-invited.png');

  step('she follows the first-login link and proves who she is at the provider');
  const user = await newUserPage(browser, problems);
  await user.goto(`${base}/login`);
  await navigate(user, () => user.locator('#enrol-link').click(), 'open the enrolment page');
  expectPath(user, '/enrol', 'enrolment page');
  await shot(user, '02-enrol-start.png');
  await navigate(user, () => user.locator('#enrol-start').click(), 'go to the provider');
  if (!user.url().startsWith(`${issuer}/authorize`)) fail(`not at the provider: ${user.url()}`);
  await user.getByLabel('เลขประจำตัวประชาชน').fill(NATIONAL_ID);
  await shot(user, '03-provider.png');
  await navigate(user, () => user.getByRole('button', { name: 'ยืนยันตัวตน' }).click(), 'sign in at the provider');
  expectPath(user, '/enrol/callback', 'back from the provider');
  if (!(await user.locator('main').innerText()).includes('สมศรี กล้าหาญ')) fail(`not matched: ${await errorsShown(user)}`);
  await shot(user, '04-email.png');

  step('she gives her e-mail, reads the OTP from the mail, types a wrong one first');
  const before = mails().length;
  await user.getByLabel('อีเมลสำหรับรับรหัส OTP').fill(EMAIL);
  await navigate(user, () => user.getByRole('button', { name: 'ส่งรหัส OTP' }).click(), 'send the OTP');
  if (await user.locator('#enrol-otp').count() !== 1) fail(`OTP not sent: ${await errorsShown(user)}`);
  const mail = await waitForMail(before + 1, EMAIL);
  if (!mail.body.includes('somsri.k') || !mail.body.includes('10 นาที')) fail(`mail text:\n${mail.body}`);
  console.log(`   OTP mailed to ${EMAIL}`);
  await shot(user, '05-otp.png');
  const wrong = mail.otp === '000000' ? '111111' : '000000';
  await user.getByLabel('รหัส OTP').fill(wrong);
  await navigate(user, () => user.getByRole('button', { name: 'ยืนยันรหัส OTP' }).click(), 'a wrong OTP');
  const refusal = await errorsShown(user);
  if (!refusal.includes('รหัส OTP ไม่ถูกต้อง (ใส่ได้อีก 4 ครั้ง)')) fail(`wrong OTP message: ${refusal}`);
  await shot(user, '06-otp-wrong.png');
  await user.getByLabel('รหัส OTP').fill(mail.otp);
  await navigate(user, () => user.getByRole('button', { name: 'ยืนยันรหัส OTP' }).click(), 'the right OTP');
  if (await user.locator('#enrol-password').count() !== 1) fail(`OTP refused: ${await errorsShown(user)}`);

  step('a weak password is refused; a good one opens her session');
  await user.getByLabel('รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)').fill('password123');
  await user.getByLabel('ยืนยันรหัสผ่านใหม่').fill('password123');
  await navigate(user, () => user.getByRole('button', { name: 'ตั้งรหัสผ่านและเข้าใช้งาน' }).click(), 'a weak password');
  if (!(await errorsShown(user)).includes('คาดเดาง่าย')) fail(`weak password: ${await errorsShown(user)}`);
  await shot(user, '07-password-weak.png');
  const password = `Enrol-${randomBytes(5).toString('hex')}-ok`;
  await user.getByLabel('รหัสผ่านใหม่ (อย่างน้อย 10 ตัวอักษร)').fill(password);
  await user.getByLabel('ยืนยันรหัสผ่านใหม่').fill(password);
  await navigate(user, () => user.getByRole('button', { name: 'ตั้งรหัสผ่านและเข้าใช้งาน' }).click(), 'set the password');
  expectPath(user, new RegExp(`^/orgs/${orgId}$`), 'after enrolment');
  await shot(user, '08-signed-in.png');

  step('later she logs in with her password');
  await navigate(user, () => user.getByRole('button', { name: 'ออกจากระบบ' }).click(), 'log out');
  await user.getByLabel('ชื่อผู้ใช้').fill('somsri.k');
  await user.getByLabel('รหัสผ่าน').fill(password);
  await navigate(user, () => user.getByRole('button', { name: 'เข้าสู่ระบบ' }).click(), 'log in');
  if (pathOf(user) === '/login') fail(`login refused: ${await errorsShown(user)}`);

  step('the audit trail records the enrolment');
  await page.goto(`${base}/orgs/${orgId}/security-events`);
  const events = await page.locator('table#events tbody tr').evaluateAll(
    (rows) => rows.map((one) => one.getAttribute('data-event')));
  for (const expected of ['oidc_verified', 'otp_sent', 'otp_failed', 'otp_used', 'enrolled']) {
    if (!events.includes(expected)) fail(`the audit trail lacks ${expected}: ${events}`);
  }
  await shot(page, '09-audit-trail.png');

  step('the administrator turns on an authenticator app; the next login asks for its code');
  await page.goto(`${base}/password`);
  await navigate(page, () => page.locator('#totp-link').click(), 'open the authenticator page');
  await navigate(page, () => page.getByRole('button', { name: 'ตั้งค่าแอปยืนยันตัวตน' }).click(), 'begin');
  if (await page.locator('#totp svg').count() !== 1) fail('no QR code shown');
  const secret = (await page.locator('#totp-secret').innerText()).trim();
  await shot(page, '11-totp-setup.png');
  await page.getByLabel('รหัสจากแอป').fill(totpAt(secret, Date.now() / 1000));
  await navigate(page, () => page.getByRole('button', { name: 'เปิดใช้แอปยืนยันตัวตน' }).click(), 'confirm');
  if (!(await page.locator('#totp').innerText()).includes('เปิดใช้แล้ว')) fail(`not enabled: ${await errorsShown(page)}`);
  await navigate(page, () => page.getByRole('button', { name: 'ออกจากระบบ' }).click(), 'log out');
  await page.getByLabel('ชื่อผู้ใช้').fill(admin.username);
  await page.getByLabel('รหัสผ่าน').fill(adminPassword);
  await navigate(page, () => page.getByRole('button', { name: 'เข้าสู่ระบบ' }).click(), 'password');
  if (await page.locator('#login-totp').count() !== 1) fail(`no second step: ${await errorsShown(page)}`);
  await page.getByLabel('รหัสจากแอป').fill('000000' === totpAt(secret, Date.now() / 1000) ? '111111' : '000000');
  await navigate(page, () => page.getByRole('button', { name: 'ยืนยัน' }).click(), 'a wrong code');
  if (!(await errorsShown(page)).includes('ใส่ได้อีก 4 ครั้ง')) fail(`wrong code: ${await errorsShown(page)}`);
  await shot(page, '12-totp-login.png');
  // The next time step's code (the app's clock may run ahead; one step of drift is allowed).
  await page.getByLabel('รหัสจากแอป').fill(totpAt(secret, Date.now() / 1000 + 30));
  await navigate(page, () => page.getByRole('button', { name: 'ยืนยัน' }).click(), 'the right code');
  if (pathOf(page) === '/login' || await page.locator('#login-totp').count() !== 0) {
    fail(`second step refused: ${await errorsShown(page)}`);
  }

  step('negative cases at the callback');
  await expectRefused('callback without state', await callback(`${base}/enrol/callback?code=x`, ''), 401, 'oidc.state');
  {
    const flow = await startFlow();
    const back = await approve(flow.url, NATIONAL_ID);
    await expectRefused('state from another browser (no cookie)', await callback(back, ''), 401, 'oidc.state');
    const other = await startFlow();
    await expectRefused('state with another flow’s cookie', await callback(back, other.cookie), 401, 'oidc.state');
  }
  {
    const flow = await startFlow();
    const back = await approve(flow.url, NATIONAL_ID);
    const first = await callback(back, flow.cookie);
    if (first.status !== 200 || !first.enrolled) fail(`a good flow was refused: ${first.status} ${first.code}`);
    await expectRefused('replayed state', await callback(back, flow.cookie), 401, 'oidc.state');
    // The enrolment's forms need its own CSRF token, not only the cookie.
    const forged = await fetch(`${base}/enrol/email`, {
      method: 'POST', redirect: 'manual', headers: { cookie: first.cookie },
      body: new URLSearchParams({ email: 'attacker@example.com' }),
    });
    const forgedCode = /data-code="([^"]*)"/.exec(await forged.text());
    if (forged.status !== 403 || !forgedCode || forgedCode[1] !== 'http.csrf') {
      fail(`an enrolment form without its CSRF token: ${forged.status} ${forgedCode && forgedCode[1]}`);
    }
    console.log('   refused as expected: enrolment form without its CSRF token → 403 http.csrf');
  }
  {
    const flow = await startFlow();
    const forged = randomBytes(32).toString('base64url');
    flow.url.searchParams.set('code_challenge', createHash('sha256').update(forged).digest('base64url'));
    const back = await approve(flow.url, NATIONAL_ID);
    await expectRefused('wrong PKCE verifier (challenge changed on the way)', await callback(back, flow.cookie), 401, 'oidc.token_exchange');
    // A stolen code redeemed elsewhere with another verifier: the provider refuses it.
    const again = await startFlow();
    const stolen = new URL(await approve(again.url, NATIONAL_ID)).searchParams.get('code');
    const redeemed = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from('klang-test:x').toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: stolen, code_verifier: forged,
                                  redirect_uri: `${base}/enrol/callback` }),
    });
    if (redeemed.status < 400) fail('the provider gave tokens for a stolen code');
  }
  {
    const flow = await startFlow();
    await expectRefused('unknown person', await callback(await approve(flow.url, UNKNOWN_ID), flow.cookie), 404, 'auth.no_invitation');
  }
  for (const [mode, code] of [['bad_signature', 'oidc.signature'], ['wrong_issuer', 'oidc.issuer'],
                              ['wrong_audience', 'oidc.audience'], ['expired', 'oidc.expired'],
                              ['wrong_nonce', 'oidc.nonce']]) {
    await providerMode(mode);
    const flow = await startFlow();
    await expectRefused(`provider ${mode}`, await callback(await approve(flow.url, NATIONAL_ID), flow.cookie), 401, code);
  }
  await providerMode('good');
  {
    // The refusal as a person sees it.
    await providerMode('bad_signature');
    const refused = await newUserPage(browser, problems);
    await refused.goto(`${base}/enrol`);
    await navigate(refused, () => refused.locator('#enrol-start').click(), 'go to the provider');
    await refused.getByLabel('เลขประจำตัวประชาชน').fill(NATIONAL_ID);
    await navigate(refused, () => refused.getByRole('button', { name: 'ยืนยันตัวตน' }).click(), 'sign in at the provider');
    const shown = await errorsShown(refused);
    console.log(`   a bad signature is shown as: ${shown}`);
    await shot(refused, '10-bad-signature.png');
    await providerMode('good');
  }

  // 4xx answers are expected in the negative cases above; only script errors and 5xx count.
  if (problems.length) fail(`problems seen:\n  ${problems.join('\n  ')}`);
});
