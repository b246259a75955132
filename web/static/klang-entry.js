// klang-entry.js — keyboard-first entry of documents with lines (issue 18, item 9): the general
// voucher and the receipt. A form opts in with data-klang-entry; in it
//   - Enter never submits by accident: in a field it moves on to the next field, as Tab does;
//   - Enter in the last amount of a line (data-klang-line-end) goes to the first field of the
//     next line, adding a line when there is none — through the form's own add-line button
//     (data-klang-add-line): its htmx request when it has one (the voucher fetches
//     voucher_line.html), otherwise a blank copy of the last line (the receipt);
//   - Ctrl+Enter (⌘+Enter) submits the form, through the browser's checks as a click would.
// Amount fields (data-klang-amount), in any form, show a small echo of the amount as the server
// will read it when the typed text is written differently (๑,๒๓๔.๕๐ or 1234.5 → 1,234.50). The
// typed text itself is sent unchanged: the server's Money::Parse reads Thai digits and commas.
(function () {
  'use strict';

  const ENTRY_FORM = 'form[data-klang-entry]';
  const LINE = 'tr.line';

  // ---- Focus order ----

  function focusable(element) {
    if (element.disabled || element.type === 'hidden' || element.tabIndex < 0) return false;
    if (element.closest('[hidden]')) return false;
    return element.getClientRects().length > 0;
  }

  function fieldsOf(root) {
    return Array.from(root.querySelectorAll('input, select, textarea, button')).filter(focusable);
  }

  function focusNextField(form, from) {
    const fields = fieldsOf(form);
    const next = fields[fields.indexOf(from) + 1];
    if (next) next.focus();
  }

  function focusFirstField(line) {
    const first = fieldsOf(line)[0];
    if (first) first.focus();
  }

  // ---- Lines ----

  // The line an htmx add-line button was asked for: focused when htmx has put it in place.
  let awaitingLine = null;

  // Through the form's own add-line button, as a click on it would (see the click listener).
  function addLine(form, container) {
    const add = form.querySelector('[data-klang-add-line]');
    if (add) {
      add.click();
      return;
    }
    const line = copyOfLastLine(container);
    if (line) focusFirstField(line);
  }

  // A blank copy of the last line: the same choices, nothing chosen or typed.
  function copyOfLastLine(container) {
    const lines = container.querySelectorAll(LINE);
    const last = lines[lines.length - 1];
    if (!last) return null;
    const copy = last.cloneNode(true);
    copy.querySelectorAll('input').forEach((input) => {
      input.removeAttribute('value');
      input.value = '';
    });
    copy.querySelectorAll('select').forEach((select) => {
      select.querySelectorAll('option[selected]').forEach((option) => option.removeAttribute('selected'));
      select.selectedIndex = 0;
    });
    copy.querySelectorAll('textarea').forEach((textarea) => { textarea.value = ''; });
    copy.querySelectorAll('.klang-amount-echo').forEach((echo) => echo.remove());
    container.appendChild(copy);
    return copy;
  }

  function nextLineOrNew(form, field) {
    const line = field.closest(LINE);
    if (!line) return focusNextField(form, field);
    let next = line.nextElementSibling;
    while (next && !next.matches(LINE)) next = next.nextElementSibling;
    if (next) focusFirstField(next);
    else addLine(form, line.parentElement);
  }

  document.addEventListener('htmx:afterSwap', (event) => {
    if (!awaitingLine || event.detail.target !== awaitingLine) return;
    const lines = awaitingLine.querySelectorAll(LINE);
    awaitingLine = null;
    if (lines.length) focusFirstField(lines[lines.length - 1]);
  });

  // The element an htmx button swaps into, when its hx-target is a plain CSS selector.
  function targetOf(add) {
    try {
      return document.querySelector(add.getAttribute('hx-target'));
    } catch (notCss) {
      return null;  // htmx's own forms ("closest tr", "this"): fall back to the lines' container
    }
  }

  // A click on an add-line button (or Enter in a line's last amount): the htmx one fetches the
  // line and it is focused on arrival; the other copies the last line here.
  document.addEventListener('click', (event) => {
    const add = event.target.closest && event.target.closest('[data-klang-add-line]');
    const first = add && add.form && add.form.querySelector(LINE);
    if (!first) return;
    if (add.hasAttribute('hx-get')) {
      awaitingLine = targetOf(add) || first.parentElement;
      return;
    }
    event.preventDefault();
    const line = copyOfLastLine(first.parentElement);
    if (line) focusFirstField(line);
  });

  // ---- Keys ----

  function submitForm(form) {
    const submitter = form.querySelector('button[type=submit], button:not([type]), input[type=submit]');
    if (typeof form.requestSubmit === 'function') form.requestSubmit(submitter || undefined);
    else if (submitter) submitter.click();
  }

  // Fields where Enter would submit the form: single-line inputs and check boxes.
  function entersSubmit(element) {
    if (element.tagName !== 'INPUT') return false;
    return !['button', 'submit', 'reset', 'image', 'file', 'hidden'].includes(element.type);
  }

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || event.defaultPrevented || event.isComposing || event.altKey) return;
    const target = event.target;
    const form = target.closest && target.closest(ENTRY_FORM);
    if (!form) return;
    if (event.ctrlKey || event.metaKey) {
      event.preventDefault();
      submitForm(form);
      return;
    }
    if (event.shiftKey || !entersSubmit(target)) return;  // textarea, select, buttons: as usual
    event.preventDefault();
    if (target.matches('[data-klang-line-end]')) nextLineOrNew(form, target);
    else focusNextField(form, target);
  });

  // ---- Amount echo: how the server will read the typed amount ----

  // The same rules as Money::Parse (src/core/money.cc): optional minus, Thai or Arabic digits,
  // commas only as thousands separators, at most two decimals. Returns satang or null.
  function readAmount(text) {
    const clean = text.trim().replace(/[\u0E50-\u0E59]/g, (digit) => String(digit.charCodeAt(0) - 0x0E50));
    const match = /^(-?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$/.exec(clean);
    if (!match) return null;
    const baht = match[2].replace(/,/g, '');
    const satang = (match[3] || '').padEnd(2, '0');
    if (baht.length > 16) return null;  // the server answers for amounts this large
    return { negative: match[1] === '-', baht: baht.replace(/^0+(?=\d)/, ''), satang: satang };
  }

  function formatAmount(amount) {
    const grouped = amount.baht.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return `${amount.negative ? '-' : ''}${grouped}.${amount.satang}`;
  }

  function echoOf(input) {
    let echo = input.nextElementSibling;
    if (echo && echo.classList.contains('klang-amount-echo')) return echo;
    echo = document.createElement('span');
    echo.className = 'klang-amount-echo';
    input.insertAdjacentElement('afterend', echo);
    return echo;
  }

  function updateEcho(input) {
    const text = input.value.trim();
    const amount = text === '' ? null : readAmount(text);
    const shown = amount ? formatAmount(amount) : '';
    const echo = input.nextElementSibling && input.nextElementSibling.classList.contains('klang-amount-echo')
      ? input.nextElementSibling : null;
    if (text === '' || shown === text) {
      if (echo) echo.remove();
      return;
    }
    const target = echo || echoOf(input);
    target.classList.toggle('bad', !amount);
    target.textContent = amount ? `= ${shown} บาท` : 'อ่านจำนวนเงินไม่ได้ (พิมพ์เช่น 1,234.50)';
  }

  document.addEventListener('input', (event) => {
    if (event.target.matches && event.target.matches('input[data-klang-amount]')) updateEcho(event.target);
  });

  function echoAll(root) {
    if (root && root.querySelectorAll) root.querySelectorAll('input[data-klang-amount]').forEach(updateEcho);
  }

  // ---- Start ----

  function start() {
    echoAll(document.body);
    // Lines without an htmx path are added here: show the form's add-line button.
    document.querySelectorAll('[data-klang-add-line][hidden]').forEach((add) => add.removeAttribute('hidden'));
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  document.addEventListener('htmx:load', (event) => echoAll(event.target));
}());
