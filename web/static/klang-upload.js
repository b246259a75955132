// klang-upload.js — sends an import's file as the request body (the server reads no multipart
// forms): a form marked data-klang-upload is checked at <action>/check and, from the button the
// preview offers (data-klang-import), imported at <action>/commit. The file's name and the form's
// other fields travel in the query; the answer (an HTML fragment) replaces #import-preview.
// The form is `novalidate`: a missing file is said in Thai here, not in the browser's bubble; the
// file chosen is named in .klang-file-name; one request at a time (its buttons are disabled).
(function () {
  'use strict';
  var MAX_BYTES = 10 * 1024 * 1024;

  // The form's line under its button: progress in grey, a refusal (`bad`) as an error.
  function status(form, text, bad) {
    var line = form.querySelector('.klang-upload-status');
    if (!line) return;
    line.textContent = text;
    line.classList.toggle('error', !!bad);
    line.classList.toggle('muted', !bad);
    if (bad) line.setAttribute('role', 'alert'); else line.removeAttribute('role');
  }

  function query(form, file, step) {
    var params = new URLSearchParams();
    params.set('name', file.name);
    // The import must be of the very file and options checked: the server refuses another.
    var preview = document.getElementById('preview');
    if (step === 'commit' && preview && preview.dataset.importId) params.set('import_id', preview.dataset.importId);
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || element.type === 'file' || element.name === '_csrf' || element.disabled) return;
      if (element.value !== '') params.set(element.name, element.value);
    });
    return params.toString();
  }

  // A problem+json answer (refused before the importer ran: rights, size) as Thai text.
  function problemText(response, body) {
    try {
      var problem = JSON.parse(body);
      if (problem && problem.title) return problem.title;
    } catch (ignored) { /* not JSON */ }
    if (response.status === 413) return 'ไฟล์มีขนาดเกิน 10 MB กรุณาแบ่งเป็นหลายไฟล์';
    return 'ส่งไฟล์ไม่สำเร็จ (' + response.status + ') กรุณาลองใหม่';
  }

  function send(form, step) {
    var input = form.querySelector('input[type=file]');
    var file = input && input.files[0];
    if (!file) { status(form, 'กรุณาเลือกไฟล์', true); return; }
    if (file.size > MAX_BYTES) { status(form, 'ไฟล์มีขนาดเกิน 10 MB กรุณาแบ่งเป็นหลายไฟล์', true); return; }
    if (typeof form.reportValidity === 'function' && !form.reportValidity()) return;
    // One request at a time: a second click on นำเข้าข้อมูล would otherwise answer "imported
    // before" over the first one's "imported".
    if (form.getAttribute('aria-busy') === 'true') return;
    var buttons = Array.prototype.slice.call(form.querySelectorAll('button'))
      .concat(Array.prototype.slice.call(document.querySelectorAll('[data-klang-import]')));
    function busy(on) {
      if (on) form.setAttribute('aria-busy', 'true'); else form.removeAttribute('aria-busy');
      buttons.forEach(function (button) { button.disabled = on; });
    }
    busy(true);
    status(form, step === 'commit' ? 'กำลังนำเข้า…' : 'กำลังตรวจไฟล์…');
    var target = document.getElementById('import-preview');
    fetch(form.getAttribute('action') + '/' + step + '?' + query(form, file, step), {
      method: 'POST',
      body: file,
      credentials: 'same-origin',
      headers: {'Content-Type': 'application/octet-stream', 'X-CSRF-Token': form.dataset.csrf,
                // Not text/html: a refusal then comes as problem+json (its Thai title is shown),
                // not as a whole error page inside the preview.
                'HX-Request': 'true', 'Accept': '*/*'}
    }).then(function (response) {
      return response.text().then(function (body) {
        var type = response.headers.get('Content-Type') || '';
        busy(false);
        if (type.indexOf('text/html') === 0 && (response.ok || response.status === 422)) {
          target.innerHTML = body;
          status(form, '');
        } else {
          target.innerHTML = '';
          status(form, problemText(response, body), true);
        }
      });
    }).catch(function () {
      busy(false);
      status(form, 'ติดต่อเครื่องแม่ข่ายไม่ได้ กรุณาลองใหม่', true);
    });
  }

  document.addEventListener('submit', function (event) {
    var form = event.target.closest && event.target.closest('form[data-klang-upload]');
    if (!form) return;
    event.preventDefault();
    send(form, 'check');
  });
  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-klang-import]');
    if (!button) return;
    var form = document.querySelector(button.getAttribute('data-klang-import'));
    if (form) send(form, 'commit');
  });
  // "taxpayers.xlsx (6.6 KB)": the file chosen, in place of the browser's own English words.
  function describe(file) {
    if (!file) return 'ยังไม่ได้เลือกไฟล์';
    var size = file.size < 1024 * 1024 ? (Math.max(file.size, 1) / 1024).toFixed(1) + ' KB'
                                       : (file.size / (1024 * 1024)).toFixed(1) + ' MB';
    return file.name + ' (' + size + ')';
  }

  // A new file, or another option (date, fiscal year, title), means a new check: the preview of
  // the old one no longer applies.
  function forget(event) {
    var form = event.target.closest && event.target.closest('form[data-klang-upload]');
    if (!form) return;
    if (event.target.type === 'file') {
      var name = form.querySelector('.klang-file-name');
      if (name) name.textContent = describe(event.target.files[0]);
    }
    status(form, '');
    var target = document.getElementById('import-preview');
    if (target) target.innerHTML = '';
  }
  document.addEventListener('change', forget);
  document.addEventListener('input', forget);
}());
