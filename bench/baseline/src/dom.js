// A tiny element builder. Strings become text nodes (never parsed as HTML).
export function h(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  node.append(...children.flat(Infinity).filter((c) => c != null && c !== false));
  return node;
}

export function errorBanner(title, error, onRetry) {
  return h('div', { class: 'lm-banner lm-banner--error', role: 'alert' },
    h('strong', null, title), ' ', h('span', null, error?.message ?? String(error)),
    onRetry && h('button', { type: 'button', class: 'lm-button', onclick: onRetry }, 'Retry'));
}

const marked = new Set();
// The benchmark reads these marks; each is set once per page, like LeadMap's.
export function markOnce(name) {
  if (marked.has(name)) return;
  marked.add(name);
  performance.mark(name);
}
