// gongkai's pages in a real browser (Debian's Chromium, driven by puppeteer-core), as the people
// of an office use them. Run by tests/browser/run.sh, which prepares a database, starts
// `gongkai serve` and passes its address and the members in the environment:
//   GK_URL, GK_CASE (a case of hx-zj received long ago, overdue), GK_PASSWORD,
//   GK_REGISTRAR, GK_SUPERVISOR, GK_OTHER (a registrar of another county), GK_ADMIN,
//   GK_SCREENSHOTS (a folder: a picture of every page is kept there for a person to look at).
// Exits non-zero, naming the failed check, when any check fails.
import puppeteer from 'puppeteer-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set (run tests/browser/run.sh)`);
  return v;
};
const url = env('GK_URL');
const shots = env('GK_SCREENSHOTS');
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
});

async function session(login) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  page.on('dialog', async (d) => { check(false, `no script runs: a dialog opened ("${d.message()}")`); await d.dismiss(); });
  const response = await page.goto(`${url}/login`);
  check(response.status() === 200, `${login}: the login page loads`);
  await page.type('input[name=login]', login);
  await page.type('input[name=password]', env('GK_PASSWORD'));
  await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
  return { page, context };
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const text = (page, selector) => page.$eval(selector, (e) => e.textContent);

try {
  // Before logging in.
  {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.goto(`${url}/`);
    check(page.url().startsWith(`${url}/login`), 'an anonymous visitor is sent to the login page');
    await shot(page, '00-login');
    await page.type('input[name=login]', env('GK_REGISTRAR'));
    await page.type('input[name=password]', 'wrong password');
    const [refused] = await Promise.all([page.waitForNavigation(), page.click('form.login button')]);
    check(refused.status() === 401, 'a wrong password is refused (401)');
    check((await text(page, '.error')).includes('用户名或密码错误'), 'and says so in Chinese');
    await context.close();
  }

  // A registrar registers a letter and takes it to its answer.
  const registrar = await session(env('GK_REGISTRAR'));
  const p = registrar.page;
  check((await text(p, 'h1')) === '首页', 'the registrar lands on 首页');
  await shot(p, '01-home');
  await p.goto(`${url}/cases/new`);
  await shot(p, '02-intake');
  await p.select('select[name=agency]', 'hx-zj');
  await p.$eval('input[name=received]', (e) => { e.value = '2024-12-02'; });
  await p.select('select[name=channel]', 'online');
  await p.select('select[name=applicant_type]', 'person');
  await p.type('input[name=applicant]', '王五');
  await p.type('input[name=letter_ref]', '网-2024-77');
  await p.type('textarea[name=subject]', '<script>alert("x")</script> 旧城改造补偿标准');
  await Promise.all([p.waitForNavigation(), p.click('form.intake button')]);
  const created = p.url().match(/\/cases\/([^?]+)/);
  check(created !== null, `the new case has a number (${p.url()})`);
  const newCase = created[1];
  check((await text(p, '.notice')).includes(newCase), 'the case page says it was registered, with its number');
  check((await text(p, 'dd.pre')).includes('<script>alert("x")</script>'), 'a <script> in the subject is shown as text');
  check((await p.$$('dd.pre script')).length === 0, 'and is no element of the page');
  check((await text(p, 'ol.steps')).includes('答复期限20个工作日'), 'the due date is explained, in Chinese');
  await shot(p, '03-case-new');
  const kinds = await p.$$eval('form.event input[name=kind]', (es) => es.map((e) => e.value));
  check(kinds.includes('reviewed') && kinds.includes('correction-requested') && !kinds.includes('fee-paid'),
        `only the steps the rules allow now are offered (${kinds.join(', ')})`);

  async function record(kind, fill) {
    const form = await p.$(`form.event:has(input[name=kind][value="${kind}"])`);
    check(form !== null, `a form for ${kind} is offered`);
    if (!form) return;
    await form.$eval('input[name=on]', (e) => { e.value = '2024-12-03'; });
    if (fill) await fill(form);
    await Promise.all([p.waitForNavigation(), form.$eval('button', (b) => b.click())]);
  }
  await record('reviewed', async (f) => { await f.$eval('input[name=handler]', (e) => { e.value = '李承办'; }); });
  check((await text(p, '.notice')).includes('审查受理'), 'reviewed is recorded');
  await record('answered', async (f) => { await f.$eval('select[name=outcome]', (e) => { e.value = 'disclosed'; }); });
  check((await text(p, 'dl.summary')).includes('已答复'), 'the case is answered');
  check((await text(p, 'dl.summary')).includes('（一）予以公开'), 'with the outcome in the statute\'s words');
  await shot(p, '04-case-answered');

  // A form posted without its CSRF token is refused, and nothing is written.
  await p.goto(`${url}/cases/${newCase}`);
  await p.$$eval('form.event input[name=csrf]', (es) => es.forEach((e) => e.remove()));
  const complaint = await p.$('form.event:has(input[name=kind][value="complaint-filed"])');
  const [forbidden] = await Promise.all([p.waitForNavigation(), complaint.$eval('button', (b) => b.click())]);
  check(forbidden.status() === 403, 'a form posted without its CSRF token is refused (403)');
  await shot(p, '05-csrf-refused');
  await p.goto(`${url}/cases/${newCase}`);
  check((await p.$$('table tbody tr')).length === 3, 'and nothing was written (3 events)');

  // A typo in the letter ref, corrected on the record with its reason: the history keeps both.
  const fix = await p.$('form.event:has(input[name=kind][value="corrected"]):has(select[name=field])');
  check(fix !== null, 'the case page offers 更正');
  await fix.$eval('select[name=field]', (e) => { e.value = 'letter_ref'; });
  await fix.$eval('input[name=value]', (e) => { e.value = '网-2024-78'; });
  await fix.$eval('input[name=note]', (e) => { e.value = '来文编号登记错误'; });
  await Promise.all([p.waitForNavigation(), fix.$eval('button', (b) => b.click())]);
  check((await text(p, 'table')).includes('来文编号：网-2024-77 → 网-2024-78'), 'the history shows the correction');
  check((await text(p, 'dl.summary')).includes('网-2024-78'), 'and the case its corrected letter ref');
  await shot(p, '05b-corrected');

  await p.goto(`${url}/cases?q=${encodeURIComponent('网-2024-78')}`);
  check((await text(p, 'table')).includes(newCase), 'the list finds the case by its letter ref');
  await shot(p, '06-cases');
  await p.goto(`${url}/reports?year=2024&agency=hx`);
  check((await text(p, 'main')).includes('本年新收政府信息公开申请数量'), 'the year\'s tables are on screen');
  await shot(p, '07-reports');
  await registrar.context.close();

  // The supervisor sees the overdue case.
  const supervisor = await session(env('GK_SUPERVISOR'));
  await supervisor.page.goto(`${url}/reports?year=2024`);
  check((await supervisor.page.$('form.sign-off')) === null, 'a supervisor has no sign-off form');
  await supervisor.page.goto(`${url}/supervise?as_of=2024-12-31`);
  const overdue = await supervisor.page.$$eval('tr.overdue a', (as) => as.map((a) => a.textContent));
  check(overdue.includes(env('GK_CASE')), `the supervisor sees the overdue case ${env('GK_CASE')}`);
  await shot(supervisor.page, '08-supervise');
  await supervisor.page.goto(`${url}/cases/${env('GK_CASE')}`);
  check((await text(supervisor.page, 'dl.summary')).includes('个人信息已隐去'), 'with the applicant masked');
  await supervisor.context.close();

  // A registrar of another county gets "not found" for it.
  const other = await session(env('GK_OTHER'));
  const theirs = await other.page.goto(`${url}/cases/${env('GK_CASE')}`);
  check(theirs.status() === 404, 'a registrar of another county gets 404 for the case');
  check((await text(other.page, 'main')).includes('不存在'), 'not found, in Chinese');
  await shot(other.page, '09-not-found');
  await other.context.close();

  // The administrator's page.
  const admin = await session(env('GK_ADMIN'));
  await admin.page.goto(`${url}/admin`);
  check((await text(admin.page, 'main')).includes(env('GK_REGISTRAR')), 'the admin page lists the members');
  await shot(admin.page, '10-admin');
  // The admin signs off the county's year on the reports page; the sign-off is listed as version 1.
  await admin.page.goto(`${url}/reports?year=2024&agency=hx`);
  const sign = await admin.page.$('form.sign-off');
  check(sign !== null, 'the reports page has the sign-off form for an admin');
  await Promise.all([admin.page.waitForNavigation(), sign.$eval('button', (b) => b.click())]);
  const signed = await text(admin.page, 'table.signed-off');
  check(signed.includes('第1版') && signed.includes('北京时间'), 'the sign-off is listed as version 1, in Beijing time');
  await admin.page.goto(`${url}/reports?year=2024&federation=1`);
  check((await text(admin.page, 'main')).includes('最新签发报表逐格相加之和'), 'the sum (汇总) page says what it adds up');
  await shot(admin.page, '11-sign-off');
  await admin.context.close();
} catch (e) {
  check(false, `the browser run: ${e.stack || e}`);
} finally {
  await browser.close();
}
console.log(failures ? `${failures} check(s) failed` : 'every check passed');
process.exit(failures ? 1 : 0);
