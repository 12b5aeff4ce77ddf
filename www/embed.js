// newscard loader. Drop-in: <news-card site=… article=…></news-card> or
// <div data-newscard data-site=… data-article=…>, plus this script, async.
// It finds the widget server from its own URL, loads the wasm once per page
// however many widgets there are, mounts each element and unmounts it when the
// element leaves the page. It never throws into the host page.
(() => {
  const log = (...args) => console.error('[newscard]', ...args);
  if (window.newscard) return; // the snippet was pasted twice
  try {
    const script = document.currentScript;
    const base = new URL('.', (script && script.src) || location.href).href;
    const widgets = new WeakMap(); // element -> mounted widget, or a pending token
    let module;
    const load = () =>
      (module ||= import(base + 'pkg/newscard.js').then(async (glue) => {
        await glue.default({ module_or_path: base + 'pkg/newscard_bg.wasm' });
        return glue;
      }));
    // <news-card site> and <div data-site> are read alike.
    const attr = (el, name) => el.getAttribute(name) || el.getAttribute('data-' + name) || '';
    const canonical = () => {
      const link = document.querySelector('link[rel=canonical]');
      return (link && link.href) || location.href.split('#')[0];
    };

    const mount = (el) => {
      if (widgets.has(el)) return;
      const token = {};
      widgets.set(el, token);
      load()
        .then((glue) => {
          if (widgets.get(el) !== token || !el.isConnected) return;
          widgets.set(el, glue.mount(el, {
            api: base.slice(0, -1),
            site: attr(el, 'site'),
            article: attr(el, 'article') || canonical(),
            lang: attr(el, 'lang') || document.documentElement.lang || navigator.language,
            view: attr(el, 'view'),
            reaction: attr(el, 'reaction'),
            window: attr(el, 'window'),
            share: attr(el, 'share'),
          }));
        })
        .catch(log);
    };
    const unmount = (el) => {
      const widget = widgets.get(el);
      widgets.delete(el);
      try {
        if (widget && widget.unmount) widget.unmount();
      } catch (err) {
        log(err);
      }
    };
    window.newscard = { mount, unmount };

    if (!customElements.get('news-card')) {
      customElements.define('news-card', class extends HTMLElement {
        connectedCallback() { mount(this); }
        disconnectedCallback() { unmount(this); }
      });
    }
    const eachDiv = (node, fn) => {
      if (node.nodeType !== 1) return;
      if (node.matches('div[data-newscard]')) fn(node);
      node.querySelectorAll('div[data-newscard]').forEach(fn);
    };
    new MutationObserver((records) => {
      for (const record of records) {
        record.removedNodes.forEach((node) => eachDiv(node, (el) => el.isConnected || unmount(el)));
        record.addedNodes.forEach((node) => eachDiv(node, mount));
      }
    }).observe(document.documentElement, { childList: true, subtree: true });
    eachDiv(document.documentElement, mount);
  } catch (err) {
    log(err);
  }
})();
