// newscard loader. Drop-in: <news-card site=… article=…></news-card> or
// <div data-newscard data-site=… data-article=…>, plus this script, async.
// It finds the widget server from its own URL, reserves each widget's final
// height at once (no layout shift), loads the wasm once per page when the first
// widget comes within a viewport of view, mounts each element, follows its
// attribute changes and the page's theme, and unmounts it when it leaves the
// page. It never throws into the host page. API: window.newscard (embed.d.ts).
(() => {
  const log = (...args) => console.error('[newscard]', ...args);
  if (window.newscard) return; // the snippet was pasted twice
  try {
    const script = document.currentScript;
    const base = new URL('.', (script && script.src) || location.href).href;
    // Heights (px) the widget's stylesheet gives each part (src/style.css): the
    // frame, the space between parts, and each part.
    const FRAME = 34;
    const GAP = 25;
    const HEIGHT = { card: 230, share: 32, reactions: 64, related: 519 };
    const RANKING = 290;
    const ATTRIBUTES = ['site', 'article', 'lang', 'theme', 'dark-class', 'sections', 'reactions',
      'share', 'view', 'reaction', 'window'].flatMap((name) => [name, 'data-' + name]);
    const html = document.documentElement;
    const darkQuery = matchMedia('(prefers-color-scheme: dark)');
    const widgets = new Map(); // element -> mounted widget, or a pending token
    const sheets = {}; // reserved height -> its constructable stylesheet
    // The glue and the wasm (content-hashed names, set by the build) load side
    // by side; the wasm compiles while it streams in.
    let module;
    const load = () =>
      (module ||= Promise.all([
        import(base + 'pkg/' + NEWSCARD_GLUE),
        WebAssembly.compileStreaming(fetch(base + 'pkg/' + NEWSCARD_WASM)),
      ]).then(async ([glue, wasm]) => {
        await glue.default({ module_or_path: wasm });
        return glue;
      }));
    // <news-card site> and <div data-site> are read alike.
    const attr = (el, name) => el.getAttribute(name) || el.getAttribute('data-' + name) || '';
    const canonical = () => {
      const link = document.querySelector('link[rel=canonical]');
      return (link && link.href) || location.href.split('#')[0];
    };
    const sections = (el) => {
      const wanted = attr(el, 'sections').split(',').map((s) => s.trim());
      const known = Object.keys(HEIGHT);
      return known.some((s) => wanted.includes(s)) ? known.filter((s) => wanted.includes(s)) : known;
    };
    const reserved = (el) => {
      if (attr(el, 'view') === 'ranking') return FRAME + RANKING;
      const parts = sections(el);
      return parts.reduce((sum, part) => sum + HEIGHT[part], FRAME + GAP * (parts.length - 1));
    };
    // The element keeps the widget's final height from the start; the page's
    // own styles for the element still win over :host.
    const reserve = (el) => {
      const shadow = el.shadowRoot || el.attachShadow({ mode: 'open' });
      const height = reserved(el);
      let sheet = sheets[height];
      if (!sheet) {
        sheet = sheets[height] = new CSSStyleSheet();
        sheet.replaceSync(`:host{display:block;min-height:${height}px;--newscard-reserved:${height}px}`);
      }
      shadow.adoptedStyleSheets = [sheet, ...shadow.adoptedStyleSheets.filter((s) => !Object.values(sheets).includes(s))];
      attributes.observe(el, { attributeFilter: ATTRIBUTES });
    };
    // theme="auto" (the default) follows <html data-theme>, then a class on
    // <html> (`dark`, or the element's dark-class), then the reader's system.
    const isDark = (el) => {
      const theme = attr(el, 'theme');
      if (theme === 'dark' || theme === 'light') return theme === 'dark';
      const pageTheme = html.getAttribute('data-theme');
      if (pageTheme === 'dark' || pageTheme === 'light') return pageTheme === 'dark';
      return html.classList.contains(attr(el, 'dark-class') || 'dark') || darkQuery.matches;
    };
    const applyTheme = (el) => {
      const widget = widgets.get(el);
      if (widget && widget.set_theme) widget.set_theme(isDark(el));
    };
    const emitError = (el, code) =>
      el.dispatchEvent(new CustomEvent('newscard:error', { bubbles: true, detail: { site: attr(el, 'site'), article: attr(el, 'article'), code } }));

    // The bootstrap request goes out beside the glue and the wasm, not after
    // them; the widget takes its answer (src/api.rs). The reader id is the one
    // the widget keeps (src/reader.rs).
    const prefetch = (el, article, signal) => {
      if (attr(el, 'view') === 'ranking') return undefined;
      const query = new URLSearchParams({ article });
      try {
        const reader = localStorage.getItem('newscard-reader');
        if (reader) query.set('reader', reader);
      } catch (err) {
        // Storage blocked: the reader has no id yet.
      }
      const site = encodeURIComponent(attr(el, 'site'));
      const answer = fetch(`${base}api/v1/sites/${site}/widget?${query}`, { mode: 'cors', credentials: 'omit', signal });
      answer.catch(() => {}); // a failure is the widget's to report, not the page's
      return answer;
    };

    // What mount and update read from the element.
    const config = (el, article) => ({
      api: base.slice(0, -1),
      site: attr(el, 'site'),
      article,
      lang: attr(el, 'lang') || html.lang || navigator.language,
      theme: isDark(el) ? 'dark' : 'light',
      sections: attr(el, 'sections'),
      reactions: attr(el, 'reactions'),
      view: attr(el, 'view'),
      reaction: attr(el, 'reaction'),
      window: attr(el, 'window'),
      share: attr(el, 'share'),
    });
    const mount = (el) => {
      if (widgets.has(el)) return;
      lazy.unobserve(el);
      reserve(el);
      const article = attr(el, 'article') || canonical();
      // Aborts the bootstrap request if the element goes first; the widget
      // aborts it when it is unmounted.
      const token = new AbortController();
      widgets.set(el, token);
      const bootstrap = prefetch(el, article, token.signal);
      load()
        .then((glue) => {
          if (widgets.get(el) !== token || !el.isConnected) return;
          widgets.set(el, glue.mount(el, { ...config(el, article), bootstrap, abort: token }));
        })
        .catch((err) => {
          log(err);
          emitError(el, 'load_failed');
        });
    };
    const unmount = (el) => {
      lazy.unobserve(el);
      const widget = widgets.get(el);
      widgets.delete(el);
      try {
        if (widget) widget.unmount ? widget.unmount() : widget.abort();
      } catch (err) {
        log(err);
      }
    };
    // Mounts an element once it comes within a viewport of being visible,
    // or at once with loading="eager".
    const lazy = new IntersectionObserver((entries) => {
      for (const entry of entries) if (entry.isIntersecting) mount(entry.target);
    }, { rootMargin: '100% 0px' });
    // Not measured here (getBoundingClientRect): that would lay the page out
    // inside this script, a long task on a large page that is still loading.
    const seen = (el) => {
      if (widgets.has(el)) return;
      reserve(el);
      if (attr(el, 'loading') === 'eager') mount(el);
      else lazy.observe(el);
    };
    window.newscard = { version: NEWSCARD_VERSION, mount, unmount };

    const eachDiv = (node, fn) => {
      if (node.nodeType !== 1) return;
      if (node.matches('div[data-newscard]')) fn(node);
      node.querySelectorAll('div[data-newscard]').forEach(fn);
    };
    new MutationObserver((records) => {
      for (const record of records) {
        record.removedNodes.forEach((node) => eachDiv(node, (div) => div.isConnected || unmount(div)));
        record.addedNodes.forEach((node) => eachDiv(node, seen));
      }
    }).observe(html, { childList: true, subtree: true });
    // A widget's own attributes: the mounted widget follows them in place
    // (a new article loads in its element); another site or view, or a widget
    // still loading, is mounted again.
    const follow = (el, name) => {
      const widget = widgets.get(el);
      if (/theme|dark-class/.test(name)) return applyTheme(el);
      reserve(el);
      try {
        if (!/^(data-)?(site|view)$/.test(name) && widget.update
          && widget.update(config(el, attr(el, 'article') || canonical()))) return;
      } catch (err) {
        log(err);
      }
      unmount(el);
      mount(el);
    };
    const attributes = new MutationObserver((records) => {
      for (const { target, attributeName } of records) {
        // Not mounted yet: only the reserved height may change.
        if (!widgets.has(target)) reserve(target);
        else follow(target, attributeName);
      }
    });
    // The page's theme.
    const applyAll = () => widgets.forEach((_, el) => applyTheme(el));
    new MutationObserver(applyAll).observe(html, { attributeFilter: ['class', 'data-theme'] });
    darkQuery.addEventListener('change', applyAll);
    // Last: defining the element upgrades those already on the page at once.
    if (!customElements.get('news-card')) {
      customElements.define('news-card', class extends HTMLElement {
        connectedCallback() { seen(this); }
        disconnectedCallback() { unmount(this); }
      });
    }
    eachDiv(html, seen);
  } catch (err) {
    log(err);
  }
})();
