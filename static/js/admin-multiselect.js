// The admin's searchable multi-select (showcase/widgets.py): Tom Select over a
// <select multiple data-hub-multiselect>, which stays the form's field. An editor types to
// filter (Tom Select ignores diacritics: "Nhat" finds "Nhật Bản"), picks with the mouse or
// the arrow keys and Enter, and sees each choice as a chip whose remove button is a real,
// focusable <button> named after it. A polite live region says what was chosen or removed,
// for screen readers. Texts come translated from the select's data attributes.
(() => {
  const named = (pattern, name) => pattern.replace('%(name)s', name);

  // A visually hidden status line after the widget, read out when it changes.
  const liveRegion = (wrapper) => {
    const region = document.createElement('div');
    region.className = 'w-sr-only';
    region.setAttribute('role', 'status');
    wrapper.after(region);
    return region;
  };

  const chip = (select, data) => {
    const item = document.createElement('div');
    const label = document.createElement('span');
    label.textContent = data.text;
    const remove = document.createElement('button');
    remove.type = 'button';
    remove.className = 'hub-multiselect__remove';
    remove.setAttribute('aria-label', named(select.dataset.remove, data.text));
    remove.title = remove.getAttribute('aria-label');
    const cross = document.createElement('span');
    cross.setAttribute('aria-hidden', 'true');
    cross.textContent = '×';
    remove.append(cross);
    // Before Tom Select's own handlers on the control, which would select the chip instead.
    remove.addEventListener('mousedown', (event) => {
      event.preventDefault();
      event.stopPropagation();
    });
    remove.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      const tom = select.tomselect;
      const fromKeyboard = document.activeElement === remove;
      tom.removeItem(data.value);
      tom.refreshOptions(false);
      if (fromKeyboard) tom.focus();
    });
    item.append(label, remove);
    return item;
  };

  const enhance = (select) => {
    if (select.tomselect) return;
    const texts = select.dataset;
    const tom = new TomSelect(select, {
      plugins: [],
      maxItems: null,
      maxOptions: 300,
      // Filter at each key: Tom Select waits 300 ms by default, and an Enter typed within
      // them picked the first option of the list before the filter.
      refreshThrottle: 0,
      // A pick clears the typed letters and closes the list, which would cover the fields
      // below; typing again opens it.
      clearAfterSelect: true,
      closeAfterSelect: true,
      placeholder: texts.placeholder,
      render: {
        item: (data) => chip(select, data),
        no_results: (data, escape) =>
          `<div class="no-results">${escape(texts.noResults)}</div>`,
      },
    });
    // The select's description (the field's help text) describes the text box too; the
    // select itself, kept only visually hidden by Tom Select, would be read as a second,
    // unlabelled list of every option.
    const described = select.getAttribute('aria-describedby');
    if (described) tom.control_input.setAttribute('aria-describedby', described);
    select.setAttribute('aria-hidden', 'true');
    const region = liveRegion(tom.wrapper);
    const label = (value) => (tom.options[value] ? tom.options[value].text : value);
    tom.on('item_add', (value) => {
      region.textContent = named(texts.added, label(value));
    });
    tom.on('item_remove', (value) => {
      region.textContent = named(texts.removed, label(value));
    });
  };

  const enhanceAll = () => {
    document.querySelectorAll('select[data-hub-multiselect]').forEach(enhance);
  };
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', enhanceAll);
  } else {
    enhanceAll();
  }
})();
