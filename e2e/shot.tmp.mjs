import { chromium } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
const S = 'http://127.0.0.1:8082/probe-playground/';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const nginx = readFileSync('/work/shared/corpus/ingress-nginx-cloud-deploy.yaml', 'utf8');
async function paste(page, ctx) {
  await ctx.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), nginx);
  await page.getByLabel('Kubernetes YAML').focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+v');
  await page.waitForTimeout(2500);
}
for (const [w, h, name, full] of [[1280, 800, 'wide', false], [390, 844, 'phone', true]]) {
  const ctx = await b.newContext({ viewport: { width: w, height: h } });
  const p = await ctx.newPage();
  await p.goto(S);
  await p.waitForTimeout(1500);
  await paste(p, ctx);
  await p.getByRole('button', { name: 'Play' }).first().click();
  await p.waitForTimeout(3000);
  await p.screenshot({ path: `/tmp/shot-${name}.png`, fullPage: full });
  await ctx.close();
}
// The playground and an embed in iframes of a docs page.
writeFileSync('/tmp/frames.html', '');
for (const [w, h, name, src] of [[700, 450, 'iframe-page', `${S}#g/slow-start-readiness`], [700, 450, 'iframe-embed', `${S}?embed=1&autoplay=1#g/slow-start-readiness`], [360, 450, 'iframe-embed-360', `${S}?embed=1&autoplay=1#g/wrong-liveness-path`]]) {
  const ctx = await b.newContext({ viewport: { width: w + 40, height: h + 40 } });
  const p = await ctx.newPage();
  await p.setContent(`<body style="margin:20px"><iframe src="${src}" width="${w}" height="${h}" style="border:1px solid #ccc"></iframe></body>`);
  await p.waitForTimeout(5000);
  await p.screenshot({ path: `/tmp/shot-${name}.png` });
  await ctx.close();
}
// The docs page with the snippet, after Run.
const p = await b.newPage({ viewport: { width: 900, height: 700 } });
await p.goto('http://localhost:8082/host/snippet.html');
await p.getByRole('button', { name: /Run simulation/ }).click();
await p.waitForTimeout(5000);
await p.screenshot({ path: '/tmp/shot-snippet.png' });
await b.close();
