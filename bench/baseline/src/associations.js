// The ContactLeads view: the records associated with the form's record, with
// search (server side, debounced as you type, at once on Enter), sort and paging.
import { associationsPage, attributesOf, disassociate } from './api.js';
import { errorBanner, h, markOnce } from './dom.js';

const column = (attribute, metadataName, fallback) => ({ attribute, metadataName, fallback });

export const SIDES = {
  contact: {
    set: 'contacts', related: 'lead', plural: 'leads', key: 'leadid',
    columns: [
      column('fullname', 'fullname', 'Name'),
      column('companyname', 'companyname', 'Company Name'),
      column('emailaddress1', 'emailaddress1', 'Email'),
      column('statuscode', 'statuscode', 'Status Reason'),
      column('createdon', 'createdon', 'Created On'),
    ],
  },
  lead: {
    set: 'leads', related: 'contact', plural: 'contacts', key: 'contactid',
    columns: [
      column('fullname', 'fullname', 'Full Name'),
      column('emailaddress1', 'emailaddress1', 'Email'),
      column('_parentcustomerid_value', 'parentcustomerid', 'Company Name'),
      column('telephone1', 'telephone1', 'Business Phone'),
    ],
  },
};

const cellText = (record, attribute) => String(record[`${attribute}_Formatted`] ?? record[attribute] ?? '');

function openRecord(entityName, entityId) {
  const xrm = window.parent !== window ? window.parent.Xrm : undefined;
  if (xrm?.Navigation) xrm.Navigation.openForm({ entityName, entityId });
  else window.open(`${location.origin}/main.aspx?etn=${entityName}&id=${entityId}&pagetype=entityrecord`, '_blank');
}

export function associationsView(root, side, recordId, entity) {
  const query = { search: '', sort: { column: 'fullname', direction: 'asc' } };
  // links[i] is the link that produced page i (null: the first page's query).
  let links = [null];
  let page = { value: [], oDataNextLink: null, oDataCount: null };
  let labels = new Map();
  let loading = null;
  let debounce = 0;

  const input = h('input', {
    class: 'lm-input', type: 'search', placeholder: 'Search by name or email',
    'aria-label': `Search associated ${side.plural}`,
    oninput: () => {
      clearTimeout(debounce);
      debounce = setTimeout(() => search(input.value), 300);
    },
  });
  const form = h('form', {
    class: 'lm-toolbar', role: 'search',
    onsubmit: (e) => { e.preventDefault(); clearTimeout(debounce); search(input.value); },
  }, input);
  const body = h('div', { class: 'lm-body' });
  const prev = h('button', { type: 'button', class: 'lm-button', onclick: () => goTo(links.length - 2) }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'lm-button', onclick: () => goTo(links.length) }, 'Next ›');
  const summary = h('span', { class: 'lm-pager__summary', role: 'status', 'aria-live': 'polite' });
  const pager = h('nav', { class: 'lm-pager', 'aria-label': 'Pages' }, prev, summary, next);
  const plural = side.plural[0].toUpperCase() + side.plural.slice(1);

  root.append(h('section', { class: 'lm-section' },
    h('div', { class: 'lm-section__head' }, h('h2', { class: 'lm-section__title' }, plural)),
    form, body, pager));

  function search(term) {
    if (term === query.search) return;
    query.search = term;
    links = [null];
    load(null);
  }

  function sortBy(attribute) {
    const same = query.sort.column === attribute;
    query.sort = { column: attribute, direction: same && query.sort.direction === 'asc' ? 'desc' : 'asc' };
    links = [null];
    load(null);
  }

  // Page `index`: back to a known page, or forward through the last @odata.nextLink.
  function goTo(index) {
    if (index < 0) return;
    if (index < links.length) links = links.slice(0, index + 1);
    else if (page.oDataNextLink) links.push(page.oDataNextLink);
    else return;
    load(links[links.length - 1]);
  }

  async function load(link) {
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    renderPager(true);
    try {
      page = await associationsPage(side, recordId, query, link, controller.signal);
      if (loading !== controller) return;
      renderRows();
    } catch (error) {
      if (controller.signal.aborted) return;
      body.replaceChildren(errorBanner(`Couldn't load the ${side.plural}`, error, () => load(link)));
    } finally {
      if (loading === controller) loading = null;
      renderPager(false);
      markOnce('leadmap:first-rows');
    }
  }

  function headerLabel(c) {
    return labels.get(c.metadataName)?.label ?? c.fallback;
  }

  function renderRows() {
    if (page.value.length === 0) {
      body.replaceChildren(h('div', { class: 'lm-empty', role: 'status' }, query.search
        ? h('p', null, `No associated ${side.plural} match "${query.search}".`)
        : h('p', null, `No ${side.plural} are associated with this ${entity}.`)));
      return;
    }
    const headers = side.columns.map((c) => {
      const sorted = query.sort.column === c.attribute;
      const arrow = sorted ? (query.sort.direction === 'asc' ? ' ▲' : ' ▼') : '';
      return h('th', { scope: 'col', 'aria-sort': sorted ? `${query.sort.direction}ending` : 'none' },
        h('button', { type: 'button', class: 'lm-grid__sort', onclick: () => sortBy(c.attribute) },
          h('span', { 'data-metadata': c.metadataName }, headerLabel(c)), h('span', { 'aria-hidden': 'true' }, arrow)));
    });
    const rows = page.value.map((record, index) => {
      const id = record[side.key];
      const name = record.fullname ?? '';
      return h('tr', { class: 'lm-grid__row', 'data-row-index': index },
        h('td', { class: 'lm-grid__name' }, h('a', {
          href: '#', dir: 'auto',
          onclick: (e) => { e.preventDefault(); openRecord(side.related, id); },
        }, name)),
        side.columns.slice(1).map((c) => h('td', { dir: 'auto', 'data-label': headerLabel(c) }, cellText(record, c.attribute))),
        h('td', { class: 'lm-grid__actions' }, h('button', {
          type: 'button', class: 'lm-icon-button', title: 'Remove association', 'aria-label': `Remove ${name}`,
          onclick: () => remove(id, name),
        }, '✕')));
    });
    body.replaceChildren(h('div', { class: 'lm-grid__scroller' },
      h('table', { class: 'lm-grid', 'aria-label': `Associated ${side.plural}` },
        h('thead', null, h('tr', null, headers, h('th', { scope: 'col' }))),
        h('tbody', null, rows))));
  }

  function renderPager(busy) {
    const total = page.oDataCount != null ? ` · ${page.oDataCount} ${side.plural}` : '';
    summary.textContent = `Page ${links.length}${total}`;
    prev.disabled = busy || links.length < 2;
    next.disabled = busy || !page.oDataNextLink;
  }

  async function remove(id, name) {
    if (!confirm(`Remove "${name}" from this ${entity}? The record itself is not deleted.`)) return;
    try {
      await disassociate(side, recordId, id);
    } catch (error) {
      alert(`Couldn't remove "${name}": ${error.message}`);
    }
    load(links[links.length - 1]);
  }

  // Labels are a nicety: English fallbacks stay if metadata fails.
  attributesOf(side.related).then((catalog) => {
    labels = catalog;
    for (const span of body.querySelectorAll('th [data-metadata]')) {
      span.textContent = catalog.get(span.dataset.metadata)?.label ?? span.textContent;
    }
  }, () => {});
  load(null);
}
