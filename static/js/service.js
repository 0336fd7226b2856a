// Progressive enhancement only: every page works without this file.
import {
  Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, ServiceNavigation, SkipLink, createAll, isSupported
} from 'govuk-frontend' // mapped to a fingerprinted URL in base.html

// Every GOV.UK Frontend component the templates use, except Radios: its JavaScript puts aria-expanded on a radio
// that reveals a follow-up question, and ARIA 1.2 does not allow aria-expanded on role=radio (axe
// aria-allowed-attr, WCAG 4.1.2). No checkbox here has a follow-up, so Checkboxes never sets it.
const components = [Button, CharacterCount, Checkboxes, ErrorSummary, ExitThisPage, ServiceNavigation, SkipLink]
components.forEach((Component) => createAll(Component))

// Our own follow-up reveal for radios: aria-controls on the radio, the follow-up shown only under the checked
// answer, and never aria-expanded. Without JavaScript (or where GOV.UK Frontend is not supported, so its CSS
// hides nothing) the server's page already shows every follow-up inline.
if (isSupported()) {
  const selector = '[data-module="govuk-radios"] input.govuk-radios__input[data-aria-controls]'
  const revealers = [...document.querySelectorAll(selector)]
    .filter((radio) => document.getElementById(radio.dataset.ariaControls))
  revealers.forEach((radio) => radio.setAttribute('aria-controls', radio.dataset.ariaControls))
  const sync = (radio) => document.getElementById(radio.getAttribute('aria-controls'))
    .classList.toggle('govuk-radios__conditional--hidden', !radio.checked)
  // A click, or arrow keys (which fire change), can uncheck another radio of the group: sync the whole group.
  const chosen = (event) => {
    const radio = event.target
    if (!(radio instanceof HTMLInputElement) || radio.type !== 'radio') return
    revealers.filter((r) => r.form === radio.form && r.name === radio.name).forEach(sync)
  }
  document.addEventListener('click', chosen)
  document.addEventListener('change', chosen)
  window.addEventListener('pageshow', () => revealers.forEach(sync)) // back/forward cache keeps the checked radio
  revealers.forEach(sync)
}

// Timeout warning: a native modal <dialog> traps focus, is announced (role=alertdialog) and closes on Escape.
const dialog = document.getElementById('timeout-dialog')
if (dialog && typeof dialog.showModal === 'function') {
  const idle = Number(dialog.dataset.idleSeconds) * 1000
  const warn = Number(dialog.dataset.warnSeconds) * 1000
  let warnTimer
  let expireTimer
  let lastFocus

  const schedule = () => {
    clearTimeout(warnTimer)
    clearTimeout(expireTimer)
    warnTimer = setTimeout(open, Math.max(idle - warn, 0))
    expireTimer = setTimeout(() => { window.location.href = dialog.dataset.expiredUrl }, idle)
  }
  const open = () => {
    lastFocus = document.activeElement
    dialog.showModal()
    dialog.querySelector('[data-action="extend"]').focus()
  }
  const extend = () => {
    dialog.close()
    schedule()
    const body = new URLSearchParams({ csrf_token: dialog.dataset.csrfToken })
    fetch(dialog.dataset.keepAliveUrl, { method: 'POST', body, credentials: 'same-origin' })
      // 410: the answers had already been deleted (the computer slept, say): say so rather than pretend.
      .then((response) => { if (response.status === 410) window.location.href = dialog.dataset.expiredUrl })
  }
  dialog.querySelector('[data-action="extend"]').addEventListener('click', extend)
  // Escape closes the dialog; closing it in any way counts as wanting more time.
  dialog.addEventListener('cancel', (event) => { event.preventDefault(); extend() })
  dialog.addEventListener('close', () => { if (lastFocus) lastFocus.focus() })
  // Keep Tab and Shift+Tab inside the dialog (a modal <dialog> alone lets focus reach the browser's toolbar).
  dialog.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return
    const focusable = [...dialog.querySelectorAll('button, a[href]')]
    const first = focusable[0]
    const last = focusable[focusable.length - 1]
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault()
      last.focus()
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault()
      first.focus()
    }
  })
  schedule()
}

// "Print this page" (confirmation) and "Print or save your answers" (check answers): printing needs JavaScript,
// so they are hidden without it, and the words that tell a person to use the browser's print option are hidden
// with it.
document.querySelectorAll('[data-app-print]').forEach((control) => {
  if (control.hidden) control.hidden = false
  control.closest('[hidden]')?.removeAttribute('hidden')
  control.parentElement.querySelector('.app-print-fallback')?.setAttribute('hidden', '')
  control.addEventListener('click', (event) => {
    event.preventDefault()
    window.print()
  })
})
