// The entity map view: the maps of the form's entity in both directions, the
// selected map's attribute maps with metadata and diagnostics, and what
// InitializeFrom would put into a new related record.
import { attributesOf, entityLabels, entityMap, entityMaps, initializeFrom } from './api.js';
import { errorBanner, h, markOnce } from './dom.js';

const ENTITY_SETS = { contact: 'contacts', lead: 'leads', account: 'accounts' };

// Attribute types that carry the same kind of value.
const FAMILY = {
  String: 'text', Memo: 'text', Lookup: 'lookup', Customer: 'lookup', Owner: 'lookup',
  Picklist: 'choice', State: 'choice', Status: 'choice', Integer: 'whole', BigInt: 'whole',
};
const family = (type) => FAMILY[type] ?? type;

function issuesOf(source, target) {
  if (!source || !target) {
    return [!source && 'The source column no longer exists.', !target && 'The target column no longer exists.'].filter(Boolean);
  }
  // A record's own id fills a lookup to it (lead.leadid → contact.originatingleadid).
  const idIntoLookup = source.type === 'Uniqueidentifier' && family(target.type) === 'lookup';
  if (!idIntoLookup && family(source.type) !== family(target.type)) {
    return [`Types differ: ${source.type} → ${target.type}; the value is not copied.`];
  }
  if (source.maxLength != null && target.maxLength != null && target.maxLength < source.maxLength) {
    return [`Text up to ${source.maxLength} characters goes into a column of ${target.maxLength}: it will be cut.`];
  }
  return [];
}

function previewValue(template, column) {
  const formatted = template[`${column}_Formatted`];
  if (formatted != null) return String(formatted);
  const value = template[column];
  if (value != null) return typeof value === 'boolean' ? (value ? 'Yes' : 'No') : String(value);
  // Lookups come as `column@odata.bind`, polymorphic ones as `column_entity@odata.bind`.
  const bound = Object.keys(template).find((key) => key.endsWith('@odata.bind')
    && (key === `${column}@odata.bind` || key.startsWith(`${column}_`)));
  return bound ? String(template[bound]) : null;
}

// The map shown first: into the other side of ContactLeads, else the first outgoing, else the first incoming.
function firstMap(outgoing, incoming) {
  const related = outgoing.find((m) => `${m.sourceentityname}>${m.targetentityname}`.match(/^(lead>contact|contact>lead)$/));
  return related ?? outgoing[0] ?? incoming[0];
}

