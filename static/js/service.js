// Progressive enhancement only: every page works without this file.
import { initAll } from 'govuk-frontend' // mapped to a fingerprinted URL in base.html

initAll()

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
