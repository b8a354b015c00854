//! The criteria of a metadata query (`MetadataFilterExpression`): `And`/`Or`
//! of `MetadataConditionExpression`s, nested `Filters`, over the JSON of an
//! entity or an attribute.

use super::metadata_query::{invalid, Kind};
use crate::errors::ApiResult;
use crate::odata::filter::compare_values;
use crate::odata::PropType;
use serde_json::{json, Map, Value};
use std::cmp::Ordering;

#[derive(Clone, Copy)]
pub(super) enum Op {
    Equals,
    NotEquals,
    In,
    NotIn,
    GreaterThan,
    LessThan,
}

pub(super) enum Filter {
    And(Vec<Filter>),
    Or(Vec<Filter>),
    Condition(String, Op, Vec<Value>),
}

impl Filter {
    pub(super) fn parse(
        v: Option<&Value>,
        type_name: &str,
        kind: Kind,
    ) -> ApiResult<Option<Filter>> {
        let Some(v) = v.filter(|v| !v.is_null()) else {
            return Ok(None);
        };
        let mut parts = Vec::new();
        for c in v
            .get("Conditions")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            parts.push(Self::condition(c, type_name, kind)?);
        }
        for f in v
            .get("Filters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            parts.extend(Self::parse(Some(f), type_name, kind)?);
        }
        Ok(Some(
            match v.get("FilterOperator").and_then(Value::as_str) {
                None | Some("And") => Filter::And(parts),
                Some("Or") => Filter::Or(parts),
                Some(other) => {
                    return Err(invalid(format!(
                        "'{other}' is not a valid LogicalOperator: use 'And' or 'Or'."
                    )))
                }
            },
        ))
    }

    fn condition(c: &Value, type_name: &str, kind: Kind) -> ApiResult<Filter> {
        let property = c
            .get("PropertyName")
            .and_then(Value::as_str)
            .unwrap_or_default();
        match kind(property) {
            None => {
                return Err(invalid(format!(
                    "The MetadataConditionExpression property '{property}' is not a property of {type_name}."
                )))
            }
            Some(PropType::Complex) => {
                return Err(invalid(format!(
                    "The property '{property}' of {type_name} is a label, managed property or collection: a MetadataConditionExpression cannot test it."
                )))
            }
            Some(_) => {}
        }
        let op = match c.get("ConditionOperator").and_then(Value::as_str) {
            Some("Equals") => Op::Equals,
            Some("NotEquals") => Op::NotEquals,
            Some("In") => Op::In,
            Some("NotIn") => Op::NotIn,
            Some("GreaterThan") => Op::GreaterThan,
            Some("LessThan") => Op::LessThan,
            other => {
                return Err(invalid(format!(
                    "'{}' is not a valid MetadataConditionOperator.",
                    other.unwrap_or_default()
                )))
            }
        };
        Ok(Filter::Condition(
            property.to_string(),
            op,
            condition_values(c.get("Value"))?,
        ))
    }

    pub(super) fn matches(&self, row: &Map<String, Value>) -> bool {
        match self {
            Filter::And(parts) => parts.iter().all(|f| f.matches(row)),
            Filter::Or(parts) => parts.is_empty() || parts.iter().any(|f| f.matches(row)),
            Filter::Condition(property, op, values) => {
                let actual = row.get(property).unwrap_or(&Value::Null);
                let cmp = |v: &Value| compare_values(actual, &coerce(v, actual));
                let any_equal = values.iter().any(|v| cmp(v) == Some(Ordering::Equal));
                let first = values.first().unwrap_or(&Value::Null);
                match op {
                    Op::Equals | Op::In => any_equal,
                    Op::NotEquals | Op::NotIn => !any_equal,
                    Op::GreaterThan => !actual.is_null() && cmp(first) == Some(Ordering::Greater),
                    Op::LessThan => !actual.is_null() && cmp(first) == Some(Ordering::Less),
                }
            }
        }
    }
}

/// A condition's `{"Type": …, "Value": "…"}` as the JSON scalars it stands for.
fn condition_values(v: Option<&Value>) -> ApiResult<Vec<Value>> {
    let (ty, raw) = match v {
        Some(Value::Object(o)) => (
            o.get("Type")
                .and_then(Value::as_str)
                .unwrap_or("System.String"),
            o.get("Value").cloned().unwrap_or(Value::Null),
        ),
        Some(other) => ("", other.clone()),
        None => ("", Value::Null),
    };
    let text = match &raw {
        Value::String(s) => s.clone(),
        Value::Array(items) => return Ok(items.clone()),
        Value::Null => return Ok(vec![Value::Null]),
        other => return Ok(vec![other.clone()]),
    };
    let bad = || invalid(format!("The value '{text}' is not a valid {ty}."));
    let scalar = |s: &str, ty: &str| -> ApiResult<Value> {
        Ok(match ty.trim_end_matches("[]") {
            "System.Boolean" => match s.to_ascii_lowercase().as_str() {
                "true" => json!(true),
                "false" => json!(false),
                _ => return Err(bad()),
            },
            "System.Int32" | "System.Int64" | "System.Double" | "System.Decimal" => {
                json!(s.parse::<f64>().map_err(|_| bad())?)
            }
            "System.Guid" => json!(uuid::Uuid::parse_str(s).map_err(|_| bad())?.to_string()),
            "Microsoft.Xrm.Sdk.Metadata.AttributeTypeCode" => json!(attribute_type_name(s)),
            _ => json!(s),
        })
    };
    if !ty.ends_with("[]") {
        return Ok(vec![scalar(&text, ty)?]);
    }
    let inner = text.trim().trim_start_matches('[').trim_end_matches(']');
    inner
        .split(',')
        .map(|s| s.trim().trim_matches(|c| c == '\'' || c == '"'))
        .filter(|s| !s.is_empty())
        .map(|s| scalar(s, ty))
        .collect()
}

/// `AttributeTypeCode` by name, or by number.
fn attribute_type_name(s: &str) -> String {
    #[rustfmt::skip]
    const CODES: &[&str] = &[
        "Boolean", "Customer", "DateTime", "Decimal", "Double", "Integer", "Lookup", "Memo",
        "Money", "Owner", "PartyList", "Picklist", "State", "Status", "String", "Uniqueidentifier",
        "CalendarRules", "Virtual", "BigInt", "ManagedProperty", "EntityName",
    ];
    match s.parse::<usize>().ok().and_then(|n| CODES.get(n)) {
        Some(name) => name.to_string(),
        None => s.to_string(),
    }
}

/// Reads a condition's value as the property's JSON type where it differs.
fn coerce(v: &Value, actual: &Value) -> Value {
    match (v, actual) {
        (Value::String(s), Value::Bool(_)) => s
            .to_ascii_lowercase()
            .parse()
            .map_or(v.clone(), Value::Bool),
        (Value::String(s), Value::Number(_)) => s.parse::<f64>().map_or(v.clone(), |n| json!(n)),
        _ => v.clone(),
    }
}
