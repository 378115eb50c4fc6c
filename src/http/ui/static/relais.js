// Relais — small enhancements; every page works without them.
document.addEventListener('submit', (e) => {
  const form = e.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== 'post') return;
  // One click, one send: a slow upload clicked twice must not post twice.
  setTimeout(() => {
    for (const b of form.querySelectorAll('button[type=submit]')) b.disabled = true;
  }, 0);
});
for (const all of document.querySelectorAll('input[data-select-all]')) {
  all.hidden = false;
  const label = document.querySelector(`label[for="${all.id}"]`);
  if (label) label.hidden = false;
  all.addEventListener('change', () => {
    for (const box of document.querySelectorAll(`input[name="${all.dataset.selectAll}"]`))
      box.checked = all.checked;
  });
}
