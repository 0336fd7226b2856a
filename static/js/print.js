// "Print or save your answers" on check your answers (issue 16): shown only where JavaScript can print;
// without it, the page says to use the browser's print option.
document.querySelectorAll('[data-module="app-print"]').forEach((button) => {
  button.hidden = false
  button.addEventListener('click', () => window.print())
  const fallback = button.parentElement.querySelector('.app-print-fallback')
  if (fallback) fallback.hidden = true
})
