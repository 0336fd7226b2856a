// A Lighthouse "snapshot" of a question page showing a validation error (the answer to a POST, which a
// plain Lighthouse navigation cannot make). Run by tests/bench/lighthouse.py:
//   node lighthouse_flow.mjs <lighthouse prefix> <question page url> <output json>
// The browser opens the page, waits longer than the spam timing check, presses Continue with no answer,
// and Lighthouse audits the page it lands on.
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

const [prefix, url, out] = process.argv.slice(2)
const modules = join(prefix, 'node_modules')
const { startFlow } = await import(pathToFileURL(join(modules, 'lighthouse', 'core', 'index.js')).href)
const puppeteer = (await import(pathToFileURL(join(modules, 'puppeteer-core', 'lib', 'esm', 'puppeteer', 'puppeteer-core.js')).href)).default

const browser = await puppeteer.launch({
  executablePath: process.env.CHROME_PATH,
  headless: true,
  args: ['--headless=new', '--no-sandbox', '--disable-gpu']
})
try {
  const page = await browser.newPage()
  await page.goto(url, { waitUntil: 'networkidle0' })
  const flow = await startFlow(page, { name: 'Question page with a validation error' })
  await new Promise((resolve) => setTimeout(resolve, 2500)) // VRR_MIN_SECONDS_ON_PAGE is 2 in development
  await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('main form button.govuk-button')])
  const summary = await page.$('.govuk-error-summary')
  if (!summary) throw new Error('no error summary after submitting an empty answer')
  await flow.snapshot({ name: 'validation error' })
  const result = await flow.createFlowResult()
  writeFileSync(out, JSON.stringify(result.steps[0].lhr))
} finally {
  await browser.close()
}
