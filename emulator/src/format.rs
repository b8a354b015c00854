//! `OData.Community.Display.V1.FormattedValue` strings, in the user's language
//! (1033 English / 1036 French), the way Dataverse formats them.

use crate::metadata::{AttrMeta, AttrType};
use crate::store::Store;
use serde_json::Value;
use uuid::Uuid;

/// The formatted value of a column, or `None` for types Dataverse does not format.
pub fn formatted(
    store: &Store,
    attr: &AttrMeta,
    value: &Value,
    lookup_target: Option<&str>,
    lcid: u32,
) -> Option<String> {
    let fr = lcid == 1036;
    match attr.attr_type {
        AttrType::Picklist | AttrType::Status | AttrType::State => {
            attr.option_label(value.as_i64()?, lcid).map(str::to_string)
        }
        AttrType::Boolean => attr
            .option_label(i64::from(value.as_bool()?), lcid)
            .map(str::to_string),
        AttrType::Integer => Some(group_thousands(value.as_i64()?, fr)),
        AttrType::Money => Some(money(value.as_f64()?, fr)),
        AttrType::DateTime => date_time(value.as_str()?, attr.date_only, fr),
        AttrType::Lookup | AttrType::Customer | AttrType::Owner => {
            let id = Uuid::parse_str(value.as_str()?).ok()?;
            store.primary_name(lookup_target?, id)
        }
        AttrType::String | AttrType::Memo | AttrType::Uniqueidentifier => None,
    }
}

fn group_thousands(n: i64, fr: bool) -> String {
    let digits = n.unsigned_abs().to_string();
    let sep = if fr { '\u{202f}' } else { ',' };
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    if n < 0 {
        format!("-{out}")
    } else {
        out
    }
}

fn money(v: f64, fr: bool) -> String {
    let cents = (v * 100.0).round() as i64;
    let whole = group_thousands(cents / 100, fr);
    let frac = (cents % 100).abs();
    if fr {
        format!("{whole},{frac:02}\u{a0}$")
    } else {
        format!("${whole}.{frac:02}")
    }
}

fn date_time(s: &str, date_only: bool, fr: bool) -> Option<String> {
    let (y, m, d) = (s.get(0..4)?, s.get(5..7)?, s.get(8..10)?);
    let (m_num, d_num): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    let date = if fr {
        format!("{d}/{m}/{y}")
    } else {
        format!("{m_num}/{d_num}/{y}")
    };
    if date_only || s.len() < 16 {
        return Some(date);
    }
    let (hh, mm): (u32, &str) = (s.get(11..13)?.parse().ok()?, s.get(14..16)?);
    Some(if fr {
        format!("{date} {hh:02}:{mm}")
    } else {
        let (h12, ampm) = match hh {
            0 => (12, "AM"),
            1..=11 => (hh, "AM"),
            12 => (12, "PM"),
            _ => (hh - 12, "PM"),
        };
        format!("{date} {h12}:{mm} {ampm}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_money_dates() {
        assert_eq!(group_thousands(1234567, false), "1,234,567");
        assert_eq!(group_thousands(-12, false), "-12");
        assert_eq!(money(1234.5, false), "$1,234.50");
        assert_eq!(money(1234.5, true), "1\u{202f}234,50\u{a0}$");
        assert_eq!(
            date_time("2024-03-05T14:07:00Z", false, false).unwrap(),
            "3/5/2024 2:07 PM"
        );
        assert_eq!(
            date_time("2024-03-05T00:07:00Z", false, true).unwrap(),
            "05/03/2024 00:07"
        );
        assert_eq!(date_time("1980-12-24", true, false).unwrap(), "12/24/1980");
    }
}
