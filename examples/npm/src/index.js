// newscard from npm: mount the widget on an element of your page. The import
// is async under the hood (it loads the wasm); webpack takes care of that.
import { mount } from 'newscard';

const host = /** @type {HTMLElement} */ (document.getElementById('story'));
const widget = mount(host, {
  // The widget server; this page gets its origin from the demo host.
  api: document.body.dataset.api ?? '',
  site: 'demo',
  article: 'https://news.example/2025/04/02/ocean-drones',
  lang: 'en',
  theme: 'light',
});

// The mounted widget follows changes in place: here, the page's dark mode.
const dark = /** @type {HTMLInputElement} */ (document.getElementById('dark'));
dark.addEventListener('change', () => widget.set_theme(dark.checked));
