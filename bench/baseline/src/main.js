// LeadMap's two views written the plain way: DynamicsWebApi + DOM.
// Reads the form's PassParams (typename, id, data=view%3D…) like LeadMap.
import { associationsView, SIDES } from './associations.js';
import { entityMapsView } from './entity-maps.js';
import { h } from './dom.js';

const params = new URLSearchParams(location.search);
const entity = (params.get('typename') ?? '').toLowerCase();
const recordId = (params.get('id') ?? '').replace(/[{}]/g, '').toLowerCase();
const options = new URLSearchParams(params.get('data') ?? '');
const view = options.get('view') ?? 'both';
const pageSize = Math.min(250, Math.max(1, Number(options.get('pagesize')) || 25));

const app = document.getElementById('app');
if (!/^[0-9a-f]{8}-([0-9a-f]{4}-){3}[0-9a-f]{12}$/.test(recordId) || !/^[a-z_][a-z0-9_]*$/.test(entity)) {
  app.append(h('div', { class: 'lm-banner lm-banner--error', role: 'alert' }, 'This page needs the record id and type from the form.'));
} else {
  app.append(h('header', { class: 'lm-header' }, h('span', { class: 'lm-header__entity' }, entity[0].toUpperCase() + entity.slice(1)), ' ',
    h('span', { class: 'lm-header__id' }, recordId)));
  if (view !== 'maps') {
    const side = SIDES[entity];
    if (side) associationsView(app, { ...side, pageSize }, recordId, entity);
    else app.append(h('p', { class: 'lm-muted' }, 'Associations are shown on contact and lead forms.'));
  }
  if (view !== 'associations') entityMapsView(app, entity, recordId);
}
