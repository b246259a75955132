// klang-date.js — dates as Thai staff write them (issue 18, item 8).
//
// Every date field of the templates is written as
//   <input type="text" data-klang-date name="date" value="2026-12-04" min="…" max="…" required>
// (data-klang-date="month" for a month, ="datetime" for a date and a time). Without this script
// the field is a plain text box holding the ISO value the server reads. With it:
//   - the field shows and accepts วว/ดด/ปปปป in the Buddhist Era (04/12/2569), with Thai or
//     Arabic digits, a two-digit year (4/12/69) or a Thai month name (4 ธ.ค. 2569);
//   - a hidden input takes over the field's name and carries the ISO value (2026-12-04), so
//     plain form posts and htmx alike send what the server always read, under the same name;
//   - a date that does not exist (31/02/2569) or lies outside min/max is shown as a Thai error
//     next to the field, and the field is marked invalid, so the browser (and htmx) refuse to
//     submit the form instead of sending some other date;
//   - a calendar with Thai month names and BE years opens from the button beside the field or
//     with Alt+ArrowDown (or ArrowDown) in it, and is driven by the keyboard alone.
// Inputs still of type date, month or datetime-local are converted too, so Chromium's own
// mm/dd/yyyy picker never shows. Fields arriving by htmx are enhanced on htmx:load.
//
// No framework, no dependency: plain ES2017 in one closure.
(function () {
  'use strict';

  const MONTHS = ['มกราคม', 'กุมภาพันธ์', 'มีนาคม', 'เมษายน', 'พฤษภาคม', 'มิถุนายน',
                  'กรกฎาคม', 'สิงหาคม', 'กันยายน', 'ตุลาคม', 'พฤศจิกายน', 'ธันวาคม'];
  const MONTHS_SHORT = ['ม.ค.', 'ก.พ.', 'มี.ค.', 'เม.ย.', 'พ.ค.', 'มิ.ย.',
                        'ก.ค.', 'ส.ค.', 'ก.ย.', 'ต.ค.', 'พ.ย.', 'ธ.ค.'];
  const WEEKDAYS_SHORT = ['อา', 'จ', 'อ', 'พ', 'พฤ', 'ศ', 'ส'];
  const WEEKDAYS = ['อาทิตย์', 'จันทร์', 'อังคาร', 'พุธ', 'พฤหัสบดี', 'ศุกร์', 'เสาร์'];
  const BE_OFFSET = 543;
  // Years a clerk may mean: BE 2400–2799 (CE 1857–2256). A year typed below that is most likely
  // a Christian-era year and is refused with a hint rather than read as a year of long ago.
  const BE_FIRST = 2400;
  const BE_LAST = 2799;
  const DAY_MS = 86400000;

  const KINDS = {
    date: { placeholder: 'วว/ดด/ปปปป', example: '04/12/2569', noun: 'วันที่' },
    month: { placeholder: 'ดด/ปปปป', example: '12/2569', noun: 'เดือน' },
    datetime: { placeholder: 'วว/ดด/ปปปป ชช:นน', example: '04/12/2569 09:30', noun: 'วันเวลา' },
  };
  const SELECTOR = 'input[data-klang-date], input[type=date], input[type=month], input[type=datetime-local]';

  let fieldCount = 0;

  // ---- Calendar arithmetic on plain {y, m, d} (CE year, month 1–12), free of time zones. ----

  function pad2(number) {
    return String(number).padStart(2, '0');
  }

  function daysInMonth(year, month) {
    return new Date(Date.UTC(year, month, 0)).getUTCDate();
  }

  function dayNumber(day) {
    return Math.round(Date.UTC(day.y, day.m - 1, day.d) / DAY_MS);
  }

  function fromDayNumber(number) {
    const date = new Date(number * DAY_MS);
    return { y: date.getUTCFullYear(), m: date.getUTCMonth() + 1, d: date.getUTCDate() };
  }

  function weekdayOf(day) {
    return new Date(Date.UTC(day.y, day.m - 1, day.d)).getUTCDay();
  }

  // The same day `months` months on, kept within the month (31 มี.ค. − 1 month = 28/29 ก.พ.).
  function addMonths(day, months) {
    const index = day.y * 12 + (day.m - 1) + months;
    const y = Math.floor(index / 12);
    const m = index - y * 12 + 1;
    return { y: y, m: m, d: Math.min(day.d || 1, daysInMonth(y, m)) };
  }

  // Today in Thailand, whatever the computer's own time zone says.
  function todayInThailand() {
    try {
      const text = new Intl.DateTimeFormat('en-CA', {
        timeZone: 'Asia/Bangkok', year: 'numeric', month: '2-digit', day: '2-digit',
      }).format(new Date());
      const parsed = parseIso(text, 'date');
      if (parsed) return parsed;
    } catch (ignored) {
      // An old browser without time-zone data: the computer's own date.
    }
    const now = new Date();
    return { y: now.getFullYear(), m: now.getMonth() + 1, d: now.getDate() };
  }

  // ---- ISO values, as the server writes and reads them. ----

  function parseIso(text, kind) {
    const value = String(text || '').trim();
    let match;
    if (kind === 'month') {
      match = /^(\d{4})-(\d{2})$/.exec(value);
      if (!match) return null;
      const month = { y: +match[1], m: +match[2] };
      return month.m >= 1 && month.m <= 12 ? month : null;
    }
    if (kind === 'datetime') {
      match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/.exec(value);
    } else {
      match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    }
    if (!match) return null;
    const day = { y: +match[1], m: +match[2], d: +match[3] };
    if (day.m < 1 || day.m > 12 || day.d < 1 || day.d > daysInMonth(day.y, day.m)) return null;
    if (kind === 'datetime') {
      day.hh = +match[4];
      day.mm = +match[5];
      if (day.hh > 23 || day.mm > 59) return null;
    }
    return day;
  }

  function toIso(value, kind) {
    const month = `${String(value.y).padStart(4, '0')}-${pad2(value.m)}`;
    if (kind === 'month') return month;
    const day = `${month}-${pad2(value.d)}`;
    return kind === 'datetime' ? `${day}T${pad2(value.hh)}:${pad2(value.mm)}` : day;
  }

  // ---- What the clerk sees: วว/ดด/ปปปป in the Buddhist Era. ----

  function display(value, kind) {
    const monthYear = `${pad2(value.m)}/${value.y + BE_OFFSET}`;
    if (kind === 'month') return monthYear;
    const day = `${pad2(value.d)}/${monthYear}`;
    return kind === 'datetime' ? `${day} ${pad2(value.hh)}:${pad2(value.mm)}` : day;
  }

  function longThai(day) {
    return `${day.d} ${MONTHS[day.m - 1]} ${day.y + BE_OFFSET}`;
  }

  function arabicDigits(text) {
    return text.replace(/[\u0E50-\u0E59]/g, (digit) => String(digit.charCodeAt(0) - 0x0E50));
  }

  // A Thai month written in full (ธันวาคม) or short, with or without dots (ธ.ค., ธค): 1–12, or 0.
  function monthByName(word) {
    const bare = word.replace(/[.\s]/g, '');
    for (let index = 0; index < 12; index += 1) {
      if (bare === MONTHS[index] || bare === MONTHS_SHORT[index].replace(/\./g, '')) return index + 1;
    }
    return 0;
  }

  // A BE year as typed: four digits, or two (69 = 2569). Returns {year} or {error}.
  function readYear(text) {
    let year = parseInt(text, 10);
    if (text.length === 2) year += 2500;
    if (year >= BE_FIRST && year <= BE_LAST) return { year: year - BE_OFFSET };
    if (year >= 1900 && year < BE_FIRST) {
      return { error: `ปี ${year} เป็นปีคริสต์ศักราช — กรุณาพิมพ์ปีพุทธศักราช เช่น ${year + BE_OFFSET}` };
    }
    return { error: `ปี ${text} ไม่ใช่ปีพุทธศักราชที่ใช้ได้ (เช่น 2569)` };
  }

  function formatError(kind) {
    return `กรุณาพิมพ์${KINDS[kind].noun}เป็น ${KINDS[kind].placeholder} (ปี พ.ศ.) เช่น ${KINDS[kind].example}`;
  }

  // "12/2569", "๑๒/๒๕๖๙", "ธันวาคม 2569", "ธ.ค. 69": {value: {y, m}} or {error}.
  function readMonth(text) {
    let match = /^(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})$/.exec(text);
    let month = 0;
    if (match) {
      month = parseInt(match[1], 10);
      if (month < 1 || month > 12) return { error: `ไม่มีเดือนที่ ${match[1]} — เดือนต้องอยู่ระหว่าง 1 ถึง 12` };
    } else {
      match = /^([^\d]+?)\s*(\d{4}|\d{2})$/.exec(text);
      month = match ? monthByName(match[1]) : 0;
      if (!month) return { error: formatError('month') };
    }
    const year = readYear(match[2]);
    if (year.error) return year;
    return { value: { y: year.year, m: month } };
  }

  // "4/12/2569", "04-12-69", "๔/๑๒/๒๕๖๙", "4 ธ.ค. 2569", "4 ธันวาคม พ.ศ. 2569".
  function readDate(text) {
    let match = /^(\d{1,2})\s*[/.\- ]\s*(\d{1,2})\s*[/.\- ]\s*(\d{4}|\d{2})$/.exec(text);
    let monthText;
    let month = 0;
    if (match) {
      monthText = match[2];
      month = parseInt(monthText, 10);
      if (month < 1 || month > 12) return { error: `ไม่มีเดือนที่ ${monthText} — เดือนต้องอยู่ระหว่าง 1 ถึง 12` };
    } else {
      match = /^(\d{1,2})\s*([^\d]+?)\s*(\d{4}|\d{2})$/.exec(text);
      month = match ? monthByName(match[2]) : 0;
      if (!month) return { error: formatError('date') };
    }
    const year = readYear(match[3]);
    if (year.error) return year;
    const day = parseInt(match[1], 10);
    const last = daysInMonth(year.year, month);
    if (day < 1 || day > last) {
      return {
        error: `ไม่มีวันที่ ${day} ${MONTHS[month - 1]} ${year.year + BE_OFFSET} (เดือนนี้มี ${last} วัน)`,
      };
    }
    return { value: { y: year.year, m: month, d: day } };
  }

  // "4/12/2569 9:30", "04/12/2569 09.30 น.": a date as above, a space, and a time of day.
  function readDateTime(text) {
    const match = /^(.+?)\s+(?:เวลา\s*)?(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*น\.?)?$/.exec(text);
    if (!match) {
      const dateOnly = readDate(text);
      if (dateOnly.value) return { error: `กรุณาพิมพ์เวลาต่อท้ายวันที่ เช่น ${display(dateOnly.value, 'date')} 09:30` };
      return { error: formatError('datetime') };
    }
    const date = readDate(match[1]);
    if (date.error) return date;
    const hh = parseInt(match[2], 10);
    const mm = parseInt(match[3], 10);
    if (hh > 23 || mm > 59) return { error: `เวลา ${match[2]}:${match[3]} ไม่มีจริง — ชั่วโมง 0–23 นาที 0–59` };
    date.value.hh = hh;
    date.value.mm = mm;
    return date;
  }

  // What the clerk typed: {empty: true}, {value} or {error} (a Thai sentence).
  function readTyped(raw, kind) {
    const text = arabicDigits(String(raw || '')).replace(/พ\.\s*ศ\.?/g, ' ').replace(/\s+/g, ' ').trim();
    if (text === '') return { empty: true };
    if (kind === 'month') return readMonth(text);
    if (kind === 'datetime') return readDateTime(text);
    return readDate(text);
  }

  function compareValues(a, b, kind) {
    return toIso(a, kind) < toIso(b, kind) ? -1 : toIso(a, kind) > toIso(b, kind) ? 1 : 0;
  }

  // ---- One enhanced field. ----

  function kindOf(input) {
    const asked = input.getAttribute('data-klang-date');
    if (asked && KINDS[asked]) return asked;
    const type = (input.getAttribute('type') || '').toLowerCase();
    if (type === 'month') return 'month';
    if (type === 'datetime-local') return 'datetime';
    return 'date';
  }

  function boundOf(input, attribute, kind) {
    return parseIso(input.getAttribute(attribute), kind);
  }

  // Checks the typed text against the kind, min, max and required: the ISO value or the error.
  function judge(field) {
    const input = field.input;
    const read = readTyped(input.value, field.kind);
    const noun = field.noun;
    if (read.empty) {
      return input.required ? { iso: '', error: `กรุณากรอก${noun}` } : { iso: '', error: '' };
    }
    if (read.error) return { iso: null, error: read.error };
    const min = boundOf(input, 'min', field.kind);
    const max = boundOf(input, 'max', field.kind);
    if (min && compareValues(read.value, min, field.kind) < 0) {
      return { iso: null, error: `${noun}ต้องไม่ก่อน ${display(min, field.kind)}` };
    }
    if (max && compareValues(read.value, max, field.kind) > 0) {
      return { iso: null, error: `${noun}ต้องไม่หลัง ${display(max, field.kind)}` };
    }
    return { iso: toIso(read.value, field.kind), value: read.value, error: '' };
  }

  // Copies the typed text into the hidden ISO field. A text that is not a date is passed on as
  // it is (the server refuses it) — never an empty value an optional field would read as "none",
  // never another date. The browser will not submit meanwhile: the field is invalid.
  function sync(field, showError) {
    const verdict = judge(field);
    field.hidden.value = verdict.iso === null ? field.input.value : verdict.iso;
    field.input.setCustomValidity(verdict.error);
    if (showError || field.errorShown) showErrorOf(field, verdict.error);
    return verdict;
  }

  function showErrorOf(field, message) {
    field.error.textContent = message;
    field.errorShown = message !== '';
    if (message) field.input.setAttribute('aria-invalid', 'true');
    else field.input.removeAttribute('aria-invalid');
  }

  // After the clerk leaves the field: a good date is written out in full (4/12/69 → 04/12/2569),
  // a bad one is said in Thai beside it.
  function commit(field) {
    const verdict = sync(field, true);
    if (verdict.value) {
      const shown = display(verdict.value, field.kind);
      if (field.input.value !== shown) field.input.value = shown;
    }
  }

  function calendarIcon() {
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    svg.setAttribute('viewBox', '0 0 16 16');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const shapes = [
      ['rect', { x: '1.5', y: '3', width: '13', height: '11.5', rx: '1.5', fill: 'none', stroke: 'currentColor' }],
      ['path', { d: 'M1.5 6.5h13M5 1.5v3M11 1.5v3', stroke: 'currentColor', fill: 'none' }],
      ['path', { d: 'M4 9h2v2H4zM7 9h2v2H7zM10 9h2v2h-2z', fill: 'currentColor' }],
    ];
    for (const [tag, attributes] of shapes) {
      const shape = document.createElementNS('http://www.w3.org/2000/svg', tag);
      for (const name of Object.keys(attributes)) shape.setAttribute(name, attributes[name]);
      svg.appendChild(shape);
    }
    return svg;
  }

  // The pieces around one field: the hidden ISO field that takes over its name, the calendar
  // button and the place for the error, put in place around the input.
  function buildField(input, kind, name) {
    fieldCount += 1;
    const hidden = document.createElement('input');
    hidden.type = 'hidden';
    if (name) hidden.name = name;
    hidden.setAttribute('data-klang-date-value', kind);
    if (input.getAttribute('form')) hidden.setAttribute('form', input.getAttribute('form'));

    const open = document.createElement('button');
    open.type = 'button';
    open.className = 'klang-date-open';
    // Out of the tab order: the keyboard opens the calendar from the field itself.
    open.tabIndex = -1;
    open.title = 'เปิดปฏิทิน (หรือกด Alt+ลูกศรลงในช่อง)';
    open.setAttribute('aria-label', 'เปิดปฏิทิน');
    open.appendChild(calendarIcon());

    const error = document.createElement('span');
    error.className = 'klang-date-error';
    error.id = `klang-date-${fieldCount}-error`;
    // Read through aria-describedby only: inside the label it would otherwise become part of
    // the field's name.
    error.setAttribute('aria-hidden', 'true');

    const wrapper = document.createElement('span');
    wrapper.className = 'klang-date';
    input.parentNode.insertBefore(wrapper, input);
    wrapper.appendChild(input);
    wrapper.appendChild(open);
    wrapper.appendChild(hidden);
    wrapper.insertAdjacentElement('afterend', error);
    return { input: input, hidden: hidden, open: open, error: error, kind: kind,
             noun: KINDS[kind].noun, errorShown: false };
  }

  // The visible input becomes a plain text box without a name (the browser's own date input
  // shows mm/dd/yyyy CE), described by its error.
  function takeOverInput(field, name) {
    const input = field.input;
    if (input.type !== 'text') input.type = 'text';
    if (name) {
      input.removeAttribute('name');
      input.setAttribute('data-klang-name', name);
    }
    input.setAttribute('data-klang-date', field.kind);
    input.placeholder = input.placeholder || KINDS[field.kind].placeholder;
    input.autocomplete = 'off';
    input.spellcheck = false;
    input.setAttribute('aria-haspopup', 'dialog');
    input.setAttribute('aria-expanded', 'false');
    const described = (input.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
    described.push(field.error.id);
    input.setAttribute('aria-describedby', described.join(' '));
    input.classList.add('klang-date-text');
  }

  // The template's value is ISO (value="{{today}}"); a value the browser restored, or the server
  // echoed back as typed, is read as Thai — and said wrong at once if it is.
  function showInitialValue(field, initial) {
    const input = field.input;
    const iso = parseIso(initial, field.kind);
    if (iso) input.value = display(iso, field.kind);
    const verdict = sync(field, initial !== '' && !iso);
    if (verdict.value) input.value = display(verdict.value, field.kind);
    input.defaultValue = input.value;
    field.hidden.defaultValue = field.hidden.value;
  }

  function listen(field) {
    const input = field.input;
    input.addEventListener('input', () => sync(field, false));
    input.addEventListener('change', () => commit(field));
    input.addEventListener('blur', () => { if (input.value !== '') commit(field); });
    input.addEventListener('invalid', () => showErrorOf(field, input.validationMessage || judge(field).error));
    input.addEventListener('keydown', (event) => onFieldKey(field, event));
    field.open.addEventListener('click', () => {
      if (picker.field === field) closePicker(true);
      else openPicker(field);
    });
    if (input.form) {
      input.form.addEventListener('reset', () => setTimeout(() => { showErrorOf(field, ''); sync(field, false); }, 0));
    }
  }

  function enhance(input) {
    if (input.klangDate || input.type === 'hidden') return;
    const hadFocus = document.activeElement === input;  // moving it below takes the focus away
    const initial = input.value;
    const name = input.getAttribute('name');
    const field = buildField(input, kindOf(input), name);
    input.klangDate = field;
    takeOverInput(field, name);
    showInitialValue(field, initial);
    listen(field);
    if (hadFocus) input.focus();
  }

  function onFieldKey(field, event) {
    if (event.key === 'ArrowDown' && !event.ctrlKey && !event.metaKey && !event.shiftKey) {
      event.preventDefault();
      openPicker(field);
    }
  }

  function enhanceWithin(root) {
    if (!root || !root.querySelectorAll) return;
    if (root.matches && root.matches(SELECTOR)) enhance(root);
    root.querySelectorAll(SELECTOR).forEach(enhance);
  }

  // ---- The calendar: one at a time, attached to the page body, placed under its field. ----

  const picker = { element: null, field: null, cursor: null };

  function button(className, label, text) {
    const element = document.createElement('button');
    element.type = 'button';
    element.className = className;
    if (label) element.setAttribute('aria-label', label);
    element.textContent = text;
    return element;
  }

  function openPicker(field) {
    if (picker.field) closePicker(false);
    const verdict = judge(field);
    const fallback = field.kind === 'month' ? { y: todayInThailand().y, m: todayInThailand().m } : todayInThailand();
    let cursor = verdict.value || parseIso(field.hidden.value, field.kind) || fallback;
    cursor = clampToBounds(field, cursor);
    picker.field = field;
    picker.cursor = { y: cursor.y, m: cursor.m, d: cursor.d || 1 };
    picker.element = buildPicker(field);
    document.body.appendChild(picker.element);
    field.input.setAttribute('aria-expanded', 'true');
    render();
    place();
    focusCursor();
  }

  function closePicker(returnFocus) {
    if (!picker.field) return;
    const field = picker.field;
    picker.element.remove();
    picker.element = null;
    picker.field = null;
    field.input.setAttribute('aria-expanded', 'false');
    if (returnFocus) field.input.focus();
  }

  function clampToBounds(field, value) {
    const min = boundOf(field.input, 'min', field.kind);
    const max = boundOf(field.input, 'max', field.kind);
    const probe = Object.assign({ hh: 0, mm: 0 }, value);
    if (min && compareValues(probe, min, field.kind) < 0) return min;
    if (max && compareValues(probe, max, field.kind) > 0) return max;
    return value;
  }

  function buildPicker(field) {
    const month = field.kind === 'month';
    const element = document.createElement('div');
    element.className = month ? 'klang-cal klang-cal-months' : 'klang-cal';
    element.setAttribute('role', 'dialog');
    element.setAttribute('aria-modal', 'true');
    element.setAttribute('aria-label', month ? 'ปฏิทินเลือกเดือน' : 'ปฏิทิน');

    const head = document.createElement('div');
    head.className = 'klang-cal-head';
    const title = document.createElement('span');
    title.className = 'klang-cal-title';
    title.id = `${field.error.id}-title`;
    title.setAttribute('aria-live', 'polite');
    const monthName = document.createElement('span');
    monthName.className = 'klang-cal-month';
    const year = document.createElement('span');
    year.className = 'klang-cal-year';
    title.appendChild(monthName);
    title.appendChild(document.createTextNode(month ? 'พ.ศ. ' : ' '));
    title.appendChild(year);
    head.appendChild(button('klang-cal-move', 'ปีก่อนหน้า', '«')).dataset.months = '-12';
    if (!month) head.appendChild(button('klang-cal-move', 'เดือนก่อนหน้า', '‹')).dataset.months = '-1';
    head.appendChild(title);
    if (!month) head.appendChild(button('klang-cal-move', 'เดือนถัดไป', '›')).dataset.months = '1';
    head.appendChild(button('klang-cal-move', 'ปีถัดไป', '»')).dataset.months = '12';
    element.appendChild(head);

    const grid = document.createElement('table');
    grid.className = 'klang-cal-grid';
    grid.setAttribute('role', 'grid');
    grid.setAttribute('aria-labelledby', title.id);
    if (!month) {
      const headRow = document.createElement('tr');
      WEEKDAYS_SHORT.forEach((short, index) => {
        const cell = document.createElement('th');
        cell.scope = 'col';
        cell.textContent = short;
        cell.title = WEEKDAYS[index];
        headRow.appendChild(cell);
      });
      grid.appendChild(document.createElement('thead')).appendChild(headRow);
    }
    grid.appendChild(document.createElement('tbody'));
    element.appendChild(grid);

    const foot = document.createElement('div');
    foot.className = 'klang-cal-foot';
    foot.appendChild(button('klang-cal-today secondary', null, month ? 'เดือนนี้' : 'วันนี้'));
    foot.appendChild(button('klang-cal-close secondary', null, 'ปิด'));
    element.appendChild(foot);
    const help = document.createElement('p');
    help.className = 'klang-cal-help';
    help.textContent = month
      ? 'ลูกศร: เลื่อนเดือน · PageUp/PageDown: เปลี่ยนปี · Enter: เลือก · Esc: ปิด'
      : 'ลูกศร: เลื่อนวัน · PageUp/PageDown: เปลี่ยนเดือน · Shift+PageUp/PageDown: เปลี่ยนปี · Enter: เลือก · Esc: ปิด';
    element.appendChild(help);

    element.addEventListener('keydown', onPickerKey);
    element.addEventListener('click', onPickerClick);
    return element;
  }

  function isDisabled(field, value) {
    const min = boundOf(field.input, 'min', field.kind);
    const max = boundOf(field.input, 'max', field.kind);
    // A datetime's day is allowed when any moment of it is: compare the days alone.
    const kind = field.kind === 'datetime' ? 'date' : field.kind;
    if (min && compareValues(value, min, kind) < 0) return true;
    if (max && compareValues(value, max, kind) > 0) return true;
    return false;
  }

  function render() {
    const field = picker.field;
    const cursor = picker.cursor;
    const element = picker.element;
    element.querySelector('.klang-cal-month').textContent = field.kind === 'month' ? '' : MONTHS[cursor.m - 1];
    const year = element.querySelector('.klang-cal-year');
    year.textContent = String(cursor.y + BE_OFFSET);
    year.setAttribute('data-be-year', String(cursor.y + BE_OFFSET));
    const body = element.querySelector('tbody');
    body.textContent = '';
    const chosen = judge(field).value;
    const today = todayInThailand();
    if (field.kind === 'month') renderMonths(body, field, cursor, chosen, today);
    else renderDays(body, field, cursor, chosen, today);
  }

  function dayButton(text, label, current, chosen, today, disabled) {
    const element = button('klang-cal-day', label, text);
    element.tabIndex = current ? 0 : -1;
    if (chosen) element.setAttribute('aria-pressed', 'true');
    if (today) element.classList.add('today');
    if (current) element.classList.add('current');
    if (disabled) {
      element.setAttribute('aria-disabled', 'true');
      element.classList.add('off');
    }
    return element;
  }

  function renderDays(body, field, cursor, chosen, today) {
    const first = { y: cursor.y, m: cursor.m, d: 1 };
    const lead = weekdayOf(first);
    const last = daysInMonth(cursor.y, cursor.m);
    let row = null;
    for (let slot = 0; slot < lead + last; slot += 1) {
      if (slot % 7 === 0) row = body.appendChild(document.createElement('tr'));
      const cell = row.appendChild(document.createElement('td'));
      if (slot < lead) continue;
      const day = { y: cursor.y, m: cursor.m, d: slot - lead + 1 };
      cell.setAttribute('role', 'gridcell');
      const same = (other) => other && other.y === day.y && other.m === day.m && other.d === day.d;
      const element = dayButton(String(day.d), `${WEEKDAYS[weekdayOf(day)]}ที่ ${longThai(day)}`,
                                day.d === cursor.d, same(chosen), same(today), isDisabled(field, day));
      element.dataset.iso = toIso(day, 'date');
      cell.appendChild(element);
    }
    while (row && row.children.length < 7) row.appendChild(document.createElement('td'));
  }

  function renderMonths(body, field, cursor, chosen, today) {
    let row = null;
    for (let month = 1; month <= 12; month += 1) {
      if ((month - 1) % 3 === 0) row = body.appendChild(document.createElement('tr'));
      const cell = row.appendChild(document.createElement('td'));
      cell.setAttribute('role', 'gridcell');
      const value = { y: cursor.y, m: month };
      const same = (other) => other && other.y === value.y && other.m === value.m;
      const element = dayButton(MONTHS[month - 1], `${MONTHS[month - 1]} ${value.y + BE_OFFSET}`,
                                month === cursor.m, same(chosen), same(today), isDisabled(field, value));
      element.dataset.iso = toIso(value, 'month');
      cell.appendChild(element);
    }
  }

  // Under the field, or above it when the window has no room below and has room above.
  function place() {
    const rect = picker.field.input.getBoundingClientRect();
    const element = picker.element;
    const width = element.offsetWidth;
    const height = element.offsetHeight;
    const left = Math.max(4, Math.min(rect.left, document.documentElement.clientWidth - width - 4));
    const below = rect.bottom + 4 + height <= window.innerHeight || rect.top - 4 - height < 0;
    element.style.left = `${left + window.scrollX}px`;
    element.style.top = `${(below ? rect.bottom + 4 : rect.top - 4 - height) + window.scrollY}px`;
  }

  function focusCursor() {
    const current = picker.element && picker.element.querySelector('.klang-cal-day.current');
    if (current) current.focus();
  }

  // Moves the highlighted day (or month) and shows its month, keeping focus in the grid.
  function moveCursor(days, months) {
    let cursor = picker.cursor;
    if (months) cursor = addMonths(cursor, months);
    if (days) cursor = fromDayNumber(dayNumber(cursor) + days);
    picker.cursor = cursor;
    render();
    focusCursor();
  }

  function pick(isoText) {
    const field = picker.field;
    const kind = field.kind;
    let value = parseIso(isoText, kind === 'datetime' ? 'date' : kind);
    if (!value || isDisabled(field, value)) return;
    if (kind === 'datetime') {
      // The time already typed stays; without one the clerk types it next.
      const typed = readTyped(field.input.value, 'datetime').value;
      if (typed) value = Object.assign(value, { hh: typed.hh, mm: typed.mm });
    }
    const complete = kind !== 'datetime' || value.hh !== undefined;
    field.input.value = complete ? display(value, kind) : `${display(value, 'date')} `;
    closePicker(true);
    sync(field, complete);
    // Listeners of the form (htmx triggers, live totals) learn of the change as if typed; a
    // datetime still waiting for its time is committed when the clerk leaves the field.
    field.input.dispatchEvent(new Event('input', { bubbles: true }));
    if (complete) field.input.dispatchEvent(new Event('change', { bubbles: true }));
  }

  const DAY_KEYS = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -7, ArrowDown: 7 };
  const MONTH_KEYS = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -3, ArrowDown: 3 };

  function onPickerKey(event) {
    const months = picker.field.kind === 'month';
    const key = event.key;
    const inGrid = event.target.classList.contains('klang-cal-day');
    let handled = true;
    if (key === 'Escape') {
      closePicker(true);
    } else if (key === 'Tab') {
      trapTab(event);
      return;
    } else if ((key === 'PageUp' || key === 'PageDown') && !event.altKey && !event.ctrlKey) {
      const sign = key === 'PageUp' ? -1 : 1;
      moveCursor(0, sign * (event.shiftKey || months ? 12 : 1));
    } else if (inGrid && key in DAY_KEYS && !event.altKey) {
      if (months) moveCursor(0, MONTH_KEYS[key]);
      else moveCursor(DAY_KEYS[key], 0);
    } else if (inGrid && !months && (key === 'Home' || key === 'End')) {
      const weekday = weekdayOf(picker.cursor);
      moveCursor(key === 'Home' ? -weekday : 6 - weekday, 0);
    } else if (inGrid && (key === 'Enter' || key === ' ')) {
      pick(event.target.dataset.iso);
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
      event.stopPropagation();
    }
  }

  // The calendar is modal: Tab cycles among its own buttons (the grid counts once).
  function trapTab(event) {
    const stops = Array.from(picker.element.querySelectorAll('button'))
      .filter((element) => element.tabIndex >= 0);
    const index = stops.indexOf(document.activeElement);
    const next = event.shiftKey ? (index <= 0 ? stops.length - 1 : index - 1)
                                : (index === stops.length - 1 ? 0 : index + 1);
    event.preventDefault();
    stops[next].focus();
  }

  function onPickerClick(event) {
    const target = event.target.closest('button');
    if (!target) return;
    if (target.classList.contains('klang-cal-day')) {
      pick(target.dataset.iso);
    } else if (target.classList.contains('klang-cal-move')) {
      const cursor = addMonths(picker.cursor, parseInt(target.dataset.months, 10));
      picker.cursor = cursor;
      render();
      target.focus();
    } else if (target.classList.contains('klang-cal-today')) {
      const today = todayInThailand();
      pick(toIso(today, picker.field.kind === 'month' ? 'month' : 'date'));
    } else if (target.classList.contains('klang-cal-close')) {
      closePicker(true);
    }
  }

  // A press anywhere else closes the calendar, leaving the field as it was.
  document.addEventListener('mousedown', (event) => {
    if (!picker.field) return;
    if (picker.element.contains(event.target) || event.target.closest('.klang-date-open') === picker.field.open) return;
    closePicker(false);
  });
  window.addEventListener('resize', () => { if (picker.field) place(); });
  // Content htmx is about to replace may hold the field; other swaps (live totals) leave it be.
  document.addEventListener('htmx:beforeSwap', (event) => {
    const target = event.detail && event.detail.target;
    if (picker.field && target && target.contains(picker.field.input)) closePicker(false);
  });

  // ---- Start: now (the script is deferred) and on every piece of page htmx brings in. ----

  function start() {
    enhanceWithin(document.body);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
  document.addEventListener('htmx:load', (event) => enhanceWithin(event.target));

  // For other scripts and the browser tests: the same reading of typed dates.
  window.klangDate = { read: readTyped, toIso: toIso, display: display, enhanceWithin: enhanceWithin };
}());
