// The person chooser (issue 22, docs/search.md): a progressive enhancement of a plain text field
// that already works without JavaScript (casework/forms/people.py). It follows the ARIA 1.2
// combobox pattern with a listbox popup: the input keeps focus, arrow keys move through the
// options (aria-activedescendant), Enter chooses, Escape closes, and a polite live region says
// how many people were found. No dependencies; results come from /people/find.json.
//
// data-person-search-mode="one": the chosen person's token ("Daniel Brown (demo 4101)") goes
// into the field itself. "lines" (a textarea of one person per line): a search box is added
// above it, and each person chosen is added as a line.

const DELAY_MS = 250;
const MIN_CHARS = 2;
let counter = 0;

function element(tag, attrs = {}, text = '') {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function describe(result) {
  return [result.rank, result.number, result.force, result.unit].filter(Boolean).join(', ');
}

class PersonSearch {
  constructor(input, url, onChoose) {
    this.input = input;
    this.url = url;
    this.onChoose = onChoose;
    this.results = [];
    this.active = -1;
    this.timer = null;
    this.request = 0;
    const id = `person-search-${++counter}`;
    this.list = element('ul', { id: `${id}-list`, role: 'listbox', class: 'app-person-search__list', hidden: '' });
    this.list.setAttribute('aria-label', 'People found');
    this.status = element('div', { class: 'govuk-visually-hidden', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' });
    this.optionPrefix = `${id}-option`;
    const wrapper = element('div', { class: 'app-person-search' });
    input.parentNode.insertBefore(wrapper, input);
    wrapper.append(input, this.list, this.status);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-expanded', 'false');
    input.setAttribute('aria-controls', this.list.id);
    input.setAttribute('autocomplete', 'off');
    input.addEventListener('input', () => this.schedule());
    input.addEventListener('keydown', (event) => this.key(event));
    input.addEventListener('blur', () => window.setTimeout(() => this.close(), 150));
    this.list.addEventListener('mousedown', (event) => event.preventDefault()); // keep focus in the input
    this.list.addEventListener('click', (event) => {
      const option = event.target.closest('[role=option]');
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  schedule() {
    window.clearTimeout(this.timer);
    const text = this.input.value.trim();
    if (text.length < MIN_CHARS) {
      this.close();
      return;
    }
    this.timer = window.setTimeout(() => this.fetch(text), DELAY_MS);
  }

  async fetch(text) {
    const request = ++this.request;
    let data;
    try {
      const response = await window.fetch(`${this.url}?q=${encodeURIComponent(text)}`, {
        credentials: 'same-origin',
        headers: { Accept: 'application/json' },
      });
      if (!response.ok) return; // the plain field still works: the form searches on submit
      data = await response.json();
    } catch {
      return;
    }
    if (request !== this.request) return; // a later keystroke's answer wins
    this.show(data.results);
  }

  show(results) {
    this.results = results;
    this.active = -1;
    this.list.replaceChildren(
      ...results.map((result, index) => {
        const option = element('li', {
          id: `${this.optionPrefix}-${index}`,
          role: 'option',
          class: 'app-person-search__option',
          'aria-selected': 'false',
          'data-index': String(index),
        });
        option.append(
          element('span', { class: 'app-person-search__name' }, result.name),
          element('span', { class: 'app-person-search__hint' }, describe(result)),
        );
        return option;
      }),
    );
    const open = results.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.input.removeAttribute('aria-activedescendant');
    const count = results.length;
    this.status.textContent =
      count === 0 ? 'No one on the register matches' : `${count} ${count === 1 ? 'person' : 'people'} found, best match first. Use the up and down arrows to choose.`;
  }

  move(step) {
    if (!this.results.length) return;
    const options = this.list.querySelectorAll('[role=option]');
    if (this.active >= 0) options[this.active].setAttribute('aria-selected', 'false');
    this.active = (this.active + step + options.length) % options.length;
    const option = options[this.active];
    option.setAttribute('aria-selected', 'true');
    this.input.setAttribute('aria-activedescendant', option.id);
    option.scrollIntoView({ block: 'nearest' });
  }

  key(event) {
    const open = !this.list.hidden;
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      if (open) this.move(1);
      else this.schedule();
    } else if (event.key === 'ArrowUp' && open) {
      event.preventDefault();
      this.move(-1);
    } else if (event.key === 'Enter' && open && this.active >= 0) {
      event.preventDefault(); // choose, do not submit the form yet
      this.choose(this.active);
    } else if (event.key === 'Escape' && open) {
      event.preventDefault();
      this.close();
    }
  }

  choose(index) {
    const result = this.results[index];
    if (!result) return;
    this.close();
    this.onChoose(result, this);
  }

  close() {
    this.list.hidden = true;
    this.active = -1;
    this.input.setAttribute('aria-expanded', 'false');
    this.input.removeAttribute('aria-activedescendant');
  }
}

function enhanceOne(input, url) {
  new PersonSearch(input, url, (result, search) => {
    input.value = result.value;
    search.status.textContent = `${result.name} chosen`;
  });
}

function enhanceLines(textarea, url) {
  // A search box above the list of people: each person chosen is added to the list as a line.
  const id = `${textarea.id}-search`;
  const group = element('div', { class: 'govuk-form-group app-person-search__add' });
  const label = element('label', { class: 'govuk-label', for: id }, 'Find a person to add');
  const hint = element('div', { class: 'govuk-hint', id: `${id}-hint` }, 'Type part of a name or a number, then choose from the list');
  const input = element('input', { class: 'govuk-input', id, type: 'text', spellcheck: 'false', 'aria-describedby': `${id}-hint` });
  group.append(label, hint, input);
  const fieldGroup = textarea.closest('.govuk-form-group') || textarea;
  fieldGroup.parentNode.insertBefore(group, fieldGroup);
  new PersonSearch(input, url, (result, search) => {
    const lines = textarea.value.split('\n').map((line) => line.trim()).filter(Boolean);
    if (!lines.includes(result.value)) lines.push(result.value);
    textarea.value = lines.join('\n');
    input.value = '';
    search.status.textContent = `${result.name} added to the list`;
  });
}

export function initPersonSearch(scope = document) {
  for (const field of scope.querySelectorAll('[data-person-search]')) {
    const url = field.dataset.personSearch;
    if (field.dataset.personSearchMode === 'lines') enhanceLines(field, url);
    else enhanceOne(field, url);
  }
}
