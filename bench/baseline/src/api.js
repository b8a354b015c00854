// Every Web API call the page makes, through DynamicsWebApi.
import { DynamicsWebApi } from 'dynamics-web-api';

export const api = new DynamicsWebApi({ serverUrl: location.origin, dataApi: { version: '9.2' } });

export const label = (displayName, fallback) => displayName?.UserLocalizedLabel?.Label || fallback;

const catalogs = new Map();

// Columns of an entity: labels, types, requirement and text lengths. MaxLength
// only exists on the String/Memo casts, hence three requests (in parallel).
// Cached as a promise so two views asking at once share the requests.
export function attributesOf(entity) {
  if (!catalogs.has(entity)) {
    const entityKey = `LogicalName='${entity}'`;
    const lengths = (castType) =>
      api.retrieveAttributes({ entityKey, castType, select: ['LogicalName', 'MaxLength'] });
    const promise = Promise.all([
      api.retrieveAttributes({
        entityKey,
        select: ['LogicalName', 'AttributeType', 'DisplayName', 'RequiredLevel', 'IsCustomAttribute'],
      }),
      lengths('Microsoft.Dynamics.CRM.StringAttributeMetadata'),
      lengths('Microsoft.Dynamics.CRM.MemoAttributeMetadata'),
    ]).then(([base, strings, memos]) => {
      const maxLength = new Map([...strings.value, ...memos.value].map((a) => [a.LogicalName, a.MaxLength]));
      return new Map(base.value.map((a) => [a.LogicalName, {
        logicalName: a.LogicalName,
        label: label(a.DisplayName, a.LogicalName),
        type: a.AttributeType ?? '',
        maxLength: maxLength.get(a.LogicalName),
        required: a.RequiredLevel?.Value === 'ApplicationRequired',
      }]));
    });
    promise.catch(() => catalogs.delete(entity));
    catalogs.set(entity, promise);
  }
  return catalogs.get(entity);
}

const quote = (text) => `'${text.replaceAll("'", "''")}'`;

// One page of the records associated through ContactLeads; `link` is an
// @odata.nextLink (or a page's link remembered for "Previous").
export function associationsPage(side, recordId, { search, sort }, link, signal) {
  const request = {
    collection: `${side.set}(${recordId})/contactleads_association`,
    select: [...side.columns.map((c) => c.attribute), side.key],
    orderBy: [`${sort.column} ${sort.direction}`],
    count: true,
    maxPageSize: side.pageSize,
    includeAnnotations: '*',
    signal,
  };
  if (search) {
    request.filter = ['fullname', 'emailaddress1'].map((c) => `contains(${c},${quote(search)})`).join(' or ');
  }
  return api.retrieveMultiple(request, link ?? undefined);
}

export function disassociate(side, recordId, relatedId) {
  return api.disassociate({
    collection: side.set, primaryKey: recordId, relationshipName: 'contactleads_association', relatedKey: relatedId,
  });
}

export async function entityMaps(entity) {
  const response = await api.retrieveAll({
    collection: 'entitymaps',
    select: ['sourceentityname', 'targetentityname'],
    filter: `sourceentityname eq ${quote(entity)} or targetentityname eq ${quote(entity)}`,
  });
  return response.value;
}

export async function entityLabels(entities) {
  const response = await api.retrieveEntities({
    select: ['LogicalName', 'DisplayName'],
    filter: entities.map((e) => `LogicalName eq ${quote(e)}`).join(' or '),
  });
  return new Map(response.value.map((d) => [d.LogicalName, label(d.DisplayName, d.LogicalName)]));
}

export function entityMap(id, signal) {
  return api.retrieve({
    collection: 'entitymaps',
    key: id,
    select: ['sourceentityname', 'targetentityname'],
    expand: [{ property: 'entity_map_attribute_maps', select: ['sourceattributename', 'targetattributename', 'issystem'] }],
    signal,
  });
}

// What a new `target` record made from the form's record would receive.
// (No AbortSignal: callFunction copies the request deeply, which breaks the signal.)
export function initializeFrom(sourceSet, recordId, target) {
  return api.callFunction({
    name: 'InitializeFrom',
    parameters: {
      EntityMoniker: { '@odata.id': `${sourceSet}(${recordId})` },
      TargetEntityName: target,
      TargetFieldType: "Microsoft.Dynamics.CRM.TargetFieldType'ValidForCreate'",
    },
    includeAnnotations: '*',
  });
}
