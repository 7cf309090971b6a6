// wagtail-localize's translation editor (a compiled React script) writes two texts in
// English whatever the admin's language: a tooltip's heading "Tiếng Việt to English
// translation" and the screen-reader label "More actions". This rewrites them with the
// admin's translations, which editorial/upstream_strings.py gives as data-title/data-texts.
(() => {
  const script = document.currentScript;
  const pattern = script.dataset.title;
  const texts = JSON.parse(script.dataset.texts);
  const english = /^(.+) to (.+) translation$/;
  const rewrite = () => {
    for (const heading of document.querySelectorAll('h3, svg title')) {
      const match = heading.textContent.match(english);
      if (match) {
        heading.textContent = pattern
          .replace('%(source)s', match[1])
          .replace('%(target)s', match[2]);
      }
    }
    for (const label of document.querySelectorAll('.w-sr-only')) {
      const translated = texts[label.textContent.trim()];
      if (translated) label.textContent = translated;
    }
  };
  // React draws the editor after this script has run, and redraws it as segments change.
  new MutationObserver(rewrite).observe(document.documentElement, {
    subtree: true,
    childList: true,
  });
  rewrite();
})();
