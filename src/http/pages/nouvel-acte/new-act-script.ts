// The small script that enhances the « Nouvel acte » form (which works without it): live objet counter,
// classification search as you type, typology lists narrowed by nature, drag and drop, upload progress.
import { SafeHtml } from '../../ui/html.ts';

const SCRIPT = `(function () {
  var form = document.getElementById('form-acte');
  if (!form) return;
  var summary = document.getElementById('erreurs');
  if (summary) summary.focus();

  var objet = document.getElementById('objet');
  var counter = document.getElementById('objet-compteur');
  function count() {
    var n = Array.from(objet.value).length;
    counter.textContent = n + ' / 500 caractères' + (n > 500 ? ' : ' + (n - 500) + ' de trop, raccourcissez l’objet' : '');
    counter.classList.toggle('over', n > 500);
  }
  counter.hidden = false; objet.addEventListener('input', count); count();

  var select = document.getElementById('classification');
  var search = document.getElementById('recherche-matiere');
  var status = document.getElementById('recherche-statut');
  var timer = null;
  function runSearch() {
    var q = search.value.trim();
    if (!q) return;
    fetch(form.dataset.recherche + '?q=' + encodeURIComponent(q), { headers: { accept: 'application/json' }, credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var kept = select.value;
        select.textContent = '';
        var head = document.createElement('option');
        head.value = '';
        head.textContent = data.items.length ? data.items.length + ' résultat(s) pour « ' + q + ' » : choisissez' : 'Aucun résultat pour « ' + q + ' »';
        select.appendChild(head);
        data.items.forEach(function (it) {
          var o = document.createElement('option');
          o.value = it.code; o.textContent = it.label; o.selected = it.code === kept;
          select.appendChild(o);
        });
        status.textContent = head.textContent;
      })
      .catch(function () { status.textContent = 'La recherche n’a pas abouti : utilisez le bouton Rechercher.'; });
  }
  document.getElementById('bouton-recherche').addEventListener('click', function (e) { e.preventDefault(); runSearch(); });
  search.addEventListener('keydown', function (e) { if (e.key === 'Enter') { e.preventDefault(); runSearch(); } });
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(runSearch, 300); });

  var typologies = JSON.parse(form.dataset.typologies || '{}');
  var nature = document.getElementById('nature');
  function narrow() {
    var list = typologies[nature.value];
    if (!list) return;
    ['typologie', 'typologieAnnexes'].forEach(function (id) {
      var s = document.getElementById(id);
      var kept = s.value;
      s.textContent = '';
      var first = document.createElement('option'); first.value = ''; first.textContent = s.dataset.conseil; s.appendChild(first);
      list.forEach(function (t) {
        var o = document.createElement('option'); o.value = t[0]; o.textContent = t[0] + ' — ' + t[1]; o.selected = t[0] === kept;
        s.appendChild(o);
      });
    });
  }
  nature.addEventListener('change', narrow);

  Array.prototype.forEach.call(form.querySelectorAll('.dropzone'), function (zone) {
    var input = zone.querySelector('input[type=file]');
    zone.addEventListener('dragover', function (e) { e.preventDefault(); zone.classList.add('over'); });
    zone.addEventListener('dragleave', function () { zone.classList.remove('over'); });
    zone.addEventListener('drop', function (e) {
      e.preventDefault(); zone.classList.remove('over');
      var dt = new DataTransfer();
      if (input.multiple) Array.prototype.forEach.call(input.files, function (f) { dt.items.add(f); });
      Array.prototype.slice.call(e.dataTransfer.files, 0, input.multiple ? 200 : 1).forEach(function (f) { dt.items.add(f); });
      input.files = dt.files;
      input.dispatchEvent(new Event('change', { bubbles: true }));
    });
  });

  var box = document.getElementById('progression');
  var bar = document.getElementById('barre-envoi');
  var text = document.getElementById('progression-texte');
  form.addEventListener('submit', function (e) {
    var by = e.submitter;
    if (by && by.getAttribute('formmethod') === 'get') return;
    if (!window.FormData || !window.XMLHttpRequest) return;
    e.preventDefault();
    var data = new FormData(form);
    if (by && by.name) data.append(by.name, by.value);
    var buttons = form.querySelectorAll('button');
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    box.hidden = false; text.textContent = 'Envoi en cours…';
    var xhr = new XMLHttpRequest();
    xhr.open('POST', form.getAttribute('action')); // form.action is the « action » buttons
    xhr.upload.addEventListener('progress', function (ev) {
      if (!ev.lengthComputable) return;
      var pct = Math.round((ev.loaded / ev.total) * 100);
      bar.value = pct;
      text.textContent = pct < 100 ? 'Envoi des fichiers : ' + pct + ' %' : 'Fichiers reçus, vérification en cours…';
    });
    xhr.addEventListener('load', function () {
      document.open(); document.write(xhr.responseText); document.close();
      window.scrollTo(0, 0);
    });
    xhr.addEventListener('error', function () {
      Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; });
      text.textContent = 'L’envoi a été interrompu (connexion perdue ?). Rien n’a été enregistré : réessayez.';
    });
    xhr.send(data);
  });
})();`;

export const NEW_ACT_SCRIPT = new SafeHtml(SCRIPT);