export function entityMapsView(root, entity, recordId) {
  const groups = h('div', { class: 'lm-map-groups' }, h('p', { class: 'lm-muted' }, 'Loading entity maps…'));
  const detailsBox = h('div', { class: 'lm-map-details' });
  root.append(h('section', { class: 'lm-section' },
    h('div', { class: 'lm-section__head' }, h('h2', { class: 'lm-section__title' }, 'Entity maps')),
    h('p', { class: 'lm-section__intro' }, 'How Dataverse fills a new related record from this one.'),
    groups, detailsBox));

  let selected = null;
  let loading = null;

  async function loadList() {
    let maps;
    try {
      maps = await entityMaps(entity);
    } catch (error) {
      groups.replaceChildren(errorBanner("Couldn't load the entity maps", error, loadList));
      return;
    }
    const outgoing = maps.filter((m) => m.sourceentityname === entity);
    const incoming = maps.filter((m) => m.sourceentityname !== entity);
    const first = firstMap(outgoing, incoming);
    if (!first) {
      groups.replaceChildren(h('div', { class: 'lm-empty', role: 'status' },
        h('p', null, `No entity maps copy data from or into ${entity}.`)));
      markOnce('leadmap:maps-ready');
      return;
    }
    select(first);
    const names = [...new Set([entity, ...maps.flatMap((m) => [m.sourceentityname, m.targetentityname])])];
    // Display names are a nicety: logical names stand in if metadata fails.
    const labels = await entityLabels(names).catch(() => new Map());
    renderGroups(outgoing, incoming, (name) => labels.get(name) ?? name);
  }

  function renderGroups(outgoing, incoming, labelOf) {
    const group = (title, maps, otherEnd) => maps.length > 0 && h('div', { class: 'lm-map-group', role: 'group', 'aria-label': title },
      h('span', { class: 'lm-map-group__title' }, title),
      maps.map((m) => ({ map: m, label: labelOf(m[otherEnd]) }))
        .sort((a, b) => a.label.localeCompare(b.label))
        .map(({ map, label }) => h('button', {
          type: 'button', class: 'lm-chip', 'data-map': map.entitymapid, 'aria-pressed': String(map === selected),
          onclick: () => select(map),
        }, label)));
    const own = labelOf(entity);
    groups.replaceChildren(
      group(`From this ${own} into`, outgoing, 'targetentityname') || '',
      group(`Into this ${own} from`, incoming, 'sourceentityname') || '');
  }

  // Everything a map's details need is independent once the list names both ends: fetch it all at once.
  async function select(map) {
    selected = map;
    for (const chip of groups.querySelectorAll('.lm-chip')) {
      chip.setAttribute('aria-pressed', String(chip.dataset.map === map.entitymapid));
    }
    loading?.abort();
    const controller = new AbortController();
    loading = controller;
    detailsBox.replaceChildren(h('p', { class: 'lm-muted' }, 'Loading attribute maps…'));
    const set = map.sourceentityname === entity ? ENTITY_SETS[entity] : undefined;
    const preview = set ? initializeFrom(set, recordId, map.targetentityname) : null;
    preview?.catch(() => {});
    try {
      const [details, source, target] = await Promise.all([
        entityMap(map.entitymapid, controller.signal),
        attributesOf(map.sourceentityname),
        attributesOf(map.targetentityname),
      ]);
      if (loading !== controller) return;
      renderDetails(details, source, target, preview);
    } catch (error) {
      if (controller.signal.aborted) return;
      detailsBox.replaceChildren(errorBanner("Couldn't load this entity map", error, () => select(map)));
    }
    markOnce('leadmap:maps-ready');
  }

  function renderDetails(details, sourceColumns, targetColumns, preview) {
    const attributeMaps = [...details.entity_map_attribute_maps]
      .sort((a, b) => (a.sourceattributename < b.sourceattributename ? -1 : a.sourceattributename > b.sourceattributename ? 1 : 0));
    const rows = attributeMaps.map((m) => {
      const source = sourceColumns.get(m.sourceattributename);
      const target = targetColumns.get(m.targetattributename);
      return { map: m, source, target, issues: issuesOf(source, target) };
    });
    const mapped = new Set(attributeMaps.map((m) => m.targetattributename));
    const unmappedRequired = [...targetColumns.values()].filter((c) => c.required && !mapped.has(c.logicalName));
    const attention = rows.filter((r) => r.issues.length).length + unmappedRequired.length;
    const { sourceentityname: from, targetentityname: to } = details;

    const tbody = h('tbody');
    const cells = new Map();
    const renderRows = (filter) => {
      const text = filter.trim().toLowerCase();
      const matches = (r) => !text || [r.map.sourceattributename, r.map.targetattributename, r.source?.label, r.target?.label]
        .some((t) => t?.toLowerCase().includes(text));
      tbody.replaceChildren(...rows.filter(matches).map((r) => attributeRow(r, preview, cells)));
    };
    renderRows('');

    detailsBox.replaceChildren(...[
      h('h3', { class: 'lm-map-details__title' }, h('code', null, from), ' → ', h('code', null, to)),
      h('p', { class: 'lm-map-details__summary', role: 'status' }, `${rows.length} attribute maps`,
        attention > 0 && h('span', { class: 'lm-badge lm-badge--warning' }, `${attention} need attention`)),
      unmappedRequired.length > 0 && h('div', { class: 'lm-banner lm-banner--warning', role: 'note' },
        `Required ${to} columns no map fills: ${unmappedRequired.map((c) => `${c.label} (${c.logicalName})`).join(', ')}`),
      !preview && h('p', { class: 'lm-muted' }, `Values are previewed on a ${from} form, the map's source.`),
      h('input', {
        class: 'lm-input', type: 'search', placeholder: 'Filter columns', 'aria-label': 'Filter attribute maps',
        oninput: (e) => renderRows(e.target.value),
      }),
      h('div', { class: 'lm-grid__scroller' }, h('table', { class: 'lm-grid lm-map-table' },
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Source column'), h('th', { scope: 'col' }, 'Target column'),
          preview && h('th', { scope: 'col' }, `New ${to} gets`), h('th', { scope: 'col' }, 'Notes'))),
        tbody)),
      rows.length === 0 && h('p', { class: 'lm-muted' }, 'This map has no attribute maps.'),
    ].filter(Boolean));

    preview?.then((template) => {
      for (const [column, cell] of cells) cell.textContent = previewValue(template, column) ?? '—';
    }, (error) => {
      console.warn('InitializeFrom failed', error);
      for (const cell of cells.values()) cell.textContent = '—';
    });
  }

  loadList();
}

function columnCell(column, logicalName, end) {
  if (!column) {
    return h('td', { 'data-label': end }, h('span', { class: 'lm-col__label lm-col__label--missing' }, logicalName),
      h('span', { class: 'lm-col__meta' }, 'not in metadata'));
  }
  const kind = column.maxLength != null ? `${column.type} · ${column.maxLength}` : column.type;
  return h('td', { dir: 'auto', 'data-label': end }, h('span', { class: 'lm-col__label' }, column.label),
    h('span', { class: 'lm-col__meta' }, `${column.logicalName} · ${kind}`));
}

function attributeRow(row, preview, cells) {
  const { map } = row;
  let previewCell = null;
  if (preview) {
    // Filled in place when InitializeFrom answers; cells are reused when the filter changes.
    previewCell = cells.get(map.targetattributename) ?? h('td', { dir: 'auto', 'data-label': 'Gets', class: 'lm-preview' }, '…');
    cells.set(map.targetattributename, previewCell);
  }
  const origin = map.issystem ? 'System' : 'Custom';
  return h('tr', { class: row.issues.length ? 'lm-map-row--issue' : null },
    columnCell(row.source, map.sourceattributename, 'From'),
    columnCell(row.target, map.targetattributename, 'To'),
    previewCell,
    h('td', { 'data-label': 'Notes' },
      h('span', { class: map.issystem ? 'lm-badge' : 'lm-badge lm-badge--custom' }, origin),
      row.issues.map((issue) => h('span', { class: 'lm-issue' }, issue))));
}
